#pragma once
// GraphML export for Gephi, yEd, Cytoscape and networkx: every node and edge field of the graph
// as a typed, declared <key> with a <default>, plus colours, mention counts and an evidence
// string. The format is described in docs/formats.md, section "GraphML".

#include <ostream>

#include "graph/graph.hpp"

namespace eg {

struct GraphmlOptions {
  bool yed = false;  ///< add yFiles ShapeNode/PolyLineEdge graphics (labels, fill, shape per kind)
};

/// Writes `g` as GraphML 1.0 (UTF-8, directed, edge ids "e0".."eN" in edges() order). Output is
/// deterministic and well-formed whatever the strings contain: XML specials are escaped, invalid
/// UTF-8 is replaced by U+FFFD and forbidden control characters are dropped. Fields equal to
/// their declared default are omitted; lat/lon only when present. Throws EnvironmentError when
/// the stream fails.
void write_graphml(const graph::Graph& g, std::ostream& out, const GraphmlOptions& opts = {});

}  // namespace eg
