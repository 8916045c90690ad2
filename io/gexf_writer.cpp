#include "io/gexf_writer.hpp"
#include "io/list_field.hpp"
#include "io/node_fields.hpp"
#include "io/xml_text.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/dot_writer.hpp"

namespace eg {

namespace {

using graph::Edge;
using graph::Node;
using graph::NodeKind;

constexpr size_t kFlushBytes = size_t{1} << 16;

struct Attr {
  std::string_view id;
  std::string_view type;
};

constexpr std::string_view attr_type(FieldType t) {
  switch (t) {
    case FieldType::String: return "string";
    case FieldType::Boolean: return "boolean";
    case FieldType::Double: return "double";
    case FieldType::Integer: return "integer";
  }
  return "string";
}

// The shared node fields (io/node_fields.hpp), in their order; ids are the titles.
constexpr std::array<Attr, kNodeFields.size()> kNodeAttrs = [] {
  std::array<Attr, kNodeFields.size()> a{};
  for (size_t i = 0; i < kNodeFields.size(); ++i) a[i] = {kNodeFields[i].name, attr_type(kNodeFields[i].type)};
  return a;
}();
constexpr std::array<Attr, 3> kEdgeAttrs = {{{"kind", "string"}, {"value", "string"}, {"mentions", "integer"}}};

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[static_cast<size_t>(m - 1)];
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

struct Writer {
  std::ostream& out;
  std::string buf;
  std::string scratch;

  void flush() {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  }
  // Attribute values: newlines and tabs kept as character references.
  void text(std::string_view s) { append_xml_text(buf, scratch, s, true); }
  void att(std::string_view key, std::string_view value) {
    if (value.empty()) return;
    buf += "        <attvalue for=\"";
    buf += key;
    buf += "\" value=\"";
    text(value);
    buf += "\"/>\n";
  }
};

/// A calendar day "YYYY-MM-DD" (as calendar_span writes it) packed as YYYYMMDD: packed days
/// order like the strings, and 0 is no day.
uint32_t pack_day(std::string_view d) {
  return static_cast<uint32_t>(to_int(d.substr(0, 4)) * 10000 + to_int(d.substr(5, 2)) * 100 + to_int(d.substr(8, 2)));
}

void append_day(std::string& out, uint32_t d) {
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}", d / 10000, d / 100 % 100, d % 100);
}

/// A node's time span as packed days; start 0 = none. 8 bytes a node.
struct PackedSpan {
  uint32_t start = 0;
  uint32_t end = 0;
};

/// An event's span from its date and date_end values.
PackedSpan event_span(std::string_view date, std::string_view date_end) {
  const auto s = calendar_span(date);
  if (!s) return {};
  PackedSpan r{pack_day(s->first), pack_day(s->second)};
  if (const auto e = calendar_span(date_end)) r.end = std::max(r.end, pack_day(e->second));
  return r;
}

/// Spans by node position: events and dates their own; others the union over the events they
/// are linked to. Read from ids, kinds, date fields and edge ends only: nothing is decoded.
std::vector<PackedSpan> node_spans(const graph::Graph& g) {
  using Field = graph::Graph::Field;
  std::vector<PackedSpan> spans(g.node_count());
  for (size_t pos = 0; pos < spans.size(); ++pos) {
    const NodeKind k = g.kind_at(pos);
    if (k == NodeKind::Event) {
      spans[pos] = event_span(g.field_at(pos, Field::Date), g.field_at(pos, Field::DateEnd));
    } else if (k == NodeKind::Date) {
      const std::string_view id = g.id_at(pos);
      const std::string_view date = g.field_at(pos, Field::Date);
      if (const auto c = calendar_span(date.empty() && id.starts_with("date:") ? id.substr(5) : date))
        spans[pos] = {pack_day(c->first), pack_day(c->second)};
    }
  }
  auto widen = [&](size_t ev, size_t other) {
    const NodeKind k = g.kind_at(other);
    if (k == NodeKind::Event || k == NodeKind::Date) return;
    const PackedSpan src = spans[ev];
    if (src.start == 0) return;
    PackedSpan& o = spans[other];
    if (o.start == 0) {
      o = src;
    } else {
      o.start = std::min(o.start, src.start);
      o.end = std::max(o.end, src.end);
    }
  };
  // (Events' spans never change here, so the order of the edges does not matter.)
  for (size_t e = 0; e < g.edge_count(); ++e) {
    const auto ends = g.ends_at(e);
    if (g.kind_at(ends.source) == NodeKind::Event) widen(ends.source, ends.target);
    if (g.kind_at(ends.target) == NodeKind::Event) widen(ends.target, ends.source);
  }
  return spans;
}

void write_attrs(Writer& w, std::string_view cls, const auto& attrs) {
  w.buf += "    <attributes class=\"";
  w.buf += cls;
  w.buf += "\" mode=\"static\">\n";
  for (const Attr& a : attrs) {
    w.buf += "      <attribute id=\"";
    w.buf += a.id;
    w.buf += "\" title=\"";
    w.buf += a.id;
    w.buf += "\" type=\"";
    w.buf += a.type;
    w.buf += "\"/>\n";
  }
  w.buf += "    </attributes>\n";
}

}  // namespace

std::optional<std::pair<std::string, std::string>> calendar_span(std::string_view v) {
  if (v.size() >= 4 && is_digits(v.substr(0, 4))) {
    const std::string_view y = v.substr(0, 4);
    if (v.size() == 4) return std::make_pair(std::string(y) + "-01-01", std::string(y) + "-12-31");
    if (v.size() >= 7 && v[4] == '-' && is_digits(v.substr(5, 2))) {
      const int m = to_int(v.substr(5, 2));
      if (m < 1 || m > 12) return std::nullopt;
      const std::string ym(v.substr(0, 7));
      if (v.size() == 7)
        return std::make_pair(ym + "-01", fmt::format("{}-{:02}", ym, days_in_month(to_int(y), m)));
      if (v.size() >= 10 && v[7] == '-' && is_digits(v.substr(8, 2)) && (v.size() == 10 || v[10] == 'T')) {
        const int d = to_int(v.substr(8, 2));
        if (d < 1 || d > days_in_month(to_int(y), m)) return std::nullopt;
        std::string day(v.substr(0, 10));
        return std::make_pair(day, day);
      }
    }
  }
  return std::nullopt;
}

void write_gexf(const graph::Graph& g, std::ostream& out) {
  Writer w{out, {}, {}};
  w.buf.reserve(kFlushBytes + 4096);
  // Spans: events and dates their own; others the union over the events they touch.
  const std::vector<PackedSpan> spans = node_spans(g);

  w.buf += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  w.buf += "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n";
  w.buf += "  <meta>\n    <creator>eventgraph</creator>\n";
  if (auto it = g.meta.find("created_by"); it != g.meta.end()) {
    w.buf += "    <description>";
    w.text(it->second);
    w.buf += "</description>\n";
  }
  w.buf += "  </meta>\n";
  w.buf += "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n";
  write_attrs(w, "node", kNodeAttrs);
  write_attrs(w, "edge", kEdgeAttrs);

  w.buf += "    <nodes>\n";
  // Streamed in nodes()/edges() order: a lazily loaded graph decodes each record into the
  // scratch object and keeps none, so memory stays flat on big graphs.
  Node node_scratch;
  for (const size_t pos : g.node_order()) {
    const Node* n = &g.node_view(pos, node_scratch);
    w.buf += "      <node id=\"";
    w.text(n->id);
    w.buf += "\" label=\"";
    w.text(n->label.empty() ? n->id : n->label);
    w.buf += "\"";
    if (const PackedSpan s = spans[pos]; s.start != 0) {
      w.buf += " start=\"";
      append_day(w.buf, s.start);
      w.buf += "\" end=\"";
      append_day(w.buf, s.end);
      w.buf += "\"";
    }
    w.buf += ">\n      <attvalues>\n";
    struct Fields {
      Writer& w;
      void str(std::string_view k, std::string_view v) { w.att(k, v); }
      void flag(std::string_view k) { w.att(k, "true"); }
      void list(std::string_view k, const std::vector<std::string>& v) { w.att(k, join_list(v)); }
      void real(std::string_view k, double v) { w.att(k, fmt::format("{}", v)); }
      void integer(std::string_view k, int64_t v) { w.att(k, fmt::format("{}", v)); }
    } fields{w};
    visit_node_fields(*n, fields);
    w.buf += "      </attvalues>\n";
    const Rgb c = node_fill(*n);
    fmt::format_to(std::back_inserter(w.buf),
                   "      <viz:color r=\"{}\" g=\"{}\" b=\"{}\"/>\n      <viz:size value=\"{:.1f}\"/>\n",
                   c.r, c.g, c.b, 10.0 + 4.0 * std::sqrt(static_cast<double>(n->mentions.size())));
    w.buf += "      </node>\n";
    if (w.buf.size() >= kFlushBytes) w.flush();
  }
  w.buf += "    </nodes>\n    <edges>\n";
  size_t index = 0;
  Edge edge_scratch;
  for (const size_t pos : g.edge_order()) {
    const Edge* e = &g.edge_view(pos, edge_scratch);
    const std::string_view kind = graph::to_string(e->kind);
    fmt::format_to(std::back_inserter(w.buf), "      <edge id=\"e{}\" source=\"", index++);
    w.text(e->source);
    w.buf += "\" target=\"";
    w.text(e->target);
    w.buf += "\" label=\"";
    w.buf += kind;
    fmt::format_to(std::back_inserter(w.buf), "\" weight=\"{}\">\n        <attvalues>\n",
                   std::max<size_t>(1, e->mentions.size()));
    w.att("kind", kind);
    w.att("value", e->value);
    w.att("mentions", fmt::format("{}", e->mentions.size()));
    w.buf += "        </attvalues>\n      </edge>\n";
    if (w.buf.size() >= kFlushBytes) w.flush();
  }
  w.buf += "    </edges>\n  </graph>\n</gexf>\n";
  w.flush();
  if (!out) throw EnvironmentError("write_gexf: cannot write the GEXF output");
}

}  // namespace eg
