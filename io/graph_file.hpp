#pragma once
// The graph file: the knowledge graph as one JSON document, format "eventgraph/1" (see
// docs/formats.md, "Graph file (eventgraph/1)"). Nodes sorted by id and edges by (source,
// target, kind), one per line, only non-empty fields: files diff cleanly and
// write(read(write(g))) is byte-identical.

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>

#include "graph/graph.hpp"

namespace eg {

/// Writes `g` as an eventgraph/1 JSON document. Throws EnvironmentError if the stream fails.
void write_graph_json(const graph::Graph& g, std::ostream& out);

/// The eventgraph/1 JSON text of `g` (what write_graph_json writes).
[[nodiscard]] std::string graph_to_json(const graph::Graph& g);

/// Reads a graph file. Throws InputError naming the file when it cannot be read, is not JSON
/// (with line and byte offset), is not an eventgraph/1 graph file, has a field of the wrong
/// type or an unknown kind, repeats a node id or an edge, or has an edge to an unknown node.
[[nodiscard]] graph::Graph read_graph_json(const std::filesystem::path& path);

/// Parses eventgraph/1 JSON text; `name_for_errors` starts every error message.
[[nodiscard]] graph::Graph graph_from_json(std::string_view json, std::string_view name_for_errors);

}  // namespace eg
