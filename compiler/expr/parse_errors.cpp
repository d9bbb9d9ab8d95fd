// Wording for syntax errors: what was found where the grammar stopped, and the
// specific explanations for mistakes users make often (parse_errors.h).
#include "compiler/expr/parse_errors.h"

#include <cctype>

namespace tf::expr {
namespace {

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::size_t identifier_length(std::string_view rest) {
  std::size_t n = 0;
  while (n < rest.size() && is_identifier_char(rest[n])) ++n;
  return n;
}

// The length of the UTF-8 sequence starting with `lead` (1 for a stray byte).
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

std::string upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool starts_comparison(std::string_view rest) {
  return !rest.empty() && (rest[0] == '=' || rest[0] == '<' || rest[0] == '>');
}

}  // namespace

Found describe_found(std::string_view rest) {
  if (rest.empty()) return {"the end of the expression", 1};
  char c = rest[0];
  if (c == '"') return {"a string", 1};
  if (c == '\'') return {"a single quote", 1};
  if (is_identifier_char(c)) {
    std::size_t n = identifier_length(rest);
    return {"'" + std::string(rest.substr(0, n)) + "'", n};
  }
  if (c == '\n' || c == '\r') return {"a line break", 1};
  auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7F) return {"a control character", 1};
  std::size_t n = std::min(utf8_length(byte), rest.size());
  return {"'" + std::string(rest.substr(0, n)) + "'", n};
}

std::string explain_after_argument(std::string_view rest, bool inside_call) {
  std::string word = upper(rest.substr(0, identifier_length(rest)));
  if (word == "AND" || word == "OR")
    return "'" + word + "' is not an operator in mapping expressions; nest IIF calls instead, e.g. " +
           (word == "AND" ? "IIF(a, IIF(b, x, y), y)" : "IIF(a, x, IIF(b, x, y))");
  if (word == "NOT") return "'NOT' is not an operator in mapping expressions; use the function Not(...)";
  if (rest.substr(0, 2) == "&&" || rest.substr(0, 2) == "||")
    return "'" + std::string(rest.substr(0, 2)) +
           "' is not an operator in mapping expressions; nest IIF calls instead";
  if (!rest.empty() && rest[0] == '&')
    return "'&' does not concatenate in mapping expressions; use Join(\"\", a, b) or Append(a, b)";
  if (starts_comparison(rest))
    return "comparisons do not chain: an argument holds at most one comparison; nest IIF calls instead";
  if (!inside_call && !rest.empty() && rest[0] == ')') return "unexpected ')' with no matching '('";
  return {};
}

}  // namespace tf::expr
