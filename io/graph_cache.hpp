#pragma once
// A binary cache of a graph file, kept next to it ("graph.json.egc"), so query/stats/export/
// render do not re-parse a large JSON file on every run. The cache records the size and
// modification time of the JSON it was made from; a stale cache is rebuilt, a corrupt one is
// ignored with a warning and rebuilt. Format "EGC1" version 2 (docs/formats.md, "Graph cache"):
// a header (magic, version, JSON size, JSON mtime, payload size, checksum) then a string table
// and columnar nodes, edges and mentions by string-table index. Written atomically. A decoded
// cache is a lazily loaded graph (Graph::load_lazy): nodes and edges are decoded when first read.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "graph/graph.hpp"

namespace eg {

/// The cache path of a graph file: the path with ".egc" appended.
[[nodiscard]] std::filesystem::path graph_cache_path(const std::filesystem::path& graph_json);

/// The identity of the JSON file a cache was made from.
struct CacheStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  friend bool operator==(const CacheStamp&, const CacheStamp&) = default;
};

/// The stamp of a file now. Throws InputError naming it if it cannot be stat'ed.
[[nodiscard]] CacheStamp stamp_of(const std::filesystem::path& file);

/// The cache bytes of `g` stamped with `stamp`.
[[nodiscard]] std::string graph_to_cache(const graph::Graph& g, CacheStamp stamp);

/// Writes the cache of `g` to `cache` atomically. Throws EnvironmentError on failure.
void write_graph_cache(const graph::Graph& g, const std::filesystem::path& cache, CacheStamp stamp);

/// Decodes cache bytes (copied: the graph decodes nodes from them on demand). std::nullopt when
/// the stamp differs from `expect` or the cache has another format version (stale). Throws InputError("NAME: corrupt graph cache: why")
/// when the bytes are not a valid cache.
[[nodiscard]] std::optional<graph::Graph> graph_from_cache(std::string_view bytes, CacheStamp expect,
                                                           std::string_view name_for_errors);

struct LoadOptions {
  bool use_cache = true;    ///< read a fresh cache instead of the JSON
  bool write_cache = true;  ///< (re)write the cache after reading the JSON
  /// Receives warnings (corrupt cache, cache not writable); default prints "warning: …" to stderr.
  std::function<void(const std::string&)> warn;
};

/// Loads a graph file through its cache (read_graph_json semantics and errors otherwise): a
/// fresh, valid cache is mapped (mmap, kept by the graph) and decoded lazily; else the JSON is
/// read and the cache rewritten (failure to write it is a warning, never an error). "-" reads
/// stdin JSON without a cache.
[[nodiscard]] graph::Graph load_graph(const std::filesystem::path& graph_json, const LoadOptions& opts = {});

}  // namespace eg
