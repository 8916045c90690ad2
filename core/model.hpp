#pragma once
// The records that flow through the pipeline: io readers produce Documents, the core analysis
// stages fill Annotations, the graph builder consumes both. Plain structs; every mention points
// at a byte span of Document::text (UTF-8, end exclusive); ids are strings derived from content,
// never pointers or vertex descriptors.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eg {

/// Half-open byte range [start, end) into a document's text.
struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  [[nodiscard]] uint32_t size() const { return end - start; }
  [[nodiscard]] bool empty() const { return end <= start; }
  [[nodiscard]] bool contains(Span o) const { return start <= o.start && o.end <= end; }
  [[nodiscard]] bool overlaps(Span o) const { return start < o.end && o.start < end; }
  [[nodiscard]] std::string_view of(std::string_view text) const {
    return text.substr(start, end - start);
  }
  friend bool operator==(Span, Span) = default;
  friend auto operator<=>(Span, Span) = default;
};

/// One article. `date` is the publication date as ISO `YYYY-MM-DD`, or empty when unknown
/// (readers never invent one). `origin` names where it came from (file path, "file:line", "-").
struct Document {
  std::string id;
  std::string url;
  std::string title;
  std::string date;
  std::string text;
  std::string origin;
};

/// Coarse token classes computed once by the tokenizer; later stages use them instead of
/// re-inspecting bytes.
enum class TokenShape : uint8_t {
  Word,         ///< letters (any script), possibly with inner apostrophes/hyphens/periods
  Number,       ///< starts with a digit: 1,000  3.5  2021-06-28  16km  F-16 is a Word
  Punct,        ///< punctuation or symbol
  Quote,        ///< quotation marks of any kind
};

struct Token {
  Span span;
  TokenShape shape = TokenShape::Word;
  bool space_before = false;     ///< whitespace precedes the token
  bool newline_before = false;   ///< a line break precedes the token
  bool paragraph_before = false; ///< a blank line (paragraph break) precedes the token
};

/// A sentence: its byte span and its tokens [first_token, end_token).
struct Sentence {
  Span span;
  uint32_t first_token = 0;
  uint32_t end_token = 0;
  uint32_t paragraph = 0;  ///< 0-based paragraph index
};

enum class EntityType : uint8_t { PER, ORG, GPE, LOC, FAC, NORP, MISC };

/// A named (or nominal/pronominal, once resolved) mention of an entity.
struct EntityMention {
  Span span;
  EntityType type = EntityType::MISC;
  int32_t sentence = -1;
  std::string actor;  ///< canonical actor id ("" when not resolved to an actor)
};

enum class TimexType : uint8_t { DATE, TIME, DURATION, SET };

/// A TimeML TIMEX3. `value` is the normalised TimeML value ("2021-06-28", "P1M", "PAST_REF"),
/// empty when the expression is recognised but cannot be resolved without world knowledge.
struct Timex {
  Span span;
  TimexType type = TimexType::DATE;
  std::string value;
  std::string mod;  ///< START, MID, END, APPROX, BEFORE, AFTER, ... or empty
  int32_t sentence = -1;
  /// The interval the expression delimits in its context, as TimeML date values, or empty: a
  /// range ("March 15-20", "between July and September": both ends get it), "since March
  /// 2024" (to the DCT), an anchored duration ("the past three months": DCT minus P3M to DCT).
  std::string begin, end;
};

enum class Granularity : uint8_t { None, Year, Quarter, Month, Week, Day, Time };

/// When an event happened. `value` is a TimeML date value ("2021-06-27", "2021-06"); `end`
/// is set for intervals. `on_or_before` marks a date known only as "on or before `value`"
/// (the fallback to the publication date, recorded as such).
struct EventDate {
  std::string value;
  std::string end;
  Granularity granularity = Granularity::None;
  bool on_or_before = false;
  int32_t timex = -1;  ///< index into Annotations::timexes that gave the date, or -1
};

enum class Modality : uint8_t { Asserted, Reported, Claimed, Denied, Negated, Hypothetical };

/// An argument of an event: a role and the text span filling it, resolved to an actor when it
/// is one. Roles: source, target, location, instrument, quote, casualties, time, topic.
struct EventArg {
  std::string role;
  Span span;
  std::string actor;  ///< canonical actor id or ""
  std::string value;  ///< role-specific normalised value (casualty count, place id, ...)
};

/// An event mention in one document. `kind` is the project's fine name ("strike", "condemn",
/// "statement"); `plover` one of the 18 PLOVER categories or empty; `cameo` a CAMEO code.
struct Event {
  std::string id;  ///< unique within the document ("e1", ...)
  std::string kind;
  std::string plover;
  std::string cameo;
  Span trigger;
  int32_t sentence = -1;
  EventDate date;
  Modality modality = Modality::Asserted;
  std::vector<EventArg> args;
  std::vector<Span> coref;   ///< further mentions of the same event in this document
  int32_t reports = -1;      ///< index of the event this one reports/is about, or -1
  std::vector<int32_t> after;  ///< indices of events an explicit cue puts before this one
                               ///< ("vowed revenge after the strikes"; core/event_order.hpp)
};

enum class ActorType : uint8_t { Person, Organization, Country, Location, Group, Other };

/// A canonical actor: stable id derived from its canonical name ("actor:united-states").
struct Actor {
  std::string id;
  std::string name;
  ActorType type = ActorType::Other;
  std::string country;  ///< ISO 3166 alpha-3 where known ("USA", "IRQ")
  std::string cameo;    ///< CAMEO-style code ("USAGOV", "IRQMIL") where known
  std::vector<std::string> aliases;
  std::vector<std::string> roles;  ///< titles stripped from names ("President")
};

/// A relation between two actors found in a document (spokesperson_for, member_of, backed_by, ...).
struct ActorRelation {
  std::string kind;
  std::string from;  ///< actor id
  std::string to;    ///< actor id
  int32_t sentence = -1;
  Span span;
};

/// A resolved place (from the gazetteer). `id` is stable ("place:iq-qaim"); `precision` follows
/// ACLED's geo_precision: 1 = the town itself, 2 = near it / a part of a region, 3 = a region or
/// country as a whole.
struct Place {
  std::string id;
  std::string name;
  std::string feature;   ///< "country", "admin1", "city", "border", "region", ...
  std::string country;   ///< ISO 3166 alpha-2 ("IQ")
  std::string admin1;    ///< first-level region name ("Anbar") or ""
  std::string parent;    ///< id of the enclosing place ("place:iq-anbar") or ""
  double lat = 0.0;
  double lon = 0.0;
  bool has_coords = false;
  int precision = 0;
  std::vector<std::string> candidates;  ///< other ids when the name was ambiguous
};

/// A place mention resolved in the text.
struct PlaceMention {
  Span span;
  std::string place;  ///< Place::id
  int32_t sentence = -1;
};

/// Everything the analysis found in one document.
struct Annotations {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<EntityMention> entities;
  std::vector<Timex> timexes;
  std::vector<Event> events;
  std::vector<Actor> actors;  ///< actors mentioned in this document (deduplicated by id)
  std::vector<ActorRelation> relations;
  std::vector<Place> places;               ///< places resolved in this document (by id)
  std::vector<PlaceMention> place_mentions;
};

// Names of enum values as used in every file format (stable; part of the formats).
[[nodiscard]] std::string_view to_string(EntityType t);
[[nodiscard]] std::string_view to_string(TimexType t);
[[nodiscard]] std::string_view to_string(Granularity g);
[[nodiscard]] std::string_view to_string(Modality m);
[[nodiscard]] std::string_view to_string(ActorType t);
[[nodiscard]] std::optional<EntityType> entity_type_from(std::string_view s);
[[nodiscard]] std::optional<TimexType> timex_type_from(std::string_view s);
[[nodiscard]] std::optional<Granularity> granularity_from(std::string_view s);
[[nodiscard]] std::optional<Modality> modality_from(std::string_view s);
[[nodiscard]] std::optional<ActorType> actor_type_from(std::string_view s);

}  // namespace eg
