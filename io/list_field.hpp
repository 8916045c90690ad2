#pragma once
// The text form of list-valued fields (aliases, roles, candidates) in every tabular or XML
// export and in query tables: items joined with "; ".

#include <string>
#include <vector>

namespace eg {

/// Items joined with "; " ("" for none).
[[nodiscard]] std::string join_list(const std::vector<std::string>& items);

}  // namespace eg
