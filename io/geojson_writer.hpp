#pragma once
// GeoJSON export (RFC 7946) for QGIS, kepler.gl, geojson.io: one Point feature per event whose
// place has coordinates, with the event-table columns as properties. See docs/formats.md,
// "GeoJSON".

#include <ostream>
#include <vector>

#include "io/event_table.hpp"

namespace eg {

/// Writes a FeatureCollection with a Point [lon, lat] feature (id = event id) for every record
/// that has lat and lon, in record order; properties are fields(record) with numbers,
/// booleans and null typed. No located event gives a valid empty collection. Throws
/// EnvironmentError when the stream fails.
void write_geojson(const std::vector<EventRecord>& records, std::ostream& out);

}  // namespace eg
