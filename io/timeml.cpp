#include "io/timeml.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/resources.hpp"

namespace eg {
namespace {

// Value of attribute `name` inside the tag text [b, e) of `s`, or "" when absent.
std::string attr_value(std::string_view tag, std::string_view name) {
  size_t pos = 0;
  while ((pos = tag.find(name, pos)) != std::string_view::npos) {
    const bool word_start = pos == 0 || tag[pos - 1] == ' ' || tag[pos - 1] == '\t' ||
                            tag[pos - 1] == '\n' || tag[pos - 1] == '\r';
    size_t q = pos + name.size();
    while (q < tag.size() && tag[q] == ' ') ++q;
    if (word_start && q < tag.size() && tag[q] == '=') {
      ++q;
      while (q < tag.size() && tag[q] == ' ') ++q;
      if (q < tag.size() && (tag[q] == '"' || tag[q] == '\'')) {
        const char quote = tag[q];
        const size_t close = tag.find(quote, q + 1);
        if (close == std::string_view::npos) return {};
        return std::string(tag.substr(q + 1, close - q - 1));
      }
    }
    pos += name.size();
  }
  return {};
}

// The DCT value: the TIMEX3 inside <DCT>, else any TIMEX3 marked CREATION_TIME.
std::string find_dct(std::string_view raw) {
  size_t d = raw.find("<DCT>");
  size_t t = std::string_view::npos;
  if (d != std::string_view::npos) t = raw.find("<TIMEX3", d);
  if (t == std::string_view::npos) {
    const size_t c = raw.find("CREATION_TIME");
    if (c == std::string_view::npos) return {};
    t = raw.rfind("<TIMEX3", c);
    if (t == std::string_view::npos) return {};
  }
  const size_t e = raw.find('>', t);
  if (e == std::string_view::npos) return {};
  return attr_value(raw.substr(t, e - t), "value");
}

void escape_attr(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '"': out += "&quot;"; break;
      case '<': out += "&lt;"; break;
      case '&': out += "&amp;"; break;
      default: out.push_back(c);
    }
  }
}

struct Mark {
  uint32_t start;
  uint32_t end;
  std::string open;
  std::string_view close;
};

}  // namespace

TimemlFile parse_timeml(std::string raw, const std::string& origin) {
  TimemlFile f;
  f.raw = std::move(raw);
  const std::string_view r = f.raw;
  const size_t open = r.find("<TEXT>");
  const size_t close = open == std::string_view::npos ? open : r.find("</TEXT>", open);
  if (open == std::string_view::npos || close == std::string_view::npos)
    throw InputError(fmt::format("{}: no <TEXT> element", origin));
  f.text_begin = open + 6;
  f.text_end = close;
  f.dct = find_dct(r);
  f.doc.origin = origin;
  f.doc.id = std::filesystem::path(origin).filename().string();
  if (f.dct.size() >= 10 && f.dct[4] == '-' && f.dct[7] == '-') {
    f.doc.date = f.dct.substr(0, 10);
  } else if (f.dct.size() == 8 &&
             std::all_of(f.dct.begin(), f.dct.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    f.doc.date = f.dct.substr(0, 4) + "-" + f.dct.substr(4, 2) + "-" + f.dct.substr(6, 2);
  }
  std::string& text = f.doc.text;
  text.reserve(f.text_end - f.text_begin);
  f.map.reserve(f.text_end - f.text_begin + 1);
  for (size_t i = f.text_begin; i < f.text_end;) {
    if (r[i] == '<') {
      const size_t e = r.find('>', i);
      if (e != std::string_view::npos && e < f.text_end) {
        i = e + 1;
        continue;
      }
    }
    text.push_back(r[i]);
    f.map.push_back(i);
    ++i;
  }
  f.map.push_back(f.text_end);
  return f;
}

TimemlFile read_timeml(const std::filesystem::path& path) {
  return parse_timeml(read_file(path), path.string());
}

std::string write_timeml(const TimemlFile& file, const std::vector<Timex>& timexes,
                         const std::vector<Event>* events) {
  const std::string& text = file.doc.text;
  const auto n = static_cast<uint32_t>(text.size());
  std::vector<Mark> marks;
  marks.reserve(timexes.size() + (events ? events->size() : 0));
  uint32_t tid = 0;
  for (const Timex& t : timexes) {
    if (t.span.empty() || t.span.end > n) continue;
    std::string o = fmt::format("<TIMEX3 tid=\"t{}\" type=\"{}\" value=\"", ++tid, to_string(t.type));
    escape_attr(o, t.value);
    o += '"';
    if (!t.mod.empty()) {
      o += " mod=\"";
      escape_attr(o, t.mod);
      o += '"';
    }
    o += '>';
    marks.push_back({t.span.start, t.span.end, std::move(o), "</TIMEX3>"});
  }
  if (events) {
    uint32_t eid = 0;
    for (const Event& e : *events) {
      if (e.trigger.empty() || e.trigger.end > n) continue;
      const bool reporting = e.kind == "statement" || e.kind == "say" || e.kind == "report";
      marks.push_back({e.trigger.start, e.trigger.end,
                       fmt::format("<EVENT eid=\"e{}\" class=\"{}\">", ++eid,
                                   reporting ? "REPORTING" : "OCCURRENCE"),
                       "</EVENT>"});
    }
  }
  // Outer before inner; drop marks that cross an accepted one (XML must nest).
  std::stable_sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::vector<Mark> kept;
  kept.reserve(marks.size());
  for (Mark& m : marks) {
    bool ok = true;
    for (const Mark& k : kept) {
      const bool crosses = (k.start < m.start && m.start < k.end && k.end < m.end) ||
                           (k.start == m.start && k.end == m.end);
      if (crosses) {
        ok = false;
        break;
      }
    }
    if (ok) kept.push_back(std::move(m));
  }
  // Closing tags in order of position, innermost (latest opened) first.
  std::vector<size_t> closing(kept.size());
  for (size_t i = 0; i < kept.size(); ++i) closing[i] = i;
  std::stable_sort(closing.begin(), closing.end(), [&](size_t a, size_t b) {
    return kept[a].end != kept[b].end ? kept[a].end < kept[b].end : a > b;
  });
  std::string body;
  body.reserve(text.size() + kept.size() * 64);
  size_t oi = 0, ci = 0;
  for (uint32_t pos = 0; pos <= n; ++pos) {
    while (ci < closing.size() && kept[closing[ci]].end == pos) body += kept[closing[ci++]].close;
    while (oi < kept.size() && kept[oi].start == pos) body += kept[oi++].open;
    if (pos < n) body.push_back(text[pos]);
  }
  std::string out;
  out.reserve(file.raw.size() + body.size());
  out.append(file.raw, 0, file.text_begin);
  out += body;
  out.append(file.raw, file.text_end, std::string::npos);
  return out;
}

}  // namespace eg
