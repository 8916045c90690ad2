#include "io/conll.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/error.hpp"

namespace eg {
namespace {

std::string_view strip_cr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

}  // namespace

void annotate_conll(std::istream& in, std::ostream& out, const EntityTagger& tagger,
                    std::string_view name_for_errors) {
  // A whole document (up to the next -DOCSTART-) is tagged at once: the tagger uses what it
  // finds elsewhere in the document. Pending output lines carry the index of their token.
  struct Pending {
    std::string line;
    int32_t sentence = -1;  // -1: copied unchanged
    uint32_t token = 0;
  };
  std::vector<Pending> pending;
  std::vector<std::vector<std::string>> sentences;
  bool open_sentence = false;
  auto flush = [&] {
    const auto tags = tagger.tag_document(sentences);
    for (const Pending& p : pending) {
      if (p.sentence < 0) {
        out << p.line << '\n';
        continue;
      }
      std::string_view l = p.line;
      const bool cr = !l.empty() && l.back() == '\r';
      const auto& st = tags[static_cast<size_t>(p.sentence)];
      out << strip_cr(l) << ' ' << (p.token < st.size() ? st[p.token] : std::string("O"));
      if (cr) out << '\r';
      out << '\n';
    }
    pending.clear();
    sentences.clear();
    open_sentence = false;
  };
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view l = strip_cr(line);
    if (l.starts_with("-DOCSTART-")) {
      flush();
      out << line << '\n';
      continue;
    }
    if (l.find_first_not_of(" \t") == std::string_view::npos) {
      open_sentence = false;
      pending.push_back({std::move(line), -1, 0});
      continue;
    }
    const size_t sp = l.find_first_of(" \t");
    std::string_view tok = l.substr(0, sp);
    if (tok.empty())
      throw InputError(fmt::format("{}:{}: token line starts with a blank", name_for_errors,
                                   line_no));
    if (!open_sentence) {
      sentences.emplace_back();
      open_sentence = true;
    }
    sentences.back().emplace_back(tok);
    pending.push_back({std::move(line), static_cast<int32_t>(sentences.size() - 1),
                       static_cast<uint32_t>(sentences.back().size() - 1)});
  }
  flush();
  out.flush();
  if (!out) throw EnvironmentError(fmt::format("{}: cannot write CoNLL output", name_for_errors));
}

}  // namespace eg
