// eventgraph export: a graph file as GraphML (Gephi, yEd, Cytoscape, networkx), DOT or JSON.

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/dot_writer.hpp"
#include "io/graph_file.hpp"
#include "io/graphml_writer.hpp"
#include "tools/command.hpp"

namespace eg::cli {

Run setup_export(CLI::App& sub) {
  struct Opts {
    std::string graph, to = "graphml", out = "-";
    bool yed = false, documents = false;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("graph", o->graph, "Graph file (eventgraph/1 JSON)")->required();
  sub.add_option("--to", o->to, "Format: graphml, dot, json")
      ->check(CLI::IsMember({"graphml", "dot", "json"}));
  sub.add_option("-o,--output", o->out, "Output file (- = stdout)");
  sub.add_flag("--yed", o->yed, "GraphML: add yFiles shapes, labels and colours for yEd");
  sub.add_flag("--documents", o->documents, "DOT: include document nodes");
  return [o]() -> int {
    graph::Graph g = read_graph_json(o->graph);
    AtomicFile f(o->out);
    if (o->to == "graphml") {
      GraphmlOptions go;
      go.yed = o->yed;
      write_graphml(g, f.stream(), go);
    } else if (o->to == "dot") {
      DotOptions d;
      d.include_documents = o->documents;
      write_dot(g, f.stream(), d);
    } else {
      write_graph_json(g, f.stream());
    }
    f.commit();
    return 0;
  };
}

}  // namespace eg::cli
