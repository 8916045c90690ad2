#pragma once
// Unsupervised distributional word clusters for the NER tagger: each frequent word is described
// by positive-PMI weighted counts of its neighbours (+-1, +-2 among the most frequent words), and
// spherical k-means groups the vectors at two granularities. Only hashes of words and cluster
// ids are written (<data>/ner/clusters.tsv), never text.

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace eg {

struct ClusterParams {
  size_t vocab = 60000;     ///< most frequent words that get a cluster
  size_t min_count = 3;     ///< words seen fewer times get none
  size_t contexts = 1000;   ///< most frequent words used as context features
  int fine = 512;           ///< fine clusters (< 1024)
  int coarse = 48;          ///< coarse clusters (< 58)
  int iterations = 12;
};

/// One word: hash (ner_word_hash of the lowercased word) and id = coarse * 1024 + fine.
struct WordClusterId {
  uint64_t hash = 0;
  uint16_t id = 0;
};

/// Clusters the words of `text` (tokenized with the project tokenizer, lowercased).
/// Deterministic for the same input. Result sorted by hash.
[[nodiscard]] std::vector<WordClusterId> compute_word_clusters(std::string_view text,
                                                               const ClusterParams& p);

/// Writes the clusters file (commented header + "<16 hex>\t<id>" lines). Throws
/// EnvironmentError on I/O failure.
void write_word_clusters(const std::filesystem::path& file, const std::vector<WordClusterId>& c);

}  // namespace eg
