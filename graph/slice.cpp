#include "graph/slice.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "graph/builder.hpp"
#include "graph/query.hpp"

namespace eg::graph {

namespace {

using IdSet = std::unordered_set<std::string_view>;

size_t count_events(const std::vector<const Node*>& nodes) {
  return static_cast<size_t>(
      std::count_if(nodes.begin(), nodes.end(), [](const Node* n) { return n->kind == NodeKind::Event; }));
}

/// Nodes within `depth` undirected hops of `start`; Date and Document nodes are reached but not
/// crossed and precedes links not followed (they would connect everything of the same day or
/// article, or the whole timeline).
IdSet ego_network(const Graph& g, const Node& start, int depth) {
  IdSet seen{start.id};
  std::deque<std::pair<const Node*, int>> queue{{&start, 0}};
  while (!queue.empty()) {
    const auto [n, d] = queue.front();
    queue.pop_front();
    if (d >= depth) continue;
    if (n != &start && (n->kind == NodeKind::Date || n->kind == NodeKind::Document)) continue;
    auto visit = [&](std::string_view other) {
      const Node* m = g.find(other);
      if (m == nullptr || !seen.insert(m->id).second) return;
      queue.emplace_back(m, d + 1);
    };
    for (const Edge* e : g.out_edges(n->id))
      if (e->kind != EdgeKind::Precedes) visit(e->target);
    for (const Edge* e : g.in_edges(n->id))
      if (e->kind != EdgeKind::Precedes) visit(e->source);
  }
  return seen;
}

const Node& require(const Graph& g, const std::string& id, const char* what) {
  const Node* n = g.find(id);
  if (n == nullptr) throw std::invalid_argument(std::string("slice: unknown ") + what + " id '" + id + "'");
  return *n;
}

}  // namespace

bool is_empty(const SliceOptions& o) {
  return o.actors.empty() && o.ego.empty() && o.from.empty() && o.to.empty() && o.kind.empty() &&
         o.plover.empty() && o.min_mentions == 0 && o.max_events == 0;
}

Graph slice(const Graph& g, const SliceOptions& o, SliceStats* stats) {
  const auto all = g.nodes();
  SliceStats st;
  st.events_in = count_events(all);
  if (is_empty(o)) {
    st.events_out = st.events_in;
    if (stats != nullptr) *stats = st;
    return g;
  }

  const bool use_ego = !o.ego.empty();
  IdSet ego;
  if (use_ego) ego = ego_network(g, require(g, o.ego, "ego node"), std::max(0, o.depth));
  for (const auto& a : o.actors) (void)require(g, a, "actor");

  const bool event_filter = !o.actors.empty() || !o.from.empty() || !o.to.empty() ||
                            !o.kind.empty() || !o.plover.empty() || o.min_mentions > 0 ||
                            o.max_events > 0;

  // Candidate events in timeline order.
  const auto order = timeline_order(g);
  std::unordered_map<std::string_view, size_t> rank;
  rank.reserve(order.size());
  for (size_t i = 0; i < order.size(); ++i) rank.emplace(order[i]->id, i);

  std::vector<const Node*> evs;
  if (event_filter) {
    EventFilter f;
    f.kind = o.kind;
    f.plover = o.plover;
    f.from = o.from;
    f.to = o.to;
    if (o.actors.empty()) {
      for (const auto& r : events(g, f)) evs.push_back(r.event);
    } else {
      IdSet seen;
      for (const auto& a : o.actors) {
        f.actor = a;
        for (const auto& r : events(g, f))
          if (seen.insert(r.event->id).second) evs.push_back(r.event);
      }
      std::sort(evs.begin(), evs.end(),
                [&](const Node* x, const Node* y) { return rank.at(x->id) < rank.at(y->id); });
    }
    std::erase_if(evs, [&](const Node* e) {
      return e->mentions.size() < o.min_mentions || (use_ego && !ego.contains(e->id));
    });
    if (o.max_events > 0 && evs.size() > o.max_events) {
      std::stable_sort(evs.begin(), evs.end(), [](const Node* x, const Node* y) {
        return x->mentions.size() > y->mentions.size();
      });
      evs.resize(o.max_events);
      std::sort(evs.begin(), evs.end(),
                [&](const Node* x, const Node* y) { return rank.at(x->id) < rank.at(y->id); });
      st.cut_by_max = true;
    }
  }

  IdSet kept;
  if (!event_filter) {
    kept = use_ego ? ego : IdSet{};
    if (!use_ego)
      for (const Node* n : all) kept.insert(n->id);
  } else {
    std::vector<const Node*> places;
    auto keep_neighbour = [&](std::string_view id) {
      const Node* m = g.find(id);
      if (m == nullptr || m->kind == NodeKind::Event) return;
      if (use_ego && !ego.contains(m->id)) return;
      if (kept.insert(m->id).second && m->kind == NodeKind::Place) places.push_back(m);
    };
    for (const Node* e : evs) {
      kept.insert(e->id);
      for (const Edge* x : g.out_edges(e->id)) keep_neighbour(x->target);
      for (const Edge* x : g.in_edges(e->id)) keep_neighbour(x->source);
    }
    for (const auto& a : o.actors) kept.insert(require(g, a, "actor").id);
    if (use_ego) kept.insert(require(g, o.ego, "ego node").id);
    // The admin hierarchy of kept places (city -> region -> country).
    while (!places.empty()) {
      const Node* p = places.back();
      places.pop_back();
      for (const Edge* x : g.out_edges(p->id))
        if (x->kind == EdgeKind::LocatedIn) keep_neighbour(x->target);
    }
  }

  Graph r;
  r.meta = g.meta;
  for (const Node* n : all)
    if (kept.contains(n->id)) r.upsert_node(*n);
  bool had_precedes = false;
  for (const Edge* e : g.edges()) {
    if (e->kind == EdgeKind::Precedes) {  // cue edges are kept; date edges recomputed below
      had_precedes = true;
      if (e->value != kCuePrecedes) continue;
    }
    if (kept.contains(e->source) && kept.contains(e->target)) r.upsert_edge(*e);
  }
  if (had_precedes) link_timeline(r);
  st.events_out = count_events(r.nodes());
  if (stats != nullptr) *stats = st;
  return r;
}

}  // namespace eg::graph
