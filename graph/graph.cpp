#include "graph/graph.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <new>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include <boost/graph/compressed_sparse_row_graph.hpp>

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

using Index = uint32_t;  // node and edge positions

/// The graph's topology is a Boost.Graph CSR graph; each edge carries its position in the
/// edge store.
struct CsrEdge {
  Index pos = 0;
};
using Csr = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, CsrEdge,
                                               boost::no_property, Index, Index>;

/// Runs work(part, parts) as work(0, 2) here and work(1, 2) on a second thread when `two`, else
/// as work(0, 1); rethrows the first exception after both halves are done.
template <typename F>
void in_halves(bool two, F work) {
  if (!two) {
    work(0, 1);
    return;
  }
  std::exception_ptr error;
  std::thread t([&] {
    try {
      work(1, 2);
    } catch (...) {
      error = std::current_exception();
    }
  });
  try {
    work(0, 2);
  } catch (...) {
    t.join();
    throw;
  }
  t.join();
  if (error) std::rethrow_exception(error);
}

/// A growable array of T in segments of doubling size (64, 128, 256, … elements): elements
/// never move when it grows (pointers stay valid), slots can be constructed in any order and
/// from several threads (lazy decoding), and big segments are 2 MB aligned (so that transparent
/// huge pages can back them where the kernel grants them).
template <typename T>
class Segmented {
 public:
  static constexpr size_t kFirstShift = 6;

  Segmented() = default;
  Segmented(const Segmented&) = delete;
  Segmented& operator=(const Segmented&) = delete;
  ~Segmented() {
    clear();
    for (size_t c = 0; c < segs_.size(); ++c) free_segment(segs_[c], c);
  }

  [[nodiscard]] size_t size() const { return size_; }
  T& operator[](size_t i) { return *slot(i); }
  const T& operator[](size_t i) const { return *slot(i); }
  T& back() { return *slot(size_ - 1); }

  [[nodiscard]] T* slot(size_t i) const {
    const size_t j = (i >> kFirstShift) + 1;
    const size_t c = static_cast<size_t>(std::bit_width(j)) - 1;
    return segs_[c] + (i - (((size_t{1} << c) - 1) << kFirstShift));
  }

  /// Makes room for `n` elements (no construction).
  void reserve(size_t n) {
    while (capacity() < n) {
      const size_t c = segs_.size();
      const size_t bytes = seg_len(c) * sizeof(T);
      segs_.push_back(static_cast<T*>(::operator new(bytes, std::align_val_t{align(bytes)})));
    }
  }

  void push_back(T&& v) {
    reserve(size_ + 1);
    ::new (slot(size_)) T(std::move(v));
    ++size_;
  }
  void push_back(const T& v) {
    reserve(size_ + 1);
    ::new (slot(size_)) T(v);
    ++size_;
  }

  /// The index of the element at `p`, or std::nullopt if it is not one of the slots.
  [[nodiscard]] std::optional<size_t> index_of(const T* p) const {
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    for (size_t c = 0; c < segs_.size(); ++c) {
      const auto b = reinterpret_cast<std::uintptr_t>(segs_[c]);
      if (a < b || a >= b + seg_len(c) * sizeof(T)) continue;
      if ((a - b) % sizeof(T) != 0) return std::nullopt;
      const size_t i = (((size_t{1} << c) - 1) << kFirstShift) + (a - b) / sizeof(T);
      return i < size_ ? std::optional<size_t>(i) : std::nullopt;
    }
    return std::nullopt;
  }

  /// Lazy decoding: default-constructs slot i (< capacity, not yet constructed) and returns it.
  T& construct(size_t i) { return *::new (slot(i)) T(); }
  /// Lazy decoding: sets the size (slots [0, n) are constructed on demand; see Graph::Impl).
  void set_size(size_t n) { size_ = n; }

  void clear() {
    for (size_t i = 0; i < size_; ++i) slot(i)->~T();
    size_ = 0;
  }

  /// Keeps the elements for which keep(i) is true, in order (moves them down).
  template <typename Keep>
  void compact(Keep keep) {
    size_t w = 0;
    for (size_t i = 0; i < size_; ++i) {
      if (!keep(i)) continue;
      if (w != i) *slot(w) = std::move(*slot(i));
      ++w;
    }
    for (size_t i = w; i < size_; ++i) slot(i)->~T();
    size_ = w;
  }

 private:
  static size_t seg_len(size_t c) { return (size_t{1} << c) << kFirstShift; }
  static size_t align(size_t bytes) {
    return bytes >= (size_t{4} << 20) ? (size_t{2} << 20) : std::max(alignof(T), alignof(std::max_align_t));
  }
  static void free_segment(T* p, size_t c) {
    const size_t bytes = seg_len(c) * sizeof(T);
    ::operator delete(p, std::align_val_t{align(bytes)});
  }
  [[nodiscard]] size_t capacity() const { return ((size_t{1} << segs_.size()) - 1) << kFirstShift; }

  std::vector<T*> segs_;
  size_t size_ = 0;
};

uint32_t hash32(std::string_view s) {
  return static_cast<uint32_t>(std::hash<std::string_view>{}(s) >> 32);
}

/// id -> node position: open addressing, linear probing; a slot holds (hash << 32 | pos + 1).
class IdMap {
 public:
  template <typename IdOf>
  [[nodiscard]] std::optional<Index> find(std::string_view id, uint32_t h, IdOf id_of) const {
    if (slots_.empty()) return std::nullopt;
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const uint64_t s = slots_[i];
      if (s == 0) return std::nullopt;
      if (static_cast<uint32_t>(s >> 32) == h) {
        const auto v = static_cast<Index>((s & 0xffffffffu) - 1);
        if (id_of(v) == id) return v;
      }
    }
  }
  /// Adds a position whose id is not present.
  void insert(Index v, uint32_t h) {
    if ((count_ + 1) * 2 > slots_.size()) grow(std::max<size_t>(16, slots_.size() * 2));
    put(slots_, v, h);
    ++count_;
  }
  void clear() {
    slots_.clear();
    count_ = 0;
  }
  void reserve(size_t n) {
    if (n * 2 > slots_.size()) grow(std::bit_ceil(std::max<size_t>(16, n * 2)));
  }

 private:
  static void put(std::vector<uint64_t>& slots, Index v, uint32_t h) {
    const size_t mask = slots.size() - 1;
    size_t i = h & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = (static_cast<uint64_t>(h) << 32) | (static_cast<uint64_t>(v) + 1);
  }
  void grow(size_t n) {
    std::vector<uint64_t> next(n, 0);
    for (uint64_t s : slots_)
      if (s != 0) put(next, static_cast<Index>((s & 0xffffffffu) - 1), static_cast<uint32_t>(s >> 32));
    slots_ = std::move(next);
  }
  std::vector<uint64_t> slots_;
  size_t count_ = 0;
};

struct Ends {
  Index source;
  Index target;
};

struct EdgeKey {
  Index source;
  Index target;
  EdgeKind kind;
  friend bool operator==(const EdgeKey&, const EdgeKey&) = default;
};

struct EdgeKeyHash {
  size_t operator()(const EdgeKey& k) const noexcept {
    uint64_t h = (static_cast<uint64_t>(k.source) << 32 | k.target) * 0x9e3779b97f4a7c15ULL;
    h ^= static_cast<uint64_t>(k.kind) + (h >> 29);
    return static_cast<size_t>(h * 0xbf58476d1ce4e5b9ULL);
  }
};

/// (source, target, kind) -> edge position: open addressing, linear probing; a slot holds the
/// position + 1, the key is read back from the edge arrays through `key_of`.
class EdgeMap {
 public:
  template <typename KeyOf>
  [[nodiscard]] std::optional<Index> find(const EdgeKey& k, KeyOf key_of) const {
    if (slots_.empty()) return std::nullopt;
    const size_t mask = slots_.size() - 1;
    for (size_t i = EdgeKeyHash{}(k) & mask;; i = (i + 1) & mask) {
      const uint32_t s = slots_[i];
      if (s == 0) return std::nullopt;
      if (key_of(s - 1) == k) return s - 1;
    }
  }
  /// Adds an edge whose key is not present.
  template <typename KeyOf>
  void insert(Index e, KeyOf key_of) {
    if ((count_ + 1) * 2 > slots_.size()) {
      std::vector<uint32_t> old = std::move(slots_);
      slots_.assign(std::max<size_t>(16, old.size() * 2), 0);
      for (uint32_t s : old)
        if (s != 0) put(s - 1, key_of(s - 1));
    }
    put(e, key_of(e));
    ++count_;
  }
  void clear() {
    slots_.clear();
    count_ = 0;
  }
  void reserve(size_t n) {
    if (n * 2 > slots_.size()) slots_.assign(std::bit_ceil(std::max<size_t>(16, n * 2)), 0);
    count_ = 0;
  }

 private:
  void put(Index e, const EdgeKey& k) {
    const size_t mask = slots_.size() - 1;
    size_t i = EdgeKeyHash{}(k) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = e + 1;
  }
  std::vector<uint32_t> slots_;
  size_t count_ = 0;
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

const std::vector<Index> kNoLinks;

}  // namespace

std::string_view to_string(NodeKind k) { return kNodeKinds[static_cast<size_t>(k)]; }
std::string_view to_string(EdgeKind k) { return kEdgeKinds[static_cast<size_t>(k)]; }
std::optional<NodeKind> node_kind_from(std::string_view s) { return lookup<NodeKind>(kNodeKinds, s); }
std::optional<EdgeKind> edge_kind_from(std::string_view s) { return lookup<EdgeKind>(kEdgeKinds, s); }

// Storage: nodes and edges in Segmented arrays (position = insertion order), edge endpoints as
// positions, adjacency as a CSR over the first `csr_edges` edges (built in one pass after a lazy
// load, a copy or a removal) plus per-node lists for edges added later. No per-edge heap node.
struct Graph::Impl {
  // While a lazy source is set, slot i of `nodes`/`edges` is constructed (from the source) the
  // first time node(i)/edge(i) reads it; state 0 = not yet, 1 = being decoded, 2 = ready.
  mutable Segmented<Node> nodes;
  mutable Segmented<Edge> edges;
  std::vector<Ends> ends;
  std::vector<NodeKind> node_kinds;  // by position, also while lazy
  std::vector<EdgeKind> edge_kinds;
  // The id index. A lazily loaded graph whose ids are sorted defers it: lookups binary-search
  // the ids until kSearchesBeforeIndex of them have been made, then it is built (once).
  mutable IdMap ids;
  mutable std::atomic<bool> ids_ready{true};
  mutable std::atomic<size_t> searches{0};
  mutable std::mutex ids_mutex;
  static constexpr size_t kSearchesBeforeIndex = 100000;
  std::shared_ptr<const LazySource> lazy;
  std::vector<std::string_view> lazy_ids;
  mutable std::unique_ptr<std::atomic<uint8_t>[]> node_state, edge_state;
  // True while positions order like ids / edges like (source id, target id, kind): nodes() and
  // edges() then need no sort. Conservative (false may be wrong, true never is).
  bool nodes_sorted = true;
  bool edges_sorted = true;

  // The topology: a Boost.Graph compressed sparse row graph (bidirectional) over the first
  // `csr_edges` edges, whose edge property is the edge's position; edges added later wait in
  // per-node lists until the next rebuild.
  Csr csr;
  size_t csr_nodes = 0;  // nodes covered by the CSR
  size_t csr_edges = 0;  // edges [0, csr_edges) are in the CSR
  std::vector<std::vector<Index>> out_extra, in_extra;  // edges >= csr_edges, by node position

  EdgeMap edge_index;  // built lazily for upsert_edge
  bool edges_stale = false;

  // Node mentions merged by upsert_node are appended and sorted on the next read, so a hub
  // node (a country named in every article) does not cost O(its mentions) per document.
  // pending: position -> length of its sorted prefix. Reads may run in several threads: the
  // first one to see pending work does it under the mutex.
  std::unordered_map<Index, size_t> pending;
  std::atomic<bool> has_pending{false};
  std::mutex pending_mutex;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() { drop_lazy_slots(); }

  [[nodiscard]] std::string_view id_of(Index v) const { return lazy ? lazy_ids[v] : std::string_view(nodes[v].id); }

  [[nodiscard]] std::optional<Index> vertex(std::string_view id) const {
    if (!ids_ready.load(std::memory_order_acquire)) {
      if (searches.fetch_add(1, std::memory_order_relaxed) < kSearchesBeforeIndex) {
        // (deferred only for lazy graphs with sorted ids)
        const auto it = std::lower_bound(lazy_ids.begin(), lazy_ids.end(), id);
        if (it == lazy_ids.end() || *it != id) return std::nullopt;
        return static_cast<Index>(it - lazy_ids.begin());
      }
      std::lock_guard lock(ids_mutex);
      if (!ids_ready.load(std::memory_order_acquire)) {
        fill_ids();
        ids_ready.store(true, std::memory_order_release);
      }
    }
    return ids.find(id, hash32(id), [this](Index v) { return id_of(v); });
  }

  /// Fills the id index from the ids, assumed unique.
  void fill_ids() const {
    ids.clear();
    ids.reserve(nodes.size());
    for (size_t v = 0; v < nodes.size(); ++v) ids.insert(static_cast<Index>(v), hash32(id_of(static_cast<Index>(v))));
  }

  template <typename T>
  static void materialize(Segmented<T>& store, std::atomic<uint8_t>& state, size_t i,
                          const std::function<void(T&)>& decode) {
    uint8_t expect = 0;
    if (state.compare_exchange_strong(expect, 1, std::memory_order_acq_rel)) {
      T& x = store.construct(i);
      try {
        decode(x);
      } catch (...) {
        state.store(2, std::memory_order_release);
        throw;
      }
      state.store(2, std::memory_order_release);
    } else {
      while (state.load(std::memory_order_acquire) != 2) std::this_thread::yield();
    }
  }

  const Node& node(Index v) const {
    if (lazy && node_state[v].load(std::memory_order_acquire) != 2)
      materialize<Node>(nodes, node_state[v], v, [&](Node& n) { lazy->node(v, n); });
    return nodes[v];
  }
  const Edge& edge(Index e) const {
    if (lazy && edge_state[e].load(std::memory_order_acquire) != 2)
      materialize<Edge>(edges, edge_state[e], e, [&](Edge& x) { lazy->edge(e, x); });
    return edges[e];
  }

  /// Decodes every node and edge not decoded yet (two threads on big graphs).
  void materialize_all() const {
    if (!lazy) return;
    in_halves(nodes.size() + edges.size() > 100000, [this](size_t part, size_t parts) {
      const size_t nv = nodes.size(), ne = edges.size();
      for (size_t v = nv * part / parts; v < nv * (part + 1) / parts; ++v) (void)node(static_cast<Index>(v));
      for (size_t e = ne * part / parts; e < ne * (part + 1) / parts; ++e) (void)edge(static_cast<Index>(e));
    });
  }

  /// Before any modification: decodes everything and forgets the source.
  void unlazy() {
    if (!lazy) return;
    materialize_all();
    if (!ids_ready.load(std::memory_order_acquire)) {
      fill_ids();
      ids_ready.store(true, std::memory_order_release);
    }
    lazy.reset();
    lazy_ids = {};
    node_state.reset();
    edge_state.reset();
  }

  /// Lazy slots may be unconstructed: destroy the constructed ones, leave the stores empty.
  void drop_lazy_slots() {
    if (!lazy) return;
    for (size_t v = 0; v < nodes.size(); ++v)
      if (node_state[v].load(std::memory_order_acquire) == 2) nodes[v].~Node();
    for (size_t e = 0; e < edges.size(); ++e)
      if (edge_state[e].load(std::memory_order_acquire) == 2) edges[e].~Edge();
    nodes.set_size(0);
    edges.set_size(0);
  }

  template <typename F>
  void for_out(Index v, F f) const {
    if (v < csr_nodes)
      for (auto [it, end] = boost::out_edges(v, csr); it != end; ++it) f(csr[*it].pos);
    if (v < out_extra.size())
      for (Index e : out_extra[v]) f(e);
  }
  template <typename F>
  void for_in(Index v, F f) const {
    if (v < csr_nodes)
      for (auto [it, end] = boost::in_edges(v, csr); it != end; ++it) f(csr[*it].pos);
    if (v < in_extra.size())
      for (Index e : in_extra[v]) f(e);
  }
  [[nodiscard]] size_t in_degree(Index v) const {
    size_t n = v < csr_nodes ? boost::in_degree(v, csr) : 0;
    if (v < in_extra.size()) n += in_extra[v].size();
    return n;
  }

  static void settle(std::vector<Mention>& m, size_t sorted) {
    const auto mid = m.begin() + static_cast<std::ptrdiff_t>(sorted);
    std::sort(mid, m.end());
    std::inplace_merge(m.begin(), mid, m.end());
    m.erase(std::unique(m.begin(), m.end()), m.end());
  }

  // (pending work only exists after upsert_node, which ends lazy mode first)
  void settle_all() {
    if (!has_pending.load(std::memory_order_acquire)) return;
    std::lock_guard lock(pending_mutex);
    for (const auto& [v, sorted] : pending) settle(nodes[v].mentions, sorted);
    pending.clear();
    has_pending.store(false, std::memory_order_release);
  }

  void settle_one(Index v) {
    if (!has_pending.load(std::memory_order_acquire)) return;
    std::lock_guard lock(pending_mutex);
    if (auto it = pending.find(v); it != pending.end()) {
      settle(nodes[v].mentions, it->second);
      pending.erase(it);
      if (pending.empty()) has_pending.store(false, std::memory_order_release);
    }
  }

  void add_mentions(Index v, const std::vector<Mention>& more) {
    if (more.empty()) return;
    std::vector<Mention>& m = nodes[v].mentions;
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

  /// Appends a node whose id is new; returns its position. (Not lazy.)
  Index add_node(Node&& n, uint32_t h) {
    const auto v = static_cast<Index>(nodes.size());
    if (v > 0 && nodes_sorted && !(nodes[v - 1].id < n.id)) nodes_sorted = false;
    node_kinds.push_back(n.kind);
    nodes.push_back(std::move(n));
    ids.insert(v, h);
    return v;
  }

  /// Appends an edge between positions s and t. (Not lazy.)
  Edge& add_edge(Index s, Index t, Edge&& e) {
    const auto i = static_cast<Index>(edges.size());
    if (i > 0 && edges_sorted) {
      const Edge& p = edges[i - 1];
      const int c = p.source != e.source ? p.source.compare(e.source) : p.target.compare(e.target);
      if (!(c < 0 || (c == 0 && p.kind < e.kind))) edges_sorted = false;
    }
    edge_kinds.push_back(e.kind);
    edges.push_back(std::move(e));
    ends.push_back({s, t});
    if (out_extra.size() <= s) out_extra.resize(std::max<size_t>(s + 1, nodes.size()));
    if (in_extra.size() <= t) in_extra.resize(std::max<size_t>(t + 1, nodes.size()));
    out_extra[s].push_back(i);
    in_extra[t].push_back(i);
    return edges.back();
  }

  [[nodiscard]] EdgeKey key_of(Index e) const { return {ends[e].source, ends[e].target, edge_kinds[e]}; }

  void ensure_edge_index() {
    if (!edges_stale) return;
    edge_index.clear();
    edge_index.reserve(ends.size());
    for (size_t i = 0; i < ends.size(); ++i)
      edge_index.insert(static_cast<Index>(i), [this](Index e) { return key_of(e); });
    edges_stale = false;
  }

  /// Rebuilds the CSR over every edge (extras emptied): Boost's counting-sort construction
  /// from the (source, target) list, O(nodes + edges).
  void build_csr() {
    const size_t nv = nodes.size(), ne = ends.size();
    out_extra.clear();
    in_extra.clear();
    std::vector<std::pair<Index, Index>> pairs(ne);
    std::vector<CsrEdge> props(ne);
    for (size_t i = 0; i < ne; ++i) {
      pairs[i] = {ends[i].source, ends[i].target};
      props[i].pos = static_cast<Index>(i);
    }
    csr = Csr(boost::edges_are_unsorted_multi_pass, pairs.begin(), pairs.end(), props.begin(),
              static_cast<Index>(nv));
    csr_nodes = nv;
    csr_edges = ne;
  }

  /// Rebuilds the id index; false if an id repeats.
  bool build_ids() {
    ids_ready.store(true, std::memory_order_release);
    ids.clear();
    ids.reserve(nodes.size());
    for (size_t v = 0; v < nodes.size(); ++v) {
      const std::string_view id = id_of(static_cast<Index>(v));
      const uint32_t h = hash32(id);
      // Ids sorted strictly increasing are unique: no lookup needed.
      if (!nodes_sorted && vertex(id)) return false;
      ids.insert(static_cast<Index>(v), h);
    }
    return true;
  }

  /// Recomputes every index (after copies and removals, which shift positions).
  void rebuild() {
    build_ids();
    build_csr();
    edges_stale = true;
    edge_index.clear();
  }

  /// Orders edge positions like edge_less: (source id, target id, kind).
  void sort_edges(std::vector<Index>& es) const {
    std::sort(es.begin(), es.end(), [this](Index a, Index b) {
      const Ends& x = ends[a];
      const Ends& y = ends[b];
      if (x.source != y.source) return nodes_sorted ? x.source < y.source : id_of(x.source) < id_of(y.source);
      if (x.target != y.target) return nodes_sorted ? x.target < y.target : id_of(x.target) < id_of(y.target);
      return edge_kinds[a] < edge_kinds[b];
    });
  }
};

Graph::Graph() : impl_(std::make_unique<Impl>()) {}
Graph::~Graph() = default;
Graph::Graph(const Graph& o) : meta(o.meta), impl_(std::make_unique<Impl>()) {
  o.impl_->materialize_all();
  o.impl_->settle_all();
  Impl& d = *impl_;
  const Impl& s = *o.impl_;
  d.nodes.reserve(s.nodes.size());
  for (size_t i = 0; i < s.nodes.size(); ++i) d.nodes.push_back(s.nodes[i]);
  d.edges.reserve(s.edges.size());
  for (size_t i = 0; i < s.edges.size(); ++i) d.edges.push_back(s.edges[i]);
  d.ends = s.ends;
  d.node_kinds = s.node_kinds;
  d.edge_kinds = s.edge_kinds;
  d.nodes_sorted = s.nodes_sorted;
  d.edges_sorted = s.edges_sorted;
  d.rebuild();
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
  Impl& m = *impl_;
  m.unlazy();
  const uint32_t h = hash32(n.id);
  const auto found = m.ids.find(n.id, h, [&m](Index v) { return m.id_of(v); });
  if (!found) {
    Node copy = n;
    sort_unique(copy.mentions);
    sort_unique(copy.aliases);
    sort_unique(copy.roles);
    m.add_node(std::move(copy), h);
    return true;
  }
  Node& x = m.nodes[*found];
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
  m.add_mentions(*found, n.mentions);
  merge_sorted_unique(x.aliases, n.aliases);
  merge_sorted_unique(x.roles, n.roles);
  return false;
}

void Graph::reserve(size_t n_nodes, size_t n_edges) {
  Impl& m = *impl_;
  m.unlazy();
  m.nodes.reserve(n_nodes);
  m.node_kinds.reserve(n_nodes);
  m.ids.reserve(n_nodes);
  m.edges.reserve(n_edges);
  m.ends.reserve(n_edges);
  m.edge_kinds.reserve(n_edges);
}

bool Graph::insert_node(Node&& n) {
  Impl& m = *impl_;
  m.unlazy();
  const uint32_t h = hash32(n.id);
  if (m.ids.find(n.id, h, [&m](Index v) { return m.id_of(v); })) return false;
  sort_unique(n.mentions);
  sort_unique(n.aliases);
  sort_unique(n.roles);
  m.add_node(std::move(n), h);
  return true;
}

void Graph::insert_new_edge(Edge&& e) {
  constexpr size_t kNoHint = std::numeric_limits<size_t>::max();
  insert_new_edge(std::move(e), kNoHint, kNoHint);
}

void Graph::insert_new_edge(Edge&& e, size_t source_pos, size_t target_pos) {
  Impl& m = *impl_;
  m.unlazy();
  const size_t nv = m.nodes.size();
  const auto s = source_pos < nv && m.nodes[source_pos].id == e.source
                     ? std::optional<Index>(static_cast<Index>(source_pos))
                     : m.vertex(e.source);
  const auto t = target_pos < nv && m.nodes[target_pos].id == e.target
                     ? std::optional<Index>(static_cast<Index>(target_pos))
                     : m.vertex(e.target);
  if (!s) throw std::out_of_range("insert_new_edge: unknown source node '" + e.source + "'");
  if (!t) throw std::out_of_range("insert_new_edge: unknown target node '" + e.target + "'");
  sort_unique(e.mentions);
  m.add_edge(*s, *t, std::move(e));
  m.edges_stale = true;
}

bool Graph::upsert_edge(const Edge& e) {
  Impl& m = *impl_;
  m.unlazy();
  const auto s = m.vertex(e.source);
  const auto t = m.vertex(e.target);
  if (!s) throw std::out_of_range("upsert_edge: unknown source node '" + e.source + "'");
  if (!t) throw std::out_of_range("upsert_edge: unknown target node '" + e.target + "'");
  m.ensure_edge_index();
  const auto key_of = [&m](Index i) { return m.key_of(i); };
  if (const auto found = m.edge_index.find(EdgeKey{*s, *t, e.kind}, key_of)) {
    Edge& x = m.edges[*found];
    fill(x.value, e.value);
    merge_sorted_unique(x.mentions, e.mentions);
    return false;
  }
  Edge copy = e;
  sort_unique(copy.mentions);
  m.add_edge(*s, *t, std::move(copy));
  m.edge_index.insert(static_cast<Index>(m.edges.size() - 1), key_of);
  return true;
}

void Graph::remove_node(std::string_view id) {
  Impl& m = *impl_;
  const auto v = m.vertex(id);
  if (!v) return;
  m.unlazy();
  m.settle_all();  // pending work is keyed by positions, which removal shifts
  const Index gone = *v;
  std::vector<char> keep_edge(m.edges.size());
  for (size_t i = 0; i < m.edges.size(); ++i)
    keep_edge[i] = m.ends[i].source != gone && m.ends[i].target != gone;
  m.edges.compact([&](size_t i) { return keep_edge[i] != 0; });
  size_t w = 0;
  for (size_t i = 0; i < m.ends.size(); ++i) {
    if (!keep_edge[i]) continue;
    Ends e = m.ends[i];
    e.source -= e.source > gone ? 1 : 0;
    e.target -= e.target > gone ? 1 : 0;
    m.ends[w] = e;
    m.edge_kinds[w] = m.edge_kinds[i];
    ++w;
  }
  m.ends.resize(w);
  m.edge_kinds.resize(w);
  m.nodes.compact([&](size_t i) { return i != gone; });
  m.node_kinds.erase(m.node_kinds.begin() + static_cast<std::ptrdiff_t>(gone));
  m.rebuild();
}

size_t Graph::remove_edges(EdgeKind kind) {
  Impl& m = *impl_;
  std::vector<char> keep(m.ends.size());
  size_t removed = 0;
  for (size_t i = 0; i < m.ends.size(); ++i) {
    keep[i] = m.edge_kinds[i] != kind;
    removed += keep[i] ? 0 : 1;
  }
  if (removed == 0) return 0;
  m.unlazy();
  m.edges.compact([&](size_t i) { return keep[i] != 0; });
  size_t w = 0;
  for (size_t i = 0; i < m.ends.size(); ++i) {
    if (!keep[i]) continue;
    m.ends[w] = m.ends[i];
    m.edge_kinds[w] = m.edge_kinds[i];
    ++w;
  }
  m.ends.resize(w);
  m.edge_kinds.resize(w);
  m.build_csr();
  m.edges_stale = true;
  m.edge_index.clear();
  return removed;
}

const Node* Graph::find(std::string_view id) const {
  const auto v = impl_->vertex(id);
  if (!v) return nullptr;
  impl_->settle_one(*v);
  return &impl_->node(*v);
}

size_t Graph::node_count() const { return impl_->nodes.size(); }
size_t Graph::edge_count() const { return impl_->edges.size(); }

std::vector<const Node*> Graph::nodes() const {
  const Impl& m = *impl_;
  m.materialize_all();
  impl_->settle_all();
  std::vector<const Node*> out;
  out.reserve(node_count());
  for (size_t v = 0; v < m.nodes.size(); ++v) out.push_back(&m.nodes[v]);
  if (!m.nodes_sorted)
    std::sort(out.begin(), out.end(), [](const Node* a, const Node* b) { return a->id < b->id; });
  return out;
}

std::vector<const Node*> Graph::nodes(NodeKind kind) const {
  const Impl& m = *impl_;
  impl_->settle_all();
  std::vector<const Node*> out;
  for (size_t v = 0; v < m.nodes.size(); ++v)
    if (m.node_kinds[v] == kind) out.push_back(&m.nodes[v]);  // (the slot; decoded below)
  if (m.lazy) {
    // Decode the ones not decoded yet, in two threads when there are many.
    const size_t nv = m.nodes.size();
    in_halves(out.size() > 50000, [&](size_t part, size_t parts) {
      for (size_t i = nv * part / parts; i < nv * (part + 1) / parts; ++i) {
        const auto v = static_cast<Index>(i);
        if (m.node_kinds[v] == kind) (void)m.node(v);
      }
    });
  }
  if (!m.nodes_sorted)
    std::sort(out.begin(), out.end(), [](const Node* a, const Node* b) { return a->id < b->id; });
  return out;
}

std::vector<const Edge*> Graph::edges() const {
  const Impl& m = *impl_;
  m.materialize_all();
  std::vector<const Edge*> out;
  out.reserve(edge_count());
  if (m.edges_sorted || m.edges.size() < 64) {
    for (size_t i = 0; i < m.edges.size(); ++i) out.push_back(&m.edges[i]);
    if (!m.edges_sorted) std::sort(out.begin(), out.end(), edge_less);
    return out;
  }
  for (const size_t i : edge_order()) out.push_back(&m.edges[i]);
  return out;
}

std::vector<size_t> Graph::node_order() const {
  const Impl& m = *impl_;
  const size_t nv = m.nodes.size();
  std::vector<size_t> out(nv);
  for (size_t v = 0; v < nv; ++v) out[v] = v;
  if (!m.nodes_sorted)
    std::sort(out.begin(), out.end(), [&m](size_t a, size_t b) {
      return m.id_of(static_cast<Index>(a)) < m.id_of(static_cast<Index>(b));
    });
  return out;
}

std::vector<size_t> Graph::edge_order() const {
  const Impl& m = *impl_;
  const size_t ne = m.ends.size();
  std::vector<size_t> out(ne);
  for (size_t i = 0; i < ne; ++i) out[i] = i;
  if (m.edges_sorted) return out;
  // Rank the nodes by id once (V log V string compares, none when positions already order like
  // ids), then sort the edges on integer keys: ids are unique, so (rank source, rank target,
  // kind) orders exactly like edge_less.
  const size_t nv = m.nodes.size();
  std::vector<uint64_t> rank(nv);
  {
    const std::vector<size_t> order = node_order();
    for (size_t i = 0; i < nv; ++i) rank[order[i]] = i;
  }
  struct Key {
    uint64_t ends;  // rank source << 32 | rank target
    uint8_t kind;
    size_t pos;
  };
  std::vector<Key> keys;
  keys.reserve(ne);
  for (size_t i = 0; i < ne; ++i)
    keys.push_back({(rank[m.ends[i].source] << 32) | rank[m.ends[i].target],
                    static_cast<uint8_t>(m.edge_kinds[i]), i});
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.ends != b.ends ? a.ends < b.ends : a.kind < b.kind;
  });
  for (size_t i = 0; i < ne; ++i) out[i] = keys[i].pos;
  return out;
}

const Node& Graph::node_view(size_t pos, Node& scratch) const {
  const Impl& m = *impl_;
  const auto v = static_cast<Index>(pos);
  if (m.lazy && m.node_state[v].load(std::memory_order_acquire) != 2) {
    scratch = Node();
    m.lazy->node(pos, scratch);
    return scratch;
  }
  return node_at(pos);
}

const Edge& Graph::edge_view(size_t edge_pos, Edge& scratch) const {
  const Impl& m = *impl_;
  const auto e = static_cast<Index>(edge_pos);
  if (m.lazy && m.edge_state[e].load(std::memory_order_acquire) != 2) {
    scratch = Edge();
    m.lazy->edge(edge_pos, scratch);
    return scratch;
  }
  return m.edge(e);
}

Graph::EdgeEnds Graph::ends_at(size_t edge_pos) const {
  const Impl& m = *impl_;
  return {m.ends[edge_pos].source, m.ends[edge_pos].target, m.edge_kinds[edge_pos]};
}

std::vector<const Edge*> Graph::out_edges(std::string_view id) const {
  std::vector<const Edge*> out;
  const auto v = impl_->vertex(id);
  if (!v) return out;
  std::vector<Index> es;
  impl_->for_out(*v, [&](Index e) { es.push_back(e); });
  impl_->sort_edges(es);
  out.reserve(es.size());
  for (Index e : es) out.push_back(&impl_->edge(e));
  return out;
}

std::vector<const Edge*> Graph::in_edges(std::string_view id) const {
  std::vector<const Edge*> out;
  const auto v = impl_->vertex(id);
  if (!v) return out;
  std::vector<Index> es;
  impl_->for_in(*v, [&](Index e) { es.push_back(e); });
  impl_->sort_edges(es);
  out.reserve(es.size());
  for (Index e : es) out.push_back(&impl_->edge(e));
  return out;
}

void Graph::in_sources(std::string_view id, EdgeKind k1, EdgeKind k2,
                       std::vector<size_t>& into) const {
  const auto v = impl_->vertex(id);
  if (!v) return;
  const Impl& m = *impl_;
  m.for_in(*v, [&](Index e) {
    if (m.edge_kinds[e] == k1 || m.edge_kinds[e] == k2) into.push_back(m.ends[e].source);
  });
}

size_t Graph::in_degree(std::string_view id) const {
  const auto v = impl_->vertex(id);
  if (!v) return 0;
  return impl_->in_degree(*v);
}

std::optional<size_t> Graph::position(std::string_view id) const {
  const auto v = impl_->vertex(id);
  if (!v) return std::nullopt;
  return *v;
}

std::optional<size_t> Graph::position(const Node& n) const { return impl_->nodes.index_of(&n); }

const Node& Graph::node_at(size_t pos) const {
  impl_->settle_one(static_cast<Index>(pos));
  return impl_->node(static_cast<Index>(pos));
}

std::string_view Graph::id_at(size_t pos) const { return impl_->id_of(static_cast<Index>(pos)); }
NodeKind Graph::kind_at(size_t pos) const { return impl_->node_kinds[pos]; }
size_t Graph::mention_count_at(size_t pos) const {
  const Impl& m = *impl_;
  const auto v = static_cast<Index>(pos);
  if (m.lazy && m.node_state[v].load(std::memory_order_acquire) != 2) return m.lazy->mention_count(pos);
  return node_at(pos).mentions.size();
}

std::string_view Graph::field_at(size_t pos, Field f) const {
  const Impl& m = *impl_;
  const auto v = static_cast<Index>(pos);
  if (m.lazy && m.node_state[v].load(std::memory_order_acquire) != 2) return m.lazy->field(pos, f);
  const Node& n = m.node(v);
  switch (f) {
    case Field::EventKind: return n.event_kind;
    case Field::Plover: return n.plover;
    case Field::Date: return n.date;
    case Field::DateEnd: return n.date_end;
    case Field::Modality: return n.modality;
  }
  return {};
}

const Edge& Graph::edge_at(size_t edge_pos) const { return impl_->edge(static_cast<Index>(edge_pos)); }

void Graph::links(size_t pos, std::vector<Adjacent>& into) const {
  into.clear();
  const Impl& m = *impl_;
  const auto v = static_cast<Index>(pos);
  thread_local std::vector<Index> es;  // scratch: no allocation per call in traversals
  es.clear();
  m.for_out(v, [&](Index e) { es.push_back(e); });
  m.sort_edges(es);
  for (Index e : es) into.push_back({e, m.ends[e].target, m.edge_kinds[e], true});
  es.clear();
  m.for_in(v, [&](Index e) { es.push_back(e); });
  m.sort_edges(es);
  for (Index e : es) into.push_back({e, m.ends[e].source, m.edge_kinds[e], false});
}

std::vector<std::string> Graph::shortest_path(std::string_view a, std::string_view b) const {
  const Impl& m = *impl_;
  const auto s = m.vertex(a);
  const auto t = m.vertex(b);
  if (!s || !t) return {};
  if (*s == *t) return {std::string(a)};
  constexpr Index kNone = std::numeric_limits<Index>::max();
  std::vector<Index> pred(m.nodes.size(), kNone);
  pred[*s] = *s;
  std::vector<Index> queue{*s};
  std::vector<Index> next;
  bool found = false;
  for (size_t head = 0; head < queue.size() && !found; ++head) {
    const Index u = queue[head];
    next.clear();
    m.for_out(u, [&](Index e) { next.push_back(m.ends[e].target); });
    m.for_in(u, [&](Index e) { next.push_back(m.ends[e].source); });
    // Visit neighbours by id so the answer does not depend on insertion order.
    if (m.nodes_sorted) std::sort(next.begin(), next.end());
    else std::sort(next.begin(), next.end(), [&](Index x, Index y) { return m.id_of(x) < m.id_of(y); });
    for (const Index w : next) {
      if (pred[w] != kNone) continue;
      pred[w] = u;
      if (w == *t) {
        found = true;
        break;
      }
      const NodeKind k = m.node_kinds[w];
      if (k != NodeKind::Document && k != NodeKind::Date) queue.push_back(w);
    }
  }
  if (!found) return {};
  std::vector<std::string> path;
  for (Index v = *t;; v = pred[v]) {
    path.emplace_back(m.id_of(v));
    if (v == *s) break;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::string Graph::load_lazy(std::shared_ptr<const LazySource> source, LazySkeleton sk) {
  auto meta_kept = std::move(meta);
  *this = Graph();
  meta = std::move(meta_kept);
  const size_t nv = sk.ids.size(), ne = sk.sources.size();
  auto fail = [&](std::string why) {
    auto kept = std::move(meta);
    *this = Graph();
    meta = std::move(kept);
    return why;
  };
  if (sk.kinds.size() != nv || sk.targets.size() != ne || sk.edge_kinds.size() != ne)
    throw std::invalid_argument("load_lazy: skeleton sizes differ");
  if (nv >= std::numeric_limits<Index>::max() || ne >= std::numeric_limits<Index>::max())
    return fail("too many nodes or edges");
  Impl& m = *impl_;
  m.ends.resize(ne);
  for (size_t i = 0; i < ne; ++i) {
    if (sk.sources[i] >= nv || sk.targets[i] >= nv) return fail("bad node index");
    m.ends[i] = {sk.sources[i], sk.targets[i]};
    if (i > 0) {
      const Ends& a = m.ends[i - 1];
      const Ends& b = m.ends[i];
      const bool increasing = a.source != b.source   ? a.source < b.source
                              : a.target != b.target ? a.target < b.target
                                                     : sk.edge_kinds[i - 1] < sk.edge_kinds[i];
      if (!increasing) return fail("edges out of order");
    }
  }
  sk.sources = {};
  sk.targets = {};
  m.lazy = std::move(source);
  m.lazy_ids = std::move(sk.ids);
  m.node_kinds = std::move(sk.kinds);
  m.edge_kinds = std::move(sk.edge_kinds);
  m.node_state = std::make_unique<std::atomic<uint8_t>[]>(nv);
  m.edge_state = std::make_unique<std::atomic<uint8_t>[]>(ne);
  m.nodes.reserve(nv);
  m.nodes.set_size(nv);
  m.edges.reserve(ne);
  m.edges.set_size(ne);
  // Ids sorted strictly increasing are unique, and their index can wait (binary search first);
  // otherwise it is built now, in a second thread on big graphs while this one builds the
  // adjacency.
  bool unique = true;
  auto index_ids = [&] {
    bool sorted = true;
    for (size_t v = 1; v < nv && sorted; ++v) sorted = m.lazy_ids[v - 1] < m.lazy_ids[v];
    m.nodes_sorted = sorted;
    if (sorted) {
      m.ids.clear();
      m.ids_ready.store(false, std::memory_order_release);
    } else {
      unique = m.build_ids();
    }
  };
  if (nv + ne > 200000) {
    std::thread ids_thread(index_ids);
    m.build_csr();
    ids_thread.join();
  } else {
    index_ids();
    m.build_csr();
  }
  if (!unique) return fail("repeated node id");
  m.edges_sorted = m.nodes_sorted;  // (source, target, kind) positions increase
  m.edges_stale = true;
  return {};
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
