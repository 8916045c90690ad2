#pragma once
// Answers printed by query and stats: an aligned text table by default, or JSON (an array of
// objects keyed by column name) with --json.

#include <iosfwd>
#include <string>
#include <vector>

namespace eg::cli {

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;

  /// Prints aligned columns (UTF-8 aware widths, cells longer than `max_width` cut with "…",
  /// except in the last column, which is printed whole).
  void print_text(std::ostream& os, size_t max_width = 60) const;
  /// Prints [{"col": "cell", ...}, ...] on one line per row.
  void print_json(std::ostream& os) const;
  void print(std::ostream& os, bool json) const { json ? print_json(os) : print_text(os); }
};

}  // namespace eg::cli
