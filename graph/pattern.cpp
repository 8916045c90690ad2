#include "graph/pattern.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "core/error.hpp"
#include "graph/builder.hpp"
#include "graph/query.hpp"

namespace eg::graph {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

class Parser {
 public:
  explicit Parser(std::string_view t) : t_(t) {}

  Pattern parse() {
    Pattern p;
    do {
      chain(p);
      ws();
    } while (eat(','));
    ws();
    if (keyword("where")) {
      do cond(p);
      while (keyword("and"));
    }
    ws();
    if (i_ < t_.size()) fail("unexpected text");
    if (p.triples.empty()) fail("a pattern needs at least one edge, like (?a)-[condemn]->(?b)");
    return p;
  }

 private:
  [[noreturn]] void fail(std::string_view what) const {
    throw InputError(fmt::format("match: {} at column {} of '{}'", what, i_ + 1, t_));
  }
  void ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n')) ++i_;
  }
  bool eat(char c) {
    ws();
    if (i_ < t_.size() && t_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(fmt::format("expected '{}'", c));
  }
  bool keyword(std::string_view k) {
    ws();
    if (t_.size() - i_ < k.size() || lower(t_.substr(i_, k.size())) != k) return false;
    if (i_ + k.size() < t_.size() && ident_char(t_[i_ + k.size()])) return false;
    i_ += k.size();
    return true;
  }
  std::string ident() {
    ws();
    const size_t b = i_;
    while (i_ < t_.size() && ident_char(t_[i_])) ++i_;
    return std::string(t_.substr(b, i_ - b));
  }
  bool at_quote() {
    ws();
    return i_ < t_.size() && (t_[i_] == '"' || t_.substr(i_).starts_with("\u201C"));
  }
  std::string quoted() {
    ws();
    std::string_view close = "\"";
    if (t_.substr(i_).starts_with("\u201C")) {
      i_ += 3;
      close = "\u201D";
    } else {
      ++i_;
    }
    const size_t e = t_.find(close, i_);
    if (e == std::string_view::npos) fail("unterminated quoted name");
    std::string s(t_.substr(i_, e - i_));
    i_ = e + close.size();
    return s;
  }

  size_t node(Pattern& p) {
    expect('(');
    Pattern::NodeTerm n;
    ws();
    if (eat('?')) {
      n.var = ident();
      if (n.var.empty()) fail("expected a variable name after '?'");
    } else if (!at_quote() && i_ < t_.size() && t_[i_] != ':' && t_[i_] != ')') {
      n.var = ident();
      if (n.var.empty()) fail("expected a variable, ':type' or a quoted name");
    }
    if (eat(':')) {
      n.type = lower(ident());
      if (n.type.empty()) fail("expected a type after ':'");
    }
    if (at_quote()) n.name = quoted();
    expect(')');
    p.nodes.push_back(std::move(n));
    return p.nodes.size() - 1;
  }

  size_t edge(Pattern& p) {
    Pattern::EdgeTerm e;
    ws();
    if (!(eat('-') && eat('['))) fail("expected -[ after a node");
    ws();
    const size_t save = i_;
    if (eat('?')) {
      e.var = ident();
      if (!eat(':')) {
        ws();
        if (i_ < t_.size() && t_[i_] != ']') fail("expected ':' after the edge variable");
      }
    } else {
      std::string id = ident();
      if (!id.empty() && eat(':')) {
        e.var = std::move(id);
      } else {
        i_ = save;
      }
    }
    ws();
    if (!eat(']')) {
      do {
        ws();
        if (eat('*')) continue;
        std::string l = ident();
        if (l.empty()) fail("expected an event kind or PLOVER category");
        e.labels.push_back(std::move(l));
      } while (eat('|'));
      expect(']');
    }
    if (!(eat('-') && eat('>'))) fail("expected ]-> (edges point from source to target)");
    p.edges.push_back(std::move(e));
    return p.edges.size() - 1;
  }

  void chain(Pattern& p) {
    size_t left = node(p);
    ws();
    while (i_ < t_.size() && t_[i_] == '-') {
      const size_t e = edge(p);
      const size_t right = node(p);
      p.triples.push_back({left, e, right});
      left = right;
      ws();
    }
  }

  void cond(Pattern& p) {
    Pattern::Cond c;
    c.field = lower(ident());
    if (c.field != "date" && c.field != "mentions" && c.field != "modality" && c.field != "kind")
      fail("expected date, mentions, modality or kind after where/and");
    ws();
    for (std::string_view op : {"<=", ">=", "!=", "=", "<", ">"}) {
      if (t_.substr(i_).starts_with(op)) {
        c.op = std::string(op);
        i_ += op.size();
        break;
      }
    }
    if (c.op.empty()) fail("expected a comparison (= != < <= > >=)");
    ws();
    if (at_quote()) {
      c.value = quoted();
    } else {
      const size_t b = i_;
      while (i_ < t_.size() && t_[i_] != ' ' && t_[i_] != ',') ++i_;
      c.value = std::string(t_.substr(b, i_ - b));
    }
    if (c.value.empty()) fail("expected a value");
    if (c.field == "mentions") {
      size_t n = 0;
      auto [ptr, ec] = std::from_chars(c.value.data(), c.value.data() + c.value.size(), n);
      if (ec != std::errc() || ptr != c.value.data() + c.value.size()) fail("mentions needs a number");
    }
    p.where.push_back(std::move(c));
  }

  std::string_view t_;
  size_t i_ = 0;
};

bool compare(int c, std::string_view op) {
  if (op == "=") return c == 0;
  if (op == "!=") return c != 0;
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;
}

bool passes(const Node& ev, const std::vector<Pattern::Cond>& where) {
  for (const auto& c : where) {
    int cmp = 0;
    if (c.field == "date") {
      if (ev.date.empty() || ev.date.front() < '0' || ev.date.front() > '9') return false;
      const size_t n = std::min(ev.date.size(), c.value.size());
      cmp = std::string_view(ev.date).substr(0, n).compare(std::string_view(c.value).substr(0, n));
    } else if (c.field == "mentions") {
      const size_t want = std::stoul(c.value);
      cmp = ev.mentions.size() < want ? -1 : ev.mentions.size() > want ? 1 : 0;
    } else {
      cmp = lower(c.field == "kind" ? ev.event_kind : ev.modality).compare(lower(c.value));
    }
    if (!compare(cmp, c.op)) return false;
  }
  return true;
}

struct Tuple {
  const Node* src;
  const Node* ev;  // nullptr for an affiliation edge
  const Node* tgt;
};

/// One side of a triple, resolved: a named node, a type, whether the end must exist.
struct End {
  const Node* named = nullptr;
  std::string type;
  bool required = false;
  bool ok(const Node* n) const {
    if (n == nullptr) return !required;
    if (named != nullptr && n != named) return false;
    if (type.empty() || (type == "actor" && n->kind == NodeKind::Actor)) return true;
    if (type == "place") return n->kind == NodeKind::Place;
    return lower(n->actor_type) == type;
  }
};

End resolve_end(const Graph& g, const Pattern::NodeTerm& t) {
  End e;
  e.type = t.type;
  e.required = !t.var.empty() || !t.type.empty() || !t.name.empty();
  if (t.name.empty()) return e;
  const NameLookup r = lookup_name(g, t.name);
  if (r.status == NameLookup::Status::Found) {
    e.named = r.node;
    return e;
  }
  std::string cands;
  for (const Node* n : r.candidates) cands += (cands.empty() ? "" : ", ") + n->label;
  if (r.status == NameLookup::Status::Ambiguous)
    throw InputError(fmt::format("match: '{}' is ambiguous: {}", t.name, cands));
  throw InputError(fmt::format("match: no actor or place matches '{}'{}", t.name,
                               cands.empty() ? "" : "; did you mean " + cands + "?"));
}

bool label_ok(const Node& ev, const std::vector<std::string>& labels) {
  if (labels.empty()) return true;
  const std::string k = lower(ev.event_kind), p = lower(ev.plover);
  for (const auto& l : labels) {
    const std::string x = lower(l);
    if (x == k || (!p.empty() && x == p)) return true;
  }
  return false;
}

std::vector<Tuple> tuples_of(const Graph& g, const Pattern& p, const Pattern::Triple& tr,
                             const std::vector<const Node*>& all_events) {
  const End s = resolve_end(g, p.nodes[tr.source]);
  const End t = resolve_end(g, p.nodes[tr.target]);
  const auto& labels = p.edges[tr.edge].labels;
  std::vector<Tuple> out;
  // Affiliation edges: actor -> actor directly.
  std::vector<EdgeKind> affil;
  for (const auto& l : labels)
    if (auto k = edge_kind_from(lower(l));
        k && (*k == EdgeKind::MemberOf || *k == EdgeKind::SpokespersonFor || *k == EdgeKind::BackedBy ||
              *k == EdgeKind::LeaderOf))
      affil.push_back(*k);
  if (!affil.empty()) {
    if (affil.size() != labels.size()) throw InputError("match: do not mix affiliation and event labels in one edge");
    std::vector<const Edge*> edges;
    if (s.named != nullptr) edges = g.out_edges(s.named->id);
    else if (t.named != nullptr) edges = g.in_edges(t.named->id);
    else edges = g.edges();
    for (const Edge* e : edges) {
      if (std::find(affil.begin(), affil.end(), e->kind) == affil.end()) continue;
      const Node* a = g.find(e->source);
      const Node* b = g.find(e->target);
      if (s.ok(a) && t.ok(b)) out.push_back({a, nullptr, b});
    }
    return out;
  }
  std::vector<const Node*> evs;
  if (s.named != nullptr || t.named != nullptr) {
    const bool by_source = s.named != nullptr;
    for (const Edge* e : g.in_edges(by_source ? s.named->id : t.named->id))
      if (e->kind == (by_source ? EdgeKind::Source : EdgeKind::Target))
        if (const Node* ev = g.find(e->source)) evs.push_back(ev);
  }
  const auto& scan = (s.named != nullptr || t.named != nullptr) ? evs : all_events;
  std::vector<const Node*> srcs, tgts;
  for (const Node* ev : scan) {
    if (!label_ok(*ev, labels) || !passes(*ev, p.where)) continue;
    srcs.clear();
    tgts.clear();
    for (const Edge* e : g.out_edges(ev->id)) {
      if (e->kind != EdgeKind::Source && e->kind != EdgeKind::Target) continue;
      const Node* n = g.find(e->target);
      if (e->kind == EdgeKind::Source) {
        if (s.ok(n)) srcs.push_back(n);
      } else if (t.ok(n)) {
        tgts.push_back(n);
      }
    }
    if (srcs.empty() && !s.required) srcs.push_back(nullptr);
    if (tgts.empty() && !t.required) tgts.push_back(nullptr);
    for (const Node* a : srcs)
      for (const Node* b : tgts) out.push_back({a, ev, b});
  }
  return out;
}

}  // namespace

Pattern parse_pattern(std::string_view text) { return Parser(text).parse(); }

MatchResult match(const Graph& g, const Pattern& p, size_t limit) {
  MatchResult r;
  // Columns: node variables in order of appearance, then edges.
  std::map<std::string, size_t> col;
  for (const auto& n : p.nodes)
    if (!n.var.empty() && col.try_emplace(n.var, r.columns.size()).second) r.columns.push_back(n.var);
  std::vector<size_t> edge_col(p.edges.size());
  for (size_t i = 0; i < p.edges.size(); ++i) {
    std::string name = p.edges[i].var.empty() ? fmt::format("e{}", i + 1) : p.edges[i].var;
    auto [it, fresh] = col.try_emplace(name, r.columns.size());
    if (fresh) r.columns.push_back(name);
    edge_col[i] = it->second;
  }
  std::vector<const Node*> all_events;
  bool need_all = false;
  for (const auto& tr : p.triples)
    need_all = need_all || (p.nodes[tr.source].name.empty() && p.nodes[tr.target].name.empty());
  if (need_all) all_events = g.nodes(NodeKind::Event);

  std::vector<std::vector<Tuple>> tuples;
  for (const auto& tr : p.triples) tuples.push_back(tuples_of(g, p, tr, all_events));

  std::set<std::vector<const Node*>> seen;
  std::vector<const Node*> row(r.columns.size(), nullptr);
  std::vector<bool> bound(r.columns.size(), false);
  const size_t hard_cap = limit + 1;
  // Backtracking join over the triples in order.
  auto bind = [&](size_t c, const Node* n, std::vector<size_t>& undo) {
    if (bound[c]) return row[c] == n;
    bound[c] = true;
    row[c] = n;
    undo.push_back(c);
    return true;
  };
  std::vector<std::vector<const Node*>> found;
  auto rec = [&](auto&& self, size_t i) -> void {
    if (found.size() >= hard_cap * 4) return;
    if (i == p.triples.size()) {
      if (seen.insert(row).second) found.push_back(row);
      return;
    }
    const auto& tr = p.triples[i];
    const auto& sv = p.nodes[tr.source].var;
    const auto& tv = p.nodes[tr.target].var;
    for (const Tuple& t : tuples[i]) {
      std::vector<size_t> undo;
      bool ok = true;
      if (!sv.empty()) ok = bind(col[sv], t.src, undo);
      if (ok && !tv.empty()) ok = bind(col[tv], t.tgt, undo);
      if (ok) ok = bind(edge_col[tr.edge], t.ev, undo);
      if (ok) self(self, i + 1);
      for (size_t c : undo) bound[c] = false;
    }
  };
  rec(rec, 0);
  auto key = [](const std::vector<const Node*>& v) {
    std::vector<std::string_view> k;
    for (const Node* n : v) k.push_back(n != nullptr ? std::string_view(n->id) : std::string_view());
    return k;
  };
  std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  if (found.size() > limit) {
    found.resize(limit);
    r.truncated = true;
  }
  r.rows = std::move(found);
  return r;
}

}  // namespace eg::graph
