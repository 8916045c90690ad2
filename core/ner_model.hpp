#pragma once
// The statistical part of entity recognition: a greedy left-to-right averaged-perceptron tagger
// over IOB2 labels (PER, ORG, LOC, MISC) with hashed features (words in a +-2 window, shapes,
// affixes, headline casing, gazetteer classes, distributional word clusters, previous tags).
// Weights live in a fixed-size bucket table; the file format is described in docs/formats.md
// ("NER model") and in NerModel::save.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
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
/// (ner_word_hash). Loaded from <data>/ner/clusters.tsv. An open-addressing table (one probe
/// for most look-ups; the tagger asks once per scored word).
struct WordClusters {
  std::vector<uint64_t> keys;   // power-of-two slots; 0 = empty (a key 0 is stored as 1)
  std::vector<uint16_t> vals;
  size_t count = 0;
  /// Adds or replaces the cluster of `lower_hash`.
  void insert(uint64_t lower_hash, uint16_t id);
  /// Sizes the table for `n` words (no rehashing while they are inserted).
  void reserve(size_t n);
  /// Cluster of `lower_hash`, or 0xFFFF when unknown.
  [[nodiscard]] uint16_t find(uint64_t lower_hash) const {
    if (keys.empty()) return 0xFFFF;
    const uint64_t k = lower_hash ? lower_hash : 1;
    const size_t m = keys.size() - 1;
    for (size_t p = static_cast<size_t>(k ^ (k >> 29)) & m;; p = (p + 1) & m) {
      if (keys[p] == k) return vals[p];
      if (keys[p] == 0) return 0xFFFF;
    }
  }
  /// Number of words with a cluster.
  [[nodiscard]] size_t size() const { return count; }
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
  std::vector<uint64_t> lhash;  // lowercased word (ner_word_hash), every token
  std::vector<uint64_t> shash;  // shape (scored tokens and their neighbours only)
  std::vector<int32_t> base;    // n * kNerLabelCount, in units of the model's quantisation
  uint64_t caps = 0;            // template offset of headline sentences
  // Tokens the tagger scores when pruning (1) — empty means all. Lowercase words far from any
  // capitalised word are labelled O without scoring (see extract_static).
  std::vector<uint8_t> need;
};

/// Reusable scratch memory so tagging does not allocate per token.
struct NerScratch {
  std::vector<uint8_t> flags;        // per token: character classes (see extract_static)
  std::vector<uint64_t> feats;       // static feature buckets (row indices); feat_off.back() used
  std::vector<uint64_t> fh, suf3;    // per-token hashes: form, 3-letter suffix
  std::vector<uint32_t> feat_off;    // per-token offsets into feats (n + 1)
  std::vector<uint16_t> cluster;
  std::vector<uint8_t> near;         // token within two of a scored one (pruned tagging)
  NerPrepared prep;
  // Document tagging: per-sentence preparations and the document memory, reused.
  std::vector<NerPrepared> doc;
  std::vector<uint32_t> slot;        // per token of the document: memory table slot
  std::vector<uint8_t> memo;         // per token of the document: memory class
};

/// Allocator whose resize() leaves new elements uninitialised (the NER weight table is read
/// straight from the file, without zero-filling it first).
template <class T>
struct UninitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <class U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}  // rebinding copy
  /// Default-initialises (for int16_t: leaves the value as it is) or constructs from args.
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0) ::new (static_cast<void*>(p)) U;
    else ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

class NerModel {
 public:
  static constexpr uint32_t kMagic = 0x324E4745;  // "EGN2" little endian

  NerModel() = default;
  /// Creates an all-zero model with 2^log2_buckets feature buckets (for training).
  explicit NerModel(uint32_t log2_buckets);

  /// Loads weights written by save(); throws EnvironmentError if unreadable, InputError if
  /// malformed.
  [[nodiscard]] static NerModel load(const std::filesystem::path& file);
  /// Writes the model (int16 weights; a model still in training is quantised first). Throws
  /// EnvironmentError on I/O failure.
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

  /// Replaces the training weights by their average (w - totals / clock), quantised to int16 as
  /// save() writes them: the model then tags exactly like the saved file loaded back.
  void average(const std::vector<float>& totals, uint64_t clock);

  [[nodiscard]] bool empty() const { return weights_.empty() && qweights_.empty(); }
  [[nodiscard]] size_t bucket_count() const { return mask_ + 1; }

 private:
  // Label-dependent features per token: at most this many weight rows.
  static constexpr size_t kDynamic = 6;
  void extract_static(const NerSentence& s, const WordClusters& clusters, NerScratch& sc,
                      NerPrepared& prep, bool prune = false) const;
  void base_scores(const NerScratch& sc, NerPrepared& prep) const;
  // Features that depend on earlier labels or on the document memory, as weight rows; returns
  // their count.
  size_t dynamic_features(const NerPrepared& prep, size_t i, std::span<const uint8_t> prev,
                          std::span<const uint8_t> memo,
                          std::array<uint64_t, kDynamic>& dyn) const;
  void score_token(const NerPrepared& prep, size_t i, std::span<const uint64_t> dyn,
                   std::array<int32_t, kNerLabelCount>& out) const;
  // Labels the sentence left to right into `out` (resized to the sentence).
  void greedy(const NerPrepared& prep, std::span<const uint8_t> memo,
              std::vector<uint8_t>& out) const;

  // Training weights, bucket-major: weights_[bucket * kNerLabelCount + label]. Training keeps
  // them in integer units (each perceptron update is +-1), so scores are exact sums.
  std::vector<int32_t> weights_;
  // A loaded model keeps the file's int16 weights; scores are then exact integer sums (in
  // units of 1/scale_) and weights_ stays empty.
  std::vector<int16_t, UninitAllocator<int16_t>> qweights_;
  float scale_ = 1.0f;
  uint64_t mask_ = 0;
  // Parts of the dynamic features computed once per model: the hashed previous label (0-8, or
  // index 9 at the sentence start) and memory class (0-23) as mix() halves, and the rows of the
  // features whose values come from small sets (memory class of the next token, 24 = none;
  // previous label x memory class).
  void init_dynamic_rows();
  std::array<uint64_t, 10> prev_mix_{};
  std::array<uint64_t, 24> memo_mix_{};
  std::array<uint64_t, 25> memo_p1_rows_{};
  std::array<uint64_t, 240> memo_prev_rows_{};
};

}  // namespace eg
