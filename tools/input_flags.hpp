#pragma once
// Input options shared by build and annotate: --format and --date.

#include <string>

#include <CLI/CLI.hpp>

#include "io/readers.hpp"

namespace eg::cli {

struct InputFlags {
  std::string format = "auto";
  std::string date;
  [[nodiscard]] ReadOptions options() const;
};

/// Registers --format (auto|seed|text|jsonl) and --date (publication date for plain text).
void add_input_flags(CLI::App& sub, InputFlags& f);

}  // namespace eg::cli
