#pragma once
// Actor gazetteer: canonical actors (countries, organisations, armed groups, people) with their
// aliases, loaded from TSV files (<data>/actors/*.tsv plus user --actors files; format in
// docs/formats.md "Actor gazetteer"). Lookups are over token sequences with a spelling-variant
// key: case, typographic apostrophes, apostrophes themselves, hyphens vs spaces and British -is-
// vs American -iz- spellings are all folded, so "Kata’ib Hezbollah", "Kataib Hezbollah" and
// "Popular Mobilisation Forces" / "Popular Mobilization Forces" find the same entry.

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
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

  /// Longest match starting at words[i]; end == first when none. Keys are hashed as they are
  /// folded: no string is built.
  [[nodiscard]] GazMatch longest(std::span<const std::string_view> words, size_t i) const;
  /// Entry whose name/alias has the variant key of `phrase` words, or -1.
  [[nodiscard]] int32_t find_words(std::span<const std::string_view> words,
                                   std::string& scratch) const;
  /// True if the word is a listed first name.
  [[nodiscard]] bool is_first_name(std::string_view word, std::string& scratch) const;

  /// Tagger feature classes for a sentence (see NerModel: category*2+1 first, +2 inside).
  void feature_classes(std::span<const std::string_view> words, std::vector<uint8_t>& out) const;
  /// Like feature_classes, also appending to `matches` the gazetteer matches found scanning left
  /// to right (longest match at each position, then continuing after it) so callers need not
  /// repeat the lookups.
  void feature_classes(std::span<const std::string_view> words, std::vector<uint8_t>& out,
                       std::vector<GazMatch>& matches) const;

  /// The first ORG entry whose CAMEO code is `cameo` and whose name contains "government" or
  /// "military" ("Iraqi government" -> the entry coded IRQGOV), or -1.
  [[nodiscard]] int32_t office_entry(std::string_view cameo) const;

  [[nodiscard]] const GazEntry& entry(uint32_t i) const { return entries_[i]; }
  /// The actor id of entry i: "actor:" + slugify(entry(i).name), computed once.
  [[nodiscard]] const std::string& actor_id(uint32_t i) const { return actor_ids_[i]; }
  [[nodiscard]] size_t size() const { return entries_.size(); }

 private:
  /// One slot of the phrase table: a 64-bit FNV-1a hash of a variant key and what that key is.
  /// `flags` == 0 marks an empty slot (every stored key has at least one flag).
  struct Slot {
    uint64_t hash = 0;
    uint32_t value = 0;  ///< entry | kDemonymBit | kAcronymBit (valid with kPhrase)
    uint32_t flags = 0;  ///< kPhrase | kPrefix | kFirstName
  };
  void index_phrase(std::string_view phrase, uint32_t entry, bool demonym);
  /// longest(), also telling whether words[i] alone is a listed first name (is_first_name).
  [[nodiscard]] GazMatch longest_at(std::span<const std::string_view> words, size_t i,
                                    bool& first_name) const;
  /// True if no indexed key can begin with word `w` (then longest_at finds no match and no
  /// first name there); false when unsure.
  [[nodiscard]] bool screened_out(std::string_view w) const;
  /// The slot of `hash`, created (flags 0) when absent; grows the table as needed.
  Slot& slot(uint64_t hash);
  /// The slot of `hash` or nullptr.
  [[nodiscard]] const Slot* find(uint64_t hash) const;

  std::vector<GazEntry> entries_;
  std::vector<std::string> actor_ids_;  // parallel to entries_
  // Open-addressing table (linear probing, power-of-two size, at most half full) over the
  // hashes of every indexed key: full names/aliases/demonyms (kPhrase), their token-aligned
  // prefixes (kPrefix) and first names (kFirstName). One probe per word answers all three;
  // keys are not stored: a 64-bit hash match is taken as a key match.
  std::vector<Slot> table_;
  size_t used_ = 0;
  bool has_first_names_ = false;
  std::map<std::string, uint32_t, std::less<>> office_;  // cameo -> first office_entry

  size_t max_tokens_ = 1;
  size_t max_key_ = 0;  // longest indexed key (bytes): longer keys are not looked up
  // 65536-bit screens (empty: nothing indexed) over the first, second and last bytes of
  // keys: every indexed key (key_screen_) and the prefix keys (prefix_screen_). A word whose
  // bit is clear has no slot (cannot begin a longer name); see longest_at.
  std::vector<uint64_t> key_screen_;
  std::vector<uint64_t> prefix_screen_;
};

/// Gazetteer feature category of an entity type (0 PER, 1 ORG, 2 LOC, 3 MISC).
[[nodiscard]] int gaz_category(EntityType t);

}  // namespace eg
