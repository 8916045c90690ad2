#include "tools/resolve.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "graph/query.hpp"
#include "graph/slice.hpp"
#include "io/dot_writer.hpp"

namespace eg::cli {

namespace {

// YYYY, YYYY-MM or YYYY-MM-DD.
bool valid_date_prefix(const std::string& s) {
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

std::string names_of(const std::vector<const graph::Node*>& ns) {
  std::string s;
  for (const auto* n : ns) s += (s.empty() ? "" : ", ") + fmt::format("{} ({})", n->label, n->id);
  return s;
}

}  // namespace

std::vector<std::string> resolve_places(const graph::Graph& g, const std::string& name) {
  if (const auto* n = g.find(name); n != nullptr && n->kind == graph::NodeKind::Place) return {n->id};
  const auto r = graph::lookup_name(g, name, graph::LookupScope::Places);
  if (r.status == graph::NameLookup::Status::Found) return {r.node->id};
  if (r.status == graph::NameLookup::Status::Ambiguous) {
    std::vector<std::string> ids;
    for (const auto* n : r.candidates) ids.push_back(n->id);
    return ids;
  }
  throw InputError(fmt::format("no place matches '{}'{}", name,
                               r.candidates.empty() ? "" : "; did you mean " + names_of(r.candidates) + "?"));
}

void check_date_prefix(const std::string& d) {
  if (!d.empty() && !valid_date_prefix(d))
    throw UsageError(fmt::format("bad date '{}': want YYYY, YYYY-MM or YYYY-MM-DD", d));
}

std::string resolve(const graph::Graph& g, const std::string& name, bool actors_only) {
  if (const auto* n = g.find(name); n != nullptr && (!actors_only || n->kind == graph::NodeKind::Actor))
    return n->id;
  const auto scope = actors_only ? graph::LookupScope::Actors : graph::LookupScope::ActorsThenPlaces;
  const auto r = graph::lookup_name(g, name, scope);
  if (r.status == graph::NameLookup::Status::Found) return r.node->id;
  const auto names = names_of;
  if (r.status == graph::NameLookup::Status::Ambiguous)
    throw InputError(fmt::format("'{}' is ambiguous: {}", name, names(r.candidates)));
  throw InputError(fmt::format("no {} matches '{}'{}", actors_only ? "actor" : "actor or place", name,
                               r.candidates.empty() ? "" : "; did you mean " + names(r.candidates) + "?"));
}

void add_slice_flags(CLI::App& sub, SliceFlags& f, bool to_is_date) {
  const std::string g = "Slicing";
  sub.add_option("--actor", f.actors, "Only events of this actor (name, alias or id; repeatable) and their neighbours")
      ->group(g);
  sub.add_option("--ego", f.ego, "Only nodes within --depth links of this node (actor name or node id)")->group(g);
  sub.add_option("--depth", f.depth, "Links from --ego (default 1)")->check(CLI::Range(0, 100))->group(g);
  sub.add_option("--from", f.from, "Events from this date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive")->group(g);
  sub.add_option(to_is_date ? "--until,--to" : "--until", f.until, "Events up to this date, inclusive")->group(g);
  sub.add_option("--kind", f.kind, "Only events of this kind (strike, condemn, ...)")->group(g);
  sub.add_option("--plover", f.plover, "Only events of this PLOVER category (ASSAULT, ...)")->group(g);
  sub.add_option("--min-mentions", f.min_mentions, "Only events mentioned at least N times")->group(g);
  sub.add_option("--max-nodes", f.max_nodes, "Keep the N most-mentioned events and their neighbours")->group(g);
}

graph::Graph apply_slice(const graph::Graph& g, const SliceFlags& f) {
  check_date_prefix(f.from);
  check_date_prefix(f.until);
  graph::SliceOptions o;
  for (const auto& a : f.actors) o.actors.push_back(resolve(g, a, true));
  if (!f.ego.empty()) o.ego = resolve(g, f.ego, false);
  o.depth = f.depth;
  o.from = f.from;
  o.to = f.until;
  o.kind = f.kind;
  o.plover = f.plover;
  o.min_mentions = f.min_mentions;
  o.max_events = f.max_nodes;
  if (graph::is_empty(o)) return g;
  graph::SliceStats st;
  graph::Graph r = graph::slice(g, o, &st);
  if (st.cut_by_max)
    fmt::print(stderr, "kept {} of {} events (--max-nodes {})\n", st.events_out, st.events_in, f.max_nodes);
  return r;
}

std::string pick_layout(const std::string& asked, size_t drawn, std::string_view command) {
  if (!asked.empty()) return asked;
  if (drawn <= kAutoSfdpAbove) return "dot";
  fmt::print(stderr,
             "{}: {} nodes (more than {}): using the sfdp layout with overlap removal "
             "(--layout dot for the timeline, or slice with --max-nodes/--actor/--from)\n",
             command, drawn, kAutoSfdpAbove);
  return "sfdp";
}

}  // namespace eg::cli
