#pragma once
// CoNLL-2003 NER columns ("token POS chunk NER" lines, sentences separated by blank lines,
// documents by -DOCSTART- lines): annotation in place, keeping every input line.

#include <istream>
#include <ostream>
#include <string_view>

#include "core/entities.hpp"

namespace eg {

/// Copies `in` to `out` line by line, appending " <IOB2 tag>" predicted by `tagger` to every
/// token line (first column = token); blank and -DOCSTART- lines are copied unchanged. CRLF line
/// ends are kept. Throws InputError naming `name_for_errors` and the line if a token line has
/// an empty first column; EnvironmentError if writing fails.
void annotate_conll(std::istream& in, std::ostream& out, const EntityTagger& tagger,
                    std::string_view name_for_errors);

}  // namespace eg
