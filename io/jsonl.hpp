#pragma once
// The `annotate --to jsonl` record: one JSON object per document with the text and every
// annotation as byte spans into it (schema in docs/formats.md, "annotate JSON Lines").

#include <iosfwd>
#include <string>

#include "core/model.hpp"

namespace eg {

/// One JSON object on one line (no trailing newline) for `doc` and its annotations.
/// Offsets are UTF-8 byte offsets into doc.text, end exclusive; spans outside the text are
/// clamped to it. Empty optional strings (date, actor, plover, value, ...) are written as null.
/// Output is deterministic (field and element order as in the structs). Thread-safe.
[[nodiscard]] std::string annotations_to_jsonl(const Document& doc, const Annotations& ann);

/// Writes annotations_to_jsonl(doc, ann) and a newline to `out`, without the temporary string.
void write_annotations_jsonl(std::ostream& out, const Document& doc, const Annotations& ann);

}  // namespace eg
