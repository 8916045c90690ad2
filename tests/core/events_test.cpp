// Event extraction on hand-written sentences: segmentation plus the extractor only (no NER or
// temporal tagger), with time expressions added by hand where a test needs them.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "core/events.hpp"
#include "core/segmenter.hpp"

namespace {

const eg::EventExtractor& extractor() {
  static const eg::EventExtractor x(std::string(EG_TEST_SOURCE_DIR) + "/core/data");
  return x;
}

eg::Annotations run(const std::string& text, std::string_view dct = "2022-03-15",
                    std::vector<eg::Timex> timexes = {}) {
  eg::Annotations ann;
  eg::segment(text, ann);
  ann.timexes = std::move(timexes);
  extractor().extract(text, dct, ann);
  return ann;
}

const eg::Event* find(const eg::Annotations& ann, std::string_view kind) {
  for (const auto& e : ann.events)
    if (e.kind == kind) return &e;
  return nullptr;
}

std::vector<std::string> args(const eg::Event& e, std::string_view text, std::string_view role) {
  std::vector<std::string> out;
  for (const auto& a : e.args)
    if (a.role == role) out.emplace_back(a.span.of(text));
  return out;
}

bool has_arg(const eg::Event& e, std::string_view text, std::string_view role, std::string_view want) {
  for (const auto& s : args(e, text, role))
    if (s.find(want) != std::string::npos) return true;
  return false;
}

eg::Timex timex_at(const std::string& text, std::string_view what, std::string value, int32_t sentence) {
  eg::Timex t;
  auto p = static_cast<uint32_t>(text.find(what));
  t.span = {p, p + static_cast<uint32_t>(what.size())};
  t.value = std::move(value);
  t.sentence = sentence;
  return t;
}

// The date given to the first event of `kind` in `text`, analysed with one timex; fails the test
// when no such event is found.
eg::EventDate date_of(const std::string& text, std::string_view dct, std::string_view timex,
                      std::string value, std::string_view kind) {
  const auto ann = run(text, dct, {timex_at(text, timex, std::move(value), 0)});
  const auto* e = find(ann, kind);
  if (e == nullptr) {
    FAIL_CHECK("no " << kind << " event in: " << text);
    return {};
  }
  return e->date;
}

// Checks a date: its value and whether it is "on or before" that value.
void check_date(const eg::EventDate& d, std::string_view value, bool on_or_before) {
  CHECK(d.value == value);
  CHECK(d.on_or_before == on_or_before);
}

}  // namespace

TEST_CASE("events: passive voice with a by-agent and a location") {
  std::string t = "The convoy was attacked by rebels near the town of Ardis.";
  auto ann = run(t);
  const auto* e = find(ann, "attack");
  REQUIRE(e);
  CHECK(e->plover == "ASSAULT");
  CHECK(e->trigger.of(t) == "attacked");
  CHECK(has_arg(*e, t, "target", "convoy"));
  CHECK(has_arg(*e, t, "source", "rebels"));
  CHECK(has_arg(*e, t, "location", "town"));
  CHECK(e->modality == eg::Modality::Asserted);
}

TEST_CASE("events: compound objects give one argument each") {
  std::string t = "Government troops shelled Norland and Eastmark overnight.";
  auto ann = run(t);
  const auto* e = find(ann, "strike");
  REQUIRE(e);
  auto targets = args(*e, t, "target");
  CHECK(targets.size() == 2);
  CHECK(has_arg(*e, t, "target", "Norland"));
  CHECK(has_arg(*e, t, "target", "Eastmark"));
  CHECK(has_arg(*e, t, "source", "Government troops"));
}

TEST_CASE("events: casualty count from the victim phrase") {
  std::string t = "The rebel council said that three of its guards had been killed in the raid.";
  auto ann = run(t);
  const auto* k = find(ann, "kill");
  REQUIRE(k);
  CHECK(has_arg(*k, t, "target", "three of its guards"));
  bool count = false;
  for (const auto& a : k->args) count = count || (a.role == "casualties" && a.value == "3");
  CHECK(count);
  CHECK(k->modality == eg::Modality::Reported);
  // the plain "said" only attributes the killing: no statement event of its own
  CHECK(find(ann, "statement") == nullptr);
}

TEST_CASE("events: the object of a denial is denied") {
  std::string t = "The ministry denied claims that its depots were targeted and said the raid hit a farm.";
  auto ann = run(t);
  const auto* d = find(ann, "deny");
  REQUIRE(d);
  CHECK(d->plover == "REJECT");
  CHECK(has_arg(*d, t, "source", "ministry"));
  const eg::Event* denied = nullptr;
  for (const auto& e : ann.events)
    if (e.trigger.of(t) == "targeted") denied = &e;
  REQUIRE(denied);
  CHECK(denied->modality == eg::Modality::Denied);
  CHECK(has_arg(*denied, t, "target", "depots"));
}

TEST_CASE("events: a future threat is hypothetical and lends its target to the vow") {
  std::string t = "The militia vowed revenge and said it would attack the embassy.";
  auto ann = run(t);
  const auto* v = find(ann, "threaten");
  REQUIRE(v);
  CHECK(v->plover == "THREATEN");
  CHECK(has_arg(*v, t, "source", "militia"));
  CHECK(has_arg(*v, t, "target", "embassy"));
  const auto* a = find(ann, "attack");
  REQUIRE(a);
  CHECK(a->modality == eg::Modality::Hypothetical);
  CHECK(has_arg(*a, t, "source", "militia"));

  std::string n = "The envoy did not condemn the blockade.";
  auto ann2 = run(n);
  const auto* c = find(ann2, "condemn");
  REQUIRE(c);
  CHECK(c->modality == eg::Modality::Negated);
}

TEST_CASE("events: a condemnation reports the strike it condemns, coreferent mentions merge") {
  std::string t =
      "Northern forces carried out airstrikes on rebel camps near Velmora on Sunday. "
      "The foreign ministry condemned the airstrikes. "
      "The strikes killed two commanders.";
  auto ann = run(t);
  int strikes = 0;
  for (const auto& e : ann.events) strikes += e.kind == "strike";
  CHECK(strikes == 1);
  const auto* s = find(ann, "strike");
  const auto* c = find(ann, "condemn");
  REQUIRE(s);
  REQUIRE(c);
  CHECK(has_arg(*s, t, "source", "Northern forces"));
  CHECK(has_arg(*s, t, "target", "rebel camps"));
  CHECK(s->coref.size() == 2);
  REQUIRE(c->reports >= 0);
  CHECK(&ann.events[static_cast<size_t>(c->reports)] == s);
  CHECK(has_arg(*c, t, "source", "foreign ministry"));
}

TEST_CASE("events: a repeated paragraph is one set of events") {
  std::string p = "Rebels attacked a police station in Corvat, officials said.";
  std::string t = p + "\n\nThe governor praised the police.\n\n" + p;
  auto ann = run(t);
  int attacks = 0;
  for (const auto& e : ann.events) attacks += e.kind == "attack";
  CHECK(attacks == 1);
  const auto* a = find(ann, "attack");
  REQUIRE(a);
  REQUIRE(a->coref.size() == 1);
  CHECK(a->coref[0].start > p.size());
  const auto* s = find(ann, "support");
  REQUIRE(s);
  CHECK(s->plover == "SUPPORT");
}

TEST_CASE("events: date from a time expression, else on or before the publication date") {
  std::string t = "Rebels attacked a checkpoint on Monday. Troops arrested four men.";
  auto ann = run(t, "2022-03-15", {timex_at(t, "Monday", "2022-03-14", 0)});
  const auto* a = find(ann, "attack");
  const auto* r = find(ann, "arrest");
  REQUIRE(a);
  REQUIRE(r);
  CHECK(a->date.value == "2022-03-14");
  CHECK(a->date.granularity == eg::Granularity::Day);
  CHECK_FALSE(a->date.on_or_before);
  CHECK(a->date.timex == 0);
  CHECK(r->date.value == "2022-03-15");
  CHECK(r->date.on_or_before);
  CHECK(r->date.timex == -1);
  CHECK(r->plover == "COERCE");
  CHECK(has_arg(*r, t, "target", "four men"));

  auto month = run(t, "", {timex_at(t, "Monday", "2022-03", 0)});
  CHECK(find(month, "attack")->date.granularity == eg::Granularity::Month);
  CHECK(find(month, "arrest")->date.value.empty());
}

TEST_CASE("events: a date inside a relative clause dates only that clause's events") {
  // "in 2016" belongs to ", who seized power in 2016,": the arrest is not dated by it.
  std::string t = "The junta, who seized power in 2016, arrested four reporters.";
  auto ann = run(t, "2022-03-15", {timex_at(t, "2016", "2016", 0)});
  const auto* r = find(ann, "arrest");
  REQUIRE(r);
  CHECK(r->date.value == "2022-03-15");
  CHECK(r->date.on_or_before);
  // A date of the main clause still reaches an event of the relative clause.
  std::string u = "On Monday the army, which lost two tanks, attacked the town.";
  auto ann2 = run(u, "2022-03-15", {timex_at(u, "Monday", "2022-03-14", 0)});
  const auto* a = find(ann2, "attack");
  REQUIRE(a);
  CHECK(a->date.value == "2022-03-14");
}

TEST_CASE("events: mentions dated years apart are two events") {
  std::string t = "Heavy fighting broke out in the valley in 1983. The fighting on Monday killed four.";
  auto ann = run(t, "2022-03-15",
                 {timex_at(t, "1983", "1983", 0), timex_at(t, "Monday", "2022-03-14", 1)});
  size_t fights = 0;
  for (const auto& e : ann.events)
    if (e.kind == "fight") {
      ++fights;
      CHECK(e.coref.empty());
    }
  CHECK(fights == 2);
  // The same story a day apart is still one event.
  std::string u = "Heavy fighting broke out in the valley on Sunday. The fighting on Monday killed four.";
  auto ann2 = run(u, "2022-03-15",
                  {timex_at(u, "Sunday", "2022-03-13", 0), timex_at(u, "Monday", "2022-03-14", 1)});
  size_t fights2 = 0;
  for (const auto& e : ann2.events) fights2 += e.kind == "fight" ? 1 : 0;
  CHECK(fights2 == 1);
}

TEST_CASE("events: statements need a speaker; inflections and spelling variants match") {
  std::string t = "It was said. Officials criticized the decision. The army mobilised reservists.";
  auto ann = run(t);
  CHECK(find(ann, "statement") == nullptr);
  const auto* c = find(ann, "condemn");
  REQUIRE(c);
  CHECK(c->trigger.of(t) == "criticized");
  const auto* m = find(ann, "mobilize");
  REQUIRE(m);
  CHECK(m->plover == "MOBILIZE");
}

TEST_CASE("events: odd input does not throw") {
  for (std::string t : {std::string(), std::string("\xff\xfe said by"), std::string(" , , attacked"),
                        std::string("said said said")}) {
    CHECK_NOTHROW((void)run(t));
  }
}

TEST_CASE("events: derived codings — intent, conditional threat, 'must' demand") {
  std::string t = "Norland said it will provide food aid to Eastmark.";
  auto ann = run(t);
  const auto* a = find(ann, "aid");
  REQUIRE(a);
  CHECK(a->plover == "AGREE");
  CHECK(a->modality == eg::Modality::Hypothetical);
  CHECK(has_arg(*a, t, "target", "Eastmark"));

  std::string u = "The council threatened to cut ties with Velmora.";
  auto ann2 = run(u);
  const auto* th = find(ann2, "threaten");
  REQUIRE(th);
  CHECK(has_arg(*th, u, "target", "Velmora"));

  std::string v = "The envoy said the rebels must release the hostages.";
  auto ann3 = run(v);
  const auto* dm = find(ann3, "demand");
  REQUIRE(dm);
  CHECK(dm->plover == "DEMAND");
  CHECK(has_arg(*dm, v, "source", "envoy"));
  CHECK(has_arg(*dm, v, "target", "rebels"));
}

TEST_CASE("events: a plain 'said' attributes; a named communication act is a statement") {
  std::string t = "Police said the bomb killed three people in Darvel.";
  auto ann = run(t);
  CHECK(find(ann, "statement") == nullptr);
  const auto* k = find(ann, "kill");
  REQUIRE(k);
  CHECK(k->modality == eg::Modality::Reported);

  std::string u = "The ministry said in a statement that the border would reopen.";
  auto ann2 = run(u);
  const auto* s = find(ann2, "statement");
  REQUIRE(s);
  CHECK(has_arg(*s, u, "source", "ministry"));

  std::string v = "The council issued a statement on the floods.";
  CHECK(find(run(v), "statement") != nullptr);
}

TEST_CASE("events: a past verb before a count is a verb, not a victim adjective") {
  std::string t = "Mountain guerrillas wounded two border guards near Kessel.";
  auto ann = run(t);
  const auto* w = find(ann, "injure");
  REQUIRE(w);
  CHECK(has_arg(*w, t, "source", "guerrillas"));
  CHECK(has_arg(*w, t, "target", "two border guards"));
  CHECK_FALSE(has_arg(*w, t, "target", "guerrillas"));
}

TEST_CASE("events: a date between verb and object is no participant, and no trigger") {
  std::string t = "Velmora rejected Thursday an appeal by Norland for talks.";
  auto ann = run(t, "2022-03-15", {timex_at(t, "Thursday", "2022-03-10", 0)});
  const auto* r = find(ann, "reject");
  REQUIRE(r);
  for (const auto& a : r->args) CHECK(a.span.of(t).find("Thursday") == std::string_view::npos);
  CHECK(has_arg(*r, t, "topic", "appeal"));

  std::string m = "March 3 was quiet.";
  CHECK(run(m, "2022-03-15", {timex_at(m, "March 3", "2022-03-03", 0)}).events.empty());
}

TEST_CASE("events: idioms with trigger words name no event") {
  for (std::string t : {std::string("The two firms struck a deal on Friday."),
                        std::string("Both parties hope to strike a balance between growth and savings."),
                        std::string("The bank published a statement of accounts."),
                        std::string("He watched The Killing Fields again."),
                        std::string("The singer had a heart attack.")}) {
    auto ann = run(t);
    CHECK_MESSAGE(ann.events.empty(), t);
  }
  CHECK(find(run("Rebels struck the convoy at dawn."), "strike") != nullptr);
}

TEST_CASE("events: attack vocabulary — went off, stabbing, assassination attempt") {
  std::string t = "A bomb went off near the market. A stabbing was reported. "
                  "The assassination attempt failed.";
  auto ann = run(t);
  int attacks = 0;
  for (const auto& e : ann.events) attacks += e.kind == "attack" ? 1 : 0;
  CHECK(attacks >= 2);
  const auto* g = find(ann, "attack");
  REQUIRE(g);
  CHECK(g->trigger.of(t) == "went off");
  CHECK(has_arg(*g, t, "instrument", "bomb"));
}

TEST_CASE("events: a named place of a coded action is also its recipient") {
  std::string t = "The governor imposed a curfew in Velmora.";
  auto ann = run(t);
  const auto* c = find(ann, "coerce");
  REQUIRE(c);
  CHECK(has_arg(*c, t, "location", "Velmora"));
  CHECK(has_arg(*c, t, "recipient", "Velmora"));
  // With a named target the place stays only a location.
  std::string u = "Norland troops attacked Eastmark rebels in Velmora.";
  auto an = run(u);
  const auto* a = find(an, "attack");
  REQUIRE(a);
  CHECK_FALSE(has_arg(*a, u, "recipient", "Velmora"));
}

TEST_CASE("events: complements, purposes, conditions and relational objects lend targets") {
  std::string a = "Norland refused to deploy soldiers in Eastmark.";
  auto an = run(a);
  const auto* r = find(an, "reject");
  REQUIRE(r);
  CHECK(has_arg(*r, a, "recipient", "Eastmark"));

  std::string b = "Farmers began a hunger strike to demand the resignation of Governor Adler.";
  auto bn = run(b);
  const auto* p = find(bn, "protest");
  REQUIRE(p);
  CHECK(has_arg(*p, b, "target", "Adler"));

  std::string c = "Velmora threatened to halt the talks if Norland builds the dam.";
  auto cn = run(c);
  const auto* th = find(cn, "threaten");
  REQUIRE(th);
  CHECK(has_arg(*th, c, "target", "Norland"));

  std::string d = "The union said it would boycott all contact with Marvel Industries.";
  auto dn = run(d);
  const auto* bo = find(dn, "threaten");
  REQUIRE(bo);
  CHECK(has_arg(*bo, d, "target", "Marvel Industries"));
  CHECK(has_arg(*bo, d, "source", "union"));  // "it" stands for the speaker in the same sentence
}

TEST_CASE("events: possessive names, quantified and reduced victims") {
  std::string t = "Velmora's parliament demanded an apology.";
  auto ann = run(t);
  const auto* dm = find(ann, "demand");
  REQUIRE(dm);
  CHECK(has_arg(*dm, t, "source", "Velmora's parliament"));

  std::string u = "The blast injured at least 12 people.";
  auto an = run(u);
  const auto* in = find(an, "injure");
  REQUIRE(in);
  CHECK(has_arg(*in, u, "target", "12 people"));

  std::string v = "Four of the guards killed in the raid were buried on Sunday.";
  auto vn = run(v);
  const auto* k = find(vn, "kill");
  REQUIRE(k);
  CHECK(has_arg(*k, v, "target", "Four of the guards"));
  CHECK_FALSE(has_arg(*k, v, "source", "guards"));

  std::string w = "Police found two pipe bombs in the car.";
  CHECK(find(run(w), "strike") == nullptr);
}

namespace {

// Adds a resolved place mention for `what` (first occurrence) with the given feature class.
void add_place(eg::Annotations& ann, const std::string& text, std::string_view what, std::string feature) {
  auto p = static_cast<uint32_t>(text.find(what));
  eg::Place pl;
  pl.id = "place:" + std::string(what);
  pl.name = std::string(what);
  pl.feature = std::move(feature);
  ann.places.push_back(pl);
  eg::PlaceMention pm;
  pm.span = {p, p + static_cast<uint32_t>(what.size())};
  pm.place = pl.id;
  ann.place_mentions.push_back(pm);
}

eg::Annotations run_with_places(const std::string& text,
                                std::vector<std::pair<std::string, std::string>> places) {
  eg::Annotations ann;
  eg::segment(text, ann);
  for (auto& [name, feature] : places) add_place(ann, text, name, feature);
  extractor().extract(text, "2022-03-15", ann);
  return ann;
}

}  // namespace

TEST_CASE("events: a city premodifier is the setting, a country premodifier the party") {
  std::string t = "The Dorvale bombing shocked the region.";
  auto ann = run_with_places(t, {{"Dorvale", "city"}});
  REQUIRE(!ann.events.empty());
  const auto& e = ann.events.front();
  CHECK(has_arg(e, t, "location", "Dorvale"));
  CHECK_FALSE(has_arg(e, t, "source", "Dorvale"));

  std::string u = "On Monday, Velmora airstrikes hit a fuel depot.";
  auto un = run_with_places(u, {{"Velmora", "country"}});
  REQUIRE(!un.events.empty());
  CHECK(has_arg(un.events.front(), u, "source", "Velmora"));
}

TEST_CASE("events: a pronoun whose antecedent is in an earlier sentence stays the argument") {
  std::string t = "The old mines began to explode at noon. Then they exploded every minute.";
  auto ann = run(t);
  bool found = false;
  const auto second = static_cast<uint32_t>(t.find("exploded"));
  for (const auto& e : ann.events)
    if (e.trigger.start == second) {
      found = true;
      CHECK(has_arg(e, t, "instrument", "they"));
      CHECK_FALSE(has_arg(e, t, "instrument", "mines"));
    }
  CHECK(found);
}

TEST_CASE("events: coordinated lists give one argument per member") {
  std::string t = "Soldiers arrested Tam Orlo, Vey Saran and Pell Idris on Monday.";
  auto ann = run(t);
  const auto* a = find(ann, "arrest");
  REQUIRE(a);
  CHECK(args(*a, t, "target").size() == 3);
  CHECK(has_arg(*a, t, "target", "Vey Saran"));

  std::string u = "In the capital, farmers, teachers and nurses were arrested.";
  auto un = run(u);
  const auto* b = find(un, "arrest");
  REQUIRE(b);
  CHECK(has_arg(*b, u, "target", "farmers"));
  CHECK(has_arg(*b, u, "target", "nurses"));
  CHECK_FALSE(has_arg(*b, u, "target", "capital"));

  std::string v = "They condemned the maiming of farmers, herders and children.";
  auto vn = run(v);
  const auto* c = find(vn, "injure");
  REQUIRE(c);
  CHECK(args(*c, v, "target").size() == 3);
}

TEST_CASE("events: an including list names victims; appositions are no members") {
  std::string t = "Nine activists were arrested, including Dara Venn, a teacher, and Oskar Lind.";
  auto ann = run(t);
  const auto* a = find(ann, "arrest");
  REQUIRE(a);
  CHECK(has_arg(*a, t, "target", "activists"));
  CHECK(has_arg(*a, t, "target", "Dara Venn"));
  CHECK(has_arg(*a, t, "target", "Oskar Lind"));
  CHECK_FALSE(has_arg(*a, t, "target", "teacher"));
}

TEST_CASE("events: targeted at, a second on-phrase as the place, the assassination of") {
  std::string t = "The province has seen many bombings targeted at the border police.";
  auto ann = run(t);
  const auto* b = find(ann, "strike");
  REQUIRE(b);
  CHECK(has_arg(*b, t, "target", "border police"));

  std::string u = "Rebels staged an attack on a convoy on the coast road.";
  auto un = run(u);
  const auto* a = find(un, "attack");
  REQUIRE(a);
  CHECK(has_arg(*a, u, "target", "convoy"));
  CHECK(has_arg(*a, u, "location", "coast road"));
  CHECK_FALSE(has_arg(*a, u, "target", "coast road"));

  std::string v = "Two men were charged over the assassination of Mayor Ilse Varga.";
  auto vn = run(v);
  const auto* s = find(vn, "attack");
  REQUIRE(s);
  CHECK(has_arg(*s, v, "target", "Ilse Varga"));
}

TEST_CASE("events: a list member with its own determiner") {
  std::string t = "There were six farmers, a young boy and two nurses injured.";
  auto ann = run(t);
  const auto* e = find(ann, "injure");
  REQUIRE(e);
  CHECK(has_arg(*e, t, "target", "six farmers"));
  CHECK(has_arg(*e, t, "target", "young boy"));
  CHECK(has_arg(*e, t, "target", "two nurses"));
}

TEST_CASE("events: a weapon as the subject of an assault verb is the instrument") {
  std::string t = "A roadside bomb killed four soldiers near the bridge.";
  auto ann = run(t);
  const auto* k = find(ann, "kill");
  REQUIRE(k);
  CHECK(has_arg(*k, t, "instrument", "roadside bomb"));
  CHECK(args(*k, t, "source").empty());
  CHECK(has_arg(*k, t, "target", "four soldiers"));

  // sentence-initial "Car bombs": a weapon noun with its modifier, not the verb "to bomb"
  std::string u = "Car bombs exploded outside the ministry.";
  auto un = run(u);
  CHECK_FALSE(find(un, "strike"));
  const auto* x = find(un, "attack");
  REQUIRE(x);
  CHECK(has_arg(*x, u, "instrument", "Car bombs"));
}

TEST_CASE("events: the subject of a clause opened by after/before/since") {
  std::string t = "The colonel died after a rocket hit the convoy.";
  auto ann = run(t);
  const auto* a = find(ann, "attack");
  REQUIRE(a);
  CHECK(a->trigger.of(t) == "hit");
  CHECK_FALSE(has_arg(*a, t, "source", "colonel"));
  CHECK(has_arg(*a, t, "instrument", "rocket"));
  CHECK(has_arg(*a, t, "target", "convoy"));
}

TEST_CASE("events: a quoted name inside the subject phrase") {
  std::string t = "The city has been tense since the \"Red Hand\" militia launched a series of raids.";
  auto ann = run(t);
  const auto* a = find(ann, "attack");
  REQUIRE(a);
  CHECK(has_arg(*a, t, "source", "Red Hand"));
}

TEST_CASE("events: no premodifier across a verb; a place postmodifier stays with the subject") {
  std::string t = "Thousands of farmers in Norland held protests on Friday.";
  auto ann = run(t);
  const auto* p = find(ann, "protest");
  REQUIRE(p);
  auto src = args(*p, t, "source");
  REQUIRE(src.size() == 1);
  CHECK(src[0] == "Thousands of farmers in Norland");
}

TEST_CASE("events: a named member coordinated before a determined one") {
  std::string t = "Foreign Minister Ana Ruiz and a group of deputies met officials from Kastor.";
  auto ann = run(t);
  const auto* m = find(ann, "meet");
  REQUIRE(m);
  CHECK(has_arg(*m, t, "source", "Ana Ruiz"));
  CHECK(has_arg(*m, t, "source", "group of deputies"));
}

TEST_CASE("events: a support verb that is also a speech verb lends its subject") {
  std::string t = "Norland announced a suspension of flights to Kastor on Monday.";
  auto ann = run(t);
  const auto* s = find(ann, "sanction");
  REQUIRE(s);
  CHECK(has_arg(*s, t, "source", "Norland"));
}

TEST_CASE("events: a participle after a statement noun takes the issuing subject") {
  std::string t = "The Farmers Union issued a declaration demanding that the ministry cancel the tax.";
  auto ann = run(t);
  const auto* d = find(ann, "demand");
  REQUIRE(d);
  CHECK(has_arg(*d, t, "source", "Farmers Union"));
  CHECK_FALSE(has_arg(*d, t, "source", "declaration"));
  CHECK(has_arg(*d, t, "target", "ministry"));
}

TEST_CASE("events: 'the statement, issued by X,' is X speaking") {
  std::string t = "The statement, issued by Colonel Ivo Dane, a spokesman for the army, called for calm "
                  "and said the border was quiet.";
  auto ann = run(t);
  const auto* d = find(ann, "demand");
  REQUIRE(d);
  CHECK(has_arg(*d, t, "source", "Colonel Ivo Dane"));
  CHECK_FALSE(has_arg(*d, t, "source", "statement"));
  const auto* s = find(ann, "statement");
  REQUIRE(s);
  CHECK(has_arg(*s, t, "source", "Colonel Ivo Dane"));
}

TEST_CASE("events: an event noun inside an infinitive complement lends its target") {
  std::string t = "The defence minister promised to continue military aid to Norland.";
  auto ann = run(t);
  const auto* a = find(ann, "agree");
  REQUIRE(a);
  CHECK(a->plover == "AGREE");
  CHECK(has_arg(*a, t, "target", "Norland"));
}

TEST_CASE("events: a named place inside the place taken; in protest of") {
  std::string t = "Prisoners rioted on Monday at a jail in northern Norland.";
  auto ann = run(t);
  const auto* p = find(ann, "protest");
  REQUIRE(p);
  CHECK(has_arg(*p, t, "location", "jail"));
  CHECK(has_arg(*p, t, "location", "northern Norland"));
  CHECK_FALSE(has_arg(*p, t, "location", "Monday"));

  std::string u = "The nurses walked out in protest of the hospital board's decision.";
  auto un = run(u);
  const auto* q = find(un, "protest");
  REQUIRE(q);
  CHECK(has_arg(*q, u, "target", "hospital board"));
}

TEST_CASE("events: the subject of suffer/sustain is the target of the event noun") {
  std::string t = "Nine passengers suffered serious injuries in the crash.";
  auto ann = run(t);
  const auto* i = find(ann, "injure");
  REQUIRE(i);
  CHECK(has_arg(*i, t, "target", "Nine passengers"));
  CHECK(args(*i, t, "source").empty());
}

TEST_CASE("events: whom a noun event is given to is its target") {
  std::string t = "Telephoned warnings were given to the harbour police before noon.";
  auto ann = run(t);
  const auto* w = find(ann, "threaten");
  REQUIRE(w);
  CHECK(has_arg(*w, t, "target", "harbour police"));
}

TEST_CASE("events: a facility premodifier is the place; a date premodifier stays in the phrase") {
  std::string t = "The Central Station bombing shocked the city.";
  auto ann = run(t);
  const auto* b = find(ann, "strike");
  REQUIRE(b);
  CHECK(has_arg(*b, t, "location", "Central Station"));
  CHECK(args(*b, t, "source").empty());

  std::string u = "Gunmen carried out an attack on the Easter market in Ardis.";
  eg::Timex easter = timex_at(u, "Easter", "XXXX-04", 0);
  auto un = run(u, "2022-03-15", {easter});
  const auto* a = find(un, "attack");
  REQUIRE(a);
  CHECK(has_arg(*a, u, "target", "market"));
}

TEST_CASE("events: an adjective's capitalised premodifier is the victim, never the source") {
  std::string t = "Two guards and a Norlander injured.";
  auto ann = run(t);
  const auto* i = find(ann, "injure");
  REQUIRE(i);
  CHECK(args(*i, t, "source").empty());
  CHECK(has_arg(*i, t, "target", "Norlander"));
}

TEST_CASE("events: an event is not aimed at its own source") {
  std::string t = "Officials threatened to cut off the water supply if they lost the vote.";
  auto ann = run(t);
  const auto* th = find(ann, "threaten");
  REQUIRE(th);
  for (const auto& x : th->args)
    if (x.role == "target") CHECK(x.span.of(t) != "Officials");
}

TEST_CASE("events: the possessor of an arrest or a death is whom it befell") {
  std::string t = "The driver lost his licence after his arrest.";
  auto ann = run(t);
  const auto* a = find(ann, "arrest");
  REQUIRE(a);
  CHECK(has_arg(*a, t, "target", "his"));
  CHECK(args(*a, t, "source").empty());

  std::string u = "The army's killing of six farmers was condemned.";
  auto un = run(u);
  const auto* k = find(un, "kill");
  REQUIRE(k);
  CHECK(has_arg(*k, u, "source", "army"));
  CHECK(has_arg(*k, u, "target", "six farmers"));
}

TEST_CASE("events: a lowercase possessor stays in the phrase") {
  std::string t = "That nation's defence ministry condemned the raid.";
  auto ann = run(t);
  const auto* c = find(ann, "condemn");
  REQUIRE(c);
  CHECK(has_arg(*c, t, "source", "nation's defence ministry"));
}

TEST_CASE("events: a passive killing inside an assault takes its source; separate events stay apart") {
  std::string t = "Ten fighters were killed in Kastor attacks near Ardis, prompting Norland airstrikes.";
  auto ann = run(t);
  const auto* k = find(ann, "kill");
  REQUIRE(k);
  CHECK(has_arg(*k, t, "source", "Kastor"));
  CHECK_FALSE(has_arg(*k, t, "location", "attacks"));
  const auto* s = find(ann, "strike");
  REQUIRE(s);  // not merged into the attacks
  CHECK(has_arg(*s, t, "source", "Norland"));
  const auto* a = find(ann, "attack");
  REQUIRE(a);
  CHECK_FALSE(has_arg(*a, t, "source", "Norland"));
}

TEST_CASE("events: the subject of a passive whose agent is an assault is its target") {
  std::string t = "The old courthouse was badly damaged by an explosion on Friday.";
  auto ann = run(t);
  const auto* e = find(ann, "attack");
  REQUIRE(e);
  CHECK(has_arg(*e, t, "target", "old courthouse"));
}

TEST_CASE("events: the bombing of a building; an -ing noun heads its phrase") {
  std::string t = "Two men planned the bombing of the federal building.";
  auto ann = run(t);
  const auto* b = find(ann, "strike");
  REQUIRE(b);
  CHECK(has_arg(*b, t, "target", "federal building"));
}

TEST_CASE("events: a battle between two parties") {
  std::string t = "A farmer was killed in a battle between soldiers and smugglers near the river.";
  auto ann = run(t);
  const auto* f = find(ann, "fight");
  REQUIRE(f);
  CHECK(has_arg(*f, t, "source", "soldiers"));
  CHECK(has_arg(*f, t, "target", "smugglers"));
  const auto* k = find(ann, "kill");
  REQUIRE(k);
  CHECK(has_arg(*k, t, "target", "farmer"));
}

TEST_CASE("events: a suicide bomber who blew himself up") {
  std::string t = "A suicide bomber blew himself up outside the stadium.";
  auto ann = run(t);
  const auto* b = find(ann, "strike");
  REQUIRE(b);
  CHECK(has_arg(*b, t, "source", "suicide bomber"));
  CHECK(has_arg(*b, t, "location", "stadium"));
}

TEST_CASE("events: a participle after a passive clause has no agent in that subject") {
  std::string t = "The old depot was destroyed by a blast, killing three guards and injuring nine workers.";
  auto ann = run(t);
  const auto* k = find(ann, "kill");
  REQUIRE(k);
  CHECK(args(*k, t, "source").empty());
  CHECK(has_arg(*k, t, "target", "three guards"));
  const auto* i = find(ann, "injure");
  REQUIRE(i);
  CHECK(args(*i, t, "source").empty());

  std::string u = "Rebels attacked the convoy, killing six soldiers.";
  auto un = run(u);
  const auto* k2 = find(un, "kill");
  REQUIRE(k2);
  CHECK(has_arg(*k2, u, "source", "Rebels"));
}

TEST_CASE("events: an assault noun as the subject of kill lends its source") {
  std::string t = "Recent Norland drone strikes have killed at least eight militant leaders.";
  auto ann = run(t);
  const auto* k = find(ann, "kill");
  REQUIRE(k);
  CHECK(has_arg(*k, t, "source", "Norland"));
  CHECK(has_arg(*k, t, "target", "eight militant leaders"));
}

TEST_CASE("events: a passive subject with a prepositional postmodifier is no agent") {
  std::string t = "A camp for displaced families was attacked by gunmen, killing twelve people.";
  auto ann = run(t);
  const auto* k = find(ann, "kill");
  REQUIRE(k);
  CHECK_FALSE(has_arg(*k, t, "source", "camp"));
  CHECK(has_arg(*k, t, "target", "twelve people"));
}

TEST_CASE("events: a named place postmodifying a common noun stays in the phrase") {
  std::string t = "The envoy said the rebels in Ardis must lay down their arms.";
  auto ann = run(t);
  const auto* d = find(ann, "demand");
  REQUIRE(d);
  CHECK(has_arg(*d, t, "target", "rebels in Ardis"));
}

TEST_CASE("events: the doer of a targeted deed is a target of a non-violent event") {
  std::string t = "Prosecutors opened an investigation into killings committed by the Tigers militia.";
  auto ann = run(t);
  const auto* i = find(ann, "investigate");
  REQUIRE(i);
  CHECK(has_arg(*i, t, "target", "Tigers militia"));

  std::string u = "The council condemned the raids carried out by the militia.";
  auto un = run(u);
  const auto* c = find(un, "condemn");
  REQUIRE(c);
  CHECK(has_arg(*c, u, "target", "militia"));
}

TEST_CASE("events: a place in apposition; a copula before the place of an event noun") {
  std::string t = "Gunmen attacked a checkpoint in Dorvale, Norland, on Friday.";
  auto ann = run(t);
  const auto* a = find(ann, "attack");
  REQUIRE(a);
  CHECK(has_arg(*a, t, "location", "Dorvale"));
  CHECK_FALSE(has_arg(*a, t, "location", "Friday"));

  std::string u = "The worst explosion was at the central bus station.";
  auto un = run(u);
  const auto* e = find(un, "attack");
  REQUIRE(e);
  CHECK(has_arg(*e, u, "location", "central bus station"));
}

TEST_CASE("events: a GPE in apposition to the place taken is a location too") {
  std::string t = "Gunmen attacked a checkpoint in Dorvale, Norland, on Friday.";
  eg::Annotations ann;
  eg::segment(t, ann);
  for (std::string_view name : {"Dorvale", "Norland"}) {
    auto p = static_cast<uint32_t>(t.find(name));
    ann.entities.push_back({{p, p + static_cast<uint32_t>(name.size())}, eg::EntityType::GPE, 0, ""});
  }
  extractor().extract(t, "2022-03-15", ann);
  const auto* a = find(ann, "attack");
  REQUIRE(a);
  CHECK(has_arg(*a, t, "location", "Dorvale"));
  CHECK(has_arg(*a, t, "location", "Norland"));
}

TEST_CASE("events: accepting responsibility names the source of the attack, no concession") {
  std::string t = "The Red Hand group accepted responsibility for the bombings.";
  auto ann = run(t);
  CHECK_FALSE(find(ann, "concede"));
  const auto* b = find(ann, "strike");
  REQUIRE(b);
  CHECK(has_arg(*b, t, "source", "Red Hand group"));
}

TEST_CASE("events: a violent event on a street; a house is a place") {
  std::string t = "The blast wounded nine people on a busy shopping street in the old town.";
  auto ann = run(t);
  const auto* i = find(ann, "injure");
  REQUIRE(i);
  CHECK(has_arg(*i, t, "location", "busy shopping street"));
  CHECK(has_arg(*i, t, "target", "nine people"));

  std::string u = "The leaders were meeting in emergency session in a house near the port.";
  auto un = run(u);
  const auto* m = find(un, "meet");
  REQUIRE(m);
  CHECK(has_arg(*m, u, "location", "house"));
}

TEST_CASE("events: a range or an anchored duration dates the event as an interval") {
  std::string t = "Delegates met in Vienna on March 15-20.";
  auto r = timex_at(t, "March 15-20", "2022-03-15", 0);
  r.begin = "2022-03-15";
  r.end = "2022-03-20";
  auto ann = run(t, "2022-03-25", {r});
  const auto* e = find(ann, "meet");
  REQUIRE(e);
  CHECK(e->date.value == "2022-03-15");
  CHECK(e->date.end == "2022-03-20");
  CHECK(e->date.granularity == eg::Granularity::Day);
  CHECK_FALSE(e->date.on_or_before);

  std::string u = "Rebels attacked convoys over the past three months.";
  eg::Timex d = timex_at(u, "the past three months", "P3M", 0);
  d.type = eg::TimexType::DURATION;
  d.begin = "2021-12-15";
  d.end = "2022-03-15";
  auto ann2 = run(u, "2022-03-15", {d});
  const auto* a = find(ann2, "attack");
  REQUIRE(a);
  CHECK(a->date.value == "2021-12-15");
  CHECK(a->date.end == "2022-03-15");

  // An unanchored duration ("for three days") does not date an event.
  std::string v = "Rebels attacked the town for three days.";
  eg::Timex f = timex_at(v, "three days", "P3D", 0);
  f.type = eg::TimexType::DURATION;
  auto ann3 = run(v, "2022-03-15", {f});
  const auto* b = find(ann3, "attack");
  REQUIRE(b);
  CHECK(b->date.on_or_before);
  CHECK(b->date.end.empty());
}

// ---- round 5: what an analyst sees in a timeline

namespace {

struct Ent {
  std::string_view text;
  eg::EntityType type;
  std::string actor;
  size_t nth = 0;  // which occurrence of `text`
};

// Like run(), with entity mentions (and their actors) added by hand in text order.
eg::Annotations run_ents(const std::string& text, const std::vector<Ent>& ents,
                         std::vector<eg::Timex> timexes = {}) {
  eg::Annotations ann;
  eg::segment(text, ann);
  for (const auto& e : ents) {
    size_t p = text.find(e.text);
    for (size_t n = 0; n < e.nth; ++n) p = text.find(e.text, p + 1);
    eg::EntityMention m;
    m.span = {static_cast<uint32_t>(p), static_cast<uint32_t>(p + e.text.size())};
    m.type = e.type;
    m.actor = e.actor;
    ann.entities.push_back(m);
    if (std::none_of(ann.actors.begin(), ann.actors.end(), [&](auto& a) { return a.id == e.actor; })) {
      eg::Actor a;
      a.id = e.actor;
      a.name = std::string(e.text);
      a.type = e.type == eg::EntityType::GPE ? eg::ActorType::Country : eg::ActorType::Organization;
      ann.actors.push_back(a);
    }
  }
  std::sort(ann.entities.begin(), ann.entities.end(), [](auto& a, auto& b) { return a.span < b.span; });
  ann.timexes = std::move(timexes);
  extractor().extract(text, "2022-03-15", ann);
  return ann;
}

size_t count_kind(const eg::Annotations& ann, std::string_view kind) {
  return static_cast<size_t>(std::count_if(ann.events.begin(), ann.events.end(), [&](auto& e) { return e.kind == kind; }));
}

std::string actor_of(const eg::Event& e, std::string_view text, std::string_view role, std::string_view want) {
  for (const auto& a : e.args)
    if (a.role == role && a.span.of(text).find(want) != std::string_view::npos) return a.actor;
  return "<none>";
}

}  // namespace

TEST_CASE("events: a headline event is a mention of the body event, which keeps its date") {
  std::string t = "Rebels attack army post in the north\n\nRebels attacked an army post near Ardis on Sunday.";
  auto ann = run(t, "2022-03-15", {timex_at(t, "Sunday", "2022-03-13", 1)});
  REQUIRE(count_kind(ann, "attack") == 1);
  const auto* e = find(ann, "attack");
  CHECK(e->trigger.of(t) == "attacked");
  CHECK(e->date.value == "2022-03-13");
  REQUIRE(e->coref.size() == 1);
  CHECK(e->coref[0].of(t) == "attack");
  CHECK(has_arg(*e, t, "source", "Rebels"));
}

TEST_CASE("events: a headline event with another source stays its own event") {
  std::string t = "Army shells rebel town\n\nRebels shelled an army base on Monday.";
  auto ann = run(t, "2022-03-15", {timex_at(t, "Monday", "2022-03-14", 1)});
  CHECK(count_kind(ann, "strike") == 2);
  // and a first sentence with a full stop is no headline
  std::string u = "Rebels shelled an army base.\n\nRebels shelled a police post on Monday.";
  auto ann2 = run(u, "2022-03-15", {timex_at(u, "Monday", "2022-03-14", 1)});
  CHECK(count_kind(ann2, "strike") == 2);
}

TEST_CASE("events: 'the third attack ... this month' names the event but does not date it") {
  std::string t = "A drone struck the air base, officials said, in the third attack on the base this month.";
  auto ann = run(t, "2022-03-15", {timex_at(t, "this month", "2022-03", 0)});
  const auto* e = find(ann, "strike");
  REQUIRE(e);
  CHECK(ann.events.size() == 1);
  CHECK(e->date.value == "2022-03-15");
  CHECK(e->date.on_or_before);
  CHECK(e->coref.size() == 1);
  // "another attack" is some other instance: not folded into an earlier one
  std::string u = "Gunmen attacked a convoy on the coast road. The army said another attack hit a checkpoint.";
  auto ann2 = run(u);
  CHECK(count_kind(ann2, "attack") == 2);
}

TEST_CASE("events: a condemnation does not take the place of the strikes it condemns") {
  std::string t = "The government condemned the Norland airstrikes near Ardis.";
  auto ann = run_ents(t, {{"Norland", eg::EntityType::GPE, "actor:norland"}});
  const auto* c = find(ann, "condemn");
  REQUIRE(c);
  CHECK(args(*c, t, "location").empty());
  const auto* s = find(ann, "strike");
  REQUIRE(s);
  CHECK(has_arg(*s, t, "location", "Ardis"));
}

TEST_CASE("events: a claim of responsibility names the attacker; 'it' is the claimant") {
  std::string t =
      "The Red Brigade, a militant group that operates in the hills, claimed responsibility for the attack "
      "and warned that it would strike again.";
  auto ann = run_ents(t, {{"Red Brigade", eg::EntityType::ORG, "actor:red-brigade"}});
  const auto* a = find(ann, "attack");
  REQUIRE(a);
  CHECK(actor_of(*a, t, "source", "Red Brigade") == "actor:red-brigade");
  CHECK(a->modality == eg::Modality::Asserted);
  const auto* w = find(ann, "threaten");
  REQUIRE(w);
  CHECK(has_arg(*w, t, "source", "Red Brigade"));
  const auto* s = find(ann, "strike");
  REQUIRE(s);
  CHECK(has_arg(*s, t, "source", "Red Brigade"));
}

TEST_CASE("events: a backer or a speaker is no target") {
  std::string t = "Norland-backed militias attacked a convoy.";
  auto ann = run_ents(t, {{"Norland", eg::EntityType::GPE, "actor:norland"}});
  const auto* a = find(ann, "attack");
  REQUIRE(a);
  CHECK(actor_of(*a, t, "source", "militias").empty());
  // the pronoun resolver picked the last organisation ("Norland claims"); the possessive in what
  // the Eastmark Front says is its own
  std::string u =
      "The Eastmark Front denied Norland claims that depots were hit and said that the raids had "
      "targeted its fighters instead.";
  auto ann2 = run_ents(u, {{"Eastmark Front", eg::EntityType::ORG, "actor:eastmark-front"},
                           {"Norland", eg::EntityType::GPE, "actor:norland"},
                           {"its", eg::EntityType::ORG, "actor:norland"}});
  bool found = false;
  for (const auto& e : ann2.events)
    for (const auto& x : e.args)
      if (x.role == "target" && x.span.of(u).find("fighters") != std::string_view::npos) {
        found = true;
        CHECK(x.actor == "actor:eastmark-front");
      }
  CHECK(found);
}

TEST_CASE("events: 'delegates from A and B' are A and B") {
  std::string t = "Delegates from Norland and the Eastmark Republic met in Geneva on Tuesday.";
  auto ann = run_ents(t, {{"Norland", eg::EntityType::GPE, "actor:norland"},
                          {"Eastmark Republic", eg::EntityType::GPE, "actor:eastmark"}});
  const auto* m = find(ann, "meet");
  REQUIRE(m);
  CHECK(actor_of(*m, t, "source", "Norland") == "actor:norland");
  CHECK(actor_of(*m, t, "source", "Eastmark") == "actor:eastmark");
  CHECK_FALSE(has_arg(*m, t, "source", "Delegates"));
}

TEST_CASE("events: two statements by one speaker in two sentences stay two events") {
  std::string t =
      "The ministry said in a statement that the talks would resume. The ministry said in a statement "
      "that the border would reopen.";
  auto ann = run(t);
  CHECK(count_kind(ann, "statement") == 2);
}

TEST_CASE("events: ', and NP verb' after a place is a new clause, not a second place") {
  std::string t =
      "The government condemned airstrikes on rebel bases near the border, and one of the groups targeted "
      "in the attacks vowed revenge.";
  auto ann = run(t);
  for (const auto& e : ann.events) CHECK_FALSE(has_arg(e, t, "location", "groups"));
  const auto* s = find(ann, "strike");
  REQUIRE(s);
  CHECK(has_arg(*s, t, "location", "border"));
}

TEST_CASE("events: 'no soldiers were injured' is negated") {
  std::string t = "A spokesman said no soldiers were injured in the blast.";
  auto ann = run(t);
  const auto* e = find(ann, "injure");
  REQUIRE(e);
  CHECK(e->modality == eg::Modality::Negated);
}

TEST_CASE("events: irregular forms of light verbs ('took responsibility', 'held')") {
  std::string t = "The Red Hand group took responsibility for the bombings.";
  auto ann = run(t);
  const auto* b = find(ann, "strike");
  REQUIRE(b);
  CHECK(has_arg(*b, t, "source", "Red Hand group"));
}

TEST_CASE("events: a date after 'after', 'before', 'ahead of' dates only its own phrase") {
  // "Saturday's raid" is dated Saturday; the arrests after it are not.
  std::string t = "Police arrested six men after Saturday's raid on the depot.";
  auto ann = run(t, "2022-03-15", {timex_at(t, "Saturday", "2022-03-12", 0)});
  const auto* arrest = find(ann, "arrest");
  const auto* raid = find(ann, "attack");
  REQUIRE(arrest);
  REQUIRE(raid);
  CHECK(arrest->date.value == "2022-03-15");
  CHECK(arrest->date.on_or_before);
  CHECK(raid->date.value == "2022-03-12");
  CHECK_FALSE(raid->date.on_or_before);
  // "before March 10": on or before that day, not on it.
  std::string u = "Rebels attacked the airport before March 10.";
  auto ann2 = run(u, "2022-03-15", {timex_at(u, "March 10", "2022-03-10", 0)});
  const auto* seize = find(ann2, "attack");
  REQUIRE(seize);
  CHECK(seize->date.value == "2022-03-10");
  CHECK(seize->date.on_or_before);
}

TEST_CASE("events: a date at the end of a 'since' phrase dates that phrase only") {
  // the authorisation is not dated by the month of the elections it came after
  check_date(date_of("The raid was the first authorised by the president since elections in Norland "
                     "this month.",
                     "2021-06-28", "this month", "2021-06", "authorize"),
             "2021-06-28", true);
  // a date right after "since" is when the event began: it still dates it
  check_date(date_of("Rebels have attacked the airport since March.", "2021-06-28", "March", "2021-03",
                     "attack"),
             "2021-03", false);
}

TEST_CASE("events: a participle between a noun phrase and its verb is a reduced relative") {
  // the girls were kidnapped (target, not source), and Tuesday is when they were freed
  std::string t = "Relief spread after 70 schoolgirls kidnapped in northern Norland were freed by "
                  "their captors Tuesday.";
  auto ann = run(t, "2021-03-02", {timex_at(t, "Tuesday", "2021-03-02", 0)});
  const auto* k = find(ann, "abduct");
  REQUIRE(k);
  CHECK(has_arg(*k, t, "target", "70 schoolgirls"));
  CHECK_FALSE(has_arg(*k, t, "source", "70 schoolgirls"));
  CHECK(k->date.on_or_before);
  const auto* f = find(ann, "release");
  REQUIRE(f);
  CHECK(f->date.value == "2021-03-02");
  CHECK_FALSE(f->date.on_or_before);
  // an actor before the verb is its subject: "the duty Norland imposed on imports was lifted"
  std::string u = "The duty Norland imposed on steel imports was lifted.";
  auto ann2 = run(u);
  const auto* i = find(ann2, "sanction");
  if (i) CHECK_FALSE(has_arg(*i, u, "target", "Norland"));
}

TEST_CASE("events: a date in a participle phrase after the subject is not the verb's") {
  check_date(date_of("The plotters involved in the attempt on the palace on Feb. 7 are also detained "
                     "there.",
                     "2021-02-27", "Feb. 7", "2021-02-07", "arrest"),
             "2021-02-27", true);
  // a coordinated verb before the date keeps it: "visited Paris in May and met officials"
  check_date(date_of("The minister visited Norland on Tuesday and met officials there.", "2021-02-27",
                     "Tuesday", "2021-02-23", "meet"),
             "2021-02-23", false);
}

TEST_CASE("events: 'a previous raid' takes no date from the rest of the sentence") {
  std::string t = "The leader was killed in a strike Thursday, and his body was identified from DNA "
                  "found during a previous raid.";
  auto ann = run(t, "2025-03-14", {timex_at(t, "Thursday", "2025-03-13", 0)});
  const eg::Event* raid = nullptr;
  for (const auto& e : ann.events)
    if (t.substr(e.trigger.start, e.trigger.size()) == "raid") raid = &e;
  REQUIRE(raid);
  check_date(raid->date, "2025-03-14", true);
}

TEST_CASE("events: 'killed nearly 400 people' is active; 'eased by about 250,000 tons' has no agent") {
  std::string t = "In 2024 the separatist groups killed nearly 400 people in the province.";
  auto ann = run(t);
  const auto* k = find(ann, "kill");
  REQUIRE(k);
  CHECK(has_arg(*k, t, "source", "separatist groups"));
  CHECK(has_arg(*k, t, "target", "400 people"));
  CHECK_FALSE(has_arg(*k, t, "target", "separatist groups"));
  // a passive "by" + amount is a measure, "by" + counted people an agent
  std::string u = "The town was hit by three rockets and the blockade was eased by about 250,000 tons.";
  auto ann2 = run(u);
  for (const auto& e : ann2.events)
    CHECK_FALSE(has_arg(e, u, "source", "250,000 tons"));
}

TEST_CASE("events: a reason after 'for' takes no date from the clause before it") {
  const std::string t = "On Friday the party expelled him for criticizing the president.";
  check_date(date_of(t, "2025-03-13", "Friday", "2025-03-07", "condemn"), "2025-03-13", true);
  check_date(date_of(t, "2025-03-13", "Friday", "2025-03-07", "sanction"), "2025-03-07", false);
}

TEST_CASE("events: a labour strike is a protest, an air strike an assault") {
  for (const char* text : {"Dockers went on strike in the port.", "Unions called a general strike.",
                           "Workers stopped work over the new law."}) {
    const std::string t = text;
    auto ann = run(t);
    const auto* p = find(ann, "protest");
    REQUIRE_MESSAGE(p, t);
    CHECK(p->plover == "PROTEST");
    CHECK(find(ann, "strike") == nullptr);
  }
  std::string u = "Jets carried out a strike on the depot.";
  auto ann = run(u);
  const auto* s = find(ann, "strike");
  REQUIRE(s);
  CHECK(s->plover == "ASSAULT");
}

TEST_CASE("events: talks that fail to reach agreement are a rejection") {
  std::string t = "The two delegations failed to reach agreement on the border.";
  auto ann = run(t);
  const auto* r = find(ann, "reject");
  REQUIRE(r);
  CHECK(r->plover == "REJECT");
  CHECK(find(ann, "agree") == nullptr);
  // "fail to reach" needs an agreement-like object
  std::string u = "The climbers failed to reach the summit.";
  CHECK(find(run(u), "reject") == nullptr);
}

TEST_CASE("events: a decision taken is the act; an intention is hypothetical") {
  std::string t = "The court decided to allow the candidate to run.";
  auto ann = run(t);
  const auto* c = find(ann, "concede");
  REQUIRE(c);
  CHECK(c->modality == eg::Modality::Asserted);
  CHECK(c->plover == "CONCEDE");
  // over a date between the decision and "to"
  std::string d = "The army decided on Monday to withdraw its troops.";
  auto annd = run(d, "2021-03-02", {timex_at(d, "Monday", "2021-03-01", 0)});
  const auto* wd = find(annd, "withdraw");
  REQUIRE(wd);
  CHECK(wd->modality == eg::Modality::Asserted);
  // a decision that hangs on a condition is not yet an act
  std::string v = "The union voted to withdraw its members unless the demands are met.";
  auto ann3 = run(v);
  const auto* w = find(ann3, "withdraw");
  REQUIRE(w);
  CHECK(w->modality == eg::Modality::Hypothetical);
  CHECK(find(ann3, "meet") == nullptr);  // "are met" is satisfied, not a meeting
  std::string u = "The court plans to allow the candidate to run.";
  auto ann2 = run(u);
  const auto* h = find(ann2, "concede");
  if (h) CHECK(h->modality == eg::Modality::Hypothetical);
}

TEST_CASE("events: a past verb takes no date from a duration that runs ahead") {
  // "over the next two decades" begins at the DCT; the announcement is not dated by it
  std::string t = "Norland announced a phaseout of coal over the next two decades.";
  eg::Timex x = timex_at(t, "the next two decades", "P20Y", 0);
  x.type = eg::TimexType::DURATION;
  x.begin = "2019-12-09";
  x.end = "2039-12-09";
  auto ann = run(t, "2019-12-09", {x});
  const auto* a = find(ann, "statement");
  REQUIRE(a);
  check_date(a->date, "2019-12-09", true);
}

TEST_CASE("events: a past-tense verb is not dated by a future deadline or plan") {
  std::string t = "The two leaders pledged to end the blockade by 2030.";
  auto ann = run(t, "2022-03-15", {timex_at(t, "2030", "2030", 0)});
  REQUIRE_FALSE(ann.events.empty());
  const auto& e = ann.events.front();
  CHECK(e.date.value == "2022-03-15");
  CHECK(e.date.on_or_before);
  // An event still ahead keeps its deadline: on or before it.
  std::string u = "The rebels have until April 4 to withdraw from the town.";
  auto ann2 = run(u, "2022-03-15", {timex_at(u, "April 4", "2022-04-04", 0)});
  const auto* w = find(ann2, "retreat");
  if (!w && !ann2.events.empty()) w = &ann2.events.front();
  REQUIRE(w);
  CHECK(w->date.value == "2022-04-04");
  CHECK(w->date.on_or_before);
}

TEST_CASE("events: the setting of a statement or denial is not its content") {
  std::string t = "The envoy dismissed the claims at the emergency meeting.";
  auto ann = run(t);
  const auto* meet = find(ann, "meet");
  REQUIRE(meet);
  CHECK(meet->modality == eg::Modality::Asserted);
  std::string u = "The minister said during a visit to Kyiv that rebels had attacked the town.";
  auto ann2 = run(u);
  const auto* visit = find(ann2, "meet");
  const auto* attack = find(ann2, "attack");
  REQUIRE(visit);
  REQUIRE(attack);
  CHECK(visit->modality == eg::Modality::Asserted);
  CHECK(attack->modality == eg::Modality::Reported);
  // "at least" is a quantifier, not a setting: the attacks are what is denied.
  std::string v = "The group denied at least five attacks on the pipeline.";
  auto ann3 = run(v);
  const auto* denied = find(ann3, "attack");
  REQUIRE(denied);
  CHECK(denied->modality == eg::Modality::Denied);
}

TEST_CASE("events: 'he' and 'she' never stand for a subject that is no person") {
  // No entity tagger here: "Norland" is no known person, so "he" stays the mention itself.
  std::string t = "Norland said he would attack the border post.";
  auto ann = run(t);
  const auto* a = find(ann, "attack");
  REQUIRE(a);
  CHECK(has_arg(*a, t, "source", "he"));
  // "it" may stand for the organisation named before.
  std::string u = "The ministry said it would attack the border post.";
  auto ann2 = run(u);
  const auto* b = find(ann2, "attack");
  REQUIRE(b);
  CHECK(has_arg(*b, u, "source", "ministry"));
}

TEST_CASE("events: a date inside a noun phrase dates no later statement about it") {
  // "Tuesday's raid" happened Tuesday; the rejection of the claim about it came later.
  std::string t = "The rebels rejected the claim that Tuesday's raid was planned abroad.";
  auto ann = run(t, "2022-03-15", {timex_at(t, "Tuesday", "2022-03-08", 0)});
  const auto* r = find(ann, "reject");
  REQUIRE(r);
  CHECK(r->date.value == "2022-03-15");
  CHECK(r->date.on_or_before);
  // ...but a dated setting dates what is said there.
  std::string u = "The envoy rejected the claims at Friday's meeting.";
  auto ann2 = run(u, "2022-03-15", {timex_at(u, "Friday", "2022-03-11", 0)});
  const auto* r2 = find(ann2, "reject");
  REQUIRE(r2);
  CHECK(r2->date.value == "2022-03-11");
}

TEST_CASE("events: a trigger noun premodifying a thing names no event") {
  for (const std::string t : {"The army bought six attack helicopters.", "The Senate passed a sanctions bill.",
                              "Two protest leaders were freed.", "A war veteran spoke to reporters.",
                              "The tests demonstrated that the drug works.",
                              "The parade was a demonstration of force.",
                              "Wind power met a tenth of electricity demand.",
                              "Strong exports lifted prices again.",
                              "Exports to the region hit $1.1 billion last year.",
                              "Inflation hit a record high in May.",
                              "The minister shared a video of the apology.",
                              "The two countries share a long border.",
                              "The verdict has given the families some hope.",
                              "The caller gave the name of a hotel.",
                              "Profits declined a bit to 66 million dollars.",
                              "Durable goods orders fell sharply in January.",
                              "The firm took a second-quarter charge of 37 cents.",
                              "The equity offering was delayed.",
                              "Growth targets were missed again.",
                              "The company fired its chief executive.",
                              "A fire at the plant was put out quickly."}) {
    auto ann = run(t);
    CHECK_MESSAGE(std::none_of(ann.events.begin(), ann.events.end(),
                               [](const eg::Event& e) {
                                 return e.kind == "attack" || e.kind == "sanction" ||
                                        e.kind == "protest" || e.kind == "fight" ||
                                        e.kind == "demand" || e.kind == "concede" ||
                                        e.kind == "cooperate" || e.kind == "aid" ||
                                        e.kind == "reject" || e.kind == "authorize" ||
                                        e.kind == "accuse" || e.kind == "agree";
                               }),
                  t);
  }
  auto ann = run("Rebels launched an attack on the helicopter base.");
  CHECK(find(ann, "attack"));
  CHECK(find(run("Thousands demonstrated against the new law."), "protest"));
  CHECK(find(run("Rockets hit the base on Monday."), "attack"));
  CHECK(find(run("Their agents shared intelligence with the ministry."), "cooperate"));
  CHECK(find(run("Japan gave the agency $5 million in March."), "aid"));
  CHECK(find(run("The ministry declined to comment."), "reject"));
  CHECK(find(run("Militants fired rockets at the town."), "attack"));
  const std::string freed = "The schoolgirls were freed by their captors.";
  const auto fa = run(freed);
  const auto* rel = find(fa, "release");
  REQUIRE(rel);
  CHECK(has_arg(*rel, freed, "target", "schoolgirls"));
  CHECK(find(run("The group will free the prisoners."), "release"));
  for (const char* t : {"It was a free and fair vote.", "Free trade helps the port.",
                        "The region moved to free market policies."})
    CHECK_MESSAGE(find(run(t), "release") == nullptr, t);
  CHECK(find(run("Tanks fired four shells at targets in the city."), "attack"));
  // easing a military blockade is de-escalation (RETREAT), lifting a curfew a concession
  const auto lifted = run("The army lifted the blockade on the port.");
  const auto* w = find(lifted, "withdraw");
  REQUIRE(w);
  CHECK(w->plover == "RETREAT");
}

TEST_CASE("events: 'an arrival of March 26' dates the arrival, not the statement") {
  std::string t = "The ship departed, reporting an expected arrival of March 26.";
  auto ann = run(t, "2022-03-15", {timex_at(t, "March 26", "2022-03-26", 0)});
  const auto* s = find(ann, "statement");
  REQUIRE(s);
  CHECK(s->date.value == "2022-03-15");
  CHECK(s->date.on_or_before);
  // The noun before "of" is dated by it.
  std::string u = "Officials recalled the attack of March 3.";
  auto ann2 = run(u, "2022-03-15", {timex_at(u, "March 3", "2022-03-03", 0)});
  const auto* a = find(ann2, "attack");
  REQUIRE(a);
  CHECK(a->date.value == "2022-03-03");
}

TEST_CASE("events: counted or past attacks are a series, not a mention of the attack at hand") {
  std::string t =
      "Gunmen launched an attack on the hotel on Monday. The group has carried out several attacks in the city. "
      "Past attacks were claimed by another group. Officials blamed the group for the attack.";
  auto ann = run(t);
  const eg::Event* hotel = nullptr;
  size_t attacks = 0;
  for (const auto& e : ann.events)
    if (e.kind == "attack") {
      ++attacks;
      if (!hotel) hotel = &e;
    }
  REQUIRE(hotel);
  // the hotel attack, the series of several attacks and the past attacks: three events; "the
  // attack" at the end is the hotel attack again
  CHECK(attacks == 3);
  CHECK(hotel->coref.size() == 1);
}

TEST_CASE("events: 'X is long and officials warn': the subject is the last conjunct") {
  std::string t = "The front is sixty kilometres long and officials warn it is too big.";
  auto ann = run(t);
  const auto* w = find(ann, "threaten");
  REQUIRE(w);
  CHECK(has_arg(*w, t, "source", "officials"));
  CHECK_FALSE(has_arg(*w, t, "source", "front"));
}

TEST_CASE("events: a participle coordinated with a passive verb is passive, same subject") {
  std::string t = "Two reporters were attacked while covering the vote and briefly detained.";
  auto ann = run(t);
  const auto* d = find(ann, "arrest");
  REQUIRE(d);
  CHECK(has_arg(*d, t, "target", "Two reporters"));
  CHECK_FALSE(has_arg(*d, t, "source", "vote"));
  // ...but not across a relative clause: "the attack, which killed three and injured 260"
  std::string u = "He was not charged over the bombing, which killed three people and injured 260.";
  auto ann2 = run(u);
  const auto* i = find(ann2, "injure");
  REQUIRE(i);
  CHECK_FALSE(has_arg(*i, u, "target", "He"));
}

TEST_CASE("events: 'states' and 'reports' as plural nouns are no statements") {
  for (const std::string t : {"Most member states backed the plan.", "Three northern states border the lake.",
                              "Local media reports say the road is closed.",
                              "Given the danger, the convoy turned back."}) {
    auto ann = run(t);
    CHECK_MESSAGE(std::none_of(ann.events.begin(), ann.events.end(),
                               [](const eg::Event& e) { return e.kind == "statement" || e.kind == "aid"; }),
                  t);
  }
  std::string u = "The ministry website states that the two are partners.";
  auto ann = run(u);
  CHECK(find(ann, "statement"));
}

TEST_CASE("events: ', media groups said.' is not dated by the reported content") {
  std::string u = "The committee voted on April 29 to amend the law, the news agency reported.";
  auto ann2 = run(u, "2022-05-07", {timex_at(u, "April 29", "2022-04-29", 0)});
  const auto* s = find(ann2, "statement");
  REQUIRE(s);
  CHECK(s->date.value == "2022-05-07");
  CHECK(s->date.on_or_before);
  // an opening phrase before the speaker still dates the statement
  std::string v = "On March 31, the government reported that ships had been spotted.";
  auto ann3 = run(v, "2022-04-16", {timex_at(v, "March 31", "2022-03-31", 0)});
  const auto* s3 = find(ann3, "statement");
  REQUIRE(s3);
  CHECK(s3->date.value == "2022-03-31");
}

TEST_CASE("events: a reported clause keeps its own date; the speech act's date only bounds it") {
  std::string t = "A gunman told the court on Tuesday that he tried to kill the judge in 2019.";
  auto ann = run(t, "2022-03-15",
                 {timex_at(t, "Tuesday", "2022-03-15", 0), timex_at(t, "2019", "2019", 0)});
  const auto* k = find(ann, "kill");
  REQUIRE(k);
  CHECK(k->date.value == "2019");
  std::string u = "Officials said on Monday that rebels attacked the town.";
  auto ann2 = run(u, "2022-03-15", {timex_at(u, "Monday", "2022-03-14", 0)});
  const auto* a = find(ann2, "attack");
  REQUIRE(a);
  CHECK(a->date.value == "2022-03-14");
  CHECK(a->date.on_or_before);
}

namespace {

// A data folder holding only events/patterns.tsv with `content`, removed on destruction.
struct PatternDir {
  std::filesystem::path root;
  explicit PatternDir(const std::string& name, const std::string& content)
      : root(std::filesystem::temp_directory_path() / ("eg_events_test_" + name)) {
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root / "events");
    std::ofstream(root / "events" / "patterns.tsv") << content;
  }
  ~PatternDir() {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }
  PatternDir(const PatternDir&) = delete;
  PatternDir& operator=(const PatternDir&) = delete;
};

// The kinds of the events `x` finds in `text`.
std::vector<std::string> kinds_with(const eg::EventExtractor& x, const std::string& text) {
  eg::Annotations ann;
  eg::segment(text, ann);
  x.extract(text, "2022-03-15", ann);
  std::vector<std::string> out;
  for (const auto& e : ann.events) out.push_back(e.kind);
  return out;
}

const char* kConstraintPatterns =
    "# test patterns\n"
    "launch\tverb\tattack\tASSAULT\t190\t-\t\tright=@missiles,at+@det;within=5;stop=@comma\n"
    "@missiles\twords\trockets,shells\n"  // a list may follow its first use
    "hail\tverb\tpraise\tAPPROVE\t051\t-\t\tnext-not=@number,record;skip=a,the\n"
    "praise\tverb\tpraise\tAPPROVE\t051\t-\t\tforms=praise,praises:left=@verbal|next=@det,@cap\n";

}  // namespace

TEST_CASE("events: column-8 constraints of a pattern file restrict its triggers") {
  PatternDir with("constraints", kConstraintPatterns);
  // the same patterns without column 8
  std::string plain;
  for (std::string line : {std::string("launch\tverb\tattack\tASSAULT\t190\t-\t\n"),
                           std::string("hail\tverb\tpraise\tAPPROVE\t051\t-\t\n"),
                           std::string("praise\tverb\tpraise\tAPPROVE\t051\t-\t\n")})
    plain += line;
  PatternDir without("no_constraints", plain);
  const eg::EventExtractor x(with.root), y(without.root);
  using V = std::vector<std::string>;
  // right=...;within=5: a listed word or the sequence "at the" within five words
  CHECK(kinds_with(x, "Rebels launched rockets at the base.") == V{"attack"});
  CHECK(kinds_with(x, "Rebels launched at the base overnight.") == V{"attack"});
  CHECK(kinds_with(x, "The firm launched a new phone.").empty());
  CHECK(kinds_with(y, "The firm launched a new phone.") == V{"attack"});
  // stop=@comma ends the window before "rockets"
  CHECK(kinds_with(x, "The firm launched a phone, rockets and all.").empty());
  // next-not with skip: "a record crowd" is rejected after skipping "a"
  CHECK(kinds_with(x, "Fans hailed a record crowd.").empty());
  CHECK(kinds_with(x, "Fans hailed 40000 visitors.").empty());
  CHECK(kinds_with(y, "Fans hailed a record crowd.") == V{"praise"});
  CHECK(kinds_with(x, "Fans hailed the team.") == V{"praise"});
  // forms=: only "praise"/"praises" need a verbal left context or a determiner/name next
  CHECK(kinds_with(x, "Official praises poured in.").empty());
  CHECK(kinds_with(y, "Official praises poured in.") == V{"praise"});
  CHECK(kinds_with(x, "The minister praises the troops.") == V{"praise"});
  CHECK(kinds_with(x, "Officials praised warmly.") == V{"praise"});
}

TEST_CASE("events: a malformed constraint is an InputError naming the file and line") {
  const std::string head = "# header\nstrike\tverb\tstrike\tASSAULT\t195\t-\t\n";
  for (const std::string bad :
       {"next=@nosuchlist", "middle=x", "forms=a,b", "left=", "next=x;within=3", "right=x;within=0",
        "right=x;within=many", "next=a,,b", "left=x|", "right=x;stop=a+b", "@empty\twords\t",
        "@det\twords\tthe,a"}) {
    const bool list_line = bad[0] == '@';
    PatternDir dir("bad", head + (list_line ? bad : "bomb\tverb\tstrike\tASSAULT\t183\t-\t\t" + bad) + "\n");
    std::string what;
    try {
      const eg::EventExtractor x(dir.root);
    } catch (const eg::InputError& e) {
      what = e.what();
    }
    CHECK_MESSAGE(what.find("patterns.tsv:3:") != std::string::npos, bad, " -> ", what);
  }
}
