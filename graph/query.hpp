#pragma once
// Questions asked of a graph (the `query` subcommand prints the answers): actors by name, the
// events of an actor, filtered events, a node's neighbours, the whole timeline. Paths are
// Graph::shortest_path. Results point into the graph and stay valid until it is modified.

#include <cstdint>
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
  std::string source;  ///< actor id that must be a source of the event ("" = any)
  std::string target;  ///< actor id that must be a target of the event ("" = any)
  std::string did;     ///< event kind or PLOVER category, case-insensitive ("condemn", "ASSAULT")
  std::vector<std::string> places;  ///< place ids; an event located in one of them or in a place
                                    ///< located_in one of them (transitively) passes
  std::string modality;  ///< Node::modality, exact ("asserted", "reported")
  size_t min_mentions = 0;  ///< at least this many mentions
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

/// The first `limit` events in timeline order (all when 0). Only the events that can be among
/// them (dated on or before the limit-th smallest date) are decoded, so a short timeline of a
/// million-event graph costs milliseconds.
[[nodiscard]] std::vector<EventRow> timeline(const Graph& g, size_t limit);

/// The row for one event node (its sources, targets, places).
[[nodiscard]] EventRow event_row(const Graph& g, const Node& event);

// ---- Forgiving name lookup -------------------------------------------------------------------

/// The lookup key of a name: ASCII lower case, Latin diacritics folded (Qā’im -> qaim),
/// apostrophes of every kind, dots and combining marks dropped, other punctuation and spaces
/// collapsed to single spaces. Other scripts pass through unchanged.
[[nodiscard]] std::string fold_name(std::string_view s);

/// Levenshtein distance between two byte strings.
[[nodiscard]] size_t edit_distance(std::string_view a, std::string_view b);

/// What a name designates. Found: `node` is the one node. Ambiguous: `candidates` are the
/// equally good matches. NotFound: `candidates` are the closest nodes (did you mean), best first.
struct NameLookup {
  enum class Status : uint8_t { Found, Ambiguous, NotFound };
  Status status = Status::NotFound;
  const Node* node = nullptr;
  std::vector<const Node*> candidates;
};

/// Which nodes a lookup considers. Actors are preferred to places when both match.
enum class LookupScope : uint8_t { Actors, Places, ActorsThenPlaces };

/// Resolves a user-typed name: a node id; else, among actors/places by `scope`, tiers tried in
/// order (the first tier with matches wins): the folded label, alias or id slug equal to the
/// folded name; an acronym of the label ("IRGC"); every name token a whole token of the label
/// or an alias ("Kadhimi" -> "Mustafa Al Kadhimi"); a substring. One match is Found, several
/// are Ambiguous (sorted by id, at most `max_candidates`). With no match the closest names by
/// edit distance and token overlap are suggested.
[[nodiscard]] NameLookup lookup_name(const Graph& g, std::string_view name,
                                     LookupScope scope = LookupScope::ActorsThenPlaces,
                                     size_t max_candidates = 8);

// ---- Richer questions ------------------------------------------------------------------------

/// A related node and how it is related.
struct Link {
  std::string relation;  ///< e.g. "member_of", "backed_by (in)", "causes", "same day and place"
  const Node* node = nullptr;
  const Edge* edge = nullptr;  ///< the edge, or nullptr for derived relations
};

/// An actor's profile: affiliations, event counts by kind per role, first/last dates,
/// the actors it acted on or was acted on by most often.
struct ActorProfile {
  const Node* actor = nullptr;
  std::vector<Link> affiliations;  ///< member_of, spokesperson_for, backed_by, leader_of both ways
  std::vector<std::pair<std::string, size_t>> as_source;  ///< event kind -> count, sorted by kind
  std::vector<std::pair<std::string, size_t>> as_target;
  std::string first_seen, last_seen;  ///< earliest/latest calendar event date, "" if none
  std::vector<std::pair<const Node*, size_t>> counterparts;  ///< count desc, then id
  size_t event_count = 0;
};

/// The profile of an actor node (actor == nullptr when `actor_id` is not an actor).
[[nodiscard]] ActorProfile actor_profile(const Graph& g, std::string_view actor_id,
                                         size_t top_counterparts = 5);

/// An actor with the events that put it in the answer.
struct ActorEvents {
  const Node* actor = nullptr;
  std::vector<const Node*> events;  ///< timeline order
};

/// Who did it: the actors in `role` (EdgeKind::Source for "who did", EdgeKind::Target for
/// "whom did") of the events passing `f`, most events first, then by id.
[[nodiscard]] std::vector<ActorEvents> actors_in_role(const Graph& g, const EventFilter& f,
                                                      EdgeKind role);

/// A node reached from the start of a neighbourhood search.
struct Hop {
  const Node* node = nullptr;
  size_t depth = 0;
  const Node* from = nullptr;  ///< the node it was reached from
  const Edge* via = nullptr;   ///< the edge followed
};

/// Nodes within `depth` links of `id` (breadth first, neighbours by id). Beyond depth 1 only
/// structural links are followed (event roles, affiliations, reports/about/causes, location);
/// precedes, on_date, reported_in, mentions and located_in are listed but not expanded, and
/// Date/Document nodes are never expanded. `role` ("source"/"target"/"") keeps only the
/// source/target edges of that role among the start node's links. Start node excluded.
[[nodiscard]] std::vector<Hop> neighborhood(const Graph& g, std::string_view id, size_t depth,
                                            std::string_view role = "");

/// One link of an explained path.
struct PathStep {
  const Node* node = nullptr;  ///< the node reached (the first step has edge == nullptr)
  const Edge* edge = nullptr;
  bool forward = true;  ///< edge followed in its own direction
};

/// The shortest chain from a to b through event roles, affiliations, reports/about/causes and
/// locations; only when none exists does it also use precedes, on_date, reported_in, located_in
/// and mentions. Empty when unconnected or an id is unknown.
[[nodiscard]] std::vector<PathStep> explain_path(const Graph& g, std::string_view a,
                                                 std::string_view b);

/// A path as one readable line: "Joe Biden —did→ strike (2024-03-06) —target→ Kata'ib Hezbollah".
[[nodiscard]] std::string path_sentence(const std::vector<PathStep>& path);

/// A short readable name of a node: label for actors/places, "kind (date)" for events.
[[nodiscard]] std::string display_name(const Node& n);

/// What an event is related to: causes/caused by, reports/reported by, about/subject of, and
/// events on the same day at the same place. Sorted by relation then id.
[[nodiscard]] std::vector<Link> related(const Graph& g, std::string_view event_id);

/// The subgraph induced by `ids` (unknown ids skipped): those nodes and every edge between two
/// of them. Meta is copied.
[[nodiscard]] Graph induced_subgraph(const Graph& g, const std::vector<std::string>& ids);

}  // namespace eg::graph
