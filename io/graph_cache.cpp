#include "io/graph_cache.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/graph_file.hpp"

namespace eg {

namespace {

constexpr char kMagic[8] = {'E', 'G', 'C', '1', '\r', '\n', 0x1A, '\n'};
constexpr uint32_t kVersion = 1;
// magic, version, json size, json mtime, payload size, checksum
constexpr size_t kHeader = 8 + 4 + 8 + 8 + 8 + 8;

/// A fast 64-bit checksum of the payload (8 bytes at a time; catches truncation and flips).
uint64_t checksum(std::string_view s) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ULL;
  return h;
}

class Writer {
 public:
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { raw(&v, 4); }
  void i32(int32_t v) { raw(&v, 4); }
  void u64(uint64_t v) { raw(&v, 8); }
  void f64(double v) { raw(&v, 8); }
  void str(std::string_view s) {
    auto [it, fresh] = index_.try_emplace(s, static_cast<uint32_t>(strings_.size()));
    if (fresh) strings_.push_back(s);
    u32(it->second);
  }
  void strs(const std::vector<std::string>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) str(s);
  }
  void mentions(const std::vector<graph::Mention>& ms) {
    u32(static_cast<uint32_t>(ms.size()));
    for (const auto& m : ms) {
      str(m.doc);
      i32(m.sentence);
      u32(m.start);
      u32(m.end);
      str(m.text);
    }
  }
  /// The payload: string table then the body.
  [[nodiscard]] std::string payload() const {
    std::string p;
    size_t total = 4;
    for (auto s : strings_) total += 4 + s.size();
    p.reserve(total + out_.size());
    auto put32 = [&](uint32_t v) { p.append(reinterpret_cast<const char*>(&v), 4); };
    put32(static_cast<uint32_t>(strings_.size()));
    for (auto s : strings_) {
      put32(static_cast<uint32_t>(s.size()));
      p.append(s);
    }
    p.append(out_);
    return p;
  }

 private:
  void raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string out_;
  std::vector<std::string_view> strings_;
  std::unordered_map<std::string_view, uint32_t> index_;
};

class Reader {
 public:
  Reader(std::string_view p, std::string_view name) : p_(p), name_(name) {}
  [[noreturn]] void fail(std::string_view why) const {
    throw InputError(std::string(name_) + ": corrupt graph cache: " + std::string(why));
  }
  void need(size_t n) const {
    if (p_.size() - i_ < n) fail("truncated");
  }
  uint8_t u8() {
    need(1);
    return static_cast<uint8_t>(p_[i_++]);
  }
  template <typename T>
  T num() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p_.data() + i_, sizeof(T));
    i_ += sizeof(T);
    return v;
  }
  void table() {
    const uint32_t n = num<uint32_t>();
    if (n > p_.size() / 4) fail("string table too large");
    strings_.reserve(n);
    for (uint32_t k = 0; k < n; ++k) {
      const uint32_t len = num<uint32_t>();
      need(len);
      strings_.push_back(p_.substr(i_, len));
      i_ += len;
    }
  }
  std::string_view sv() {
    const uint32_t k = num<uint32_t>();
    if (k >= strings_.size()) fail("bad string index");
    return strings_[k];
  }
  void str(std::string& into) { into.assign(sv()); }
  void strs(std::vector<std::string>& v) {
    const uint32_t n = count(4);
    v.resize(n);
    for (auto& s : v) str(s);
  }
  uint32_t count(size_t min_bytes_each) {
    const uint32_t n = num<uint32_t>();
    if (static_cast<uint64_t>(n) * min_bytes_each > p_.size() - i_) fail("count too large");
    return n;
  }
  void mentions(std::vector<graph::Mention>& ms) {
    const uint32_t n = count(20);
    ms.resize(n);
    for (auto& m : ms) {
      str(m.doc);
      m.sentence = num<int32_t>();
      m.start = num<uint32_t>();
      m.end = num<uint32_t>();
      str(m.text);
    }
  }
  [[nodiscard]] bool done() const { return i_ == p_.size(); }

 private:
  std::string_view p_;
  std::string_view name_;
  size_t i_ = 0;
  std::vector<std::string_view> strings_;
};

std::string header(CacheStamp stamp, std::string_view payload) {
  std::string h(kMagic, sizeof kMagic);
  auto put = [&](const auto& v) { h.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(kVersion);
  put(stamp.size);
  put(stamp.mtime_ns);
  put(static_cast<uint64_t>(payload.size()));
  put(checksum(payload));
  return h;
}

void default_warn(const std::string& what) { std::cerr << "warning: " << what << "\n"; }

}  // namespace

std::filesystem::path graph_cache_path(const std::filesystem::path& graph_json) {
  std::filesystem::path p = graph_json;
  p += ".egc";
  return p;
}

CacheStamp stamp_of(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw InputError(file.string() + ": cannot read: " + ec.message());
  const auto t = std::filesystem::last_write_time(file, ec);
  if (ec) throw InputError(file.string() + ": cannot read: " + ec.message());
  return {static_cast<uint64_t>(size),
          static_cast<int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count())};
}

std::string graph_to_cache(const graph::Graph& g, CacheStamp stamp) {
  static_assert(std::endian::native == std::endian::little, "the graph cache is little-endian");
  Writer w;
  w.u32(static_cast<uint32_t>(g.meta.size()));
  for (const auto& [k, v] : g.meta) {
    w.str(k);
    w.str(v);
  }
  const auto nodes = g.nodes();
  std::unordered_map<std::string_view, uint32_t> index;
  index.reserve(nodes.size());
  w.u32(static_cast<uint32_t>(nodes.size()));
  for (const graph::Node* n : nodes) {
    index.emplace(n->id, static_cast<uint32_t>(index.size()));
    w.str(n->id);
    w.u8(static_cast<uint8_t>(n->kind));
    w.str(n->label);
    w.str(n->event_kind);
    w.str(n->plover);
    w.str(n->cameo);
    w.str(n->date);
    w.str(n->date_end);
    w.str(n->granularity);
    w.u8(static_cast<uint8_t>((n->date_on_or_before ? 1 : 0) | (n->lat ? 2 : 0) | (n->lon ? 4 : 0)));
    w.str(n->modality);
    w.mentions(n->mentions);
    w.str(n->actor_type);
    w.str(n->country);
    w.strs(n->aliases);
    w.strs(n->roles);
    if (n->lat) w.f64(*n->lat);
    if (n->lon) w.f64(*n->lon);
    w.str(n->feature);
    w.str(n->admin1);
    w.i32(n->precision);
    w.str(n->url);
    w.str(n->title);
    w.str(n->doc_date);
  }
  const auto edges = g.edges();
  w.u32(static_cast<uint32_t>(edges.size()));
  for (const graph::Edge* e : edges) {
    w.u32(index.at(e->source));
    w.u32(index.at(e->target));
    w.u8(static_cast<uint8_t>(e->kind));
    w.str(e->value);
    w.mentions(e->mentions);
  }
  const std::string payload = w.payload();
  return header(stamp, payload) + payload;
}

void write_graph_cache(const graph::Graph& g, const std::filesystem::path& cache, CacheStamp stamp) {
  write_file_atomic(cache, graph_to_cache(g, stamp));
}

std::optional<graph::Graph> graph_from_cache(std::string_view bytes, CacheStamp expect,
                                             std::string_view name_for_errors) {
  Reader h(bytes, name_for_errors);
  if (bytes.size() < kHeader || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) h.fail("bad magic");
  for (size_t i = 0; i < sizeof kMagic; ++i) (void)h.u8();
  if (h.num<uint32_t>() != kVersion) h.fail("unknown version");
  CacheStamp stamp;
  stamp.size = h.num<uint64_t>();
  stamp.mtime_ns = h.num<int64_t>();
  const uint64_t size = h.num<uint64_t>();
  const uint64_t sum = h.num<uint64_t>();
  if (size != bytes.size() - kHeader) h.fail("truncated");
  const std::string_view payload = bytes.substr(kHeader);
  if (checksum(payload) != sum) h.fail("checksum mismatch");
  if (!(stamp == expect)) return std::nullopt;

  Reader r(payload, name_for_errors);
  r.table();
  graph::Graph g;
  const uint32_t n_meta = r.count(8);
  for (uint32_t i = 0; i < n_meta; ++i) {
    std::string k(r.sv());
    g.meta[k] = std::string(r.sv());
  }
  const uint32_t n_nodes = r.count(40);
  g.reserve(n_nodes, 0);
  std::vector<std::string_view> ids;
  ids.reserve(n_nodes);
  graph::Node n;
  for (uint32_t i = 0; i < n_nodes; ++i) {
    ids.push_back(r.sv());
    n.id.assign(ids.back());
    const uint8_t kind = r.u8();
    if (kind > static_cast<uint8_t>(graph::NodeKind::Document)) r.fail("bad node kind");
    n.kind = static_cast<graph::NodeKind>(kind);
    r.str(n.label);
    r.str(n.event_kind);
    r.str(n.plover);
    r.str(n.cameo);
    r.str(n.date);
    r.str(n.date_end);
    r.str(n.granularity);
    const uint8_t flags = r.u8();
    n.date_on_or_before = (flags & 1) != 0;
    r.str(n.modality);
    r.mentions(n.mentions);
    r.str(n.actor_type);
    r.str(n.country);
    r.strs(n.aliases);
    r.strs(n.roles);
    n.lat.reset();
    n.lon.reset();
    if ((flags & 2) != 0) n.lat = r.num<double>();
    if ((flags & 4) != 0) n.lon = r.num<double>();
    r.str(n.feature);
    r.str(n.admin1);
    n.precision = r.num<int32_t>();
    r.str(n.url);
    r.str(n.title);
    r.str(n.doc_date);
    if (!g.insert_node(std::move(n))) r.fail("repeated node id");
  }
  const uint32_t n_edges = r.count(13);
  // Nodes are written sorted by id and edges sorted by (source, target, kind), so node indices
  // order like ids: while (s, t, kind) strictly increases no edge can repeat an earlier one and
  // it is appended without the duplicate lookup; otherwise fall back to upsert_edge.
  bool in_order = true;
  std::tuple<uint32_t, uint32_t, uint8_t> prev{};
  graph::Edge e;
  for (uint32_t i = 0; i < n_edges; ++i) {
    const uint32_t s = r.num<uint32_t>();
    const uint32_t t = r.num<uint32_t>();
    if (s >= ids.size() || t >= ids.size()) r.fail("bad node index");
    e.source.assign(ids[s]);
    e.target.assign(ids[t]);
    const uint8_t kind = r.u8();
    if (kind > static_cast<uint8_t>(graph::EdgeKind::Mentions)) r.fail("bad edge kind");
    e.kind = static_cast<graph::EdgeKind>(kind);
    r.str(e.value);
    r.mentions(e.mentions);
    const std::tuple key{s, t, kind};
    if (in_order && i > 0 && !(prev < key)) in_order = false;
    prev = key;
    if (in_order) {
      g.insert_new_edge(std::move(e), s, t);  // node i of the cache was inserted i-th
    } else if (!g.upsert_edge(e)) {
      r.fail("repeated edge");
    }
  }
  if (!r.done()) r.fail("trailing bytes");
  return g;
}

graph::Graph load_graph(const std::filesystem::path& graph_json, const LoadOptions& opts) {
  const auto warn = opts.warn ? opts.warn : default_warn;
  if (graph_json == "-" || (!opts.use_cache && !opts.write_cache)) return read_graph_json(graph_json);
  const CacheStamp stamp = stamp_of(graph_json);
  const auto cache = graph_cache_path(graph_json);
  if (opts.use_cache) {
    std::ifstream in(cache, std::ios::binary | std::ios::ate);
    if (in) {
      std::string bytes(static_cast<size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
      in.seekg(0);
      in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!in) bytes.clear();
      try {
        if (auto g = graph_from_cache(bytes, stamp, cache.string())) return std::move(*g);
      } catch (const InputError& e) {
        warn(std::string(e.what()) + " (ignored; rebuilding it)");
      }
    }
  }
  graph::Graph g = read_graph_json(graph_json);
  if (opts.write_cache) {
    try {
      write_graph_cache(g, cache, stamp);
    } catch (const EnvironmentError& e) {
      warn(std::string(e.what()) + " (graph cache not written)");
    }
  }
  return g;
}

}  // namespace eg
