// DOT writer. Graphviz's own quoting rules: inside a quoted string only \" is an escape for the
// parser; labels then interpret \n \l \r \N \G \\ and HTML entities, so labels escape `\` and `&`
// while ids only need `\` and `"` escaped (they are never shown: every node gets a label).

#include "io/dot_writer.hpp"

#include <array>
#include <map>
#include <unordered_map>
#include <unordered_set>
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

/// Cuts `s` to at most `max` bytes at a code point boundary, adding "…" when cut.
std::string truncate_utf8(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  std::string r(s.substr(0, cut));
  r += "\xE2\x80\xA6";
  return r;
}

/// Greedy word wrap: turns the last space before a word that would pass `width` bytes into a
/// line break (long words stay whole).
std::string wrap(std::string_view s, size_t width) {
  std::string r(s);
  size_t line_start = 0;
  size_t last_space = std::string::npos;
  for (size_t i = 0; i <= r.size(); ++i) {
    if (i < r.size() && r[i] != ' ' && r[i] != '\n') continue;
    if (i - line_start > width && last_space != std::string::npos && last_space > line_start) {
      r[last_space] = '\n';
      line_start = last_space + 1;
    }
    if (i == r.size()) break;
    if (r[i] == '\n') {
      line_start = i + 1;
      last_space = std::string::npos;
    } else {
      last_space = i;
    }
  }
  return r;
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

/// Appends `s` as a double-quoted DOT string. `label` also protects `&` from entity decoding.
void put_quoted(std::string& buf, std::string_view s, bool label, std::string& scratch) {
  buf.push_back('"');
  // Fast path: the plain ASCII prefix (usually the whole string) is appended in one go.
  size_t plain = 0;
  while (plain < s.size() && !kDotSpecial[static_cast<unsigned char>(s[plain])]) ++plain;
  buf.append(s.data(), plain);
  if (plain == s.size()) {
    buf.push_back('"');
    return;
  }
  scratch.clear();
  append_clean_utf8(scratch, s.substr(plain));
  for (char c : scratch) {
    switch (c) {
      case '"': buf += "\\\""; break;
      case '\\': buf += "\\\\"; break;
      case '\n': buf += "\\n"; break;
      case '\r': break;
      case '&':
        if (label)
          buf += "&amp;";
        else
          buf.push_back(c);
        break;
      default: buf.push_back(c);
    }
  }
  buf.push_back('"');
}

struct Writer {
  std::ostream& out;
  std::string buf;
  std::string scratch;

  void flush_if_full() {
    if (buf.size() >= kFlushBytes) flush();
  }
  void flush() {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  }
  void id(std::string_view s) { put_quoted(buf, s, false, scratch); }
  void text(std::string_view s) { put_quoted(buf, s, true, scratch); }
  void raw(std::string_view s) { buf += s; }
};

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

std::string node_label(const Node& n) {
  std::string_view name = n.label;
  if (name.empty() && n.kind == NodeKind::Document) name = n.title;
  if (name.empty() && n.kind == NodeKind::Event) name = n.event_kind;
  if (name.empty() && n.kind == NodeKind::Date) name = date_value(n);
  if (name.empty()) name = n.id;
  std::string label = wrap(truncate_utf8(name, kMaxLabelBytes), kWrapColumn);
  if (n.kind == NodeKind::Event) {
    std::string detail;
    detail += n.plover.empty() ? n.event_kind : n.plover;
    if (!n.date.empty()) {
      if (!detail.empty()) detail += ", ";
      if (n.date_on_or_before) detail += "\xE2\x89\xA4";  // ≤
      detail += n.date;
      if (!n.date_end.empty()) {
        detail += "/";
        detail += n.date_end;
      }
    }
    if (!n.modality.empty() && n.modality != "asserted") {
      if (!detail.empty()) detail += ' ';
      detail += '[';
      detail += n.modality;
      detail += ']';
    }
    if (!detail.empty() && detail != name) {
      label += '\n';
      label += detail;
    }
  }
  return label;
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

void write_node(Writer& w, const Node& n) {
  Rgb fill = node_fill(n);
  w.raw("  ");
  w.id(n.id);
  w.raw(" [shape=");
  w.raw(node_shape(n.kind));
  if (n.kind == NodeKind::Event)
    w.raw(n.date_on_or_before ? ", style=\"rounded,filled,dashed\"" : ", style=\"rounded,filled\"");
  w.raw(", fillcolor=\"");
  w.raw(to_hex(fill));
  w.raw("\"");
  if (is_dark(fill)) w.raw(", fontcolor=white");
  w.raw(", label=");
  w.text(node_label(n));
  w.raw(", tooltip=");
  w.text(n.id);
  w.raw("];\n");
  w.flush_if_full();
}

/// The legend cluster; `anchor` (an axis node, or "") puts it right of the timeline.
void write_legend(Writer& w, std::string_view anchor) {
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
    w.raw(to_hex(fill));
    w.raw("\"");
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
  Writer w{out, {}, {}};
  w.buf.reserve(kFlushBytes + 4096);
  const auto nodes = g.nodes();
  const auto edges = edges_in_order(g, nodes);

  auto included = [&](const Node& n) {
    return opts.include_documents || n.kind != NodeKind::Document;
  };
  // Ids of left-out nodes, so edges need no graph lookup (documents are few).
  // One map for what edges need to know about their ends (one hash per end): left out, or the
  // date column of a timeline node. kNoColumn = not in a column.
  constexpr size_t kNoColumn = ~size_t{0};
  struct EndInfo {
    size_t column = kNoColumn;
    bool excluded = false;
  };
  std::unordered_map<std::string_view, EndInfo> ends;
  ends.reserve(nodes.size());
  for (const Node* n : nodes)
    if (!included(*n)) ends[n->id].excluded = true;

  w.raw("digraph ");
  w.id(opts.title.empty() ? std::string_view("eventgraph") : std::string_view(opts.title));
  w.raw(" {\n  graph [fontname=\"Helvetica\"");
  if (opts.timeline) w.raw(", rankdir=LR, newrank=true, ranksep=0.5, nodesep=0.2");
  if (!opts.title.empty()) {
    w.raw(", labelloc=t, fontsize=16, label=");
    w.text(opts.title);
  }
  w.raw("];\n");
  w.raw("  node [fontname=\"Helvetica\", fontsize=10, style=filled, penwidth=0.8];\n");
  w.raw("  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6];\n");

  bool has_events = false;
  std::string last_axis;  // the rightmost date column, to anchor the legend
  // Timeline nodes get their date column in `ends`. An edge inside one column is a "flat" edge: it gets an xlabel,
  // because Graphviz 2.43 double-frees in gvFreeLayout after laying out labelled flat edges.
  for (const Node* n : nodes) {
    if (!included(*n)) continue;
    has_events = has_events || n->kind == NodeKind::Event;
    write_node(w, *n);
  }

  if (opts.timeline) {
    // date value -> (axis node id, events on that date); std::map keeps the dates sorted.
    struct Column {
      std::string axis;
      std::vector<const Node*> events;
    };
    std::map<std::string, Column, std::less<>> columns;
    for (const Node* n : nodes)
      if (n->kind == NodeKind::Date) {
        auto& col = columns[std::string(date_value(*n))];
        if (col.axis.empty()) col.axis = n->id;
      }
    for (const Node* n : nodes)
      if (n->kind == NodeKind::Event && !n->date.empty()) columns[n->date].events.push_back(n);
    for (auto& [value, col] : columns) {
      if (!col.axis.empty()) continue;
      // A date no Date node stands for: draw a synthetic axis node with an id the graph lacks.
      col.axis = "date:" + value;
      if (g.find(col.axis) != nullptr) col.axis = "timeline:" + value;
      w.raw("  ");
      w.id(col.axis);
      w.raw(" [shape=note, fillcolor=\"");
      w.raw(to_hex(kDateFill));
      w.raw("\", label=");
      w.text(value);
      w.raw("];\n");
    }
    const std::string* prev = nullptr;
    size_t column = 0;
    for (const auto& [value, col] : columns) {
      ends[col.axis].column = column;
      for (const Node* e : col.events) ends[e->id].column = column;
      ++column;
      w.raw("  { rank=same; ");
      w.id(col.axis);
      w.raw(";");
      for (const Node* e : col.events) {
        w.raw(" ");
        w.id(e->id);
        w.raw(";");
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

  for (const Edge* e : edges) {
    if (opts.timeline && !opts.date_edges && e->kind == EdgeKind::OnDate) continue;
    EndInfo si, ti;
    if (!ends.empty()) {
      if (const auto it = ends.find(e->source); it != ends.end()) si = it->second;
      if (const auto it = ends.find(e->target); it != ends.end()) ti = it->second;
    }
    if (si.excluded || ti.excluded) continue;
    w.raw("  ");
    w.id(e->source);
    w.raw(" -> ");
    w.id(e->target);
    std::string label(graph::to_string(e->kind));
    if (!e->value.empty()) {
      label += '\n';
      label += truncate_utf8(e->value, kMaxValueBytes);
    }
    const bool flat = si.column != kNoColumn && si.column == ti.column;
    w.raw(flat ? " [xlabel=" : " [label=");
    w.text(label);
    w.raw(", color=\"");
    w.raw(edge_color(e->kind));
    w.raw("\"");
    if (auto style = edge_style(e->kind); !style.empty()) {
      w.raw(", style=");
      w.raw(style);
    }
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
  static constexpr std::array<Entry, 18> kTable = {{
      {"AGREE", QuadClass::VerbalCooperation},      {"CONSULT", QuadClass::VerbalCooperation},
      {"SUPPORT", QuadClass::VerbalCooperation},    {"COOPERATE", QuadClass::MaterialCooperation},
      {"AID", QuadClass::MaterialCooperation},      {"CONCEDE", QuadClass::MaterialCooperation},
      {"RETREAT", QuadClass::MaterialCooperation},  {"INVESTIGATE", QuadClass::VerbalConflict},
      {"DEMAND", QuadClass::VerbalConflict},        {"DISAPPROVE", QuadClass::VerbalConflict},
      {"REJECT", QuadClass::VerbalConflict},        {"THREATEN", QuadClass::VerbalConflict},
      {"PROTEST", QuadClass::VerbalConflict},       {"SANCTION", QuadClass::MaterialConflict},
      {"CRIME", QuadClass::MaterialConflict},       {"MOBILIZE", QuadClass::MaterialConflict},
      {"COERCE", QuadClass::MaterialConflict},      {"ASSAULT", QuadClass::MaterialConflict},
  }};
  for (const auto& e : kTable)
    if (iequals(e.name, plover)) return e.q;
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
                                               const std::vector<const graph::Node*>& nodes) {
  std::vector<const graph::Edge*> out;
  out.reserve(g.edge_count());
  for (const Node* n : nodes) {
    const auto es = g.out_edges(n->id);
    out.insert(out.end(), es.begin(), es.end());
  }
  return out;
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

}  // namespace eg
