// Benchmark for the place gazetteer (not part of the build; see tools/gazetteer/README.md):
//   g++ -std=c++20 -O2 -I. tools/gazetteer/bench_places.cpp build-places/core/libeventgraph_core.a
//       -lfmt -o /tmp/bench_places && /tmp/bench_places core/data [text-file]
// Wall and CPU time are both printed: on a loaded machine the CPU time is the meaningful one.
// Prints the load time, the lookup rate, and the resolve throughput over a text file (every
// capitalised word made a GPE mention, an upper bound on what the NER would produce).
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>

#include "core/places.hpp"
#include "core/resources.hpp"
#include "core/segmenter.hpp"

int main(int argc, char** argv) {
  using clock = std::chrono::steady_clock;
  const char* dir = argc > 1 ? argv[1] : "core/data";
  auto t0 = clock::now();
  std::clock_t c0 = std::clock();
  eg::PlaceGazetteer gaz(dir);
  std::clock_t c1 = std::clock();
  auto t1 = clock::now();
  std::printf("load: %zu places in %.3f s wall, %.3f s CPU\n", gaz.size(),
              std::chrono::duration<double>(t1 - t0).count(),
              static_cast<double>(c1 - c0) / CLOCKS_PER_SEC);
  const char* names[] = {"Qaim", "Tripoli", "Baghdad", "al-Anbar", "Georgia", "Nowhere", "Paris",
                         "Aleppo"};
  size_t hits = 0;
  constexpr int kRounds = 200000;
  for (int i = 0; i < kRounds; ++i) hits += gaz.lookup(names[i % 8]).size();
  auto t2 = clock::now();
  std::printf("lookup: %.0f ns each (%zu hits)\n",
              std::chrono::duration<double, std::nano>(t2 - t1).count() / kRounds, hits);
  if (argc > 2) {
    std::string text = eg::read_file(argv[2]);
    eg::Annotations ann;
    eg::segment(text, ann);
    for (const auto& t : ann.tokens) {
      auto w = t.span.of(text);
      if (t.shape == eg::TokenShape::Word && !w.empty() && w[0] >= 'A' && w[0] <= 'Z')
        ann.entities.push_back({t.span, eg::EntityType::GPE, -1, ""});
    }
    eg::PlaceResolver res(gaz);
    auto t3 = clock::now();
    res.resolve(text, ann);
    auto t4 = clock::now();
    double s = std::chrono::duration<double>(t4 - t3).count();
    std::printf("resolve: %zu bytes, %zu mentions, %zu places in %.4f s (%.1f MB/s)\n",
                text.size(), ann.place_mentions.size(), ann.places.size(), s,
                static_cast<double>(text.size()) / s / 1e6);
  }
  return 0;
}
