#pragma once
// Where the data files (lexicons, gazetteers, verb patterns, model weights) are found.

#include <filesystem>
#include <string>

namespace eg {

/// The resource folder: `override_dir` if non-empty, else $EVENTGRAPH_DATA, else
/// `<exe>/../share/eventgraph` when installed, else the source tree's core/data.
/// Throws EnvironmentError when none exists.
[[nodiscard]] std::filesystem::path data_dir(const std::string& override_dir = {});

/// Reads a whole file; throws EnvironmentError naming the path on failure.
[[nodiscard]] std::string read_file(const std::filesystem::path& p);

/// The project version ("0.1.0").
[[nodiscard]] const char* version();

}  // namespace eg
