#pragma once
// Temporal tagging: recognition of TIMEX3 expressions and their normalisation against the
// document creation time (DCT), news-style. Rules and lexicons live in data files under
// <data>/time/ (see docs/formats.md); they are loaded once.

#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace eg {

class TimexTagger {
 public:
  /// Loads the time lexicons from `data_dir`/time. Throws EnvironmentError if missing.
  explicit TimexTagger(const std::filesystem::path& data_dir);
  ~TimexTagger();
  TimexTagger(const TimexTagger&) = delete;
  TimexTagger& operator=(const TimexTagger&) = delete;

  /// Finds the time expressions of `text` (tokens and sentences in `ann` must be filled) and
  /// normalises them against `dct` ("YYYY-MM-DD", or "" when unknown: relative expressions
  /// then keep an empty value). Results are sorted by span and do not overlap.
  [[nodiscard]] std::vector<Timex> tag(std::string_view text, const Annotations& ann,
                                       std::string_view dct) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eg
