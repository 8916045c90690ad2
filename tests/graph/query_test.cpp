// Queries over a small hand-built graph.

#include <doctest/doctest.h>

#include "graph/builder.hpp"
#include "graph/query.hpp"

using namespace eg::graph;

namespace {

void node(Graph& g, std::string id, NodeKind k, std::string label) {
  Node n;
  n.id = std::move(id);
  n.kind = k;
  n.label = std::move(label);
  g.upsert_node(n);
}

void actor(Graph& g, std::string id, std::string label, std::vector<std::string> aliases = {}) {
  Node n;
  n.id = std::move(id);
  n.kind = NodeKind::Actor;
  n.label = std::move(label);
  n.aliases = std::move(aliases);
  g.upsert_node(n);
}

void event(Graph& g, std::string id, std::string kind, std::string plover, std::string date,
           std::string doc, uint32_t start) {
  Node n;
  n.id = id;
  n.kind = NodeKind::Event;
  n.label = kind + " " + date;
  n.event_kind = std::move(kind);
  n.plover = std::move(plover);
  n.date = std::move(date);
  n.mentions = {Mention{doc, 0, start, start + 3, "xxx"}};
  g.upsert_node(n);
}

void edge(Graph& g, std::string s, std::string t, EdgeKind k) {
  Edge e;
  e.source = std::move(s);
  e.target = std::move(t);
  e.kind = k;
  g.upsert_edge(e);
}

Graph sample() {
  Graph g;
  node(g, "doc:a", NodeKind::Document, "A");
  actor(g, "actor:united-states", "United States", {"US", "U.S."});
  actor(g, "actor:kataib-hezbollah", "Kata'ib Hezbollah", {"KH"});
  actor(g, "actor:iraq", "Iraq");
  actor(g, "actor:iraqi-army", "Iraqi Army");
  node(g, "place:al-qaim", NodeKind::Place, "Al-Qaim");
  event(g, "event:1", "strike", "ASSAULT", "2021-06-27", "a", 10);
  event(g, "event:2", "condemn", "DISAPPROVE", "2021-06-28", "a", 50);
  event(g, "event:3", "strike", "ASSAULT", "2021-08", "a", 90);
  event(g, "event:4", "statement", "", "", "a", 5);
  edge(g, "event:1", "actor:united-states", EdgeKind::Source);
  edge(g, "event:1", "actor:kataib-hezbollah", EdgeKind::Target);
  edge(g, "event:1", "place:al-qaim", EdgeKind::Location);
  edge(g, "event:2", "actor:iraq", EdgeKind::Source);
  edge(g, "event:2", "event:1", EdgeKind::About);
  edge(g, "event:3", "actor:kataib-hezbollah", EdgeKind::Source);
  edge(g, "event:3", "actor:united-states", EdgeKind::Target);
  edge(g, "event:4", "actor:iraq", EdgeKind::Source);
  for (const char* e : {"event:1", "event:2", "event:3", "event:4"}) edge(g, e, "doc:a", EdgeKind::ReportedIn);
  link_timeline(g);
  return g;
}

std::vector<std::string> ids(const std::vector<EventRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.event->id);
  return out;
}

}  // namespace

TEST_CASE("query: find_actors, exact before substring, case and quotes folded") {
  const Graph g = sample();
  auto r = find_actors(g, "iraq");
  REQUIRE(r.size() == 2);
  CHECK(r[0]->id == "actor:iraq");
  CHECK(r[1]->id == "actor:iraqi-army");
  r = find_actors(g, "kata\u2019ib hezbollah");
  REQUIRE(r.size() == 1);
  CHECK(r[0]->id == "actor:kataib-hezbollah");
  CHECK(find_actors(g, "kh").at(0)->id == "actor:kataib-hezbollah");
  CHECK(find_actors(g, "u.s.").at(0)->id == "actor:united-states");
  CHECK(find_actors(g, "actor:iraq").at(0)->id == "actor:iraq");
  CHECK(find_actors(g, "HEZB").size() == 1);
  CHECK(find_actors(g, "Al-Qaim").empty());  // places are not actors
  CHECK(find_actors(g, "").empty());
  CHECK(find_actors(g, "nobody").empty());
}

TEST_CASE("query: timeline and actor events in date order") {
  const Graph g = sample();
  CHECK(ids(timeline(g)) == std::vector<std::string>{"event:1", "event:2", "event:3", "event:4"});
  const auto rows = actor_events(g, "actor:united-states");
  CHECK(ids(rows) == std::vector<std::string>{"event:1", "event:3"});
  CHECK(rows[0].sources == std::vector<std::string>{"United States"});
  CHECK(rows[0].targets == std::vector<std::string>{"Kata'ib Hezbollah"});
  CHECK(rows[0].places == std::vector<std::string>{"Al-Qaim"});
  CHECK(actor_events(g, "actor:nobody").empty());
  CHECK(actor_events(g, "place:al-qaim").empty());
}

TEST_CASE("query: event filters") {
  const Graph g = sample();
  EventFilter f;
  CHECK(events(g, f).size() == 4);
  f.kind = "strike";
  CHECK(ids(events(g, f)) == std::vector<std::string>{"event:1", "event:3"});
  f = {};
  f.plover = "disapprove";
  CHECK(ids(events(g, f)) == std::vector<std::string>{"event:2"});
  f = {};
  f.from = "2021-06-28";
  CHECK(ids(events(g, f)) == std::vector<std::string>{"event:2", "event:3"});
  f = {};
  f.to = "2021-06";
  CHECK(ids(events(g, f)) == std::vector<std::string>{"event:1", "event:2"});
  f.from = "2021-06-28";
  CHECK(ids(events(g, f)) == std::vector<std::string>{"event:2"});
  f = {};
  f.from = "2021-08-15";  // a month-precision date overlaps a day inside it
  CHECK(ids(events(g, f)) == std::vector<std::string>{"event:3"});
  f = {};
  f.actor = "Iraq";  // by name: exact and substring matches
  CHECK(ids(events(g, f)) == std::vector<std::string>{"event:2", "event:4"});
  f.actor = "actor:kataib-hezbollah";
  f.kind = "strike";
  CHECK(ids(events(g, f)) == std::vector<std::string>{"event:1", "event:3"});
  f.actor = "nobody";
  CHECK(events(g, f).empty());
}

TEST_CASE("query: neighbors and path") {
  const Graph g = sample();
  const auto n = neighbors(g, "event:1");
  REQUIRE(n.size() == 6);  // out: 3 roles, reported_in, precedes; in: about
  CHECK(n[0].first->target == "actor:kataib-hezbollah");
  CHECK(n[0].second->label == "Kata'ib Hezbollah");
  CHECK(n.back().first->target == "event:1");
  CHECK(neighbors(g, "missing").empty());
  CHECK(g.shortest_path("actor:iraq", "place:al-qaim") ==
        std::vector<std::string>{"actor:iraq", "event:2", "event:1", "place:al-qaim"});
}
