// Rendering through libgvc. Graphviz reports problems through agerr(), which prints to stderr by
// default; we route every message into a buffer for the duration of a call (agseterrf) and turn
// the errors into exceptions.

#include "io/render.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include <graphviz/gvc.h>

#include "core/error.hpp"
#include "io/dot_writer.hpp"

namespace eg {

namespace {


std::mutex g_graphviz_mutex;  // libgvc/cgraph error state and plugin tables are global
std::string g_messages;       // guarded by g_graphviz_mutex

int collect_message(char* msg) {
  if (msg != nullptr) g_messages += msg;
  return 0;
}

/// Routes Graphviz diagnostics into g_messages while alive; restores the previous handlers.
class MessageCapture {
 public:
  MessageCapture() : old_level_(agseterr(AGWARN)), old_fn_(agseterrf(collect_message)) {
    g_messages.clear();
    agreseterrors();
  }
  ~MessageCapture() {
    agseterrf(old_fn_);
    agseterr(old_level_);
  }
  MessageCapture(const MessageCapture&) = delete;
  MessageCapture& operator=(const MessageCapture&) = delete;

  /// The collected messages on one line, without Graphviz's trailing "Use one of: ..." lists.
  [[nodiscard]] static std::string text() {
    std::string r;
    std::string_view msgs = g_messages;
    if (auto cut = msgs.find("Use one of:"); cut != std::string_view::npos) msgs = msgs.substr(0, cut);
    for (char c : msgs) r.push_back(c == '\n' ? ' ' : c);
    while (!r.empty() && r.back() == ' ') r.pop_back();
    return r;
  }
  [[nodiscard]] static bool has_error() { return g_messages.find("Error") != std::string::npos; }

 private:
  agerrlevel_t old_level_;
  agusererrf old_fn_;
};

/// The process-wide Graphviz context, created on first use and freed at exit. Not one per call:
/// Graphviz 2.43's pango plugin caches a pointer to the last font name, which the context owns,
/// so a second context reads freed memory (seen with valgrind). Also loads the plugins once.
struct Context {
  GVC_t* gvc = gvContext();
  Context() = default;
  ~Context() {
    if (gvc != nullptr) gvFreeContext(gvc);
  }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
};

GVC_t* context() {
  static Context ctx;  // first call happens under g_graphviz_mutex
  return ctx.gvc;
}

struct GvGraph {
  Agraph_t* g = nullptr;
  GVC_t* gvc = nullptr;
  bool laid_out = false;
  ~GvGraph() {
    if (g == nullptr) return;
    if (laid_out) gvFreeLayout(gvc, g);
    agclose(g);
  }
  GvGraph() = default;
  GvGraph(const GvGraph&) = delete;
  GvGraph& operator=(const GvGraph&) = delete;
};

struct RenderData {
  char* data = nullptr;
  unsigned int size = 0;
  ~RenderData() {
    if (data != nullptr) gvFreeRenderData(data);
  }
  RenderData() = default;
  RenderData(const RenderData&) = delete;
  RenderData& operator=(const RenderData&) = delete;
};

/// The plugin names of one kind ("device", "layout"), without ":package" suffixes.
std::vector<std::string> plugin_names(GVC_t* gvc, const char* kind) {
  int n = 0;
  char** list = gvPluginList(gvc, kind, &n, nullptr);
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) {
    if (list[i] == nullptr) continue;
    std::string s = list[i];
    std::free(list[i]);
    if (auto colon = s.find(':'); colon != std::string::npos) s.resize(colon);
    names.push_back(std::move(s));
  }
  std::free(list);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void check_plugin(GVC_t* gvc, const char* kind, const std::string& name, const char* what) {
  auto names = plugin_names(gvc, kind);
  const std::string base = name.substr(0, name.find(':'));
  if (names.empty() || std::binary_search(names.begin(), names.end(), base)) return;
  std::string known;
  for (const auto& n : names) {
    if (!known.empty()) known += ' ';
    known += n;
  }
  throw UsageError("render: unknown " + std::string(what) + " '" + name + "' (Graphviz knows: " +
                   known + ")");
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

void write_atomically(const std::filesystem::path& out, const char* data, size_t size) {
  std::filesystem::path tmp = out;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw EnvironmentError("render: cannot create " + tmp.string());
    f.write(data, static_cast<std::streamsize>(size));
    f.close();
    if (!f) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      throw EnvironmentError("render: cannot write " + tmp.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw EnvironmentError("render: cannot rename " + tmp.string() + " to " + out.string() + ": " +
                           ec.message());
  }
}

}  // namespace

void render(std::string_view dot_source, const std::filesystem::path& out, std::string format,
            std::string layout) {
  if (format.empty()) {
    format = lower(out.extension().string());
    if (!format.empty() && format.front() == '.') format.erase(0, 1);
    if (format == "gv") format = "dot";
    if (format.empty())
      throw UsageError("render: cannot tell the format of '" + out.string() +
                       "' (no extension); give one: svg, png, pdf");
  }

  const std::lock_guard lock(g_graphviz_mutex);
  MessageCapture capture;
  GVC_t* const gvc = context();
  if (gvc == nullptr)
    throw EnvironmentError("render: cannot start Graphviz: " + MessageCapture::text());
  check_plugin(gvc, "device", format, "output format");
  if (!layout.empty()) check_plugin(gvc, "layout", layout, "layout");

  const std::string source(dot_source);  // agmemread needs a NUL-terminated buffer
  GvGraph graph;
  graph.gvc = gvc;
  graph.g = agmemread(source.c_str());
  if (graph.g == nullptr || MessageCapture::has_error()) {
    std::string why = MessageCapture::text();
    throw InputError("render: invalid DOT: " + (why.empty() ? std::string("no graph found") : why));
  }
  if (layout.empty()) layout = static_cast<size_t>(agnnodes(graph.g)) > kAutoSfdpAbove ? "sfdp" : "dot";

  if (gvLayout(gvc, graph.g, layout.c_str()) != 0)
    throw InputError("render: Graphviz layout '" + layout + "' failed: " + MessageCapture::text());
  graph.laid_out = true;

  RenderData data;
  if (gvRenderData(gvc, graph.g, format.c_str(), &data.data, &data.size) != 0 ||
      data.data == nullptr)
    throw InputError("render: Graphviz cannot render '" + format + "': " + MessageCapture::text());
  write_atomically(out, data.data, data.size);
}

}  // namespace eg
