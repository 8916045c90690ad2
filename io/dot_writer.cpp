// DOT writer. Graphviz's own quoting rules: inside a quoted string only \" is an escape for the
// parser; labels then interpret \n \l \r \N \G \\ and HTML entities, so labels escape `\` and `&`
// while ids only need `\` and `"` escaped (they are never shown: every node gets a label).
//
// Speed: the output goes through one raw buffer (room is reserved once per piece, appends are
// plain memcpy), strings are escaped 8 bytes at a time, labels are built in reused buffers, the
// nodes are read in one pass in Graph::node_order(), edges in Graph::edge_order() with what they
// need of their ends looked up by node position (Graph::ends_at: no id hashing). Memory: nodes
// and edges are read through Graph::node_view/edge_view, so a lazily loaded graph decodes each
// into a scratch object and keeps none (flat memory on big graphs).

#include "io/dot_writer.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <deque>
#include <string>
#include <memory>
#include <vector>

#include "core/error.hpp"
#include "core/segmenter.hpp"

namespace eg {

namespace {

using graph::Edge;
using graph::EdgeKind;
using graph::Node;
using graph::NodeKind;

constexpr size_t kFlushBytes = size_t{1} << 16;
constexpr size_t kMaxLabelBytes = 120;
constexpr size_t kMaxValueBytes = 40;
constexpr size_t kWrapColumn = 28;
constexpr Rgb kDateFill{0xff, 0xff, 0xff};
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
/// Most bytes one input byte becomes when escaped (`&` -> `&amp;`), with a margin; the escaper
/// also stores whole 8-byte words, so it needs kEscapeSlack more.
constexpr size_t kEscapeGrowth = 6;
constexpr size_t kEscapeSlack = 8;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if (x >= 'a' && x <= 'z') x = static_cast<unsigned char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<unsigned char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// Length of the prefix of `s` kept when cutting it to at most `max` bytes at a code point
/// boundary (s.size() when it fits).
size_t utf8_cut(std::string_view s, size_t max) {
  if (s.size() <= max) return s.size();
  size_t cut = max;
  while (cut > 0 && is_continuation(s[cut])) --cut;
  return cut;
}

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighBits = 0x8080808080808080ull;

constexpr uint64_t kLowBits = 0x7F7F7F7F7F7F7F7Full;
constexpr bool kLittleEndian = std::endian::native == std::endian::little;

/// Non-zero iff some byte of `x` is zero (exact, no false positives).
constexpr uint64_t zero_byte(uint64_t x) { return (x - kOnes) & ~x & kHighBits; }

/// The high bit of each zero byte of `x`, and only those (no carries between bytes).
constexpr uint64_t zero_bytes_exact(uint64_t x) { return ~(((x & kLowBits) + kLowBits) | x | kLowBits); }

/// High bit of each byte of `w` that is a space or a newline.
constexpr uint64_t break_bytes(uint64_t w) {
  return zero_bytes_exact(w ^ (kOnes * ' ')) | zero_bytes_exact(w ^ (kOnes * '\n'));
}

/// First i >= `from` with d[i] a space or a newline, or `n`.
size_t next_break(const char* d, size_t from, size_t n) {
  size_t i = from;
  if constexpr (kLittleEndian) {
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, d + i, 8);
      if (const uint64_t m = break_bytes(w)) return i + static_cast<size_t>(std::countr_zero(m)) / 8;
    }
    if (i < n && n >= 8) {  // the rest, as the high bytes of the last 8
      uint64_t w;
      std::memcpy(&w, d + n - 8, 8);
      const uint64_t m = break_bytes(w) & (~uint64_t{0} << (8 * (8 - (n - i))));
      return m ? n - 8 + static_cast<size_t>(std::countr_zero(m)) / 8 : n;
    }
  }
  while (i < n && d[i] != ' ' && d[i] != '\n') ++i;
  return i;
}

/// Greedy word wrap in place: turns the last space before a word that would pass `width`
/// bytes into a line break (long words stay whole).
void wrap_in_place(std::string& r, size_t width) {
  const size_t n = r.size();
  if (n <= width) return;  // no line can pass the width
  char* const d = r.data();
  size_t line_start = 0;
  size_t last_space = std::string::npos;
  for (size_t i = 0;; ++i) {
    i = next_break(d, i, n);
    if (i - line_start > width && last_space != std::string::npos && last_space > line_start) {
      d[last_space] = '\n';
      line_start = last_space + 1;
    }
    if (i == n) break;
    if (d[i] == '\n') {
      line_start = i + 1;
      last_space = std::string::npos;
    } else {
      last_space = i;
    }
  }
}

/// Bytes that need work when quoting: `"` `\\` `&` (labels), C0 controls and non-ASCII
/// (cleaning). Everything else is copied as is.
constexpr std::array<bool, 256> kDotSpecial = [] {
  std::array<bool, 256> t{};
  for (size_t c = 0; c < 0x20; ++c) t[c] = true;
  for (size_t c = 0x80; c < 0x100; ++c) t[c] = true;
  t['"'] = t['\\'] = t['&'] = true;
  return t;
}();

/// True iff one of the 8 bytes is special in the sense of kDotSpecial.
constexpr bool has_special(uint64_t w) {
  const uint64_t below_space = (w - kOnes * 0x20) & ~w;  // high bit set for bytes < 0x20
  return (((below_space | w) & kHighBits) | zero_byte(w ^ (kOnes * '"')) |
          zero_byte(w ^ (kOnes * '\\')) | zero_byte(w ^ (kOnes * '&'))) != 0;
}

/// Writes the escaped body of a quoted DOT string for `s` at `p` (room for
/// kEscapeGrowth * s.size() + 8 bytes) and returns the new end. Same bytes as cleaning `s` with
/// append_clean_utf8 and then escaping `"` `\\` newline, dropping `\r`, and (labels) `&`.
char* escape(char* p, std::string_view s, bool label) {
  const char* const b = s.data();
  const size_t n = s.size();
  size_t j = 0;
  for (;;) {
    // Plain bytes are copied 8 at a time while scanning, then one by one up to the special one.
    while (j + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, b + j, 8);
      if (has_special(w)) break;
      std::memcpy(p, &w, 8);
      p += 8;
      j += 8;
    }
    if (kLittleEndian && j < n && n - j < 8 && n >= 8) {
      // Fewer than 8 left: test them as the high bytes of the last 8, moved down and padded
      // with a plain byte; if none is special, store the word (the output has 8 bytes of slack).
      const size_t rest = n - j;
      uint64_t w;
      std::memcpy(&w, b + n - 8, 8);
      w = (w >> (8 * (8 - rest))) | ((kOnes * 'a') << (8 * rest));
      if (!has_special(w)) {
        std::memcpy(p, &w, 8);
        return p + rest;
      }
    }
    while (j < n && !kDotSpecial[static_cast<unsigned char>(b[j])]) *p++ = b[j++];
    if (j == n) return p;
    const auto c = static_cast<unsigned char>(b[j]);
    if (c < 0x80) {
      ++j;
      switch (c) {
        case '"': *p++ = '\\'; *p++ = '"'; break;
        case '\\': *p++ = '\\'; *p++ = '\\'; break;
        case '\n': *p++ = '\\'; *p++ = 'n'; break;
        case '\t': *p++ = '\t'; break;
        case '&':
          if (label) {
            std::memcpy(p, "&amp;", 5);
            p += 5;
          } else {
            *p++ = '&';
          }
          break;
        default: break;  // other C0 controls, \r included, are dropped
      }
    } else {
      const auto [cp, len] = decode_utf8(s, j);
      if (cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF) {
        std::memcpy(p, "\xEF\xBF\xBD", 3);
        p += 3;
      } else {
        std::memcpy(p, b + j, len);
        p += len;
      }
      j += len;
    }
  }
}

/// The output: one growing buffer written through a raw cursor and flushed to the stream in
/// big chunks. Every append makes room for itself (one compare); quoting reserves the worst case.
class Out {
 public:
  explicit Out(std::ostream& out) : out_(out) { grow(kFlushBytes + 4096); }

  [[gnu::always_inline]] void need(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) grow(n);
  }
  [[gnu::always_inline]] void put(char c) {
    need(1);
    *p_++ = c;
  }
  [[gnu::always_inline]] void raw(std::string_view s) {
    need(s.size());
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  /// `s` escaped, without the quotes.
  void body(std::string_view s, bool label) {
    need(kEscapeGrowth * s.size() + kEscapeSlack);
    p_ = escape(p_, s, label);
  }
  void quoted(std::string_view s, bool label) {
    need(kEscapeGrowth * s.size() + kEscapeSlack + 2);
    *p_++ = '"';
    p_ = escape(p_, s, label);
    *p_++ = '"';
  }
  void id(std::string_view s) { quoted(s, false); }
  void text(std::string_view s) { quoted(s, true); }
  void hex(Rgb c) {
    static constexpr char kDigits[] = "0123456789abcdef";
    need(7);
    p_[0] = '#';
    p_[1] = kDigits[c.r >> 4];
    p_[2] = kDigits[c.r & 0xF];
    p_[3] = kDigits[c.g >> 4];
    p_[4] = kDigits[c.g & 0xF];
    p_[5] = kDigits[c.b >> 4];
    p_[6] = kDigits[c.b & 0xF];
    p_ += 7;
  }
  void flush_if_full() {
    if (static_cast<size_t>(p_ - buf_.get()) >= kFlushBytes) flush();
  }
  void flush() {
    out_.write(buf_.get(), p_ - buf_.get());
    p_ = buf_.get();
  }

 private:
  [[gnu::noinline]] void grow(size_t n) {
    const size_t used = static_cast<size_t>(p_ - buf_.get());
    const size_t cap = std::max(2 * static_cast<size_t>(end_ - buf_.get()), used + n);
    auto bigger = std::make_unique_for_overwrite<char[]>(cap);
    if (used > 0) std::memcpy(bigger.get(), buf_.get(), used);
    buf_ = std::move(bigger);
    p_ = buf_.get() + used;
    end_ = buf_.get() + cap;
  }

  std::ostream& out_;
  std::unique_ptr<char[]> buf_;
  char* p_ = nullptr;
  char* end_ = nullptr;
};

/// Asks the CPU to start loading the cache line at `p` (a hint: no effect on the results).
inline void prefetch(const void* p) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

/// Hash of a node id: 8 bytes at a time, the tail read as the (overlapping) last 8 bytes.
uint64_t id_hash(std::string_view s) {
  constexpr uint64_t kMul = 0xbf58476d1ce4e5b9ull;
  const char* p = s.data();
  const size_t n = s.size();
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  if (n >= 8) {
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      h = (h ^ w) * kMul;
      h ^= h >> 32;
    }
    uint64_t w;
    std::memcpy(&w, p + n - 8, 8);
    h = (h ^ w) * kMul;
  } else {
    uint64_t w = 0;
    for (size_t i = 0; i < n; ++i) w |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    h = (h ^ w) * kMul;
  }
  h ^= h >> 31;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 29;
  return h;
}

constexpr uint32_t kNoValue = ~uint32_t{0};

/// Open-addressing map from string_view (the viewed strings must outlive it) to uint32_t: one
/// cheap hash per look-up, no allocation per key.
class ViewIndex {
 public:
  /// Room for `expected` keys before the first rehash.
  explicit ViewIndex(size_t expected) { rehash(expected); }

  /// The value stored for `key`, or kNoValue.
  [[nodiscard]] uint32_t find(std::string_view key) const { return find(key, id_hash(key)); }

  /// find() given h = id_hash(key).
  [[nodiscard]] uint32_t find(std::string_view key, uint64_t h) const {
    const auto tag = static_cast<uint32_t>(h);
    for (size_t k = static_cast<size_t>(h >> shift_);; k = (k + 1) & mask_) {
      const Slot& s = slots_[k];
      if (s.value == kNoValue) return kNoValue;
      if (s.tag == tag && s.size == key.size() && std::memcmp(s.data, key.data(), key.size()) == 0)
        return s.value;
    }
  }

  /// Starts loading the slot of a key with hash `h`.
  void prefetch_slot(uint64_t h) const { prefetch(&slots_[h >> shift_]); }

  /// Stores key -> value unless `key` is there already; returns the value stored for `key`.
  uint32_t insert(std::string_view key, uint32_t value) {
    if (2 * (count_ + 1) > slots_.size()) rehash(2 * (count_ + 1));
    const uint64_t h = id_hash(key);
    const auto tag = static_cast<uint32_t>(h);
    for (size_t k = static_cast<size_t>(h >> shift_);; k = (k + 1) & mask_) {
      Slot& s = slots_[k];
      if (s.value == kNoValue) {
        s = Slot{key.data(), static_cast<uint32_t>(key.size()), tag, value};
        ++count_;
        return value;
      }
      if (s.tag == tag && s.size == key.size() && std::memcmp(s.data, key.data(), key.size()) == 0)
        return s.value;
    }
  }

 private:
  struct Slot {
    const char* data;
    uint32_t size;
    uint32_t tag;  ///< low bits of the hash
    uint32_t value;
  };

  void rehash(size_t keys) {
    size_t cap = 16;
    int bits = 4;
    while (cap < 2 * keys) {
      cap <<= 1;
      ++bits;
    }
    std::vector<Slot> old(cap, Slot{nullptr, 0, 0, kNoValue});
    old.swap(slots_);
    shift_ = 64 - bits;
    mask_ = cap - 1;
    count_ = 0;
    for (const Slot& s : old)
      if (s.value != kNoValue) insert(std::string_view(s.data, s.size), s.value);
  }

  std::vector<Slot> slots_;
  size_t count_ = 0;
  int shift_ = 60;
  size_t mask_ = 15;
};

// The ids of a timeline column sit all over the heap on big graphs: prefetched a few ahead.
constexpr size_t kDataAhead = 8;

std::string_view node_shape(NodeKind k) {
  switch (k) {
    case NodeKind::Event: return "box";
    case NodeKind::Actor: return "ellipse";
    case NodeKind::Place: return "house";
    case NodeKind::Date: return "note";
    case NodeKind::Document: return "folder";
  }
  return "box";
}

/// The value a Date node stands for: its date field, else its id without "date:", else label.
std::string_view date_value(const Node& n) {
  if (!n.date.empty()) return n.date;
  std::string_view id = n.id;
  if (id.starts_with("date:") && id.size() > 5) return id.substr(5);
  return n.label;
}

/// The name line(s) of a node label: the name cut to kMaxLabelBytes and wrapped.
std::string_view node_name(const Node& n) {
  std::string_view name = n.label;
  if (name.empty() && n.kind == NodeKind::Document) name = n.title;
  if (name.empty() && n.kind == NodeKind::Event) name = n.event_kind;
  if (name.empty() && n.kind == NodeKind::Date) name = date_value(n);
  if (name.empty()) name = n.id;
  return name;
}

/// The label of `n` (unescaped) into `label`: the wrapped name, and for events a detail line.
void node_label(const Node& n, std::string_view name, std::string& label) {
  label.clear();
  const size_t cut = utf8_cut(name, kMaxLabelBytes);
  label.append(name.data(), cut);
  if (cut < name.size()) label += kEllipsis;
  wrap_in_place(label, kWrapColumn);
  if (n.kind != NodeKind::Event) return;
  const size_t mark = label.size();
  label += '\n';
  const size_t start = label.size();
  label += n.plover.empty() ? n.event_kind : n.plover;
  if (!n.date.empty()) {
    if (label.size() != start) label += ", ";
    if (n.date_on_or_before) label += "\xE2\x89\xA4";  // ≤
    label += n.date;
    if (!n.date_end.empty()) {
      label += '/';
      label += n.date_end;
    }
  }
  if (!n.modality.empty() && n.modality != "asserted") {
    if (label.size() != start) label += ' ';
    label += '[';
    label += n.modality;
    label += ']';
  }
  const std::string_view detail = std::string_view(label).substr(start);
  if (detail.empty() || detail == name) label.resize(mark);
}

std::string_view edge_style(EdgeKind k) {
  switch (k) {
    case EdgeKind::Source:
    case EdgeKind::Target:
    case EdgeKind::Location:
    case EdgeKind::LocatedIn: return "";
    case EdgeKind::OnDate:
    case EdgeKind::ReportedIn:
    case EdgeKind::Mentions: return "dotted";
    case EdgeKind::Precedes: return "bold";
    case EdgeKind::Reports:
    case EdgeKind::About:
    case EdgeKind::Causes: return "dashed";
    case EdgeKind::MemberOf:
    case EdgeKind::SpokespersonFor:
    case EdgeKind::BackedBy:
    case EdgeKind::LeaderOf: return "solid";
  }
  return "";
}

std::string_view edge_color(EdgeKind k) {
  switch (k) {
    case EdgeKind::Source: return "#2c7fb8";
    case EdgeKind::Target: return "#d95f0e";
    case EdgeKind::Precedes: return "#333333";
    case EdgeKind::MemberOf:
    case EdgeKind::SpokespersonFor:
    case EdgeKind::BackedBy:
    case EdgeKind::LeaderOf: return "#6a51a3";
    default: return "#777777";
  }
}

/// What an edge line says for its kind, computed once per kind: the escaped kind name (the
/// label's first line) and the attributes after the label.
struct EdgeKindText {
  std::string label;  ///< escaped, no quotes
  std::string tail;   ///< `, color="#…"` and `, style=…`
};

EdgeKindText edge_kind_text(EdgeKind k) {
  EdgeKindText t;
  const std::string_view name = graph::to_string(k);
  t.label.resize(kEscapeGrowth * name.size() + kEscapeSlack);
  t.label.resize(static_cast<size_t>(escape(t.label.data(), name, true) - t.label.data()));
  t.tail = ", color=\"";
  t.tail += edge_color(k);
  t.tail += '"';
  if (const auto style = edge_style(k); !style.empty()) {
    t.tail += ", style=";
    t.tail += style;
  }
  return t;
}

void write_node(Out& w, const Node& n, std::string& label) {
  const Rgb fill = node_fill(n);
  w.raw("  ");
  w.id(n.id);
  w.raw(" [shape=");
  w.raw(node_shape(n.kind));
  if (n.kind == NodeKind::Event)
    w.raw(n.date_on_or_before ? ", style=\"rounded,filled,dashed\"" : ", style=\"rounded,filled\"");
  w.raw(", fillcolor=\"");
  w.hex(fill);
  w.put('"');
  if (is_dark(fill)) w.raw(", fontcolor=white");
  w.raw(", label=");
  const std::string_view name = node_name(n);
  if (n.kind != NodeKind::Event && name.size() <= kWrapColumn) {
    w.text(name);  // short: neither cut nor wrapped
  } else {
    node_label(n, name, label);
    w.text(label);
  }
  w.raw(", tooltip=");
  w.text(n.id);
  w.raw("];\n");
  w.flush_if_full();
}

/// The legend cluster; `anchor` (an axis node, or "") puts it right of the timeline.
void write_legend(Out& w, std::string_view anchor) {
  static constexpr std::array<QuadClass, 5> kClasses = {
      QuadClass::VerbalCooperation, QuadClass::MaterialCooperation, QuadClass::VerbalConflict,
      QuadClass::MaterialConflict, QuadClass::None};
  static constexpr std::array<std::string_view, 5> kNames = {
      "verbal cooperation", "material cooperation", "verbal conflict", "material conflict",
      "no PLOVER class"};
  w.raw("  subgraph \"cluster_legend\" {\n");
  w.raw("    label=\"Events\"; fontsize=9; style=rounded; color=\"#999999\";\n");
  w.raw("    node [shape=box, style=\"rounded,filled\", fontsize=8, height=0.2];\n");
  for (size_t i = 0; i < kClasses.size(); ++i) {
    Rgb fill = quad_fill(kClasses[i]);
    w.raw("    ");
    w.id(std::string("legend:") + std::string(to_string(kClasses[i])));
    w.raw(" [label=");
    w.text(kNames[i]);
    w.raw(", fillcolor=\"");
    w.hex(fill);
    w.put('"');
    if (is_dark(fill)) w.raw(", fontcolor=white");
    w.raw("];\n");
  }
  w.raw("    { rank=same;");  // stacked: one column whatever the rankdir
  for (QuadClass q : kClasses) {
    w.raw(" ");
    w.id(std::string("legend:") + std::string(to_string(q)));
    w.raw(";");
  }
  w.raw(" }\n");
  w.raw("  }\n");
  if (!anchor.empty()) {
    w.raw("  ");
    w.id(anchor);
    w.raw(" -> ");
    w.id(std::string("legend:") + std::string(to_string(kClasses[0])));
    w.raw(" [style=invis];\n");
  }
}

}  // namespace

void write_dot(const graph::Graph& g, std::ostream& out, const DotOptions& opts) {
  Out w(out);

  // What edges need to know about their ends, by node position: left out, or the date column
  // of a timeline node (kNoColumn = not in a column).
  constexpr uint32_t kNoColumn = ~uint32_t{0};
  struct EndInfo {
    uint32_t column = kNoColumn;
    bool excluded = false;
  };
  std::vector<EndInfo> ends(g.node_count());

  w.raw("digraph ");
  w.id(opts.title.empty() ? std::string_view("eventgraph") : std::string_view(opts.title));
  w.raw(" {\n  graph [fontname=\"Helvetica\"");
  if (opts.timeline) w.raw(", rankdir=LR, newrank=true, ranksep=0.5, nodesep=0.2");
  if (!opts.layout.empty()) {
    w.raw(", layout=");
    w.id(opts.layout);
    w.raw(", overlap=prism, splines=false, outputorder=edgesfirst");
  }
  if (!opts.title.empty()) {
    w.raw(", labelloc=t, fontsize=16, label=");
    w.text(opts.title);
  }
  w.raw("];\n");
  w.raw("  node [fontname=\"Helvetica\", fontsize=10, style=filled, penwidth=0.8];\n");
  w.raw("  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6];\n");

  // Timeline: one column per date value with its axis node id and its events (node positions
  // and ids, which the graph keeps), found by a hash look-up per event, sorted by date once all
  // are known. The values are copied (nodes are read through a scratch object).
  struct Member {
    uint32_t pos;         // node position
    std::string_view id;  // its id (Graph::id_at)
  };
  struct Column {
    std::string_view value;  // in `values`
    std::string axis;
    std::vector<Member> events;
  };
  std::vector<Column> columns;
  std::deque<std::string> values;
  ViewIndex by_value(opts.timeline ? 1024 : 0);
  auto column_of = [&](std::string_view value) -> Column& {
    uint32_t k = by_value.find(value);
    if (k == kNoValue) {
      k = static_cast<uint32_t>(columns.size());
      const std::string_view kept = values.emplace_back(value);
      by_value.insert(kept, k);
      columns.push_back(Column{kept, {}, {}});
    }
    return columns[k];
  };

  // One pass over the nodes in nodes() order (streamed: a lazily loaded graph decodes each into
  // the scratch node and keeps none): collect the columns, write the nodes not left out.
  bool has_events = false;
  std::string label;  // reused for every node label
  Node scratch;
  for (const size_t p : g.node_order()) {
    const Node& n = g.node_view(p, scratch);
    if (opts.timeline) {
      if (n.kind == NodeKind::Date) {
        Column& col = column_of(date_value(n));
        if (col.axis.empty()) col.axis = n.id;
      } else if (n.kind == NodeKind::Event && !n.date.empty()) {
        column_of(n.date).events.push_back(Member{static_cast<uint32_t>(p), g.id_at(p)});
      }
    }
    if (!opts.include_documents && n.kind == NodeKind::Document) {
      ends[p].excluded = true;
      continue;
    }
    has_events = has_events || n.kind == NodeKind::Event;
    write_node(w, n, label);
  }

  std::string last_axis;  // the rightmost date column, to anchor the legend
  // An edge inside one column is a "flat" edge: it gets an xlabel, because Graphviz 2.43
  // double-frees in gvFreeLayout after laying out labelled flat edges.
  if (opts.timeline) {
    std::sort(columns.begin(), columns.end(),
              [](const Column& a, const Column& b) { return a.value < b.value; });
    for (Column& col : columns) {
      if (!col.axis.empty()) continue;
      const std::string_view value = col.value;
      // A date no Date node stands for: draw a synthetic axis node with an id the graph lacks.
      col.axis = "date:";
      col.axis += value;
      if (g.position(col.axis)) {
        col.axis = "timeline:";
        col.axis += value;
      }
      w.raw("  ");
      w.id(col.axis);
      w.raw(" [shape=note, fillcolor=\"");
      w.hex(kDateFill);
      w.raw("\", label=");
      w.text(value);
      w.raw("];\n");
    }
    const std::string* prev = nullptr;
    uint32_t column = 0;
    for (const Column& col : columns) {
      if (const auto a = g.position(col.axis)) ends[*a].column = column;
      for (const Member& e : col.events) ends[e.pos].column = column;
      ++column;
      w.raw("  { rank=same; ");
      w.id(col.axis);
      w.put(';');
      for (size_t j = 0; j < col.events.size(); ++j) {
        if (j + kDataAhead < col.events.size()) prefetch(col.events[j + kDataAhead].id.data());
        w.put(' ');
        w.id(col.events[j].id);
        w.put(';');
      }
      w.raw(" }\n");
      if (prev != nullptr) {
        w.raw("  ");
        w.id(*prev);
        w.raw(" -> ");
        w.id(col.axis);
        w.raw(" [style=invis, weight=100];\n");
      }
      prev = &col.axis;
      last_axis = col.axis;
      w.flush_if_full();
    }
  }

  // Edges in Graph::edges() order; their ends' positions and kinds are known without decoding,
  // so edges that are left out are never decoded.
  constexpr size_t kKinds = static_cast<size_t>(EdgeKind::Mentions) + 1;
  std::array<EdgeKindText, kKinds> kind_text;
  for (size_t k = 0; k < kKinds; ++k) kind_text[k] = edge_kind_text(static_cast<EdgeKind>(k));
  EdgeKindText other;  // a kind added after Mentions
  const bool skip_on_date = opts.timeline && !opts.date_edges;
  Edge edge_scratch;
  for (const size_t k : g.edge_order()) {
    const graph::Graph::EdgeEnds at = g.ends_at(k);
    const EndInfo si = ends[at.source];
    if (si.excluded) continue;
    if (skip_on_date && at.kind == EdgeKind::OnDate) continue;
    const EndInfo ti = ends[at.target];
    if (ti.excluded) continue;
    const Edge* e = &g.edge_view(k, edge_scratch);
    const auto kind = static_cast<size_t>(e->kind);
    const EdgeKindText* kt = &other;
    if (kind < kKinds) {
      kt = &kind_text[kind];
    } else {
      other = edge_kind_text(e->kind);
    }
    w.raw("  ");
    w.id(e->source);
    w.raw(" -> ");
    w.id(e->target);
    const bool flat = si.column != kNoColumn && si.column == ti.column;
    w.raw(flat ? " [xlabel=\"" : " [label=\"");
    w.raw(kt->label);
    if (!e->value.empty()) {
      w.raw("\\n");
      const std::string_view v = e->value;
      const size_t cut = utf8_cut(v, kMaxValueBytes);
      w.body(v.substr(0, cut), true);
      if (cut < v.size()) w.raw(kEllipsis);
    }
    w.put('"');
    w.raw(kt->tail);
    if (opts.timeline && e->kind == EdgeKind::OnDate) w.raw(", constraint=false");
    w.raw("];\n");
    w.flush_if_full();
  }

  if (opts.legend && has_events) write_legend(w, last_axis);
  w.raw("}\n");
  w.flush();
  if (!out) throw EnvironmentError("write_dot: cannot write the DOT output");
}

QuadClass quad_class(std::string_view plover) {
  struct Entry {
    std::string_view name;
    QuadClass q;
  };
  // By length: the names of n bytes are kTable[kStart[n]] .. kTable[kStart[n + 1] - 1].
  static constexpr std::array<Entry, 18> kTable = {{
      {"AID", QuadClass::MaterialCooperation},      {"AGREE", QuadClass::VerbalCooperation},
      {"CRIME", QuadClass::MaterialConflict},       {"COERCE", QuadClass::MaterialConflict},
      {"DEMAND", QuadClass::VerbalConflict},        {"REJECT", QuadClass::VerbalConflict},
      {"ASSAULT", QuadClass::MaterialConflict},     {"CONCEDE", QuadClass::MaterialCooperation},
      {"CONSULT", QuadClass::VerbalCooperation},    {"PROTEST", QuadClass::VerbalConflict},
      {"RETREAT", QuadClass::MaterialCooperation},  {"SUPPORT", QuadClass::VerbalCooperation},
      {"MOBILIZE", QuadClass::MaterialConflict},    {"SANCTION", QuadClass::MaterialConflict},
      {"THREATEN", QuadClass::VerbalConflict},      {"COOPERATE", QuadClass::MaterialCooperation},
      {"DISAPPROVE", QuadClass::VerbalConflict},    {"INVESTIGATE", QuadClass::VerbalConflict},
  }};
  static constexpr size_t kMaxLength = 11;
  static constexpr std::array<uint8_t, kMaxLength + 2> kStart = [] {
    std::array<uint8_t, kMaxLength + 2> start{};
    for (size_t n = 0; n < start.size(); ++n) {
      size_t i = 0;
      while (i < kTable.size() && kTable[i].name.size() < n) ++i;
      start[n] = static_cast<uint8_t>(i);
    }
    return start;
  }();
  const size_t n = plover.size();
  if (n > kMaxLength) return QuadClass::None;
  for (size_t i = kStart[n]; i < kStart[n + 1]; ++i)
    if (kTable[i].name == plover || iequals(kTable[i].name, plover)) return kTable[i].q;
  return QuadClass::None;
}

std::string_view to_string(QuadClass q) {
  switch (q) {
    case QuadClass::None: return "none";
    case QuadClass::VerbalCooperation: return "verbal_cooperation";
    case QuadClass::MaterialCooperation: return "material_cooperation";
    case QuadClass::VerbalConflict: return "verbal_conflict";
    case QuadClass::MaterialConflict: return "material_conflict";
  }
  return "none";
}

Rgb quad_fill(QuadClass q) {
  switch (q) {
    case QuadClass::VerbalCooperation: return {0xa6, 0xdb, 0xa0};    // light green
    case QuadClass::MaterialCooperation: return {0x1b, 0x78, 0x37};  // dark green
    case QuadClass::VerbalConflict: return {0xfd, 0xae, 0x61};       // orange
    case QuadClass::MaterialConflict: return {0xd7, 0x30, 0x27};     // red
    case QuadClass::None: return {0xd9, 0xd9, 0xd9};                 // grey
  }
  return {0xd9, 0xd9, 0xd9};
}

Rgb node_fill(const graph::Node& n) {
  switch (n.kind) {
    case NodeKind::Event: return quad_fill(quad_class(n.plover));
    case NodeKind::Actor: return {0xc6, 0xdb, 0xef};     // light blue
    case NodeKind::Place: return {0xfe, 0xe3, 0x91};     // light yellow
    case NodeKind::Date: return kDateFill;
    case NodeKind::Document: return {0xf0, 0xf0, 0xf0};  // pale grey
  }
  return {0xd9, 0xd9, 0xd9};
}

std::string to_hex(Rgb c) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "#000000";
  const std::array<uint8_t, 3> v = {c.r, c.g, c.b};
  for (size_t i = 0; i < 3; ++i) {
    s[1 + 2 * i] = kDigits[v[i] >> 4];
    s[2 + 2 * i] = kDigits[v[i] & 0xF];
  }
  return s;
}

bool is_dark(Rgb c) {
  // Rec. 601 luma; below ~45% black text loses contrast.
  const unsigned luma = 299u * c.r + 587u * c.g + 114u * c.b;
  return luma < 115'000u;
}

std::vector<const graph::Edge*> edges_in_order(const graph::Graph& g,
                                               const std::vector<const graph::Node*>& /*nodes*/) {
  // Graph::edges() sorts on integer ranks now: faster than an out_edges() call per node (one id
  // hash look-up each, cache misses on big graphs).
  return g.edges();
}

void append_clean_utf8(std::string& out, std::string_view s) {
  size_t run = 0;  // start of the pending run of bytes copied verbatim
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x20 && b < 0x80) {
      ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    if (b < 0x20) {
      if (b == '\t' || b == '\n' || b == '\r') out.push_back(static_cast<char>(b));
      ++i;
    } else {
      const auto [cp, len] = decode_utf8(s, i);
      if (cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF)
        out += "\xEF\xBF\xBD";
      else
        out.append(s.data() + i, len);
      i += len;
    }
    run = i;
  }
  out.append(s.data() + run, i - run);
}

size_t drawn_node_count(const graph::Graph& g, bool documents) {
  if (documents) return g.node_count();
  size_t n = 0;
  for (size_t pos = 0; pos < g.node_count(); ++pos) n += g.kind_at(pos) != graph::NodeKind::Document;
  return n;
}

}  // namespace eg
