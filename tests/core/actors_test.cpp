// Canonical actors and relations on hand-written news-like text.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "core/actor_gazetteer.hpp"
#include "core/entities.hpp"
#include "core/segmenter.hpp"

namespace {

const std::filesystem::path kData = std::filesystem::path(EG_TEST_SOURCE_DIR) / "core" / "data";

struct Tagged {
  std::string text;
  eg::Annotations ann;
  // Actor id of the first mention whose text is `s` ("" if none).
  std::string actor_of(std::string_view s) const {
    for (const auto& e : ann.entities)
      if (e.span.of(text) == s) return e.actor;
    return "<no mention>";
  }
  const eg::Actor* actor(std::string_view id) const {
    for (const auto& a : ann.actors)
      if (a.id == id) return &a;
    return nullptr;
  }
  bool has_relation(std::string_view kind, std::string_view from, std::string_view to) const {
    return std::any_of(ann.relations.begin(), ann.relations.end(), [&](const auto& r) {
      return r.kind == kind && r.from == from && r.to == to;
    });
  }
};

Tagged run(const eg::EntityTagger& t, std::string text) {
  Tagged r{std::move(text), {}};
  eg::segment(r.text, r.ann);
  t.tag(r.text, r.ann);
  return r;
}

}  // namespace

TEST_CASE("actors: variants, acronyms, partial names, titles, demonym heads, relations") {
  if (!std::filesystem::exists(kData / "ner" / "model.bin")) return;
  eg::EntityTagger t(kData, {});
  const auto r = run(t,
      "The Popular Mobilisation Forces (PMF) said on Sunday that Kata’ib Hezbollah and "
      "Kataib Sayyid al-Shuhada are part of the Popular Mobilization Forces.\n\n"
      "Iraqi Prime Minister Mustafa Al Kadhimi met the commanders in Baghdad. Al Kadhimi "
      "said the Iraqi government would investigate. Kadhimi left on Monday.\n\n"
      "Pentagon press secretary John Kirby said the raids hit Iranian-backed militias. "
      "Saeed Khatibzadeh, spokesman for the Iranian Foreign Ministry, blamed President Joe "
      "Biden. Biden did not reply.\n\n"
      "Kata'ib Hezbollah said the group would answer the raids.\n");
  const std::string pmf = "actor:popular-mobilization-forces";
  CHECK(r.actor_of("Popular Mobilisation Forces") == pmf);
  CHECK(r.actor_of("Popular Mobilization Forces") == pmf);
  CHECK(r.actor_of("PMF") == pmf);
  CHECK(r.actor_of("Kata’ib Hezbollah") == "actor:kataib-hezbollah");
  CHECK(r.actor_of("Kata'ib Hezbollah") == "actor:kataib-hezbollah");
  CHECK(r.actor_of("Kataib Sayyid al-Shuhada") == "actor:kataib-sayyid-al-shuhada");
  CHECK(r.actor_of("Mustafa Al Kadhimi") == "actor:mustafa-al-kadhimi");
  CHECK(r.actor_of("Al Kadhimi") == "actor:mustafa-al-kadhimi");
  CHECK(r.actor_of("Kadhimi") == "actor:mustafa-al-kadhimi");
  CHECK(r.actor_of("Iraqi government") == "actor:iraqi-government");
  CHECK(r.actor_of("Joe Biden") == "actor:joe-biden");
  CHECK(r.actor_of("Biden") == "actor:joe-biden");
  CHECK(r.actor_of("the group") == "actor:kataib-hezbollah");
  CHECK(r.actor_of("Iranian") == "actor:iran");
  const eg::Actor* biden = r.actor("actor:joe-biden");
  REQUIRE(biden != nullptr);
  CHECK(std::find(biden->roles.begin(), biden->roles.end(), "President") != biden->roles.end());
  const eg::Actor* kadhimi = r.actor("actor:mustafa-al-kadhimi");
  REQUIRE(kadhimi != nullptr);
  CHECK(kadhimi->type == eg::ActorType::Person);
  CHECK(kadhimi->country == "IRQ");
  CHECK(r.has_relation("spokesperson_for", "actor:john-kirby", "actor:pentagon"));
  CHECK(r.has_relation("spokesperson_for", "actor:saeed-khatibzadeh",
                       "actor:iranian-foreign-ministry"));
  CHECK(r.has_relation("part_of", "actor:kataib-hezbollah", pmf));
  CHECK(r.has_relation("leader_of", "actor:mustafa-al-kadhimi", "actor:iraq"));
  // Actors are deduplicated and sorted by id.
  CHECK(std::is_sorted(r.ann.actors.begin(), r.ann.actors.end(),
                       [](const auto& a, const auto& b) { return a.id < b.id; }));
  for (const auto& e : r.ann.entities) {
    CHECK(e.span.end <= r.text.size());
    CHECK(e.sentence >= 0);
  }
}

TEST_CASE("actors: user gazetteer and acronyms defined in the text") {
  if (!std::filesystem::exists(kData / "ner" / "model.bin")) return;
  const auto file = std::filesystem::temp_directory_path() / "eg_actors_test.tsv";
  {
    std::ofstream f(file);
    f << "# test actors\nZorblax Front\tORG\tIRQ\tIRQREB\tZF|Zorblax Brigades\n";
  }
  eg::EntityTagger t(kData, {file.string()});
  const auto r = run(t,
      "Fighters of the Zorblax Brigades attacked a convoy, and the ZF later claimed it. "
      "The Northern Valley Defence League (NVDL) condemned the attack on Friday. "
      "A NVDL commander said the Zorblax Front had been warned.\n");
  CHECK(r.actor_of("Zorblax Brigades") == "actor:zorblax-front");
  CHECK(r.actor_of("ZF") == "actor:zorblax-front");
  CHECK(r.actor_of("Zorblax Front") == "actor:zorblax-front");
  const eg::Actor* z = r.actor("actor:zorblax-front");
  REQUIRE(z != nullptr);
  CHECK(z->cameo == "IRQREB");
  CHECK(z->type == eg::ActorType::Group);
  const std::string league = r.actor_of("Northern Valley Defence League");
  CHECK(league == "actor:northern-valley-defence-league");
  CHECK(r.actor_of("NVDL") == league);
  std::filesystem::remove(file);
}

TEST_CASE("actors: empty and odd text") {
  if (!std::filesystem::exists(kData / "ner" / "model.bin")) return;
  eg::EntityTagger t(kData, {});
  CHECK(run(t, "").ann.entities.empty());
  const auto r = run(t, "\xff\xfe (( ))) -- ... \n\n\n ,,,");
  CHECK(r.ann.actors.size() <= r.ann.entities.size());
}

TEST_CASE("actors: pronouns and bare common nouns never become actors of their own") {
  if (!std::filesystem::exists(kData / "ner" / "model.bin")) return;
  eg::EntityTagger t(kData, {});
  const auto r = run(t,
      "The Northern Harbour Authority closed the port on Tuesday. It said the group of "
      "militias had threatened its workers. He did not comment. Militias fired at the "
      "group. Officials said they would reopen it.\n");
  // Every actor has a proper name; nothing named after a pronoun or a bare common noun.
  for (const auto& a : r.ann.actors) {
    std::string low;
    for (char c : a.name)
      low.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    for (const char* w : {"it", "its", "he", "she", "they", "the group", "group", "militias",
                          "officials"})
      CHECK_MESSAGE(low != w, a.id);
  }
  // Mentions of pronouns carry an antecedent's actor or none; "He" has no person to refer to.
  for (const auto& e : r.ann.entities) {
    const std::string s = r.text.substr(e.span.start, e.span.size());
    if (s == "He") CHECK(e.actor.empty());
    if (s == "Militias" || s == "militias") CHECK(e.actor.empty());
  }
}

TEST_CASE("actors: a dateline before 'The <demonym> government' does not hide the government") {
  if (!std::filesystem::exists(kData / "ner" / "model.bin")) return;
  eg::EntityTagger t(kData, {});
  // The model may take "The Iraqi" as its own span after a dateline; the gazetteer's
  // "Iraqi government" (a known organisation) wins over it, and "Iraqi" alone is Iraq.
  const auto r = run(t,
      "Basra: The Iraqi government on Sunday rejected the report, citing Iraqi law.\n");
  CHECK(r.actor_of("Iraqi government") == "actor:iraqi-government");
  CHECK(r.actor_of("Iraqi") == "actor:iraq");
  for (const auto& a : r.ann.actors) CHECK(a.id != "actor:iraqi");
}

TEST_CASE("actor gazetteer: lookups agree with the variant keys of the words") {
  // Matches are found by hashing keys as the words are folded, after screens on the words'
  // first and last bytes: every way of writing a name must still be found.
  eg::ActorGazetteer g;
  g.add({"al-Zorblax Organisation of the North", eg::EntityType::ORG, "FRE", "FREREB",
         {"AZON", "Zorblax Organisation"}, {}});
  g.add({"Freedonia", eg::EntityType::GPE, "FRE", "FRE", {}, {"Freedonian"}});
  g.add({"Freedonian military", eg::EntityType::ORG, "FRE", "FREMIL", {}, {}});
  g.add({"Freedonian army command", eg::EntityType::ORG, "FRE", "FREMIL", {}, {}});
  std::string scratch;
  auto match = [&](std::vector<std::string_view> w, size_t i = 0) {
    const eg::GazMatch m = g.longest(w, i);
    return m.end > m.first ? static_cast<int>(m.end - m.first) : 0;
  };
  // A lowercase first word counts as the start of a longer name with a capital in it.
  CHECK(match({"al-Zorblax", "Organisation", "of", "the", "North"}) == 5);
  CHECK(match({"al", "Zorblax", "Organization", "of", "the", "North"}) == 6);
  CHECK(match({"al-zorblax", "organisation"}) == 0);  // no capital: not a name
  CHECK(match({"Zorblax", "Organizations"}) == 0);
  CHECK(match({"Zorblax", "Organization"}) == 2);
  CHECK(match({"Zorblax", "Organisation"}) == 2);
  CHECK(match({"ZORBLAX", "ORGANISATION"}) == 2);
  CHECK(match({"AZON"}) == 1);
  CHECK(match({"Azon"}) == 0);  // written in capitals: only matches capitals
  CHECK(match({"Freedonia’s"}) == 0);
  CHECK(match({"Free", "donia"}) == 0);
  CHECK(match({"said", "Freedonian"}, 1) == 1);
  CHECK(match({"Freedonian", "military"}) == 2);
  CHECK(match({"Freedonian", "army", "command"}) == 3);
  CHECK(match({"Freedonian", "army"}) == 1);  // the demonym alone
  CHECK(match({"Freedonian"}, 1) == 0);       // past the end
  CHECK(g.find_words(std::vector<std::string_view>{"Zorblax", "Organization"}, scratch) == 0);
  CHECK(g.find_words(std::vector<std::string_view>{"Freedonian"}, scratch) == -1);  // demonym
  // The feature classes scan finds the same matches left to right.
  std::vector<std::string_view> w{"the", "al-Zorblax", "Organisation", "of", "the", "North",
                                  "and", "Freedonia"};
  std::vector<uint8_t> cls;
  std::vector<eg::GazMatch> found;
  g.feature_classes(w, cls, found);
  REQUIRE(found.size() == 2);
  CHECK(found[0].first == 1);
  CHECK(found[0].end == 6);
  CHECK(found[1].first == 7);
  CHECK(cls == std::vector<uint8_t>{0, 3, 4, 4, 4, 4, 0, 5});
  // Offices by CAMEO code: the first ORG entry with "government" or "military" in its name.
  CHECK(g.office_entry("FREMIL") == 2);
  CHECK(g.office_entry("FREGOV") == -1);
  CHECK(g.actor_id(0) == "actor:al-zorblax-organisation-of-the-north");
  CHECK(g.actor_id(1) == "actor:freedonia");
}

TEST_CASE("actor gazetteer: spelling folds and slugs") {
  std::string k;
  eg::append_variant_key("Organised", k);
  CHECK(k == "organized");
  k.clear();
  eg::append_variant_key("RISE", k);
  CHECK(k == "rise");  // too short to be an -ise verb
  k.clear();
  eg::append_variant_key("Kata\u2019ib\u2013Front", k);
  CHECK(k == "kataib front");
  k.clear();
  const std::string longword(300, 'A');
  eg::append_variant_key(longword, k);
  CHECK(k == std::string(300, 'a'));
  CHECK(eg::slugify("Jos\u00e9 Mar\u00eda O'Neill") == "jos\u00e9-mar\u00eda-oneill");
  CHECK(eg::slugify("U.S. Army  (Central)") == "us-army-central");
  CHECK(eg::slugify("--") == "");
}

TEST_CASE("actors: no mention starts or ends with a quote or a dash") {
  if (!std::filesystem::exists(kData / "ner" / "model.bin")) return;
  eg::EntityTagger t(kData, {});
  const auto r = run(t,
      "\xE2\x80\x9CWe will not leave,\xE2\x80\x9D Ostrander told reporters. \xE2\x80\x9CIt is over,\xE2\x80\x9D "
      "Marwick added. The deal \xE2\x80\x94 backed by Tomas Ferlan \xE2\x80\x94 was signed. "
      "\xE2\x80\x9CNever,\xE2\x80\x9D said Delia Brandt of the Harbour League.\n");
  for (const auto& e : r.ann.entities) {
    const std::string s = r.text.substr(e.span.start, e.span.size());
    REQUIRE_FALSE(s.empty());
    const auto first = static_cast<unsigned char>(s.front());
    const auto last = static_cast<unsigned char>(s.back());
    CHECK_MESSAGE((std::isalnum(first) || first >= 0xC0), s);  // a letter, possibly non-ASCII
    CHECK_MESSAGE((std::isalnum(last) || last == '.' || (last >= 0x80 && s.find("\xE2\x80") == std::string::npos)), s);
  }
  for (const auto& a : r.ann.actors) CHECK_MESSAGE(a.name.find("\xE2\x80") == std::string::npos, a.name);
}

TEST_CASE("actors: no tagged name ends in a lowercase function word") {
  if (!std::filesystem::exists(kData / "ner" / "model.bin")) return;
  eg::EntityTagger t(kData, {});
  const auto r = run(t,
      "Trump said he would not meet with Kim for the rest of the year. Officials at the Bank of "
      "the Andes said Tomas Ferlan of Norland met Delia Brandt in Ostrava.\n");
  for (const auto& e : r.ann.entities) {
    const std::string s = r.text.substr(e.span.start, e.span.size());
    const size_t sp = s.rfind(' ');
    const std::string last = sp == std::string::npos ? s : s.substr(sp + 1);
    for (const char* w : {"for", "of", "and", "the", "to", "in", "on", "at", "by", "with"})
      CHECK_MESSAGE(last != w, s);
  }
}

TEST_CASE("actors: a lowercase common noun the tagger ran a name into is left out") {
  if (!std::filesystem::exists(kData / "ner" / "model.bin")) return;
  eg::EntityTagger t(kData, {});
  const auto r = run(t,
      "One of the groups hit by the US airstrikes, the Norland Brigade, said four fighters had "
      "died.\n");
  bool us = false;
  for (const auto& e : r.ann.entities) {
    const std::string s = r.text.substr(e.span.start, e.span.size());
    CHECK_MESSAGE(s.find("airstrikes") == std::string::npos, s);
    us = us || s == "US";
  }
  CHECK(us);
}
