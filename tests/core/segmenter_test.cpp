// Segmentation on sentences written for these tests: byte offsets, Unicode punctuation,
// abbreviations, initials, numbers with units, headlines, captions and paragraphs.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/segmenter.hpp"

namespace {
std::vector<std::string> sentences(const std::string& t) {
  eg::Annotations a;
  eg::segment(t, a);
  std::vector<std::string> out;
  for (const auto& s : a.sentences) out.emplace_back(s.span.of(t));
  return out;
}
std::vector<std::string> tokens(const std::string& t) {
  std::vector<std::string> out;
  for (const auto& k : eg::tokenize(t)) out.emplace_back(k.span.of(t));
  return out;
}
}  // namespace

TEST_CASE("segmenter: titles and abbreviations do not end sentences") {
  const std::string t =
      "The note, signed by Maj. Gen. Omar Haddad, said U.S. troops left on Jan. 5. "
      "Dr. R. Lindqvist disagreed.";
  const auto s = sentences(t);
  REQUIRE(s.size() == 2);
  CHECK(s[0] == "The note, signed by Maj. Gen. Omar Haddad, said U.S. troops left on Jan. 5.");
  CHECK(s[1] == "Dr. R. Lindqvist disagreed.");
  const auto k = tokens(t);
  CHECK(std::find(k.begin(), k.end(), "Maj.") != k.end());
  CHECK(std::find(k.begin(), k.end(), "U.S.") != k.end());
  CHECK(std::find(k.begin(), k.end(), "R.") != k.end());
}

TEST_CASE("segmenter: state abbreviations and a stop before a comma end no sentence") {
  auto s = sentences("A truck bomb in Dothan, Ala., wounded two guards. Police came.");
  REQUIRE(s.size() == 2);
  CHECK(s[0] == "A truck bomb in Dothan, Ala., wounded two guards.");
  // an abbreviation the list does not know, before a comma
  s = sentences("The firm, Widgets Intl., said it would appeal.");
  CHECK(s.size() == 1);
  // a state abbreviation that is also a word is not listed: "iron ore." ends a sentence
  s = sentences("Exports of iron ore. Prices rose.");
  CHECK(s.size() == 2);
  // the state still ends a sentence before a usual sentence starter
  s = sentences("He lives in Tampa, Fla. The mayor agreed.");
  REQUIRE(s.size() == 2);
  CHECK(s[1] == "The mayor agreed.");
}

TEST_CASE("segmenter: an acronym can still end a sentence") {
  const auto s = sentences("Talks were held in the U.S. The envoy flew home.");
  REQUIRE(s.size() == 2);
  CHECK(s[1] == "The envoy flew home.");
}

TEST_CASE("segmenter: Unicode apostrophes, quotes, dashes and no-break spaces") {
  const std::string t =
      "Kata\xE2\x80\x99ib Nour\xE2\x80\x99s fighters vowed \xE2\x80\x9Copen war\xE2\x80\x9D \xE2\x80\x94"
      " again.\xC2\xA0Then they left.";
  const auto k = tokens(t);
  CHECK(k[0] == "Kata\xE2\x80\x99ib");
  CHECK(k[1] == "Nour");
  CHECK(k[2] == "\xE2\x80\x99s");
  CHECK(std::find(k.begin(), k.end(), "\xE2\x80\x9C") != k.end());
  CHECK(std::find(k.begin(), k.end(), "\xE2\x80\x94") != k.end());
  const auto s = sentences(t);
  REQUIRE(s.size() == 2);
  CHECK(s[1] == "Then they left.");
  CHECK(eg::fold_key("Kata\xE2\x80\x99ib") == "kata'ib");
}

TEST_CASE("segmenter: numbers, units, times and model names stay whole") {
  const auto k = tokens("About 16km away, 1,500 people met at 4:49 p.m. near F-16 jets on 2021-06-28.");
  for (const char* w : {"16km", "1,500", "4:49", "F-16", "2021-06-28"})
    CHECK_MESSAGE(std::find(k.begin(), k.end(), w) != k.end(), w);
}

TEST_CASE("segmenter: headlines and captions are their own sentences; paragraphs are counted") {
  const std::string t =
      "Strikes hit border posts\n\nBasra: Officials said the posts were empty. Photo: Reuters\n\n"
      "A second paragraph follows.";
  eg::Annotations a;
  eg::segment(t, a);
  REQUIRE(a.sentences.size() == 4);
  CHECK(a.sentences[0].span.of(t) == "Strikes hit border posts");
  CHECK(a.sentences[2].span.of(t) == "Photo: Reuters");
  CHECK(a.sentences[0].paragraph == 0);
  CHECK(a.sentences[1].paragraph == 1);
  CHECK(a.sentences[3].paragraph == 2);
}

TEST_CASE("segmenter: offsets are exact bytes, every token in one sentence, odd input is safe") {
  const std::string t = "Caf\xC3\xA9 owners \xFF protested. \x01 Nothing else.";
  eg::Annotations a;
  eg::segment(t, a);
  uint32_t covered = 0;
  for (const auto& s : a.sentences) {
    CHECK(s.first_token == covered);
    covered = s.end_token;
    CHECK(a.tokens[s.first_token].span.start == s.span.start);
    CHECK(a.tokens[s.end_token - 1].span.end == s.span.end);
  }
  CHECK(covered == a.tokens.size());
  CHECK(a.tokens[0].span.of(t) == "Caf\xC3\xA9");
  CHECK_FALSE(eg::valid_utf8(t));
  CHECK(eg::valid_utf8("Caf\xC3\xA9"));
  eg::Annotations empty;
  eg::segment("", empty);
  CHECK(empty.tokens.empty());
  CHECK(empty.sentences.empty());
}

TEST_CASE("segmenter: a run-on line is cut into sentences of at most 400 tokens") {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += (i % 7 == 6) ? "town, " : "word ";
  eg::Annotations ann;
  eg::segment(text, ann);
  REQUIRE(ann.sentences.size() >= 3);
  for (const auto& s : ann.sentences) {
    CHECK(s.end_token - s.first_token <= 400);
    if (&s != &ann.sentences.back()) {  // cut right after a comma
      CHECK(ann.tokens[s.end_token - 1].span.of(text) == ",");
    }
  }
  // every token is in exactly one sentence
  CHECK(ann.sentences.front().first_token == 0);
  for (size_t i = 1; i < ann.sentences.size(); ++i)
    CHECK(ann.sentences[i].first_token == ann.sentences[i - 1].end_token);
  CHECK(ann.sentences.back().end_token == ann.tokens.size());
}
