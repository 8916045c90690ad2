#pragma once
// Graphviz DOT export with a timeline layout: events sit in one column per date, the dates are
// chained left to right, and every id and label is quoted and escaped (a node named `node` or a
// label ending in a backslash is fine). Also the colour palette shared with the GraphML writer.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.hpp"

namespace eg {

struct DotOptions {
  bool timeline = true;            ///< rankdir=LR, one rank=same column per event date
  std::string title;               ///< graph label; "" = none
  bool include_documents = false;  ///< document nodes and their edges (ReportedIn, Mentions)
  bool legend = true;              ///< a small cluster explaining the event colours
  bool date_edges = false;         ///< in timeline mode also draw event -> date (OnDate) edges
  /// Graph attribute `layout` ("sfdp", "neato", ...) for a force-directed drawing, written with
  /// overlap removal (`overlap=prism, splines=false, outputorder=edgesfirst`): then even the
  /// `dot` command lays the file out with that engine. "" = none (the engine the user runs).
  std::string layout;
};

/// Above this many drawn nodes the timeline (dot) layout is slow and unreadable: `render` and
/// `export --to dot` switch to sfdp and say so.
inline constexpr size_t kAutoSfdpAbove = 400;

/// The nodes write_dot draws: all but documents, unless `documents`.
[[nodiscard]] size_t drawn_node_count(const graph::Graph& g, bool documents);

/// Writes `g` as a Graphviz digraph. Output is deterministic (nodes by id, edges by
/// (source, target, kind), dates sorted) and free of invalid UTF-8 and control characters.
/// Node ids are the graph ids; labels are the node labels plus kind-specific detail.
void write_dot(const graph::Graph& g, std::ostream& out, const DotOptions& opts = {});

/// PLOVER quad classes (the CAMEO "QuadClass" grouping of the 18 PLOVER categories).
enum class QuadClass : uint8_t {
  None,
  VerbalCooperation,    ///< AGREE CONSULT SUPPORT
  MaterialCooperation,  ///< COOPERATE AID CONCEDE RETREAT
  VerbalConflict,       ///< INVESTIGATE DEMAND DISAPPROVE REJECT THREATEN PROTEST
  MaterialConflict,     ///< SANCTION CRIME MOBILIZE COERCE ASSAULT
};

/// Quad class of a PLOVER category name (case-insensitive); None for "" or unknown names.
[[nodiscard]] QuadClass quad_class(std::string_view plover);

/// "verbal_cooperation", ..., "none".
[[nodiscard]] std::string_view to_string(QuadClass q);

struct Rgb {
  uint8_t r = 0;
  uint8_t g = 0;
  uint8_t b = 0;
};

/// Fill colour of a node: events by quad class, other kinds by kind. Same in DOT and GraphML.
[[nodiscard]] Rgb node_fill(const graph::Node& n);

/// Fill colour of an event of the given quad class.
[[nodiscard]] Rgb quad_fill(QuadClass q);

/// "#rrggbb" (lower case).
[[nodiscard]] std::string to_hex(Rgb c);

/// True when black text is unreadable on `c` (use white).
[[nodiscard]] bool is_dark(Rgb c);

/// Every edge of `g` in Graph::edges() order (`nodes` = g.nodes() is accepted for the callers'
/// convenience and not needed): the exporters' one way to list edges.
[[nodiscard]] std::vector<const graph::Edge*> edges_in_order(const graph::Graph& g,
                                                             const std::vector<const graph::Node*>& nodes);

/// Appends `s` to `out` as valid UTF-8 for text exporters: invalid bytes become U+FFFD, the
/// XML-forbidden U+FFFE/U+FFFF become U+FFFD, C0 control characters other than tab, newline
/// and carriage return are dropped.
void append_clean_utf8(std::string& out, std::string_view s);

}  // namespace eg
