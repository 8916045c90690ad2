#include "graph/query.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>
#include <unordered_map>
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
  std::vector<Graph::Adjacent> links;
  for (const auto& id : actor_ids) {
    const auto pos = g.position(id);
    if (!pos) continue;
    g.links(*pos, links);
    for (const Graph::Adjacent& l : links)
      if (!l.forward && (l.kind == EdgeKind::Source || l.kind == EdgeKind::Target)) out.insert(g.id_at(l.other));
  }
  return out;
}

/// The event nodes among `ids` in timeline order.
std::vector<const Node*> in_timeline_order(const Graph& g, const std::unordered_set<std::string_view>& ids) {
  std::vector<const Node*> events;
  events.reserve(ids.size());
  for (std::string_view id : ids) events.push_back(g.find(id));
  return order_timeline(g, events);
}

}  // namespace

EventRow event_row(const Graph& g, const Node& event) {
  EventRow row;
  row.event = &event;
  auto pos = g.position(event);
  if (!pos) pos = g.position(event.id);  // (a copy of the node)
  if (!pos) return row;
  // Out links come sorted like out_edges(): by target id, then kind.
  thread_local std::vector<Graph::Adjacent> links;
  g.links(*pos, links);
  for (const Graph::Adjacent& l : links) {
    if (!l.forward) break;
    std::vector<std::string>* into = l.kind == EdgeKind::Source     ? &row.sources
                                     : l.kind == EdgeKind::Target   ? &row.targets
                                     : l.kind == EdgeKind::Location ? &row.places
                                                                    : nullptr;
    if (into == nullptr) continue;
    const Node& n = g.node_at(l.other);
    into->push_back(!n.label.empty() ? n.label : n.id);
  }
  return row;
}

std::vector<const Node*> find_actors(const Graph& g, std::string_view name) {
  std::vector<const Node*> exact, partial;
  const std::string key = fold_key(name);
  if (key.empty()) return exact;
  for (const Node* n : g.nodes(NodeKind::Actor)) {
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
  for (const Node* n : in_timeline_order(g, mine)) rows.push_back(event_row(g, *n));
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
  const std::string did = upper(f.did);
  std::unordered_set<std::string_view> of_source, of_target, at_place;
  if (!f.source.empty())
    for (const Edge* e : g.in_edges(f.source))
      if (e->kind == EdgeKind::Source) of_source.insert(e->source);
  if (!f.target.empty())
    for (const Edge* e : g.in_edges(f.target))
      if (e->kind == EdgeKind::Target) of_target.insert(e->source);
  if (!f.places.empty()) {
    // The places and everything located in them, then the events located there.
    std::vector<std::string_view> todo;
    std::unordered_set<std::string_view> area;
    for (const auto& p : f.places)
      if (const Node* n = g.find(p); n != nullptr && area.insert(n->id).second) todo.push_back(n->id);
    while (!todo.empty()) {
      const std::string_view p = todo.back();
      todo.pop_back();
      for (const Edge* e : g.in_edges(p)) {
        if (e->kind == EdgeKind::LocatedIn && area.insert(e->source).second) todo.push_back(e->source);
        if (e->kind == EdgeKind::Location) at_place.insert(e->source);
      }
    }
  }
  // With an actor or place filter only its events need ordering (milliseconds on big graphs).
  const std::unordered_set<std::string_view>* narrow = nullptr;
  auto consider = [&](bool active, const std::unordered_set<std::string_view>& set) {
    if (active && (narrow == nullptr || set.size() < narrow->size())) narrow = &set;
  };
  consider(!actor_ids.empty(), of_actor);
  consider(!f.source.empty(), of_source);
  consider(!f.target.empty(), of_target);
  consider(!f.places.empty(), at_place);
  // Filter first, then order only what passes (the full timeline of a million events is not
  // needed to answer a filtered question).
  std::vector<const Node*> pass;
  auto keep = [&](const Node* n) {
    if (!f.kind.empty() && n->event_kind != f.kind) return false;
    if (!plover.empty() && upper(n->plover) != plover) return false;
    if (!did.empty() && upper(n->event_kind) != did && upper(n->plover) != did) return false;
    if (!f.source.empty() && !of_source.contains(n->id)) return false;
    if (!f.target.empty() && !of_target.contains(n->id)) return false;
    if (!f.places.empty() && !at_place.contains(n->id)) return false;
    if (!f.modality.empty() && n->modality != f.modality) return false;
    if (n->mentions.size() < f.min_mentions) return false;
    if (!f.from.empty() || !f.to.empty()) {
      if (!calendar(n->date)) return false;
      const std::string& last = n->date_end.empty() ? n->date : n->date_end;
      if (!f.from.empty() && compare_prefix(last, f.from) < 0) return false;
      if (!f.to.empty() && compare_prefix(n->date, f.to) > 0) return false;
    }
    if (!actor_ids.empty() && !of_actor.contains(n->id)) return false;
    return true;
  };
  if (narrow != nullptr) {
    for (std::string_view id : *narrow)
      if (const Node* n = g.find(id); n != nullptr && n->kind == NodeKind::Event && keep(n)) pass.push_back(n);
  } else {
    // Every event: test the cheap fields without decoding the node first (a lazily loaded graph
    // then decodes only the events that can pass).
    using F = Graph::Field;
    auto may_pass = [&](size_t pos) {
      if (!f.kind.empty() && g.field_at(pos, F::EventKind) != f.kind) return false;
      if (!plover.empty() && upper(g.field_at(pos, F::Plover)) != plover) return false;
      if (!did.empty() && upper(g.field_at(pos, F::EventKind)) != did && upper(g.field_at(pos, F::Plover)) != did)
        return false;
      if (!f.modality.empty() && g.field_at(pos, F::Modality) != f.modality) return false;
      if (!f.from.empty() || !f.to.empty()) {
        const std::string_view date = g.field_at(pos, F::Date), end = g.field_at(pos, F::DateEnd);
        if (!calendar(date)) return false;
        if (!f.from.empty() && compare_prefix(end.empty() ? date : end, f.from) < 0) return false;
        if (!f.to.empty() && compare_prefix(date, f.to) > 0) return false;
      }
      return true;
    };
    for (size_t pos = 0; pos < g.node_count(); ++pos) {
      if (g.kind_at(pos) != NodeKind::Event || !may_pass(pos)) continue;
      if (const Node& n = g.node_at(pos); keep(&n)) pass.push_back(&n);
    }
  }
  std::vector<EventRow> rows;
  rows.reserve(pass.size());
  for (const Node* n : order_timeline(g, pass)) rows.push_back(event_row(g, *n));
  return rows;
}

std::vector<std::pair<const Edge*, const Node*>> neighbors(const Graph& g, std::string_view id) {
  std::vector<std::pair<const Edge*, const Node*>> out;
  for (const Edge* e : g.out_edges(id)) out.emplace_back(e, g.find(e->target));
  for (const Edge* e : g.in_edges(id)) out.emplace_back(e, g.find(e->source));
  return out;
}

std::vector<EventRow> timeline(const Graph& g) { return timeline(g, 0); }

std::vector<EventRow> timeline(const Graph& g, size_t limit) {
  std::vector<const Node*> candidates;
  if (limit == 0) {
    candidates = g.nodes(NodeKind::Event);
  } else {
    // The first `limit` rows are all dated on or before the limit-th smallest date (undated
    // last): read dates positionally, decode only those events, then order them.
    std::vector<std::pair<std::string_view, size_t>> dated;
    for (size_t pos = 0; pos < g.node_count(); ++pos)
      if (g.kind_at(pos) == NodeKind::Event) {
        const std::string_view d = g.field_at(pos, Graph::Field::Date);
        dated.emplace_back(calendar(d) ? d : std::string_view("\x7f"), pos);
      }
    if (dated.size() > limit) {
      std::nth_element(dated.begin(), dated.begin() + static_cast<std::ptrdiff_t>(limit - 1), dated.end());
      const std::string_view cutoff = dated[limit - 1].first;
      std::erase_if(dated, [&](const auto& x) { return x.first > cutoff; });
      std::sort(dated.begin(), dated.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    }
    candidates.reserve(dated.size());
    for (const auto& [d, pos] : dated) candidates.push_back(&g.node_at(pos));
  }
  std::vector<const Node*> order = order_timeline(g, candidates);  // = timeline_order(g)
  if (limit > 0 && order.size() > limit) order.resize(limit);
  std::vector<EventRow> rows;
  rows.reserve(order.size());
  for (const Node* n : order) rows.push_back(event_row(g, *n));
  return rows;
}

}  // namespace eg::graph

// ---- Forgiving name lookup and richer questions -------------------------------------------------

namespace eg::graph {

namespace {

// Base letters of U+00C0..U+00FF and U+0100..U+017F (' ' = not a letter).
constexpr std::string_view kLatin1 = "aaaaaaaceeeeiiiidnooooo ouuuuytsaaaaaaaceeeeiiiidnooooo ouuuuyty";
constexpr std::string_view kLatinExtA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssss"
    "ttttttuuuuuuuuuuuuwwyyyzzzzzzs";
// U+1E00..U+1EFF as runs of (count of upper/lower pairs, base letter).
struct Run {
  uint8_t pairs;
  char base;
};
constexpr Run kLatinExtAdditional[] = {
    {1, 'a'}, {3, 'b'}, {1, 'c'}, {5, 'd'}, {5, 'e'}, {1, 'f'}, {1, 'g'}, {5, 'h'}, {2, 'i'},
    {3, 'k'}, {4, 'l'}, {3, 'm'}, {4, 'n'}, {4, 'o'}, {2, 'p'}, {4, 'r'}, {5, 's'}, {4, 't'},
    {5, 'u'}, {2, 'v'}, {5, 'w'}, {2, 'x'}, {1, 'y'}, {3, 'z'}};

char latin_ext_additional(char32_t cp) {
  if (cp >= 0x1EA0 && cp <= 0x1EF9) {
    const uint32_t i = static_cast<uint32_t>(cp) - 0x1EA0;
    if (i < 24) return 'a';
    if (i < 40) return 'e';
    if (i < 44) return 'i';
    if (i < 68) return 'o';
    if (i < 82) return 'u';
    return 'y';
  }
  if (cp >= 0x1E96 && cp <= 0x1E9B) return "htwyas"[cp - 0x1E96];
  uint32_t at = 0x1E00;
  for (const Run& r : kLatinExtAdditional) {
    const uint32_t end = at + 2u * r.pairs;
    if (cp < end) return r.base;
    at = end;
  }
  return ' ';
}

bool dropped(char32_t cp) {
  return cp == '\'' || cp == '`' || cp == '.' || cp == 0xB4 || cp == 0x2018 || cp == 0x2019 ||
         cp == 0x201B || cp == 0x2032 || (cp >= 0x2B9 && cp <= 0x2BF) || (cp >= 0x300 && cp <= 0x36F);
}

std::vector<std::string_view> tokens_of(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    const size_t j = s.find(' ', i);
    const size_t end = j == std::string_view::npos ? s.size() : j;
    if (end > i) out.push_back(s.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

std::string acronym(std::string_view folded, bool skip_stopwords) {
  std::string out;
  for (std::string_view t : tokens_of(folded)) {
    if (skip_stopwords && (t == "of" || t == "the" || t == "and" || t == "for" || t == "in")) continue;
    out.push_back(t.front());
  }
  return out;
}

struct Candidate {
  const Node* node;
  std::vector<std::string> keys;  // folded label, aliases, id slug
};

std::vector<Candidate> candidates_of(const Graph& g, NodeKind kind) {
  std::vector<Candidate> out;
  for (const Node* n : g.nodes(kind)) {
    Candidate c{n, {}};
    c.keys.push_back(fold_name(n->label));
    for (const auto& a : n->aliases)
      if (!a.starts_with("place:")) c.keys.push_back(fold_name(a));
    const size_t colon = n->id.find(':');
    c.keys.push_back(fold_name(std::string_view(n->id).substr(colon == std::string::npos ? 0 : colon + 1)));
    std::erase_if(c.keys, [](const std::string& k) { return k.empty(); });
    out.push_back(std::move(c));
  }
  return out;
}

bool tokens_within(const std::vector<std::string_view>& q, std::string_view key) {
  const auto kt = tokens_of(key);
  for (std::string_view t : q)
    if (std::find(kt.begin(), kt.end(), t) == kt.end()) return false;
  return true;
}

/// The candidates matching `q` at tier 0 (exact), 1 (acronym), 2 (tokens), 3 (substring).
std::vector<const Node*> tier_matches(const std::vector<Candidate>& cs, const std::string& q, int tier) {
  const auto qt = tokens_of(q);
  std::vector<const Node*> out;
  for (const Candidate& c : cs) {
    bool hit = false;
    for (size_t k = 0; k < c.keys.size() && !hit; ++k) {
      const std::string& key = c.keys[k];
      switch (tier) {
        case 0: hit = key == q; break;
        case 1:
          hit = k == 0 && q.size() >= 2 && qt.size() == 1 && tokens_of(key).size() >= 2 &&
                (acronym(key, false) == q || acronym(key, true) == q);
          break;
        case 2: hit = tokens_within(qt, key); break;
        default: hit = q.size() >= 3 && key.find(q) != std::string::npos; break;
      }
    }
    if (hit) out.push_back(c.node);
  }
  return out;
}

size_t closeness(const Candidate& c, const std::string& q) {
  const auto qt = tokens_of(q);
  size_t best = std::numeric_limits<size_t>::max();
  for (const std::string& key : c.keys) {
    best = std::min(best, edit_distance(q, key));
    const auto kt = tokens_of(key);
    size_t sum = 0;
    for (std::string_view u : qt) {
      size_t m = u.size();
      for (std::string_view t : kt) m = std::min(m, edit_distance(u, t));
      sum += m;
    }
    best = std::min(best, sum + (kt.size() > qt.size() ? 1 : 0));
  }
  return best;
}

bool structural(EdgeKind k) {
  switch (k) {
    case EdgeKind::Source:
    case EdgeKind::Target:
    case EdgeKind::Location:
    case EdgeKind::MemberOf:
    case EdgeKind::SpokespersonFor:
    case EdgeKind::BackedBy:
    case EdgeKind::LeaderOf:
    case EdgeKind::Reports:
    case EdgeKind::About:
    case EdgeKind::Causes: return true;
    default: return false;
  }
}

bool affiliation(EdgeKind k) {
  return k == EdgeKind::MemberOf || k == EdgeKind::SpokespersonFor || k == EdgeKind::BackedBy ||
         k == EdgeKind::LeaderOf;
}

std::string_view inverse_name(EdgeKind k) {
  switch (k) {
    case EdgeKind::MemberOf: return "has_member";
    case EdgeKind::SpokespersonFor: return "has_spokesperson";
    case EdgeKind::BackedBy: return "backs";
    case EdgeKind::LeaderOf: return "led_by";
    case EdgeKind::Causes: return "caused_by";
    case EdgeKind::Reports: return "reported_by";
    case EdgeKind::About: return "subject_of";
    default: return to_string(k);
  }
}

bool same_word(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lo = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lo(a[i]) != lo(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string fold_name(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = true;  // suppress leading / repeated spaces
  auto put = [&](char c) {
    if (c == ' ') {
      if (!space) out.push_back(' ');
      space = true;
    } else {
      out.push_back(c);
      space = false;
    }
  };
  for (size_t i = 0; i < s.size();) {
    const auto [cp, len] = decode_utf8(s, i);
    const std::string_view raw = s.substr(i, len);
    i += len == 0 ? 1 : len;
    if (dropped(cp)) continue;
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') put(static_cast<char>(c - 'A' + 'a'));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) put(c);
      else put(' ');
    } else if (cp >= 0xC0 && cp <= 0xFF) {
      put(kLatin1[cp - 0xC0]);
    } else if (cp >= 0x100 && cp <= 0x17F) {
      put(kLatinExtA[cp - 0x100]);
    } else if (cp >= 0x1E00 && cp <= 0x1EFF) {
      put(latin_ext_additional(cp));
    } else if (cp < 0x2000 || cp > 0x206F) {
      for (char c : raw) out.push_back(c);
      space = false;
    } else {
      put(' ');  // general punctuation: dashes, spaces, quotes
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

NameLookup lookup_name(const Graph& g, std::string_view name, LookupScope scope, size_t max_candidates) {
  NameLookup r;
  const bool actors = scope != LookupScope::Places;
  const bool places = scope != LookupScope::Actors;
  auto kind_ok = [&](const Node* n) {
    return n != nullptr && ((actors && n->kind == NodeKind::Actor) || (places && n->kind == NodeKind::Place) ||
                            (scope == LookupScope::ActorsThenPlaces));
  };
  if (const Node* n = g.find(name); kind_ok(n)) {
    r.status = NameLookup::Status::Found;
    r.node = n;
    return r;
  }
  const std::string q = fold_name(name);
  if (q.empty()) return r;
  // Fast path: the id an exact name would have.
  const std::string slug = slugify(name);
  for (const char* prefix : {"actor:", "place:"}) {
    if ((prefix[0] == 'a' && !actors) || (prefix[0] == 'p' && !places)) continue;
    if (const Node* n = g.find(std::string(prefix) + slug); n != nullptr && fold_name(n->label) == q) {
      r.status = NameLookup::Status::Found;
      r.node = n;
      return r;
    }
  }
  std::vector<Candidate> groups[2];
  if (actors) groups[0] = candidates_of(g, NodeKind::Actor);
  if (places) groups[1] = candidates_of(g, NodeKind::Place);
  for (int tier = 0; tier < 4; ++tier) {
    for (const auto& group : groups) {
      auto hits = tier_matches(group, q, tier);
      if (hits.empty()) continue;
      if (hits.size() == 1) {
        r.status = NameLookup::Status::Found;
        r.node = hits.front();
        return r;
      }
      r.status = NameLookup::Status::Ambiguous;
      if (hits.size() > max_candidates) hits.resize(max_candidates);
      r.candidates = std::move(hits);
      return r;
    }
  }
  std::vector<std::pair<size_t, const Node*>> scored;
  const size_t limit = std::max<size_t>(2, q.size() / 2);
  for (const auto& group : groups)
    for (const Candidate& c : group)
      if (const size_t d = closeness(c, q); d <= limit) scored.emplace_back(d, c.node);
  std::stable_sort(scored.begin(), scored.end(), [](auto& x, auto& y) { return x.first < y.first; });
  for (size_t i = 0; i < scored.size() && i < std::min<size_t>(5, max_candidates); ++i)
    r.candidates.push_back(scored[i].second);
  return r;
}

std::string display_name(const Node& n) {
  if (n.kind == NodeKind::Event)
    return (n.event_kind.empty() ? std::string("event") : n.event_kind) + " (" +
           (n.date.empty() ? std::string("undated") : n.date) + ")";
  return n.label.empty() ? n.id : n.label;
}

ActorProfile actor_profile(const Graph& g, std::string_view actor_id, size_t top_counterparts) {
  ActorProfile p;
  const Node* a = g.find(actor_id);
  if (a == nullptr || a->kind != NodeKind::Actor) return p;
  p.actor = a;
  for (const Edge* e : g.out_edges(actor_id))
    if (affiliation(e->kind)) p.affiliations.push_back({std::string(to_string(e->kind)), g.find(e->target), e});
  for (const Edge* e : g.in_edges(actor_id))
    if (affiliation(e->kind)) p.affiliations.push_back({std::string(inverse_name(e->kind)), g.find(e->source), e});
  std::map<std::string, size_t> src, tgt;
  std::map<std::string_view, size_t> other;
  std::unordered_set<size_t> seen;
  const size_t me = *g.position(actor_id);
  std::vector<Graph::Adjacent> links, ev_links;
  std::vector<size_t> here;
  g.links(me, links);  // in links sorted like in_edges(): by event id, then kind
  for (const Graph::Adjacent& l : links) {
    if (l.forward || (l.kind != EdgeKind::Source && l.kind != EdgeKind::Target)) continue;
    const Node* ev = &g.node_at(l.other);
    ++(l.kind == EdgeKind::Source ? src : tgt)[ev->event_kind.empty() ? "(none)" : ev->event_kind];
    if (!seen.insert(l.other).second) continue;
    ++p.event_count;
    if (calendar(ev->date)) {
      if (p.first_seen.empty() || ev->date < p.first_seen) p.first_seen = ev->date;
      const std::string& last = ev->date_end.empty() ? ev->date : ev->date_end;
      if (p.last_seen.empty() || last > p.last_seen) p.last_seen = last;
    }
    here.clear();
    g.links(l.other, ev_links);
    for (const Graph::Adjacent& x : ev_links) {
      if (!x.forward || (x.kind != EdgeKind::Source && x.kind != EdgeKind::Target) || x.other == me) continue;
      if (std::find(here.begin(), here.end(), x.other) != here.end()) continue;
      here.push_back(x.other);
      ++other[g.id_at(x.other)];
    }
  }
  p.as_source.assign(src.begin(), src.end());
  p.as_target.assign(tgt.begin(), tgt.end());
  for (const auto& [id, n] : other)
    if (const Node* o = g.find(id)) p.counterparts.emplace_back(o, n);
  std::stable_sort(p.counterparts.begin(), p.counterparts.end(),
                   [](auto& x, auto& y) { return x.second > y.second; });
  if (p.counterparts.size() > top_counterparts) p.counterparts.resize(top_counterparts);
  return p;
}

std::vector<ActorEvents> actors_in_role(const Graph& g, const EventFilter& f, EdgeKind role) {
  std::map<std::string_view, size_t> index;
  std::vector<ActorEvents> out;
  for (const EventRow& r : events(g, f)) {
    for (const Edge* e : g.out_edges(r.event->id)) {
      if (e->kind != role) continue;
      auto [it, fresh] = index.try_emplace(e->target, out.size());
      if (fresh) out.push_back({g.find(e->target), {}});
      auto& evs = out[it->second].events;
      if (evs.empty() || evs.back() != r.event) evs.push_back(r.event);
    }
  }
  std::sort(out.begin(), out.end(), [](const ActorEvents& a, const ActorEvents& b) {
    if (a.events.size() != b.events.size()) return a.events.size() > b.events.size();
    return a.actor->id < b.actor->id;
  });
  return out;
}

std::vector<Hop> neighborhood(const Graph& g, std::string_view id, size_t depth, std::string_view role) {
  std::vector<Hop> out;
  const Node* start = g.find(id);
  if (start == nullptr || depth == 0) return out;
  std::unordered_set<std::string_view> seen{start->id};
  std::vector<const Node*> frontier{start};
  for (size_t d = 1; d <= depth && !frontier.empty(); ++d) {
    std::vector<const Node*> next;
    for (const Node* u : frontier) {
      auto visit = [&](const Edge* e, std::string_view other) {
        if (d > 1 && !structural(e->kind)) return;
        if (d == 1 && !role.empty() && !same_word(role, to_string(e->kind))) return;
        if (!seen.insert(other).second) return;
        const Node* w = g.find(other);
        if (w == nullptr) return;
        out.push_back({w, d, u, e});
        if (structural(e->kind) && w->kind != NodeKind::Date && w->kind != NodeKind::Document) next.push_back(w);
      };
      for (const Edge* e : g.out_edges(u->id)) visit(e, e->target);
      for (const Edge* e : g.in_edges(u->id)) visit(e, e->source);
    }
    frontier = std::move(next);
  }
  return out;
}

std::vector<PathStep> explain_path(const Graph& g, std::string_view a, std::string_view b) {
  const auto s = g.position(a);
  const auto t = g.position(b);
  if (!s || !t) return {};
  if (*s == *t) return {PathStep{&g.node_at(*s), nullptr, true}};
  // Breadth first over positions (no node is decoded until the path is known).
  constexpr size_t kNone = std::numeric_limits<size_t>::max();
  struct Pred {
    size_t from = kNone;
    size_t edge = kNone;
    bool forward = true;
    bool seen = false;
  };
  std::vector<Graph::Adjacent> links;
  for (int phase = 0; phase < 2; ++phase) {
    std::vector<Pred> pred(g.node_count());
    pred[*s].seen = true;
    std::vector<size_t> frontier{*s}, next;
    bool found = false;
    while (!frontier.empty() && !found) {
      next.clear();
      for (const size_t u : frontier) {
        if (found) break;
        g.links(u, links);
        for (const Graph::Adjacent& l : links) {
          if (phase == 0 && !structural(l.kind)) continue;
          if (pred[l.other].seen) continue;
          pred[l.other] = {u, l.edge, l.forward, true};
          if (l.other == *t) {
            found = true;
            break;
          }
          const NodeKind k = g.kind_at(l.other);
          if (phase == 0 && (k == NodeKind::Date || k == NodeKind::Document)) continue;
          next.push_back(l.other);
        }
      }
      std::swap(frontier, next);
    }
    if (!found) continue;
    std::vector<PathStep> path;
    for (size_t v = *t; v != kNone;) {
      const Pred& p = pred[v];
      path.push_back({&g.node_at(v), p.edge == kNone ? nullptr : &g.edge_at(p.edge), p.forward});
      v = p.from;
    }
    std::reverse(path.begin(), path.end());
    return path;
  }
  return {};
}

std::string path_sentence(const std::vector<PathStep>& path) {
  std::string out;
  for (const PathStep& st : path) {
    if (st.edge != nullptr) {
      const EdgeKind k = st.edge->kind;
      std::string link;
      if (k == EdgeKind::Source) link = st.forward ? "by" : "did";
      else if (k == EdgeKind::Target) link = st.forward ? "target" : "targeted by";
      else if (k == EdgeKind::Location) link = st.forward ? "at" : "scene of";
      else link = std::string(st.forward ? to_string(k) : inverse_name(k));
      out += " \u2014" + link + "\u2192 ";
    }
    out += display_name(*st.node);
  }
  return out;
}

std::vector<Link> related(const Graph& g, std::string_view event_id) {
  std::vector<Link> out;
  const Node* ev = g.find(event_id);
  if (ev == nullptr || ev->kind != NodeKind::Event) return out;
  for (const Edge* e : g.out_edges(event_id))
    if (e->kind == EdgeKind::Causes || e->kind == EdgeKind::Reports || e->kind == EdgeKind::About)
      out.push_back({std::string(to_string(e->kind)), g.find(e->target), e});
  for (const Edge* e : g.in_edges(event_id))
    if (e->kind == EdgeKind::Causes || e->kind == EdgeKind::Reports || e->kind == EdgeKind::About)
      out.push_back({std::string(inverse_name(e->kind)), g.find(e->source), e});
  if (ev->date.size() >= 10 && calendar(ev->date)) {
    std::unordered_set<std::string_view> seen{ev->id};
    for (const Edge* loc : g.out_edges(event_id)) {
      if (loc->kind != EdgeKind::Location) continue;
      for (const Edge* e : g.in_edges(loc->target)) {
        if (e->kind != EdgeKind::Location || !seen.insert(e->source).second) continue;
        const Node* o = g.find(e->source);
        if (o != nullptr && o->date.substr(0, 10) == ev->date.substr(0, 10))
          out.push_back({"same day and place", o, nullptr});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Link& x, const Link& y) {
    return std::tie(x.relation, x.node->id) < std::tie(y.relation, y.node->id);
  });
  return out;
}

Graph induced_subgraph(const Graph& g, const std::vector<std::string>& ids) {
  Graph sub;
  sub.meta = g.meta;
  std::unordered_set<std::string_view> keep;
  for (const auto& id : ids)
    if (const Node* n = g.find(id); n != nullptr && keep.insert(n->id).second) sub.upsert_node(*n);
  for (std::string_view id : keep)
    for (const Edge* e : g.out_edges(id))
      if (keep.contains(e->target)) sub.upsert_edge(*e);
  return sub;
}

}  // namespace eg::graph
