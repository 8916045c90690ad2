#pragma once
// XML text for the GraphML and GEXF writers.

#include <string>
#include <string_view>

namespace eg {

/// Appends `s` to `out` as XML text: invalid UTF-8 replaced and forbidden control characters
/// dropped (append_clean_utf8), & < > " ' escaped, CR written as &#13; (it survives line-end
/// normalisation). With `attribute`, LF and TAB are written as character references too, so
/// attribute-value normalisation keeps them. `scratch` is reused working space.
void append_xml_text(std::string& out, std::string& scratch, std::string_view s, bool attribute);

}  // namespace eg
