// Building the graph from hand-made annotations: event merging across paragraphs and articles,
// idempotent re-adding, relations, places, dates, the timeline.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "graph/builder.hpp"
#include "graph/slice.hpp"
#include "io/graph_file.hpp"

using namespace eg;
using namespace eg::graph;

namespace {

/// The span of the n-th occurrence of `needle` in `text`.
Span find_span(std::string_view text, std::string_view needle, int nth = 0) {
  size_t pos = text.find(needle);
  for (int i = 0; i < nth; ++i) pos = text.find(needle, pos + 1);
  REQUIRE(pos != std::string_view::npos);
  return Span{static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + needle.size())};
}

/// Sentences split at ". " / ".\n", enough for the fixtures below.
std::vector<Sentence> sentences(std::string_view text) {
  std::vector<Sentence> out;
  uint32_t start = 0;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
      Sentence s;
      s.span = Span{start, i + 1};
      out.push_back(s);
      start = i + 1;
      while (start < text.size() && (text[start] == ' ' || text[start] == '\n')) ++start;
    }
  }
  return out;
}

Actor actor(std::string id, std::string name, ActorType t) {
  Actor a;
  a.id = std::move(id);
  a.name = std::move(name);
  a.type = t;
  return a;
}

struct Fixture {
  Document doc;
  Annotations ann;

  Fixture(std::string id, std::string date, std::string text) {
    doc.id = std::move(id);
    doc.date = std::move(date);
    doc.title = "Title of " + doc.id;
    doc.text = std::move(text);
    ann.sentences = sentences(doc.text);
    ann.actors = {actor("actor:united-states", "United States", ActorType::Country),
                  actor("actor:kataib-hezbollah", "Kata'ib Hezbollah", ActorType::Group),
                  actor("actor:iraq", "Iraq", ActorType::Country),
                  actor("actor:iran", "Iran", ActorType::Country)};
    ann.actors[1].aliases = {"KH"};
  }

  int32_t sentence_at(Span s) const {
    for (size_t i = 0; i < ann.sentences.size(); ++i)
      if (ann.sentences[i].span.contains(s)) return static_cast<int32_t>(i);
    return -1;
  }

  void entity(std::string_view text, std::string actor_id, int nth = 0) {
    EntityMention m;
    m.span = find_span(doc.text, text, nth);
    m.sentence = sentence_at(m.span);
    m.type = EntityType::GPE;
    m.actor = std::move(actor_id);
    ann.entities.push_back(m);
  }

  EventArg arg(std::string role, std::string_view text, std::string actor_id, int nth = 0) const {
    EventArg a;
    a.role = std::move(role);
    a.span = find_span(doc.text, text, nth);
    a.actor = std::move(actor_id);
    return a;
  }

  Event& event(std::string kind, std::string_view trigger, int nth, std::string date, bool on_or_before) {
    Event e;
    e.id = "e" + std::to_string(ann.events.size() + 1);
    e.kind = std::move(kind);
    e.trigger = find_span(doc.text, trigger, nth);
    e.sentence = sentence_at(e.trigger);
    e.date.value = std::move(date);
    e.date.granularity = Granularity::Day;
    e.date.on_or_before = on_or_before;
    ann.events.push_back(e);
    return ann.events.back();
  }
};

/// Article A: a strike (repeated in its last paragraph) and a condemnation of it.
Fixture article_a() {
  Fixture f("a", "2021-06-28",
            "US forces struck Kata'ib Hezbollah sites near Al-Qaim on Sunday. Iraq condemned the "
            "strikes. Kata'ib Hezbollah is backed by Iran.\n\n"
            "US forces struck Kata'ib Hezbollah sites near Al-Qaim on Sunday.");
  f.entity("US", "actor:united-states", 0);
  f.entity("Kata'ib Hezbollah", "actor:kataib-hezbollah", 0);
  f.entity("Iraq", "actor:iraq");
  f.entity("Kata'ib Hezbollah", "actor:kataib-hezbollah", 1);
  f.entity("Iran", "actor:iran");
  f.entity("US", "actor:united-states", 1);
  f.entity("Kata'ib Hezbollah", "actor:kataib-hezbollah", 2);
  Timex t;
  t.span = find_span(f.doc.text, "Sunday");
  t.value = "2021-06-27";
  t.sentence = 0;
  f.ann.timexes.push_back(t);
  for (int para : {0, 1}) {
    Event& e = f.event("strike", "struck", para, "2021-06-27", false);
    e.plover = "ASSAULT";
    e.cameo = "195";
    e.date.timex = para == 0 ? 0 : -1;
    e.args = {f.arg("source", "US", "actor:united-states", para),
              f.arg("target", "Kata'ib Hezbollah", "actor:kataib-hezbollah", para == 0 ? 0 : 2),
              f.arg("location", "Al-Qaim", "", para)};
    if (para == 0) e.coref = {find_span(f.doc.text, "strikes")};
  }
  Event& c = f.event("condemn", "condemned", 0, "2021-06-28", true);
  c.plover = "DISAPPROVE";
  c.modality = Modality::Asserted;
  c.args = {f.arg("source", "Iraq", "actor:iraq")};
  c.reports = 0;
  ActorRelation r;
  r.kind = "backed_by";
  r.from = "actor:kataib-hezbollah";
  r.to = "actor:iran";
  r.span = find_span(f.doc.text, "Kata'ib Hezbollah is backed by Iran");
  r.sentence = 2;
  f.ann.relations.push_back(r);
  return f;
}

/// Article B: the same strike, reported a day later with an explicit date.
Fixture article_b() {
  Fixture f("b", "2021-06-29", "The United States struck Kata'ib Hezbollah on June 27.");
  f.entity("United States", "actor:united-states");
  f.entity("Kata'ib Hezbollah", "actor:kataib-hezbollah");
  Event& e = f.event("strike", "struck", 0, "2021-06-27", false);
  e.plover = "ASSAULT";
  e.args = {f.arg("source", "United States", "actor:united-states"),
            f.arg("target", "Kata'ib Hezbollah", "actor:kataib-hezbollah")};
  return f;
}

std::vector<const Node*> events_of(const Graph& g) {
  std::vector<const Node*> out;
  for (const Node* n : g.nodes())
    if (n->kind == NodeKind::Event) out.push_back(n);
  return out;
}

const Node* event_of_kind(const Graph& g, std::string_view kind) {
  for (const Node* n : events_of(g))
    if (n->event_kind == kind) return n;
  return nullptr;
}

bool has_edge(const Graph& g, std::string_view s, std::string_view t, EdgeKind k) {
  for (const Edge* e : g.out_edges(s))
    if (e->target == t && e->kind == k) return true;
  return false;
}

}  // namespace

TEST_CASE("builder: event ids are FNV-1a hashes of the canonical key") {
  CHECK(event_id("") == "event:cbf29ce484222325");
  CHECK(event_id("a") == "event:af63dc4c8601ec8c");
  CHECK(event_id("strike|2021-06-27|actor:a|actor:b") != event_id("strike|2021-06-27|actor:b|actor:a"));
  CHECK(slugify("Al-Qaim  Border Crossing!") == "al-qaim-border-crossing");
  CHECK(slugify("Kata'ib") == "kataib");
  CHECK(slugify("--") == "");
}

TEST_CASE("builder: one article with a repeated paragraph") {
  const Fixture a = article_a();
  Graph g;
  add_document(g, a.doc, a.ann);

  const Node* doc = g.find("doc:a");
  REQUIRE(doc != nullptr);
  CHECK(doc->kind == NodeKind::Document);
  CHECK(doc->label == "Title of a");
  CHECK(doc->doc_date == "2021-06-28");

  const auto evs = events_of(g);
  REQUIRE(evs.size() == 2);  // the repeated strike merged into one node
  const Node* strike = event_of_kind(g, "strike");
  REQUIRE(strike != nullptr);
  CHECK(strike->label == "strike: United States \u2192 Kata'ib Hezbollah (2021-06-27)");
  CHECK(strike->plover == "ASSAULT");
  CHECK(strike->granularity == "day");
  CHECK(strike->modality == "asserted");
  REQUIRE(strike->mentions.size() == 3);  // two triggers and the coreferent "strikes"
  // Event mentions carry their evidence: the sentence with the trigger in brackets.
  CHECK(strike->mentions[0].text == "US forces [struck] Kata'ib Hezbollah sites near Al-Qaim on Sunday.");
  CHECK(strike->mentions[0].sentence == 0);
  CHECK(strike->mentions[1].text == "Iraq condemned the [strikes].");
  CHECK(strike->mentions[1].sentence == 1);
  CHECK(strike->mentions[2].sentence == 3);
  CHECK(strike->id.starts_with("event:"));
  CHECK(strike->id.size() == 6 + 16);

  CHECK(has_edge(g, strike->id, "actor:united-states", EdgeKind::Source));
  CHECK(has_edge(g, strike->id, "actor:kataib-hezbollah", EdgeKind::Target));
  CHECK(has_edge(g, strike->id, "place:al-qaim", EdgeKind::Location));
  CHECK(has_edge(g, strike->id, "date:2021-06-27", EdgeKind::OnDate));
  CHECK(has_edge(g, strike->id, "doc:a", EdgeKind::ReportedIn));
  CHECK(g.find("place:al-qaim")->label == "Al-Qaim");
  CHECK(g.find("place:al-qaim")->mentions.size() == 2);
  CHECK(g.find("date:2021-06-27")->kind == NodeKind::Date);
  // The date edge keeps the timex that gave the date.
  const auto on_date = g.out_edges(strike->id);
  for (const Edge* e : on_date)
    if (e->kind == EdgeKind::OnDate) CHECK(e->mentions.at(0).text == "Sunday");

  const Node* condemn = event_of_kind(g, "condemn");
  REQUIRE(condemn != nullptr);
  CHECK(condemn->date_on_or_before);
  CHECK(condemn->label == "condemn: Iraq (on or before 2021-06-28)");
  CHECK(has_edge(g, condemn->id, strike->id, EdgeKind::About));

  const Node* kh = g.find("actor:kataib-hezbollah");
  REQUIRE(kh != nullptr);
  CHECK(kh->label == "Kata'ib Hezbollah");
  CHECK(kh->actor_type == "group");
  CHECK(kh->aliases == std::vector<std::string>{"KH"});
  CHECK(kh->mentions.size() == 3);
  CHECK(has_edge(g, "doc:a", "actor:kataib-hezbollah", EdgeKind::Mentions));
  CHECK(has_edge(g, "actor:kataib-hezbollah", "actor:iran", EdgeKind::BackedBy));
}

TEST_CASE("builder: the same strike in two articles is one node") {
  const Fixture a = article_a();
  const Fixture b = article_b();
  Graph g;
  add_document(g, b.doc, b.ann);
  add_document(g, a.doc, a.ann);
  const auto evs = events_of(g);
  CHECK(evs.size() == 2);
  const Node* strike = event_of_kind(g, "strike");
  REQUIRE(strike != nullptr);
  std::vector<std::string> docs;
  for (const auto& m : strike->mentions) docs.push_back(m.doc);
  CHECK(docs == std::vector<std::string>{"a", "a", "a", "b"});
  CHECK(has_edge(g, strike->id, "doc:a", EdgeKind::ReportedIn));
  CHECK(has_edge(g, strike->id, "doc:b", EdgeKind::ReportedIn));
  // The first label is kept; both articles make the same one.
  CHECK(strike->label == "strike: United States \u2192 Kata'ib Hezbollah (2021-06-27)");

  // Order of addition does not matter.
  Graph h;
  add_document(h, a.doc, a.ann);
  add_document(h, b.doc, b.ann);
  CHECK(graph_to_json(g) == graph_to_json(h));
}

TEST_CASE("builder: across articles, events merge by kind, compatible dates and actors") {
  const Fixture a = article_a();  // US strike on Kata'ib Hezbollah, 2021-06-27
  const size_t alone = [&] {
    Graph g;
    add_document(g, a.doc, a.ann);
    return events_of(g).size();
  }();
  // A later report known only as "on or before 2021-06-30": within a week, same parties.
  Fixture c("c", "2021-06-30", "The United States struck Kata'ib Hezbollah.");
  c.entity("United States", "actor:united-states");
  Event& e = c.event("strike", "struck", 0, "2021-06-30", true);
  e.args = {c.arg("source", "United States", "actor:united-states"),
            c.arg("target", "Kata'ib Hezbollah", "actor:kataib-hezbollah")};
  Graph g;
  add_document(g, a.doc, a.ann);
  add_document(g, c.doc, c.ann);
  CHECK(events_of(g).size() == alone);

  // A strike by the same parties a month later is another event.
  Fixture later("later", "2021-08-02", "The United States struck Kata'ib Hezbollah.");
  later.entity("United States", "actor:united-states");
  Event& l = later.event("strike", "struck", 0, "2021-08-01", false);
  l.args = {later.arg("source", "United States", "actor:united-states"),
            later.arg("target", "Kata'ib Hezbollah", "actor:kataib-hezbollah")};
  add_document(g, later.doc, later.ann);
  CHECK(events_of(g).size() == alone + 1);

  // Another kind on the same day by the same parties stays apart.
  Fixture other("other", "2021-06-27", "The United States threatened Kata'ib Hezbollah.");
  other.entity("United States", "actor:united-states");
  Event& o = other.event("threaten", "threatened", 0, "2021-06-27", false);
  o.args = {other.arg("source", "United States", "actor:united-states"),
            other.arg("target", "Kata'ib Hezbollah", "actor:kataib-hezbollah")};
  add_document(g, other.doc, other.ann);
  CHECK(events_of(g).size() == alone + 2);

  // Re-adding a merged article changes nothing.
  const std::string before = graph_to_json(g);
  add_document(g, c.doc, c.ann);
  CHECK(graph_to_json(g) == before);
}

TEST_CASE("builder: a month-dated event needs a shared source to merge") {
  const Fixture a = article_a();  // US strike on Kata'ib Hezbollah, 2021-06-27
  Graph g;
  add_document(g, a.doc, a.ann);
  const size_t before = events_of(g).size();
  // Same kind, same target, date only "2021-06", but no source: kept apart.
  Fixture m("m", "2021-07-02", "Kata'ib Hezbollah sites were struck in June.");
  Event& e = m.event("strike", "struck", 0, "2021-06", false);
  e.date.granularity = eg::Granularity::Month;
  e.args = {m.arg("target", "Kata'ib Hezbollah", "actor:kataib-hezbollah")};
  add_document(g, m.doc, m.ann);
  CHECK(events_of(g).size() == before + 1);
  // With the source named, the June report is the same strike.
  Fixture s("s", "2021-07-03", "The United States struck Kata'ib Hezbollah in June.");
  s.entity("United States", "actor:united-states");
  Event& f = s.event("strike", "struck", 0, "2021-06", false);
  f.date.granularity = eg::Granularity::Month;
  f.args = {s.arg("source", "United States", "actor:united-states"),
            s.arg("target", "Kata'ib Hezbollah", "actor:kataib-hezbollah")};
  add_document(g, s.doc, s.ann);
  CHECK(events_of(g).size() == before + 1);
}

TEST_CASE("builder: events without actors merge only within their article") {
  Fixture d("d", "2021-07-01", "Explosions were heard. Explosions were heard.");
  d.event("explosion", "Explosions", 0, "2021-07-01", true);
  d.event("explosion", "Explosions", 1, "2021-07-01", true);
  Fixture e("e", "2021-07-01", "Explosions were heard.");
  e.event("explosion", "Explosions", 0, "2021-07-01", true);
  Graph g;
  add_document(g, d.doc, d.ann);
  CHECK(events_of(g).size() == 1);
  CHECK(events_of(g)[0]->mentions.size() == 2);
  add_document(g, e.doc, e.ann);
  CHECK(events_of(g).size() == 2);
}

TEST_CASE("builder: adding a document twice changes nothing") {
  const Fixture a = article_a();
  const Fixture b = article_b();
  Graph g;
  add_document(g, a.doc, a.ann);
  add_document(g, b.doc, b.ann);
  link_timeline(g);
  const std::string before = graph_to_json(g);
  add_document(g, a.doc, a.ann);
  link_timeline(g);
  CHECK(graph_to_json(g) == before);
  add_document(g, b.doc, b.ann);
  link_timeline(g);
  CHECK(graph_to_json(g) == before);
}

TEST_CASE("builder: bad spans and dangling references do not throw") {
  Fixture f("f", "", "Short.");
  Event e;
  e.kind = "strike";
  e.trigger = Span{3, 500};
  e.reports = 7;
  EventArg a;
  a.role = "target";
  a.span = Span{400, 410};
  a.actor = "actor:nowhere";
  e.args = {a};
  e.coref = {Span{900, 901}};
  e.date.timex = 3;
  e.date.value = "2021";
  f.ann.events.push_back(e);
  ActorRelation r;
  r.kind = "member_of";
  r.from = "actor:x";
  r.to = "actor:y";
  f.ann.relations.push_back(r);
  r.kind = "not_a_kind";
  f.ann.relations.push_back(r);
  Graph g;
  CHECK_NOTHROW(add_document(g, f.doc, f.ann));
  CHECK(g.find("actor:nowhere") != nullptr);
  CHECK(has_edge(g, "actor:x", "actor:y", EdgeKind::MemberOf));
  CHECK(g.find("doc:f")->label == "Title of f");
}

TEST_CASE("builder: timeline order and precedes edges") {
  const Fixture a = article_a();
  const Fixture b = article_b();
  Fixture u("u", "2021-07-02", "Iraq protested. Iraq talked.");
  Event& p = u.event("protest", "protested", 0, "", false);
  p.args = {u.arg("source", "Iraq", "actor:iraq")};
  Event& t = u.event("talk", "talked", 0, "2021-07", false);
  t.args = {u.arg("source", "Iraq", "actor:iraq", 1)};
  Graph g;
  add_document(g, a.doc, a.ann);
  add_document(g, b.doc, b.ann);
  add_document(g, u.doc, u.ann);
  link_timeline(g);
  const auto order = timeline_order(g);
  REQUIRE(order.size() == 4);
  CHECK(order[0]->event_kind == "strike");
  CHECK(order[1]->event_kind == "condemn");
  CHECK(order[2]->event_kind == "talk");
  CHECK(order[3]->event_kind == "protest");  // undated last
  CHECK(has_edge(g, order[0]->id, order[1]->id, EdgeKind::Precedes));
  CHECK(has_edge(g, order[1]->id, order[2]->id, EdgeKind::Precedes));
  size_t precedes = 0;
  for (const Edge* e : g.edges()) precedes += e->kind == EdgeKind::Precedes;
  CHECK(precedes == 2);
  const std::string once = graph_to_json(g);
  link_timeline(g);
  CHECK(graph_to_json(g) == once);
}

TEST_CASE("builder: a town that is only named is a place, not an actor node") {
  Fixture f("towns", "2021-06-28",
            "Iraq condemned the strikes near Al-Qaim. Militants attacked Rawa on Sunday.");
  f.ann.actors.push_back(actor("actor:al-qaim", "Al-Qaim", ActorType::Location));
  f.ann.actors.push_back(actor("actor:rawa", "Rawa", ActorType::Location));
  f.entity("Iraq", "actor:iraq");
  f.entity("Al-Qaim", "actor:al-qaim");
  f.entity("Rawa", "actor:rawa");
  Event& c = f.event("condemn", "condemned", 0, "2021-06-28", true);
  c.args = {f.arg("source", "Iraq", "actor:iraq"), f.arg("location", "Al-Qaim", "")};
  Event& a = f.event("attack", "attacked", 0, "2021-06-27", false);
  a.args = {f.arg("target", "Rawa", "actor:rawa")};
  Graph g;
  add_document(g, f.doc, f.ann);
  CHECK(g.find("actor:iraq") != nullptr);
  CHECK(g.find("actor:al-qaim") == nullptr);  // only named: the location edge carries it
  CHECK(g.find("place:al-qaim") != nullptr);
  const Node* rawa = g.find("actor:rawa");    // acted on: stays an actor, with its type
  REQUIRE(rawa != nullptr);
  CHECK(rawa->actor_type == "location");
  CHECK(rawa->mentions.size() == 1);
}

TEST_CASE("builder: evidence of a long sentence is cut around the trigger, whitespace squeezed") {
  std::string text = "Officials said that";
  for (int i = 0; i < 40; ++i) text += " after many\n  long talks";
  text += " gunmen attacked the convoy";
  for (int i = 0; i < 40; ++i) text += " near the old \xC3\xA9glise";
  text += ".";
  Fixture f("long", "2021-06-28", text);
  Event& e = f.event("attack", "attacked", 0, "2021-06-28", true);
  (void)e;
  Graph g;
  add_document(g, f.doc, f.ann);
  const Node* n = nullptr;
  for (const Node* x : g.nodes())
    if (x->kind == NodeKind::Event) n = x;
  REQUIRE(n != nullptr);
  const std::string& t = n->mentions.at(0).text;
  CHECK(t.find("gunmen [attacked] the convoy") != std::string::npos);
  CHECK(t.starts_with("\xE2\x80\xA6"));
  CHECK(t.ends_with("\xE2\x80\xA6"));
  CHECK(t.size() <= 340);
  CHECK(t.find('\n') == std::string::npos);
  CHECK(t.find("  ") == std::string::npos);
  CHECK(n->mentions.at(0).start == find_span(f.doc.text, "attacked").start);
}

TEST_CASE("builder: an explicit cue orders events of one date against document order") {
  Fixture f("cue", "2021-06-28",
            "The militia vowed revenge on Sunday after the strikes on its depots.");
  Event& vow = f.event("threaten", "vowed", 0, "2021-06-27", false);
  vow.args = {};
  Event& strike = f.event("strike", "strikes", 0, "2021-06-27", false);
  strike.args = {};
  f.ann.events[0].after = {1};  // the strikes came first
  Graph g;
  add_document(g, f.doc, f.ann);
  link_timeline(g);
  auto order = timeline_order(g);
  REQUIRE(order.size() == 2);
  CHECK(order[0]->event_kind == "strike");
  CHECK(order[1]->event_kind == "threaten");
  size_t cues = 0;
  for (const Edge* e : g.edges())
    if (e->kind == EdgeKind::Precedes) {
      CHECK(e->value == kCuePrecedes);
      CHECK(e->source == order[0]->id);
      CHECK(e->target == order[1]->id);
      ++cues;
    }
  CHECK(cues == 1);
  // A slice keeps the cue edge, and so does recomputing the timeline again.
  SliceOptions o;
  o.from = "2021-06-27";
  Graph s = slice(g, o);
  link_timeline(s);
  size_t kept = 0;
  for (const Edge* e : s.edges()) kept += e->kind == EdgeKind::Precedes;
  CHECK(kept == 1);
  // Without the cue the same two events keep document order.
  Fixture plain = f;
  plain.ann.events[0].after.clear();
  Graph h;
  add_document(h, plain.doc, plain.ann);
  CHECK(timeline_order(h).front()->event_kind == "threaten");
}

TEST_CASE("builder: two acts with the same key in one article stay two; a repeated one merges") {
  Fixture f("acts", "2021-06-28",
            "Iraq urged restraint. Iraq urged talks.\n\nIraq urged restraint.");
  f.entity("Iraq", "actor:iraq", 0);
  f.entity("Iraq", "actor:iraq", 1);
  f.entity("Iraq", "actor:iraq", 2);
  for (int k : {0, 1, 2}) {
    Event& e = f.event("demand", "urged", k, "2021-06-28", true);
    e.args = {f.arg("source", "Iraq", "actor:iraq", k)};
  }
  Graph g;
  add_document(g, f.doc, f.ann);
  std::vector<const Node*> demands;
  for (const Node* n : g.nodes())
    if (n->kind == NodeKind::Event) demands.push_back(n);
  REQUIRE(demands.size() == 2);  // "urged restraint" (twice: one node) and "urged talks"
  const size_t m0 = demands[0]->mentions.size(), m1 = demands[1]->mentions.size();
  CHECK(std::min(m0, m1) == 1);
  CHECK(std::max(m0, m1) == 2);
  // Adding the article again changes nothing.
  Graph h = g;
  add_document(h, f.doc, f.ann);
  CHECK(h == g);
}

TEST_CASE("builder: undated statements do not merge across articles; no actor targets itself") {
  Graph g;
  Fixture a("sa", "2021-07-01", "The United States said it was ready.");
  a.entity("United States", "actor:united-states");
  a.event("statement", "said", 0, "2021-07-01", true).args = {
      a.arg("source", "United States", "actor:united-states")};
  add_document(g, a.doc, a.ann);
  Fixture b("sb", "2021-07-02", "The United States said talks would resume.");
  b.entity("United States", "actor:united-states");
  b.event("statement", "said", 0, "2021-07-02", true).args = {
      b.arg("source", "United States", "actor:united-states")};
  add_document(g, b.doc, b.ann);
  CHECK(events_of(g).size() == 2);
  // A target that is also the source is dropped.
  Fixture c("sc", "2021-07-03", "The United States warned the United States.");
  c.entity("United States", "actor:united-states");
  c.event("threaten", "warned", 0, "2021-07-03", false).args = {
      c.arg("source", "United States", "actor:united-states"),
      c.arg("target", "United States", "actor:united-states", 1)};
  add_document(g, c.doc, c.ann);
  for (const Node* n : events_of(g))
    for (const Edge* e : g.out_edges(n->id)) CHECK(e->kind != EdgeKind::Target);
}

TEST_CASE("builder: two mentions of one reaction to the same event in an article are one node") {
  Fixture f("react", "2021-06-28",
            "US forces struck militia sites on Monday. Iraq on Monday condemned the strikes. "
            "In a statement, Iraq condemned the strikes. Iraq condemned the strikes again on "
            "Tuesday.");
  f.entity("US", "actor:united-states");
  for (int k : {0, 1, 2}) f.entity("Iraq", "actor:iraq", k);
  f.event("strike", "struck", 0, "2021-06-28", false).args = {
      f.arg("source", "US", "actor:united-states")};
  Event& c1 = f.event("condemn", "condemned", 0, "2021-06-28", false);
  c1.args = {f.arg("source", "Iraq", "actor:iraq", 0)};
  c1.reports = 0;
  Event& c2 = f.event("condemn", "condemned", 1, "2021-06-28", true);  // "on or before" the DCT
  c2.args = {f.arg("source", "Iraq", "actor:iraq", 1)};
  c2.reports = 0;
  Event& c3 = f.event("condemn", "condemned", 2, "2021-06-29", false);  // another day: another act
  c3.args = {f.arg("source", "Iraq", "actor:iraq", 2)};
  c3.reports = 0;
  Graph g;
  add_document(g, f.doc, f.ann);
  size_t condemnations = 0, merged = 0;
  for (const Node* n : events_of(g)) {
    if (n->event_kind != "condemn") continue;
    ++condemnations;
    if (n->mentions.size() == 2) {
      ++merged;
      CHECK(n->date == "2021-06-28");
      CHECK_FALSE(n->date_on_or_before);  // the first, exact date is kept
    }
  }
  CHECK(condemnations == 2);
  CHECK(merged == 1);
}

namespace {

/// An article naming a cast of people and organizations (story actors) with one event of
/// `kind` at its trigger, dated `date` (empty: undated); `party` (a cast name, or none) is the
/// event's target.
Fixture story_article(std::string id, std::string date, std::string text,
                      const std::vector<std::pair<std::string, std::string>>& cast,
                      std::string kind, std::string_view trigger, std::string_view party = {},
                      bool on_or_before = false) {
  Fixture f(std::move(id), date, std::move(text));
  f.ann.actors.clear();
  for (const auto& [actor_id, name] : cast) {
    f.ann.actors.push_back(actor(actor_id, name,
                                 actor_id.find("center") != std::string::npos
                                     ? ActorType::Organization
                                     : ActorType::Person));
    f.entity(name, actor_id);
  }
  Event& e = f.event(std::move(kind), trigger, 0, std::move(date), on_or_before);
  for (const auto& [actor_id, name] : cast)
    if (name == party) e.args = {f.arg("target", name, actor_id)};
  return f;
}

const std::vector<std::pair<std::string, std::string>> kCastA = {
    {"actor:tessa-rand", "Tessa Rand"}, {"actor:palm-center", "Palm Center"}};
const std::vector<std::pair<std::string, std::string>> kCastB = {
    {"actor:lena-moss", "Lena Moss"}, {"actor:oak-center", "Oak Center"}};

}  // namespace

TEST_CASE("builder: undated acts on the same party in one story merge across articles") {
  Graph g;
  const Fixture a = story_article("sa", "", "Police arrested Tessa Rand outside Palm Center.",
                                  kCastA, "arrest", "arrested", "Tessa Rand");
  // the second report also names a source, so the two keys differ: only the story ties them
  Fixture b = story_article("sb", "", "Palm Center staff saw officers arrest Tessa Rand.", kCastA,
                            "arrest", "arrest", "Tessa Rand");
  b.ann.events[0].args.push_back(b.arg("source", "Palm Center", "actor:palm-center"));
  add_document(g, a.doc, a.ann);
  add_document(g, b.doc, b.ann);
  REQUIRE(events_of(g).size() ==
          1);  // same cast, same kind, a shared party, both undated: one event
  CHECK(events_of(g)[0]->mentions.size() == 2);
  // another cast is another story, whatever the kind
  const Fixture c = story_article("sc", "", "Police arrested Lena Moss near Oak Center.", kCastB,
                                  "arrest", "arrested", "Lena Moss");
  add_document(g, c.doc, c.ann);
  CHECK(events_of(g).size() == 2);
  // an undated event never joins a dated one, even in the same story
  const Fixture d =
      story_article("sd", "2021-07-01", "Police arrested Tessa Rand at Palm Center again.", kCastA,
                    "arrest", "arrested", "Tessa Rand");
  add_document(g, d.doc, d.ann);
  CHECK(events_of(g).size() == 3);
  // undated, without a party or place in common, the story alone is not enough
  const Fixture e = story_article("se", "", "Tessa Rand left Palm Center after an arrest.", kCastA,
                                  "arrest", "arrest");
  add_document(g, e.doc, e.ann);
  CHECK(events_of(g).size() == 4);
}

TEST_CASE("builder: undated acts of one story need a named party or the same town, not a country") {
  // a country as the only shared party: the scene of many acts of one story
  auto with_country = [](std::string id, std::string text, bool named_source) {
    Fixture f = story_article(std::move(id), "", std::move(text), kCastA, "attack", "attacked");
    f.ann.actors.push_back(actor("actor:iran", "Iran", ActorType::Country));
    f.ann.events[0].args = {f.arg("target", "Iran", "actor:iran")};
    if (named_source)
      f.ann.events[0].args.push_back(f.arg("source", "Palm Center", "actor:palm-center"));
    return f;
  };
  Graph g;
  const Fixture a = with_country("ca", "Tessa Rand of Palm Center said Iran was attacked.", false);
  const Fixture b = with_country("cb", "Palm Center, Tessa Rand: Iran was attacked again.", true);
  add_document(g, a.doc, a.ann);
  add_document(g, b.doc, b.ann);
  CHECK(events_of(g).size() == 2);

  // the same town as the place of both: one event
  auto in_town = [](std::string id, std::string text) {
    Fixture f = story_article(std::move(id), "", std::move(text), kCastA, "attack", "attacked");
    Place town;
    town.id = "place:us-palmdale";
    town.name = "Palmdale";
    town.feature = "city";
    f.ann.places.push_back(town);
    EventArg where = f.arg("location", "Palmdale", "");
    where.value = town.id;
    f.ann.events[0].args = {where};
    return f;
  };
  Graph h;
  const Fixture c = in_town("tc", "Tessa Rand of Palm Center was attacked in Palmdale.");
  const Fixture d = in_town("td", "Palm Center said Tessa Rand was attacked in Palmdale.");
  add_document(h, c.doc, c.ann);
  add_document(h, d.doc, d.ann);
  CHECK(events_of(h).size() == 1);
}

TEST_CASE("builder: in one story, events without actors merge only on a stated day") {
  Graph g;
  const Fixture a =
      story_article("da", "2021-07-02", "Tessa Rand was arrested at Palm Center on Thursday.",
                    kCastA, "arrest", "arrested");
  add_document(g, a.doc, a.ann);
  // the same stated day in another article of the story: one event
  const Fixture b =
      story_article("db", "2021-07-03", "Palm Center confirmed Tessa Rand was arrested Thursday.",
                    kCastA, "arrest", "arrested");
  add_document(g, b.doc, b.ann);
  CHECK(events_of(g).size() == 1);
  // a date known only as "on or before" the report is too loose without actors
  const Fixture c =
      story_article("dc", "2021-07-03", "Tessa Rand was arrested at Palm Center, it was said.",
                    kCastA, "arrest", "arrested", {}, true);
  add_document(g, c.doc, c.ann);
  CHECK(events_of(g).size() == 2);
  // a month is too loose as well
  Fixture m = story_article("dm", "2021-07", "Tessa Rand was arrested at Palm Center in July.",
                            kCastA, "arrest", "arrested");
  m.ann.events[0].date.granularity = Granularity::Month;
  add_document(g, m.doc, m.ann);
  CHECK(events_of(g).size() == 3);
}

TEST_CASE("builder: story merging skips verbal acts, unreal events and casts shared only in part") {
  Graph g;
  const Fixture a =
      story_article("pa", "2021-07-02", "Tessa Rand demanded calm at Palm Center on Friday.",
                    kCastA, "demand", "demanded");
  const Fixture b =
      story_article("pb", "2021-07-02", "Palm Center said Tessa Rand demanded calm Friday.", kCastA,
                    "demand", "demanded");
  add_document(g, a.doc, a.ann);
  add_document(g, b.doc, b.ann);
  CHECK(events_of(g).size() == 2);  // demands recur within a story: not tied by the story alone

  Graph h;
  const Fixture c =
      story_article("pc", "2021-07-02", "Police arrested Tessa Rand at Palm Center on Friday.",
                    kCastA, "arrest", "arrested");
  Fixture d = story_article("pd", "2021-07-02",
                            "Police may have arrested Tessa Rand at Palm Center Friday.", kCastA,
                            "arrest", "arrested");
  d.ann.events[0].modality = Modality::Hypothetical;
  add_document(h, c.doc, c.ann);
  add_document(h, d.doc, d.ann);
  CHECK(events_of(h).size() == 2);  // a possible act is not tied to a told one

  // two articles sharing two names out of many tell different stories
  Graph k;
  std::vector<std::pair<std::string, std::string>> big = kCastA;
  const std::vector<std::string> extra = {"Ada Ball", "Ben Cole", "Cy Dunn", "Di Eck",
                                          "Ed Fox",   "Fay Gill", "Gus Hay", "Hal Ito"};
  std::string text = "Police arrested Tessa Rand at Palm Center.";
  for (const auto& name : extra) {
    big.emplace_back("actor:" + slugify(name), name);
    text += " " + name + " spoke.";
  }
  const Fixture e = story_article("pe", "2021-07-02", text, big, "arrest", "arrested");
  const Fixture f = story_article("pf", "2021-07-02",
                                  "Police arrested Tessa Rand at Palm Center. Lena Moss and Oak "
                                  "Center. Ida Jay, Jo Kim, Lu Max, Mo Ned, "
                                  "Ned Orr, Oz Pym.",
                                  {{"actor:tessa-rand", "Tessa Rand"},
                                   {"actor:palm-center", "Palm Center"},
                                   {"actor:lena-moss", "Lena Moss"},
                                   {"actor:oak-center", "Oak Center"},
                                   {"actor:ida-jay", "Ida Jay"},
                                   {"actor:jo-kim", "Jo Kim"},
                                   {"actor:lu-max", "Lu Max"},
                                   {"actor:mo-ned", "Mo Ned"},
                                   {"actor:ned-orr", "Ned Orr"},
                                   {"actor:oz-pym", "Oz Pym"}},
                                  "arrest", "arrested");
  add_document(k, e.doc, e.ann);
  add_document(k, f.doc, f.ann);
  CHECK(events_of(k).size() == 2);
}
