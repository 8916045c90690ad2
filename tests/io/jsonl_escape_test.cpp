// The fast string path of the JSON Lines writer must give exactly the bytes RapidJSON's
// Writer::String gives on the same string with each invalid UTF-8 byte replaced by U+FFFD.

#include <doctest/doctest.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "io/jsonl.hpp"
#include "io/readers.hpp"

namespace {

// The reference: invalid bytes replaced one by one, then RapidJSON's own escaping.
std::string reference_line(const std::string& id, const std::string& text) {
  auto fix = [](std::string_view s) {
    std::string out;
    while (!s.empty()) {
      size_t bad = eg::find_invalid_utf8(s);
      if (bad == std::string_view::npos) bad = s.size();
      out.append(s.substr(0, bad));
      if (bad == s.size()) break;
      out.append("\xEF\xBF\xBD");
      s.remove_prefix(bad + 1);
    }
    return out;
  };
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  auto str = [&](std::string_view s) {
    const std::string f = fix(s);
    w.String(f.data(), static_cast<rapidjson::SizeType>(f.size()));
  };
  w.StartObject();
  w.Key("id");
  str(id);
  w.Key("date");
  w.Null();
  w.Key("text");
  str(text);
  for (const char* k : {"sentences", "entities", "timexes", "events", "actors", "relations"}) {
    w.Key(k);
    w.StartArray();
    w.EndArray();
  }
  w.EndObject();
  return {b.GetString(), b.GetSize()};
}

void check_same(const std::string& text) {
  eg::Document doc;
  doc.id = "d\"1\\";
  doc.text = text;
  CHECK(eg::annotations_to_jsonl(doc, {}) == reference_line(doc.id, doc.text));
}

}  // namespace

TEST_CASE("jsonl fast strings: every ASCII byte at every position of a 16- or 8-byte block") {
  for (unsigned c = 0; c < 0x80; ++c)
    for (size_t at = 0; at < 34; ++at) {
      std::string t(40, 'a');
      t[at] = static_cast<char>(c);
      check_same(t);
    }
}

TEST_CASE("jsonl fast strings: UTF-8, invalid bytes and sequences across block edges") {
  const std::string pieces[] = {
      "\xC3\xA9",          "\xE2\x80\x99",      "\xF0\x9F\x98\x80", "\xFF",
      "\xC0\xAF",          "\xED\xA0\x80",      "\xF4\x90\x80\x80", "\xE2\x80x",
      "\xC3",              "\x80",              "\xE0\x9F\x80",     "\xF0\x8F\x80\x80",
      "\"\\\n\t\x01\x1F/", "plain ascii text"};
  for (const auto& p : pieces)
    for (size_t pad = 0; pad < 20; ++pad) {
      check_same(std::string(pad, 'x') + p);
      check_same(std::string(pad, 'x') + p + "tail");
      check_same(p + std::string(pad, 'y') + p);
    }
  check_same("");
  // A pseudo-random mix of all byte values.
  std::string mix;
  uint32_t s = 12345;
  for (int i = 0; i < 5000; ++i) {
    s = s * 1103515245u + 12345u;
    mix.push_back(static_cast<char>(s >> 24));
  }
  check_same(mix);
}
