#include "core/model.hpp"

#include <array>

namespace eg {
namespace {
template <typename E, size_t N>
std::optional<E> lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}
constexpr std::array<std::string_view, 7> kEntity{"PER", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC"};
constexpr std::array<std::string_view, 4> kTimex{"DATE", "TIME", "DURATION", "SET"};
constexpr std::array<std::string_view, 7> kGran{"none", "year", "quarter", "month", "week", "day", "time"};
constexpr std::array<std::string_view, 6> kModality{"asserted", "reported", "claimed",
                                                    "denied",   "negated",  "hypothetical"};
constexpr std::array<std::string_view, 6> kActor{"person", "organization", "country",
                                                 "location", "group", "other"};
}  // namespace

std::string_view to_string(EntityType t) { return kEntity[static_cast<size_t>(t)]; }
std::string_view to_string(TimexType t) { return kTimex[static_cast<size_t>(t)]; }
std::string_view to_string(Granularity g) { return kGran[static_cast<size_t>(g)]; }
std::string_view to_string(Modality m) { return kModality[static_cast<size_t>(m)]; }
std::string_view to_string(ActorType t) { return kActor[static_cast<size_t>(t)]; }
std::optional<EntityType> entity_type_from(std::string_view s) { return lookup<EntityType>(kEntity, s); }
std::optional<TimexType> timex_type_from(std::string_view s) { return lookup<TimexType>(kTimex, s); }
std::optional<Granularity> granularity_from(std::string_view s) { return lookup<Granularity>(kGran, s); }
std::optional<Modality> modality_from(std::string_view s) { return lookup<Modality>(kModality, s); }
std::optional<ActorType> actor_type_from(std::string_view s) { return lookup<ActorType>(kActor, s); }
}  // namespace eg
