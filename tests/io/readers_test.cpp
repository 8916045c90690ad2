#include "io/readers.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace {

// A fresh temporary folder, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("eg_readers_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  [[nodiscard]] std::string write(const std::string& rel, const std::string& content) const {
    fs::path p = path / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
};

struct Result {
  std::vector<eg::Document> docs;
  std::vector<eg::ReadWarning> warnings;
};

Result read_all(const std::vector<std::string>& paths, eg::ReadOptions opt = {}) {
  Result r;
  eg::read_documents(
      paths, opt, [&](eg::Document&& d) { r.docs.push_back(std::move(d)); },
      [&](const eg::ReadWarning& w) { r.warnings.push_back(w); });
  return r;
}

Result read_text(const std::string& content, const std::string& name = "<stdin>",
                 eg::ReadOptions opt = {}) {
  Result r;
  std::istringstream in(content);
  eg::read_stream(
      in, name, opt, [&](eg::Document&& d) { r.docs.push_back(std::move(d)); },
      [&](const eg::ReadWarning& w) { r.warnings.push_back(w); });
  return r;
}

std::string error_of(const std::vector<std::string>& paths, eg::ReadOptions opt = {}) {
  try {
    (void)read_all(paths, opt);
  } catch (const eg::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("parse_date accepts ISO dates and timestamps, rejects the rest") {
  CHECK(eg::parse_date("2021-06-28") == "2021-06-28");
  CHECK(eg::parse_date("  2021-06-28 \n") == "2021-06-28");
  CHECK(eg::parse_date("2025-03-14 20:30:26Z") == "2025-03-14");
  CHECK(eg::parse_date("2025-03-14T20:30:26+02:00") == "2025-03-14");
  CHECK(eg::parse_date("2025-03-14T23:59:59-11:00") == "2025-03-14");  // no time-zone shift
  CHECK(eg::parse_date("2024-02-29") == "2024-02-29");
  CHECK(eg::parse_date("2000-02-29") == "2000-02-29");
  CHECK(eg::parse_date("1900-02-29").empty());
  CHECK(eg::parse_date("2021-02-29").empty());
  CHECK(eg::parse_date("2021-02-30").empty());
  CHECK(eg::parse_date("2021-04-31").empty());
  CHECK(eg::parse_date("2021-13-01").empty());
  CHECK(eg::parse_date("2021-00-10").empty());
  CHECK(eg::parse_date("2021-06-00").empty());
  CHECK(eg::parse_date("0000-01-01").empty());
  CHECK(eg::parse_date("2021-6-28").empty());
  CHECK(eg::parse_date("21-06-28").empty());
  CHECK(eg::parse_date("2021/06/28").empty());
  CHECK(eg::parse_date("2021-06-28x").empty());
  CHECK(eg::parse_date("2021-06-28T").empty());
  CHECK(eg::parse_date("June 28, 2021").empty());
  CHECK(eg::parse_date("").empty());
  CHECK(eg::parse_date("null").empty());
}

TEST_CASE("find_invalid_utf8") {
  CHECK(eg::find_invalid_utf8("plain ascii text, long enough for the fast path") ==
        std::string_view::npos);
  CHECK(eg::find_invalid_utf8("Kata\xE2\x80\x99ib \xD8\xA8\xF0\x9F\x98\x80") ==
        std::string_view::npos);
  CHECK(eg::find_invalid_utf8("abc\xFF") == 3);
  CHECK(eg::find_invalid_utf8("abcdefghij\xC3") == 10);   // truncated at the end
  CHECK(eg::find_invalid_utf8("\xC0\xAF") == 0);          // overlong
  CHECK(eg::find_invalid_utf8("ab\xED\xA0\x80") == 2);    // surrogate
  CHECK(eg::find_invalid_utf8("\xF4\x90\x80\x80") == 0);  // above U+10FFFF
  CHECK(eg::find_invalid_utf8("\xE2\x80x") == 0);         // bad continuation
}

TEST_CASE("seed format: date on the first line, text byte-exact after it") {
  TempDir t;
  std::string p = t.write(
      "story_01.txt",
      " date 2021-06-28 The ministry said on Sunday that talks resumed.\n\nA second paragraph.\n");
  auto r = read_all({p});
  REQUIRE(r.docs.size() == 1);
  CHECK(r.docs[0].id == "story_01");
  CHECK(r.docs[0].date == "2021-06-28");
  CHECK(r.docs[0].text ==
        "The ministry said on Sunday that talks resumed.\n\nA second paragraph.\n");
  CHECK(r.docs[0].origin == p);
  CHECK(r.warnings.empty());

  SUBCASE("an impossible date warns and leaves the date empty") {
    auto r2 = read_all({t.write("bad.seed", "date 2021-02-30 Text of the article.")});
    REQUIRE(r2.docs.size() == 1);
    CHECK(r2.docs[0].date.empty());
    CHECK(r2.docs[0].text == "Text of the article.");
    REQUIRE(r2.warnings.size() == 1);
    CHECK(r2.warnings[0].what.find("2021-02-30") != std::string::npos);
  }
  SUBCASE("forced text keeps the date line as text") {
    eg::ReadOptions o;
    o.format = eg::InputFormat::Text;
    o.default_date = "2020-01-02";
    auto r2 = read_all({p}, o);
    REQUIRE(r2.docs.size() == 1);
    CHECK(r2.docs[0].text.starts_with(" date 2021-06-28 The ministry"));
    CHECK(r2.docs[0].date == "2020-01-02");
  }
  SUBCASE("forced seed on a file without a date line is an error") {
    eg::ReadOptions o;
    o.format = eg::InputFormat::Seed;
    CHECK(error_of({t.write("plain.txt", "No date here.\n")}, o).find("plain.txt:1: not a seed") !=
          std::string::npos);
  }
}

TEST_CASE("plain text: whole file, date from options or a warning") {
  TempDir t;
  std::string p = t.write("notes.text", "Rebels seized the airport.\nOfficials denied it.");
  auto r = read_all({p});
  REQUIRE(r.docs.size() == 1);
  CHECK(r.docs[0].id == "notes");
  CHECK(r.docs[0].text == "Rebels seized the airport.\nOfficials denied it.");
  CHECK(r.docs[0].date.empty());
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].where == p);
  CHECK(r.warnings[0].what == "no publication date (use --date)");

  eg::ReadOptions o;
  o.default_date = "2019-11-05";
  auto r2 = read_all({p}, o);
  CHECK(r2.docs[0].date == "2019-11-05");
  CHECK(r2.warnings.empty());

  // "date" not followed by a date is plain text.
  auto r3 = read_text("date night was cancelled.\n", "x.txt", o);
  CHECK(r3.docs[0].text == "date night was cancelled.\n");
}

TEST_CASE("JSON Lines: fields, ids, dates, timestamps, blank lines") {
  TempDir t;
  std::string p = t.write(
      "feed.jsonl",
      "{\"id\": \"a1\", \"url\": \"https://example.org/a1\", \"title\": \"T\", "
      "\"date\": \"2021-06-28\", \"text\": \"First \\\"quoted\\\" story.\\nLine two.\"}\n"
      "\n"
      "{\"id\": 42, \"published\": \"2025-03-14 20:30:26Z\", \"text\": \"Second.\"}\r\n"
      "{\"published\": \"2025-03-14T20:30:26+02:00\", \"text\": \"Third \\u00e9\\ud83d\\ude00.\"}\n"
      "  \n"
      "{\"id\": \"d\", \"date\": null, \"text\": \"Fourth.\"}\n"
      "{\"id\": \"e\", \"date\": \"2021-02-30\", \"text\": \"Fifth.\"}\n"
      "{\"id\": \"f\", \"date\": null, \"published\": \"2020-05-06\", \"text\": \"Sixth.\"}\n"
      "{\"id\": \"g\", \"date\": 20200506, \"text\": \"\"}");
  auto r = read_all({p});
  REQUIRE(r.docs.size() == 7);
  CHECK(r.docs[0].id == "a1");
  CHECK(r.docs[0].url == "https://example.org/a1");
  CHECK(r.docs[0].title == "T");
  CHECK(r.docs[0].date == "2021-06-28");
  CHECK(r.docs[0].text == "First \"quoted\" story.\nLine two.");
  CHECK(r.docs[0].origin == p + ":1");
  CHECK(r.docs[1].id == "42");
  CHECK(r.docs[1].date == "2025-03-14");
  CHECK(r.docs[1].origin == p + ":3");
  CHECK(r.docs[2].id == "feed:4");
  CHECK(r.docs[2].date == "2025-03-14");
  CHECK(r.docs[2].text == "Third \xC3\xA9\xF0\x9F\x98\x80.");
  CHECK(r.docs[3].date.empty());
  CHECK(r.docs[4].date.empty());
  CHECK(r.docs[5].date == "2020-05-06");
  CHECK(r.docs[6].date.empty());
  CHECK(r.docs[6].text.empty());
  std::vector<std::string> where;
  for (const auto& w : r.warnings) where.push_back(w.where);
  CHECK(where == std::vector<std::string>{p + ":6", p + ":7", p + ":9", p + ":9"});
}

TEST_CASE("auto detection from content") {
  TempDir t;
  // No extension, starts with '{' after blank lines: JSON Lines, line numbers still right.
  std::string p = t.write(
      "dump",
      "\n  \n{\"id\":\"x\",\"date\":\"2022-01-01\",\"text\":\"Hi.\"}\n{\"text\":\"Two.\"}\n");
  auto r = read_all({p});
  REQUIRE(r.docs.size() == 2);
  CHECK(r.docs[0].origin == p + ":3");
  CHECK(r.docs[1].id == "dump:4");
  // From a stream (stdin).
  auto s = read_text("{\"text\":\"From stdin.\"}");
  REQUIRE(s.docs.size() == 1);
  CHECK(s.docs[0].id == "stdin:1");
  auto s1 = read_text("\n\n date 2023-03-04 After blank lines.\n");
  REQUIRE(s1.docs.size() == 1);
  CHECK(s1.docs[0].date == "2023-03-04");
  CHECK(s1.docs[0].text == "After blank lines.\n");
  auto s2 = read_text("  date 2023-03-04  Body.");
  CHECK(s2.docs[0].date == "2023-03-04");
  CHECK(s2.docs[0].text == "Body.");
  CHECK(s2.docs[0].id == "stdin");
  // A UTF-8 byte order mark is dropped.
  auto s3 = read_text(
      "\xEF\xBB\xBF"
      "date 2023-03-04 Body.");
  CHECK(s3.docs[0].date == "2023-03-04");
  auto s4 = read_text("\xEF\xBB\xBF{\"text\":\"x\"}\n");
  CHECK(s4.docs.size() == 1);
}

TEST_CASE("errors name the file and line") {
  TempDir t;
  CHECK(error_of({(t.path / "missing.txt").string()}) ==
        (t.path / "missing.txt").string() + ": no such file or folder");
  std::string empty = t.write("empty.txt", "");
  CHECK(error_of({empty}) == empty + ": empty file");
  std::string blank = t.write("blank.jsonl", "\n \n");
  CHECK(error_of({blank}) == blank + ": empty file");
  std::string ws = t.write("ws.txt", "  \n\n");
  CHECK(error_of({ws}) == ws + ": empty file");

  std::string bad_text = t.write("bad.txt", "First line.\nSecond \xFF line.\n");
  CHECK(error_of({bad_text}) == bad_text + ":2: invalid UTF-8 at byte 19");
  std::string bad_bom = t.write("bom.txt",
                                "\xEF\xBB\xBF"
                                "ab\xFF");
  CHECK(error_of({bad_bom}) == bad_bom + ":1: invalid UTF-8 at byte 5");
  std::string bad_jsonl = t.write("bad.jsonl", "{\"text\":\"ok\"}\n{\"text\":\"caf\xE9\"}\n");
  CHECK(error_of({bad_jsonl}) == bad_jsonl + ":2: invalid UTF-8 at byte 26");

  std::string surrogate = t.write("sur.jsonl", "{\"text\":\"a\\udc00b\"}\n");
  CHECK(error_of({surrogate}) ==
        surrogate + ":1: invalid UTF-8 in a string (escaped lone surrogate)");
  std::string broken = t.write("broken.jsonl", "{\"text\":\"ok\"}\n\n{\"text\": \"unterminated}\n");
  CHECK(error_of({broken}).starts_with(broken + ":3: invalid JSON at column"));
  std::string trailing = t.write("trailing.jsonl", "{\"text\":\"ok\"} junk\n");
  CHECK(error_of({trailing}).starts_with(trailing + ":1: invalid JSON"));
  std::string notext = t.write("notext.jsonl", "{\"id\":\"a\"}\n");
  CHECK(error_of({notext}) == notext + ":1: no \"text\" field");
  std::string numtext = t.write("numtext.jsonl", "{\"text\": 5}\n");
  CHECK(error_of({numtext}) == numtext + ":1: \"text\" is not a string");
  std::string array = t.write("array.jsonl", "[1,2]\n");
  eg::ReadOptions o;
  o.format = eg::InputFormat::Jsonl;
  CHECK(error_of({array}, o) == array + ":1: not a JSON object");
  std::string seed_empty = t.write("s.txt", "date 2021-01-01   \n");
  CHECK(error_of({seed_empty}) == seed_empty + ": no article text after the date");
}

TEST_CASE("folders: recursive, sorted by path, hidden and other files skipped") {
  TempDir t;
  (void)t.write("in/b.txt", "date 2021-01-02 B.");
  (void)t.write("in/a/z.seed", "date 2021-01-03 Z.");
  (void)t.write("in/a/c.jsonl",
                "{\"id\":\"c1\",\"text\":\"C1.\"}\n{\"id\":\"c2\",\"text\":\"C2.\"}\n");
  (void)t.write("in/a/d.NDJSON", "{\"id\":\"d1\",\"text\":\"D1.\"}\n");
  (void)t.write("in/.hidden.txt", "date 2021-01-04 Hidden.");
  (void)t.write("in/.git/HEAD", "ref: refs/heads/main");
  (void)t.write("in/image.png", "\x89PNG");
  (void)t.write("in/data.json", "{\"text\":\"J.\"}");
  (void)t.write("in/NOTES", "date 2021-01-05 Notes.");
  (void)t.write("in/blob", std::string("BIN\0ARY", 7));
  auto r = read_all({(t.path / "in").string()});
  std::vector<std::string> ids;
  for (const auto& d : r.docs) ids.push_back(d.id);
  CHECK(ids == std::vector<std::string>{"NOTES", "c1", "c2", "d1", "z", "b"});
  size_t binary = 0, undated = 0;
  for (const auto& w : r.warnings) {
    binary += w.what == "skipped: binary file";
    undated += w.what == "no publication date";
  }
  CHECK(binary == 1);
  CHECK(undated == 3);
  CHECK(r.warnings.size() == 4);

  // An explicitly named file is read whatever its extension; paths are read in the order given.
  auto r2 = read_all({(t.path / "in/b.txt").string(), (t.path / "in/data.json").string()});
  REQUIRE(r2.docs.size() == 2);
  CHECK(r2.docs[1].id == "data:1");

  // Two files with the same stem: both read, with a warning.
  (void)t.write("in2/x/same.txt", "date 2021-01-02 One.");
  (void)t.write("in2/y/same.txt", "date 2021-01-02 Two.");
  auto r3 = read_all({(t.path / "in2").string()});
  CHECK(r3.docs.size() == 2);
  CHECK(r3.warnings.size() == 1);

  (void)fs::create_directories(t.path / "none");
  auto r4 = read_all({(t.path / "none").string()});
  CHECK(r4.docs.empty());
  CHECK(r4.warnings.size() == 1);
}

TEST_CASE("very long lines and files") {
  TempDir t;
  std::string body;
  body.reserve(5u << 20);
  while (body.size() < (5u << 20))
    body += "The convoy crossed the river at dawn and \xE2\x80\x9Cwaited\xE2\x80\x9D. ";
  std::string p = t.write("huge.jsonl", "{\"id\":\"h\",\"date\":\"2021-06-28\",\"text\":\"" + body +
                                            "\"}\n{\"text\":\"after\"}\n");
  auto r = read_all({p});
  REQUIRE(r.docs.size() == 2);
  CHECK(r.docs[0].text == body);
  CHECK(r.docs[1].origin == p + ":2");
  std::string q = t.write("huge.txt", "date 2021-06-28 " + body);
  auto r2 = read_all({q});
  REQUIRE(r2.docs.size() == 1);
  CHECK(r2.docs[0].text == body);
}

TEST_CASE("shared corpus: seed article and VOA stories" *
          doctest::skip(!fs::exists(EG_TEST_SHARED_DIR "/corpus"))) {
  fs::path shared(EG_TEST_SHARED_DIR "/corpus");
  if (fs::exists(shared / "seed")) {
    auto r = read_all({(shared / "seed").string()});
    REQUIRE(r.docs.size() == 1);
    CHECK(r.docs[0].date == "2021-06-28");
    CHECK(r.docs[0].text.starts_with("The command"));
    CHECK(r.warnings.empty());
  }
  if (fs::exists(shared / "voa")) {
    auto r = read_all({(shared / "voa").string()});
    CHECK(r.docs.size() == 75);
    for (const auto& d : r.docs) {
      CHECK_MESSAGE(d.date.size() == 10, d.origin);
      CHECK(!d.text.empty());
      CHECK(!d.id.empty());
    }
    CHECK(r.warnings.empty());
  }
}
