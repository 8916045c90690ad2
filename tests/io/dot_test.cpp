// DOT export: quoting of hostile ids, the timeline layout, and Graphviz itself parsing the output.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/segmenter.hpp"
#include "graph/graph.hpp"
#include "tests/io/graph_fixtures.hpp"
#include "io/dot_writer.hpp"

namespace {

using eg::test::make;

using eg::graph::Edge;
using eg::graph::EdgeKind;
using eg::graph::Graph;
using eg::graph::Node;
using eg::graph::NodeKind;

Node event(std::string id, std::string label, std::string plover, std::string date) {
  Node n = make(std::move(id), NodeKind::Event, std::move(label));
  n.plover = std::move(plover);
  n.date = std::move(date);
  return n;
}

void link(Graph& g, const std::string& s, const std::string& t, EdgeKind k, std::string v = "") {
  Edge e;
  e.source = s;
  e.target = t;
  e.kind = k;
  e.value = std::move(v);
  g.upsert_edge(e);
}

Graph hostile_graph() {
  Graph g;
  g.upsert_node(event("event:e1", "Air strike on a depot near the border crossing at dawn",
                      "ASSAULT", "2021-06-27"));
  g.upsert_node(event("event:e2", "Ministry condemned the strike", "disapprove", "2021-06-28"));
  g.upsert_node(event("event:e3", "Aid convoy", "AID", "2021-06-27"));
  g.upsert_node(event("event:e4", "Talks agreed", "AGREE", "2021-06"));
  g.upsert_node(event("event:e5", "Undated thing", "", ""));
  for (const char* id : {"node", "edge", "graph", "strict", "subgraph", "digraph"})
    g.upsert_node(make(id, NodeKind::Actor, id));
  g.upsert_node(make("actor:a\"b\\", NodeKind::Actor, "a\"b\\"));
  g.upsert_node(make("actor:amp", NodeKind::Actor, std::string("&<> x\x01y\xff\nz\\")));
  g.upsert_node(make("place:p", NodeKind::Place, "Town"));
  g.upsert_node(make("date:2021-06-28", NodeKind::Date, "2021-06-28"));
  g.upsert_node(make("doc:d1", NodeKind::Document, "A report"));
  link(g, "event:e1", "node", EdgeKind::Source);
  link(g, "event:e1", "actor:a\"b\\", EdgeKind::Target, "3 \"killed\" \\");
  link(g, "event:e1", "place:p", EdgeKind::Location);
  link(g, "event:e2", "date:2021-06-28", EdgeKind::OnDate);
  link(g, "event:e1", "doc:d1", EdgeKind::ReportedIn);
  link(g, "event:e2", "event:e1", EdgeKind::About);
  link(g, "event:e2", "actor:amp", EdgeKind::Source);
  link(g, "event:e1", "event:e2", EdgeKind::Precedes);
  link(g, "edge", "graph", EdgeKind::MemberOf);
  link(g, "strict", "subgraph", EdgeKind::BackedBy);
  link(g, "doc:d1", "digraph", EdgeKind::Mentions);
  return g;
}

std::string dot_of(const Graph& g, const eg::DotOptions& o = {}) {
  std::ostringstream out;
  eg::write_dot(g, out, o);
  return out.str();
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

bool have_dot() { return std::system("dot -V >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("dot: quoting and escaping") {
  const std::string s = dot_of(hostile_graph());
  CHECK(s.starts_with("digraph \"eventgraph\" {"));
  CHECK(eg::valid_utf8(s));
  CHECK(s.find('\x01') == std::string::npos);
  CHECK(s.find("  \"node\" [shape=ellipse") != std::string::npos);
  CHECK(s.find("\"actor:a\\\"b\\\\\" [") != std::string::npos);  // "actor:a\"b\\"
  CHECK(s.find("label=\"&amp;<> xy\xEF\xBF\xBD\\nz\\\\\"") != std::string::npos);
  CHECK(s.find("label=\"target\\n3 \\\"killed\\\" \\\\\"") != std::string::npos);
  CHECK(s == dot_of(hostile_graph()));
}

TEST_CASE("dot: timeline layout") {
  const Graph g = hostile_graph();
  const std::string s = dot_of(g);
  CHECK(s.find("rankdir=LR") != std::string::npos);
  CHECK(s.find("newrank=true") != std::string::npos);
  // One column per date, sorted; the existing Date node is used as the axis of its date.
  const auto c1 = s.find("{ rank=same; \"date:2021-06\"; \"event:e4\"; }");
  const auto c2 = s.find("{ rank=same; \"date:2021-06-27\"; \"event:e1\"; \"event:e3\"; }");
  const auto c3 = s.find("{ rank=same; \"date:2021-06-28\"; \"event:e2\"; }");
  CHECK(c1 != std::string::npos);
  CHECK(c2 != std::string::npos);
  CHECK(c3 != std::string::npos);
  CHECK(c1 < c2);
  CHECK(c2 < c3);
  CHECK(s.find("\"date:2021-06\" -> \"date:2021-06-27\" [style=invis") != std::string::npos);
  CHECK(s.find("\"date:2021-06-27\" -> \"date:2021-06-28\" [style=invis") != std::string::npos);
  // Quad-class colours.
  CHECK(s.find("\"event:e1\" [shape=box, style=\"rounded,filled\", fillcolor=\"#d73027\"") !=
        std::string::npos);
  CHECK(s.find("\"event:e2\" [shape=box, style=\"rounded,filled\", fillcolor=\"#fdae61\"") !=
        std::string::npos);
  CHECK(s.find("\"event:e3\" [shape=box, style=\"rounded,filled\", fillcolor=\"#1b7837\", "
               "fontcolor=white") != std::string::npos);
  CHECK(s.find("\"event:e4\" [shape=box, style=\"rounded,filled\", fillcolor=\"#a6dba0\"") !=
        std::string::npos);
  CHECK(s.find("\"event:e5\" [shape=box, style=\"rounded,filled\", fillcolor=\"#d9d9d9\"") !=
        std::string::npos);
  // Documents and OnDate edges are left out by default.
  CHECK(s.find("doc:d1") == std::string::npos);
  CHECK(s.find("label=\"on_date\"") == std::string::npos);
  CHECK(s.find("cluster_legend") != std::string::npos);

  eg::DotOptions all;
  all.include_documents = true;
  all.date_edges = true;
  all.legend = false;
  all.title = "A \"title\"";
  const std::string t = dot_of(g, all);
  CHECK(t.starts_with("digraph \"A \\\"title\\\"\" {"));
  CHECK(t.find("\"doc:d1\" [shape=folder") != std::string::npos);
  CHECK(t.find("\"doc:d1\" -> \"digraph\" [label=\"mentions\"") != std::string::npos);
  CHECK(t.find("label=\"on_date\"") != std::string::npos);
  CHECK(t.find("cluster_legend") == std::string::npos);

  eg::DotOptions flat;
  flat.timeline = false;
  const std::string u = dot_of(g, flat);
  CHECK(u.find("{ rank=same; \"date:") == std::string::npos);
  CHECK(u.find("rankdir") == std::string::npos);
}

TEST_CASE("dot: Graphviz parses and lays it out without a warning") {
  if (!have_dot()) {
    MESSAGE("graphviz `dot` not available: skipped");
    return;
  }
  const auto dir = std::filesystem::temp_directory_path() /
                   ("eg_dot_" + std::to_string(std::rand()));
  std::filesystem::create_directories(dir);
  eg::DotOptions variants[3];
  variants[1].include_documents = true;
  variants[1].date_edges = true;
  variants[1].title = "t\\";
  variants[2].timeline = false;
  for (const auto& o : variants) {
    const auto file = dir / "g.dot";
    std::ofstream(file, std::ios::binary) << dot_of(hostile_graph(), o);
    const auto canon = dir / "canon.dot";
    const auto err = dir / "err.txt";
    int rc = std::system(("dot -Tcanon '" + file.string() + "' >'" + canon.string() + "' 2>'" +
                          err.string() + "'").c_str());
    CHECK(rc == 0);
    CHECK(slurp(err).empty());
    const std::string c = slurp(canon);
    CHECK(c.find("\"node\"") != std::string::npos);
    CHECK(c.find("\"strict\"") != std::string::npos);
    CHECK(c.find("\"actor:a\\\"b\\\\\"") != std::string::npos);
    rc = std::system(
        ("dot -Tsvg '" + file.string() + "' -o /dev/null 2>'" + err.string() + "'").c_str());
    CHECK(rc == 0);
    INFO(slurp(err));
    CHECK(slurp(err).empty());
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("dot: palette helpers") {
  CHECK(eg::quad_class("ASSAULT") == eg::QuadClass::MaterialConflict);
  CHECK(eg::quad_class("crime") == eg::QuadClass::MaterialConflict);
  CHECK(eg::quad_class("PROTEST") == eg::QuadClass::VerbalConflict);
  CHECK(eg::quad_class("RETREAT") == eg::QuadClass::MaterialCooperation);
  CHECK(eg::quad_class("CONSULT") == eg::QuadClass::VerbalCooperation);
  CHECK(eg::quad_class("") == eg::QuadClass::None);
  CHECK(eg::quad_class("STRIKE") == eg::QuadClass::None);
  CHECK(eg::to_hex(eg::Rgb{1, 171, 255}) == "#01abff");
  CHECK(eg::is_dark(eg::quad_fill(eg::QuadClass::MaterialConflict)));
  CHECK_FALSE(eg::is_dark(eg::quad_fill(eg::QuadClass::VerbalCooperation)));
  std::string out;
  using namespace std::string_view_literals;
  eg::append_clean_utf8(
      out, "a\x00\x1f\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xc3\xed\xa0\x80\xef\xbf\xbe!"sv);
  CHECK(out == "a\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf"
               "\xbd\xef\xbf\xbd!");
}
