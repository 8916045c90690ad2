#include "io/list_field.hpp"

namespace eg {

std::string join_list(const std::vector<std::string>& items) {
  std::string r;
  for (const auto& s : items) {
    if (!r.empty()) r += "; ";
    r += s;
  }
  return r;
}

}  // namespace eg
