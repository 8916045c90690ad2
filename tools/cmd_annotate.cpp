// eventgraph annotate: the evaluation interface. Documents in (JSON Lines, seed, text, TimeML,
// CoNLL), annotations out (JSON Lines; TimeML with TIMEX3/EVENT tags; CoNLL with a NER column).

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "core/analyzer.hpp"
#include "core/entities.hpp"
#include "core/error.hpp"
#include "core/resources.hpp"
#include "io/atomic_file.hpp"
#include "io/conll.hpp"
#include "io/jsonl.hpp"
#include "io/readers.hpp"
#include "io/timeml.hpp"
#include "tools/command.hpp"
#include "tools/input_flags.hpp"

namespace eg::cli {
namespace fs = std::filesystem;

Run setup_annotate(CLI::App& sub) {
  struct Opts {
    std::vector<std::string> inputs;
    std::string from = "auto";
    std::string to = "jsonl";
    std::string out = "-";
    bool events = false;
    InputFlags input;
    AnalysisFlags analysis;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("inputs", o->inputs, "Input files or folders, or - for stdin")->required();
  sub.add_option("--from", o->from, "Input: auto, jsonl, seed, text, timeml, conll")
      ->check(CLI::IsMember({"auto", "jsonl", "seed", "text", "timeml", "conll"}));
  sub.add_option("--to", o->to, "Output: jsonl, timeml (needs --from timeml), conll (needs --from conll)")
      ->check(CLI::IsMember({"jsonl", "timeml", "conll"}));
  sub.add_option("-o,--output", o->out, "Output file (jsonl, conll; - = stdout) or folder (timeml)");
  sub.add_flag("--events", o->events, "TimeML output: also insert EVENT tags");
  sub.add_option("--date", o->input.date, "Publication date (YYYY-MM-DD) for plain-text input");
  add_analysis_flags(sub, o->analysis);

  return [o]() -> int {
    AnalyzerOptions aopt;
    aopt.data_dir = o->analysis.data_dir;
    aopt.actor_files = o->analysis.actor_files;

    if (o->from == "conll" || o->to == "conll") {
      if (o->from != "conll" || o->to != "conll")
        throw UsageError("annotate: CoNLL is read and written together (--from conll --to conll)");
      EntityTagger tagger(data_dir(aopt.data_dir), aopt.actor_files);
      AtomicFile out(o->out);
      for (const auto& path : o->inputs) {
        if (path == "-") {
          annotate_conll(std::cin, out.stream(), tagger, "<stdin>");
          continue;
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) throw InputError(fmt::format("{}: cannot open", path));
        annotate_conll(in, out.stream(), tagger, path);
      }
      out.commit();
      return 0;
    }

    if (o->from == "timeml" || o->to == "timeml") {
      if (o->from != "timeml") throw UsageError("annotate: --to timeml needs --from timeml");
      aopt.entities = o->events || o->to == "jsonl";
      aopt.events = o->events || o->to == "jsonl";
      Analyzer analyzer(aopt);
      std::vector<fs::path> files;
      for (const auto& p : o->inputs) {
        if (fs::is_directory(p)) {
          for (const auto& e : fs::recursive_directory_iterator(p))
            if (e.is_regular_file() && (e.path().extension() == ".tml" ||
                                        e.path().string().ends_with(".TE3input")))
              files.push_back(e.path());
        } else if (fs::exists(p)) {
          files.emplace_back(p);
        } else {
          throw InputError(fmt::format("{}: no such file or folder", p));
        }
      }
      std::sort(files.begin(), files.end());
      if (o->to == "timeml") {
        if (o->out == "-") throw UsageError("annotate --to timeml: give an output folder with -o DIR");
        fs::create_directories(o->out);
        for (const auto& f : files) {
          TimemlFile tf = read_timeml(f);
          Annotations ann = analyzer.analyze(tf.doc);
          std::string name = f.filename().string();
          if (name.ends_with(".TE3input")) name.resize(name.size() - 9);
          AtomicFile out(fs::path(o->out) / name);
          out.stream() << write_timeml(tf, ann.timexes, o->events ? &ann.events : nullptr);
          out.commit();
        }
      } else {
        AtomicFile out(o->out);
        for (const auto& f : files) {
          TimemlFile tf = read_timeml(f);
          write_annotations_jsonl(out.stream(), tf.doc, analyzer.analyze(tf.doc));
        }
        out.commit();
      }
      return 0;
    }

    if (o->to != "jsonl") throw UsageError("annotate: --to " + o->to + " needs --from " + o->to);
    o->input.format = o->from;
    const ReadOptions ropt = o->input.options();  // usage errors before any loading
    Analyzer analyzer(aopt);
    AtomicFile out(o->out);
    std::vector<Document> batch;
    auto flush = [&] {
      auto anns = analyze_batch(analyzer, batch, o->analysis.threads);
      for (size_t i = 0; i < batch.size(); ++i)
        write_annotations_jsonl(out.stream(), batch[i], anns[i]);
      batch.clear();
    };
    read_documents(
        o->inputs, ropt,
        [&](Document&& d) {
          batch.push_back(std::move(d));
          if (batch.size() >= 256) flush();
        },
        [](const ReadWarning& w) { warn(fmt::format("{}: {}", w.where, w.what)); });
    flush();
    out.commit();
    return 0;
  };
}

}  // namespace eg::cli
