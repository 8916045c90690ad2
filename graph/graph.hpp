#pragma once
// The event-timeline knowledge graph. Nodes and edges are plain records with string ids derived
// from canonical keys; their storage (segmented arrays, a CSR adjacency, an open-addressing id
// index, optional lazy decoding from the graph cache) stays inside graph.cpp. Iteration order is
// deterministic (sorted by id) so every export diffs cleanly.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eg::graph {

enum class NodeKind : uint8_t { Event, Actor, Place, Date, Document };

enum class EdgeKind : uint8_t {
  Source,           ///< event -> actor that did it
  Target,           ///< event -> actor it was done to
  Location,         ///< event -> place
  OnDate,           ///< event -> date
  ReportedIn,       ///< event -> document
  MemberOf,         ///< actor -> actor
  SpokespersonFor,  ///< actor -> actor
  BackedBy,         ///< actor -> actor
  LeaderOf,         ///< actor -> actor
  LocatedIn,        ///< place -> place
  Precedes,         ///< event -> event (timeline order)
  Reports,          ///< statement event -> event it reports
  About,            ///< event -> event it is about (a condemnation of a strike)
  Causes,           ///< event -> event
  Mentions,         ///< document -> actor
};

[[nodiscard]] std::string_view to_string(NodeKind k);
[[nodiscard]] std::string_view to_string(EdgeKind k);
[[nodiscard]] std::optional<NodeKind> node_kind_from(std::string_view s);
[[nodiscard]] std::optional<EdgeKind> edge_kind_from(std::string_view s);

/// Where a node or edge was seen: document id, sentence index, byte span, the text there.
struct Mention {
  std::string doc;
  int32_t sentence = -1;
  uint32_t start = 0;
  uint32_t end = 0;
  std::string text;
  friend bool operator==(const Mention&, const Mention&) = default;
  friend auto operator<=>(const Mention&, const Mention&) = default;
};

/// A node. Fields not meaningful for a kind stay empty/default. Every field is written by the
/// graph file and the exporters.
struct Node {
  std::string id;     ///< "event:…", "actor:…", "place:…", "date:2021-06-28", "doc:…"
  NodeKind kind = NodeKind::Actor;
  std::string label;  ///< human-readable name

  // Event
  std::string event_kind;  ///< "strike", "condemn", …
  std::string plover;
  std::string cameo;
  std::string date;        ///< TimeML value ("2021-06-28", "2021-06"); start of an interval
  std::string date_end;    ///< end of an interval, or ""
  std::string granularity; ///< "day", "month", … (see eg::Granularity)
  bool date_on_or_before = false;
  std::string modality;    ///< "asserted", "reported", …
  std::vector<Mention> mentions;  ///< every mention (events: triggers; actors: names)

  // Actor
  std::string actor_type;  ///< "person", "organization", "country", …
  std::string country;     ///< ISO alpha-3
  std::vector<std::string> aliases;
  std::vector<std::string> roles;

  // Place
  std::optional<double> lat;
  std::optional<double> lon;
  std::string feature;     ///< "city", "admin1", "country", "border", "region", "ambiguous"
  std::string admin1;      ///< first-level region name
  int precision = 0;       ///< ACLED-style geo precision (1 town … 4 country), 0 = unknown

  // Document
  std::string url;
  std::string title;
  std::string doc_date;    ///< publication date or ""

  friend bool operator==(const Node&, const Node&) = default;
};

/// A directed edge. (source, target, kind) is unique in a graph; repeated additions merge
/// their provenance.
struct Edge {
  std::string source;
  std::string target;
  EdgeKind kind = EdgeKind::Source;
  std::string value;  ///< role-specific detail (casualty count, quote, …) or ""
  std::vector<Mention> mentions;
  friend bool operator==(const Edge&, const Edge&) = default;
};

/// The knowledge graph. Copyable and movable; not thread-safe for writes.
class Graph {
 public:
  Graph();
  ~Graph();
  Graph(const Graph&);
  Graph& operator=(const Graph&);
  Graph(Graph&&) noexcept;
  Graph& operator=(Graph&&) noexcept;

  /// Inserts the node, or merges it into the node with the same id: empty fields are filled,
  /// mentions/aliases/roles are unioned (kept sorted and unique). Returns true if it was new.
  bool upsert_node(const Node& n);

  /// Inserts the edge, or merges its mentions into the existing (source, target, kind) edge.
  /// Both endpoints must exist (std::out_of_range otherwise). Returns true if it was new.
  bool upsert_edge(const Edge& e);

  /// Capacity hint for loading about `n_nodes` nodes and `n_edges` edges; changes no content.
  void reserve(size_t n_nodes, size_t n_edges);

  /// Fast load path: inserts `n` if its id is new, taking its contents, and returns true;
  /// returns false (graph and `n` unchanged) if the id exists (no merge). Mentions/aliases/roles
  /// are sorted and deduplicated unless they already are. Equivalent to upsert_node for new ids.
  bool insert_node(Node&& n);

  /// Fast load path: appends `e`, taking its contents, WITHOUT looking for an existing
  /// (source, target, kind) edge: the caller guarantees there is none (e.g. edges read in
  /// strictly increasing (source, target, kind) order). Both endpoints must exist
  /// (std::out_of_range otherwise). Mentions are sorted and deduplicated unless they already are.
  void insert_new_edge(Edge&& e);

  /// insert_new_edge with hints: `source_pos` / `target_pos` are the endpoints' insertion
  /// positions (0-based order of insertion, valid while no node was removed). A hint that does
  /// not name the endpoint's id is ignored and the id looked up, so results never depend on it.
  void insert_new_edge(Edge&& e, size_t source_pos, size_t target_pos);

  /// Removes a node and its edges (used when merging duplicate events). No-op if absent.
  void remove_node(std::string_view id);

  /// Removes every edge of `kind` (link_timeline recomputes Precedes). Returns how many.
  size_t remove_edges(EdgeKind kind);

  [[nodiscard]] const Node* find(std::string_view id) const;
  [[nodiscard]] size_t node_count() const;
  [[nodiscard]] size_t edge_count() const;

  /// All nodes sorted by id; all edges sorted by (source, target, kind).
  [[nodiscard]] std::vector<const Node*> nodes() const;
  [[nodiscard]] std::vector<const Edge*> edges() const;

  /// Edges leaving / entering a node, sorted like edges(). Empty if the node is absent.
  [[nodiscard]] std::vector<const Edge*> out_edges(std::string_view id) const;
  [[nodiscard]] std::vector<const Edge*> in_edges(std::string_view id) const;

  /// Number of edges entering a node (0 if absent), in constant time.
  [[nodiscard]] size_t in_degree(std::string_view id) const;

  /// Appends to `into` the positions (see position()) of the nodes with an edge of kind k1 or
  /// k2 into the node `id`, in storage order, not sorted and possibly repeated; nothing if `id`
  /// is absent. For scans whose result does not depend on order (the builder's candidate search):
  /// no edge is decoded and nothing is allocated beyond `into`.
  void in_sources(std::string_view id, EdgeKind k1, EdgeKind k2, std::vector<size_t>& into) const;

  /// Shortest path between two nodes ignoring edge direction (BFS; Document and Date nodes are
  /// not traversed unless they are an endpoint). Node ids from a to b, empty if unconnected.
  [[nodiscard]] std::vector<std::string> shortest_path(std::string_view a, std::string_view b) const;

  // ---- Position-based access (fast traversals) -------------------------------------------
  // A node's position is its 0-based insertion order (0 .. node_count()-1); positions and the
  // pointers below stay valid until the graph is modified.

  /// The position of the node with this id, or std::nullopt.
  [[nodiscard]] std::optional<size_t> position(std::string_view id) const;

  /// The position of a node of this graph given by address (from find, nodes or node_at), in
  /// constant time without hashing its id; std::nullopt if `n` is not stored in this graph.
  [[nodiscard]] std::optional<size_t> position(const Node& n) const;

  /// The node at a position (< node_count(); unchecked).
  [[nodiscard]] const Node& node_at(size_t pos) const;

  /// The id and the kind of the node at a position (< node_count(); unchecked), without
  /// decoding the node when the graph was loaded lazily.
  [[nodiscard]] std::string_view id_at(size_t pos) const;
  [[nodiscard]] NodeKind kind_at(size_t pos) const;

  /// String fields of a node that filters read (see field_at).
  enum class Field : uint8_t { EventKind, Plover, Date, DateEnd, Modality };

  /// A field of the node at a position (< node_count(); unchecked) without decoding the node when
  /// the graph was loaded lazily: filters over a million events read only what they test.
  [[nodiscard]] std::string_view field_at(size_t pos, Field f) const;

  /// The number of mentions of the node at a position (< node_count(); unchecked), without
  /// decoding it when the graph was loaded lazily.
  [[nodiscard]] size_t mention_count_at(size_t pos) const;

  /// The edge at an edge position (< edge_count(); unchecked; positions as in Adjacent::edge).
  [[nodiscard]] const Edge& edge_at(size_t edge_pos) const;

  /// One link of a node: the edge's position and kind, the position of the node at its other
  /// end, and whether the edge leaves the node (forward) or enters it.
  struct Adjacent {
    size_t edge = 0;
    size_t other = 0;
    EdgeKind kind = EdgeKind::Source;
    bool forward = true;
  };

  /// Replaces `into` by the links of the node at `pos`: its out edges sorted like out_edges(),
  /// then its in edges sorted like in_edges(). Reusing `into` avoids allocations in loops.
  void links(size_t pos, std::vector<Adjacent>& into) const;

  /// The nodes of one kind, sorted by id.
  [[nodiscard]] std::vector<const Node*> nodes(NodeKind kind) const;

  // ---- Streaming (exports of big lazily loaded graphs) ---------------------------------------
  // A full export reads every record once: these let it walk the graph in nodes()/edges() order
  // while a lazily loaded graph decodes each record into the caller's scratch object instead of
  // keeping it, so memory stays flat. Safe to call from several threads at once (each with its
  // own scratch).

  /// Node positions in nodes() order (by id), computed from the ids without decoding a node.
  [[nodiscard]] std::vector<size_t> node_order() const;

  /// Edge positions in edges() order ((source id, target id, kind)), without decoding an edge.
  [[nodiscard]] std::vector<size_t> edge_order() const;

  /// The node at a position (< node_count(); unchecked), equal to node_at(pos): the stored node
  /// when it is already decoded (or the graph is not lazy), else `scratch` reset and filled from
  /// the lazy source and returned; nothing is kept. Valid until `scratch` or the graph changes.
  [[nodiscard]] const Node& node_view(size_t pos, Node& scratch) const;

  /// The edge at an edge position (< edge_count(); unchecked), equal to edge_at(edge_pos), like
  /// node_view: decoded into `scratch` and not kept when the graph is lazy and it is not decoded.
  [[nodiscard]] const Edge& edge_view(size_t edge_pos, Edge& scratch) const;

  /// The endpoints' node positions and the kind of an edge (< edge_count(); unchecked), without
  /// decoding it.
  struct EdgeEnds {
    size_t source = 0;
    size_t target = 0;
    EdgeKind kind = EdgeKind::Source;
  };
  [[nodiscard]] EdgeEnds ends_at(size_t edge_pos) const;

  // ---- Lazy loading (the graph cache) ------------------------------------------------------

  /// Nodes and edges decoded on demand: a lazily loaded graph knows every node's id and kind and
  /// every edge's endpoints and kind, and decodes a node or edge the first time it is read.
  /// Implementations must be callable from several threads at once.
  class LazySource {
   public:
    virtual ~LazySource() = default;
    /// Fills the default-constructed `into` with node `pos` (every field; mentions, aliases and
    /// roles sorted and unique). May throw (corrupt data).
    virtual void node(size_t pos, Node& into) const = 0;
    /// Fills the default-constructed `into` with edge `pos` (every field; source and target the
    /// endpoints' ids; mentions sorted and unique). May throw.
    virtual void edge(size_t pos, Edge& into) const = 0;
    /// One field of node `pos` without decoding the node. May throw.
    [[nodiscard]] virtual std::string_view field(size_t pos, Field f) const = 0;
    /// The number of mentions of node `pos` without decoding the node.
    [[nodiscard]] virtual size_t mention_count(size_t pos) const = 0;
  };

  /// What a lazily loaded graph knows up front. `ids` are views kept alive by the source.
  struct LazySkeleton {
    std::vector<std::string_view> ids;  ///< node ids by position
    std::vector<NodeKind> kinds;        ///< node kinds by position
    std::vector<uint32_t> sources;      ///< edge source positions
    std::vector<uint32_t> targets;      ///< edge target positions
    std::vector<EdgeKind> edge_kinds;   ///< edge kinds
  };

  /// Replaces the content (meta kept) by a lazily decoded graph. Edges must be listed in
  /// strictly increasing (source, target, kind) position order. Returns "" on success, else why
  /// the skeleton is invalid ("repeated node id", "bad node index", "edges out of order"); the
  /// graph is then empty. Any later modification (and copying) decodes everything first.
  [[nodiscard]] std::string load_lazy(std::shared_ptr<const LazySource> source, LazySkeleton skeleton);

  /// Graph-level metadata written to the graph file (e.g. "created_by").
  std::map<std::string, std::string> meta;

  friend bool operator==(const Graph& a, const Graph& b);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eg::graph
