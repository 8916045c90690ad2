#include "core/segmenter.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace eg {
namespace {

bool is_space_cp(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');  // \t \n \v \f \r
  return c == 0xA0 || c == 0x2007 || c == 0x202F || (c >= 0x2000 && c <= 0x200B) ||
         c == 0x3000 || c == 0xFEFF;
}
bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC; }
bool is_quote(char32_t c) {
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB || c == 0x00BB ||
         c == 0x2018 || c == 0x2019 || c == '`';
}
bool is_hyphen(char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }
constexpr bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  // Latin-1 letters and beyond: treat everything that is not punctuation/space as a letter.
  if (c == 0xD7 || c == 0xF7) return false;
  if (c >= 0xC0 && c <= 0x24F) return true;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // general punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c == 0xFFFD) return false;
  return c >= 0x370;
}
constexpr bool is_word_char(char32_t c) { return is_alpha(c) || is_digit(c); }

// Bytes that are ASCII letters or digits: the tokenizer's fast path for the common byte.
constexpr std::array<bool, 256> kAsciiWord = [] {
  std::array<bool, 256> t{};
  for (char32_t c = 0; c < 128; ++c) t[c] = is_word_char(c);
  return t;
}();

// Abbreviations after which a period does not end a sentence (lowercase, without the period).
constexpr std::array<std::string_view, 85> kAbbrev{
    "mr", "mrs", "ms", "dr", "prof", "gen", "maj", "col", "lt", "sgt", "capt", "cpt", "cmdr",
    "adm", "gov", "sen", "rep", "rev", "st", "jr", "sr", "mt", "ft", "no", "nos", "vs",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "corp", "ltd", "co", "bros", "dept", "univ", "est", "approx", "fig", "gens",
    "pres", "sec", "amb", "brig", "supt", "insp", "cpl", "pvt", "messrs", "mme", "mlle",
    "hon", "atty", "etc",
    // US states as news datelines write them ("Birmingham, Ala., police said"); the ones that are
    // also words ("Ill.", "Miss.", "Wash.", "Ore.", "Mass.", "Ark.") are left out.
    "ala", "ariz", "calif", "colo", "conn", "fla", "ga", "kan", "ky", "md",
    "mich", "minn", "mont", "neb", "nev", "okla", "tenn", "tex", "vt", "wis", "wyo"};
// Of those, the ones that normally precede a name or number (never sentence-final in news).
constexpr std::array<std::string_view, 34> kTitleAbbrev{
    "mr", "mrs", "ms", "dr", "prof", "gen", "maj", "col", "lt", "sgt", "capt", "cpt", "cmdr",
    "adm", "gov", "sen", "rep", "rev", "st", "mt", "no", "nos", "vs", "brig", "supt", "insp",
    "cpl", "pvt", "messrs", "hon", "atty", "amb", "gens", "pres"};

bool in_list(std::string_view w, auto const& list) {
  std::array<char, 16> buf{};
  if (w.size() >= buf.size()) return false;
  for (size_t i = 0; i < w.size(); ++i)
    buf[i] = static_cast<char>((w[i] >= 'A' && w[i] <= 'Z') ? w[i] - 'A' + 'a' : w[i]);
  std::string_view lw(buf.data(), w.size());
  return std::find(list.begin(), list.end(), lw) != list.end();
}

}  // namespace

Utf8Char decode_utf8(std::string_view t, size_t i) {
  auto b0 = static_cast<unsigned char>(t[i]);
  if (b0 < 0x80) return {b0, 1};
  auto cont = [&](size_t k) {
    return i + k < t.size() && (static_cast<unsigned char>(t[i + k]) & 0xC0) == 0x80;
  };
  auto cb = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(t[i + k]) & 0x3F); };
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) return {(char32_t(b0 & 0x1F) << 6) | cb(1), 2};
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
    char32_t c = (char32_t(b0 & 0x0F) << 12) | (cb(1) << 6) | cb(2);
    if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) return {c, 3};
  }
  if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    char32_t c = (char32_t(b0 & 0x07) << 18) | (cb(1) << 12) | (cb(2) << 6) | cb(3);
    if (c >= 0x10000 && c <= 0x10FFFF) return {c, 4};
  }
  return {0xFFFD, 1};
}

bool valid_utf8(std::string_view t) {
  for (size_t i = 0; i < t.size();) {
    auto [cp, len] = decode_utf8(t, i);
    if (cp == 0xFFFD && !(len == 3 && t.substr(i, 3) == "\xEF\xBF\xBD")) return false;
    i += len;
  }
  return true;
}

std::string fold_key(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (const auto b = static_cast<unsigned char>(s[i]); b < 0x80) {  // ASCII without decoding
      out.push_back(static_cast<char>((b >= 'A' && b <= 'Z') ? b - 'A' + 'a' : b));
      ++i;
      continue;
    }
    auto [cp, len] = decode_utf8(s, i);
    i += len;
    if (cp < 0x80) {
      out.push_back(static_cast<char>((cp >= 'A' && cp <= 'Z') ? cp - 'A' + 'a' : cp));
    } else if (is_apostrophe(cp) || cp == 0x2032) {
      out.push_back('\'');
    } else if (cp == 0x201C || cp == 0x201D || cp == 0x201E) {
      out.push_back('"');
    } else if (cp >= 0x2010 && cp <= 0x2015) {
      out.push_back('-');
    } else if (is_space_cp(cp)) {
      out.push_back(' ');
    } else {
      out.append(s.substr(i - len, len));
    }
  }
  return out;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> toks;
  toks.reserve(text.size() / 4 + 4);  // news runs 4.5-6 bytes a token: one allocation
  size_t i = 0;
  const size_t n = text.size();
  int newlines = 0;
  bool space = false;
  auto cp_at = [&](size_t k) -> Utf8Char { return k < n ? decode_utf8(text, k) : Utf8Char{0, 0}; };
  while (i < n) {
    if (text[i] == ' ') {  // the most common separator, without decoding
      space = true;
      ++i;
      continue;
    }
    const auto b0 = static_cast<unsigned char>(text[i]);
    auto [c, len] = b0 < 0x80 ? Utf8Char{b0, 1} : decode_utf8(text, i);  // ASCII inline
    if (is_space_cp(c)) {
      space = true;
      if (c == '\n') ++newlines;
      i += len;
      continue;
    }
    Token t;
    t.space_before = space || toks.empty();
    t.newline_before = newlines > 0;
    t.paragraph_before = newlines > 1;
    space = false;
    newlines = 0;
    size_t start = i;
    if (is_word_char(c)) {
      bool starts_digit = is_digit(c);
      size_t j = i + len;
      while (j < n) {
        if (kAsciiWord[static_cast<unsigned char>(text[j])]) {
          ++j;
          continue;
        }
        if (const auto b = static_cast<unsigned char>(text[j]);
            b < 0x80 && b != '\'' && b != '-' && b != '/' && b != '.' && b != ',' && b != ':')
          break;  // ASCII space or punctuation that never joins two words
        auto [d, dl] = decode_utf8(text, j);
        if (is_word_char(d)) {
          j += dl;
          continue;
        }
        // Inner joiners: apostrophe (Kata’ib, don't), hyphen (F-16, al-Qaim), period inside
        // numbers (3.5) or acronyms (U.S.), comma inside numbers (1,000), colon in times (4:49).
        auto [e, el] = cp_at(j + dl);
        bool next_word = el > 0 && is_word_char(e);
        if (!next_word) break;
        if (is_apostrophe(d) || is_hyphen(d) || d == '/') {
          // keep possessive 's as a separate token: "Iraq’s" -> "Iraq" "’s"
          if (is_apostrophe(d) && (e == 's' || e == 'S')) {
            auto [f, fl] = cp_at(j + dl + el);
            if (fl == 0 || !is_word_char(f)) break;
          }
          if (d == '/' && !starts_digit) break;
          j += dl;
          continue;
        }
        if ((d == '.' || d == ',' || d == ':') && starts_digit && is_digit(e)) {
          j += dl;
          continue;
        }
        if (d == '.' && !starts_digit) {
          // acronym with periods: single letters separated by periods (U.S., U.N.)
          size_t tok_len_cps = 0;
          for (size_t k = start; k < j;) { k += decode_utf8(text, k).len; ++tok_len_cps; }
          auto [f, fl] = cp_at(j + dl + el);
          if (tok_len_cps == 1 && (fl == 0 || f == '.' || !is_word_char(f))) {
            j += dl;
            continue;
          }
        }
        break;
      }
      // Acronym final period: "U.S." — letters.letters. ; also single-letter initials "J."
      if (j < n && text[j] == '.') {
        std::string_view w = text.substr(start, j - start);
        bool acronym = w.find('.') != std::string_view::npos && !starts_digit;
        bool initial = w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z';
        if (acronym || initial || in_list(w, kAbbrev)) ++j;
      }
      t.span = {static_cast<uint32_t>(start), static_cast<uint32_t>(j)};
      t.shape = starts_digit ? TokenShape::Number : TokenShape::Word;
      i = j;
    } else if (is_apostrophe(c) && i + len < n && (text[i + len] == 's' || text[i + len] == 'S') &&
               !toks.empty() && !t.space_before &&
               (i + len + 1 >= n || !is_word_char(decode_utf8(text, i + len + 1).cp))) {
      t.span = {static_cast<uint32_t>(i), static_cast<uint32_t>(i + len + 1)};
      t.shape = TokenShape::Word;
      i += len + 1;
    } else {
      size_t j = i + len;
      // runs of the same ASCII punctuation (..., --) stay one token
      if (c < 0x80 && !is_quote(c))
        while (j < n && text[j] == static_cast<char>(c)) ++j;
      t.span = {static_cast<uint32_t>(i), static_cast<uint32_t>(j)};
      t.shape = is_quote(c) ? TokenShape::Quote : TokenShape::Punct;
      i = j;
    }
    toks.push_back(t);
  }
  return toks;
}

// Longest sentence kept whole, in tokens (the longest in the development news is under 400).
constexpr uint32_t kMaxSentenceTokens = 400;

std::vector<Sentence> split_sentences(std::string_view text, const std::vector<Token>& toks) {
  std::vector<Sentence> out;
  if (toks.empty()) return out;
  out.reserve(toks.size() / 16 + 4);
  uint32_t para = 0;
  uint32_t first = 0;
  uint32_t last_break = 0;  // the last , ; : of the current sentence
  auto flush = [&](uint32_t end_tok) {
    if (end_tok <= first) return;
    out.push_back({{toks[first].span.start, toks[end_tok - 1].span.end}, first, end_tok, para});
    first = end_tok;
  };
  auto is_upper_start = [&](const Token& t) {
    auto c = decode_utf8(text, t.span.start).cp;
    return (c >= 'A' && c <= 'Z') || is_digit(c) || (c >= 0xC0 && c <= 0xDE) || t.shape == TokenShape::Quote;
  };
  for (uint32_t k = 0; k < toks.size(); ++k) {
    const Token& t = toks[k];
    if (k > first && t.paragraph_before) {
      flush(k);
      ++para;
    } else if (k == first && t.paragraph_before && k > 0) {
      ++para;
    }
    // A line without final punctuation followed by a capitalised line is a headline/caption.
    if (k > first && t.newline_before && !t.paragraph_before) {
      const Token& prev = toks[k - 1];
      auto pv = prev.span.of(text);
      bool ends = pv == "." || pv == "!" || pv == "?" || pv == ":" || pv == ",";
      if (!ends && is_upper_start(t) && (k - first) <= 20) flush(k);
    }
    std::string_view s = t.span.of(text);
    bool terminal = s.size() <= 3 && (s == "." || s == "!" || s == "?" || s == "..." ||
                                      s == "…" || s == "?!" || s == "!?");
    // Abbreviation tokens carry their period: they end a sentence only if the next token
    // starts a new one and the abbreviation is not a title (Maj. Gen. Rasool).
    bool abbrev_end = false;
    if (!terminal && s.size() > 1 && s.back() == '.' && t.shape == TokenShape::Word) {
      std::string_view w = s.substr(0, s.size() - 1);
      bool title = in_list(w, kTitleAbbrev) || (w.size() == 1);
      if (!title && k + 1 < toks.size() && is_upper_start(toks[k + 1]) &&
          toks[k + 1].span.start > t.span.end) {
        // "U.S. forces" stays; "in the U.S. The" ends: require the next word to be a common
        // sentence starter (capitalised function word) to split after an acronym.
        std::string_view nx = toks[k + 1].span.of(text);
        static constexpr std::array<std::string_view, 14> kStarters{
            "The", "He", "She", "It", "They", "We", "I", "In", "But", "A", "This", "That",
            "There", "On"};
        abbrev_end = std::find(kStarters.begin(), kStarters.end(), nx) != kStarters.end() ||
                     toks[k + 1].paragraph_before;
      }
    }
    if (terminal || abbrev_end) {
      uint32_t end = k + 1;
      // closing quotes and brackets belong to the sentence they close
      while (end < toks.size() && !toks[end].space_before &&
             (toks[end].shape == TokenShape::Quote || toks[end].span.of(text) == ")" ||
              toks[end].span.of(text) == "]"))
        ++end;
      if (end < toks.size()) {
        const Token& nx = toks[end];
        auto nc = decode_utf8(text, nx.span.start).cp;
        bool lower_next = nc >= 'a' && nc <= 'z';
        if (lower_next && !nx.paragraph_before) continue;  // "e.g. the", "16 p.m. on"
        // "Birmingham, Ala., killed": a stop followed by a comma or semicolon ends no sentence
        const std::string_view ns = nx.span.of(text);
        if (terminal && s == "." && !nx.space_before && (ns == "," || ns == ";")) continue;
      }
      flush(end);
      k = end - 1;
      continue;
    }
    // A run-on "sentence" (a table, a list, text without stops) is cut: at its last comma,
    // semicolon or colon past half the limit, else at the limit. News sentences stay far below
    // it, and every later stage is then linear in the text, whatever the input.
    const std::string_view p = t.span.of(text);
    if (p == "," || p == ";" || p == ":") last_break = k;
    if (k + 1 - first >= kMaxSentenceTokens) {
      flush(last_break >= first + kMaxSentenceTokens / 2 && last_break < k ? last_break + 1 : k + 1);
      last_break = 0;
    }
  }
  flush(static_cast<uint32_t>(toks.size()));
  return out;
}

void segment(std::string_view text, Annotations& ann) {
  ann.tokens = tokenize(text);
  ann.sentences = split_sentences(text, ann.tokens);
}

}  // namespace eg
