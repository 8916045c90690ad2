// timeline_positions / order_timeline_positions: timeline_order as node positions, including the
// cue-edge reordering within a day and a cycle of cues (which keeps the plain order).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "graph/builder.hpp"
#include "graph/graph.hpp"

namespace {

using namespace eg::graph;

void add_event(Graph& g, const std::string& id, const std::string& date, const std::string& doc, int32_t sentence) {
  Node n;
  n.id = id;
  n.kind = NodeKind::Event;
  n.event_kind = "meet";
  n.date = date;
  if (!doc.empty()) n.mentions = {Mention{doc, sentence, 0, 4, "met"}};
  g.upsert_node(n);
}

void cue(Graph& g, const std::string& from, const std::string& to) {
  Edge e;
  e.source = from;
  e.target = to;
  e.kind = EdgeKind::Precedes;
  e.value = std::string(kCuePrecedes);
  g.upsert_edge(e);
}

std::vector<std::string> ids(const Graph& g, const std::vector<size_t>& positions) {
  std::vector<std::string> out;
  for (size_t p : positions) out.emplace_back(g.id_at(p));
  return out;
}

std::vector<std::string> ids(const std::vector<const Node*>& nodes) {
  std::vector<std::string> out;
  for (const Node* n : nodes) out.push_back(n->id);
  return out;
}

}  // namespace

TEST_CASE("timeline_positions: same order as timeline_order, cues and cue cycles included") {
  Graph g;
  Node doc;
  doc.id = "doc:b";
  doc.kind = NodeKind::Document;
  doc.doc_date = "2020-01-01";  // doc "a" has no node, so no date: "" sorts first
  g.upsert_node(doc);
  add_event(g, "event:5", "2021-03-04", "a", 2);
  add_event(g, "event:4", "2021-03-04", "a", 1);
  add_event(g, "event:3", "2021-03-04", "b", 0);
  add_event(g, "event:2", "2021-03-05", "a", 0);
  add_event(g, "event:1", "2021-03-05", "a", 1);
  add_event(g, "event:0", "", "", 0);
  Node actor;
  actor.id = "actor:x";
  g.upsert_node(actor);
  cue(g, "event:5", "event:4");  // against the sentence order: 5 moves before 4
  cue(g, "event:2", "event:1");  // a cycle: plain order kept
  cue(g, "event:1", "event:2");
  const auto expect = ids(timeline_order(g));
  CHECK(expect == std::vector<std::string>{"event:5", "event:4", "event:3", "event:2", "event:1", "event:0"});
  CHECK(ids(g, timeline_positions(g)) == expect);

  std::vector<size_t> some{*g.position("event:1"), *g.position("actor:x"), *g.position("event:4"),
                           *g.position("event:5")};
  CHECK(ids(g, order_timeline_positions(g, some)) == std::vector<std::string>{"event:5", "event:4", "event:1"});
  CHECK(ids(order_timeline(g, {g.find("event:1"), g.find("event:4"), g.find("event:5")})) ==
        std::vector<std::string>{"event:5", "event:4", "event:1"});
}
