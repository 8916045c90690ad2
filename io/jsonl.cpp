#include "io/jsonl.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "io/readers.hpp"

namespace eg {
namespace {

// RapidJSON's Writer with one fast string path: the strings of a record (above all the text
// and the span texts, most of the output) are escaped 8 bytes at a time and their UTF-8 checked
// in the same pass, straight into the output buffer. The bytes are those of Writer::String on
// the string with each invalid UTF-8 byte replaced by U+FFFD.
class Writer : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Base = rapidjson::Writer<rapidjson::StringBuffer>;
  explicit Writer(rapidjson::StringBuffer& out) : Base(out) {}

  // A JSON string for `s` (any bytes).
  void Utf8String(std::string_view s) {
    const size_t n = s.size();
    // Worst case per input byte: a 6-byte \u00XX escape; U+FFFD takes 3.
    const size_t room = 2 + 6 * n;
    char* const begin = Open(room);
    char* o = begin;
    *o++ = '"';
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t i = 0;
    while (i < n) {
      // Blocks are stored whole, then the output advances over their clean prefix only (the
      // room taken covers it: at most 6 bytes out per byte in, and a block starts >= 16 bytes
      // before the end of the input).
      bool flagged = false;  // p[i] is known to need care
#if defined(__SSE2__)
      if (i + 16 <= n) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const __m128i care = _mm_or_si128(
            _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),  // signed: control bytes and bytes >= 0x80
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(care));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(o), v);
        if (mask == 0) {
          o += 16;
          i += 16;
          continue;
        }
        const auto clean = static_cast<size_t>(std::countr_zero(mask));
        o += clean;
        i += clean;
        flagged = true;
      }
#endif
      if (!flagged && i + 8 <= n) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        const uint64_t care = care_bits(w);
        std::memcpy(o, p + i, 8);
        if (care == 0) {
          o += 8;
          i += 8;
          continue;
        }
        if constexpr (std::endian::native == std::endian::little) {
          const auto clean = static_cast<size_t>(std::countr_zero(care) / 8);
          o += clean;
          i += clean;
        }
      }
      const unsigned char c = p[i];
      if (c < 0x80) {
        const char e = kEscape[c];
        if (e == 0) {
          *o++ = static_cast<char>(c);
        } else {
          *o++ = '\\';
          *o++ = e;
          if (e == 'u') {
            *o++ = '0';
            *o++ = '0';
            *o++ = kHex[c >> 4];
            *o++ = kHex[c & 0xF];
          }
        }
        ++i;
        continue;
      }
      const size_t len = utf8_sequence_length(p, i, n);
      if (len == 0) {
        std::memcpy(o, "\xEF\xBF\xBD", 3);
        o += 3;
        ++i;
      } else {
        std::memcpy(o, p + i, len);
        o += len;
        i += len;
      }
    }
    *o++ = '"';
    Close(begin + room, o);
  }

  // A key or value known to need no escaping (ASCII letters, digits, '_', '.', ':', '-').
  void PlainString(std::string_view s) {
    char* o = Open(s.size() + 2);
    *o++ = '"';
    std::memcpy(o, s.data(), s.size());
    o[s.size()] = '"';
    Close(o + s.size() + 1, o + s.size() + 1);
  }

  // Same bytes as Uint(v).
  void FastUint(unsigned v) {
    char* const begin = Open(10);
    Close(begin + 10, rapidjson::internal::u32toa(v, begin));
  }

 private:
  // Writer::Prefix inline (the separator before a value), then room for `size` more bytes.
  char* Open(size_t size) {
    if (RAPIDJSON_LIKELY(level_stack_.GetSize() != 0)) {
      Level* level = level_stack_.template Top<Level>();
      char* o = os_->Push(size + 1);
      if (level->valueCount > 0)
        *o++ = level->inArray ? ',' : (level->valueCount % 2 == 0 ? ',' : ':');
      else
        os_->Pop(1);
      ++level->valueCount;
      return o;
    }
    hasRoot_ = true;
    return os_->Push(size);
  }

  // Gives back the unused end of the room taken by Open.
  void Close(char* reserved_end, char* used_end) {
    os_->Pop(static_cast<size_t>(reserved_end - used_end));
    EndValue(true);
  }

  static constexpr uint64_t kOnes = 0x0101010101010101ull;
  static constexpr uint64_t kHigh = 0x8080808080808080ull;
  static constexpr char kHex[] = "0123456789ABCDEF";
  // Writer::String's escape table: control bytes, '"' and '\\'.
  static constexpr char kEscape[128] = {
      'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
      'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
      0,   0,   '"', 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   '\\', 0, 0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0};

  // Nonzero when one of the 8 bytes is non-ASCII, a control byte, '"' or '\\'; its lowest set
  // bit is in the first such byte (the borrows only spread upwards from a flagged byte).
  static uint64_t care_bits(uint64_t w) {
    auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
    const uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
    return (w & kHigh) | below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'));
  }
};

class JsonlWriter {
 public:
  JsonlWriter(Writer& w, const Document& doc, const Annotations& ann)
      : w_(w), text_(doc.text), ann_(ann) {
    actors_.reserve(ann.actors.size());
    for (const auto& a : ann.actors) actors_.push_back(&a);
    std::sort(actors_.begin(), actors_.end(),
              [](const Actor* a, const Actor* b) { return a->id < b->id; });
  }

  void write(const Document& doc) {
    w_.StartObject();
    key("id");
    str(doc.id);
    key("date");
    str_or_null(doc.date);
    key("text");
    str(doc.text);
    sentences();
    entities();
    timexes();
    events();
    actors();
    relations();
    w_.EndObject();
  }

 private:
  void key(std::string_view k) { w_.PlainString(k); }

  // Strings go out as given when valid UTF-8 (the common case); otherwise invalid bytes become
  // U+FFFD so the line stays valid JSON for strict consumers.
  void str(std::string_view s) { w_.Utf8String(s); }

  void str_or_null(std::string_view s) {
    if (s.empty())
      w_.Null();
    else
      str(s);
  }

  void uint(uint32_t v) { w_.FastUint(v); }

  // start, end and text of a span, clamped to the document.
  void span(Span s) {
    auto n = static_cast<uint32_t>(std::min<size_t>(text_.size(), UINT32_MAX));
    uint32_t b = std::min(s.start, n);
    uint32_t e = std::min(std::max(s.end, b), n);
    key("start");
    uint(b);
    key("end");
    uint(e);
    key("text");
    str(text_.substr(b, e - b));
  }

  const Actor* actor(std::string_view id) const {
    if (id.empty()) return nullptr;
    auto it = std::lower_bound(actors_.begin(), actors_.end(), id,
                               [](const Actor* a, std::string_view k) { return a->id < k; });
    return it != actors_.end() && (*it)->id == id ? *it : nullptr;
  }

  void actor_ref(std::string_view id) {
    key("actor");
    str_or_null(id);
    key("canonical");
    const Actor* a = actor(id);
    if (a != nullptr)
      str_or_null(a->name);
    else
      w_.Null();
  }

  // "<prefix><i + 1>" ("m1", "t3").
  void indexed_id(char prefix, size_t i) {
    char buf[24];
    char* e = buf + sizeof buf;
    char* b = e;
    for (size_t v = i + 1; v != 0; v /= 10) *--b = static_cast<char>('0' + v % 10);
    *--b = prefix;
    w_.PlainString(std::string_view(b, static_cast<size_t>(e - b)));
  }

  void sentences() {
    key("sentences");
    w_.StartArray();
    for (const auto& s : ann_.sentences) {
      w_.StartObject();
      key("start");
      uint(s.span.start);
      key("end");
      uint(s.span.end);
      w_.EndObject();
    }
    w_.EndArray();
  }

  void entities() {
    key("entities");
    w_.StartArray();
    for (size_t i = 0; i < ann_.entities.size(); ++i) {
      const auto& m = ann_.entities[i];
      w_.StartObject();
      key("id");
      indexed_id('m', i);
      span(m.span);
      key("type");
      str(to_string(m.type));
      actor_ref(m.actor);
      w_.EndObject();
    }
    w_.EndArray();
  }

  void timexes() {
    key("timexes");
    w_.StartArray();
    for (size_t i = 0; i < ann_.timexes.size(); ++i) {
      const auto& t = ann_.timexes[i];
      w_.StartObject();
      key("id");
      indexed_id('t', i);
      span(t.span);
      key("type");
      str(to_string(t.type));
      key("value");
      str_or_null(t.value);
      if (!t.mod.empty()) {
        key("mod");
        str(t.mod);
      }
      if (!t.begin.empty()) {  // the interval it delimits ("March 15-20", "since May")
        key("interval");
        w_.StartObject();
        key("begin");
        str(t.begin);
        key("end");
        str(t.end);
        w_.EndObject();
      }
      w_.EndObject();
    }
    w_.EndArray();
  }

  void event_id(size_t i) {
    const auto& id = ann_.events[i].id;
    if (id.empty())
      indexed_id('e', i);
    else
      str(id);
  }

  // Index of the sentence holding byte `pos`, or -1.
  [[nodiscard]] int32_t sentence_at(uint32_t pos) const {
    const auto& ss = ann_.sentences;
    auto it = std::upper_bound(ss.begin(), ss.end(), pos,
                               [](uint32_t p, const Sentence& s) { return p < s.span.start; });
    if (it == ss.begin()) return -1;
    --it;
    return pos < it->span.end ? static_cast<int32_t>(it - ss.begin()) : -1;
  }

  // One event object: its trigger is `trigger` and only the args inside `within` (the sentence
  // of that trigger; for a main event every arg when `within` is empty) are written, so each
  // object carries the participants of its own mention. For a coreferent mention (`main` >= 0)
  // "coref_of" names the main event.
  void event(const Event& e, size_t i, Span trigger, int32_t main, size_t nth, Span within) {
    w_.StartObject();
    key("id");
    if (main < 0) {
      event_id(i);
    } else {
      if (ann_.events[i].id.empty()) {
        scratch_id_.clear();
        scratch_id_.push_back('e');
        scratch_id_.append(std::to_string(i + 1));
      } else {
        scratch_id_ = ann_.events[i].id;
      }
      scratch_id_ += ".m";
      char buf[24];
      char* last = buf + sizeof buf;
      char* first = last;
      for (size_t v = nth; v != 0 || first == last; v /= 10)
        *--first = static_cast<char>('0' + v % 10);
      scratch_id_.append(first, last);
      str(scratch_id_);
    }
    key("kind");
    str(e.kind);
    key("plover");
    str_or_null(e.plover);
    key("cameo");
    str_or_null(e.cameo);
    key("trigger");
    w_.StartObject();
    span(trigger);
    w_.EndObject();
    key("date");
    w_.StartObject();
    key("value");
    str_or_null(e.date.value);
    key("granularity");
    str(to_string(e.date.granularity));
    if (!e.date.end.empty()) {
      key("end");
      str(e.date.end);
    }
    key("on_or_before");
    w_.Bool(e.date.on_or_before);
    if (e.date.timex >= 0 && static_cast<size_t>(e.date.timex) < ann_.timexes.size()) {
      key("timex");
      indexed_id('t', static_cast<size_t>(e.date.timex));
    }
    w_.EndObject();
    key("modality");
    str(to_string(e.modality));
    key("args");
    w_.StartArray();
    for (const auto& a : e.args) {
      if ((main >= 0 || !within.empty()) && !within.contains(a.span)) continue;
      w_.StartObject();
      key("role");
      str(a.role);
      span(a.span);
      actor_ref(a.actor);
      if (!a.value.empty()) {
        key("value");
        str(a.value);
      }
      w_.EndObject();
    }
    w_.EndArray();
    if (main < 0) {
      key("mentions");
      w_.StartArray();
      for (const auto& c : e.coref) {
        w_.StartObject();
        span(c);
        w_.EndObject();
      }
      w_.EndArray();
      if (e.reports >= 0 && static_cast<size_t>(e.reports) < ann_.events.size()) {
        key("reports");
        event_id(static_cast<size_t>(e.reports));
      }
      if (!e.after.empty()) {  // events an explicit cue puts before this one
        key("after");
        w_.StartArray();
        for (const int32_t k : e.after)
          if (k >= 0 && static_cast<size_t>(k) < ann_.events.size()) event_id(static_cast<size_t>(k));
        w_.EndArray();
      }
    } else {
      key("coref_of");
      event_id(static_cast<size_t>(main));
    }
    w_.EndObject();
  }

  // Mention level: the events (so "eN" stays the N-th object), then every coreferent mention
  // as an event object of its own; each object holds the args found in its own sentence.
  void events() {
    key("events");
    w_.StartArray();
    for (size_t i = 0; i < ann_.events.size(); ++i) {
      int32_t s = sentence_at(ann_.events[i].trigger.start);
      Span within = s >= 0 ? ann_.sentences[static_cast<size_t>(s)].span : Span{};
      event(ann_.events[i], i, ann_.events[i].trigger, -1, 0, within);
    }
    for (size_t i = 0; i < ann_.events.size(); ++i) {
      const auto& e = ann_.events[i];
      size_t nth = 0;
      for (const auto& c : e.coref) {
        int32_t s = sentence_at(c.start);
        Span within = s >= 0 ? ann_.sentences[static_cast<size_t>(s)].span : Span{};
        event(e, i, c, static_cast<int32_t>(i), ++nth, within);
      }
    }
    w_.EndArray();
  }

  void actors() {
    key("actors");
    w_.StartArray();
    for (const auto& a : ann_.actors) {
      w_.StartObject();
      key("id");
      str(a.id);
      key("name");
      str(a.name);
      key("type");
      str(to_string(a.type));
      key("country");
      str_or_null(a.country);
      key("cameo");
      str_or_null(a.cameo);
      key("aliases");
      w_.StartArray();
      for (const auto& s : a.aliases) str(s);
      w_.EndArray();
      if (!a.roles.empty()) {
        key("roles");
        w_.StartArray();
        for (const auto& s : a.roles) str(s);
        w_.EndArray();
      }
      w_.EndObject();
    }
    w_.EndArray();
  }

  void relations() {
    key("relations");
    w_.StartArray();
    for (const auto& r : ann_.relations) {
      w_.StartObject();
      key("kind");
      str(r.kind);
      key("from");
      str(r.from);
      key("to");
      str(r.to);
      key("sentence");
      w_.Int(r.sentence);
      if (!r.span.empty()) span(r.span);
      w_.EndObject();
    }
    w_.EndArray();
  }

  Writer& w_;
  std::string_view text_;
  const Annotations& ann_;
  std::vector<const Actor*> actors_;
  std::string scratch_id_;
};

}  // namespace

namespace {

// The record in a per-thread buffer, reused: its capacity grows to the largest record once.
const rapidjson::StringBuffer& record(const Document& doc, const Annotations& ann) {
  thread_local rapidjson::StringBuffer buffer;
  buffer.Clear();
  Writer w(buffer);
  JsonlWriter(w, doc, ann).write(doc);
  return buffer;
}

}  // namespace

std::string annotations_to_jsonl(const Document& doc, const Annotations& ann) {
  const auto& buffer = record(doc, ann);
  return std::string(buffer.GetString(), buffer.GetSize());
}

void write_annotations_jsonl(std::ostream& out, const Document& doc, const Annotations& ann) {
  const auto& buffer = record(doc, ann);
  out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
  out.put('\n');
}

}  // namespace eg
