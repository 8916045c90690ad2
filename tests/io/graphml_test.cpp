// GraphML export: hostile strings, defaults, and a real consumer (networkx) reading the file.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/segmenter.hpp"
#include "graph/graph.hpp"
#include "tests/io/graph_fixtures.hpp"
#include "io/graphml_writer.hpp"

namespace {

using eg::test::make;
using eg::test::link;

using eg::graph::Edge;
using eg::graph::EdgeKind;
using eg::graph::Graph;
using eg::graph::Mention;
using eg::graph::Node;
using eg::graph::NodeKind;

// 9 nodes, 8 edges; names chosen to break naive writers.
Graph hostile_graph() {
  Graph g;
  g.meta["created_by"] = "graphml_test & <friends>";
  Node e1 = make("event:e1", NodeKind::Event, "Air strike on a depot");
  e1.event_kind = "strike";
  e1.plover = "ASSAULT";
  e1.date = "2021-06-27";
  e1.granularity = "day";
  e1.modality = "asserted";
  for (int i = 0; i < 4; ++i)
    e1.mentions.push_back(Mention{"doc:d1", i, 0, 6, "struck"});
  g.upsert_node(e1);
  Node e2 = make("event:e2", NodeKind::Event, "The ministry condemned the strike");
  e2.event_kind = "condemn";
  e2.plover = "DISAPPROVE";
  e2.date = "2021-06-28";
  e2.date_on_or_before = true;
  e2.modality = "reported";
  g.upsert_node(e2);
  g.upsert_node(make("event:e3", NodeKind::Event, "Talks"));
  Node actor = make("node", NodeKind::Actor, "node");
  actor.aliases = {"edge", "graph"};
  actor.roles = {"President", "Chair"};
  g.upsert_node(actor);
  g.upsert_node(make("actor:a\"b\\", NodeKind::Actor, "a\"b\\"));
  g.upsert_node(make("actor:amp", NodeKind::Actor, std::string("&<> x\x01y\xff'z\r\n")));
  Node place = make("strict", NodeKind::Place, "Strict town");
  place.lat = 31.5;
  place.lon = -0.25;
  g.upsert_node(place);
  g.upsert_node(make("date:2021-06-27", NodeKind::Date, "2021-06-27"));
  Node doc = make("doc:d1", NodeKind::Document, "A report");
  doc.url = "https://example.org/a?b=1&c=2";
  doc.doc_date = "2021-06-29";
  g.upsert_node(doc);
  link(g, "event:e1", "node", EdgeKind::Source);
  link(g, "event:e1", "actor:a\"b\\", EdgeKind::Target);
  link(g, "event:e1", "strict", EdgeKind::Location);
  link(g, "event:e1", "date:2021-06-27", EdgeKind::OnDate);
  link(g, "event:e1", "doc:d1", EdgeKind::ReportedIn);
  link(g, "event:e2", "event:e1", EdgeKind::About);
  link(g, "event:e2", "actor:amp", EdgeKind::Source);
  link(g, "event:e1", "event:e2", EdgeKind::Precedes);
  return g;
}

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("eg_" + name + "_" + std::to_string(std::rand()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

bool have_networkx() {
  return std::system("python3 -c 'import networkx' >/dev/null 2>&1") == 0;
}

}  // namespace

TEST_CASE("graphml: escaped, clean, deterministic") {
  const Graph g = hostile_graph();
  std::ostringstream a, b;
  eg::write_graphml(g, a);
  eg::write_graphml(g, b);
  const std::string s = a.str();
  CHECK(s == b.str());
  CHECK(eg::valid_utf8(s));
  CHECK(s.find('\x01') == std::string::npos);
  CHECK(s.find("<data key=\"label\">&amp;&lt;&gt; xy\xEF\xBF\xBD&apos;z&#13;\n</data>") !=
        std::string::npos);
  CHECK(s.find("<node id=\"actor:a&quot;b\\\">") != std::string::npos);
  CHECK(s.find("edgedefault=\"directed\"") != std::string::npos);
  CHECK(s.find("<edge id=\"e0\"") != std::string::npos);
  CHECK(s.find("<edge id=\"e7\"") != std::string::npos);
  CHECK(s.find("attr.name=\"lat\" attr.type=\"double\"><default>NaN</default>") !=
        std::string::npos);
  CHECK(s.find("<data key=\"aliases\">edge; graph</data>") != std::string::npos);
  CHECK(s.find("<data key=\"evidence\">doc:d1#0: struck | doc:d1#1: struck | doc:d1#2: struck") !=
        std::string::npos);
  CHECK(s.find("<data key=\"color\">#d73027</data>") != std::string::npos);
  CHECK(s.find("yfiles") == std::string::npos);
}

TEST_CASE("graphml: networkx reads it back") {
  if (!have_networkx()) {
    MESSAGE("python3 with networkx not available: skipped");
    return;
  }
  const auto dir = fresh_dir("graphml");
  const Graph g = hostile_graph();
  for (bool yed : {false, true}) {
    const auto file = dir / (yed ? "g_yed.graphml" : "g.graphml");
    {
      std::ofstream f(file, std::ios::binary);
      eg::write_graphml(g, f, eg::GraphmlOptions{yed});
    }
    const auto script = dir / "check.py";
    std::ofstream(script) << R"(import networkx, sys
g = networkx.read_graphml(sys.argv[1])
assert g.is_directed()
assert g.number_of_nodes() == 9, g.number_of_nodes()
assert g.number_of_edges() == 8, g.number_of_edges()
assert g.nodes['actor:a"b\\']['label'] == 'a"b\\', g.nodes['actor:a"b\\']
assert g.nodes['actor:amp']['label'] == "&<> xy\ufffd'z\r\n", repr(g.nodes['actor:amp']['label'])
e1 = g.nodes['event:e1']
assert e1['mentions'] == 4 and e1['kind'] == 'event' and e1['plover'] == 'ASSAULT', e1
assert (e1['r'], e1['g'], e1['b']) == (0xd7, 0x30, 0x27), e1
assert 'lat' not in e1
assert g.nodes['strict']['lat'] == 31.5 and g.nodes['strict']['lon'] == -0.25
assert g.nodes['event:e2']['date_on_or_before'] is True
assert g.nodes['node']['roles'] == 'Chair; President', g.nodes['node']
assert g.edges['event:e1', 'node']['kind'] == 'source'
assert g.edges['event:e2', 'event:e1']['label'] == 'about'
assert g.graph['created_by'] == 'graphml_test & <friends>', g.graph
)";
    const auto err = dir / "err.txt";
    const std::string cmd =
        "python3 '" + script.string() + "' '" + file.string() + "' 2>'" + err.string() + "'";
    const int rc = std::system(cmd.c_str());
    INFO("yed=" << yed << " " << slurp(err));
    CHECK(rc == 0);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("graphml: yEd graphics") {
  const Graph g = hostile_graph();
  std::ostringstream out;
  eg::write_graphml(g, out, eg::GraphmlOptions{true});
  const std::string s = out.str();
  CHECK(s.find("xmlns:y=\"http://www.yworks.com/xml/graphml\"") != std::string::npos);
  CHECK(s.find("yfiles.type=\"nodegraphics\"") != std::string::npos);
  CHECK(s.find("<y:Shape type=\"roundrectangle\"/>") != std::string::npos);
  CHECK(s.find("<y:Shape type=\"ellipse\"/>") != std::string::npos);
  CHECK(s.find("<y:Fill color=\"#d73027\"") != std::string::npos);
}

TEST_CASE("graphml: empty graph is valid") {
  Graph g;
  std::ostringstream out;
  eg::write_graphml(g, out);
  CHECK(out.str().find("<graph id=\"G\" edgedefault=\"directed\">\n  </graph>") != std::string::npos);
}
