#pragma once
// The node attributes that every attribute-carrying graph export (GraphML, GEXF, node-link JSON)
// writes, in one place: their names and types in declaration order, and one walk over a node's
// values. Each writer supplies a small visitor that turns a value into its own syntax; the
// label and the writer's own extras (evidence, colours) stay in the writer.

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.hpp"
#include "io/dot_writer.hpp"

namespace eg {

enum class FieldType : uint8_t { String, Boolean, Double, Integer };

struct NodeField {
  std::string_view name;
  FieldType type;
};

/// Declared in this order; documented in docs/formats.md.
inline constexpr std::array<NodeField, 23> kNodeFields = {{
    {"kind", FieldType::String},        {"event_kind", FieldType::String},
    {"plover", FieldType::String},      {"quad_class", FieldType::String},
    {"cameo", FieldType::String},       {"date", FieldType::String},
    {"date_end", FieldType::String},    {"granularity", FieldType::String},
    {"date_on_or_before", FieldType::Boolean}, {"modality", FieldType::String},
    {"actor_type", FieldType::String},  {"country", FieldType::String},
    {"aliases", FieldType::String},     {"roles", FieldType::String},
    {"lat", FieldType::Double},         {"lon", FieldType::Double},
    {"feature", FieldType::String},     {"admin1", FieldType::String},
    {"precision", FieldType::Integer},  {"url", FieldType::String},
    {"title", FieldType::String},       {"doc_date", FieldType::String},
    {"mentions", FieldType::Integer},
}};

/// Calls, in kNodeFields order, v.str(name, text) for string fields (empty ones included: the
/// writer decides whether to omit them), v.flag(name) for a true boolean, v.list(name, items)
/// for list fields, v.real(name, x) for finite coordinates and v.integer(name, n) for counts;
/// absent values (no coordinates, precision 0, a false flag) are skipped.
template <class V>
void visit_node_fields(const graph::Node& n, V& v) {
  v.str("kind", graph::to_string(n.kind));
  v.str("event_kind", n.event_kind);
  v.str("plover", n.plover);
  if (n.kind == graph::NodeKind::Event) v.str("quad_class", to_string(quad_class(n.plover)));
  v.str("cameo", n.cameo);
  v.str("date", n.date);
  v.str("date_end", n.date_end);
  v.str("granularity", n.granularity);
  if (n.date_on_or_before) v.flag("date_on_or_before");
  v.str("modality", n.modality);
  v.str("actor_type", n.actor_type);
  v.str("country", n.country);
  v.list("aliases", n.aliases);
  v.list("roles", n.roles);
  if (n.lat && std::isfinite(*n.lat)) v.real("lat", *n.lat);
  if (n.lon && std::isfinite(*n.lon)) v.real("lon", *n.lon);
  v.str("feature", n.feature);
  v.str("admin1", n.admin1);
  if (n.precision != 0) v.integer("precision", int64_t{n.precision});
  v.str("url", n.url);
  v.str("title", n.title);
  v.str("doc_date", n.doc_date);
  v.integer("mentions", static_cast<int64_t>(n.mentions.size()));
}

}  // namespace eg
