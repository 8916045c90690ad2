// CoNLL annotation keeps every input line and appends one tag per token line.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "core/entities.hpp"
#include "core/error.hpp"
#include "io/conll.hpp"

namespace {
const std::filesystem::path kData = std::filesystem::path(EG_TEST_SOURCE_DIR) / "core" / "data";

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
}  // namespace

TEST_CASE("annotate_conll round trip") {
  eg::EntityTagger t(kData, {});
  const std::string input =
      "-DOCSTART- -X- O O\n"
      "\n"
      "Helga NNP I-NP I-PER\n"
      "Brandt NNP I-NP I-PER\n"
      "arrived VBD I-VP O\n"
      "in IN I-PP O\n"
      "Hamburg NNP I-NP I-LOC\n"
      ". . O O\n"
      "\n"
      "-DOCSTART- -X- O O\n"
      "\n"
      "Prices NNS I-NP O\r\n"
      "rose VBD I-VP O\r\n";
  std::istringstream in(input);
  std::ostringstream out;
  eg::annotate_conll(in, out, t, "test");
  const auto a = lines(input), b = lines(out.str());
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    std::string x = a[i], y = b[i];
    const bool cr = !x.empty() && x.back() == '\r';
    if (cr) {
      REQUIRE(!y.empty());
      CHECK(y.back() == '\r');
      x.pop_back();
      y.pop_back();
    }
    if (x.empty() || x.starts_with("-DOCSTART-")) {
      CHECK(y == x);
      continue;
    }
    REQUIRE(y.size() > x.size() + 1);
    CHECK(y.substr(0, x.size() + 1) == x + " ");
    const std::string tag = y.substr(x.size() + 1);
    CHECK((tag == "O" || tag.starts_with("B-") || tag.starts_with("I-")));
  }
  if (std::filesystem::exists(kData / "ner" / "model.bin")) {
    CHECK(b[2] == "Helga NNP I-NP I-PER B-PER");
    CHECK(b[3] == "Brandt NNP I-NP I-PER I-PER");
    CHECK(b[6] == "Hamburg NNP I-NP I-LOC B-LOC");
  }
}

TEST_CASE("annotate_conll rejects a token line starting with a blank") {
  eg::EntityTagger t(kData, {});
  std::istringstream in("Word NN O O\n NN O O\n");
  std::ostringstream out;
  CHECK_THROWS_AS(eg::annotate_conll(in, out, t, "bad.conll"), eg::InputError);
  std::istringstream empty("");
  std::ostringstream out2;
  eg::annotate_conll(empty, out2, t, "empty");
  CHECK(out2.str().empty());
}
