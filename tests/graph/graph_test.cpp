// Graph storage: upsert/merge rules, edge uniqueness, removal, paths, equality.

#include <doctest/doctest.h>

#include <stdexcept>

#include "graph/graph.hpp"

using namespace eg::graph;

namespace {

Node make(std::string id, NodeKind kind, std::string label = "") {
  Node n;
  n.id = std::move(id);
  n.kind = kind;
  n.label = std::move(label);
  return n;
}

Edge link(std::string s, std::string t, EdgeKind k) {
  Edge e;
  e.source = std::move(s);
  e.target = std::move(t);
  e.kind = k;
  return e;
}

}  // namespace

TEST_CASE("graph: kind names round trip") {
  for (int i = 0; i < 5; ++i) {
    const auto k = static_cast<NodeKind>(i);
    CHECK(node_kind_from(to_string(k)) == k);
  }
  for (int i = 0; i < 15; ++i) {
    const auto k = static_cast<EdgeKind>(i);
    CHECK(edge_kind_from(to_string(k)) == k);
  }
  CHECK(to_string(EdgeKind::SpokespersonFor) == "spokesperson_for");
  CHECK_FALSE(node_kind_from("nope"));
}

TEST_CASE("graph: upsert merges fields, mentions, aliases") {
  Graph g;
  Node a = make("actor:us", NodeKind::Actor, "United States");
  a.aliases = {"US", "America", "US"};
  a.mentions = {Mention{"d2", 0, 5, 7, "US"}, Mention{"d1", 0, 0, 2, "US"}};
  CHECK(g.upsert_node(a));
  const Node* n = g.find("actor:us");
  REQUIRE(n != nullptr);
  CHECK(n->aliases == std::vector<std::string>{"America", "US"});
  CHECK(n->mentions.front().doc == "d1");

  Node b = make("actor:us", NodeKind::Actor, "U.S.");
  b.country = "USA";
  b.aliases = {"U.S.", "America"};
  b.roles = {"government"};
  b.mentions = {Mention{"d1", 0, 0, 2, "US"}, Mention{"d0", 1, 3, 5, "US"}};
  CHECK_FALSE(g.upsert_node(b));
  n = g.find("actor:us");
  CHECK(n->label == "United States");  // first label kept
  CHECK(n->country == "USA");          // empty field filled
  CHECK(n->aliases == std::vector<std::string>{"America", "U.S.", "US"});
  CHECK(n->roles == std::vector<std::string>{"government"});
  REQUIRE(n->mentions.size() == 3);
  CHECK(n->mentions[0].doc == "d0");
  CHECK(n->mentions[2].doc == "d2");
  CHECK(g.node_count() == 1);
}

TEST_CASE("graph: date fields merge as one value") {
  Graph g;
  g.upsert_node(make("event:1", NodeKind::Event, "x"));
  Node d = make("event:1", NodeKind::Event);
  d.date = "2021-06";
  d.granularity = "month";
  d.date_on_or_before = true;
  g.upsert_node(d);
  Node e = make("event:1", NodeKind::Event);
  e.date = "2021-06-27";
  e.granularity = "day";
  g.upsert_node(e);
  const Node* n = g.find("event:1");
  CHECK(n->date == "2021-06");
  CHECK(n->granularity == "month");
  CHECK(n->date_on_or_before);
}

TEST_CASE("graph: edges are unique on (source, target, kind) and need endpoints") {
  Graph g;
  g.upsert_node(make("a", NodeKind::Actor));
  g.upsert_node(make("b", NodeKind::Actor));
  Edge e = link("a", "b", EdgeKind::MemberOf);
  e.mentions = {Mention{"d", 0, 1, 2, "x"}};
  CHECK(g.upsert_edge(e));
  e.mentions = {Mention{"d", 0, 0, 1, "y"}};
  e.value = std::string(1, 'v');
  CHECK_FALSE(g.upsert_edge(e));
  CHECK(g.upsert_edge(link("a", "b", EdgeKind::LeaderOf)));
  CHECK(g.upsert_edge(link("b", "a", EdgeKind::MemberOf)));
  CHECK(g.edge_count() == 3);
  const auto out = g.out_edges("a");
  REQUIRE(out.size() == 2);
  CHECK(out[0]->kind == EdgeKind::MemberOf);
  CHECK(out[0]->value == "v");
  REQUIRE(out[0]->mentions.size() == 2);
  CHECK(out[0]->mentions[0].text == "y");
  CHECK(g.in_edges("a").size() == 1);
  // in_sources: positions of the nodes with an edge of the given kinds into a node.
  std::vector<size_t> src;
  g.in_sources("a", EdgeKind::MemberOf, EdgeKind::MemberOf, src);
  REQUIRE(src.size() == 1);
  CHECK(g.id_at(src[0]) == "b");
  g.in_sources("a", EdgeKind::LeaderOf, EdgeKind::Source, src);  // appends nothing
  CHECK(src.size() == 1);
  g.in_sources("zzz", EdgeKind::MemberOf, EdgeKind::LeaderOf, src);
  CHECK(src.size() == 1);
  CHECK(g.out_edges("zzz").empty());
  CHECK_THROWS_AS(g.upsert_edge(link("a", "zzz", EdgeKind::MemberOf)), std::out_of_range);
  CHECK_THROWS_AS(g.upsert_edge(link("zzz", "a", EdgeKind::MemberOf)), std::out_of_range);
}

TEST_CASE("graph: nodes and edges come sorted whatever the insertion order") {
  Graph g;
  for (const char* id : {"c", "a", "b"}) g.upsert_node(make(id, NodeKind::Actor));
  g.upsert_edge(link("c", "a", EdgeKind::MemberOf));
  g.upsert_edge(link("a", "c", EdgeKind::LeaderOf));
  g.upsert_edge(link("a", "c", EdgeKind::MemberOf));
  g.upsert_edge(link("a", "b", EdgeKind::MemberOf));
  const auto ns = g.nodes();
  CHECK(ns[0]->id == "a");
  CHECK(ns[2]->id == "c");
  const auto es = g.edges();
  REQUIRE(es.size() == 4);
  CHECK((es[0]->target == "b"));
  CHECK((es[1]->target == "c" && es[1]->kind == EdgeKind::MemberOf));
  CHECK((es[2]->target == "c" && es[2]->kind == EdgeKind::LeaderOf));
  CHECK(es[3]->source == "c");
}

TEST_CASE("graph: remove_node drops its edges and keeps the rest usable") {
  Graph g;
  for (const char* id : {"a", "b", "c", "d"}) g.upsert_node(make(id, NodeKind::Actor, id));
  g.upsert_edge(link("a", "b", EdgeKind::MemberOf));
  g.upsert_edge(link("b", "c", EdgeKind::MemberOf));
  g.upsert_edge(link("c", "d", EdgeKind::MemberOf));
  g.upsert_edge(link("d", "a", EdgeKind::MemberOf));
  g.remove_node("b");
  g.remove_node("nothing");
  CHECK(g.node_count() == 3);
  CHECK(g.edge_count() == 2);
  CHECK(g.find("b") == nullptr);
  REQUIRE(g.find("d") != nullptr);
  CHECK(g.find("d")->label == "d");
  CHECK(g.out_edges("c").size() == 1);
  CHECK(g.out_edges("c")[0]->target == "d");
  // The edge index was rebuilt: re-adding merges instead of duplicating.
  CHECK_FALSE(g.upsert_edge(link("c", "d", EdgeKind::MemberOf)));
  CHECK(g.upsert_edge(link("a", "c", EdgeKind::MemberOf)));
  CHECK(g.edge_count() == 3);
  CHECK(g.upsert_node(make("b", NodeKind::Actor)));
  CHECK(g.in_edges("b").empty());
}

TEST_CASE("graph: remove_edges by kind") {
  Graph g;
  for (const char* id : {"a", "b", "c"}) g.upsert_node(make(id, NodeKind::Event));
  g.upsert_edge(link("a", "b", EdgeKind::Precedes));
  g.upsert_edge(link("b", "c", EdgeKind::Precedes));
  g.upsert_edge(link("a", "c", EdgeKind::About));
  CHECK(g.remove_edges(EdgeKind::Precedes) == 2);
  CHECK(g.remove_edges(EdgeKind::Precedes) == 0);
  CHECK(g.edge_count() == 1);
  CHECK(g.upsert_edge(link("a", "b", EdgeKind::Precedes)));
  CHECK_FALSE(g.upsert_edge(link("a", "c", EdgeKind::About)));
}

TEST_CASE("graph: shortest path ignores direction, skips documents and dates") {
  Graph g;
  g.upsert_node(make("actor:a", NodeKind::Actor));
  g.upsert_node(make("actor:b", NodeKind::Actor));
  g.upsert_node(make("actor:c", NodeKind::Actor));
  g.upsert_node(make("actor:lonely", NodeKind::Actor));
  g.upsert_node(make("event:1", NodeKind::Event));
  g.upsert_node(make("event:2", NodeKind::Event));
  g.upsert_node(make("doc:x", NodeKind::Document));
  g.upsert_node(make("date:2021", NodeKind::Date));
  g.upsert_edge(link("event:1", "actor:a", EdgeKind::Source));
  g.upsert_edge(link("event:1", "actor:b", EdgeKind::Target));
  g.upsert_edge(link("event:2", "actor:b", EdgeKind::Source));
  g.upsert_edge(link("event:2", "actor:c", EdgeKind::Target));
  // Shortcuts through a document and a date must not be taken.
  g.upsert_edge(link("doc:x", "actor:a", EdgeKind::Mentions));
  g.upsert_edge(link("doc:x", "actor:c", EdgeKind::Mentions));
  g.upsert_edge(link("event:1", "date:2021", EdgeKind::OnDate));
  g.upsert_edge(link("event:2", "date:2021", EdgeKind::OnDate));

  CHECK(g.shortest_path("actor:a", "actor:c") ==
        std::vector<std::string>{"actor:a", "event:1", "actor:b", "event:2", "actor:c"});
  CHECK(g.shortest_path("actor:c", "actor:a").size() == 5);
  // Endpoints may be documents or dates.
  CHECK(g.shortest_path("doc:x", "actor:c") == std::vector<std::string>{"doc:x", "actor:c"});
  CHECK(g.shortest_path("event:1", "date:2021") == std::vector<std::string>{"event:1", "date:2021"});
  CHECK(g.shortest_path("actor:a", "actor:a") == std::vector<std::string>{"actor:a"});
  CHECK(g.shortest_path("actor:a", "actor:lonely").empty());
  CHECK(g.shortest_path("actor:a", "missing").empty());
  CHECK(g.shortest_path("missing", "actor:a").empty());
}

TEST_CASE("graph: copies, moves and equality") {
  Graph g;
  g.meta["created_by"] = "test";
  g.upsert_node(make("a", NodeKind::Actor, "A"));
  g.upsert_node(make("b", NodeKind::Actor, "B"));
  g.upsert_edge(link("a", "b", EdgeKind::MemberOf));
  Graph c = g;
  CHECK(c == g);
  // The copy has its own indices: merging into it does not touch the original.
  Edge e = link("a", "b", EdgeKind::MemberOf);
  e.value = std::string(1, 'x');
  CHECK_FALSE(c.upsert_edge(e));
  CHECK(c.out_edges("a")[0]->value == "x");
  CHECK(g.out_edges("a")[0]->value.empty());
  CHECK_FALSE(c == g);

  Graph m = std::move(c);
  CHECK(m.out_edges("a")[0]->value == "x");
  CHECK(c.node_count() == 0);  // NOLINT(bugprone-use-after-move): moved-from is empty and usable
  c.upsert_node(make("z", NodeKind::Actor));
  CHECK(c.node_count() == 1);
  c = g;
  CHECK(c == g);
  c.meta.emplace("x", "y");
  CHECK_FALSE(c == g);
}

TEST_CASE("graph: mentions merged out of order are sorted before any read") {
  Graph g;
  for (const char* doc : {"d5", "d1", "d9", "d1", "d3"}) {
    Node n = make("actor:x", NodeKind::Actor, "X");
    n.mentions = {Mention{doc, 0, 0, 1, "X"}};
    g.upsert_node(n);
    g.upsert_node(make(std::string("other:") + doc, NodeKind::Actor));
  }
  const Graph copy = g;  // copies see settled mentions too
  g.remove_node("other:d5");  // removal shifts vertices while work is pending
  for (const Graph* h : {static_cast<const Graph*>(&g), &copy}) {
    const Node* n = h->find("actor:x");
    REQUIRE(n != nullptr);
    REQUIRE(n->mentions.size() == 4);
    CHECK(n->mentions[0].doc == "d1");
    CHECK(n->mentions[3].doc == "d9");
  }
  CHECK(g.nodes()[0]->mentions.size() == 4);
}

TEST_CASE("graph: insert_node / insert_new_edge load like upsert and keep merging afterwards") {
  Node a = make("actor:a", NodeKind::Actor, "A");
  a.aliases = {"Zed", "Ay", "Zed"};  // unsorted, repeated: normalised like upsert_node
  a.mentions = {{"d2", 1, 5, 6, "A"}, {"d1", 0, 0, 1, "A"}};
  const Node b = make("event:b", NodeKind::Event, "b");
  Edge e = link("event:b", "actor:a", EdgeKind::Source);
  e.mentions = {{"d1", 2, 0, 3, "x"}, {"d1", 1, 0, 3, "x"}, {"d1", 1, 0, 3, "x"}};

  Graph slow;
  slow.upsert_node(a);
  slow.upsert_node(b);
  slow.upsert_edge(e);

  Graph fast;
  fast.reserve(2, 1);
  Node a2 = a;
  CHECK(fast.insert_node(std::move(a2)));
  Node b2 = b;
  CHECK(fast.insert_node(std::move(b2)));
  Node again = make("actor:a", NodeKind::Actor, "other");
  CHECK_FALSE(fast.insert_node(std::move(again)));
  CHECK(again.label == "other");  // left untouched when the id exists
  Edge e2 = e;
  fast.insert_new_edge(std::move(e2));
  CHECK_THROWS_AS(fast.insert_new_edge(link("event:b", "actor:none", EdgeKind::Target)), std::out_of_range);
  CHECK(fast == slow);
  CHECK(fast.find("actor:a")->aliases == std::vector<std::string>{"Ay", "Zed"});
  CHECK(fast.out_edges("event:b").at(0)->mentions.size() == 2);

  // The edge index skipped by insert_new_edge is rebuilt when upsert_edge needs it.
  Edge more = link("event:b", "actor:a", EdgeKind::Source);
  more.mentions = {{"d3", 0, 0, 1, "y"}};
  CHECK_FALSE(fast.upsert_edge(more));
  CHECK(fast.edge_count() == 1);
  CHECK(fast.edges().at(0)->mentions.size() == 3);
  CHECK(fast.upsert_edge(link("event:b", "actor:a", EdgeKind::Target)));
  CHECK(fast.edge_count() == 2);

  // Position hints: right ones are used, wrong or out-of-range ones fall back to the id.
  fast.insert_new_edge(link("event:b", "actor:a", EdgeKind::About), 1, 0);
  fast.insert_new_edge(link("event:b", "actor:a", EdgeKind::Causes), 0, 1);
  fast.insert_new_edge(link("actor:a", "event:b", EdgeKind::Mentions), 99, 99);
  CHECK_THROWS_AS(fast.insert_new_edge(link("event:x", "actor:a", EdgeKind::About), 1, 0), std::out_of_range);
  CHECK(fast.edge_count() == 5);
  CHECK(fast.out_edges("event:b").size() == 4);
  CHECK(fast.in_edges("event:b").size() == 1);
  CHECK(fast.in_edges("event:b").at(0)->kind == EdgeKind::Mentions);
}

TEST_CASE("graph: positions, links and kind lists agree with the id-based reads") {
  Graph g;
  // Inserted out of id order: positions are insertion order, reads stay sorted by id.
  g.upsert_node(make("event:2", NodeKind::Event, "b"));
  g.upsert_node(make("actor:z", NodeKind::Actor, "Zed"));
  g.upsert_node(make("event:1", NodeKind::Event, "a"));
  g.upsert_node(make("actor:a", NodeKind::Actor, "Ann"));
  g.upsert_edge(link("event:2", "actor:z", EdgeKind::Target));
  g.upsert_edge(link("event:2", "actor:a", EdgeKind::Source));
  g.upsert_edge(link("event:1", "actor:a", EdgeKind::Target));
  g.upsert_edge(link("event:1", "actor:a", EdgeKind::Source));
  g.upsert_edge(link("actor:a", "actor:z", EdgeKind::MemberOf));
  REQUIRE(g.position("event:1") == 2u);
  CHECK_FALSE(g.position("event:9").has_value());
  CHECK(g.id_at(2) == "event:1");
  CHECK(g.kind_at(3) == NodeKind::Actor);
  CHECK(&g.node_at(2) == g.find("event:1"));
  CHECK(g.position(*g.find("event:1")) == 2u);  // by address
  const Node copy = *g.find("event:1");
  CHECK_FALSE(g.position(copy).has_value());
  auto e1 = make("event:3", NodeKind::Event);
  e1.event_kind = "strike";
  e1.date = "2024-01-02";
  g.upsert_node(e1);
  CHECK(g.field_at(*g.position("event:3"), Graph::Field::EventKind) == "strike");
  CHECK(g.field_at(*g.position("event:3"), Graph::Field::Date) == "2024-01-02");
  CHECK(g.field_at(*g.position("event:3"), Graph::Field::Plover).empty());

  const auto events = g.nodes(NodeKind::Event);
  REQUIRE(events.size() == 3);
  CHECK(events[0]->id == "event:1");
  CHECK(events[2]->id == "event:3");

  for (const char* id : {"actor:a", "actor:z", "event:1", "event:2"}) {
    std::vector<Graph::Adjacent> links;
    g.links(*g.position(id), links);
    std::vector<const Edge*> expect = g.out_edges(id);
    const auto in = g.in_edges(id);
    expect.insert(expect.end(), in.begin(), in.end());
    REQUIRE(links.size() == expect.size());
    for (size_t i = 0; i < links.size(); ++i) {
      CHECK(&g.edge_at(links[i].edge) == expect[i]);
      CHECK(links[i].kind == expect[i]->kind);
      CHECK(links[i].forward == (i < expect.size() - in.size()));
      CHECK(g.id_at(links[i].other) == (links[i].forward ? expect[i]->target : expect[i]->source));
    }
  }
  CHECK(g.in_degree("actor:a") == 3);
}
