#pragma once
// Place gazetteer and place resolution in context. The gazetteer (<data>/places/*.tsv, format in
// docs/formats.md "Place gazetteer") holds countries, first-level regions and towns with
// coordinates and their admin hierarchy; the resolver finds place names in GPE/LOC/FAC entity
// mentions and in event "location" arguments, disambiguates them with the countries the article
// talks about, and fills Annotations::places / place_mentions and EventArg::value.
//
// Precision (Place::precision, after ACLED geo_precision): 1 = the town itself, 3 = a first-level
// region or a border area, 4 = a whole country (beyond ACLED's 1..3 scale: coarser than a
// region). Ambiguous names that context cannot settle become a Place with feature "ambiguous",
// no coordinates, precision 0 and `candidates` listing the possible ids: never a silent guess.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace eg {

/// The lookup key of a place name: fold_key, then apostrophes and periods dropped, hyphens and
/// commas as spaces, spaces collapsed, a leading Arabic article ("al-", "Al ", "ar-", "el-",
/// "ash-", ...) removed. "Al Qa’im", "al-Qaim" and "Qaim" share the key "qaim".
[[nodiscard]] std::string place_key(std::string_view name);

class PlaceGazetteer {
 public:
  /// Loads every *.tsv file of `data_dir`/places in name order. Throws EnvironmentError when the
  /// folder or a file cannot be read and InputError (file:line) on a malformed row.
  explicit PlaceGazetteer(const std::filesystem::path& data_dir);
  ~PlaceGazetteer();
  PlaceGazetteer(const PlaceGazetteer&) = delete;
  PlaceGazetteer& operator=(const PlaceGazetteer&) = delete;

  /// Every place whose name or alternate name has the place_key of `name`, best first
  /// (countries, then regions, then towns by population; ties by id). Empty when unknown.
  [[nodiscard]] std::vector<const Place*> lookup(std::string_view name) const;
  /// The place with this id, or nullptr.
  [[nodiscard]] const Place* by_id(std::string_view id) const;
  /// The country whose name or demonym ("Iraqi", "Iraqis") has this place_key, or nullptr.
  [[nodiscard]] const Place* country_of_demonym(std::string_view word) const;
  /// The country with this ISO 3166 alpha-2 code ("IQ"), or nullptr.
  [[nodiscard]] const Place* country(std::string_view iso2) const;
  /// The id of a country's capital ("place:iq-baghdad") or "" when unknown.
  [[nodiscard]] std::string_view capital_of(std::string_view iso2) const;
  /// Population recorded for a place (0 = unknown or not a town).
  [[nodiscard]] uint64_t population(const Place& p) const;
  /// A prior for choosing between same-named places: country 3, region 2, town 1 + population
  /// (log scale) + 0.5 for capitals / 0.3 for region seats.
  [[nodiscard]] double prior(const Place& p) const;
  /// Number of places.
  [[nodiscard]] size_t size() const;

  struct Impl;

 private:
  friend class PlaceResolver;
  std::unique_ptr<Impl> impl_;
};

class PlaceResolver {
 public:
  /// Keeps a reference: the gazetteer must outlive the resolver.
  explicit PlaceResolver(const PlaceGazetteer& gazetteer);

  /// Resolves the place names in the GPE/LOC/FAC mentions of ann.entities and in the spans of
  /// event arguments with role "location"; sets EventArg::value of location arguments to the most
  /// specific place id found in the span (left unchanged when none), appends to ann.place_mentions
  /// (one per name span, sorted by span) and ann.places (unique, sorted by id, with every parent
  /// up to the country). `text` is the document text the spans point into. Never throws on odd
  /// input (spans out of range are ignored). Const and thread-safe.
  void resolve(std::string_view text, Annotations& ann) const;

 private:
  const PlaceGazetteer& gaz_;
};

}  // namespace eg
