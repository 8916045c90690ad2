#pragma once
// Small builders for the hand-made graphs of the exporter tests.

#include <string>
#include <utility>

#include "graph/graph.hpp"

namespace eg::test {

/// A node with an id, a kind and a label; other fields default.
inline graph::Node make(std::string id, graph::NodeKind kind, std::string label) {
  graph::Node n;
  n.id = std::move(id);
  n.kind = kind;
  n.label = std::move(label);
  return n;
}

/// Adds the edge s -kind-> t (both nodes must exist) with an optional value.
inline void link(graph::Graph& g, const std::string& s, const std::string& t, graph::EdgeKind k,
                 std::string value = "") {
  graph::Edge e;
  e.source = s;
  e.target = t;
  e.kind = k;
  e.value = std::move(value);
  g.upsert_edge(e);
}

}  // namespace eg::test
