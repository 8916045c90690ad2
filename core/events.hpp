#pragma once
// Event extraction: triggers from verb and noun patterns (<data>/events/patterns.tsv), arguments
// (source, target, location, instrument, casualties, quote), attribution and modality, event
// dates from the time expressions, and in-document event coreference.

#include <filesystem>
#include <memory>
#include <string_view>

#include "core/model.hpp"

namespace eg {

class EventExtractor {
 public:
  /// Loads the event patterns from `data_dir`/events/patterns.tsv (column 8: trigger constraints).
  /// Throws EnvironmentError if missing, InputError naming file and line for a malformed line.
  explicit EventExtractor(const std::filesystem::path& data_dir);
  ~EventExtractor();
  EventExtractor(const EventExtractor&) = delete;
  EventExtractor& operator=(const EventExtractor&) = delete;

  /// Fills ann.events. Needs tokens, sentences, entities (with actors) and timexes in `ann`;
  /// `dct` is the publication date or "".
  void extract(std::string_view text, std::string_view dct, Annotations& ann) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eg
