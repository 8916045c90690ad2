#pragma once
// The statistical part of entity recognition: a greedy left-to-right averaged-perceptron tagger
// over IOB2 labels (PER, ORG, LOC, MISC) with hashed features (words in a +-2 window, shapes,
// affixes, headline casing, gazetteer classes, distributional word clusters, previous tags).
// Weights live in a fixed-size bucket table; the file format is described in docs/formats.md
// ("NER model") and in NerModel::save.

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace eg {

/// The tagger's label set, in weight-column order.
inline constexpr std::array<std::string_view, 9> kNerLabels{
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"};
inline constexpr int kNerLabelCount = 9;

/// Gazetteer class of a token, as a feature: 0 = none, else (category * 2 + 1) for the first
/// token of a match and (category * 2 + 2) for the others. Categories: 0 PER, 1 ORG, 2 LOC,
/// 3 MISC (demonyms and other), 4 first names.
inline constexpr int kGazCategories = 5;

/// Word -> distributional cluster id, keyed by the 64-bit hash of the lowercased word
/// (ner_word_hash). Loaded from <data>/ner/clusters.tsv.
struct WordClusters {
  std::unordered_map<uint64_t, uint16_t> ids;
  /// Cluster of `lower_hash`, or 0xFFFF when unknown.
  [[nodiscard]] uint16_t find(uint64_t lower_hash) const {
    auto it = ids.find(lower_hash);
    return it == ids.end() ? uint16_t{0xFFFF} : it->second;
  }
};

/// Reads a clusters file ("<16 hex digits>\t<id>" lines, '#' comments); an absent file gives
/// an empty table. Throws InputError on a malformed line.
[[nodiscard]] WordClusters load_word_clusters(const std::filesystem::path& file);

/// 64-bit FNV-1a hash of the ASCII-lowercased bytes of `w` (the cluster key).
[[nodiscard]] uint64_t ner_word_hash(std::string_view w);

/// Per-sentence inputs of the tagger. `gaz` holds one gazetteer class per token (see above), or
/// is empty; `memo` one document-memory class per token (ner_document_memo), or is empty.
struct NerSentence {
  std::span<const std::string_view> words;
  std::span<const uint8_t> gaz;
  std::span<const uint8_t> memo;
};

/// Document memory classes, per token of every sentence: bits 0-1 say whether the word occurs
/// elsewhere in the document capitalised inside a mixed-case sentence (1) and/or in lowercase
/// (2); bits 2-4 give the entity type most often predicted for the word's other occurrences
/// (0 none, 1 PER, 2 ORG, 3 LOC, 4 MISC) or 5 when `labels` is null (first pass).
void ner_document_memo(std::span<const NerSentence> sentences,
                       const std::vector<std::vector<uint8_t>>* labels,
                       std::vector<std::vector<uint8_t>>& out);

/// A sentence after feature extraction: per-token hashes used by the label-dependent features
/// and the summed scores of all label-independent features.
struct NerPrepared {
  std::vector<uint64_t> lhash;  // lowercased word
  std::vector<uint64_t> shash;  // shape
  std::vector<float> base;      // n * kNerLabelCount
  uint64_t caps = 0;            // template offset of headline sentences
  // Tokens the tagger scores when pruning (1) — empty means all. Lowercase words far from any
  // capitalised word are labelled O without scoring (see extract_static).
  std::vector<uint8_t> need;
};

/// Reusable scratch memory so tagging does not allocate per token.
struct NerScratch {
  std::string lower;                 // lowercased words, concatenated
  std::vector<uint32_t> lower_off;   // offsets into `lower` (n + 1)
  std::string shape;
  std::vector<uint32_t> shape_off;
  std::vector<uint64_t> feats;       // static feature buckets (row indices); feat_off.back() used
  std::vector<uint64_t> lh, sh, fh, suf3;  // per-token hashes: lowercase, shape, form, suffix
  std::vector<uint32_t> feat_off;    // per-token offsets into feats (n + 1)
  std::vector<uint16_t> cluster;
  std::vector<uint8_t> cued;         // token has a capital or a digit (pruned tagging)
  std::vector<uint8_t> near;         // token within two of a scored one (pruned tagging)
  NerPrepared prep;
};


class NerModel {
 public:
  static constexpr uint32_t kMagic = 0x314E4745;  // "EGN1" little endian

  NerModel() = default;
  /// Creates an all-zero model with 2^log2_buckets feature buckets (for training).
  explicit NerModel(uint32_t log2_buckets);

  /// Loads weights written by save(); throws EnvironmentError if unreadable, InputError if
  /// malformed.
  [[nodiscard]] static NerModel load(const std::filesystem::path& file);
  /// Writes the model (weights quantised to int16). Throws EnvironmentError on I/O failure.
  void save(const std::filesystem::path& file) const;

  /// Predicts one label index per word (indices into kNerLabels); IOB2-consistent output.
  [[nodiscard]] std::vector<uint8_t> predict(const NerSentence& s, const WordClusters& clusters,
                                             NerScratch& scratch) const;

  /// Tags a document in two passes (the second sees what the first predicted elsewhere in the
  /// document). `sentences[i].memo` is ignored.
  [[nodiscard]] std::vector<std::vector<uint8_t>> predict_document(
      std::span<const NerSentence> sentences, const WordClusters& clusters,
      NerScratch& scratch) const;

  /// One perceptron training step on a sentence with gold labels; returns the number of
  /// wrongly predicted tokens. `clock` counts updates for averaging.
  int train_step(const NerSentence& s, std::span<const uint8_t> gold, const WordClusters& clusters,
                 NerScratch& scratch, std::vector<float>& totals, uint64_t& clock);

  /// Replaces weights by their average (w - totals / clock) after training.
  void average(const std::vector<float>& totals, uint64_t clock);

  [[nodiscard]] bool empty() const { return weights_.empty() && qweights_.empty(); }
  [[nodiscard]] size_t bucket_count() const { return mask_ + 1; }

 private:
  void extract_static(const NerSentence& s, const WordClusters& clusters, NerScratch& sc,
                      NerPrepared& prep, bool prune = false) const;
  void base_scores(const NerScratch& sc, NerPrepared& prep) const;
  // Features that depend on earlier labels or on the document memory, as weight rows; returns
  // their count.
  size_t dynamic_features(const NerPrepared& prep, size_t i, std::span<const uint8_t> prev,
                          std::span<const uint8_t> memo, std::array<uint64_t, 10>& dyn) const;
  void score_token(const NerPrepared& prep, size_t i, std::span<const uint64_t> dyn,
                   std::array<float, kNerLabelCount>& out) const;
  [[nodiscard]] std::vector<uint8_t> greedy(const NerPrepared& prep,
                                            std::span<const uint8_t> memo) const;

  std::vector<float> weights_;  // bucket-major: weights_[bucket * kNerLabelCount + label]
  // A loaded model keeps the file's int16 weights (half the memory traffic of floats); scores
  // are then exact integer sums (in units of 1/scale_) and weights_ stays empty.
  std::vector<int16_t> qweights_;
  float scale_ = 1.0f;
  uint64_t mask_ = 0;
  // Weight rows of the dynamic features whose values come from small sets (previous labels,
  // 0-8 or 99 -> index 9; memory classes 0-23, 99 -> 24), computed once per model.
  void init_dynamic_rows();
  std::array<uint64_t, 10> prev1_rows_{};
  std::array<uint64_t, 100> prev2_rows_{};
  std::array<uint64_t, 24> memo_rows_{};
  std::array<uint64_t, 25> memo_m1_rows_{};
  std::array<uint64_t, 25> memo_p1_rows_{};
  std::array<uint64_t, 240> memo_prev_rows_{};
};

}  // namespace eg
