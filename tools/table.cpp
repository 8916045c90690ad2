#include "tools/table.hpp"

#include <algorithm>
#include <ostream>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace eg::cli {

size_t text_width(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}
std::string cut_cell(const std::string& s, size_t max) {
  if (text_width(s) <= max) return s;
  size_t cps = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++cps > max - 1) break;
  }
  return s.substr(0, i) + "…";
}

void print_text_row(std::ostream& os, const std::vector<std::string>& cells,
                    const std::vector<size_t>& widths, size_t max_width) {
  const size_t ncol = widths.size();
  for (size_t c = 0; c < ncol; ++c) {
    // The last column is never padded, so it is printed whole (evidence sentences).
    const bool last = c + 1 == ncol;
    const std::string s = c < cells.size() ? (last ? cells[c] : cut_cell(cells[c], max_width)) : "";
    os << s;
    if (!last) os << std::string(widths[c] - text_width(s) + 2, ' ');
  }
  os << '\n';
}

JsonRows::JsonRows(std::ostream& os, const std::vector<std::string>& columns)
    : os_(os), columns_(columns) {
  os_ << "[";
}

void JsonRows::row(const std::vector<std::string>& cells) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (size_t c = 0; c < columns_.size(); ++c) {
    w.Key(columns_[c].c_str(), static_cast<rapidjson::SizeType>(columns_[c].size()));
    const std::string& v = c < cells.size() ? cells[c] : std::string();
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndObject();
  os_ << (first_ ? "\n " : ",\n ") << buf.GetString();
  first_ = false;
}

void JsonRows::finish() { os_ << (first_ ? "]\n" : "\n]\n"); }

void Table::print_text(std::ostream& os, size_t max_width) const {
  std::vector<size_t> w(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) w[c] = text_width(columns[c]);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size() && c < w.size(); ++c)
      w[c] = std::max(w[c], std::min(max_width, text_width(r[c])));
  print_text_row(os, columns, w, max_width);
  for (const auto& r : rows) print_text_row(os, r, w, max_width);
}

void Table::print_json(std::ostream& os) const {
  JsonRows out(os, columns);
  for (const auto& r : rows) out.row(r);
  out.finish();
}

}  // namespace eg::cli
