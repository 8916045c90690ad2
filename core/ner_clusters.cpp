#include "core/ner_clusters.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/ner_model.hpp"
#include "core/segmenter.hpp"

namespace eg {
namespace {

struct SparseRow {
  std::vector<uint32_t> dim;
  std::vector<float> val;
};

// Spherical k-means over unit rows; returns the cluster of every row. Initial centres are rows
// spread evenly over the frequency ranking (deterministic).
std::vector<uint16_t> kmeans(const std::vector<SparseRow>& rows, size_t dims, int k, int iters) {
  const size_t n = rows.size();
  const auto K = static_cast<size_t>(k);
  std::vector<float> cent(K * dims, 0.0f);
  for (size_t c = 0; c < K; ++c) {
    const SparseRow& r = rows[(c * n) / K + (n / K) / 2];
    for (size_t j = 0; j < r.dim.size(); ++j) cent[c * dims + r.dim[j]] = r.val[j];
  }
  std::vector<uint16_t> assign(n, 0);
  for (int it = 0; it < iters; ++it) {
    for (size_t i = 0; i < n; ++i) {
      const SparseRow& r = rows[i];
      float best = -1e30f;
      size_t bc = 0;
      for (size_t c = 0; c < K; ++c) {
        const float* cc = cent.data() + c * dims;
        float dot = 0.0f;
        for (size_t j = 0; j < r.dim.size(); ++j) dot += cc[r.dim[j]] * r.val[j];
        if (dot > best) {
          best = dot;
          bc = c;
        }
      }
      assign[i] = static_cast<uint16_t>(bc);
    }
    std::fill(cent.begin(), cent.end(), 0.0f);
    for (size_t i = 0; i < n; ++i) {
      const SparseRow& r = rows[i];
      float* cc = cent.data() + size_t{assign[i]} * dims;
      for (size_t j = 0; j < r.dim.size(); ++j) cc[r.dim[j]] += r.val[j];
    }
    for (size_t c = 0; c < K; ++c) {
      float* cc = cent.data() + c * dims;
      double norm = 0.0;
      for (size_t d = 0; d < dims; ++d) norm += double{cc[d]} * double{cc[d]};
      if (norm <= 0.0) {  // empty cluster: re-seed with a row
        const SparseRow& r = rows[(c * 7919 + static_cast<size_t>(it)) % n];
        for (size_t j = 0; j < r.dim.size(); ++j) cc[r.dim[j]] = r.val[j];
        continue;
      }
      const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
      for (size_t d = 0; d < dims; ++d) cc[d] *= inv;
    }
  }
  return assign;
}

}  // namespace

std::vector<WordClusterId> compute_word_clusters(std::string_view text, const ClusterParams& p) {
  const std::vector<Token> toks = tokenize(text);
  std::unordered_map<std::string, uint32_t> index;
  std::vector<uint32_t> seq;
  std::vector<size_t> freq;
  seq.reserve(toks.size());
  std::string w;
  for (const Token& t : toks) {
    w = fold_key(t.span.of(text));
    auto [it, fresh] = index.emplace(w, static_cast<uint32_t>(freq.size()));
    if (fresh) freq.push_back(0);
    ++freq[it->second];
    seq.push_back(it->second);
  }
  std::vector<std::pair<std::string_view, uint32_t>> words;
  for (const auto& [s, id] : index) words.emplace_back(s, id);
  std::sort(words.begin(), words.end(), [&](const auto& a, const auto& b) {
    return freq[a.second] != freq[b.second] ? freq[a.second] > freq[b.second] : a.first < b.first;
  });
  const uint32_t none = 0xFFFFFFFF;
  std::vector<uint32_t> rank(freq.size(), none);
  size_t vocab = 0;
  for (size_t r = 0; r < words.size() && r < p.vocab; ++r) {
    if (freq[words[r].second] < p.min_count) break;
    rank[words[r].second] = static_cast<uint32_t>(r);
    vocab = r + 1;
  }
  const size_t C = p.contexts;
  const size_t dims = 4 * C;
  std::vector<std::unordered_map<uint32_t, float>> counts(vocab);
  for (size_t i = 0; i < seq.size(); ++i) {
    const uint32_t r = rank[seq[i]];
    if (r == none) continue;
    const std::array<ptrdiff_t, 4> offs{-2, -1, 1, 2};
    for (size_t o = 0; o < offs.size(); ++o) {
      const ptrdiff_t j = static_cast<ptrdiff_t>(i) + offs[o];
      if (j < 0 || static_cast<size_t>(j) >= seq.size()) continue;
      const uint32_t cr = rank[seq[static_cast<size_t>(j)]];
      if (cr == none || cr >= C) continue;
      counts[r][static_cast<uint32_t>(o * C + cr)] += 1.0f;
    }
  }
  // Positive PMI, rows normalised.
  std::vector<double> col(dims, 0.0), row(vocab, 0.0);
  double total = 0.0;
  for (size_t r = 0; r < vocab; ++r)
    for (const auto& [d, v] : counts[r]) {
      col[d] += v;
      row[r] += v;
      total += v;
    }
  std::vector<SparseRow> rows(vocab);
  for (size_t r = 0; r < vocab; ++r) {
    std::vector<std::pair<uint32_t, float>> cells(counts[r].begin(), counts[r].end());
    std::sort(cells.begin(), cells.end());
    double norm = 0.0;
    for (const auto& [d, v] : cells) {
      const double pmi = std::log(double{v} * total / (row[r] * col[d]));
      if (pmi <= 0.0) continue;
      rows[r].dim.push_back(d);
      rows[r].val.push_back(static_cast<float>(pmi));
      norm += pmi * pmi;
    }
    if (norm > 0.0)
      for (float& v : rows[r].val) v = static_cast<float>(v / std::sqrt(norm));
  }
  const std::vector<uint16_t> fine = kmeans(rows, dims, p.fine, p.iterations);
  const std::vector<uint16_t> coarse = kmeans(rows, dims, p.coarse, p.iterations);
  std::vector<WordClusterId> out;
  for (size_t r = 0; r < vocab; ++r) {
    if (rows[r].dim.empty()) continue;
    out.push_back({ner_word_hash(words[r].first),
                   static_cast<uint16_t>(coarse[r] * 1024 + fine[r])});
  }
  std::sort(out.begin(), out.end(),
            [](const WordClusterId& a, const WordClusterId& b) { return a.hash < b.hash; });
  return out;
}

void write_word_clusters(const std::filesystem::path& file, const std::vector<WordClusterId>& c) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw EnvironmentError(fmt::format("cannot write {}", file.string()));
  out << "# eventgraph NER word clusters (format: docs/formats.md, section \"NER model\").\n"
         "# <FNV-1a 64 hash of the ASCII-lowercased word, 16 hex digits>\\t<coarse*1024+fine>\n";
  for (const auto& x : c) out << fmt::format("{:016x}\t{}\n", x.hash, x.id);
  out.close();
  if (!out) throw EnvironmentError(fmt::format("cannot write {}", file.string()));
}

}  // namespace eg
