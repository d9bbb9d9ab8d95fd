// Form checks for GUIDs, domains, emails, names and secret references.
#include "compiler/manifest/formats.h"

#include <cctype>

namespace tf::manifest {

namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view s) { return quote_text(s); }

std::string label_problem(std::string_view label) {
  if (label.empty()) return "it has an empty label";
  if (label.size() > 63) return "label " + quoted(label) + " is longer than 63 characters";
  for (char c : label)
    if (!is_alnum(c) && c != '-')
      return "label " + quoted(label) + " contains " + quoted(std::string_view(&c, 1));
  if (label.front() == '-' || label.back() == '-') return "label " + quoted(label) + " starts or ends with '-'";
  return {};
}

}  // namespace

std::string quote_text(std::string_view text) {
  static const char* hex = "0123456789abcdef";
  std::string out = "'";
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (u < 0x20 || u == 0x7f) out += std::string("\\x") + hex[u >> 4] + hex[u & 15];
    else out += c;
  }
  return out + "'";
}

bool is_guid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

std::string domain_problem(std::string_view text) {
  if (text.empty()) return "it is empty";
  if (text.size() > 253) return "it is longer than 253 characters";
  std::size_t labels = 0;
  std::string_view last;
  for (std::size_t start = 0;;) {
    std::size_t dot = text.find('.', start);
    std::string_view label = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (std::string p = label_problem(label); !p.empty()) return p;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return "it has a single label (expected a name such as 'contoso.com')";
  bool numeric = true;
  for (char c : last) numeric = numeric && is_digit(c);
  if (numeric) return "its last label " + quoted(last) + " is all digits";
  return {};
}

std::string email_problem(std::string_view text) {
  std::size_t at = text.rfind('@');
  if (at == std::string_view::npos) return "it has no '@'";
  std::string_view local = text.substr(0, at);
  if (local.empty()) return "nothing comes before the '@'";
  if (local.size() > 64) return "the part before the '@' is longer than 64 characters";
  static const std::string_view specials = "!#$%&'*+/=?^_`{|}~.-";
  for (char c : local)
    if (!is_alnum(c) && specials.find(c) == std::string_view::npos)
      return "the part before the '@' contains " + quoted(std::string_view(&c, 1));
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return "the part before the '@' starts or ends with '.' or has '..'";
  if (std::string p = domain_problem(text.substr(at + 1)); !p.empty()) return "its domain is invalid: " + p;
  return {};
}

std::string name_problem(std::string_view text) {
  if (text.empty()) return "it is empty";
  if (text.size() > 64) return "it is longer than 64 characters";
  if (!is_alnum(text.front())) return "it must start with a letter or digit";
  for (char c : text)
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.')
      return "it contains " + quoted(std::string_view(&c, 1)) + " (use letters, digits, '-', '_' or '.')";
  return {};
}

std::optional<SecretRef> parse_secret_ref(std::string_view text) {
  auto starts = [&](std::string_view p) { return text.substr(0, p.size()) == p; };
  if (starts("${env:") && text.size() > 7 && text.back() == '}') {
    std::string_view name = text.substr(6, text.size() - 7);
    bool ok = !name.empty() && !is_digit(name.front());
    for (char c : name) ok = ok && (is_alnum(c) || c == '_');
    if (!ok) return std::nullopt;
    return SecretRef{SecretKind::Environment, std::string(name), {}};
  }
  if (starts("file:") && text.size() > 5) return SecretRef{SecretKind::File, std::string(text.substr(5)), {}};
  if (starts("./") || starts("../") || starts("/") || starts("~/"))
    return SecretRef{SecretKind::File, std::string(text), {}};
  return std::nullopt;
}

}  // namespace tf::manifest
