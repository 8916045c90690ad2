#include "io/xml_text.hpp"

#include "io/dot_writer.hpp"

namespace eg {

void append_xml_text(std::string& out, std::string& scratch, std::string_view s, bool attribute) {
  scratch.clear();
  append_clean_utf8(scratch, s);
  for (char c : scratch) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#13;"; break;
      case '\n':
        if (attribute) out += "&#10;";
        else out.push_back(c);
        break;
      case '\t':
        if (attribute) out += "&#9;";
        else out.push_back(c);
        break;
      default: out.push_back(c);
    }
  }
}

}  // namespace eg
