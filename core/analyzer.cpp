#include "core/analyzer.hpp"

#include <optional>

#include "core/entities.hpp"
#include "core/events.hpp"
#include "core/resources.hpp"
#include "core/segmenter.hpp"
#include "core/timex.hpp"

namespace eg {

struct Analyzer::Impl {
  std::optional<EntityTagger> entities;
  std::optional<TimexTagger> timexes;
  std::optional<EventExtractor> events;
};

Analyzer::Analyzer(const AnalyzerOptions& opts) : impl_(std::make_unique<Impl>()) {
  if (!opts.entities && !opts.timexes && !opts.events) return;
  auto dir = data_dir(opts.data_dir);
  if (opts.entities || opts.events) impl_->entities.emplace(dir, opts.actor_files);
  if (opts.timexes || opts.events) impl_->timexes.emplace(dir);
  if (opts.events) impl_->events.emplace(dir);
}

Analyzer::~Analyzer() = default;

Annotations Analyzer::analyze(const Document& doc) const {
  Annotations ann;
  segment(doc.text, ann);
  if (impl_->entities) impl_->entities->tag(doc.text, ann);
  if (impl_->timexes) ann.timexes = impl_->timexes->tag(doc.text, ann, doc.date);
  if (impl_->events) impl_->events->extract(doc.text, doc.date, ann);
  return ann;
}

}  // namespace eg
