#include "core/places.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <unordered_set>
#include <set>
#include <span>
#include <unordered_map>

#include "core/error.hpp"
#include "core/resources.hpp"
#include "core/segmenter.hpp"
#include "core/short_hash.hpp"

namespace eg {
namespace {

template <class V>
using KeyMap = std::unordered_map<std::string, V, ShortKeyHash, std::equal_to<>>;

// Parses a plain decimal ("-12.5", "33", "0.31583") the way std::from_chars would: with at
// most 19 significant digits and 22 decimals, digits / 10^decimals is one correctly rounded
// IEEE division of two exact doubles when the digits fit 2^53 (Clinger's fast path).
// Anything else (exponents, long mantissas) goes to std::from_chars. False on a bad number.
bool parse_double(std::string_view s, double& v) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  size_t i = 0;
  const bool neg = !s.empty() && s[0] == '-';
  if (neg) ++i;
  uint64_t m = 0;
  size_t digits = 0, decimals = 0;
  bool dot = false, simple = i < s.size();
  for (; i < s.size() && simple; ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      m = m * 10 + static_cast<uint64_t>(c - '0');
      ++digits;
      if (dot) ++decimals;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      simple = false;
    }
  }
  simple = simple && digits > 0 && digits <= 19 && decimals <= 22 && m <= (uint64_t{1} << 53) &&
           !(dot && s.back() == '.') && s[neg ? 1 : 0] != '.';
  if (simple) {
    const double x = static_cast<double>(m) / kPow10[decimals];
    v = neg ? -x : x;
    return true;
  }
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Leading Arabic articles folded away by place_key ("al-", "ar ", "ash-", ...). "el" is not
// folded: El Salvador and El Paso are not Salvador and Paso.
constexpr std::string_view kArticles[] = {"al ", "ar ", "ad ", "as ", "an ", "ash ", "az ",
                                          "at ", "ath ", "adh "};

// What an ASCII byte becomes in a place key: itself lowercased (< 0x80), dropped, or a word
// separator.
enum : uint8_t { kDrop = 0x80, kSep = 0x81 };
constexpr std::array<uint8_t, 128> kKeyMap = [] {
  std::array<uint8_t, 128> t{};
  for (size_t c = 0; c < t.size(); ++c)
    t[c] = static_cast<uint8_t>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (char c : {'\'', '.', '"', '`'}) t[static_cast<unsigned char>(c)] = kDrop;
  for (char c : {'-', ',', ' ', '\t', '\n', '\r', '(', ')', '/'})
    t[static_cast<unsigned char>(c)] = kSep;
  return t;
}();

// Writes the place key of `s` into `out` (replacing its content); no allocation once `out` has
// capacity. A key is never longer than its name: every byte maps to at most one byte.
void key_into(std::string_view s, std::string& out) {
  if (out.size() < s.size()) out.resize(s.size());
  char* o = out.data();
  size_t n = 0;
  bool space = true;  // suppresses leading and repeated spaces
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      const uint8_t m = kKeyMap[c];
      if (m < 0x80) {
        o[n++] = static_cast<char>(m);
        space = false;
      } else if (m == kSep) {
        if (!space) o[n++] = ' ';
        space = true;
      }
      continue;
    }
    auto [cp, len] = decode_utf8(s, i);
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x2032 || cp == 0x02BF ||
        cp == 0x02BE || cp == 0x201C || cp == 0x201D) {
      // apostrophes and quotes vanish
    } else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) ||
               cp == 0x202F) {
      if (!space) o[n++] = ' ';
      space = true;
    } else {
      std::memcpy(o + n, s.data() + i, len);
      n += len;
      space = false;
    }
    i += len;
  }
  if (n > 0 && o[n - 1] == ' ') --n;
  if (n >= 6 && o[0] == 'a') {  // every article starts with 'a'
    for (auto a : kArticles) {
      if (n >= a.size() + 3 && std::string_view(o, n).starts_with(a)) {
        std::memmove(o, o + a.size(), n - a.size());
        n -= a.size();
        break;
      }
    }
  }
  out.resize(n);
}

// Calls f on each `sep`-separated part of `s` (as split() would return them) without a vector.
template <class F>
void for_each_part(std::string_view s, char sep, F&& f) {
  for (;;) {
    const size_t p = s.find(sep);
    if (p == std::string_view::npos) {
      f(s);
      return;
    }
    f(s.substr(0, p));
    s.remove_prefix(p + 1);
  }
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t b = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(b, i - b));
      b = i + 1;
    }
  }
  return out;
}

int feature_rank(std::string_view f) {
  if (f == "country") return 0;
  if (f == "admin1") return 1;
  return 2;
}

}  // namespace

std::string place_key(std::string_view name) {
  std::string out;
  key_into(name, out);
  return out;
}

struct PlaceGazetteer::Impl {
  std::vector<std::unique_ptr<std::string>> files;  // raw file contents: the views below point in
  std::vector<Place> places;
  std::vector<uint64_t> pop;
  std::vector<double> prior;
  std::vector<double> within;  // preference among same-named places of one country
  std::vector<std::string_view> capital;  // per place; set for countries
  // key -> (offset << 32 | count) into `postings` once finish() ran; while loading, key -> head
  // of a linked list in `chain` (no vector per key: loading stays well under 0.3 s).
  KeyMap<uint64_t> by_key;
  std::vector<std::pair<uint32_t, uint32_t>> chain;  // (place, next + 1 or 0)
  std::vector<uint32_t> postings;
  std::unordered_map<std::string_view, uint32_t, ShortKeyHash> by_id;  // views into `files`
  std::unordered_map<std::string_view, uint32_t, ShortKeyHash> iso2;   // views into `files`
  KeyMap<std::pair<uint32_t, bool>> country_words;  // key -> (country, is demonym)

  [[nodiscard]] std::span<const uint32_t> find(std::string_view key) const {
    auto it = by_key.find(key);
    if (it == by_key.end()) return {};
    return {postings.data() + (it->second >> 32), static_cast<size_t>(it->second & 0xFFFFFFFFu)};
  }

  // One pass over the file buffer: rows are cut into at most 11 column views in place.
  void load_file(const std::filesystem::path& file) {
    files.push_back(std::make_unique<std::string>(read_file(file)));
    const std::string_view all(*files.back());
    size_t lines = 1;
    for (size_t q = all.find('\n'); q != std::string_view::npos; q = all.find('\n', q + 1)) ++lines;
    by_key.reserve(by_key.size() + lines * 3 / 2);
    by_id.reserve(by_id.size() + lines);
    places.reserve(places.size() + lines);
    pop.reserve(pop.size() + lines);
    prior.reserve(prior.size() + lines);
    within.reserve(within.size() + lines);
    capital.reserve(capital.size() + lines);
    chain.reserve(chain.size() + lines * 3 / 2);
    std::string key;
    key.reserve(256);
    size_t line_no = 0;
    constexpr size_t kCols = 11;
    std::array<std::string_view, kCols> f;
    for (size_t pos = 0; pos < all.size();) {
      size_t nl = all.find('\n', pos);
      if (nl == std::string_view::npos) nl = all.size();
      std::string_view line = all.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line[0] == '#') continue;
      size_t nf = 0;  // number of columns (may exceed kCols; the rest are ignored)
      for (std::string_view rest = line;; ++nf) {
        const size_t tab = rest.find('\t');
        if (nf < kCols) f[nf] = rest.substr(0, tab);
        if (tab == std::string_view::npos) {
          ++nf;
          break;
        }
        rest.remove_prefix(tab + 1);
      }
      auto bad = [&](const char* what) {
        return InputError(file.string() + ":" + std::to_string(line_no) + ": " + what);
      };
      if (nf < 9) throw bad("expected at least 9 tab-separated columns");
      if (f[0].empty() || f[1].empty()) throw bad("empty id or name");
      const std::string_view feature = f[2];
      const bool is_country = feature == "country", is_region = feature == "region";
      auto num = [&](std::string_view s, auto& v) {
        auto r = std::from_chars(s.data(), s.data() + s.size(), v);
        if (r.ec != std::errc() || r.ptr != s.data() + s.size()) throw bad("bad number");
      };
      double lat = 0.0, lon = 0.0;
      if (!parse_double(f[6], lat) || !parse_double(f[7], lon)) throw bad("bad number");
      uint64_t population = 0;
      num(f[8], population);
      double pr = 1.0;
      bool seat = false;
      std::string_view cap, demonyms;
      bool has_demonyms = false;
      for_each_part(nf > 10 ? f[10] : std::string_view{}, ';', [&](std::string_view kv) {
        auto eq = kv.find('=');
        if (eq == std::string_view::npos) return;
        auto k = kv.substr(0, eq), v = kv.substr(eq + 1);
        if (k == "capital") cap = v;
        if (k == "demonyms" && !v.empty()) {
          demonyms = v;
          has_demonyms = true;
        }
        if (k == "fc" && v == "PPLC") pr += 0.5;
        if (k == "fc" && v == "PPLA") pr += 0.3;
        if (k == "fc" && (v == "PPLC" || v == "PPLA")) seat = true;
      });
      if (is_country || is_region) pr = 4.0;
      else if (feature == "admin1") pr = 3.0;
      else pr += std::log10(static_cast<double>(population) + 1.0) / 5.0;
      // Within one country: the country (or region) itself, then a capital or region seat
      // (Baghdad the city, not the governorate), then the region, then other towns.
      double in = is_country || is_region ? 100.0
                  : seat                  ? 50.0 + pr
                  : feature == "admin1"   ? 40.0
                                          : pr;

      auto idx = static_cast<uint32_t>(places.size());
      if (!by_id.emplace(f[0], idx).second) throw bad("duplicate id");
      auto add_key = [&](std::string_view name) {
        key_into(name, key);
        if (key.empty()) return;
        auto [it, fresh] = by_key.try_emplace(key, 0);
        if (!fresh && chain[it->second - 1].first == idx) return;
        chain.emplace_back(idx, fresh ? 0u : static_cast<uint32_t>(it->second));
        it->second = chain.size();
        if (is_country) country_words.try_emplace(key, idx, false);
      };
      add_key(f[1]);
      if (nf > 9 && !f[9].empty()) for_each_part(f[9], '|', add_key);
      if (is_country) {
        iso2.emplace(f[3], idx);
        if (has_demonyms)
          for_each_part(demonyms, '|', [&](std::string_view d) {
            key_into(d, key);
            if (!key.empty()) country_words.try_emplace(key, idx, true);
          });
      }
      // id, name, feature, country, admin1, parent, lat, lon, has_coords, precision
      places.emplace_back(std::string(f[0]), std::string(f[1]), std::string(feature),
                          std::string(f[3]), std::string(f[4]), std::string(f[5]), lat, lon,
                          !(lat == 0.0 && lon == 0.0),
                          is_country || is_region ? 4 : feature == "city" ? 1 : 3);
      pop.push_back(population);
      prior.push_back(pr);
      within.push_back(in);
      capital.push_back(cap);
    }
  }

  void finish() {
    postings.reserve(chain.size());
    for (auto& [k, head] : by_key) {
      size_t off = postings.size();
      for (uint64_t n = head; n != 0; n = chain[n - 1].second) postings.push_back(chain[n - 1].first);
      std::sort(postings.begin() + static_cast<std::ptrdiff_t>(off), postings.end(),
                [&](uint32_t a, uint32_t b) {
                  int ra = feature_rank(places[a].feature), rb = feature_rank(places[b].feature);
                  if (ra != rb) return ra < rb;
                  if (pop[a] != pop[b]) return pop[a] > pop[b];
                  return places[a].id < places[b].id;
                });
      head = (static_cast<uint64_t>(off) << 32) | (postings.size() - off);
    }
    chain.clear();
    chain.shrink_to_fit();
  }
};

PlaceGazetteer::PlaceGazetteer(const std::filesystem::path& data_dir)
    : impl_(std::make_unique<Impl>()) {
  auto dir = data_dir / "places";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw EnvironmentError(dir.string() + ": place gazetteer folder not found");
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".tsv") files.push_back(e.path());
  if (ec) throw EnvironmentError(dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) impl_->load_file(f);
  impl_->finish();
}

PlaceGazetteer::~PlaceGazetteer() = default;

std::vector<const Place*> PlaceGazetteer::lookup(std::string_view name) const {
  std::vector<const Place*> out;
  for (uint32_t i : impl_->find(place_key(name))) out.push_back(&impl_->places[i]);
  return out;
}

const Place* PlaceGazetteer::by_id(std::string_view id) const {
  auto it = impl_->by_id.find(id);
  return it == impl_->by_id.end() ? nullptr : &impl_->places[it->second];
}

const Place* PlaceGazetteer::country_of_demonym(std::string_view word) const {
  auto it = impl_->country_words.find(place_key(word));
  return it == impl_->country_words.end() ? nullptr : &impl_->places[it->second.first];
}

const Place* PlaceGazetteer::country(std::string_view iso2) const {
  auto it = impl_->iso2.find(iso2);
  return it == impl_->iso2.end() ? nullptr : &impl_->places[it->second];
}

std::string_view PlaceGazetteer::capital_of(std::string_view iso2) const {
  auto it = impl_->iso2.find(iso2);
  return it == impl_->iso2.end() ? std::string_view{} : impl_->capital[it->second];
}

uint64_t PlaceGazetteer::population(const Place& p) const {
  auto it = impl_->by_id.find(p.id);
  return it == impl_->by_id.end() ? 0 : impl_->pop[it->second];
}

double PlaceGazetteer::prior(const Place& p) const {
  auto it = impl_->by_id.find(p.id);
  return it == impl_->by_id.end() ? 0.0 : impl_->prior[it->second];
}

size_t PlaceGazetteer::size() const { return impl_->places.size(); }

// ---------------------------------------------------------------------------------------------
// Resolution

namespace {

enum class Hint : uint8_t { None, City, Admin1 };

bool is_upper_start(std::string_view w) {
  if (w.empty()) return false;
  auto c = static_cast<unsigned char>(w[0]);
  return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// A word that can start a place name: capitalised, or a lowercase article joined by a hyphen to
// a capitalised name ("al-Qaim", "ar-Ramadi").
bool is_name_start(std::string_view w) {
  if (is_upper_start(w)) return true;
  size_t h = w.find('-');
  return h >= 2 && h <= 3 && h + 1 < w.size() && w[0] == 'a' && is_upper_start(w.substr(h + 1));
}

// Lowercase ASCII copy into a fixed buffer for comparing short function words.
bool word_is(std::string_view w, std::initializer_list<std::string_view> list) {
  char buf[16];
  if (w.size() >= sizeof buf) return false;
  for (size_t i = 0; i < w.size(); ++i)
    buf[i] = static_cast<char>((w[i] >= 'A' && w[i] <= 'Z') ? w[i] - 'A' + 'a' : w[i]);
  std::string_view lw(buf, w.size());
  return std::find(list.begin(), list.end(), lw) != list.end();
}

// Single words never taken as a place name on their own.
constexpr std::string_view kGeneric[] = {
    "bay", "central", "north", "south", "east", "west", "northern", "southern", "eastern",
    "western", "island", "islands", "city", "valley", "river", "lake", "coast", "sea", "mountains",
    "republic", "state", "states", "capital", "province", "district", "region", "county",
    "kingdom", "union", "federal", "national", "airport", "base", "camp", "new", "old", "upper",
    "lower", "great", "grand", "port", "mount", "saint", "korea", "congo", "guinea"};

struct Found {
  Span span;           // absolute span of the name in the text
  std::string place;   // resolved id ("" = none)
  int precision = 9;   // for "most specific"
};

struct Context {
  std::vector<std::pair<uint32_t, int>> counts;  // country index -> mentions, sorted by index
  int total = 0;
  [[nodiscard]] int count(uint32_t c) const {
    auto it = std::lower_bound(counts.begin(), counts.end(), std::make_pair(c, 0),
                               [](auto a, auto b) { return a.first < b.first; });
    return it != counts.end() && it->first == c ? it->second : 0;
  }
  // `exclude`: mentions of the very name being resolved ("Georgia" must not vote for Georgia).
  [[nodiscard]] double bonus(uint32_t c, int exclude) const {
    int n = count(c) - exclude, tot = total - exclude;
    return n <= 0 || tot <= 0 ? 0.0 : 1.0 + 2.0 * n / tot;
  }
};

}  // namespace

PlaceResolver::PlaceResolver(const PlaceGazetteer& gazetteer) : gaz_(gazetteer) {}

void PlaceResolver::resolve(std::string_view text, Annotations& ann) const {
  const auto& G = *gaz_.impl_;
  std::string key;
  key.reserve(64);

  // 1. Which countries the article is about: country names and demonyms over the whole text.
  std::vector<Token> own_tokens;
  const std::vector<Token>* toks = &ann.tokens;
  if (ann.tokens.empty()) {
    own_tokens = tokenize(text);
    toks = &own_tokens;
  }
  std::map<uint32_t, int> counts;
  std::map<std::string, int, std::less<>> name_hits;  // country-name key -> occurrences
  auto count_hit = [&](const std::pair<uint32_t, bool>& c) {
    ++counts[c.first];
    if (c.second) return;
    auto it = name_hits.find(key);
    if (it == name_hits.end()) name_hits.emplace(key, 1);
    else ++it->second;
  };
  auto country_word = [&](std::string_view w) -> const std::pair<uint32_t, bool>* {
    key_into(w, key);
    auto it = G.country_words.find(key);
    return it == G.country_words.end() ? nullptr : &it->second;
  };
  for (size_t i = 0; i < toks->size(); ++i) {
    const Token& t = (*toks)[i];
    if (t.shape != TokenShape::Word || t.span.end > text.size()) continue;
    std::string_view w = t.span.of(text);
    if (!is_upper_start(w)) continue;
    // multi-word names first ("United States", "Saudi Arabia", "South Sudan")
    bool hit = false;
    for (size_t n = 3; n >= 2 && !hit; --n) {
      if (i + n > toks->size()) continue;
      const Token& last = (*toks)[i + n - 1];
      if (last.span.end > text.size() || !is_upper_start(last.span.of(text))) continue;
      if (const auto* c = country_word(text.substr(t.span.start, last.span.end - t.span.start))) {
        count_hit(*c);
        i += n - 1;
        hit = true;
      }
    }
    if (hit) continue;
    if (const auto* c = country_word(w)) {
      count_hit(*c);
    } else if (w.find('-') != std::string_view::npos) {  // "Iraqi-Syrian"
      for (auto part : split(w, '-'))
        if (const auto* pc = country_word(part)) ++counts[pc->first];
    }
  }
  Context ctx;
  for (auto [c, n] : counts) {
    ctx.counts.emplace_back(c, n);
    ctx.total += n;
  }

  std::map<std::string, Place> out_places;
  for (auto& p : ann.places) out_places.emplace(p.id, p);
  std::vector<PlaceMention> mentions = ann.place_mentions;

  auto add_place = [&](const Place& p) {
    if (out_places.count(p.id)) return;
    out_places.emplace(p.id, p);
    const Place* cur = &p;
    for (int guard = 0; guard < 8 && !cur->parent.empty(); ++guard) {
      const Place* par = gaz_.by_id(cur->parent);
      if (!par) break;
      out_places.emplace(par->id, *par);
      cur = par;
    }
  };
  auto sentence_of = [&](Span s) -> int32_t {
    auto it = std::upper_bound(ann.sentences.begin(), ann.sentences.end(), s.start,
                               [](uint32_t v, const Sentence& x) { return v < x.span.start; });
    if (it == ann.sentences.begin()) return -1;
    return static_cast<int32_t>(std::prev(it) - ann.sentences.begin());
  };
  std::set<std::pair<Span, std::string>, std::less<>> seen;
  for (const auto& m : mentions) seen.emplace(m.span, m.place);
  auto add_mention = [&](Span s, const std::string& id) {
    if (seen.emplace(s, id).second) mentions.push_back(PlaceMention{s, id, sentence_of(s)});
  };

  // Chooses among candidates: the winning index; -1 when no country clearly leads (`others`
  // then lists the contenders); -2 when the winner is too minor to trust (left unresolved).
  auto choose = [&](std::span<const uint32_t> cands, std::string_view name_key, Hint hint,
                    const std::vector<uint32_t>& constraint,
                    const std::vector<std::string_view>& admins,
                    std::vector<uint32_t>& others) -> int64_t {
    // `constraint`: countries named elsewhere in the span ("the Iraqi town of X", "X, Syria").
    std::vector<uint32_t> pool;
    for (uint32_t c : cands) {
      const auto& f = G.places[c].feature;
      if ((hint == Hint::City && f == "city") || (hint == Hint::Admin1 && f == "admin1"))
        pool.push_back(c);
    }
    if (pool.empty()) pool.assign(cands.begin(), cands.end());
    // Score per country (its best candidate); within a country the country itself wins, else
    // the candidate with the highest prior (Baghdad the city over Baghdad the governorate).
    struct Slot {
      double score = -1e9;
      uint32_t pick = 0;
      double pick_pref = -1.0;
    };
    std::map<std::string, Slot> per_country;
    for (uint32_t c : pool) {
      const Place& p = G.places[c];
      auto cit = G.iso2.find(p.country);
      double s = G.prior[c];
      if (cit != G.iso2.end()) {
        int exclude = 0;
        if (p.feature == "country")
          if (auto nh = name_hits.find(name_key); nh != name_hits.end()) exclude = nh->second;
        s += ctx.bonus(cit->second, exclude);
        if (std::find(constraint.begin(), constraint.end(), cit->second) != constraint.end())
          s += 10.0;
      }
      if (!p.parent.empty() && std::find(admins.begin(), admins.end(), p.parent) != admins.end())
        s += 3.0;
      Slot& slot = per_country[p.country];
      slot.score = std::max(slot.score, s);
      if (G.within[c] > slot.pick_pref) {
        slot.pick = c;
        slot.pick_pref = G.within[c];
      }
    }
    std::vector<std::pair<double, uint32_t>> ranked;
    for (auto& [cc, v] : per_country) ranked.emplace_back(v.score, v.pick);
    std::sort(ranked.begin(), ranked.end(), [&](auto a, auto b) {
      if (a.first != b.first) return a.first > b.first;
      return G.places[a.second].id < G.places[b.second].id;
    });
    others.clear();
    for (size_t i = 1; i < ranked.size() && others.size() < 5; ++i) others.push_back(ranked[i].second);
    if (ranked.size() == 1 || ranked[0].first - ranked[1].first >= 0.75) {
      // A minor place (not a country, capital or big city) in a country the article never
      // mentions is more likely a different thing ("Ain" of "Ain al-Asad" is not the French
      // department): leave it unresolved rather than guess.
      uint32_t w = ranked[0].second;
      const Place& p = G.places[w];
      auto cit = G.iso2.find(p.country);
      bool named = cit != G.iso2.end() &&
                   (ctx.count(cit->second) > 0 ||
                    std::find(constraint.begin(), constraint.end(), cit->second) != constraint.end() ||
                    std::find(admins.begin(), admins.end(), p.parent) != admins.end());
      if (p.feature != "country" && p.feature != "region" && ctx.total > 0 && !named &&
          (G.prior[w] < 2.6 || p.feature == "admin1"))
        return -2;
      return w;
    }
    others.insert(others.begin(), ranked[0].second);
    return -1;
  };

  // Resolves one span; returns what it found (names, borders, capitals).
  auto analyze_span = [&](Span span) {
    std::vector<Found> found;
    if (span.end > text.size() || span.empty()) return found;
    std::string_view sub = span.of(text);
    std::vector<Token> st = tokenize(sub);
    auto word = [&](size_t i) { return st[i].span.of(sub); };
    auto abs = [&](size_t a, size_t b) {  // tokens [a, b) -> absolute span
      return Span{span.start + st[a].span.start, span.start + st[b - 1].span.end};
    };
    // Country words in the span (constraints) and hyphenated pairs ("Iraqi-Syrian").
    std::vector<std::pair<uint32_t, size_t>> constraint;  // (country, token)
    std::vector<uint32_t> border_countries;
    size_t border_tok = st.size(), pair_tok = st.size();
    bool has_capital = false;
    size_t capital_tok = st.size();
    for (size_t i = 0; i < st.size(); ++i) {
      std::string_view w = word(i);
      if (word_is(w, {"border", "borders", "frontier", "border-area", "crossing"})) border_tok = std::min(border_tok, i);
      if (word_is(w, {"capital"})) {
        has_capital = true;
        capital_tok = i;
      }
      if (!is_upper_start(w)) continue;
      if (const auto* c = country_word(w)) {
        constraint.emplace_back(c->first, i);
      } else if (w.find('-') != std::string_view::npos) {
        std::vector<uint32_t> parts;
        for (auto part : split(w, '-'))
          if (const auto* pc = country_word(part)) parts.push_back(pc->first);
        if (parts.size() >= 2) {
          border_countries = parts;
          pair_tok = i;
        }
      }
    }
    // Names: longest gazetteer match starting and ending at a capitalised word.
    struct Hit {
      size_t i, end;
      std::span<const uint32_t> cands;
      std::string key;
    };
    std::vector<Hit> hits;
    for (size_t i = 0; i < st.size(); ++i) {
      if (st[i].shape != TokenShape::Word || !is_name_start(word(i))) continue;
      size_t best_end = 0;
      std::span<const uint32_t> best;
      for (size_t n = std::min<size_t>(6, st.size() - i); n >= 1; --n) {
        std::string_view lw = word(i + n - 1);
        if (st[i + n - 1].shape != TokenShape::Word || !is_name_start(lw)) continue;
        std::string_view phrase = sub.substr(st[i].span.start, st[i + n - 1].span.end - st[i].span.start);
        key_into(phrase, key);
        if (n == 1) {
          // generic words that are also some place's name ("Bay", "Central", "Island")
          if (std::find(std::begin(kGeneric), std::end(kGeneric), std::string_view(key)) !=
              std::end(kGeneric))
            break;
          auto cw = G.country_words.find(key);
          if (cw != G.country_words.end() && cw->second.second) break;  // a demonym, not a name
        }
        if (auto v = G.find(key); !v.empty()) {
          best = v;
          best_end = i + n;
          break;
        }
      }
      if (best.empty()) continue;
      hits.push_back(Hit{i, best_end, best, key});
      i = best_end - 1;
    }
    // Regions named in the span favour their own towns ("Qaim in the province of Anbar").
    std::vector<std::string_view> span_admins;  // of the other names in the span
    std::vector<uint32_t> others;
    for (const auto& h : hits) {
      span_admins.clear();
      for (const auto& o : hits)
        if (&o != &h)
          for (uint32_t c : o.cands)
            if (G.places[c].feature == "admin1") span_admins.push_back(G.places[c].id);
      const size_t i = h.i, best_end = h.end;
      const std::string& name_key = h.key;
      Hint hint = Hint::None;
      for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) {
        std::string_view w = word(k);
        if (word_is(w, {"town", "city", "village", "towns", "cities", "villages"})) hint = Hint::City;
        if (word_is(w, {"province", "governorate", "region", "state", "provinces"})) hint = Hint::Admin1;
      }
      if (best_end < st.size()) {
        std::string_view w = word(best_end);
        if (word_is(w, {"province", "governorate", "region", "state"})) hint = Hint::Admin1;
        if (word_is(w, {"city", "town"})) hint = Hint::City;
      }
      Span nspan = abs(i, best_end);
      std::vector<uint32_t> outside;  // country words of the span outside this name
      for (auto [c, tok] : constraint)
        if (tok < i || tok >= best_end) outside.push_back(c);
      int64_t pick = choose(h.cands, name_key, hint, outside, span_admins, others);
      Found fd;
      fd.span = nspan;
      if (pick == -2) continue;
      if (pick >= 0) {
        Place p = G.places[static_cast<size_t>(pick)];
        for (uint32_t o : others) p.candidates.push_back(G.places[o].id);
        fd.place = p.id;
        fd.precision = p.precision;
        add_place(p);
      } else {
        Place amb;
        key_into(nspan.of(text), key);
        std::string slug = key;
        std::replace(slug.begin(), slug.end(), ' ', '-');
        amb.id = "place:ambiguous-" + slug;
        amb.name = std::string(nspan.of(text));
        amb.feature = "ambiguous";
        for (uint32_t o : others) amb.candidates.push_back(G.places[o].id);
        fd.place = amb.id;
        fd.precision = 8;
        out_places.emplace(amb.id, std::move(amb));
      }
      found.push_back(std::move(fd));
    }
    // Border areas: "the Iraqi-Syrian border", "the border with Syria", "border between X and Y".
    if (border_tok < st.size()) {
      std::vector<uint32_t> pair = border_countries;
      size_t first = pair.empty() ? border_tok : std::min(pair_tok, border_tok);
      size_t last = pair.empty() ? border_tok : std::max(pair_tok, border_tok);
      if (pair.empty()) {
        for (size_t i = border_tok + 1; i < st.size() && i <= border_tok + 6; ++i)
          if (const auto* c = is_upper_start(word(i)) ? country_word(word(i)) : nullptr) {
            if (std::find(pair.begin(), pair.end(), c->first) == pair.end()) pair.push_back(c->first);
            last = i;
          }
        // "X-Y border" with names or a country adjective right before "border"
        if (pair.empty() && border_tok > 0)
          if (const auto* c = is_upper_start(word(border_tok - 1)) ? country_word(word(border_tok - 1)) : nullptr) {
            pair.push_back(c->first);
            first = border_tok - 1;
          }
        if (pair.size() == 1) {  // the other side is the country the article is about...
          // ...if it can share a border: its centre lies within 2,500 km of the named country's
          // (no adjacency table; "the border with Syria" in a US story is not a US border).
          const Place& named = G.places[pair[0]];
          auto near_enough = [&](const Place& o) {
            if (!named.has_coords || !o.has_coords) return false;
            constexpr double kRad = 3.14159265358979323846 / 180.0;
            const double dlat = (o.lat - named.lat) * kRad;
            const double dlon = (o.lon - named.lon) * kRad;
            const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                             std::cos(named.lat * kRad) * std::cos(o.lat * kRad) *
                                 std::sin(dlon / 2) * std::sin(dlon / 2);
            return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a))) <= 2500.0;
          };
          uint32_t best_c = pair[0];
          int best_n = 0;
          for (auto [c, n] : ctx.counts)
            if (c != pair[0] && n > best_n && near_enough(G.places[c])) {
              best_c = c;
              best_n = n;
            }
          if (best_n > 0) pair.push_back(best_c);
        }
      }
      if (!pair.empty()) {
        std::vector<std::string> codes;
        for (uint32_t c : pair) codes.push_back(G.places[c].country);
        std::sort(codes.begin(), codes.end());
        codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
        if (codes.size() > 2) codes.resize(2);
        Place b;
        b.id = "place:border";
        b.name.clear();
        for (const auto& cc : codes) {
          std::string lc = cc;
          for (auto& ch : lc) ch = static_cast<char>((ch >= 'A' && ch <= 'Z') ? ch - 'A' + 'a' : ch);
          b.id += "-" + lc;
          const Place* cp = gaz_.country(cc);
          if (!b.name.empty()) b.name += "-";
          b.name += cp ? cp->name : cc;
          if (cp) add_place(*cp);
        }
        b.name += " border";
        b.feature = "border";
        b.country = codes[0];
        b.precision = 3;
        Found fd;
        fd.span = abs(first, last + 1);
        fd.place = b.id;
        fd.precision = 3;
        out_places.emplace(b.id, std::move(b));
        found.push_back(std::move(fd));
      }
    }
    // "the Iraqi capital" with no name: the capital of the country named.
    bool has_city = std::any_of(found.begin(), found.end(), [](const Found& f) { return f.precision == 1; });
    if (has_capital && !has_city && !constraint.empty()) {
      std::string_view cap = gaz_.capital_of(G.places[constraint.back().first].country);
      if (const Place* p = cap.empty() ? nullptr : gaz_.by_id(cap)) {
        add_place(*p);
        size_t first = capital_tok;
        if (first > 0 && country_word(word(first - 1))) --first;
        found.push_back(Found{abs(first, capital_tok + 1), p->id, 1});
      }
    }
    return found;
  };

  std::map<Span, std::vector<Found>> cache;
  auto results = [&](Span s) -> const std::vector<Found>& {
    auto it = cache.find(s);
    if (it == cache.end()) it = cache.emplace(s, analyze_span(s)).first;
    return it->second;
  };

  for (const auto& e : ann.entities) {
    if (e.type != EntityType::GPE && e.type != EntityType::LOC && e.type != EntityType::FAC) continue;
    for (const auto& f : results(e.span)) add_mention(f.span, f.place);
  }
  // A location argument often stops before the place chain that makes it precise ("16km from
  // the border with Syria | in the Iraqi town of Qaim in the western province of Anbar"): follow
  // locative prepositions and place descriptors after the span, up to punctuation or a word
  // that is neither capitalised nor part of a place description.
  auto extend_locative = [&](Span s) {
    static const std::unordered_set<std::string_view> kPrep{"in", "near", "at", "outside", "inside",
                                                            "along", "across", "around", "close"};
    static const std::unordered_set<std::string_view> kDesc{
        "the", "a", "an", "of", "in", "near", "at", "to", "town", "city", "village", "province",
        "governorate", "region", "district", "area", "capital", "border", "with", "outskirts",
        "western", "eastern", "northern", "southern", "central", "north", "south", "east", "west",
        "northwest", "northeast", "southwest", "southeast", "outside", "state", "county", "desert",
        "neighbourhood", "neighborhood", "port", "coastal", "frontier", "km", "miles", "kilometres",
        "kilometers", "from", "about", "some"};
    auto it = std::lower_bound(ann.tokens.begin(), ann.tokens.end(), s.end,
                               [](const Token& t, uint32_t pos) { return t.span.start < pos; });
    uint32_t end = s.end;
    bool started = false;
    for (int n = 0; it != ann.tokens.end() && n < 24; ++it, ++n) {
      const std::string_view w = it->span.of(text);
      if (it->paragraph_before || it->shape == TokenShape::Punct || it->shape == TokenShape::Quote) break;
      std::string lw = fold_key(w);
      if (!started) {
        if (!kPrep.contains(lw)) break;
        started = true;
      }
      const auto c = static_cast<unsigned char>(w.front());
      const bool cap = (c >= 'A' && c <= 'Z') || c >= 0x80;
      if (!cap && it->shape != TokenShape::Number && !kDesc.contains(lw)) break;
      end = it->span.end;
    }
    return Span{s.start, end};
  };

  for (auto& ev : ann.events) {
    for (auto& arg : ev.args) {
      if (arg.role != "location") continue;
      const auto& fs = results(extend_locative(arg.span));
      const Found* best = nullptr;
      for (const auto& f : fs) {
        add_mention(f.span, f.place);
        if (!best || f.precision < best->precision) best = &f;
      }
      if (best) arg.value = best->place;
    }
  }

  // Events get the most specific place their own sentences give them: a place mention after a
  // trigger (or a coreferent mention), introduced by a locative preposition ("the strikes were
  // carried out ... in the Iraqi town of Qaim"), that is more precise than the location the
  // extractor found, becomes a location argument.
  auto precision_of = [&](const std::string& id) {
    auto it = out_places.find(id);
    return it == out_places.end() || it->second.precision <= 0 ? 99 : it->second.precision;
  };
  static const std::unordered_set<std::string_view> kBarrier{
      "since", "after", "before", "until", "because", "although", "though", "that", "which",
      "who", "whose", "where", ";"};
  auto locative_before = [&](uint32_t pos, uint32_t floor) {
    static const std::unordered_set<std::string_view> kPrep{"in", "near", "at", "outside", "inside"};
    static const std::unordered_set<std::string_view> kFill{
        "the", "town", "city", "village", "province", "governorate", "region",
        "district", "of", "western", "eastern", "northern", "southern", "central", "capital"};
    auto it = std::lower_bound(ann.tokens.begin(), ann.tokens.end(), pos,
                               [](const Token& t, uint32_t p) { return t.span.start < p; });
    for (int n = 0; n < 6 && it != ann.tokens.begin(); ++n) {
      --it;
      if (it->span.start < floor) return false;
      const std::string lw = fold_key(it->span.of(text));
      if (kPrep.contains(lw)) return true;
      const auto c = static_cast<unsigned char>(lw.empty() ? ' ' : lw.front());
      if (!kFill.contains(lw) && !(c >= 0x80) && it->shape != TokenShape::Word) return false;
      if (!kFill.contains(lw) && it->shape == TokenShape::Word &&
          !(static_cast<unsigned char>(text[it->span.start]) >= 'A' &&
            static_cast<unsigned char>(text[it->span.start]) <= 'Z'))
        return false;
    }
    return false;
  };
  std::sort(mentions.begin(), mentions.end(), [](const PlaceMention& a, const PlaceMention& b) {
    return a.span < b.span;
  });
  // Every event mention (trigger or coreferent span) with its event: a place after another
  // event's mention belongs to that event ("condemned the airstrikes near Qaim": Qaim is the
  // strikes' place, not the condemnation's).
  std::vector<std::pair<uint32_t, size_t>> ev_starts;
  for (size_t i = 0; i < ann.events.size(); ++i) {
    ev_starts.emplace_back(ann.events[i].trigger.start, i);
    for (const Span& c : ann.events[i].coref) ev_starts.emplace_back(c.start, i);
  }
  std::sort(ev_starts.begin(), ev_starts.end());
  for (size_t ei = 0; ei < ann.events.size(); ++ei) {
    auto& ev = ann.events[ei];
    int have = 99;
    for (const auto& a : ev.args)
      if (a.role == "location" && a.value.starts_with("place:")) have = std::min(have, precision_of(a.value));
    const PlaceMention* best = nullptr;
    int best_prec = have;
    auto scan = [&](Span trig) {
      auto sit = std::upper_bound(ann.sentences.begin(), ann.sentences.end(), trig.start,
                                  [](uint32_t p, const Sentence& x) { return p < x.span.start; });
      if (sit == ann.sentences.begin()) return;
      const Span sent = std::prev(sit)->span;
      uint32_t limit = sent.end;  // the next mention of another event
      for (auto it = std::upper_bound(ev_starts.begin(), ev_starts.end(), std::pair<uint32_t, size_t>{trig.start, std::numeric_limits<size_t>::max()});
           it != ev_starts.end() && it->first < sent.end; ++it)
        if (it->second != ei && it->first >= trig.end) {
          limit = it->first;
          break;
        }
      // a clause or a "since/after/before" phrase opened after the trigger has places of its
      // own: "authorised by Biden since elections in Iran" did not happen in Iran
      auto tk = std::lower_bound(ann.tokens.begin(), ann.tokens.end(), trig.end,
                                 [](const Token& t, uint32_t p) { return t.span.start < p; });
      for (; tk != ann.tokens.end() && tk->span.start < limit; ++tk) {
        const std::string_view w = tk->span.of(text);
        if (w.size() > 8) continue;  // no barrier word is longer (no allocation per token)
        std::array<char, 8> buf{};
        for (size_t i = 0; i < w.size(); ++i)
          buf[i] = (w[i] >= 'A' && w[i] <= 'Z') ? static_cast<char>(w[i] - 'A' + 'a') : w[i];
        const std::string_view lw(buf.data(), w.size());
        // "the clashes, which began in Kafanchan": a relative clause right after the event
        // describes the event itself
        if (lw == "which" && tk->span.start <= trig.end + 3) continue;
        if (kBarrier.contains(lw)) {
          limit = tk->span.start;
          break;
        }
      }
      for (const auto& m : mentions) {
        if (m.span.start < trig.end || m.span.end > limit) continue;
        const int pr = precision_of(m.place);
        if (pr < best_prec && locative_before(m.span.start, trig.end)) {
          best = &m;
          best_prec = pr;
        }
      }
    };
    scan(ev.trigger);
    for (const Span& c : ev.coref) scan(c);
    if (best != nullptr) ev.args.push_back(EventArg{"location", best->span, "", best->place});
  }

  // Candidates recorded on a place are the alternatives considered at its first mention.
  ann.places.clear();
  for (auto& [id, p] : out_places) ann.places.push_back(std::move(p));
  std::sort(mentions.begin(), mentions.end(), [](const PlaceMention& a, const PlaceMention& b) {
    if (a.span != b.span) return a.span < b.span;
    return a.place < b.place;
  });
  ann.place_mentions = std::move(mentions);
}

}  // namespace eg
