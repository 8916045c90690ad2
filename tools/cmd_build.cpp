// eventgraph build: read articles (files, folders, JSON Lines, stdin), analyse them in parallel
// batches, add them to a graph (new, or loaded with --into) and write it atomically.

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "core/analyzer.hpp"
#include "core/error.hpp"
#include "graph/builder.hpp"
#include "io/atomic_file.hpp"
#include "io/graph_file.hpp"
#include "io/readers.hpp"
#include "tools/command.hpp"
#include "tools/input_flags.hpp"

namespace eg::cli {

Run setup_build(CLI::App& sub) {
  struct Opts {
    std::vector<std::string> inputs;
    std::string out;
    std::string into;
    InputFlags input;
    AnalysisFlags analysis;
    bool quiet = false;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("inputs", o->inputs, "Articles: files, folders (recursive), or - for stdin")
      ->required();
  sub.add_option("-o,--output", o->out, "Graph file to write (default: the --into file)");
  sub.add_option("--into", o->into, "Existing graph file to extend (articles already in it are skipped)");
  add_input_flags(sub, o->input);
  add_analysis_flags(sub, o->analysis);
  sub.add_flag("-q,--quiet", o->quiet, "No summary on stderr");
  return [o]() -> int {
    if (o->out.empty() && o->into.empty()) throw UsageError("build: give -o FILE or --into FILE");
    const std::string out = o->out.empty() ? o->into : o->out;
    const ReadOptions ropt = o->input.options();  // usage errors before any loading

    graph::Graph g;
    if (!o->into.empty() && std::filesystem::exists(o->into)) g = read_graph_json(o->into);

    AnalyzerOptions aopt;
    aopt.data_dir = o->analysis.data_dir;
    aopt.actor_files = o->analysis.actor_files;
    Analyzer analyzer(aopt);

    size_t added = 0, skipped = 0;
    std::set<std::string> seen;
    std::vector<Document> batch;
    auto flush = [&] {
      auto anns = analyze_batch(analyzer, batch, o->analysis.threads);
      for (size_t i = 0; i < batch.size(); ++i) graph::add_document(g, batch[i], anns[i]);
      batch.clear();
    };
    size_t batch_bytes = 0;
    read_documents(
        o->inputs, ropt,
        [&](Document&& d) {
          // An article already in the graph (or twice in the input) changes nothing.
          if (g.find("doc:" + d.id) != nullptr || !seen.insert(d.id).second) {
            ++skipped;
            return;
          }
          ++added;
          batch_bytes += d.text.size();
          batch.push_back(std::move(d));
          if (batch.size() >= 512 || batch_bytes >= (16u << 20)) {
            flush();
            batch_bytes = 0;
          }
        },
        [](const ReadWarning& w) { warn(fmt::format("{}: {}", w.where, w.what)); });
    flush();
    graph::link_timeline(g);
    g.meta["created_by"] = "eventgraph";

    AtomicFile f(out);
    write_graph_json(g, f.stream());
    f.commit();
    if (!o->quiet) {
      size_t events = 0, actors = 0;
      for (const auto* n : g.nodes()) {
        events += n->kind == graph::NodeKind::Event;
        actors += n->kind == graph::NodeKind::Actor;
      }
      fmt::print(stderr, "{}: {} articles added, {} skipped; {} events, {} actors, {} nodes, {} edges\n",
                 out, added, skipped, events, actors, g.node_count(), g.edge_count());
    }
    return 0;
  };
}

}  // namespace eg::cli
