// eventgraph: news articles in, event-timeline knowledge graph out. This file only wires the
// subcommand table to CLI11 and maps exceptions to exit codes (0 ok, 1 bad input, 2 bad usage).

#include <array>
#include <atomic>
#include <cstdio>
#include <exception>
#include <iostream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/resources.hpp"
#include "tools/command.hpp"

namespace eg::cli {
namespace {
std::atomic<size_t> g_warnings{0};
}
void warn(const std::string& what) {
  ++g_warnings;
  fmt::print(stderr, "warning: {}\n", what);
}
size_t warning_count() { return g_warnings.load(); }

void add_analysis_flags(CLI::App& sub, AnalysisFlags& f) {
  sub.add_option("--data", f.data_dir, "Resource folder (default: $EVENTGRAPH_DATA or built-in)");
  sub.add_option("--actors", f.actor_files, "Extra actor gazetteer (TSV, see docs/formats.md); repeatable")
      ->check(CLI::ExistingFile);
  sub.add_option("-j,--threads", f.threads, "Analysis threads (0 = all cores); output is identical");
}
}  // namespace eg::cli

int main(int argc, char** argv) {
  using namespace eg::cli;
  static constexpr std::array<Command, 7> kCommands{{
      {"build", "Analyse articles and build (or extend) a graph file", setup_build},
      {"annotate", "Annotate documents: JSON Lines, TimeML or CoNLL in and out", setup_annotate},
      {"export", "Write a graph file as GraphML, DOT or JSON", setup_export},
      {"render", "Draw a graph with Graphviz (SVG, PNG, PDF)", setup_render},
      {"query", "Ask a graph: actor, events, neighbors, path, timeline", setup_query},
      {"stats", "Counts by kind, actor and day", setup_stats},
      {"train", "Train a model (ner) from annotated data", setup_train},
  }};

  CLI::App app{"eventgraph: news articles in, an event-timeline knowledge graph out"};
  app.name("eventgraph");
  app.set_version_flag("--version", std::string("eventgraph ") + eg::version());
  app.require_subcommand(1);
  std::vector<Run> runs(kCommands.size());
  for (size_t i = 0; i < kCommands.size(); ++i) {
    auto* sub = app.add_subcommand(kCommands[i].name, kCommands[i].summary);
    runs[i] = kCommands[i].setup(*sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    fmt::print(stderr, "eventgraph: {}\n", e.what());
    fmt::print(stderr, "Run with --help for usage.\n");
    return 2;
  }

  try {
    for (size_t i = 0; i < kCommands.size(); ++i)
      if (app.got_subcommand(kCommands[i].name)) return runs[i]();
  } catch (const eg::UsageError& e) {
    fmt::print(stderr, "eventgraph: {}\n", e.what());
    return 2;
  } catch (const eg::InputError& e) {
    fmt::print(stderr, "eventgraph: {}\n", e.what());
    return 1;
  } catch (const eg::EnvironmentError& e) {
    fmt::print(stderr, "eventgraph: {}\n", e.what());
    return 1;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "eventgraph: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "eventgraph: internal error: {}\n", e.what());
    return 3;
  }
  return 2;
}
