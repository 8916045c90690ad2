#include "core/ner_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/resources.hpp"

namespace eg {
namespace {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

char lower_ascii(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// FNV-1a of the ASCII-lowercased bytes of `s`, continuing from `h`.
uint64_t fnv_lower(std::string_view s, uint64_t h = kFnvOffset) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(lower_ascii(c));
    h *= kFnvPrime;
  }
  return h;
}

uint64_t fnv(std::string_view s) {
  uint64_t h = kFnvOffset;
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

// Feature hashing: one 64x64->128-bit multiply folded to 64 bits (high ^ low) mixes every
// input bit into the low bits the bucket mask keeps, at a fraction of splitmix64's cost.
__extension__ typedef unsigned __int128 U128;
constexpr uint64_t kMulA = 0x9E3779B97F4A7C15ULL;
constexpr uint64_t kMulB = 0xD6E8FEB86659FD93ULL;
constexpr uint64_t kTplMul = 0x2545F4914F6CDD1DULL;

inline uint64_t fold(uint64_t a, uint64_t b) {
  const U128 p = static_cast<U128>(a) * b;
  return static_cast<uint64_t>(p >> 64) ^ static_cast<uint64_t>(p);
}

// A value made of two values (order matters).
inline uint64_t mix(uint64_t a, uint64_t b) { return fold(a + kMulB, kMulA) + b; }

// Weight row of template `tpl` with value `v`.
inline uint64_t feature_row(uint64_t tpl, uint64_t v, uint64_t mask) {
  return fold(v ^ (tpl * kTplMul), kMulA) & mask;
}

// Feature template ids (part of the model: changing them invalidates trained weights). Not
// extracted any more, their ids kept so the others keep theirs: kBias, kLowerM1, kShapeP1,
// kShapeLM, kShapeTri, kPrefix + 2, kGazShape, kLen, kGazP2, kClusCoarseP1, kSufM1, kMemo,
// kMemoM1, kPrev1, kPrev2 (each cost less than 0.05 F1 when left out and the tagger retrained,
// together nothing; see docs/formats.md); kMemoLower has never been used.
enum Tpl : uint64_t {
  kBias = 1, kLower, kForm, kLowerM1, kLowerP1, kLowerM2, kLowerP2, kBigramL, kBigramR, kShape,
  kShapeM1, kShapeP1, kShapeLM, kShapeMR, kShapeTri, kPrefix, kSuffix = kPrefix + 8,
  kFirstShape = kSuffix + 8, kCapsLower, kGaz, kGazM1, kGazP1, kGazShape, kClus, kClusM1,
  kClusP1, kClusBi, kHyphFirst, kHyphLast, kLowerShapeM1, kLen, kGazM2, kGazP2, kClusLower, kClusCoarse, kClusCoarseM1, kClusCoarseP1, kMemo, kMemoShape, kMemoM1, kMemoP1, kMemoLower, kFormM1, kFormP1, kMemoPrev, kMemoLowerX, kClusM2, kClusP2, kLowerShapeP1, kFirstLower, kSufM1, kSufP1, kDigitsShape, kDigitsLower,
  kPrev1 = 80, kPrev2, kPrev1Lower, kPrev1Shape, kCapsOffset = 1000
};

// Boundary pseudo-token hashes.
constexpr uint64_t kBosHash = 0x42e5a1c3ULL;
constexpr uint64_t kEosHash = 0x9d1e77f1ULL;

// Character classes of a token (NerScratch::flags).
constexpr uint8_t kFlUpper = 1, kFlLower = 2, kFlDigit = 4, kFlHigh = 8, kFlFirstDigit = 16,
                  kFlFirstUpper = 32, kFlFirstLower = 64;
constexpr uint8_t kAlnum = kFlUpper | kFlLower | kFlDigit | kFlHigh;
constexpr uint8_t kCue = kFlUpper | kFlDigit;

// FNV-1a of the compressed shape: X upper, x lower, d digit, u other non-ASCII, punctuation as
// itself; runs of the same class collapse to one character ("Xx", "X.X.", "d-d-d").
uint64_t shape_hash(std::string_view w) {
  uint64_t h = kFnvOffset;
  char last = 0;
  for (char c : w) {
    char k;
    if (is_upper(c)) k = 'X';
    else if (is_lower(c)) k = 'x';
    else if (is_digit(c)) k = 'd';
    else if (static_cast<unsigned char>(c) >= 0x80) k = 'u';
    else k = c;
    if (k != last) {
      h ^= static_cast<unsigned char>(k);
      h *= kFnvPrime;
    }
    last = k;
  }
  return h;
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
uint8_t best_allowed(uint8_t prev, const std::array<int32_t, kNerLabelCount>& score) {
  uint8_t best = 0;
  int32_t best_score = score[0];
  for (uint8_t l = 1; l < kNerLabelCount; ++l) {
    if (!allowed(prev, l)) continue;
    if (score[l] > best_score) {
      best_score = score[l];
      best = l;
    }
  }
  return best;
}

// Document memory: an open-addressing table keyed by word hash, reused between documents (no
// allocation per word). Lookups only, so results do not depend on the table layout.
struct MemoSlot {
  uint64_t key = 0;
  bool used = false;
  uint8_t casing = 0;
  std::array<uint16_t, 5> types{};  // O, PER, ORG, LOC, MISC
};
constexpr uint32_t kNoSlot = 0xFFFFFFFFu;
thread_local std::vector<MemoSlot> t_memo;

// Gives every token of the document (flat, sentence after sentence) its slot in t_memo (kNoSlot
// for an empty word) and records the casing bits; hash(s, i) is ner_word_hash of the word.
template <class Hash>
void memo_index(std::span<const NerSentence> sents, Hash&& hash, std::vector<uint32_t>& slot) {
  size_t total = 0;
  for (const auto& se : sents) total += se.words.size();
  size_t cap = 64;
  while (cap < total * 2) cap *= 2;
  t_memo.assign(cap, MemoSlot{});
  const size_t tmask = cap - 1;
  slot.resize(total);
  size_t t = 0;
  for (size_t s = 0; s < sents.size(); ++s) {
    const auto& words = sents[s].words;
    const bool caps = std::none_of(words.begin(), words.end(), has_lower_letter);
    for (size_t i = 0; i < words.size(); ++i, ++t) {
      std::string_view w = words[i];
      if (w.empty()) {
        slot[t] = kNoSlot;
        continue;
      }
      const uint64_t h = hash(s, i);
      size_t p = static_cast<size_t>(splitmix(h)) & tmask;
      while (t_memo[p].used && t_memo[p].key != h) p = (p + 1) & tmask;
      MemoSlot& x = t_memo[p];
      x.used = true;
      x.key = h;
      if (!caps && i > 0 && is_upper(w[0])) x.casing |= 1;
      if (is_lower(w[0])) x.casing |= 2;
      slot[t] = static_cast<uint32_t>(p);
    }
  }
}

uint8_t type_of(uint8_t label) { return label == 0 ? 0 : static_cast<uint8_t>((label + 1) / 2); }

// Memory classes (flat) from memo_index's slots; `labels` (per sentence) null in the first pass.
void memo_classes(std::span<const uint32_t> slot, const std::vector<std::vector<uint8_t>>* labels,
                  std::vector<uint8_t>& out) {
  out.resize(slot.size());
  if (!labels) {
    for (size_t t = 0; t < slot.size(); ++t)
      out[t] = slot[t] == kNoSlot ? 0 : static_cast<uint8_t>(t_memo[slot[t]].casing | (5 << 2));
    return;
  }
  for (auto& x : t_memo) x.types = {};
  size_t t = 0;
  for (const auto& ls : *labels)
    for (uint8_t l : ls) {
      if (slot[t] != kNoSlot) ++t_memo[slot[t]].types[type_of(l)];
      ++t;
    }
  t = 0;
  for (const auto& ls : *labels)
    for (uint8_t l : ls) {
      if (slot[t] == kNoSlot) {
        out[t++] = 0;
        continue;
      }
      const MemoSlot& x = t_memo[slot[t]];
      std::array<uint16_t, 5> c = x.types;
      --c[type_of(l)];  // other occurrences only
      uint8_t type = 0;
      uint16_t best = 0;
      for (uint8_t k = 1; k < 5; ++k)
        if (c[k] > best) {
          best = c[k];
          type = k;
        }
      out[t++] = static_cast<uint8_t>(x.casing | (type << 2));
    }
}

}  // namespace

uint64_t ner_word_hash(std::string_view w) { return fnv_lower(w); }

void WordClusters::reserve(size_t n) {
  size_t cap = 64;
  while (cap < n * 2) cap *= 2;
  if (cap <= keys.size()) return;
  std::vector<uint64_t> old_keys(cap, 0);
  std::vector<uint16_t> old_vals(cap, 0);
  old_keys.swap(keys);
  old_vals.swap(vals);
  count = 0;
  for (size_t p = 0; p < old_keys.size(); ++p)
    if (old_keys[p]) insert(old_keys[p], old_vals[p]);
}

void WordClusters::insert(uint64_t lower_hash, uint16_t id) {
  const uint64_t k = lower_hash ? lower_hash : 1;
  if ((count + 1) * 2 > keys.size()) reserve(std::max<size_t>(32, keys.size()));  // doubles
  const size_t m = keys.size() - 1;
  size_t p = static_cast<size_t>(k ^ (k >> 29)) & m;
  while (keys[p] != 0 && keys[p] != k) p = (p + 1) & m;
  if (keys[p] == 0) ++count;
  keys[p] = k;
  vals[p] = id;
}

WordClusters load_word_clusters(const std::filesystem::path& file) {
  WordClusters wc;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return wc;
  std::string text = read_file(file);
  wc.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
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
    wc.insert(h, static_cast<uint16_t>(id));
  }
  return wc;
}

NerModel::NerModel(uint32_t log2_buckets)
    : weights_((size_t{1} << log2_buckets) * kNerLabelCount, 0),
      mask_((uint64_t{1} << log2_buckets) - 1) {
  init_dynamic_rows();
}

void NerModel::extract_static(const NerSentence& s, const WordClusters& clusters,
                              NerScratch& sc, NerPrepared& prep, bool prune) const {
  const size_t n = s.words.size();
  // One pass over the characters of every word: its lowercase hash (also the document memory's
  // key) and its character classes.
  prep.lhash.resize(n);
  sc.flags.resize(n);
  bool any_lower = false;
  size_t digits = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view w = s.words[i];
    uint64_t h = kFnvOffset;
    unsigned f = 0;
    for (char c : w) {
      if (is_upper(c)) {
        f |= kFlUpper;
        c = static_cast<char>(c - 'A' + 'a');
      } else if (is_lower(c)) {
        f |= kFlLower;
      } else if (is_digit(c)) {
        f |= kFlDigit;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        f |= kFlHigh;
      }
      h ^= static_cast<unsigned char>(c);
      h *= kFnvPrime;
    }
    if (!w.empty()) {
      if (is_digit(w[0])) f |= kFlFirstDigit;
      if (is_upper(w[0])) f |= kFlFirstUpper;
      if (is_lower(w[0])) f |= kFlFirstLower;
    }
    prep.lhash[i] = h;
    sc.flags[i] = static_cast<uint8_t>(f);
    any_lower |= (f & kFlLower) != 0;
    digits += (f & kFlFirstDigit) ? 1 : 0;
  }
  const std::vector<uint8_t>& fl = sc.flags;
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
    bool any_marked = false;
    auto cued = [&](size_t k) { return (fl[k] & kCue) != 0; };
    for (size_t i = 0; i < n; ++i) {
      if (!cued(i)) continue;
      any_marked = true;
      for (size_t k = i > 0 ? i - 1 : 0; k <= i + 2 && k < n; ++k) {
        if (marked[k]) continue;
        if ((fl[k] & kAlnum) || (k > 0 && k + 1 < n && cued(k - 1) && cued(k + 1))) marked[k] = 1;
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
  // A line with no lowercase letter at all is a headline in capitals: shape and form carry no
  // information there, so those templates get separate weights.
  const bool caps = !any_lower && n > 1;
  const auto needed = [&](size_t i) { return prep.need.empty() || prep.need[i] != 0; };
  const uint64_t cs = caps ? uint64_t{kCapsOffset} : uint64_t{0};
  const uint64_t numeric = digits >= 2 && digits * 4 >= n ? 1 : 0;

  // Per-token hashes of the words near a scored one, computed once (every template below
  // reuses them).
  prep.shash.resize(n);
  sc.fh.resize(n);
  sc.suf3.resize(n);
  sc.cluster.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (!sc.near[i]) {
      prep.shash[i] = sc.fh[i] = sc.suf3[i] = 0;
      sc.cluster[i] = 0;
      continue;
    }
    const std::string_view w = s.words[i];
    prep.shash[i] = shape_hash(w);
    sc.fh[i] = caps ? 0 : fnv(w);
    sc.suf3[i] = w.size() <= 3 ? prep.lhash[i] : fnv_lower(w.substr(w.size() - 3));
    sc.cluster[i] = clusters.find(prep.lhash[i]);
  }
  // Hashes per token, with boundary values.
  auto hl = [&](ptrdiff_t i) -> uint64_t {
    if (i < 0) return kBosHash + static_cast<uint64_t>(-i);
    if (static_cast<size_t>(i) >= n) return kEosHash + static_cast<uint64_t>(i);
    return prep.lhash[static_cast<size_t>(i)];
  };
  auto hs = [&](ptrdiff_t i) -> uint64_t {
    if (i < 0) return kBosHash;
    if (static_cast<size_t>(i) >= n) return kEosHash;
    return prep.shash[static_cast<size_t>(i)];
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
  const uintptr_t pf_base = qweights_.empty() ? reinterpret_cast<uintptr_t>(weights_.data())
                                              : reinterpret_cast<uintptr_t>(qweights_.data());
  const uintptr_t pf_stride = kNerLabelCount * (qweights_.empty() ? sizeof(int32_t) : sizeof(int16_t));
  prep.caps = cs;
  for (size_t ui = 0; ui < n; ++ui) {
    const auto i = static_cast<ptrdiff_t>(ui);
    sc.feat_off.push_back(static_cast<uint32_t>(fp - sc.feats.data()));
    if (!needed(ui)) continue;
    // Stores the weight row of the feature and starts loading it: the table is bigger than
    // the caches, and base_scores adds the rows only after the whole sentence is extracted.
    auto add = [&](uint64_t tpl, uint64_t v) {
      const uint64_t r = feature_row(tpl, v, mask);
      *fp++ = r;
      __builtin_prefetch(reinterpret_cast<const void*>(pf_base + r * pf_stride));
    };
    const uint64_t l0 = hl(i), lm1 = hl(i - 1), lp1 = hl(i + 1);
    const uint64_t s0 = hs(i), sm1 = hs(i - 1), sp1 = hs(i + 1);
    const std::string_view w = s.words[ui];
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
    add(kLowerP1, lp1);
    add(kLowerM2, hl(i - 2));
    add(kLowerP2, hl(i + 2));
    add(kBigramL, mix(lm1, l0));
    add(kBigramR, mix(l0, lp1));
    add(kShape + cs, s0);
    add(kShapeM1 + cs, sm1);
    add(kShapeMR + cs, mix(s0, sp1));
    add(kLowerShapeM1 + cs, mix(lm1, s0));
    {
      uint64_t ph = kFnvOffset;  // prefix hash grows one byte at a time
      for (size_t k = 1; k <= 4 && k <= w.size(); ++k) {
        ph ^= static_cast<unsigned char>(lower_ascii(w[k - 1]));
        ph *= kFnvPrime;
        if (k != 2) add(kPrefix + k, ph);
        add(kSuffix + k, k == 3 ? sc.suf3[ui] : fnv_lower(w.substr(w.size() - k)));
      }
    }
    if (ui == 0) add(kFirstShape + cs, s0);
    if (caps) add(kCapsLower, l0);
    const uint64_t g0 = gz(i);
    add(kGaz, g0);
    add(kGazM1, gz(i - 1));
    add(kGazP1, gz(i + 1));
    add(kGazM2, gz(i - 2));
    // Cluster ids are coarse * 1024 + fine.
    const uint64_t c0 = cl(i), cm1 = cl(i - 1), cp1 = cl(i + 1);
    add(kClus, c0 & 1023);
    add(kClusM1, cm1 & 1023);
    add(kClusP1, cp1 & 1023);
    add(kClusCoarse, c0 >> 10);
    add(kClusCoarseM1, cm1 >> 10);
    add(kClusBi, mix(c0 >> 10, cp1 >> 10));
    add(kClusM2, cl(i - 2) & 1023);
    add(kClusP2, cl(i + 2) & 1023);
    add(kLowerShapeP1 + cs, mix(l0, sp1));
    if (ui == 0) add(kFirstLower, l0);
    if (ui + 1 < n) add(kSufP1, sc.suf3[ui + 1]);
    add(kClusLower, mix(cm1 >> 10, c0 >> 10));
    if (size_t h = w.find('-'); h != std::string_view::npos && h > 0 && h + 1 < w.size()) {
      add(kHyphFirst, fnv_lower(w.substr(0, h)));
      add(kHyphLast, fnv_lower(w.substr(w.rfind('-') + 1)));
    }
  }
  sc.feat_off.push_back(static_cast<uint32_t>(fp - sc.feats.data()));
}

void NerModel::base_scores(const NerScratch& sc, NerPrepared& prep) const {
  const size_t n = sc.feat_off.empty() ? 0 : sc.feat_off.size() - 1;
  prep.base.resize(n * kNerLabelCount);
  const uint64_t* rows = sc.feats.data();
  if (!qweights_.empty()) {
    const int16_t* wq = qweights_.data();
    for (size_t i = 0; i < n; ++i) {
      std::array<int32_t, kNerLabelCount> acc{};
      for (uint32_t k = sc.feat_off[i]; k < sc.feat_off[i + 1]; ++k) {
        const int16_t* w = wq + rows[k] * kNerLabelCount;
        for (size_t l = 0; l < kNerLabelCount; ++l) acc[l] += w[l];
      }
      std::copy_n(acc.begin(), kNerLabelCount, prep.base.data() + i * kNerLabelCount);
    }
    return;
  }
  std::fill(prep.base.begin(), prep.base.end(), 0);
  for (size_t i = 0; i < n; ++i) {
    int32_t* out = prep.base.data() + i * kNerLabelCount;
    for (uint32_t k = sc.feat_off[i]; k < sc.feat_off[i + 1]; ++k) {
      const int32_t* w = weights_.data() + rows[k] * kNerLabelCount;
      for (size_t l = 0; l < kNerLabelCount; ++l) out[l] += w[l];
    }
  }
}

void NerModel::init_dynamic_rows() {
  auto label = [](size_t k) -> uint64_t { return k == 9 ? 99 : k; };
  for (size_t p1 = 0; p1 < 10; ++p1) {
    prev_mix_[p1] = mix(label(p1), 0);
    for (size_t m = 0; m < 24; ++m)
      memo_prev_rows_[p1 * 24 + m] = feature_row(kMemoPrev, mix(label(p1), m), mask_);
  }
  for (size_t m = 0; m < 25; ++m) {
    memo_p1_rows_[m] = feature_row(kMemoP1, m == 24 ? 99 : m, mask_);
    if (m < 24) memo_mix_[m] = mix(m, 0);
  }
}

size_t NerModel::dynamic_features(const NerPrepared& prep, size_t i,
                                  std::span<const uint8_t> prev, std::span<const uint8_t> memo,
                                  std::array<uint64_t, kDynamic>& dyn) const {
  // mix(a, b) == mix(a, 0) + b: the label and memory halves come from small tables.
  const size_t i1 = i >= 1 ? prev[i - 1] : 9;
  const uint64_t lh = prep.lhash[i], sh = prep.shash[i];
  dyn[0] = feature_row(kPrev1Lower, prev_mix_[i1] + lh, mask_);
  dyn[1] = feature_row(kPrev1Shape, prev_mix_[i1] + sh, mask_);
  if (memo.empty()) return 2;
  const uint8_t m0 = memo[i];
  const size_t mp1 = i + 1 < prep.lhash.size() ? memo[i + 1] : 24;
  dyn[2] = feature_row(kMemoShape + prep.caps, memo_mix_[m0] + sh, mask_);
  dyn[3] = memo_p1_rows_[mp1];
  dyn[4] = memo_prev_rows_[i1 * 24 + m0];
  dyn[5] = feature_row(kMemoLowerX, memo_mix_[m0] + lh, mask_);
  return 6;
}

void NerModel::score_token(const NerPrepared& prep, size_t i, std::span<const uint64_t> dyn,
                           std::array<int32_t, kNerLabelCount>& out) const {
  std::copy_n(prep.base.data() + i * kNerLabelCount, kNerLabelCount, out.begin());
  if (!qweights_.empty()) {
    for (uint64_t f : dyn) {
      const int16_t* w = qweights_.data() + f * kNerLabelCount;
      for (size_t l = 0; l < kNerLabelCount; ++l) out[l] += w[l];
    }
    return;
  }
  for (uint64_t f : dyn) {
    const int32_t* w = weights_.data() + f * kNerLabelCount;
    for (size_t l = 0; l < kNerLabelCount; ++l) out[l] += w[l];
  }
}

void NerModel::greedy(const NerPrepared& prep, std::span<const uint8_t> memo,
                      std::vector<uint8_t>& out) const {
  const size_t n = prep.lhash.size();
  out.assign(n, 0);
  std::array<int32_t, kNerLabelCount> score{};
  std::array<uint64_t, kDynamic> dyn{};
  for (size_t i = 0; i < n; ++i) {
    if (!prep.need.empty() && !prep.need[i]) continue;  // pruned: O
    const size_t nd = dynamic_features(prep, i, out, memo, dyn);
    score_token(prep, i, {dyn.data(), nd}, score);
    out[i] = best_allowed(i ? out[i - 1] : 0, score);
  }
}

std::vector<uint8_t> NerModel::predict(const NerSentence& s, const WordClusters& clusters,
                                       NerScratch& sc) const {
  std::vector<uint8_t> out;
  if (s.words.empty() || empty()) {
    out.assign(s.words.size(), 0);
    return out;
  }
  extract_static(s, clusters, sc, sc.prep, true);
  base_scores(sc, sc.prep);
  greedy(sc.prep, s.memo, out);
  return out;
}

void ner_document_memo(std::span<const NerSentence> sents,
                       const std::vector<std::vector<uint8_t>>* labels,
                       std::vector<std::vector<uint8_t>>& out) {
  thread_local std::vector<uint32_t> slot;
  thread_local std::vector<uint8_t> flat;
  memo_index(sents, [&](size_t s, size_t i) { return ner_word_hash(sents[s].words[i]); }, slot);
  memo_classes(slot, labels, flat);
  out.resize(sents.size());
  size_t t = 0;
  for (size_t s = 0; s < sents.size(); ++s) {
    out[s].assign(flat.begin() + static_cast<ptrdiff_t>(t),
                  flat.begin() + static_cast<ptrdiff_t>(t + sents[s].words.size()));
    t += sents[s].words.size();
  }
}

std::vector<std::vector<uint8_t>> NerModel::predict_document(std::span<const NerSentence> sents,
                                                             const WordClusters& clusters,
                                                             NerScratch& sc) const {
  std::vector<std::vector<uint8_t>> labels(sents.size());
  if (empty()) {
    for (size_t s = 0; s < sents.size(); ++s) labels[s].assign(sents[s].words.size(), 0);
    return labels;
  }
  // Label-independent scores are computed once and reused by both passes; the word hashes of
  // the features are the document memory's keys too.
  if (sc.doc.size() < sents.size()) sc.doc.resize(sents.size());
  for (size_t s = 0; s < sents.size(); ++s) {
    extract_static(sents[s], clusters, sc, sc.doc[s], true);
    base_scores(sc, sc.doc[s]);
  }
  memo_index(sents, [&](size_t s, size_t i) { return sc.doc[s].lhash[i]; }, sc.slot);
  for (int pass = 0; pass < 2; ++pass) {
    memo_classes(sc.slot, pass == 0 ? nullptr : &labels, sc.memo);
    size_t t = 0;
    for (size_t s = 0; s < sents.size(); ++s) {
      const size_t n = sents[s].words.size();
      greedy(sc.doc[s], std::span<const uint8_t>(sc.memo).subspan(t, n), labels[s]);
      t += n;
    }
  }
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
  std::array<int32_t, kNerLabelCount> score{};
  std::array<uint64_t, kDynamic> dyn{};
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
        weights_[b + g] += 1;
        totals[b + g] += c;
        weights_[b + best] -= 1;
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
  std::vector<float> avg(weights_.size());
  float maxabs = 0.0f;
  for (size_t i = 0; i < weights_.size(); ++i) {
    avg[i] = static_cast<float>(static_cast<double>(weights_[i]) -
                                static_cast<double>(totals[i]) / c);
    maxabs = std::max(maxabs, std::fabs(avg[i]));
  }
  scale_ = maxabs > 0.0f ? 32767.0f / maxabs : 1.0f;
  qweights_.resize(avg.size());
  for (size_t i = 0; i < avg.size(); ++i)
    qweights_[i] = static_cast<int16_t>(std::lround(avg[i] * scale_));
  weights_ = {};
}

// File layout (little endian): uint32 magic "EGN2", uint32 label count (9), uint32 log2 of
// the bucket count, float scale; then buckets * labels int16 weights (real weight = q / scale).
void NerModel::save(const std::filesystem::path& file) const {
  if (qweights_.empty() && !weights_.empty()) {  // still in training: save the raw weights
    NerModel q(*this);
    q.average(std::vector<float>(weights_.size(), 0.0f), 1);
    q.save(file);
    return;
  }
  const auto& data = qweights_;
  const float scale = scale_;
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
