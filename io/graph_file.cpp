#include "io/graph_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/error.hpp"
#include "core/segmenter.hpp"

namespace eg {

namespace {

constexpr std::string_view kFormat = "eventgraph/1";

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

/// Writes a string, replacing invalid UTF-8 bytes by U+FFFD so every consumer can read the file.
void put_string(JsonWriter& w, std::string_view s) {
  if (valid_utf8(s)) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return;
  }
  std::string fixed;
  fixed.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    const Utf8Char c = decode_utf8(s, i);
    if (c.cp == 0xFFFD && c.len == 1) fixed += "\xEF\xBF\xBD";
    else fixed.append(s.substr(i, c.len));
    i += c.len;
  }
  w.String(fixed.data(), static_cast<rapidjson::SizeType>(fixed.size()));
}

void put_key(JsonWriter& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}

void put_field(JsonWriter& w, std::string_view k, const std::string& v) {
  if (v.empty()) return;
  put_key(w, k);
  put_string(w, v);
}

void put_strings(JsonWriter& w, std::string_view k, const std::vector<std::string>& v) {
  if (v.empty()) return;
  put_key(w, k);
  w.StartArray();
  for (const auto& s : v) put_string(w, s);
  w.EndArray();
}

void put_mentions(JsonWriter& w, const std::vector<graph::Mention>& ms) {
  if (ms.empty()) return;
  put_key(w, "mentions");
  w.StartArray();
  for (const auto& m : ms) {
    w.StartObject();
    put_key(w, "doc");
    put_string(w, m.doc);
    put_key(w, "sentence");
    w.Int(m.sentence);
    put_key(w, "start");
    w.Uint(m.start);
    put_key(w, "end");
    w.Uint(m.end);
    put_key(w, "text");
    put_string(w, m.text);
    w.EndObject();
  }
  w.EndArray();
}

void put_node(JsonWriter& w, const graph::Node& n) {
  w.StartObject();
  put_key(w, "id");
  put_string(w, n.id);
  put_key(w, "kind");
  put_string(w, graph::to_string(n.kind));
  put_field(w, "label", n.label);
  put_field(w, "event_kind", n.event_kind);
  put_field(w, "plover", n.plover);
  put_field(w, "cameo", n.cameo);
  put_field(w, "date", n.date);
  put_field(w, "date_end", n.date_end);
  put_field(w, "granularity", n.granularity);
  if (n.date_on_or_before) {
    put_key(w, "date_on_or_before");
    w.Bool(true);
  }
  put_field(w, "modality", n.modality);
  put_field(w, "actor_type", n.actor_type);
  put_field(w, "country", n.country);
  put_strings(w, "aliases", n.aliases);
  put_strings(w, "roles", n.roles);
  if (n.lat) {
    put_key(w, "lat");
    w.Double(*n.lat);
  }
  if (n.lon) {
    put_key(w, "lon");
    w.Double(*n.lon);
  }
  put_field(w, "feature", n.feature);
  put_field(w, "admin1", n.admin1);
  if (n.precision != 0) {
    put_key(w, "precision");
    w.Int(n.precision);
  }
  put_field(w, "url", n.url);
  put_field(w, "title", n.title);
  put_field(w, "doc_date", n.doc_date);
  put_mentions(w, n.mentions);
  w.EndObject();
}

void put_edge(JsonWriter& w, const graph::Edge& e) {
  w.StartObject();
  put_key(w, "source");
  put_string(w, e.source);
  put_key(w, "target");
  put_string(w, e.target);
  put_key(w, "kind");
  put_string(w, graph::to_string(e.kind));
  put_field(w, "value", e.value);
  put_mentions(w, e.mentions);
  w.EndObject();
}

// ---- reading ----

using Value = rapidjson::Value;

std::string_view type_name(const Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "a boolean";
  if (v.IsObject()) return "an object";
  if (v.IsArray()) return "an array";
  if (v.IsString()) return "a string";
  return "a number";
}

struct Reader {
  std::string_view name;

  [[noreturn]] void fail(std::string_view where, std::string_view what) const {
    std::string msg(name);
    msg += ": ";
    msg += where;
    if (!where.empty()) msg += ": ";
    msg += what;
    throw InputError(msg);
  }

  std::string str(const Value& obj, const char* key, std::string_view where, bool required) const {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) {
      if (required) fail(where, std::string("missing \"") + key + "\"");
      return {};
    }
    if (!it->value.IsString())
      fail(where, std::string("\"") + key + "\" must be a string, not " + std::string(type_name(it->value)));
    return {it->value.GetString(), it->value.GetStringLength()};
  }

  std::vector<std::string> strs(const Value& obj, const char* key, std::string_view where) const {
    std::vector<std::string> out;
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return out;
    if (!it->value.IsArray()) fail(where, std::string("\"") + key + "\" must be an array of strings");
    for (const auto& v : it->value.GetArray()) {
      if (!v.IsString()) fail(where, std::string("\"") + key + "\" must be an array of strings");
      out.emplace_back(v.GetString(), v.GetStringLength());
    }
    return out;
  }

  std::optional<double> number(const Value& obj, const char* key, std::string_view where) const {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return std::nullopt;
    if (!it->value.IsNumber()) fail(where, std::string("\"") + key + "\" must be a number");
    return it->value.GetDouble();
  }

  std::vector<graph::Mention> mentions(const Value& obj, std::string_view where) const {
    std::vector<graph::Mention> out;
    auto it = obj.FindMember("mentions");
    if (it == obj.MemberEnd()) return out;
    if (!it->value.IsArray()) fail(where, "\"mentions\" must be an array");
    for (const auto& m : it->value.GetArray()) {
      if (!m.IsObject()) fail(where, "each mention must be an object");
      graph::Mention x;
      x.doc = str(m, "doc", where, true);
      x.text = str(m, "text", where, false);
      auto s = m.FindMember("sentence");
      if (s != m.MemberEnd()) {
        if (!s->value.IsInt()) fail(where, "mention \"sentence\" must be an integer");
        x.sentence = s->value.GetInt();
      }
      auto st = m.FindMember("start");
      auto en = m.FindMember("end");
      if (st == m.MemberEnd() || en == m.MemberEnd() || !st->value.IsUint() || !en->value.IsUint())
        fail(where, "mention \"start\" and \"end\" must be non-negative integers");
      x.start = st->value.GetUint();
      x.end = en->value.GetUint();
      out.push_back(std::move(x));
    }
    return out;
  }
};

std::string where_node(size_t i, std::string_view id) {
  std::string w = "node " + std::to_string(i + 1);
  if (!id.empty()) w += " (" + std::string(id) + ")";
  return w;
}

}  // namespace

void write_graph_json(const graph::Graph& g, std::ostream& out) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  out << "{\"format\":\"" << kFormat << "\",\n\"meta\":";
  w.StartObject();
  for (const auto& [k, v] : g.meta) {
    put_key(w, k);
    put_string(w, v);
  }
  w.EndObject();
  out << buf.GetString() << ",\n\"nodes\":[";
  // Records in nodes()/edges() order, each decoded into a scratch object when the graph is lazy:
  // a big lazily loaded graph is written without keeping its records.
  bool first = true;
  graph::Node node_scratch;
  for (const size_t pos : g.node_order()) {
    buf.Clear();
    w.Reset(buf);
    put_node(w, g.node_view(pos, node_scratch));
    out << (first ? "\n" : ",\n") << buf.GetString();
    first = false;
  }
  out << "\n],\n\"edges\":[";
  first = true;
  graph::Edge edge_scratch;
  for (const size_t pos : g.edge_order()) {
    buf.Clear();
    w.Reset(buf);
    put_edge(w, g.edge_view(pos, edge_scratch));
    out << (first ? "\n" : ",\n") << buf.GetString();
    first = false;
  }
  out << "\n]}\n";
  if (!out) throw EnvironmentError("cannot write the graph file: output stream failed");
}

std::string graph_to_json(const graph::Graph& g) {
  std::ostringstream s;
  write_graph_json(g, s);
  return std::move(s).str();
}

graph::Graph read_graph_json(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot read: " + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(path.string() + ": cannot read: " + std::strerror(errno));
  return graph_from_json(text, path.string());
}

graph::Graph graph_from_json(std::string_view json, std::string_view name_for_errors) {
  const Reader r{name_for_errors};
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseFullPrecisionFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    const size_t off = std::min(doc.GetErrorOffset(), json.size());
    const auto line = 1 + std::count(json.begin(), json.begin() + static_cast<std::ptrdiff_t>(off), '\n');
    throw InputError(std::string(name_for_errors) + ":" + std::to_string(line) + ": invalid JSON at byte " +
                     std::to_string(off) + ": " + rapidjson::GetParseError_En(doc.GetParseError()));
  }
  std::string format = "missing";
  if (doc.IsObject()) {
    auto f = doc.FindMember("format");
    if (f != doc.MemberEnd())
      format = f->value.IsString() ? std::string(f->value.GetString(), f->value.GetStringLength())
                                   : std::string(type_name(f->value));
  } else {
    format = "not an object";
  }
  if (format != kFormat)
    throw InputError(std::string(name_for_errors) + ": not an eventgraph/1 graph file (format=" + format + ")");

  graph::Graph g;
  if (auto m = doc.FindMember("meta"); m != doc.MemberEnd()) {
    if (!m->value.IsObject()) r.fail("", "\"meta\" must be an object");
    for (const auto& kv : m->value.GetObject()) {
      if (!kv.value.IsString()) r.fail("meta", "values must be strings");
      g.meta[std::string(kv.name.GetString(), kv.name.GetStringLength())] =
          std::string(kv.value.GetString(), kv.value.GetStringLength());
    }
  }

  auto nodes = doc.FindMember("nodes");
  if (nodes == doc.MemberEnd() || !nodes->value.IsArray()) r.fail("", "\"nodes\" must be an array");
  auto edges = doc.FindMember("edges");
  if (edges == doc.MemberEnd() || !edges->value.IsArray()) r.fail("", "\"edges\" must be an array");
  g.reserve(nodes->value.Size(), edges->value.Size());
  size_t i = 0;
  for (const auto& v : nodes->value.GetArray()) {
    if (!v.IsObject()) r.fail(where_node(i, ""), "must be an object");
    graph::Node n;
    n.id = r.str(v, "id", where_node(i, ""), true);
    const std::string where = where_node(i, n.id);
    if (n.id.empty()) r.fail(where, "empty \"id\"");
    const std::string kind = r.str(v, "kind", where, true);
    const auto k = graph::node_kind_from(kind);
    if (!k) r.fail(where, "unknown kind \"" + kind + "\"");
    n.kind = *k;
    n.label = r.str(v, "label", where, false);
    n.event_kind = r.str(v, "event_kind", where, false);
    n.plover = r.str(v, "plover", where, false);
    n.cameo = r.str(v, "cameo", where, false);
    n.date = r.str(v, "date", where, false);
    n.date_end = r.str(v, "date_end", where, false);
    n.granularity = r.str(v, "granularity", where, false);
    if (auto b = v.FindMember("date_on_or_before"); b != v.MemberEnd()) {
      if (!b->value.IsBool()) r.fail(where, "\"date_on_or_before\" must be a boolean");
      n.date_on_or_before = b->value.GetBool();
    }
    n.modality = r.str(v, "modality", where, false);
    n.actor_type = r.str(v, "actor_type", where, false);
    n.country = r.str(v, "country", where, false);
    n.aliases = r.strs(v, "aliases", where);
    n.roles = r.strs(v, "roles", where);
    n.lat = r.number(v, "lat", where);
    n.lon = r.number(v, "lon", where);
    n.feature = r.str(v, "feature", where, false);
    n.admin1 = r.str(v, "admin1", where, false);
    if (auto pr = v.FindMember("precision"); pr != v.MemberEnd()) {
      if (!pr->value.IsInt()) r.fail(where, "\"precision\" must be an integer");
      n.precision = pr->value.GetInt();
    }
    n.url = r.str(v, "url", where, false);
    n.title = r.str(v, "title", where, false);
    n.doc_date = r.str(v, "doc_date", where, false);
    n.mentions = r.mentions(v, where);
    if (!g.insert_node(std::move(n))) r.fail(where, "duplicate node id");
    ++i;
  }

  // Files we write list edges in strictly increasing (source, target, kind) order: while that
  // holds an edge cannot repeat an earlier one, so it is appended without the duplicate lookup.
  bool in_order = true;
  std::string prev_source, prev_target;
  graph::EdgeKind prev_kind = graph::EdgeKind::Source;
  i = 0;
  for (const auto& v : edges->value.GetArray()) {
    const std::string where = "edge " + std::to_string(i + 1);
    if (!v.IsObject()) r.fail(where, "must be an object");
    graph::Edge e;
    e.source = r.str(v, "source", where, true);
    e.target = r.str(v, "target", where, true);
    const std::string kind = r.str(v, "kind", where, true);
    const auto k = graph::edge_kind_from(kind);
    if (!k) r.fail(where, "unknown kind \"" + kind + "\"");
    e.kind = *k;
    e.value = r.str(v, "value", where, false);
    e.mentions = r.mentions(v, where);
    const auto source_pos = g.position(e.source);
    const auto target_pos = g.position(e.target);
    if (!source_pos) r.fail(where, "unknown source node \"" + e.source + "\"");
    if (!target_pos) r.fail(where, "unknown target node \"" + e.target + "\"");
    if (in_order && i > 0) {
      const int c = e.source != prev_source ? e.source.compare(prev_source) : e.target.compare(prev_target);
      in_order = c > 0 || (c == 0 && e.kind > prev_kind);
    }
    if (in_order) {
      prev_source.assign(e.source);
      prev_target.assign(e.target);
      prev_kind = e.kind;
      g.insert_new_edge(std::move(e), *source_pos, *target_pos);  // positions: no second lookup
    } else if (!g.upsert_edge(e)) {
      r.fail(where, "duplicate edge " + e.source + " -" + kind + "-> " + e.target);
    }
    ++i;
  }
  return g;
}

}  // namespace eg
