#include "core/actor_gazetteer.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/resources.hpp"
#include "core/segmenter.hpp"

namespace eg {
namespace {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;
constexpr uint32_t kDemonymBit = 0x80000000u;
constexpr uint32_t kAcronymBit = 0x40000000u;
constexpr uint32_t kEntryMask = 0x3FFFFFFFu;
// Slot::flags of the phrase table.
constexpr uint32_t kPhrase = 1;     // a full name, alias or demonym (Slot::value says which entry)
constexpr uint32_t kPrefix = 2;     // the first words of a longer name
constexpr uint32_t kFirstName = 4;  // a listed first name

uint64_t fnv(std::string_view s) {
  uint64_t h = kFnvOffset;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

bool has_lower(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}
bool starts_upper(std::string_view w) {
  return !w.empty() && ((w[0] >= 'A' && w[0] <= 'Z') || static_cast<unsigned char>(w[0]) >= 0xC0);
}

// An alias written in capitals ("IS", "US", "PMF") only matches words written in capitals.
bool is_acronym(std::string_view alias) {
  bool upper = false;
  for (char c : alias) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') upper = true;
  }
  return upper;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t k = s.find(sep, pos);
    out.push_back(s.substr(pos, k == std::string_view::npos ? std::string_view::npos : k - pos));
    if (k == std::string_view::npos) break;
    pos = k + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// What a variant key makes of each byte: the byte to write (ASCII lowercased, '-' as a space),
// kDrop for apostrophes, kSlow for bytes the slow path handles (NUL, 0x01, non-ASCII).
constexpr uint8_t kDrop = 0;
constexpr uint8_t kSlow = 1;
constexpr std::array<uint8_t, 256> kFold = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (c < 2 || c >= 0x80) t[c] = kSlow;
    else if (c >= 'A' && c <= 'Z') t[c] = static_cast<uint8_t>(c - 'A' + 'a');
    else if (c == '\'' || c == '`') t[c] = kDrop;
    else if (c == '-') t[c] = ' ';
    else t[c] = static_cast<uint8_t>(c);
  }
  return t;
}();

// Bit of a screen for a key's first byte, second byte (0 for a one-byte key) and
// last byte.
size_t screen_bit(uint8_t k0, uint8_t k1, uint8_t kl) {
  const uint32_t x = k0 * 0x9E3779B1u ^ k1 * 0x85EBCA77u ^ kl * 0xC2B2AE3Du;
  return (x >> 16) & 0xFFFF;
}

// Sets the screen bit of a (non-empty) key; a screen is 1024 words, allocated on first use.
void screen_add(std::vector<uint64_t>& screen, std::string_view key) {
  if (key.empty()) return;
  if (screen.empty()) screen.assign(1024, 0);
  const size_t b = screen_bit(static_cast<uint8_t>(key[0]),
                              key.size() > 1 ? static_cast<uint8_t>(key[1]) : 0,
                              static_cast<uint8_t>(key.back()));
  screen[b / 64] |= uint64_t{1} << (b % 64);
}

// Writes the variant key of one token to `o` (room for t.size() bytes: the key is never
// longer) and returns its length.
size_t variant_key_into(std::string_view t, char* o) {
  char* p = o;
  const size_t n = t.size();
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    const uint8_t m = kFold[c];
    if (m > kSlow) {
      *p++ = static_cast<char>(m);
      continue;
    }
    if (m == kDrop) continue;
    if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(t[i + 1]) == 0x80) {
      const auto c3 = static_cast<unsigned char>(t[i + 2]);
      if (c3 == 0x98 || c3 == 0x99) { i += 2; continue; }                  // ‘ ’
      if (c3 >= 0x90 && c3 <= 0x94) { *p++ = ' '; i += 2; continue; }     // dashes
    }
    if (c == 0xCA && i + 1 < n && static_cast<unsigned char>(t[i + 1]) == 0xBC) {
      ++i;  // ʼ
      continue;
    }
    *p++ = static_cast<char>(c);
  }
  const auto len = static_cast<size_t>(p - o);
  // British -is- spellings fold to -iz-: mobilisation, organisation, organised. The suffixes
  // end in different letters, so the last one picks the only candidate.
  std::string_view suf;
  if (len > 5) {
    switch (o[len - 1]) {
      case 'n': suf = "isation"; break;
      case 's': suf = "isations"; break;
      case 'd': suf = "ised"; break;
      case 'g': suf = "ising"; break;
      case 'e': suf = "ise"; break;
      default: break;
    }
  }
  if (!suf.empty() && len > suf.size() + 2 && std::string_view(o, len).ends_with(suf))
    o[len - suf.size() + 1] = 'z';
  return len;
}

// FNV-1a continued over `s` from state `h`.
uint64_t fnv_more(uint64_t h, std::string_view s) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

// fnv_more(h, variant key of t) without writing the key out; `len` receives the key's length.
// The key's last eight bytes are kept to test the -is- suffixes; a word that has one (rare) is
// folded again with variant_key_into.
uint64_t fold_hash(std::string_view t, uint64_t h, size_t& len) {
  const uint64_t h0 = h;
  uint64_t tail = 0;  // the last key bytes, most recent in the low byte
  size_t n_out = 0;
  auto put = [&](uint8_t b) {
    h = (h ^ b) * kFnvPrime;
    tail = (tail << 8) | b;
    ++n_out;
  };
  const size_t n = t.size();
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    const uint8_t m = kFold[c];
    if (m > kSlow) {
      put(m);
      continue;
    }
    if (m == kDrop) continue;
    if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(t[i + 1]) == 0x80) {
      const auto c3 = static_cast<unsigned char>(t[i + 2]);
      if (c3 == 0x98 || c3 == 0x99) { i += 2; continue; }                  // ‘ ’
      if (c3 >= 0x90 && c3 <= 0x94) { put(' '); i += 2; continue; }       // dashes
    }
    if (c == 0xCA && i + 1 < n && static_cast<unsigned char>(t[i + 1]) == 0xBC) {
      ++i;  // ʼ
      continue;
    }
    put(c);
  }
  len = n_out;
  if (n_out > 5) {
    // Same test as variant_key_into, on the last key bytes kept in `tail`.
    auto ends = [&](uint64_t suffix, size_t size) {
      const uint64_t mask = size == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * size)) - 1;
      return n_out > size + 2 && (tail & mask) == suffix;
    };
    bool fold = false;
    switch (tail & 0xFF) {
      case 'n': fold = ends(0x69736174696f6eULL, 7); break;     // isation
      case 's': fold = ends(0x69736174696f6e73ULL, 8); break;   // isations
      case 'd': fold = ends(0x69736564ULL, 4); break;           // ised
      case 'g': fold = ends(0x6973696e67ULL, 5); break;         // ising
      case 'e': fold = ends(0x697365ULL, 3); break;             // ise
      default: break;
    }
    if (fold) {
      char local[64];
      std::string big;
      char* const o = n <= sizeof local ? local : (big.resize(n), big.data());
      len = variant_key_into(t, o);
      return fnv_more(h0, std::string_view(o, len));
    }
  }
  return h;
}

}  // namespace

void append_variant_key(std::string_view t, std::string& out) {
  const size_t at = out.size();
  out.resize(at + t.size());
  out.resize(at + variant_key_into(t, out.data() + at));
}

std::string variant_key(std::string_view phrase) {
  std::string out;
  for (const Token& t : tokenize(phrase)) {
    if (!out.empty()) out.push_back(' ');
    append_variant_key(t.span.of(phrase), out);
  }
  return out;
}

std::string slugify(std::string_view name) {
  // fold_key only lowercases ASCII text: skip its copy for the common all-ASCII name.
  const bool ascii = std::all_of(name.begin(), name.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  const std::string folded = ascii ? std::string() : fold_key(name);
  const std::string_view key = ascii ? name : std::string_view(folded);
  std::string out;
  out.reserve(key.size());
  for (size_t i = 0; i < key.size(); ++i) {
    auto c = static_cast<unsigned char>(key[i]);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(static_cast<char>(c));
    } else if (c == '\'' || c == '.') {
      continue;
    } else if (c >= 0x80) {
      out.push_back(static_cast<char>(c));  // keep non-ASCII letters as they are
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

int gaz_category(EntityType t) {
  switch (t) {
    case EntityType::PER: return 0;
    case EntityType::ORG: return 1;
    case EntityType::GPE:
    case EntityType::LOC:
    case EntityType::FAC: return 2;
    default: return 3;
  }
}

ActorGazetteer::Slot& ActorGazetteer::slot(uint64_t hash) {
  if (2 * (used_ + 1) > table_.size()) {  // keep at most half full: short probe sequences
    std::vector<Slot> old = std::move(table_);
    table_.assign(std::max<size_t>(64, 2 * old.size()), Slot{});
    const size_t mask = table_.size() - 1;
    for (const Slot& s : old) {
      if (s.flags == 0) continue;
      size_t b = (s.hash ^ (s.hash >> 32)) & mask;
      while (table_[b].flags != 0) b = (b + 1) & mask;
      table_[b] = s;
    }
  }
  const size_t mask = table_.size() - 1;
  size_t b = (hash ^ (hash >> 32)) & mask;
  while (table_[b].flags != 0) {
    if (table_[b].hash == hash) return table_[b];
    b = (b + 1) & mask;
  }
  ++used_;
  table_[b].hash = hash;
  return table_[b];
}

const ActorGazetteer::Slot* ActorGazetteer::find(uint64_t hash) const {
  if (table_.empty()) return nullptr;
  const size_t mask = table_.size() - 1;
  for (size_t b = (hash ^ (hash >> 32)) & mask;; b = (b + 1) & mask) {
    const Slot& s = table_[b];
    if (s.flags == 0) return nullptr;
    if (s.hash == hash) return &s;
  }
}

void ActorGazetteer::index_phrase(std::string_view phrase, uint32_t entry, bool demonym) {
  const std::vector<Token> toks = tokenize(phrase);
  if (toks.empty()) return;
  std::string key;
  for (const Token& t : toks) {
    if (!key.empty()) key.push_back(' ');
    append_variant_key(t.span.of(phrase), key);
  }
  // Hyphens became spaces: every space is a possible word boundary in the text.
  size_t words = 1;
  for (size_t k = 0; k < key.size(); ++k)
    if (key[k] == ' ') {
      slot(fnv(std::string_view(key).substr(0, k))).flags |= kPrefix;
      screen_add(prefix_screen_, std::string_view(key).substr(0, k));
      screen_add(key_screen_, std::string_view(key).substr(0, k));
      ++words;
    }
  max_tokens_ = std::max(max_tokens_, words);
  const uint32_t v = entry | (demonym ? kDemonymBit : 0) | (is_acronym(phrase) ? kAcronymBit : 0);
  max_key_ = std::max(max_key_, key.size());
  screen_add(key_screen_, key);
  Slot& s = slot(fnv(key));  // a later phrase with the same key overrides
  s.value = v;
  s.flags |= kPhrase;
}

uint32_t ActorGazetteer::add(GazEntry e) {
  const auto id = static_cast<uint32_t>(entries_.size());
  entries_.push_back(std::move(e));
  const GazEntry& x = entries_.back();
  actor_ids_.push_back("actor:" + slugify(x.name));
  index_phrase(x.name, id, false);
  for (const auto& a : x.aliases) index_phrase(a, id, false);
  for (const auto& d : x.demonyms) index_phrase(d, id, true);
  if (x.type == EntityType::ORG && (x.name.find("government") != std::string::npos ||
                                    x.name.find("military") != std::string::npos))
    office_.try_emplace(x.cameo, id);  // the first such entry of a code wins
  return id;
}

void ActorGazetteer::load_file(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (trim(line).empty() || line[0] == '#') continue;
    auto cols = split(line, '\t');
    if (cols.size() < 2)
      throw InputError(fmt::format("{}:{}: expected name<TAB>type[<TAB>country<TAB>cameo<TAB>"
                                   "aliases<TAB>demonyms]", file.string(), line_no));
    GazEntry e;
    e.name = std::string(trim(cols[0]));
    auto type = entity_type_from(trim(cols[1]));
    if (e.name.empty() || !type)
      throw InputError(fmt::format("{}:{}: empty name or unknown type '{}'", file.string(),
                                   line_no, cols[1]));
    e.type = *type;
    if (cols.size() > 2) e.country = std::string(trim(cols[2]));
    if (cols.size() > 3) e.cameo = std::string(trim(cols[3]));
    if (cols.size() > 4)
      for (auto a : split(cols[4], '|'))
        if (!trim(a).empty()) e.aliases.emplace_back(trim(a));
    if (cols.size() > 5)
      for (auto a : split(cols[5], '|'))
        if (!trim(a).empty()) e.demonyms.emplace_back(trim(a));
    add(std::move(e));
  }
}

void ActorGazetteer::load_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  std::vector<std::filesystem::path> files;
  for (const auto& de : std::filesystem::directory_iterator(dir))
    if (de.path().extension() == ".tsv") files.push_back(de.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) load_file(f);
}

void ActorGazetteer::load_first_names(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return;
  const std::string text = read_file(file);
  for (auto line : split(text, '\n')) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::string k;
    append_variant_key(line, k);
    max_key_ = std::max(max_key_, k.size());
    screen_add(key_screen_, k);
    slot(fnv(k)).flags |= kFirstName;
    has_first_names_ = true;
  }
}

int32_t ActorGazetteer::office_entry(std::string_view cameo) const {
  const auto it = office_.find(cameo);
  return it == office_.end() ? -1 : static_cast<int32_t>(it->second);
}

bool ActorGazetteer::is_first_name(std::string_view word, std::string& scratch) const {
  if (!has_first_names_ || !starts_upper(word)) return false;
  scratch.clear();
  append_variant_key(word, scratch);
  const Slot* s = find(fnv(scratch));
  return s && (s->flags & kFirstName);
}

GazMatch ActorGazetteer::longest(std::span<const std::string_view> words, size_t i) const {
  bool first_name = false;
  return longest_at(words, i, first_name);
}

bool ActorGazetteer::screened_out(std::string_view w) const {
  // Screens rule out most words without folding them. When a word's first two and last bytes
  // are plain ASCII they are its key's, and the key can only be indexed if its screen bit is
  // set. A word starting with a lowercase letter matches nothing alone (matches need a
  // capital): it matters only as the first word of a longer name, so only prefixes count.
  if (w.empty()) return false;
  const uint8_t k0 = kFold[static_cast<unsigned char>(w[0])];
  const uint8_t k1 = w.size() > 1 ? kFold[static_cast<unsigned char>(w[1])] : 0;
  const uint8_t kl = kFold[static_cast<unsigned char>(w.back())];
  if (k0 <= kSlow || (w.size() > 1 && k1 <= kSlow) || kl <= kSlow) return false;
  const std::vector<uint64_t>& screen = w[0] >= 'a' && w[0] <= 'z' ? prefix_screen_ : key_screen_;
  const size_t b = screen_bit(k0, k1, kl);
  return screen.empty() || !(screen[b / 64] >> (b % 64) & 1);
}

GazMatch ActorGazetteer::longest_at(std::span<const std::string_view> words, size_t i,
                                    bool& first_name) const {
  GazMatch best{static_cast<uint32_t>(i), static_cast<uint32_t>(i), 0, false};
  first_name = false;
  // The hash of the key of words[i..j] is extended word by word (FNV-1a is computed byte by
  // byte, so extending the key extends the hash). A key longer than any indexed key cannot
  // match: stop there.
  if (i >= words.size()) return best;
  if (screened_out(words[i])) return best;
  size_t len = 0;
  uint64_t h = kFnvOffset;
  bool any_upper = false;
  for (size_t j = i; j < words.size() && j - i < max_tokens_ + 2; ++j) {
    const std::string_view w = words[j];
    if (j > i) {
      h = (h ^ static_cast<unsigned char>(' ')) * kFnvPrime;
      ++len;
    }
    size_t k = 0;
    h = fold_hash(w, h, k);
    len += k;
    if (len > max_key_) break;
    any_upper = any_upper || starts_upper(w);
    const Slot* s = find(h);
    if (!s) break;
    if (j == i) first_name = (s->flags & kFirstName) && any_upper;
    if ((s->flags & kPhrase) && any_upper) {
      const uint32_t v = s->value;
      // An alias written in capitals only matches words without lowercase letters.
      const bool ok = !(v & kAcronymBit) ||
                      std::none_of(words.begin() + static_cast<std::ptrdiff_t>(i),
                                   words.begin() + static_cast<std::ptrdiff_t>(j + 1), has_lower);
      if (ok) best = {static_cast<uint32_t>(i), static_cast<uint32_t>(j + 1), v & kEntryMask,
                      (v & kDemonymBit) != 0};
    }
    if (!(s->flags & kPrefix)) break;
  }
  return best;
}

int32_t ActorGazetteer::find_words(std::span<const std::string_view> words,
                                   std::string& scratch) const {
  scratch.clear();
  for (size_t j = 0; j < words.size(); ++j) {
    if (j) scratch.push_back(' ');
    append_variant_key(words[j], scratch);
  }
  const Slot* s = find(fnv(scratch));
  if (!s || !(s->flags & kPhrase) || (s->value & kDemonymBit)) return -1;
  return static_cast<int32_t>(s->value & kEntryMask);
}

void ActorGazetteer::feature_classes(std::span<const std::string_view> words,
                                     std::vector<uint8_t>& out) const {
  thread_local std::vector<GazMatch> matches;
  matches.clear();
  feature_classes(words, out, matches);
}

void ActorGazetteer::feature_classes(std::span<const std::string_view> words,
                                     std::vector<uint8_t>& out,
                                     std::vector<GazMatch>& matches) const {
  out.assign(words.size(), 0);
  for (size_t i = 0; i < words.size();) {
    if (screened_out(words[i])) {  // the common case, decided here without a call
      ++i;
      continue;
    }
    bool first_name = false;
    const GazMatch m = longest_at(words, i, first_name);
    if (m.end > m.first) {
      matches.push_back(m);
      const int cat = m.demonym ? 3 : gaz_category(entries_[m.entry].type);
      for (uint32_t k = m.first; k < m.end; ++k)
        out[k] = static_cast<uint8_t>(cat * 2 + (k == m.first ? 1 : 2));
      i = m.end;
      continue;
    }
    if (first_name) out[i] = 4 * 2 + 1;
    ++i;
  }
}

}  // namespace eg
