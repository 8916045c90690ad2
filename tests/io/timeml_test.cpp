// TimeML reading and writing: tag stripping, DCT, byte-exact round trips.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "core/resources.hpp"
#include "io/timeml.hpp"

namespace {

const std::string kDoc =
    "<?xml version=\"1.0\" ?>\n<TimeML>\n<DOCID>X1</DOCID>\n"
    "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2021-06-28\" temporalFunction=\"false\" "
    "functionInDocument=\"CREATION_TIME\">2021-06-28</TIMEX3></DCT>\n"
    "<TEXT>\nRebels <EVENT eid=\"e1\" class=\"OCCURRENCE\">shelled</EVENT> the port "
    "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2021-06-25\">Friday</TIMEX3> &amp; fled.\n</TEXT>\n"
    "<MAKEINSTANCE eventID=\"e1\" eiid=\"ei1\"/>\n</TimeML>\n";

const std::string kStripped = "\nRebels shelled the port Friday &amp; fled.\n";

}  // namespace

TEST_CASE("read_timeml strips tags, keeps entities and finds the DCT") {
  const auto f = eg::parse_timeml(kDoc, "x.tml");
  CHECK(f.dct == "2021-06-28");
  CHECK(f.doc.date == "2021-06-28");
  CHECK(f.doc.text == kStripped);
  REQUIRE(f.map.size() == f.doc.text.size() + 1);
  for (size_t i = 0; i < f.doc.text.size(); ++i) CHECK(f.raw[f.map[i]] == f.doc.text[i]);
  CHECK(f.raw.substr(f.text_begin - 6, 6) == "<TEXT>");
  CHECK(f.raw.substr(f.text_end, 7) == "</TEXT>");
}

TEST_CASE("write_timeml without timexes reproduces the stripped input") {
  const auto f = eg::parse_timeml(kDoc, "x.tml");
  const std::string out = eg::write_timeml(f, {});
  const std::string expected = kDoc.substr(0, f.text_begin) + kStripped + kDoc.substr(f.text_end);
  CHECK(out == expected);
  // and is a fixed point
  const auto again = eg::parse_timeml(out, "y.tml");
  CHECK(eg::write_timeml(again, {}) == out);
}

TEST_CASE("write_timeml inserts TIMEX3 and EVENT tags around the right bytes") {
  const auto f = eg::parse_timeml(kDoc, "x.tml");
  eg::Timex t;
  t.span = {static_cast<uint32_t>(kStripped.find("Friday")),
            static_cast<uint32_t>(kStripped.find("Friday") + 6)};
  t.value = "2021-06-25";
  t.mod = "END";
  eg::Event e;
  e.kind = "strike";
  e.trigger = {static_cast<uint32_t>(kStripped.find("shelled")),
               static_cast<uint32_t>(kStripped.find("shelled") + 7)};
  std::vector<eg::Event> events{e};
  const std::string out = eg::write_timeml(f, {t}, &events);
  CHECK(out.find("<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2021-06-25\" mod=\"END\">Friday</TIMEX3>") !=
        std::string::npos);
  CHECK(out.find("<EVENT eid=\"e1\" class=\"OCCURRENCE\">shelled</EVENT>") != std::string::npos);
  CHECK(out.find("tid=\"t0\"") != std::string::npos);  // the DCT is kept
  CHECK(eg::parse_timeml(out, "y.tml").doc.text == kStripped);
}

TEST_CASE("a file without TEXT is an input error") {
  CHECK_THROWS_AS((void)eg::parse_timeml("<TimeML><DCT></DCT></TimeML>", "bad.tml"), eg::InputError);
  CHECK_THROWS_WITH((void)eg::parse_timeml("<TimeML/>", "bad.tml"), "bad.tml: no <TEXT> element");
}

TEST_CASE("round trip over the shared TimeBank files") {
  const std::filesystem::path dir =
      std::filesystem::path(EG_TEST_SHARED_DIR) / "corpus" / "timebank" / "AQUAINT";
  if (!std::filesystem::is_directory(dir)) return;  // shared data absent: nothing to check
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".tml" || ++n > 10) continue;
    const auto f = eg::read_timeml(entry.path());
    CHECK_FALSE(f.doc.date.empty());
    const std::string out = eg::write_timeml(f, {});
    CHECK(eg::parse_timeml(out, "again").doc.text == f.doc.text);
  }
}
