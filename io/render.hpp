#pragma once
// Drawing DOT source to a picture in-process through Graphviz's libgvc (no `dot` subprocess).

#include <filesystem>
#include <string>
#include <string_view>

namespace eg {

/// Lays out `dot_source` with the Graphviz engine `layout` and writes it to `out` in `format`
/// ("svg", "png", "pdf", or any other Graphviz output format such as "svg:cairo"; "" = from the
/// extension of `out`, ".gv" meaning "dot"). `layout` "" picks automatically: "dot" up to 400
/// nodes, "sfdp" above (dot's ranking gets slow and unreadable on big graphs).
/// The file is written atomically (`out.tmp.<pid>`, then renamed); on error nothing is left.
/// Graphviz diagnostics never reach stderr; errors are thrown instead:
/// UsageError for an unknown format or layout or a missing extension, InputError for DOT that
/// does not parse or cannot be laid out/rendered, EnvironmentError when Graphviz cannot start
/// or `out` cannot be written. Serialised internally (libgvc keeps global state).
void render(std::string_view dot_source, const std::filesystem::path& out, std::string format = "",
            std::string layout = "dot");

}  // namespace eg
