// Slicing: actor, ego, date window, kind/PLOVER, min mentions, max events; what stays.

#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "graph/builder.hpp"
#include "graph/slice.hpp"

namespace {

using eg::graph::Edge;
using eg::graph::EdgeKind;
using eg::graph::Graph;
using eg::graph::Mention;
using eg::graph::Node;
using eg::graph::NodeKind;

void node(Graph& g, const std::string& id, NodeKind k) {
  Node n;
  n.id = id;
  n.kind = k;
  n.label = id;
  g.upsert_node(n);
}

void event(Graph& g, const std::string& id, const std::string& date, const std::string& kind,
           const std::string& plover, int mentions) {
  Node n;
  n.id = id;
  n.kind = NodeKind::Event;
  n.label = id;
  n.date = date;
  n.event_kind = kind;
  n.plover = plover;
  for (int i = 0; i < mentions; ++i) n.mentions.push_back(Mention{"d1", i, 0, 1, "x"});
  g.upsert_node(n);
}

void link(Graph& g, const std::string& s, const std::string& t, EdgeKind k) {
  Edge e;
  e.source = s;
  e.target = t;
  e.kind = k;
  g.upsert_edge(e);
}

// a --strike(e1, 06-01, 3 mentions)--> b at place:p (located in place:country)
// b --condemn(e2, 06-05, 1)--> a ; c --strike(e3, 07-10, 2)--> d ; a member_of c
Graph sample() {
  Graph g;
  for (const char* a : {"actor:a", "actor:b", "actor:c", "actor:d"}) node(g, a, NodeKind::Actor);
  node(g, "place:p", NodeKind::Place);
  node(g, "place:country", NodeKind::Place);
  node(g, "doc:d1", NodeKind::Document);
  event(g, "event:e1", "2021-06-01", "strike", "ASSAULT", 3);
  event(g, "event:e2", "2021-06-05", "condemn", "DISAPPROVE", 1);
  event(g, "event:e3", "2021-07-10", "strike", "ASSAULT", 2);
  link(g, "event:e1", "actor:a", EdgeKind::Source);
  link(g, "event:e1", "actor:b", EdgeKind::Target);
  link(g, "event:e1", "place:p", EdgeKind::Location);
  link(g, "place:p", "place:country", EdgeKind::LocatedIn);
  link(g, "event:e2", "actor:b", EdgeKind::Source);
  link(g, "event:e2", "actor:a", EdgeKind::Target);
  link(g, "event:e2", "event:e1", EdgeKind::About);
  link(g, "event:e3", "actor:c", EdgeKind::Source);
  link(g, "event:e3", "actor:d", EdgeKind::Target);
  link(g, "actor:a", "actor:c", EdgeKind::MemberOf);
  for (const char* e : {"event:e1", "event:e2", "event:e3"}) link(g, e, "doc:d1", EdgeKind::ReportedIn);
  eg::graph::link_timeline(g);
  return g;
}

std::vector<std::string> ids(const Graph& g) {
  std::vector<std::string> r;
  for (const Node* n : g.nodes()) r.push_back(n->id);
  return r;
}

bool has_edge(const Graph& g, const std::string& s, const std::string& t, EdgeKind k) {
  for (const Edge* e : g.out_edges(s))
    if (e->target == t && e->kind == k) return true;
  return false;
}

}  // namespace

TEST_CASE("slice: no options is a copy") {
  const Graph g = sample();
  eg::graph::SliceStats st;
  CHECK(eg::graph::is_empty(eg::graph::SliceOptions{}));
  CHECK(eg::graph::slice(g, {}, &st) == g);
  CHECK(st.events_in == 3);
  CHECK(st.events_out == 3);
  CHECK_FALSE(st.cut_by_max);
}

TEST_CASE("slice: actor keeps its events and their neighbours") {
  const Graph g = sample();
  eg::graph::SliceOptions o;
  o.actors = {"actor:d"};
  const Graph r = eg::graph::slice(g, o);
  CHECK(ids(r) == std::vector<std::string>{"actor:c", "actor:d", "doc:d1", "event:e3"});
  o.actors = {"actor:a"};
  const Graph r2 = eg::graph::slice(g, o);
  CHECK(ids(r2) == std::vector<std::string>{"actor:a", "actor:b", "doc:d1", "event:e1", "event:e2", "place:country",
                                            "place:p"});
  CHECK(has_edge(r2, "event:e2", "event:e1", EdgeKind::About));
  CHECK(has_edge(r2, "event:e1", "event:e2", EdgeKind::Precedes));
  CHECK(has_edge(r2, "place:p", "place:country", EdgeKind::LocatedIn));
  CHECK_FALSE(r2.find("actor:c"));  // linked to a only by member_of, no kept event
  o.actors = {"actor:nobody"};
  CHECK_THROWS_AS((void)eg::graph::slice(g, o), std::invalid_argument);
}

TEST_CASE("slice: date window, kind, plover, min mentions") {
  const Graph g = sample();
  eg::graph::SliceOptions o;
  o.from = "2021-06";
  o.to = "2021-06";
  Graph r = eg::graph::slice(g, o);
  CHECK(r.find("event:e1"));
  CHECK(r.find("event:e2"));
  CHECK_FALSE(r.find("event:e3"));
  CHECK_FALSE(r.find("actor:d"));
  CHECK(r.find("actor:a"));
  CHECK_FALSE(has_edge(r, "actor:a", "actor:c", EdgeKind::MemberOf));
  o = {};
  o.kind = "strike";
  o.min_mentions = 3;
  r = eg::graph::slice(g, o);
  CHECK(r.find("event:e1"));
  CHECK_FALSE(r.find("event:e3"));
  o = {};
  o.plover = "disapprove";
  r = eg::graph::slice(g, o);
  CHECK(r.find("event:e2"));
  CHECK_FALSE(r.find("event:e1"));
}

TEST_CASE("slice: max events keeps the most mentioned") {
  const Graph g = sample();
  eg::graph::SliceOptions o;
  o.max_events = 2;
  eg::graph::SliceStats st;
  const Graph r = eg::graph::slice(g, o, &st);
  CHECK(st.cut_by_max);
  CHECK(st.events_in == 3);
  CHECK(st.events_out == 2);
  CHECK(r.find("event:e1"));
  CHECK(r.find("event:e3"));
  CHECK_FALSE(r.find("event:e2"));
  CHECK(has_edge(r, "event:e1", "event:e3", EdgeKind::Precedes));  // timeline relinked
  o.max_events = 5;
  (void)eg::graph::slice(g, o, &st);
  CHECK_FALSE(st.cut_by_max);
}

TEST_CASE("slice: ego network") {
  const Graph g = sample();
  eg::graph::SliceOptions o;
  o.ego = "actor:d";
  o.depth = 1;
  CHECK(ids(eg::graph::slice(g, o)) == std::vector<std::string>{"actor:d", "event:e3"});
  o.depth = 2;
  CHECK(ids(eg::graph::slice(g, o)) == std::vector<std::string>{"actor:c", "actor:d", "doc:d1", "event:e3"});
  o.depth = 3;  // through c to a (member_of), not through the document
  const Graph r = eg::graph::slice(g, o);
  CHECK(r.find("actor:a"));
  CHECK_FALSE(r.find("event:e1"));
  o.depth = 0;
  CHECK(ids(eg::graph::slice(g, o)) == std::vector<std::string>{"actor:d"});
}
