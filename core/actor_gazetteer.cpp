#include "core/actor_gazetteer.hpp"

#include <algorithm>

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

}  // namespace

void append_variant_key(std::string_view t, std::string& out) {
  const size_t start = out.size();
  for (size_t i = 0; i < t.size(); ++i) {
    auto c = static_cast<unsigned char>(t[i]);
    if (c == '\'' || c == '`') continue;
    if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
      auto c3 = static_cast<unsigned char>(t[i + 2]);
      if (c3 == 0x98 || c3 == 0x99) { i += 2; continue; }            // ‘ ’
      if (c3 >= 0x90 && c3 <= 0x94) { out.push_back(' '); i += 2; continue; }  // dashes
    }
    if (c == 0xCA && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xBC) {
      ++i;  // ʼ
      continue;
    }
    if (c == '-') { out.push_back(' '); continue; }
    out.push_back(static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c));
  }
  // British -is- spellings fold to -iz-: mobilisation, organisation, organised.
  std::string_view k(out.data() + start, out.size() - start);
  for (std::string_view suf : {"isation", "isations", "ised", "ising", "ise"}) {
    if (k.size() > suf.size() + 2 && k.ends_with(suf)) {
      out[out.size() - suf.size() + 1] = 'z';
      break;
    }
  }
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
  std::string key = fold_key(name);
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    auto c = static_cast<unsigned char>(key[i]);
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
      prefixes_.insert(fnv(std::string_view(key).substr(0, k)));
      ++words;
    }
  max_tokens_ = std::max(max_tokens_, words);
  const uint32_t v = entry | (demonym ? kDemonymBit : 0) | (is_acronym(phrase) ? kAcronymBit : 0);
  phrases_[fnv(key)] = v;
}

uint32_t ActorGazetteer::add(GazEntry e) {
  const auto id = static_cast<uint32_t>(entries_.size());
  entries_.push_back(std::move(e));
  const GazEntry& x = entries_.back();
  index_phrase(x.name, id, false);
  for (const auto& a : x.aliases) index_phrase(a, id, false);
  for (const auto& d : x.demonyms) index_phrase(d, id, true);
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
    first_names_.insert(fnv(k));
  }
}

bool ActorGazetteer::is_first_name(std::string_view word, std::string& scratch) const {
  if (first_names_.empty() || !starts_upper(word)) return false;
  scratch.clear();
  append_variant_key(word, scratch);
  return first_names_.contains(fnv(scratch));
}

GazMatch ActorGazetteer::longest(std::span<const std::string_view> words, size_t i,
                                 std::string& scratch) const {
  GazMatch best{static_cast<uint32_t>(i), static_cast<uint32_t>(i), 0, false};
  scratch.clear();
  bool any_upper = false;
  bool all_caps = true;
  for (size_t j = i; j < words.size() && j - i < max_tokens_ + 2; ++j) {
    if (j > i) scratch.push_back(' ');
    append_variant_key(words[j], scratch);
    any_upper = any_upper || starts_upper(words[j]);
    all_caps = all_caps && !has_lower(words[j]);
    const uint64_t h = fnv(scratch);
    if (auto it = phrases_.find(h); it != phrases_.end()) {
      const uint32_t v = it->second;
      const bool ok = any_upper && (!(v & kAcronymBit) || all_caps);
      if (ok) best = {static_cast<uint32_t>(i), static_cast<uint32_t>(j + 1), v & kEntryMask,
                      (v & kDemonymBit) != 0};
    }
    if (!prefixes_.contains(h)) break;
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
  auto it = phrases_.find(fnv(scratch));
  if (it == phrases_.end() || (it->second & kDemonymBit)) return -1;
  return static_cast<int32_t>(it->second & kEntryMask);
}

void ActorGazetteer::feature_classes(std::span<const std::string_view> words,
                                     std::vector<uint8_t>& out, std::string& scratch) const {
  thread_local std::vector<GazMatch> matches;
  matches.clear();
  feature_classes(words, out, matches, scratch);
}

void ActorGazetteer::feature_classes(std::span<const std::string_view> words,
                                     std::vector<uint8_t>& out, std::vector<GazMatch>& matches,
                                     std::string& scratch) const {
  out.assign(words.size(), 0);
  for (size_t i = 0; i < words.size();) {
    GazMatch m = longest(words, i, scratch);
    if (m.end > m.first) {
      matches.push_back(m);
      const int cat = m.demonym ? 3 : gaz_category(entries_[m.entry].type);
      for (uint32_t k = m.first; k < m.end; ++k)
        out[k] = static_cast<uint8_t>(cat * 2 + (k == m.first ? 1 : 2));
      i = m.end;
      continue;
    }
    if (is_first_name(words[i], scratch)) out[i] = 4 * 2 + 1;
    ++i;
  }
}

}  // namespace eg
