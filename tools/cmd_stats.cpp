// eventgraph stats: what a graph holds — nodes by kind, events by kind and PLOVER category,
// busiest days, most connected actors.

#include <algorithm>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "io/graph_cache.hpp"
#include "tools/command.hpp"
#include "tools/table.hpp"

namespace eg::cli {
namespace {
using Counts = std::map<std::string, size_t>;

// Rows sorted by count (descending), then name, at most `limit`.
std::vector<std::vector<std::string>> top(const std::string& what, const Counts& c, size_t limit) {
  std::vector<std::pair<std::string, size_t>> v(c.begin(), c.end());
  std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second > b.second; });
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < v.size() && i < limit; ++i)
    rows.push_back({what, v[i].first, std::to_string(v[i].second)});
  return rows;
}
}  // namespace

Run setup_stats(CLI::App& sub) {
  struct Opts {
    std::string graph;
    bool json = false;
    size_t limit = 5;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("graph", o->graph, "Graph file (eventgraph/1 JSON)")->required();
  sub.add_flag("--json", o->json, "JSON output");
  sub.add_option("--top", o->limit, "Rows per ranking (default 5)");
  return [o]() -> int {
    graph::Graph g = load_graph(o->graph);
    Counts nodes, kinds, plover, days, degree;
    size_t mentions = 0;
    for (const auto* n : g.nodes()) {
      ++nodes[std::string(graph::to_string(n->kind))];
      if (n->kind != graph::NodeKind::Event) continue;
      ++kinds[n->event_kind];
      ++plover[n->plover.empty() ? "(none)" : n->plover];
      ++days[n->date.empty() ? "(undated)" : n->date.substr(0, 10)];
      mentions += n->mentions.size();
    }
    for (const auto* e : g.edges()) {
      if (e->kind != graph::EdgeKind::Source && e->kind != graph::EdgeKind::Target) continue;
      if (const auto* a = g.find(e->target); a && a->kind == graph::NodeKind::Actor) ++degree[a->label];
    }
    Table t{{"what", "name", "count"}, {}};
    for (const auto& [k, v] : nodes) t.rows.push_back({"nodes", k, std::to_string(v)});
    t.rows.push_back({"edges", "all", std::to_string(g.edge_count())});
    t.rows.push_back({"event mentions", "all", std::to_string(mentions)});
    for (auto& r : top("event kind", kinds, o->limit)) t.rows.push_back(r);
    for (auto& r : top("plover", plover, o->limit)) t.rows.push_back(r);
    for (auto& r : top("busiest day", days, o->limit)) t.rows.push_back(r);
    for (auto& r : top("most connected actor", degree, o->limit)) t.rows.push_back(r);
    t.print(std::cout, o->json);
    return 0;
  };
}

}  // namespace eg::cli
