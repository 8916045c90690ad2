#pragma once
// Document sources: seed articles, plain text, JSON Lines; files, folders and stdin. Documents
// are streamed to a sink one at a time, in a deterministic order (folders sorted by path, JSON
// Lines in line order), so memory stays bounded by the largest single article.

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace eg {

enum class InputFormat { Auto, Seed, Text, Jsonl };

struct ReadOptions {
  InputFormat format = InputFormat::Auto;  ///< Auto: decided per file (extension, then content)
  std::string default_date;  ///< publication date for plain text (YYYY-MM-DD), "" = unknown
};

/// Something wrong but recoverable in the input (unknown date, skipped file). The document is
/// still produced (with an empty date) unless `what` says it was skipped.
struct ReadWarning {
  std::string where;  ///< "file" or "file:line"
  std::string what;
};

/// Reads every document named by `paths` and hands each to `sink`, in order.
/// A path is a file (read whatever its extension), a folder (recursive; hidden entries skipped;
/// files ending .txt .text .seed .jsonl .ndjson or without extension; sorted by path) or "-"
/// for stdin. Format per file: options.format, or with Auto `.jsonl`/`.ndjson` or a first
/// non-space `{` => JSON Lines, a first line `date YYYY-MM-DD ...` => seed, else plain text.
/// Throws InputError("FILE[:LINE]: what") for a missing path, an unreadable or empty file,
/// invalid UTF-8 (with its byte offset in the file), a broken JSON line or a record without a
/// string "text". Unknown/invalid dates are not errors: `warn` is called and the date is "".
void read_documents(const std::vector<std::string>& paths, const ReadOptions& options,
                    const std::function<void(Document&&)>& sink,
                    const std::function<void(const ReadWarning&)>& warn);

/// Reads one stream already opened by the caller; `name` is used in messages, ids and origins
/// (its stem is the id of a seed/text document). Same rules and errors as read_documents.
void read_stream(std::istream& in, const std::string& name, const ReadOptions& options,
                 const std::function<void(Document&&)>& sink,
                 const std::function<void(const ReadWarning&)>& warn);

/// Normalises a publication date: "2021-06-28", "2025-03-14 20:30:26Z" and
/// "2025-03-14T20:30:26+02:00" (surrounding spaces allowed) give "YYYY-MM-DD" (the date part
/// as written, no time-zone shift); anything else, including impossible calendar dates
/// (2021-02-30), gives "".
[[nodiscard]] std::string parse_date(std::string_view s);

/// Offset of the first byte of `s` that is not part of valid UTF-8 (overlongs, surrogates and
/// code points above U+10FFFF are invalid), or std::string_view::npos when all of it is valid.
[[nodiscard]] size_t find_invalid_utf8(std::string_view s);

/// Length (2-4) of the valid UTF-8 sequence that starts with the non-ASCII byte p[i] of the n
/// bytes at p, or 0 when it is invalid there (the rules of find_invalid_utf8).
[[nodiscard]] size_t utf8_sequence_length(const unsigned char* p, size_t i, size_t n);

}  // namespace eg
