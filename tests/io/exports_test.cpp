// GEXF, node-link, Cytoscape, event table (CSV/TSV), GeoJSON and Neo4j exports: hostile strings
// (`<&"'\`, control characters, invalid UTF-8), exact output checks, and real consumers
// (networkx, xmllint, Python's csv and json modules) reading the files. Consumers that are
// missing make their test case skip with a message.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/resources.hpp"
#include "core/segmenter.hpp"
#include "graph/graph.hpp"
#include "tests/io/graph_fixtures.hpp"
#include "io/dot_writer.hpp"
#include "io/event_table.hpp"
#include "io/geojson_writer.hpp"
#include "io/graphml_writer.hpp"
#include "io/gexf_writer.hpp"
#include "io/neo4j_writer.hpp"
#include "io/nodelink_writer.hpp"

namespace {

using eg::test::make;
using eg::test::link;

using eg::graph::Edge;
using eg::graph::EdgeKind;
using eg::graph::Graph;
using eg::graph::Mention;
using eg::graph::Node;
using eg::graph::NodeKind;

const std::string kNasty = std::string("&<> \"q\" x\x01y\xff'z\\,\t;\r\nend");

// 3 events, 3 actors, 2 places (one located), a date and a document.
Graph hostile_graph() {
  Graph g;
  g.meta["created_by"] = "exports_test & <friends>";
  Node e1 = make("event:e1", NodeKind::Event, "Rocket strike on a depot, \"big\"");
  e1.event_kind = "strike";
  e1.plover = "ASSAULT";
  e1.cameo = "190";
  e1.date = "2021-06";
  e1.granularity = "month";
  e1.modality = "asserted";
  for (int i = 0; i < 3; ++i) e1.mentions.push_back(Mention{"d1", i, 0, 6, "struck"});
  g.upsert_node(e1);
  Node e2 = make("event:e2", NodeKind::Event, kNasty);
  e2.event_kind = "condemn";
  e2.plover = "DISAPPROVE";
  e2.cameo = "111";
  e2.date = "2021-07-02";
  e2.granularity = "day";
  e2.date_on_or_before = true;
  e2.mentions.push_back(Mention{"d1", 4, 0, 9, "condemned"});
  g.upsert_node(e2);
  g.upsert_node(make("event:e3", NodeKind::Event, "Talks"));  // undated, no place
  Node a1 = make("actor:a1", NodeKind::Actor, "Militia \"X\" <Y>");
  a1.country = "IRQ";
  a1.aliases = {"MX", "the militia"};
  g.upsert_node(a1);
  Node a2 = make("actor:a\"b\\", NodeKind::Actor, "a\"b\\");
  a2.cameo = "USAGOV";
  g.upsert_node(a2);
  g.upsert_node(make("actor:amp", NodeKind::Actor, kNasty));
  Node p1 = make("place:town", NodeKind::Place, "Town, Province");
  p1.lat = 33.25;
  p1.lon = 44.5;
  p1.country = "IRQ";
  p1.feature = "city";
  p1.precision = 1;
  g.upsert_node(p1);
  g.upsert_node(make("place:nowhere", NodeKind::Place, "Nowhere"));
  g.upsert_node(make("date:2021-06", NodeKind::Date, "2021-06"));
  Node doc = make("doc:d1", NodeKind::Document, "A report");
  doc.url = "https://example.org/a?b=1&c=2";
  g.upsert_node(doc);
  link(g, "event:e1", "actor:a1", EdgeKind::Source);
  link(g, "event:e1", "actor:a\"b\\", EdgeKind::Target);
  link(g, "event:e1", "place:town", EdgeKind::Location);
  link(g, "event:e1", "date:2021-06", EdgeKind::OnDate);
  link(g, "event:e1", "doc:d1", EdgeKind::ReportedIn);
  link(g, "event:e2", "event:e1", EdgeKind::About, "\"a quote\", with\nnewline");
  link(g, "event:e2", "actor:amp", EdgeKind::Source);
  link(g, "event:e2", "place:nowhere", EdgeKind::Location);
  link(g, "event:e1", "event:e2", EdgeKind::Precedes);
  link(g, "actor:a1", "actor:amp", EdgeKind::MemberOf);
  return g;
}

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("eg_" + name + "_" + std::to_string(std::rand()));
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

bool have(const char* probe) { return std::system(probe) == 0; }
bool have_networkx() { return have("python3 -c 'import networkx' >/dev/null 2>&1"); }
bool have_python() { return have("python3 -c 'import csv, json' >/dev/null 2>&1"); }

/// Runs `script` with python3 on `file`; returns the exit code and puts stderr in `err`.
int run_python(const std::filesystem::path& dir, const std::string& script, const std::filesystem::path& file,
               std::string& err) {
  const auto py = dir / "check.py";
  std::ofstream(py) << script;
  const auto errf = dir / "err.txt";
  const std::string cmd = "python3 '" + py.string() + "' '" + file.string() + "' 2>'" + errf.string() + "'";
  const int rc = std::system(cmd.c_str());
  err = slurp(errf);
  return rc;
}

template <typename F>
std::filesystem::path write_to(const std::filesystem::path& dir, const std::string& name, F&& f) {
  const auto file = dir / name;
  std::ofstream out(file, std::ios::binary);
  f(out);
  return file;
}

eg::GoldsteinTable test_goldstein() {
  eg::GoldsteinTable t;
  t.by_code["19"] = -10.0;
  t.by_code["11"] = -2.0;
  return t;
}

}  // namespace

TEST_CASE("calendar_span: TimeML values to day intervals") {
  using P = std::pair<std::string, std::string>;
  CHECK(eg::calendar_span("2021") == P{"2021-01-01", "2021-12-31"});
  CHECK(eg::calendar_span("2024-02") == P{"2024-02-01", "2024-02-29"});
  CHECK(eg::calendar_span("2023-02") == P{"2023-02-01", "2023-02-28"});
  CHECK(eg::calendar_span("2021-06-28") == P{"2021-06-28", "2021-06-28"});
  CHECK(eg::calendar_span("2021-06-28T10:00") == P{"2021-06-28", "2021-06-28"});
  CHECK_FALSE(eg::calendar_span("2021-W23"));
  CHECK_FALSE(eg::calendar_span("2021-13"));
  CHECK_FALSE(eg::calendar_span("2021-02-30"));
  CHECK_FALSE(eg::calendar_span("PRESENT_REF"));
  CHECK_FALSE(eg::calendar_span(""));
}

TEST_CASE("gexf: dynamic, declared, escaped, deterministic") {
  const Graph g = hostile_graph();
  std::ostringstream a, b;
  eg::write_gexf(g, a);
  eg::write_gexf(g, b);
  const std::string s = a.str();
  CHECK(s == b.str());
  CHECK(eg::valid_utf8(s));
  CHECK(s.find('\x01') == std::string::npos);
  CHECK(s.find("mode=\"dynamic\" timeformat=\"date\"") != std::string::npos);
  CHECK(s.find("<attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>") != std::string::npos);
  // Month event: the whole month; the actors and place span their events.
  CHECK(s.find("<node id=\"event:e1\" label=\"Rocket strike on a depot, &quot;big&quot;\" start=\"2021-06-01\" "
               "end=\"2021-06-30\">") != std::string::npos);
  CHECK(s.find("<node id=\"actor:a1\" label=\"Militia &quot;X&quot; &lt;Y&gt;\" start=\"2021-06-01\" "
               "end=\"2021-06-30\">") != std::string::npos);
  CHECK(s.find("<node id=\"actor:amp\" label=\"&amp;&lt;&gt; &quot;q&quot; xy\xEF\xBF\xBD&apos;z\\,&#9;;&#13;&#10;end\" "
               "start=\"2021-07-02\" end=\"2021-07-02\">") != std::string::npos);
  CHECK(s.find("<node id=\"event:e3\" label=\"Talks\">") != std::string::npos);  // undated: no spell
  CHECK(s.find("<viz:color r=\"215\" g=\"48\" b=\"39\"/>") != std::string::npos);
  CHECK(s.find("<edge id=\"e0\"") != std::string::npos);
}

TEST_CASE("gexf: networkx and xmllint read it") {
  const Graph g = hostile_graph();
  const auto dir = fresh_dir("gexf");
  const auto file = write_to(dir, "g.gexf", [&](std::ostream& o) { eg::write_gexf(g, o); });
  if (have("xmllint --version >/dev/null 2>&1")) {
    CHECK(std::system(("xmllint --noout '" + file.string() + "' 2>/dev/null").c_str()) == 0);
  } else {
    MESSAGE("xmllint not available: skipped");
  }
  if (!have_networkx()) {
    MESSAGE("python3 with networkx not available: skipped");
    return;
  }
  std::string err;
  const int rc = run_python(dir, R"(import networkx, sys
g = networkx.read_gexf(sys.argv[1])
assert g.is_directed()
assert g.number_of_nodes() == 10, g.number_of_nodes()
assert g.number_of_edges() == 10, g.number_of_edges()
assert g.graph['mode'] == 'dynamic'
e1 = g.nodes['event:e1']
assert e1['start'] == '2021-06-01' and e1['end'] == '2021-06-30', e1
assert e1['mentions'] == 3 and e1['plover'] == 'ASSAULT', e1
assert e1['viz']['color']['r'] == 215, e1['viz']
amp = g.nodes['actor:amp']
assert amp['label'] == "&<> \"q\" xy\ufffd'z\\,\t;\r\nend", repr(amp['label'])
assert g.nodes['event:e2']['date_on_or_before'] is True
assert g.nodes['place:town']['lat'] == 33.25
)", file, err);
  INFO(err);
  CHECK(rc == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("json strings: escapes and cleaning") {
  std::string s;
  eg::append_json_string(s, "plain");
  CHECK(s == "\"plain\"");
  s.clear();
  eg::append_json_string(s, kNasty);
  CHECK(s == "\"&<> \\\"q\\\" xy\xEF\xBF\xBD'z\\\\,\\t;\\r\\nend\"");
  s.clear();
  eg::append_json_number(s, 0.1);
  s += ' ';
  eg::append_json_number(s, std::nan(""));
  CHECK(s == "0.1 null");
}

TEST_CASE("nodelink and cytoscape: networkx and json read them") {
  const Graph g = hostile_graph();
  std::ostringstream a;
  eg::write_cytoscape(g, a);
  CHECK(a.str().starts_with("{\"data\":{\"created_by\":\"exports_test & <friends>\"},\"elements\":{\"nodes\":["));
  if (!have_networkx()) {
    MESSAGE("python3 with networkx not available: skipped");
    return;
  }
  const auto dir = fresh_dir("nodelink");
  const auto nl = write_to(dir, "g.json", [&](std::ostream& o) { eg::write_nodelink(g, o); });
  const auto cy = write_to(dir, "cy.json", [&](std::ostream& o) { eg::write_cytoscape(g, o); });
  std::string err;
  int rc = run_python(dir, R"(import networkx, json, sys
from networkx.readwrite import json_graph
d = json.load(open(sys.argv[1], encoding='utf-8'))
try:
    g = json_graph.node_link_graph(d, edges='edges')
except TypeError:  # networkx < 3.4
    g = json_graph.node_link_graph(d, link='edges')
assert g.is_directed() and g.is_multigraph()
assert g.number_of_nodes() == 10 and g.number_of_edges() == 10, (g.number_of_nodes(), g.number_of_edges())
assert g.nodes['actor:amp']['label'] == "&<> \"q\" xy\ufffd'z\\,\t;\r\nend"
assert g.nodes['actor:a1']['aliases'] == ['MX', 'the militia']
assert g.nodes['place:town']['lat'] == 33.25
assert g.nodes['event:e1']['color'] == '#d73027'
assert g.edges['event:e2', 'event:e1', 'about']['value'] == '"a quote", with\nnewline'
assert g.graph['created_by'] == 'exports_test & <friends>'
)", nl, err);
  INFO(err);
  CHECK(rc == 0);
  rc = run_python(dir, R"(import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
els = d['elements']
assert len(els['nodes']) == 10 and len(els['edges']) == 10
ids = {n['data']['id'] for n in els['nodes']}
assert all(e['data']['source'] in ids and e['data']['target'] in ids for e in els['edges'])
assert els['edges'][0]['data']['id'] == 'e0'
)", cy, err);
  INFO(err);
  CHECK(rc == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("goldstein: the shipped table and scoring") {
  const auto t = eg::load_goldstein(eg::data_dir() / "events" / "goldstein.tsv");
  for (int r = 1; r <= 20; ++r) CHECK(t.score(fmt::format("{:02}", r)).has_value());
  CHECK(t.score("190") == -10.0);
  CHECK(t.score("1823") == -10.0);  // kill by physical assault
  CHECK(t.score("182") == -9.5);    // physically assault
  CHECK(t.score("1829") == -9.5);   // not listed: its parent's value
  CHECK(t.score("111") == -2.0);
  CHECK(t.score("138") == -7.0);    // threaten with military force, not the root's -6.0
  CHECK(t.score("057") == 8.0);
  CHECK(t.score("04") == 1.0);
  CHECK_FALSE(t.score(""));
  CHECK_FALSE(t.score("x1"));
  CHECK_FALSE(t.score("99"));
  CHECK_FALSE(t.score("19555"));
  const auto dir = fresh_dir("goldstein");
  std::ofstream(dir / "bad.tsv") << "# c\n01\t0.0\tA\n02\tlots\tB\n";
  CHECK_THROWS_AS((void)eg::load_goldstein(dir / "bad.tsv"), eg::InputError);
  std::ofstream(dir / "badcode.tsv") << "01\t0.0\n2x1\t1.0\n";
  CHECK_THROWS_AS((void)eg::load_goldstein(dir / "badcode.tsv"), eg::InputError);
  std::ofstream(dir / "noroots.tsv") << "01\t0.0\n";
  CHECK_THROWS_AS((void)eg::load_goldstein(dir / "noroots.tsv"), eg::InputError);
  CHECK_THROWS_AS((void)eg::load_goldstein(dir / "missing.tsv"), eg::EnvironmentError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("event table: records and exact CSV/TSV text") {
  const Graph g = hostile_graph();
  const auto recs = eg::event_records(g, test_goldstein());
  REQUIRE(recs.size() == 3);
  const auto& r = recs[0];  // timeline order: 2021-06, 2021-07-02, undated
  CHECK(r.event_id == "event:e1");
  CHECK(r.source == "Militia \"X\" <Y>");
  CHECK(r.source_code == "IRQ");
  CHECK(r.target_code == "USAGOV");
  CHECK(r.goldstein == -10.0);
  CHECK(r.place == "Town, Province");
  CHECK(r.country == "IRQ");
  CHECK(r.lat == 33.25);
  CHECK(r.url == "https://example.org/a?b=1&c=2");
  CHECK(recs[1].quote == "\"a quote\", with\nnewline");
  CHECK(recs[1].goldstein == -2.0);
  CHECK_FALSE(recs[1].lat);
  CHECK(recs[2].event_id == "event:e3");

  std::ostringstream csv, tsv;
  eg::write_event_table(recs, csv, eg::TableFormat::Csv);
  eg::write_event_table(recs, tsv, eg::TableFormat::Tsv);
  const std::string c = csv.str(), t = tsv.str();
  CHECK(c.starts_with("date,date_end,precision,date_on_or_before,source,source_code,target,target_code,kind,"
                      "plover,quad_class,cameo,goldstein,place,country,geo_precision,lat,lon,mentions,url,quote,modality,"
                      "event_id\r\n"));
  CHECK(c.find("2021-06,,month,false,\"Militia \"\"X\"\" <Y>\",IRQ,\"a\"\"b\\\",USAGOV,strike,ASSAULT,"
               "material_conflict,190,-10,\"Town, Province\",IRQ,1,33.25,44.5,3,https://example.org/a?b=1&c=2,,"
               "asserted,event:e1\r\n") != std::string::npos);
  CHECK(t.find("\"a quote\", with\\nnewline") != std::string::npos);
  CHECK(t.find("&<> \"q\" xy\xEF\xBF\xBD'z\\\\,\\t;\\r\\nend") != std::string::npos);
  CHECK(std::count(t.begin(), t.end(), '\n') == 4);
}

TEST_CASE("event table and geojson: Python's csv and json read them") {
  if (!have_python()) {
    MESSAGE("python3 not available: skipped");
    return;
  }
  const Graph g = hostile_graph();
  const auto recs = eg::event_records(g, test_goldstein());
  const auto dir = fresh_dir("table");
  const auto csv = write_to(dir, "e.csv", [&](std::ostream& o) { eg::write_event_table(recs, o, eg::TableFormat::Csv); });
  const auto tsv = write_to(dir, "e.tsv", [&](std::ostream& o) { eg::write_event_table(recs, o, eg::TableFormat::Tsv); });
  const auto geo = write_to(dir, "e.geojson", [&](std::ostream& o) { eg::write_geojson(recs, o); });
  const std::string check_rows = R"(import csv, sys
tsv = sys.argv[1].endswith('.tsv')
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE) if tsv else csv.DictReader(f))
assert len(rows) == 3, len(rows)
un = (lambda s: s.replace('\\n', '\n').replace('\\t', '\t').replace('\\r', '\r').replace('\\\\', '\\')) if tsv else (lambda s: s)
assert rows[0]['source'] == 'Militia "X" <Y>', rows[0]
assert rows[0]['place'] == 'Town, Province'
assert un(rows[1]['quote']) == '"a quote", with\nnewline', rows[1]['quote']
assert un(rows[1]['source']) == "&<> \"q\" xy\ufffd'z\\,\t;\r\nend", repr(rows[1]['source'])
assert rows[2]['event_id'] == 'event:e3'
)";
  std::string err;
  for (const auto& file : {csv, tsv}) {
    const int rc = run_python(dir, check_rows, file, err);
    INFO(file.filename().string() << ": " << err);
    CHECK(rc == 0);
  }
  const int rc = run_python(dir, R"(import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
assert d['type'] == 'FeatureCollection'
assert len(d['features']) == 1, d['features']
f = d['features'][0]
assert f['geometry'] == {'type': 'Point', 'coordinates': [44.5, 33.25]}, f['geometry']
assert f['properties']['goldstein'] == -10 and f['properties']['mentions'] == 3
assert f['properties']['date_on_or_before'] is False and f['id'] == 'event:e1'
)", geo, err);
  INFO(err);
  CHECK(rc == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("geojson: no coordinates gives a valid empty collection") {
  std::ostringstream out;
  eg::write_geojson({}, out);
  CHECK(out.str() == "{\"type\":\"FeatureCollection\",\"features\":[]}\n");
}

TEST_CASE("neo4j: files per label and type, import script, cypher") {
  const Graph g = hostile_graph();
  const auto dir = fresh_dir("neo4j") / "out";
  const auto files = eg::write_neo4j(g, dir);
  CHECK(files == std::vector<std::string>{"nodes_Event.csv", "nodes_Actor.csv", "nodes_Place.csv", "nodes_Date.csv",
                                          "nodes_Document.csv", "edges_SOURCE.csv", "edges_TARGET.csv",
                                          "edges_LOCATION.csv", "edges_ON_DATE.csv", "edges_REPORTED_IN.csv",
                                          "edges_MEMBER_OF.csv", "edges_PRECEDES.csv", "edges_ABOUT.csv",
                                          "import.sh", "load.cypher"});
  const std::string actors = slurp(dir / "nodes_Actor.csv");
  CHECK(actors.starts_with("id:ID,label,actor_type,country,cameo,aliases,roles,mentions:int,:LABEL\n"));
  CHECK(actors.find("\"actor:a\"\"b\\\",\"a\"\"b\\\",,,USAGOV,,,0,Actor;EgNode\n") != std::string::npos);
  const std::string script = slurp(dir / "import.sh");
  CHECK(script.find("database import full") != std::string::npos);
  CHECK(script.find("--nodes=nodes_Event.csv") != std::string::npos);
  CHECK(script.find("--relationships=edges_ABOUT.csv") != std::string::npos);
  CHECK(slurp(dir / "load.cypher").find("MERGE (a)-[r:SOURCE]->(b)") != std::string::npos);
  if (have_python()) {
    std::string err;
    const int rc = run_python(dir, R"(import csv, sys, os
d = sys.argv[1]
n = sum(len(list(csv.DictReader(open(os.path.join(d, f), newline='', encoding='utf-8'))))
        for f in os.listdir(d) if f.startswith('nodes_'))
e = sum(len(list(csv.DictReader(open(os.path.join(d, f), newline='', encoding='utf-8'))))
        for f in os.listdir(d) if f.startswith('edges_'))
assert (n, e) == (10, 10), (n, e)
)", dir, err);
    INFO(err);
    CHECK(rc == 0);
  }
  std::filesystem::remove_all(dir.parent_path());
}

// Throughput of the writers on a 50,000-event synthetic graph. Not a timed test: it runs only
// when EG_BENCH is set (EG_BENCH=1 io_tests -tc='bench*') and prints MB/s.
TEST_CASE("bench: exporters on a 50,000-event graph") {
  if (std::getenv("EG_BENCH") == nullptr) return;
  Graph g;
  const int kEvents = 50'000;
  for (int i = 0; i < 5000; ++i) {
    Node a = make(fmt::format("actor:actor-{}", i), NodeKind::Actor, fmt::format("Armed Group Number {}", i));
    a.country = "IRQ";
    a.aliases = {fmt::format("AG{}", i)};
    a.mentions.push_back(Mention{fmt::format("doc-{}", i % 10000), 1, 10, 30, a.label});
    g.upsert_node(a);
  }
  for (int i = 0; i < 1000; ++i) {
    Node p = make(fmt::format("place:town-{}", i), NodeKind::Place, fmt::format("Town {}", i));
    p.lat = 30.0 + i * 0.01;
    p.lon = 40.0 + i * 0.01;
    g.upsert_node(p);
  }
  for (int i = 0; i < 10000; ++i) {
    Node d = make(fmt::format("doc:doc-{}", i), NodeKind::Document, fmt::format("Report {}", i));
    d.url = fmt::format("https://news.example.org/2024/{}", i);
    g.upsert_node(d);
  }
  for (int i = 0; i < 365; ++i) {
    const std::string day = fmt::format("2024-{:02}-{:02}", 1 + i / 31 % 12, 1 + i % 28);
    g.upsert_node(make("date:" + day, NodeKind::Date, day));
  }
  for (int i = 0; i < kEvents; ++i) {
    const std::string day = fmt::format("2024-{:02}-{:02}", 1 + (i % 365) / 31 % 12, 1 + (i % 365) % 28);
    Node e = make(fmt::format("event:{:016x}", static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull),
                  NodeKind::Event, fmt::format("Armed Group {} struck Town {} ({})", i % 5000, i % 1000, day));
    e.event_kind = "strike";
    e.plover = i % 3 ? "ASSAULT" : "DISAPPROVE";
    e.cameo = "190";
    e.date = day;
    e.granularity = "day";
    e.modality = "asserted";
    e.mentions.push_back(Mention{fmt::format("doc-{}", i % 10000), i % 40, 100, 107, "struck"});
    e.mentions.push_back(Mention{fmt::format("doc-{}", (i + 7) % 10000), i % 30, 50, 57, "attack"});
    g.upsert_node(e);
    link(g, e.id, fmt::format("actor:actor-{}", i % 5000), EdgeKind::Source);
    link(g, e.id, fmt::format("actor:actor-{}", (i * 7 + 1) % 5000), EdgeKind::Target);
    link(g, e.id, fmt::format("place:town-{}", i % 1000), EdgeKind::Location);
    link(g, e.id, "date:" + day, EdgeKind::OnDate);
    link(g, e.id, fmt::format("doc:doc-{}", i % 10000), EdgeKind::ReportedIn);
  }
  const std::string only = std::getenv("EG_BENCH");  // "1" = all, else one writer's name
  auto run = [&](const char* name, auto&& write) {
    if (only != "1" && only != name) return;
    std::ostringstream warm;
    write(warm);  // warm-up, and the size
    // Best of 3, CPU time (the build machine is shared: wall time is noise).
    double s = 1e9;
    size_t bytes = 0;
    for (int rep = 0; rep < 3; ++rep) {
      std::ostringstream out;
      const std::clock_t c0 = std::clock();
      write(out);
      s = std::min(s, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
      bytes = out.str().size();
    }
    const double mb = static_cast<double>(bytes) / 1e6;
    MESSAGE(fmt::format("{:10} {:7.1f} MB in {:.3f} s CPU: {:6.1f} MB/s", name, mb, s, mb / s));
  };
  MESSAGE(fmt::format("graph: {} nodes, {} edges", g.node_count(), g.edge_count()));
  {
    const auto t0 = std::chrono::steady_clock::now();
    const size_t n = g.nodes().size() + g.edges().size();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE(fmt::format("nodes()+edges() alone ({} items): {:.3f} s", n, s));
    const auto t1 = std::chrono::steady_clock::now();
    size_t m = 0;
    for (const Node* x : g.nodes()) m += g.out_edges(x->id).size();
    const double s1 = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    MESSAGE(fmt::format("nodes()+out_edges() per node ({} edges): {:.3f} s", m, s1));
  }
  run("graphml", [&](std::ostream& o) { eg::write_graphml(g, o); });
  run("dot", [&](std::ostream& o) { eg::write_dot(g, o); });
  run("gexf", [&](std::ostream& o) { eg::write_gexf(g, o); });
  run("nodelink", [&](std::ostream& o) { eg::write_nodelink(g, o); });
  run("csv", [&](std::ostream& o) {
    eg::write_event_table(eg::event_records(g, test_goldstein()), o, eg::TableFormat::Csv);
  });
}

// DOT quoting, wrapping and cutting against a plain byte-at-a-time reference: the writer scans
// 8 bytes at a time and wraps in place, so random strings of mixed lengths probe every word
// boundary, invalid and truncated UTF-8 included.
namespace {

std::string dot_ref_escape(std::string_view s, bool label) {
  std::string clean;
  eg::append_clean_utf8(clean, s);
  std::string r;
  for (char c : clean) {
    switch (c) {
      case '"': r += "\\\""; break;
      case '\\': r += "\\\\"; break;
      case '\n': r += "\\n"; break;
      case '\r': break;
      case '&': r += label ? "&amp;" : "&"; break;
      default: r.push_back(c);
    }
  }
  return r;
}

std::string dot_ref_cut(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";
}

std::string dot_ref_wrap(std::string r, size_t width) {
  size_t line_start = 0;
  size_t last_space = std::string::npos;
  for (size_t i = 0; i <= r.size(); ++i) {
    if (i < r.size() && r[i] != ' ' && r[i] != '\n') continue;
    if (i - line_start > width && last_space != std::string::npos && last_space > line_start) {
      r[last_space] = '\n';
      line_start = last_space + 1;
    }
    if (i == r.size()) break;
    if (r[i] == '\n') {
      line_start = i + 1;
      last_space = std::string::npos;
    } else {
      last_space = i;
    }
  }
  return r;
}

}  // namespace

TEST_CASE("dot: escaping, wrapping and cutting match a byte-at-a-time reference") {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  static const char* const kPieces[] = {
      "a", "b", "c", " ", " ", "\n", "\"", "\\", "&", "\t", "\r", "\x01", "\x7f", "\xc3\xa9",
      "\xe2\x82\xac", "\xef\xbf\xbe", "\xef\xbf\xbd", "\xff", "\x80", "\xf0\x9f\x98\x80",
      "\xe2\x82", "xxxxxxx", "word ", "0123456789"};
  auto random_string = [&](size_t max_pieces) {
    std::string s;
    const size_t n = next() % (max_pieces + 1);
    const bool plain = next() % 2 == 0;  // mostly letters: long plain runs
    for (size_t i = 0; i < n; ++i)
      s += plain && next() % 6 != 0 ? kPieces[next() % 3] : kPieces[next() % std::size(kPieces)];
    return s;
  };
  Graph g;
  std::vector<std::string> ids;
  std::vector<std::string> names;
  for (int i = 0; i < 400; ++i) {
    ids.push_back(fmt::format("actor:{:03}|", i) + random_string(14));
    names.push_back(random_string(i % 4 == 0 ? 80 : 20));
    names.back().insert(names.back().begin(), 'n');
    g.upsert_node(make(ids.back(), NodeKind::Actor, names.back()));
  }
  std::vector<std::string> values;
  for (size_t i = 0; i + 1 < ids.size(); ++i) {
    values.push_back(i % 3 == 0 ? "" : random_string(i % 2 ? 12 : 40));
    link(g, ids[i], ids[i + 1], EdgeKind::MemberOf, values.back());
  }
  std::ostringstream out;
  eg::write_dot(g, out);
  const std::string s = out.str();
  CHECK(eg::valid_utf8(s));
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string label = dot_ref_wrap(dot_ref_cut(names[i], 120), 28);
    const std::string line = fmt::format(
        "  \"{}\" [shape=ellipse, fillcolor=\"#c6dbef\", label=\"{}\", tooltip=\"{}\"];\n",
        dot_ref_escape(ids[i], false), dot_ref_escape(label, true), dot_ref_escape(ids[i], true));
    INFO(i);
    CHECK(s.find(line) != std::string::npos);
  }
  size_t last = 0;
  for (size_t i = 0; i + 1 < ids.size(); ++i) {
    std::string label = "member_of";
    if (!values[i].empty()) label += "\n" + dot_ref_cut(values[i], 40);
    const std::string line = fmt::format(
        "  \"{}\" -> \"{}\" [label=\"{}\", color=\"#6a51a3\", style=solid];\n",
        dot_ref_escape(ids[i], false), dot_ref_escape(ids[i + 1], false), dot_ref_escape(label, true));
    INFO(i);
    const size_t at = s.find(line);
    REQUIRE(at != std::string::npos);
    CHECK(at > last);  // edges in (source, target, kind) order
    last = at;
  }
}

TEST_CASE("dot: every PLOVER category has its quad class, in any case") {
  const std::pair<const char*, eg::QuadClass> kAll[] = {
      {"AGREE", eg::QuadClass::VerbalCooperation},     {"CONSULT", eg::QuadClass::VerbalCooperation},
      {"SUPPORT", eg::QuadClass::VerbalCooperation},   {"COOPERATE", eg::QuadClass::MaterialCooperation},
      {"AID", eg::QuadClass::MaterialCooperation},     {"CONCEDE", eg::QuadClass::MaterialCooperation},
      {"RETREAT", eg::QuadClass::MaterialCooperation}, {"INVESTIGATE", eg::QuadClass::VerbalConflict},
      {"DEMAND", eg::QuadClass::VerbalConflict},       {"DISAPPROVE", eg::QuadClass::VerbalConflict},
      {"REJECT", eg::QuadClass::VerbalConflict},       {"THREATEN", eg::QuadClass::VerbalConflict},
      {"PROTEST", eg::QuadClass::VerbalConflict},      {"SANCTION", eg::QuadClass::MaterialConflict},
      {"CRIME", eg::QuadClass::MaterialConflict},      {"MOBILIZE", eg::QuadClass::MaterialConflict},
      {"COERCE", eg::QuadClass::MaterialConflict},     {"ASSAULT", eg::QuadClass::MaterialConflict},
  };
  for (const auto& [name, q] : kAll) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
    std::string mixed = lower;
    mixed[0] = name[0];
    CHECK(eg::quad_class(name) == q);
    CHECK(eg::quad_class(lower) == q);
    CHECK(eg::quad_class(mixed) == q);
    CHECK(eg::quad_class(std::string(name) + "S") == eg::QuadClass::None);
    CHECK(eg::quad_class(std::string(name).substr(1)) == eg::QuadClass::None);
  }
  CHECK(eg::quad_class("AGREEMENTS!") == eg::QuadClass::None);
  CHECK(eg::quad_class("X") == eg::QuadClass::None);
  CHECK(eg::quad_class("INVESTIGATES") == eg::QuadClass::None);
}
