#pragma once
// Segmentation: tokens and sentences with byte offsets into the text as given. Handles UTF-8
// punctuation (’ “ ” — …), non-breaking spaces, abbreviations (Maj. Gen., U.S., Jan.), initials,
// numbers with units, paragraphs, and headline/caption lines without final punctuation.

#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace eg {

/// Splits `text` into tokens. Never allocates per token beyond the output vector; invalid UTF-8
/// bytes become single-byte Punct tokens rather than errors.
[[nodiscard]] std::vector<Token> tokenize(std::string_view text);

/// Groups tokens into sentences; every token belongs to exactly one sentence.
[[nodiscard]] std::vector<Sentence> split_sentences(std::string_view text,
                                                    const std::vector<Token>& tokens);

/// Fills ann.tokens and ann.sentences.
void segment(std::string_view text, Annotations& ann);

/// Decodes one UTF-8 code point at text[i]; returns {code point, byte length}. Invalid bytes
/// give {0xFFFD, 1}.
struct Utf8Char {
  char32_t cp;
  uint32_t len;
};
[[nodiscard]] Utf8Char decode_utf8(std::string_view text, size_t i);

/// True if `text` is valid UTF-8.
[[nodiscard]] bool valid_utf8(std::string_view text);

/// Lowercases ASCII and folds typographic apostrophes/quotes/dashes to ASCII: the key used by
/// every lexicon lookup ("Kata’ib" and "Kata'ib" look up the same entry).
[[nodiscard]] std::string fold_key(std::string_view s);

}  // namespace eg
