#include "core/analyzer.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "core/entities.hpp"
#include "core/event_order.hpp"
#include "core/events.hpp"
#include "core/places.hpp"
#include "core/resources.hpp"
#include "core/segmenter.hpp"
#include "core/timex.hpp"

namespace eg {

struct Analyzer::Impl {
  std::optional<EntityTagger> entities;
  std::optional<TimexTagger> timexes;
  std::optional<EventExtractor> events;
  std::optional<PlaceGazetteer> gazetteer;
  std::optional<PlaceResolver> places;  // refers to *gazetteer
};

Analyzer::Analyzer(const AnalyzerOptions& opts) : impl_(std::make_unique<Impl>()) {
  if (!opts.entities && !opts.timexes && !opts.events) return;
  auto dir = data_dir(opts.data_dir);
  if (opts.entities || opts.events) impl_->entities.emplace(dir, opts.actor_files);
  if (opts.timexes || opts.events) impl_->timexes.emplace(dir);
  if (opts.events) impl_->events.emplace(dir);
  if (opts.places && (opts.entities || opts.events)) {
    impl_->gazetteer.emplace(dir);
    impl_->places.emplace(*impl_->gazetteer);
  }
}

Analyzer::~Analyzer() = default;

Annotations Analyzer::analyze(const Document& doc) const {
  Annotations ann;
  segment(doc.text, ann);
  if (impl_->entities) impl_->entities->tag(doc.text, ann);
  if (impl_->timexes) ann.timexes = impl_->timexes->tag(doc.text, ann, doc.date);
  if (impl_->events) {
    impl_->events->extract(doc.text, doc.date, ann);
    link_event_order(doc.text, ann);
  }
  if (impl_->places) impl_->places->resolve(doc.text, ann);
  return ann;
}

std::vector<Annotations> analyze_batch(const Analyzer& analyzer, const std::vector<Document>& docs,
                                       unsigned threads) {
  std::vector<Annotations> out(docs.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, docs.size()));
  if (threads <= 1) {
    for (size_t i = 0; i < docs.size(); ++i) out[i] = analyzer.analyze(docs[i]);
    return out;
  }
  // Work stealing by index: each result lands in its own slot, so order never depends on timing.
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < docs.size(); i = next++) out[i] = analyzer.analyze(docs[i]);
  };
  std::vector<std::jthread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  return out;
}

}  // namespace eg
