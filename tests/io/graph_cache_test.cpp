// The binary graph cache: byte-exact round trip, staleness, corruption, load_graph's choices.

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

#include "core/error.hpp"
#include "io/graph_cache.hpp"
#include "io/graph_file.hpp"

using namespace eg;
using namespace eg::graph;
namespace fs = std::filesystem;

namespace {

Graph cache_sample() {
  Graph g;
  g.meta["created_by"] = "test";
  Node d;
  d.id = "doc:a";
  d.kind = NodeKind::Document;
  d.label = "A";
  d.url = "https://example.org/a";
  d.doc_date = "2024-03-06";
  g.upsert_node(d);
  Node a;
  a.id = "actor:north";
  a.kind = NodeKind::Actor;
  a.label = "Northern Militia";
  a.actor_type = "group";
  a.aliases = {"NM", "the militia"};
  a.roles = {"armed group"};
  a.mentions = {Mention{"a", 0, 0, 16, "Northern Militia"}};
  g.upsert_node(a);
  Node p;
  p.id = "place:town";
  p.kind = NodeKind::Place;
  p.label = "Q\u0101\u2019im Town";
  p.lat = 34.5;
  p.lon = -41.25;
  p.feature = "city";
  p.precision = 1;
  g.upsert_node(p);
  Node e;
  e.id = "event:1";
  e.kind = NodeKind::Event;
  e.label = "attack";
  e.event_kind = "attack";
  e.plover = "ASSAULT";
  e.date = "2024-03-05";
  e.granularity = "day";
  e.date_on_or_before = true;
  e.modality = "claimed";
  e.mentions = {Mention{"a", 1, 20, 26, "attack"}, Mention{"a", 2, 40, 46, "attack"}};
  g.upsert_node(e);
  Edge s;
  s.source = "event:1";
  s.target = "actor:north";
  s.kind = EdgeKind::Source;
  s.value = "claimed";
  s.mentions = {Mention{"a", 1, 0, 16, "Northern Militia"}};
  g.upsert_edge(s);
  s = {};
  s.source = "event:1";
  s.target = "place:town";
  s.kind = EdgeKind::Location;
  g.upsert_edge(s);
  s.target = "doc:a";
  s.kind = EdgeKind::ReportedIn;
  g.upsert_edge(s);
  return g;
}

fs::path temp_dir() {
  fs::path d = fs::temp_directory_path() / ("eg-cache-test-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST_CASE("graph cache: round trip is exact") {
  const Graph g = cache_sample();
  const CacheStamp st{123, 456};
  const std::string bytes = graph_to_cache(g, st);
  auto back = graph_from_cache(bytes, st, "x");
  REQUIRE(back.has_value());
  CHECK(*back == g);
  CHECK(graph_to_json(*back) == graph_to_json(g));
  CHECK_FALSE(graph_from_cache(bytes, CacheStamp{124, 456}, "x").has_value());  // stale
  CHECK(graph_from_cache(graph_to_cache(Graph{}, st), st, "x")->node_count() == 0);
}

TEST_CASE("graph cache: corruption is detected") {
  const std::string bytes = graph_to_cache(cache_sample(), {1, 2});
  CHECK_THROWS_WITH_AS((void)graph_from_cache("", {1, 2}, "c.egc"), doctest::Contains("c.egc: corrupt graph cache"),
                       InputError);
  CHECK_THROWS_AS((void)graph_from_cache(bytes.substr(0, bytes.size() - 3), {1, 2}, "c"), InputError);
  std::string flipped = bytes;
  flipped[bytes.size() / 2] = static_cast<char>(flipped[bytes.size() / 2] ^ 0x20);
  CHECK_THROWS_WITH_AS((void)graph_from_cache(flipped, {1, 2}, "c"), doctest::Contains("checksum"), InputError);
  std::string magic = bytes;
  magic[0] = 'X';
  CHECK_THROWS_WITH_AS((void)graph_from_cache(magic, {1, 2}, "c"), doctest::Contains("bad magic"), InputError);
}

TEST_CASE("graph cache: load_graph writes, reuses, rebuilds stale and corrupt caches") {
  const fs::path dir = temp_dir();
  const fs::path json = dir / "g.json";
  const fs::path cache = graph_cache_path(json);
  CHECK(cache.filename() == "g.json.egc");
  const Graph g = cache_sample();
  {
    std::ofstream(json) << graph_to_json(g);
  }
  std::vector<std::string> warnings;
  LoadOptions lo;
  lo.warn = [&](const std::string& w) { warnings.push_back(w); };

  CHECK(load_graph(json, lo) == g);  // from JSON; writes the cache
  REQUIRE(fs::exists(cache));
  CHECK(load_graph(json, lo) == g);  // from the cache

  // The cache is really used: a cache of another graph stamped like the JSON is believed.
  Graph other = cache_sample();
  other.meta["created_by"] = "cache";
  write_graph_cache(other, cache, stamp_of(json));
  CHECK(load_graph(json, lo).meta.at("created_by") == "cache");

  // Stale: the JSON changes (size and mtime), the cache is rebuilt.
  Graph g2 = cache_sample();
  g2.meta["created_by"] = "second";
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  {
    std::ofstream(json) << graph_to_json(g2);
  }
  CHECK(load_graph(json, lo) == g2);
  CHECK(graph_from_cache([&] {
          std::ifstream in(cache, std::ios::binary);
          return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        }(), stamp_of(json), "c")->meta.at("created_by") == "second");
  CHECK(warnings.empty());

  // Corrupt: ignored with one warning, then rebuilt.
  {
    std::ofstream(cache, std::ios::binary | std::ios::trunc) << "garbage";
  }
  CHECK(load_graph(json, lo) == g2);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("corrupt graph cache") != std::string::npos);
  CHECK(load_graph(json, lo) == g2);
  CHECK(warnings.size() == 1);

  // No cache at all when asked; a missing file is an InputError naming it.
  fs::remove(cache);
  LoadOptions none = lo;
  none.use_cache = none.write_cache = false;
  CHECK(load_graph(json, none) == g2);
  CHECK_FALSE(fs::exists(cache));
  CHECK_THROWS_WITH_AS((void)load_graph(dir / "missing.json", lo), doctest::Contains("missing.json"), InputError);
  fs::remove_all(dir);
}

TEST_CASE("graph cache: a loaded graph keeps upsert semantics (edge index built lazily)") {
  const Graph g = cache_sample();
  const CacheStamp st{1, 2};
  auto back = graph_from_cache(graph_to_cache(g, st), st, "x");
  REQUIRE(back.has_value());
  Edge s;
  s.source = "event:1";
  s.target = "actor:north";
  s.kind = EdgeKind::Source;
  s.mentions = {Mention{"a", 3, 0, 16, "Northern Militia"}};
  CHECK_FALSE(back->upsert_edge(s));  // merged into the loaded edge, not added
  CHECK(back->edge_count() == g.edge_count());
  CHECK(back->out_edges("event:1").size() == 3);
  s.kind = EdgeKind::Target;
  CHECK(back->upsert_edge(s));
  CHECK(back->edge_count() == g.edge_count() + 1);
}

TEST_CASE("graph file: duplicate edges are caught in and out of sorted order") {
  const std::string head =
      R"({"format":"eventgraph/1","nodes":[{"id":"actor:x","kind":"actor"},{"id":"event:1","kind":"event"}],"edges":[)";
  const std::string st = R"({"source":"event:1","target":"actor:x","kind":"source"})";
  const std::string tg = R"({"source":"event:1","target":"actor:x","kind":"target"})";
  CHECK(graph_from_json(head + st + "," + tg + "]}", "f").edge_count() == 2);
  CHECK(graph_from_json(head + tg + "," + st + "]}", "f").edge_count() == 2);  // unsorted is fine
  CHECK_THROWS_AS((void)graph_from_json(head + st + "," + st + "]}", "f"), InputError);
  CHECK_THROWS_AS((void)graph_from_json(head + st + "," + tg + "," + st + "]}", "f"), InputError);
  CHECK_THROWS_AS((void)graph_from_json(head + tg + "," + st + "," + tg + "]}", "f"), InputError);
}
