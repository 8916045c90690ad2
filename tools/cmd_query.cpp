// eventgraph query GRAPH actor|events|neighbors|path|timeline: answers as a table or --json.
// Names are resolved to nodes case-insensitively; an unknown or ambiguous name is bad input
// (exit 1) with the candidates listed; an empty answer is not an error.

#include <iostream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/segmenter.hpp"
#include "graph/query.hpp"
#include "io/graph_file.hpp"
#include "tools/command.hpp"
#include "tools/table.hpp"

namespace eg::cli {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
  return s;
}

std::string date_of(const graph::Node& n) {
  if (n.date.empty()) return "undated";
  std::string d = n.date;
  if (!n.date_end.empty()) d += ".." + n.date_end;
  if (n.date_on_or_before) d = "≤" + d;
  return d;
}

std::string evidence(const std::vector<graph::Mention>& ms) {
  if (ms.empty()) return "";
  const auto& m = ms.front();
  std::string s = fmt::format("{}#{}: {}", m.doc, m.sentence, m.text);
  if (ms.size() > 1) s += fmt::format(" (+{} more)", ms.size() - 1);
  return s;
}

// A node id, or the one actor a name designates. Throws InputError if none or ambiguous.
std::string resolve(const graph::Graph& g, const std::string& name) {
  if (g.find(name)) return name;
  auto found = graph::find_actors(g, name);
  if (found.empty()) throw InputError(fmt::format("no actor matches '{}'", name));
  auto exact = [&](const graph::Node* n) {
    std::string key = fold_key(name);
    if (fold_key(n->label) == key) return true;
    for (const auto& a : n->aliases)
      if (fold_key(a) == key) return true;
    return false;
  };
  size_t n_exact = 0;
  for (const auto* n : found) n_exact += exact(n);
  if (found.size() == 1 || n_exact == 1) return found.front()->id;
  std::string cands;
  for (size_t i = 0; i < found.size() && i < 6; ++i)
    cands += (i ? ", " : "") + fmt::format("{} ({})", found[i]->label, found[i]->id);
  throw InputError(fmt::format("'{}' is ambiguous: {}{}", name, cands, found.size() > 6 ? ", …" : ""));
}

Table event_table(const std::vector<graph::EventRow>& rows, bool with_evidence) {
  Table t{{"date", "kind", "plover", "source", "target", "place", "mentions", "event"}, {}};
  if (with_evidence) t.columns.push_back("evidence");
  for (const auto& r : rows) {
    const auto& e = *r.event;
    t.rows.push_back({date_of(e), e.event_kind, e.plover, join(r.sources), join(r.targets),
                      join(r.places), std::to_string(e.mentions.size()), e.id});
    if (with_evidence) t.rows.back().push_back(evidence(e.mentions));
  }
  return t;
}

}  // namespace

Run setup_query(CLI::App& sub) {
  struct Opts {
    std::string graph;
    bool json = false, evidence = false;
    std::string name, other;
    graph::EventFilter filter;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("graph", o->graph, "Graph file (eventgraph/1 JSON)")->required();
  sub.add_flag("--json", o->json, "JSON output (an array of objects)");
  sub.add_flag("--evidence", o->evidence, "Add the first mention (document#sentence: text) of each row");
  sub.require_subcommand(1);
  sub.fallthrough();  // --json / --evidence may follow the question too
  auto* actor = sub.add_subcommand("actor", "The events of an actor, in date order");
  actor->add_option("name", o->name, "Actor name, alias or id")->required();
  auto* evs = sub.add_subcommand("events", "Events filtered by kind, PLOVER category, dates, actor");
  evs->add_option("--kind", o->filter.kind, "Event kind (strike, condemn, statement, ...)");
  evs->add_option("--plover", o->filter.plover, "PLOVER category (ASSAULT, DISAPPROVE, ...)");
  evs->add_option("--from", o->filter.from, "From date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive");
  evs->add_option("--to", o->filter.to, "To date, inclusive");
  evs->add_option("--actor", o->name, "Only events with this actor as source or target");
  auto* nb = sub.add_subcommand("neighbors", "Every node linked to a node, with the link");
  nb->add_option("name", o->name, "Actor name, or any node id")->required();
  auto* path = sub.add_subcommand("path", "How two nodes are connected (shortest path)");
  path->add_option("from", o->name, "Actor name or node id")->required();
  path->add_option("to", o->other, "Actor name or node id")->required();
  auto* tl = sub.add_subcommand("timeline", "All events in timeline order");

  return [o, actor, evs, nb, path, tl]() -> int {
    graph::Graph g = read_graph_json(o->graph);
    Table t;
    if (actor->parsed()) {
      t = event_table(graph::actor_events(g, resolve(g, o->name)), o->evidence);
    } else if (evs->parsed()) {
      if (!o->name.empty()) o->filter.actor = resolve(g, o->name);
      t = event_table(graph::events(g, o->filter), o->evidence);
    } else if (tl->parsed()) {
      t = event_table(graph::timeline(g), o->evidence);
    } else if (nb->parsed()) {
      std::string id = resolve(g, o->name);
      t.columns = {"direction", "link", "node", "kind", "label"};
      if (o->evidence) t.columns.push_back("evidence");
      for (const auto& [e, n] : graph::neighbors(g, id)) {
        t.rows.push_back({e->source == id ? "out" : "in", std::string(graph::to_string(e->kind)),
                          n->id, std::string(graph::to_string(n->kind)), n->label});
        if (o->evidence) t.rows.back().push_back(evidence(e->mentions));
      }
    } else if (path->parsed()) {
      std::string a = resolve(g, o->name), b = resolve(g, o->other);
      auto ids = g.shortest_path(a, b);
      if (ids.empty()) {
        fmt::print(stderr, "no path between '{}' and '{}'\n", o->name, o->other);
        return 0;
      }
      t.columns = {"step", "node", "kind", "label", "link to next"};
      for (size_t i = 0; i < ids.size(); ++i) {
        const auto* n = g.find(ids[i]);
        std::string link;
        if (i + 1 < ids.size()) {
          for (const auto* e : g.out_edges(ids[i]))
            if (e->target == ids[i + 1]) link = fmt::format("-{}->", graph::to_string(e->kind));
          for (const auto* e : g.in_edges(ids[i]))
            if (e->source == ids[i + 1]) link = fmt::format("<-{}-", graph::to_string(e->kind));
        }
        t.rows.push_back({std::to_string(i), n->id, std::string(graph::to_string(n->kind)), n->label, link});
      }
    }
    if (t.rows.empty() && !o->json) fmt::print(stderr, "no results\n");
    t.print(std::cout, o->json);
    return 0;
  };
}

}  // namespace eg::cli
