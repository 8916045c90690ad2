#pragma once
// Building the knowledge graph from analysed documents: one Document node per article, Actor,
// Place and Date nodes by canonical id, and Event nodes keyed by what happened (kind, date,
// source and target actors) so the same event reported twice (a repeated paragraph, another
// article) becomes one node carrying every mention. See docs/formats.md, "Graph model".

#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "graph/graph.hpp"

namespace eg::graph {

/// Adds one analysed document: its Document node, actors (with their name mentions), actor
/// relations, events with their source/target/location/on_date/reported_in edges and the
/// reports/about links between events. Idempotent: adding the same document and annotations
/// again leaves the graph unchanged. Spans outside doc.text are clamped, never thrown on.
void add_document(Graph& g, const Document& doc, const Annotations& ann);

/// `value` of a Precedes edge read from an explicit cue in the text ("vowed revenge after the
/// strikes": strike → vow), as opposed to one computed from dates (empty value).
inline constexpr std::string_view kCuePrecedes = "cue";

/// Recomputes the date Precedes edges: those without the kCuePrecedes value are removed, dated
/// events are put in timeline_order() and each consecutive pair with different dates gets an
/// edge. Cue edges are kept.
void link_timeline(Graph& g);

/// Every Event node in timeline order: by (date, publication date of the first mention's
/// document, document id, sentence, start, id), except that within the events of one date the
/// kCuePrecedes edges come first (a stable topological order; cycles keep the plain order);
/// events without a calendar date (empty or not starting with a digit) come last.
/// Deterministic.
[[nodiscard]] std::vector<const Node*> timeline_order(const Graph& g);

/// The Event nodes among `events` (others and nulls dropped) in timeline_order's order.
[[nodiscard]] std::vector<const Node*> order_timeline(const Graph& g, const std::vector<const Node*>& events);

/// Reorders `events` (Event nodes of `g` in date/document order) within each run of equal
/// calendar dates so that kCuePrecedes edges between them are respected: a stable topological
/// order, earliest first among the ready; a cycle of cues keeps the plain order.
void order_by_cues(const Graph& g, std::vector<const Node*>& events);

/// The positions (Graph::position) of every Event node in timeline_order()'s order, for streaming
/// a huge lazily loaded graph: dates and ids are read with field_at/id_at, each event is decoded
/// once into a scratch node for its first mention (nothing is kept), document dates are read once
/// per document. Equal to mapping timeline_order(g) to positions. Deterministic.
[[nodiscard]] std::vector<size_t> timeline_positions(const Graph& g);

/// The Event nodes among the positions `events` (< node_count(); others dropped, repeats kept) in
/// timeline_order's order, computed like timeline_positions without keeping a decoded node.
[[nodiscard]] std::vector<size_t> order_timeline_positions(const Graph& g, std::vector<size_t> events);

/// The event node id for a canonical key "kind|date|sources|targets": "event:" + 16 hex digits
/// of its 64-bit FNV-1a hash.
[[nodiscard]] std::string event_id(std::string_view canonical_key);

/// Lowercase ASCII slug of a name ("Baghdad Airport" -> "baghdad-airport"); non-ASCII UTF-8
/// bytes are kept, everything else becomes single dashes.
[[nodiscard]] std::string slugify(std::string_view name);

}  // namespace eg::graph
