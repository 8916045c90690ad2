// Canonical actors and relations on hand-written news-like text.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

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
