// Streamed exports: every exporter writes the same bytes for a graph built in memory and for
// the same graph loaded lazily from its binary cache (decoded into scratch records), whether
// none, some or all of the lazy records were decoded before.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "graph/graph.hpp"
#include "io/dot_writer.hpp"
#include "io/gexf_writer.hpp"
#include "io/graph_cache.hpp"
#include "io/graphml_writer.hpp"
#include "io/neo4j_writer.hpp"
#include "io/nodelink_writer.hpp"
#include "tests/io/graph_fixtures.hpp"

namespace {

using eg::test::link;
using eg::test::make;
using namespace eg::graph;

/// Nodes inserted out of id order (so positions do not order like ids), events with spans and
/// intervals, a date node known only by its id, a document, an actor with aliases, edges of
/// several kinds with values and mentions.
Graph stream_sample() {
  Graph g;
  g.meta["created_by"] = "stream test";
  g.meta["note"] = "a <b> & \"c\"";
  Node e2 = make("event:b", NodeKind::Event, "Second talks");
  e2.event_kind = "meet";
  e2.plover = "CONSULT";
  e2.date = "2022-05";
  e2.date_end = "2022-07-03";
  e2.granularity = "month";
  e2.modality = "reported";
  e2.mentions = {Mention{"d2", 1, 4, 9, "talks"}, Mention{"d1", 3, 0, 5, "talks"}};
  g.upsert_node(e2);
  Node e1 = make("event:a", NodeKind::Event, "");
  e1.event_kind = "strike";
  e1.plover = "ASSAULT";
  e1.cameo = "190";
  e1.date = "2022-04-30";
  e1.granularity = "day";
  e1.date_on_or_before = true;
  e1.mentions = {Mention{"d1", 0, 0, 6, "struck"}};
  g.upsert_node(e1);
  g.upsert_node(make("event:c", NodeKind::Event, "Undated statement, \"quoted\""));
  Node a = make("actor:z", NodeKind::Actor, "Zeta Front");
  a.actor_type = "group";
  a.country = "XYZ";
  a.aliases = {"ZF", "the front"};
  a.roles = {"armed group"};
  a.mentions = {Mention{"d1", 0, 10, 20, "Zeta Front"}};
  g.upsert_node(a);
  g.upsert_node(make("actor:m", NodeKind::Actor, "Ministry of Things"));
  Node p = make("place:t", NodeKind::Place, "Tallville");
  p.lat = 12.5;
  p.lon = -3.25;
  p.feature = "city";
  p.precision = 1;
  p.country = "XY";
  g.upsert_node(p);
  g.upsert_node(make("date:2022-04-30", NodeKind::Date, "30 April 2022"));
  Node d = make("doc:d1", NodeKind::Document, "Report one");
  d.url = "https://example.org/one?a=1&b=2";
  d.doc_date = "2022-05-01";
  g.upsert_node(d);
  link(g, "event:a", "actor:z", EdgeKind::Source, "claimed it");
  link(g, "event:a", "actor:m", EdgeKind::Target);
  link(g, "event:a", "place:t", EdgeKind::Location);
  link(g, "event:a", "date:2022-04-30", EdgeKind::OnDate);
  link(g, "event:a", "doc:d1", EdgeKind::ReportedIn);
  link(g, "event:b", "actor:m", EdgeKind::Source);
  link(g, "event:b", "event:a", EdgeKind::About, "\"a quote\", with\nnewline");
  link(g, "event:a", "event:b", EdgeKind::Precedes);
  link(g, "actor:z", "actor:m", EdgeKind::BackedBy);
  link(g, "doc:d1", "actor:z", EdgeKind::Mentions);
  Edge e;
  e.source = "event:b";
  e.target = "place:t";
  e.kind = EdgeKind::Location;
  e.mentions = {Mention{"d2", 1, 20, 29, "Tallville"}, Mention{"d2", 2, 0, 9, "Tallville"}};
  g.upsert_edge(e);
  return g;
}

Graph lazy_copy(const Graph& g) {
  const eg::CacheStamp st{1, 2};
  auto back = eg::graph_from_cache(eg::graph_to_cache(g, st), st, "stream");
  REQUIRE(back.has_value());
  return std::move(*back);
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

/// Every streamed export of `g`, concatenated with a title line per format.
std::string all_exports(const Graph& g, const std::filesystem::path& dir) {
  std::ostringstream out;
  out << "== graphml\n";
  eg::write_graphml(g, out);
  out << "== graphml yed\n";
  eg::GraphmlOptions yed;
  yed.yed = true;
  eg::write_graphml(g, out, yed);
  out << "== gexf\n";
  eg::write_gexf(g, out);
  out << "== nodelink\n";
  eg::write_nodelink(g, out);
  out << "== cytoscape\n";
  eg::write_cytoscape(g, out);
  out << "== dot\n";
  eg::write_dot(g, out);
  out << "== dot timeline with documents\n";
  eg::DotOptions d;
  d.timeline = d.legend = true;
  d.include_documents = true;
  eg::write_dot(g, out, d);
  out << "== dot timeline, sfdp, date edges\n";
  d.include_documents = false;
  d.date_edges = true;
  d.layout = "sfdp";
  eg::write_dot(g, out, d);
  std::filesystem::remove_all(dir);
  for (const std::string& f : eg::write_neo4j(g, dir)) out << "== neo4j " << f << "\n" << slurp(dir / f);
  return out.str();
}

std::filesystem::path temp_dir(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("eg_stream_" + name + "_" + std::to_string(::getpid()));
}

}  // namespace

TEST_CASE("streamed exports: a lazily loaded graph gives the same bytes as the graph it came from") {
  const Graph g = stream_sample();
  const auto dir = temp_dir("exports");
  const std::string eager = all_exports(g, dir);
  CHECK(eager.find("<node id=\"event:a\">") != std::string::npos);
  CHECK(eager.find("start=\"2022-05-01\" end=\"2022-07-03\"") != std::string::npos);  // a month to a day
  CHECK(eager.find("== neo4j edges_BACKED_BY.csv") != std::string::npos);

  SUBCASE("nothing decoded before") { CHECK(all_exports(lazy_copy(g), dir) == eager); }
  SUBCASE("some records decoded before") {
    const Graph lazy = lazy_copy(g);
    REQUIRE(lazy.find("actor:z") != nullptr);
    REQUIRE(lazy.find("event:b") != nullptr);
    (void)lazy.out_edges("event:a");
    CHECK(all_exports(lazy, dir) == eager);
  }
  SUBCASE("everything decoded before") {
    const Graph lazy = lazy_copy(g);
    (void)lazy.nodes();
    (void)lazy.edges();
    CHECK(all_exports(lazy, dir) == eager);
  }
  SUBCASE("a copy (not lazy, positions as loaded)") {
    const Graph copy = lazy_copy(g);
    CHECK(all_exports(Graph(copy), dir) == eager);
  }
  SUBCASE("the empty graph") {
    const Graph empty;
    CHECK(all_exports(lazy_copy(empty), dir) == all_exports(empty, dir));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("streamed reads: node_order/edge_order/node_view/edge_view/ends_at agree with nodes()/edges()") {
  const Graph eager = stream_sample();
  for (const Graph* g : {&eager}) {
    const Graph lazy = lazy_copy(*g);
    for (const Graph* h : {g, &lazy}) {
      const auto order = h->node_order();
      const auto nodes = h->nodes();
      REQUIRE(order.size() == nodes.size());
      Node scratch;
      for (size_t i = 0; i < order.size(); ++i) {
        CHECK(h->id_at(order[i]) == nodes[i]->id);
        CHECK(h->node_view(order[i], scratch) == *nodes[i]);
      }
      const auto eorder = h->edge_order();
      const auto edges = h->edges();
      REQUIRE(eorder.size() == edges.size());
      Edge escratch;
      for (size_t i = 0; i < eorder.size(); ++i) {
        CHECK(h->edge_view(eorder[i], escratch) == *edges[i]);
        const auto ends = h->ends_at(eorder[i]);
        CHECK(h->id_at(ends.source) == edges[i]->source);
        CHECK(h->id_at(ends.target) == edges[i]->target);
        CHECK(ends.kind == edges[i]->kind);
      }
    }
  }
}

TEST_CASE("streamed reads: a lazy node_view decodes into the scratch and keeps nothing") {
  const Graph lazy = lazy_copy(stream_sample());
  const size_t pos = *lazy.position("actor:z");
  Node scratch;
  scratch.lat = 1.0;  // left over from an earlier record: reset
  const Node& n = lazy.node_view(pos, scratch);
  CHECK(&n == &scratch);
  CHECK(n.label == "Zeta Front");
  CHECK_FALSE(n.lat.has_value());
  CHECK(n.aliases == std::vector<std::string>{"ZF", "the front"});
  // Still not decoded in the graph: a second view decodes again into the scratch.
  CHECK(&lazy.node_view(pos, scratch) == &scratch);
  // Once decoded (node_at keeps it), the stored node is handed out.
  const Node& kept = lazy.node_at(pos);
  CHECK(&lazy.node_view(pos, scratch) == &kept);
  Edge es;
  const Edge& e = lazy.edge_view(0, es);
  CHECK(&e == &es);
  CHECK(e == lazy.edge_at(0));
  CHECK(&lazy.edge_view(0, es) == &lazy.edge_at(0));
}
