#pragma once
// Actor gazetteer: canonical actors (countries, organisations, armed groups, people) with their
// aliases, loaded from TSV files (<data>/actors/*.tsv plus user --actors files; format in
// docs/formats.md "Actor gazetteer"). Lookups are over token sequences with a spelling-variant
// key: case, typographic apostrophes, apostrophes themselves, hyphens vs spaces and British -is-
// vs American -iz- spellings are all folded, so "Kata’ib Hezbollah", "Kataib Hezbollah" and
// "Popular Mobilisation Forces" / "Popular Mobilization Forces" find the same entry.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/model.hpp"

namespace eg {

/// One gazetteer row.
struct GazEntry {
  std::string name;                  ///< canonical name
  EntityType type = EntityType::ORG;
  std::string country;               ///< ISO3 or ""
  std::string cameo;                 ///< CAMEO-style code or ""
  std::vector<std::string> aliases;  ///< other names (acronyms included)
  std::vector<std::string> demonyms; ///< adjectives/nationality words ("Iraqi")
};

/// A match of an entry over words [first, end).
struct GazMatch {
  uint32_t first = 0;
  uint32_t end = 0;
  uint32_t entry = 0;
  bool demonym = false;  ///< matched a demonym rather than a name
};

/// Appends the variant-folded key of one token to `out` (no separator).
void append_variant_key(std::string_view token, std::string& out);

/// The variant-folded key of a phrase (tokenized with the project tokenizer).
[[nodiscard]] std::string variant_key(std::string_view phrase);

/// Lowercase slug for actor ids: "Kata'ib Hezbollah" -> "kataib-hezbollah".
[[nodiscard]] std::string slugify(std::string_view name);

class ActorGazetteer {
 public:
  /// Reads one TSV file. Throws EnvironmentError if it cannot be read and InputError (with
  /// file:line) on a malformed row.
  void load_file(const std::filesystem::path& file);
  /// Loads every *.tsv file of `dir` in name order (absent dir: nothing).
  void load_dir(const std::filesystem::path& dir);
  /// Adds a word list (one name a line, '#' comments) as first names for the tagger feature.
  void load_first_names(const std::filesystem::path& file);

  /// Adds an entry; later entries with the same key override earlier aliases.
  uint32_t add(GazEntry e);

  /// Longest match starting at words[i]; end == first when none.
  [[nodiscard]] GazMatch longest(std::span<const std::string_view> words, size_t i,
                                 std::string& scratch) const;
  /// Entry whose name/alias has the variant key of `phrase` words, or -1.
  [[nodiscard]] int32_t find_words(std::span<const std::string_view> words,
                                   std::string& scratch) const;
  /// True if the word is a listed first name.
  [[nodiscard]] bool is_first_name(std::string_view word, std::string& scratch) const;

  /// Tagger feature classes for a sentence (see NerModel: category*2+1 first, +2 inside).
  void feature_classes(std::span<const std::string_view> words, std::vector<uint8_t>& out,
                       std::string& scratch) const;
  /// Like feature_classes, also appending to `matches` the gazetteer matches found scanning left
  /// to right (longest match at each position, then continuing after it) so callers need not
  /// repeat the lookups.
  void feature_classes(std::span<const std::string_view> words, std::vector<uint8_t>& out,
                       std::vector<GazMatch>& matches, std::string& scratch) const;

  [[nodiscard]] const GazEntry& entry(uint32_t i) const { return entries_[i]; }
  [[nodiscard]] size_t size() const { return entries_.size(); }

 private:
  void index_phrase(std::string_view phrase, uint32_t entry, bool demonym);

  std::vector<GazEntry> entries_;
  std::unordered_map<uint64_t, uint32_t> phrases_;    // key hash -> entry | 0x80000000 demonym
  std::unordered_set<uint64_t> prefixes_;             // hashes of key prefixes (token-aligned)
  std::unordered_set<uint64_t> first_names_;
  size_t max_tokens_ = 1;
};

/// Gazetteer feature category of an entity type (0 PER, 1 ORG, 2 LOC, 3 MISC).
[[nodiscard]] int gaz_category(EntityType t);

}  // namespace eg
