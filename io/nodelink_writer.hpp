#pragma once
// JSON graph exports for web and Python tools: networkx node-link JSON (read with
// networkx.node_link_graph) and Cytoscape.js elements JSON. Both carry every node and edge
// field (non-empty ones), the mention count and the fill colour. See docs/formats.md,
// "Node-link and Cytoscape JSON".

#include <ostream>
#include <string>
#include <string_view>

#include "graph/graph.hpp"

namespace eg {

/// Writes networkx node-link JSON: {"directed":true,"multigraph":true,"graph":{meta…},
/// "nodes":[{"id":…,…}],"edges":[{"source":…,"target":…,"key":kind,…}]} ("edges" is the key
/// networkx >= 3.4 reads by default; older versions: node_link_graph(d, edges="edges")).
/// Deterministic, valid UTF-8 JSON whatever the strings hold. Throws EnvironmentError when the
/// stream fails.
void write_nodelink(const graph::Graph& g, std::ostream& out);

/// Writes Cytoscape.js elements JSON: {"elements":{"nodes":[{"data":{"id":…}}],
/// "edges":[{"data":{"id":"e0","source":…,"target":…}}]}}. Throws EnvironmentError when the
/// stream fails.
void write_cytoscape(const graph::Graph& g, std::ostream& out);

/// Appends `s` as a JSON string literal (quotes included): cleaned like append_clean_utf8,
/// then `"` `\` and control characters escaped (\n \r \t, \u00XX for the rest).
void append_json_string(std::string& out, std::string_view s);

/// Appends a finite double in shortest round-trip form, or `null` for NaN/infinity.
void append_json_number(std::string& out, double v);

}  // namespace eg
