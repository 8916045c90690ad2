#include "io/geojson_writer.hpp"

#include <cmath>

#include "core/error.hpp"
#include "io/nodelink_writer.hpp"

namespace eg {

void write_geojson(const std::vector<EventRecord>& records, std::ostream& out) {
  std::string buf;
  buf.reserve(size_t{1} << 16);
  buf += "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  for (const EventRecord& r : records) {
    if (!r.lat || !r.lon || !std::isfinite(*r.lat) || !std::isfinite(*r.lon)) continue;
    buf += first ? "\n" : ",\n";
    first = false;
    buf += "{\"type\":\"Feature\",\"id\":";
    append_json_string(buf, r.event_id);
    buf += ",\"geometry\":{\"type\":\"Point\",\"coordinates\":[";
    append_json_number(buf, *r.lon);
    buf.push_back(',');
    append_json_number(buf, *r.lat);
    buf += "]},\"properties\":{";
    bool first_field = true;
    for (const Field& f : fields(r)) {
      if (!first_field) buf.push_back(',');
      first_field = false;
      append_json_string(buf, f.name);
      buf.push_back(':');
      switch (f.type) {
        case Field::Type::String: append_json_string(buf, f.text); break;
        case Field::Type::Number:
        case Field::Type::Boolean: buf += f.text; break;
        case Field::Type::Null: buf += "null"; break;
      }
    }
    buf += "}}";
    if (buf.size() >= (size_t{1} << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  buf += "]}\n";
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (!out) throw EnvironmentError("write_geojson: cannot write the GeoJSON output");
}

}  // namespace eg
