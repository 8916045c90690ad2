#include "core/ner_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/resources.hpp"

namespace eg {
namespace {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t fnv(std::string_view s, uint64_t h = kFnvOffset) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t mix(uint64_t a, uint64_t b) { return splitmix(a * 0x9E3779B97F4A7C15ULL ^ b); }

// Feature template ids (part of the model: changing them invalidates trained weights).
enum Tpl : uint64_t {
  kBias = 1, kLower, kForm, kLowerM1, kLowerP1, kLowerM2, kLowerP2, kBigramL, kBigramR, kShape,
  kShapeM1, kShapeP1, kShapeLM, kShapeMR, kShapeTri, kPrefix, kSuffix = kPrefix + 8,
  kFirstShape = kSuffix + 8, kCapsLower, kGaz, kGazM1, kGazP1, kGazShape, kClus, kClusM1,
  kClusP1, kClusBi, kHyphFirst, kHyphLast, kLowerShapeM1, kLen, kGazM2, kGazP2, kClusLower, kClusCoarse, kClusCoarseM1, kClusCoarseP1, kMemo, kMemoShape, kMemoM1, kMemoP1, kMemoLower, kFormM1, kFormP1, kMemoPrev, kMemoLowerX, kClusM2, kClusP2, kLowerShapeP1, kFirstLower, kSufM1, kSufP1, kDigitsShape, kDigitsLower,
  kPrev1 = 60, kPrev2, kPrev1Lower, kPrev1Shape, kCapsOffset = 1000
};

// Boundary pseudo-token hashes.
constexpr uint64_t kBosHash = 0x42e5a1c3ULL;
constexpr uint64_t kEosHash = 0x9d1e77f1ULL;

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

char lower_ascii(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// Compressed shape: X upper, x lower, d digit, u other non-ASCII, punctuation as itself; runs of
// the same class collapse to one character ("Xx", "X.X.", "d-d-d").
void append_shape(std::string_view w, std::string& out) {
  char last = 0;
  for (char c : w) {
    char k;
    if (is_upper(c)) k = 'X';
    else if (is_lower(c)) k = 'x';
    else if (c >= '0' && c <= '9') k = 'd';
    else if (static_cast<unsigned char>(c) >= 0x80) k = 'u';
    else k = c;
    if (k != last) out.push_back(k);
    last = k;
  }
}

bool has_lower_letter(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return is_lower(c); });
}

// Label constraint: I-X may only follow B-X or I-X.
bool allowed(uint8_t prev, uint8_t label) {
  if (label == 0 || (label % 2) == 1) return true;  // O or B-*
  return prev == label || prev == label - 1;
}

}  // namespace

uint64_t ner_word_hash(std::string_view w) {
  uint64_t h = kFnvOffset;
  for (char c : w) {
    h ^= static_cast<unsigned char>(lower_ascii(c));
    h *= kFnvPrime;
  }
  return h;
}

WordClusters load_word_clusters(const std::filesystem::path& file) {
  WordClusters wc;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return wc;
  std::string text = read_file(file);
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab != 16) throw InputError(fmt::format("{}:{}: expected <16 hex digits>\\t<cluster>",
                                                file.string(), line_no));
    uint64_t h = 0;
    for (size_t i = 0; i < 16; ++i) {
      char c = line[i];
      int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
      if (v < 0) throw InputError(fmt::format("{}:{}: bad hex digit", file.string(), line_no));
      h = (h << 4) | static_cast<uint64_t>(v);
    }
    unsigned id = 0;
    for (size_t i = tab + 1; i < line.size(); ++i) {
      char c = line[i];
      if (c == '\r') break;
      if (c < '0' || c > '9' || id > 60000)
        throw InputError(fmt::format("{}:{}: bad cluster id", file.string(), line_no));
      id = id * 10 + static_cast<unsigned>(c - '0');
    }
    wc.ids.emplace(h, static_cast<uint16_t>(id));
  }
  return wc;
}

NerModel::NerModel(uint32_t log2_buckets)
    : weights_((size_t{1} << log2_buckets) * kNerLabelCount, 0.0f),
      mask_((uint64_t{1} << log2_buckets) - 1) {}

void NerModel::extract_static(const NerSentence& s, const WordClusters& clusters,
                              NerScratch& sc, NerPrepared& prep) const {
  const size_t n = s.words.size();
  sc.lower.clear();
  sc.lower_off.clear();
  sc.shape.clear();
  sc.shape_off.clear();
  sc.cluster.clear();
  bool any_lower = false;
  for (size_t i = 0; i < n; ++i) {
    std::string_view w = s.words[i];
    sc.lower_off.push_back(static_cast<uint32_t>(sc.lower.size()));
    for (char c : w) sc.lower.push_back(lower_ascii(c));
    sc.shape_off.push_back(static_cast<uint32_t>(sc.shape.size()));
    append_shape(w, sc.shape);
    if (!any_lower && has_lower_letter(w)) any_lower = true;
  }
  sc.lower_off.push_back(static_cast<uint32_t>(sc.lower.size()));
  sc.shape_off.push_back(static_cast<uint32_t>(sc.shape.size()));
  // A line with no lowercase letter at all is a headline in capitals: shape and form carry no
  // information there, so those templates get separate weights.
  const bool caps = !any_lower && n > 1;
  const uint64_t cs = caps ? uint64_t{kCapsOffset} : uint64_t{0};
  size_t digits = 0;
  for (size_t i = 0; i < n; ++i)
    if (!s.words[i].empty() && s.words[i][0] >= '0' && s.words[i][0] <= '9') ++digits;
  const uint64_t numeric = digits >= 2 && digits * 4 >= n ? 1 : 0;

  auto lower = [&](size_t i) {
    return std::string_view(sc.lower).substr(sc.lower_off[i], sc.lower_off[i + 1] - sc.lower_off[i]);
  };
  auto shape = [&](size_t i) {
    return std::string_view(sc.shape).substr(sc.shape_off[i], sc.shape_off[i + 1] - sc.shape_off[i]);
  };
  // Hashes per token, with boundary values.
  auto hl = [&](ptrdiff_t i) -> uint64_t {
    if (i < 0) return kBosHash + static_cast<uint64_t>(-i);
    if (static_cast<size_t>(i) >= n) return kEosHash + static_cast<uint64_t>(i);
    return fnv(lower(static_cast<size_t>(i)));
  };
  auto hs = [&](ptrdiff_t i) -> uint64_t {
    if (i < 0) return kBosHash;
    if (static_cast<size_t>(i) >= n) return kEosHash;
    return fnv(shape(static_cast<size_t>(i)));
  };
  auto gz = [&](ptrdiff_t i) -> uint64_t {
    if (i < 0 || static_cast<size_t>(i) >= n || s.gaz.empty()) return 0;
    return s.gaz[static_cast<size_t>(i)];
  };
  for (size_t i = 0; i < n; ++i) sc.cluster.push_back(clusters.find(fnv(lower(i))));
  auto cl = [&](ptrdiff_t i) -> uint64_t {
    if (i < 0) return 0xFFFE;
    if (static_cast<size_t>(i) >= n) return 0xFFFD;
    return sc.cluster[static_cast<size_t>(i)];
  };

  sc.feats.clear();
  sc.feat_off.clear();
  prep.caps = cs;
  prep.lhash.resize(n);
  prep.shash.resize(n);
  for (size_t ui = 0; ui < n; ++ui) {
    const auto i = static_cast<ptrdiff_t>(ui);
    sc.feat_off.push_back(static_cast<uint32_t>(sc.feats.size()));
    auto add = [&](uint64_t tpl, uint64_t v) { sc.feats.push_back(mix(tpl, v)); };
    const uint64_t l0 = hl(i), lm1 = hl(i - 1), lp1 = hl(i + 1);
    const uint64_t s0 = hs(i), sm1 = hs(i - 1), sp1 = hs(i + 1);
    std::string_view lw = lower(ui);
    std::string_view w = s.words[ui];
    prep.lhash[ui] = l0;
    prep.shash[ui] = s0;
    add(kBias, 0);
    add(kLower, l0);
    if (!caps) {
      add(kForm, fnv(w));
      if (ui > 0) add(kFormM1, fnv(s.words[ui - 1]));
      if (ui + 1 < n) add(kFormP1, fnv(s.words[ui + 1]));
    }
    // Tables of results (sports, markets) name teams and companies: a sentence with many
    // numbers changes what a capitalised word is.
    add(kDigitsShape + cs, mix(numeric, s0));
    add(kDigitsLower, mix(numeric, l0));
    add(kLowerM1, lm1);
    add(kLowerP1, lp1);
    add(kLowerM2, hl(i - 2));
    add(kLowerP2, hl(i + 2));
    add(kBigramL, mix(lm1, l0));
    add(kBigramR, mix(l0, lp1));
    add(kShape + cs, s0);
    add(kShapeM1 + cs, sm1);
    add(kShapeP1 + cs, sp1);
    add(kShapeLM + cs, mix(sm1, s0));
    add(kShapeMR + cs, mix(s0, sp1));
    add(kShapeTri + cs, mix(mix(sm1, s0), sp1));
    add(kLowerShapeM1 + cs, mix(lm1, s0));
    for (size_t k = 1; k <= 4 && k <= lw.size(); ++k) {
      add(kPrefix + k, fnv(lw.substr(0, k)));
      add(kSuffix + k, fnv(lw.substr(lw.size() - k)));
    }
    if (ui == 0) add(kFirstShape + cs, s0);
    if (caps) add(kCapsLower, l0);
    add(kLen, std::min<size_t>(w.size(), 12));
    const uint64_t g0 = gz(i);
    add(kGaz, g0);
    add(kGazM1, gz(i - 1));
    add(kGazP1, gz(i + 1));
    add(kGazM2, gz(i - 2));
    add(kGazP2, gz(i + 2));
    add(kGazShape + cs, mix(g0, s0));
    // Cluster ids are coarse * 1024 + fine.
    const uint64_t c0 = cl(i), cm1 = cl(i - 1), cp1 = cl(i + 1);
    add(kClus, c0 & 1023);
    add(kClusM1, cm1 & 1023);
    add(kClusP1, cp1 & 1023);
    add(kClusCoarse, c0 >> 10);
    add(kClusCoarseM1, cm1 >> 10);
    add(kClusCoarseP1, cp1 >> 10);
    add(kClusBi, mix(c0 >> 10, cp1 >> 10));
    add(kClusM2, cl(i - 2) & 1023);
    add(kClusP2, cl(i + 2) & 1023);
    add(kLowerShapeP1 + cs, mix(l0, sp1));
    if (ui == 0) add(kFirstLower, l0);
    if (ui > 0) {
      std::string_view pw = lower(ui - 1);
      add(kSufM1, fnv(pw.substr(pw.size() - std::min<size_t>(3, pw.size()))));
    }
    if (ui + 1 < n) {
      std::string_view nw = lower(ui + 1);
      add(kSufP1, fnv(nw.substr(nw.size() - std::min<size_t>(3, nw.size()))));
    }
    add(kClusLower, mix(cm1 >> 10, c0 >> 10));
    if (size_t h = lw.find('-'); h != std::string_view::npos && h > 0 && h + 1 < lw.size()) {
      add(kHyphFirst, fnv(lw.substr(0, h)));
      add(kHyphLast, fnv(lw.substr(lw.rfind('-') + 1)));
    }
  }
  sc.feat_off.push_back(static_cast<uint32_t>(sc.feats.size()));
}

void NerModel::base_scores(const NerScratch& sc, NerPrepared& prep) const {
  const size_t n = sc.feat_off.empty() ? 0 : sc.feat_off.size() - 1;
  prep.base.assign(n * kNerLabelCount, 0.0f);
  // The table is far bigger than the caches: compute all row addresses first and prefetch a
  // few rows ahead of the one being added.
  thread_local std::vector<const float*> rows;
  rows.resize(sc.feats.size());
  for (size_t k = 0; k < sc.feats.size(); ++k)
    rows[k] = weights_.data() + (splitmix(sc.feats[k]) & mask_) * kNerLabelCount;
  constexpr size_t kAhead = 12;
  for (size_t k = 0; k < rows.size() && k < kAhead; ++k) __builtin_prefetch(rows[k]);
  for (size_t i = 0; i < n; ++i) {
    float* out = prep.base.data() + i * kNerLabelCount;
    for (uint32_t k = sc.feat_off[i]; k < sc.feat_off[i + 1]; ++k) {
      if (k + kAhead < rows.size()) {
        __builtin_prefetch(rows[k + kAhead]);
        __builtin_prefetch(rows[k + kAhead] + kNerLabelCount - 1);
      }
      const float* w = rows[k];
      for (int l = 0; l < kNerLabelCount; ++l) out[l] += w[l];
    }
  }
}

size_t NerModel::dynamic_features(const NerPrepared& prep, size_t i,
                                  std::span<const uint8_t> prev, std::span<const uint8_t> memo,
                                  std::array<uint64_t, 10>& dyn) const {
  const uint64_t p1 = i >= 1 ? prev[i - 1] : 99;
  const uint64_t p2 = i >= 2 ? prev[i - 2] : 99;
  dyn[0] = mix(kPrev1, p1);
  dyn[1] = mix(kPrev2, mix(p2, p1));
  dyn[2] = mix(kPrev1Lower, mix(p1, prep.lhash[i]));
  dyn[3] = mix(kPrev1Shape, mix(p1, prep.shash[i]));
  if (memo.empty()) return 4;
  const size_t n = prep.lhash.size();
  const uint64_t m0 = memo[i];
  dyn[4] = mix(kMemo, m0);
  dyn[5] = mix(kMemoShape + prep.caps, mix(m0, prep.shash[i]));
  dyn[6] = mix(kMemoM1, i > 0 ? memo[i - 1] : 99);
  dyn[7] = mix(kMemoP1, i + 1 < n ? memo[i + 1] : 99);
  dyn[8] = mix(kMemoPrev, mix(p1, m0));
  dyn[9] = mix(kMemoLowerX, mix(m0, prep.lhash[i]));
  return 10;
}

void NerModel::score_token(const NerPrepared& prep, size_t i, std::span<const uint64_t> dyn,
                           std::array<float, kNerLabelCount>& out) const {
  std::copy_n(prep.base.data() + i * kNerLabelCount, kNerLabelCount, out.begin());
  for (uint64_t f : dyn) {
    const float* w = weights_.data() + (splitmix(f) & mask_) * kNerLabelCount;
    for (int l = 0; l < kNerLabelCount; ++l) out[static_cast<size_t>(l)] += w[l];
  }
}

std::vector<uint8_t> NerModel::greedy(const NerPrepared& prep,
                                      std::span<const uint8_t> memo) const {
  const size_t n = prep.lhash.size();
  std::vector<uint8_t> out(n, 0);
  std::array<float, kNerLabelCount> score{};
  std::array<uint64_t, 10> dyn{};
  for (size_t i = 0; i < n; ++i) {
    const size_t nd = dynamic_features(prep, i, out, memo, dyn);
    score_token(prep, i, {dyn.data(), nd}, score);
    const uint8_t prev = i ? out[i - 1] : 0;
    uint8_t best = 0;
    float best_score = -1e30f;
    for (uint8_t l = 0; l < kNerLabelCount; ++l) {
      if (!allowed(prev, l)) continue;
      if (score[l] > best_score) {
        best_score = score[l];
        best = l;
      }
    }
    out[i] = best;
  }
  return out;
}

std::vector<uint8_t> NerModel::predict(const NerSentence& s, const WordClusters& clusters,
                                       NerScratch& sc) const {
  if (s.words.empty() || weights_.empty()) return std::vector<uint8_t>(s.words.size(), 0);
  extract_static(s, clusters, sc, sc.prep);
  base_scores(sc, sc.prep);
  return greedy(sc.prep, s.memo);
}

void ner_document_memo(std::span<const NerSentence> sents,
                       const std::vector<std::vector<uint8_t>>* labels,
                       std::vector<std::vector<uint8_t>>& out) {
  struct Info {
    uint8_t casing = 0;
    std::array<uint16_t, 5> types{};  // O, PER, ORG, LOC, MISC
  };
  std::unordered_map<uint64_t, Info> info;
  auto type_of = [](uint8_t label) { return label == 0 ? 0 : (label + 1) / 2; };
  for (size_t s = 0; s < sents.size(); ++s) {
    const auto& words = sents[s].words;
    const bool caps = std::none_of(words.begin(), words.end(), has_lower_letter);
    for (size_t i = 0; i < words.size(); ++i) {
      std::string_view w = words[i];
      if (w.empty()) continue;
      Info& x = info[ner_word_hash(w)];
      if (!caps && i > 0 && is_upper(w[0])) x.casing |= 1;
      if (is_lower(w[0])) x.casing |= 2;
      if (labels) ++x.types[static_cast<size_t>(type_of((*labels)[s][i]))];
    }
  }
  out.resize(sents.size());
  for (size_t s = 0; s < sents.size(); ++s) {
    const auto& words = sents[s].words;
    out[s].assign(words.size(), 0);
    for (size_t i = 0; i < words.size(); ++i) {
      if (words[i].empty()) continue;
      const Info& x = info[ner_word_hash(words[i])];
      uint8_t type = 5;
      if (labels) {
        std::array<uint16_t, 5> t = x.types;
        --t[static_cast<size_t>(type_of((*labels)[s][i]))];  // other occurrences only
        type = 0;
        uint16_t best = 0;
        for (uint8_t k = 1; k < 5; ++k)
          if (t[k] > best) {
            best = t[k];
            type = k;
          }
      }
      out[s][i] = static_cast<uint8_t>(x.casing | (type << 2));
    }
  }
}

std::vector<std::vector<uint8_t>> NerModel::predict_document(std::span<const NerSentence> sents,
                                                             const WordClusters& clusters,
                                                             NerScratch& sc) const {
  std::vector<std::vector<uint8_t>> memo, labels(sents.size());
  if (weights_.empty()) {
    for (size_t s = 0; s < sents.size(); ++s) labels[s].assign(sents[s].words.size(), 0);
    return labels;
  }
  // Label-independent scores are computed once and reused by both passes.
  std::vector<NerPrepared> prep(sents.size());
  for (size_t s = 0; s < sents.size(); ++s) {
    extract_static(sents[s], clusters, sc, prep[s]);
    base_scores(sc, prep[s]);
  }
  ner_document_memo(sents, nullptr, memo);
  for (size_t s = 0; s < sents.size(); ++s) labels[s] = greedy(prep[s], memo[s]);
  ner_document_memo(sents, &labels, memo);
  for (size_t s = 0; s < sents.size(); ++s) labels[s] = greedy(prep[s], memo[s]);
  return labels;
}

int NerModel::train_step(const NerSentence& s, std::span<const uint8_t> gold,
                         const WordClusters& clusters, NerScratch& sc, std::vector<float>& totals,
                         uint64_t& clock) {
  const size_t n = s.words.size();
  if (n == 0) return 0;
  NerPrepared& prep = sc.prep;
  extract_static(s, clusters, sc, prep);
  base_scores(sc, prep);
  std::vector<uint8_t> pred(n, 0);
  std::array<float, kNerLabelCount> score{};
  std::array<uint64_t, 10> dyn{};
  int errors = 0;
  const auto c = static_cast<float>(clock);
  for (size_t i = 0; i < n; ++i) {
    const size_t nd = dynamic_features(prep, i, pred, s.memo, dyn);
    score_token(prep, i, {dyn.data(), nd}, score);
    const uint8_t prev = i ? pred[i - 1] : 0;
    uint8_t best = 0;
    float best_score = -1e30f;
    for (uint8_t l = 0; l < kNerLabelCount; ++l) {
      if (!allowed(prev, l)) continue;
      if (score[l] > best_score) {
        best_score = score[l];
        best = l;
      }
    }
    const uint8_t g = gold[i];
    if (best != g) {
      ++errors;
      auto upd = [&](uint64_t f) {
        const size_t b = (splitmix(f) & mask_) * kNerLabelCount;
        weights_[b + g] += 1.0f;
        totals[b + g] += c;
        weights_[b + best] -= 1.0f;
        totals[b + best] -= c;
      };
      for (uint32_t k = sc.feat_off[i]; k < sc.feat_off[i + 1]; ++k) upd(sc.feats[k]);
      for (size_t k = 0; k < nd; ++k) upd(dyn[k]);
      // Later tokens of this sentence are scored with the updated weights' static part
      // unchanged (computed once per sentence): a standard approximation.
    }
    pred[i] = best;
    ++clock;
  }
  return errors;
}

void NerModel::average(const std::vector<float>& totals, uint64_t clock) {
  const double c = clock ? static_cast<double>(clock) : 1.0;
  for (size_t i = 0; i < weights_.size(); ++i)
    weights_[i] = static_cast<float>(static_cast<double>(weights_[i]) -
                                     static_cast<double>(totals[i]) / c);
}

// File layout (little endian): uint32 magic "EGN1", uint32 label count (9), uint32 log2 of
// the bucket count, float scale; then buckets * labels int16 weights (real weight = q / scale).
void NerModel::save(const std::filesystem::path& file) const {
  float maxabs = 0.0f;
  for (float w : weights_) maxabs = std::max(maxabs, std::fabs(w));
  const float scale = maxabs > 0.0f ? 32767.0f / maxabs : 1.0f;
  std::vector<int16_t> q(weights_.size());
  for (size_t i = 0; i < weights_.size(); ++i)
    q[i] = static_cast<int16_t>(std::lround(weights_[i] * scale));
  uint32_t log2 = 0;
  while ((uint64_t{1} << log2) < mask_ + 1) ++log2;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw EnvironmentError(fmt::format("cannot write NER model {}", file.string()));
  const uint32_t header[3] = {kMagic, kNerLabelCount, log2};
  out.write(reinterpret_cast<const char*>(header), sizeof header);
  out.write(reinterpret_cast<const char*>(&scale), sizeof scale);
  out.write(reinterpret_cast<const char*>(q.data()),
            static_cast<std::streamsize>(q.size() * sizeof(int16_t)));
  out.close();
  if (!out) throw EnvironmentError(fmt::format("cannot write NER model {}", file.string()));
}

NerModel NerModel::load(const std::filesystem::path& file) {
  std::string bytes = read_file(file);
  uint32_t header[3];
  float scale = 1.0f;
  if (bytes.size() < sizeof header + sizeof scale)
    throw InputError(fmt::format("{}: truncated NER model", file.string()));
  std::memcpy(header, bytes.data(), sizeof header);
  std::memcpy(&scale, bytes.data() + sizeof header, sizeof scale);
  if (header[0] != kMagic || header[1] != kNerLabelCount || header[2] < 8 || header[2] > 28)
    throw InputError(fmt::format("{}: not an eventgraph NER model", file.string()));
  NerModel m;
  const size_t count = (size_t{1} << header[2]) * kNerLabelCount;
  const size_t off = sizeof header + sizeof scale;
  if (bytes.size() != off + count * sizeof(int16_t))
    throw InputError(fmt::format("{}: NER model has wrong size", file.string()));
  m.mask_ = (uint64_t{1} << header[2]) - 1;
  m.weights_.resize(count);
  const float inv = 1.0f / scale;
  for (size_t i = 0; i < count; ++i) {
    int16_t q;
    std::memcpy(&q, bytes.data() + off + i * sizeof q, sizeof q);
    m.weights_[i] = static_cast<float>(q) * inv;
  }
  return m;
}

}  // namespace eg
