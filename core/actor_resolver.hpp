#pragma once
// Entity mentions in running text and their canonical actors: runs the NER model per sentence,
// adds gazetteer-only matches, refines types (GPE, NORP, FAC), then resolves mentions to actors
// (gazetteer aliases, spelling variants, acronyms defined in the text, partial person names,
// titles as roles, demonym heads, "the group"/"he"/"it" to the nearest compatible antecedent)
// and finds actor relations (spokesperson_for, member_of, backed_by, holds_office).

#include <string_view>

#include "core/actor_gazetteer.hpp"
#include "core/model.hpp"
#include "core/ner_model.hpp"

namespace eg {

/// Fills ann.entities, ann.actors and ann.relations from ann.tokens/ann.sentences.
void resolve_entities(std::string_view text, Annotations& ann, const NerModel& model,
                      const WordClusters& clusters, const ActorGazetteer& gaz);

}  // namespace eg
