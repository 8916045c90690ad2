#include "core/event_order.hpp"

#include <algorithm>
#include <array>

namespace eg {

namespace {

/// How a cue orders the mention before it (A) and the mention after it (B).
enum class Cue : uint8_t { None, BFirst, AFirst, Sequence };

constexpr size_t kWindow = 6;   ///< tokens from a cue's last word to the mention it governs
constexpr size_t kReach = 12;   ///< tokens from the event before a cue to the cue
constexpr size_t kLead = 4;     ///< words before a cue that opens a sentence ("Hours after")

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

struct Doc {
  std::string_view text;
  const Annotations& ann;
  [[nodiscard]] std::string_view word(size_t k) const { return ann.tokens[k].span.of(text); }
  [[nodiscard]] bool is(size_t k, std::string_view w) const {
    return k < ann.tokens.size() && ieq(word(k), w);
  }
};

/// A token that ends a clause or opens/closes a quote: , ; : ( ) " “ ” — the dashes.
bool clause_break(std::string_view w) {
  if (w.size() == 1) return std::string_view(",;:()\"").find(w[0]) != std::string_view::npos;
  return w == "\xE2\x80\x9C" || w == "\xE2\x80\x9D" || w == "\xE2\x80\x94" || w == "\xE2\x80\x93" ||
         w == "--";
}

/// The cue starting at token k, and its last token in `last`.
Cue cue_at(const Doc& d, size_t k, size_t& last) {
  last = k;
  if (d.is(k, "after") && k >= 2 && d.is(k - 1, "and") && d.is(k - 2, "before")) return Cue::None;
  if (d.is(k, "after") || d.is(k, "following")) return Cue::BFirst;
  // "the second attack since the strikes", "has not been seen since the raid": like "after",
  // when an ordinal or a perfect tense before it makes it temporal (not "since it was late").
  if (d.is(k, "since")) {
    static constexpr std::array<std::string_view, 14> kMarks{
        "first", "second", "third", "fourth", "fifth", "latest", "only", "biggest", "worst",
        "deadliest", "largest", "has", "have", "had"};
    for (size_t q = k; q-- > 0 && k - q <= kReach;) {
      if (clause_break(d.word(q))) break;
      for (std::string_view m : kMarks)
        if (d.is(q, m)) return Cue::BFirst;
    }
    return Cue::None;
  }
  // "now before Congress", "before the Senate": a place, not a time; "before and after": both.
  if (d.is(k, "before")) {
    const size_t n = d.is(k + 1, "the") ? k + 2 : k + 1;
    if (d.is(k + 1, "and") ||
        (n < d.ann.tokens.size() && !d.word(n).empty() && d.word(n)[0] >= 'A' && d.word(n)[0] <= 'Z'))
      return Cue::None;
  }
  if (d.is(k, "before") || d.is(k, "prior") || d.is(k, "ahead")) {
    if ((d.is(k, "prior") || d.is(k, "ahead")) && !d.is(k + 1, d.is(k, "prior") ? "to" : "of"))
      return Cue::None;
    if (!d.is(k, "before")) last = k + 1;
    return Cue::AFirst;
  }
  if (d.is(k, "in") && (d.is(k + 1, "response") || d.is(k + 1, "retaliation") || d.is(k + 1, "reprisal")) &&
      (d.is(k + 2, "to") || d.is(k + 2, "for"))) {
    last = k + 2;
    return Cue::BFirst;
  }
  // "and then withdrew", "was then attacked" — not "If ..., then", nor "the then president".
  if (d.is(k, "then") && k > 0 &&
      (d.is(k - 1, "and") || d.is(k - 1, "was") || d.is(k - 1, "were") || d.is(k - 1, "had") ||
       d.is(k - 1, "have") || d.is(k - 1, "has")))
    return Cue::Sequence;
  // "later" as an adverb of sequence, not inside a time expression ("later this week", "later
  // in the day", "later today").
  if (d.is(k, "later") && (d.is(k + 1, "this") || d.is(k + 1, "that") || d.is(k + 1, "in") ||
                           d.is(k + 1, "on") || d.is(k + 1, "today") || d.is(k + 1, "tonight") ||
                           d.is(k + 1, "next")))
    return Cue::None;
  if (d.is(k, "later") || d.is(k, "afterwards") || d.is(k, "subsequently")) return Cue::Sequence;
  return Cue::None;
}

struct Mention {
  size_t token;   ///< first token of the trigger or coreferent mention
  int32_t event;  ///< index into ann.events
};

size_t token_at(const Annotations& ann, uint32_t byte) {
  auto it = std::upper_bound(ann.tokens.begin(), ann.tokens.end(), byte,
                             [](uint32_t b, const Token& t) { return b < t.span.start; });
  return it == ann.tokens.begin() ? 0 : static_cast<size_t>(it - ann.tokens.begin()) - 1;
}

bool break_in(const Doc& d, size_t from, size_t to) {
  for (size_t k = from; k < to; ++k)
    if (clause_break(d.word(k))) return true;
  return false;
}

/// An -ing word or "being" between a cue and a mention ("after pleading guilty to murder"):
/// the cue governs that unrecognised event, not the mention.
bool gerund_in(const Doc& d, size_t from, size_t to) {
  for (size_t k = from; k < to; ++k) {
    const std::string_view w = d.word(k);
    if (w.size() > 4 && ieq(w.substr(w.size() - 3), "ing") &&
        !(w.size() > 5 && ieq(w.substr(w.size() - 5), "thing")))
      return true;
  }
  return false;
}

/// True when the words before a sentence-opening cue only measure time ("Two days after",
/// "Hours before", "Shortly after", "Just a week before"), so the cue opens the sentence; not
/// "Wood spoke ahead of ...", where the cue follows the main verb.
bool lead_is_time(const Doc& d, size_t from, size_t cue) {
  static constexpr std::array<std::string_view, 30> kWords{
      "a", "an", "the", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
      "ten", "few", "several", "just", "shortly", "soon", "only", "even", "long", "hours",
      "hour", "days", "day", "weeks", "week", "minutes", "months", "moments"};
  for (size_t q = from; q < cue; ++q) {
    const std::string_view w = d.word(q);
    const bool number = !w.empty() && w[0] >= '0' && w[0] <= '9';
    if (!number && std::none_of(kWords.begin(), kWords.end(), [&](std::string_view k) { return ieq(w, k); }))
      return false;
  }
  return true;
}

/// Records "earlier happened before later" unless it links an event to itself or reverses an
/// order already recorded.
void order(Annotations& ann, int32_t earlier, int32_t later) {
  if (earlier == later || earlier < 0 || later < 0) return;
  auto& before_later = ann.events[static_cast<size_t>(later)].after;
  const auto& before_earlier = ann.events[static_cast<size_t>(earlier)].after;
  if (std::find(before_earlier.begin(), before_earlier.end(), later) != before_earlier.end()) return;
  if (std::find(before_later.begin(), before_later.end(), earlier) == before_later.end())
    before_later.push_back(earlier);
}

}  // namespace

void link_event_order(std::string_view text, Annotations& ann) {
  if (ann.events.size() < 2 || ann.tokens.empty()) return;
  const Doc d{text, ann};
  std::vector<Mention> ms;
  for (size_t i = 0; i < ann.events.size(); ++i) {
    const Event& e = ann.events[i];
    if (e.trigger.end <= text.size() && e.trigger.size() > 0)
      ms.push_back({token_at(ann, e.trigger.start), static_cast<int32_t>(i)});
    for (const Span& s : e.coref)
      if (s.end <= text.size() && s.size() > 0)
        ms.push_back({token_at(ann, s.start), static_cast<int32_t>(i)});
  }
  std::sort(ms.begin(), ms.end(), [](const Mention& a, const Mention& b) {
    return a.token != b.token ? a.token < b.token : a.event < b.event;
  });
  size_t m0 = 0;  // first mention of the current sentence
  for (const Sentence& s : ann.sentences) {
    while (m0 < ms.size() && ms[m0].token < s.first_token) ++m0;
    size_t m1 = m0;
    while (m1 < ms.size() && ms[m1].token < s.end_token) ++m1;
    if (m1 - m0 < 2) {
      m0 = m1;
      continue;
    }
    for (size_t k = s.first_token; k < s.end_token; ++k) {
      size_t last = k;
      const Cue cue = cue_at(d, k, last);
      if (cue == Cue::None) continue;
      // B: the first mention after the cue, close to it, with no clause break between.
      size_t b = m0;
      while (b < m1 && ms[b].token <= last) ++b;
      if (b == m1 || ms[b].token - last > kWindow || break_in(d, last + 1, ms[b].token) ||
          gerund_in(d, last + 1, ms[b].token))
        continue;
      // A: the nearest mention before the cue, in the same clause and close to it; for a cue
      // opening the sentence ("After the strikes, the militia vowed ..."), the first mention
      // after the clause's comma.
      int32_t a = -1;
      size_t pa = b;
      while (pa > m0 && ms[pa - 1].token >= k) --pa;
      if (pa > m0) {
        const size_t at = ms[pa - 1].token;
        if (k - at > kReach || break_in(d, at + 1, k)) continue;
        a = ms[pa - 1].event;
      } else if (cue != Cue::Sequence && k - s.first_token <= kLead &&
                 lead_is_time(d, s.first_token, k)) {
        size_t comma = ms[b].token;
        while (comma < s.end_token && d.word(comma) != ",") ++comma;
        for (size_t c = b + 1; c < m1 && a < 0; ++c)
          if (ms[c].token > comma && ms[c].event != ms[b].event) a = ms[c].event;
      }
      if (a < 0) continue;
      const int32_t bev = ms[b].event;
      if (cue == Cue::BFirst) order(ann, bev, a);
      else order(ann, a, bev);  // AFirst and Sequence
    }
    m0 = m1;
  }
  // "the latest attack", "the most recent strike": that event came after every other event of
  // its kind in the story — other than those in the same sentence or themselves called the
  // latest, which are mostly the same event named twice ("the meeting ... its latest meeting").
  // Only the trigger counts: a further mention called "the latest" is often a coreference slip
  // ("heavy fighting in 1983" ... "the latest fighting").
  std::vector<uint8_t> latest(ann.events.size(), 0);
  for (size_t i = 0; i < ann.events.size(); ++i) {
    const Span tr = ann.events[i].trigger;
    if (tr.size() == 0 || tr.end > text.size()) continue;
    const size_t t = token_at(ann, tr.start);
    if ((t >= 1 && d.is(t - 1, "latest")) || (t >= 2 && d.is(t - 2, "latest")) ||
        (t >= 2 && d.is(t - 1, "recent") && d.is(t - 2, "most")))
      latest[i] = 1;
  }
  for (size_t i = 0; i < ann.events.size(); ++i) {
    const Event& e = ann.events[i];
    // Statements are too many and too loosely tied to be ordered by "the latest reports".
    if (!latest[i] || e.kind.empty() || e.kind == "statement") continue;
    for (size_t j = 0; j < ann.events.size(); ++j)
      if (!latest[j] && ann.events[j].kind == e.kind && ann.events[j].sentence != e.sentence)
        order(ann, static_cast<int32_t>(j), static_cast<int32_t>(i));
  }
  for (Event& e : ann.events) std::sort(e.after.begin(), e.after.end());
}

}  // namespace eg
