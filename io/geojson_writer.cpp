#include "io/geojson_writer.hpp"

#include <cmath>

#include "core/error.hpp"
#include "io/nodelink_writer.hpp"

namespace eg {

namespace {

constexpr size_t kFlushBytes = size_t{1} << 16;

/// Writes the FeatureCollection opening, one Point feature per located record, then the closing,
/// flushing every kFlushBytes.
class GeojsonWriter {
 public:
  explicit GeojsonWriter(std::ostream& out) : out_(out) {
    buf_.reserve(kFlushBytes + 4096);
    buf_ += "{\"type\":\"FeatureCollection\",\"features\":[";
  }

  void feature(const EventRecord& r) {
    if (!r.lat || !r.lon || !std::isfinite(*r.lat) || !std::isfinite(*r.lon)) return;
    buf_ += first_ ? "\n" : ",\n";
    first_ = false;
    buf_ += "{\"type\":\"Feature\",\"id\":";
    append_json_string(buf_, r.event_id);
    buf_ += ",\"geometry\":{\"type\":\"Point\",\"coordinates\":[";
    append_json_number(buf_, *r.lon);
    buf_.push_back(',');
    append_json_number(buf_, *r.lat);
    buf_ += "]},\"properties\":{";
    bool first_field = true;
    for (const Field& f : fields(r)) {
      if (!first_field) buf_.push_back(',');
      first_field = false;
      append_json_string(buf_, f.name);
      buf_.push_back(':');
      switch (f.type) {
        case Field::Type::String: append_json_string(buf_, f.text); break;
        case Field::Type::Number:
        case Field::Type::Boolean: buf_ += f.text; break;
        case Field::Type::Null: buf_ += "null"; break;
      }
    }
    buf_ += "}}";
    if (buf_.size() >= kFlushBytes) {
      out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
      buf_.clear();
    }
  }

  void finish() {
    buf_ += "]}\n";
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
    if (!out_) throw EnvironmentError("write_geojson: cannot write the GeoJSON output");
  }

 private:
  std::ostream& out_;
  std::string buf_;
  bool first_ = true;
};

}  // namespace

void write_geojson(const std::vector<EventRecord>& records, std::ostream& out) {
  GeojsonWriter w(out);
  for (const EventRecord& r : records) w.feature(r);
  w.finish();
}

void write_geojson(const graph::Graph& g, const GoldsteinTable& goldstein, std::ostream& out) {
  GeojsonWriter w(out);
  for_each_event_record(g, goldstein, [&](const EventRecord& r) { w.feature(r); });
  w.finish();
}

}  // namespace eg
