#pragma once
// Questions asked of a graph (the `query` subcommand prints the answers): actors by name, the
// events of an actor, filtered events, a node's neighbours, the whole timeline. Paths are
// Graph::shortest_path. Results point into the graph and stay valid until it is modified.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/graph.hpp"

namespace eg::graph {

/// An event with the labels of its source and target actors and its places (each sorted by
/// node id of the actor/place).
struct EventRow {
  const Node* event = nullptr;
  std::vector<std::string> sources;
  std::vector<std::string> targets;
  std::vector<std::string> places;
};

/// Which events to return; empty fields do not filter.
struct EventFilter {
  std::string kind;    ///< Node::event_kind, exact ("strike")
  std::string plover;  ///< PLOVER category, case-insensitive ("ASSAULT")
  std::string from;    ///< TimeML date prefix ("2021", "2021-06", "2021-06-27"), inclusive
  std::string to;      ///< TimeML date prefix, inclusive ("2021-06" includes 2021-06-30)
  std::string actor;   ///< actor id, or a name resolved with find_actors; source or target
};

/// Actors whose label, alias or id matches `name` case-insensitively (typographic quotes
/// folded): exact matches first, then substring matches, each group sorted by id.
[[nodiscard]] std::vector<const Node*> find_actors(const Graph& g, std::string_view name);

/// The events an actor is source or target of, in timeline order. Empty if no such actor.
[[nodiscard]] std::vector<EventRow> actor_events(const Graph& g, std::string_view actor_id);

/// The events passing `f`, in timeline order. A date filter keeps events whose date (or
/// [date, date_end] interval) overlaps [from, to] at the precision of the shorter value;
/// events without a calendar date are dropped when a date filter is given.
[[nodiscard]] std::vector<EventRow> events(const Graph& g, const EventFilter& f);

/// Every edge touching `id` with the node at its other end: out edges first, then in edges,
/// each sorted like Graph::edges(). Empty if the node is absent.
[[nodiscard]] std::vector<std::pair<const Edge*, const Node*>> neighbors(const Graph& g,
                                                                         std::string_view id);

/// All events in timeline order (see timeline_order in graph/builder.hpp).
[[nodiscard]] std::vector<EventRow> timeline(const Graph& g);

/// The row for one event node (its sources, targets, places).
[[nodiscard]] EventRow event_row(const Graph& g, const Node& event);

}  // namespace eg::graph
