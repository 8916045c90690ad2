#include "io/readers.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "core/error.hpp"

namespace eg {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStdinName = "<stdin>";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_space(c); });
}

int digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// True when s[0..10) is YYYY-MM-DD with digits in the right places (no calendar check).
bool date_shaped(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(s[i])) return false;
  return true;
}

std::string stem_of(std::string_view name) {
  if (name == kStdinName) return "stdin";
  std::string stem = fs::path(name).stem().string();
  return stem.empty() ? std::string(name) : stem;
}

// Line number (1-based) of byte `offset` in `text`.
size_t line_of(std::string_view text, size_t offset) {
  return 1 + static_cast<size_t>(std::count(
                 text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Throws InputError when `content` (which starts at byte `base` of the file, on line
// `first_line`) is not valid UTF-8.
void check_utf8(std::string_view content, std::string_view name, size_t base, size_t first_line) {
  size_t bad = find_invalid_utf8(content);
  if (bad == std::string_view::npos) return;
  throw InputError(fmt::format("{}:{}: invalid UTF-8 at byte {}", name,
                               first_line - 1 + line_of(content, bad), base + bad));
}

bool starts_with_bom(std::string_view s) { return s.starts_with("\xEF\xBB\xBF"); }

// Seed first (non-blank) line: optional spaces, "date", spaces, YYYY-MM-DD, then a space or the
// end. Returns the offset of the date token, or npos.
size_t seed_date_at(std::string_view content) {
  size_t i = 0;
  while (i < content.size() && is_space(content[i])) ++i;  // blank lines before it too
  if (content.substr(i, 4) != "date") return std::string_view::npos;
  i += 4;
  size_t j = i;
  while (j < content.size() && (content[j] == ' ' || content[j] == '\t')) ++j;
  if (j == i || !date_shaped(content.substr(j))) return std::string_view::npos;
  if (j + 10 < content.size() && !is_space(content[j + 10])) return std::string_view::npos;
  return j;
}

class Reader {
 public:
  Reader(const ReadOptions& options, const std::function<void(Document&&)>& sink,
         const std::function<void(const ReadWarning&)>& warn)
      : options_(options), sink_(sink), warn_(warn) {}

  void read_path(const std::string& path) {
    if (path == "-") {
      read(std::cin, std::string(kStdinName), options_.format);
      return;
    }
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) throw InputError(fmt::format("{}: no such file or folder", path));
    if (fs::is_directory(st)) {
      read_folder(path);
      return;
    }
    read_file(fs::path(path), false);
  }

  void read(std::istream& in, const std::string& name, InputFormat format) {
    if (format == InputFormat::Jsonl) {
      read_jsonl(in, name, {}, 0, 0);
      return;
    }
    // Read blank lines up to the first non-blank one: it decides the format when Auto.
    std::string head;
    std::string line;
    size_t bom = 0;
    bool newline = false;  // `line` was terminated by '\n'
    bool found = false;
    while (std::getline(in, line)) {
      newline = !in.eof();
      if (head.empty() && bom == 0 && starts_with_bom(line)) {
        line.erase(0, 3);
        bom = 3;
      }
      if (!is_blank(line)) {
        found = true;
        break;
      }
      head += line;
      if (newline) head += '\n';
    }
    if (in.bad()) throw InputError(fmt::format("{}: cannot read", name));
    if (!found) throw InputError(fmt::format("{}: empty file", name));
    if (format == InputFormat::Auto) {
      if (line[line.find_first_not_of(" \t\r\v\f")] == '{') {
        size_t lines = static_cast<size_t>(std::count(head.begin(), head.end(), '\n'));
        read_jsonl(in, name, std::move(line), lines, bom + head.size());
        return;
      }
      format = seed_date_at(line) != std::string_view::npos ? InputFormat::Seed : InputFormat::Text;
    }
    // Whole content: head + first non-blank line + the rest of the stream, byte-exact.
    std::string content = std::move(head);
    content += line;
    if (newline) content += '\n';
    std::array<char, 1 << 16> buf{};
    while (in.read(buf.data(), buf.size()) || in.gcount() > 0)
      content.append(buf.data(), static_cast<size_t>(in.gcount()));
    if (in.bad()) throw InputError(fmt::format("{}: cannot read", name));
    check_utf8(content, name, bom, 1);
    emit_whole(std::move(content), name, format);
  }

 private:
  void read_folder(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) throw InputError(fmt::format("{}: cannot read folder: {}", dir.string(), ec.message()));
    for (auto end = fs::recursive_directory_iterator(); it != end; it.increment(ec)) {
      if (ec)
        throw InputError(fmt::format("{}: cannot read folder: {}", dir.string(), ec.message()));
      const fs::path& p = it->path();
      std::string fname = p.filename().string();
      if (fname.starts_with('.')) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      std::string ext = p.extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(),
                     [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
      if (ext.empty() || ext == ".txt" || ext == ".text" || ext == ".seed" || ext == ".jsonl" ||
          ext == ".ndjson")
        files.push_back(p);
    }
    std::sort(files.begin(), files.end());
    if (files.empty())
      warn_({dir.string(), "no input files in folder (.txt .text .seed .jsonl .ndjson)"});
    for (const auto& f : files) read_file(f, true);
  }

  void read_file(const fs::path& path, bool from_folder) {
    std::string name = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot open: {}", name, std::strerror(errno)));
    InputFormat format = options_.format;
    std::string ext = path.extension().string();
    if (format == InputFormat::Auto && (ext == ".jsonl" || ext == ".ndjson" || ext == ".JSONL"))
      format = InputFormat::Jsonl;
    if (from_folder && path.extension().empty() && looks_binary(in)) {
      warn_({name, "skipped: binary file"});
      return;
    }
    read(in, name, format);
  }

  // A NUL byte in the first 4 KB: an executable or image without extension in a folder.
  static bool looks_binary(std::ifstream& in) {
    std::array<char, 4096> buf{};
    in.read(buf.data(), buf.size());
    auto n = static_cast<size_t>(in.gcount());
    in.clear();
    in.seekg(0);
    return std::memchr(buf.data(), 0, n) != nullptr;
  }

  void emit_whole(std::string content, const std::string& name, InputFormat format) {
    Document d;
    d.id = stem_of(name);
    d.origin = name;
    if (format == InputFormat::Seed) {
      size_t at = seed_date_at(content);
      if (at == std::string_view::npos)
        throw InputError(fmt::format(
            "{}:1: not a seed article (the first line must start with 'date YYYY-MM-DD')", name));
      d.date = parse_date(std::string_view(content).substr(at, 10));
      if (d.date.empty())
        warn_({name + ":1",
               fmt::format("invalid date '{}'", std::string_view(content).substr(at, 10))});
      size_t start = at + 10;
      while (start < content.size() && is_space(content[start])) ++start;
      content.erase(0, start);
      if (content.empty())
        throw InputError(fmt::format("{}: no article text after the date", name));
    } else {
      if (is_blank(content)) throw InputError(fmt::format("{}: empty file", name));
      d.date = options_.default_date;
      if (d.date.empty()) warn_({name, "no publication date (use --date)"});
    }
    d.text = std::move(content);
    note_id(d.id, name);
    sink_(std::move(d));
  }

  // Two files with the same stem give two documents with the same id; say so once.
  void note_id(const std::string& id, const std::string& name) {
    auto [it, inserted] = file_ids_.emplace(id, name);
    if (!inserted)
      warn_({name, fmt::format("document id '{}' is also the id of {}", id, it->second)});
  }

  // Streams JSON Lines. `pending` is an already-read non-blank line (number `line_no + 1`,
  // starting at byte `offset` of the file) or empty.
  void read_jsonl(std::istream& in, const std::string& name, std::string pending, size_t line_no,
                  size_t offset) {
    std::string line = std::move(pending);
    bool have = !line.empty();
    size_t records = 0;
    for (;;) {
      if (!have) {
        if (!std::getline(in, line)) break;
        if (line_no == 0 && starts_with_bom(line)) {
          line.erase(0, 3);
          offset += 3;
        }
      }
      have = false;
      ++line_no;
      size_t line_offset = offset;
      offset += line.size() + 1;
      if (is_blank(line)) continue;
      check_utf8(line, name, line_offset, line_no);
      parse_record(line, name, line_no);
      ++records;
    }
    if (in.bad()) throw InputError(fmt::format("{}: cannot read", name));
    if (records == 0) throw InputError(fmt::format("{}: empty file", name));
  }

  void parse_record(std::string& line, const std::string& name, size_t line_no) {
    // The pool lives in a buffer reused for every line: no heap allocation per record unless
    // a record is unusually large. Strings are parsed in place inside `line`.
    rapidjson::MemoryPoolAllocator<> pool(pool_buffer_.data(), pool_buffer_.size());
    rapidjson::Document j(&pool);
    // Only a \u escape can decode to invalid UTF-8 in an otherwise valid line (see below).
    const bool unicode_escape = line.find("\\u") != std::string::npos;
    j.ParseInsitu(line.data());
    auto where = [&] { return fmt::format("{}:{}", name, line_no); };
    if (j.HasParseError())
      throw InputError(fmt::format("{}: invalid JSON at column {}: {}", where(),
                                   j.GetErrorOffset() + 1,
                                   rapidjson::GetParseError_En(j.GetParseError())));
    if (!j.IsObject()) throw InputError(fmt::format("{}: not a JSON object", where()));
    auto text = j.FindMember("text");
    if (text == j.MemberEnd()) throw InputError(fmt::format("{}: no \"text\" field", where()));
    if (!text->value.IsString())
      throw InputError(fmt::format("{}: \"text\" is not a string", where()));

    Document d;
    d.origin = where();
    if (auto id = j.FindMember("id"); id != j.MemberEnd()) {
      const auto& v = id->value;
      if (v.IsString())
        d.id.assign(v.GetString(), v.GetStringLength());
      else if (v.IsUint64())
        d.id = fmt::format("{}", v.GetUint64());
      else if (v.IsInt64())
        d.id = fmt::format("{}", v.GetInt64());
      else if (v.IsNumber())
        d.id = fmt::format("{}", v.GetDouble());
      else if (!v.IsNull())
        warn_({where(), "\"id\" is neither a string nor a number: ignored"});
    }
    if (d.id.empty()) d.id = fmt::format("{}:{}", stem_of(name), line_no);
    auto take = [&](const char* key, std::string& out) {
      auto m = j.FindMember(key);
      if (m != j.MemberEnd() && m->value.IsString())
        out.assign(m->value.GetString(), m->value.GetStringLength());
    };
    take("url", d.url);
    take("title", d.title);

    auto date = j.FindMember("date");
    if (date == j.MemberEnd() || date->value.IsNull()) date = j.FindMember("published");
    if (date == j.MemberEnd() || date->value.IsNull()) {
      warn_({where(), "no publication date"});
    } else if (!date->value.IsString()) {
      warn_({where(),
             fmt::format("publication date \"{}\" is not a string", date->name.GetString())});
    } else {
      std::string_view raw(date->value.GetString(), date->value.GetStringLength());
      d.date = parse_date(raw);
      if (d.date.empty()) warn_({where(), fmt::format("invalid publication date '{}'", raw)});
    }
    d.text.assign(text->value.GetString(), text->value.GetStringLength());
    // The raw line was valid UTF-8, but a JSON escape of a lone low surrogate (\udc00) still
    // decodes to invalid bytes.
    // (The id may also come from the file name: always checked.)
    for (const std::string* f : {&d.text, &d.id, &d.title, &d.url})
      if ((unicode_escape || f == &d.id) && find_invalid_utf8(*f) != std::string_view::npos)
        throw InputError(
            fmt::format("{}: invalid UTF-8 in a string (escaped lone surrogate)", where()));
    if (d.text.empty()) warn_({where(), "empty \"text\""});
    sink_(std::move(d));
  }

  const ReadOptions& options_;
  const std::function<void(Document&&)>& sink_;
  const std::function<void(const ReadWarning&)>& warn_;
  std::map<std::string, std::string> file_ids_;
  alignas(16) std::array<char, 16 << 10> pool_buffer_{};
};

}  // namespace

std::string parse_date(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  if (!date_shaped(s)) return {};
  if (s.size() > 10) {
    char sep = s[10];
    if (sep != 'T' && sep != 't' && sep != ' ' && sep != 'Z' && sep != 'z') return {};
    if ((sep == 'T' || sep == 't' || sep == ' ') && (s.size() == 11 || !is_digit(s[11]))) return {};
  }
  int y = digits(s.substr(0, 4));
  int m = digits(s.substr(5, 2));
  int d = digits(s.substr(8, 2));
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return {};
  int max = kDays[static_cast<size_t>(m - 1)] + (m == 2 && leap(y) ? 1 : 0);
  if (d > max) return {};
  return std::string(s.substr(0, 10));
}

size_t utf8_sequence_length(const unsigned char* p, size_t i, size_t n) {
  const unsigned char c = p[i];
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF)
    len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0)
      lo = 0xA0;  // no overlongs
    else if (c == 0xED)
      hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F;  // <= U+10FFFF
  } else {
    return 0;
  }
  if (i + 1 >= n || p[i + 1] < lo || p[i + 1] > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if (i + k >= n || (p[i + k] & 0xC0) != 0x80) return 0;
  return len;
}

size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    const size_t len = utf8_sequence_length(p, i, n);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

void read_stream(std::istream& in, const std::string& name, const ReadOptions& options,
                 const std::function<void(Document&&)>& sink,
                 const std::function<void(const ReadWarning&)>& warn) {
  Reader r(options, sink, warn);
  r.read(in, name, options.format);
}

void read_documents(const std::vector<std::string>& paths, const ReadOptions& options,
                    const std::function<void(Document&&)>& sink,
                    const std::function<void(const ReadWarning&)>& warn) {
  Reader r(options, sink, warn);
  for (const auto& p : paths) r.read_path(p);
}

}  // namespace eg
