// eventgraph export: a graph file (optionally sliced) as GraphML, DOT, GEXF, the eventgraph/1
// JSON, networkx node-link JSON, Cytoscape.js JSON, Neo4j import files, an event table
// (CSV/TSV) or GeoJSON. See docs/visualising.md.

#include <optional>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/resources.hpp"
#include "io/atomic_file.hpp"
#include "io/dot_writer.hpp"
#include "io/event_table.hpp"
#include "io/geojson_writer.hpp"
#include "io/gexf_writer.hpp"
#include "io/graph_cache.hpp"
#include "io/graph_file.hpp"
#include "io/graphml_writer.hpp"
#include "io/neo4j_writer.hpp"
#include "io/nodelink_writer.hpp"
#include "tools/command.hpp"
#include "tools/resolve.hpp"

namespace eg::cli {

namespace {

/// True when no slicing flag is given: the loaded graph is exported as it is, without the copy
/// apply_slice returns (a copy decodes every record of a lazily loaded graph).
bool no_slice(const SliceFlags& f) {
  return f.actors.empty() && f.ego.empty() && f.from.empty() && f.until.empty() && f.kind.empty() &&
         f.plover.empty() && f.min_mentions == 0 && f.max_nodes == 0;
}

}  // namespace

Run setup_export(CLI::App& sub) {
  struct Opts {
    std::string graph, to = "graphml", out = "-", data_dir, layout;
    bool yed = false, documents = false;
    SliceFlags slice;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("graph", o->graph, "Graph file (eventgraph/1 JSON)")->required();
  sub.add_option("--to", o->to,
                 "Format: graphml, dot, gexf, json (eventgraph/1), nodelink, cytoscape, neo4j, csv, tsv, geojson")
      ->check(CLI::IsMember({"graphml", "dot", "gexf", "json", "nodelink", "cytoscape", "neo4j", "csv", "tsv",
                             "geojson"}));
  sub.add_option("-o,--output", o->out, "Output file (- = stdout); for neo4j a folder");
  sub.add_flag("--yed", o->yed, "GraphML: add yFiles shapes, labels and colours for yEd");
  sub.add_flag("--documents", o->documents, "DOT: include document nodes");
  sub.add_option("--layout", o->layout,
                 "DOT: dot (timeline; default up to 400 drawn nodes) or sfdp (force-directed with "
                 "overlap removal; default above)")
      ->check(CLI::IsMember({"dot", "sfdp", "neato", "fdp"}));
  sub.add_option("--data-dir", o->data_dir, "csv/tsv/geojson: resource folder (Goldstein table)");
  add_slice_flags(sub, o->slice, false);
  return [o]() -> int {
    const graph::Graph full = load_graph(o->graph);  // uses the binary cache when fresh
    std::optional<graph::Graph> sliced;
    if (!no_slice(o->slice)) sliced = apply_slice(full, o->slice);
    const graph::Graph& g = sliced ? *sliced : full;
    if (o->to == "neo4j") {
      if (o->out == "-") throw UsageError("export --to neo4j writes a folder: give it with -o DIR");
      (void)write_neo4j(g, o->out);
      return 0;
    }
    if (o->to == "csv" || o->to == "tsv" || o->to == "geojson") {
      const GoldsteinTable gold = load_goldstein(data_dir(o->data_dir) / "events" / "goldstein.tsv");
      AtomicFile f(o->out);  // records streamed one at a time: a lazily loaded graph keeps no event
      if (o->to == "geojson")
        write_geojson(g, gold, f.stream());
      else
        write_event_table(g, gold, f.stream(), o->to == "csv" ? TableFormat::Csv : TableFormat::Tsv);
      f.commit();
      return 0;
    }
    AtomicFile f(o->out);
    if (o->to == "graphml") {
      GraphmlOptions go;
      go.yed = o->yed;
      write_graphml(g, f.stream(), go);
    } else if (o->to == "dot") {
      DotOptions d;
      d.include_documents = o->documents;
      const std::string layout = pick_layout(o->layout, drawn_node_count(g, o->documents), "export");
      d.timeline = d.legend = layout == "dot";
      if (layout != "dot") d.layout = layout;
      write_dot(g, f.stream(), d);
    } else if (o->to == "gexf") {
      write_gexf(g, f.stream());
    } else if (o->to == "nodelink") {
      write_nodelink(g, f.stream());
    } else if (o->to == "cytoscape") {
      write_cytoscape(g, f.stream());
    } else {
      write_graph_json(g, f.stream());
    }
    f.commit();
    return 0;
  };
}

}  // namespace eg::cli
