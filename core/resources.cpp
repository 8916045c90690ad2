#include "core/resources.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/std.h>

#include "core/error.hpp"

namespace eg {
namespace fs = std::filesystem;

fs::path data_dir(const std::string& override_dir) {
  if (!override_dir.empty()) {
    if (!fs::is_directory(override_dir))
      throw EnvironmentError(fmt::format("{}: data folder does not exist", override_dir));
    return override_dir;
  }
  if (const char* env = std::getenv("EVENTGRAPH_DATA"); env && *env) {
    if (!fs::is_directory(env))
      throw EnvironmentError(fmt::format("{}: EVENTGRAPH_DATA is not a folder", env));
    return env;
  }
  std::error_code ec;
  if (auto exe = fs::read_symlink("/proc/self/exe", ec); !ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "eventgraph";
    if (fs::is_directory(installed)) return installed;
  }
  fs::path src = EVENTGRAPH_SOURCE_DATA_DIR;
  if (fs::is_directory(src)) return src;
  throw EnvironmentError("no data folder found: set EVENTGRAPH_DATA or pass --data");
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw EnvironmentError(fmt::format("{}: cannot open", p.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

const char* version() { return EVENTGRAPH_VERSION; }

}  // namespace eg
