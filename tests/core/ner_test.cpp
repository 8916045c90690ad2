// NER tagger: feature helpers, training on a tiny hand-written corpus, model round trip, and the
// shipped model on a few sentences.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/actor_gazetteer.hpp"
#include "core/entities.hpp"
#include "core/error.hpp"
#include "core/ner_model.hpp"
#include "core/ner_train.hpp"

namespace {

std::filesystem::path temp_dir(const char* name) {
  auto d = std::filesystem::temp_directory_path() / name;
  std::filesystem::create_directories(d);
  return d;
}

const std::filesystem::path kData = std::filesystem::path(EG_TEST_SOURCE_DIR) / "core" / "data";

std::string fmt_hex(uint64_t h) {
  static const char* digits = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) s[static_cast<size_t>(i)] = digits[h & 15];
  return s;
}

}  // namespace

TEST_CASE("variant keys fold spelling variants") {
  CHECK(eg::variant_key("Kata’ib Hezbollah") == eg::variant_key("Kataib Hezbollah"));
  CHECK(eg::variant_key("Kata'ib Hezbollah") == eg::variant_key("KATA'IB HEZBOLLAH"));
  CHECK(eg::variant_key("Popular Mobilisation Forces") ==
        eg::variant_key("Popular Mobilization Forces"));
  CHECK(eg::variant_key("al-Qaeda") == eg::variant_key("Al Qaeda"));
  CHECK(eg::slugify("Kata'ib Sayyid al-Shuhada") == "kataib-sayyid-al-shuhada");
  CHECK(eg::slugify("United States") == "united-states");
}

TEST_CASE("gazetteer matches longest alias and respects acronym case") {
  eg::ActorGazetteer g;
  g.add({"Zorblax Front", eg::EntityType::ORG, "IRQ", "IRQREB", {"ZF", "Zorblax"}, {}});
  g.add({"Freedonia", eg::EntityType::GPE, "FRE", "FRE", {}, {"Freedonian"}});
  std::vector<std::string_view> w{"the", "Zorblax", "Front", "said"};
  auto m = g.longest(w, 1);
  CHECK(m.first == 1);
  CHECK(m.end == 3);
  std::vector<std::string_view> lower{"zf", "ZF"};
  CHECK(g.longest(lower, 0).end == 0);  // "zf" is not the acronym
  CHECK(g.longest(lower, 1).end == 2);
  std::vector<std::string_view> dem{"Freedonian", "troops"};
  auto d = g.longest(dem, 0);
  CHECK(d.end == 1);
  CHECK(d.demonym);
  std::vector<uint8_t> cls;
  g.feature_classes(w, cls);
  CHECK(cls == std::vector<uint8_t>{0, 3, 4, 0});
}

TEST_CASE("document memory marks casing and other predictions") {
  std::vector<std::string_view> a{"Plinth", "said", "plinth"};
  std::vector<std::string_view> b{"Mr", "Plinth", "left"};
  std::vector<eg::NerSentence> s{{a, {}, {}}, {b, {}, {}}};
  std::vector<std::vector<uint8_t>> memo;
  eg::ner_document_memo(s, nullptr, memo);
  CHECK((memo[0][0] & 3) == 3);       // capitalised inside a sentence and lowercase elsewhere
  CHECK((memo[0][0] >> 2) == 5);      // first pass: unknown
  std::vector<std::vector<uint8_t>> labels{{1, 0, 0}, {0, 1, 0}};
  eg::ner_document_memo(s, &labels, memo);
  CHECK((memo[0][0] >> 2) == 1);      // the other "Plinth" was PER
}

TEST_CASE("word clusters: open-addressing table") {
  eg::WordClusters wc;
  CHECK(wc.find(eg::ner_word_hash("anything")) == 0xFFFF);  // empty table
  for (uint16_t k = 0; k < 500; ++k) wc.insert(eg::ner_word_hash(std::to_string(k)), k);
  CHECK(wc.size() == 500);
  CHECK(wc.find(eg::ner_word_hash("0")) == 0);
  CHECK(wc.find(eg::ner_word_hash("499")) == 499);
  CHECK(wc.find(eg::ner_word_hash("500")) == 0xFFFF);
  wc.insert(eg::ner_word_hash("lisbon"), 77);
  CHECK(wc.find(eg::ner_word_hash("LISBON")) == 77);  // keys are lowercased-word hashes
  wc.insert(eg::ner_word_hash("7"), 1234);  // replaces
  CHECK(wc.size() == 501);
  CHECK(wc.find(eg::ner_word_hash("7")) == 1234);
  wc.insert(0, 9);  // the key 0 (the empty-slot marker) is stored too
  CHECK(wc.find(0) == 9);
  auto dir = temp_dir("eg_ner_clusters");
  {
    std::ofstream f(dir / "c.tsv");
    f << "# comment\n" << fmt_hex(eg::ner_word_hash("lisbon")) << "\t2049\n";
  }
  auto loaded = eg::load_word_clusters(dir / "c.tsv");
  CHECK(loaded.size() == 1);
  CHECK(loaded.find(eg::ner_word_hash("Lisbon")) == 2049);
  CHECK(eg::load_word_clusters(dir / "absent.tsv").size() == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("training on a tiny corpus, save and load") {
  auto dir = temp_dir("eg_ner_test");
  {
    std::ofstream f(dir / "tiny.conll");
    for (int i = 0; i < 20; ++i) {
      f << "-DOCSTART- -X- -X- O\n\n";
      f << "Marta NNP I-NP I-PER\nOkonkwo NNP I-NP I-PER\nvisited VBD I-VP O\n"
           "Lisbon NNP I-NP I-LOC\n. . O O\n\n";
      f << "The DT I-NP O\nBlue NNP I-NP I-ORG\nHarbour NNP I-NP I-ORG\nBank NNP I-NP I-ORG\n"
           "opened VBD I-VP O\n. . O O\n\n";
    }
  }
  auto sents = eg::read_conll_labelled(dir / "tiny.conll");
  REQUIRE(sents.size() == 40);
  CHECK(sents[0].labels[0] == "B-PER");  // IOB1 converted to IOB2
  CHECK(sents[0].labels[1] == "I-PER");
  CHECK(sents[1].document == 0);
  CHECK(sents[2].document == 1);
  std::ostringstream log;
  auto st = eg::train_ner(dir / "tiny.conll", dir / "tiny.bin", 3, log);
  CHECK(st.sentences == 40);
  CHECK(st.last_epoch_token_accuracy > 0.95);
  auto m = eg::NerModel::load(dir / "tiny.bin");
  CHECK_FALSE(m.empty());
  eg::WordClusters none;
  eg::NerScratch sc;
  std::vector<std::string_view> w{"Marta", "Okonkwo", "visited", "Lisbon", "."};
  auto labels = m.predict({w, {}, {}}, none, sc);
  CHECK(labels == std::vector<uint8_t>{1, 2, 0, 5, 0});
  // A loaded (int16) model saves byte-identically and predicts the same after a reload.
  m.save(dir / "tiny2.bin");
  CHECK(std::filesystem::file_size(dir / "tiny2.bin") == std::filesystem::file_size(dir / "tiny.bin"));
  auto m2 = eg::NerModel::load(dir / "tiny2.bin");
  CHECK(m2.predict({w, {}, {}}, none, sc) == labels);
  // Training needs a float model, not a loaded one.
  std::vector<float> totals;
  uint64_t clock = 0;
  std::vector<uint8_t> gold{1, 2, 0, 5, 0};
  CHECK_THROWS_AS((void)m2.train_step({w, {}, {}}, gold, none, sc, totals, clock), eg::InputError);
  // Same features, same scores: the scratch buffer is reused across sentences of any length.
  std::vector<std::string_view> longer{"Officials", "in", "Lisbon", "said", "Marta", "Okonkwo",
                                       "visited", "Lisbon", "on", "Friday", "."};
  (void)m.predict({longer, {}, {}}, none, sc);
  CHECK(m.predict({w, {}, {}}, none, sc) == labels);
  {
    std::ofstream bad(dir / "bad.bin");
    bad << "not a model";
  }
  CHECK_THROWS_AS((void)eg::NerModel::load(dir / "bad.bin"), eg::InputError);
  CHECK_THROWS_AS((void)eg::read_conll_labelled(dir / "missing.conll"), eg::EnvironmentError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("entity tagger needs the model file") {
  // A data folder without ner/model.bin: EnvironmentError naming the path, not silent "O".
  auto dir = temp_dir("eg_ner_nomodel");
  std::filesystem::create_directories(dir / "ner");
  try {
    eg::EntityTagger t(dir, {});
    FAIL("no exception");
  } catch (const eg::EnvironmentError& e) {
    CHECK(std::string(e.what()).find("model.bin") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("shipped model tags simple sentences") {
  if (!std::filesystem::exists(kData / "ner" / "model.bin")) return;
  eg::EntityTagger t(kData, {});
  auto tags = t.tag_tokens({"Angela", "Merkel", "flew", "to", "Paris", "on", "Monday", "."});
  CHECK(tags == std::vector<std::string>{"B-PER", "I-PER", "O", "O", "B-LOC", "O", "O", "O"});
  auto doc = t.tag_document({{"Volkswagen", "AG", "said", "on", "Tuesday", "its",
                              "profit", "rose", "."},
                             {"German", "exports", "fell", "."}});
  REQUIRE(doc.size() == 2);
  CHECK(doc[0][0] == "B-ORG");
  CHECK(doc[0][1] == "I-ORG");  // "Volkswagen AG"
  CHECK(doc[1][0] == "B-MISC");
  CHECK(t.tag_tokens({}).empty());
  // Pruned tagging: lowercase words inside or right around a name are still scored ("Bank of
  // the West", "Procter & Gamble"), words far from any capital are O without scoring, and a
  // sentence without capitals is scored whole.
  auto org = t.tag_tokens({"shares", "of", "the", "company", "that", "owns", "the", "Bank", "of",
                           "the", "West", "rose", "sharply", "in", "early", "trading", "."});
  CHECK(org[7] == "B-ORG");
  CHECK(org[8] == "I-ORG");
  CHECK(org[10] == "I-ORG");
  for (size_t i : {0, 1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16}) CHECK(org[i] == "O");
  auto amp = t.tag_tokens({"the", "maker", "of", "soap", ",", "Procter", "&", "Gamble", ",",
                           "said", "profits", "rose", "."});
  CHECK(amp[5] == "B-ORG");
  CHECK(amp[6] == "I-ORG");
  CHECK(amp[7] == "I-ORG");
  CHECK(t.tag_tokens({"prices", "rose", "again", "."}) ==
        std::vector<std::string>{"O", "O", "O", "O"});
}

TEST_CASE("document tagging equals two passes of sentence tagging with the public memory") {
  if (!std::filesystem::exists(kData / "ner" / "model.bin")) return;
  const auto m = eg::NerModel::load(kData / "ner" / "model.bin");
  const auto clusters = eg::load_word_clusters(kData / "ner" / "clusters.tsv");
  std::vector<std::vector<std::string_view>> words{
      {"Talvik", "Ostrander", "met", "officials", "of", "Norvane", "Shipping", "in", "Oslo", "."},
      {"Ostrander", "said", "the", "talks", "with", "Norvane", "went", "well", "."},
      {"NORVANE", "SHIPPING", "RESULTS"},
      {"the", "", "company", "said", "ostrander", "would", "return", "in", "2027", "."}};
  std::vector<eg::NerSentence> sents;
  for (const auto& w : words) sents.push_back({w, {}, {}});
  eg::NerScratch sc;
  const auto doc = m.predict_document(sents, clusters, sc);
  std::vector<std::vector<uint8_t>> memo, labels(sents.size());
  eg::ner_document_memo(sents, nullptr, memo);
  for (size_t s = 0; s < sents.size(); ++s)
    labels[s] = m.predict({sents[s].words, {}, memo[s]}, clusters, sc);
  eg::ner_document_memo(sents, &labels, memo);
  for (size_t s = 0; s < sents.size(); ++s)
    labels[s] = m.predict({sents[s].words, {}, memo[s]}, clusters, sc);
  CHECK(doc == labels);
  // The scratch is reused: a second run gives the same labels.
  CHECK(m.predict_document(sents, clusters, sc) == doc);
}
