// GraphML writer. Key ids equal their attr.name for nodes (Gephi matches `label`, `r`, `g`, `b`
// by either), edge keys are prefixed "e_" because ids are shared by all <key> elements.

#include "io/graphml_writer.hpp"
#include "io/list_field.hpp"
#include "io/node_fields.hpp"
#include "io/xml_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/dot_writer.hpp"

namespace eg {

namespace {

using graph::Edge;
using graph::Mention;
using graph::Node;
using graph::NodeKind;

constexpr size_t kFlushBytes = size_t{1} << 16;
constexpr size_t kEvidenceMentions = 3;
constexpr size_t kEvidenceTextBytes = 100;

enum class Type : uint8_t { String, Int, Double, Boolean };

struct Key {
  std::string_view id;
  std::string_view name;
  Type type;
  std::string_view def;
};

constexpr std::string_view type_name(Type t) {
  switch (t) {
    case Type::String: return "string";
    case Type::Int: return "int";
    case Type::Double: return "double";
    case Type::Boolean: return "boolean";
  }
  return "string";
}

// Declared in this order (documented in docs/formats.md): the label, the shared node fields
// (io/node_fields.hpp), then this format's own extras.
constexpr Key kLabelKey{"label", "label", Type::String, ""};
constexpr std::array<Key, 5> kNodeExtraKeys = {{
    {"evidence", "evidence", Type::String, ""},
    {"color", "color", Type::String, "#d9d9d9"},
    {"r", "r", Type::Int, "217"},
    {"g", "g", Type::Int, "217"},
    {"b", "b", Type::Int, "217"},
}};

constexpr Type key_type(FieldType t) {
  switch (t) {
    case FieldType::String: return Type::String;
    case FieldType::Boolean: return Type::Boolean;
    case FieldType::Double: return Type::Double;
    case FieldType::Integer: return Type::Int;
  }
  return Type::String;
}

constexpr std::string_view key_default(FieldType t) {
  switch (t) {
    case FieldType::Boolean: return "false";
    case FieldType::Double: return "NaN";
    case FieldType::Integer: return "0";
    case FieldType::String: return "";
  }
  return "";
}

constexpr std::array<Key, 1 + kNodeFields.size() + kNodeExtraKeys.size()> kNodeKeys = [] {
  std::array<Key, 1 + kNodeFields.size() + kNodeExtraKeys.size()> keys{};
  size_t k = 0;
  keys[k++] = kLabelKey;
  for (const NodeField& f : kNodeFields)
    keys[k++] = {f.name, f.name, key_type(f.type), key_default(f.type)};
  for (const Key& x : kNodeExtraKeys) keys[k++] = x;
  return keys;
}();

constexpr std::array<Key, 6> kEdgeKeys = {{
    {"e_kind", "kind", Type::String, ""},
    {"e_label", "label", Type::String, ""},
    {"e_value", "value", Type::String, ""},
    {"e_mentions", "mentions", Type::Int, "0"},
    {"e_evidence", "evidence", Type::String, ""},
    {"e_weight", "weight", Type::Double, "1"},
}};

std::string_view yed_shape(NodeKind k) {
  switch (k) {
    case NodeKind::Event: return "roundrectangle";
    case NodeKind::Actor: return "ellipse";
    case NodeKind::Place: return "hexagon";
    case NodeKind::Date: return "parallelogram";
    case NodeKind::Document: return "rectangle3d";
  }
  return "rectangle";
}

struct Writer {
  std::ostream& out;
  std::string buf;
  std::string scratch;

  void flush() {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  }
  void flush_if_full() {
    if (buf.size() >= kFlushBytes) flush();
  }
  void raw(std::string_view s) { buf += s; }

  /// Escaped character data or attribute value.
  void text(std::string_view s) { append_xml_text(buf, scratch, s, false); }

  void integer(uint64_t v) {
    std::array<char, 24> tmp{};
    auto [end, ec] = std::to_chars(tmp.data(), tmp.data() + tmp.size(), v);
    (void)ec;
    buf.append(tmp.data(), end);
  }

  void real(double v) {
    if (std::isnan(v))
      buf += "NaN";
    else if (std::isinf(v))
      buf += v > 0 ? "INF" : "-INF";
    else
      fmt::format_to(std::back_inserter(buf), "{}", v);
  }

  void open_data(std::string_view key) {
    buf += "      <data key=\"";
    buf += key;
    buf += "\">";
  }
  void str(std::string_view key, std::string_view v) {
    if (v.empty()) return;
    open_data(key);
    text(v);
    buf += "</data>\n";
  }
  void num(std::string_view key, uint64_t v) {
    open_data(key);
    integer(v);
    buf += "</data>\n";
  }
  void dbl(std::string_view key, double v) {
    open_data(key);
    real(v);
    buf += "</data>\n";
  }
};

/// "doc#sentence: text" for the first mentions, " | " between them.
std::string evidence(const std::vector<Mention>& mentions) {
  std::string r;
  const size_t n = std::min(mentions.size(), kEvidenceMentions);
  for (size_t i = 0; i < n; ++i) {
    const Mention& m = mentions[i];
    if (!r.empty()) r += " | ";
    r += m.doc;
    r += '#';
    r += std::to_string(m.sentence);
    r += ": ";
    std::string_view t = m.text;
    if (t.size() > kEvidenceTextBytes) {
      size_t cut = kEvidenceTextBytes;
      while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
      r += t.substr(0, cut);
      r += "\xE2\x80\xA6";
    } else {
      r += t;
    }
  }
  if (mentions.size() > n) r += " | \xE2\x80\xA6";
  return r;
}

void write_key(Writer& w, std::string_view for_what, const Key& k) {
  w.raw("  <key id=\"");
  w.text(k.id);
  w.raw("\" for=\"");
  w.raw(for_what);
  w.raw("\" attr.name=\"");
  w.text(k.name);
  w.raw("\" attr.type=\"");
  w.raw(type_name(k.type));
  w.raw("\"><default>");
  w.text(k.def);
  w.raw("</default></key>\n");
}

void write_yed_node(Writer& w, const Node& n, std::string_view label, const std::string& color) {
  // Width grows with the longest label line so yEd's first layout does not overlap labels.
  const double width = std::max(40.0, 7.0 * static_cast<double>(std::min<size_t>(label.size(), 40)) + 16.0);
  w.raw("      <data key=\"ng\"><y:ShapeNode><y:Geometry height=\"30.0\" width=\"");
  w.real(width);
  w.raw("\" x=\"0.0\" y=\"0.0\"/><y:Fill color=\"");
  w.raw(color);
  w.raw("\" transparent=\"false\"/><y:BorderStyle color=\"#333333\" type=\"line\" width=\"1.0\"/>");
  w.raw("<y:NodeLabel alignment=\"center\" autoSizePolicy=\"content\" fontFamily=\"Dialog\" "
        "fontSize=\"12\" fontStyle=\"plain\" modelName=\"internal\" modelPosition=\"c\" "
        "textColor=\"");
  w.raw(is_dark(node_fill(n)) ? "#ffffff" : "#000000");
  w.raw("\" visible=\"true\">");
  w.text(label);
  w.raw("</y:NodeLabel><y:Shape type=\"");
  w.raw(yed_shape(n.kind));
  w.raw("\"/></y:ShapeNode></data>\n");
}

void write_yed_edge(Writer& w, std::string_view label) {
  w.raw("      <data key=\"e_graphics\"><y:PolyLineEdge><y:LineStyle color=\"#555555\" "
        "type=\"line\" width=\"1.0\"/><y:Arrows source=\"none\" target=\"standard\"/>"
        "<y:EdgeLabel fontFamily=\"Dialog\" fontSize=\"10\" textColor=\"#333333\" visible=\"true\">");
  w.text(label);
  w.raw("</y:EdgeLabel><y:BendStyle smoothed=\"false\"/></y:PolyLineEdge></data>\n");
}

void write_node(Writer& w, const Node& n, bool yed) {
  w.raw("    <node id=\"");
  w.text(n.id);
  w.raw("\">\n");
  const std::string_view label = n.label.empty() ? std::string_view(n.id) : std::string_view(n.label);
  w.str("label", label);
  struct Fields {
    Writer& w;
    void str(std::string_view k, std::string_view v) { w.str(k, v); }
    void flag(std::string_view k) { w.str(k, "true"); }
    void list(std::string_view k, const std::vector<std::string>& v) { w.str(k, join_list(v)); }
    void real(std::string_view k, double v) { w.dbl(k, v); }
    void integer(std::string_view k, int64_t v) {
      if (v < 0) w.str(k, std::to_string(v));
      else w.num(k, static_cast<uint64_t>(v));
    }
  } fields{w};
  visit_node_fields(n, fields);
  w.str("evidence", evidence(n.mentions));
  const Rgb c = node_fill(n);
  const std::string hex = to_hex(c);
  w.str("color", hex);
  w.num("r", c.r);
  w.num("g", c.g);
  w.num("b", c.b);
  if (yed) write_yed_node(w, n, label, hex);
  w.raw("    </node>\n");
  w.flush_if_full();
}

void write_edge(Writer& w, const Edge& e, size_t index, bool yed) {
  w.raw("    <edge id=\"e");
  w.integer(index);
  w.raw("\" source=\"");
  w.text(e.source);
  w.raw("\" target=\"");
  w.text(e.target);
  w.raw("\">\n");
  const std::string_view kind = graph::to_string(e.kind);
  w.str("e_kind", kind);
  w.str("e_label", kind);
  w.str("e_value", e.value);
  w.num("e_mentions", e.mentions.size());
  w.str("e_evidence", evidence(e.mentions));
  if (e.mentions.size() > 1) w.dbl("e_weight", static_cast<double>(e.mentions.size()));
  if (yed) write_yed_edge(w, kind);
  w.raw("    </edge>\n");
  w.flush_if_full();
}

}  // namespace

void write_graphml(const graph::Graph& g, std::ostream& out, const GraphmlOptions& opts) {
  Writer w{out, {}, {}};
  w.buf.reserve(kFlushBytes + 4096);
  w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  w.raw("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
  if (opts.yed)
    w.raw(" xmlns:y=\"http://www.yworks.com/xml/graphml\" xmlns:yed=\"http://www.yworks.com/xml/yed/3\""
          " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n");
  else
    w.raw(" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");

  size_t meta_index = 0;
  for (const auto& [name, value] : g.meta) {
    (void)value;
    const std::string id = "g_" + std::to_string(meta_index++);
    write_key(w, "graph", Key{id, name, Type::String, ""});
  }
  for (const Key& k : kNodeKeys) write_key(w, "node", k);
  for (const Key& k : kEdgeKeys) write_key(w, "edge", k);
  if (opts.yed) {
    w.raw("  <key id=\"ng\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n");
    w.raw("  <key id=\"e_graphics\" for=\"edge\" yfiles.type=\"edgegraphics\"/>\n");
  }

  w.raw("  <graph id=\"G\" edgedefault=\"directed\">\n");
  meta_index = 0;
  for (const auto& [name, value] : g.meta) {
    (void)name;
    w.raw("    <data key=\"g_");
    w.integer(meta_index++);
    w.raw("\">");
    w.text(value);
    w.raw("</data>\n");
  }
  // Streamed in nodes()/edges() order: a lazily loaded graph decodes each record into the
  // scratch object and keeps none, so memory stays flat on big graphs.
  Node node_scratch;
  for (const size_t pos : g.node_order()) write_node(w, g.node_view(pos, node_scratch), opts.yed);
  Edge edge_scratch;
  size_t index = 0;
  for (const size_t pos : g.edge_order()) write_edge(w, g.edge_view(pos, edge_scratch), index++, opts.yed);
  w.raw("  </graph>\n</graphml>\n");
  w.flush();
  if (!out) throw EnvironmentError("write_graphml: cannot write the GraphML output");
}

}  // namespace eg
