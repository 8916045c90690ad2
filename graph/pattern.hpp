#pragma once
// A small triple-pattern language over the graph, inspired by Cypher (see docs/querying.md,
// "match"): `(?a)-[condemn]->(?b)` is "an event of kind condemn with source ?a and target ?b".
//
//   pattern := chain ("," chain)* ["where" cond ("and" cond)*]
//   chain   := node (edge node)*
//   node    := "(" ["?"var] [":"type] [quoted-name] ")"      -- () is anything, even nothing
//   edge    := "-[" ["?"var [":"]] [label ("|" label)*] "]->"
//   label   := event kind | PLOVER category | "*" | member_of | spokesperson_for | backed_by | leader_of
//   cond    := ("date" | "mentions" | "modality" | "kind") op value
//   op      := "=" | "!=" | "<" | "<=" | ">" | ">="
//
// Types are actor types (person, organization, country, group, location, other). Names are
// resolved like every other name (graph/query.hpp lookup_name). Dates compare as prefixes
// ("2024-03" >= "2024-03-01"). Conditions apply to every event of the match.

#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.hpp"

namespace eg::graph {

/// A parsed pattern (opaque to callers except for its column names).
struct Pattern {
  struct NodeTerm {
    std::string var;   ///< "" = anonymous
    std::string type;  ///< actor type or ""
    std::string name;  ///< as typed, or ""
  };
  struct EdgeTerm {
    std::string var;                  ///< "" = anonymous (named e1, e2, … in the answer)
    std::vector<std::string> labels;  ///< empty = any event
  };
  struct Triple {
    size_t source = 0;  ///< index into nodes
    size_t edge = 0;    ///< index into edges
    size_t target = 0;
  };
  struct Cond {
    std::string field, op, value;
  };
  std::vector<NodeTerm> nodes;
  std::vector<EdgeTerm> edges;
  std::vector<Triple> triples;
  std::vector<Cond> where;
};

/// Parses a pattern. Throws eg::InputError ("match: expected ')' at column 7 …") when malformed.
[[nodiscard]] Pattern parse_pattern(std::string_view text);

/// The answer: one column per node variable (in order of appearance) then one per edge (its
/// variable or e1, e2, …). Each row holds the bound node per column; an edge cell is the event,
/// or nullptr for an affiliation edge (member_of, …), which has no event node.
struct MatchResult {
  std::vector<std::string> columns;
  std::vector<std::vector<const Node*>> rows;
  bool truncated = false;  ///< more rows existed than the limit
};

/// Every binding of the pattern in `g`, rows sorted by the ids of their cells, at most `limit`.
/// Throws eg::InputError when a name in the pattern matches no node or several, or a condition
/// is unknown.
[[nodiscard]] MatchResult match(const Graph& g, const Pattern& p, size_t limit = 1000);

}  // namespace eg::graph
