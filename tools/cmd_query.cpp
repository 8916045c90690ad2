// eventgraph query GRAPH QUESTION: actor, who, whom, timeline, events, neighbors, path, related,
// match. Answers as an aligned table, --json or --csv; --evidence adds where each row was read;
// --dot/--graphml write the subgraph that answers the question. Names are resolved forgivingly
// (graph/query.hpp lookup_name); an unknown name ("did you mean …") or an ambiguous one (the
// candidates) is bad input (exit 1); an empty answer is not an error ("no results", exit 0).
// See docs/querying.md.

#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "core/error.hpp"
#include "graph/builder.hpp"
#include "graph/pattern.hpp"
#include "graph/query.hpp"
#include "io/atomic_file.hpp"
#include "io/dot_writer.hpp"
#include "io/graph_cache.hpp"
#include "io/list_field.hpp"
#include "io/graphml_writer.hpp"
#include "tools/command.hpp"
#include "tools/resolve.hpp"
#include "tools/table.hpp"

namespace eg::cli {
namespace {

std::string date_of(const graph::Node& n) {
  if (n.date.empty()) return "undated";
  std::string d = n.date;
  if (!n.date_end.empty()) d += ".." + n.date_end;
  if (n.date_on_or_before) d = "≤" + d;
  return d;
}

/// Provenance of a row: "doc#sentence (url): «text» (+N more)".
std::string evidence(const graph::Graph& g, const std::vector<graph::Mention>& ms) {
  if (ms.empty()) return "";
  const auto& m = ms.front();
  std::string s = fmt::format("{}#{}", m.doc, m.sentence);
  if (const auto* d = g.find("doc:" + m.doc); d != nullptr && !d->url.empty()) s += " (" + d->url + ")";
  s += ": «" + m.text + "»";
  if (ms.size() > 1) s += fmt::format(" (+{} more)", ms.size() - 1);
  return s;
}

/// One CSV line: cells with `,` `"` CR or LF quoted, `"` doubled; LF line end.
void print_csv_line(std::ostream& os, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) os << ',';
    const std::string& c = cells[i];
    if (c.find_first_of(",\"\n\r") == std::string::npos) {
      os << c;
      continue;
    }
    os << '"';
    for (char ch : c) {
      if (ch == '"') os << '"';
      os << ch;
    }
    os << '"';
  }
  os << '\n';
}

void print_csv(std::ostream& os, const Table& t) {
  print_csv_line(os, t.columns);
  for (const auto& r : t.rows) print_csv_line(os, r);
}

struct Answer {
  Table table;
  std::vector<std::string> nodes;  ///< the nodes of the answering subgraph
  void add_event(const graph::Graph& g, const graph::Node& ev) {
    nodes.push_back(ev.id);
    auto pos = g.position(ev);
    if (!pos) pos = g.position(ev.id);
    if (!pos) return;
    g.links(*pos, links);  // out links first, sorted like out_edges()
    for (const auto& l : links)
      if (l.forward && (l.kind == graph::EdgeKind::Source || l.kind == graph::EdgeKind::Target ||
                        l.kind == graph::EdgeKind::Location))
        nodes.emplace_back(g.id_at(l.other));
  }
  std::vector<graph::Graph::Adjacent> links;  ///< scratch
};

Table event_columns(bool with_evidence) {
  Table t{{"date", "kind", "plover", "source", "target", "place", "mentions", "event"}, {}};
  if (with_evidence) t.columns.push_back("evidence");
  return t;
}

void add_event_row(Table& t, const graph::Graph& g, const graph::EventRow& r, bool with_evidence, Answer* answer) {
  const auto& e = *r.event;
  t.rows.push_back({date_of(e), e.event_kind, e.plover, join_list(r.sources), join_list(r.targets),
                    join_list(r.places), std::to_string(e.mentions.size()), e.id});
  if (with_evidence) t.rows.back().push_back(evidence(g, e.mentions));
  if (answer != nullptr) answer->add_event(g, e);
}

Table event_table(const graph::Graph& g, const std::vector<graph::EventRow>& rows, bool with_evidence,
                  Answer* answer) {
  Table t = event_columns(with_evidence);
  for (const auto& r : rows) add_event_row(t, g, r, with_evidence, answer);
  return t;
}

/// The whole timeline (with evidence), equal to event_table(g, graph::timeline(g, 0), true, answer)
/// but built event by event from graph::timeline_positions with each event decoded into a scratch
/// node: a lazily loaded graph keeps no event (only the table's text).
Table full_timeline_table(const graph::Graph& g, Answer* answer) {
  Table t = event_columns(true);
  const std::vector<size_t> order = graph::timeline_positions(g);
  t.rows.reserve(order.size());
  graph::Node scratch;
  for (const size_t pos : order) add_event_row(t, g, graph::event_row(g, g.node_view(pos, scratch)), true, answer);
  return t;
}

enum class Print : uint8_t { Text, Json, Csv };

/// Prints full_timeline_table(g, nullptr) exactly as Table::print_text (max width 60),
/// Table::print_json or print_csv would, but builds and prints its rows in batches so the text
/// of a million rows is never held at once; the aligned text takes two passes (column widths,
/// then the rows), each decoding every event into a scratch node. Returns the number of rows.
size_t print_full_timeline(const graph::Graph& g, std::ostream& os, Print how) {
  constexpr size_t kBatch = 4096, kMaxWidth = 60;
  const std::vector<size_t> order = graph::timeline_positions(g);
  Table t = event_columns(true);
  const size_t ncol = t.columns.size();
  graph::Node scratch;
  // Calls each(row) for every row, built kBatch at a time (without the evidence column, the
  // last one, when `evidence` is false).
  auto walk = [&](const auto& each, bool evidence = true) {
    for (size_t i = 0; i < order.size();) {
      t.rows.clear();
      for (const size_t end = std::min(order.size(), i + kBatch); i < end; ++i)
        add_event_row(t, g, graph::event_row(g, g.node_view(order[i], scratch)), evidence, nullptr);
      for (const auto& r : t.rows) each(r);
    }
    t.rows.clear();
  };
  if (how == Print::Csv) {
    print_csv_line(os, t.columns);
    walk([&](const std::vector<std::string>& r) { print_csv_line(os, r); });
  } else if (how == Print::Json) {
    JsonRows out(os, t.columns);
    walk([&](const std::vector<std::string>& r) { out.row(r); });
    out.finish();
  } else {
    // The last column is never padded: its width is not needed, nor its text in the first pass.
    std::vector<size_t> w(ncol);
    for (size_t c = 0; c < ncol; ++c) w[c] = text_width(t.columns[c]);
    walk(
        [&](const std::vector<std::string>& r) {
          for (size_t c = 0; c + 1 < ncol && c < r.size(); ++c)
            w[c] = std::max(w[c], std::min(kMaxWidth, text_width(r[c])));
        },
        false);
    auto put = [&](const std::vector<std::string>& cells) { print_text_row(os, cells, w, kMaxWidth); };
    put(t.columns);
    walk(put);
  }
  return order.size();
}

std::string resolve_actor(const graph::Graph& g, const std::string& name) { return resolve(g, name, true); }
std::string resolve_node(const graph::Graph& g, const std::string& name) { return resolve(g, name, false); }

std::string counts(const std::vector<std::pair<std::string, size_t>>& v) {
  std::string s;
  for (const auto& [k, n] : v) s += (s.empty() ? "" : ", ") + fmt::format("{} {}", k, n);
  return s;
}

}  // namespace

Run setup_query(CLI::App& sub) {
  struct Opts {
    std::string graph;
    bool json = false, csv = false, evidence = false, no_cache = false, list_events = false, timing = false;
    std::string dot, graphml;
    std::string name, other, place, role = "", pattern;
    size_t depth = 1, limit = 1000;
    graph::EventFilter filter;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("graph", o->graph, "Graph file (eventgraph/1 JSON; a binary cache GRAPH.egc is kept beside it)")
      ->required();
  sub.add_flag("--json", o->json, "JSON output (an array of objects)");
  sub.add_flag("--csv", o->csv, "CSV output (a header line, then one line per row)");
  sub.add_flag("--evidence", o->evidence, "Add where each row was read: document#sentence (url): «text»");
  sub.add_option("--dot", o->dot, "Also write the answering subgraph as Graphviz DOT to this file");
  sub.add_option("--graphml", o->graphml, "Also write the answering subgraph as GraphML to this file");
  sub.add_flag("--no-cache", o->no_cache, "Read the JSON graph file, neither reading nor writing GRAPH.egc");
  sub.add_flag("--timing", o->timing, "Print load and answer times (ms) on stderr")->group("");
  sub.require_subcommand(1);
  sub.fallthrough();  // the output options may follow the question too

  auto dates = [&](CLI::App* q) {
    q->add_option("--from", o->filter.from, "From date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive");
    q->add_option("--until", o->filter.to, "Until date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive");
  };
  auto* actor = sub.add_subcommand("actor", "An actor's profile: type, codes, aliases, affiliations, events by "
                                            "kind, first and last seen, top counterparts");
  actor->add_option("name", o->name, "Actor name, alias, acronym, partial name or id")->required();
  actor->add_flag("--events", o->list_events, "List the actor's events (date order) instead of the profile");

  auto* who = sub.add_subcommand("who", "Who did something: the sources of matching events, most first");
  who->add_option("--did", o->filter.did, "Event kind or PLOVER category (condemn, ASSAULT, ...)");
  who->add_option("--target", o->other, "Only events done to this actor");
  who->add_option("--place", o->place, "Only events at this place (or inside it)");
  dates(who);

  auto* whom = sub.add_subcommand("whom", "Whom an actor did something to: the targets of its events");
  whom->add_option("name", o->name, "The actor that did it")->required();
  whom->add_option("--did", o->filter.did, "Event kind or PLOVER category (threaten, COERCE, ...)");
  whom->add_option("--place", o->place, "Only events at this place (or inside it)");
  dates(whom);

  auto* tl = sub.add_subcommand("timeline", "Dated events in timeline order, with the evidence sentence");
  tl->add_option("--actor", o->name, "Only events with this actor as source or target");
  tl->add_option("--place", o->place, "Only events at this place (or inside it)");
  dates(tl);
  tl->add_option("--limit", o->limit, "At most this many rows (default 1000; 0 = all)");

  auto* evs = sub.add_subcommand("events", "Events filtered by kind, PLOVER category, actor, place, dates, "
                                           "modality, mentions");
  evs->add_option("--kind", o->filter.kind, "Event kind (strike, condemn, statement, ...)");
  evs->add_option("--plover", o->filter.plover, "PLOVER category (ASSAULT, DISAPPROVE, ...)");
  evs->add_option("--did", o->filter.did, "Event kind or PLOVER category");
  evs->add_option("--actor", o->name, "Only events with this actor as source or target");
  evs->add_option("--source", o->filter.source, "Only events done by this actor");
  evs->add_option("--target", o->other, "Only events done to this actor");
  evs->add_option("--place", o->place, "Only events at this place (or inside it)");
  evs->add_option("--from", o->filter.from, "From date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive");
  evs->add_option("--to,--until", o->filter.to, "Until date, inclusive");
  evs->add_option("--modality", o->filter.modality, "asserted, reported, claimed, denied, negated, hypothetical");
  evs->add_option("--min-mentions", o->filter.min_mentions, "At least this many mentions");
  evs->add_option("--limit", o->limit, "At most this many rows (default 1000; 0 = all)");

  auto* nb = sub.add_subcommand("neighbors", "Nodes linked to a node, to a depth");
  nb->add_option("name", o->name, "Actor or place name, or any node id")->required();
  nb->add_option("--depth", o->depth, "How many links away (default 1)")->check(CLI::Range(1, 6));
  nb->add_option("--role", o->role, "Only the start node's source or target links")
      ->check(CLI::IsMember({"source", "target"}));

  auto* path = sub.add_subcommand("path", "How two nodes are connected: the shortest chain through events "
                                          "and affiliations, as a readable line");
  path->add_option("from", o->name, "Actor or place name or node id")->required();
  path->add_option("to", o->other, "Actor or place name or node id")->required();

  auto* rel = sub.add_subcommand("related", "What an event is related to: causes, reports, about, same day "
                                            "and place");
  rel->add_option("event", o->name, "Event id (event:…)")->required();

  auto* mt = sub.add_subcommand("match", "Triple patterns: (?a)-[condemn]->(?b) (see docs/querying.md)");
  mt->add_option("pattern", o->pattern, "The pattern")->required();
  mt->add_option("--limit", o->limit, "At most this many rows (default 1000)");

  return [o, actor, who, whom, tl, evs, nb, path, rel, mt]() -> int {
    if (o->json && o->csv) throw UsageError("--json and --csv cannot be combined");
    LoadOptions lo;
    lo.use_cache = lo.write_cache = !o->no_cache;
    lo.warn = [](const std::string& w) { warn(w); };
    check_date_prefix(o->filter.from);
    check_date_prefix(o->filter.to);
    const auto t0 = std::chrono::steady_clock::now();
    // Intentionally never destroyed: the process ends right after the answer, and freeing a
    // million-event graph (millions of strings) would cost a fifth of a query's time. A static
    // pointer keeps it reachable for leak checkers.
    static const graph::Graph* kept = nullptr;
    kept = new graph::Graph(load_graph(o->graph, lo));
    const graph::Graph& g = *kept;
    const auto t1 = std::chrono::steady_clock::now();
    Answer a;
    Table& t = a.table;
    auto places = [&]() {
      if (!o->place.empty()) o->filter.places = resolve_places(g, o->place);
    };
    if (actor->parsed()) {
      const std::string id = resolve_actor(g, o->name);
      if (o->list_events) {
        t = event_table(g, graph::actor_events(g, id), o->evidence, &a);
      } else {
        const auto p = graph::actor_profile(g, id);
        const auto& n = *p.actor;
        t.columns = {"field", "value"};
        auto row = [&](std::string f, std::string v) {
          if (!v.empty()) t.rows.push_back({std::move(f), std::move(v)});
        };
        row("name", n.label);
        row("id", n.id);
        row("type", n.actor_type);
        row("country", n.country);
        row("roles", join_list(n.roles));
        row("aliases", join_list(n.aliases));
        for (const auto& l : p.affiliations) {
          row(l.relation, l.node->label);
          a.nodes.push_back(l.node->id);
        }
        row("events", std::to_string(p.event_count));
        row("as source", counts(p.as_source));
        row("as target", counts(p.as_target));
        row("first seen", p.first_seen);
        row("last seen", p.last_seen);
        for (const auto& [c, k] : p.counterparts) {
          row("counterpart", fmt::format("{} ({} events)", c->label, k));
          a.nodes.push_back(c->id);
        }
        if (o->evidence && !n.mentions.empty()) row("evidence", evidence(g, n.mentions));
        a.nodes.push_back(n.id);
        if (!o->dot.empty() || !o->graphml.empty())  // (the answering subgraph is only written then)
          for (const auto& r : graph::actor_events(g, id)) a.add_event(g, *r.event);
      }
    } else if (who->parsed() || whom->parsed()) {
      places();
      if (who->parsed() && !o->other.empty()) o->filter.target = resolve_actor(g, o->other);
      if (whom->parsed()) o->filter.source = resolve_actor(g, o->name);
      const bool is_who = who->parsed();
      const auto rows = graph::actors_in_role(g, o->filter, is_who ? graph::EdgeKind::Source : graph::EdgeKind::Target);
      t.columns = {is_who ? "who" : "whom", "events", "kinds", "first", "last", "id"};
      if (o->evidence) t.columns.push_back("evidence");
      for (const auto& r : rows) {
        std::set<std::string> kinds;
        for (const auto* e : r.events) kinds.insert(e->event_kind);
        t.rows.push_back({r.actor->label, std::to_string(r.events.size()),
                          join_list(std::vector<std::string>(kinds.begin(), kinds.end())),
                          date_of(*r.events.front()), date_of(*r.events.back()), r.actor->id});
        if (o->evidence) t.rows.back().push_back(evidence(g, r.events.front()->mentions));
        for (const auto* e : r.events) a.add_event(g, *e);
      }
    } else if (tl->parsed() || evs->parsed()) {
      places();
      if (!o->name.empty()) o->filter.actor = resolve_actor(g, o->name);
      if (!o->other.empty()) o->filter.target = resolve_actor(g, o->other);
      if (!o->filter.source.empty()) o->filter.source = resolve_actor(g, o->filter.source);
      // Long answers are cut at --limit rows (default 1000), saying so: a million-row table
      // helps nobody and the unfiltered timeline then decodes only what it shows.
      auto cut = [&](size_t total) {
        if (o->limit > 0 && total > o->limit)
          warn(fmt::format("{} events; showing the first {} (raise --limit, or --limit 0 for all)", total,
                           o->limit));
      };
      if (tl->parsed() && o->filter.from.empty() && o->filter.to.empty() && o->name.empty() && o->place.empty()) {
        size_t total = 0;
        for (size_t pos = 0; pos < g.node_count(); ++pos) total += g.kind_at(pos) == graph::NodeKind::Event;
        cut(total);
        // (The answering subgraph's node list only when it is written: a million ids otherwise.)
        const bool subgraph = !o->dot.empty() || !o->graphml.empty();
        if (o->limit == 0 && !subgraph) {
          // Every event: printed while the rows are built (same bytes as the table below).
          if (total == 0 && !o->json) fmt::print(stderr, "no results\n");
          (void)print_full_timeline(g, std::cout, o->csv ? Print::Csv : o->json ? Print::Json : Print::Text);
          if (o->timing) {
            auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
            fmt::print(stderr, "timing: load {:.1f} ms, answer {:.1f} ms\n", ms(t1 - t0),
                       ms(std::chrono::steady_clock::now() - t1));
          }
          return 0;
        }
        t = o->limit == 0 ? full_timeline_table(g, &a) : event_table(g, graph::timeline(g, o->limit), true, &a);
      } else {
        auto rows = graph::events(g, o->filter);
        cut(rows.size());
        if (o->limit > 0 && rows.size() > o->limit) rows.resize(o->limit);
        t = event_table(g, rows, o->evidence || tl->parsed(), &a);
      }
    } else if (nb->parsed()) {
      const std::string id = resolve_node(g, o->name);
      a.nodes.push_back(id);
      if (o->depth == 1 && o->role.empty()) {
        t.columns = {"direction", "link", "node", "kind", "label"};
        if (o->evidence) t.columns.push_back("evidence");
        for (const auto& [e, n] : graph::neighbors(g, id)) {
          t.rows.push_back({e->source == id ? "out" : "in", std::string(graph::to_string(e->kind)), n->id,
                            std::string(graph::to_string(n->kind)), n->label});
          if (o->evidence) t.rows.back().push_back(evidence(g, e->mentions));
          a.nodes.push_back(n->id);
        }
      } else {
        t.columns = {"depth", "from", "link", "direction", "node", "kind", "label"};
        if (o->evidence) t.columns.push_back("evidence");
        for (const auto& h : graph::neighborhood(g, id, o->depth, o->role)) {
          t.rows.push_back({std::to_string(h.depth), h.from->id, std::string(graph::to_string(h.via->kind)),
                            h.via->source == h.from->id ? "out" : "in", h.node->id,
                            std::string(graph::to_string(h.node->kind)), graph::display_name(*h.node)});
          if (o->evidence) t.rows.back().push_back(evidence(g, h.via->mentions));
          a.nodes.push_back(h.node->id);
        }
      }
    } else if (path->parsed()) {
      const std::string from = resolve_node(g, o->name), to = resolve_node(g, o->other);
      const auto steps = graph::explain_path(g, from, to);
      if (steps.empty()) {
        fmt::print(stderr, "no path between '{}' and '{}'\n", o->name, o->other);
        if (o->json) std::cout << "[]\n";
        return 0;
      }
      if (!o->json && !o->csv) fmt::print("{}\n", graph::path_sentence(steps));
      t.columns = {"step", "node", "kind", "label", "link"};
      if (o->evidence) t.columns.push_back("evidence");
      for (size_t i = 0; i < steps.size(); ++i) {
        const auto& s = steps[i];
        std::string link;
        if (s.edge != nullptr)
          link = s.forward ? fmt::format("-{}->", graph::to_string(s.edge->kind))
                           : fmt::format("<-{}-", graph::to_string(s.edge->kind));
        t.rows.push_back({std::to_string(i), s.node->id, std::string(graph::to_string(s.node->kind)),
                          graph::display_name(*s.node), link});
        if (o->evidence) t.rows.back().push_back(s.edge != nullptr ? evidence(g, s.edge->mentions) : "");
        a.nodes.push_back(s.node->id);
      }
    } else if (rel->parsed()) {
      const std::string id = resolve_node(g, o->name);
      const auto* ev = g.find(id);
      if (ev->kind != graph::NodeKind::Event) throw InputError(fmt::format("'{}' is not an event", o->name));
      a.add_event(g, *ev);
      t.columns = {"relation", "date", "kind", "event", "label"};
      if (o->evidence) t.columns.push_back("evidence");
      for (const auto& l : graph::related(g, id)) {
        t.rows.push_back({l.relation, date_of(*l.node), l.node->event_kind, l.node->id, l.node->label});
        if (o->evidence) t.rows.back().push_back(evidence(g, l.node->mentions));
        a.add_event(g, *l.node);
      }
    } else if (mt->parsed()) {
      const auto pat = graph::parse_pattern(o->pattern);
      const auto r = graph::match(g, pat, o->limit);
      t.columns = r.columns;
      if (o->evidence) t.columns.push_back("evidence");
      for (const auto& row : r.rows) {
        std::vector<std::string> cells;
        std::string ev;
        for (const auto* n : row) {
          if (n == nullptr) {
            cells.emplace_back("-");
            continue;
          }
          cells.push_back(n->kind == graph::NodeKind::Event ? fmt::format("{} {}", graph::display_name(*n), n->id)
                                                            : n->label);
          if (n->kind == graph::NodeKind::Event) {
            a.add_event(g, *n);
            if (ev.empty()) ev = evidence(g, n->mentions);
          } else {
            a.nodes.push_back(n->id);
          }
        }
        if (o->evidence) cells.push_back(ev);
        t.rows.push_back(std::move(cells));
      }
      if (r.truncated) warn(fmt::format("more than {} rows; showing the first (raise --limit)", o->limit));
    }
    if (!o->dot.empty() || !o->graphml.empty()) {
      const graph::Graph part = graph::induced_subgraph(g, a.nodes);
      if (!o->dot.empty()) {
        AtomicFile f(o->dot);
        DotOptions d;
        write_dot(part, f.stream(), d);
        f.commit();
      }
      if (!o->graphml.empty()) {
        AtomicFile f(o->graphml);
        write_graphml(part, f.stream(), {});
        f.commit();
      }
    }
    if (o->timing) {
      const auto t2 = std::chrono::steady_clock::now();
      auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
      fmt::print(stderr, "timing: load {:.1f} ms, answer {:.1f} ms\n", ms(t1 - t0), ms(t2 - t1));
    }
    if (t.rows.empty() && !o->json) fmt::print(stderr, "no results\n");
    if (o->csv) print_csv(std::cout, t);
    else t.print(std::cout, o->json);
    return 0;
  };
}

}  // namespace eg::cli
