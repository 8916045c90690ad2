#include "io/jsonl.hpp"

#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace {

eg::Span find_span(std::string_view text, std::string_view what) {
  auto at = static_cast<uint32_t>(text.find(what));
  return {at, static_cast<uint32_t>(at + what.size())};
}

std::string_view sv(const rapidjson::Value& v) { return {v.GetString(), v.GetStringLength()}; }

}  // namespace

TEST_CASE("annotations_to_jsonl: one valid line whose offsets slice the text") {
  eg::Document doc;
  doc.id = "doc-7";
  doc.date = "2021-06-28";
  doc.text =
      "On Sunday, the \"Northern Alliance\" shelled Kastor\xE2\x80\x99s port.\n"
      "Its spokesman said the attack was a warning.\tTabs\x01too.";
  eg::Annotations ann;
  ann.sentences.push_back({{0, 60}, 0, 0, 0});
  ann.sentences.push_back({{61, static_cast<uint32_t>(doc.text.size())}, 0, 0, 0});
  ann.entities.push_back({find_span(doc.text, "Northern Alliance"), eg::EntityType::ORG, 0,
                          "actor:northern-alliance"});
  ann.entities.push_back({find_span(doc.text, "Kastor\xE2\x80\x99s"), eg::EntityType::GPE, 0, ""});
  ann.timexes.push_back({find_span(doc.text, "Sunday"), eg::TimexType::DATE, "2021-06-27", "", 0, "", ""});
  ann.timexes.push_back({find_span(doc.text, "Tabs"), eg::TimexType::DURATION, "", "APPROX", 1, "", ""});
  eg::Event ev;
  ev.id = "e1";
  ev.kind = "strike";
  ev.plover = "ASSAULT";
  ev.cameo = "195";
  ev.trigger = find_span(doc.text, "shelled");
  ev.date.value = "2021-06-27";
  ev.date.granularity = eg::Granularity::Day;
  ev.date.timex = 0;
  ev.args.push_back(
      {"source", find_span(doc.text, "Northern Alliance"), "actor:northern-alliance", ""});
  ev.args.push_back({"casualties", find_span(doc.text, "port"), "", "3"});
  ev.coref.push_back(find_span(doc.text, "attack"));
  ann.events.push_back(ev);
  eg::Event said;
  said.kind = "statement";
  said.trigger = find_span(doc.text, "said");
  said.modality = eg::Modality::Reported;
  said.date.on_or_before = true;
  said.date.value = "2021-06-28";
  said.reports = 0;
  ann.events.push_back(said);
  ann.actors.push_back(
      {"actor:northern-alliance", "Northern Alliance", eg::ActorType::Group, "", "", {"NA"}, {}});
  ann.relations.push_back({"spokesperson_for", "actor:x", "actor:northern-alliance", 1, {}});

  std::string line = eg::annotations_to_jsonl(doc, ann);
  CHECK(line.find('\n') == std::string::npos);
  rapidjson::Document j;
  j.Parse(line.data(), line.size());
  REQUIRE_FALSE(j.HasParseError());
  CHECK(sv(j["id"]) == "doc-7");
  CHECK(sv(j["date"]) == "2021-06-28");
  CHECK(sv(j["text"]) == doc.text);
  auto slice = [&](const rapidjson::Value& o) {
    return std::string_view(doc.text).substr(o["start"].GetUint(),
                                             o["end"].GetUint() - o["start"].GetUint());
  };
  REQUIRE(j["sentences"].Size() == 2);
  const auto& ents = j["entities"];
  REQUIRE(ents.Size() == 2);
  for (const auto& e : ents.GetArray()) CHECK(slice(e) == sv(e["text"]));
  CHECK(sv(ents[0]["id"]) == "m1");
  CHECK(sv(ents[0]["type"]) == "ORG");
  CHECK(sv(ents[0]["canonical"]) == "Northern Alliance");
  CHECK(ents[1]["actor"].IsNull());
  CHECK(ents[1]["canonical"].IsNull());
  CHECK(sv(ents[1]["text"]) == "Kastor\xE2\x80\x99s");
  const auto& tx = j["timexes"];
  CHECK(sv(tx[0]["id"]) == "t1");
  CHECK(sv(tx[0]["value"]) == "2021-06-27");
  CHECK_FALSE(tx[0].HasMember("mod"));
  CHECK(tx[1]["value"].IsNull());
  CHECK(sv(tx[1]["mod"]) == "APPROX");
  const auto& evs = j["events"];
  // Mention level: the two events, then the coreferent mention "attack" of e1 as its own object.
  REQUIRE(evs.Size() == 3);
  CHECK(sv(evs[2]["id"]) == "e1.m1");
  CHECK(sv(evs[2]["coref_of"]) == "e1");
  CHECK(slice(evs[2]["trigger"]) == "attack");
  CHECK(sv(evs[2]["kind"]) == "strike");
  CHECK(sv(evs[0]["plover"]) == "ASSAULT");
  CHECK(slice(evs[0]["trigger"]) == "shelled");
  CHECK(sv(evs[0]["date"]["granularity"]) == "day");
  CHECK(sv(evs[0]["date"]["timex"]) == "t1");
  CHECK(evs[0]["date"]["on_or_before"].IsFalse());
  CHECK(sv(evs[0]["args"][0]["canonical"]) == "Northern Alliance");
  CHECK(sv(evs[0]["args"][1]["value"]) == "3");
  CHECK(slice(evs[0]["mentions"][0]) == "attack");
  CHECK(sv(evs[1]["id"]) == "e2");
  CHECK(evs[1]["plover"].IsNull());
  CHECK(sv(evs[1]["modality"]) == "reported");
  CHECK(evs[1]["date"]["on_or_before"].IsTrue());
  CHECK(sv(evs[1]["reports"]) == "e1");
  CHECK(sv(j["actors"][0]["type"]) == "group");
  CHECK(j["actors"][0]["country"].IsNull());
  CHECK(sv(j["actors"][0]["aliases"][0]) == "NA");
  CHECK(sv(j["relations"][0]["kind"]) == "spokesperson_for");
  CHECK(j["relations"][0]["sentence"].GetInt() == 1);

  // Deterministic, and the reused buffer does not leak between calls.
  CHECK(eg::annotations_to_jsonl(doc, ann) == line);
  eg::Document small;
  small.text = "x";
  std::string s = eg::annotations_to_jsonl(small, {});
  CHECK(s ==
        "{\"id\":\"\",\"date\":null,\"text\":\"x\",\"sentences\":[],\"entities\":[],\"timexes\":[],"
        "\"events\":[],\"actors\":[],\"relations\":[]}");
}

TEST_CASE("annotations_to_jsonl: bad spans are clamped, invalid UTF-8 replaced") {
  eg::Document doc;
  doc.text = "caf\xC3\xA9 ok";
  eg::Annotations ann;
  ann.entities.push_back({{0, 4}, eg::EntityType::MISC, -1, ""});   // cuts the é in half
  ann.entities.push_back({{5, 99}, eg::EntityType::MISC, -1, ""});  // past the end
  std::string line = eg::annotations_to_jsonl(doc, ann);
  rapidjson::Document j;
  j.Parse<rapidjson::kParseValidateEncodingFlag>(line.data(), line.size());
  REQUIRE_FALSE(j.HasParseError());
  CHECK(sv(j["entities"][0]["text"]) == "caf\xEF\xBF\xBD");
  CHECK(j["entities"][1]["end"].GetUint() == doc.text.size());
  CHECK(sv(j["entities"][1]["text"]) == " ok");
}

TEST_CASE("annotations_to_jsonl: each event object carries the args of its own sentence") {
  eg::Document doc;
  doc.text = "Rebels attacked the depot. The attack wounded two guards.";
  eg::Annotations ann;
  ann.sentences.push_back({{0, 26}, 0, 0, 0});
  ann.sentences.push_back({{27, static_cast<uint32_t>(doc.text.size())}, 0, 0, 1});
  eg::Event ev;
  ev.kind = "attack";
  ev.trigger = find_span(doc.text, "attacked");
  ev.args.push_back({"source", find_span(doc.text, "Rebels"), "", ""});
  ev.args.push_back({"target", find_span(doc.text, "two guards"), "", ""});  // from the coreferent mention
  ev.coref.push_back({31, 37});  // "attack" in the second sentence
  ann.events.push_back(ev);
  std::string line = eg::annotations_to_jsonl(doc, ann);
  rapidjson::Document j;
  j.Parse(line.data(), line.size());
  REQUIRE_FALSE(j.HasParseError());
  const auto& evs = j["events"];
  REQUIRE(evs.Size() == 2);
  REQUIRE(evs[0]["args"].Size() == 1);
  CHECK(sv(evs[0]["args"][0]["text"]) == "Rebels");
  REQUIRE(evs[1]["args"].Size() == 1);
  CHECK(sv(evs[1]["args"][0]["text"]) == "two guards");
  CHECK(sv(evs[1]["coref_of"]) == "e1");
}
