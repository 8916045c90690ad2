#pragma once
// The event table: one event per row, like GDELT or ACLED exports (date, actors and their
// codes, CAMEO/PLOVER, Goldstein score, place and coordinates, mentions, source URL). Written
// as CSV (RFC 4180) or TSV (backslash escapes); the same records feed the GeoJSON export.
// Columns are documented in docs/formats.md, "Event table (CSV/TSV)".

#include <array>
#include <cstdint>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <map>
#include <vector>

#include "graph/graph.hpp"

namespace eg {

/// Goldstein scores by CAMEO event code (core/data/events/goldstein.tsv): roots ("19") and
/// finer codes ("195", "1823").
struct GoldsteinTable {
  std::map<std::string, double, std::less<>> by_code;

  /// The score of a CAMEO event code ("190", "1823", "19"): the value of the code itself, else of
  /// its longest listed prefix of at least two digits; nullopt for "", non-digits or an unknown
  /// root.
  [[nodiscard]] std::optional<double> score(std::string_view cameo) const;
};

/// Loads the Goldstein table (format in the file's header). Throws EnvironmentError when the
/// file cannot be read, InputError naming file and line for a malformed line.
[[nodiscard]] GoldsteinTable load_goldstein(const std::filesystem::path& file);

/// One event row. Multi-valued fields (several sources, targets) are joined with "; ".
struct EventRecord {
  std::string event_id;
  std::string date;         ///< TimeML value or ""
  std::string date_end;
  std::string precision;    ///< granularity: "day", "month", …
  bool date_on_or_before = false;
  std::string source;       ///< source actor labels
  std::string source_code;  ///< each source's CAMEO actor code, else its country (ISO alpha-3)
  std::string target;
  std::string target_code;
  std::string kind;
  std::string plover;
  std::string quad_class;   ///< see eg::quad_class
  std::string cameo;
  std::optional<double> goldstein;
  std::string place;        ///< label of the most specific place (located ones preferred)
  std::string country;      ///< that place's country (ISO 3166 alpha-2 for places) or ""
  int geo_precision = 0;    ///< that place's precision (1 town … 4 country, ACLED-style), 0 = none
  std::optional<double> lat;
  std::optional<double> lon;
  size_t mentions = 0;
  std::string url;          ///< URL of the first mention's document, else its id
  std::string quote;        ///< value of the first non-date out-edge carrying one, or ""
  std::string modality;
};

/// Every event of `g` as a record, in timeline order (graph::timeline_order).
[[nodiscard]] std::vector<EventRecord> event_records(const graph::Graph& g,
                                                     const GoldsteinTable& goldstein);

/// Calls `visit` with each record event_records(g, goldstein) would return, in the same order,
/// built one at a time (graph::timeline_positions; events, edges and documents decoded into
/// scratch objects): a lazily loaded graph keeps no event, so memory stays flat on big graphs.
/// The record passed is valid only during the call.
void for_each_event_record(const graph::Graph& g, const GoldsteinTable& goldstein,
                           const std::function<void(const EventRecord&)>& visit);

/// A column value: text, or a JSON-typed value for GeoJSON (numbers/booleans/null).
struct Field {
  enum class Type : uint8_t { String, Number, Boolean, Null };
  std::string_view name;
  Type type = Type::String;
  std::string text;  ///< the value as written in the table ("" for Null)
};

/// The record's columns, in table order (names as in the header row).
[[nodiscard]] std::vector<Field> fields(const EventRecord& r);

enum class TableFormat : uint8_t { Csv, Tsv };

/// Writes a header row and one row per record. CSV: RFC 4180 (CRLF line ends, fields with
/// `,` `"` CR or LF quoted, `"` doubled). TSV: LF line ends, no quoting; `\` tab LF CR written
/// as `\\` `\t` `\n` `\r` (read with csv.reader(..., delimiter="\t", quoting=csv.QUOTE_NONE)).
/// Text is cleaned like the other exporters (valid UTF-8, no C0 controls but tab/LF/CR).
/// Throws EnvironmentError when the stream fails.
void write_event_table(const std::vector<EventRecord>& records, std::ostream& out, TableFormat format);

/// The same bytes as write_event_table(event_records(g, goldstein), out, format), streamed record
/// by record (for_each_event_record). Throws EnvironmentError when the stream fails.
void write_event_table(const graph::Graph& g, const GoldsteinTable& goldstein, std::ostream& out,
                       TableFormat format);

/// The same bytes as write_geojson(event_records(g, goldstein), out) (io/geojson_writer.hpp),
/// streamed record by record (for_each_event_record); defined in io/geojson_writer.cpp. Throws
/// EnvironmentError when the stream fails.
void write_geojson(const graph::Graph& g, const GoldsteinTable& goldstein, std::ostream& out);

/// Appends `s` as one RFC 4180 CSV field: cleaned like append_clean_utf8, quoted (with `"`
/// doubled) when it holds `,` `"` CR or LF.
void append_csv_field(std::string& out, std::string_view s);

}  // namespace eg
