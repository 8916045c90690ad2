// eventgraph render: draw a graph file (optionally sliced) to SVG, PNG or PDF with Graphviz.
// Without --layout the engine follows the size: dot (timeline) up to 400 nodes, sfdp with
// overlap removal above; dot refuses more than 2000 nodes (slow and unreadable).

#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/dot_writer.hpp"
#include "io/graph_cache.hpp"
#include "io/graph_file.hpp"
#include "io/render.hpp"
#include "tools/command.hpp"
#include "tools/resolve.hpp"

namespace eg::cli {

namespace {

constexpr size_t kDotMaxNodes = 2000;

}  // namespace

Run setup_render(CLI::App& sub) {
  struct Opts {
    std::string graph, out, format, layout;
    bool documents = false;
    SliceFlags slice;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("graph", o->graph, "Graph file (eventgraph/1 JSON)")->required();
  sub.add_option("-o,--output", o->out, "Picture to write: .svg, .png or .pdf")->required();
  sub.add_option("--format", o->format, "svg, png or pdf (default: from the file extension)")
      ->check(CLI::IsMember({"svg", "png", "pdf"}));
  sub.add_option("--layout", o->layout,
                 "Graphviz layout: dot (timeline; default up to 400 nodes), sfdp (default above), neato, fdp, "
                 "circo, twopi")
      ->check(CLI::IsMember({"dot", "sfdp", "neato", "fdp", "circo", "twopi"}));
  sub.add_flag("--documents", o->documents, "Include document nodes");
  add_slice_flags(sub, o->slice, true);
  return [o]() -> int {
    const graph::Graph full = load_graph(o->graph);  // uses the binary cache when fresh
    const graph::Graph g = apply_slice(full, o->slice);
    const size_t drawn = drawn_node_count(g, o->documents);
    const std::string layout = pick_layout(o->layout, drawn, "render");
    if (layout == "dot" && drawn > kDotMaxNodes)
      throw UsageError(fmt::format(
          "render: {} nodes is too many for the dot layout (at most {}): use --layout sfdp, or slice the "
          "graph (--max-nodes N, --actor NAME, --from/--to DATE)",
          drawn, kDotMaxNodes));
    DotOptions d;
    d.include_documents = o->documents;
    d.timeline = layout == "dot";  // rank constraints mean nothing to the force-directed engines
    d.legend = layout == "dot";    // nor clusters: the legend would be scattered
    if (layout != "dot") d.layout = layout;  // with overlap removal and straight edges
    std::ostringstream dot;
    write_dot(g, dot, d);
    render(dot.str(), o->out, o->format, layout);
    return 0;
  };
}

}  // namespace eg::cli
