#include "core/events.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/resources.hpp"
#include "core/segmenter.hpp"
#include "core/short_hash.hpp"
#include "core/timex_calendar.hpp"

// Rule-based event extraction over tokens. Patterns (core/data/events/patterns.tsv) are
// compiled once into a hash map keyed by the folded first word of every inflected form; a
// document is processed sentence by sentence: triggers, then arguments from a light noun-phrase
// chunker (entity mentions when present), then modality, dates, report links and coreference.
// Word-specific trigger guards ("a 14.8 pct decline", "free trade") are data: column 8 of the
// patterns ("constraints"), compiled at load time into hashed word sets and class bits.

namespace eg {
namespace {

/// False when both dates come from time expressions and lie years apart ("fighting in 1983" vs
/// "the fighting on Monday" in a 2021 story). Closer dates are not trusted to tell two events
/// apart: a noun mention takes the nearest date of its sentence, often another event's ("deaths
/// in these attacks rose from 88 in 2023"). An "on or before" or missing date never conflicts.
bool dates_compatible_explicit(const EventDate& a, const EventDate& b) {
  if (a.timex < 0 || b.timex < 0 || a.value.size() < 4 || b.value.size() < 4) return true;
  auto year = [](std::string_view v) {
    int y = 0;
    for (size_t i = 0; i < 4; ++i) {
      if (v[i] < '0' || v[i] > '9') return -1;
      y = y * 10 + (v[i] - '0');
    }
    return y;
  };
  const int ya = year(a.value), yb = year(b.value);
  return ya < 0 || yb < 0 || std::abs(ya - yb) < 2;
}

enum class Part : uint8_t { Verb, Noun, Adj };
enum class Role : uint8_t { None, Source, Target, Location, Instrument, Topic };
enum class Form : uint8_t { Base, S, Past, Ing, Noun };

struct StrHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StrMap = std::unordered_map<std::string, V, StrHash, std::equal_to<>>;
using WordSet = std::unordered_set<std::string, StrHash, std::equal_to<>>;

// ---- Trigger constraints (column 8 of patterns.tsv; the grammar is documented there and in
// docs/formats.md). Word lists are resolved to hashed sets at load time; evaluation allocates
// nothing.

// Built-in token classes beyond the closed-class flags (W_*).
enum : uint32_t {
  C_VERBAL = 1, C_CAP = 2, C_NUMBER = 4, C_WORD = 8, C_ALPHA = 16, C_QUOTE = 32, C_INSTRUMENT = 64
};

// A union of token tests on one token: closed-class flags, built-in classes and folded words.
struct TokenSet {
  uint32_t flags = 0;    // W_* bits: matches a token with any of them
  uint32_t classes = 0;  // C_* bits
  WordSet words;
  [[nodiscard]] bool empty() const { return flags == 0 && classes == 0 && words.empty(); }
};

enum class Slot : uint8_t { Left, Next, Right };

// One test of a constraint item: "next=that,:,@quote", "right=at,@instrument;within=5".
struct ConstraintTest {
  Slot slot = Slot::Next;
  bool negate = false;                       // left-not, next-not, right-not
  TokenSet one;                              // single-token atoms
  std::vector<std::vector<TokenSet>> seqs;   // sequence atoms ("to+@alpha")
  uint32_t within = 5;                       // right: window size after the trigger
  TokenSet stop;                             // right: the window ends at such a token
  TokenSet skip;                             // next: one such token is skipped first
};

// One item: holds when any of its tests holds; applies to the forms listed (all when empty).
struct ConstraintItem {
  WordSet forms;
  std::vector<ConstraintTest> tests;
};

struct Pattern {
  std::string kind, plover, cameo;
  Part part = Part::Verb;
  Role subj = Role::Source, obj = Role::Target, mod = Role::Source;
  std::vector<std::pair<std::string, Role>> preps;  // folded preposition -> role
  bool statement = false, wrongdoing = false;
  // a speech verb that mostly attributes other content ("said"): a statement event only when it
  // is a communication act of its own ("said in a statement", "told reporters")
  bool attribution = false;
  // column 8: all items must hold for a trigger of this pattern
  std::vector<ConstraintItem> constraints;
  std::string constraint_text;  // column 8 as written, compiled once the whole file is read
  size_t constraint_line = 0;
};

struct Entry {
  std::vector<std::string> words;  // folded surface words; words[0] is the map key
  uint32_t pattern = 0;
  Form form = Form::Base;
};


// Closed-class word flags.
enum : uint32_t {
  W_DET = 1, W_PRON = 2, W_PREP = 4, W_AUX = 8, W_MODAL = 16, W_NEG = 32, W_CLAUSE = 64,
  W_ADV = 128, W_CONJ = 256, W_NUM = 512, W_POSS = 1024, W_LOCPREP = 2048, W_PLACE = 4096,
  W_CLAIM = 8192, W_BE = 16384, W_FUT = 32768, W_COMM = 65536
};

// Built-in class names of constraint atoms ("@det", "@verbal"); "@comma" stands for ",".
constexpr std::array<std::pair<std::string_view, uint32_t>, 10> kFlagClasses{{
    {"det", W_DET}, {"pron", W_PRON}, {"prep", W_PREP}, {"conj", W_CONJ}, {"aux", W_AUX},
    {"modal", W_MODAL}, {"neg", W_NEG}, {"adv", W_ADV}, {"numword", W_NUM}, {"be", W_BE}}};
constexpr std::array<std::pair<std::string_view, uint32_t>, 7> kTokenClasses{{
    {"verbal", C_VERBAL}, {"cap", C_CAP}, {"number", C_NUMBER}, {"word", C_WORD},
    {"alpha", C_ALPHA}, {"quote", C_QUOTE}, {"instrument", C_INSTRUMENT}}};

bool builtin_class(std::string_view name) {
  if (name == "comma") return true;
  for (auto [n, f] : kFlagClasses)
    if (n == name) return true;
  for (auto [n, c] : kTokenClasses)
    if (n == name) return true;
  return false;
}

struct WordInfo {
  uint32_t flags = 0;
  int value = -1;  // number words
};

Role role_from(std::string_view s) {
  if (s == "source") return Role::Source;
  if (s == "target") return Role::Target;
  if (s == "location") return Role::Location;
  if (s == "instrument") return Role::Instrument;
  if (s == "topic") return Role::Topic;
  return Role::None;
}

std::string_view role_name(Role r) {
  switch (r) {
    case Role::Source: return "source";
    case Role::Target: return "target";
    case Role::Location: return "location";
    case Role::Instrument: return "instrument";
    case Role::Topic: return "topic";
    case Role::None: break;
  }
  return "";
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t b = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(b, i - b));
      b = i + 1;
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Kinds that may name the same happening ("the strikes" ... "the attacks").
std::string_view kind_group(std::string_view k) {
  return k == "strike" || k == "attack" ? std::string_view("assault") : k;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
inline bool ends_with(std::string_view s, std::string_view suf) { return s.ends_with(suf); }

// Short consonant-vowel-consonant words double their last letter: ban -> banned, banning.
bool doubles(std::string_view w) {
  if (w.size() < 3 || w.size() > 4) return false;
  char a = w[w.size() - 3], b = w[w.size() - 2], c = w.back();
  return !is_vowel(a) && is_vowel(b) && !is_vowel(c) && c != 'w' && c != 'x' && c != 'y';
}

std::string plural(std::string_view w) {
  std::string s(w);
  if (ends_with(w, "s") || ends_with(w, "x") || ends_with(w, "z") || ends_with(w, "ch") ||
      ends_with(w, "sh"))
    return s + "es";
  if (w.size() > 1 && w.back() == 'y' && !is_vowel(w[w.size() - 2])) return s.substr(0, s.size() - 1) + "ies";
  return s + "s";
}

std::string past(std::string_view w) {
  std::string s(w);
  if (w.back() == 'e') return s + "d";
  if (w.size() > 1 && w.back() == 'y' && !is_vowel(w[w.size() - 2])) return s.substr(0, s.size() - 1) + "ied";
  if (doubles(w)) return s + w.back() + "ed";
  return s + "ed";
}

std::string gerund(std::string_view w) {
  std::string s(w);
  if (ends_with(w, "ie")) return s.substr(0, s.size() - 2) + "ying";
  if (w.back() == 'e' && !ends_with(w, "ee")) return s.substr(0, s.size() - 1) + "ing";
  if (doubles(w)) return s + w.back() + "ing";
  return s + "ing";
}

// British/American spelling variants of a lemma (-ise/-ize, -isation/-ization).
std::vector<std::string> spellings(std::string_view lemma) {
  std::vector<std::string> out{std::string(lemma)};
  std::string s(lemma);
  for (auto [a, b] : {std::pair{"ise", "ize"}, std::pair{"ize", "ise"}, std::pair{"isation", "ization"},
                      std::pair{"ization", "isation"}, std::pair{"mobilis", "mobiliz"}}) {
    auto p = s.find(a);
    if (p != std::string::npos) {
      std::string v = s;
      v.replace(p, std::strlen(a), b);
      out.push_back(v);
    }
  }
  return out;
}

std::string lower(std::string_view s) { return fold_key(s); }

Form classify_listed(std::string_view w) {
  if (ends_with(w, "ing")) return Form::Ing;
  if (ends_with(w, "s") && !ends_with(w, "ss")) return Form::S;
  return Form::Past;
}

// Folds a token into `out` (ASCII lowercase; typographic apostrophes, quotes and dashes to
// ASCII); returns the number of bytes written, never more than s.size().
size_t fold_into(std::string_view s, char* out) {
  // ASCII bytes lowercased; 0 marks the start of a multi-byte character
  static constexpr std::array<char, 256> kLower = [] {
    std::array<char, 256> t{};
    for (int c = 1; c < 0x80; ++c)
      t[static_cast<size_t>(c)] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return t;
  }();
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (const char l = kLower[c]; l != 0 || c == 0) {
      out[n++] = l;
      ++i;
      continue;
    }
    auto [cp, len] = decode_utf8(s, i);
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x2032) {
      out[n++] = '\'';
    } else if (cp == 0x201C || cp == 0x201D || cp == 0x201E) {
      out[n++] = '"';
    } else if (cp >= 0x2010 && cp <= 0x2015) {
      out[n++] = '-';
    } else {
      std::memcpy(out + n, s.data() + i, len);
      n += len;
    }
    i += len;
  }
  return n;
}

bool is_upper_start(std::string_view s) {
  if (s.empty()) return false;
  auto c = static_cast<unsigned char>(s[0]);
  return (c >= 'A' && c <= 'Z') || (c >= 0xC3 && c <= 0xC3);
}

int parse_number(std::string_view s) {
  if (s.empty() || s[0] < '0' || s[0] > '9') return -1;
  int v = 0;
  for (char c : s) {
    if (c == ',') continue;
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
    if (v > 100000000) return -1;
  }
  return v;
}

Granularity granularity_of(std::string_view v) {
  auto digits = [&](size_t a, size_t n) {
    if (v.size() < a + n) return false;
    for (size_t i = a; i < a + n; ++i)
      if (v[i] < '0' || v[i] > '9') return false;
    return true;
  };
  if (!digits(0, 4)) return Granularity::None;
  if (v.size() == 4) return Granularity::Year;
  if (v.size() >= 7 && v[4] == '-' && v[5] == 'W') return Granularity::Week;
  if (v.size() >= 7 && v[4] == '-' && v[5] == 'Q') return Granularity::Quarter;
  if (v.size() == 7 && digits(5, 2)) return Granularity::Month;
  if (v.size() >= 10 && digits(5, 2) && digits(8, 2)) return v.size() > 10 ? Granularity::Time : Granularity::Day;
  return Granularity::None;
}

// Day number of the first day a TimeML date value covers ("2021" -> 2021-01-01, "2021-W26" -> its
// Monday, "2021-Q3" -> 2021-07-01), or nullopt for values without a calendar position.
std::optional<int64_t> first_day(std::string_view v) {
  auto num = [&](size_t a, size_t n) {
    int x = 0;
    for (size_t i = a; i < a + n; ++i) x = x * 10 + (v[i] - '0');
    return x;
  };
  switch (granularity_of(v)) {
    case Granularity::Year:
    case Granularity::Month:
    case Granularity::Day:
    case Granularity::Time:
      if (const auto r = date_value_days(v)) return r->first;
      return std::nullopt;
    case Granularity::Quarter:
      if (v.size() < 7 || v[6] < '1' || v[6] > '4') return std::nullopt;
      return days_from_civil({num(0, 4), (v[6] - '1') * 3 + 1, 1});
    case Granularity::Week: {
      if (v.size() < 8 || v[6] < '0' || v[6] > '9' || v[7] < '0' || v[7] > '9') return std::nullopt;
      const int64_t jan4 = days_from_civil({num(0, 4), 1, 4});
      return jan4 - (weekday_of(jan4) - 1) + 7 * (num(6, 2) - 1);
    }
    default: return std::nullopt;
  }
}

// One trigger occurrence inside a sentence, before coreference.
struct Mention {
  uint32_t first = 0, last = 0;  // token range of the trigger (inclusive)
  uint32_t pattern = 0;
  Form form = Form::Base;
  bool noun = false;
  bool passive = false;
  bool definite = false;  // the/these/its ... or an actor premodifier: may refer back
  bool dropped = false;
  int32_t merged_into = -1;  // mention index this one was folded into
  Event ev;
  int32_t report_target = -1;  // mention index reported / condemned
  uint32_t subj_a = 1, subj_b = 0;  // subject phrase tokens (empty when b < a)
  int32_t host = -1;  // event noun this participle describes ("groups hit by the strikes")
  int32_t cause = -1;  // assault noun a passive kill/injure happened in ("killed in rebel raids")
  bool no_agent = false;  // participle after a passive clause: its subject is no agent
  // "the third attack", "the latest attack": one instance of a series; it may name the event at
  // hand but its date ("this month") is the series', not the event's
  bool ordinal = false;
  bool another = false;  // "another attack", "a previous attack": some other instance
  bool series = false;   // "several attacks", "past attacks": a count or kind of events, no one event
  // a participle modifying a noun phrase that is the subject of a later verb ("schoolgirls
  // kidnapped in Zamfara were freed Tuesday"): the first token of that verb, whose dates are not
  // this event's (0: none)
  uint32_t main_verb = 0;
  bool reduced = false;  // a participle modifying the noun phrase before it ("fighters killed in")
};

}  // namespace

namespace {

using Seqs = std::vector<std::vector<std::string>>;

// Everything the lexicons say about one folded word, found with a single hash lookup per token.
struct Lex {
  WordInfo info;
  const std::vector<Entry>* entries = nullptr;  // trigger entries starting with the word
  const Seqs* idioms = nullptr;
  const Seqs* light = nullptr;
  const Seqs* undergo = nullptr;
};

}  // namespace

struct EventExtractor::Impl {
  std::vector<Pattern> patterns;
  StrMap<std::vector<Entry>> entries;  // by first folded word
  StrMap<WordInfo> words;
  StrMap<int> instruments;            // folded head noun (singular and plural)
  StrMap<std::vector<std::vector<std::string>>> light;  // first word -> word sequences
  StrMap<std::vector<std::vector<std::string>>> undergo;  // "suffer": subject is the target
  StrMap<std::vector<std::vector<std::string>>> idioms;  // "strike a deal": no event inside
  // union of the keys above, pointing into those maps (built last, never modified after)
  std::unordered_map<std::string, Lex, ShortKeyHash, std::equal_to<>> lex;

  StrMap<std::vector<std::string>> lists;  // "@goods" lines: name (without '@') -> folded words

  void load(const std::string& text, const std::string& path);
  void compile_constraints(Pattern& p, const std::string& path) const;
  void add_words();
  void build_lex();

  // ---- per-document work, implemented below
  void extract(std::string_view text, std::string_view dct, Annotations& ann) const;
};

void EventExtractor::Impl::add_words() {
  auto add = [&](std::initializer_list<const char*> ws, uint32_t f) {
    for (const char* w : ws) words[w].flags |= f;
  };
  add({"the", "a", "an", "this", "that", "these", "those", "some", "any", "each", "every", "all",
       "both", "no", "another", "such", "several", "many", "most", "other", "least"}, W_DET);
  add({"its", "their", "his", "her", "our", "my", "your"}, W_DET | W_POSS);
  add({"it", "they", "he", "she", "we", "i", "you", "them", "him", "us", "itself", "themselves"}, W_PRON);
  add({"of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto", "near", "against",
       "across", "along", "over", "under", "about", "after", "before", "since", "during", "through",
       "toward", "towards", "between", "among", "amid", "within", "without", "inside", "outside",
       "upon", "via", "per", "than", "as", "like", "targeting", "including", "despite", "around",
       "behind", "beyond", "off", "out", "up", "down"}, W_PREP);
  add({"in", "at", "near", "across", "along", "inside", "outside", "around", "into", "from", "within"},
      W_LOCPREP);
  add({"is", "are", "was", "were", "be", "been", "being", "am", "'s"}, W_AUX | W_BE);
  add({"has", "have", "had", "having", "do", "does", "did", "get", "got", "gets"}, W_AUX);
  add({"will", "would", "can", "could", "may", "might", "shall", "should", "must", "'ll", "'d"},
      W_AUX | W_MODAL);
  add({"will", "'ll", "shall"}, W_FUT);
  // "is willing to withdraw", "are expected to increase": intent, treated like a modal
  add({"willing", "prepared", "ready", "expected", "likely", "committed", "poised", "planning",
       "plans", "plan", "planned", "intends", "intend", "intended", "agreed", "promised", "offered",
       "pledged", "vowed", "threatened", "wants", "want", "wanted", "hopes", "seeks"},
      W_AUX | W_MODAL);
  add({"not", "n't", "never", "no", "cannot", "don't", "didn't", "doesn't", "won't", "wouldn't",
       "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't", "can't", "couldn't"},
      W_NEG | W_AUX);
  add({"won't", "wouldn't", "couldn't", "can't", "cannot"}, W_MODAL);
  add({"that", "which", "who", "whom", "whose", "what", "where", "when", "while", "whereas",
       "although", "though", "because", "whether", "if", "unless", "until"}, W_CLAUSE);
  add({"and", "or", "but", "nor"}, W_CONJ);
  add({"also", "already", "still", "just", "only", "now", "then", "later", "recently", "reportedly",
       "allegedly", "increasingly", "largely", "hard", "again", "jointly", "further", "previously",
       "repeatedly", "reportedly", "apparently", "formally", "officially", "publicly", "strongly",
       "immediately", "finally", "initially", "yesterday", "today", "tonight", "earlier", "subsequently",
       "nominally", "not", "even", "ever", "mostly", "fully", "partly", "quickly", "outright",
       "once", "twice", "instead", "yet", "soon", "here", "there"}, W_ADV);
  // nouns that make a speech verb a communication act: "said in a statement", "told reporters"
  add({"statement", "statements", "reporters", "journalists", "conference", "interview", "briefing",
       "communique", "broadcast", "televised", "speech", "address", "declaration", "announcement"},
      W_COMM);
  add({"claim", "claims", "claimed", "alleged", "allegedly", "allegation", "allegations", "reportedly"},
      W_CLAIM);
  add({"town", "city", "village", "province", "border", "area", "region", "district", "base", "bases",
       "capital", "country", "camp", "airport", "port", "compound", "street", "square", "neighborhood",
       "neighbourhood", "county", "state", "territory", "sky", "outskirts", "desert", "road",
       "station", "restaurant", "cafe", "market", "mosque", "church", "hotel", "school", "building",
       "checkpoint", "embassy", "bridge", "highway", "office", "headquarters", "prison", "jail",
       "hospital", "bazaar", "post", "posts", "areas", "places", "stadium", "park", "club", "bar",
       "shop", "store", "mall", "avenue", "barracks", "garrison", "consulate", "palace", "airfield",
       "airbase", "bakery", "theatre", "theater", "arena", "terminal", "house", "home", "apartment"}, W_PLACE);
  const std::array<const char*, 21> nums{"zero", "one", "two", "three", "four", "five", "six",
                                         "seven", "eight", "nine", "ten", "eleven", "twelve",
                                         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                                         "eighteen", "nineteen", "twenty"};
  for (size_t i = 0; i < nums.size(); ++i) {
    auto& w = words[nums[i]];
    w.flags |= W_NUM;
    w.value = static_cast<int>(i);
  }
  for (auto [w, v] : {std::pair{"thirty", 30}, {"forty", 40}, {"fifty", 50}, {"hundred", 100},
                      {"hundreds", 100}, {"dozens", 24}, {"dozen", 12}, {"thousands", 1000}}) {
    auto& e = words[w];
    e.flags |= W_NUM;
    e.value = v;
  }
}

void EventExtractor::Impl::load(const std::string& text, const std::string& path) {
  StrMap<uint32_t> seen;  // "phrase\tpart" -> pattern index
  size_t lineno = 0;
  for (std::string_view line : split(text, '\n')) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    auto cols = split(line, '\t');
    auto phrase = lower(trim(cols[0]));
    auto part = cols.size() > 1 ? trim(cols[1]) : std::string_view{};
    if (phrase.empty() || part.empty())
      throw InputError(fmt::format("{}:{}: expected phrase<TAB>part", path, lineno));
    auto pwords = split(phrase, ' ');
    if (phrase[0] == '@' || part == "words") {
      // a named word list for constraints: "@goods<TAB>words<TAB>aid,money,..."
      if (phrase[0] != '@' || part != "words" || phrase.size() < 2 || cols.size() < 3)
        throw InputError(fmt::format("{}:{}: a word list is '@name<TAB>words<TAB>w1,w2,...'", path, lineno));
      std::vector<std::string> ws;
      for (auto f : split(trim(cols[2]), ',')) {
        f = trim(f);
        if (f.empty() || f[0] == '@')
          throw InputError(fmt::format("{}:{}: empty or '@' item in word list {}", path, lineno, phrase));
        ws.push_back(lower(f));
      }
      if (builtin_class(std::string_view(phrase).substr(1)))
        throw InputError(fmt::format("{}:{}: {} is a built-in class, not a list name", path, lineno, phrase));
      lists[phrase.substr(1)] = std::move(ws);
      continue;
    }
    if (part == "instrument") {
      instruments[phrase] = 1;
      auto lastw = std::string(pwords.back());
      instruments[plural(lastw)] = 1;
      instruments[lastw] = 1;
      continue;
    }
    if (part == "not") {
      // inflect the first word like a verb (and a noun plural on the last); column 3 adds
      // irregular forms of the whole phrase
      std::string head(pwords[0]);
      auto add_seq = [&](std::vector<std::string> seq) { idioms[seq[0]].push_back(std::move(seq)); };
      for (auto form : {head, plural(head), past(head), gerund(head)}) {
        std::vector<std::string> seq{form};
        for (size_t i = 1; i < pwords.size(); ++i) seq.emplace_back(pwords[i]);
        add_seq(seq);
        if (seq.size() > 1) {
          seq.back() = plural(seq.back());
          add_seq(std::move(seq));
        }
      }
      if (cols.size() > 2)
        for (auto f : split(trim(cols[2]), ',')) {
          const std::string lf = lower(trim(f));  // split() returns views into it
          auto ws = split(lf, ' ');
          if (!trim(f).empty()) add_seq(std::vector<std::string>(ws.begin(), ws.end()));
        }
      continue;
    }
    if (part == "light" || part == "undergo") {
      auto& into = part == "light" ? light : undergo;
      std::string head(pwords[0]);
      std::vector<std::string> forms{head, plural(head), past(head), gerund(head)};
      // column 3: irregular forms of the head word ("took,taken" for "take responsibility for")
      if (cols.size() > 2)
        for (auto f : split(cols[2], ','))
          if (!trim(f).empty()) forms.push_back(lower(trim(f)));
      for (const auto& form : forms) {
        std::vector<std::string> seq{form};
        for (size_t i = 1; i < pwords.size(); ++i) seq.emplace_back(pwords[i]);
        into[form].push_back(seq);
      }
      continue;
    }
    if (cols.size() < 5)
      throw InputError(fmt::format("{}:{}: expected 5 to 8 TAB-separated columns", path, lineno));
    Pattern p;
    if (part == "verb") p.part = Part::Verb;
    else if (part == "noun") p.part = Part::Noun;
    else if (part == "adj") p.part = Part::Adj;
    else throw InputError(fmt::format("{}:{}: unknown part '{}'", path, lineno, part));
    p.kind = std::string(trim(cols[2]));
    p.plover = trim(cols[3]) == "-" ? std::string() : std::string(trim(cols[3]));
    p.cameo = trim(cols[4]) == "-" ? std::string() : std::string(trim(cols[4]));
    if (p.kind.empty()) throw InputError(fmt::format("{}:{}: empty kind", path, lineno));
    p.statement = p.kind == "statement";
    p.wrongdoing = p.kind == "wrongdoing";
    if (p.part == Part::Verb) {
      p.preps = {{"by", Role::Source}};
    } else {
      p.preps = {{"by", Role::Source}, {"on", Role::Target}, {"against", Role::Target},
                 {"targeting", Role::Target}};
    }
    if (cols.size() > 5 && trim(cols[5]) != "-" && !trim(cols[5]).empty()) {
      for (auto kv : split(trim(cols[5]), ' ')) {
        if (kv.empty()) continue;
        auto eq = kv.find('=');
        if (eq == std::string_view::npos)
          throw InputError(fmt::format("{}:{}: frame item '{}' is not KEY=ROLE", path, lineno, kv));
        auto key = kv.substr(0, eq);
        auto val = kv.substr(eq + 1);
        if (key == "mode") {
          if (val != "attribution")
            throw InputError(fmt::format("{}:{}: unknown mode '{}'", path, lineno, val));
          p.attribution = true;
          continue;
        }
        Role r = role_from(val);
        if (r == Role::None && val != "-")
          throw InputError(fmt::format("{}:{}: unknown role '{}'", path, lineno, val));
        if (key == "subj") p.subj = r;
        else if (key == "obj") p.obj = r;
        else if (key == "mod") p.mod = r;
        else
          for (auto prep : split(key, '|')) {
            std::erase_if(p.preps, [&](auto& x) { return x.first == prep; });
            p.preps.emplace_back(std::string(prep), r);
          }
      }
    }
    if (cols.size() > 7 && trim(cols[7]) != "-") {
      p.constraint_text = std::string(trim(cols[7]));
      p.constraint_line = lineno;
    }
    auto key = phrase + '\t' + std::string(part);
    uint32_t idx;
    if (auto it = seen.find(key); it != seen.end()) {
      idx = it->second;
      patterns[idx] = std::move(p);
      for (auto& [w, es] : entries) std::erase_if(es, [&](const Entry& e) { return e.pattern == idx; });
    } else {
      idx = static_cast<uint32_t>(patterns.size());
      patterns.push_back(std::move(p));
      seen[key] = idx;
    }
    const Pattern& pat = patterns[idx];
    auto add_form = [&](std::vector<std::string> ws, Form f) {
      for (auto& e : entries[ws[0]])
        if (e.words == ws && e.pattern == idx) {
          if (f == Form::Past) e.form = f;  // hit/hit/hit: the past reading matters for voice
          return;
        }
      entries[ws[0]].push_back(Entry{std::move(ws), idx, f});
    };
    for (const auto& variant : spellings(phrase)) {
      auto vw = split(variant, ' ');
      std::vector<std::string> base(vw.begin(), vw.end());
      if (pat.part == Part::Verb) {
        auto with_first = [&](std::string first, Form f) {
          auto ws = base;
          ws[0] = std::move(first);
          add_form(std::move(ws), f);
        };
        with_first(base[0], Form::Base);
        with_first(plural(base[0]), Form::S);
        with_first(past(base[0]), Form::Past);
        with_first(gerund(base[0]), Form::Ing);
      } else if (pat.part == Part::Noun) {
        add_form(base, Form::Noun);
        auto ws = base;
        ws.back() = plural(ws.back());
        add_form(ws, Form::Noun);
      } else {
        add_form(base, Form::Noun);
      }
    }
    if (cols.size() > 6 && trim(cols[6]) != "-") {
      for (auto f : split(trim(cols[6]), ',')) {
        f = trim(f);
        if (f.empty()) continue;
        const std::string lf = lower(f);  // split() returns views into it
        auto ws = split(lf, ' ');
        std::vector<std::string> v(ws.begin(), ws.end());
        add_form(v, pat.part == Part::Verb ? classify_listed(v[0]) : Form::Noun);
      }
    }
  }
  // constraints last: word lists may be defined anywhere in the file
  for (auto& p : patterns) compile_constraints(p, path);
  // Longest phrases first so "air strike" wins over "strike".
  for (auto& [w, es] : entries)
    std::stable_sort(es.begin(), es.end(),
                     [](const Entry& a, const Entry& b) { return a.words.size() > b.words.size(); });
}

void EventExtractor::Impl::compile_constraints(Pattern& p, const std::string& path) const {
  if (p.constraint_text.empty()) return;
  const size_t lineno = p.constraint_line;
  std::string_view item_text;
  auto fail = [&](std::string_view why) {
    return InputError(fmt::format("{}:{}: constraint '{}': {}", path, lineno, item_text, why));
  };
  // One atom into `into`: a folded word, a built-in class or a named list.
  auto add_atom = [&](std::string_view a, TokenSet& into) {
    if (a.empty()) throw fail("empty atom");
    if (a[0] != '@') {
      into.words.insert(lower(a));
      return;
    }
    const std::string_view name = a.substr(1);
    for (auto [n, f] : kFlagClasses)
      if (name == n) {
        into.flags |= f;
        return;
      }
    for (auto [n, c] : kTokenClasses)
      if (name == n) {
        into.classes |= c;
        return;
      }
    if (name == "comma") {
      into.words.insert(",");
      return;
    }
    auto it = lists.find(name);
    if (it == lists.end()) throw fail(fmt::format("unknown class or word list '{}'", a));
    into.words.insert(it->second.begin(), it->second.end());
  };
  auto add_atoms = [&](std::string_view list, TokenSet& one, std::vector<std::vector<TokenSet>>* seqs) {
    if (list.empty()) throw fail("no atoms after '='");
    for (auto a : split(list, ',')) {
      if (a.size() > 1 && a.find('+') != std::string_view::npos) {
        if (seqs == nullptr) throw fail(fmt::format("sequence '{}' not allowed here", a));
        std::vector<TokenSet> seq;
        for (auto part : split(a, '+')) add_atom(part, seq.emplace_back());
        seqs->push_back(std::move(seq));
      } else {
        add_atom(a, one);
      }
    }
  };
  for (auto item : split(p.constraint_text, ' ')) {
    if (item.empty()) continue;
    item_text = item;
    ConstraintItem ci;
    std::string_view rest = item;
    if (rest.starts_with("forms=")) {
      const auto colon = rest.find(':');
      if (colon == std::string_view::npos) throw fail("'forms=...' must end with ':' before the tests");
      for (auto f : split(rest.substr(6, colon - 6), ',')) {
        if (f.empty()) throw fail("empty form");
        ci.forms.insert(lower(f));
      }
      rest = rest.substr(colon + 1);
    }
    for (auto test_text : split(rest, '|')) {
      if (test_text.empty()) throw fail("empty test");
      auto parts = split(test_text, ';');
      const auto eq = parts[0].find('=');
      if (eq == std::string_view::npos) throw fail(fmt::format("test '{}' is not SLOT=ATOMS", parts[0]));
      std::string_view slot = parts[0].substr(0, eq);
      ConstraintTest t;
      if (slot.ends_with("-not")) {
        t.negate = true;
        slot.remove_suffix(4);
      }
      if (slot == "left") t.slot = Slot::Left;
      else if (slot == "next") t.slot = Slot::Next;
      else if (slot == "right") t.slot = Slot::Right;
      else throw fail(fmt::format("unknown slot '{}' (left, next, right, with or without -not)", parts[0].substr(0, eq)));
      add_atoms(parts[0].substr(eq + 1), t.one, &t.seqs);
      for (size_t k = 1; k < parts.size(); ++k) {
        const auto meq = parts[k].find('=');
        const auto key = parts[k].substr(0, meq);
        const auto val = meq == std::string_view::npos ? std::string_view{} : parts[k].substr(meq + 1);
        if (key == "within" && t.slot == Slot::Right) {
          const int n = parse_number(val);
          if (n < 1 || n > 50) throw fail(fmt::format("within '{}' is not a number from 1 to 50", val));
          t.within = static_cast<uint32_t>(n);
        } else if (key == "stop" && t.slot == Slot::Right) {
          add_atoms(val, t.stop, nullptr);
        } else if (key == "skip" && t.slot == Slot::Next) {
          add_atoms(val, t.skip, nullptr);
        } else {
          throw fail(fmt::format("unknown modifier '{}' for slot {} (right: within, stop; next: skip)",
                                 parts[k], parts[0].substr(0, eq)));
        }
      }
      ci.tests.push_back(std::move(t));
    }
    if (ci.tests.empty()) throw fail("no tests");
    p.constraints.push_back(std::move(ci));
  }
  p.constraint_text.clear();
  p.constraint_text.shrink_to_fit();
}

EventExtractor::EventExtractor(const std::filesystem::path& data_dir)
    : impl_(std::make_unique<Impl>()) {
  auto path = data_dir / "events" / "patterns.tsv";
  if (!std::filesystem::exists(path))
    throw EnvironmentError(fmt::format("{}: event patterns not found", path.string()));
  impl_->add_words();
  impl_->load(read_file(path), path.string());
  impl_->build_lex();
}

void EventExtractor::Impl::build_lex() {
  for (const auto& [w, info] : words) lex[w].info = info;
  for (const auto& [w, es] : entries) lex[w].entries = &es;
  for (const auto& [w, seqs] : idioms) lex[w].idioms = &seqs;
  for (const auto& [w, seqs] : light) lex[w].light = &seqs;
  for (const auto& [w, seqs] : undergo) lex[w].undergo = &seqs;
}

EventExtractor::~EventExtractor() = default;

void EventExtractor::extract(std::string_view text, std::string_view dct, Annotations& ann) const {
  impl_->extract(text, dct, ann);
}

// ------------------------------------------------------------------------------------------
// Per-document extraction.

namespace {

struct Doc {
  std::string_view text;
  const Annotations& ann;
  std::string buf;                          // folded tokens, concatenated
  std::vector<std::pair<uint32_t, uint32_t>> low;  // offset, length into buf
  std::vector<int32_t> entity;              // token -> entity index or -1
  std::vector<int32_t> timex;               // token -> timex index or -1
  std::vector<int32_t> trig;                // token -> mention index or -1

  Doc(std::string_view t, const Annotations& a) : text(t), ann(a) {}
  [[nodiscard]] std::string_view lw(uint32_t i) const {
    return {buf.data() + low[i].first, low[i].second};
  }
  [[nodiscard]] std::string_view raw(uint32_t i) const {
    // as span.of(text) without its checks: extract() already sliced every token once
    const Span sp = ann.tokens[i].span;
    return {text.data() + sp.start, std::min<size_t>(sp.end - sp.start, text.size() - sp.start)};
  }
};

}  // namespace

void EventExtractor::Impl::extract(std::string_view text, std::string_view dct,
                                   Annotations& ann) const {
  ann.events.clear();
  const auto& toks = ann.tokens;
  const uint32_t ntok = static_cast<uint32_t>(toks.size());
  if (ntok == 0) return;

  Doc d(text, ann);
  size_t total = 0;
  for (const Token& t : toks) total += t.span.of(text).size();
  d.buf.resize(total);  // folding never lengthens a token
  d.low.resize(ntok);
  uint32_t off = 0;
  for (uint32_t i = 0; i < ntok; ++i) {
    const auto len = static_cast<uint32_t>(fold_into(toks[i].span.of(text), d.buf.data() + off));
    d.low[i] = {off, len};
    off += len;
  }
  d.entity.assign(ntok, -1);
  d.timex.assign(ntok, -1);
  d.trig.assign(ntok, -1);
  {
    // Both lists are sorted by start; walk them alongside the tokens.
    uint32_t t = 0;
    for (size_t e = 0; e < ann.entities.size(); ++e) {
      const Span s = ann.entities[e].span;
      while (t < ntok && toks[t].span.end <= s.start) ++t;
      for (uint32_t k = t; k < ntok && toks[k].span.start < s.end; ++k)
        if (d.entity[k] < 0) d.entity[k] = static_cast<int32_t>(e);
    }
    t = 0;
    for (size_t e = 0; e < ann.timexes.size(); ++e) {
      const Span s = ann.timexes[e].span;
      while (t < ntok && toks[t].span.end <= s.start) ++t;
      for (uint32_t k = t; k < ntok && toks[k].span.start < s.end; ++k)
        if (d.timex[k] < 0) d.timex[k] = static_cast<int32_t>(e);
    }
  }

  // tokens inside a resolved place mention: 1 a country (may act as a party), 2 a place below
  // country level (a city, region, street: only ever a setting)
  std::vector<char> place_tok(ntok, 0);
  {
    std::unordered_map<std::string_view, bool> is_country;
    for (const auto& p : ann.places) is_country.emplace(p.id, p.feature == "country");
    uint32_t t = 0;
    for (const auto& pm : ann.place_mentions) {
      auto it = is_country.find(pm.place);
      char v = it != is_country.end() && !it->second ? 2 : 1;
      while (t < ntok && toks[t].span.end <= pm.span.start) ++t;
      for (uint32_t k = t; k < ntok && toks[k].span.start < pm.span.end; ++k) place_tok[k] = v;
    }
  }

  std::vector<Mention> ms;
  auto country_actor = [&](std::string_view id) {
    if (id.empty()) return false;
    for (const auto& a : ann.actors)
      if (a.id == id) return a.type == ActorType::Country;
    return false;
  };
  auto all_caps = [&](uint32_t i) {
    auto r = d.raw(i);
    if (r.size() < 2) return false;
    for (char c : r)
      if (c < 'A' || c > 'Z') return false;
    return true;
  };
  // lexicon entries and closed-class information looked up once per token
  std::vector<const Lex*> tlex(ntok, nullptr);
  std::vector<WordInfo> winfo(ntok);
  for (uint32_t i = 0; i < ntok; ++i) {
    if (auto it = lex.find(d.lw(i)); it != lex.end()) tlex[i] = &it->second;
    if (toks[i].shape == TokenShape::Quote || all_caps(i)) continue;
    if (tlex[i] != nullptr) winfo[i] = tlex[i]->info;
  }
  auto info = [&](uint32_t i) -> const WordInfo& { return winfo[i]; };
  // a light-verb sequence ("take responsibility for") may start at token i
  auto light_at = [&](uint32_t i) { return tlex[i] != nullptr && tlex[i]->light != nullptr; };
  auto has = [&](uint32_t i, uint32_t f) { return (winfo[i].flags & f) != 0; };
  auto is_word = [&](uint32_t i) {
    return toks[i].shape == TokenShape::Word || toks[i].shape == TokenShape::Number;
  };
  auto is_punct = [&](uint32_t i, std::string_view p) { return d.lw(i) == p; };
  auto is_quote = [&](uint32_t i) { return toks[i].shape == TokenShape::Quote; };
  auto is_cap = [&](uint32_t i) {
    return toks[i].shape == TokenShape::Number || is_upper_start(d.raw(i)) || d.entity[i] >= 0;
  };
  // Constraint tests (patterns.tsv column 8) on token t of a sentence ending before s1.
  auto in_set = [&](const TokenSet& u, uint32_t t) {
    if ((winfo[t].flags & u.flags) != 0) return true;
    if (u.classes != 0) {
      const uint32_t c = u.classes;
      const TokenShape shape = toks[t].shape;
      if ((c & C_VERBAL) && (has(t, W_AUX | W_PRON | W_NEG | W_ADV) || d.lw(t) == "to")) return true;
      if ((c & C_CAP) && is_upper_start(d.raw(t))) return true;
      if ((c & C_NUMBER) && shape == TokenShape::Number) return true;
      if ((c & C_WORD) && (shape == TokenShape::Word || shape == TokenShape::Number)) return true;
      if ((c & C_ALPHA) && shape == TokenShape::Word) return true;
      if ((c & C_QUOTE) && shape == TokenShape::Quote) return true;
      if (c & C_INSTRUMENT) {
        const std::string_view o = d.lw(t);
        if (instruments.find(o) != instruments.end() ||
            (o.size() > 1 && o.back() == 's' && instruments.find(o.substr(0, o.size() - 1)) != instruments.end()))
          return true;
      }
    }
    return !u.words.empty() && u.words.find(d.lw(t)) != u.words.end();
  };
  auto test_at = [&](const ConstraintTest& x, uint32_t t, uint32_t s1) {
    if (in_set(x.one, t)) return true;
    for (const auto& seq : x.seqs) {
      if (t + seq.size() > s1) continue;
      bool ok = true;
      for (size_t k = 0; k < seq.size() && ok; ++k) ok = in_set(seq[k], t + static_cast<uint32_t>(k));
      if (ok) return true;
    }
    return false;
  };
  // Whether a trigger on tokens first..last of the sentence [s0, s1) meets its pattern's items.
  auto constraints_hold = [&](const Pattern& pat, uint32_t first, uint32_t last, uint32_t s0, uint32_t s1) {
    for (const ConstraintItem& item : pat.constraints) {
      if (!item.forms.empty() && item.forms.find(d.lw(first)) == item.forms.end()) continue;
      bool any = false;
      for (const ConstraintTest& x : item.tests) {
        bool found = false;
        switch (x.slot) {
          case Slot::Left: found = first > s0 && test_at(x, first - 1, s1); break;
          case Slot::Next: {
            uint32_t p = last + 1;
            if (p < s1 && !x.skip.empty() && in_set(x.skip, p)) ++p;
            found = p < s1 && test_at(x, p, s1);
            break;
          }
          case Slot::Right:
            for (uint32_t p = last + 1; p < s1 && p <= last + x.within && !found; ++p) {
              found = test_at(x, p, s1);
              if (!x.stop.empty() && in_set(x.stop, p)) break;
            }
            break;
        }
        if (found != x.negate) {
          any = true;
          break;
        }
      }
      if (!any) return false;
    }
    return true;
  };
  auto ly_adverb = [&](uint32_t i) {
    auto w = d.lw(i);
    if (w.size() < 5 || !ends_with(w, "ly") || is_upper_start(d.raw(i))) return false;
    for (std::string_view x : {"rally", "ally", "family", "assembly", "supply", "reply", "anomaly",
                               "monopoly", "italy", "july", "belly", "jelly", "bully"})
      if (ends_with(w, x)) return false;
    return true;
  };
  auto participle = [&](uint32_t i) {
    auto w = d.lw(i);
    if (is_upper_start(d.raw(i)) || w.find('-') != std::string_view::npos) return false;
    if (d.trig[i] >= 0 && ms[static_cast<size_t>(d.trig[i])].noun) return false;  // "the bombing"
    return (w.size() > 4 && (ends_with(w, "ed") || ends_with(w, "ing"))) ;
  };
  // An -ing word heading a noun phrase: after a determiner, or after a singular lowercase
  // modifier that is no participle itself ("the federal building", "a crowded meeting").
  auto ing_head = [&](uint32_t i) {
    if (i == 0 || !ends_with(d.lw(i), "ing") || d.trig[i] >= 0) return false;
    uint32_t p = i - 1;
    if (has(p, W_DET) && d.entity[p] < 0) return true;
    auto w = d.lw(p);
    return toks[p].shape == TokenShape::Word && !is_upper_start(d.raw(p)) && !ends_with(w, "s") &&
           !ends_with(w, "ing") && !ends_with(w, "ly") && !(winfo[p].flags & ~0u);
  };
  // A token that can be part of a noun phrase.
  auto np_word = [&](uint32_t i) {
    if (d.timex[i] >= 0) return false;  // "rejected Thursday a UN appeal": a date is no participant
    if (!is_word(i)) return d.lw(i) == "'s" || d.lw(i) == "-";
    if (d.lw(i) == "'s") {
      // possessive between a name and a noun: "Poland's parliament" is one phrase
      // ("the nation's defence ministry" too, but not "it's", "that's", "there's")
      bool owner = i > 0 && (is_cap(i - 1) ||
                             (is_word(i - 1) && !toks[i].space_before &&
                              !(info(i - 1).flags & (W_PRON | W_CLAUSE | W_DET | W_AUX | W_ADV | W_PREP | W_CONJ))));
      return owner && i + 1 < ntok && is_word(i + 1) &&
             !(info(i + 1).flags & (W_AUX | W_DET | W_PREP | W_CLAUSE | W_CONJ | W_PRON | W_ADV));
    }
    auto f = info(i).flags;
    if (f & (W_DET | W_PRON | W_PREP | W_AUX | W_CLAUSE | W_CONJ)) return is_cap(i) && d.entity[i] >= 0;
    if ((f & W_ADV) && !is_cap(i)) return false;
    if (!(f & W_NUM) && ly_adverb(i)) return false;
    if (d.trig[i] >= 0 && !ms[static_cast<size_t>(d.trig[i])].noun) return false;
    return true;
  };

  // Length of a quantifier before a count: "at least", "more than", "up to", "as many as".
  // A phrase that is an amount of a measure: "250,000 tons", "45%", "1.2 billion dlrs".
  auto measure_phrase = [&](auto r) {
    if (r.b < r.a || !(toks[r.a].shape == TokenShape::Number || has(r.a, W_NUM))) return false;
    const auto l = d.lw(r.b);
    return l == "%" || l == "percent" || l == "pct" || l == "tons" || l == "tonnes" || l == "dlrs" ||
           l == "dollars" || l == "barrels" || l == "bpd" || l == "points" || l == "cents" ||
           l == "stg" || l == "yen" || l == "marks" || l == "francs" || l == "euros" || l == "million" ||
           l == "billion" || toks[r.b].shape == TokenShape::Number;
  };
  // "nearly 400", "about 20": an approximator before a number (an object: "killed nearly 400 people")
  auto approximate_count = [&](uint32_t k) {
    if (k + 1 >= toks.size()) return false;
    const auto a = d.lw(k);
    return (a == "nearly" || a == "almost" || a == "about" || a == "around" || a == "roughly" ||
            a == "approximately" || a == "some" || a == "over" || a == "only" || a == "just") &&
           (has(k + 1, W_NUM) || parse_number(d.lw(k + 1)) >= 0);
  };
  auto quantifier = [&](uint32_t k, uint32_t lim) -> uint32_t {
    if (k + 2 >= lim) return 0;
    auto a = d.lw(k), b = d.lw(k + 1);
    if ((a == "at" && (b == "least" || b == "most")) || ((a == "more" || a == "fewer" || a == "less") && b == "than") ||
        (a == "up" && b == "to"))
      return 2;
    if (k + 3 < lim && a == "as" && b == "many" && d.lw(k + 2) == "as") return 3;
    if (approximate_count(k)) return 1;  // "nearly 400 people": the people
    return 0;
  };
  // Noun phrase starting at token i (inside [i, lim)); returns {first, last} or {1,0} when none.
  // Leading determiners are kept out of the span; "N of (det) NP" and "A and B" between names
  // extend it.
  struct Range {
    uint32_t a = 1, b = 0;
    [[nodiscard]] bool empty() const { return b < a; }
  };
  std::function<Range(uint32_t, uint32_t, int)> np_right = [&](uint32_t i, uint32_t lim,
                                                               int depth) -> Range {
    uint32_t k = i;
    k += quantifier(k, lim);  // "at least 156 people": the people
    while (k < lim && is_word(k) && has(k, W_DET) && d.entity[k] < 0) ++k;
    if (k < lim && is_quote(k)) ++k;
    uint32_t start = k;
    // Pronoun subject/object.
    if (k < lim && has(k, W_PRON) && d.trig[k] < 0) return Range{k, k};
    uint32_t last = k;
    bool any = false;
    // a date premodifier after a determiner: "the Christmas market", "a Friday blast"
    if (k > i && k < lim && d.timex[k] >= 0 && has(k - 1, W_DET) && d.entity[k - 1] < 0) {
      uint32_t t = k;
      while (t < lim && d.timex[t] >= 0 && t - k < 3) ++t;
      if (t < lim && np_word(t) && !participle(t)) {
        last = t - 1;
        any = true;
        k = t;
      }
    }
    while (k < lim) {
      bool ok = np_word(k);
      if (ok && participle(k)) {
        // an -ed/-ing word belongs to the phrase only before a noun: "the armed groups", or as
        // the head of a noun phrase after a singular modifier: "the federal building"
        ok = (k + 1 < lim && np_word(k + 1) && !participle(k + 1) && !has(k + 1, W_NUM)) ||
             (ing_head(k) && (k + 1 >= lim || !np_word(k + 1)));
      }
      if (!ok) break;
      if (d.lw(k) == "-" && !any) break;
      last = k;
      any = true;
      ++k;
    }
    if (!any) return {};
    // Extensions.
    if (depth < 2 && k + 1 < lim && d.lw(k) == "of" && !is_punct(k + 1, ",")) {
      auto r = np_right(k + 1, lim, depth + 1);
      if (!r.empty()) last = r.b;
    } else if (depth < 2 && k + 1 < lim && d.lw(k) == "and" && is_cap(last) &&
               (is_cap(k + 1) || (k + 2 < lim && d.lw(k + 1) == "the" && d.entity[k + 1] < 0 &&
                                  d.entity[last] >= 0 && d.entity[k + 2] >= 0))) {
      auto r = np_right(k + 1, lim, depth + 1);
      if (!r.empty()) last = r.b;
    }
    return Range{start, last};
  };

  // A short quoted name closed by the quote at token q ("the \"Islamic Front\" militia"): the
  // index of its opening quote, or q itself when the quotes hold anything but capitalised words.
  auto quoted_name = [&](uint32_t q, uint32_t lo) -> uint32_t {
    if (!is_quote(q) || q < lo + 2) return q;
    for (uint32_t k = q; k > lo && q - k < 6; --k) {
      uint32_t p = k - 1;
      if (is_quote(p)) return p + 1 < q ? p : q;
      if (!is_word(p) || !is_upper_start(d.raw(p))) return q;
    }
    return q;
  };
  // Noun phrase ending at token j (inclusive), not reaching before `lo`.
  auto np_left = [&](uint32_t j, uint32_t lo) -> Range {
    if (j < lo || !np_word(j) || (participle(j) && !(j > lo && ing_head(j)))) {
      if (j >= lo && has(j, W_PRON)) return Range{j, j};
      return {};
    }
    uint32_t k = j;
    while (k > lo && np_word(k - 1)) {
      if (participle(k - 1) && !(k - 1 > lo && has(k - 2, W_DET))) break;
      --k;
    }
    // a quoted name premodifying the head: "the \"Islamic Front\" militia"
    if (k > lo + 2 && is_quote(k - 1)) {
      uint32_t o = quoted_name(k - 1, lo);
      if (o != k - 1) k = o + 1;
    }
    // a named place postmodifying a common noun: "the rebels in Darfur", "police in Lyon"
    if (k >= lo + 2 && d.lw(k - 1) == "in" && is_upper_start(d.raw(k)) && np_word(k - 2) &&
        !is_upper_start(d.raw(k - 2)) && !participle(k - 2) && d.trig[k - 2] < 0) {
      uint32_t q = k - 2;
      while (q > lo && np_word(q - 1) && !participle(q - 1)) --q;
      k = q;
    }
    // "Taliban gunmen and suicide bombers"
    if (k >= lo + 2 && d.lw(k - 1) == "and" && np_word(k - 2) && !participle(k - 2)) {
      uint32_t q = k - 2;
      while (q > lo && np_word(q - 1) && !participle(q - 1)) --q;
      k = q;
    }
    // "four of its fighters", "The command of the Popular Mobilisation Forces"
    uint32_t p = k;
    if (p > lo && has(p - 1, W_DET) && d.entity[p - 1] < 0) --p;
    if (p >= lo + 2 && d.lw(p - 1) == "of") {
      uint32_t q = p - 1;
      while (q > lo && np_word(q - 1) && !participle(q - 1)) --q;
      if (q < p - 1) k = q;
    }
    // a named member coordinated before a determined one: "Minister Ana Ruiz and a group of
    // deputies"
    p = k;
    if (p > lo && has(p - 1, W_DET) && d.entity[p - 1] < 0) --p;
    if (p < k && p >= lo + 2 && d.lw(p - 1) == "and" && np_word(p - 2) && is_upper_start(d.raw(p - 2)) &&
        !participle(p - 2)) {
      uint32_t q = p - 2;
      while (q > lo && np_word(q - 1) && !participle(q - 1)) --q;
      k = q;
    }
    return Range{k, j};
  };

  auto span_of = [&](Range r) { return Span{toks[r.a].span.start, toks[r.b].span.end}; };

  auto sent_of_tok = std::vector<int32_t>(ntok, 0);
  for (size_t s = 0; s < ann.sentences.size(); ++s)
    for (uint32_t t = ann.sentences[s].first_token; t < ann.sentences[s].end_token && t < ntok; ++t)
      sent_of_tok[t] = static_cast<int32_t>(s);

  // Arguments: actor of the entity covering a range; splits compounds into one arg per actor.
  // Arguments from a noun phrase: one per conjunct ("A and B"), each the conjunct's text with
  // the actor of the last entity mention inside it. The phrase (not only the name) is kept so
  // that titles and modifiers stay with the actor ("Taiwan's Vice Foreign Minister").
  std::unordered_map<uint32_t, std::string> pron_actor;  // pronoun token -> antecedent actor
  // A coordinated list around a phrase: "A, B and C", "A, B, and C". Extends right when the phrase
  // is followed by ", NP" members closed by "and|or NP"; extends left over ", NP" members when
  // the phrase ends a list ("B and C" preceded by "A,"). Anything else between the members
  // (a verb, a preposition) means no list, and the phrase is returned unchanged.
  // Whether a phrase is headed by a name: its last word before any "of" is capitalised
  // ("the theatre director Ana Ruiz" is, "wife of the writer Ana Ruiz" is not).
  auto name_headed = [&](Range r) {
    uint32_t h = r.b;
    for (uint32_t k = r.a + 1; k <= r.b; ++k)
      if (d.lw(k) == "of") { h = k - 1; break; }
    return is_upper_start(d.raw(h));
  };
  auto list_extend = [&](Range r) -> Range {
    if (r.empty()) return r;
    const uint32_t lim = ntok;
    uint32_t q = r.b + 1;
    for (int n = 0; n < 12 && q + 1 < lim && is_punct(q, ",") && sent_of_tok[q] == sent_of_tok[r.b]; ++n) {
      uint32_t p = q + 1;
      bool closing = d.lw(p) == "and" || d.lw(p) == "or";
      if (closing) ++p;
      if (p >= lim || has(p, W_PREP) || has(p, W_PRON)) break;
      auto m = np_right(p, lim, 1);
      if (m.empty()) break;
      // a list of names holds names only: "A, wife of B, and C" is a name with an apposition
      if (name_headed(r) != name_headed(m)) break;
      // "near the border, and one of the groups targeted ... vowed": two members joined by
      // ", and" before a verb are two clauses, not a list
      if (closing && n == 0 && m.b + 1 < lim) {
        const uint32_t nx = m.b + 1;
        if (has(nx, W_AUX) || participle(nx) || (d.trig[nx] >= 0 && !ms[static_cast<size_t>(d.trig[nx])].noun)) break;
      }
      bool inner = false;
      for (uint32_t k = m.a; k <= m.b; ++k) inner = inner || d.lw(k) == "and" || d.lw(k) == "or";
      if (closing || inner) { r.b = m.b; break; }
      uint32_t after = m.b + 1;
      if (after < lim && (d.lw(after) == "and" || d.lw(after) == "or") && after + 1 < lim) {
        auto z = np_right(after + 1, lim, 1);
        if (!z.empty() && !has(after + 1, W_PRON)) { r.b = z.b; break; }
      }
      if (after >= lim || !is_punct(after, ",")) break;
      q = after;
    }
    bool conj = false;
    for (uint32_t k = r.a; k <= r.b; ++k) conj = conj || ((d.lw(k) == "and" || d.lw(k) == "or") && d.entity[k] < 0);
    if (!conj) return r;
    Range l = r;
    // a member's determiner sits between it and the comma: "A, a girl and B"
    if (l.a >= 3 && has(l.a - 1, W_DET) && d.entity[l.a - 1] < 0 && is_punct(l.a - 2, ",")) --l.a;
    while (l.a >= 2 && is_punct(l.a - 1, ",") && sent_of_tok[l.a - 2] == sent_of_tok[l.a]) {
      auto m = np_left(l.a - 2, l.a >= 8 ? l.a - 8 : 0);
      if (m.empty() || name_headed(m) != name_headed(Range{r.a, r.a}) ||
          (m.a > 0 && (has(m.a - 1, W_PREP) || has(m.a - 1, W_DET)) && d.entity[m.a - 1] < 0 &&
                        !is_punct(m.a - 1, ",")))
        break;
      if (m.a > 0 && !is_punct(m.a - 1, ",") && !has(m.a - 1, W_CLAUSE) && sent_of_tok[m.a - 1] == sent_of_tok[m.a] &&
          is_word(m.a - 1) && !has(m.a - 1, W_CONJ)) {
        l.a = m.a;
        break;
      }
      l.a = m.a;
    }
    return l;
  };
  // A name inside "Iranian-backed", "Saudi-funded": a backer, not the party the phrase names.
  auto backer = [&](uint32_t k, uint32_t lim) {
    static constexpr std::array<std::string_view, 8> kinds{"backed", "sponsored", "funded", "supported",
                                                           "allied", "aligned", "armed", "trained"};
    auto w = d.lw(k);
    for (auto s : kinds)
      if (w.size() > s.size() + 1 && ends_with(w, s) && w[w.size() - s.size() - 1] == '-') return true;
    if (k + 2 <= lim && d.lw(k + 1) == "-")
      for (auto s : kinds)
        if (d.lw(k + 2) == s) return true;
    return false;
  };
  auto add_np_args = [&](Event& ev, Role role, Range r) {
    if (r.empty() || role == Role::None) return;
    // "delegates from A and B": the parties are A and B
    if (role == Role::Source && r.a + 2 <= r.b) {
      for (uint32_t f = r.a + 1; f < r.b; ++f) {
        const bool initial = f - 1 == ann.sentences[static_cast<size_t>(sent_of_tok[f - 1])].first_token;
        if (d.entity[f - 1] >= 0 || (is_upper_start(d.raw(f - 1)) && !initial) || !is_word(f - 1)) break;
        if (d.lw(f) != "from") continue;
        bool named = false;
        for (uint32_t t = f + 1; t <= r.b; ++t) named = named || (d.entity[t] >= 0 && !ann.entities[static_cast<size_t>(d.entity[t])].actor.empty());
        if (named && is_cap(f + 1 + (has(f + 1, W_DET) && d.entity[f + 1] < 0 ? 1 : 0))) r.a = f + 1;
        break;
      }
    }
    auto push = [&](Range c) {
      while (c.a < c.b && (has(c.a, W_DET) || is_punct(c.a, ",")) && d.entity[c.a] < 0) ++c.a;
      while (c.b > c.a && is_punct(c.b, ",")) --c.b;
      if (c.empty() || !is_word(c.a)) return;
      std::string actor;
      for (uint32_t k = c.a; k <= c.b; ++k)
        if (d.entity[k] >= 0 && !backer(k, c.b)) actor = ann.entities[static_cast<size_t>(d.entity[k])].actor;
      if (auto it = pron_actor.find(c.a); actor.empty() && c.a == c.b && it != pron_actor.end())
        actor = it->second;
      Span sp = span_of(c);
      for (auto& x : ev.args)
        if (x.role == role_name(role) && x.span == sp) return;
      ev.args.push_back(EventArg{std::string(role_name(role)), sp, std::move(actor), {}});
    };
    r = list_extend(r);
    uint32_t a = r.a;
    for (uint32_t k = r.a; k <= r.b + 1; ++k) {
      if (k == r.b + 1 || (d.lw(k) == "and" && d.entity[k] < 0) || is_punct(k, ",")) {
        if (k > a) push(Range{a, k - 1});
        a = k + 1;
      }
    }
  };

  // Whether two events both have targets resolved to actors and share none of them.
  auto targets_conflict = [](const Event& a, const Event& b) {
    bool any_a = false, any_b = false;
    for (const auto& x : a.args) any_a = any_a || (x.role == "target" && !x.actor.empty());
    for (const auto& y : b.args) any_b = any_b || (y.role == "target" && !y.actor.empty());
    if (!any_a || !any_b) return false;
    for (const auto& x : a.args)
      for (const auto& y : b.args)
        if (x.role == "target" && y.role == "target" && !x.actor.empty() && x.actor == y.actor) return false;
    return true;
  };

  // Most recent non-pronoun subject, for "it said", "he described".
  Range last_subject;
  std::unordered_map<uint64_t, int32_t> seen_sentence;  // text hash -> first sentence
  std::vector<uint8_t> tx_rel;      // per token: temporal preposition before its timex (dates)
  std::vector<uint32_t> tx_scope;   // per token: end of the phrase its timex dates directly
  std::vector<uint32_t> tx_from;    // per token: start of a "since ..." phrase holding it, or 0
  std::vector<uint32_t> rel_clause;
  uint32_t comp_from = 0;  // first token of the clause a statement of the sentence reports
  struct TxToken {
    uint32_t token;
    bool after_dct;
  };
  std::vector<TxToken> tx_tokens;  // the sentence's dating tokens (dates, times, anchored spans)
  const std::optional<int64_t> dct_first_day = first_day(dct);  // per token of the sentence: 0 main clause, k the k-th relative

  for (size_t si = 0; si < ann.sentences.size(); ++si) {
    const Sentence& S = ann.sentences[si];
    const uint32_t s0 = S.first_token, s1 = std::min(S.end_token, ntok);
    if (s0 >= s1) continue;
    const size_t m0 = ms.size();

    // ---- 1. triggers
    for (uint32_t i = s0; i < s1; ++i) {
      if (!is_word(i) || d.entity[i] >= 0 || d.timex[i] >= 0) continue;  // "March" is a month
      if (tlex[i] != nullptr && tlex[i]->idioms != nullptr) {
        size_t skip = 0;
        for (const auto& seq : *tlex[i]->idioms) {
          bool ok = i + seq.size() <= s1;
          for (size_t w = 1; ok && w < seq.size(); ++w) ok = d.lw(i + static_cast<uint32_t>(w)) == seq[w];
          if (ok) skip = std::max(skip, seq.size());
        }
        if (skip > 0) {
          i += static_cast<uint32_t>(skip) - 1;
          continue;
        }
      }
      if (tlex[i] == nullptr || tlex[i]->entries == nullptr) continue;
      bool sentence_initial = i == s0 || is_quote(i - 1);
      if (is_upper_start(d.raw(i)) && !sentence_initial) continue;  // part of a name
      const Entry* verb = nullptr;
      const Entry* noun = nullptr;
      size_t len = 0;
      for (const Entry& e : *tlex[i]->entries) {
        if (e.words.size() < len) break;
        if (i + e.words.size() > s1) continue;
        bool ok = true;
        for (size_t w = 1; w < e.words.size() && ok; ++w) ok = d.lw(i + static_cast<uint32_t>(w)) == e.words[w];
        if (!ok) continue;
        len = e.words.size();
        if (patterns[e.pattern].part == Part::Verb) {
          if (!verb) verb = &e;
        } else if (!noun) {
          noun = &e;
        }
      }
      if (!verb && !noun) continue;
      // Noun or verb reading from the neighbours.
      uint32_t prev = i > s0 ? i - 1 : i;
      bool prev_det = i > s0 && (has(prev, W_DET) || has(prev, W_NUM) || d.lw(prev) == "'s" ||
                                 parse_number(d.lw(prev)) >= 0 ||
                                 (has(prev, W_PREP) && d.lw(prev) != "to"));
      bool prev_verbal = i > s0 && (has(prev, W_AUX) || has(prev, W_PRON) || d.lw(prev) == "to" ||
                                    has(prev, W_NEG) || has(prev, W_ADV));
      const Entry* pick = nullptr;
      if (verb && noun) {
        uint32_t nx = i + static_cast<uint32_t>(len);
        if (prev_det) pick = noun;
        else if (prev_verbal) pick = verb;
        else if (verb->form != Form::Base && nx < s1 &&
                 (has(nx, W_NUM) || parse_number(d.lw(nx)) >= 0 || quantifier(nx, s1) > 0))
          pick = verb;  // ", killing six soldiers", "guerrillas wounded two soldiers"
        else if (i + len < s1 && (has(i + static_cast<uint32_t>(len), W_DET) ||
                                  has(i + static_cast<uint32_t>(len), W_PRON) ||
                                  (is_cap(i + static_cast<uint32_t>(len)) && !is_punct(i + static_cast<uint32_t>(len), "."))))
          pick = verb;
        else pick = noun;
      } else if (verb) {
        if (prev_det && verb->form != Form::Past && !(i > s0 && has(prev, W_PREP))) continue;
        // a weapon noun after a modifier is a noun: "pipe bombs", "car bomb", and sentence-initial
        // "Car bombs exploded" (capitalised only because it starts the sentence)
        if (i > s0 && !prev_verbal && verb->form != Form::Past && instruments.find(d.lw(i)) != instruments.end() &&
            is_word(prev) && (!is_upper_start(d.raw(prev)) || prev == s0 || is_quote(prev - 1)) &&
            d.entity[prev] < 0)
          continue;
        pick = verb;
      } else {
        if (i > s0 && (d.lw(prev) == "to" || has(prev, W_MODAL))) continue;
        pick = noun;
      }
      // news reports speech in the past: a bare base form ("the communal state") is no statement
      if (patterns[pick->pattern].statement && !patterns[pick->pattern].attribution &&
          pick->form == Form::Base && !prev_verbal)
        continue;
      // word-specific guards live in the data (patterns.tsv column 8): "a 14.8 pct decline",
      // "fired its chief executive", "free trade", "exports hit $1.1 billion", "member states"
      if (!patterns[pick->pattern].constraints.empty() &&
          !constraints_hold(patterns[pick->pattern], i, i + static_cast<uint32_t>(len) - 1, s0, s1))
        continue;
      if (patterns[pick->pattern].part == Part::Adj && i > s0 && has(prev, W_AUX) &&
          !has(prev, W_BE))
        continue;
      Mention m;
      m.first = i;
      m.last = i + static_cast<uint32_t>(pick->words.size()) - 1;
      m.pattern = pick->pattern;
      m.form = pick->form;
      m.noun = patterns[pick->pattern].part != Part::Verb;
      for (uint32_t k = m.first; k <= m.last; ++k) d.trig[k] = static_cast<int32_t>(ms.size());
      ms.push_back(std::move(m));
      i = ms.back().last;
    }
    const size_t m1 = ms.size();
    if (m0 == m1) {
      // still track subjects for pronoun resolution
      auto r = np_right(s0, s1, 0);
      if (!r.empty() && !has(r.a, W_PRON)) last_subject = r;
      continue;
    }

    // Clause boundary to the left of token t: the first token of t's clause.
    auto clause_start = [&](uint32_t t) {
      uint32_t k = t;
      while (k > s0) {
        uint32_t p = k - 1;
        if (is_quote(p)) {
          // a quoted name inside the clause is no boundary: the "Islamic Front" militia
          uint32_t o = quoted_name(p, s0);
          if (o == p) break;
          k = o;
          continue;
        }
        if (has(p, W_CLAUSE) || is_punct(p, ";") || is_punct(p, ":") ||
            is_punct(p, "(") || is_punct(p, ")") || is_punct(p, "-") || is_punct(p, "--")) break;
        // a subordinating preposition opens a clause of its own: "since the militia launched"
        if (auto w = d.lw(p); (w == "since" || w == "after" || w == "before" || w == "until" || w == "once") &&
            k < t && d.timex[k] < 0 && !has(k, W_NUM) && parse_number(d.lw(k)) < 0)
          break;
        if (has(p, W_CONJ) && p > s0 && is_punct(p - 1, ",")) break;
        if (d.trig[p] >= 0 && patterns[ms[static_cast<size_t>(d.trig[p])].pattern].statement) break;
        k = p;
      }
      return k;
    };
    // First noun phrase of the clause starting at c, skipping introductory phrases.
    auto clause_subject = [&](uint32_t c, uint32_t before) -> Range {
      uint32_t k = c;
      for (int guard = 0; guard < 6 && k < before; ++guard) {
        if (d.timex[k] >= 0) {
          while (k < before && d.timex[k] >= 0) ++k;
          if (k < before && is_punct(k, ",")) ++k;
          continue;
        }
        if (is_punct(k, ",") || has(k, W_ADV) || (has(k, W_CONJ))) { ++k; continue; }
        if (has(k, W_PREP) && d.entity[k] < 0) {
          // introductory prepositional phrase up to the next comma
          uint32_t q = k + 1;
          while (q < before && !is_punct(q, ",") && q - k < 10) ++q;
          if (q < before && is_punct(q, ",")) { k = q + 1; continue; }
          // no comma: "on Wednesday they would meet"
          auto pp = np_right(k + 1, before, 1);
          if (pp.empty()) return {};
          k = pp.b + 1;
          continue;
        }
        break;
      }
      if (k >= before) return {};
      auto r = np_right(k, before, 0);
      // a place postmodifier that runs up to the verb belongs to the subject: "students
      // throughout Norland staged protests", "farmers in the north held a rally"
      if (!r.empty() && r.b + 2 < before) {
        auto w = d.lw(r.b + 1);
        if (w == "in" || w == "throughout" || w == "from" || w == "across") {
          auto pp = np_right(r.b + 2, before, 1);
          uint32_t e = pp.empty() ? before : pp.b + 1;
          while (e < before && (d.timex[e] >= 0 || has(e, W_ADV))) ++e;
          if (!pp.empty() && e == before) r.b = pp.b;
        }
      }
      return r;
    };
    auto resolve = [&](Range r) -> Range {
      if (!r.empty() && r.a == r.b && has(r.a, W_PRON)) {
        auto w = d.lw(r.a);
        if ((w == "it" || w == "they" || w == "he" || w == "she") && !last_subject.empty()) {
          // "he" and "she" stand for a person only: "Canada ... He suggested" is not Canada
          const bool personal = w == "he" || w == "she";
          if (personal) {
            bool person = false;
            for (uint32_t t = last_subject.a; t <= last_subject.b && !person; ++t)
              person = d.entity[t] >= 0 &&
                       ann.entities[static_cast<size_t>(d.entity[t])].type == EntityType::PER;
            if (!person) return r;
          }
          // "X said they would ...": the antecedent in the same sentence stands in for the pronoun
          if (last_subject.a >= s0 && last_subject.b < r.a) return last_subject;
          // keep the pronoun when its antecedent is an actor; else stand in the antecedent
          for (uint32_t t = last_subject.b + 1; t-- > last_subject.a;)
            if (d.entity[t] >= 0 && !ann.entities[static_cast<size_t>(d.entity[t])].actor.empty()) {
              pron_actor[r.a] = ann.entities[static_cast<size_t>(d.entity[t])].actor;
              return r;
            }
          // an antecedent in an earlier sentence that is no actor is too uncertain to stand in
          // ("The bombs began to explode. Then they exploded ..."): the pronoun is the mention
          if (last_subject.a < s0) return r;
          return last_subject;
        }
        return {};
      }
      return r;
    };

    // Whether a support-verb sequence of `map` starts at token q and ends before token `end`.
    auto support_at = [&](const Seqs* Lex::*map, uint32_t q, uint32_t end) {
      const Seqs* seqs = tlex[q] != nullptr ? tlex[q]->*map : nullptr;
      if (seqs == nullptr) return false;
      for (const auto& seq : *seqs) {
        bool ok = q + seq.size() <= end;
        for (size_t w = 1; ok && w < seq.size(); ++w) ok = d.lw(q + static_cast<uint32_t>(w)) == seq[w];
        if (ok) return true;
      }
      return false;
    };

    // A deed targeted by a non-violent coded event names its doer as a target too: "an inquiry
    // into crimes committed by X", "condemned the raids carried out by X". Returns the last
    // token of the doer phrase, or r.b when there is none.
    auto add_doer = [&](Event& ev, const Pattern& P, Range r) -> uint32_t {
      if (P.plover.empty() || P.plover == "ASSAULT" || r.empty()) return r.b;
      uint32_t q = r.b + 1;
      if (q + 2 >= s1 || d.trig[q] >= 0 || !ends_with(d.lw(q), "ed") || d.lw(q).size() < 5) return r.b;
      ++q;
      if (d.lw(q) == "out") ++q;
      if (q + 1 >= s1 || d.lw(q) != "by") return r.b;
      auto doer = np_right(q + 1, s1, 0);
      if (doer.empty()) return r.b;
      add_np_args(ev, Role::Target, resolve(doer));
      return doer.b;
    };

    // ---- 2. arguments
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      const Pattern& P = patterns[m.pattern];
      Event& ev = m.ev;
      ev.kind = P.kind;
      ev.plover = P.plover;
      ev.cameo = P.cameo;
      ev.trigger = Span{toks[m.first].span.start, toks[m.last].span.end};
      ev.sentence = static_cast<int32_t>(si);

      // auxiliaries before the trigger
      uint32_t a = m.first;
      bool neg = false, modal = false, be = false, to_inf = false;
      while (a > s0 && (has(a - 1, W_AUX) || has(a - 1, W_ADV) || has(a - 1, W_NEG) ||
                        d.lw(a - 1) == "to" || (d.timex[a - 1] >= 0 && !m.noun))) {
        --a;
        if (has(a, W_NEG)) neg = true;
        if (has(a, W_MODAL)) modal = true;
        if (has(a, W_BE)) be = true;
        if (d.lw(a) == "to") {
          // "decided to allow", "voted to expel": a decision taken is the act itself, not an
          // intention (CAMEO codes the decided act)
          uint32_t g = a;  // the verb governing "to", over a date ("decided on Monday to")
          while (g > s0 && (d.timex[g - 1] >= 0 || d.lw(g - 1) == "on")) --g;
          const std::string_view gov = g > s0 ? d.lw(g - 1) : std::string_view{};
          to_inf = !(gov == "decided" || gov == "voted" || gov == "chose" || gov == "opted" ||
                     gov == "resolved");
          // ... unless it hangs on a condition: "voted to strike unless their demand is met"
          for (uint32_t t = m.last + 1; t < s1 && !to_inf; ++t)
            to_inf = d.lw(t) == "unless" || d.lw(t) == "if";
          if (m.noun) break;
        }
        if (d.lw(a) == "to" && m.noun) break;
      }
      if (m.noun) {
        neg = modal = be = to_inf = false;
        if (m.first > s0 && d.lw(m.first - 1) == "no") neg = true;
        for (uint32_t t = m.first; t-- > s0 && m.first - t <= 6;) {
          if (has(t, W_CLAUSE) || is_punct(t, ",") || is_quote(t)) break;
          if (has(t, W_MODAL)) modal = true;
        }
      }
      m.passive = !m.noun && be && m.form == Form::Past;
      // reduced relative: "the groups hit by", "fighters killed in"
      auto event_noun_at = [&](uint32_t t) {
        while (t < s1 && has(t, W_DET)) ++t;
        while (t < s1 && np_word(t) && d.trig[t] < 0 && t - m.last < 5) ++t;
        return t < s1 && d.trig[t] >= 0 && ms[static_cast<size_t>(d.trig[t])].noun;
      };
      // a bare past form right after a noun phrase (not a pronoun): the candidate participle
      const bool after_np = !m.noun && !be && m.form == Form::Past && m.first > s0 &&
                            np_word(m.first - 1) && !has(m.first - 1, W_PRON);
      bool reduced = after_np && m.last + 1 < s1 &&
                     (d.lw(m.last + 1) == "by" || (d.lw(m.last + 1) == "in" && event_noun_at(m.last + 2)) ||
                      (is_punct(m.last + 1, ",") && m.last + 2 < s1 && has(m.last + 2, W_AUX)));
      // a transitive kill/injure participle with no object after a noun phrase is passive:
      // "six of the members killed in the raid", "12 people injured."
      if (!reduced && after_np && (P.kind == "kill" || P.kind == "injure") &&
          (m.last + 1 >= s1 || !(np_word(m.last + 1) || has(m.last + 1, W_DET) || has(m.last + 1, W_PRON) ||
                                 quantifier(m.last + 1, s1) > 0 || approximate_count(m.last + 1))))
        reduced = true;
      // "schoolgirls kidnapped in northwestern Zamfara were freed": a participle and its phrase
      // between a noun phrase and that phrase's own finite verb
      // (a verb done to someone, a place or time phrase right after it, then "were/have been" +
      // a participle: not "Bijur declined to specify how much it would spend")
      if (!reduced && after_np && P.obj == Role::Target && d.entity[m.first - 1] < 0 && m.last + 1 < s1 &&
          (has(m.last + 1, W_LOCPREP) || d.lw(m.last + 1) == "during" || d.lw(m.last + 1) == "on" ||
           d.lw(m.last + 1) == "last") &&
          d.lw(m.last + 1) != "from")
        for (uint32_t t = m.last + 2; t < s1 && t <= m.last + 10; ++t) {
          if (is_punct(t, ",") || is_punct(t, ";") || has(t, W_CLAUSE | W_CONJ) ||
              (d.trig[t] >= 0 && !ms[static_cast<size_t>(d.trig[t])].noun) || d.lw(t) == "to")
            break;
          if (has(t, W_AUX) && !has(t, W_MODAL) && d.lw(t) != "'s" && t + 1 < s1 &&
              (d.lw(t + 1) == "been" || ends_with(d.lw(t + 1), "ed") ||
               (d.trig[t + 1] >= 0 && !ms[static_cast<size_t>(d.trig[t + 1])].noun))) {
            reduced = true;
            m.main_verb = t;
            break;
          }
        }
      if (reduced) m.passive = true;
      m.reduced = reduced;

      if (neg) ev.modality = Modality::Negated;
      else if (modal || (to_inf && !m.noun)) ev.modality = Modality::Hypothetical;

      uint32_t after = m.last + 1;
      // an event noun as the object: the place phrases after it are that event's ("condemned the
      // US airstrikes near Qaim": Qaim is where the strikes were, not the condemnation)
      bool obj_event = false;
      if (!m.noun) {
        // subject
        Range subj;
        if (reduced) {
          subj = np_left(m.first - 1, s0);
        } else if (uint32_t c = a; [&] {
                     while (c > s0 + 1 && (has(c - 1, W_ADV) || ly_adverb(c - 1))) --c;  // "and briefly"
                     return c > s0 && has(c - 1, W_CONJ);
                   }()) {
          // coordinated verbs share the subject: "X denied ... and said"
          bool nearest = true;
          for (size_t oj = mi; oj-- > m0;) {
            if (ms[oj].noun) continue;
            // "were harassed ... and briefly detained": a participle coordinated with the passive
            // verb right before it (no clause opened between) is passive too, same subject
            bool clause = false;
            // ("while covering events" is no clause of its own)
            for (uint32_t t = ms[oj].last + 1; t < a && !clause; ++t)
              clause = has(t, W_CLAUSE) && !(t + 1 < a && ends_with(d.lw(t + 1), "ing"));
            const bool share_passive = ms[oj].passive && nearest && !clause && m.form == Form::Past &&
                                       !be && !P.statement && P.obj == Role::Target;
            nearest = false;
            if (ms[oj].subj_b < ms[oj].subj_a || (ms[oj].passive && !share_passive)) continue;
            if (share_passive) m.passive = true;
            subj = Range{ms[oj].subj_a, ms[oj].subj_b};
            break;
          }
          // the first verb is no event ("X, a militia, claimed responsibility ... and warned"):
          // a name opening the sentence is the subject of both
          if (subj.empty() && !is_punct(c - 1, ",")) {
            Range r = clause_subject(s0, a);
            if (!r.empty() && name_headed(r) && d.entity[r.b] >= 0 && r.b + 1 < a &&
                (is_punct(r.b + 1, ",") || !has(r.b + 1, W_PREP)))
              subj = r;
          }
        } else if (a > s0 + 1 && is_punct(a - 1, ",") && !np_left(a - 2, s0).empty() &&
                   np_left(a - 2, s0).a > s0 + 1 && is_upper_start(d.raw(np_left(a - 2, s0).b)) &&
                   (is_punct(np_left(a - 2, s0).a - 1, ",") ||
                    (has(np_left(a - 2, s0).a - 1, W_DET) && is_punct(np_left(a - 2, s0).a - 2, ",")))) {
          // appositive name: "One of the groups, Kata'ib X, said"
          subj = np_left(a - 2, s0);
        } else if (a > s0) {
          Range near = np_left(a - 1, s0);
          // the phrase right before the verb is its subject unless it ends a prepositional
          // phrase ("stationed along the border had been killed")
          uint32_t pb = near.empty() ? s0 : near.a;
          if (pb > s0 && has(pb - 1, W_DET) && d.entity[pb - 1] < 0) --pb;
          // a subordinating "after/before/since/until/as/once" opens a clause whose subject is
          // the phrase: "died after a roadside bomb exploded"
          auto pw = pb > s0 ? d.lw(pb - 1) : std::string_view{};
          bool subordinator = pw == "after" || pw == "before" || pw == "since" || pw == "until" ||
                              pw == "as" || pw == "once";
          bool in_pp = pb > s0 && has(pb - 1, W_PREP) && pw != "than" && !subordinator &&
                       d.entity[pb - 1] < 0 && !has(near.a, W_NUM) && parse_number(d.lw(near.a)) < 0;
          // after an auxiliary or a pronoun the "phrase" is a verb: "it would continue to target"
          bool verbal = pb > s0 && (has(pb - 1, W_AUX) || has(pb - 1, W_PRON)) && d.entity[pb - 1] < 0;
          // "the front is long and officials warn": after a copula, a phrase coordinated with "and"
          // is a predicate plus a new clause's subject; the last conjunct is the subject
          uint32_t conj = near.empty() ? 0 : near.b;
          while (conj > near.a && !has(conj, W_CONJ)) --conj;
          if (verbal && has(pb - 1, W_BE) && conj > near.a && conj < near.b)
            subj = Range{conj + 1, near.b};
          else if (!near.empty() && !in_pp && !verbal)
            subj = near;
          else
            subj = clause_subject(clause_start(a), a);
        }
        // "..., said one source": inverted speaker
        if (P.statement && a > s0 &&
            (is_quote(a - 1) || (is_punct(a - 1, ",") && (subj.empty() || (a > s0 + 1 && is_quote(a - 2)))))) {
          {
            auto r = np_right(after, s1, 0);
            if (!r.empty()) subj = r;
          }
        }
        // "The statement, issued by Maj. Gen. X, called for ...": who issued a statement noun speaks
        if (!subj.empty() && has(subj.b, W_COMM) && !is_upper_start(d.raw(subj.b))) {
          uint32_t q = subj.b + 1;
          if (q < a && is_punct(q, ",")) ++q;
          const std::string_view pw = q < a ? d.lw(q) : std::string_view{};
          if ((pw == "issued" || pw == "released" || pw == "signed" || pw == "read" || pw == "sent" ||
               pw == "published") && q + 2 < a && d.lw(q + 1) == "by") {
            Range issuer = np_right(q + 2, a, 0);
            if (!issuer.empty()) subj = issuer;
          }
        }
        // a participle after a statement noun takes the subject of the clause that issued it:
        // "the party issued a declaration demanding ...", "X gave a speech urging ..."
        if (m.form == Form::Ing && !subj.empty() && has(subj.b, W_COMM) && !is_upper_start(d.raw(subj.b))) {
          Range owner = clause_subject(clause_start(subj.a), subj.a);
          if (!owner.empty() && owner.b < subj.a && !has(owner.b, W_COMM)) subj = owner;
        }
        m.subj_a = subj.a;
        m.subj_b = subj.b;
        // "no US personnel were injured", "no one was killed": nothing happened to anyone
        if (!subj.empty() && subj.a > s0 && d.lw(subj.a - 1) == "no" && d.entity[subj.a - 1] < 0 &&
            ev.modality == Modality::Asserted)
          ev.modality = Modality::Negated;
        Range resolved = resolve(subj);
        bool eventive = false;
        for (uint32_t t = subj.a; t <= subj.b && !subj.empty(); ++t) eventive = eventive || d.trig[t] >= 0;
        // "US drone attacks have killed eight": whoever carried out the assault is the killer
        if (eventive && !m.passive && (P.kind == "kill" || P.kind == "injure"))
          for (uint32_t t = subj.a; t <= subj.b; ++t)
            if (d.trig[t] >= 0 && ms[static_cast<size_t>(d.trig[t])].noun &&
                patterns[ms[static_cast<size_t>(d.trig[t])].pattern].plover == "ASSAULT")
              m.cause = d.trig[t];
        if (!resolved.empty() && !subj.empty() && !has(subj.a, W_PRON) && !eventive) last_subject = subj;
        Role srole = m.passive ? P.obj : P.subj;
        // ", killing six" after a passive clause: the subject underwent the main event and is
        // not the agent of the participle ("the convoy was ambushed near X, killing six")
        if (m.form == Form::Ing && !m.passive && a > s0 && is_punct(a - 1, ",") && !subj.empty() && subj.b + 2 < a) {
          uint32_t t = subj.b + 1;
          // over a prepositional postmodifier of the subject: "a camp for refugees was attacked"
          for (uint32_t q = t; q < a && q < t + 6 && !has(q, W_BE); ++q)
            if (!(has(q, W_PREP) || has(q, W_DET) || np_word(q)) || d.trig[q] >= 0) break;
            else if (q + 1 < a && has(q + 1, W_BE) && has(t, W_PREP)) t = q + 1;
          while (t < a && (has(t, W_ADV) || ly_adverb(t) || (has(t, W_AUX) && !has(t, W_BE)))) ++t;
          if (t + 1 < a && has(t, W_BE)) {
            uint32_t v = t + 1;
            while (v < a && (has(v, W_ADV) || ly_adverb(v))) ++v;
            if (v < a && ends_with(d.lw(v), "ed") && d.lw(v).size() > 4) m.no_agent = true;
          }
        }
        // "..., killing six and injuring ten": the coordinated participle shares the reading
        if (m.form == Form::Ing && a > s0 && has(a - 1, W_CONJ))
          for (size_t oj = mi; oj-- > m0;)
            if (!ms[oj].noun && ms[oj].form == Form::Ing) {
              m.no_agent = ms[oj].no_agent;
              break;
            }
        if (m.no_agent) srole = Role::None;
        // an event noun as the subject of another kind of verb is not its agent
        if (eventive && !m.passive && kind_group(P.kind) != "assault") srole = Role::None;
        if (m.passive && srole == Role::Topic) srole = Role::Topic;
        // a weapon as the subject of an assault verb is its instrument, not its agent ("a roadside
        // bomb killed three soldiers"), unless the phrase names an actor ("Israeli jets struck")
        if (srole == Role::Source && P.plover == "ASSAULT" && !resolved.empty() && !has(resolved.b, W_PRON) &&
            instruments.find(d.lw(resolved.b)) != instruments.end()) {
          bool actor = false;  // a party's name before the weapon word (NER may tag "IED" itself)
          for (uint32_t t = resolved.a; t < resolved.b; ++t)
            actor = actor || (d.entity[t] >= 0 && ann.entities[static_cast<size_t>(d.entity[t])].type != EntityType::MISC);
          if (!actor) srole = Role::Instrument;
        }
        add_np_args(ev, srole, resolved);
        // object
        uint32_t k = after;
        while (k < s1 && (has(k, W_ADV) || is_quote(k) || d.timex[k] >= 0)) ++k;
        if (!m.passive && k < s1 && P.obj != Role::None && (!has(k, W_PREP) || quantifier(k, s1) > 0) &&
            !has(k, W_CLAUSE) &&
            !has(k, W_AUX) && !is_punct(k, ",") && (np_word(k) || has(k, W_DET) || has(k, W_PRON) || quantifier(k, s1) > 0)) {
          auto r = np_right(k, s1, 0);
          if (!r.empty()) {
            add_np_args(ev, P.obj, resolve(r));
            // (only with a named target: else the place's polity is what is addressed, as CAMEO codes it)
            for (uint32_t t = r.a; t <= r.b && !obj_event; ++t)
              obj_event = d.trig[t] >= 0 && ms[static_cast<size_t>(d.trig[t])].noun &&
                          !patterns[ms[static_cast<size_t>(d.trig[t])].pattern].plover.empty();
            if (P.obj == Role::Target) add_doer(ev, P, r);
            k = r.b + 1;
            if (P.obj == Role::Topic) {
              // the author of a rejected/demanded thing is the target: "an Indian proposal",
              // "calls by Belarus's rulers", "an appeal from President X"
              bool named = false;
              for (uint32_t t = r.a; t <= r.b; ++t) named = named || (is_upper_start(d.raw(t)) && t != s0);
              if (named) add_np_args(ev, Role::Target, r);
              uint32_t q = k;
              if (q < s1 && !named && (d.lw(q) == "by" || d.lw(q) == "from") && q + 1 < s1)
                add_np_args(ev, Role::Target, resolve(np_right(q + 1, s1, 0)));
            }
          }
        } else if (!m.passive && P.kind == "threaten" && k + 2 < s1 && d.lw(k) == "to" &&
                   is_word(k + 1) && !has(k + 1, W_DET)) {
          // "threatened to ban opposition candidates": what the threat is aimed at
          uint32_t q = k + 2;
          while (q < s1 && has(q, W_ADV)) ++q;
          if (q < s1 && (has(q, W_DET) || np_word(q)) && !has(q, W_PREP)) {
            auto r = np_right(q, s1, 0);
            if (!r.empty()) {
              add_np_args(ev, Role::Topic, r);
              // a named object of the threatened act is whom the threat is aimed at
              for (uint32_t t = r.a; t <= r.b; ++t)
                if (is_upper_start(d.raw(t))) {
                  add_np_args(ev, Role::Target, r);
                  break;
                }
              k = r.b + 1;
            }
          } else {
            k = k + 2;
          }
          if (k + 1 < s1 && (d.lw(k) == "with" || d.lw(k) == "to" || d.lw(k) == "against"))
            add_np_args(ev, Role::Target, resolve(np_right(k + 1, s1, 0)));
        } else if (!m.passive && k + 1 < s1 && d.lw(k) == "that" && P.kind == "demand") {
          // "demanded that the US cancel ...": who must act is the target
          add_np_args(ev, Role::Target, resolve(np_right(k + 1, s1, 0)));
        }
        after = k;
      } else {
        // "its demand that Israel ease ...": who must act is the target
        if (P.kind == "demand") {
          uint32_t q = m.last + 1;
          while (q < s1 && (d.timex[q] >= 0 || has(q, W_ADV))) ++q;
          if (q + 1 < s1 && d.lw(q) == "that") add_np_args(ev, Role::Target, resolve(np_right(q + 1, s1, 0)));
        }
        // premodifiers inside the noun phrase: "US airstrikes", "Israel's raid"
        // (not across a verb: a participle without a determiner before it, or a support verb:
        // "farmers in Norland held protests")
        uint32_t k = m.first;
        while (k > s0 && np_word(k - 1) && is_word(k - 1) && m.first - k < 4 &&
               !(participle(k - 1) && !(k - 1 > s0 && has(k - 2, W_DET))) && !light_at(k - 1))
          --k;
        bool det = k > s0 && has(k - 1, W_DET);
        // the possessor of an arrest, killing or injury without an of-phrase is whom it befell:
        // "his arrest", "the driver's death" (but "the army's killing of six men")
        const bool patient_noun = (P.kind == "arrest" || P.kind == "kill" || P.kind == "injure") &&
                                  !(m.last + 1 < s1 && d.lw(m.last + 1) == "of");
        // a possessive inside the premodifiers: "the group's attack", "Norland's raid"
        uint32_t poss = m.first;
        for (uint32_t q = k; q < m.first; ++q)
          if (d.lw(q) == "'s" && q > k) poss = q;
        if (poss < m.first) {
          add_np_args(ev, patient_noun ? Role::Target : P.mod, np_left(poss - 1, s0));
          m.definite = true;
        }
        // (an adjective's premodifier is its victim, handled below: "an Afghan driver injured")
        for (uint32_t q = poss < m.first ? poss + 1 : k; q < m.first && P.part != Part::Adj; ++q) {
          if (is_cap(q) && (d.entity[q] >= 0 || is_upper_start(d.raw(q))) && (q != s0 || d.entity[q] >= 0)) {
            Range r{q, q};
            while (r.b + 1 < m.first && is_cap(r.b + 1) && d.lw(r.b + 1) != "'s") ++r.b;
            // a place below country level names where it happened, not who acted:
            // "the Manchester bombing" (but "US airstrikes", "Russian attacks")
            // A facility or geographic name, or a name headed by a place noun, is a setting too
            // ("the Bagram Airfield bombing", "the Central Station attack").
            bool setting = true, facility = is_upper_start(d.raw(r.b)) && has(r.b, W_PLACE);
            for (uint32_t t = r.a; t <= r.b; ++t) {
              setting = setting && place_tok[t] == 2;
              if (d.entity[t] >= 0) {
                const auto& en = ann.entities[static_cast<size_t>(d.entity[t])];
                facility = facility || en.type == EntityType::FAC || en.type == EntityType::LOC;
                // a geopolitical name that is no country is a town or region: "the Lyon blast"
                if (en.type == EntityType::GPE && !country_actor(en.actor)) facility = true;
              }
            }
            setting = setting || facility;
            add_np_args(ev, setting ? Role::Location : P.mod, r);
            m.definite = true;
            break;
          }
        }
        if (k > s0 + 1 && d.lw(k - 1) == "'s") {
          add_np_args(ev, patient_noun ? Role::Target : P.mod, np_left(k - 2, s0));
          m.definite = true;
        }
        if (det && has(k - 1, W_POSS) && patient_noun) {
          add_np_args(ev, Role::Target, resolve(Range{k - 1, k - 1}).empty() ? Range{k - 1, k - 1}
                                                                            : resolve(Range{k - 1, k - 1}));
        } else if (det && has(k - 1, W_POSS) &&
            std::none_of(ev.args.begin(), ev.args.end(), [](auto& x) { return x.role == "source"; })) {
          // "reiterated its demand": the owner is the clause subject
          Range owner = resolve(Range{k - 1, k - 1});
          if (owner.a == k - 1 && !pron_actor.count(k - 1)) owner = clause_subject(clause_start(k - 1), k - 1);
          if (!owner.empty() && owner.b < k - 1) add_np_args(ev, P.mod, owner);
          else if (!owner.empty()) add_np_args(ev, P.mod, owner);
        }
        // an instance of a series: "the third attack", "the latest raid", "another bombing"
        for (uint32_t q = det ? k - 1 : k; q < m.first; ++q) {
          auto w = d.lw(q);
          if (w == "another" || w == "previous" || w == "earlier" || w == "prior" || w == "separate")
            m.another = true;
          else if (w == "latest" || w == "first" || w == "second" || w == "third" || w == "fourth" ||
                   w == "fifth" || w == "sixth" || w == "seventh" || w == "eighth" || w == "ninth" ||
                   w == "tenth" || w == "recent" || w == "newest" || (w.size() > 2 && parse_number(w.substr(0, w.size() - 2)) > 0 &&
                                                   (ends_with(w, "th") || ends_with(w, "rd") || ends_with(w, "nd"))))
            m.ordinal = true;
        }
        if (det) {
          auto w = d.lw(k - 1);
          if (w == "the" || w == "these" || w == "those" || w == "such" || w == "its" || w == "their")
            m.definite = true;
        }
        // "the building was shattered by an explosion": the subject of a passive whose agent is
        // the assault is its target
        if (P.plover == "ASSAULT" && P.part == Part::Noun &&
            std::none_of(ev.args.begin(), ev.args.end(), [](auto& x) { return x.role == "target"; })) {
          uint32_t q = k;
          if (q > s0 && has(q - 1, W_DET) && d.entity[q - 1] < 0) --q;
          if (q >= s0 + 4 && d.lw(q - 1) == "by" && d.trig[q - 2] < 0 && participle(q - 2) &&
              ends_with(d.lw(q - 2), "ed")) {
            uint32_t v = q - 2;
            while (v > s0 + 1 && (has(v - 1, W_ADV) || ly_adverb(v - 1))) --v;
            if (v > s0 + 1 && has(v - 1, W_BE) && !is_punct(v - 2, ",")) {
              Range r = np_left(v - 2, s0);
              if (!r.empty() && !has(r.a, W_CLAUSE)) add_np_args(ev, Role::Target, resolve(r));
            }
          }
        }
        // adjectives name their victims: "four men injured", "two soldiers were dead"
        if (P.part == Part::Adj && m.first > s0) {
          uint32_t q = m.first - 1;
          while (q > s0 && (has(q, W_AUX) || has(q, W_ADV))) --q;
          if (q + 1 == m.first && np_word(q) && !has(q, W_NUM) && parse_number(d.lw(q)) < 0)
            add_np_args(ev, Role::Target, np_left(q, s0));
          else if (q + 1 < m.first && has(q + 1, W_BE))
            add_np_args(ev, Role::Target, resolve(np_left(q, s0)));
        }
        // adjectives with a count: "five dead", "12 injured"
        if (P.part == Part::Adj && m.first > s0 && (has(m.first - 1, W_NUM) ||
                                                     parse_number(d.lw(m.first - 1)) >= 0)) {
          int v = has(m.first - 1, W_NUM) ? info(m.first - 1).value : parse_number(d.lw(m.first - 1));
          ev.args.push_back(EventArg{"casualties", toks[m.first - 1].span, {}, std::to_string(v)});
          // the count names the victims: "130 injured"
          if (std::none_of(ev.args.begin(), ev.args.end(), [](auto& x) { return x.role == "target"; }))
            ev.args.push_back(EventArg{"target", toks[m.first - 1].span, {}, {}});
        }
        // the light verb governing the noun lends its subject: "militias ... using drones in attacks"
        if (std::none_of(ev.args.begin(), ev.args.end(), [](auto& x) { return x.role == "source"; })) {
          uint32_t c = clause_start(m.first);
          // a speech verb that is also a support verb ends the clause search one word early:
          // "Norland announced a suspension of ..."
          if (c > s0 && d.trig[c - 1] >= 0 && light_at(c - 1)) c = clause_start(c - 1);
          for (uint32_t q = c; q < k; ++q) {
            if (!support_at(&Lex::light, q, k)) continue;
            auto r = resolve(clause_subject(c, q));
            if (!r.empty()) add_np_args(ev, Role::Source, r);
            break;
          }
        }
        // a verb of undergoing lends its subject as the target: "12 people suffered injuries"
        if (std::none_of(ev.args.begin(), ev.args.end(), [](auto& x) { return x.role == "target"; })) {
          uint32_t c = clause_start(m.first);
          for (uint32_t q = c; q < k; ++q) {
            if (!support_at(&Lex::undergo, q, k)) continue;
            auto r = resolve(clause_subject(c, q));
            if (!r.empty()) add_np_args(ev, Role::Target, r);
            break;
          }
        }
      }

      // prepositional arguments to the right, within the clause
      uint32_t k = after;
      int budget = 14;
      bool took_loc = false;
      uint32_t loc_end = 0;  // last token of the location taken
      while (k < s1 && budget-- > 0) {
        if (has(k, W_CLAUSE) || is_punct(k, ";") || (has(k, W_CONJ) && k > s0 && is_punct(k - 1, ",")))
          break;
        if (d.trig[k] >= 0 && d.trig[k] != static_cast<int32_t>(mi)) {
          // a participle of the same class right after an event noun: "strikes targeting X"
          const Mention& o = ms[static_cast<size_t>(d.trig[k])];
          if (m.noun && !o.noun && (o.form == Form::Ing || o.form == Form::Past) &&
              patterns[o.pattern].plover == P.plover && !P.plover.empty() && k - after <= 2 &&
              kind_group(patterns[o.pattern].kind) == kind_group(P.kind)) {  // "the blast injured 12": two events
            ms[static_cast<size_t>(d.trig[k])].dropped = true;
            auto r = np_right(o.last + 1, s1, 0);
            // "bombings targeted at the garrison", "raids aimed at civilians"
            if (r.empty() && o.last + 2 < s1 && (d.lw(o.last + 1) == "at" || d.lw(o.last + 1) == "against"))
              r = np_right(o.last + 2, s1, 0);
            if (!r.empty()) {
              add_np_args(ev, Role::Target, r);
              k = r.b + 1;
              continue;
            }
          }
          if (!o.noun && !has(k, W_PREP)) break;
        }
        auto w = d.lw(k);
        if (w == "including" && (P.kind == "kill" || P.kind == "injure" || P.kind == "arrest") &&
            std::any_of(ev.args.begin(), ev.args.end(), [](auto& x) { return x.role == "target"; })) {
          // ", including A, B and C": members of the victims, one argument each; a lowercase
          // phrase after a name is an apposition describing it ("A, wife of B, C"), not a member
          uint32_t q = k + 1;
          bool names = false;
          for (int n = 0; n < 16 && q < s1; ++n) {
            auto r = np_right(q, s1, 0);
            if (r.empty()) break;
            bool cap = name_headed(r);
            if (n == 0) names = cap;
            if (!names || cap) add_np_args(ev, Role::Target, r);
            q = r.b + 1;
            if (q < s1 && is_punct(q, ",")) ++q;
            if (q < s1 && (d.lw(q) == "and" || d.lw(q) == "or")) ++q;
            else if (q < s1 && !is_punct(q - 1, ",")) break;
          }
          break;
        }
        // "warnings were given to X": whom a noun event is given, sent or issued to is its target
        if (m.noun && k == m.last + 1 && has(k, W_BE) && k + 3 < s1 && d.lw(k + 2) == "to" &&
            (d.lw(k + 1) == "given" || d.lw(k + 1) == "sent" || d.lw(k + 1) == "issued" ||
             d.lw(k + 1) == "delivered" || d.lw(k + 1) == "handed")) {
          add_np_args(ev, Role::Target, resolve(np_right(k + 3, s1, 0)));
          break;
        }
        // "the explosion was at the bus station": a copula before a place phrase is transparent
        if (m.noun && k == m.last + 1 && has(k, W_BE) && k + 2 < s1 && has(k + 1, W_LOCPREP) &&
            d.lw(k + 1) != "from") {
          ++k;
          continue;
        }
        if (w == "including" || w == "while" || w == "since" || has(k, W_AUX)) break;
        // "a battle between A and B": the first party is the source, the second the target
        if (w == "between" && m.noun && P.kind == "fight" && k + 1 < s1) {
          auto r = np_right(k + 1, s1, 0);
          Range a1 = r, a2;
          for (uint32_t t = r.a; t <= r.b && !r.empty(); ++t)
            if (d.lw(t) == "and" && t > r.a && t < r.b) {
              a1 = Range{r.a, t - 1};
              a2 = Range{t + 1, r.b};
              break;
            }
          if (a2.empty() && !r.empty() && r.b + 2 < s1 && d.lw(r.b + 1) == "and") a2 = np_right(r.b + 2, s1, 0);
          if (!a1.empty() && !a2.empty()) {
            add_np_args(ev, Role::Source, a1);
            add_np_args(ev, Role::Target, a2);
            k = a2.b + 1;
            continue;
          }
        }
        if (has(k, W_PREP) || w == "targeting" || w == "using") {
          uint32_t q = k + 1;
          if (q < s1 && is_quote(q)) ++q;
          auto r = q < s1 ? np_right(q, s1, 0) : Range{};
          if (r.empty()) { ++k; continue; }
          if (!m.noun && m.passive && (w == "by" || w == "in") && !P.plover.empty()) {
            int32_t host = -1;
            for (uint32_t t = r.a; t <= r.b; ++t)
              if (d.trig[t] >= 0 && ms[static_cast<size_t>(d.trig[t])].noun &&
                  kind_group(patterns[ms[static_cast<size_t>(d.trig[t])].pattern].kind) == kind_group(P.kind))
                host = d.trig[t];
            if (host >= 0) {
              m.host = host;
              k = r.b + 1;
              continue;
            }
          }
          // "killed in rebel raids", "wounded during an attack by gunmen": the assault is the cause
          if (!m.noun && m.passive && (w == "in" || w == "during") && (P.kind == "kill" || P.kind == "injure"))
            for (uint32_t t = r.a; t <= r.b && m.cause < 0; ++t)
              if (d.trig[t] >= 0 && ms[static_cast<size_t>(d.trig[t])].noun &&
                  patterns[ms[static_cast<size_t>(d.trig[t])].pattern].plover == "ASSAULT")
                m.cause = d.trig[t];
          Role role = Role::None;
          for (auto& [pw, pr] : P.preps)
            if (pw == w) role = pr;
          bool instr = false;
          if (w == "by" || w == "with" || w == "using") {
            auto it = instruments.find(d.lw(r.b));
            instr = it != instruments.end();
          }
          if (instr) role = Role::Instrument;
          // "eased by about 250,000 tons", "rose by nearly 45%": an amount, no agent (but "hit by
          // three earthquakes", "attacked by 200 gunmen" are agents)
          else if (w == "by" && m.passive && !measure_phrase(r)) role = Role::Source;
          else if (w == "by" && m.passive) role = Role::None;
          else if (w == "by" && !m.noun && !m.passive) role = Role::None;
          else if (w == "by" && m.noun && k != m.last + 1 && !participle(k - 1) && d.lw(k - 1) != "out")
            role = Role::None;
          // the named party of a relational object: "boycott all contact with the United States",
          // "refused admittance to Ghanaians", "lift the ban on X"
          if (role == Role::None && k == after && after > m.last + 1 && !P.plover.empty() &&
              (w == "with" || w == "to" || w == "on" || w == "against" || w == "for")) {
            bool named = false;
            for (uint32_t t = r.a; t <= r.b && !named; ++t) named = is_upper_start(d.raw(t)) || d.entity[t] >= 0;
            if (named) role = Role::Target;
          }
          // a second "on" phrase after the target is where it happened: "an attack on a convoy
          // on the coast road" (a street, a place noun or a place below country level)
          if (role == Role::Target && w == "on" && !took_loc &&
              std::any_of(ev.args.begin(), ev.args.end(), [](auto& x) { return x.role == "target"; })) {
            bool place = false;
            for (uint32_t t = r.a; t <= r.b; ++t) place = place || has(t, W_PLACE) || place_tok[t] == 2;
            if (place) {
              role = Role::Location;
              took_loc = true;
              loc_end = r.b;
            }
          }
          // "in protest of/at/over X": what is protested
          if (role == Role::None && m.noun && P.plover == "PROTEST" && m.first > s0 && d.lw(m.first - 1) == "in" &&
              k == m.last + 1 && (w == "of" || w == "at" || w == "over"))
            role = Role::Target;
          // a place inside the place taken is a location too: "at a jail in northern Norland"
          bool nested = took_loc && w == "in" && k == loc_end + 1;
          // a violent or street event "on" a street, road or square happens there: "wounding 13
          // people on a busy pedestrian street"
          if (role == Role::None && !took_loc && w == "on" && (P.plover == "ASSAULT" || P.plover == "PROTEST") &&
              (has(r.b, W_PLACE) || place_tok[r.b] == 2)) {
            role = Role::Location;
            took_loc = true;
            loc_end = r.b;
          }
          if (role == Role::None && (!took_loc || nested) && has(k, W_LOCPREP)) {
            // a place: a place entity or place noun; else an unrecognised name that is no
            // person or organisation ("on Cavehill Road", "in Lyon")
            bool place = false, named = false, agent = false;
            for (uint32_t t = r.a; t <= r.b; ++t) {
              if (d.entity[t] >= 0) {
                auto ty = ann.entities[static_cast<size_t>(d.entity[t])].type;
                place = place || ty == EntityType::GPE || ty == EntityType::LOC || ty == EntityType::FAC;
                agent = agent || ty == EntityType::PER || ty == EntityType::ORG || ty == EntityType::NORP;
              } else if (has(t, W_PLACE) || place_tok[t]) {
                place = true;
              } else if (is_upper_start(d.raw(t)) && t != s0) {
                named = true;
              }
            }
            place = place || (named && !agent && w != "from");
            for (uint32_t t = r.a; t <= r.b && place; ++t)  // an event is no place: "in Kastor raids"
              place = d.trig[t] < 0 || !ms[static_cast<size_t>(d.trig[t])].noun;
            if (nested) {  // a named place only: "a jail in northern Norland", not "in the yard"
              bool proper = false;
              for (uint32_t t = r.a; t <= r.b; ++t) proper = proper || d.entity[t] >= 0 || place_tok[t] || is_upper_start(d.raw(t));
              place = place && proper && !agent;
            }
            if (place) {
              role = Role::Location;
              took_loc = true;
              loc_end = r.b;
            }
          }
          if (role == Role::Location && obj_event &&
              std::any_of(ev.args.begin(), ev.args.end(), [](auto& x) { return x.role == "target" && !x.actor.empty(); }))
            role = Role::None;
          if (role != Role::None) add_np_args(ev, role, resolve(r));
          // "in Helmand province, Afghanistan": a place in apposition to the place taken
          if (role == Role::Location && r.b + 2 < s1 && is_punct(r.b + 1, ",") && is_upper_start(d.raw(r.b + 2)) &&
              (place_tok[r.b + 2] ||
               (d.entity[r.b + 2] >= 0 && ann.entities[static_cast<size_t>(d.entity[r.b + 2])].type == EntityType::GPE))) {
            uint32_t e = r.b + 2;
            while (e + 1 < s1 && d.entity[e + 1] >= 0 && d.entity[e + 1] == d.entity[r.b + 2]) ++e;
            while (e + 1 < s1 && place_tok[e + 1] && place_tok[r.b + 2] && d.entity[r.b + 2] < 0) ++e;
            bool closes = e + 1 >= s1 || is_punct(e + 1, ",") || is_punct(e + 1, ".") || d.timex[e + 1] >= 0 ||
                          has(e + 1, W_PREP);
            if (closes && !(e + 1 < s1 && has(e + 1, W_CONJ))) {
              add_np_args(ev, Role::Location, Range{r.b + 2, e});
              k = e + 1;
              continue;
            }
          }
          if (role == Role::Target) {
            uint32_t e = add_doer(ev, P, r);
            if (e > r.b) {
              k = e + 1;
              continue;
            }
          }
          k = r.b + 1;
          continue;
        }
        if (is_punct(k, ",") && m.noun && k + 1 < s1 && participle(k + 1)) { ++k; continue; }
        if (is_punct(k, ",") && k + 1 < s1 && d.lw(k + 1) == "including") { ++k; continue; }
        if (participle(k) || is_word(k) || is_quote(k)) { ++k; continue; }
        break;
      }

      // casualties: a number at the head of the victim phrase ("four of its fighters")
      if (P.kind == "kill" || P.kind == "injure") {
        for (auto& ar : std::vector<EventArg>(ev.args)) {
          if (ar.role != "target") continue;
          for (uint32_t t = s0; t < s1; ++t) {
            if (toks[t].span.start != ar.span.start) continue;
            int v = has(t, W_NUM) ? info(t).value : parse_number(d.lw(t));
            if (v >= 0) ev.args.push_back(EventArg{"casualties", toks[t].span, {}, std::to_string(v)});
            break;
          }
        }
      }
    }

    // "the airstrikes had targeted its fighters": a verb whose subject is an event noun of the
    // same class adds to that event instead of starting another.
    // "X claimed responsibility for the attack": the claimant is the attack's source
    // (the `light` pattern lines "claim|take|admit|accept responsibility for")
    for (uint32_t t = s0; t + 3 < s1; ++t) {
      if (d.lw(t + 1) != "responsibility" || d.lw(t + 2) != "for" ||
          !support_at(&Lex::light, t, t + 3))
        continue;
      int32_t deed = -1;
      for (uint32_t q = t + 3; q < s1 && q < t + 8 && deed < 0; ++q)
        if (d.trig[q] >= 0 && ms[static_cast<size_t>(d.trig[q])].noun &&
            !ms[static_cast<size_t>(d.trig[q])].ev.plover.empty())
          deed = d.trig[q];
      if (deed < 0) continue;
      Event& dev = ms[static_cast<size_t>(deed)].ev;
      // an explicit agent ("the attack by X") stands; a source lent by some other verb does not
      bool by_agent = false;
      for (uint32_t q = ms[static_cast<size_t>(deed)].last + 1; q < s1 && q < ms[static_cast<size_t>(deed)].last + 3; ++q)
        by_agent = by_agent || d.lw(q) == "by";
      if (by_agent) continue;
      // the subject, over an apposition: "Kata'ib X, a militia that ..., claimed"
      Range subj;
      if (t > s0 + 1 && is_punct(t - 1, ",")) {
        for (uint32_t c = t - 1; c-- > s0 + 1 && subj.empty();)
          if (is_punct(c, ",")) subj = np_left(c - 1, s0);
      }
      if (subj.empty() && t > s0) subj = np_left(t - 1, s0);
      if (subj.empty()) subj = clause_subject(clause_start(t), t);
      if (resolve(subj).empty()) continue;
      std::erase_if(dev.args, [](const EventArg& x) { return x.role == "source"; });
      add_np_args(dev, Role::Source, resolve(subj));
      if (!subj.empty() && !has(subj.a, W_PRON)) last_subject = subj;
    }

    // "X said/denied ... its fighters": a possessive in what a speaker reports is the speaker's
    // (not the last organisation named, which may be whose claim is denied: "denied Pentagon
    // claims ... and said the airstrikes had targeted its fighters")
    for (size_t mi = m0; mi < m1; ++mi) {
      const Mention& m = ms[mi];
      const Pattern& P = patterns[m.pattern];
      if (m.noun || !(P.statement || P.kind == "deny" || P.kind == "accuse" || P.kind == "condemn")) continue;
      const EventArg* speaker = nullptr;
      for (const auto& x : m.ev.args)
        if (x.role == "source" && !x.actor.empty() && !speaker) speaker = &x;
      if (!speaker || !(country_actor(speaker->actor) || std::any_of(ann.actors.begin(), ann.actors.end(), [&](const Actor& ac) {
                          return ac.id == speaker->actor && (ac.type == ActorType::Organization || ac.type == ActorType::Group);
                        })))
        continue;
      const std::string who = speaker->actor;
      for (size_t oj = mi + 1; oj < m1; ++oj) {
        Mention& o = ms[oj];
        const Pattern& Q = patterns[o.pattern];
        if (oj > mi + 1 && (Q.statement || Q.kind == "deny")) break;
        for (auto& x : o.ev.args) {
          if (x.span.start <= m.ev.trigger.start) continue;
          for (uint32_t t = s0; t < s1; ++t)
            if (toks[t].span.start == x.span.start) {
              if (d.lw(t) == "its" || d.lw(t) == "their") x.actor = who;
              break;
            }
        }
      }
    }

    // whoever carried out the assault a passive kill/injure happened in is its source
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (m.cause < 0 || std::any_of(m.ev.args.begin(), m.ev.args.end(), [](auto& x) { return x.role == "source"; }))
        continue;
      for (const auto& x : ms[static_cast<size_t>(m.cause)].ev.args)
        if (x.role == "source") m.ev.args.push_back(x);
    }
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (m.noun || m.dropped || patterns[m.pattern].plover.empty()) continue;
      if (m.host >= 0) {
        Mention& o = ms[static_cast<size_t>(m.host)];
        for (auto& x : m.ev.args)
          if (x.role != "source" || o.ev.args.empty()) o.ev.args.push_back(x);
        m.dropped = true;
        continue;
      }
      for (auto& ar : m.ev.args) {
        if (ar.role != "source" && !(m.passive && ar.role == "target")) continue;
        for (size_t oj = m0; oj < m1; ++oj) {
          Mention& o = ms[oj];
          if (oj == mi || !o.noun || o.dropped || patterns[o.pattern].plover != patterns[m.pattern].plover) continue;
          if (!ar.span.overlaps(o.ev.trigger)) continue;
          if (m.passive) break;
          m.dropped = true;
          for (auto& x : m.ev.args)
            if (&x != &ar) o.ev.args.push_back(x);
          break;
        }
        break;
      }
    }

    // ---- 3. modality scopes and report links within the sentence
    // ", X said": the comma or quote that a speaker phrase right before trigger `m` follows (its
    // index), or 0 when the phrase does not open after one (also used for dates, section 4).
    auto speaker_after_comma = [&](const Mention& m) -> uint32_t {
      if (m.first <= s0 + 2) return 0;
      for (uint32_t t = m.first; t-- > s0 + 1;) {
        if (is_punct(t, ",") || is_quote(t)) return t;
        if (!np_word(t) && !has(t, W_DET)) break;
      }
      return 0;
    };
    // An event noun that is the setting of the act ("dismissed the claims at Friday's meeting",
    // "said during a visit") is not what is said, denied or rejected.
    // Only where nothing between the act and the noun opens a clause or names another event
    // ("said ... that his body was identified from DNA taken during a raid" reports the raid).
    auto setting_noun = [&](uint32_t after, const Mention& o) {
      if (!o.noun) return false;
      for (uint32_t t = after + 1; t < o.first; ++t)
        if (has(t, W_CLAUSE) || (d.trig[t] >= 0 && &ms[static_cast<size_t>(d.trig[t])] != &o))
          return false;
      uint32_t p = o.first;
      while (p > s0 && (np_word(p - 1) || has(p - 1, W_DET) || d.timex[p - 1] >= 0)) --p;
      if (p == s0 || d.lw(p) == "least" || d.lw(p) == "most") return false;
      const std::string_view w = d.lw(p - 1);
      return w == "at" || w == "during" || w == "amid";
    };
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (m.dropped) continue;
      const Pattern& P = patterns[m.pattern];
      bool reporting = P.statement || P.kind == "deny" || P.kind == "condemn" ||
                       P.kind == "accuse" || P.kind == "demand" || P.kind == "authorize" ||
                       P.kind == "threaten" || P.kind == "reject";
      if (!reporting) continue;
      // events after the trigger, until the next reporting verb
      for (size_t oj = mi + 1; oj < m1; ++oj) {
        Mention& o = ms[oj];
        if (o.dropped) continue;
        const Pattern& Q = patterns[o.pattern];
        if (Q.statement || Q.kind == "deny") break;
        if (setting_noun(m.last, o)) continue;
        if (m.report_target < 0) m.report_target = static_cast<int32_t>(oj);
        if (o.ev.modality == Modality::Asserted) {
          if (P.kind == "deny" || P.kind == "reject") o.ev.modality = Modality::Denied;
          else if (P.statement) o.ev.modality = Modality::Reported;
        }
      }
      // ", X said" at the end: the events before are reported
      if (P.statement) {
        if (speaker_after_comma(m) != 0)
          for (size_t oj = m0; oj < mi; ++oj)
            if (ms[oj].ev.modality == Modality::Asserted && !ms[oj].dropped) {
              ms[oj].ev.modality = Modality::Reported;
              if (m.report_target < 0) m.report_target = static_cast<int32_t>(oj);
            }
      }
      // threats without a target take the one of what is threatened
      if (P.kind == "threaten") {
        bool has_t = std::any_of(m.ev.args.begin(), m.ev.args.end(), [](auto& x) { return x.role == "target"; });
        if (!has_t)
          for (size_t oj = mi + 1; oj < m1; ++oj)
            if (!has_t && !ms[oj].dropped && ms[oj].ev.modality == Modality::Hypothetical) {
              for (auto& x : ms[oj].ev.args)
                if (x.role == "target") {
                  m.ev.args.push_back(x);
                  has_t = true;
                }
              if (has_t && m.report_target < 0) m.report_target = static_cast<int32_t>(oj);
            }
      }
    }
    // claims: "Pentagon claims that X were targeted" (not "claimed responsibility for")
    for (uint32_t t = s0; t < s1; ++t) {
      if (!has(t, W_CLAIM) || (t + 1 < s1 && d.lw(t + 1) == "responsibility")) continue;
      for (size_t oj = m0; oj < m1; ++oj) {
        if (ms[oj].first <= t) continue;
        const Pattern& Q = patterns[ms[oj].pattern];
        if (Q.statement || Q.kind == "deny") break;
        if (setting_noun(t, ms[oj])) continue;
        if (ms[oj].ev.modality == Modality::Asserted) ms[oj].ev.modality = Modality::Claimed;
      }
    }
    // statements reporting a wrongdoing become accusations: "said X was disrupting Y"
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (!patterns[m.pattern].wrongdoing) continue;
      m.dropped = true;
      for (size_t oj = m0; oj < mi; ++oj) {
        Mention& s = ms[oj];
        if (!patterns[s.pattern].statement || s.dropped) continue;
        s.ev.kind = "accuse";
        s.ev.plover = "DISAPPROVE";
        s.ev.cameo = "112";
        for (auto& x : m.ev.args)
          if (x.role == "source" &&
              std::none_of(s.ev.args.begin(), s.ev.args.end(), [&](auto& y) { return y.span == x.span; }))
            s.ev.args.push_back(EventArg{"target", x.span, x.actor, {}});
      }
    }

    // intent to cooperate ("will provide", "is willing to withdraw") is AGREE in PLOVER/CAMEO 03x
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (m.noun || m.ev.modality != Modality::Hypothetical) continue;
      const auto& pl = m.ev.plover;
      bool conditional = false;  // "will withdraw ... unless": a threat
      for (uint32_t t = m.last + 1; t < s1 && !conditional; ++t) conditional = d.lw(t) == "unless";
      if (conditional && pl != "AGREE" && kind_group(m.ev.kind) != "assault") {
        m.ev.plover = "THREATEN";
        m.ev.cameo = "130";
      } else if (pl == "AID" || pl == "SUPPORT" || pl == "CONSULT" || pl == "CONCEDE" ||
                 pl == "RETREAT" || pl == "COOPERATE") {
        m.ev.plover = "AGREE";
        m.ev.cameo = "030";
      }
    }

    // a threat made conditional on someone's action is aimed at them: "threatened to stop the
    // talks if Norland goes ahead", "will withdraw unless the council agrees"
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (m.dropped || m.ev.plover != "THREATEN") continue;
      for (uint32_t t = m.last + 1; t + 1 < s1; ++t) {
        if (d.trig[t] >= 0 && patterns[ms[static_cast<size_t>(d.trig[t])].pattern].statement) break;
        if (d.lw(t) != "if" && d.lw(t) != "unless") continue;
        add_np_args(m.ev, Role::Target, resolve(np_right(t + 1, s1, 0)));
        break;
      }
    }

    // "X said Y must ..." is a demand on Y; "will not accept" is a rejection
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (m.dropped) continue;
      const auto& pl = m.ev.plover;
      if (m.ev.modality == Modality::Negated &&
          (pl == "AGREE" || pl == "CONCEDE" || pl == "SUPPORT" || pl == "AID" || pl == "CONSULT")) {
        m.ev.plover = "REJECT";
        m.ev.cameo = "120";
      }
      if (!patterns[m.pattern].statement || m.ev.kind != "statement") continue;
      for (uint32_t t = m.last + 1; t < s1; ++t) {
        if (d.trig[t] >= 0 && patterns[ms[static_cast<size_t>(d.trig[t])].pattern].statement) break;
        auto w = d.lw(t);
        if (w != "must" && w != "should") continue;
        m.ev.kind = "demand";
        m.ev.plover = "DEMAND";
        m.ev.cameo = "100";
        add_np_args(m.ev, Role::Target, resolve(np_left(t - 1, m.last + 1)));
        break;
      }
    }

    // an event is not aimed at its own source: drop a target that repeats a source span
    for (size_t mi = m0; mi < m1; ++mi) {
      auto& as = ms[mi].ev.args;
      std::vector<Span> src;
      for (const auto& x : as)
        if (x.role == "source") src.push_back(x.span);
      if (src.empty()) continue;
      std::erase_if(as, [&](const EventArg& x) {
        return (x.role == "target" || x.role == "recipient") &&
               std::find(src.begin(), src.end(), x.span) != src.end();
      });
    }

    // ---- 4. dates
    // the time expression of a series ("the third attack on the base this month") dates the
    // series, not the events of the sentence
    int32_t series_timex = -1;
    for (size_t mi = m0; mi < m1 && series_timex < 0; ++mi) {
      if (!ms[mi].ordinal) continue;
      for (uint32_t t = ms[mi].last + 1; t < s1 && t <= ms[mi].last + 8; ++t) {
        if (d.timex[t] >= 0) {
          series_timex = d.timex[t];
          break;
        }
        if (!is_word(t) || has(t, W_CLAUSE | W_AUX) || d.trig[t] >= 0) break;
      }
    }
    // Relative clauses (", which formed ... in 2014,"): a date inside one dates only the events
    // of that clause; the main clause's dates reach every event of the sentence.
    rel_clause.assign(s1 - s0, 0);
    {
      uint32_t id = 0, cur = 0;
      for (uint32_t t = s0; t < s1; ++t) {
        const std::string_view w = d.lw(t);
        if (t > s0 && d.lw(t - 1) == "," &&
            (w == "which" || w == "who" || w == "whom" || w == "whose"))
          cur = ++id;
        else if (cur != 0 && (w == "," || w == ";" || w == ":"))
          cur = 0;
        rel_clause[t - s0] = cur;
      }
    }
    // The clause a statement reports ("told a court on Tuesday that he tried to kill her in
    // 2022"): from the "that" after a speech act to the end of the sentence. Its own dates date
    // its events; the speech act's date only bounds them (on or before it), and the speech act
    // is not dated by theirs.
    comp_from = s1;
    for (size_t mi = m0; mi < m1 && comp_from == s1; ++mi) {
      const Mention& m = ms[mi];
      if (m.noun || m.dropped || !patterns[m.pattern].statement) continue;
      for (uint32_t t = m.last + 1; t < s1 && t <= m.last + 10; ++t) {
        if (d.lw(t) == "that") {
          comp_from = t + 1;
          break;
        }
        if (is_punct(t, ",") || is_quote(t) || (d.trig[t] >= 0 && !ms[static_cast<size_t>(d.trig[t])].noun))
          break;
      }
    }
    // A date after a temporal preposition ("after a 2013 agreement", "ahead of Wednesday's
    // hearing", "before March 10") dates only the phrase it sits in; the events around it happened
    // before or after that date, not on it. tx_rel[t]: 0 none, 1 before, 2 after; tx_scope[t]: end
    // of the phrase (the possessed noun, the noun the date premodifies).
    tx_rel.assign(s1 - s0, 0);
    tx_scope.assign(s1 - s0, 0);
    tx_from.assign(s1 - s0, 0);
    for (uint32_t a = s0; a < s1; ++a) {
      const int32_t x = d.timex[a];
      if (x < 0 || (a > s0 && d.timex[a - 1] == x)) continue;
      uint32_t e = a;
      while (e < s1 && d.timex[e] == x) ++e;
      uint32_t p = a;
      bool det = has(a, W_DET);  // "the January news reports": the timex may hold the article
      while (p > s0 && has(p - 1, W_DET) && d.lw(p - 1) != "that") {
        --p;
        det = true;
      }
      uint8_t rel = 0;
      if (p > s0) {
        const std::string_view w = d.lw(p - 1);
        const std::string_view w2 = p > s0 + 1 ? d.lw(p - 2) : std::string_view{};
        if (w == "before" || w == "until" || w == "till" || w == "by" ||
            (w == "of" && w2 == "ahead") || (w == "to" && w2 == "prior"))
          rel = 1;
        else if (w == "after" || w == "following")
          rel = 2;
      }
      // "the first since elections in Iran this month": a date at the end of a "since" phrase
      // (no verb, comma or clause word between) dates that phrase only
      uint32_t since_from = 0;
      if (rel == 0)
        for (uint32_t q = p; q > s0 && q + 6 > p; --q) {
          const uint32_t b = q - 1;
          if (d.lw(b) == "since") {
            if (b + 1 < p) since_from = b + 1;
            break;
          }
          if (!is_word(b) || has(b, W_CLAUSE | W_AUX | W_CONJ) ||
              (d.trig[b] >= 0 && !ms[static_cast<size_t>(d.trig[b])].noun))
            break;
        }
      if (since_from != 0) rel = 2;
      uint32_t scope = e;
      const bool poss = e < s1 && d.lw(e) == "'s";
      if (poss) ++scope;
      // A premodifier is a name or number ("a 2013 agreement", "the January reports"), not
      // "this week" before a verb.
      if (poss || (det && is_cap(e - 1)))
        for (uint32_t k = 0; k < 3 && scope < s1 && np_word(scope) && !has(scope, W_CONJ); ++k)
          ++scope;
      // "in a November report", "at Friday's meeting": the phrase is the setting of what is said
      // there, so it dates a statement too
      const bool setting = p > s0 && (d.lw(p - 1) == "at" || d.lw(p - 1) == "in" ||
                                      d.lw(p - 1) == "during" || d.lw(p - 1) == "on");
      // "an expected arrival of March 26": the date of the noun before "of" only
      const bool of_head = scope == e && rel == 0 && p > s0 + 1 && d.lw(p - 1) == "of" &&
                           is_word(p - 2) && !has(p - 2, W_PREP | W_CLAUSE | W_AUX | W_CONJ | W_DET);
      for (uint32_t t = a; t < e; ++t) {
        tx_rel[t - s0] = static_cast<uint8_t>(rel | (scope > e && !setting ? 4 : 0) | (of_head ? 12 : 0));
        tx_scope[t - s0] = scope;
        tx_from[t - s0] = since_from;
      }
    }
    const std::optional<int64_t> dct_day = dct_first_day;
    // The sentence's dating tokens, once: a token of a date or time (or of a duration anchored
    // on the DCT) with a calendar position, and whether it starts after the DCT.
    tx_tokens.clear();
    bool comp_has_date = false;
    for (uint32_t t = s0; t < s1; ++t) {
      const int32_t x = d.timex[t];
      if (x < 0) continue;
      if (t >= comp_from) comp_has_date = true;
      const Timex& tx = ann.timexes[static_cast<size_t>(x)];
      const bool anchored = tx.type == TimexType::DURATION && !tx.begin.empty();
      if (tx.type != TimexType::DATE && tx.type != TimexType::TIME && !anchored) continue;
      const std::string_view v = anchored ? tx.begin : tx.value;
      if (granularity_of(v) == Granularity::None) continue;
      const std::optional<int64_t> start = first_day(v);
      // an anchored duration that runs ahead ("over the next two decades") counts as after the
      // DCT: a past verb does not take its first day
      const std::optional<int64_t> last = anchored ? first_day(tx.end) : start;
      tx_tokens.push_back({t, dct_day && ((start && *start > *dct_day) || (last && *last > *dct_day))});
    }
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      int32_t best = -1;
      uint32_t bestd = ~0u;
      bool best_before = false;
      const bool in_comp = m.first >= comp_from;
      const uint32_t mclause = m.first >= s0 && m.first < s1 ? rel_clause[m.first - s0] : 0;
      // A verb in the past tense reports what happened: a date after the DCT is the deadline or
      // plan it talks about ("pledged to cut emissions by 2030"), not its date.
      const bool past_verb = !m.noun && m.form == Form::Past && m.ev.modality != Modality::Hypothetical;
      const Pattern& P = patterns[m.pattern];
      // '..., media groups said.': the dates before the comma belong to what is reported
      uint32_t tail_from = s0;
      const bool clause_end = m.last + 1 >= s1 || is_punct(m.last + 1, ".") ||
                              is_punct(m.last + 1, ",") || is_quote(m.last + 1);
      if (P.statement && !m.noun && clause_end)
        if (const uint32_t c = speaker_after_comma(m); c != 0) tail_from = c + 1;
      const bool speech_act = P.statement || P.kind == "deny" || P.kind == "condemn" ||
                              P.kind == "accuse" || P.kind == "demand" || P.kind == "reject" ||
                              P.kind == "threaten";
      for (const auto& [t, after_dct] : tx_tokens) {
        const int32_t x = d.timex[t];
        if (x == series_timex || t < tail_from) continue;
        if (m.main_verb != 0 && t >= m.main_verb) continue;  // the later verb's date
        // a participle after its noun ("prayers Monday for Palestinians injured in clashes") or a
        // reason after "for" ("expelled on Friday for violating rules") happened before the
        // clause around it: no date from before it
        if (t < m.first && (m.reduced || (!m.noun && m.form == Form::Ing && m.first > s0 &&
                                         d.lw(m.first - 1) == "for")))
          continue;
        // "during a previous raid", "another attack": some other instance, dated only by a date
        // right after it ("a previous raid in March")
        if (m.another && !(t > m.last && t <= m.last + 3)) continue;
        // a date in a participle phrase between the subject and its verb ("the plotters involved
        // in the attempt on Feb. 7 are detained") is that phrase's
        if (!m.noun && m.subj_a <= m.subj_b && t > m.subj_b + 1 && t < m.first) {
          bool postmodified = false;
          for (uint32_t q = m.subj_b + 1; q < t && !postmodified; ++q) {
            // a comma, a conjunction or another event verb: the date may be the verb's own
            if (is_punct(q, ",") || has(q, W_CONJ) || (d.trig[q] >= 0 && !ms[static_cast<size_t>(d.trig[q])].noun))
              break;
            postmodified = is_word(q) && !has(q, W_AUX) && !is_upper_start(d.raw(q)) &&
                           (ends_with(d.lw(q), "ed") || ends_with(d.lw(q), "ing")) && d.lw(q).size() > 4;
          }
          if (postmodified) continue;
        }
        // a reported clause's dates stay in it; with none, the speech act's date bounds it
        if (!in_comp && t >= comp_from) continue;
        if (in_comp && (comp_has_date || m.ev.modality == Modality::Hypothetical) && t < comp_from)
          continue;  // (a plan announced on Friday is not bounded by Friday)
        if (rel_clause[t - s0] != 0 && rel_clause[t - s0] != mclause) continue;
        const uint8_t rel = tx_rel[t - s0] & 3;
        const bool in_scope = (m.first >= t && m.first < tx_scope[t - s0]) ||
                              ((tx_rel[t - s0] & 8) && m.last + 2 == t) ||
                              (tx_from[t - s0] != 0 && m.first >= tx_from[t - s0] && m.first < t);
        if (rel == 2 && !in_scope) continue;
        // A date inside a noun phrase ("Tuesday's attack", "the February elections") dates what
        // happened then, not the words said about it later: no statement, demand, denial... takes it.
        if ((tx_rel[t - s0] & 4) && !in_scope && speech_act) continue;
        if (past_verb && after_dct) continue;
        uint32_t dist = t < m.first ? m.first - t : t - m.last;
        if (dist < bestd) {
          bestd = dist;
          best = x;
          best_before = (rel == 1 && !in_scope) || (in_comp && t < comp_from);
        }
      }
      EventDate& dt = m.ev.date;
      if (best >= 0) {
        const Timex& tx = ann.timexes[static_cast<size_t>(best)];
        dt.value = tx.value.substr(0, std::min<size_t>(tx.value.size(), 10));
        dt.granularity = granularity_of(dt.value);
        if (dt.granularity == Granularity::Time) dt.granularity = Granularity::Day;
        dt.timex = best;
        if (!tx.begin.empty() && !tx.end.empty()) {  // a range: the event spans it
          dt.value = tx.begin;
          dt.end = tx.end;
          dt.granularity = granularity_of(tx.begin);
        }
        if (tx.mod == "BEFORE" || best_before) dt.on_or_before = true;
      } else if (!dct.empty()) {
        dt.value = std::string(dct);
        dt.granularity = Granularity::Day;
        dt.on_or_before = true;
      }
    }

    // statements need a speaker; everything else needs at least a trigger. A mere attribution
    // ("police said ...") is no event of its own unless the sentence names the communication act.
    bool comm_act = false;
    for (uint32_t t = s0; t < s1 && !comm_act; ++t) comm_act = has(t, W_COMM);
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (!patterns[m.pattern].statement || m.ev.kind != "statement") continue;
      if (std::none_of(m.ev.args.begin(), m.ev.args.end(), [](auto& x) { return x.role == "source"; }))
        m.dropped = true;
      else if (patterns[m.pattern].attribution && !comm_act)
        m.dropped = true;
    }

    // With no explicit target, a named place where a coded action happens is what it is
    // directed at (CAMEO codes the place's polity as the target: "imposed a curfew in Algiers",
    // "opened an embassy in Tehran"); kept apart from "target" as "recipient".
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (m.dropped || m.ev.plover.empty()) continue;
      // An explicit target is a named party (an actor, or a capitalised phrase), not the thing
      // imposed or done ("imposed a curfew").
      if (std::any_of(m.ev.args.begin(), m.ev.args.end(), [&](const EventArg& x) {
            if (x.role != "target") return false;
            if (!x.actor.empty()) return true;
            for (uint32_t t = s0; t < s1; ++t)
              if (x.span.contains(toks[t].span) && is_upper_start(d.raw(t))) return true;
            return false;
          }))
        continue;
      std::vector<EventArg> add;
      for (const auto& x : m.ev.args) {
        if (x.role != "location") continue;
        bool named = false;
        for (uint32_t t = s0; t < s1 && !named; ++t)
          named = x.span.contains(toks[t].span) && (is_upper_start(d.raw(t)) || d.entity[t] >= 0);
        if (named) add.push_back(EventArg{"recipient", x.span, x.actor, {}});
      }
      for (auto& x : add) m.ev.args.push_back(std::move(x));
    }

    // An infinitive complement lends its participants to the governing coded event ("refused to
    // deploy troops in Iraq", "promised to continue aid to Mozambique"); a protest is aimed at
    // whom its demand is made of ("a hunger strike to demand the resignation of X").
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (m.dropped || m.ev.plover.empty() ||
          std::any_of(m.ev.args.begin(), m.ev.args.end(), [](auto& x) { return x.role == "target"; }))
        continue;
      for (size_t oj = mi + 1; oj < m1; ++oj) {
        const Mention& o = ms[oj];
        if (o.dropped || o.first > m.last + 12) break;
        bool comp = o.first <= m.last + 4 && o.first > s0 && d.lw(o.first - 1) == "to" && !o.noun;
        // an event noun inside the infinitive: "promised to continue military aid to X"
        if (!comp && o.noun && m.last + 2 < o.first && o.first <= m.last + 6 && d.lw(m.last + 1) == "to" &&
            is_word(m.last + 2) && !has(m.last + 2, W_DET | W_NUM | W_PRON) && !is_upper_start(d.raw(m.last + 2))) {
          comp = true;
          for (uint32_t t = m.last + 2; t < o.first; ++t)
            comp = comp && is_word(t) && !has(t, W_CLAUSE | W_CONJ) && d.timex[t] < 0;
        }
        bool purpose = m.ev.plover == "PROTEST" && o.ev.plover == "DEMAND";
        if (!comp && !purpose) continue;
        for (const auto& x : o.ev.args)
          if (x.role == "target" || x.role == "recipient") m.ev.args.push_back(x);
        break;
      }
    }

    // ---- 5. coreference
    // a repeated sentence: its mentions are the mentions of the first occurrence
    uint64_t h = std::hash<std::string_view>{}(S.span.of(text));
    auto [sit, fresh] = seen_sentence.emplace(h, static_cast<int32_t>(si));
    if (!fresh && S.span.of(text) == ann.sentences[static_cast<size_t>(sit->second)].span.of(text)) {
      const Sentence& F = ann.sentences[static_cast<size_t>(sit->second)];
      for (size_t mi = m0; mi < m1; ++mi) {
        Mention& m = ms[mi];
        uint32_t rel = m.ev.trigger.start - S.span.start;
        for (size_t oj = 0; oj < m0; ++oj)
          if (ms[oj].ev.trigger.start == F.span.start + rel) {
            size_t root = oj;
            while (ms[root].merged_into >= 0) root = static_cast<size_t>(ms[root].merged_into);
            m.merged_into = static_cast<int32_t>(root);
            break;
          }
        if (m.merged_into < 0) m.dropped = m.dropped || false;
      }
    } else {
      for (size_t mi = m0; mi < m1; ++mi) {
        Mention& m = ms[mi];
        if (m.dropped || !m.noun || m.another) continue;
        const Pattern& P = patterns[m.pattern];
        bool own_target = std::any_of(m.ev.args.begin(), m.ev.args.end(), [](auto& x) { return x.role == "target"; });
        if (!m.definite && own_target) continue;
        const bool plural = d.lw(m.last).back() == 's';
        if (!m.definite && !own_target && !plural) continue;
        // "several deadly attacks", "two attacks in 2013 and 2015", "frequent bombings": a count
        // or a frequency makes a series, not a further mention of one event
        if (plural && !m.definite) {
          bool series = false;
          for (uint32_t t = m.first; t-- > s0 && !series;) {
            const std::string_view w = d.lw(t);
            if (has(t, W_NUM) || w == "several" || w == "many" || w == "some" || w == "frequent" ||
                w == "repeated" || w == "other" || w == "more" || w == "numerous" || w == "recent" ||
                w == "previous" || w == "past" || w == "dozens" || w == "hundreds")
              series = true;
            else if (!np_word(t) || has(t, W_DET))
              break;
          }
          if (series) {
            m.series = true;
            continue;
          }
        }
        auto src_text = [&](const Event& e) -> std::string {
          for (auto& x : e.args)
            if (x.role == "source") return x.actor.empty() ? fold_key(x.span.of(text)) : x.actor;
          return {};
        };
        std::string mine = src_text(m.ev);
        // the latest earlier root of the same kind, else of a kind in the same group
        for (int pass = 0; pass < 2 && m.merged_into < 0; ++pass) {
          for (size_t oj = mi; oj-- > 0;) {
            Mention& o = ms[oj];
            if (o.dropped || o.merged_into >= 0 || o.series) continue;
            // "struck the base ..., in the third attack on it this month": an instance phrase
            // names the event its sentence reports, verb or noun
            if (!o.noun && !(m.ordinal && oj >= m0)) continue;
            // named targets that share no actor: two events ("the strikes were a response to
            // the drone attack on Ain al-Asad")
            if (targets_conflict(m.ev, o.ev)) continue;
            // a mention with a source of its own is another event than an earlier one of its
            // sentence: "killed in rebel attacks, prompting government airstrikes"
            if (oj >= m0 && !mine.empty()) continue;
            const Pattern& Q = patterns[o.pattern];
            if (pass == 0 ? Q.kind != P.kind : kind_group(Q.kind) != kind_group(P.kind)) continue;
            if (o.ev.modality != Modality::Asserted && o.ev.modality != Modality::Reported) continue;
            // two explicit dates that exclude each other ("fighting in 1983" ... "the fighting
            // on Monday"): two events
            if (!dates_compatible_explicit(m.ev.date, o.ev.date)) continue;
            // a bare plural ("attacks") is not one event named in the singular before ("the
            // attack on the hotel"): it talks of such events in general
            if (plural && !m.definite && d.lw(o.last).back() != 's') continue;
            std::string theirs = src_text(o.ev);
            if (!mine.empty() && !theirs.empty() && mine != theirs && mine.find(theirs) == std::string::npos &&
                theirs.find(mine) == std::string::npos)
              continue;
            m.merged_into = static_cast<int32_t>(oj);
            break;
          }
        }
      }
    }
    // merge args into the roots
    for (size_t mi = m0; mi < m1; ++mi) {
      Mention& m = ms[mi];
      if (m.merged_into < 0 || m.dropped) continue;
      Mention& root = ms[static_cast<size_t>(m.merged_into)];
      root.ev.coref.push_back(m.ev.trigger);
      for (auto& x : m.ev.args) {
        bool dup = false;
        for (auto& y : root.ev.args)
          dup = dup || (y.role == x.role && (y.span == x.span ||
                                              fold_key(y.span.of(text)) == fold_key(x.span.of(text))));
        if (!dup) root.ev.args.push_back(x);
      }
      if (root.ev.date.on_or_before && !m.ev.date.on_or_before && !m.ev.date.value.empty() && !m.ordinal)
        root.ev.date = m.ev.date;
    }
  }

  // ---- 6. headline coreference: an article's first line without final punctuation, set apart
  // by a line break, is its headline; an event there of the same kind as one in the body with
  // compatible sources is a mention of that event, which has the better date and arguments.
  if (ann.sentences.size() >= 2 && !ms.empty()) {
    const Sentence& H = ann.sentences[0];
    const Sentence& B = ann.sentences[1];
    const uint32_t hl = std::min(H.end_token, ntok);
    bool headline = hl > H.first_token && hl - H.first_token <= 24 && B.first_token < ntok &&
                    (B.paragraph > H.paragraph || toks[B.first_token].newline_before);
    if (headline) {
      auto w = d.lw(hl - 1);
      headline = w != "." && w != "!" && w != "?" && w != ":" && !is_quote(hl - 1);
    }
    auto root_of_m = [&](size_t i) {
      while (ms[i].merged_into >= 0) i = static_cast<size_t>(ms[i].merged_into);
      return i;
    };
    auto country_of = [&](std::string_view id) -> std::string_view {
      for (const auto& a : ann.actors)
        if (a.id == id) return a.country;
      return {};
    };
    auto same_party = [&](const EventArg& x, const EventArg& y) {
      if (!x.actor.empty() && x.actor == y.actor) return true;
      if (!x.actor.empty() && !y.actor.empty()) {
        auto cx = country_of(x.actor), cy = country_of(y.actor);
        if (!cx.empty() && cx == cy) return true;
      }
      auto tx = fold_key(x.span.of(text)), ty = fold_key(y.span.of(text));
      return tx.find(ty) != std::string::npos || ty.find(tx) != std::string::npos;
    };
    auto sources_compatible = [&](const Event& a, const Event& b) {
      bool any_a = false, any_b = false;
      for (const auto& x : a.args) any_a = any_a || x.role == "source";
      for (const auto& y : b.args) any_b = any_b || y.role == "source";
      if (!any_a || !any_b) return true;
      for (const auto& x : a.args)
        for (const auto& y : b.args)
          if (x.role == "source" && y.role == "source" && same_party(x, y)) return true;
      return false;
    };
    auto add_arg = [&](Event& e, const EventArg& x) {
      for (const auto& y : e.args)
        if (y.role == x.role && (y.span == x.span || fold_key(y.span.of(text)) == fold_key(x.span.of(text))))
          return;
      e.args.push_back(x);
    };
    for (size_t hi = 0; headline && hi < ms.size() && ms[hi].ev.sentence == 0; ++hi) {
      Mention& h = ms[hi];
      if (h.dropped || h.merged_into >= 0) continue;
      if (h.ev.modality != Modality::Asserted && h.ev.modality != Modality::Reported) continue;
      // the headline's own mention (body mentions may have been folded into it)
      Event own = h.ev;
      std::erase_if(own.args, [&](const EventArg& x) { return !H.span.contains(x.span); });
      const std::string_view hk = h.ev.kind;
      int32_t body = -1;
      for (int pass = 0; pass < 2 && body < 0; ++pass)
        for (size_t j = hi + 1; j < ms.size() && body < 0; ++j) {
          const Mention& b = ms[j];
          if (b.dropped || b.ev.sentence <= 0 || b.another || b.ev.modality == Modality::Hypothetical ||
              b.ev.modality == Modality::Negated || b.ev.modality == Modality::Denied)
            continue;
          if (b.merged_into >= 0 && root_of_m(j) != hi) continue;
          if (pass == 0 ? b.ev.kind != hk : kind_group(b.ev.kind) != kind_group(hk)) continue;
          if (!sources_compatible(own, b.ev) || targets_conflict(own, b.ev)) continue;
          body = static_cast<int32_t>(j);
        }
      if (body < 0) continue;
      Mention& b = ms[static_cast<size_t>(body)];
      // the body mention becomes the root; the body mentions folded into the headline follow it
      // unless their named targets differ (then they are an event of their own)
      b.merged_into = -1;
      h.merged_into = body;
      b.ev.coref.push_back(h.ev.trigger);
      for (size_t k = 0; k < ms.size(); ++k) {
        Mention& o = ms[k];
        if (k == static_cast<size_t>(body) || o.merged_into != static_cast<int32_t>(hi)) continue;
        if (o.dropped) {
          o.merged_into = body;
          continue;
        }
        if (targets_conflict(o.ev, b.ev)) {
          o.merged_into = -1;
          continue;
        }
        o.merged_into = body;
        b.ev.coref.push_back(o.ev.trigger);
        for (const auto& x : o.ev.args) add_arg(b.ev, x);
        if (b.ev.date.on_or_before && !o.ev.date.on_or_before && !o.ev.date.value.empty() && !o.ordinal)
          b.ev.date = o.ev.date;
      }
      std::sort(b.ev.coref.begin(), b.ev.coref.end());
      // the headline's own arguments stay with its mention; a recipient derived from its place
      // does not when the body names a target ("US strikes ... near Syrian border")
      const bool body_target = std::any_of(b.ev.args.begin(), b.ev.args.end(),
                                           [](const EventArg& y) { return y.role == "target" && !y.actor.empty(); });
      for (const auto& x : own.args)
        if (!(body_target && x.role == "recipient") &&
            std::none_of(b.ev.args.begin(), b.ev.args.end(),
                         [&](const EventArg& y) { return y.role == x.role && y.span == x.span; }))
          b.ev.args.push_back(x);
      if (b.ev.date.on_or_before && !own.date.on_or_before && !own.date.value.empty() && own.date.timex >= 0)
        b.ev.date = own.date;
    }
  }

  // ---- emit: roots in document order, ids e1..., report links through coreference
  std::vector<int32_t> out_index(ms.size(), -1);
  auto root_of = [&](size_t i) {
    while (ms[i].merged_into >= 0) i = static_cast<size_t>(ms[i].merged_into);
    return i;
  };
  for (size_t i = 0; i < ms.size(); ++i) {
    if (ms[i].dropped || ms[i].merged_into >= 0) continue;
    out_index[i] = static_cast<int32_t>(ann.events.size());
    ann.events.push_back(std::move(ms[i].ev));
    ann.events.back().id = fmt::format("e{}", ann.events.size());
  }
  for (size_t i = 0; i < ms.size(); ++i) {
    if (ms[i].report_target < 0 || ms[i].dropped) continue;
    auto from = out_index[root_of(i)];
    auto to = out_index[root_of(static_cast<size_t>(ms[i].report_target))];
    if (from >= 0 && to >= 0 && from != to && ann.events[static_cast<size_t>(from)].reports < 0)
      ann.events[static_cast<size_t>(from)].reports = to;
  }
}

}  // namespace eg
