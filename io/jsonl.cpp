#include "io/jsonl.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "io/readers.hpp"

namespace eg {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

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
  void key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }

  // Strings go out as given when valid UTF-8 (the common case); otherwise invalid bytes become
  // U+FFFD so the line stays valid JSON for strict consumers.
  void str(std::string_view s) {
    if (find_invalid_utf8(s) == std::string_view::npos) {
      w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
      return;
    }
    scratch_.clear();
    while (!s.empty()) {
      size_t bad = find_invalid_utf8(s);
      if (bad == std::string_view::npos) bad = s.size();
      scratch_.append(s.substr(0, bad));
      if (bad == s.size()) break;
      scratch_.append("\xEF\xBF\xBD");
      s.remove_prefix(bad + 1);
    }
    w_.String(scratch_.data(), static_cast<rapidjson::SizeType>(scratch_.size()));
  }

  void str_or_null(std::string_view s) {
    if (s.empty())
      w_.Null();
    else
      str(s);
  }

  void uint(uint32_t v) { w_.Uint(v); }

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

  void indexed_id(char prefix, size_t i) {
    char buf[24];
    int n = std::snprintf(buf, sizeof buf, "%c%zu", prefix, i + 1);
    w_.String(buf, static_cast<rapidjson::SizeType>(n));
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
      scratch_id_ += ".m" + std::to_string(nth);
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
  std::string scratch_;
  std::string scratch_id_;
};

}  // namespace

std::string annotations_to_jsonl(const Document& doc, const Annotations& ann) {
  // One buffer per thread, reused: its capacity grows to the largest record once.
  thread_local rapidjson::StringBuffer buffer;
  buffer.Clear();
  Writer w(buffer);
  JsonlWriter(w, doc, ann).write(doc);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace eg
