#include "core/entities.hpp"

#include <fmt/format.h>

#include "core/actor_gazetteer.hpp"
#include "core/actor_resolver.hpp"
#include "core/error.hpp"
#include "core/ner_model.hpp"

namespace eg {

struct EntityTagger::Impl {
  NerModel model;
  WordClusters clusters;
  ActorGazetteer gaz;
};

EntityTagger::EntityTagger(const std::filesystem::path& data_dir,
                           const std::vector<std::string>& actor_files)
    : impl_(std::make_unique<Impl>()) {
  impl_->gaz.load_dir(data_dir / "actors");
  for (const auto& f : actor_files) impl_->gaz.load_file(f);
  impl_->gaz.load_first_names(data_dir / "ner" / "first_names.txt");
  impl_->clusters = load_word_clusters(data_dir / "ner" / "clusters.tsv");
  const std::filesystem::path model = data_dir / "ner" / "model.bin";
  std::error_code ec;
  if (!std::filesystem::exists(model, ec))
    throw EnvironmentError(fmt::format("NER model {} is missing (entity recognition needs it)",
                                       model.string()));
  impl_->model = NerModel::load(model);
}

EntityTagger::~EntityTagger() = default;

std::vector<std::string> EntityTagger::tag_tokens(const std::vector<std::string>& tokens) const {
  thread_local NerScratch sc;
  thread_local std::vector<std::string_view> words;
  thread_local std::vector<uint8_t> gclass;
  words.assign(tokens.begin(), tokens.end());
  impl_->gaz.feature_classes(words, gclass);
  std::vector<std::vector<uint8_t>> memo;
  const NerSentence one{words, gclass, {}};
  ner_document_memo({&one, 1}, nullptr, memo);
  const std::vector<uint8_t> labels =
      impl_->model.predict({words, gclass, memo[0]}, impl_->clusters, sc);
  std::vector<std::string> out;
  out.reserve(labels.size());
  for (uint8_t l : labels) out.emplace_back(kNerLabels[l]);
  return out;
}

std::vector<std::vector<std::string>> EntityTagger::tag_document(
    const std::vector<std::vector<std::string>>& sentences) const {
  thread_local NerScratch sc;
  std::vector<std::vector<std::string_view>> words(sentences.size());
  std::vector<std::vector<uint8_t>> gclass(sentences.size());
  std::vector<NerSentence> sents;
  sents.reserve(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) {
    words[s].assign(sentences[s].begin(), sentences[s].end());
    impl_->gaz.feature_classes(words[s], gclass[s]);
    sents.push_back({words[s], gclass[s], {}});
  }
  const auto labels = impl_->model.predict_document(sents, impl_->clusters, sc);
  std::vector<std::vector<std::string>> out(labels.size());
  for (size_t s = 0; s < labels.size(); ++s)
    for (uint8_t l : labels[s]) out[s].emplace_back(kNerLabels[l]);
  return out;
}

void EntityTagger::tag(std::string_view text, Annotations& ann) const {
  resolve_entities(text, ann, impl_->model, impl_->clusters, impl_->gaz);
}

}  // namespace eg
