// Explicit order cues between events, on hand-written sentences with hand-placed triggers.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/event_order.hpp"
#include "core/segmenter.hpp"

namespace {

using V = std::vector<int32_t>;

/// A byte span of the n-th occurrence of `word` in `text`.
eg::Span span_of(std::string_view text, std::string_view word, int nth) {
  size_t p = text.find(word);
  for (int i = 0; i < nth; ++i) p = text.find(word, p + 1);
  REQUIRE(p != std::string::npos);
  return {static_cast<uint32_t>(p), static_cast<uint32_t>(p + word.size())};
}

/// One event per entry of `events`: its trigger word and, optionally, further mentions
/// (word, occurrence). Runs link_event_order and returns every event's `after`.
struct Ev {
  std::string_view trigger;
  std::vector<std::pair<std::string_view, int>> coref = {};
  std::string_view kind = {};
};

std::vector<V> order(const std::string& text, const std::vector<Ev>& events) {
  eg::Annotations ann;
  eg::segment(text, ann);
  for (const Ev& e : events) {
    eg::Event ev;
    ev.trigger = span_of(text, e.trigger, 0);
    ev.kind = std::string(e.kind);
    for (size_t k = 0; k < ann.sentences.size(); ++k)
      if (ann.sentences[k].span.start <= ev.trigger.start && ev.trigger.start < ann.sentences[k].span.end)
        ev.sentence = static_cast<int32_t>(k);
    for (const auto& [w, nth] : e.coref) ev.coref.push_back(span_of(text, w, nth));
    ann.events.push_back(ev);
  }
  eg::link_event_order(text, ann);
  std::vector<V> out;
  for (const auto& e : ann.events) out.push_back(e.after);
  return out;
}

}  // namespace

TEST_CASE("event order: 'after' and 'in response to' put the governed event first") {
  // Event 0 (the strikes, also named "strikes") came before event 1 (the vow).
  CHECK(order("Warplanes bombed the depot on Sunday. The militia vowed revenge after the strikes.",
              {{"bombed", {{"strikes", 0}}}, {"vowed"}}) == std::vector<V>{{}, {0}});
  CHECK(order("In response to the shelling, the army raided the village.", {{"shelling"}, {"raided"}}) ==
        std::vector<V>{{}, {0}});
  CHECK(order("Two days after the bombing, the army arrested three men.", {{"bombing"}, {"arrested"}}) ==
        std::vector<V>{{}, {0}});
  CHECK(order("After the ambush, soldiers sealed off the road.", {{"ambush"}, {"sealed"}}) ==
        std::vector<V>{{}, {0}});
}

TEST_CASE("event order: 'before', 'ahead of' and sequence adverbs put the first event first") {
  CHECK(order("Gunmen fled the town before the raid.", {{"fled"}, {"raid"}}) == std::vector<V>{{}, {0}});
  CHECK(order("Rebels attacked the post and then withdrew to the hills.", {{"attacked"}, {"withdrew"}}) ==
        std::vector<V>{{}, {0}});
  CHECK(order("Protesters gathered ahead of the vote count.", {{"gathered"}, {"count"}}) ==
        std::vector<V>{{}, {0}});
  // Sentence-opening "Before": the main clause's event came first.
  CHECK(order("Before the talks, both sides exchanged prisoners.", {{"talks"}, {"exchanged"}}) ==
        std::vector<V>{{1}, {}});
}

TEST_CASE("event order: no cue, far or cut-off mentions, and self links give nothing") {
  const std::vector<V> none{{}, {}};
  CHECK(order("Troops arrested two men and seized weapons.", {{"arrested"}, {"seized"}}) == none);
  // "after all" governs no event; the comma ends the cue's reach.
  CHECK(order("Police detained him after all, the court said the following day.", {{"detained"}, {"said"}}) ==
        none);
  // A cue between two mentions of one event links nothing.
  CHECK(order("The strike hit after the strike warning.", {{"strike", {{"strike", 1}}}}) == std::vector<V>{{}});
  // Events in different sentences are not ordered by a cue.
  CHECK(order("Militants attacked. After that, police arrived.", {{"attacked"}, {"arrived"}}) == none);
}

TEST_CASE("event order: clause breaks, gerunds and non-temporal 'then' stop a cue") {
  const std::vector<V> none{{}, {}};
  // The event before the cue is in another clause: the signing is not what followed the clash.
  CHECK(order("They were to sign a deal, although it was called off after the leaders clashed.",
              {{"sign"}, {"clashed"}}) == none);
  // "after pleading guilty to murder": the cue governs the pleading.
  CHECK(order("He is cooperating with prosecutors after pleading guilty to murder.",
              {{"cooperating"}, {"murder"}}) == none);
  // "If ..., then" is logic, not sequence.
  CHECK(order("If they want peace then they must stop the attacks.", {{"peace"}, {"attacks"}}) == none);
}

TEST_CASE("event order: contradicting cues keep the first; empty input is fine") {
  CHECK(order("The raid came after the protest. The protest came after the raid.",
              {{"raid", {{"raid", 1}}}, {"protest", {{"protest", 1}}}}) == std::vector<V>{{1}, {}});
  eg::Annotations none;
  eg::link_event_order("", none);
  CHECK(none.events.empty());
}

TEST_CASE("event order: 'since' and 'the latest'") {
  // "the second attack since the strikes": the strikes came first.
  CHECK(order("It was the second attack on the base since the strikes.", {{"attack"}, {"strikes"}}) ==
        std::vector<V>{{1}, {}});
  // "the latest attack" came after the other attacks of the story, not after the arrest.
  const std::string text =
      "Gunmen shelled a checkpoint in May. Police arrested a suspect. The latest assault hit a "
      "convoy on Friday.";
  CHECK(order(text, {{"shelled", {}, "attack"}, {"arrested", {}, "arrest"}, {"assault", {}, "attack"}}) ==
        std::vector<V>{{}, {}, {0}});
  // A further mention called "the latest" (a coreference slip) does not order its event.
  CHECK(order("Troops clashed near the dam. The town saw heavy fighting in 1983. Rebels lost "
              "ground in the latest fighting.",
              {{"clashed", {}, "fight"}, {"fighting", {{"fighting", 1}}, "fight"}}) ==
        std::vector<V>{{}, {}});
  // Without a kind nothing is ordered.
  CHECK(order(text, {{"shelled"}, {"assault"}}) == std::vector<V>{{}, {}});
  // The same meeting named twice in one sentence is not ordered against itself.
  CHECK(order("The council meeting failed to agree at its latest meeting.",
              {{"meeting", {}, "meet"}, {"meeting.", {}, "meet"}}) == std::vector<V>{{}, {}});
  // Statements are not ordered by "the latest reports".
  CHECK(order("The minister said prices rose. The latest reports show growth.",
              {{"said", {}, "statement"}, {"reports", {}, "statement"}}) == std::vector<V>{{}, {}});
  // "since" without an ordinal or perfect tense is not a cue ("since it was late").
  CHECK(order("They cancelled the march since the rally was banned.", {{"march"}, {"rally"}}) ==
        std::vector<V>{{}, {}});
  // A cue after the main verb does not open the sentence: no "first mention after the comma".
  CHECK(order("Wood spoke ahead of a meeting requested by the United States, Britain and Japan to "
              "discuss the war.",
              {{"meeting"}, {"war"}}) == std::vector<V>{{}, {}});
  CHECK(order("Just two days after the bombing, the army arrested three men.", {{"bombing"}, {"arrested"}}) ==
        std::vector<V>{{}, {0}});
  // "before Congress" is a place; "before and after" orders nothing.
  CHECK(order("They back the bill now before Congress which would allow the inspections.",
              {{"back"}, {"allow"}}) == std::vector<V>{{}, {}});
  CHECK(order("Banks talked before and after the summit.", {{"talked"}, {"summit"}}) ==
        std::vector<V>{{}, {}});
  // "later this week" is a date, not a sequence.
  CHECK(order("Officials will meet the bankers later this week to seek support.", {{"meet"}, {"seek"}}) ==
        std::vector<V>{{}, {}});
  CHECK(order("Nobody has been arrested since the bombing.", {{"arrested"}, {"bombing"}}) ==
        std::vector<V>{{1}, {}});
}
