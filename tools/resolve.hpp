#pragma once
// Shared by query, export and render: turning a name on the command line into a node id, and
// the slicing flags (--actor, --ego/--depth, --from/--until, --kind, --plover, --min-mentions,
// --max-nodes) that cut a graph down before it is exported or drawn.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "graph/graph.hpp"

namespace eg::cli {

/// A node id, or the one node a name designates, resolved like `query` does (graph::lookup_name:
/// folded label/alias/slug, acronym, name tokens, substring). `actors_only`: an id must be an
/// actor's and names are looked up among actors; otherwise actors, then places. Throws
/// InputError "no actor matches 'X'; did you mean …?" or "'X' is ambiguous: A (id), …".
[[nodiscard]] std::string resolve(const graph::Graph& g, const std::string& name, bool actors_only);

/// Every place a name designates: the one place, or all the candidates of an ambiguous place
/// name (a filter then keeps events at any of them). Throws InputError "no place matches 'X';
/// did you mean …?".
[[nodiscard]] std::vector<std::string> resolve_places(const graph::Graph& g, const std::string& name);

/// Throws UsageError "bad date 'X': want YYYY, YYYY-MM or YYYY-MM-DD" unless `d` is empty or
/// such a date prefix.
void check_date_prefix(const std::string& d);

/// The slicing options as given on the command line (names, not ids).
struct SliceFlags {
  std::vector<std::string> actors;
  std::string ego;
  int depth = 1;
  std::string from, until, kind, plover;
  size_t min_mentions = 0;
  size_t max_nodes = 0;
};

/// Registers the slicing options on `sub`. `to_is_date`: also accept `--to` for `--until`
/// (render; export uses --to for the format).
void add_slice_flags(CLI::App& sub, SliceFlags& f, bool to_is_date);

/// `g` cut down by `f` (graph::slice), names resolved with resolve(). Prints
/// "kept X of Y events (--max-nodes N)" on stderr when --max-nodes removed events. Throws
/// InputError for unknown/ambiguous names, UsageError for a malformed date.
[[nodiscard]] graph::Graph apply_slice(const graph::Graph& g, const SliceFlags& f);

/// The Graphviz layout for `drawn` nodes: `asked` when given, else dot (the timeline) up to
/// kAutoSfdpAbove nodes and sfdp above, which is said on stderr as "`command`: N nodes (more
/// than 400): …" with the ways to get the timeline back.
[[nodiscard]] std::string pick_layout(const std::string& asked, size_t drawn, std::string_view command);

}  // namespace eg::cli
