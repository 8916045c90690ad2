// eventgraph stats: what a graph holds — nodes by kind, events by kind and PLOVER category,
// busiest days, most connected actors.

#include <algorithm>
#include <array>
#include <iostream>
#include <map>
#include <string_view>
#include <unordered_map>
#include <vector>

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
    // Positional walk: on a lazily loaded graph only the fields counted are read (a million
    // events in a fraction of a second), never whole records.
    std::unordered_map<std::string_view, size_t> kind_n, plover_n, day_n;
    std::array<size_t, 5> by_kind{};
    size_t mentions = 0;
    std::vector<graph::Graph::Adjacent> links;
    Counts degree;
    using F = graph::Graph::Field;
    for (size_t pos = 0; pos < g.node_count(); ++pos) {
      const graph::NodeKind k = g.kind_at(pos);
      ++by_kind[static_cast<size_t>(k)];
      if (k == graph::NodeKind::Event) {
        ++kind_n[g.field_at(pos, F::EventKind)];
        const std::string_view p = g.field_at(pos, F::Plover);
        ++plover_n[p.empty() ? std::string_view("(none)") : p];
        const std::string_view d = g.field_at(pos, F::Date);
        ++day_n[d.empty() ? std::string_view("(undated)") : d.substr(0, 10)];
        mentions += g.mention_count_at(pos);
      } else if (k == graph::NodeKind::Actor) {
        g.links(pos, links);
        size_t n = 0;
        for (const auto& l : links)
          n += !l.forward && (l.kind == graph::EdgeKind::Source || l.kind == graph::EdgeKind::Target);
        if (n > 0) degree[g.node_at(pos).label] += n;
      }
    }
    Counts nodes, kinds(kind_n.begin(), kind_n.end()), plover(plover_n.begin(), plover_n.end()),
        days(day_n.begin(), day_n.end());
    for (size_t k = 0; k < by_kind.size(); ++k)
      if (by_kind[k] > 0) nodes[std::string(graph::to_string(static_cast<graph::NodeKind>(k)))] = by_kind[k];
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
