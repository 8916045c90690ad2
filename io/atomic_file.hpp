#pragma once
// Output files that appear complete or not at all: written to a temporary file beside the
// target and renamed over it on commit(), so an error half-way leaves the old file untouched.

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string_view>

namespace eg {

class AtomicFile {
 public:
  /// Opens `target.tmp.<pid>` in the target's folder for writing; target "-" means stdout.
  /// Throws EnvironmentError("PATH: cannot write: reason") when the temporary file cannot be
  /// created (missing folder, no permission, target is a folder).
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes the temporary file unless commit() succeeded. Never throws.
  ~AtomicFile();

  /// The stream to write to (std::cout for "-"). Valid until the object is destroyed.
  [[nodiscard]] std::ostream& stream();

  /// Flushes, checks that every write succeeded and renames the temporary file over the target
  /// (stdout: flushes and checks). Throws EnvironmentError("PATH: cannot write: reason") on any
  /// failure, after removing the temporary file. Calling it twice is a no-op.
  void commit();

  /// The final path ("-" for stdout).
  [[nodiscard]] const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::ofstream file_;
  bool stdout_ = false;
  bool committed_ = false;
};

/// Writes `content` to `target` atomically ("-" = stdout). Throws EnvironmentError on failure.
void write_file_atomic(const std::filesystem::path& target, std::string_view content);

}  // namespace eg
