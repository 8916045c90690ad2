#include "io/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <unistd.h>

#include "core/error.hpp"

namespace eg {
namespace fs = std::filesystem;

namespace {
std::string reason(int err) { return err != 0 ? std::strerror(err) : "write failed (disk full?)"; }
}  // namespace

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  if (target_ == "-") {
    stdout_ = true;
    return;
  }
  std::error_code ec;
  if (fs::is_directory(target_, ec))
    throw EnvironmentError(fmt::format("{}: cannot write: is a folder", target_.string()));
  temp_ = target_;
  temp_ += fmt::format(".tmp.{}", static_cast<long>(::getpid()));
  errno = 0;
  file_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!file_) {
    int err = errno;
    temp_.clear();
    throw EnvironmentError(fmt::format("{}: cannot write: {}", target_.string(),
                                       err != 0 ? std::strerror(err) : "cannot create file"));
  }
}

AtomicFile::~AtomicFile() {
  if (committed_ || stdout_ || temp_.empty()) return;
  try {
    file_.close();
  } catch (...) {
  }
  std::error_code ec;
  fs::remove(temp_, ec);
}

std::ostream& AtomicFile::stream() {
  if (stdout_) return std::cout;
  return file_;
}

void AtomicFile::commit() {
  if (committed_) return;
  if (stdout_) {
    errno = 0;
    std::cout.flush();
    bool ok = static_cast<bool>(std::cout) && std::fflush(stdout) == 0;
    if (!ok) throw EnvironmentError(fmt::format("-: cannot write: {}", reason(errno)));
    committed_ = true;
    return;
  }
  errno = 0;
  file_.flush();
  bool ok = static_cast<bool>(file_);
  file_.close();  // close() reports errors of the final write-back
  ok = ok && !file_.fail();
  int err = errno;
  std::error_code ec;
  if (ok) fs::rename(temp_, target_, ec);
  if (!ok || ec) {
    std::error_code ignore;
    fs::remove(temp_, ignore);
    temp_.clear();
    throw EnvironmentError(
        fmt::format("{}: cannot write: {}", target_.string(), ec ? ec.message() : reason(err)));
  }
  committed_ = true;
}

void write_file_atomic(const fs::path& target, std::string_view content) {
  AtomicFile f(target);
  f.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  f.commit();
}

}  // namespace eg
