#include "io/nodelink_writer.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/dot_writer.hpp"
#include "io/node_fields.hpp"

namespace eg {

namespace {

using graph::Edge;
using graph::Node;
using graph::NodeKind;

constexpr size_t kFlushBytes = size_t{1} << 16;

struct Writer {
  std::ostream& out;
  std::string buf;
  std::string scratch;
  bool first = true;  ///< no member written yet in the current object

  void flush() {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  }
  void flush_if_full() {
    if (buf.size() >= kFlushBytes) flush();
  }
  void key(std::string_view k) {
    if (!first) buf.push_back(',');
    first = false;
    buf.push_back('"');
    buf += k;  // keys are ASCII identifiers
    buf += "\":";
  }
  void str(std::string_view k, std::string_view v) {
    if (v.empty()) return;
    key(k);
    append_json_string(buf, v);
  }
  void num(std::string_view k, double v) {
    key(k);
    append_json_number(buf, v);
  }
  void integer(std::string_view k, uint64_t v) {
    key(k);
    fmt::format_to(std::back_inserter(buf), "{}", v);
  }
  void boolean(std::string_view k, bool v) {
    key(k);
    buf += v ? "true" : "false";
  }
  void list(std::string_view k, const std::vector<std::string>& v) {
    if (v.empty()) return;
    key(k);
    buf.push_back('[');
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) buf.push_back(',');
      append_json_string(buf, v[i]);
    }
    buf.push_back(']');
  }
};

/// The node's fields as members of the current object (after "id").
void node_members(Writer& w, const Node& n) {
  w.str("label", n.label.empty() ? n.id : n.label);
  struct Fields {
    Writer& w;
    void str(std::string_view k, std::string_view v) { w.str(k, v); }
    void flag(std::string_view k) { w.boolean(k, true); }
    void list(std::string_view k, const std::vector<std::string>& v) { w.list(k, v); }
    void real(std::string_view k, double v) { w.num(k, v); }
    void integer(std::string_view k, int64_t v) { w.integer(k, static_cast<uint64_t>(v)); }
  } fields{w};
  visit_node_fields(n, fields);
  w.str("color", to_hex(node_fill(n)));
}

void edge_members(Writer& w, const Edge& e) {
  w.str("kind", graph::to_string(e.kind));
  w.str("value", e.value);
  w.integer("mentions", e.mentions.size());
}

void meta_object(Writer& w, const graph::Graph& g) {
  w.buf.push_back('{');
  w.first = true;
  for (const auto& [k, v] : g.meta) {
    if (!w.first) w.buf.push_back(',');
    w.first = false;
    append_json_string(w.buf, k);
    w.buf.push_back(':');
    append_json_string(w.buf, v);
  }
  w.buf.push_back('}');
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  // Fast path: runs of plain ASCII are copied at once; anything else goes through the cleaner.
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
      run = i + 1;
      continue;
    }
    // Clean the rest of the string, then escape what remains.
    std::string clean;
    append_clean_utf8(clean, s.substr(i));
    for (char ch : clean) {
      const auto b = static_cast<unsigned char>(ch);
      switch (ch) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (b < 0x20) {
            out += "\\u00";
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 0xF]);
          } else {
            out.push_back(ch);
          }
      }
    }
    out.push_back('"');
    return;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  fmt::format_to(std::back_inserter(out), "{}", v);
}

void write_nodelink(const graph::Graph& g, std::ostream& out) {
  Writer w{out, {}, {}};
  w.buf.reserve(kFlushBytes + 4096);
  w.buf += "{\"directed\":true,\"multigraph\":true,\"graph\":";
  meta_object(w, g);
  w.buf += ",\n\"nodes\":[";
  bool first_item = true;
  // Streamed: see write_graphml (scratch records, nothing kept).
  Node node_scratch;
  for (const size_t pos : g.node_order()) {
    const Node* n = &g.node_view(pos, node_scratch);
    w.buf += first_item ? "\n{" : ",\n{";
    first_item = false;
    w.first = true;
    w.key("id");
    append_json_string(w.buf, n->id);
    node_members(w, *n);
    w.buf.push_back('}');
    w.flush_if_full();
  }
  w.buf += "],\n\"edges\":[";
  first_item = true;
  Edge edge_scratch;
  for (const size_t pos : g.edge_order()) {
    const Edge* e = &g.edge_view(pos, edge_scratch);
    w.buf += first_item ? "\n{" : ",\n{";
    first_item = false;
    w.first = true;
    w.key("source");
    append_json_string(w.buf, e->source);
    w.key("target");
    append_json_string(w.buf, e->target);
    w.key("key");
    append_json_string(w.buf, graph::to_string(e->kind));
    edge_members(w, *e);
    w.buf.push_back('}');
    w.flush_if_full();
  }
  w.buf += "]}\n";
  w.flush();
  if (!out) throw EnvironmentError("write_nodelink: cannot write the JSON output");
}

void write_cytoscape(const graph::Graph& g, std::ostream& out) {
  Writer w{out, {}, {}};
  w.buf.reserve(kFlushBytes + 4096);
  w.buf += "{\"data\":";
  meta_object(w, g);
  w.buf += ",\"elements\":{\"nodes\":[";
  bool first_item = true;
  Node node_scratch;
  for (const size_t pos : g.node_order()) {
    const Node* n = &g.node_view(pos, node_scratch);
    w.buf += first_item ? "\n{\"data\":{" : ",\n{\"data\":{";
    first_item = false;
    w.first = true;
    w.key("id");
    append_json_string(w.buf, n->id);
    node_members(w, *n);
    w.buf += "}}";
    w.flush_if_full();
  }
  w.buf += "],\n\"edges\":[";
  first_item = true;
  size_t index = 0;
  Edge edge_scratch;
  for (const size_t pos : g.edge_order()) {
    const Edge* e = &g.edge_view(pos, edge_scratch);
    w.buf += first_item ? "\n{\"data\":{" : ",\n{\"data\":{";
    first_item = false;
    w.first = true;
    w.key("id");
    w.buf.push_back('"');
    w.buf.push_back('e');
    fmt::format_to(std::back_inserter(w.buf), "{}", index++);
    w.buf.push_back('"');
    w.key("source");
    append_json_string(w.buf, e->source);
    w.key("target");
    append_json_string(w.buf, e->target);
    edge_members(w, *e);
    w.buf += "}}";
    w.flush_if_full();
  }
  w.buf += "]}}\n";
  w.flush();
  if (!out) throw EnvironmentError("write_cytoscape: cannot write the JSON output");
}

}  // namespace eg
