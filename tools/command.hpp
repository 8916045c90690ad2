#pragma once
// The subcommand table: each subcommand lives in its own cmd_<name>.cpp and registers its
// options on a CLI11 sub-app, returning the function that runs it (exit code).

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace eg::cli {

using Run = std::function<int()>;

struct Command {
  const char* name;
  const char* summary;
  Run (*setup)(CLI::App& sub);
};

Run setup_build(CLI::App& sub);
Run setup_annotate(CLI::App& sub);
Run setup_export(CLI::App& sub);
Run setup_render(CLI::App& sub);
Run setup_query(CLI::App& sub);
Run setup_stats(CLI::App& sub);
Run setup_train(CLI::App& sub);

/// Options shared by the commands that run the analysis.
struct AnalysisFlags {
  std::string data_dir;
  std::vector<std::string> actor_files;
  unsigned threads = 0;  ///< 0 = hardware concurrency
};
void add_analysis_flags(CLI::App& sub, AnalysisFlags& f);

/// Prints "warning: <what>" on stderr (counted; tools print a total at the end).
void warn(const std::string& what);
[[nodiscard]] size_t warning_count();

}  // namespace eg::cli
