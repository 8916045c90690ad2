#pragma once
// TimeML (TimeBank / AQUAINT / TempEval-3 .TE3input) reading and writing. The reader strips the
// annotation tags inside <TEXT> and keeps a byte map back to the raw file; the writer puts the
// original file back together with freshly generated TIMEX3 (and EVENT) tags. Character entities
// (&amp;) are NOT decoded: offsets are measured on the body as written, as TempEval scorers do.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace eg {

struct TimemlFile {
  std::string raw;        ///< the whole file as read
  size_t text_begin = 0;  ///< byte range of the contents of <TEXT>...</TEXT> in raw
  size_t text_end = 0;
  std::string dct;        ///< value of the DCT TIMEX3 as written ("1998-08-07", "1998-08-07T06:18")
  Document doc;           ///< doc.text = TEXT contents with all tags removed, doc.date = dct date part
  std::vector<size_t> map;  ///< doc.text byte -> raw byte (size doc.text.size() + 1)
};

/// Parses a TimeML file (or a TempEval .TE3input). Throws EnvironmentError when unreadable and
/// InputError("FILE: no <TEXT> element") when there is no TEXT element.
[[nodiscard]] TimemlFile read_timeml(const std::filesystem::path& path);

/// Parses TimeML from memory; `origin` names the source in error messages and doc.origin.
[[nodiscard]] TimemlFile parse_timeml(std::string raw, const std::string& origin);

/// The raw file with the TEXT contents replaced by the stripped text carrying new
/// `<TIMEX3 tid="tN" type=".." value=".." [mod=".."]>` tags (and `<EVENT eid=".." class="..">`
/// when `events` is given). Every byte outside tags equals the stripped input; the DCT TIMEX3
/// (tid t0) and everything outside TEXT are kept as read. Overlapping spans are skipped.
[[nodiscard]] std::string write_timeml(const TimemlFile& file, const std::vector<Timex>& timexes,
                                       const std::vector<Event>* events = nullptr);

}  // namespace eg
