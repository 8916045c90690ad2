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
  // A limited timeline is the full one's prefix (only candidates by date are decoded).
  for (size_t n : {1u, 2u, 3u, 4u, 9u}) {
    auto want = ids(timeline(g));
    want.resize(std::min<size_t>(n, want.size()));
    CHECK(ids(timeline(g, n)) == want);
  }
  CHECK(ids(timeline(g, 0)) == ids(timeline(g)));
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

// ---- forgiving lookup and richer questions

namespace {

Graph richer() {
  Graph g = sample();
  actor(g, "actor:mustafa-al-kadhimi", "Mustafa Al Kadhimi");
  actor(g, "actor:islamic-revolutionary-guard-corps", "Islamic Revolutionary Guard Corps");
  actor(g, "actor:joe-biden", "Joe Biden");
  actor(g, "actor:hadi-al-amiri", "Hadi al-Amiri");
  actor(g, "actor:hadi-al-bahra", "Hadi al-Bahra");
  node(g, "place:iq", NodeKind::Place, "Iraq");
  node(g, "place:iq-qaim", NodeKind::Place, "Al Q\u0101\u2019im");
  edge(g, "place:iq-qaim", "place:iq", EdgeKind::LocatedIn);
  edge(g, "event:3", "place:iq-qaim", EdgeKind::Location);
  edge(g, "actor:kataib-hezbollah", "actor:islamic-revolutionary-guard-corps", EdgeKind::BackedBy);
  edge(g, "event:1", "actor:joe-biden", EdgeKind::Source);
  return g;
}

std::string found(const Graph& g, std::string_view name, LookupScope s = LookupScope::ActorsThenPlaces) {
  const auto r = lookup_name(g, name, s);
  return r.status == NameLookup::Status::Found ? r.node->id : "";
}

}  // namespace

TEST_CASE("query: fold_name folds case, diacritics, apostrophes, punctuation") {
  CHECK(fold_name("Al Q\u0101\u2019im") == "al qaim");
  CHECK(fold_name("Kata\u2019ib  Hezbollah") == "kataib hezbollah");
  CHECK(fold_name("Kata'ib-Hezbollah") == "kataib hezbollah");
  CHECK(fold_name("U.S.") == "us");
  CHECK(fold_name("Ṣadr — Ḥasan") == "sadr hasan");
  CHECK(fold_name("Zürich Ærø") == "zurich aro");
  CHECK(fold_name("  ") == "");
  CHECK(edit_distance("kanani", "kanaani") == 1);
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("query: lookup_name tiers, ambiguity and suggestions") {
  const Graph g = richer();
  CHECK(found(g, "actor:iraq") == "actor:iraq");
  CHECK(found(g, "KATA\u2019IB HEZBOLLAH") == "actor:kataib-hezbollah");
  CHECK(found(g, "kh") == "actor:kataib-hezbollah");                   // alias
  CHECK(found(g, "IRGC") == "actor:islamic-revolutionary-guard-corps");  // acronym
  CHECK(found(g, "Kadhimi") == "actor:mustafa-al-kadhimi");             // partial name
  CHECK(found(g, "Iraq") == "actor:iraq");                               // actor before place
  CHECK(found(g, "Iraq", LookupScope::Places) == "place:iq");
  const auto qaim = lookup_name(g, "Qa'im");  // diacritics and apostrophes folded: two places
  CHECK(qaim.status == NameLookup::Status::Ambiguous);
  CHECK(qaim.candidates.size() == 2);
  CHECK(found(g, "place:iq", LookupScope::Places) == "place:iq");
  CHECK(found(g, "actor:iraq", LookupScope::Places).empty());  // an id of the wrong kind
  CHECK(found(g, "Al-Qaim", LookupScope::Actors).empty());

  auto r = lookup_name(g, "Hadi");
  CHECK(r.status == NameLookup::Status::Ambiguous);
  REQUIRE(r.candidates.size() == 2);
  CHECK(r.candidates[0]->id == "actor:hadi-al-amiri");
  CHECK(r.candidates[1]->id == "actor:hadi-al-bahra");

  r = lookup_name(g, "Kadhimy");
  CHECK(r.status == NameLookup::Status::NotFound);
  REQUIRE(!r.candidates.empty());
  CHECK(r.candidates[0]->id == "actor:mustafa-al-kadhimi");
  r = lookup_name(g, "Zzyzx Qwerty");
  CHECK(r.status == NameLookup::Status::NotFound);
  CHECK(r.candidates.empty());
  CHECK(lookup_name(g, "").status == NameLookup::Status::NotFound);
}

TEST_CASE("query: actor profile, who and whom") {
  const Graph g = richer();
  const auto p = actor_profile(g, "actor:kataib-hezbollah");
  REQUIRE(p.actor != nullptr);
  CHECK(p.event_count == 2);
  CHECK(p.as_source == std::vector<std::pair<std::string, size_t>>{{"strike", 1}});
  CHECK(p.as_target == std::vector<std::pair<std::string, size_t>>{{"strike", 1}});
  CHECK(p.first_seen == "2021-06-27");
  CHECK(p.last_seen == "2021-08");
  REQUIRE(p.affiliations.size() == 1);
  CHECK(p.affiliations[0].relation == "backed_by");
  CHECK(p.affiliations[0].node->id == "actor:islamic-revolutionary-guard-corps");
  REQUIRE(!p.counterparts.empty());
  CHECK(p.counterparts[0].first->id == "actor:united-states");
  CHECK(p.counterparts[0].second == 2);
  CHECK(actor_profile(g, "place:iq").actor == nullptr);

  EventFilter f;
  f.did = "assault";
  f.target = "actor:kataib-hezbollah";
  auto who = actors_in_role(g, f, EdgeKind::Source);
  REQUIRE(who.size() == 2);
  CHECK(who[0].actor->id == "actor:joe-biden");
  CHECK(who[1].actor->id == "actor:united-states");
  f = {};
  f.did = "strike";
  f.source = "actor:kataib-hezbollah";
  auto whom = actors_in_role(g, f, EdgeKind::Target);
  REQUIRE(whom.size() == 1);
  CHECK(whom[0].actor->id == "actor:united-states");
  f.did = "condemn";
  CHECK(actors_in_role(g, f, EdgeKind::Target).empty());
}

TEST_CASE("query: place, modality and mention filters") {
  const Graph g = richer();
  EventFilter f;
  f.places = {"place:iq"};  // events in Al Qa'im are in Iraq
  CHECK(ids(events(g, f)) == std::vector<std::string>{"event:3"});
  f.places = {"place:al-qaim", "place:iq-qaim"};
  CHECK(ids(events(g, f)) == std::vector<std::string>{"event:1", "event:3"});
  f = {};
  f.min_mentions = 2;
  CHECK(events(g, f).empty());
  f = {};
  f.modality = "asserted";
  CHECK(events(g, f).empty());  // the sample events have no modality
}

TEST_CASE("query: neighborhood, explained path, related, subgraph") {
  const Graph g = richer();
  auto hops = neighborhood(g, "actor:united-states", 1, "source");
  REQUIRE(hops.size() == 1);
  CHECK(hops[0].node->id == "event:1");
  hops = neighborhood(g, "actor:joe-biden", 2);
  std::vector<std::string> at2;
  for (const auto& h : hops)
    if (h.depth == 2) at2.push_back(h.node->id);
  CHECK(at2 == std::vector<std::string>{"actor:kataib-hezbollah", "actor:united-states", "place:al-qaim",
                                        "event:2"});

  const auto path = explain_path(g, "actor:joe-biden", "actor:islamic-revolutionary-guard-corps");
  REQUIRE(path.size() == 4);
  CHECK(path_sentence(path) ==
        "Joe Biden \u2014did\u2192 strike (2021-06-27) \u2014target\u2192 Kata'ib Hezbollah "
        "\u2014backed_by\u2192 Islamic Revolutionary Guard Corps");
  // Nothing structural connects Iraq to the statement's document: fall back to reported_in.
  CHECK(explain_path(g, "actor:iraq", "doc:a").size() == 3);
  CHECK(explain_path(g, "actor:iraq", "missing").empty());

  const auto rel = related(g, "event:1");
  REQUIRE(rel.size() == 1);
  CHECK(rel[0].relation == "subject_of");
  CHECK(rel[0].node->id == "event:2");

  const Graph sub = induced_subgraph(g, {"event:1", "actor:joe-biden", "missing"});
  CHECK(sub.node_count() == 2);
  CHECK(sub.edge_count() == 1);
}
