#include "core/timex.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/resources.hpp"
#include "core/short_hash.hpp"
#include "core/timex_calendar.hpp"

namespace eg {
namespace {

// Calendar units, in the order of the lexicon's unit codes.
enum class Unit : uint8_t { None, S, MIN, H, D, W, WE, M, Q, Y, DE, CE };

constexpr int8_t kNone = -100;

struct LexEntry {
  int8_t month = 0;    // 1..12
  int8_t weekday = 0;  // 1..7
  int8_t ordinal = 0;
  int8_t season = 0;   // 1 SP, 2 SU, 3 FA, 4 WI
  int8_t pod = 0;      // 1 MO, 2 AF, 3 EV, 4 NI
  int8_t day = kNone;  // day offset; 99 = tonight
  int8_t rel = kNone;  // -1, 0, 1; 2 = "past"
  int32_t number = -1; // -2 = vague (X)
  int8_t hol_month = 0, hol_day = 0, hol_nth = 0, hol_weekday = 0;  // holiday rule
  int8_t hol_from = 1;  // the N-th weekday is counted from this day of the month
  bool hol_needs_day = false;  // a holiday only before "Day" ("Labor Day", "Mother's Day")
  Unit unit = Unit::None;
  bool plural = false;
  bool future = false;
  bool schedule = false;  // a present-tense schedule verb ("meet", "resumes"): future when finite
  bool past = false;
  bool report = false;
  bool deadline = false;
  bool unresolved = false;  // a named period whose date needs world knowledge (Ramadan)
  bool hol_easter = false;  // Western Easter Sunday (computus)
  std::string mod, ref, set;
};

// Looked up once per token: the short-key hash (core/short_hash.hpp). Nothing depends on the
// table's iteration order but the typographic-apostrophe copies, whose keys are all distinct.
using Lexicon = std::unordered_map<std::string, LexEntry, ShortKeyHash, std::equal_to<>>;

constexpr std::array<std::string_view, 5> kSeasonCode{"", "SP", "SU", "FA", "WI"};
constexpr std::array<std::string_view, 5> kPodCode{"", "MO", "AF", "EV", "NI"};

std::string_view unit_code(Unit u) {
  switch (u) {
    case Unit::S: return "S";
    case Unit::MIN: return "M";
    case Unit::H: return "H";
    case Unit::D: return "D";
    case Unit::W: return "W";
    case Unit::WE: return "WE";
    case Unit::M: return "M";
    case Unit::Q: return "Q";
    case Unit::Y: return "Y";
    case Unit::DE: return "DE";
    case Unit::CE: return "CE";
    default: return "";
  }
}

bool is_time_unit(Unit u) { return u == Unit::S || u == Unit::MIN || u == Unit::H; }

// "P3Y", "PT2H", "PXM".
std::string duration_value(int64_t n, Unit u) {
  std::string v = is_time_unit(u) ? "PT" : "P";
  if (u == Unit::WE) return n < 0 ? "PXWE" : fmt::format("P{}WE", n);
  // Counted decades and centuries are written in years, as TimeBank does ("P20Y").
  if (n >= 0 && u == Unit::DE) return fmt::format("P{}Y", n * 10);
  if (n >= 0 && u == Unit::CE) return fmt::format("P{}Y", n * 100);
  v += n < 0 ? std::string("X") : std::to_string(n);
  v += unit_code(u);
  return v;
}

// "n and a half units": the half written in the next smaller unit ("P2Y6M", "PT5H30M"); ""
// when the unit has no exact half in a smaller one.
std::string half_duration_value(int64_t n, Unit u) {
  if (n < 0) return {};
  switch (u) {
    case Unit::Y: return fmt::format("P{}Y6M", n);
    case Unit::D: return fmt::format("P{}DT12H", n);
    case Unit::H: return fmt::format("PT{}H30M", n);
    case Unit::MIN: return fmt::format("PT{}M30S", n);
    default: return {};
  }
}

Lexicon load_lexicon(const std::filesystem::path& file) {
  const std::string content = read_file(file);
  Lexicon lex;
  size_t line_no = 0;
  for (size_t pos = 0; pos < content.size();) {
    size_t eol = content.find('\n', pos);
    if (eol == std::string::npos) eol = content.size();
    std::string_view line(content.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos)
      throw EnvironmentError(fmt::format("{}:{}: expected KEY<TAB>CLASS<TAB>VALUE",
                                         file.string(), line_no));
    const std::string_view key = line.substr(0, t1), cls = line.substr(t1 + 1, t2 - t1 - 1),
                           val = line.substr(t2 + 1);
    auto num = [&]() {
      int v = 0;
      auto [p, ec] = std::from_chars(val.data(), val.data() + val.size(), v);
      if (ec != std::errc() || p != val.data() + val.size())
        throw EnvironmentError(fmt::format("{}:{}: bad number '{}'", file.string(), line_no, val));
      return v;
    };
    auto index_of = [&](const auto& codes) {
      for (size_t i = 1; i < codes.size(); ++i)
        if (codes[i] == val) return static_cast<int8_t>(i);
      throw EnvironmentError(fmt::format("{}:{}: bad code '{}'", file.string(), line_no, val));
    };
    LexEntry& e = lex[std::string(key)];
    if (cls == "month") {
      e.month = static_cast<int8_t>(num());
    } else if (cls == "weekday") {
      e.weekday = static_cast<int8_t>(num());
    } else if (cls == "number") {
      e.number = val == "X" ? -2 : num();
    } else if (cls == "ordinal") {
      e.ordinal = static_cast<int8_t>(num());
    } else if (cls == "unit") {
      static constexpr std::array<std::string_view, 12> kUnits{"",  "S", "MIN", "H", "D",  "W",
                                                               "WE", "M", "Q",   "Y", "DE", "CE"};
      e.unit = static_cast<Unit>(index_of(kUnits));
      e.plural = key.size() > 1 && key.back() == 's' && key != "hours" ? true : key == "hours";
      if (key == "centuries") e.plural = true;
    } else if (cls == "season") {
      e.season = index_of(kSeasonCode);
    } else if (cls == "pod") {
      e.pod = index_of(kPodCode);
    } else if (cls == "mod") {
      e.mod = std::string(val);
    } else if (cls == "day") {
      e.day = val == "N" ? int8_t{99} : static_cast<int8_t>(num());
    } else if (cls == "ref") {
      e.ref = std::string(val);
    } else if (cls == "rel") {
      e.rel = val == "P" ? int8_t{2} : static_cast<int8_t>(num());
    } else if (cls == "set") {
      e.set = std::string(val);
    } else if (cls == "future") {
      e.future = true;
    } else if (cls == "schedule") {
      e.future = true;
      e.schedule = true;
    } else if (cls == "past") {
      e.past = true;
    } else if (cls == "report") {
      e.report = true;
    } else if (cls == "deadline") {
      e.deadline = true;
    } else if (cls == "dayname") {
      e.hol_needs_day = true;
    } else if (cls == "unresolved") {
      e.unresolved = true;
    } else if (cls == "holiday" && val == "easter") {
      e.hol_easter = true;
      e.hol_month = 4;  // marks a holiday; the date is computed per year
    } else if (cls == "holiday") {
      int a = 0, b = 0, c = 0, d = 1;
      const char* p = val.data();
      const char* end = val.data() + val.size();
      auto r1 = std::from_chars(p, end, a);
      auto r2 = r1.ptr < end ? std::from_chars(r1.ptr + 1, end, b) : r1;
      auto r3 = r2.ptr < end ? std::from_chars(r2.ptr + 1, end, c) : r2;
      if (r3.ptr < end) std::from_chars(r3.ptr + 1, end, d);
      if (a < 1 || a > 12 || b < 1 || b > 31 || d < 1 || d > 28)
        throw EnvironmentError(fmt::format("{}:{}: bad holiday '{}'", file.string(), line_no, val));
      e.hol_month = static_cast<int8_t>(a);
      if (c) {
        e.hol_nth = static_cast<int8_t>(b);
        e.hol_weekday = static_cast<int8_t>(c);
        e.hol_from = static_cast<int8_t>(d);
      } else {
        e.hol_day = static_cast<int8_t>(b);
      }
    } else if (cls == "start") {
      // presence in the table is enough: the token may begin an expression
    } else {
      throw EnvironmentError(fmt::format("{}:{}: unknown class '{}'", file.string(), line_no, cls));
    }
  }
  // Typographic apostrophes fold to the same entries.
  std::vector<std::pair<std::string, LexEntry>> extra;
  for (const auto& [k, v] : lex) {
    if (auto a = k.find('\''); a != std::string::npos) {
      std::string t = k;
      t.replace(a, 1, "\xE2\x80\x99");
      extra.emplace_back(std::move(t), v);
    }
  }
  for (auto& [k, v] : extra) lex.emplace(std::move(k), std::move(v));
  return lex;
}

struct Match {
  uint32_t end = 0;  // token index one past the match
  uint32_t begin = 0;  // first token when it is not the one tried ("the" left out), else 0
  TimexType type = TimexType::DATE;
  std::string value;
  std::string mod;
  std::string range_end;  // "March 15-20": the value of the range's last day

  Match() = default;
  Match(uint32_t e, TimexType t, std::string v, std::string m)
      : end(e), type(t), value(std::move(v)), mod(std::move(m)) {}
};

enum class Tense : uint8_t { None, Past, Future };

std::string ymd(CivilDate c) { return fmt::format("{:04d}-{:02d}-{:02d}", c.y, c.m, c.d); }
std::string ym(int y, int m) { return fmt::format("{:04d}-{:02d}", y, m); }
std::string yw(IsoWeek w) { return fmt::format("{:04d}-W{:02d}", w.year, w.week); }
std::string yq(int y, int q) { return fmt::format("{:04d}-Q{}", y, q); }
std::string yy(int y) { return fmt::format("{:04d}", y); }

}  // namespace

struct TimexTagger::Impl {
  Lexicon lex;

  // Per-call state (tag() is const and re-entrant: state lives in a Run).
  struct Run {
    const Impl& im;
    std::string_view text;
    std::string low;  // ASCII-lowercased copy of text (same byte offsets)
    const std::vector<Token>& toks;
    std::vector<const LexEntry*> entries;
    bool has_dct = false;
    CivilDate dct;
    int64_t dct_days = 0;
    uint32_t sb = 0, se = 0;  // current sentence tokens
    uint32_t psb = 0;         // first token of the previous sentence
    uint32_t doc_quarters = 0;  // mentions of "quarter" in the document
    std::optional<int64_t> last_day;  // last day-precise date in the sentence
    int ref_year = 0, ref_month = 0;  // year (and month, 0 if none) of the last dated timex
    std::optional<int64_t> prev_last_day{};  // last_day of the sentence before

    [[nodiscard]] std::string_view key(uint32_t j) const {
      return std::string_view(low).substr(toks[j].span.start, toks[j].span.size());
    }
    [[nodiscard]] std::string_view raw(uint32_t j) const { return toks[j].span.of(text); }
    [[nodiscard]] const LexEntry* L(uint32_t j) const { return j < se ? entries[j] : nullptr; }
    [[nodiscard]] bool is(uint32_t j, std::string_view w) const { return j < se && key(j) == w; }
    [[nodiscard]] bool cap(uint32_t j) const {
      const char c = text[toks[j].span.start];
      return c >= 'A' && c <= 'Z';
    }
    [[nodiscard]] bool adjacent(uint32_t j) const { return j < se && !toks[j].space_before; }
    // Value of an all-digit Number token (optionally with st/nd/rd/th), else -1.
    [[nodiscard]] int64_t num(uint32_t j, bool allow_ordinal = false) const {
      if (j >= se || toks[j].shape != TokenShape::Number) return -1;
      std::string_view k = key(j);
      if (allow_ordinal && k.size() > 2) {
        const std::string_view suf = k.substr(k.size() - 2);
        if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") k.remove_suffix(2);
      }
      if (k.empty() || k.size() > 9) return -1;
      int64_t v = 0;
      for (char c : k) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
      }
      return v;
    }
    [[nodiscard]] static int64_t digits(std::string_view s) {
      if (s.empty() || s.size() > 9) return -1;
      int64_t v = 0;
      for (char c : s) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
      }
      return v;
    }
    // Cardinal from a number word or digits; -2 for vague quantities, -1 when none.
    [[nodiscard]] int64_t cardinal(uint32_t j) const {
      if (j >= se) return -1;
      if (const int64_t n = num(j); n >= 0) return n;
      if (const LexEntry* e = L(j); e && e->number != -1) return e->number;
      return -1;
    }

    static constexpr uint32_t kGuessPenalty = 4;  // extra distance of a guessed "-ed" verb after
    static constexpr uint32_t kTenseWindow = 10;  // tokens: cues further away are ignored...
    static constexpr uint32_t kSentenceWindow = 40;  // ...except as a weak sentence-wide fallback
    mutable bool tense_strong = false;               // set by tense_at: the cue is adjacent

    Tense tense_at(uint32_t b, uint32_t e) const {
      tense_strong = false;
      // "payable Dec. 7", "by Jan. 14": looks ahead whatever the verb tense.
      // (weak: tense_strong stays false, so a month only moves beyond a month and a half)
      // "by" and "through" also close past spans ("had filed by Wednesday"): not taken as ahead.
      // Other deadlines look ahead unless the sentence is set in the past ("until Thursday they
      // had not called him a suspect").
      auto ahead = [&](uint32_t q) {
        if (key(q) == "by" || key(q) == "through")  // "will double its flights by August"
          return window_tense(b, e) == Tense::Future ? Tense::Future : Tense::None;
        if (q == sb && window_tense(b, e) == Tense::Past) return Tense::Past;
        return Tense::Future;
      };
      // "set for release Friday", "slated for March": a schedule looks ahead, unless the
      // sentence tells it in the past ("elections set for February were delayed")
      for (uint32_t q = b; q > sb + 1 && q + 3 > b; --q)
        if (key(q - 1) == "for" && (key(q - 2) == "set" || key(q - 2) == "slated" || key(q - 2) == "scheduled")) {
          bool past = false;  // a listed past word (were, had, ...) in the sentence
          for (uint32_t k = sb; k < se && !past; ++k) past = L(k) && L(k)->past && !L(k)->report;
          if (past) break;
          tense_strong = true;
          return Tense::Future;
        }
      // "on patrol since March": what something has lasted since lies in the past
      if (b > sb && key(b - 1) == "since") {
        tense_strong = true;
        return Tense::Past;
      }
      if (b > sb && L(b - 1) && L(b - 1)->deadline) return ahead(b - 1);
      if (b > sb + 1 && key(b - 1) == "on" && L(b - 2) && L(b - 2)->deadline) return ahead(b - 2);
      // The verb right next to the expression decides: "said Friday", "closed it Thursday",
      // "met on Monday", "Wednesday's ruling" are past; "will meet Thursday" is future.
      {
        uint32_t p = b > sb ? b - 1 : b;
        if (p > sb && (key(p) == "on" || key(p) == "it" || key(p) == "them")) --p;
        auto cue = [&](uint32_t q) {
          if (q < sb || q >= se) return Tense::None;
          // "will be paid Dec. 14": a participle after "be" says nothing of the time.
          if (q > sb && key(q - 1) == "be") return Tense::None;
          const LexEntry* en = L(q);
          if (nonfinite_schedule(q)) return Tense::None;
          if (en && en->future && !plan_noun(q)) return Tense::Future;
          if ((en && (en->report || en->past)) ||
              (past_participle_verb(q) && !cap(q)))
            return Tense::Past;
          return Tense::None;
        };
        if (p < b) {
          if (const Tense t0 = cue(p); t0 != Tense::None) {
            tense_strong = true;
            return t0;
          }
        }
        tense_strong = true;
        if (e < se && (key(e) == "'s" || key(e) == "\xE2\x80\x99s")) return Tense::Past;
        if (const Tense t1 = cue(e); t1 != Tense::None) return t1;
        tense_strong = false;
      }
      // "as early as Tuesday", "as soon as Friday": ahead
      if (b >= sb + 3 && key(b - 1) == "as" && key(b - 3) == "as") return Tense::Future;
      return window_tense(b, e, kSentenceWindow);
    }

    // A schedule verb that is not finite says nothing of the time: "difficult to meet demand",
    // "did not meet", "could resume".
    [[nodiscard]] bool nonfinite_schedule(uint32_t q) const {
      if (q <= sb || !L(q) || !L(q)->schedule) return false;
      const std::string_view p = key(q - 1);
      return p == "to" || p == "not" || p == "n't" || (L(q - 1) && (L(q - 1)->past || L(q - 1)->future));
    }

    // An "-ed" word used as a verb: not "a still unspecified date", "the revised plan".
    [[nodiscard]] bool past_participle_verb(uint32_t q) const {
      const std::string_view k = key(q);
      if (!(k.size() > 4 && k.ends_with("ed") && !k.ends_with("eed") &&
            toks[q].shape == TokenShape::Word))
        return false;
      uint32_t p = q;
      if (p > sb && (key(p - 1) == "still" || key(p - 1) == "very" || key(p - 1).ends_with("ly"))) --p;
      if (p <= sb) return true;
      return !is_determiner(key(p - 1));
    }

    // "the plan", "vacation plans", "a hastily planned trip": not the verb of a future intention
    // ("plans to meet", "planned a rally").
    [[nodiscard]] bool plan_noun(uint32_t q) const {
      const std::string_view k = key(q);
      if (k == "planned") return q > sb && key(q - 1).ends_with("ly");
      if (k != "plan" && k != "plans") return false;
      if (q + 1 < se && (key(q + 1) == "to" || is_determiner(key(q + 1)))) return false;
      return true;
    }
    static bool is_determiner(std::string_view d) {
      return d == "the" || d == "a" || d == "an" || d == "its" || d == "his" || d == "her" ||
             d == "their" || d == "our" || d == "these" || d == "those";
    }

    // The tense of the nearest cue within `window` tokens of [b, e) in the sentence (in the
    // sentence-wide fallback, a nearer present-tense "is"/"are" gives no tense).
    Tense window_tense(uint32_t b, uint32_t e, uint32_t window = kTenseWindow) const {
      uint32_t best_dist = UINT32_MAX;
      Tense t = Tense::None;
      // A cue inside a quotation does not place a date outside it, nor one outside a date inside:
      // '"Pakistan expects ...," the military said Wednesday' is past.
      bool b_quoted = false;
      for (uint32_t j = sb; j < b; ++j) b_quoted ^= toks[j].shape == TokenShape::Quote;
      bool quoted = false;
      for (uint32_t j = sb; j < se; ++j) {
        if (toks[j].shape == TokenShape::Quote) {
          quoted = !quoted;
          continue;
        }
        if (j >= b && j < e) continue;
        if (quoted != b_quoted) continue;
        const std::string_view k = key(j);
        // "signed it Thursday that will serve as ...": a clause opened after the date has its own
        // tense; cues beyond it do not place the date.
        if (j >= e && (k == "that" || k == "which" || k == "who")) break;
        // "On Tuesday, the adviser said the president would meet ...": what is said after the
        // date has its own tense, as after "that"
        if (j >= e && j > e + 1 && L(j) && L(j)->report) break;
        Tense here = Tense::None;
        // A present-tense auxiliary nearer than any cue ("when the case is heard in May") says
        // the date is not placed by a farther past or future verb.
        if (window > kTenseWindow && (k == "is" || k == "are" || k == "am")) {
          const uint32_t dist = j < b ? b - j : j - e + 1;
          if (dist < best_dist) {
            best_dist = dist;
            t = Tense::None;
          }
          continue;
        }
        const LexEntry* en = L(j);
        // "next to the embassy" is a place, not a tense cue.
        if (k == "next" && j + 1 < se && key(j + 1) == "to") continue;
        // "is to resume", "are set to meet": scheduled, i.e. ahead.
        const bool scheduled =
            k == "to" && j > sb && j + 1 < se && toks[j + 1].shape == TokenShape::Word &&
            (key(j - 1) == "is" || key(j - 1) == "are" || key(j - 1) == "set");
        // "had been due to expire Friday", "had planned to meet Monday": a plan in the past
        // perfect is over by the time of writing.
        const bool perfect_plan = en && en->future && j > sb &&
                                  (key(j - 1) == "had" ||
                                   (j > sb + 1 && key(j - 1) == "been" && key(j - 2) == "had"));
        // "were planning to drive Monday", "was expected to land Friday", "was due to vote": the
        // past auxiliary of a plan leaves the plan's own time to the plan word after it
        const bool plan_aux = (k == "was" || k == "were") && j + 1 < se && L(j + 1) &&
                              L(j + 1)->future && key(j + 1) != "next";
        if (plan_aux) continue;
        if (nonfinite_schedule(j)) continue;
        if (perfect_plan) {
          here = Tense::Past;
        } else if ((en && en->future && !plan_noun(j)) || k == "won't" || (k.size() > 3 && k.ends_with("'ll")) ||
            (j + 1 < se && k == "going" && key(j + 1) == "to") || scheduled) {
          here = Tense::Future;
        } else if (j > sb && key(j - 1) == "be") {
          continue;
        } else if ((en && en->past) ||
                   (past_participle_verb(j) && !cap(j) && !(en && en->report))) {
          here = Tense::Past;
        }
        if (here == Tense::None) continue;
        // A guessed "-ed" verb after the expression ("markets untouched by") counts as further
        // away than a listed cue: it is often a participle in a noun phrase.
        const bool guessed = !en && j >= e;
        const uint32_t dist = (j < b ? b - j : j - e + 1) + (guessed ? kGuessPenalty : 0);
        if (dist <= window && dist < best_dist) {
          best_dist = dist;
          t = here;
        }
      }
      return t;
    }

    [[nodiscard]] int dct_quarter() const { return (dct.m - 1) / 3 + 1; }

    // A month (and optional day) without a year: pick the year from DCT and tense.
    int year_for(int m, int d, Tense t) const {
      if (d == 0 && m == dct.m) return dct.y;
      const int day = d > 0 ? d : 15;
      auto offset = [&](int y) {
        return days_from_civil({y, m, std::min(day, days_in_month(y, m))}) - dct_days;
      };
      // The year that puts the date nearest the DCT (a December date in a January story)...
      int best = dct.y;
      for (int y = dct.y - 1; y <= dct.y + 1; ++y)
        if (std::abs(offset(y)) < std::abs(offset(best))) best = y;
      // ...unless the tense says otherwise: a past event cannot lie after the DCT, a future one
      // not before it. A cue far from the date only overrides beyond a month and a half.
      const int64_t off = offset(best);
      if (t == Tense::Past && off > 0 && (tense_strong || off > 45)) return best - 1;
      if (t == Tense::Future && off < 0 && (tense_strong || off < -45)) return best + 1;
      // Without a cue, news mostly reports what happened: a month more than four months
      // ahead is last year's.
      if (t == Tense::None && off > 120) return best - 1;
      return best;
    }

    // Month-word check that rules out the modal "may" and the verb "march".
    bool month_word(uint32_t j) const {
      const LexEntry* e = L(j);
      if (!e || e->month == 0) return false;
      if (!cap(j)) return false;
      const std::string_view k = key(j);
      // "Jan", "Dec" without the period are names unless a day follows.
      const bool day_next = num(j + 1, true) > 0 || day_range(j + 1).has_value();
      if (k.size() == 3 && k != "may" && !day_next) return false;
      if (k == "may" || k == "march") {
        // Needs calendar context: a day/year next, or a preposition/modifier before.
        if (day_next) return true;
        if (j > sb && ((num(j - 1, true) > 0 && num(j - 1, true) <= 31) || day_range(j - 1)))
          return true;  // "15 March", "15-20 March"
        if (j > sb) {
          const std::string_view p = key(j - 1);
          static constexpr std::array<std::string_view, 16> kPrep{
              "in", "since", "until", "till", "of", "last", "next", "this", "early", "late",
              "mid", "by", "during", "from", "through", "before"};
          if (std::find(kPrep.begin(), kPrep.end(), p) != kPrep.end()) {
            // "in May" is fine, but "this may be" is the modal.
            if (j + 1 < se && (key(j + 1) == "be" || key(j + 1) == "have" || key(j + 1) == "not"))
              return false;
            return true;
          }
          if (p == "and" || p == "or" || p == "-" || p == "to") return k == "march" || true;
        }
        return false;
      }
      return true;
    }

    bool year_token(uint32_t j, int64_t& y) const {
      if (j >= se || toks[j].shape != TokenShape::Number || key(j).size() != 4) return false;
      y = num(j);
      if (y < 1000 || y > 2099) return false;
      if (j > sb) {
        const std::string_view p = raw(j - 1);
        if (p == "$" || p == "#" || p == "\xE2\x82\xAC" || p == "\xC2\xA3" || key(j - 1) == "no." ||
            key(j - 1) == "flight" || key(j - 1) == "route")
          return false;
      }
      if (j + 1 < se) {
        const std::string_view n = key(j + 1);
        if (n == "%" || n == "percent" || n == "people" || n == "km" || n == "miles" ||
            n == "meters" || n == "feet" || n == "troops" || n == "soldiers")
          return false;
        if (L(j + 1) && L(j + 1)->unit != Unit::None && !L(j + 1)->plural && n != "second")
          return true;
      }
      return true;
    }

    // ---- date cores ------------------------------------------------------------------------

    // The date of holiday `h` in year y.
    // Western Easter Sunday of year y (the anonymous Gregorian computus).
    static CivilDate easter_in(int y) {
      const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
      const int f = (b + 8) / 25, g = (b - f + 1) / 3;
      const int h = (19 * a + b - d - g + 15) % 30;
      const int i = c / 4, k = c % 4;
      const int l = (32 + 2 * e + 2 * i - h - k) % 7;
      const int m = (a + 11 * h + 22 * l) / 451;
      const int n = h + l - 7 * m + 114;
      return {y, n / 31, n % 31 + 1};
    }

    static CivilDate holiday_in(const LexEntry& h, int y) {
      if (h.hol_easter) return easter_in(y);
      if (h.hol_day) return {y, h.hol_month, h.hol_day};
      const int64_t first = days_from_civil({y, h.hol_month, h.hol_from});
      const int64_t off = (h.hol_weekday - weekday_of(first) + 7) % 7 + 7 * (h.hol_nth - 1);
      return civil_from_days(first + off);
    }

    // Christmas [Day|Eve] [YYYY], last Thanksgiving
    std::optional<Match> holiday(uint32_t j, int rel) const {
      const LexEntry* h = L(j);
      if (!h || !h->hol_month || !cap(j)) return std::nullopt;
      uint32_t e = j + 1;
      int shift = 0;
      bool week = false;  // "Easter week": the ISO week of the feast
      if (h->hol_needs_day) {  // "Labor Day", "Mother's Day", "Presidents' Day"
        if (is(e, "'s") || is(e, "\xE2\x80\x99s") || is(e, "'") || is(e, "\xE2\x80\x99")) ++e;
        if (!is(e, "day") || !cap(e)) return std::nullopt;
        ++e;
      } else if (is(e, "day")) ++e;
      else if (is(e, "eve")) {
        ++e;
        shift = -1;
      } else if (is(e, "week")) {
        ++e;
        week = true;
      }
      Match m{e, TimexType::DATE, {}, {}};
      int64_t y = -1;
      if (year_token(e, y)) m.end = ++e;
      if (y < 0 && !has_dct) return m;
      if (y < 0) {
        const Tense t = rel == -1 ? Tense::Past : rel == 1 ? Tense::Future : tense_at(j, e);
        y = dct.y;
        // a feast's week has begun by its Palm Sunday, a week before the feast
        const int64_t here = days_from_civil(holiday_in(*h, dct.y)) + shift - (week ? 7 : 0);
        if (t == Tense::Past && here > dct_days) y = dct.y - 1;
        if (t == Tense::Future && here < dct_days) y = dct.y + 1;
      }
      const int64_t when = days_from_civil(holiday_in(*h, static_cast<int>(y))) + shift;
      m.value = week ? yw(iso_week(when)) : ymd(civil_from_days(when));
      return m;
    }

    // "nineteen ninety-six" at j: the year, with `end` one past it; -1 when none.
    int64_t spoken_year(uint32_t j, uint32_t& end) const {
      if (j + 1 >= se || !(is(j, "nineteen") || is(j, "twenty"))) return -1;
      const int64_t c = is(j, "nineteen") ? 19 : 20;
      const std::string_view n = key(j + 1);
      int64_t rest = -1;
      if (const size_t h = n.find('-'); h != std::string_view::npos) {
        auto a = im.lex.find(n.substr(0, h)), b = im.lex.find(n.substr(h + 1));
        if (a != im.lex.end() && b != im.lex.end() && a->second.number >= 20 &&
            b->second.number > 0 && b->second.number < 10)
          rest = a->second.number + b->second.number;
      } else if (L(j + 1) && L(j + 1)->number >= 10 && L(j + 1)->number < 100 &&
                 key(j + 1) != "dozen") {
        rest = L(j + 1)->number;
      }
      if (rest < 10) return -1;
      end = j + 2;
      return c * 100 + rest;
    }

    std::optional<Match> numeric_date(uint32_t j) const {
      if (j >= se || toks[j].shape != TokenShape::Number) return std::nullopt;
      const std::string_view k = key(j);
      // ISO 2021-06-28
      if (k.size() == 10 && k[4] == '-' && k[7] == '-') {
        if (auto c = parse_iso_date(k)) return Match{j + 1, TimexType::DATE, ymd(*c), {}};
        return std::nullopt;
      }
      // 28/06/2021, 6/28/2021, 06/28/98
      if (const size_t s1 = k.find('/'); s1 != std::string_view::npos) {
        const size_t s2 = k.find('/', s1 + 1);
        if (s2 == std::string_view::npos) return std::nullopt;
        int64_t a = digits(k.substr(0, s1)), b = digits(k.substr(s1 + 1, s2 - s1 - 1)),
                y = digits(k.substr(s2 + 1));
        if (a < 0 || b < 0 || y < 0) return std::nullopt;
        if (k.size() - s2 - 1 == 2) y += y < 50 ? 2000 : 1900;
        else if (k.size() - s2 - 1 != 4) return std::nullopt;
        int m = static_cast<int>(a), d = static_cast<int>(b);
        if (m > 12) std::swap(m, d);
        if (m < 1 || m > 12 || d < 1 || d > days_in_month(static_cast<int>(y), m)) return std::nullopt;
        return Match{j + 1, TimexType::DATE, ymd({static_cast<int>(y), m, d}), {}};
      }
      // decades: 1990s, '90s handled by caller
      if (k.size() == 5 && k[4] == 's') {
        const int64_t y = digits(k.substr(0, 4));
        if (y >= 1000 && y <= 2090 && y % 10 == 0)
          return Match{j + 1, TimexType::DATE, fmt::format("{:03d}X", y / 10), {}};
      }
      int64_t y = 0;
      if (year_token(j, y)) {
        // "1998-99" season ranges stay a single year; "2014" alone.
        return Match{j + 1, TimexType::DATE, yy(static_cast<int>(y)), {}};
      }
      return std::nullopt;
    }

    // The day named just after a clock time at e, past "local time", a parenthesised second
    // clock ("(0735 GMT)") and "on": "at 4 p.m. on Friday" → that Friday's day number.
    [[nodiscard]] std::optional<int64_t> following_day(uint32_t e) const {
      if (e < se && key(e) == "local" && e + 1 < se && key(e + 1) == "time") e += 2;
      if (e < se && key(e) == "(") {
        uint32_t c = e + 1;
        while (c < se && c < e + 6 && key(c) != ")") ++c;
        if (c >= se || key(c) != ")") return std::nullopt;
        // "4 in the morning (4 a.m. EDT Thursday)": the day inside the brackets
        if (L(c - 1) && L(c - 1)->weekday && cap(c - 1))
          return weekday_date(L(c - 1)->weekday, kNone, tense_at(c - 1, c));
        e = c + 1;
      }
      if (e < se && key(e) == "on") ++e;
      if (e >= se || !L(e)) return std::nullopt;
      if (L(e)->weekday && cap(e)) return weekday_date(L(e)->weekday, kNone, tense_at(e, e + 1));
      if (L(e)->day != kNone && L(e)->day != 99) return dct_days + L(e)->day;  // "yesterday"
      return std::nullopt;
    }

    std::optional<Match> clock_time(uint32_t j) const {
      if (j >= se) return std::nullopt;
      const std::string_view k = key(j);
      int hh = -1, mm = 0;
      uint32_t e = j + 1;
      if (toks[j].shape == TokenShape::Number) {
        const size_t c = k.find(':');
        if (c != std::string_view::npos) {
          const int64_t h = digits(k.substr(0, c)), m = digits(k.substr(c + 1));
          if (h < 0 || h > 24 || m < 0 || m > 59 || k.size() - c - 1 != 2) return std::nullopt;
          hh = static_cast<int>(h);
          mm = static_cast<int>(m);
        } else {
          const int64_t h = digits(k);
          if (h < 1 || h > 12) return std::nullopt;
          hh = static_cast<int>(h);
        }
        const std::string_view n = e < se ? key(e) : std::string_view{};
        const bool pm = n == "p.m." || n == "pm" || n == "p.m";
        const bool am = n == "a.m." || n == "am" || n == "a.m";
        // "at 4 in the morning", "8 in the evening": the part of day says a.m. or p.m.
        const bool pod_after = c == std::string_view::npos && !pm && !am && j > sb &&
                               key(j - 1) == "at" && e + 2 < se && key(e) == "in" &&
                               key(e + 1) == "the" && L(e + 2) && L(e + 2)->pod &&
                               !key(e + 2).ends_with("s");
        if (pod_after) {
          const std::string_view code = kPodCode[static_cast<size_t>(L(e + 2)->pod)];
          if (code != "MO" && hh < 12) hh += 12;  // afternoon, evening, night: p.m.
          if (code == "NI" && hh < 17) hh -= 12;  // "2 in the night" stays a.m.
          if (code == "MO" && hh == 12) hh = 0;
          e += 3;
        } else if (pm || am) {
          if (hh > 12) return std::nullopt;
          if (pm && hh < 12) hh += 12;
          if (am && hh == 12) hh = 0;
          ++e;
        } else if (c == std::string_view::npos) {
          return std::nullopt;
        } else if (!(e < se && (key(e) == "gmt" || key(e) == "utc" || key(e) == "local"))) {
          // A bare "4:49" needs a time-ish neighbour ("at 4:49").
          if (!(j > sb && (key(j - 1) == "at" || key(j - 1) == "by" || key(j - 1) == "until")))
            return std::nullopt;
        }
        if (e < se) {
          const std::string_view z = raw(e);
          static constexpr std::array<std::string_view, 12> kZones{
              "EDT", "EST", "CDT", "CST", "MDT", "MST", "PDT", "PST", "GMT", "UTC", "BST", "CET"};
          if (std::find(kZones.begin(), kZones.end(), z) != kZones.end()) ++e;
        }
      } else if (k == "noon" || k == "midday") {
        if (cap(j) && j > sb && cap(j - 1)) return std::nullopt;  // the film "High Noon"
        hh = 12;
      } else if (k == "midnight") {
        hh = 24;
      } else {
        return std::nullopt;
      }
      Match m{e, TimexType::TIME, {}, {}};
      std::optional<int64_t> when = last_day;
      // "5 p.m. EST, Nov. 6", "noon, Friday": the date after a comma still belongs to the time.
      if (e + 1 < se && key(e) == "," &&
          ((L(e + 1) && L(e + 1)->weekday && cap(e + 1)) || month_word(e + 1)))
        ++e;
      if (e < se && L(e) && L(e)->weekday && cap(e) && has_dct) {  // "9 a.m. Tuesday"
        when = weekday_date(L(e)->weekday, kNone, tense_at(j, e + 1));
        m.end = ++e;
      } else if (e < se && L(e) && L(e)->day != kNone && L(e)->day != 99 && has_dct) {
        when = dct_days + L(e)->day;  // "10 p.m. yesterday"
        m.end = ++e;
      } else if (e < se && month_word(e)) {  // "5 p.m. Nov. 9"
        if (auto md = month_date(e); md && md->value.size() == 10) {
          if (auto c = parse_iso_date(md->value)) {
            when = days_from_civil(*c);
            m.end = md->end;
          }
        }
      } else if (has_dct) {
        // "at 4 p.m. on Friday", "3 a.m. local time Tuesday", "10:35 a.m. (0735 GMT) Friday": the
        // day a little further on dates the time, but stays a timex of its own.
        if (auto d = following_day(e)) when = d;
      }
      if (has_dct || when) {
        const int64_t day = when ? *when : dct_days;
        m.value = fmt::format("{}T{:02d}:{:02d}", ymd(civil_from_days(day)), hh, mm);
      }
      return m;
    }

    // A one-token day range "15-20" / "15–20" at j (first < second <= 31).
    [[nodiscard]] std::optional<std::pair<int, int>> day_range(uint32_t j) const {
      if (j >= se || toks[j].shape != TokenShape::Number) return std::nullopt;
      const std::string_view k = key(j);
      size_t dash = k.find('-');
      size_t skip = 1;
      if (dash == std::string_view::npos) {
        dash = k.find("\xE2\x80\x93");
        skip = 3;
      }
      if (dash == std::string_view::npos || dash == 0 || dash > 2) return std::nullopt;
      const int64_t a = digits(k.substr(0, dash));
      const int64_t b = digits(k.substr(dash + skip));
      if (a < 1 || b <= a || b > 31 || k.size() - dash - skip > 2) return std::nullopt;
      return std::pair<int, int>{static_cast<int>(a), static_cast<int>(b)};
    }

    // Month [day][,] [year] | day Month [year] | Month of year.
    std::optional<Match> month_date(uint32_t j, bool past_ctx_known = false) const {
      (void)past_ctx_known;
      uint32_t e = j;
      int day = 0;
      int64_t d0 = num(j, true);
      bool day_first = false;
      int day2 = 0;  // "March 15-20", "March 15 to 20", "15-20 March": the range's last day
      if (d0 >= 1 && d0 <= 31 && j + 1 < se && month_word(j + 1)) {
        day = static_cast<int>(d0);
        day_first = true;
        ++e;
      } else if (const auto r = day_range(j); r && j + 1 < se && month_word(j + 1)) {
        day = r->first;
        day2 = r->second;
        day_first = true;
        ++e;
      } else if (!month_word(j)) {
        return std::nullopt;
      }
      const int month = L(e)->month;
      ++e;
      if (!day_first) {
        const int64_t d1 = num(e, true);
        int64_t ytmp = 0;
        if (d1 >= 1 && d1 <= 31 && !year_token(e, ytmp)) {
          day = static_cast<int>(d1);
          ++e;
          if (e + 1 < se && (key(e) == "-" || key(e) == "\xE2\x80\x93" || key(e) == "to" ||
                             key(e) == "through")) {
            const int64_t d2 = num(e + 1, true);
            if (d2 > day && d2 <= 31 && !month_word(e + 2)) {
              day2 = static_cast<int>(d2);
              e += 2;
            }
          }
        } else if (const auto r = day_range(e)) {
          day = r->first;
          day2 = r->second;
          ++e;
        }
      }
      int64_t y = -1;
      if (e < se && key(e) == "," && e + 1 < se && year_token(e + 1, y)) {
        e += 2;
      } else if (e < se && year_token(e, y)) {
        ++e;
      } else if (e + 1 < se && key(e) == "of" && year_token(e + 1, y)) {
        e += 2;
      } else if (uint32_t se2 = 0; (y = spoken_year(e, se2)) > 0) {
        e = se2;
      } else if (e + 1 < se && L(e) && L(e)->rel != kNone && L(e)->rel != 2 && is(e + 1, "year")) {
        if (!has_dct) return Match{e + 2, TimexType::DATE, {}, {}};
        y = dct.y + L(e)->rel;
        e += 2;
      } else {
        y = -1;
      }
      if (day > days_in_month(y > 0 ? static_cast<int>(y) : 2000, month)) return std::nullopt;
      if (day2 > days_in_month(y > 0 ? static_cast<int>(y) : 2000, month)) day2 = 0;
      Match m{e, TimexType::DATE, {}, {}};
      if (y < 0) {
        if (!has_dct) return m;
        y = year_for(month, day, tense_at(j, e));
      }
      m.value = day > 0 ? ymd({static_cast<int>(y), month, day}) : ym(static_cast<int>(y), month);
      if (day2 > 0) m.range_end = ymd({static_cast<int>(y), month, day2});
      return m;
    }

    int64_t weekday_date(int wd, int rel, Tense t) const {
      const int cur = weekday_of(dct_days);
      if (rel == -1) {  // last Friday: strictly before the DCT
        int back = (cur - wd + 7) % 7;
        if (back == 0) back = 7;
        return dct_days - back;
      }
      if (rel == 1) {  // next Friday: strictly after
        int fwd = (wd - cur + 7) % 7;
        if (fwd == 0) fwd = 7;
        return dct_days + fwd;
      }
      if (t == Tense::Future) return dct_days + (wd - cur + 7) % 7;
      return dct_days - (cur - wd + 7) % 7;
    }

    // Weekday [, Month day] [part of day]
    std::optional<Match> weekday_expr(uint32_t j, int rel) const {
      const LexEntry* e0 = L(j);
      if (!e0 || e0->weekday == 0) return std::nullopt;
      if (!cap(j) && rel == kNone) return std::nullopt;
      const std::string_view k = key(j);
      if (k.size() <= 5 && k.back() == '.' && !cap(j)) return std::nullopt;
      if (k == "sun." || k == "sat." || k == "wed.") {  // also common words/abbreviations
        if (!(j + 1 < se && (num(j + 1) > 0 || month_word(j + 1)))) return std::nullopt;
      }
      // "The Sunday Times", "Monday Night Football": a title, not a date.
      if ((j == sb || key(j - 1) == "the") && j + 1 < se && cap(j + 1) && !month_word(j + 1) &&
          !(L(j + 1) && L(j + 1)->pod))
        return std::nullopt;
      uint32_t e = j + 1;
      // Friday, June 28[, 2021]
      uint32_t f = e;
      if (f < se && key(f) == ",") ++f;
      if (auto md = month_date(f); md && f < se && month_word(f) && md->value.size() >= 10) {
        return md->end > e ? std::optional<Match>(Match{md->end, TimexType::DATE, md->value, {}})
                           : std::nullopt;
      }
      // "on Mondays", "Tuesday nights": every such day (or part of it)
      const bool plural_pod = e < se && L(e) && L(e)->pod && key(e).ends_with("s");
      // "Monday and Tuesday nights": the first day shares the plural part of day
      const bool shared_pod = !plural_pod && e + 2 < se && (key(e) == "and" || key(e) == "or") &&
                              L(e + 1) && L(e + 1)->weekday && cap(e + 1) && L(e + 2) &&
                              L(e + 2)->pod && key(e + 2).ends_with("s");
      if ((k.size() > 6 && k.back() == 's') || plural_pod || shared_pod) {
        std::string v = fmt::format("XXXX-WXX-{}", e0->weekday);
        if (plural_pod || shared_pod) {
          v += "T";
          v += kPodCode[static_cast<size_t>(L(shared_pod ? e + 2 : e)->pod)];
        }
        return Match{plural_pod ? e + 1 : e, TimexType::SET, std::move(v), {}};
      }
      Match m{e, TimexType::DATE, {}, {}};
      if (e < se && L(e) && L(e)->pod) m.end = ++e;  // "Friday night"
      if (!has_dct) return m;
      const int64_t day = weekday_date(e0->weekday, rel, rel == kNone ? tense_at(j, e) : Tense::None);
      // "Friday night", "Tuesday morning": TimeML news annotation mostly values these as the plain
      // date (the part of day stays in the span); "tonight", "this morning" keep it (day_word).
      m.value = ymd(civil_from_days(day));
      // "Friday evening" is the one part of day the annotation keeps on a weekday (TEV); "night"
      // splits between TNI, TEV and the plain date (often with "night" outside the span), and
      // "morning" is mostly the plain date.
      if (e == j + 2 && kPodCode[static_cast<size_t>(L(j + 1)->pod)] == "EV") {
        m.value += "TEV";
        m.type = TimexType::TIME;  // a value with a time part is a TIME
      }
      return m;
    }

    // "today's world", "today's young people": the present age in general, not the day
    // ("today's editions", "today's vote" are the day).
    [[nodiscard]] bool generic_today(uint32_t j) const {
      static constexpr std::array<std::string_view, 18> kGeneric{
          "world",    "youth",      "society",   "generation", "generations", "children",
          "kids",     "young",      "youngsters", "standards", "culture",     "teenagers",
          "consumers", "computers", "technology", "families",  "parents",     "economy"};
      auto generic = [&](uint32_t q) {
        return q < se && std::find(kGeneric.begin(), kGeneric.end(), key(q)) != kGeneric.end();
      };
      if (is(j + 1, "'s") || is(j + 1, "\xE2\x80\x99s"))
        return generic(j + 2) || (j + 2 < se && toks[j + 2].shape == TokenShape::Word &&
                                  !L(j + 2) && generic(j + 3));
      return false;
    }

    // yesterday/today/tomorrow/tonight [morning], "last night", "this morning"
    std::optional<Match> day_word(uint32_t j) const {
      const LexEntry* e0 = L(j);
      if (!e0 || e0->day == kNone) return std::nullopt;
      if (e0->day == 0 && generic_today(j)) return std::nullopt;
      uint32_t e = j + 1;
      int pod = 0;
      int off = e0->day;
      if (off == 99) {
        off = 0;
        pod = 4;
      } else if (e < se && L(e) && L(e)->pod) {
        pod = L(e)->pod;
        ++e;
      }
      Match m{e, e0->day == 99 ? TimexType::TIME : TimexType::DATE, {}, {}};
      if (!has_dct) return m;
      m.value = ymd(civil_from_days(dct_days + off));
      if (pod) {
        m.value += "T";
        m.value += kPodCode[static_cast<size_t>(pod)];
      }
      return m;
    }

    // The season value "2021-SU" for season s without an explicit year.
    std::string season_value(int s, int rel, Tense t) const {
      const int cur = dct.m == 12 ? 4 : (dct.m + 9) / 3 % 4 + 1;  // Mar-May SP ... Dec-Feb WI
      // Seasons run spring to winter within a "season year": in January and February the
      // current season is the winter that began the year before, so last fall is last year's
      // and next spring this year's.
      int y = dct.m <= 2 ? dct.y - 1 : dct.y;
      if (rel == -1 || (rel == kNone && t == Tense::Past)) {
        if (s >= cur) y -= 1;
      } else if (rel == 1 || (rel == kNone && t == Tense::Future)) {
        if (s <= cur) y += 1;
      }
      return fmt::format("{:04d}-{}", y, kSeasonCode[static_cast<size_t>(s)]);
    }

    // last/this/next + unit | weekday | month | season
    std::optional<Match> relative(uint32_t j) const {
      const LexEntry* r = L(j);
      if (!r || r->rel == kNone || r->rel == 2) return std::nullopt;
      int rel = r->rel;
      uint32_t k = j + 1;
      // "this past spring", "this past weekend": the last one
      if (rel == 0 && is(k, "past") && L(k + 1) && !L(k + 1)->plural &&
          (L(k + 1)->unit != Unit::None || L(k + 1)->season || L(k + 1)->weekday ||
           L(k + 1)->month)) {
        rel = -1;
        ++k;
      }
      const LexEntry* n = L(k);
      if (!n) {
        if (k < se && key(k) == "night" && rel == -1) {
        }
        return std::nullopt;
      }
      if (n->weekday) return weekday_expr(k, rel);
      if (n->hol_month) return holiday(k, rel);
      Match m{k + 1, TimexType::DATE, {}, {}};
      if (n->month && (cap(k))) {
        // "last Oct. 23", "next March 3": the nearest such day before / after the DCT.
        if (auto md = month_date(k); md && md->value.size() == 10 && has_dct && rel != 0) {
          if (auto c = parse_iso_date(md->value)) {
            CivilDate d{dct.y, c->m, std::min(c->d, days_in_month(dct.y, c->m))};
            if (rel == -1 && days_from_civil(d) >= dct_days) d.y -= 1;
            if (rel == 1 && days_from_civil(d) <= dct_days) d.y += 1;
            d.d = std::min(c->d, days_in_month(d.y, d.m));
            return Match{md->end, TimexType::DATE, ymd(d), {}};
          }
        }
        if (!has_dct) return m;
        int y = dct.y;
        if (rel == -1 && n->month >= dct.m) y -= 1;
        if (rel == 1 && n->month <= dct.m) y += 1;
        m.value = ym(y, n->month);
        return m;
      }
      if (n->season) {
        if (!has_dct) return m;
        m.value = season_value(n->season, rel, Tense::None);
        return m;
      }
      // "ABC's This Week", "Next Year's Model": a capitalised unit mid-sentence is a title
      if ((n->unit != Unit::None || n->pod) && cap(k) && j > sb) return std::nullopt;
      if (n->pod && rel != 1) {  // last night, this morning
        m.type = TimexType::TIME;
        if (!has_dct) return m;
        m.value = ymd(civil_from_days(dct_days + (rel == -1 ? -1 : 0)));
        m.value += "T";
        m.value += kPodCode[static_cast<size_t>(n->pod)];
        return m;
      }
      if (n->unit == Unit::None || n->plural) return std::nullopt;
      if (!has_dct) return m;
      switch (n->unit) {
        case Unit::D: m.value = ymd(civil_from_days(dct_days + rel)); break;
        case Unit::W: m.value = yw(iso_week(dct_days + 7 * rel)); break;
        case Unit::WE: {
          const int cur = weekday_of(dct_days);
          int64_t base = dct_days;
          if (rel == -1) base -= cur >= 6 ? 7 : cur;  // the weekend before this week
          else if (rel == 1) base += 7 - (cur >= 6 ? 0 : 0);
          m.value = yw(iso_week(base)) + "-WE";
          break;
        }
        case Unit::M: {
          const CivilDate c = add_months(dct, rel);
          m.value = ym(c.y, c.m);
          break;
        }
        case Unit::Q: {
          int q = dct_quarter() + rel, y = dct.y;
          if (q < 1) { q += 4; --y; }
          if (q > 4) { q -= 4; ++y; }
          m.value = yq(y, q);
          break;
        }
        case Unit::Y: {
          m.value = yy(dct.y + rel);
          // "this year's third quarter", "next year's first half", "last year's quarter"
          if (is(k + 1, "'s") || is(k + 1, "\xE2\x80\x99s")) {
            const uint32_t q = k + 2;
            const std::string_view qk = q < se ? key(q) : std::string_view{};
            int ord = 0;
            bool half = false;
            uint32_t end = 0;
            if (L(q) && L(q)->ordinal && (is(q + 1, "quarter") || is(q + 1, "half"))) {
              ord = L(q)->ordinal;
              half = is(q + 1, "half");
              end = q + 2;
            } else if (const size_t h = qk.find('-'); h != std::string_view::npos) {
              const auto it = im.lex.find(qk.substr(0, h));
              if (it != im.lex.end() && it->second.ordinal &&
                  (qk.substr(h + 1) == "quarter" || qk.substr(h + 1) == "half")) {
                ord = it->second.ordinal;
                half = qk.substr(h + 1) == "half";
                end = q + 1;
              }
            } else if (qk == "quarter") {  // the quarter being reported, a year apart
              ord = dct_quarter() == 1 ? 4 : dct_quarter() - 1;
              end = q + 1;
            }
            if (end && ord >= 1 && ord <= (half ? 2 : 4)) {
              m.value = half ? fmt::format("{:04d}-H{}", dct.y + rel, ord) : yq(dct.y + rel, ord);
              m.end = end;
            }
          }
          break;
        }
        case Unit::DE: m.value = fmt::format("{:03d}X", dct.y / 10 + rel); break;
        case Unit::CE: m.value = fmt::format("{:02d}", dct.y / 100 + rel); break;
        default: return std::nullopt;  // "this hour"
      }
      return m;
    }

    // ordinal quarter / half: "third quarter [of 1998]", "third-quarter", "first half"
    std::optional<Match> quarter(uint32_t j) const {
      int ord = 0;
      uint32_t e = j;
      bool fiscal = false;
      if (is(e, "fiscal")) {
        fiscal = true;
        ++e;
      }
      const std::string_view k = e < se ? key(e) : std::string_view{};
      bool half = false;
      if (const size_t h = k.find('-'); h != std::string_view::npos) {
        // third-quarter, first-half
        auto it = im.lex.find(k.substr(0, h));
        const std::string_view rest = k.substr(h + 1);
        if (it == im.lex.end() || it->second.ordinal == 0) return std::nullopt;
        if (rest != "quarter" && rest != "half") return std::nullopt;
        ord = it->second.ordinal;
        half = rest == "half";
        ++e;
      } else {
        const LexEntry* o = L(e);
        int64_t on = num(e, true);
        int64_t yy0 = 0;
        // "the last half of 1989", "the last quarter of 2020" (not "last quarter": relative)
        const bool last_of = key(e) == "last" &&
                             (is(e + 1, "half") || is(e + 1, "quarter")) && is(e + 2, "of") &&
                             year_token(e + 3, yy0);
        if (last_of) ord = is(e + 1, "half") ? 2 : 4;
        else if (o && o->ordinal) ord = o->ordinal;
        else if (on >= 1 && on <= 4 && key(e).size() == 3) ord = static_cast<int>(on);
        else return std::nullopt;
        if (!(is(e + 1, "quarter") || is(e + 1, "half"))) return std::nullopt;
        half = is(e + 1, "half");
        e += 2;
      }
      if (half ? ord > 2 : ord > 4) return std::nullopt;
      int64_t y = -1;
      if (e + 1 < se && key(e) == "of" && year_token(e + 1, y)) {
        e += 2;
      } else if (e + 2 < se && key(e) == "of" && key(e + 1) == "fiscal" && year_token(e + 2, y)) {
        e += 3;
      } else if (e < se && year_token(e, y)) {
        ++e;
      }
      Match m{e, TimexType::DATE, {}, {}};
      if (y < 0 && !has_dct) return m;
      if (y < 0) {
        y = dct.y;
        const int cur = dct_quarter();
        const Tense t = tense_at(j, e);
        if (!half && ord > cur && t != Tense::Future) y -= 1;
        if (half && ord == 2 && cur <= 2 && t == Tense::Past) y -= 1;
      }
      (void)fiscal;
      m.value = half ? fmt::format("{:04d}-H{}", y, ord) : yq(static_cast<int>(y), ord);
      return m;
    }

    // number + unit [ago|earlier|later|before DATE|after DATE]; hyphenated "two-year"
    // "a week before March 10", "two days after Friday", "the day before last Tuesday": n units
    // before/after (the word at e) a day-precise date.
    [[nodiscard]] std::optional<Match> shifted_from_date(uint32_t e, int64_t n, Unit u, uint32_t j) const {
      if (e >= se || (key(e) != "before" && key(e) != "after")) return std::nullopt;
      const bool back = key(e) == "before";
      std::optional<Match> base = month_date(e + 1);
      if (!base) base = numeric_date(e + 1);
      if (!base) {
        const int rel = e + 2 < se && L(e + 1) && (L(e + 1)->rel == -1 || L(e + 1)->rel == 1) &&
                                L(e + 2) && L(e + 2)->weekday
                            ? L(e + 1)->rel
                            : kNone;
        base = weekday_expr(rel == kNone ? e + 1 : e + 2, rel);  // also "Friday's vote": that day
      }
      if (!base || base->value.size() != 10) return std::nullopt;
      const auto c = parse_iso_date(base->value);
      if (!c) return std::nullopt;
      Match r{base->end, TimexType::DATE, {}, {}};
      const int64_t b0 = days_from_civil(*c), sg = back ? -1 : 1;
      if (u == Unit::D || u == Unit::W)  // day-precise anchor: day-precise result
        r.value = ymd(civil_from_days(b0 + sg * n * (u == Unit::W ? 7 : 1)));
      else
        r.value = shifted(b0, n, u, back ? -1 : 1, j, base->end);
      return r;
    }

    std::optional<Match> amount(uint32_t j, bool after_the) const {
      int64_t n = -1;
      uint32_t e = j;
      Unit u = Unit::None;
      bool hyphen = false;
      bool half = false;
      bool vague_plural = false;  // "a few", "a couple of": a plural unit follows the article
      bool workdays = false;      // "eight trading days": not calendar days, no date arithmetic
      const std::string_view k = j < se ? key(j) : std::string_view{};
      if (const size_t h = k.find('-'); h != std::string_view::npos && h > 0 && j < se) {
        // two-year, 10-day, 24-hour (but not 47-year-old)
        const size_t h2 = k.find('-', h + 1);
        if (h2 != std::string_view::npos) return std::nullopt;
        const std::string_view a = k.substr(0, h), b = k.substr(h + 1);
        auto ib = im.lex.find(b);
        if (ib == im.lex.end() || ib->second.unit == Unit::None || ib->second.plural)
          return std::nullopt;
        int64_t v = digits(a);
        if (v < 0) {
          auto ia = im.lex.find(a);
          if (ia == im.lex.end() || ia->second.number == -1 || a == "a" || a == "an" ||
              a == "some" || a == "many")
            return std::nullopt;
          v = ia->second.number;
        }
        if (j + 1 < se && key(j + 1) == "-" && is(j + 2, "old")) return std::nullopt;
        n = v;
        u = ib->second.unit;
        hyphen = true;
        e = j + 1;
      } else {
        if (is(e, "a") && is(e + 1, "few")) {
          n = -2;
          e += 2;
          vague_plural = true;
        } else if (is(e, "a") && is(e + 1, "couple") && is(e + 2, "of")) {
          n = 2;
          e += 3;
          vague_plural = true;
        } else {
          n = cardinal(e);
          if (n == -1) return std::nullopt;
          ++e;
          // twenty-five handled as one token via hyphen rule above; "1 1/2" not handled
          if (n >= 20 && n % 10 == 0 && e < se && L(e) && L(e)->number > 0 && L(e)->number < 10) {
            n += L(e)->number;
            ++e;
          }
          if (is(e, "hundred") || is(e, "thousand")) {
            n = (n < 0 ? 1 : n) * (is(e, "hundred") ? 100 : 1000);
            ++e;
          }
        }
        // "2 1/2 years": the fraction is read by the half rule below
        if (n >= 0 && is(e, "1/2")) {
          half = true;
          ++e;
        } else if (n >= 0 && is(e, "1") && is(e + 1, "/") && is(e + 2, "2") && adjacent(e + 1) &&
                   adjacent(e + 2)) {
          half = true;
          e += 3;
        }
        // "two more days", "an additional year", "eight trading days"
        workdays = (is(e, "trading") || is(e, "business") || is(e, "working")) && L(e + 1) &&
                   L(e + 1)->unit == Unit::D;
        if (is(e, "more") || is(e, "full") || is(e, "straight") || is(e, "consecutive") ||
            is(e, "additional") || is(e, "extra") || workdays)
          ++e;
        const LexEntry* ue = L(e);
        if (!ue || ue->unit == Unit::None) return std::nullopt;
        // "CBS's 60 Minutes", "Six Days in June": a capitalised unit inside a sentence is a title
        if (cap(e) && e > sb + 1 && !(j == sb && cap(j))) return std::nullopt;
        // "a second" is the ordinal, "one day" after a verb is fine.
        u = ue->unit;
        if ((key(j) == "a" || key(j) == "an") && !vague_plural) {
          if (ue->plural) return std::nullopt;
        } else if (n > 1 && !ue->plural && !hyphen) {
          // "five year plan": still a duration
        }
        if (key(e) == "second" && (n == -2 || key(j) == "a" || key(j) == "an"))
          return std::nullopt;  // "a second round"
        // "a quarter of the vote", "a second of"; but "within a week of his capture" is a week
        if (is(e + 1, "of") && !ue->plural && (ue->unit == Unit::Q || ue->unit == Unit::S))
          return std::nullopt;
        if (ue->unit == Unit::Q && is(e + 1, "century")) return std::nullopt;
        // "the 1988 quarter", "1988 second": a year, not an amount
        if (n >= 1000 && key(j).size() == 4 && (ue->unit == Unit::Q || ue->unit == Unit::S))
          return std::nullopt;
        ++e;
        if (is(e, "old") || is(e, "-old")) return std::nullopt;
        if (is(e, "or") && is(e + 1, "so")) e += 2;  // "a week or so [ago]"
      }
      // "$500 million a year", "four flights a week": a rate, not a timex (unless "a year ago").
      if (!hyphen && !vague_plural && (key(j) == "a" || key(j) == "an") && j > sb &&
          !(e < se && (key(e) == "ago" || key(e) == "earlier" || key(e) == "later")) &&
          after_quantity(j))
        return std::nullopt;
      // "Islam will one day be ...", "he hopes she may one day return": some future day
      if (!hyphen && key(j) == "one" && u == Unit::D && e == j + 2 && j > sb && e < se &&
          toks[e].shape == TokenShape::Word && !L(e)) {
        static constexpr std::array<std::string_view, 14> kBefore{
            "will", "would", "could", "might", "may", "can", "should", "shall", "he", "she",
            "they", "we", "i", "you"};
        if (std::find(kBefore.begin(), kBefore.end(), key(j - 1)) != kBefore.end())
          return Match{e, TimexType::DATE, "FUTURE_REF", {}};
      }
      Match m{e, TimexType::DURATION, duration_value(n, u), {}};
      // "2 1/2 years", "a minute and a half"
      if (!hyphen && n >= 0) {
        if (half) {
          std::string h = half_duration_value(n, u);
          if (h.empty()) return std::nullopt;
          m.value = std::move(h);
        } else if (is(e, "and") && is(e + 1, "a") && is(e + 2, "half")) {
          const int64_t n1 = (key(j) == "a" || key(j) == "an") ? 1 : n;
          if (std::string h = half_duration_value(n1, u); !h.empty()) {
            m.value = std::move(h);
            m.end = e + 3;
            return m;  // "a minute and a half later": the span stays the duration
          }
        }
      }
      if (hyphen) {
        if (j + 1 < se && key(j + 1) == "-") return std::nullopt;
        return m;
      }
      // "three days later", "a day earlier": counted from an event of the story, not from the
      // DCT, so no date can be computed: the amount is a duration and the adverb stays out of
      // the span. (Years and quarters "earlier" are the year-ago comparison of business news,
      // anchored on the current period: dated below.)
      if (e < se && (key(e) == "later" ||
                     (key(e) == "earlier" && u != Unit::Y && u != Unit::Q && u != Unit::DE &&
                      u != Unit::CE)))
        return m;
      // a year ago / two days ago / a year earlier / two weeks from now
      if (e < se && (key(e) == "ago" || key(e) == "earlier" ||
                     (key(e) == "from" && is(e + 1, "now")))) {
        const bool back = key(e) != "from";
        m.end = key(e) == "from" ? e + 2 : e + 1;
        m.type = TimexType::DATE;
        m.value.clear();
        if (!has_dct || after_the) return m;
        m.value = shifted(dct_days, n, u, back ? -1 : 1, j, m.end);
        return m;
      }
      // a week before March 10
      if (!workdays && n > 0)
        if (auto r = shifted_from_date(e, n, u, j)) return r;
      return m;
    }

    // "in", "over", "for", "during" ... before "the future", "the short term".
    [[nodiscard]] bool time_preposition(uint32_t q) const {
      static constexpr std::array<std::string_view, 11> kPreps{
          "in", "into", "for", "over", "during", "about", "toward", "towards", "until", "till",
          "of"};
      return q < se && std::find(kPreps.begin(), kPreps.end(), key(q)) != kPreps.end();
    }

    // The token before j ends a quantity ("$500 million", "8.5%", "four flights"): a
    // following "a year" or "annually" states a rate, not a time.
    [[nodiscard]] bool after_quantity(uint32_t j) const {
      if (j <= sb) return false;
      const uint32_t q = j - 1;
      const std::string_view p = key(q);
      return toks[q].shape == TokenShape::Number || p == "million" || p == "billion" ||
             p == "cents" || p == "%" || p == "percent" ||
             (q > sb && p.size() > 3 && p.back() == 's' &&
              (cardinal(q - 1) > 1 || toks[q - 1].shape == TokenShape::Number));
    }

    // base shifted by n units, at the unit's granularity.
    std::string shifted(int64_t base, int64_t n, Unit u, int sign, uint32_t b, uint32_t e) const {
      if (n < 0) return sign < 0 ? "PAST_REF" : "FUTURE_REF";
      const int64_t s = n * sign;
      const CivilDate c = civil_from_days(base);
      switch (u) {
        case Unit::D: return ymd(civil_from_days(base + s));
        case Unit::W:
        case Unit::WE: return yw(iso_week(base + 7 * s));
        case Unit::M: {
          const CivilDate r = add_months(c, static_cast<int>(s));
          return ym(r.y, r.m);
        }
        case Unit::Q: {
          int idx = c.y * 4 + (c.m - 1) / 3 + static_cast<int>(s);
          return yq(idx / 4, idx % 4 + 1);
        }
        case Unit::Y: {
          // In earnings news "a year ago" compares quarters: keep quarter precision.
          if (sentence_mentions_quarter(b, e) && n == 1) {
            const int q = dct_quarter() - 1;
            const int yq0 = q == 0 ? c.y - 1 : c.y;
            return yq(yq0 + static_cast<int>(s), q == 0 ? 4 : q);
          }
          return yy(c.y + static_cast<int>(s));
        }
        case Unit::DE: return fmt::format("{:03d}X", (c.y + 10 * static_cast<int>(s)) / 10);
        case Unit::CE: return fmt::format("{:02d}", (c.y + 100 * static_cast<int>(s)) / 100);
        case Unit::H: {
          return fmt::format("{}T{}", ymd(c), "XX");
        }
        default: return ymd(c);
      }
    }

    bool sentence_mentions_quarter(uint32_t b, uint32_t e) const {
      if (doc_quarters >= 2) return true;  // an earnings story: comparisons are by quarter
      // This or the previous sentence ("... third-quarter profit. That compares with ... a year ago").
      for (uint32_t j = psb; j < se; ++j) {
        if (j >= b && j < e) continue;
        const std::string_view k = key(j);
        if (k == "quarter" || k == "quarters" || k.ends_with("-quarter")) return true;
      }
      return false;
    }

    // the past|last|next|coming|first|final [number] units; the past; the future
    std::optional<Match> span_expr(uint32_t j) const {
      const std::string_view k = j < se ? key(j) : std::string_view{};
      const bool past = k == "past" || k == "last" || k == "previous" || k == "recent";
      const bool next = k == "next" || k == "coming" || k == "following";
      const bool first = k == "first" || k == "final" || k == "latest";
      if (!past && !next && !first) return std::nullopt;
      uint32_t e = j + 1;
      int64_t n = 1;
      bool counted = false;
      if (is(e, "few") || is(e, "several") || is(e, "many")) {
        n = -2;
        ++e;
        counted = true;
      } else if (is(e, "couple") && is(e + 1, "of")) {  // "the next couple of years"
        n = 2;
        e += 2;
        counted = true;
      } else if (const int64_t c = cardinal(e); c > 0 && !is(e, "a") && !is(e, "an")) {
        n = c;
        ++e;
        counted = true;
        // "the last twenty four hours"
        if (n >= 20 && n < 100 && n % 10 == 0 && L(e) && L(e)->number > 0 && L(e)->number < 10) {
          n += L(e)->number;
          ++e;
        }
      }
      const LexEntry* ue = L(e);
      if (!ue || ue->unit == Unit::None) return std::nullopt;
      if (counted ? (n != 1 && !ue->plural) : ue->plural) {
        if (!(ue->plural && !counted &&
              (k == "past" || k == "recent" || k == "last" || k == "coming")))
          return std::nullopt;
        n = -2;
      }
      if (!counted && k != "past" && !(ue->plural)) return std::nullopt;
      if (first && !counted) return std::nullopt;
      return Match{e + 1, TimexType::DURATION, duration_value(n, ue->unit), {}};
    }

    // ---- driver ------------------------------------------------------------------------------

    std::optional<Match> core(uint32_t j, bool after_the) const {
      std::optional<Match> best;
      auto take = [&](std::optional<Match> m) {
        if (m && (!best || m->end > best->end)) best = std::move(m);
      };
      const LexEntry* e = L(j);
      const std::string_view k = key(j);
      if (int64_t y = 0; toks[j].shape == TokenShape::Number && year_token(j, y)) {
        // "the 1988 second quarter", "the 1988 quarter" (the one being compared)
        const LexEntry* o = L(j + 1);
        if (o && o->ordinal >= 1 && o->ordinal <= 4 && is(j + 2, "quarter"))
          take(Match{j + 3, TimexType::DATE, yq(static_cast<int>(y), o->ordinal), {}});
        else if ((is(j + 1, "quarter") ||
                  (is(j + 1, "period") && sentence_mentions_quarter(j, j + 2))) &&
                 has_dct) {  // "the 1988 period" of an earnings comparison
          const int q = dct_quarter() - 1;
          take(Match{j + 2, TimexType::DATE, yq(static_cast<int>(y), q == 0 ? 4 : q), {}});
        }
      }
      if (toks[j].shape == TokenShape::Number) {
        take(numeric_date(j));
        take(clock_time(j));
        take(month_date(j));
        take(amount(j, after_the));
        // "the 20th century", "a 20th century democrat": the century's two leading digits.
        if (const int64_t c = num(j, true); c > 0 && c <= 21 && c != num(j) && is(j + 1, "century"))
          take(Match{j + 2, TimexType::DATE, fmt::format("{:02d}", c - 1), {}});
      }
      if (k == "noon" || k == "midnight" || k == "midday") take(clock_time(j));
      // "mid-afternoon yesterday", "morning today": a part of day before a day word.
      {
        const LexEntry* pe = e;
        if (!pe && k.starts_with("mid-")) {
          const auto it = im.lex.find(k.substr(4));
          pe = it != im.lex.end() ? &it->second : nullptr;
        }
        const LexEntry* d = L(j + 1);
        if (pe && pe->pod && d && d->day != kNone && d->day != 99) {
          Match m{j + 2, TimexType::TIME, {}, {}};
          if (has_dct)
            m.value = ymd(civil_from_days(dct_days + d->day)) + "T" +
                      std::string(kPodCode[static_cast<size_t>(pe->pod)]);
          take(std::move(m));
        }
      }
      if (toks[j].shape == TokenShape::Word && k.find('-') != std::string_view::npos) {
        take(quarter(j));
        take(amount(j, after_the));
        // "day-long", "decades-long", "two-week-long": a duration used as an adjective
        if (k.size() > 5 && k.ends_with("-long")) {
          const std::string_view u = k.substr(0, k.size() - 5);
          const size_t h = u.rfind('-');
          const auto it = im.lex.find(h == std::string_view::npos ? u : u.substr(h + 1));
          if (it != im.lex.end() && it->second.unit != Unit::None) {
            int64_t n = it->second.plural ? -2 : 1;
            if (h != std::string_view::npos) {
              const std::string_view c = u.substr(0, h);
              const auto ic = im.lex.find(c);
              n = digits(c) > 0 ? digits(c)
                  : ic != im.lex.end() && ic->second.number > 0 && c != "a" && c != "an"
                      ? ic->second.number
                      : 0;
            }
            if (n != 0) take(Match{j + 1, TimexType::DURATION, duration_value(n, it->second.unit), {}});
          }
        }
      }
      if (k == "fiscal") {
        int64_t y = 0;
        if (year_token(j + 1, y)) take(Match{j + 2, TimexType::DATE, yy(static_cast<int>(y)), {}});
        take(quarter(j));
      }
      if (e && e->unresolved && cap(j)) {
        // "Ramadan", "Eid al-Adha": recognised; the date needs a calendar we do not model.
        uint32_t end = j + 1;
        if (end < se && key(end).starts_with("al-")) ++end;
        take(Match{end, TimexType::DATE, {}, {}});
      }
      if (e) {
        if (e->month) take(month_date(j));
        if (e->weekday) take(weekday_expr(j, kNone));
        if (e->day != kNone) take(day_word(j));
        if (e->hol_month) take(holiday(j, kNone));
        if (e->rel != kNone) take(relative(j));
        if (e->ordinal || k == "last") take(quarter(j));
        if (e->number != -1) take(amount(j, after_the));
        if (!e->ref.empty() && !best) {
          // "the current account", "the recent decline": not timexes.
          // "the recently built", "the current account" (but "the current fiscal year" below)
          const bool fiscal_year = (is(j + 1, "fiscal") || is(j + 1, "full")) && is(j + 2, "year");
          if (after_the && !fiscal_year) return std::nullopt;
          // "Now, he says ...": a sentence-opening discourse marker, not a time reference.
          if (j == sb && k == "now" && is(j + 1, ",")) return std::nullopt;
          take(Match{j + 1, TimexType::DATE, e->ref, {}});
        }
        // "rise 8.5% annually", "10,000 units annually": a rate of change, not a recurrence
        // "Apple Daily", "the Daily Mail": a capitalised frequency word in a name
        const bool in_name = cap(j) && j > sb && (cap(j - 1) || (j + 1 < se && cap(j + 1)));
        if (!e->set.empty() && !after_the && !in_name && !(k.ends_with("ly") && after_quantity(j)))
          take(Match{j + 1, TimexType::SET, e->set, {}});
        if (e->season && (after_the || num(j + 1) > 0)) {
          int64_t y = -1;
          Match m{j + 1, TimexType::DATE, {}, {}};
          if (year_token(j + 1, y)) {
            m.end = j + 2;
            m.value = fmt::format("{:04d}-{}", y, kSeasonCode[static_cast<size_t>(e->season)]);
          } else if (uint32_t se2 = 0;
                     is(j + 1, "of") && (year_token(j + 2, y) || (y = spoken_year(j + 2, se2)) > 0)) {
            m.end = se2 ? se2 : j + 3;
            m.value = fmt::format("{:04d}-{}", y, kSeasonCode[static_cast<size_t>(e->season)]);
          } else if (has_dct) {
            m.value = season_value(e->season, kNone, tense_at(j, j + 1));
          }
          take(std::move(m));
        }
      }
      if (!after_the && k == "coming") take(span_expr(j));  // "in coming months"
      if (after_the) {
        take(span_expr(j));
        // "over the years", "over the decades": an open stretch up to now.
        if (L(j) && L(j)->plural && L(j)->unit >= Unit::W && j >= sb + 2 && is(j - 2, "over") &&
            is(j - 1, "the") && !is(j + 1, "of"))
          take(Match{j + 1, TimexType::DURATION, duration_value(-2, L(j)->unit), {}});
        // "the weeks ahead", "the months ahead": an open stretch from now on.
        if (L(j) && L(j)->plural && L(j)->unit != Unit::None && is(j + 1, "ahead"))
          take(Match{j + 2, TimexType::DURATION, duration_value(-2, L(j)->unit), {}});
        if (k == "past" && !best) take(Match{j + 1, TimexType::DATE, "PAST_REF", {}});
        // "the future of the company" is its fate, not a time; "the future direction" an
        // adjective (but "in the future when ...", "the future that awaits", "what the future
        // holds" are the noun)
        const bool future_noun =
            !is(j + 1, "of") &&
            !(j + 1 < se && toks[j + 1].shape == TokenShape::Word && !cap(j + 1) &&
              !is(j + 1, "that") && !is(j + 1, "which") && !key(j + 1).ends_with("s") &&
              !(j >= sb + 2 && time_preposition(j - 2)));
        if ((k == "future" && future_noun) || k == "present") {
          if (!(k == "present" && j + 1 < se && toks[j + 1].shape == TokenShape::Word))
            take(Match{j + 1, TimexType::DATE, k == "future" ? "FUTURE_REF" : "PRESENT_REF", {}});
        }
        if ((k == "quarter" || k == "year-ago" || k == "year-earlier") && !best && has_dct) {
          const int q = dct_quarter() - 1;
          if (k == "quarter" && !is(j + 1, "century"))
            take(Match{j + 1, TimexType::DATE, yq(q == 0 ? dct.y - 1 : dct.y, q == 0 ? 4 : q), {}});
        }
        // "the year" alone is the current one; "the year ended Sept. 30" is a fiscal year span.
        if (k == "year" && has_dct && !is(j + 1, "ago") && !is(j + 1, "earlier") &&
            !is(j + 1, "before") && !is(j + 1, "after") && !is(j + 1, "later")) {
          if (is(j + 1, "ended") || is(j + 1, "ending") || is(j + 1, "through"))
            take(Match{j + 1, TimexType::DURATION, "P1Y", {}});
          else
            take(Match{j + 1, TimexType::DATE, yy(dct.y), {}});
        }
        // "the week of March 6": the ISO week holding that day.
        if (k == "week" && is(j + 1, "of")) {
          if (auto md = month_date(j + 2); md && md->value.size() == 10) {
            if (auto c = parse_iso_date(md->value))
              take(Match{md->end, TimexType::DATE, yw(iso_week(days_from_civil(*c))), {}});
          }
        }
        // "the week" without an anchor: the week of unknown number in the current year.
        if (k == "week" && has_dct && !is(j + 1, "of") && !is(j + 1, "ago") &&
            !is(j + 1, "earlier") && !is(j + 1, "before") && !is(j + 1, "after") &&
            !is(j + 1, "later")) {
          if (is(j + 1, "ended") || is(j + 1, "ending") || is(j + 1, "through"))
            take(Match{j + 1, TimexType::DURATION, "P1W", {}});
          else
            take(Match{j + 1, TimexType::DATE, fmt::format("{:04d}-WXX", dct.y), {}});
        }
        if (k == "weekend" && has_dct) {
          const int cur = weekday_of(dct_days);
          take(Match{j + 1, TimexType::DATE,
                     yw(iso_week(dct_days - (cur >= 6 ? 0 : cur))) + "-WE", {}});
        }
        // the nineties, the twenties: a decade of the 1900s in TimeML's three-digit form
        {
          static constexpr std::array<std::string_view, 8> kDecades{
              "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
              "nineties"};
          for (size_t d = 0; d < kDecades.size(); ++d)
            if (k == kDecades[d]) take(Match{j + 1, TimexType::DATE, fmt::format("19{}", d + 2), {}});
        }
        // the '90s
        if (k == "'" || k == "\xE2\x80\x99") {
          const std::string_view d = j + 1 < se ? key(j + 1) : std::string_view{};
          if (adjacent(j + 1) && d.size() == 3 && d[2] == 's' && digits(d.substr(0, 2)) >= 0 &&
              d[1] == '0')
            take(Match{j + 2, TimexType::DATE, fmt::format("19{}X", d[0]), {}});
        }
        // the full year, the fiscal year, the current fiscal year, the latest period
        {
          uint32_t q = j;
          if (is(q, "current") || is(q, "latest")) ++q;
          if ((is(q, "full") || is(q, "fiscal")) && is(q + 1, "year") && has_dct)
            take(Match{q + 2, TimexType::DATE, yy(dct.y), {}});
          if (k == "latest" && is(j + 1, "period") && has_dct) {
            const int q0 = dct_quarter() - 1;
            take(Match{j + 2, TimexType::DATE, yq(q0 == 0 ? dct.y - 1 : dct.y, q0 == 0 ? 4 : q0), {}});
          }
        }
        if (k == "latest" || k == "current" || k == "same") {
          if (is(j + 1, "quarter") && has_dct) {
            const int q = k == "current" ? dct_quarter() : dct_quarter() - 1;
            take(Match{j + 2, TimexType::DATE, yq(q == 0 ? dct.y - 1 : dct.y, q == 0 ? 4 : q), {}});
          }
        }
      }
      // "the following year", "the previous month", "that year": anchored on the last date
      // the story mentioned (the reference time), not on the DCT.
      if (ref_year > 0 && (is(j + 1, "year") || is(j + 1, "month")) &&
          ((after_the && (k == "following" || k == "previous" || k == "preceding")) ||
           (k == "that" && !after_the))) {
        const int d = k == "following" ? 1 : k == "that" ? 0 : -1;
        if (is(j + 1, "year")) {
          best = Match{j + 2, TimexType::DATE, yy(ref_year + d), {}};
        } else if (ref_month > 0) {
          const CivilDate c = add_months({ref_year, ref_month, 1}, d);
          best = Match{j + 2, TimexType::DATE, ym(c.y, c.m), {}};
        }
      }
      // Spoken years: "nineteen ninety-six", "the year two thousand".
      {
        uint32_t se2 = 0;
        if (const int64_t y = spoken_year(j, se2); y > 0)
          take(Match{se2, TimexType::DATE, yy(static_cast<int>(y)), {}});
      }
      if (after_the && k == "year" && is(j + 1, "two") && is(j + 2, "thousand"))
        take(Match{j + 3, TimexType::DATE, "2000", {}});
      if (after_the && k == "near" && (is(j + 1, "future") || is(j + 1, "term")))
        take(Match{j + 2, TimexType::DATE, "FUTURE_REF", {}});
      // "in the short term", "over the long term" (not "the short term of the loan")
      if (after_the && (k == "short" || k == "long") && is(j + 1, "term") && !is(j + 2, "of") &&
          j >= sb + 2 && time_preposition(j - 2))
        take(Match{j + 2, TimexType::DATE, "FUTURE_REF", {}});
      if (k == "these" && is(j + 1, "days")) take(Match{j + 2, TimexType::DATE, "PRESENT_REF", {}});
      // "Q3 2012", "Q4": a quarter written with its letter
      if (k.size() == 2 && k[0] == 'q' && k[1] >= '1' && k[1] <= '4' && cap(j)) {
        const int ord = k[1] - '0';
        int64_t y = -1;
        Match m{j + 1, TimexType::DATE, {}, {}};
        if (year_token(j + 1, y)) {
          m.end = j + 2;
        } else if (has_dct) {
          y = dct.y;
          if (ord > dct_quarter() && tense_at(j, j + 1) != Tense::Future) y -= 1;
        }
        if (y >= 0) m.value = yq(static_cast<int>(y), ord);
        take(std::move(m));
      }
      // "New Year's Day", "New Year's Eve", "New Year's"
      if (k == "new" && cap(j) && is(j + 1, "year") && cap(j + 1) &&
          (is(j + 2, "'s") || is(j + 2, "\xE2\x80\x99s"))) {
        const bool eve = is(j + 3, "eve");
        Match m{j + 3 + ((is(j + 3, "day") || eve) ? 1u : 0u), TimexType::DATE, {}, {}};
        if (has_dct) {
          const int md = eve ? 1231 : 101;
          const int64_t here = days_from_civil({dct.y, md / 100, md % 100});
          int y = dct.y;
          // New Year's Day is nearer the coming year in December, the past one in January
          const Tense t = tense_at(j, m.end);
          if (t == Tense::Past && here > dct_days) y -= 1;
          if (t != Tense::Past && here < dct_days && dct.m == 12) y += 1;
          m.value = ymd({y, md / 100, md % 100});
        }
        take(std::move(m));
      }
      // "at a later date", "at a future date"
      if (k == "a" && (is(j + 1, "later") || is(j + 1, "future")) && is(j + 2, "date"))
        take(Match{j + 3, TimexType::DATE, "FUTURE_REF", {}});
      // "post-1959 politics", "pre-1990 levels": the year
      if (!after_the && (k.starts_with("post-") || k.starts_with("pre-"))) {
        const std::string_view yv = k.substr(k.find('-') + 1);
        if (const int64_t y = digits(yv); yv.size() == 4 && y >= 1000 && y <= 2099)
          take(Match{j + 1, TimexType::DATE, std::string(yv), {}});
      }
      // "for a while", "after a while": a vague stretch
      if (k == "a" && is(j + 1, "while") && j > sb &&
          (is(j - 1, "for") || is(j - 1, "after") || is(j - 1, "in")))
        take(Match{j + 2, TimexType::DURATION, "PXX", {}});
      // "the then current price": current as of a past reference time
      if (!after_the && ((k == "then" && is(j + 1, "current")) || k == "then-current"))
        take(Match{k == "then" ? j + 2 : j + 1, TimexType::DATE, "PAST_REF", {}});
      // recent years, recent months
      if (k == "recent" && !after_the && L(j + 1) && L(j + 1)->plural)
        take(Match{j + 2, TimexType::DURATION, duration_value(-2, L(j + 1)->unit), {}});
      // year-end, year-ago, year-earlier; "by year end", "before year's end"
      const uint32_t year_end =
          k != "year" ? 0 : is(j + 1, "end") ? j + 2 : is(j + 1, "'s") && is(j + 2, "end") ? j + 3 : 0;
      if (k == "year-end" || k == "year-ago" || k == "year-earlier" || year_end) {
        Match m{year_end ? year_end : j + 1, TimexType::DATE, {}, {}};
        if (has_dct) {
          if (k == "year-end" || year_end) {
            m.value = yy(dct.y);
            m.mod = "END";
          } else {
            m.value = shifted(dct_days, 1, Unit::Y, -1, j, j + 1);
            // "the year-ago quarter", "the year-earlier period", "the year-ago third quarter":
            // the noun belongs to the expression
            if (is(j + 1, "quarter") || is(j + 1, "period")) {
              m.end = j + 2;
            } else if (L(j + 1) && L(j + 1)->ordinal >= 1 && L(j + 1)->ordinal <= 4 &&
                       is(j + 2, "quarter")) {
              m.value = yq(dct.y - 1, L(j + 1)->ordinal);
              m.end = j + 3;
            }
          }
        }
        take(std::move(m));
      }
      // mid-March, mid-1990s, early-2000s
      if (const size_t h = k.find('-'); h != std::string_view::npos) {
        const std::string_view a = k.substr(0, h), b = k.substr(h + 1);
        std::string_view mod;
        if (a == "mid") mod = "MID";
        else if (a == "early") mod = "START";
        else if (a == "late") mod = "END";
        if (!mod.empty()) {
          auto it = im.lex.find(b);
          Match m{j + 1, TimexType::DATE, {}, std::string(mod)};
          if (it != im.lex.end() && it->second.month) {
            int64_t y = -1;
            if (year_token(j + 1, y)) m.end = j + 2;
            else if (is(j + 1, ",") && year_token(j + 2, y)) m.end = j + 3;
            if (y < 0 && has_dct) y = year_for(it->second.month, 0, tense_at(j, j + 1));
            if (y >= 0) m.value = ym(static_cast<int>(y), it->second.month);
            take(std::move(m));
          } else if (b.size() == 5 && b[4] == 's' && digits(b.substr(0, 4)) >= 1000) {
            m.value = fmt::format("{}X", b.substr(0, 3));
            take(std::move(m));
          } else if (b.size() == 4 && digits(b) >= 1000) {
            m.value = std::string(b);
            take(std::move(m));
          }
        }
      }
      // every Friday / each year
      if ((k == "every" || k == "each" || k == "per") && j + 1 < se) {
        const LexEntry* n = L(j + 1);
        if (n && n->weekday)
          take(Match{j + 2, TimexType::SET, fmt::format("XXXX-WXX-{}", n->weekday), {}});
        else if (n && n->unit != Unit::None && !n->plural)
          take(Match{j + 2, TimexType::SET, duration_value(1, n->unit), {}});
        else if (n && n->month && cap(j + 1))
          take(Match{j + 2, TimexType::SET, fmt::format("XXXX-{:02d}", n->month), {}});
        else if (n && n->season)
          take(Match{j + 2, TimexType::SET,
                     fmt::format("XXXX-{}", kSeasonCode[static_cast<size_t>(n->season)]), {}});
        else if (is(j + 1, "season"))  // each season: a quarter of a year
          take(Match{j + 2, TimexType::SET, "P3M", {}});
        else if (n && n->pod)
          take(Match{j + 2, TimexType::SET,
                     fmt::format("XXXX-XX-XXT{}", kPodCode[static_cast<size_t>(n->pod)]), {}});
      }
      // twice a year
      if ((k == "once" || k == "twice") && (is(j + 1, "a") || is(j + 1, "per")) && L(j + 2) &&
          L(j + 2)->unit != Unit::None)
        take(Match{j + 3, TimexType::SET, duration_value(1, L(j + 2)->unit), {}});
      // for years, in recent months
      if (e && e->unit != Unit::None && e->plural && j > sb) {
        const std::string_view p = key(j - 1);
        if (p == "for" || p == "within" || p == "recent")
          take(Match{j + 1, TimexType::DURATION, duration_value(-2, e->unit), {}});
      }
      return best;
    }

    // Intervals from context, for the timexes of one sentence (token ranges in `tr`):
    // "between X and Y", "from X to Y", "X to/through Y" of one granularity give both ends the
    // interval X..Y (Y's guessed year follows X's: "between November and February");
    // "since X" runs X..DCT; "the past/last/next N units" is anchored on the DCT.
    void link_intervals(std::span<Timex> ts, const std::vector<std::pair<uint32_t, uint32_t>>& tr) const {
      auto calendar = [](const std::string& v) {
        return v.size() >= 4 && digits(std::string_view(v).substr(0, 4)) >= 0 &&
               (v.size() == 4 || v.size() == 7 || v.size() == 10) && v.find('X') == std::string::npos;
      };
      auto has_year = [&](uint32_t b, uint32_t e) {
        for (uint32_t k = b; k < e; ++k) {
          int64_t y = 0;
          if (year_token(k, y)) return true;
        }
        return false;
      };
      for (size_t k = 0; k < ts.size(); ++k) {
        Timex& a = ts[k];
        const auto [ab, ae] = tr[k];
        if (a.type != TimexType::DATE || !calendar(a.value) || !a.begin.empty()) continue;
        // since X: X .. the DCT
        if (ab > sb && is(ab - 1, "since") && has_dct && a.value <= ymd(dct)) {
          a.begin = a.value;
          a.end = ymd(dct);
          continue;
        }
        if (k + 1 >= ts.size()) continue;
        Timex& b = ts[k + 1];
        const auto [bb, be] = tr[k + 1];
        if (b.type != TimexType::DATE || !calendar(b.value) || b.value.size() != a.value.size() ||
            bb != ae + 1)
          continue;
        const std::string_view link = key(ae);
        const bool between = ab > sb && is(ab - 1, "between") && link == "and";
        const bool from = ab > sb && is(ab - 1, "from") &&
                          (link == "to" || link == "until" || link == "till" || link == "through" ||
                           link == "-" || link == "\xE2\x80\x93");
        const bool to = link == "to" || link == "through" || link == "-" || link == "\xE2\x80\x93";
        if (!between && !from && !to) continue;
        if (b.value < a.value && !has_year(bb, be) && a.value.size() >= 7) {
          // the end's year was guessed: it follows the start
          const int64_t ya = digits(std::string_view(a.value).substr(0, 4));
          std::string fixed = fmt::format("{:04d}", ya) + b.value.substr(4);
          if (fixed < a.value) fixed = fmt::format("{:04d}", ya + 1) + b.value.substr(4);
          b.value = std::move(fixed);
        }
        if (b.value < a.value) continue;
        a.begin = b.begin = a.value;
        a.end = b.end = b.value;
      }
      // the past three months, the last two weeks, the next 10 days: anchored on the DCT
      for (size_t k = 0; k < ts.size(); ++k) {
        Timex& t = ts[k];
        if (t.type != TimexType::DURATION || !has_dct || !t.begin.empty()) continue;
        uint32_t j = tr[k].first;
        if (is(j, "the")) ++j;
        const bool back = is(j, "past") || is(j, "last") || is(j, "previous");
        const bool ahead = is(j, "next") || is(j, "coming");
        if (!back && !ahead) continue;
        const std::string_view v = t.value;  // PnY PnM PnW PnD
        if (v.size() < 3 || v[0] != 'P' || v[1] == 'T') continue;
        const int64_t n = digits(v.substr(1, v.size() - 2));
        const char u = v.back();
        if (n <= 0 || n > 1000) continue;
        const CivilDate c = dct;
        int64_t days = dct_days;
        const int64_t sign = back ? -1 : 1;
        if (u == 'D') days += sign * n;
        else if (u == 'W') days += sign * 7 * n;
        else if (u == 'M' || u == 'Y') {
          const int64_t months = (int64_t{c.y} * 12 + c.m - 1) + sign * (u == 'Y' ? 12 * n : n);
          const int y = static_cast<int>(months / 12);
          const int m = static_cast<int>(months % 12) + 1;
          days = days_from_civil({y, m, std::min(c.d, days_in_month(y, m))});
        } else {
          continue;
        }
        const std::string there = ymd(civil_from_days(days));
        t.begin = back ? there : ymd(dct);
        t.end = back ? ymd(dct) : there;
      }
    }

    // The word at q shows a part of day before it is no time of its own: "the night of Oct. 23",
    // "the evening rush hour", "the morning prayers" (a noun follows, or of/before/after).
    [[nodiscard]] bool pod_premodifier(uint32_t q) const {
      if (q >= se || toks[q].shape != TokenShape::Word || cap(q)) return false;
      static constexpr std::array<std::string_view, 24> kFree{
          "and", "or", "but", "when", "while", "as", "at", "in", "on", "with", "to", "for",
          "from", "by", "until", "that", "the", "a", "an", "he", "she", "they", "it", "we"};
      return std::find(kFree.begin(), kFree.end(), key(q)) == kFree.end();
    }

    // "since he came to power", "since taking office", "since her election": a time known only
    // from world knowledge. Recognised after "since" (which stays out of the span), no value.
    [[nodiscard]] std::optional<Match> since_anchor(uint32_t i) const {
      uint32_t j = i + 1;
      if (j >= se) return std::nullopt;
      auto office = [&](uint32_t q) {  // power | office after came to / took / assumed
        return q < se && (key(q) == "power" || key(q) == "office");
      };
      auto anchor = [j](uint32_t e) {
        Match m{e, TimexType::DATE, {}, {}};
        m.begin = j;
        return std::optional<Match>(std::move(m));
      };
      const std::string_view k = key(j);
      if (k == "coming" && is(j + 1, "to") && office(j + 2)) return anchor(j + 3);
      if ((k == "taking" || k == "assuming") && office(j + 1)) return anchor(j + 2);
      if ((k == "his" || k == "her" || k == "their") && j + 1 < se &&
          (key(j + 1) == "election" || key(j + 1) == "inauguration" || key(j + 1) == "accession" ||
           key(j + 1) == "appointment"))
        return anchor(j + 2);
      // a subject: a personal pronoun or one to three capitalised words
      uint32_t v = j;
      if (k == "he" || k == "she" || k == "they" || k == "we" || k == "i") {
        v = j + 1;
      } else {
        while (v < se && v < j + 3 && cap(v) && toks[v].shape == TokenShape::Word) ++v;
        if (v == j) return std::nullopt;
      }
      if (v >= se) return std::nullopt;
      const std::string_view w = key(v);
      if (w == "came" && is(v + 1, "to") && office(v + 2)) return anchor(v + 3);
      if ((w == "took" || w == "assumed") && office(v + 1)) return anchor(v + 2);
      if ((w == "was" || w == "were") && (is(v + 1, "elected") || is(v + 1, "inaugurated")))
        return anchor(v + 2);
      if ((w == "was" || w == "were") && is(v + 1, "sworn") && is(v + 2, "in"))
        return anchor(v + 3);
      return std::nullopt;
    }

    std::optional<Match> at(uint32_t i) {
      if (is(i, "since"))
        if (auto m = since_anchor(i)) return m;
      uint32_t j = i;
      std::string mod;
      bool the = false;
      bool mod_after_the = false;
      // the end of [the], the beginning of
      if (is(j, "the") && j + 2 < se && key(j + 2) == "of" &&
          (key(j + 1) == "end" || key(j + 1) == "beginning" || key(j + 1) == "start" ||
           key(j + 1) == "middle")) {
        mod = L(j + 1)->mod;
        j += 3;
      }
      if (is(j, "at") && (is(j + 1, "least") || is(j + 1, "most"))) {
        mod = key(j + 1) == "least" ? "EQUAL_OR_MORE" : "EQUAL_OR_LESS";
        j += 2;
      } else if ((is(j, "more") || is(j, "less")) && is(j + 1, "than")) {
        mod = key(j) == "more" ? "MORE_THAN" : "LESS_THAN";
        j += 2;
      } else if (L(j) && !L(j)->mod.empty() && j + 1 < se && key(j) != "end" &&
                 key(j) != "start" && key(j) != "beginning" && key(j) != "middle" &&
                 key(j) != "more" && key(j) != "less" && key(j) != "over") {
        mod = L(j)->mod;
        ++j;
      } else if ((is(j, "earlier") || is(j, "later")) && L(j + 1) && L(j + 1)->rel != kNone) {
        mod = key(j) == "earlier" ? "START" : "END";
        ++j;
      }
      if (is(j, "the")) {
        the = true;
        ++j;
        // "the early summer", "the late 1970s": the modifier after the article
        if (mod.empty() && (is(j, "early") || is(j, "late")) && j + 1 < se) {
          mod = L(j)->mod;
          ++j;
          mod_after_the = true;
        }
      }
      if (j >= se) return std::nullopt;
      // "in the morning", "during the night": that part of the day last named, else the DCT's
      if (the && mod.empty() && i == j - 1 && i > sb && (key(i - 1) == "in" || key(i - 1) == "during") &&
          L(j) && L(j)->pod && !key(j).ends_with("s") && !pod_premodifier(j + 1)) {
        Match m{j + 1, TimexType::TIME, {}, {}};
        const std::optional<int64_t> day = last_day ? last_day : prev_last_day;
        if (day || has_dct)
          m.value = fmt::format("{}T{}", ymd(civil_from_days(day ? *day : dct_days)),
                                kPodCode[static_cast<size_t>(L(j)->pod)]);
        return m;
      }
      // "the day before last Tuesday", "the week after March 3": a day-precise date shifted
      if (the && mod.empty() && L(j) && !L(j)->plural && (L(j)->unit == Unit::D || L(j)->unit == Unit::W))
        if (auto r = shifted_from_date(j + 1, 1, L(j)->unit, j)) return r;
      // "the day after the vote", "the week before the election": anchored on an event, so
      // recognised without a value (a date after "after" is computed by relative()).
      if (the && mod.empty() && L(j) && !L(j)->plural &&
          (L(j)->unit == Unit::D || L(j)->unit == Unit::W || L(j)->unit == Unit::M ||
           L(j)->unit == Unit::Y) &&
          (is(j + 1, "after") || is(j + 1, "before")) && is(j + 2, "the") && j + 3 < se &&
          toks[j + 3].shape == TokenShape::Word && !L(j + 3) && !cap(j + 3))
        return Match{j + 4, TimexType::DATE, {}, {}};
      // the end of the year / the middle of the month: the current one
      if (!mod.empty() && the && i + 3 < j && L(j) && !L(j)->plural &&
          (L(j)->unit == Unit::Y || L(j)->unit == Unit::M || L(j)->unit == Unit::W)) {
        Match m{j + 1, TimexType::DATE, {}, mod};
        if (has_dct) {
          const Unit u = L(j)->unit;
          m.value = u == Unit::Y ? yy(dct.y) : u == Unit::M ? ym(dct.y, dct.m) : yw(iso_week(dct_days));
        }
        return m;
      }
      std::optional<Match> m = core(j, the);
      if (!m && the && mod.empty()) return std::nullopt;
      if (!m) return std::nullopt;
      // "the next year or so", "two weeks or so": approximate
      if (is(m->end, "or") && is(m->end + 1, "so") && m->type != TimexType::SET) {
        m->end += 2;
        if (mod.empty() && m->mod.empty()) m->mod = "APPROX";
      }
      // "the Oct. 23 bombing", "the 1996 race", "the two-week strike", "the third-quarter loss":
      // a date or a hyphenated adjective inside a noun phrase leaves the article out.
      if (the && mod.empty() && j == i + 1 && m->type != TimexType::SET) {
        const std::string_view k = key(j);
        const bool calendar_date = (L(j) && L(j)->month) || (num(j, true) >= 1 && num(j, true) <= 31 &&
                                                             m->end > j + 1 && month_word(j + 1));
        int64_t y = 0;
        const bool bare_year = m->end == j + 1 && year_token(j, y) && m->value.size() == 4 &&
                               m->value.find('X') == std::string::npos;
        const bool adjective = m->end == j + 1 && toks[j].shape == TokenShape::Word &&
                               k.find('-') != std::string_view::npos && !k.starts_with("mid-") &&
                               !k.starts_with("early-") && !k.starts_with("late-");
        if (calendar_date || bare_year || adjective) m->begin = j;
      }
      // TimeML writes a decade as its three digits ("the 1990s" = 199); bare "1990s" keeps
      // the 199X form news annotators use, and so does "the early 1990s" (corpora disagree).
      if (the && !mod_after_the && m->type == TimexType::DATE && m->value.size() == 4 && m->value[3] == 'X' &&
          digits(std::string_view(m->value).substr(0, 3)) >= 0)
        m->value.pop_back();
      if (!mod.empty() && m->mod.empty()) {
        // early/late only for dates; about/nearly only for amounts
        const bool date_mod = mod == "START" || mod == "END" || mod == "MID";
        if (date_mod && m->type == TimexType::DURATION && i == j) return m;
        if (!date_mod && m->type != TimexType::DURATION && m->value.find("REF") != std::string::npos)
          return std::nullopt;
        m->mod = mod;
      }
      return m;
    }
  };
};

namespace {

// Lowercases the ASCII letters of `s`, 8 bytes at a time (other bytes unchanged).
void ascii_lower_in_place(std::string& s) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  char* p = s.data();
  const size_t n = s.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    // Per byte b < 0x80: bit 7 of (b + 0x80 - 'A') is set iff b >= 'A', of (b + 0x7F - 'Z')
    // iff b > 'Z'; bytes >= 0x80 are masked out.
    const uint64_t low7 = w & ~kHigh;
    const uint64_t ge_a = low7 + kOnes * (0x80 - 'A');
    const uint64_t gt_z = low7 + kOnes * (0x7F - 'Z');
    const uint64_t upper = (ge_a ^ gt_z) & ~w & kHigh;
    w |= upper >> 2;  // 0x20 in each uppercase byte
    std::memcpy(p + i, &w, 8);
  }
  for (; i < n; ++i)
    if (p[i] >= 'A' && p[i] <= 'Z') p[i] = static_cast<char>(p[i] - 'A' + 'a');
}

}  // namespace

TimexTagger::TimexTagger(const std::filesystem::path& data_dir) : impl_(std::make_unique<Impl>()) {
  const auto file = data_dir / "time" / "lexicon.tsv";
  if (!std::filesystem::exists(file))
    throw EnvironmentError(fmt::format("{}: time lexicon missing", file.string()));
  impl_->lex = load_lexicon(file);
}

TimexTagger::~TimexTagger() = default;

std::vector<Timex> TimexTagger::tag(std::string_view text, const Annotations& ann,
                                    std::string_view dct) const {
  Impl::Run run{*impl_, text, std::string(text), ann.tokens, {}, false, {}, 0, 0, 0, 0, 0, {}, 0, 0};
  ascii_lower_in_place(run.low);
  run.entries.resize(ann.tokens.size(), nullptr);
  for (size_t t = 0; t < ann.tokens.size(); ++t) {
    const Span s = ann.tokens[t].span;
    if (ann.tokens[t].shape == TokenShape::Punct || s.size() > 24) continue;
    auto it = impl_->lex.find(std::string_view(run.low).substr(s.start, s.size()));
    if (it != impl_->lex.end()) run.entries[t] = &it->second;
    const std::string_view k = std::string_view(run.low).substr(s.start, s.size());
    if (k == "quarter" || k.ends_with("-quarter")) ++run.doc_quarters;
  }
  if (auto c = parse_iso_date(dct)) {
    run.has_dct = true;
    run.dct = *c;
    run.dct_days = days_from_civil(*c);
  }
  std::vector<Timex> out;
  std::vector<std::pair<uint32_t, uint32_t>> toks_of;  // token range of each timex of a sentence
  for (size_t si = 0; si < ann.sentences.size(); ++si) {
    const Sentence& s = ann.sentences[si];
    const size_t first_out = out.size();
    toks_of.clear();
    run.psb = si > 0 ? ann.sentences[si - 1].first_token : s.first_token;
    run.sb = s.first_token;
    run.se = s.end_token;
    run.prev_last_day = run.last_day;
    run.last_day.reset();
    for (uint32_t i = run.sb; i < run.se;) {
      std::optional<Match> m;
      const Token& tk = ann.tokens[i];
      // Only tokens that can begin an expression are tried (most words have no entry).
      if (run.entries[i] || tk.shape == TokenShape::Number || run.key(i) == "'" || run.key(i) == "since" ||
          run.key(i) == "\xE2\x80\x99" ||
          (tk.shape == TokenShape::Word && run.key(i).find('-') != std::string_view::npos))
        m = run.at(i);
      if (!m || m->end <= i) {
        ++i;
        continue;
      }
      Timex t;
      t.span = {ann.tokens[m->begin > i ? m->begin : i].span.start,
                ann.tokens[m->end - 1].span.end};
      t.type = m->type;
      t.value = std::move(m->value);
      t.mod = std::move(m->mod);
      t.sentence = static_cast<int32_t>(si);
      if (!m->range_end.empty() && !t.value.empty()) {
        t.begin = t.value;
        t.end = std::move(m->range_end);
      }
      // "the quarter a year ago", "the third quarter a year earlier": the period before, one
      // year back, in one expression
      if (out.size() > first_out && toks_of.back().second == i && m->end == i + 3 &&
          (run.key(i) == "a" || run.key(i) == "one") && run.key(i + 1) == "year" &&
          (run.key(i + 2) == "ago" || run.key(i + 2) == "earlier")) {
        Timex& prev = out.back();
        const std::string_view pv = prev.value;
        const int64_t py = pv.size() >= 4 ? Impl::Run::digits(pv.substr(0, 4)) : -1;
        if (prev.type == TimexType::DATE && py > 0 && pv.find('X') == std::string_view::npos &&
            (pv.size() == 4 || (pv.size() == 7 && (pv[5] == 'Q' || pv[5] == 'H')))) {
          prev.value = fmt::format("{:04d}{}", py - 1, pv.substr(4));
          prev.span.end = t.span.end;
          toks_of.back().second = m->end;
          i = m->end;
          continue;
        }
      }
      toks_of.emplace_back(i, m->end);
      if (t.value.size() == 10 && t.value[4] == '-' && t.value[7] == '-')
        if (auto c = parse_iso_date(t.value)) run.last_day = days_from_civil(*c);
      if (t.type == TimexType::DATE && t.value.size() >= 4) {
        const std::string_view v = t.value;
        if (const int64_t y = Impl::Run::digits(v.substr(0, 4)); y > 0 && (v.size() == 4 || v[4] == '-')) {
          run.ref_year = static_cast<int>(y);
          const int64_t mo = v.size() >= 7 ? Impl::Run::digits(v.substr(5, 2)) : -1;
          run.ref_month = mo >= 1 && mo <= 12 ? static_cast<int>(mo) : 0;
        }
      }
      out.push_back(std::move(t));
      i = m->end;
    }
    run.link_intervals(std::span(out).subspan(first_out), toks_of);
  }
  return out;
}

}  // namespace eg
