#pragma once
// Answers printed by query and stats: an aligned text table by default, or JSON (an array of
// objects keyed by column name) with --json.

#include <iosfwd>
#include <string>
#include <vector>

namespace eg::cli {

/// Display width of a UTF-8 string in code points (good enough for column alignment).
[[nodiscard]] size_t text_width(const std::string& s);
/// `s` cut to at most `max` code points, the last one replaced by "…" when it was cut.
[[nodiscard]] std::string cut_cell(const std::string& s, size_t max);

/// One line of an aligned text table: each cell but the last cut to `max_width` and padded to
/// `widths[c]` plus two spaces; the last cell printed whole. Table::print_text is built on it.
void print_text_row(std::ostream& os, const std::vector<std::string>& cells,
                    const std::vector<size_t>& widths, size_t max_width);

/// A JSON array of row objects keyed by `columns`, written row by row in Table::print_json's
/// format ("[", one object a line, "]"). finish() closes the array.
class JsonRows {
 public:
  JsonRows(std::ostream& os, const std::vector<std::string>& columns);
  void row(const std::vector<std::string>& cells);
  void finish();

 private:
  std::ostream& os_;
  const std::vector<std::string>& columns_;
  bool first_ = true;
};

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
