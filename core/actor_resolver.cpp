#include "core/actor_resolver.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <span>
#include <unordered_map>

namespace eg {
namespace {

// A mention candidate over global token indices [first, end).
struct Cand {
  uint32_t first = 0;
  uint32_t end = 0;
  EntityType type = EntityType::MISC;
  int32_t entry = -1;     // gazetteer entry
  bool demonym = false;
  int32_t sentence = -1;
  std::string actor;
  std::string role;
  bool anaphor = false;  // pronoun or "the group": never the source of a relation
};

bool in(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool has_lower(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool is_title_word(std::string_view lw) {
  return in(lw, {"president", "vice", "prime", "minister", "secretary", "general", "gen.", "gen",
                 "lt.", "col.", "colonel", "maj.", "major", "sen.", "senator", "rep.", "gov.",
                 "governor", "king", "queen", "prince", "sheikh", "ayatollah", "mr.", "mrs.",
                 "ms.", "dr.", "chancellor", "spokesman", "spokeswoman", "spokesperson", "press",
                 "foreign", "defense", "defence", "commander", "chief", "leader", "supreme",
                 "pope", "emir", "sultan", "ambassador", "envoy", "deputy", "interior",
                 "state", "adviser", "advisor", "director", "mayor", "lt", "col", "maj", "dr",
                 "mr", "mrs", "ms", "admiral", "adm.", "sgt.", "captain", "capt."});
}

// Titles that make their holder the head of a government ("holds_office" a country).
bool is_head_title(std::string_view role) {
  return in(role, {"president", "prime minister", "king", "queen", "emir", "chancellor",
                   "supreme leader", "sultan", "crown prince", "vice president",
                   "foreign minister", "defense minister", "defence minister"});
}

ActorType actor_type_for(EntityType t, const GazEntry* e) {
  switch (t) {
    case EntityType::PER: return ActorType::Person;
    case EntityType::ORG:
      if (e && e->cameo.find("REB") != std::string::npos) return ActorType::Group;
      return ActorType::Organization;
    case EntityType::GPE:
      if (e && !e->country.empty() && e->cameo == e->country) return ActorType::Country;
      return ActorType::Location;
    case EntityType::NORP: return ActorType::Country;
    case EntityType::LOC:
    case EntityType::FAC: return ActorType::Location;
    default: return ActorType::Other;
  }
}

std::string lower(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  return o;
}

class Resolver {
 public:
  Resolver(std::string_view text, Annotations& ann, const ActorGazetteer& gaz)
      : text_(text), ann_(ann), gaz_(gaz) {}

  void run(const NerModel& model, const WordClusters& clusters);

 private:
  std::string_view word(size_t k) const { return ann_.tokens[k].span.of(text_); }
  std::string lword(size_t k) const { return lower(word(k)); }
  Span span_of(uint32_t first, uint32_t end) const {
    return {ann_.tokens[first].span.start, ann_.tokens[end - 1].span.end};
  }
  std::string_view text_of(const Cand& c) const { return span_of(c.first, c.end).of(text_); }
  std::string key_of(uint32_t first, uint32_t end) const {
    std::string k;
    for (uint32_t i = first; i < end; ++i) {
      if (i > first) k.push_back(' ');
      append_variant_key(word(i), k);
    }
    return k;
  }
  Actor& actor(const std::string& id, std::string_view name, ActorType type,
               std::string_view country, std::string_view cameo);
  void collect(const NerModel& model, const WordClusters& clusters);
  void refine();
  void resolve();
  void pronouns();
  void relations();
  void relate(std::string kind, const std::string& from, const std::string& to, int32_t s,
              Span sp);

  std::string_view text_;
  Annotations& ann_;
  const ActorGazetteer& gaz_;
  std::vector<Cand> cands_;
  std::map<std::string, size_t> actor_index_;
  std::vector<int32_t> sentence_of_;
  std::string scratch_;
};

Actor& Resolver::actor(const std::string& id, std::string_view name, ActorType type,
                       std::string_view country, std::string_view cameo) {
  auto [it, fresh] = actor_index_.emplace(id, ann_.actors.size());
  if (fresh) {
    Actor a;
    a.id = id;
    a.name = std::string(name);
    a.type = type;
    a.country = std::string(country);
    a.cameo = std::string(cameo);
    ann_.actors.push_back(std::move(a));
  }
  return ann_.actors[it->second];
}

void Resolver::collect(const NerModel& model, const WordClusters& clusters) {
  const size_t S = ann_.sentences.size();
  std::vector<std::vector<std::string_view>> words(S);
  std::vector<std::vector<uint8_t>> gcls(S);
  std::vector<GazMatch> gmatch;                  // all sentences' gazetteer matches, in order
  std::vector<size_t> gfirst(S + 1, 0);          // sentence s: gmatch[gfirst[s], gfirst[s+1])
  std::vector<NerSentence> sents;
  sents.reserve(S);
  sentence_of_.assign(ann_.tokens.size(), -1);
  for (size_t s = 0; s < S; ++s) {
    const Sentence& se = ann_.sentences[s];
    for (uint32_t k = se.first_token; k < se.end_token; ++k) {
      words[s].push_back(word(k));
      sentence_of_[k] = static_cast<int32_t>(s);
    }
    gaz_.feature_classes(words[s], gcls[s], gmatch, scratch_);
    gfirst[s + 1] = gmatch.size();
    sents.push_back({words[s], gcls[s], {}});
  }
  std::vector<std::vector<uint8_t>> labels;
  if (!model.empty()) {
    thread_local NerScratch sc;  // reused: no per-document buffer allocation
    labels = model.predict_document(sents, clusters, sc);
  }
  std::vector<Cand> found;
  for (size_t s = 0; s < S; ++s) {
    const uint32_t base = ann_.sentences[s].first_token;
    const auto n = static_cast<uint32_t>(words[s].size());
    // Candidates of earlier sentences never overlap this one's: only found[fb..] is looked at.
    const auto fb = static_cast<std::ptrdiff_t>(found.size());
    if (!labels.empty()) {
      for (uint32_t i = 0; i < n;) {
        const uint8_t l = labels[s][i];
        if (l == 0) {
          ++i;
          continue;
        }
        uint32_t j = i + 1;
        while (j < n && labels[s][j] == ((l % 2) ? l + 1 : l)) ++j;
        Cand c;
        c.first = base + i;
        c.end = base + j;
        const int t = (l + 1) / 2;  // 1 PER, 2 ORG, 3 LOC, 4 MISC
        c.type = t == 1 ? EntityType::PER : t == 2 ? EntityType::ORG
                 : t == 3 ? EntityType::LOC : EntityType::MISC;
        c.sentence = static_cast<int32_t>(s);
        found.push_back(c);
        i = j;
      }
    }
    // Gazetteer matches win over the model when they cover its mentions.
    // The same left-to-right longest-match scan as the tagger's gazetteer feature: reuse it.
    for (size_t gi = gfirst[s]; gi < gfirst[s + 1]; ++gi) {
      const GazMatch m = gmatch[gi];
      Cand g;
      g.first = base + m.first;
      g.end = base + m.end;
      g.entry = static_cast<int32_t>(m.entry);
      g.demonym = m.demonym;
      g.type = m.demonym ? EntityType::NORP : gaz_.entry(m.entry).type;
      g.sentence = static_cast<int32_t>(s);
      bool covered = true;
      for (auto c = found.begin() + fb; c != found.end(); ++c)
        if (c->first < g.end && g.first < c->end && (c->first < g.first || c->end > g.end))
          covered = false;
      if (covered) {
        found.erase(std::remove_if(found.begin() + fb, found.end(),
                                   [&](const Cand& c) { return c.first < g.end && g.first < c.end; }),
                    found.end());
        found.push_back(g);
      } else {
        // The model's span is inside the gazetteer's but for leading determiners ("The
        // Iraqi" against "Iraqi government"): the gazetteer entry wins.
        auto det_only = [&](const Cand& c) {
          if (!(c.first < g.first && c.end <= g.end)) return false;
          for (uint32_t k = c.first; k < g.first; ++k)
            if (!in(lword(k), {"the", "a", "an"})) return false;
          return true;
        };
        for (Cand& c : std::span(found).subspan(static_cast<size_t>(fb)))
          if (c.entry < 0 && det_only(c)) c = g;
        for (Cand& c : std::span(found).subspan(static_cast<size_t>(fb)))
          if (c.first <= g.first && g.end <= c.end && c.type == EntityType::LOC &&
              g.type == EntityType::GPE)
            c.type = EntityType::GPE;
      }
    }
  }
  // A lone capitalised word opening a sentence ("Remnants of ...") that the document also
  // writes in lowercase is an ordinary word.
  std::unordered_map<std::string, bool> lower_seen;
  for (size_t k = 0; k < ann_.tokens.size(); ++k) {
    const std::string_view w = word(k);
    if (!w.empty() && w[0] >= 'a' && w[0] <= 'z') lower_seen[std::string(w)] = true;
  }
  std::erase_if(found, [&](const Cand& c) {
    return c.entry < 0 && c.end == c.first + 1 &&
           c.first == ann_.sentences[static_cast<size_t>(c.sentence)].first_token &&
           lower_seen.contains(lword(c.first));
  });
  std::sort(found.begin(), found.end(), [](const Cand& a, const Cand& b) {
    return a.first < b.first;
  });
  cands_ = std::move(found);
}

void Resolver::refine() {
  for (Cand& c : cands_) {
    // Leading determiners are not part of names; titles the model put inside a person's
    // name become the role; a mention made only of titles or determiners is dropped.
    if (c.entry < 0) {
      while (c.end > c.first && in(lword(c.first), {"the", "a", "an"})) ++c.first;
      if (c.type == EntityType::PER)
        while (c.end > c.first && is_title_word(lword(c.first))) ++c.first;
      if (c.end <= c.first) {
        c.sentence = -1;
        continue;
      }
    }
    if (c.type == EntityType::PER) {
      uint32_t k = c.first;
      const uint32_t sent_first = ann_.sentences[static_cast<size_t>(c.sentence)].first_token;
      while (k > sent_first && is_title_word(lword(k - 1))) --k;
      if (k < c.first) c.role = std::string(span_of(k, c.first).of(text_));
    }
    // Demonym + head noun: "the Iraqi government" is Iraq's government.
    if (c.demonym || (c.type == EntityType::MISC && c.end - c.first == 1)) {
      const int32_t e = c.entry >= 0 ? c.entry : -1;
      if (c.end < ann_.tokens.size() && sentence_of_[c.end] == c.sentence && e >= 0) {
        const std::string head = lword(c.end);
        if (in(head, {"government", "military", "army", "forces", "troops", "navy"})) {
          c.end += 1;
          c.type = EntityType::ORG;
          c.role = head;  // marker for resolve()
          continue;
        }
      }
      if (c.demonym) c.type = EntityType::NORP;
    }
    if (c.type == EntityType::LOC && c.entry < 0) {
      // Most LOC mentions in news are cities/countries; natural features keep LOC.
      const std::string last = lword(c.end - 1);
      if (!in(last, {"river", "sea", "mountains", "mountain", "valley", "desert", "gulf",
                     "ocean", "lake", "island", "islands", "border", "strait", "peninsula"}))
        c.type = EntityType::GPE;
    }
  }
}

void Resolver::resolve() {
  std::erase_if(cands_, [](const Cand& c) { return c.sentence < 0; });
  std::unordered_map<std::string, std::string> by_key;      // variant key -> actor id
  std::unordered_map<std::string, std::string> acronyms;    // key -> actor id
  auto word_keys = [&](const Cand& c) {
    std::vector<std::string> ks;
    for (uint32_t i = c.first; i < c.end; ++i) {
      std::string k;
      append_variant_key(word(i), k);
      // "Al Kadhimi" and "Al-Kadhimi" give the same words.
      size_t p = 0;
      while (true) {
        size_t q = k.find(' ', p);
        ks.push_back(k.substr(p, q == std::string::npos ? std::string::npos : q - p));
        if (q == std::string::npos) break;
        p = q + 1;
      }
    }
    return ks;
  };
  // Pass 1: gazetteer and full names.
  for (Cand& c : cands_) {
    const GazEntry* e = c.entry >= 0 ? &gaz_.entry(static_cast<uint32_t>(c.entry)) : nullptr;
    if (c.type == EntityType::ORG && e && c.demonym) {  // demonym + head
      const std::string head = c.role;
      c.role.clear();
      const bool gov = head == "government";
      const std::string name = std::string(e->name) + (gov ? " government" : " military");
      const std::string cameo = e->country + (gov ? "GOV" : "MIL");
      // Prefer a gazetteer entry with that CAMEO code and country ("Iraqi government").
      std::string id = "actor:" + slugify(name);
      for (uint32_t k = 0; k < gaz_.size(); ++k)
        if (gaz_.entry(k).cameo == cameo && gaz_.entry(k).type == EntityType::ORG &&
            (gaz_.entry(k).name.find("government") != std::string::npos ||
             gaz_.entry(k).name.find("military") != std::string::npos)) {
          id = "actor:" + slugify(gaz_.entry(k).name);
          actor(id, gaz_.entry(k).name, ActorType::Organization, e->country, cameo);
          break;
        }
      actor(id, name, ActorType::Organization, e->country, cameo);
      c.actor = id;
      c.demonym = false;
      continue;
    }
    if (e) {
      c.actor = "actor:" + slugify(e->name);
      actor(c.actor, e->name, actor_type_for(c.demonym ? EntityType::NORP : e->type, e),
            e->country, e->cameo);
    }
  }
  // Persons: the longest name in the document that ends with the same words ("Kadhimi",
  // "Al Kadhimi" -> "Mustafa Al Kadhimi"); candidates indexed by their last word.
  // A mention the model typed otherwise but that ends a longer person's name in the document
  // ("al-Rufay'i" after "Abdallah Makki Muslih al-Rufay'i") is that person.
  std::vector<std::vector<std::string>> pkeys(cands_.size());
  std::unordered_map<std::string, std::vector<size_t>> by_last;
  for (size_t i = 0; i < cands_.size(); ++i) {
    pkeys[i] = word_keys(cands_[i]);
    const bool letters = !pkeys[i].empty() && std::any_of(
        pkeys[i].back().begin(), pkeys[i].back().end(), [](char ch) {
          return (ch >= 'a' && ch <= 'z') || static_cast<unsigned char>(ch) >= 0x80;
        });
    if (!letters) {
      pkeys[i].clear();  // "&", "--": never a name part
      continue;
    }
    if (cands_[i].type == EntityType::PER && pkeys[i].size() > 1)
      by_last[pkeys[i].back()].push_back(i);
  }
  for (size_t i = 0; i < cands_.size(); ++i) {
    Cand& c = cands_[i];
    if (!c.actor.empty() || pkeys[i].empty()) continue;
    if (c.type != EntityType::PER && (c.entry >= 0 || !by_last.contains(pkeys[i].back())))
      continue;
    const auto& ks = pkeys[i];
    size_t best = ks.size();
    const Cand* best_c = nullptr;
    for (size_t j : by_last[ks.back()]) {
      const auto& oks = pkeys[j];
      if (oks.size() <= best ||
          !std::equal(ks.begin(), ks.end(), oks.end() - static_cast<ptrdiff_t>(ks.size())))
        continue;
      best = oks.size();
      best_c = &cands_[j];
    }
    if (best_c) {
      c.type = EntityType::PER;
      if (!best_c->actor.empty()) {
        c.actor = best_c->actor;
        continue;
      }
      const std::string_view name = text_of(*best_c);
      c.actor = "actor:" + slugify(name);
      actor(c.actor, name, ActorType::Person, "", "");
    }
  }
  // Everything else: by spelling-variant key, then acronyms defined as "Name (ACR)".
  for (size_t i = 0; i < cands_.size(); ++i) {
    Cand& c = cands_[i];
    if (c.actor.empty()) {
      const std::string key = key_of(c.first, c.end);
      if (auto it = acronyms.find(key); it != acronyms.end()) {
        c.actor = it->second;
      } else if (auto jt = by_key.find(key); jt != by_key.end()) {
        c.actor = jt->second;
      } else if (c.type != EntityType::MISC) {
        std::string_view name = text_of(c);
        c.actor = "actor:" + slugify(name);
        actor(c.actor, name, actor_type_for(c.type, nullptr), "", "");
      }
    }
    if (c.actor.empty()) continue;
    by_key.emplace(key_of(c.first, c.end), c.actor);
    // "Popular Mobilisation Forces (PMF)": the parenthesised acronym names the same actor.
    if (c.end + 2 < ann_.tokens.size() && word(c.end) == "(" && word(c.end + 2) == ")" &&
        !has_lower(word(c.end + 1)) && word(c.end + 1).size() >= 2) {
      const std::string ak = key_of(c.end + 1, c.end + 2);
      acronyms.emplace(ak, c.actor);
      bool tagged = false;
      for (Cand& o : cands_)
        if (o.first == c.end + 1) {
          tagged = true;
          o.actor = c.actor;
        }
      if (!tagged) {
        Cand a = c;
        a.first = c.end + 1;
        a.end = c.end + 2;
        a.role.clear();
        cands_.insert(cands_.begin() + static_cast<ptrdiff_t>(i) + 1, a);
      }
    }
  }
  // Aliases and roles.
  for (const Cand& c : cands_) {
    if (c.actor.empty()) continue;
    Actor& a = ann_.actors[actor_index_.at(c.actor)];
    std::string t(text_of(c));
    if (t != a.name && std::find(a.aliases.begin(), a.aliases.end(), t) == a.aliases.end())
      a.aliases.push_back(t);
    if (!c.role.empty() && c.type == EntityType::PER &&
        std::find(a.roles.begin(), a.roles.end(), c.role) == a.roles.end())
      a.roles.push_back(c.role);
  }
}

void Resolver::pronouns() {
  std::vector<Cand> extra;
  const size_t n = ann_.tokens.size();
  size_t ci = 0;
  const Cand* last_per = nullptr;
  const Cand* last_org = nullptr;
  const Cand* last_group = nullptr;
  for (uint32_t k = 0; k < n; ++k) {
    while (ci < cands_.size() && cands_[ci].end <= k) {
      const Cand& c = cands_[ci];
      if (!c.actor.empty()) {
        if (c.type == EntityType::PER) last_per = &c;
        if (c.type == EntityType::ORG) last_org = &c;
        if (c.type == EntityType::ORG &&
            ann_.actors[actor_index_.at(c.actor)].type == ActorType::Group)
          last_group = &c;
      }
      ++ci;
    }
    if (ci < cands_.size() && cands_[ci].first <= k) continue;  // inside a mention
    // Every word looked for below has 2 to 12 letters: skip the rest without lowercasing.
    if (const size_t len = word(k).size(); len < 2 || len > 12) continue;
    const std::string w = lword(k);  // short: no heap allocation
    const int32_t s = sentence_of_[k];
    auto near = [&](const Cand* a) { return a && s - a->sentence <= 2; };
    if (in(w, {"he", "she", "his", "her", "him"}) && near(last_per)) {
      Cand c = *last_per;
      c.first = k;
      c.end = k + 1;
      c.sentence = s;
      extra.push_back(c);
    } else if ((w == "it" || w == "its") && near(last_org)) {
      Cand c = *last_org;
      c.first = k;
      c.end = k + 1;
      c.sentence = s;
      extra.push_back(c);
    } else if (k > 0 &&
               in(w, {"group", "militia", "organization", "organisation", "movement",
                      "ministry", "coalition", "alliance"}) &&
               in(lword(k - 1), {"the", "this", "that"}) && near(last_org)) {
      const bool armed = in(w, {"group", "militia", "movement"});
      Cand c = armed && near(last_group) ? *last_group : *last_org;
      c.first = k - 1;
      c.end = k + 1;
      c.sentence = s;
      extra.push_back(c);
    }
  }
  for (Cand& c : extra) {
    c.role.clear();
    c.anaphor = true;
  }
  cands_.insert(cands_.end(), extra.begin(), extra.end());
  std::sort(cands_.begin(), cands_.end(), [](const Cand& a, const Cand& b) {
    return a.first != b.first ? a.first < b.first : a.end < b.end;
  });
}

void Resolver::relate(std::string kind, const std::string& from, const std::string& to,
                      int32_t s, Span sp) {
  if (from.empty() || to.empty() || from == to) return;
  for (const auto& r : ann_.relations)
    if (r.kind == kind && r.from == from && r.to == to) return;
  ann_.relations.push_back({std::move(kind), from, to, s, sp});
}

void Resolver::relations() {
  for (size_t i = 0; i < cands_.size(); ++i) {
    const Cand& c = cands_[i];
    if (c.actor.empty() || c.type != EntityType::PER || c.anaphor) continue;
    const uint32_t sf = ann_.sentences[static_cast<size_t>(c.sentence)].first_token;
    const uint32_t se = ann_.sentences[static_cast<size_t>(c.sentence)].end_token;
    const std::string role = lower(c.role);
    const bool spokes = role.find("spokes") != std::string::npos ||
                        role.find("press secretary") != std::string::npos;
    // "<ORG> spokesman X" / "Iran's foreign ministry spokesman X".
    uint32_t k = c.first;
    while (k > sf && is_title_word(lword(k - 1))) --k;
    const Cand* before = nullptr;
    for (size_t j = 0; j < i; ++j)
      if (cands_[j].sentence == c.sentence && cands_[j].end + 1 >= k && cands_[j].end <= k &&
          !cands_[j].actor.empty())
        before = &cands_[j];
    if (spokes && before && (before->type == EntityType::ORG || before->type == EntityType::GPE ||
                             before->type == EntityType::NORP))
      relate("spokesperson_for", c.actor, before->actor, c.sentence, span_of(before->first, c.end));
    // "X, spokesman for (the) ORG"
    if (c.end + 3 < se && word(c.end) == ",") {
      uint32_t m = c.end + 1;
      while (m < se && (is_title_word(lword(m)) || in(lword(m), {"a", "the"}))) ++m;
      const std::string r2 = lower(span_of(c.end + 1, std::max(m, c.end + 2)).of(text_));
      if (m < se && lword(m) == "for" && r2.find("spokes") != std::string::npos) {
        for (const Cand& o : cands_)
          if (o.sentence == c.sentence && o.first > m && o.first <= m + 2 && !o.actor.empty()) {
            relate("spokesperson_for", c.actor, o.actor, c.sentence, span_of(c.first, o.end));
            break;
          }
      }
    }
    // Heads of government hold office in the country named before them or their own.
    std::string head;
    for (size_t p = role.size(); p-- > 0;) {
      const std::string_view tail = std::string_view(role).substr(p);
      if ((p == 0 || role[p - 1] == ' ') && is_head_title(tail)) head = std::string(tail);
    }
    if (!head.empty()) {
      std::string country;
      if (before && (before->type == EntityType::GPE || before->type == EntityType::NORP))
        country = before->actor;
      else {
        const Actor& a = ann_.actors[actor_index_.at(c.actor)];
        for (const Actor& o : ann_.actors)
          if (o.type == ActorType::Country && !a.country.empty() && o.country == a.country)
            country = o.id;
      }
      relate(head == "president" || head == "prime minister" || head == "king" ||
                     head == "emir" || head == "chancellor" || head == "supreme leader"
                 ? "leader_of" : "holds_office",
             c.actor, country, c.sentence, span_of(k, c.end));
    }
  }
  // "A and B ... are part of / members of the Y".
  for (const Sentence& se : ann_.sentences) {
    for (uint32_t k = se.first_token; k + 1 < se.end_token; ++k) {
      // "part", "member(s)", "belong(s)": 4 to 7 letters; skip the rest without lowercasing.
      if (const size_t len = word(k).size(); len < 4 || len > 7) continue;
      const std::string w = lword(k), w2 = lword(k + 1);
      const bool part = w == "part" && w2 == "of" && k > se.first_token &&
                        in(lword(k - 1), {"is", "are", "was", "were", "be", "been", "remain",
                                          "remains", "becomes", "became", ","});
      if (!(part || ((w == "member" || w == "members") && w2 == "of") ||
            ((w == "belong" || w == "belongs") && w2 == "to")))
        continue;
      const Cand* y = nullptr;
      for (const Cand& o : cands_)
        if (o.first > k + 1 && o.first <= k + 4 && o.first < se.end_token && !o.actor.empty()) {
          y = &o;
          break;
        }
      if (!y) continue;
      // "... identified X as a member of Y": only X.
      uint32_t from_first = se.first_token;
      if (k >= se.first_token + 2 && in(lword(k - 1), {"a", "an"}) && lword(k - 2) == "as")
        for (const Cand& o : cands_)
          if (o.first >= se.first_token && o.end <= k - 2) from_first = o.first;
      for (const Cand& o : cands_)
        if (o.first >= from_first && o.end <= k && o.first + 30 >= k && !o.actor.empty() &&
            !o.anaphor &&
            (o.type == EntityType::ORG || o.type == EntityType::PER))
          relate(o.type == EntityType::PER ? "member_of" : "part_of", o.actor, y->actor,
                 o.sentence, span_of(o.first, y->end));
    }
  }
  // "Iranian-backed militias", "Iran-backed": backed_by from the nearest organisation.
  for (uint32_t k = 0; k < ann_.tokens.size(); ++k) {
    if (const std::string_view raw = word(k); raw.size() <= 7 || raw[raw.size() - 7] != '-')
      continue;  // cheap test before lowercasing: only "...-backed" words go on
    const std::string w = lword(k);
    if (!w.ends_with("-backed") || w.size() <= 7) continue;
    const std::string_view backer = word(k).substr(0, w.size() - 7);
    const std::vector<std::string_view> one{backer};
    const GazMatch m = gaz_.longest(one, 0, scratch_);
    if (m.end == m.first) continue;
    const GazEntry& e = gaz_.entry(m.entry);
    const std::string backer_id = "actor:" + slugify(e.name);
    actor(backer_id, e.name, actor_type_for(e.type, &e), e.country, e.cameo);
    // The backer itself is a mention (NORP for a demonym).
    Cand b;
    b.first = k;
    b.end = k + 1;
    b.type = m.demonym ? EntityType::NORP : e.type;
    b.sentence = sentence_of_[k];
    b.actor = backer_id;
    // The organisation right after ("Iran-backed Kata'ib Hezbollah"), else one just before.
    const Cand* target = nullptr;
    for (const Cand& o : cands_)
      if (o.sentence == b.sentence && o.type == EntityType::ORG && !o.actor.empty() &&
          o.first > k && o.first <= k + 6) {
        target = &o;
        break;
      }
    if (!target)
      for (const Cand& o : cands_)
        if (o.sentence == b.sentence && o.type == EntityType::ORG && !o.actor.empty() &&
            o.end <= k && o.end + 4 >= k)
          target = &o;
    if (target) relate("backed_by", target->actor, backer_id, b.sentence, span_of(k, k + 1));
    cands_.erase(std::remove_if(cands_.begin(), cands_.end(),
                                [&](const Cand& o) { return o.first <= k && k < o.end; }),
                 cands_.end());
    // Record the mention over the backer's bytes only ("Iranian" in "Iranian-backed").
    EntityMention em;
    em.span = {ann_.tokens[k].span.start,
               ann_.tokens[k].span.start + static_cast<uint32_t>(backer.size())};
    em.type = b.type;
    em.sentence = b.sentence;
    em.actor = backer_id;
    ann_.entities.push_back(em);
  }
}

void Resolver::run(const NerModel& model, const WordClusters& clusters) {
  collect(model, clusters);
  refine();
  resolve();
  pronouns();
  relations();
  for (const Cand& c : cands_) {
    EntityMention m;
    m.span = span_of(c.first, c.end);
    m.type = c.type;
    m.sentence = c.sentence;
    m.actor = c.actor;
    ann_.entities.push_back(std::move(m));
  }
  std::sort(ann_.entities.begin(), ann_.entities.end(),
            [](const EntityMention& a, const EntityMention& b) { return a.span < b.span; });
  ann_.entities.erase(std::unique(ann_.entities.begin(), ann_.entities.end(),
                                  [](const EntityMention& a, const EntityMention& b) {
                                    return a.span == b.span;
                                  }),
                      ann_.entities.end());
  std::sort(ann_.actors.begin(), ann_.actors.end(),
            [](const Actor& a, const Actor& b) { return a.id < b.id; });
}

}  // namespace

void resolve_entities(std::string_view text, Annotations& ann, const NerModel& model,
                      const WordClusters& clusters, const ActorGazetteer& gaz) {
  ann.entities.clear();
  ann.actors.clear();
  ann.relations.clear();
  if (ann.tokens.empty() || ann.sentences.empty()) return;
  Resolver r(text, ann, gaz);
  r.run(model, clusters);
}

}  // namespace eg
