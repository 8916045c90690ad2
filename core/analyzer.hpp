#pragma once
// The analysis pipeline: segmentation -> entity mentions and actors -> time expressions ->
// events -> places. Resources are loaded once in the constructor; analyze() is const and thread-safe.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace eg {

struct AnalyzerOptions {
  std::string data_dir;                  ///< resource folder override ("" = default lookup)
  std::vector<std::string> actor_files;  ///< extra actor gazetteers (--actors FILE)
  bool entities = true;                  ///< run entity recognition and actor resolution
  bool timexes = true;                   ///< run the temporal tagger
  bool events = true;                    ///< run event extraction
  bool places = true;                    ///< resolve places against the gazetteer
};

class Analyzer {
 public:
  explicit Analyzer(const AnalyzerOptions& opts = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  /// Analyses one document. Never throws on odd text (empty, invalid UTF-8, huge lines).
  [[nodiscard]] Annotations analyze(const Document& doc) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Analyses a batch of documents with up to `threads` threads (0 = hardware concurrency).
/// Results are in input order, so output is identical whatever the thread count.
[[nodiscard]] std::vector<Annotations> analyze_batch(const Analyzer& analyzer,
                                                     const std::vector<Document>& docs,
                                                     unsigned threads);

}  // namespace eg
