// The binary graph cache: byte-exact round trip, staleness, corruption, load_graph's choices.

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

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
  std::string version = bytes;
  version[8] = static_cast<char>(version[8] + 1);  // another format version: stale, not corrupt
  CHECK_FALSE(graph_from_cache(version, {1, 2}, "c").has_value());
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

namespace {

/// prefix + decimal n (GCC 12 warns falsely on "literal" + std::to_string at -O3).
std::string with_number(std::string_view prefix, size_t n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

/// A synthetic graph big enough/// A synthetic graph big enough for the multi-threaded paths (decoding, deferred id index).
Graph big_graph(size_t events) {
  Graph g;
  g.meta["created_by"] = "big";
  for (size_t i = 0; i < 300; ++i) {
    Node a;
    a.id = with_number("actor:a", 1000 + i);
    a.kind = NodeKind::Actor;
    a.label = with_number("Actor number ", i);
    a.aliases = {with_number("A", i)};
    g.upsert_node(a);
  }
  for (size_t i = 0; i < events; ++i) {
    Node e;
    e.id = with_number("event:", 100000 + i);
    e.kind = NodeKind::Event;
    e.event_kind = i % 3 == 0 ? "strike" : "meet";
    e.date = with_number("2024-0", 1 + i % 9) + with_number("-1", i % 10);
    e.mentions = {Mention{with_number("d", i / 10), static_cast<int32_t>(i % 10), 0, 6, "strike"}};
    g.upsert_node(e);
    Edge s;
    s.source = e.id;
    s.target = with_number("actor:a", 1000 + i % 300);
    s.kind = EdgeKind::Source;
    s.mentions = {Mention{"d", 1, 2, 3, "x"}};
    g.upsert_edge(s);
    s.target = with_number("actor:a", 1000 + (i * 7 + 1) % 300);
    s.kind = EdgeKind::Target;
    s.value = i % 5 == 0 ? "3" : "";
    g.upsert_edge(s);
  }
  return g;
}

}  // namespace

TEST_CASE("graph cache: a lazily decoded graph reads, copies and changes like the original") {
  const Graph g = cache_sample();
  const CacheStamp st{1, 2};
  auto back = graph_from_cache(graph_to_cache(g, st), st, "x");
  REQUIRE(back.has_value());
  // Fields readable before the node is decoded.
  const size_t pos = *back->position("event:1");
  CHECK(back->field_at(pos, Graph::Field::EventKind) == "attack");
  CHECK(back->field_at(pos, Graph::Field::Plover) == "ASSAULT");
  CHECK(back->field_at(pos, Graph::Field::Modality) == "claimed");
  CHECK(back->kind_at(pos) == NodeKind::Event);
  for (size_t p = 0; p < back->node_count(); ++p)  // counted without decoding, as the original
    CHECK(back->mention_count_at(p) == g.find(back->id_at(p))->mentions.size());
  CHECK(back->in_degree("actor:north") == 1);
  CHECK(back->shortest_path("actor:north", "place:town") ==
        std::vector<std::string>{"actor:north", "event:1", "place:town"});
  CHECK(*back->find("place:town") == *g.find("place:town"));  // some nodes decoded, others not
  const Graph copy = *back;  // copying decodes the rest
  CHECK(copy == g);
  Graph changed = *back;
  Node more;
  more.id = "actor:north";
  more.kind = NodeKind::Actor;
  more.aliases = {"North"};
  CHECK_FALSE(back->upsert_node(more));  // merging ends lazy decoding
  CHECK(back->find("actor:north")->aliases.size() == 3);
  CHECK(back->remove_edges(EdgeKind::Location) == 1);
  back->remove_node("doc:a");
  CHECK(back->edge_count() == 1);
  CHECK(changed == g);
  auto lazy = graph_from_cache(graph_to_cache(g, st), st, "x");
  REQUIRE(lazy.has_value());
  lazy->remove_node("place:town");  // removal straight from the lazy state
  CHECK(lazy->node_count() == 3);
  CHECK(lazy->out_edges("event:1").size() == 2);
  CHECK(lazy->find("event:1")->event_kind == "attack");
}

TEST_CASE("graph cache: a big graph round-trips through the threaded paths") {
  const Graph g = big_graph(60000);
  const CacheStamp st{7, 8};
  const std::string bytes = graph_to_cache(g, st);
  CHECK(bytes.size() > (size_t{8} << 20));  // big enough for the two-thread checksum
  {
    auto back = graph_from_cache(bytes, st, "big");
    REQUIRE(back.has_value());
    // More lookups than the deferred index waits for: binary search first, then the index.
    size_t found = 0;
    for (int round = 0; round < 3; ++round)
      for (size_t i = 0; i < 60000; ++i) found += back->position(with_number("event:", 100000 + i)) ? 1 : 0;
    CHECK(found == 180000);
    CHECK_FALSE(back->position("event:0").has_value());
    CHECK(back->nodes(NodeKind::Event).size() == 60000);  // decoded in two threads
    CHECK(*back == g);
  }
  {
    // Concurrent first reads of the same nodes decode each once.
    auto back = graph_from_cache(bytes, st, "big");
    REQUIRE(back.has_value());
    std::vector<std::string> a, b;
    auto read = [&](std::vector<std::string>& out) {
      for (size_t i = 0; i < 60000; i += 3) {
        const Node* n = back->find(with_number("event:", 100000 + i));
        out.push_back(n->event_kind + n->date + back->out_edges(n->id).front()->target);
      }
    };
    std::thread t([&] { read(b); });
    read(a);
    t.join();
    CHECK(a == b);
    CHECK(*back == g);
  }
}
