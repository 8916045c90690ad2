// The streaming read API of a graph built in memory: node_order/edge_order follow nodes()/edges()
// whatever the insertion order, node_view/edge_view hand out the stored records, ends_at agrees
// with the edges. (Lazily loaded graphs: tests/io/stream_export_test.cpp.)

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "graph/graph.hpp"

using namespace eg::graph;

namespace {

Node node(std::string id, NodeKind kind) {
  Node n;
  n.id = std::move(id);
  n.kind = kind;
  n.label = n.id + " label";
  return n;
}

void edge(Graph& g, std::string s, std::string t, EdgeKind k) {
  Edge e;
  e.source = std::move(s);
  e.target = std::move(t);
  e.kind = k;
  g.upsert_edge(e);
}

void check_agrees(const Graph& g) {
  const auto order = g.node_order();
  const auto nodes = g.nodes();
  REQUIRE(order.size() == nodes.size());
  Node scratch;
  for (size_t i = 0; i < order.size(); ++i) {
    CHECK(&g.node_view(order[i], scratch) == nodes[i]);  // eager: the stored node itself
    CHECK(g.id_at(order[i]) == nodes[i]->id);
  }
  const auto eorder = g.edge_order();
  const auto edges = g.edges();
  REQUIRE(eorder.size() == edges.size());
  Edge escratch;
  for (size_t i = 0; i < eorder.size(); ++i) {
    CHECK(&g.edge_view(eorder[i], escratch) == edges[i]);
    const auto ends = g.ends_at(eorder[i]);
    CHECK(g.id_at(ends.source) == edges[i]->source);
    CHECK(g.id_at(ends.target) == edges[i]->target);
    CHECK(ends.kind == edges[i]->kind);
  }
}

}  // namespace

TEST_CASE("streaming reads: orders and views of an in-memory graph") {
  Graph g;
  CHECK(g.node_order().empty());
  CHECK(g.edge_order().empty());
  // Inserted against id order, with edges against (source, target, kind) order.
  for (const char* id : {"event:z", "event:m", "actor:q", "actor:b", "place:a", "date:2020-01-02"})
    g.upsert_node(node(id, id[0] == 'e' ? NodeKind::Event : id[0] == 'a' ? NodeKind::Actor
                                                     : id[0] == 'p' ? NodeKind::Place : NodeKind::Date));
  edge(g, "event:z", "place:a", EdgeKind::Location);
  edge(g, "event:z", "actor:q", EdgeKind::Target);
  edge(g, "event:z", "actor:q", EdgeKind::Source);
  edge(g, "event:m", "event:z", EdgeKind::Precedes);
  edge(g, "event:m", "date:2020-01-02", EdgeKind::OnDate);
  edge(g, "actor:b", "actor:q", EdgeKind::MemberOf);
  CHECK(g.id_at(g.node_order().front()) == "actor:b");
  check_agrees(g);
  SUBCASE("after a removal") {
    g.remove_node("actor:q");
    check_agrees(g);
  }
  SUBCASE("after removing a kind of edges and adding more") {
    CHECK(g.remove_edges(EdgeKind::Precedes) == 1);
    edge(g, "actor:b", "event:m", EdgeKind::Mentions);
    check_agrees(g);
  }
}
