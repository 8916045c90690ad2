#include "graph/builder.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <queue>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/segmenter.hpp"
#include "core/timex_calendar.hpp"

namespace eg::graph {

namespace {

constexpr std::string_view kHex = "0123456789abcdef";

bool is_source_role(std::string_view r) {
  return r == "source" || r == "agent" || r == "speaker" || r == "attacker" || r == "authorizer";
}
bool is_target_role(std::string_view r) {
  return r == "target" || r == "victim" || r == "patient" || r == "recipient" || r == "addressee";
}

/// Event kinds whose `reports` link means "this is a report of that event" rather than a
/// reaction to it (a condemnation is "about" a strike).
bool is_report_kind(std::string_view k) {
  return k == "statement" || k == "report" || k == "say" || k == "claim" || k == "announce" ||
         k == "deny";
}

/// Event kinds of physical acts (violence, arrests, abductions, protests): concrete enough that
/// one of them told in two articles of one story is one happening. Verbal and abstract acts
/// (demands, agreements, support, meetings) recur within a story and are left apart.
bool is_material_kind(std::string_view k) {
  return k == "attack" || k == "strike" || k == "kill" || k == "injure" || k == "fight" ||
         k == "arrest" || k == "abduct" || k == "protest";
}

/// The span's text, clamped to the document so bad offsets never throw.
std::string_view span_text(std::string_view text, Span s) {
  const size_t start = std::min<size_t>(s.start, text.size());
  const size_t end = std::clamp<size_t>(s.end, start, text.size());
  return text.substr(start, end - start);
}

int32_t sentence_of(const Annotations& ann, uint32_t pos) {
  auto it = std::upper_bound(ann.sentences.begin(), ann.sentences.end(), pos,
                             [](uint32_t p, const Sentence& s) { return p < s.span.start; });
  if (it == ann.sentences.begin()) return -1;
  --it;
  return pos < it->span.end ? static_cast<int32_t>(it - ann.sentences.begin()) : -1;
}

Mention make_mention(const Document& doc, int32_t sentence, Span s) {
  return Mention{doc.id, sentence, s.start, s.end, std::string(span_text(doc.text, s))};
}

constexpr size_t kEvidenceBytes = 320;  ///< at most this much sentence around a trigger

/// Moves `i` back to the start of the UTF-8 code point it falls in.
size_t cp_start(std::string_view t, size_t i) {
  while (i > 0 && i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) --i;
  return i;
}

/// Appends `t` with every run of whitespace as one space.
void append_squeezed(std::string& out, std::string_view t) {
  for (char c : t) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
}

/// An event mention whose text is its evidence: the sentence with the trigger in brackets
/// ("US forces [struck] the depot on Sunday."), whitespace squeezed, cut to about
/// kEvidenceBytes around the trigger with "…". Spans stay the trigger's.
Mention evidence_mention(const Document& doc, const Annotations& ann, int32_t sentence, Span s) {
  Mention m = make_mention(doc, sentence, s);
  if (sentence < 0 || static_cast<size_t>(sentence) >= ann.sentences.size()) return m;
  const Span sent = ann.sentences[static_cast<size_t>(sentence)].span;
  if (!sent.contains(s) || sent.end > doc.text.size()) return m;
  const std::string_view text(doc.text);
  size_t from = sent.start;
  size_t to = sent.end;
  const size_t room = kEvidenceBytes > s.size() ? (kEvidenceBytes - s.size()) / 2 : 0;
  if (s.start - from > room) from = cp_start(text, s.start - room);
  if (to - s.end > room) to = cp_start(text, s.end + room);
  std::string out;
  out.reserve(to - from + 8);
  if (from > sent.start) out += "\xE2\x80\xA6";
  append_squeezed(out, text.substr(from, s.start - from));
  out += '[';
  append_squeezed(out, text.substr(s.start, s.size()));
  out += ']';
  append_squeezed(out, text.substr(s.end, to - s.end));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (to < sent.end) out += "\xE2\x80\xA6";
  m.text = std::move(out);
  return m;
}

std::string granularity_name(Granularity g) {
  return g == Granularity::None ? std::string() : std::string(to_string(g));
}

bool has_calendar_date(const Node& n) {
  return !n.date.empty() && n.date.front() >= '0' && n.date.front() <= '9';
}

void join(std::string& out, const std::vector<std::string>& v, std::string_view sep) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += sep;
    out += v[i];
  }
}

std::string fmt_date(CivilDate c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "date:%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}
std::string fmt_month(CivilDate c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "date:%04d-%02d", c.y, c.m);
  return buf;
}

/// Whether two event dates can describe the same happening. Exact dates may differ by one day
/// (time zones, "overnight"); a date known only as "on or before D" (the report date) matches a
/// date up to a week before D; a month or year contains its days.
bool dates_compatible(const Node& a, const Node& b) {
  auto ra = date_value_days(a.date), rb = date_value_days(b.date);
  if (!ra || !rb) return false;
  if (a.date_on_or_before && b.date_on_or_before) return std::abs(ra->first - rb->first) <= 1;
  if (a.date_on_or_before || b.date_on_or_before) {
    const DayRange bound = a.date_on_or_before ? *ra : *rb;
    const DayRange other = a.date_on_or_before ? *rb : *ra;
    return other.first <= bound.last && bound.last - other.last <= 7;
  }
  const bool a_day = ra->first == ra->last, b_day = rb->first == rb->last;
  if (a_day && b_day) return std::abs(ra->first - rb->first) <= 1;
  return ra->first <= rb->last && rb->first <= ra->last;  // containment / overlap
}

/// Per-document state: actor names known to this document, and the graph.
struct DocBuilder {
  Graph& g;
  const Document& doc;
  const Annotations& ann;
  std::unordered_map<std::string_view, const Actor*> actors;
  std::unordered_set<std::string_view> known;  ///< actor ids already upserted for this document
  /// Event kind -> positions of the event nodes reported in the other articles of this
  /// document's story (see story_events()); positions stay valid as the builder never removes.
  std::unordered_map<std::string, std::vector<size_t>> story_kinds;
  bool story_done = false;

  /// Story actors two articles must share to be one story (see story_events()).
  static constexpr size_t kStoryShared = 2;
  /// ... amounting to at least 1/kStoryCover of the actors named by the article naming fewer.
  static constexpr size_t kStoryCover = 4;
  /// An actor with more links than this (mentions by articles, parts in events) is a recurring
  /// figure of the whole batch ("Reagan", "OPEC"), not a marker of one story.
  static constexpr size_t kStoryNameLimit = 256;
  /// Articles with more events than this are not searched (a digest, not a story).
  static constexpr size_t kStoryScanLimit = 2000;
  /// At most this many articles of a story are searched: those sharing the most names.
  static constexpr size_t kStoryMaxDocs = 64;

  std::string actor_name(const std::string& id) const {
    if (auto it = actors.find(id); it != actors.end() && !it->second->name.empty())
      return it->second->name;
    if (const Node* n = g.find(id); n != nullptr && !n->label.empty()) return n->label;
    return id;
  }

  /// Makes sure an actor node exists (relations and args may name actors the document's actor
  /// list lacks).
  void ensure_actor(const std::string& id, std::string_view text) {
    if (!known.insert(id).second || g.find(id) != nullptr) return;
    Node n;
    n.id = id;
    n.kind = NodeKind::Actor;
    n.label = text.empty() ? id : std::string(text);
    g.upsert_node(n);
  }

  std::string event_key(const Event& ev, const std::vector<std::string>& sources,
                        const std::vector<std::string>& targets) const {
    std::string key = ev.kind;
    key += '|';
    if (ev.date.value.empty()) {
      key += "undated";
    } else {
      // An "on or before" date never merges with an exact one (see docs/formats.md).
      if (ev.date.on_or_before) key += "<=";
      key += ev.date.value;
    }
    key += '|';
    join(key, sources, ",");
    key += '|';
    join(key, targets, ",");
    if (sources.empty() && targets.empty()) {
      // Without actors the key says too little to merge across articles: keep the event to its
      // document, and tell events apart by trigger and argument text (a repeated paragraph
      // still merges).
      key += "|doc:";
      key += doc.id;
      key += '|';
      key += fold_key(span_text(doc.text, ev.trigger));
      std::vector<std::string> args;
      for (const auto& a : ev.args) args.push_back(a.role + ":" + fold_key(span_text(doc.text, a.span)));
      std::sort(args.begin(), args.end());
      key += '|';
      join(key, args, ";");
    }
    return key;
  }

  std::string event_label(const Event& ev, const std::vector<std::string>& sources,
                          const std::vector<std::string>& targets) const {
    auto names = [&](const std::vector<std::string>& ids) {
      std::vector<std::string> v;
      v.reserve(ids.size());
      for (const auto& id : ids) v.push_back(actor_name(id));
      std::string s;
      join(s, v, ", ");
      return s;
    };
    std::string label = ev.kind.empty() ? std::string("event") : ev.kind;
    if (!sources.empty() && !targets.empty())
      label += ": " + names(sources) + " \u2192 " + names(targets);
    else if (!sources.empty())
      label += ": " + names(sources);
    else if (!targets.empty())
      label += " \u2192 " + names(targets);
    if (!ev.date.value.empty())
      label += ev.date.on_or_before ? " (on or before " + ev.date.value + ")" : " (" + ev.date.value + ")";
    return label;
  }

  /// Actor ids that take part in something: an event's source/target or a relation.
  std::unordered_set<std::string_view> acting_actors() const {
    std::unordered_set<std::string_view> used;
    for (const Event& ev : ann.events)
      for (const EventArg& a : ev.args)
        if (!a.actor.empty() && (is_source_role(a.role) || is_target_role(a.role)))
          used.insert(a.actor);
    for (const ActorRelation& r : ann.relations) {
      used.insert(r.from);
      used.insert(r.to);
    }
    return used;
  }

  // Actor nodes with their name mentions. A town or region (actor type "location") that only
  // appears as a name is a place, not an actor: it becomes an actor node only when it acts or is
  // acted on ("Baghdad said", a strike on a town named as its target) or is in a relation.
  void add_actors() {
    const auto used = acting_actors();
    std::unordered_set<std::string_view> skipped;
    std::unordered_map<std::string_view, size_t> index;
    std::vector<Node> nodes;
    nodes.reserve(ann.actors.size());
    for (const Actor& a : ann.actors) {
      if (a.id.empty()) continue;
      actors.emplace(a.id, &a);
      if (a.type == ActorType::Location && !used.contains(a.id)) {
        skipped.insert(a.id);
        continue;
      }
      if (!index.emplace(a.id, nodes.size()).second) continue;
      Node n;
      n.id = a.id;
      n.kind = NodeKind::Actor;
      n.label = a.name.empty() ? a.id : a.name;
      n.actor_type = std::string(to_string(a.type));
      n.country = a.country;
      n.cameo = a.cameo;
      n.aliases = a.aliases;
      n.roles = a.roles;
      nodes.push_back(std::move(n));
    }
    for (const EntityMention& e : ann.entities) {
      if (e.actor.empty() || skipped.contains(e.actor)) continue;
      auto [it, fresh] = index.try_emplace(e.actor, nodes.size());
      if (fresh) {
        Node n;
        n.id = e.actor;
        n.kind = NodeKind::Actor;
        n.label = std::string(span_text(doc.text, e.span));
        nodes.push_back(std::move(n));
      }
      nodes[it->second].mentions.push_back(make_mention(doc, e.sentence, e.span));
    }
    const std::string doc_id = "doc:" + doc.id;
    for (const auto& [id, i] : index) known.insert(id);
    for (const Node& n : nodes) {
      g.upsert_node(n);
      Edge e;
      e.source = doc_id;
      e.target = n.id;
      e.kind = EdgeKind::Mentions;
      g.upsert_edge(e);
    }
  }

  // Gazetteer places with coordinates and their hierarchy (located_in edges up to the country).
  void add_places() {
    std::unordered_map<std::string_view, size_t> index;
    std::vector<Node> nodes;
    nodes.reserve(ann.places.size());
    for (const Place& p : ann.places) {
      if (!p.id.starts_with("place:") || !index.emplace(p.id, nodes.size()).second) continue;
      Node n;
      n.id = p.id;
      n.kind = NodeKind::Place;
      n.label = p.name.empty() ? p.id : p.name;
      n.feature = p.feature;
      n.country = p.country;
      n.admin1 = p.admin1;
      n.precision = p.precision;
      if (p.has_coords) {
        n.lat = p.lat;
        n.lon = p.lon;
      }
      n.aliases = p.candidates;  // other readings of an ambiguous name
      nodes.push_back(std::move(n));
    }
    for (const PlaceMention& m : ann.place_mentions)
      if (auto it = index.find(m.place); it != index.end())
        nodes[it->second].mentions.push_back(make_mention(doc, m.sentence, m.span));
    for (const Node& n : nodes) g.upsert_node(n);
    for (const Place& p : ann.places) {
      if (p.parent.empty() || p.parent == p.id || !index.contains(p.parent)) continue;
      Edge e;
      e.source = p.id;
      e.target = p.parent;
      e.kind = EdgeKind::LocatedIn;
      g.upsert_edge(e);
    }
  }

  void add_relations() {
    for (const ActorRelation& r : ann.relations) {
      const auto kind = edge_kind_from(r.kind);
      if (!kind || r.from.empty() || r.to.empty() || r.from == r.to) continue;
      if (*kind != EdgeKind::MemberOf && *kind != EdgeKind::SpokespersonFor &&
          *kind != EdgeKind::BackedBy && *kind != EdgeKind::LeaderOf)
        continue;
      ensure_actor(r.from, actor_name(r.from));
      ensure_actor(r.to, actor_name(r.to));
      Edge e;
      e.source = r.from;
      e.target = r.to;
      e.kind = *kind;
      e.mentions.push_back(make_mention(doc, r.sentence, r.span));
      g.upsert_edge(e);
    }
  }

  /// Two actors can be the same party to an event: the same id, or a country and an actor of
  /// that country ("United States" and "US military").
  bool actors_compatible(const std::string& a, const std::string& b) const {
    if (a == b) return true;
    const Node* x = g.find(a);
    const Node* y = g.find(b);
    if (x == nullptr || y == nullptr || x->country.empty() || x->country != y->country) return false;
    return x->actor_type == "country" || y->actor_type == "country";
  }

  /// Every actor of `mine` has a compatible actor in `theirs` (or one side names none). Counts
  /// the compatible pairs into `shared`.
  bool sides_compatible(const std::vector<std::string>& mine, const std::vector<std::string>& theirs,
                        size_t& shared) const {
    if (mine.empty() || theirs.empty()) return true;
    for (const auto& a : mine) {
      bool found = false;
      for (const auto& b : theirs) found = found || actors_compatible(a, b);
      if (!found) return false;
      ++shared;
    }
    return true;
  }

  bool place_within(const std::string& inner, const std::string& outer) const {
    std::string cur = inner;
    for (int depth = 0; depth < 6; ++depth) {
      if (cur == outer) return true;
      std::string up;
      for (const Edge* e : g.out_edges(cur))
        if (e->kind == EdgeKind::LocatedIn) up = e->target;
      if (up.empty()) return false;
      cur = std::move(up);
    }
    return false;
  }

  /// Cross-article event coreference: an existing event node from another document with the
  /// same kind, compatible dates, compatible source and target actors (at least one shared) and
  /// compatible places (same, or one inside the other). Returns its id, or "" for none. The best
  /// candidate shares the most actors; ties go to the smallest id, so the choice is deterministic.
  std::string cross_document_match(const Node& n, const std::vector<std::string>& sources,
                                   const std::vector<std::string>& targets,
                                   const std::vector<std::string>& places) const {
    if ((sources.empty() && targets.empty()) || !has_calendar_date(n)) return {};
    std::string best;
    size_t best_shared = 0;
    // Candidates by position: each is weighed once, whatever order the scans meet them in (the
    // tie-break on id keeps the choice independent of that order).
    std::vector<size_t> cand;
    auto consider = [&](size_t pos) {
      if (g.kind_at(pos) != NodeKind::Event || g.field_at(pos, Graph::Field::EventKind) != n.event_kind)
        return;
      const Node* c = &g.node_at(pos);
      const std::string& id = c->id;
      if (std::all_of(c->mentions.begin(), c->mentions.end(),
                      [&](const Mention& m) { return m.doc == doc.id; }))
        return;  // within one article, coreference is the extractor's call
      if (!dates_compatible(n, *c)) return;
      // A bare "said" known only as "on or before the report" is no identifiable act: someone's
      // statements in two articles of the same week are not one statement.
      if (n.event_kind == "statement" && (n.date_on_or_before || c->date_on_or_before)) return;
      std::vector<std::string> cs, ct, cp;
      for (const Edge* e : g.out_edges(id)) {
        if (e->kind == EdgeKind::Source) cs.push_back(e->target);
        else if (e->kind == EdgeKind::Target) ct.push_back(e->target);
        else if (e->kind == EdgeKind::Location) cp.push_back(e->target);
      }
      size_t shared_sources = 0, shared_targets = 0;
      if (!sides_compatible(sources, cs, shared_sources) ||
          !sides_compatible(targets, ct, shared_targets) || shared_sources + shared_targets == 0)
        return;
      // A month or a year says little about when: then the doer must be known on both sides.
      const auto rn = date_value_days(n.date), rc = date_value_days(c->date);
      const bool coarse = rn->first != rn->last || rc->first != rc->last;
      if (coarse && shared_sources == 0) return;
      const size_t shared = shared_sources + shared_targets;
      if (!places.empty() && !cp.empty()) {
        bool ok = false;
        for (const auto& p : places)
          for (const auto& q : cp) ok = ok || place_within(p, q) || place_within(q, p);
        if (!ok) return;
      }
      if (shared > best_shared || (shared == best_shared && id < best)) {
        best = id;
        best_shared = shared;
      }
    };
    // Candidates: the events of the same actors, and the events on nearby dates (for parties
    // named differently, "US forces" / "the United States"). Hub nodes (a country in every story,
    // a busy day) are not scanned beyond kScanLimit edges, which keeps a build linear.
    constexpr size_t kScanLimit = 2000;
    auto scan = [&](const std::string& node, EdgeKind k1, EdgeKind k2) {
      if (g.in_degree(node) > kScanLimit) return;
      g.in_sources(node, k1, k2, cand);
    };
    for (const auto* side : {&sources, &targets})
      for (const auto& actor : *side) scan(actor, EdgeKind::Source, EdgeKind::Target);
    if (auto r = date_value_days(n.date)) {
      // A candidate "on or before D" may be reported up to a week after the event.
      const int64_t lo = r->first - (n.date_on_or_before ? 7 : 1);
      const int64_t hi = r->last + 7;
      if (hi - lo <= 40) {
        for (int64_t d = lo; d <= hi; ++d)
          scan(fmt_date(civil_from_days(d)), EdgeKind::OnDate, EdgeKind::OnDate);
        scan(fmt_month(civil_from_days(r->first)), EdgeKind::OnDate, EdgeKind::OnDate);
      }
    }
    std::sort(cand.begin(), cand.end());
    cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
    for (size_t pos : cand) consider(pos);
    return best;
  }

  /// Whether an actor names one story's party: a person, an organization or a group (countries
  /// and towns appear in every story of a region and tell stories apart poorly).
  static bool story_actor(std::string_view type) {
    return type == "person" || type == "organization" || type == "group";
  }

  /// The number of actors an article names (its `mentions` edges).
  size_t cast_size(std::string_view doc_node) const {
    size_t n = 0;
    for (const Edge* e : g.out_edges(doc_node)) n += e->kind == EdgeKind::Mentions ? 1 : 0;
    return n;
  }

  /// The other articles of this document's story: those whose `mentions` edges reach at least
  /// kStoryShared of the story actors this document names, amounting to at least a 1/kStoryCover
  /// part of the actors named by whichever of the two names fewer (at most kStoryMaxDocs, most
  /// shared names first, then earliest). Their event nodes by kind, computed once per document.
  const std::unordered_map<std::string, std::vector<size_t>>& story_events() {
    if (story_done) return story_kinds;
    story_done = true;
    std::vector<std::string_view> names;
    for (const Actor& a : ann.actors)
      if (!a.id.empty() && story_actor(to_string(a.type))) names.push_back(a.id);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    const std::string self_id = "doc:" + doc.id;
    const auto self = g.position(self_id);
    const size_t mine = cast_size(self_id);
    std::vector<size_t> hits, docs;
    for (const std::string_view name : names) {
      if (g.in_degree(name) > kStoryNameLimit) continue;  // a hub says nothing about the story
      docs.clear();
      g.in_sources(name, EdgeKind::Mentions, EdgeKind::Mentions, docs);
      std::sort(docs.begin(), docs.end());
      docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
      hits.insert(hits.end(), docs.begin(), docs.end());
    }
    std::sort(hits.begin(), hits.end());
    std::vector<std::pair<size_t, size_t>> story;  // (shared names, document position)
    for (size_t i = 0; i < hits.size();) {
      size_t j = i;
      while (j < hits.size() && hits[j] == hits[i]) ++j;
      const size_t shared = j - i;
      if (shared >= kStoryShared && (!self || hits[i] != *self) &&
          g.kind_at(hits[i]) == NodeKind::Document) {
        // the shared names must be a good part of the shorter cast: two long stories that both
        // name a president and the UN are not one story (casts counted over all named actors,
        // read from the `mentions` edges without decoding any actor)
        const size_t theirs = cast_size(g.id_at(hits[i]));
        if (shared * kStoryCover >= std::min(theirs, mine)) story.emplace_back(shared, hits[i]);
      }
      i = j;
    }
    std::sort(story.begin(), story.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    if (story.size() > kStoryMaxDocs) story.resize(kStoryMaxDocs);
    std::vector<size_t> events;
    for (const auto& [shared, d] : story) {
      const std::string_view id = g.id_at(d);
      if (g.in_degree(id) <= kStoryScanLimit)
        g.in_sources(id, EdgeKind::ReportedIn, EdgeKind::ReportedIn, events);
    }
    std::sort(events.begin(), events.end());
    events.erase(std::unique(events.begin(), events.end()), events.end());
    for (const size_t pos : events)
      if (g.kind_at(pos) == NodeKind::Event)
        story_kinds[std::string(g.field_at(pos, Graph::Field::EventKind))].push_back(pos);
    return story_kinds;
  }

  /// A gazetteer town or first-level region (the finer place of two nested ones).
  bool is_town(const std::string& place) const {
    const Node* p = g.find(place);
    return p != nullptr && (p->feature == "city" || p->feature == "admin1");
  }

  /// Whether a story actor (a person, organization or group) is a source or target of both.
  bool shares_named_party(const std::vector<std::string>& s1, const std::vector<std::string>& t1,
                          const std::vector<std::string>& s2,
                          const std::vector<std::string>& t2) const {
    for (const auto* mine : {&s1, &t1})
      for (const auto& a : *mine) {
        const bool both = std::find(s2.begin(), s2.end(), a) != s2.end() ||
                          std::find(t2.begin(), t2.end(), a) != t2.end();
        if (!both) continue;
        // the type from this article's own actor list: no graph node is decoded
        if (const auto it = actors.find(a);
            it != actors.end() && story_actor(to_string(it->second->type)))
          return true;
      }
    return false;
  }

  /// An event told as having happened (asserted or reported), not denied, negated or
  /// hypothetical: a planned or denied act is too vague to tie two stories' events together.
  static bool happened(std::string_view modality) {
    return modality == "asserted" || modality == "reported";
  }

  /// Story-level coreference, for events cross_document_match cannot place (no calendar date,
  /// or no actor shared): an event node reported in another article of the same story (see
  /// story_events) with the same kind, a physical one (is_material_kind), both told as having
  /// happened (asserted or reported), compatible source and target actors and compatible
  /// places, and dates that agree: both stated days (not "on or before", not a month or year)
  /// at most one day apart, where no shared actor is needed; or both undated, where a person or
  /// organization must be a party to both or the place the same town or region. Best
  /// candidate: most shared actors, then the smallest id. "" for none.
  std::string story_match(const Node& n, const std::vector<std::string>& sources,
                          const std::vector<std::string>& targets,
                          const std::vector<std::string>& places) {
    if (!is_material_kind(n.event_kind)) return {};
    const bool dated = has_calendar_date(n);
    if (!dated && !n.date.empty()) return {};  // a date value we cannot place ("PRESENT_REF")
    if (!happened(n.modality)) return {};
    // dated, only a day stated in the report: "on or before" it, a month or a year is too loose
    // a link without shared actors
    std::optional<DayRange> day;
    if (dated) {
      day = date_value_days(n.date);
      if (n.date_on_or_before || !day || day->first != day->last) return {};
    }
    const auto& kinds = story_events();
    const auto found = kinds.find(n.event_kind);
    if (found == kinds.end()) return {};
    std::string best;
    size_t best_shared = 0;
    std::vector<std::string> cs, ct, cp;
    for (const size_t pos : found->second) {
      // tests on fields read without decoding the node (a big merged node is costly to decode);
      // every candidate is reported in another article of the story, never this article's own
      const std::string_view cdate = g.field_at(pos, Graph::Field::Date);
      if (dated) {
        const auto other = cdate.empty() || cdate.front() < '0' || cdate.front() > '9'
                               ? std::nullopt
                               : date_value_days(cdate);
        if (!other || other->first != other->last || std::abs(other->first - day->first) > 1)
          continue;
      } else if (!cdate.empty()) {
        continue;
      }
      if (!happened(g.field_at(pos, Graph::Field::Modality))) continue;
      if (dated && g.node_at(pos).date_on_or_before) continue;
      const std::string_view id = g.id_at(pos);
      cs.clear();
      ct.clear();
      cp.clear();
      for (const Edge* e : g.out_edges(id)) {
        if (e->kind == EdgeKind::Source)
          cs.push_back(e->target);
        else if (e->kind == EdgeKind::Target)
          ct.push_back(e->target);
        else if (e->kind == EdgeKind::Location)
          cp.push_back(e->target);
      }
      size_t shared = 0;
      if (!sides_compatible(sources, cs, shared) || !sides_compatible(targets, ct, shared))
        continue;
      bool same_place = false, same_town = false;
      if (!places.empty() && !cp.empty()) {
        for (const auto& p : places)
          for (const auto& q : cp) {
            const bool in = place_within(p, q), out = !in && place_within(q, p);
            same_place = same_place || in || out;
            if (in || out) same_town = same_town || is_town(in ? p : q);
          }
        if (!same_place) continue;
      }
      // without a date, something besides the story must tie the two: a named person or
      // organization acting or acted on in both, or the same town or region (a country, a sea,
      // a gulf is the scene of many acts of one story)
      if (!dated && !same_town && !shares_named_party(sources, targets, cs, ct)) continue;
      if (best.empty() || shared > best_shared || (shared == best_shared && id < best)) {
        best = std::string(id);
        best_shared = shared;
      }
    }
    return best;
  }

  /// The folded text of an event's sentence ("" when unknown): tells a repeated paragraph (same
  /// text: the same event) from another act with the same key in the same article.
  std::string sentence_key(const Event& ev) const {
    if (ev.sentence < 0 || static_cast<size_t>(ev.sentence) >= ann.sentences.size()) return {};
    return fold_key(span_text(doc.text, ann.sentences[static_cast<size_t>(ev.sentence)].span));
  }

  void add_events() {
    const std::string doc_id = "doc:" + doc.id;
    std::vector<std::string> ids(ann.events.size());
    std::vector<std::string> sources, targets;
    // key -> sentence text of the first event of this article with that key. Within one article
    // the extractor decides coreference: two of its events with the same kind, date and actors
    // in different sentences ("called for restraint", later "urged all sides") stay two nodes;
    // the same sentence again (a repeated paragraph) is the same event.
    std::unordered_map<std::string, std::string> key_sentence;
    // "kind|sources|event reacted to" -> the node of the first such reaction in this article:
    // "The government Monday condemned US strikes ..." and later "In a statement, the government
    // condemned the strikes" are one condemnation (same doer, same strikes, dates that agree).
    std::unordered_map<std::string, Node> reactions;
    for (size_t i = 0; i < ann.events.size(); ++i) {
      const Event& ev = ann.events[i];
      sources.clear();
      targets.clear();
      for (const EventArg& a : ev.args) {
        if (a.actor.empty()) continue;
        if (is_source_role(a.role)) sources.push_back(a.actor);
        else if (is_target_role(a.role)) targets.push_back(a.actor);
      }
      std::sort(sources.begin(), sources.end());
      sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
      std::sort(targets.begin(), targets.end());
      targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
      // no actor is the target of its own act ("Rubio told ... he": a pronoun slip)
      std::erase_if(targets, [&](const std::string& t) {
        return std::binary_search(sources.begin(), sources.end(), t);
      });

      Node n;
      std::string key = event_key(ev, sources, targets);
      std::string sent = sentence_key(ev);
      if (auto [it, fresh] = key_sentence.try_emplace(key, sent); !fresh && it->second != sent) {
        key += "|doc:";
        key += doc.id;
        key += '|';
        key += sent;
      }
      n.id = event_id(key);
      n.kind = NodeKind::Event;
      n.label = event_label(ev, sources, targets);
      n.event_kind = ev.kind;
      n.plover = ev.plover;
      n.cameo = ev.cameo;
      n.date = ev.date.value;
      if (!n.date.empty()) {
        n.date_end = ev.date.end;
        n.granularity = granularity_name(ev.date.granularity);
        n.date_on_or_before = ev.date.on_or_before;
      }
      n.modality = std::string(to_string(ev.modality));
      if (!sources.empty() && ev.reports >= 0 && !is_report_kind(ev.kind) && !n.date.empty()) {
        std::string rk = ev.kind;
        rk += '|';
        join(rk, sources, ",");
        rk += '|';
        rk += std::to_string(ev.reports);
        if (auto [it, fresh] = reactions.try_emplace(std::move(rk), n); !fresh) {
          const Node& first = it->second;
          // two exact dates must be the same day (a condemnation renewed the next day is another)
          const bool both_exact = !first.date_on_or_before && !n.date_on_or_before;
          if (dates_compatible(n, first) && (!both_exact || first.date == n.date)) n.id = first.id;
        }
      }
      if (g.find(n.id) == nullptr) {
        std::vector<std::string> places;
        for (const EventArg& a : ev.args)
          if (a.role == "location" && a.value.starts_with("place:")) places.push_back(a.value);
        if (std::string same = cross_document_match(n, sources, targets, places); !same.empty())
          n.id = std::move(same);
        else if (std::string story = story_match(n, sources, targets, places); !story.empty())
          n.id = std::move(story);
      }
      ids[i] = n.id;
      const Mention trigger = make_mention(doc, ev.sentence, ev.trigger);
      n.mentions.push_back(evidence_mention(doc, ann, ev.sentence, ev.trigger));
      for (const Span& s : ev.coref)
        n.mentions.push_back(evidence_mention(doc, ann, sentence_of(ann, s.start), s));
      g.upsert_node(n);

      Edge rep;
      rep.source = n.id;
      rep.target = doc_id;
      rep.kind = EdgeKind::ReportedIn;
      rep.mentions.push_back(trigger);
      g.upsert_edge(rep);

      for (const EventArg& a : ev.args) {
        const bool src = is_source_role(a.role);
        Edge e;
        e.source = n.id;
        if (!a.actor.empty() && !src && is_target_role(a.role) &&
            std::binary_search(sources.begin(), sources.end(), a.actor))
          continue;  // see above: not a target of its own act
        if (!a.actor.empty() && (src || is_target_role(a.role))) {
          ensure_actor(a.actor, span_text(doc.text, a.span));
          e.target = a.actor;
          e.kind = src ? EdgeKind::Source : EdgeKind::Target;
        } else if (a.role == "location") {
          const std::string_view text = span_text(doc.text, a.span);
          std::string place = a.value.starts_with("place:") ? a.value : "place:" + slugify(text);
          if (place.size() <= 6) continue;
          Node p;
          p.id = place;
          p.kind = NodeKind::Place;
          p.label = std::string(text);
          p.mentions.push_back(make_mention(doc, ev.sentence, a.span));
          g.upsert_node(p);
          e.target = std::move(place);
          e.kind = EdgeKind::Location;
        } else {
          continue;
        }
        e.mentions.push_back(make_mention(doc, ev.sentence, a.span));
        g.upsert_edge(e);
      }

      if (!ev.date.value.empty()) {
        Node d;
        d.id = "date:" + ev.date.value;
        d.kind = NodeKind::Date;
        d.label = ev.date.value;
        d.date = ev.date.value;
        d.granularity = granularity_name(ev.date.granularity);
        g.upsert_node(d);
        Edge e;
        e.source = n.id;
        e.target = d.id;
        e.kind = EdgeKind::OnDate;
        if (ev.date.on_or_before) e.value = "on_or_before";
        if (ev.date.timex >= 0 && static_cast<size_t>(ev.date.timex) < ann.timexes.size()) {
          const Timex& t = ann.timexes[static_cast<size_t>(ev.date.timex)];
          e.mentions.push_back(make_mention(doc, t.sentence, t.span));
        }
        g.upsert_edge(e);
      }
    }
    for (size_t i = 0; i < ann.events.size(); ++i) {
      const Event& ev = ann.events[i];
      if (ev.reports < 0 || static_cast<size_t>(ev.reports) >= ann.events.size()) continue;
      const std::string& to = ids[static_cast<size_t>(ev.reports)];
      if (to == ids[i]) continue;
      Edge e;
      e.source = ids[i];
      e.target = to;
      e.kind = is_report_kind(ev.kind) ? EdgeKind::Reports : EdgeKind::About;
      e.mentions.push_back(make_mention(doc, ev.sentence, ev.trigger));
      g.upsert_edge(e);
    }
    // Explicit order cues ("vowed revenge after the strikes"): a `precedes` edge valued "cue"
    // from the earlier event to the later one, kept by link_timeline.
    for (size_t i = 0; i < ann.events.size(); ++i) {
      const Event& ev = ann.events[i];
      for (const int32_t k : ev.after) {
        if (k < 0 || static_cast<size_t>(k) >= ann.events.size()) continue;
        const std::string& from = ids[static_cast<size_t>(k)];
        if (from == ids[i]) continue;
        Edge e;
        e.source = from;
        e.target = ids[i];
        e.kind = EdgeKind::Precedes;
        e.value = std::string(kCuePrecedes);
        e.mentions.push_back(make_mention(doc, ev.sentence, ev.trigger));
        g.upsert_edge(e);
      }
    }
  }
};

}  // namespace

std::string event_id(std::string_view canonical_key) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : canonical_key) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  std::string id = "event:";
  for (int shift = 60; shift >= 0; shift -= 4) id += kHex[(h >> shift) & 0xF];
  return id;
}

std::string slugify(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool dash = false;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (c >= 'A' && c <= 'Z') {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(c - 'A' + 'a');
    } else if (keep) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += ch;
    } else if (c != '\'') {
      dash = true;
    }
  }
  return out;
}

void add_document(Graph& g, const Document& doc, const Annotations& ann) {
  Node d;
  d.id = "doc:" + doc.id;
  d.kind = NodeKind::Document;
  d.label = doc.title.empty() ? doc.id : doc.title;
  d.url = doc.url;
  d.title = doc.title;
  d.doc_date = doc.date;
  g.upsert_node(d);

  DocBuilder b{g, doc, ann, {}, {}, {}, false};
  b.add_actors();
  b.add_places();
  b.add_relations();
  b.add_events();
}

std::vector<const Node*> timeline_order(const Graph& g) {
  return order_timeline(g, g.nodes(NodeKind::Event));
}

std::vector<const Node*> order_timeline(const Graph& g, const std::vector<const Node*>& events) {
  struct Row {
    const Node* n;
    bool undated;
    std::string_view date, doc_date, doc;
    int32_t sentence;
    uint32_t start;
  };
  std::vector<Row> rows;
  rows.reserve(events.size());
  std::unordered_map<std::string_view, std::string_view> doc_dates;
  std::string key;
  for (const Node* n : events) {
    if (n == nullptr || n->kind != NodeKind::Event) continue;
    Row r{n, !has_calendar_date(*n), n->date, {}, {}, -1, 0};
    if (!n->mentions.empty()) {
      const Mention& m = n->mentions.front();
      r.doc = m.doc;
      r.sentence = m.sentence;
      r.start = m.start;
      auto [it, fresh] = doc_dates.try_emplace(m.doc);
      if (fresh) {
        key.assign("doc:").append(m.doc);
        if (const Node* d = g.find(key)) it->second = d->doc_date;
      }
      r.doc_date = it->second;
    }
    rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.undated, a.date, a.doc_date, a.doc, a.sentence, a.start, a.n->id) <
           std::tie(b.undated, b.date, b.doc_date, b.doc, b.sentence, b.start, b.n->id);
  });
  std::vector<const Node*> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.n);
  order_by_cues(g, out);
  return out;
}

namespace {
void order_positions_by_cues(const Graph& g, std::vector<size_t>& events);
}  // namespace

void order_by_cues(const Graph& g, std::vector<const Node*>& events) {
  // The same ordering as for positions; events not stored in `g` cannot carry cues.
  std::vector<size_t> pos;
  pos.reserve(events.size());
  for (const Node* n : events) {
    auto p = g.position(*n);
    if (!p) p = g.position(n->id);
    if (!p) return;
    pos.push_back(*p);
  }
  order_positions_by_cues(g, pos);
  for (size_t k = 0; k < pos.size(); ++k) events[k] = &g.node_at(pos[k]);
}

namespace {

/// Hash for looking up std::string keys by std::string_view without building a string.
struct ViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

/// order_by_cues over node positions: within each run of equal calendar dates, a stable
/// topological order over the kCuePrecedes edges (edge values read into a scratch edge).
void order_positions_by_cues(const Graph& g, std::vector<size_t>& events) {
  std::vector<Graph::Adjacent> links;
  std::vector<size_t> run;
  Edge scratch;
  const auto date_of = [&](size_t pos) { return g.field_at(pos, Graph::Field::Date); };
  for (size_t i = 0; i < events.size();) {
    size_t j = i + 1;
    const std::string_view date = date_of(events[i]);
    while (j < events.size() && date_of(events[j]) == date) ++j;
    if (j - i < 2 || date.empty() || date.front() < '0' || date.front() > '9') {
      i = j;
      continue;
    }
    std::unordered_map<size_t, size_t> at;  // node position -> index in the run
    for (size_t k = i; k < j; ++k) at.emplace(events[k], k - i);
    std::vector<std::vector<size_t>> next(j - i);
    std::vector<size_t> indegree(j - i, 0);
    bool any = false;
    for (const auto& [p, k] : at) {
      g.links(p, links);
      for (const Graph::Adjacent& l : links) {
        if (!l.forward || l.kind != EdgeKind::Precedes) continue;
        const auto it = at.find(l.other);
        if (it == at.end() || it->second == k || g.edge_view(l.edge, scratch).value != kCuePrecedes) continue;
        next[k].push_back(it->second);
        ++indegree[it->second];
        any = true;
      }
    }
    if (any) {
      run.assign(events.begin() + static_cast<std::ptrdiff_t>(i), events.begin() + static_cast<std::ptrdiff_t>(j));
      std::vector<bool> done(j - i, false);
      std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
      for (size_t c = 0; c < j - i; ++c)
        if (indegree[c] == 0) ready.push(c);
      size_t w = i;
      while (!ready.empty()) {
        const size_t pick = ready.top();
        ready.pop();
        done[pick] = true;
        events[w++] = run[pick];
        for (size_t t : next[pick])
          if (--indegree[t] == 0) ready.push(t);
      }
      for (size_t c = 0; c < j - i; ++c)  // a cycle of cues: the rest in date/document order
        if (!done[c]) events[w++] = run[c];
    }
    i = j;
  }
}

}  // namespace

std::vector<size_t> timeline_positions(const Graph& g) {
  std::vector<size_t> events;
  for (size_t pos = 0; pos < g.node_count(); ++pos)
    if (g.kind_at(pos) == NodeKind::Event) events.push_back(pos);
  return order_timeline_positions(g, std::move(events));
}

std::vector<size_t> order_timeline_positions(const Graph& g, std::vector<size_t> events) {
  struct Row {
    size_t pos;
    bool undated;
    std::string_view date, doc_date, doc, id;
    int32_t sentence;
    uint32_t start;
  };
  std::vector<Row> rows;
  rows.reserve(events.size());
  // Document name -> its publication date; keys and values stay put, rows view them.
  std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>> doc_dates;
  std::string key;
  Node scratch, doc_scratch;
  for (const size_t pos : events) {
    if (pos >= g.node_count() || g.kind_at(pos) != NodeKind::Event) continue;
    const std::string_view date = g.field_at(pos, Graph::Field::Date);
    Row r{pos, date.empty() || date.front() < '0' || date.front() > '9', date, {}, {}, g.id_at(pos), -1, 0};
    if (g.mention_count_at(pos) > 0) {
      const Mention& m = g.node_view(pos, scratch).mentions.front();
      auto it = doc_dates.find(std::string_view(m.doc));
      if (it == doc_dates.end()) {
        it = doc_dates.emplace(m.doc, std::string()).first;
        key.assign("doc:").append(m.doc);
        if (const auto d = g.position(key)) it->second = g.node_view(*d, doc_scratch).doc_date;
      }
      r.doc = it->first;
      r.doc_date = it->second;
      r.sentence = m.sentence;
      r.start = m.start;
    }
    rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.undated, a.date, a.doc_date, a.doc, a.sentence, a.start, a.id) <
           std::tie(b.undated, b.date, b.doc_date, b.doc, b.sentence, b.start, b.id);
  });
  events.clear();
  for (const Row& r : rows) events.push_back(r.pos);
  order_positions_by_cues(g, events);
  return events;
}

void link_timeline(Graph& g) {
  // Cue edges are facts read in the text: kept. Date edges are recomputed.
  std::vector<Edge> cues;
  for (const Edge* e : g.edges())
    if (e->kind == EdgeKind::Precedes && e->value == kCuePrecedes) cues.push_back(*e);
  g.remove_edges(EdgeKind::Precedes);
  for (Edge& e : cues) g.upsert_edge(e);
  const auto order = timeline_order(g);
  std::vector<std::pair<std::string, std::string>> links;
  for (size_t i = 0; i + 1 < order.size(); ++i) {
    const Node& a = *order[i];
    const Node& b = *order[i + 1];
    if (!has_calendar_date(a) || !has_calendar_date(b)) break;
    if (a.date != b.date) links.emplace_back(a.id, b.id);
  }
  for (auto& [from, to] : links) {
    Edge e;
    e.source = std::move(from);
    e.target = std::move(to);
    e.kind = EdgeKind::Precedes;
    g.upsert_edge(e);
  }
}

}  // namespace eg::graph
