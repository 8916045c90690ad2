// The eventgraph/1 graph file: round trips and every error path.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/graph_file.hpp"

using namespace eg;
using namespace eg::graph;

namespace {

Graph rich_graph() {
  Graph g;
  g.meta["created_by"] = "eventgraph";
  g.meta["note"] = "quotes \" and \\ backslash";
  Node d;
  d.id = "doc:a";
  d.kind = NodeKind::Document;
  d.label = "Strikes \u201cnear\u201d the border";
  d.url = "https://example.org/a?x=1&y=2";
  d.title = d.label;
  d.doc_date = "2021-06-28";
  g.upsert_node(d);
  Node a;
  a.id = "actor:kataib-hezbollah";
  a.kind = NodeKind::Actor;
  a.label = "Kata\u2019ib Hezbollah";
  a.actor_type = "group";
  a.country = "IRQ";
  a.cameo = "IRQREB";
  a.aliases = {"KH", "Kata'ib Hizballah"};
  a.roles = {"militia"};
  a.mentions = {Mention{"a", 0, 17, 34, "Kata\u2019ib Hezbollah"}, Mention{"a", 2, 0, 2, "KH"}};
  g.upsert_node(a);
  Node p;
  p.id = "place:al-qaim";
  p.kind = NodeKind::Place;
  p.label = "Al-Qaim";
  p.lat = 34.3686;
  p.lon = 41.0944;
  g.upsert_node(p);
  Node e;
  e.id = "event:0123456789abcdef";
  e.kind = NodeKind::Event;
  e.label = "strike: \u2192 Kata\u2019ib Hezbollah (2021-06-27)";
  e.event_kind = "strike";
  e.plover = "ASSAULT";
  e.cameo = "195";
  e.date = "2021-06";
  e.date_end = "2021-07";
  e.granularity = "month";
  e.date_on_or_before = true;
  e.modality = "reported";
  e.mentions = {Mention{"a", -1, 7, 13, "struck\ttab\nnewline"}};
  g.upsert_node(e);
  Node t;
  t.id = "date:2021-06";
  t.kind = NodeKind::Date;
  t.label = "2021-06";
  t.date = "2021-06";
  g.upsert_node(t);
  Edge x;
  x.source = e.id;
  x.target = a.id;
  x.kind = EdgeKind::Target;
  x.value = "3";
  x.mentions = {Mention{"a", 0, 17, 34, "Kata\u2019ib Hezbollah"}};
  g.upsert_edge(x);
  g.upsert_edge(Edge{e.id, p.id, EdgeKind::Location, "", {}});
  g.upsert_edge(Edge{e.id, t.id, EdgeKind::OnDate, "on_or_before", {}});
  g.upsert_edge(Edge{e.id, d.id, EdgeKind::ReportedIn, "", {}});
  g.upsert_edge(Edge{d.id, a.id, EdgeKind::Mentions, "", {}});
  return g;
}

std::string error_of(std::string_view json) {
  try {
    (void)graph_from_json(json, "g.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kEmptyHead = R"({"format":"eventgraph/1","meta":{},"nodes":[)";

}  // namespace

TEST_CASE("graph file: round trip is exact") {
  const Graph g = rich_graph();
  const std::string text = graph_to_json(g);
  const Graph back = graph_from_json(text, "mem");
  CHECK(back == g);
  CHECK(graph_to_json(back) == text);
  CHECK(back.find("place:al-qaim")->lat == 34.3686);
  std::ostringstream s;
  write_graph_json(g, s);
  CHECK(s.str() == text);
}

TEST_CASE("graph file: layout is one node or edge per line, sorted, sparse") {
  const std::string text = graph_to_json(rich_graph());
  CHECK(text.starts_with("{\"format\":\"eventgraph/1\",\n\"meta\":{\"created_by\":\"eventgraph\","));
  CHECK(text.ends_with("\n]}\n"));
  // format, meta, "nodes":[, 5 nodes, ], "edges":[, 5 edges, ]}: 16 lines.
  CHECK(std::count(text.begin(), text.end(), '\n') == 16);
  CHECK(text.find("\n{\"id\":\"actor:kataib-hezbollah\",\"kind\":\"actor\",\"label\":") != std::string::npos);
  CHECK(text.find("{\"id\":\"date:2021-06\",\"kind\":\"date\",\"label\":\"2021-06\",\"date\":\"2021-06\"}") !=
        std::string::npos);
  CHECK(text.find("\"date_on_or_before\":true") != std::string::npos);
  CHECK(text.find("\"value\":\"on_or_before\"") != std::string::npos);
  CHECK(text.find("\\n") != std::string::npos);  // control characters escaped
  CHECK(text.find("doc:a") < text.find("event:0123"));

  const std::string empty = graph_to_json(Graph{});
  CHECK(empty == "{\"format\":\"eventgraph/1\",\n\"meta\":{},\n\"nodes\":[\n],\n\"edges\":[\n]}\n");
  CHECK(graph_from_json(empty, "e") == Graph{});
}

TEST_CASE("graph file: invalid UTF-8 is replaced so the file stays valid") {
  Graph g;
  Node n;
  n.id = "actor:x";
  n.label = std::string("bad \xff byte");
  g.upsert_node(n);
  const std::string text = graph_to_json(g);
  CHECK(text.find("bad \xEF\xBF\xBD byte") != std::string::npos);
  CHECK(graph_to_json(graph_from_json(text, "m")) == text);
}

TEST_CASE("graph file: read from and errors about files") {
  const auto dir = std::filesystem::temp_directory_path() / "eg_graph_file_test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "g.json";
  {
    std::ofstream f(path, std::ios::binary);
    write_graph_json(rich_graph(), f);
  }
  CHECK(read_graph_json(path) == rich_graph());
  CHECK_THROWS_AS((void)read_graph_json(dir / "missing.json"), InputError);
  try {
    (void)read_graph_json(dir / "missing.json");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("missing.json: cannot read") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("graph file: broken and truncated JSON name the line and byte") {
  const std::string text = graph_to_json(rich_graph());
  const std::string truncated = text.substr(0, text.size() / 2);
  const std::string err = error_of(truncated);
  CHECK(err.starts_with("g.json:"));
  CHECK(err.find("invalid JSON at byte") != std::string::npos);
  CHECK(error_of("") .find("g.json:1: invalid JSON at byte 0") == 0);
  CHECK(error_of("{\"format\":\"eventgraph/1\",\n\"nodes\":[{]}").find("g.json:2: invalid JSON at byte 36: Missing a name") == 0);
  CHECK(error_of("\x00\x01garbage").find("invalid JSON") != std::string::npos);
}

TEST_CASE("graph file: wrong or missing format") {
  CHECK(error_of(R"({"format":"eventgraph/2","nodes":[],"edges":[]})") ==
        "g.json: not an eventgraph/1 graph file (format=eventgraph/2)");
  CHECK(error_of(R"({"nodes":[],"edges":[]})") == "g.json: not an eventgraph/1 graph file (format=missing)");
  CHECK(error_of(R"({"format":1})") == "g.json: not an eventgraph/1 graph file (format=a number)");
  CHECK(error_of(R"([1,2])") == "g.json: not an eventgraph/1 graph file (format=not an object)");
}

TEST_CASE("graph file: structural errors") {
  CHECK(error_of(R"({"format":"eventgraph/1"})") == "g.json: \"nodes\" must be an array");
  CHECK(error_of(kEmptyHead + "]}") == "g.json: \"edges\" must be an array");
  CHECK(error_of(kEmptyHead + R"({"kind":"actor"}],"edges":[]})") == "g.json: node 1: missing \"id\"");
  CHECK(error_of(kEmptyHead + R"({"id":"a","kind":"alien"}],"edges":[]})") ==
        "g.json: node 1 (a): unknown kind \"alien\"");
  CHECK(error_of(kEmptyHead + R"({"id":"a","kind":"actor","label":7}],"edges":[]})") ==
        "g.json: node 1 (a): \"label\" must be a string, not a number");
  CHECK(error_of(kEmptyHead + R"({"id":"a","kind":"actor"},{"id":"a","kind":"actor"}],"edges":[]})") ==
        "g.json: node 2 (a): duplicate node id");
  CHECK(error_of(kEmptyHead + R"({"id":"a","kind":"actor","mentions":[{"doc":"d","start":-1,"end":2}]}],"edges":[]})")
            .find("non-negative") != std::string::npos);
  CHECK(error_of(kEmptyHead + R"({"id":"a","kind":"actor","aliases":[1]}],"edges":[]})")
            .find("array of strings") != std::string::npos);
  CHECK(error_of(kEmptyHead + R"({"id":"a","kind":"place","lat":"x"}],"edges":[]})")
            .find("\"lat\" must be a number") != std::string::npos);
  CHECK(error_of(R"({"format":"eventgraph/1","meta":{"a":1},"nodes":[],"edges":[]})") ==
        "g.json: meta: values must be strings");
  const std::string one = kEmptyHead + R"({"id":"a","kind":"actor"}],"edges":[)";
  CHECK(error_of(one + R"({"source":"a","target":"b","kind":"member_of"}]})") ==
        "g.json: edge 1: unknown target node \"b\"");
  CHECK(error_of(one + R"({"source":"z","target":"a","kind":"member_of"}]})") ==
        "g.json: edge 1: unknown source node \"z\"");
  CHECK(error_of(one + R"({"source":"a","target":"a","kind":"likes"}]})") ==
        "g.json: edge 1: unknown kind \"likes\"");
  CHECK(error_of(one + R"({"source":"a","target":"a","kind":"about"},{"source":"a","target":"a","kind":"about"}]})") ==
        "g.json: edge 2: duplicate edge a -about-> a");
  // Unknown fields are ignored (forward compatible).
  CHECK_NOTHROW((void)graph_from_json(one + R"({"source":"a","target":"a","kind":"about","weight":2}]})", "x"));
}
