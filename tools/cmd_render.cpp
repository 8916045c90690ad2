// eventgraph render: draw a graph file (timeline layout) to SVG, PNG or PDF with Graphviz.

#include <sstream>

#include "core/error.hpp"
#include "io/dot_writer.hpp"
#include "io/graph_file.hpp"
#include "io/render.hpp"
#include "tools/command.hpp"

namespace eg::cli {

Run setup_render(CLI::App& sub) {
  struct Opts {
    std::string graph, out, format, layout;
    bool documents = false;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("graph", o->graph, "Graph file (eventgraph/1 JSON)")->required();
  sub.add_option("-o,--output", o->out, "Picture to write: .svg, .png or .pdf")->required();
  sub.add_option("--format", o->format, "svg, png or pdf (default: from the file extension)")
      ->check(CLI::IsMember({"svg", "png", "pdf"}));
  sub.add_option("--layout", o->layout, "Graphviz layout: dot (default up to 400 nodes), sfdp, neato")
      ->check(CLI::IsMember({"dot", "sfdp", "neato", "fdp", "circo", "twopi"}));
  sub.add_flag("--documents", o->documents, "Include document nodes");
  return [o]() -> int {
    graph::Graph g = read_graph_json(o->graph);
    DotOptions d;
    d.include_documents = o->documents;
    std::ostringstream dot;
    write_dot(g, dot, d);
    render(dot.str(), o->out, o->format, o->layout);
    return 0;
  };
}

}  // namespace eg::cli
