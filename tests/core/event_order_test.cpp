// Explicit order cues between events, on hand-written sentences with hand-placed triggers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/event_order.hpp"
#include "core/segmenter.hpp"

namespace {

struct Doc {
  std::string text;
  eg::Annotations ann;

  /// Adds an event whose trigger is the n-th occurrence of `word`; returns its index.
  int32_t event(std::string_view word, int nth = 0) {
    size_t p = text.find(word);
    for (int i = 0; i < nth; ++i) p = text.find(word, p + 1);
    REQUIRE(p != std::string::npos);
    eg::Event e;
    e.id = std::to_string(ann.events.size() + 1);
    e.id.insert(e.id.begin(), 'e');
    e.trigger = {static_cast<uint32_t>(p), static_cast<uint32_t>(p + word.size())};
    ann.events.push_back(e);
    return static_cast<int32_t>(ann.events.size() - 1);
  }
  void coref(int32_t ev, std::string_view word, int nth = 0) {
    size_t p = text.find(word);
    for (int i = 0; i < nth; ++i) p = text.find(word, p + 1);
    REQUIRE(p != std::string::npos);
    ann.events[static_cast<size_t>(ev)].coref.push_back(
        {static_cast<uint32_t>(p), static_cast<uint32_t>(p + word.size())});
  }
  const std::vector<int32_t>& after(int32_t ev) const { return ann.events[static_cast<size_t>(ev)].after; }
};

Doc doc(std::string text) {
  Doc d{std::move(text), {}};
  eg::segment(d.text, d.ann);
  return d;
}

using V = std::vector<int32_t>;

}  // namespace

TEST_CASE("event order: 'after' and 'in response to' put the governed event first") {
  auto d = doc("Warplanes bombed the depot on Sunday. The militia vowed revenge after the strikes.");
  const int32_t strike = d.event("bombed");
  d.coref(strike, "strikes");
  const int32_t vow = d.event("vowed");
  eg::link_event_order(d.text, d.ann);
  CHECK(d.after(vow) == V{strike});
  CHECK(d.after(strike).empty());

  auto r = doc("In response to the shelling, the army raided the village.");
  const int32_t shell = r.event("shelling");
  const int32_t raid = r.event("raided");
  eg::link_event_order(r.text, r.ann);
  CHECK(r.after(raid) == V{shell});
  CHECK(r.after(shell).empty());
}

TEST_CASE("event order: 'before', 'ahead of' and sequence adverbs put the first event first") {
  auto d = doc("Gunmen fled the town before the raid.");
  const int32_t flee = d.event("fled");
  const int32_t raid = d.event("raid");
  eg::link_event_order(d.text, d.ann);
  CHECK(d.after(raid) == V{flee});
  CHECK(d.after(flee).empty());

  auto s = doc("Rebels attacked the post and then withdrew to the hills.");
  const int32_t attack = s.event("attacked");
  const int32_t withdraw = s.event("withdrew");
  eg::link_event_order(s.text, s.ann);
  CHECK(s.after(withdraw) == V{attack});

  auto a = doc("Protesters gathered ahead of the vote count.");
  const int32_t gather = a.event("gathered");
  const int32_t count = a.event("count");
  eg::link_event_order(a.text, a.ann);
  CHECK(a.after(count) == V{gather});
}

TEST_CASE("event order: no cue, far or cut-off mentions, and self links give nothing") {
  auto d = doc("Troops arrested two men and seized weapons.");
  const int32_t arrest = d.event("arrested");
  const int32_t seize = d.event("seized");
  eg::link_event_order(d.text, d.ann);
  CHECK(d.after(arrest).empty());
  CHECK(d.after(seize).empty());

  // "the following day" governs no event; the comma ends the cue's reach.
  auto f = doc("Police detained him after all, the court said the following day.");
  const int32_t det = f.event("detained");
  const int32_t said = f.event("said");
  eg::link_event_order(f.text, f.ann);
  CHECK(f.after(det).empty());
  CHECK(f.after(said).empty());

  // A cue between two mentions of one event links nothing.
  auto s = doc("The strike hit after the strike warning.");
  const int32_t st = s.event("strike");
  s.coref(st, "strike", 1);
  eg::link_event_order(s.text, s.ann);
  CHECK(s.after(st).empty());

  // Events in different sentences are not ordered by a cue.
  auto x = doc("Militants attacked. After that, nothing happened.");
  const int32_t at = x.event("attacked");
  eg::link_event_order(x.text, x.ann);
  CHECK(x.after(at).empty());
}

TEST_CASE("event order: a cue opening the sentence orders its clause before the main event") {
  auto d = doc("After the ambush, soldiers sealed off the road.");
  const int32_t ambush = d.event("ambush");
  const int32_t seal = d.event("sealed");
  eg::link_event_order(d.text, d.ann);
  CHECK(d.after(seal) == V{ambush});

  auto b = doc("Before the talks, both sides exchanged prisoners.");
  const int32_t talks = b.event("talks");
  const int32_t exch = b.event("exchanged");
  eg::link_event_order(b.text, b.ann);
  CHECK(b.after(talks) == V{exch});
}

TEST_CASE("event order: contradicting cues keep the first; empty input is fine") {
  auto d = doc("The raid came after the protest. The protest came after the raid.");
  const int32_t raid = d.event("raid");
  d.coref(raid, "raid", 1);
  const int32_t protest = d.event("protest");
  d.coref(protest, "protest", 1);
  eg::link_event_order(d.text, d.ann);
  CHECK(d.after(raid) == V{protest});
  CHECK(d.after(protest).empty());

  eg::Annotations none;
  eg::link_event_order("", none);
  CHECK(none.events.empty());
}

TEST_CASE("event order: clause breaks, gerunds and non-temporal 'then' stop a cue") {
  // The event before the cue is in another clause: "signed" is not what came after the dispute.
  auto d = doc("They were to sign a deal, although it was called off after the leaders clashed.");
  const int32_t sign = d.event("sign");
  const int32_t clash = d.event("clashed");
  eg::link_event_order(d.text, d.ann);
  CHECK(d.after(sign).empty());
  CHECK(d.after(clash).empty());

  // "after pleading guilty to murder": the cue governs the pleading.
  auto g = doc("He is cooperating with prosecutors after pleading guilty to murder.");
  const int32_t coop = g.event("cooperating");
  const int32_t murder = g.event("murder");
  eg::link_event_order(g.text, g.ann);
  CHECK(g.after(coop).empty());
  CHECK(g.after(murder).empty());

  // "If ..., then" is logic, not sequence.
  auto t = doc("If they want peace then they must stop the attacks.");
  const int32_t peace = t.event("peace");
  const int32_t attacks = t.event("attacks");
  eg::link_event_order(t.text, t.ann);
  CHECK(t.after(attacks).empty());
  CHECK(t.after(peace).empty());

  // A cue a few words into the sentence still opens it.
  auto o = doc("Two days after the bombing, the army arrested three men.");
  const int32_t bomb = o.event("bombing");
  const int32_t arrest = o.event("arrested");
  eg::link_event_order(o.text, o.ann);
  CHECK(o.after(arrest) == V{bomb});
}
