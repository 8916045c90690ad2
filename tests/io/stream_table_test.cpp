// Streamed event table, GeoJSON, eventgraph/1 JSON and timeline order: the same bytes (and the
// same order) for a graph built in memory and for it loaded lazily from its binary cache.

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "graph/builder.hpp"
#include "graph/graph.hpp"
#include "io/event_table.hpp"
#include "io/geojson_writer.hpp"
#include "io/graph_cache.hpp"
#include "io/graph_file.hpp"
#include "tests/io/graph_fixtures.hpp"

namespace {

using eg::test::link;
using eg::test::make;
using namespace eg::graph;

Node event(const std::string& id, const std::string& kind, const std::string& date, std::vector<Mention> ms) {
  Node n = make(id, NodeKind::Event, kind + " " + date);
  n.event_kind = kind;
  n.plover = kind == "strike" ? "ASSAULT" : "DISAPPROVE";
  n.cameo = kind == "strike" ? "190" : "111";
  n.date = date;
  n.granularity = date.size() == 10 ? "day" : date.empty() ? "" : "month";
  n.mentions = std::move(ms);
  return n;
}

/// Events on one day whose cue edges go against their document order, events of one date in
/// documents of different publication dates, an undated event, one without mentions, places
/// with and without coordinates; inserted out of id order.
Graph table_sample() {
  Graph g;
  g.meta["created_by"] = "stream table test";
  Node d1 = make("doc:d1", NodeKind::Document, "One");
  d1.url = "https://example.org/1";
  d1.doc_date = "2022-05-09";
  g.upsert_node(d1);
  Node d2 = make("doc:d2", NodeKind::Document, "Two");
  d2.doc_date = "2022-05-04";
  g.upsert_node(d2);
  g.upsert_node(event("event:z", "strike", "2022-05-03", {Mention{"d1", 0, 0, 6, "struck"}}));
  g.upsert_node(event("event:y", "condemn", "2022-05-03", {Mention{"d1", 1, 0, 9, "condemned"}}));
  g.upsert_node(event("event:x", "strike", "2022-05-03", {Mention{"d2", 4, 3, 9, "shells"}}));
  g.upsert_node(event("event:w", "condemn", "2022-05", {Mention{"d1", 2, 5, 8, "deplored"}}));
  g.upsert_node(event("event:v", "strike", "", {Mention{"d2", 0, 0, 4, "raid"}}));
  g.upsert_node(event("event:u", "strike", "2022-05-03", {}));
  g.upsert_node(event("event:t", "condemn", "PRESENT_REF", {Mention{"d3", 0, 0, 4, "said"}}));
  Node a = make("actor:a", NodeKind::Actor, "Alpha, \"the army\"");
  a.country = "XYZ";
  g.upsert_node(a);
  g.upsert_node(make("actor:b", NodeKind::Actor, ""));
  Node p = make("place:p", NodeKind::Place, "Town");
  p.lat = 1.5;
  p.lon = -2.25;
  p.precision = 1;
  p.country = "XY";
  g.upsert_node(p);
  Node q = make("place:q", NodeKind::Place, "Region");
  q.precision = 2;
  g.upsert_node(q);
  link(g, "event:z", "actor:a", EdgeKind::Source, "we did it");
  link(g, "event:z", "actor:b", EdgeKind::Target);
  link(g, "event:z", "place:p", EdgeKind::Location);
  link(g, "event:z", "place:q", EdgeKind::Location);
  link(g, "event:y", "actor:b", EdgeKind::Source);
  link(g, "event:y", "place:q", EdgeKind::Location);
  link(g, "event:x", "place:p", EdgeKind::Location);
  link(g, "event:v", "actor:a", EdgeKind::Target);
  // On 2022-05-03 the plain order is u (no mention), x (d2 is older), z, y; the cues make it x, y, z, u.
  link(g, "event:y", "event:z", EdgeKind::Precedes, std::string(kCuePrecedes));
  link(g, "event:z", "event:u", EdgeKind::Precedes, std::string(kCuePrecedes));
  link(g, "event:w", "event:z", EdgeKind::Precedes);
  return g;
}

Graph lazy_copy(const Graph& g) {
  const eg::CacheStamp st{3, 4};
  auto back = eg::graph_from_cache(eg::graph_to_cache(g, st), st, "stream table");
  REQUIRE(back.has_value());
  return std::move(*back);
}

eg::GoldsteinTable gold() {
  eg::GoldsteinTable t;
  t.by_code = {{"19", -10.0}, {"11", -2.0}, {"190", -10.0}};
  return t;
}

std::vector<std::string> ids_of(const Graph& g, const std::vector<size_t>& positions) {
  std::vector<std::string> out;
  for (size_t p : positions) out.emplace_back(g.id_at(p));
  return out;
}

std::vector<std::string> ids_of(const std::vector<const Node*>& nodes) {
  std::vector<std::string> out;
  for (const Node* n : nodes) out.push_back(n->id);
  return out;
}

/// Every streamed output of `g`, concatenated.
std::string streamed(const Graph& g) {
  std::ostringstream out;
  const auto t = gold();
  eg::write_event_table(g, t, out, eg::TableFormat::Csv);
  eg::write_event_table(g, t, out, eg::TableFormat::Tsv);
  eg::write_geojson(g, t, out);
  eg::write_graph_json(g, out);
  return out.str();
}

/// The same outputs through the materialised records and nodes.
std::string materialised(const Graph& g) {
  std::ostringstream out;
  const auto t = gold();
  const auto records = eg::event_records(g, t);
  eg::write_event_table(records, out, eg::TableFormat::Csv);
  eg::write_event_table(records, out, eg::TableFormat::Tsv);
  eg::write_geojson(records, out);
  eg::write_graph_json(g, out);
  return out.str();
}

}  // namespace

TEST_CASE("timeline_positions: timeline_order as positions, eager and lazy") {
  const Graph g = table_sample();
  const auto expect = ids_of(timeline_order(g));
  REQUIRE(expect.size() == 7);
  CHECK(expect.front() == "event:w");  // "2022-05" sorts before "2022-05-03"
  CHECK(expect == std::vector<std::string>{"event:w", "event:x", "event:y", "event:z", "event:u", "event:v",
                                           "event:t"});  // undated last, by date value
  CHECK(ids_of(g, timeline_positions(g)) == expect);
  const Graph lazy = lazy_copy(g);
  CHECK(ids_of(lazy, timeline_positions(lazy)) == expect);
  CHECK(ids_of(timeline_order(lazy)) == expect);
  // A subset, with a non-event and an out-of-range position dropped.
  std::vector<size_t> some;
  for (const char* id : {"event:x", "actor:a", "event:z", "event:v"}) some.push_back(*g.position(id));
  some.push_back(g.node_count() + 5);
  std::vector<const Node*> nodes;
  for (const char* id : {"event:x", "event:z", "event:v"}) nodes.push_back(g.find(id));
  CHECK(ids_of(g, order_timeline_positions(g, some)) == ids_of(order_timeline(g, nodes)));
  CHECK(order_timeline_positions(g, {}).empty());
  CHECK(timeline_positions(Graph()).empty());
}

TEST_CASE("streamed event table, GeoJSON and graph JSON: same bytes eager, lazy and materialised") {
  const Graph g = table_sample();
  const std::string eager = streamed(g);
  CHECK(eager == materialised(g));
  CHECK(eager.find("https://example.org/1") != std::string::npos);
  CHECK(eager.find("\"Alpha, \"\"the army\"\"\"") != std::string::npos);  // CSV quoting
  CHECK(eager.find("\"coordinates\":[-2.25,1.5]") != std::string::npos);
  SUBCASE("lazy, nothing decoded") { CHECK(streamed(lazy_copy(g)) == eager); }
  SUBCASE("lazy, some records decoded") {
    const Graph lazy = lazy_copy(g);
    REQUIRE(lazy.find("event:y") != nullptr);
    REQUIRE(lazy.find("doc:d1") != nullptr);
    (void)lazy.out_edges("event:z");
    CHECK(streamed(lazy) == eager);
  }
  SUBCASE("lazy, materialised") { CHECK(materialised(lazy_copy(g)) == eager); }
  SUBCASE("the empty graph") { CHECK(streamed(lazy_copy(Graph())) == streamed(Graph())); }
}
