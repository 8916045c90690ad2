// Explicit temporal cues between the events of one document: "vowed revenge after the strikes",
// "fled before the raid", "In response to the attack, the army ...", "attacked and then
// withdrew". They order events that share a date on the timeline (graph/builder.hpp).
#pragma once

#include <string_view>

#include "core/model.hpp"

namespace eg {

/// Fills `Event::after` of `ann.events` from cue words between event mentions (triggers and
/// coreferent mentions) of one sentence:
/// - "after", "following", "since" (only after an ordinal, superlative or perfect tense in its
///   clause: "the second attack since the strikes", "has not been seen since the raid"), "in
///   response to", "in retaliation for", "in reprisal for": the mention
///   right after the cue happened first; the one before the cue (or, when the cue opens the
///   sentence, the first one after its clause) happened later;
/// - "before", "ahead of", "prior to": the reverse;
/// - "and then" ("was then"), "later", "afterwards", "subsequently" between two mentions: the
///   first came first.
/// - "the latest attack", "the most recent strike" (the trigger, not a further mention): after
///   every other event of the same kind in the document, except statements and events in the
///   same sentence or also called the latest
///   (mostly the same event named twice).
/// The mention after a cue must follow within 6 tokens; the one before it within 12; neither
/// across a clause break (, ; : quotes, dashes), nor past an -ing word after the cue ("after
/// pleading guilty to murder" orders the pleading, which is no event here). A sentence-opening
/// cue may follow up to 4 words ("Two days after ..."). Cues never link an event to itself or
/// contradict an earlier cue. Needs tokens, sentences and events (segment + EventExtractor);
/// deterministic.
void link_event_order(std::string_view text, Annotations& ann);

}  // namespace eg
