#include "tools/input_flags.hpp"

#include "core/error.hpp"

namespace eg::cli {

void add_input_flags(CLI::App& sub, InputFlags& f) {
  sub.add_option("--format", f.format, "Input format: auto, seed, text, jsonl")
      ->check(CLI::IsMember({"auto", "seed", "text", "jsonl"}));
  sub.add_option("--date", f.date, "Publication date (YYYY-MM-DD) for plain-text articles");
}

ReadOptions InputFlags::options() const {
  ReadOptions r;
  if (format == "seed") r.format = InputFormat::Seed;
  else if (format == "text") r.format = InputFormat::Text;
  else if (format == "jsonl") r.format = InputFormat::Jsonl;
  else r.format = InputFormat::Auto;
  if (!date.empty()) {
    r.default_date = parse_date(date);
    if (r.default_date.empty()) throw UsageError("--date " + date + ": not a date (YYYY-MM-DD)");
  }
  return r;
}

}  // namespace eg::cli
