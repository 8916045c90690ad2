#include "io/atomic_file.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace {

struct AtomicTempDir {
  fs::path path;
  AtomicTempDir() {
    path = fs::temp_directory_path() / ("eg_atomic_test_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~AtomicTempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t entries(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("AtomicFile: commit replaces, no commit leaves the old file untouched") {
  AtomicTempDir t;
  fs::path target = t.path / "out.jsonl";
  {
    eg::AtomicFile f(target);
    f.stream() << "first\n";
    f.commit();
    f.commit();  // second commit is a no-op
  }
  CHECK(slurp(target) == "first\n");
  CHECK(entries(t.path) == 1);

  {
    eg::AtomicFile f(target);
    f.stream() << "half-written";
    CHECK(entries(t.path) == 2);  // the temporary file sits beside the target
    // destroyed without commit (an exception on the way out)
  }
  CHECK(slurp(target) == "first\n");
  CHECK(entries(t.path) == 1);

  eg::write_file_atomic(target, "second");
  CHECK(slurp(target) == "second");
  CHECK(entries(t.path) == 1);
}

TEST_CASE("AtomicFile: unwritable targets throw EnvironmentError naming the path") {
  AtomicTempDir t;
  fs::path missing = t.path / "no-such-folder" / "out.txt";
  try {
    eg::AtomicFile f(missing);
    FAIL("no exception");
  } catch (const eg::EnvironmentError& e) {
    CHECK(std::string(e.what()).starts_with(missing.string() + ": cannot write: "));
  }
  CHECK_THROWS_AS(eg::AtomicFile{t.path}, eg::EnvironmentError);
  CHECK_THROWS_AS(eg::write_file_atomic(missing, "x"), eg::EnvironmentError);
  CHECK(entries(t.path) == 0);
}

TEST_CASE("AtomicFile: - is stdout") {
  eg::AtomicFile f("-");
  CHECK(&f.stream() == &std::cout);
  f.commit();
}
