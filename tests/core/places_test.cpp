// Place gazetteer and resolution in context, on hand-written sentences with hand-made entity
// mentions and location arguments (independent of the NER and event extractor).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/places.hpp"
#include "core/segmenter.hpp"

namespace {

const eg::PlaceGazetteer& gaz() {
  static const eg::PlaceGazetteer g(std::filesystem::path(EG_TEST_SOURCE_DIR) / "core" / "data");
  return g;
}

eg::Span span_of(const std::string& text, std::string_view what, size_t from = 0) {
  auto p = text.find(what, from);
  REQUIRE_MESSAGE(p != std::string::npos, "no '" << what << "' in text");
  return {static_cast<uint32_t>(p), static_cast<uint32_t>(p + what.size())};
}

// Segments `text`, marks each of `gpes` (first occurrence) as a GPE mention and each of `locs`
// as the location argument of its own event, then resolves.
eg::Annotations run(const std::string& text, const std::vector<std::string>& gpes,
                    const std::vector<std::string>& locs = {}) {
  eg::Annotations ann;
  eg::segment(text, ann);
  for (const auto& g : gpes) ann.entities.push_back({span_of(text, g), eg::EntityType::GPE, -1, ""});
  int n = 0;
  for (const auto& l : locs) {
    eg::Event ev;
    ev.id = std::to_string(++n);
    ev.kind = "strike";
    ev.args.push_back({"location", span_of(text, l), "", ""});
    ann.events.push_back(ev);
  }
  eg::PlaceResolver(gaz()).resolve(text, ann);
  return ann;
}

const eg::Place* place(const eg::Annotations& ann, std::string_view id) {
  for (const auto& p : ann.places)
    if (p.id == id) return &p;
  return nullptr;
}

// The place id of the mention covering exactly `what`.
std::string mention(const eg::Annotations& ann, const std::string& text, std::string_view what) {
  for (const auto& m : ann.place_mentions)
    if (m.span.of(text) == what) return m.place;
  return {};
}

}  // namespace

TEST_CASE("places: keys fold case, apostrophes and Arabic articles") {
  CHECK(eg::place_key("Al Qa\xE2\x80\x99im") == "qaim");
  CHECK(eg::place_key("al-Qaim") == "qaim");
  CHECK(eg::place_key("Al-Qa'im") == "qaim");
  CHECK(eg::place_key("Qaim") == "qaim");
  CHECK(eg::place_key("Washington, D.C.") == "washington dc");
  CHECK(eg::place_key("El Salvador") == "el salvador");
  // separators collapse and trim; multi-byte letters stay; short names keep their article
  CHECK(eg::place_key("  Saint--Denis (Réunion) / ") == "saint denis réunion");
  CHECK(eg::place_key("Ash\xE2\x80\x91Shirqat") == "shirqat");  // non-breaking hyphen
  CHECK(eg::place_key("Al Ur") == "al ur");  // a name of two letters keeps its article
  CHECK(eg::place_key("\xE2\x80\x9CGaza\xE2\x80\x9D") == "gaza");
  CHECK(eg::place_key("").empty());
  CHECK(eg::place_key("'-.'").empty());
  std::string many(300, 'A');
  CHECK(eg::place_key(many) == std::string(300, 'a'));
}

TEST_CASE("places: gazetteer rows, hierarchy and coordinates") {
  const auto& g = gaz();
  CHECK(g.size() > 20000);
  for (const char* spelling : {"Qaim", "Al Qaim", "al-Qa'im", "Al Qa\xE2\x80\x99im"}) {
    auto hits = g.lookup(spelling);
    REQUIRE_MESSAGE(!hits.empty(), spelling);
    CHECK(hits[0]->id == "place:iq-qaim");
  }
  const eg::Place* q = g.by_id("place:iq-qaim");
  REQUIRE(q);
  CHECK(q->feature == "city");
  CHECK(q->country == "IQ");
  CHECK(q->has_coords);
  CHECK(q->lat == doctest::Approx(34.4).epsilon(0.01));
  CHECK(q->lon == doctest::Approx(41.0).epsilon(0.01));
  CHECK(q->parent == "place:iq-anbar");
  const eg::Place* anbar = g.by_id(q->parent);
  REQUIRE(anbar);
  CHECK(anbar->feature == "admin1");
  CHECK(anbar->parent == "place:iq");
  CHECK(g.by_id("place:iq")->feature == "country");
  CHECK(g.lookup("Anbar").at(0)->id == "place:iq-anbar");
  CHECK(g.country_of_demonym("Iraqi")->id == "place:iq");
  CHECK(g.country_of_demonym("Syrians")->id == "place:sy");
  CHECK(g.country("LY")->name == "Libya");
  CHECK(g.capital_of("IQ") == "place:iq-baghdad");
  CHECK(g.lookup("Nowhereville-upon-Zzyzx").empty());
  CHECK(g.by_id("place:none") == nullptr);
  // Tripoli: Libya and Lebanon (and small US towns), best first by population.
  auto tri = g.lookup("Tripoli");
  REQUIRE(tri.size() >= 2);
  CHECK(tri[0]->country == "LY");
}

TEST_CASE("places: missing folder and malformed rows throw") {
  CHECK_THROWS_AS(eg::PlaceGazetteer("/nonexistent/eventgraph-data"), eg::EnvironmentError);
  auto dir = std::filesystem::temp_directory_path() / "eg_places_test";
  std::filesystem::create_directories(dir / "places");
  {
    std::ofstream(dir / "places" / "bad.tsv") << "# comment\nplace:x\tX\tcity\tXX\n";
  }
  CHECK_THROWS_AS(eg::PlaceGazetteer(dir.string()), eg::InputError);
  {
    std::ofstream(dir / "places" / "bad.tsv")
        << "place:zz-foo\tFoo Town\tcity\tZZ\t\t\t1.5\t2.5\t100\tFooville\t\n";
  }
  eg::PlaceGazetteer small(dir);
  CHECK(small.size() == 1);
  CHECK(small.lookup("fooville").at(0)->lat == doctest::Approx(1.5));
  std::filesystem::remove_all(dir);
}

TEST_CASE("places: the Iraqi town of Qaim in the western province of Anbar") {
  std::string text =
      "Iraqi officials said the strikes hit about 16km from the border with Syria in the Iraqi "
      "town of Qaim in the western province of Anbar. Iraq condemned the raid.";
  auto ann = run(text, {"Qaim", "Anbar", "Iraq condemned"},
                 {"the Iraqi town of Qaim in the western province of Anbar",
                  "16km from the border with Syria"});
  CHECK(ann.events[0].args[0].value == "place:iq-qaim");
  // The argument stops at the border, but the locative chain after it names the town.
  CHECK(ann.events[1].args[0].value == "place:iq-qaim");
  CHECK(mention(ann, text, "Qaim") == "place:iq-qaim");
  CHECK(mention(ann, text, "Anbar") == "place:iq-anbar");
  const eg::Place* q = place(ann, "place:iq-qaim");
  REQUIRE(q);
  CHECK(q->precision == 1);
  CHECK(q->lat == doctest::Approx(34.4).epsilon(0.01));
  // parents up the hierarchy are present
  REQUIRE(place(ann, "place:iq-anbar"));
  CHECK(place(ann, "place:iq-anbar")->precision == 3);
  REQUIRE(place(ann, "place:iq"));
  CHECK(place(ann, "place:iq")->precision == 4);
  const eg::Place* b = place(ann, "place:border-iq-sy");
  REQUIRE(b);
  CHECK(b->feature == "border");
  CHECK(b->precision == 3);
  CHECK_FALSE(b->has_coords);
  CHECK(place(ann, "place:sy"));
  // unique ids, sorted; mentions carry sentences
  for (size_t i = 1; i < ann.places.size(); ++i) CHECK(ann.places[i - 1].id < ann.places[i].id);
  for (const auto& m : ann.place_mentions) CHECK(m.sentence >= 0);
}

TEST_CASE("places: hyphenated border adjectives") {
  std::string text = "US aircraft struck militia sites near the Iraqi-Syrian border on Sunday.";
  auto ann = run(text, {}, {"near the Iraqi-Syrian border"});
  CHECK(ann.events[0].args[0].value == "place:border-iq-sy");
  CHECK(mention(ann, text, "Iraqi-Syrian border") == "place:border-iq-sy");
  std::string t2 = "Clashes erupted on the border between Sudan and Chad.";
  auto a2 = run(t2, {}, {"on the border between Sudan and Chad"});
  CHECK(a2.events[0].args[0].value == "place:border-sd-td");
}

TEST_CASE("places: Tripoli needs context") {
  std::string lebanon =
      "Lebanese troops deployed in Tripoli after clashes. Lebanon's army said the city was calm "
      "and Lebanese officials met in Beirut.";
  auto a = run(lebanon, {"Tripoli"});
  CHECK(mention(a, lebanon, "Tripoli") == "place:lb-tripoli");
  REQUIRE(place(a, "place:lb-tripoli"));
  CHECK(!place(a, "place:lb-tripoli")->candidates.empty());  // the alternatives are recorded

  std::string libya =
      "Libyan forces shelled positions south of Tripoli. The Libyan government said Libya would "
      "respond.";
  auto b = run(libya, {"Tripoli"});
  CHECK(mention(b, libya, "Tripoli") == "place:ly-tripoli");

  std::string none = "Fighting was reported in Tripoli on Tuesday.";
  auto c = run(none, {"Tripoli"});
  std::string id = mention(c, none, "Tripoli");
  CHECK(id == "place:ambiguous-tripoli");  // not silently Libya or Lebanon
  const eg::Place* amb = place(c, id);
  REQUIRE(amb);
  CHECK(amb->feature == "ambiguous");
  CHECK_FALSE(amb->has_coords);
  CHECK(std::find(amb->candidates.begin(), amb->candidates.end(), "place:ly-tripoli") !=
        amb->candidates.end());
  CHECK(std::find(amb->candidates.begin(), amb->candidates.end(), "place:lb-tripoli") !=
        amb->candidates.end());
}

TEST_CASE("places: Georgia the country or the US state") {
  std::string caucasus = "Georgian police detained protesters in Georgia, the government in Tbilisi said.";
  CHECK(mention(run(caucasus, {"Georgia"}), caucasus, "Georgia") == "place:ge");
  std::string us = "American voters in Georgia went to the polls, the US networks said.";
  auto a = run(us, {"Georgia"});
  std::string id = mention(a, us, "Georgia");
  REQUIRE(place(a, id));
  CHECK(place(a, id)->feature == "admin1");
  CHECK(place(a, id)->country == "US");
  std::string bare = "The delegation travelled to Georgia.";
  // with no context the country reading wins (a country is the default sense of its name)
  CHECK(mention(run(bare, {"Georgia"}), bare, "Georgia") == "place:ge");
}

TEST_CASE("places: Washington, capitals, unknown names, odd input") {
  std::string text = "Washington warned Tehran after the strikes, Iranian media said.";
  auto a = run(text, {"Washington", "Tehran"});
  CHECK(mention(a, text, "Washington") == "place:us-washington-d-c");
  CHECK(mention(a, text, "Tehran") == "place:ir-tehran");

  std::string cap = "Protesters gathered in the Iraqi capital on Friday.";
  auto b = run(cap, {}, {"in the Iraqi capital"});
  CHECK(b.events[0].args[0].value == "place:iq-baghdad");

  std::string unk = "Troops reached Zorbulandia Heights late on Monday.";
  auto c = run(unk, {"Zorbulandia Heights"}, {"reached Zorbulandia Heights"});
  CHECK(c.place_mentions.empty());
  CHECK(c.places.empty());
  CHECK(c.events[0].args[0].value.empty());

  // a minor place in a country the article never mentions is left alone
  std::string far = "Iraqi troops said the convoy reached Springfield before dawn.";
  auto d = run(far, {"Springfield"});
  CHECK(d.place_mentions.empty());
  // but a capital or big city is still resolved
  std::string paris = "Iraqi officials flew to Paris for talks.";
  CHECK(mention(run(paris, {"Paris"}), paris, "Paris") == "place:fr-paris");

  // spans out of range and empty text do not crash
  eg::Annotations odd;
  odd.entities.push_back({{5, 500}, eg::EntityType::GPE, -1, ""});
  eg::PlaceResolver(gaz()).resolve("short", odd);
  CHECK(odd.places.empty());
  eg::Annotations empty;
  eg::PlaceResolver(gaz()).resolve("", empty);
  CHECK(empty.place_mentions.empty());
}

TEST_CASE("places: a region named in the span picks its own town") {
  std::string syria = "Shelling was reported near the town of Sinjar in Idlib province.";
  auto a = run(syria, {}, {"near the town of Sinjar in Idlib province"});
  CHECK(a.events[0].args[0].value == "place:sy-sinjar");
  std::string iraq = "Iraqi forces said the town of Sinjar was calm.";
  auto b = run(iraq, {"Sinjar"});
  CHECK(mention(b, iraq, "Sinjar") == "place:iq-sinjar");
}

TEST_CASE("places: Baghdad is the city, Anbar governorate the region, spellings fold") {
  std::string text = "Rockets hit Baghdad and al-Qaim, and Anbar governorate was put on alert.";
  auto a = run(text, {"Baghdad", "al-Qaim", "Anbar governorate"});
  CHECK(mention(a, text, "Baghdad") == "place:iq-baghdad");
  CHECK(mention(a, text, "al-Qaim") == "place:iq-qaim");
  CHECK(mention(a, text, "Anbar") == "place:iq-anbar");
  // resolving twice gives the same result (deterministic, idempotent)
  auto b = a;
  eg::PlaceResolver(gaz()).resolve(text, b);
  CHECK(b.places.size() == a.places.size());
  // generic words and regions
  std::string reg = "Tension rose across the Middle East and in the Gulf, and in the Bay area.";
  auto r = run(reg, {"Middle East", "Gulf", "Bay"});
  CHECK(mention(r, reg, "Middle East") == "place:region-middle-east");
  CHECK(place(r, "place:region-middle-east")->precision == 4);
  CHECK(mention(r, reg, "Gulf") == "place:region-gulf");
  CHECK(mention(r, reg, "Bay").empty());
  CHECK(b.place_mentions.size() == a.place_mentions.size());
}

TEST_CASE("places: a place after another event's trigger is that event's, not the first's") {
  const std::string text = "Baghdad condemned the airstrikes near Qaim on Sunday.";
  eg::Annotations ann;
  eg::segment(text, ann);
  ann.entities.push_back({span_of(text, "Qaim"), eg::EntityType::GPE, -1, ""});
  eg::Event condemn;
  condemn.id = "e1";
  condemn.kind = "condemn";
  condemn.trigger = span_of(text, "condemned");
  eg::Event strike;
  strike.id = "e2";
  strike.kind = "strike";
  strike.trigger = span_of(text, "airstrikes");
  ann.events = {condemn, strike};
  eg::PlaceResolver(gaz()).resolve(text, ann);
  auto located = [&](const eg::Event& e) {
    for (const auto& a : e.args)
      if (a.role == "location" && a.value == "place:iq-qaim") return true;
    return false;
  };
  CHECK(located(ann.events[1]));
  CHECK_FALSE(located(ann.events[0]));
}

TEST_CASE("places: a place in a clause or 'since' phrase after the trigger is not the event's") {
  auto location_of = [&](const std::string& text, std::string_view trigger) {
    eg::Annotations ann;
    eg::segment(text, ann);
    ann.entities.push_back({span_of(text, "Iraq"), eg::EntityType::GPE, -1, ""});
    eg::Event e;
    e.id = "e1";
    e.kind = "authorize";
    e.trigger = span_of(text, trigger);
    ann.events = {e};
    eg::PlaceResolver(gaz()).resolve(text, ann);
    std::string where;
    for (const auto& a : ann.events[0].args)
      if (a.role == "location") where = a.value;
    return where;
  };
  CHECK(location_of("The raids were approved by the president since elections in Iraq.", "approved")
            .empty());
  CHECK(location_of("The minister said that farms in Iraq were hit.", "said").empty());
  CHECK(location_of("The raids were approved by the president in Iraq.", "approved") == "place:iq");
  // a relative clause right after the event describes the event itself
  CHECK(location_of("The clashes, which began last week in Iraq, spread.", "clashes") == "place:iq");
}

TEST_CASE("places: 'the border with X' takes the story's country only when it can be a neighbour") {
  // The story is about the United States; it cannot share a border with Syria.
  std::string text =
      "The United States said United States aircraft struck sites close to the border with Syria. "
      "The United States gave no toll.";
  auto ann = run(text, {"United States", "Syria"}, {"close to the border with Syria"});
  CHECK(ann.events[0].args[0].value == "place:border-sy");
  // An Iraqi story: Iraq is the other side.
  std::string t2 = "Iraq said militias in Iraq fired near the border with Syria. Iraq sent troops.";
  auto a2 = run(t2, {"Iraq", "Syria"}, {"near the border with Syria"});
  CHECK(a2.events[0].args[0].value == "place:border-iq-sy");
}
