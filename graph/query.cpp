#include "graph/query.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/segmenter.hpp"
#include "graph/builder.hpp"

namespace eg::graph {

namespace {

/// Compares two TimeML date values at the precision of the shorter one ("2021-06" == "2021-06-27").
int compare_prefix(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  return a.substr(0, n).compare(b.substr(0, n));
}

bool calendar(std::string_view d) { return !d.empty() && d.front() >= '0' && d.front() <= '9'; }

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

/// Ids of the events that have one of the actors as source or target.
std::unordered_set<std::string_view> events_of(const Graph& g, const std::vector<std::string>& actor_ids) {
  std::unordered_set<std::string_view> out;
  for (const auto& id : actor_ids)
    for (const Edge* e : g.in_edges(id))
      if (e->kind == EdgeKind::Source || e->kind == EdgeKind::Target) out.insert(e->source);
  return out;
}

}  // namespace

EventRow event_row(const Graph& g, const Node& event) {
  EventRow row;
  row.event = &event;
  for (const Edge* e : g.out_edges(event.id)) {
    std::vector<std::string>* into = e->kind == EdgeKind::Source     ? &row.sources
                                     : e->kind == EdgeKind::Target   ? &row.targets
                                     : e->kind == EdgeKind::Location ? &row.places
                                                                     : nullptr;
    if (into == nullptr) continue;
    const Node* n = g.find(e->target);
    into->push_back(n != nullptr && !n->label.empty() ? n->label : e->target);
  }
  return row;
}

std::vector<const Node*> find_actors(const Graph& g, std::string_view name) {
  std::vector<const Node*> exact, partial;
  const std::string key = fold_key(name);
  if (key.empty()) return exact;
  for (const Node* n : g.nodes()) {
    if (n->kind != NodeKind::Actor) continue;
    bool is_exact = fold_key(n->id) == key || fold_key(n->label) == key;
    bool is_partial = false;
    for (const auto& a : n->aliases) {
      if (is_exact) break;
      const std::string k = fold_key(a);
      is_exact = k == key;
      is_partial = is_partial || k.find(key) != std::string::npos;
    }
    if (is_exact) {
      exact.push_back(n);
    } else if (is_partial || fold_key(n->label).find(key) != std::string::npos) {
      partial.push_back(n);
    }
  }
  exact.insert(exact.end(), partial.begin(), partial.end());
  return exact;
}

std::vector<EventRow> actor_events(const Graph& g, std::string_view actor_id) {
  std::vector<EventRow> rows;
  const Node* actor = g.find(actor_id);
  if (actor == nullptr || actor->kind != NodeKind::Actor) return rows;
  const auto mine = events_of(g, {std::string(actor_id)});
  for (const Node* n : timeline_order(g))
    if (mine.contains(n->id)) rows.push_back(event_row(g, *n));
  return rows;
}

std::vector<EventRow> events(const Graph& g, const EventFilter& f) {
  std::vector<std::string> actor_ids;
  if (!f.actor.empty()) {
    if (const Node* a = g.find(f.actor); a != nullptr && a->kind == NodeKind::Actor) {
      actor_ids.push_back(f.actor);
    } else {
      for (const Node* n : find_actors(g, f.actor)) actor_ids.push_back(n->id);
      if (actor_ids.empty()) return {};
    }
  }
  const auto of_actor = events_of(g, actor_ids);
  const std::string plover = upper(f.plover);
  std::vector<EventRow> rows;
  for (const Node* n : timeline_order(g)) {
    if (!f.kind.empty() && n->event_kind != f.kind) continue;
    if (!plover.empty() && upper(n->plover) != plover) continue;
    if (!f.from.empty() || !f.to.empty()) {
      if (!calendar(n->date)) continue;
      const std::string& last = n->date_end.empty() ? n->date : n->date_end;
      if (!f.from.empty() && compare_prefix(last, f.from) < 0) continue;
      if (!f.to.empty() && compare_prefix(n->date, f.to) > 0) continue;
    }
    if (!actor_ids.empty() && !of_actor.contains(n->id)) continue;
    rows.push_back(event_row(g, *n));
  }
  return rows;
}

std::vector<std::pair<const Edge*, const Node*>> neighbors(const Graph& g, std::string_view id) {
  std::vector<std::pair<const Edge*, const Node*>> out;
  for (const Edge* e : g.out_edges(id)) out.emplace_back(e, g.find(e->target));
  for (const Edge* e : g.in_edges(id)) out.emplace_back(e, g.find(e->source));
  return out;
}

std::vector<EventRow> timeline(const Graph& g) {
  std::vector<EventRow> rows;
  for (const Node* n : timeline_order(g)) rows.push_back(event_row(g, *n));
  return rows;
}

}  // namespace eg::graph
