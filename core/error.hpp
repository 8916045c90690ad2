#pragma once
// Project exceptions. Library code throws; only tools/ catches, once, and maps them to an exit
// code and one line on stderr. Messages name the file (and line) and what is wrong.

#include <stdexcept>
#include <string>

namespace eg {

/// The user's input is wrong (malformed file, bad date, corrupt graph): exit code 1.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The command line is wrong (unknown option value, missing argument): exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The environment is broken (unwritable output, missing resource file): exit code 1.
struct EnvironmentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace eg
