#pragma once
// Entity recognition and actor resolution: a statistical NER tagger (averaged perceptron, weights
// in <data>/ner/) combined with gazetteers (<data>/actors/*.tsv plus user files), resolved to
// canonical actors within the document, with actor-actor relations.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace eg {

class EntityTagger {
 public:
  /// Loads the NER model and gazetteers from `data_dir` plus `actor_files`. Throws
  /// EnvironmentError naming the path when <data_dir>/ner/model.bin is missing.
  EntityTagger(const std::filesystem::path& data_dir, const std::vector<std::string>& actor_files);
  ~EntityTagger();
  EntityTagger(const EntityTagger&) = delete;
  EntityTagger& operator=(const EntityTagger&) = delete;

  /// Fills ann.entities, ann.actors and ann.relations (tokens and sentences must be filled).
  void tag(std::string_view text, Annotations& ann) const;

  /// Tags one pre-tokenised sentence (CoNLL input); returns one IOB2 label per token
  /// ("B-PER", "I-ORG", "O"; GPE/FAC map to LOC and NORP to MISC for CoNLL output).
  [[nodiscard]] std::vector<std::string> tag_tokens(const std::vector<std::string>& tokens) const;

  /// Like tag_tokens for all sentences of one document at once: a second pass uses what was
  /// found elsewhere in the document (more accurate than sentence by sentence).
  [[nodiscard]] std::vector<std::vector<std::string>> tag_document(
      const std::vector<std::vector<std::string>>& sentences) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eg
