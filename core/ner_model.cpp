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

/// The highest-scoring label that may follow `prev` (first one on ties); greedy decoding and
/// training pick the same way.
uint8_t best_allowed(uint8_t prev, const std::array<float, kNerLabelCount>& score) {
  uint8_t best = 0;
  float best_score = -1e30f;
  for (uint8_t l = 0; l < kNerLabelCount; ++l) {
    if (!allowed(prev, l)) continue;
    if (score[l] > best_score) {
      best_score = score[l];
      best = l;
    }
  }
  return best;
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
      mask_((uint64_t{1} << log2_buckets) - 1) {
  init_dynamic_rows();
}

void NerModel::extract_static(const NerSentence& s, const WordClusters& clusters,
                              NerScratch& sc, NerPrepared& prep, bool prune) const {
  const size_t n = s.words.size();
  sc.lower.clear();
  sc.lower_off.clear();
  sc.shape.clear();
  sc.shape_off.clear();
  sc.cluster.clear();
  // Pruning (tagging only, never training): an English name has a capital or a digit in it
  // or right around it, so a token is scored only when it, the word before it or one of the two
  // words after it has one ("Bank of the West", "de Gaulle", "1860 Munich"), and it is not bare
  // punctuation — unless that sits between two capitalised words ("Procter & Gamble").
  // Everything else is O, as the model says for practically all of them, and costs no feature
  // look-ups. A sentence without any capital is scored whole.
  prep.need.clear();
  if (prune) {
    std::vector<uint8_t>& marked = prep.need;
    marked.assign(n, 0);
    auto has = [&](size_t i, auto pred) {
      for (char c : s.words[i])
        if (pred(c)) return true;
      return false;
    };
    auto alnum = [](char c) {
      return is_upper(c) || is_lower(c) || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    };
    std::vector<uint8_t>& cued = sc.cued;
    cued.assign(n, 0);
    bool any_marked = false;
    auto cue = [](char c) { return is_upper(c) || (c >= '0' && c <= '9'); };
    for (size_t i = 0; i < n; ++i) cued[i] = has(i, cue) ? 1 : 0;
    for (size_t i = 0; i < n; ++i) {
      if (!cued[i]) continue;
      any_marked = true;
      for (size_t k = i > 0 ? i - 1 : 0; k <= i + 2 && k < n; ++k) {
        if (marked[k]) continue;
        if (has(k, alnum) || (k > 0 && k + 1 < n && cued[k - 1] && cued[k + 1])) marked[k] = 1;
      }
    }
    if (!any_marked) prep.need.clear();
  }
  // Words further than two tokens from any scored one feed no feature: they are not hashed.
  sc.near.assign(n, 1);
  if (!prep.need.empty()) {
    std::fill(sc.near.begin(), sc.near.end(), 0);
    for (size_t i = 0; i < n; ++i)
      if (prep.need[i])
        for (size_t k = i > 1 ? i - 2 : 0; k <= i + 2 && k < n; ++k) sc.near[k] = 1;
  }
  bool any_lower = false;
  size_t digits = 0;
  for (size_t i = 0; i < n; ++i) {
    std::string_view w = s.words[i];
    sc.lower_off.push_back(static_cast<uint32_t>(sc.lower.size()));
    sc.shape_off.push_back(static_cast<uint32_t>(sc.shape.size()));
    if (sc.near[i]) {
      for (char c : w) sc.lower.push_back(lower_ascii(c));
      append_shape(w, sc.shape);
    }
    if (!any_lower && has_lower_letter(w)) any_lower = true;
    if (!w.empty() && w[0] >= '0' && w[0] <= '9') ++digits;
  }
  sc.lower_off.push_back(static_cast<uint32_t>(sc.lower.size()));
  sc.shape_off.push_back(static_cast<uint32_t>(sc.shape.size()));
  // A line with no lowercase letter at all is a headline in capitals: shape and form carry no
  // information there, so those templates get separate weights.
  const bool caps = !any_lower && n > 1;
  const auto needed = [&](size_t i) { return prep.need.empty() || prep.need[i] != 0; };
  const uint64_t cs = caps ? uint64_t{kCapsOffset} : uint64_t{0};
  const uint64_t numeric = digits >= 2 && digits * 4 >= n ? 1 : 0;

  auto lower = [&](size_t i) {
    return std::string_view(sc.lower).substr(sc.lower_off[i], sc.lower_off[i + 1] - sc.lower_off[i]);
  };
  // Per-token hashes, computed once (every template below reuses them).
  sc.lh.resize(n);
  sc.sh.resize(n);
  sc.fh.resize(n);
  sc.suf3.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (!sc.near[i]) {
      sc.lh[i] = sc.sh[i] = sc.fh[i] = sc.suf3[i] = 0;
      sc.cluster.push_back(0);
      continue;
    }
    const std::string_view lw = lower(i);
    sc.lh[i] = fnv(lw);
    sc.sh[i] = fnv(std::string_view(sc.shape).substr(sc.shape_off[i],
                                                     sc.shape_off[i + 1] - sc.shape_off[i]));
    sc.fh[i] = caps ? 0 : fnv(s.words[i]);
    sc.suf3[i] = fnv(lw.substr(lw.size() - std::min<size_t>(3, lw.size())));
    sc.cluster.push_back(clusters.find(sc.lh[i]));
  }
  // Hashes per token, with boundary values.
  auto hl = [&](ptrdiff_t i) -> uint64_t {
    if (i < 0) return kBosHash + static_cast<uint64_t>(-i);
    if (static_cast<size_t>(i) >= n) return kEosHash + static_cast<uint64_t>(i);
    return sc.lh[static_cast<size_t>(i)];
  };
  auto hs = [&](ptrdiff_t i) -> uint64_t {
    if (i < 0) return kBosHash;
    if (static_cast<size_t>(i) >= n) return kEosHash;
    return sc.sh[static_cast<size_t>(i)];
  };
  auto gz = [&](ptrdiff_t i) -> uint64_t {
    if (i < 0 || static_cast<size_t>(i) >= n || s.gaz.empty()) return 0;
    return s.gaz[static_cast<size_t>(i)];
  };
  auto cl = [&](ptrdiff_t i) -> uint64_t {
    if (i < 0) return 0xFFFE;
    if (static_cast<size_t>(i) >= n) return 0xFFFD;
    return sc.cluster[static_cast<size_t>(i)];
  };

  sc.feat_off.clear();
  // Upper bound of features per token; the buffer only grows (no clearing per sentence) and
  // feat_off.back() is the number in use.
  if (sc.feats.size() < n * 64 + 64) sc.feats.resize(n * 64 + 64);
  uint64_t* fp = sc.feats.data();
  const uint64_t mask = mask_;
  prep.caps = cs;
  prep.lhash.resize(n);
  prep.shash.resize(n);
  for (size_t ui = 0; ui < n; ++ui) {
    const auto i = static_cast<ptrdiff_t>(ui);
    sc.feat_off.push_back(static_cast<uint32_t>(fp - sc.feats.data()));
    prep.lhash[ui] = hl(i);
    prep.shash[ui] = hs(i);
    if (!needed(ui)) continue;
    // Stores the weight row of the feature directly.
    auto add = [&](uint64_t tpl, uint64_t v) { *fp++ = splitmix(mix(tpl, v)) & mask; };
    const uint64_t l0 = hl(i), lm1 = hl(i - 1), lp1 = hl(i + 1);
    const uint64_t s0 = hs(i), sm1 = hs(i - 1), sp1 = hs(i + 1);
    std::string_view lw = lower(ui);
    std::string_view w = s.words[ui];
    add(kBias, 0);
    add(kLower, l0);
    if (!caps) {
      add(kForm, sc.fh[ui]);
      if (ui > 0) add(kFormM1, sc.fh[ui - 1]);
      if (ui + 1 < n) add(kFormP1, sc.fh[ui + 1]);
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
    {
      uint64_t ph = kFnvOffset;  // prefix hash grows one byte at a time
      for (size_t k = 1; k <= 4 && k <= lw.size(); ++k) {
        ph ^= static_cast<unsigned char>(lw[k - 1]);
        ph *= kFnvPrime;
        add(kPrefix + k, ph);
        add(kSuffix + k, k == 3 ? sc.suf3[ui] : fnv(lw.substr(lw.size() - k)));
      }
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
    if (ui > 0) add(kSufM1, sc.suf3[ui - 1]);
    if (ui + 1 < n) add(kSufP1, sc.suf3[ui + 1]);
    add(kClusLower, mix(cm1 >> 10, c0 >> 10));
    if (size_t h = lw.find('-'); h != std::string_view::npos && h > 0 && h + 1 < lw.size()) {
      add(kHyphFirst, fnv(lw.substr(0, h)));
      add(kHyphLast, fnv(lw.substr(lw.rfind('-') + 1)));
    }
  }
  sc.feat_off.push_back(static_cast<uint32_t>(fp - sc.feats.data()));
}

void NerModel::base_scores(const NerScratch& sc, NerPrepared& prep) const {
  const size_t n = sc.feat_off.empty() ? 0 : sc.feat_off.size() - 1;
  prep.base.resize(n * kNerLabelCount);
  // The table is far bigger than the caches: prefetch a few rows ahead of the one being added.
  constexpr size_t kAhead = 12;
  const size_t nf = sc.feat_off.empty() ? 0 : sc.feat_off.back();
  const uint64_t* rows = sc.feats.data();
  if (!qweights_.empty()) {
    const int16_t* wq = qweights_.data();
    for (size_t k = 0; k < nf && k < kAhead; ++k) __builtin_prefetch(wq + rows[k] * kNerLabelCount);
    for (size_t i = 0; i < n; ++i) {
      std::array<int32_t, kNerLabelCount> acc{};
      for (uint32_t k = sc.feat_off[i]; k < sc.feat_off[i + 1]; ++k) {
        if (k + kAhead < nf) {
          const int16_t* a = wq + rows[k + kAhead] * kNerLabelCount;
          __builtin_prefetch(a);
          __builtin_prefetch(a + kNerLabelCount - 1);
        }
        const int16_t* w = wq + rows[k] * kNerLabelCount;
        for (size_t l = 0; l < kNerLabelCount; ++l) acc[l] += w[l];
      }
      // Integer sums stay far below 2^24, so the float copy is exact.
      float* out = prep.base.data() + i * kNerLabelCount;
      for (size_t l = 0; l < kNerLabelCount; ++l) out[l] = static_cast<float>(acc[l]);
    }
    return;
  }
  std::fill(prep.base.begin(), prep.base.end(), 0.0f);
  for (size_t i = 0; i < n; ++i) {
    float* out = prep.base.data() + i * kNerLabelCount;
    for (uint32_t k = sc.feat_off[i]; k < sc.feat_off[i + 1]; ++k) {
      const float* w = weights_.data() + rows[k] * kNerLabelCount;
      for (int l = 0; l < kNerLabelCount; ++l) out[l] += w[l];
    }
  }
}

void NerModel::init_dynamic_rows() {
  auto row = [&](uint64_t f) { return splitmix(f) & mask_; };
  auto label = [](size_t k) -> uint64_t { return k == 9 ? 99 : k; };
  for (size_t p1 = 0; p1 < 10; ++p1) {
    prev1_rows_[p1] = row(mix(kPrev1, label(p1)));
    for (size_t p2 = 0; p2 < 10; ++p2)
      prev2_rows_[p2 * 10 + p1] = row(mix(kPrev2, mix(label(p2), label(p1))));
    for (size_t m = 0; m < 24; ++m) memo_prev_rows_[p1 * 24 + m] = row(mix(kMemoPrev, mix(label(p1), m)));
  }
  for (size_t m = 0; m < 25; ++m) {
    const uint64_t v = m == 24 ? 99 : m;
    if (m < 24) memo_rows_[m] = row(mix(kMemo, v));
    memo_m1_rows_[m] = row(mix(kMemoM1, v));
    memo_p1_rows_[m] = row(mix(kMemoP1, v));
  }
}

size_t NerModel::dynamic_features(const NerPrepared& prep, size_t i,
                                  std::span<const uint8_t> prev, std::span<const uint8_t> memo,
                                  std::array<uint64_t, 10>& dyn) const {
  auto row = [&](uint64_t f) { return splitmix(f) & mask_; };
  const uint64_t p1 = i >= 1 ? prev[i - 1] : 99;
  const uint64_t p2 = i >= 2 ? prev[i - 2] : 99;
  const size_t i1 = p1 == 99 ? 9 : static_cast<size_t>(p1);
  const size_t i2 = p2 == 99 ? 9 : static_cast<size_t>(p2);
  dyn[0] = prev1_rows_[i1];
  dyn[1] = prev2_rows_[i2 * 10 + i1];
  dyn[2] = row(mix(kPrev1Lower, mix(p1, prep.lhash[i])));
  dyn[3] = row(mix(kPrev1Shape, mix(p1, prep.shash[i])));
  if (memo.empty()) return 4;
  const size_t n = prep.lhash.size();
  const uint64_t m0 = memo[i];
  const uint64_t mm1 = i > 0 ? memo[i - 1] : 99;
  const uint64_t mp1 = i + 1 < n ? memo[i + 1] : 99;
  dyn[4] = m0 < 24 ? memo_rows_[m0] : row(mix(kMemo, m0));
  dyn[5] = row(mix(kMemoShape + prep.caps, mix(m0, prep.shash[i])));
  dyn[6] = mm1 == 99 ? memo_m1_rows_[24] : mm1 < 24 ? memo_m1_rows_[mm1] : row(mix(kMemoM1, mm1));
  dyn[7] = mp1 == 99 ? memo_p1_rows_[24] : mp1 < 24 ? memo_p1_rows_[mp1] : row(mix(kMemoP1, mp1));
  dyn[8] = m0 < 24 ? memo_prev_rows_[i1 * 24 + m0] : row(mix(kMemoPrev, mix(p1, m0)));
  dyn[9] = row(mix(kMemoLowerX, mix(m0, prep.lhash[i])));
  return 10;
}

void NerModel::score_token(const NerPrepared& prep, size_t i, std::span<const uint64_t> dyn,
                           std::array<float, kNerLabelCount>& out) const {
  std::copy_n(prep.base.data() + i * kNerLabelCount, kNerLabelCount, out.begin());
  if (!qweights_.empty()) {
    std::array<int32_t, kNerLabelCount> acc{};
    for (uint64_t f : dyn) {
      const int16_t* w = qweights_.data() + f * kNerLabelCount;
      for (size_t l = 0; l < kNerLabelCount; ++l) acc[l] += w[l];
    }
    for (size_t l = 0; l < kNerLabelCount; ++l) out[l] += static_cast<float>(acc[l]);
    return;
  }
  for (uint64_t f : dyn) {
    const float* w = weights_.data() + f * kNerLabelCount;
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
    if (!prep.need.empty() && !prep.need[i]) continue;  // pruned: O
    const size_t nd = dynamic_features(prep, i, out, memo, dyn);
    score_token(prep, i, {dyn.data(), nd}, score);
    const uint8_t best = best_allowed(i ? out[i - 1] : 0, score);
    out[i] = best;
  }
  return out;
}

std::vector<uint8_t> NerModel::predict(const NerSentence& s, const WordClusters& clusters,
                                       NerScratch& sc) const {
  if (s.words.empty() || empty()) return std::vector<uint8_t>(s.words.size(), 0);
  extract_static(s, clusters, sc, sc.prep, true);
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
  // Open-addressing table keyed by the word hash, reused between calls (no allocation per
  // word); lookups only, so the result does not depend on the table layout.
  struct Slot {
    uint64_t key = 0;
    bool used = false;
    Info info;
  };
  thread_local std::vector<Slot> table;
  size_t words_total = 0;
  for (const auto& se : sents) words_total += se.words.size();
  size_t cap = 64;
  while (cap < words_total * 2) cap *= 2;
  table.assign(cap, Slot{});
  const size_t tmask = cap - 1;
  auto slot = [&](uint64_t h) -> Info& {
    size_t p = static_cast<size_t>(splitmix(h)) & tmask;
    while (table[p].used && table[p].key != h) p = (p + 1) & tmask;
    if (!table[p].used) {
      table[p].used = true;
      table[p].key = h;
    }
    return table[p].info;
  };
  auto type_of = [](uint8_t label) { return label == 0 ? 0 : (label + 1) / 2; };
  for (size_t s = 0; s < sents.size(); ++s) {
    const auto& words = sents[s].words;
    const bool caps = std::none_of(words.begin(), words.end(), has_lower_letter);
    for (size_t i = 0; i < words.size(); ++i) {
      std::string_view w = words[i];
      if (w.empty()) continue;
      Info& x = slot(ner_word_hash(w));
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
      const Info& x = slot(ner_word_hash(words[i]));
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
  if (empty()) {
    for (size_t s = 0; s < sents.size(); ++s) labels[s].assign(sents[s].words.size(), 0);
    return labels;
  }
  // Label-independent scores are computed once and reused by both passes.
  std::vector<NerPrepared> prep(sents.size());
  for (size_t s = 0; s < sents.size(); ++s) {
    extract_static(sents[s], clusters, sc, prep[s], true);
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
  if (weights_.empty())
    throw InputError("NER training needs a model created for training, not a loaded one");
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
    const uint8_t best = best_allowed(i ? pred[i - 1] : 0, score);
    const uint8_t g = gold[i];
    if (best != g) {
      ++errors;
      auto upd = [&](uint64_t row) {
        const size_t b = row * kNerLabelCount;
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
  std::vector<int16_t> q;
  float scale = scale_;
  if (qweights_.empty()) {
    float maxabs = 0.0f;
    for (float w : weights_) maxabs = std::max(maxabs, std::fabs(w));
    scale = maxabs > 0.0f ? 32767.0f / maxabs : 1.0f;
    q.resize(weights_.size());
    for (size_t i = 0; i < weights_.size(); ++i)
      q[i] = static_cast<int16_t>(std::lround(weights_[i] * scale));
  }
  const std::vector<int16_t>& data = qweights_.empty() ? q : qweights_;
  uint32_t log2 = 0;
  while ((uint64_t{1} << log2) < mask_ + 1) ++log2;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw EnvironmentError(fmt::format("cannot write NER model {}", file.string()));
  const uint32_t header[3] = {kMagic, kNerLabelCount, log2};
  out.write(reinterpret_cast<const char*>(header), sizeof header);
  out.write(reinterpret_cast<const char*>(&scale), sizeof scale);
  out.write(reinterpret_cast<const char*>(data.data()),
            static_cast<std::streamsize>(data.size() * sizeof(int16_t)));
  out.close();
  if (!out) throw EnvironmentError(fmt::format("cannot write NER model {}", file.string()));
}

NerModel NerModel::load(const std::filesystem::path& file) {
  // One read of the header and one of the weights, straight into the int16 table.
  std::ifstream in(file, std::ios::binary);
  if (!in) throw EnvironmentError(fmt::format("cannot read NER model {}", file.string()));
  uint32_t header[3];
  float scale = 1.0f;
  in.read(reinterpret_cast<char*>(header), sizeof header);
  in.read(reinterpret_cast<char*>(&scale), sizeof scale);
  if (!in) throw InputError(fmt::format("{}: truncated NER model", file.string()));
  if (header[0] != kMagic || header[1] != kNerLabelCount || header[2] < 8 || header[2] > 28 ||
      !(scale > 0.0f))
    throw InputError(fmt::format("{}: not an eventgraph NER model", file.string()));
  const size_t count = (size_t{1} << header[2]) * kNerLabelCount;
  const size_t off = sizeof header + sizeof scale;
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw EnvironmentError(fmt::format("cannot read NER model {}", file.string()));
  if (size != off + count * sizeof(int16_t))
    throw InputError(fmt::format("{}: NER model has wrong size", file.string()));
  NerModel m;
  m.mask_ = (uint64_t{1} << header[2]) - 1;
  m.scale_ = scale;
  m.init_dynamic_rows();
  m.qweights_.resize(count);
  in.read(reinterpret_cast<char*>(m.qweights_.data()),
          static_cast<std::streamsize>(count * sizeof(int16_t)));
  if (!in) throw EnvironmentError(fmt::format("cannot read NER model {}", file.string()));
  return m;
}

}  // namespace eg
