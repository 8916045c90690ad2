#include "io/neo4j_writer.hpp"
#include "io/list_field.hpp"

#include <array>
#include <cmath>
#include <functional>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>
#include <system_error>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/dot_writer.hpp"
#include "io/event_table.hpp"

namespace eg {

namespace {

using graph::Edge;
using graph::Node;
using graph::NodeKind;

enum class Type : uint8_t { String, Int, Float, Boolean };

struct Column {
  std::string_view name;
  Type type;
  std::function<std::string(const Node&)> get;
};

std::string_view type_suffix(Type t) {
  switch (t) {
    case Type::String: return "";
    case Type::Int: return ":int";
    case Type::Float: return ":float";
    case Type::Boolean: return ":boolean";
  }
  return "";
}

std::string_view cypher_conv(Type t) {
  switch (t) {
    case Type::String: return "";
    case Type::Int: return "toInteger";
    case Type::Float: return "toFloat";
    case Type::Boolean: return "toBoolean";
  }
  return "";
}

std::string_view label_of(NodeKind k) {
  switch (k) {
    case NodeKind::Event: return "Event";
    case NodeKind::Actor: return "Actor";
    case NodeKind::Place: return "Place";
    case NodeKind::Date: return "Date";
    case NodeKind::Document: return "Document";
  }
  return "Node";
}

std::string upper(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return r;
}

std::string opt_num(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? fmt::format("{}", *v) : std::string();
}

std::vector<Column> columns_for(NodeKind k) {
  std::vector<Column> c;
  c.push_back({"label", Type::String, [](const Node& n) { return n.label.empty() ? n.id : n.label; }});
  switch (k) {
    case NodeKind::Event:
      c.push_back({"event_kind", Type::String, [](const Node& n) { return n.event_kind; }});
      c.push_back({"plover", Type::String, [](const Node& n) { return n.plover; }});
      c.push_back({"quad_class", Type::String,
                   [](const Node& n) { return std::string(to_string(quad_class(n.plover))); }});
      c.push_back({"cameo", Type::String, [](const Node& n) { return n.cameo; }});
      c.push_back({"date", Type::String, [](const Node& n) { return n.date; }});
      c.push_back({"date_end", Type::String, [](const Node& n) { return n.date_end; }});
      c.push_back({"granularity", Type::String, [](const Node& n) { return n.granularity; }});
      c.push_back({"date_on_or_before", Type::Boolean,
                   [](const Node& n) { return std::string(n.date_on_or_before ? "true" : "false"); }});
      c.push_back({"modality", Type::String, [](const Node& n) { return n.modality; }});
      break;
    case NodeKind::Actor:
      c.push_back({"actor_type", Type::String, [](const Node& n) { return n.actor_type; }});
      c.push_back({"country", Type::String, [](const Node& n) { return n.country; }});
      c.push_back({"cameo", Type::String, [](const Node& n) { return n.cameo; }});
      c.push_back({"aliases", Type::String, [](const Node& n) { return join_list(n.aliases); }});
      c.push_back({"roles", Type::String, [](const Node& n) { return join_list(n.roles); }});
      break;
    case NodeKind::Place:
      c.push_back({"country", Type::String, [](const Node& n) { return n.country; }});
      c.push_back({"feature", Type::String, [](const Node& n) { return n.feature; }});
      c.push_back({"admin1", Type::String, [](const Node& n) { return n.admin1; }});
      c.push_back({"precision", Type::Int, [](const Node& n) { return std::to_string(n.precision); }});
      c.push_back({"lat", Type::Float, [](const Node& n) { return opt_num(n.lat); }});
      c.push_back({"lon", Type::Float, [](const Node& n) { return opt_num(n.lon); }});
      break;
    case NodeKind::Date:
      c.push_back({"date", Type::String, [](const Node& n) { return n.date; }});
      c.push_back({"granularity", Type::String, [](const Node& n) { return n.granularity; }});
      break;
    case NodeKind::Document:
      c.push_back({"url", Type::String, [](const Node& n) { return n.url; }});
      c.push_back({"title", Type::String, [](const Node& n) { return n.title; }});
      c.push_back({"doc_date", Type::String, [](const Node& n) { return n.doc_date; }});
      break;
  }
  c.push_back({"mentions", Type::Int, [](const Node& n) { return std::to_string(n.mentions.size()); }});
  return c;
}

void write_to(const std::filesystem::path& p, const std::string& content) {
  AtomicFile f(p);
  f.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  f.commit();
}

constexpr size_t kFlushBytes = size_t{1} << 16;

/// Writes `buf` to `out` and empties it once it holds kFlushBytes or more.
void flush_if_full(std::ostream& out, std::string& buf) {
  if (buf.size() < kFlushBytes) return;
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.clear();
}

/// Writes the rest of `buf` to the file and commits it. Throws EnvironmentError on failure.
void finish(AtomicFile& f, std::string& buf) {
  f.stream().write(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.clear();
  f.commit();
}

}  // namespace

std::vector<std::string> write_neo4j(const graph::Graph& g, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw EnvironmentError(fmt::format("{}: cannot create the folder: {}", dir.string(),
                                       ec ? ec.message() : "not a folder"));

  // One file per node kind and per edge kind present, in kind order; each streamed in
  // nodes()/edges() order, a lazily loaded graph decoding each record into a scratch object
  // and keeping none (memory stays flat on big graphs).
  constexpr size_t kNodeKinds = static_cast<size_t>(NodeKind::Document) + 1;
  constexpr size_t kEdgeKinds = static_cast<size_t>(graph::EdgeKind::Mentions) + 1;
  std::array<bool, kNodeKinds> has_label{};
  for (size_t pos = 0; pos < g.node_count(); ++pos) has_label[static_cast<size_t>(g.kind_at(pos))] = true;
  std::array<bool, kEdgeKinds> has_type{};
  for (size_t pos = 0; pos < g.edge_count(); ++pos) has_type[static_cast<size_t>(g.ends_at(pos).kind)] = true;
  const std::vector<size_t> node_order = g.node_order();
  std::string buf;
  buf.reserve(kFlushBytes + 4096);

  std::vector<std::string> files;
  std::string import_args;
  std::string cypher =
      "// Generated by `eventgraph export --to neo4j`. Copy the CSV files into Neo4j's import\n"
      "// folder, then run:  cypher-shell -u neo4j -p PASSWORD -f load.cypher\n"
      "CREATE CONSTRAINT eg_node_id IF NOT EXISTS FOR (n:EgNode) REQUIRE n.id IS UNIQUE;\n";

  Node node_scratch;
  for (size_t k = 0; k < kNodeKinds; ++k) {
    if (!has_label[k]) continue;
    const auto kind = static_cast<NodeKind>(k);
    const auto cols = columns_for(kind);
    const std::string label(label_of(kind));
    const std::string name = "nodes_" + label + ".csv";
    AtomicFile file(dir / name);
    std::string& csv = buf;
    csv += "id:ID";
    for (const Column& c : cols) {
      csv += ',';
      csv += c.name;
      csv += type_suffix(c.type);
    }
    csv += ",:LABEL\n";
    for (const size_t pos : node_order) {
      if (g.kind_at(pos) != kind) continue;
      const Node* n = &g.node_view(pos, node_scratch);
      append_csv_field(csv, n->id);
      for (const Column& c : cols) {
        csv += ',';
        append_csv_field(csv, c.get(*n));
      }
      csv += ',';
      csv += label;
      csv += ";EgNode\n";
      flush_if_full(file.stream(), csv);
    }
    finish(file, csv);
    files.push_back(name);
    import_args += " \\\n  --nodes=" + name;
    cypher += fmt::format("\nLOAD CSV WITH HEADERS FROM 'file:///{}' AS row\nMERGE (n:EgNode {{id: row.`id:ID`}})\n"
                          "SET n:{}",
                          name, label);
    for (const Column& c : cols) {
      const std::string field = fmt::format("row.`{}{}`", c.name, type_suffix(c.type));
      const auto conv = cypher_conv(c.type);
      cypher += fmt::format(", n.{} = {}", c.name, conv.empty() ? field : fmt::format("{}({})", conv, field));
    }
    cypher += ";\n";
  }

  const std::vector<size_t> edge_order = g.edge_order();
  Edge edge_scratch;
  for (size_t k = 0; k < kEdgeKinds; ++k) {
    if (!has_type[k]) continue;
    const auto kind = static_cast<graph::EdgeKind>(k);
    const std::string type = upper(graph::to_string(kind));
    const std::string name = "edges_" + type + ".csv";
    AtomicFile file(dir / name);
    std::string& csv = buf;
    csv += ":START_ID,:END_ID,value,mentions:int,:TYPE\n";
    for (const size_t pos : edge_order) {
      if (g.ends_at(pos).kind != kind) continue;
      const Edge* e = &g.edge_view(pos, edge_scratch);
      append_csv_field(csv, e->source);
      csv += ',';
      append_csv_field(csv, e->target);
      csv += ',';
      append_csv_field(csv, e->value);
      fmt::format_to(std::back_inserter(csv), ",{},{}\n", e->mentions.size(), type);
      flush_if_full(file.stream(), csv);
    }
    finish(file, csv);
    files.push_back(name);
    import_args += " \\\n  --relationships=" + name;
    cypher += fmt::format(
        "\nLOAD CSV WITH HEADERS FROM 'file:///{}' AS row\n"
        "MATCH (a:EgNode {{id: row.`:START_ID`}}), (b:EgNode {{id: row.`:END_ID`}})\n"
        "MERGE (a)-[r:{}]->(b)\nSET r.value = row.value, r.mentions = toInteger(row.`mentions:int`);\n",
        name, type);
  }

  const std::string script =
      "#!/bin/sh\n"
      "# Generated by `eventgraph export --to neo4j`: imports these CSV files into a new, EMPTY\n"
      "# Neo4j 5 database (default name: neo4j; stop the database first).\n"
      "# Usage: ./import.sh [DATABASE]   (neo4j-admin from $NEO4J_HOME/bin or PATH)\n"
      "set -eu\n"
      "cd \"$(dirname \"$0\")\"\n"
      "admin=neo4j-admin\n"
      "if [ -n \"${NEO4J_HOME:-}\" ]; then admin=\"$NEO4J_HOME/bin/neo4j-admin\"; fi\n"
      "\"$admin\" database import full --multiline-fields=true --skip-bad-relationships=false" +
      import_args + " \\\n  \"${1:-neo4j}\"\n";
  write_to(dir / "import.sh", script);
  std::filesystem::permissions(dir / "import.sh",
                               std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec |
                                   std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add, ec);
  files.push_back("import.sh");
  write_to(dir / "load.cypher", cypher);
  files.push_back("load.cypher");
  return files;
}

}  // namespace eg
