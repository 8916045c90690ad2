#include "graph/graph.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include <boost/graph/adjacency_list.hpp>

namespace eg::graph {

namespace {

constexpr std::array<std::string_view, 5> kNodeKinds{"event", "actor", "place", "date", "document"};
constexpr std::array<std::string_view, 15> kEdgeKinds{
    "source",    "target",    "location",  "on_date",  "reported_in",
    "member_of", "spokesperson_for", "backed_by", "leader_of", "located_in",
    "precedes",  "reports",   "about",     "causes",   "mentions"};

template <typename E, size_t N>
std::optional<E> lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

using BGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Node, Edge>;
using Vertex = BGraph::vertex_descriptor;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct EdgeKey {
  Vertex source;
  Vertex target;
  EdgeKind kind;
  friend bool operator==(const EdgeKey&, const EdgeKey&) = default;
};

struct EdgeKeyHash {
  size_t operator()(const EdgeKey& k) const noexcept {
    size_t h = std::hash<size_t>{}(k.source);
    h ^= std::hash<size_t>{}(k.target) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= static_cast<size_t>(k.kind) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
  }
};

void fill(std::string& into, const std::string& from) {
  if (into.empty() && !from.empty()) into = from;
}

/// Appends `more` to the sorted, unique `v` and keeps it sorted and unique. Cheap when the new
/// elements all sort after the existing ones (the common case: one document after another).
template <typename T>
void merge_sorted_unique(std::vector<T>& v, const std::vector<T>& more) {
  if (more.empty()) return;
  const auto mid = static_cast<std::ptrdiff_t>(v.size());
  v.insert(v.end(), more.begin(), more.end());
  std::sort(v.begin() + mid, v.end());
  if (mid > 0 && !(v[static_cast<size_t>(mid) - 1] < v[static_cast<size_t>(mid)])) {
    std::inplace_merge(v.begin(), v.begin() + mid, v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  } else {
    v.erase(std::unique(v.begin() + mid, v.end()), v.end());
  }
}

template <typename T>
void sort_unique(std::vector<T>& v) {
  // Loaded data is normally sorted and unique already: check that in one pass first.
  if (std::adjacent_find(v.begin(), v.end(), [](const T& a, const T& b) { return !(a < b); }) == v.end())
    return;
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool edge_less(const Edge* a, const Edge* b) {
  if (int c = a->source.compare(b->source); c != 0) return c < 0;
  if (int c = a->target.compare(b->target); c != 0) return c < 0;
  return a->kind < b->kind;
}

}  // namespace

std::string_view to_string(NodeKind k) { return kNodeKinds[static_cast<size_t>(k)]; }
std::string_view to_string(EdgeKind k) { return kEdgeKinds[static_cast<size_t>(k)]; }
std::optional<NodeKind> node_kind_from(std::string_view s) { return lookup<NodeKind>(kNodeKinds, s); }
std::optional<EdgeKind> edge_kind_from(std::string_view s) { return lookup<EdgeKind>(kEdgeKinds, s); }

struct Graph::Impl {
  BGraph g;
  std::unordered_map<std::string, Vertex, StringHash, std::equal_to<>> ids;
  std::unordered_map<EdgeKey, Edge*, EdgeKeyHash> edges;  // edge properties live in a std::list
  // insert_new_edge skips `edges`; it is rebuilt on the next upsert_edge that needs it.
  bool edges_stale = false;

  void ensure_edge_index() {
    if (!edges_stale) return;
    edges.clear();
    edges.reserve(boost::num_edges(g));
    for (auto [it, end] = boost::edges(g); it != end; ++it)
      edges.emplace(EdgeKey{boost::source(*it, g), boost::target(*it, g), g[*it].kind}, &g[*it]);
    edges_stale = false;
  }

  // Node mentions merged by upsert_node are appended and sorted on the next read, so a hub
  // node (a country named in every article) does not cost O(its mentions) per document.
  // pending: vertex -> length of its sorted prefix. Reads may run in several threads: the
  // first one to see pending work does it under the mutex.
  std::unordered_map<Vertex, size_t> pending;
  std::atomic<bool> has_pending{false};
  std::mutex pending_mutex;

  static void settle(std::vector<Mention>& m, size_t sorted) {
    const auto mid = m.begin() + static_cast<std::ptrdiff_t>(sorted);
    std::sort(mid, m.end());
    std::inplace_merge(m.begin(), mid, m.end());
    m.erase(std::unique(m.begin(), m.end()), m.end());
  }

  void settle_all() {
    if (!has_pending.load(std::memory_order_acquire)) return;
    std::lock_guard lock(pending_mutex);
    for (const auto& [v, sorted] : pending) settle(g[v].mentions, sorted);
    pending.clear();
    has_pending.store(false, std::memory_order_release);
  }

  void settle_one(Vertex v) {
    if (!has_pending.load(std::memory_order_acquire)) return;
    std::lock_guard lock(pending_mutex);
    if (auto it = pending.find(v); it != pending.end()) {
      settle(g[v].mentions, it->second);
      pending.erase(it);
      if (pending.empty()) has_pending.store(false, std::memory_order_release);
    }
  }

  void add_mentions(Vertex v, const std::vector<Mention>& more) {
    if (more.empty()) return;
    std::vector<Mention>& m = g[v].mentions;
    const size_t old = m.size();
    m.insert(m.end(), more.begin(), more.end());
    if (pending.contains(v)) return;
    // Still sorted and unique (the common case of one document after another)?
    bool in_order = true;
    for (size_t i = old == 0 ? 1 : old; i < m.size() && in_order; ++i) in_order = m[i - 1] < m[i];
    if (in_order) return;
    pending.emplace(v, old);
    has_pending.store(true, std::memory_order_release);
  }

  [[nodiscard]] std::optional<Vertex> vertex(std::string_view id) const {
    auto it = ids.find(id);
    if (it == ids.end()) return std::nullopt;
    return it->second;
  }

  /// Recomputes both indices from the adjacency_list (after copies and removals, which move
  /// vertex descriptors and edge property addresses).
  void rebuild() {
    settle_all();
    ids.clear();
    ids.reserve(boost::num_vertices(g));
    for (Vertex v = 0; v < boost::num_vertices(g); ++v) ids.emplace(g[v].id, v);
    edges_stale = true;
    ensure_edge_index();
  }
};

Graph::Graph() : impl_(std::make_unique<Impl>()) {}
Graph::~Graph() = default;
Graph::Graph(const Graph& o) : meta(o.meta), impl_(std::make_unique<Impl>()) {
  o.impl_->settle_all();
  impl_->g = o.impl_->g;
  impl_->rebuild();
}
Graph& Graph::operator=(const Graph& o) {
  if (this != &o) {
    Graph copy(o);
    *this = std::move(copy);
  }
  return *this;
}
Graph::Graph(Graph&& o) noexcept : meta(std::move(o.meta)), impl_(std::move(o.impl_)) {
  o.impl_ = std::make_unique<Impl>();
}
Graph& Graph::operator=(Graph&& o) noexcept {
  meta = std::move(o.meta);
  std::swap(impl_, o.impl_);
  o.meta.clear();
  return *this;
}

bool Graph::upsert_node(const Node& n) {
  auto [it, inserted] = impl_->ids.try_emplace(n.id, 0);
  if (inserted) {
    const Vertex v = boost::add_vertex(n, impl_->g);
    it->second = v;
    Node& x = impl_->g[v];
    sort_unique(x.mentions);
    sort_unique(x.aliases);
    sort_unique(x.roles);
    return true;
  }
  Node& x = impl_->g[it->second];
  fill(x.label, n.label);
  fill(x.event_kind, n.event_kind);
  fill(x.plover, n.plover);
  fill(x.cameo, n.cameo);
  if (x.date.empty() && !n.date.empty()) {
    // The date fields describe one value: take them together.
    x.date = n.date;
    x.date_end = n.date_end;
    x.granularity = n.granularity;
    x.date_on_or_before = n.date_on_or_before;
  }
  fill(x.modality, n.modality);
  fill(x.actor_type, n.actor_type);
  fill(x.country, n.country);
  if (!x.lat && n.lat) x.lat = n.lat;
  if (!x.lon && n.lon) x.lon = n.lon;
  fill(x.feature, n.feature);
  fill(x.admin1, n.admin1);
  if (x.precision == 0) x.precision = n.precision;
  fill(x.url, n.url);
  fill(x.title, n.title);
  fill(x.doc_date, n.doc_date);
  impl_->add_mentions(it->second, n.mentions);
  merge_sorted_unique(x.aliases, n.aliases);
  merge_sorted_unique(x.roles, n.roles);
  return false;
}

void Graph::reserve(size_t n_nodes, size_t n_edges) {
  impl_->g.m_vertices.reserve(n_nodes);
  impl_->ids.reserve(n_nodes);
  if (!impl_->edges_stale) impl_->edges.reserve(n_edges);
}

bool Graph::insert_node(Node&& n) {
  auto [it, inserted] = impl_->ids.try_emplace(n.id, 0);
  if (!inserted) return false;
  const Vertex v = boost::add_vertex(impl_->g);
  it->second = v;
  Node& x = impl_->g[v];
  x = std::move(n);
  sort_unique(x.mentions);
  sort_unique(x.aliases);
  sort_unique(x.roles);
  return true;
}

void Graph::insert_new_edge(Edge&& e) {
  constexpr size_t kNoHint = std::numeric_limits<size_t>::max();
  insert_new_edge(std::move(e), kNoHint, kNoHint);
}

void Graph::insert_new_edge(Edge&& e, size_t source_pos, size_t target_pos) {
  const size_t nv = boost::num_vertices(impl_->g);
  const auto s = source_pos < nv && impl_->g[source_pos].id == e.source ? std::optional<Vertex>(source_pos)
                                                                       : impl_->vertex(e.source);
  const auto t = target_pos < nv && impl_->g[target_pos].id == e.target ? std::optional<Vertex>(target_pos)
                                                                       : impl_->vertex(e.target);
  if (!s) throw std::out_of_range("insert_new_edge: unknown source node '" + e.source + "'");
  if (!t) throw std::out_of_range("insert_new_edge: unknown target node '" + e.target + "'");
  auto [ed, ok] = boost::add_edge(*s, *t, impl_->g);
  (void)ok;
  Edge& x = impl_->g[ed];
  x = std::move(e);
  sort_unique(x.mentions);
  impl_->edges_stale = true;
}

bool Graph::upsert_edge(const Edge& e) {
  const auto s = impl_->vertex(e.source);
  const auto t = impl_->vertex(e.target);
  if (!s) throw std::out_of_range("upsert_edge: unknown source node '" + e.source + "'");
  if (!t) throw std::out_of_range("upsert_edge: unknown target node '" + e.target + "'");
  impl_->ensure_edge_index();
  const EdgeKey key{*s, *t, e.kind};
  // One probe of the index for both the lookup and the insertion (load speed).
  auto [it, fresh] = impl_->edges.try_emplace(key, nullptr);
  if (!fresh) {
    Edge& x = *it->second;
    fill(x.value, e.value);
    merge_sorted_unique(x.mentions, e.mentions);
    return false;
  }
  Edge* added = nullptr;
  try {
    auto [ed, ok] = boost::add_edge(*s, *t, e, impl_->g);
    (void)ok;
    added = &impl_->g[ed];
  } catch (...) {
    impl_->edges.erase(it);
    throw;
  }
  sort_unique(added->mentions);
  it->second = added;
  return true;
}

void Graph::remove_node(std::string_view id) {
  const auto v = impl_->vertex(id);
  if (!v) return;
  impl_->settle_all();  // pending work is keyed by vertex descriptors, which removal shifts
  boost::clear_vertex(*v, impl_->g);
  boost::remove_vertex(*v, impl_->g);
  impl_->rebuild();
}

size_t Graph::remove_edges(EdgeKind kind) {
  const size_t before = boost::num_edges(impl_->g);
  BGraph& g = impl_->g;
  boost::remove_edge_if([&](const BGraph::edge_descriptor& e) { return g[e].kind == kind; }, g);
  const size_t removed = before - boost::num_edges(g);
  if (removed > 0) impl_->rebuild();
  return removed;
}

const Node* Graph::find(std::string_view id) const {
  const auto v = impl_->vertex(id);
  if (!v) return nullptr;
  impl_->settle_one(*v);
  return &impl_->g[*v];
}

size_t Graph::node_count() const { return boost::num_vertices(impl_->g); }
size_t Graph::edge_count() const { return boost::num_edges(impl_->g); }

std::vector<const Node*> Graph::nodes() const {
  impl_->settle_all();
  std::vector<const Node*> out;
  out.reserve(node_count());
  for (Vertex v = 0; v < boost::num_vertices(impl_->g); ++v) out.push_back(&impl_->g[v]);
  std::sort(out.begin(), out.end(), [](const Node* a, const Node* b) { return a->id < b->id; });
  return out;
}

std::vector<const Edge*> Graph::edges() const {
  const BGraph& g = impl_->g;
  std::vector<const Edge*> out;
  out.reserve(edge_count());
  if (boost::num_edges(g) < 64) {
    for (auto [it, end] = boost::edges(g); it != end; ++it) out.push_back(&g[*it]);
    std::sort(out.begin(), out.end(), edge_less);
    return out;
  }
  // Rank the vertices by id once (V log V string compares), then sort the edges on integer keys:
  // ids are unique, so (rank source, rank target, kind) orders exactly like edge_less.
  const size_t nv = boost::num_vertices(g);
  std::vector<std::pair<std::string_view, Vertex>> by_id;
  by_id.reserve(nv);
  for (Vertex v = 0; v < nv; ++v) by_id.emplace_back(g[v].id, v);
  std::sort(by_id.begin(), by_id.end());
  std::vector<uint64_t> rank(nv);
  for (size_t i = 0; i < nv; ++i) rank[by_id[i].second] = i;
  by_id.clear();
  by_id.shrink_to_fit();
  struct Key {
    uint64_t ends;  // rank source << 32 | rank target
    uint8_t kind;
    const Edge* e;
  };
  std::vector<Key> keys;
  keys.reserve(boost::num_edges(g));
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const Edge& e = g[*it];
    keys.push_back({(rank[boost::source(*it, g)] << 32) | rank[boost::target(*it, g)],
                    static_cast<uint8_t>(e.kind), &e});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.ends != b.ends ? a.ends < b.ends : a.kind < b.kind;
  });
  for (const Key& k : keys) out.push_back(k.e);
  return out;
}

std::vector<const Edge*> Graph::out_edges(std::string_view id) const {
  std::vector<const Edge*> out;
  const auto v = impl_->vertex(id);
  if (!v) return out;
  for (auto [it, end] = boost::out_edges(*v, impl_->g); it != end; ++it) out.push_back(&impl_->g[*it]);
  std::sort(out.begin(), out.end(), edge_less);
  return out;
}

std::vector<const Edge*> Graph::in_edges(std::string_view id) const {
  std::vector<const Edge*> out;
  const auto v = impl_->vertex(id);
  if (!v) return out;
  for (auto [it, end] = boost::in_edges(*v, impl_->g); it != end; ++it) out.push_back(&impl_->g[*it]);
  std::sort(out.begin(), out.end(), edge_less);
  return out;
}

size_t Graph::in_degree(std::string_view id) const {
  const auto v = impl_->vertex(id);
  return v ? boost::in_degree(*v, impl_->g) : 0;
}

std::vector<std::string> Graph::shortest_path(std::string_view a, std::string_view b) const {
  const auto s = impl_->vertex(a);
  const auto t = impl_->vertex(b);
  if (!s || !t) return {};
  if (*s == *t) return {std::string(a)};
  const BGraph& g = impl_->g;
  constexpr Vertex kNone = std::numeric_limits<Vertex>::max();
  std::vector<Vertex> pred(boost::num_vertices(g), kNone);
  pred[*s] = *s;
  std::deque<Vertex> queue{*s};
  std::vector<Vertex> next;
  bool found = false;
  while (!queue.empty() && !found) {
    const Vertex u = queue.front();
    queue.pop_front();
    next.clear();
    for (auto [it, end] = boost::out_edges(u, g); it != end; ++it) next.push_back(boost::target(*it, g));
    for (auto [it, end] = boost::in_edges(u, g); it != end; ++it) next.push_back(boost::source(*it, g));
    // Visit neighbours by id so the answer does not depend on insertion order.
    std::sort(next.begin(), next.end(), [&](Vertex x, Vertex y) { return g[x].id < g[y].id; });
    for (const Vertex w : next) {
      if (pred[w] != kNone) continue;
      pred[w] = u;
      if (w == *t) {
        found = true;
        break;
      }
      const NodeKind k = g[w].kind;
      if (k != NodeKind::Document && k != NodeKind::Date) queue.push_back(w);
    }
  }
  if (!found) return {};
  std::vector<std::string> path;
  for (Vertex v = *t;; v = pred[v]) {
    path.push_back(g[v].id);
    if (v == *s) break;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

bool operator==(const Graph& a, const Graph& b) {
  if (a.meta != b.meta || a.node_count() != b.node_count() || a.edge_count() != b.edge_count())
    return false;
  const auto na = a.nodes();
  const auto nb = b.nodes();
  for (size_t i = 0; i < na.size(); ++i)
    if (!(*na[i] == *nb[i])) return false;
  const auto ea = a.edges();
  const auto eb = b.edges();
  for (size_t i = 0; i < ea.size(); ++i)
    if (!(*ea[i] == *eb[i])) return false;
  return true;
}

}  // namespace eg::graph
