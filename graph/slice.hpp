#pragma once
// Cutting a graph down before it is exported or drawn: the events of an actor, an ego network,
// a date window, a kind or PLOVER category, well-attested events, or the N most-mentioned
// events. The result is a new Graph holding the kept events, their non-event neighbours
// (actors, places, dates, documents) and every edge whose two ends are kept.

#include <cstddef>
#include <string>
#include <vector>

#include "graph/graph.hpp"

namespace eg::graph {

/// What to keep; empty/zero fields do not filter. Names are node ids (resolve names first).
struct SliceOptions {
  std::vector<std::string> actors;  ///< actor ids: events with any of them as source or target
  std::string ego;                  ///< node id: only nodes within `depth` hops (undirected)
  int depth = 1;                    ///< hops for `ego` (>= 0); Date/Document nodes are not
                                    ///< crossed, precedes links not followed
  std::string from;                 ///< TimeML date prefix, inclusive (as query's EventFilter)
  std::string to;                   ///< TimeML date prefix, inclusive
  std::string kind;                 ///< Node::event_kind, exact
  std::string plover;               ///< PLOVER category, case-insensitive
  size_t min_mentions = 0;          ///< events with at least this many mentions
  size_t max_events = 0;            ///< keep the most-mentioned events (ties: timeline order)
};

/// What slice() did, for the "kept X of Y events" message.
struct SliceStats {
  size_t events_in = 0;    ///< events in the input graph
  size_t events_out = 0;   ///< events in the result
  bool cut_by_max = false; ///< max_events removed events
};

/// True when `o` filters nothing (slice() would return a copy).
[[nodiscard]] bool is_empty(const SliceOptions& o);

/// The sub-graph described by `o`. Events pass every given filter (date windows overlap as in
/// graph::events); the result holds them, their non-event neighbours, the actors named in
/// `actors` and `ego`, and every edge between kept nodes. With an event filter, non-event
/// nodes not linked to a kept event are dropped (actor-actor relations of kept actors stay).
/// Precedes edges are recomputed over the kept events. Deterministic. An unknown id in
/// `actors`/`ego` throws std::invalid_argument (callers resolve names first).
[[nodiscard]] Graph slice(const Graph& g, const SliceOptions& o, SliceStats* stats = nullptr);

}  // namespace eg::graph
