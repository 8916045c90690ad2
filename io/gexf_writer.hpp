#pragma once
// GEXF 1.3 export for Gephi: a dynamic graph (timeformat "date") where events live from their
// date to their end date and actors, places and documents span the events they take part in,
// so Gephi's timeline slider plays the story; declared attributes and viz colours/sizes.
// See docs/formats.md, "GEXF".

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "graph/graph.hpp"

namespace eg {

/// Writes `g` as GEXF 1.3 (`mode="dynamic"`, `timeformat="date"`, directed, edge ids
/// "e0".."eN" in edges() order, edge `label` = kind, `weight` = mentions (at least 1)).
/// Node start/end: events their calendar interval (see calendar_span), Date nodes their own,
/// other nodes the union of the intervals of the events they are linked to; none when
/// unknown (always present). Every node carries a `viz:color` (the DOT/GraphML palette) and a
/// `viz:size` growing with its mentions. Escaping and cleaning as in write_graphml. Throws
/// EnvironmentError when the stream fails.
void write_gexf(const graph::Graph& g, std::ostream& out);

/// The first and last day ("YYYY-MM-DD") a TimeML value covers: "2021" -> 2021-01-01 ..
/// 2021-12-31, "2021-06" -> 2021-06-01 .. 2021-06-30, "2021-06-28" (or with a time) that day.
/// nullopt for anything else (weeks, seasons, "PRESENT_REF", "").
[[nodiscard]] std::optional<std::pair<std::string, std::string>> calendar_span(std::string_view timeml);

}  // namespace eg
