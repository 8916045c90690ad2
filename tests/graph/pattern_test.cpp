// The match language: parsing, errors, and answers on a small hand-built graph.

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "graph/builder.hpp"
#include "graph/pattern.hpp"

using namespace eg::graph;

namespace {

void add_actor(Graph& g, const std::string& id, const std::string& label, const std::string& type) {
  Node n;
  n.id = id;
  n.kind = NodeKind::Actor;
  n.label = label;
  n.actor_type = type;
  g.upsert_node(n);
}

void add_event(Graph& g, const std::string& id, const std::string& kind, const std::string& plover,
               const std::string& date, const std::string& src, const std::string& tgt) {
  Node n;
  n.id = id;
  n.kind = NodeKind::Event;
  n.event_kind = kind;
  n.plover = plover;
  n.date = date;
  n.modality = "asserted";
  n.mentions = {Mention{"d", 0, 0, 4, kind}};
  g.upsert_node(n);
  for (auto [who, k] : {std::pair{src, EdgeKind::Source}, std::pair{tgt, EdgeKind::Target}}) {
    if (who.empty()) continue;
    Edge e;
    e.source = id;
    e.target = who;
    e.kind = k;
    g.upsert_edge(e);
  }
}

// A small story: the militia attacks a base, the country strikes back, the government condemns.
Graph story() {
  Graph g;
  add_actor(g, "actor:militia", "Northern Militia", "group");
  add_actor(g, "actor:country", "Republic of Examplia", "country");
  add_actor(g, "actor:gov", "Government of Testland", "organization");
  add_actor(g, "actor:minister", "Ana Ministra", "person");
  add_actor(g, "actor:patron", "Patron State", "country");
  add_event(g, "event:1", "attack", "ASSAULT", "2024-02-27", "actor:militia", "actor:country");
  add_event(g, "event:2", "strike", "ASSAULT", "2024-03-02", "actor:country", "actor:militia");
  add_event(g, "event:3", "condemn", "DISAPPROVE", "2024-03-03", "actor:gov", "actor:country");
  add_event(g, "event:4", "condemn", "DISAPPROVE", "2024-03-04", "actor:minister", "actor:country");
  add_event(g, "event:5", "statement", "", "2024-03-05", "actor:minister", "");
  Edge e;
  e.source = "actor:minister";
  e.target = "actor:gov";
  e.kind = EdgeKind::SpokespersonFor;
  g.upsert_edge(e);
  e.source = "actor:militia";
  e.target = "actor:patron";
  e.kind = EdgeKind::BackedBy;
  g.upsert_edge(e);
  return g;
}

std::vector<std::string> column(const MatchResult& r, size_t c) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(row.at(c) != nullptr ? row[c]->id : "-");
  return out;
}

}  // namespace

TEST_CASE("pattern: parse") {
  const Pattern p = parse_pattern("(?a:person)-[?x:condemn|DISAPPROVE]->(\"Republic of Examplia\") where date >= 2024-03 and mentions > 0");
  REQUIRE(p.nodes.size() == 2);
  CHECK(p.nodes[0].var == "a");
  CHECK(p.nodes[0].type == "person");
  CHECK(p.nodes[1].name == "Republic of Examplia");
  REQUIRE(p.edges.size() == 1);
  CHECK(p.edges[0].var == "x");
  CHECK(p.edges[0].labels == std::vector<std::string>{"condemn", "DISAPPROVE"});
  REQUIRE(p.where.size() == 2);
  CHECK(p.where[0].field == "date");
  CHECK(p.where[0].op == ">=");
  CHECK(p.where[0].value == "2024-03");
  CHECK(parse_pattern("(a)-[]->(b), (b)-[*]->()").triples.size() == 2);

  CHECK_THROWS_AS((void)parse_pattern("(?a)-[condemn]->"), eg::InputError);
  CHECK_THROWS_AS((void)parse_pattern("(?a"), eg::InputError);
  CHECK_THROWS_AS((void)parse_pattern("(?a)"), eg::InputError);  // no edge
  CHECK_THROWS_AS((void)parse_pattern("(?a)-[x]->(?b) where colour = red"), eg::InputError);
  CHECK_THROWS_WITH_AS((void)parse_pattern("(?a)-[x]-(?b)"),
                       doctest::Contains("expected ]->"), eg::InputError);
}

TEST_CASE("pattern: match answers") {
  const Graph g = story();
  auto r = match(g, parse_pattern("(?a)-[condemn]->(?b)"));
  CHECK(r.columns == std::vector<std::string>{"a", "b", "e1"});
  CHECK(column(r, 0) == std::vector<std::string>{"actor:gov", "actor:minister"});
  CHECK(column(r, 2) == std::vector<std::string>{"event:3", "event:4"});

  // PLOVER on the edge, a type on a node, a name resolved forgivingly.
  r = match(g, parse_pattern("(a:person)-[DISAPPROVE]->(\"examplia\")"));
  CHECK(column(r, 0) == std::vector<std::string>{"actor:minister"});

  // A chain: who condemned someone who struck the militia?
  r = match(g, parse_pattern("(?c)-[condemn]->(?s), (?s)-[strike]->(\"Northern Militia\")"));
  CHECK(column(r, 0) == std::vector<std::string>{"actor:gov", "actor:minister"});
  CHECK(column(r, 1) == std::vector<std::string>{"actor:country", "actor:country"});

  // Date filter and affiliation edges.
  r = match(g, parse_pattern("(?a)-[ASSAULT]->(?b) where date < 2024-03"));
  CHECK(column(r, 2) == std::vector<std::string>{"event:1"});
  r = match(g, parse_pattern("(?p)-[spokesperson_for]->(?o), (?p)-[condemn]->(?t)"));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0][0]->id == "actor:minister");
  CHECK(r.rows[0][3] == nullptr);  // an affiliation edge has no event

  // () matches a missing end; a variable does not.
  CHECK(match(g, parse_pattern("(?a)-[statement]->()")).rows.size() == 1);
  CHECK(match(g, parse_pattern("(?a)-[statement]->(?b)")).rows.empty());

  // Empty answers, limits, unknown and ambiguous names.
  CHECK(match(g, parse_pattern("(?a)-[condemn]->(\"Northern Militia\")")).rows.empty());
  r = match(g, parse_pattern("(?a)-[*]->(?b)"), 2);
  CHECK(r.rows.size() == 2);
  CHECK(r.truncated);
  CHECK_THROWS_WITH_AS((void)match(g, parse_pattern("(?a)-[x]->(\"Nothern Militia\")")),
                       doctest::Contains("did you mean Northern Militia"), eg::InputError);
  CHECK_THROWS_WITH_AS((void)match(g, parse_pattern("(?a)-[x]->(\"of\")")),
                       doctest::Contains("ambiguous"), eg::InputError);
}
