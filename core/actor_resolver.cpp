#include "core/actor_resolver.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>

namespace eg {
namespace {

// A mention candidate over global token indices [first, end). Trivially copyable: candidates
// are sorted and copied often, so the actor is an index and the role a view.
struct Cand {
  uint32_t first = 0;
  uint32_t end = 0;
  EntityType type = EntityType::MISC;
  int32_t entry = -1;     // gazetteer entry
  bool demonym = false;
  int32_t sentence = -1;
  int32_t actor = -1;     // index into Annotations::actors (stable until Resolver::run ends)
  // Title words before a person ("President"; a view of the text), or the head noun of a
  // demonym + head mention ("government"; a view of a literal) as a marker for resolve().
  std::string_view role;
  bool anaphor = false;  // pronoun or "the group": never the source of a relation
};

bool in(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// True if `w` lowercased (ASCII letters only) is `lw`, without building the lowercase copy.
bool lower_is(std::string_view w, std::string_view lw) {
  if (w.size() != lw.size()) return false;
  for (size_t i = 0; i < w.size(); ++i)
    if (ascii_lower(w[i]) != lw[i]) return false;
  return true;
}

// The entry of `list` equal to `w` lowercased, or "" (no entry of the lists below is empty).
std::string_view lower_in(std::string_view w, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list)
    if (lower_is(w, x)) return x;
  return {};
}

// A lowercase head noun that names a group or body together with the name before it.
bool group_head(std::string_view w) {
  return !lower_in(w, {
    "government", "military", "army", "navy", "forces", "troops", "administration", "alliance",
    "opposition", "ministry", "militia", "militias", "group", "coalition", "police", "authorities",
    "regime", "command", "council", "committee", "party", "movement", "agency", "court",
    "parliament", "cabinet", "embassy", "organization", "organisation", "nation", "states",
    "countries", "rebels", "fighters", "militants", "officials", "soldiers", "guards", "leaders",
    "leadership", "delegation", "junta", "side",
    // lowercase parts of company and institution names in wire copy ("Atlantic Research corp")
    "corp", "inc", "plc", "ltd", "co", "company", "bank", "exchange", "exchanges", "union",
    "commission", "department", "office", "service", "services", "division", "unit", "subsidiary",
    "airlines", "airline", "federation", "institute", "university", "association", "board",
    "fund", "stores"}).empty();
}

// An all-lowercase ASCII word ("airstrikes"; not "al-Qaeda", "iPhone" or "de").
bool lowercase_word(std::string_view w) {
  return w.size() > 2 &&
         std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool has_lower(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// `w` (any case) is a title word: "President", "gen.", "spokesman".
bool is_title_word(std::string_view w) {
  // The title words grouped by length (2 to 12 bytes), built once.
  static const auto by_length = [] {
    std::array<std::vector<std::string_view>, 13> t;
    for (std::string_view x :
         {"president", "vice", "prime", "minister", "secretary", "general", "gen.", "gen", "lt.",
          "col.", "colonel", "maj.", "major", "sen.", "senator", "rep.", "gov.", "governor",
          "king", "queen", "prince", "sheikh", "ayatollah", "mr.", "mrs.", "ms.", "dr.",
          "chancellor", "spokesman", "spokeswoman", "spokesperson", "press", "foreign", "defense",
          "defence", "commander", "chief", "leader", "supreme", "pope", "emir", "sultan",
          "ambassador", "envoy", "deputy", "interior", "state", "adviser", "advisor", "director",
          "mayor", "lt", "col", "maj", "dr", "mr", "mrs", "ms", "admiral", "adm.", "sgt.",
          "captain", "capt."})
      t[x.size()].push_back(x);
    return t;
  }();
  if (w.size() >= by_length.size()) return false;
  for (std::string_view x : by_length[w.size()])
    if (lower_is(w, x)) return true;
  return false;
}

bool is_det(std::string_view w) { return !lower_in(w, {"the", "a", "an"}).empty(); }

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
  for (char& c : o) c = ascii_lower(c);
  return o;
}

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Per-document map from a key (a variant key, an actor id) to an actor index; the first
// insertion of a key wins.
// Keys are copied into one arena string; an open-addressing table (linear probing, power-of-two
// size, at most half full) holds each key's FNV-1a hash, its place in the arena and the actor,
// and a hit is confirmed by comparing the key bytes.
class KeyIndex {
 public:
  /// The actor stored for `key` (whose fnv1a is `h`), or -1.
  [[nodiscard]] int32_t find(std::string_view key, uint64_t h) const {
    if (slots_.empty()) return -1;
    const size_t mask = slots_.size() - 1;
    for (size_t b = (h ^ (h >> 32)) & mask;; b = (b + 1) & mask) {
      const Slot& s = slots_[b];
      if (s.actor < 0) return -1;
      if (s.hash == h && std::string_view(arena_).substr(s.off, s.len) == key) return s.actor;
    }
  }
  /// Stores `actor` (>= 0) for `key` unless the key is already there.
  void emplace(std::string_view key, uint64_t h, int32_t actor) {
    if (find(key, h) >= 0) return;
    if (2 * (used_ + 1) > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    size_t b = (h ^ (h >> 32)) & mask;
    while (slots_[b].actor >= 0) b = (b + 1) & mask;
    slots_[b] = {h, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(key.size()), actor};
    arena_.append(key);
    ++used_;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t off = 0, len = 0;  // the key: arena_.substr(off, len)
    int32_t actor = -1;         // -1: empty slot
  };
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(32, 2 * old.size()), Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.actor < 0) continue;
      size_t b = (s.hash ^ (s.hash >> 32)) & mask;
      while (slots_[b].actor >= 0) b = (b + 1) & mask;
      slots_[b] = s;
    }
  }
  std::vector<Slot> slots_;
  std::string arena_;
  size_t used_ = 0;
};

class Resolver {
 public:
  Resolver(std::string_view text, Annotations& ann, const ActorGazetteer& gaz)
      : text_(text), ann_(ann), gaz_(gaz) {}

  void run(const NerModel& model, const WordClusters& clusters);

 private:
  std::string_view word(size_t k) const {  // token spans always lie inside the text
    const Span sp = ann_.tokens[k].span;
    return {text_.data() + sp.start, sp.size()};
  }
  Span span_of(uint32_t first, uint32_t end) const {
    return {ann_.tokens[first].span.start, ann_.tokens[end - 1].span.end};
  }
  std::string_view text_of(const Cand& c) const { return span_of(c.first, c.end).of(text_); }
  // The variant key of words [first, end), into scratch_.
  std::string_view key_of(uint32_t first, uint32_t end) {
    scratch_.clear();
    for (uint32_t i = first; i < end; ++i) {
      if (i > first) scratch_.push_back(' ');
      append_variant_key(word(i), scratch_);
    }
    return scratch_;
  }
  const std::string& id_of(int32_t actor) const {
    return ann_.actors[static_cast<size_t>(actor)].id;
  }
  int32_t actor(std::string_view id, std::string_view name, ActorType type,
                std::string_view country, std::string_view cameo);
  void collect(const NerModel& model, const WordClusters& clusters);
  void refine();
  void resolve();
  void pronouns();
  void relations();
  void relate(std::string kind, int32_t from, int32_t to, int32_t s, Span sp);

  std::string_view text_;
  Annotations& ann_;
  const ActorGazetteer& gaz_;
  std::vector<Cand> cands_;
  KeyIndex actor_index_;  // actor id -> index in ann_.actors
  std::vector<int32_t> sentence_of_;
  std::string scratch_;
};

// The index of the actor `id`, added with the given fields when new.
int32_t Resolver::actor(std::string_view id, std::string_view name, ActorType type,
                        std::string_view country, std::string_view cameo) {
  const uint64_t h = fnv1a(id);
  if (const int32_t found = actor_index_.find(id, h); found >= 0) return found;
  const auto index = static_cast<int32_t>(ann_.actors.size());
  actor_index_.emplace(id, h, index);
  Actor a;
  a.id = std::string(id);
  a.name = std::string(name);
  a.type = type;
  a.country = std::string(country);
  a.cameo = std::string(cameo);
  ann_.actors.push_back(std::move(a));
  return index;
}

void Resolver::collect(const NerModel& model, const WordClusters& clusters) {
  const size_t S = ann_.sentences.size();
  const size_t T = ann_.tokens.size();
  // Buffers reused from document to document (no per-sentence allocation once warm).
  thread_local std::vector<std::string_view> words;  // every token's text
  thread_local std::vector<std::vector<uint8_t>> gcls;
  thread_local std::vector<GazMatch> gmatch;  // all sentences' gazetteer matches, in order
  thread_local std::vector<size_t> gfirst;    // sentence s: gmatch[gfirst[s], gfirst[s+1])
  thread_local std::vector<NerSentence> sents;
  words.resize(T);
  for (size_t k = 0; k < T; ++k) words[k] = word(k);
  if (gcls.size() < S) gcls.resize(S);
  gmatch.clear();
  gfirst.assign(S + 1, 0);
  sents.clear();
  sentence_of_.assign(T, -1);
  for (size_t s = 0; s < S; ++s) {
    const Sentence& se = ann_.sentences[s];
    for (uint32_t k = se.first_token; k < se.end_token; ++k)
      sentence_of_[k] = static_cast<int32_t>(s);
    const std::span<const std::string_view> sw =
        std::span<const std::string_view>(words).subspan(se.first_token,
                                                         se.end_token - se.first_token);
    gcls[s].clear();
    gaz_.feature_classes(sw, gcls[s], gmatch);
    gfirst[s + 1] = gmatch.size();
    sents.push_back({sw, gcls[s], {}});
  }
  std::vector<std::vector<uint8_t>> labels;
  if (!model.empty()) {
    thread_local NerScratch sc;  // reused: no per-document buffer allocation
    labels = model.predict_document(sents, clusters, sc);
  }
  std::vector<Cand> found;
  found.reserve(T / 4 + 8);
  for (size_t s = 0; s < S; ++s) {
    const uint32_t base = ann_.sentences[s].first_token;
    const auto n = static_cast<uint32_t>(sents[s].words.size());
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
            if (!is_det(word(k))) return false;
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
  // writes in lowercase is an ordinary word. Such candidates are few: look for their
  // lowercase forms in one pass over the words that start with a lowercase letter.
  auto opener = [&](const Cand& c) {
    return c.entry < 0 && c.end == c.first + 1 &&
           c.first == ann_.sentences[static_cast<size_t>(c.sentence)].first_token;
  };
  std::vector<std::pair<std::string, bool>> openers;  // lowercased word, seen in lowercase
  for (const Cand& c : found)
    if (opener(c)) openers.emplace_back(lower(word(c.first)), false);
  if (!openers.empty()) {
    for (size_t k = 0; k < T; ++k) {
      const std::string_view w = words[k];
      if (w.empty() || w[0] < 'a' || w[0] > 'z') continue;
      for (auto& [lw, seen] : openers)
        if (!seen && w == lw) seen = true;
    }
    auto lower_seen = [&](std::string_view w) {
      for (const auto& [lw, seen] : openers)
        if (seen && lower_is(w, lw)) return true;
      return false;
    };
    std::erase_if(found, [&](const Cand& c) { return opener(c) && lower_seen(word(c.first)); });
  }
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
      // quotes and dashes the tagger took in at either end ("” Gallagher", "Kindiki —")
      auto stray = [&](uint32_t k) {
        const TokenShape sh = ann_.tokens[k].shape;
        return sh == TokenShape::Punct || sh == TokenShape::Quote;
      };
      while (c.end > c.first && (stray(c.first) || word(c.first) == "'s" || word(c.first) == "\xE2\x80\x99s"))
        ++c.first;
      while (c.end > c.first && stray(c.end - 1)) --c.end;
      // a lowercase function word the tagger ran on into ("Kim for", "Bank of")
      while (c.end > c.first + 1 &&
             !lower_in(word(c.end - 1), {"for", "of", "and", "the", "to", "in", "on", "at", "by",
                                         "with", "from", "or"})
                  .empty() &&
             word(c.end - 1).front() >= 'a' && word(c.end - 1).front() <= 'z')
        --c.end;
      // a lowercase common noun the tagger ran on into ("US airstrikes", "BLA surges"), unless it
      // is the head of a group or body named by the rest ("Hamas fighters", "Sharif administration")
      while (c.type != EntityType::PER && c.end > c.first + 1 && lowercase_word(word(c.end - 1)) &&
             !group_head(word(c.end - 1)))
        --c.end;
      while (c.end > c.first && is_det(word(c.first))) ++c.first;
      if (c.type == EntityType::PER)
        while (c.end > c.first && is_title_word(word(c.first))) ++c.first;
      if (c.end <= c.first) {
        c.sentence = -1;
        continue;
      }
    }
    if (c.type == EntityType::PER) {
      uint32_t k = c.first;
      const uint32_t sent_first = ann_.sentences[static_cast<size_t>(c.sentence)].first_token;
      while (k > sent_first && is_title_word(word(k - 1))) --k;
      if (k < c.first) c.role = span_of(k, c.first).of(text_);
    }
    // Demonym + head noun: "the Iraqi government" is Iraq's government.
    if (c.demonym || (c.type == EntityType::MISC && c.end - c.first == 1)) {
      const int32_t e = c.entry >= 0 ? c.entry : -1;
      if (c.end < ann_.tokens.size() && sentence_of_[c.end] == c.sentence && e >= 0) {
        const std::string_view head = lower_in(
            word(c.end), {"government", "military", "army", "forces", "troops", "navy"});
        if (!head.empty()) {
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
      if (lower_in(word(c.end - 1), {"river", "sea", "mountains", "mountain", "valley", "desert",
                                     "gulf", "ocean", "lake", "island", "islands", "border",
                                     "strait", "peninsula"}).empty())
        c.type = EntityType::GPE;
    }
  }
}

void Resolver::resolve() {
  std::erase_if(cands_, [](const Cand& c) { return c.sentence < 0; });
  ann_.actors.reserve(ann_.actors.size() + cands_.size() + 4);  // at most about one each
  // Pass 1: gazetteer and full names.
  for (Cand& c : cands_) {
    const GazEntry* e = c.entry >= 0 ? &gaz_.entry(static_cast<uint32_t>(c.entry)) : nullptr;
    if (c.type == EntityType::ORG && e && c.demonym) {  // demonym + head
      const bool gov = c.role == "government";
      c.role = {};
      const std::string name = std::string(e->name) + (gov ? " government" : " military");
      const std::string cameo = e->country + (gov ? "GOV" : "MIL");
      // Prefer a gazetteer entry with that CAMEO code and country ("Iraqi government").
      std::string id;
      if (const int32_t k = gaz_.office_entry(cameo); k >= 0) {
        const auto u = static_cast<uint32_t>(k);
        id = gaz_.actor_id(u);
        actor(id, gaz_.entry(u).name, ActorType::Organization, e->country, cameo);
      } else {
        id = "actor:" + slugify(name);
      }
      c.actor = actor(id, name, ActorType::Organization, e->country, cameo);
      c.demonym = false;
      continue;
    }
    if (e)
      c.actor = actor(gaz_.actor_id(static_cast<uint32_t>(c.entry)), e->name,
                      actor_type_for(c.demonym ? EntityType::NORP : e->type, e), e->country,
                      e->cameo);
  }
  // Persons: the longest name in the document that ends with the same words ("Kadhimi",
  // "Al Kadhimi" -> "Mustafa Al Kadhimi"); candidates indexed by their last word.
  // A mention the model typed otherwise but that ends a longer person's name in the document
  // ("al-Rufay'i" after "Abdallah Makki Muslih al-Rufay'i") is that person.
  // The variant key of candidate i is keys.substr(kfirst[i], kfirst[i+1] - kfirst[i]) (its
  // words' keys joined by spaces); its words are that key split at spaces ("Al-Kadhimi" gives
  // "al" and "kadhimi"): parts[pfirst[i], pfirst[i+1]), none when the last word has no letter
  // ("&", "--": never a name part).
  struct Part {
    uint32_t off, len;
  };
  std::string keys;
  std::vector<uint32_t> kfirst(cands_.size() + 1, 0);
  std::vector<Part> parts;
  std::vector<uint32_t> pfirst(cands_.size() + 1, 0);
  for (size_t i = 0; i < cands_.size(); ++i) {
    const auto p0 = static_cast<uint32_t>(parts.size());
    const auto k0 = static_cast<uint32_t>(keys.size());
    for (uint32_t t = cands_[i].first; t < cands_[i].end; ++t) {
      if (t > cands_[i].first) keys.push_back(' ');
      append_variant_key(word(t), keys);
    }
    const auto k1 = static_cast<uint32_t>(keys.size());
    kfirst[i + 1] = k1;
    uint32_t p = k0;
    for (uint32_t q = k0; q <= k1; ++q)
      if (q == k1 || keys[q] == ' ') {
        parts.push_back({p, q - p});
        p = q + 1;
      }
    const Part last = parts.back();
    const bool letters = std::any_of(keys.begin() + last.off, keys.begin() + last.off + last.len,
                                     [](char ch) {
      return (ch >= 'a' && ch <= 'z') || static_cast<unsigned char>(ch) >= 0x80;
    });
    if (!letters) parts.resize(p0);
    pfirst[i + 1] = static_cast<uint32_t>(parts.size());
  }
  auto part = [&](uint32_t p) { return std::string_view(keys).substr(parts[p].off, parts[p].len); };
  auto nparts = [&](size_t i) { return pfirst[i + 1] - pfirst[i]; };
  // Multi-word person names by the hash of their last word (then by position, as scanned).
  std::vector<std::pair<uint64_t, uint32_t>> by_last;
  for (size_t i = 0; i < cands_.size(); ++i)
    if (cands_[i].type == EntityType::PER && nparts(i) > 1)
      by_last.emplace_back(fnv1a(part(pfirst[i + 1] - 1)), static_cast<uint32_t>(i));
  std::sort(by_last.begin(), by_last.end());
  for (size_t i = 0; i < cands_.size(); ++i) {
    Cand& c = cands_[i];
    const uint32_t n = nparts(i);
    if (c.actor >= 0 || n == 0) continue;
    const std::string_view last = part(pfirst[i + 1] - 1);
    const uint64_t h = fnv1a(last);
    auto lo = std::lower_bound(by_last.begin(), by_last.end(), std::pair<uint64_t, uint32_t>{h, 0});
    auto hi = lo;
    bool listed = false;  // some multi-word person name ends with this word
    for (; hi != by_last.end() && hi->first == h; ++hi)
      listed = listed || part(pfirst[hi->second + 1] - 1) == last;
    if (c.type != EntityType::PER && (c.entry >= 0 || !listed)) continue;
    uint32_t best = n;
    const Cand* best_c = nullptr;
    for (auto it = lo; it != hi; ++it) {
      const uint32_t j = it->second;
      const uint32_t m = nparts(j);
      if (m <= best) continue;
      bool same = true;  // c's words are the last n words of j's
      for (uint32_t q = 0; q < n && same; ++q)
        same = part(pfirst[i] + q) == part(pfirst[j + 1] - n + q);
      if (!same) continue;
      best = m;
      best_c = &cands_[j];
    }
    if (best_c) {
      c.type = EntityType::PER;
      if (best_c->actor >= 0) {
        c.actor = best_c->actor;
        continue;
      }
      const std::string_view name = text_of(*best_c);
      c.actor = actor("actor:" + slugify(name), name, ActorType::Person, "", "");
    }
  }
  // Everything else: by spelling-variant key, then acronyms defined as "Name (ACR)".
  // krange[i]: where candidate i's key is in `keys` (kept in step with acronym insertions).
  std::vector<std::pair<uint32_t, uint32_t>> krange(cands_.size());
  for (size_t i = 0; i < cands_.size(); ++i) krange[i] = {kfirst[i], kfirst[i + 1] - kfirst[i]};
  KeyIndex by_key;    // variant key -> actor
  KeyIndex acronyms;  // variant key -> actor
  for (size_t i = 0; i < cands_.size(); ++i) {
    Cand& c = cands_[i];
    const std::string_view key = std::string_view(keys).substr(krange[i].first, krange[i].second);
    const uint64_t h = fnv1a(key);
    if (c.actor < 0) {
      if (const int32_t a = acronyms.find(key, h); a >= 0) {
        c.actor = a;
      } else if (const int32_t b = by_key.find(key, h); b >= 0) {
        c.actor = b;
      } else if (c.type != EntityType::MISC) {
        std::string_view name = text_of(c);
        c.actor = actor("actor:" + slugify(name), name, actor_type_for(c.type, nullptr), "", "");
      }
    }
    if (c.actor < 0) continue;
    by_key.emplace(key, h, c.actor);
    // "Popular Mobilisation Forces (PMF)": the parenthesised acronym names the same actor.
    if (c.end + 2 < ann_.tokens.size() && word(c.end) == "(" && word(c.end + 2) == ")" &&
        !has_lower(word(c.end + 1)) && word(c.end + 1).size() >= 2) {
      const std::string_view ak = key_of(c.end + 1, c.end + 2);
      acronyms.emplace(ak, fnv1a(ak), c.actor);
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
        a.role = {};
        const auto at = static_cast<uint32_t>(keys.size());
        keys.append(ak);
        cands_.insert(cands_.begin() + static_cast<ptrdiff_t>(i) + 1, a);
        krange.insert(krange.begin() + static_cast<ptrdiff_t>(i) + 1,
                      {at, static_cast<uint32_t>(ak.size())});
      }
    }
  }
  // Aliases and roles.
  for (const Cand& c : cands_) {
    if (c.actor < 0) continue;
    Actor& a = ann_.actors[static_cast<size_t>(c.actor)];
    const std::string_view t = text_of(c);
    if (t != a.name && std::find(a.aliases.begin(), a.aliases.end(), t) == a.aliases.end())
      a.aliases.emplace_back(t);
    if (!c.role.empty() && c.type == EntityType::PER &&
        std::find(a.roles.begin(), a.roles.end(), c.role) == a.roles.end())
      a.roles.emplace_back(c.role);
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
      if (c.actor >= 0) {
        if (c.type == EntityType::PER) last_per = &c;
        if (c.type == EntityType::ORG) last_org = &c;
        if (c.type == EntityType::ORG &&
            ann_.actors[static_cast<size_t>(c.actor)].type == ActorType::Group)
          last_group = &c;
      }
      ++ci;
    }
    if (ci < cands_.size() && cands_[ci].first <= k) continue;  // inside a mention
    // Classify the word by its length first: most words are none of those looked for.
    const std::string_view w = word(k);
    bool personal = false;   // he, she, his, her, him
    bool neuter = false;     // it, its
    std::string_view noun;   // "the group", "this ministry", ...
    switch (w.size()) {
      case 2:
        personal = lower_is(w, "he");
        neuter = !personal && lower_is(w, "it");
        break;
      case 3:
        personal = !lower_in(w, {"she", "his", "her", "him"}).empty();
        neuter = !personal && lower_is(w, "its");
        break;
      case 5: noun = lower_in(w, {"group"}); break;
      case 7: noun = lower_in(w, {"militia"}); break;
      case 8: noun = lower_in(w, {"movement", "ministry", "alliance"}); break;
      case 9: noun = lower_in(w, {"coalition"}); break;
      case 12: noun = lower_in(w, {"organization", "organisation"}); break;
      default: break;
    }
    if (!personal && !neuter && noun.empty()) continue;
    const int32_t s = sentence_of_[k];
    auto near = [&](const Cand* a) { return a && s - a->sentence <= 2; };
    if (personal && near(last_per)) {
      Cand c = *last_per;
      c.first = k;
      c.end = k + 1;
      c.sentence = s;
      extra.push_back(c);
    } else if (neuter && near(last_org)) {
      Cand c = *last_org;
      c.first = k;
      c.end = k + 1;
      c.sentence = s;
      extra.push_back(c);
    } else if (k > 0 && !noun.empty() && !lower_in(word(k - 1), {"the", "this", "that"}).empty() &&
               near(last_org)) {
      const bool armed = in(noun, {"group", "militia", "movement"});
      Cand c = armed && near(last_group) ? *last_group : *last_org;
      c.first = k - 1;
      c.end = k + 1;
      c.sentence = s;
      extra.push_back(c);
    }
  }
  for (Cand& c : extra) {
    c.role = {};
    c.anaphor = true;
  }
  cands_.insert(cands_.end(), extra.begin(), extra.end());
  std::sort(cands_.begin(), cands_.end(), [](const Cand& a, const Cand& b) {
    return a.first != b.first ? a.first < b.first : a.end < b.end;
  });
}

void Resolver::relate(std::string kind, int32_t from, int32_t to, int32_t s, Span sp) {
  if (from < 0 || to < 0 || from == to) return;
  const std::string& f = id_of(from);
  const std::string& t = id_of(to);
  for (const auto& r : ann_.relations)
    if (r.kind == kind && r.from == f && r.to == t) return;
  ann_.relations.push_back({std::move(kind), f, t, s, sp});
}

void Resolver::relations() {
  for (size_t i = 0; i < cands_.size(); ++i) {
    const Cand& c = cands_[i];
    if (c.actor < 0 || c.type != EntityType::PER || c.anaphor) continue;
    const uint32_t sf = ann_.sentences[static_cast<size_t>(c.sentence)].first_token;
    const uint32_t se = ann_.sentences[static_cast<size_t>(c.sentence)].end_token;
    const std::string role = lower(c.role);
    const bool spokes = role.find("spokes") != std::string::npos ||
                        role.find("press secretary") != std::string::npos;
    // "<ORG> spokesman X" / "Iran's foreign ministry spokesman X".
    uint32_t k = c.first;
    while (k > sf && is_title_word(word(k - 1))) --k;
    const Cand* before = nullptr;
    for (size_t j = 0; j < i; ++j)
      if (cands_[j].sentence == c.sentence && cands_[j].end + 1 >= k && cands_[j].end <= k &&
          cands_[j].actor >= 0)
        before = &cands_[j];
    if (spokes && before && (before->type == EntityType::ORG || before->type == EntityType::GPE ||
                             before->type == EntityType::NORP))
      relate("spokesperson_for", c.actor, before->actor, c.sentence, span_of(before->first, c.end));
    // "X, spokesman for (the) ORG"
    if (c.end + 3 < se && word(c.end) == ",") {
      uint32_t m = c.end + 1;
      while (m < se && (is_title_word(word(m)) || !lower_in(word(m), {"a", "the"}).empty())) ++m;
      const std::string r2 = lower(span_of(c.end + 1, std::max(m, c.end + 2)).of(text_));
      if (m < se && lower_is(word(m), "for") && r2.find("spokes") != std::string::npos) {
        for (const Cand& o : cands_)
          if (o.sentence == c.sentence && o.first > m && o.first <= m + 2 && o.actor >= 0) {
            relate("spokesperson_for", c.actor, o.actor, c.sentence, span_of(c.first, o.end));
            break;
          }
      }
    }
    // Heads of government hold office in the country named before them or their own.
    std::string_view head;
    for (size_t p = role.size(); p-- > 0;) {
      const std::string_view tail = std::string_view(role).substr(p);
      if ((p == 0 || role[p - 1] == ' ') && is_head_title(tail)) head = tail;
    }
    if (!head.empty()) {
      int32_t country = -1;
      if (before && (before->type == EntityType::GPE || before->type == EntityType::NORP)) {
        country = before->actor;
      } else {
        const Actor& a = ann_.actors[static_cast<size_t>(c.actor)];
        for (size_t o = 0; o < ann_.actors.size(); ++o)
          if (ann_.actors[o].type == ActorType::Country && !a.country.empty() &&
              ann_.actors[o].country == a.country)
            country = static_cast<int32_t>(o);
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
      // "part", "member(s)", "belong(s)": 4 to 7 letters; skip the rest at once.
      const std::string_view w = word(k);
      if (const size_t len = w.size(); len < 4 || len > 7) continue;
      const std::string_view w2 = word(k + 1);
      const bool part = lower_is(w, "part") && lower_is(w2, "of") && k > se.first_token &&
                        !lower_in(word(k - 1), {"is", "are", "was", "were", "be", "been",
                                                "remain", "remains", "becomes", "became", ","})
                             .empty();
      if (!(part || (!lower_in(w, {"member", "members"}).empty() && lower_is(w2, "of")) ||
            (!lower_in(w, {"belong", "belongs"}).empty() && lower_is(w2, "to"))))
        continue;
      const Cand* y = nullptr;
      for (const Cand& o : cands_)
        if (o.first > k + 1 && o.first <= k + 4 && o.first < se.end_token && o.actor >= 0) {
          y = &o;
          break;
        }
      if (!y) continue;
      // "... identified X as a member of Y": only X.
      uint32_t from_first = se.first_token;
      if (k >= se.first_token + 2 && !lower_in(word(k - 1), {"a", "an"}).empty() &&
          lower_is(word(k - 2), "as"))
        for (const Cand& o : cands_)
          if (o.first >= se.first_token && o.end <= k - 2) from_first = o.first;
      for (const Cand& o : cands_)
        if (o.first >= from_first && o.end <= k && o.first + 30 >= k && o.actor >= 0 &&
            !o.anaphor &&
            (o.type == EntityType::ORG || o.type == EntityType::PER))
          relate(o.type == EntityType::PER ? "member_of" : "part_of", o.actor, y->actor,
                 o.sentence, span_of(o.first, y->end));
    }
  }
  // "Iranian-backed militias", "Iran-backed": backed_by from the nearest organisation.
  for (uint32_t k = 0; k < ann_.tokens.size(); ++k) {
    const std::string_view raw = word(k);
    if (raw.size() <= 7 || !lower_is(raw.substr(raw.size() - 7), "-backed")) continue;
    const std::string_view backer = raw.substr(0, raw.size() - 7);
    const std::array<std::string_view, 1> one{backer};
    const GazMatch m = gaz_.longest(one, 0);
    if (m.end == m.first) continue;
    const GazEntry& e = gaz_.entry(m.entry);
    const int32_t backer_actor =
        actor(gaz_.actor_id(m.entry), e.name, actor_type_for(e.type, &e), e.country, e.cameo);
    // The backer itself is a mention (NORP for a demonym).
    Cand b;
    b.first = k;
    b.end = k + 1;
    b.type = m.demonym ? EntityType::NORP : e.type;
    b.sentence = sentence_of_[k];
    b.actor = backer_actor;
    // The organisation right after ("Iran-backed Kata'ib Hezbollah"), else one just before.
    const Cand* target = nullptr;
    for (const Cand& o : cands_)
      if (o.sentence == b.sentence && o.type == EntityType::ORG && o.actor >= 0 &&
          o.first > k && o.first <= k + 6) {
        target = &o;
        break;
      }
    if (!target)
      for (const Cand& o : cands_)
        if (o.sentence == b.sentence && o.type == EntityType::ORG && o.actor >= 0 &&
            o.end <= k && o.end + 4 >= k)
          target = &o;
    if (target) relate("backed_by", target->actor, backer_actor, b.sentence, span_of(k, k + 1));
    cands_.erase(std::remove_if(cands_.begin(), cands_.end(),
                                [&](const Cand& o) { return o.first <= k && k < o.end; }),
                 cands_.end());
    // Record the mention over the backer's bytes only ("Iranian" in "Iranian-backed").
    EntityMention em;
    em.span = {ann_.tokens[k].span.start,
               ann_.tokens[k].span.start + static_cast<uint32_t>(backer.size())};
    em.type = b.type;
    em.sentence = b.sentence;
    em.actor = id_of(backer_actor);
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
    if (c.actor >= 0) m.actor = id_of(c.actor);
    ann_.entities.push_back(std::move(m));
  }
  std::sort(ann_.entities.begin(), ann_.entities.end(),
            [](const EntityMention& a, const EntityMention& b) { return a.span < b.span; });
  ann_.entities.erase(std::unique(ann_.entities.begin(), ann_.entities.end(),
                                  [](const EntityMention& a, const EntityMention& b) {
                                    return a.span == b.span;
                                  }),
                      ann_.entities.end());
  // Actors by id (ids are unique): sort indices, then move each actor once.
  std::vector<uint32_t> order(ann_.actors.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return ann_.actors[a].id < ann_.actors[b].id; });
  std::vector<Actor> sorted;
  sorted.reserve(order.size());
  for (uint32_t i : order) sorted.push_back(std::move(ann_.actors[i]));
  ann_.actors = std::move(sorted);
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
