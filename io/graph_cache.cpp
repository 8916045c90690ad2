#include "io/graph_cache.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <bit>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>
#include <iostream>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/graph_file.hpp"

namespace eg {

namespace {

constexpr char kMagic[8] = {'E', 'G', 'C', '1', '\r', '\n', 0x1A, '\n'};
constexpr uint32_t kVersion = 2;
// magic, version, json size, json mtime, payload size, checksum
constexpr size_t kHeader = 8 + 4 + 8 + 8 + 8 + 8;
// Work below this many bytes / nodes + edges stays in one thread.
constexpr size_t kParallelBytes = size_t{8} << 20;

/// 64-bit checksum of bytes: four independent lanes of 8 bytes (about the speed of a memcpy).
uint64_t checksum_part(std::string_view s) {
  constexpr uint64_t kMul = 0x100000001b3ULL;
  uint64_t h[4] = {0x9e3779b97f4a7c15ULL ^ s.size(), 0xbf58476d1ce4e5b9ULL, 0x94d049bb133111ebULL,
                   0x2545f4914f6cdd1dULL};
  size_t i = 0;
  for (; i + 32 <= s.size(); i += 32) {
    for (size_t l = 0; l < 4; ++l) {
      uint64_t w;
      std::memcpy(&w, s.data() + i + 8 * l, 8);
      h[l] = (h[l] ^ w) * kMul;
      h[l] ^= h[l] >> 29;
    }
  }
  for (; i < s.size(); ++i) h[0] = (h[0] ^ static_cast<unsigned char>(s[i])) * kMul;
  uint64_t r = h[0];
  for (size_t l = 1; l < 4; ++l) {
    r = (r ^ h[l]) * kMul;
    r ^= r >> 29;
  }
  return r;
}

/// The payload checksum: its two halves summed separately (in two threads when big), combined.
uint64_t checksum(std::string_view s) {
  const size_t mid = s.size() / 2;
  uint64_t a = 0, b = 0;
  if (s.size() >= kParallelBytes) {
    std::thread t([&] { b = checksum_part(s.substr(mid)); });
    a = checksum_part(s.substr(0, mid));
    t.join();
  } else {
    a = checksum_part(s.substr(0, mid));
    b = checksum_part(s.substr(mid));
  }
  return (a ^ (b * 0x9e3779b97f4a7c15ULL)) + (a >> 7);
}

void put_raw(std::string& out, const void* p, size_t n) { out.append(static_cast<const char*>(p), n); }
template <typename T>
void put_array(std::string& out, const std::vector<T>& v) {
  put_raw(out, v.data(), v.size() * sizeof(T));
}
template <typename T>
void put(std::string& out, T v) {
  put_raw(out, &v, sizeof v);
}

/// String interning for the writer.
class Table {
 public:
  uint32_t operator()(std::string_view s) {
    auto [it, fresh] = index_.try_emplace(s, static_cast<uint32_t>(strings_.size()));
    if (fresh) strings_.push_back(s);
    return it->second;
  }
  /// u32 count, u64 blob size, u64 offsets (count + 1), the blob.
  void write(std::string& out) const {
    uint64_t blob = 0;
    for (auto s : strings_) blob += s.size();
    put(out, static_cast<uint32_t>(strings_.size()));
    put(out, blob);
    uint64_t at = 0;
    put(out, at);
    for (auto s : strings_) put(out, at += s.size());
    for (auto s : strings_) out.append(s);
  }

 private:
  std::vector<std::string_view> strings_;
  std::unordered_map<std::string_view, uint32_t> index_;
};

// The node string fields after the id, in column order.
constexpr size_t kNodeStrings = 15;
std::array<const std::string*, kNodeStrings> node_strings(const graph::Node& n) {
  return {&n.label,    &n.event_kind, &n.plover,  &n.cameo,   &n.date,  &n.date_end, &n.granularity, &n.modality,
          &n.actor_type, &n.country,  &n.feature, &n.admin1,  &n.url,   &n.title,    &n.doc_date};
}
std::array<std::string*, kNodeStrings> node_strings(graph::Node& n) {
  return {&n.label,    &n.event_kind, &n.plover,  &n.cameo,   &n.date,  &n.date_end, &n.granularity, &n.modality,
          &n.actor_type, &n.country,  &n.feature, &n.admin1,  &n.url,   &n.title,    &n.doc_date};
}

/// A little-endian array inside the cache bytes.
template <typename T>
struct Col {
  const char* p = nullptr;
  [[nodiscard]] T operator[](size_t i) const {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    return v;
  }
};

/// Reads the payload layout: bounds-checked cursor.
class Cursor {
 public:
  Cursor(std::string_view p, std::string_view name) : p_(p), name_(name) {}
  [[noreturn]] void fail(std::string_view why) const {
    throw InputError(std::string(name_) + ": corrupt graph cache: " + std::string(why));
  }
  template <typename T>
  T num() {
    return col<T>(1)[0];
  }
  template <typename T>
  Col<T> col(uint64_t n) {
    if (n > (p_.size() - i_) / sizeof(T)) fail("truncated");
    Col<T> c{p_.data() + i_};
    i_ += static_cast<size_t>(n) * sizeof(T);
    return c;
  }
  [[nodiscard]] bool done() const { return i_ == p_.size(); }

 private:
  std::string_view p_;
  std::string_view name_;
  size_t i_ = 0;
};

/// The decoded layout of a cache and the on-demand decoder of its nodes and edges.
class CacheSource final : public graph::Graph::LazySource {
 public:
  CacheSource(std::shared_ptr<const void> keep, std::string name) : keep_(std::move(keep)), name_(std::move(name)) {}

  [[noreturn]] void fail(std::string_view why) const {
    throw InputError(name_ + ": corrupt graph cache: " + std::string(why));
  }
  [[nodiscard]] std::string_view str(uint32_t k) const {
    if (k >= n_strings) fail("bad string index");
    const uint64_t a = offsets[k], b = offsets[k + 1];
    return {blob + a, static_cast<size_t>(b - a)};
  }
  void set(std::string& into, uint32_t k) const {
    const std::string_view s = str(k);
    if (!s.empty()) into.assign(s);
  }
  void mentions(uint32_t from, uint32_t to, std::vector<graph::Mention>& ms) const {
    ms.resize(to - from);
    for (uint32_t k = from; k < to; ++k) {
      graph::Mention& m = ms[k - from];
      set(m.doc, m_doc[k]);
      m.sentence = m_sentence[k];
      m.start = m_start[k];
      m.end = m_end[k];
      set(m.text, m_text[k]);
    }
  }
  void node(size_t i, graph::Node& n) const override {
    n.id.assign(str(n_id[i]));
    n.kind = static_cast<graph::NodeKind>(n_kind[i]);
    const auto fields = node_strings(n);
    for (size_t f = 0; f < kNodeStrings; ++f) set(*fields[f], n_str[f][i]);
    const uint8_t flags = n_flags[i];
    n.date_on_or_before = (flags & 1) != 0;
    if ((flags & 2) != 0) n.lat = n_lat[i];
    if ((flags & 4) != 0) n.lon = n_lon[i];
    n.precision = n_precision[i];
    mentions(n_mention[i], n_mention[i + 1], n.mentions);
    n.aliases.resize(n_alias[i + 1] - n_alias[i]);
    for (uint32_t k = n_alias[i]; k < n_alias[i + 1]; ++k) n.aliases[k - n_alias[i]].assign(str(lists[k]));
    n.roles.resize(n_role[i + 1] - n_role[i]);
    for (uint32_t k = n_role[i]; k < n_role[i + 1]; ++k) n.roles[k - n_role[i]].assign(str(lists[k]));
  }
  [[nodiscard]] std::string_view field(size_t i, graph::Graph::Field f) const override {
    using F = graph::Graph::Field;
    // Column of each field in node_strings order.
    const size_t col = f == F::EventKind ? 1 : f == F::Plover ? 2 : f == F::Date ? 4 : f == F::DateEnd ? 5 : 7;
    return str(n_str[col][i]);
  }
  [[nodiscard]] size_t mention_count(size_t i) const override { return n_mention[i + 1] - n_mention[i]; }
  void edge(size_t i, graph::Edge& e) const override {
    e.source.assign(str(n_id[e_source[i]]));
    e.target.assign(str(n_id[e_target[i]]));
    e.kind = static_cast<graph::EdgeKind>(e_kind[i]);
    set(e.value, e_value[i]);
    mentions(e_mention[i], e_mention[i + 1], e.mentions);
  }

  // The layout (public: filled by the decoder).
  uint32_t n_strings = 0;
  const char* blob = nullptr;
  Col<uint64_t> offsets;
  Col<uint32_t> n_id;
  Col<uint8_t> n_kind, n_flags;
  Col<int32_t> n_precision;
  Col<double> n_lat, n_lon;
  std::array<Col<uint32_t>, kNodeStrings> n_str;
  Col<uint32_t> n_mention, n_alias, n_role;
  Col<uint32_t> e_source, e_target;
  Col<uint8_t> e_kind;
  Col<uint32_t> e_value, e_mention;
  Col<uint32_t> m_doc;
  Col<int32_t> m_sentence;
  Col<uint32_t> m_start, m_end, m_text;
  Col<uint32_t> lists;

 private:
  std::shared_ptr<const void> keep_;  // owns the bytes
  std::string name_;
};

std::string header(CacheStamp stamp, std::string_view payload) {
  std::string h(kMagic, sizeof kMagic);
  put(h, kVersion);
  put(h, stamp.size);
  put(h, stamp.mtime_ns);
  put(h, static_cast<uint64_t>(payload.size()));
  put(h, checksum(payload));
  return h;
}

/// A whole file mapped read-only (no copy), or !ok() if it cannot be.
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
      ok_ = true;
      size_ = static_cast<size_t>(st.st_size);
      if (size_ > 0) {
        void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (p != MAP_FAILED) data_ = static_cast<const char*>(p);
        else ok_ = false;
      }
    }
    ::close(fd);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  }
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::string_view bytes() const {
    return data_ != nullptr ? std::string_view(data_, size_) : std::string_view();
  }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
  bool ok_ = false;
};

void default_warn(const std::string& what) { std::cerr << "warning: " << what << "\n"; }

/// Decodes cache bytes that `keep` keeps alive: checks the header and the layout, then hands the
/// graph a lazy source (nodes and edges are decoded when first read).
std::optional<graph::Graph> decode(std::shared_ptr<const void> keep, std::string_view bytes, CacheStamp expect,
                                   std::string_view name_for_errors) {
  Cursor h(bytes, name_for_errors);
  if (bytes.size() < kHeader || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) h.fail("bad magic");
  (void)h.col<char>(sizeof kMagic);
  if (h.num<uint32_t>() != kVersion) return std::nullopt;  // another format version: stale
  CacheStamp stamp;
  stamp.size = h.num<uint64_t>();
  stamp.mtime_ns = h.num<int64_t>();
  const uint64_t size = h.num<uint64_t>();
  const uint64_t sum = h.num<uint64_t>();
  if (size != bytes.size() - kHeader) h.fail("truncated");
  const std::string_view payload = bytes.substr(kHeader);
  if (checksum(payload) != sum) h.fail("checksum mismatch");
  if (!(stamp == expect)) return std::nullopt;

  auto src = std::make_shared<CacheSource>(std::move(keep), std::string(name_for_errors));
  CacheSource& c = *src;
  Cursor r(payload, name_for_errors);
  c.n_strings = r.num<uint32_t>();
  const uint64_t blob = r.num<uint64_t>();
  c.offsets = r.col<uint64_t>(static_cast<uint64_t>(c.n_strings) + 1);
  c.blob = r.col<char>(blob).p;
  uint64_t prev = 0;
  for (size_t k = 0; k <= c.n_strings; ++k) {
    const uint64_t o = c.offsets[k];
    if (o < prev || o > blob || (k == 0 && o != 0) || (k == c.n_strings && o != blob)) r.fail("bad string table");
    prev = o;
  }
  graph::Graph g;
  const uint32_t n_meta = r.num<uint32_t>();
  const auto meta = r.col<uint32_t>(2 * static_cast<uint64_t>(n_meta));
  for (uint32_t i = 0; i < n_meta; ++i) g.meta[std::string(c.str(meta[2 * i]))] = std::string(c.str(meta[2 * i + 1]));
  const uint32_t nv = r.num<uint32_t>(), ne = r.num<uint32_t>(), nm = r.num<uint32_t>(), nl = r.num<uint32_t>();
  c.n_id = r.col<uint32_t>(nv);
  c.n_kind = r.col<uint8_t>(nv);
  c.n_flags = r.col<uint8_t>(nv);
  c.n_precision = r.col<int32_t>(nv);
  c.n_lat = r.col<double>(nv);
  c.n_lon = r.col<double>(nv);
  for (auto& col : c.n_str) col = r.col<uint32_t>(nv);
  c.n_mention = r.col<uint32_t>(uint64_t{nv} + 1);
  c.n_alias = r.col<uint32_t>(uint64_t{nv} + 1);
  c.n_role = r.col<uint32_t>(uint64_t{nv} + 1);
  c.e_source = r.col<uint32_t>(ne);
  c.e_target = r.col<uint32_t>(ne);
  c.e_kind = r.col<uint8_t>(ne);
  c.e_value = r.col<uint32_t>(ne);
  c.e_mention = r.col<uint32_t>(uint64_t{ne} + 1);
  c.m_doc = r.col<uint32_t>(nm);
  c.m_sentence = r.col<int32_t>(nm);
  c.m_start = r.col<uint32_t>(nm);
  c.m_end = r.col<uint32_t>(nm);
  c.m_text = r.col<uint32_t>(nm);
  c.lists = r.col<uint32_t>(nl);
  if (!r.done()) r.fail("trailing bytes");
  // Ranges: mentions of nodes then edges cover [0, nm); aliases then roles cover [0, nl).
  auto ranges = [&](Col<uint32_t> b, size_t n, uint32_t first, uint32_t last) {
    if (b[0] != first || b[n] != last) r.fail("bad ranges");
    for (size_t i = 0; i < n; ++i)
      if (b[i] > b[i + 1]) r.fail("bad ranges");
  };
  ranges(c.n_mention, nv, 0, c.e_mention[0]);
  ranges(c.e_mention, ne, c.n_mention[nv], nm);
  ranges(c.n_alias, nv, 0, c.n_role[0]);
  ranges(c.n_role, nv, c.n_alias[nv], nl);

  graph::Graph::LazySkeleton sk;
  sk.ids.resize(nv);
  sk.kinds.resize(nv);
  for (size_t i = 0; i < nv; ++i) {
    const uint8_t kind = c.n_kind[i];
    if (kind > static_cast<uint8_t>(graph::NodeKind::Document)) r.fail("bad node kind");
    sk.kinds[i] = static_cast<graph::NodeKind>(kind);
    sk.ids[i] = c.str(c.n_id[i]);
  }
  sk.sources.resize(ne);
  sk.targets.resize(ne);
  sk.edge_kinds.resize(ne);
  for (size_t i = 0; i < ne; ++i) {
    const uint8_t kind = c.e_kind[i];
    if (kind > static_cast<uint8_t>(graph::EdgeKind::Mentions)) r.fail("bad edge kind");
    sk.edge_kinds[i] = static_cast<graph::EdgeKind>(kind);
    sk.sources[i] = c.e_source[i];
    sk.targets[i] = c.e_target[i];
  }
  if (const std::string why = g.load_lazy(std::move(src), std::move(sk)); !why.empty()) r.fail(why);
  return g;
}

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
  Table table;
  const auto nodes = g.nodes();
  const auto edges = g.edges();
  const size_t nv = nodes.size(), ne = edges.size();
  std::unordered_map<std::string_view, uint32_t> index;
  index.reserve(nv);
  std::vector<uint32_t> n_id(nv), lists;
  std::vector<uint8_t> n_kind(nv), n_flags(nv);
  std::vector<int32_t> n_precision(nv);
  std::vector<double> n_lat(nv), n_lon(nv);
  std::array<std::vector<uint32_t>, kNodeStrings> n_str;
  for (auto& col : n_str) col.resize(nv);
  std::vector<uint32_t> n_mention{0}, n_alias{0}, n_role, e_mention;
  std::vector<uint32_t> m_doc, m_start, m_end, m_text;
  std::vector<int32_t> m_sentence;
  auto add_mentions = [&](const std::vector<graph::Mention>& ms, std::vector<uint32_t>& begins) {
    for (const auto& m : ms) {
      m_doc.push_back(table(m.doc));
      m_sentence.push_back(m.sentence);
      m_start.push_back(m.start);
      m_end.push_back(m.end);
      m_text.push_back(table(m.text));
    }
    begins.push_back(static_cast<uint32_t>(m_doc.size()));
  };
  for (size_t i = 0; i < nv; ++i) {
    const graph::Node& n = *nodes[i];
    index.emplace(n.id, static_cast<uint32_t>(i));
    n_id[i] = table(n.id);
    n_kind[i] = static_cast<uint8_t>(n.kind);
    n_flags[i] = static_cast<uint8_t>((n.date_on_or_before ? 1 : 0) | (n.lat ? 2 : 0) | (n.lon ? 4 : 0));
    n_precision[i] = n.precision;
    n_lat[i] = n.lat.value_or(0.0);
    n_lon[i] = n.lon.value_or(0.0);
    const auto fields = node_strings(n);
    for (size_t f = 0; f < kNodeStrings; ++f) n_str[f][i] = table(*fields[f]);
    add_mentions(n.mentions, n_mention);
    for (const auto& a : n.aliases) lists.push_back(table(a));
    n_alias.push_back(static_cast<uint32_t>(lists.size()));
  }
  n_role.push_back(static_cast<uint32_t>(lists.size()));
  for (size_t i = 0; i < nv; ++i) {
    for (const auto& a : nodes[i]->roles) lists.push_back(table(a));
    n_role.push_back(static_cast<uint32_t>(lists.size()));
  }
  std::vector<uint32_t> e_source(ne), e_target(ne), e_value(ne);
  std::vector<uint8_t> e_kind(ne);
  e_mention.push_back(static_cast<uint32_t>(m_doc.size()));
  for (size_t i = 0; i < ne; ++i) {
    const graph::Edge& e = *edges[i];
    e_source[i] = index.at(e.source);
    e_target[i] = index.at(e.target);
    e_kind[i] = static_cast<uint8_t>(e.kind);
    e_value[i] = table(e.value);
    add_mentions(e.mentions, e_mention);
  }
  std::vector<uint32_t> meta;
  for (const auto& [k, v] : g.meta) {
    meta.push_back(table(k));
    meta.push_back(table(v));
  }
  std::string payload;
  table.write(payload);
  put(payload, static_cast<uint32_t>(g.meta.size()));
  put_array(payload, meta);
  put(payload, static_cast<uint32_t>(nv));
  put(payload, static_cast<uint32_t>(ne));
  put(payload, static_cast<uint32_t>(m_doc.size()));
  put(payload, static_cast<uint32_t>(lists.size()));
  put_array(payload, n_id);
  put_array(payload, n_kind);
  put_array(payload, n_flags);
  put_array(payload, n_precision);
  put_array(payload, n_lat);
  put_array(payload, n_lon);
  for (const auto& col : n_str) put_array(payload, col);
  put_array(payload, n_mention);
  put_array(payload, n_alias);
  put_array(payload, n_role);
  put_array(payload, e_source);
  put_array(payload, e_target);
  put_array(payload, e_kind);
  put_array(payload, e_value);
  put_array(payload, e_mention);
  put_array(payload, m_doc);
  put_array(payload, m_sentence);
  put_array(payload, m_start);
  put_array(payload, m_end);
  put_array(payload, m_text);
  put_array(payload, lists);
  return header(stamp, payload) + payload;
}

void write_graph_cache(const graph::Graph& g, const std::filesystem::path& cache, CacheStamp stamp) {
  write_file_atomic(cache, graph_to_cache(g, stamp));
}

std::optional<graph::Graph> graph_from_cache(std::string_view bytes, CacheStamp expect,
                                             std::string_view name_for_errors) {
  // The graph decodes on demand from bytes it keeps: a copy of the caller's.
  auto copy = std::make_shared<const std::string>(bytes);
  return decode(copy, *copy, expect, name_for_errors);
}

graph::Graph load_graph(const std::filesystem::path& graph_json, const LoadOptions& opts) {
  const auto warn = opts.warn ? opts.warn : default_warn;
  if (graph_json == "-" || (!opts.use_cache && !opts.write_cache)) return read_graph_json(graph_json);
  const CacheStamp stamp = stamp_of(graph_json);
  const auto cache = graph_cache_path(graph_json);
  if (opts.use_cache) {
    if (auto in = std::make_shared<const MappedFile>(cache); in->ok()) {
      try {
        if (auto g = decode(in, in->bytes(), stamp, cache.string())) return std::move(*g);
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
