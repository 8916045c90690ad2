#include "core/ner_train.hpp"

#include <chrono>
#include <numeric>

#include <fmt/format.h>

#include "core/actor_gazetteer.hpp"
#include "core/error.hpp"
#include "core/ner_model.hpp"
#include "core/resources.hpp"

namespace eg {
namespace {

// 2^19 buckets x 9 labels: 9.4 MB as int16 on disk. With the current templates 2^20 and 2^21
// buckets scored the same on eng.testa (within 0.1 F1), 2^18 about 0.4 lower.
constexpr uint32_t kLog2Buckets = 19;
// Best on eng.testa among 8, 12 and 16.
constexpr int kDefaultEpochs = 12;

uint8_t label_index(std::string_view l) {
  for (size_t i = 0; i < kNerLabels.size(); ++i)
    if (kNerLabels[i] == l) return static_cast<uint8_t>(i);
  return 0;
}

// IOB1 -> IOB2: an I-X that does not continue an X entity starts one.
void to_iob2(std::vector<std::string>& labels) {
  std::string prev = "O";
  for (auto& l : labels) {
    if (l.size() > 2 && l[0] == 'I' && (prev.size() < 3 || prev.substr(2) != l.substr(2)))
      l[0] = 'B';
    prev = l;
  }
}

}  // namespace

std::vector<ConllSentence> read_conll_labelled(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  std::vector<ConllSentence> out;
  ConllSentence cur;
  size_t doc = 0;
  auto flush = [&] {
    if (!cur.words.empty()) {
      to_iob2(cur.labels);
      cur.document = doc;
      out.push_back(std::move(cur));
    }
    cur = {};
  };
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.starts_with("-DOCSTART-")) {
      flush();
      if (!line.empty() && !out.empty()) ++doc;
      continue;
    }
    const size_t sp = line.find(' ');
    const size_t last = line.rfind(' ');
    if (sp == std::string_view::npos)
      throw InputError(fmt::format("{}:{}: expected 'token ... label'", file.string(), line_no));
    std::string label(line.substr(last + 1));
    if (label != "O" && (label.size() < 3 || label[1] != '-' ||
                         (label[0] != 'B' && label[0] != 'I')))
      throw InputError(fmt::format("{}:{}: bad label '{}'", file.string(), line_no, label));
    cur.words.emplace_back(line.substr(0, sp));
    cur.labels.push_back(std::move(label));
  }
  flush();
  return out;
}

NerTrainStats train_ner(const std::filesystem::path& conll_train,
                        const std::filesystem::path& out_model, int epochs, std::ostream& log) {
  const auto t0 = std::chrono::steady_clock::now();
  if (epochs <= 0) epochs = kDefaultEpochs;
  const std::vector<ConllSentence> data = read_conll_labelled(conll_train);
  const std::filesystem::path dir = data_dir();
  ActorGazetteer gaz;
  gaz.load_dir(dir / "actors");
  gaz.load_first_names(dir / "ner" / "first_names.txt");
  const WordClusters clusters = load_word_clusters(dir / "ner" / "clusters.tsv");
  log << fmt::format("train ner: {} sentences, {} gazetteer entries, {} clustered words\n",
                     data.size(), gaz.size(), clusters.size());

  // Inputs prepared once.
  std::vector<std::vector<std::string_view>> words(data.size());
  std::vector<std::vector<uint8_t>> gold(data.size()), gclass(data.size());
  NerTrainStats st;
  for (size_t s = 0; s < data.size(); ++s) {
    for (const auto& w : data[s].words) words[s].push_back(w);
    for (const auto& l : data[s].labels) {
      const uint8_t li = label_index(l);
      if (li == 0 && l != "O")
        throw InputError(fmt::format("{}: unknown entity label '{}'", conll_train.string(), l));
      gold[s].push_back(li);
    }
    gaz.feature_classes(words[s], gclass[s]);
    st.tokens += words[s].size();
  }
  st.sentences = data.size();

  NerModel model(kLog2Buckets);
  std::vector<float> totals(model.bucket_count() * kNerLabelCount, 0.0f);
  uint64_t clock = 1;
  NerScratch sc;
  // Documents: [begin, end) sentence ranges.
  std::vector<std::pair<size_t, size_t>> docs;
  for (size_t s = 0; s < data.size(); ++s) {
    if (s == 0 || data[s].document != data[s - 1].document) docs.emplace_back(s, s);
    docs.back().second = s + 1;
  }
  std::vector<size_t> order(docs.size());
  std::iota(order.begin(), order.end(), size_t{0});
  uint64_t rng = 0x2545F4914F6CDD1DULL;
  std::vector<NerSentence> sents;
  std::vector<std::vector<uint8_t>> memo, labels;
  for (int e = 0; e < epochs; ++e) {
    // Deterministic Fisher-Yates shuffle of documents (xorshift).
    for (size_t i = order.size(); i > 1; --i) {
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      std::swap(order[i - 1], order[rng % i]);
    }
    size_t errors = 0;
    for (size_t d : order) {
      const auto [b, en] = docs[d];
      sents.clear();
      for (size_t s = b; s < en; ++s) sents.push_back({words[s], gclass[s], {}});
      // Pass 1 (no predictions known) is trained too, so its weights mean what they say.
      ner_document_memo(sents, nullptr, memo);
      labels.assign(sents.size(), {});
      for (size_t s = 0; s < sents.size(); ++s) {
        const NerSentence x{sents[s].words, sents[s].gaz, memo[s]};
        model.train_step(x, gold[b + s], clusters, sc, totals, clock);
        labels[s] = model.predict(x, clusters, sc);
      }
      ner_document_memo(sents, &labels, memo);
      for (size_t s = 0; s < sents.size(); ++s)
        errors += static_cast<size_t>(model.train_step({sents[s].words, sents[s].gaz, memo[s]},
                                                       gold[b + s], clusters, sc, totals, clock));
    }
    st.last_epoch_token_accuracy = 1.0 - static_cast<double>(errors) / static_cast<double>(st.tokens);
    log << fmt::format("epoch {}: token accuracy {:.4f}\n", e + 1, st.last_epoch_token_accuracy);
  }
  model.average(totals, clock);
  model.save(out_model);
  st.epochs = epochs;
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log << fmt::format("train ner: wrote {} in {:.1f}s\n", out_model.string(), st.seconds);
  return st;
}

}  // namespace eg
