#include "io/event_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/resources.hpp"
#include "graph/builder.hpp"
#include "io/dot_writer.hpp"

namespace eg {

namespace {

using graph::Edge;
using graph::EdgeKind;
using graph::Node;

constexpr size_t kFlushBytes = size_t{1} << 16;

void join_to(std::string& out, std::string_view s) {
  if (!out.empty()) out += "; ";
  out += s;
}

std::string number(double v) {
  if (!std::isfinite(v)) return "";
  return fmt::format("{}", v);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

void put_csv(std::string& buf, std::string_view s, std::string& scratch) {
  scratch.clear();
  append_clean_utf8(scratch, s);
  if (scratch.find_first_of(",\"\r\n") == std::string::npos) {
    buf += scratch;
    return;
  }
  buf.push_back('"');
  for (char c : scratch) {
    if (c == '"') buf.push_back('"');
    buf.push_back(c);
  }
  buf.push_back('"');
}

void put_tsv(std::string& buf, std::string_view s, std::string& scratch) {
  scratch.clear();
  append_clean_utf8(scratch, s);
  for (char c : scratch) {
    switch (c) {
      case '\\': buf += "\\\\"; break;
      case '\t': buf += "\\t"; break;
      case '\n': buf += "\\n"; break;
      case '\r': buf += "\\r"; break;
      default: buf.push_back(c);
    }
  }
}

}  // namespace

void append_csv_field(std::string& out, std::string_view s) {
  std::string scratch;
  put_csv(out, s, scratch);
}

std::optional<double> GoldsteinTable::score(std::string_view cameo) const {
  if (cameo.size() < 2 || cameo.size() > 4) return std::nullopt;
  for (char c : cameo)
    if (c < '0' || c > '9') return std::nullopt;
  for (size_t n = cameo.size(); n >= 2; --n)
    if (auto it = by_code.find(cameo.substr(0, n)); it != by_code.end()) return it->second;
  return std::nullopt;
}

GoldsteinTable load_goldstein(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  GoldsteinTable t;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    const std::string_view line = trim(std::string_view(text).substr(pos, eol - pos));
    pos = eol + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const size_t tab1 = line.find('\t');
    const size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    auto bad = [&](std::string_view why) {
      return InputError(fmt::format("{}:{}: {}", file.string(), line_no, why));
    };
    if (tab1 == std::string_view::npos) throw bad("want CODE<TAB>SCORE[<TAB>NAME]");
    const std::string_view code = line.substr(0, tab1);
    const std::string_view score_s =
        line.substr(tab1 + 1, tab2 == std::string_view::npos ? std::string_view::npos : tab2 - tab1 - 1);
    const bool digits = std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
    const int root = digits && code.size() >= 2 ? (code[0] - '0') * 10 + (code[1] - '0') : 0;
    if (!digits || code.size() < 2 || code.size() > 4 || root < 1 || root > 20)
      throw bad(fmt::format("bad CAMEO code '{}' (want 2 to 4 digits starting with a root 01..20)", code));
    double score = 0;
    auto [sp, sec] = std::from_chars(score_s.data(), score_s.data() + score_s.size(), score);
    if (sec != std::errc() || sp != score_s.data() + score_s.size() || score < -10 || score > 10)
      throw bad(fmt::format("bad Goldstein score '{}' (want a number in [-10, 10])", score_s));
    t.by_code.insert_or_assign(std::string(code), score);
  }
  for (int r = 1; r <= 20; ++r)
    if (!t.by_code.contains(fmt::format("{:02}", r)))
      throw InputError(fmt::format("{}: no score for the CAMEO root {:02}", file.string(), r));
  return t;
}

namespace {

/// Builds event records one at a time; scratch objects are reused across events.
class RecordBuilder {
 public:
  RecordBuilder(const graph::Graph& g, const GoldsteinTable& goldstein) : g_(g), goldstein_(goldstein) {}

  /// The record of the event at node position `pos`.
  void build(size_t pos, EventRecord& r) {
    const Node& ev = g_.node_view(pos, event_);
    r = EventRecord{};
    r.event_id = ev.id;
    r.date = ev.date;
    r.date_end = ev.date_end;
    r.precision = ev.granularity;
    r.date_on_or_before = ev.date_on_or_before;
    r.kind = ev.event_kind;
    r.plover = ev.plover;
    r.quad_class = std::string(to_string(quad_class(ev.plover)));
    r.cameo = ev.cameo;
    r.goldstein = goldstein_.score(ev.cameo);
    r.mentions = ev.mentions.size();
    r.modality = ev.modality;
    // Out edges are read by position (Graph::links) and decoded only for their value, into a
    // scratch edge. Actors and places (few) are read with node_at.
    const Node* place = nullptr;
    g_.links(pos, links_);
    for (const graph::Graph::Adjacent& l : links_) {
      if (!l.forward) break;  // out edges first, sorted like out_edges()
      switch (l.kind) {
        case EdgeKind::Source:
        case EdgeKind::Target: {
          const Node* n = &g_.node_at(l.other);
          const bool src = l.kind == EdgeKind::Source;
          join_to(src ? r.source : r.target, n->label.empty() ? n->id : n->label);
          join_to(src ? r.source_code : r.target_code, n->cameo.empty() ? n->country : n->cameo);
          break;
        }
        case EdgeKind::Location: {
          // The most specific place: located before unlocated, then the lowest precision
          // (town before region before country), then the first by id.
          auto rank = [](const Node* p) {
            return std::make_pair(p->lat && p->lon ? 0 : 1, p->precision > 0 ? p->precision : 9);
          };
          const Node* n = &g_.node_at(l.other);
          if (place == nullptr || rank(n) < rank(place)) place = n;
          break;
        }
        default: break;
      }
      if (r.quote.empty() && l.kind != EdgeKind::OnDate) {
        if (const Edge& e = g_.edge_view(l.edge, edge_); !e.value.empty()) r.quote = e.value;
      }
    }
    // Codes joined only when some actor has one: "; ; " would be noise.
    if (r.source_code.find_first_not_of("; ") == std::string::npos) r.source_code.clear();
    if (r.target_code.find_first_not_of("; ") == std::string::npos) r.target_code.clear();
    if (place != nullptr) {
      r.place = place->label.empty() ? place->id : place->label;
      r.country = place->country;
      r.geo_precision = place->precision;
      if (place->lat && place->lon) {
        r.lat = place->lat;
        r.lon = place->lon;
      }
    }
    if (!ev.mentions.empty()) {
      const std::string& doc = ev.mentions.front().doc;
      if (!have_doc_ || doc != doc_) {  // documents decoded into a scratch node, the last one remembered
        doc_ = doc;
        have_doc_ = true;
        key_.assign("doc:").append(doc);
        const auto d = g_.position(key_);
        const Node* dn = d ? &g_.node_view(*d, doc_node_) : nullptr;
        url_ = dn != nullptr && !dn->url.empty() ? dn->url : doc;
      }
      r.url = url_;
    }
  }

 private:
  const graph::Graph& g_;
  const GoldsteinTable& goldstein_;
  std::vector<graph::Graph::Adjacent> links_;
  Node event_, doc_node_;
  Edge edge_;
  std::string key_, doc_, url_;
  bool have_doc_ = false;
};

}  // namespace

std::vector<EventRecord> event_records(const graph::Graph& g, const GoldsteinTable& goldstein) {
  std::vector<EventRecord> out;
  for_each_event_record(g, goldstein, [&](const EventRecord& r) { out.push_back(r); });
  return out;
}

void for_each_event_record(const graph::Graph& g, const GoldsteinTable& goldstein,
                           const std::function<void(const EventRecord&)>& visit) {
  const std::vector<size_t> order = graph::timeline_positions(g);
  RecordBuilder builder(g, goldstein);
  EventRecord r;
  for (const size_t pos : order) {
    builder.build(pos, r);
    visit(r);
  }
}

std::vector<Field> fields(const EventRecord& r) {
  using T = Field::Type;
  auto opt = [](std::optional<double> v) {
    return v && std::isfinite(*v) ? std::make_pair(T::Number, number(*v)) : std::make_pair(T::Null, std::string());
  };
  auto [gt, gs] = opt(r.goldstein);
  auto [lat_t, lat_s] = opt(r.lat);
  auto [lon_t, lon_s] = opt(r.lon);
  return {
      {"date", T::String, r.date},
      {"date_end", T::String, r.date_end},
      {"precision", T::String, r.precision},
      {"date_on_or_before", T::Boolean, r.date_on_or_before ? "true" : "false"},
      {"source", T::String, r.source},
      {"source_code", T::String, r.source_code},
      {"target", T::String, r.target},
      {"target_code", T::String, r.target_code},
      {"kind", T::String, r.kind},
      {"plover", T::String, r.plover},
      {"quad_class", T::String, r.quad_class},
      {"cameo", T::String, r.cameo},
      {"goldstein", gt, gs},
      {"place", T::String, r.place},
      {"country", T::String, r.country},
      {"geo_precision", r.geo_precision > 0 ? T::Number : T::Null,
       r.geo_precision > 0 ? std::to_string(r.geo_precision) : std::string()},
      {"lat", lat_t, lat_s},
      {"lon", lon_t, lon_s},
      {"mentions", T::Number, std::to_string(r.mentions)},
      {"url", T::String, r.url},
      {"quote", T::String, r.quote},
      {"modality", T::String, r.modality},
      {"event_id", T::String, r.event_id},
  };
}

namespace {

/// Writes the table header, then rows one by one, flushing every kFlushBytes.
class TableWriter {
 public:
  TableWriter(std::ostream& out, TableFormat format)
      : out_(out), csv_(format == TableFormat::Csv), sep_(csv_ ? ',' : '\t'), eol_(csv_ ? "\r\n" : "\n") {
    buf_.reserve(kFlushBytes + 4096);
    const auto header = fields(EventRecord{});
    for (size_t i = 0; i < header.size(); ++i) {
      if (i) buf_.push_back(sep_);
      put(header[i].name);
    }
    buf_ += eol_;
  }

  void row(const EventRecord& r) {
    const auto row = fields(r);
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) buf_.push_back(sep_);
      put(row[i].text);
    }
    buf_ += eol_;
    if (buf_.size() >= kFlushBytes) {
      out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
      buf_.clear();
    }
  }

  void finish() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
    if (!out_) throw EnvironmentError("write_event_table: cannot write the table");
  }

 private:
  void put(std::string_view s) { csv_ ? put_csv(buf_, s, scratch_) : put_tsv(buf_, s, scratch_); }

  std::ostream& out_;
  bool csv_;
  char sep_;
  std::string_view eol_;
  std::string buf_, scratch_;
};

}  // namespace

void write_event_table(const std::vector<EventRecord>& records, std::ostream& out, TableFormat format) {
  TableWriter w(out, format);
  for (const EventRecord& r : records) w.row(r);
  w.finish();
}

void write_event_table(const graph::Graph& g, const GoldsteinTable& goldstein, std::ostream& out,
                       TableFormat format) {
  TableWriter w(out, format);
  for_each_event_record(g, goldstein, [&](const EventRecord& r) { w.row(r); });
  w.finish();
}

}  // namespace eg
