// Redaction by value and by shape. Shapes are found by plain scanning (no regex:
// bodies can be large and std::regex recurses per character).
#include "runtime/graph/redact.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "runtime/graph/url.h"

namespace tf::graph {

namespace {

void replace_all(std::string& text, const std::string& secret) {
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + kRedacted.size()))
    text.replace(at, secret.size(), kRedacted);
}

std::size_t find_nocase(const std::string& text, std::string_view needle, std::size_t from) {
  auto it = std::search(text.begin() + static_cast<std::ptrdiff_t>(std::min(from, text.size())), text.end(),
                        needle.begin(), needle.end(), [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b));
                        });
  return it == text.end() ? std::string::npos : static_cast<std::size_t>(it - text.begin());
}

// Replaces text[begin, end) by the marker; returns the index just after it.
std::size_t blank(std::string& text, std::size_t begin, std::size_t end) {
  if (end <= begin) return begin;
  text.replace(begin, end - begin, kRedacted);
  return begin + kRedacted.size();
}

std::size_t skip_spaces(const std::string& text, std::size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  return at;
}

// "Authorization: Bearer xyz" -> "Authorization: Bearer [redacted]".
void redact_authorization(std::string& text) {
  for (std::size_t at = find_nocase(text, "authorization", 0); at != std::string::npos;
       at = find_nocase(text, "authorization", at + 1)) {
    std::size_t p = skip_spaces(text, at + 13);
    if (p < text.size() && text[p] == '"') p = skip_spaces(text, p + 1);  // JSON-style "authorization": "..."
    if (p >= text.size() || text[p] != ':') continue;
    p = skip_spaces(text, p + 1);
    if (p < text.size() && text[p] == '"') ++p;
    for (std::string_view scheme : {"bearer ", "basic "})
      if (find_nocase(text, scheme, p) == p) p = skip_spaces(text, p + scheme.size());
    std::size_t end = text.find_first_of("\r\n\"", p);
    blank(text, p, end == std::string::npos ? text.size() : end);
  }
}

// name=value in forms and query strings.
void redact_form_field(std::string& text, std::string_view name) {
  std::string key = std::string(name) + "=";
  for (std::size_t at = find_nocase(text, key, 0); at != std::string::npos; at = find_nocase(text, key, at + 1)) {
    bool starts = at == 0 || text[at - 1] == '&' || text[at - 1] == '?' || std::isspace(static_cast<unsigned char>(text[at - 1]));
    if (!starts) continue;
    std::size_t p = at + key.size();
    std::size_t end = text.find_first_of("& \t\r\n", p);
    blank(text, p, end == std::string::npos ? text.size() : end);
  }
}

// "name": "value" in JSON.
void redact_json_member(std::string& text, std::string_view name) {
  std::string key = "\"" + std::string(name) + "\"";
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    std::size_t p = skip_spaces(text, at + key.size());
    if (p >= text.size() || text[p] != ':') continue;
    p = skip_spaces(text, p + 1);
    if (p >= text.size() || text[p] != '"') continue;
    std::size_t end = ++p;
    while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
    blank(text, p, std::min(end, text.size()));
  }
}

void redact_private_keys(std::string& text) {
  for (std::size_t at = text.find("-----BEGIN"); at != std::string::npos; at = text.find("-----BEGIN", at + 1)) {
    std::size_t line_end = text.find("-----", at + 10);
    if (line_end == std::string::npos) return;
    if (text.substr(at, line_end - at).find("PRIVATE KEY") == std::string::npos) continue;
    std::size_t body = line_end + 5;
    std::size_t end = text.find("-----END", body);
    blank(text, body, end == std::string::npos ? text.size() : end);
  }
}

constexpr std::string_view kSecretNames[] = {"client_secret", "client_assertion", "access_token",
                                             "refresh_token", "id_token",        "password"};

}  // namespace

void Redactor::add_secret(std::string value) {
  if (value.size() < 4) return;
  std::string encoded = form_encode(value);  // as it travels in a form body
  std::lock_guard lock(mutex_);
  if (encoded != value) secrets_.insert(std::move(encoded));
  secrets_.insert(std::move(value));
}

std::string Redactor::redact(std::string_view text) const {
  std::string out(text);
  {
    std::lock_guard lock(mutex_);
    // Longest first, so a secret that contains another is removed whole.
    std::vector<const std::string*> ordered;
    for (const std::string& s : secrets_) ordered.push_back(&s);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const std::string* a, const std::string* b) { return a->size() > b->size(); });
    for (const std::string* s : ordered) replace_all(out, *s);
  }
  return redact_patterns(out);
}

std::string redact_patterns(std::string_view text) {
  std::string out(text);
  redact_authorization(out);
  for (std::string_view name : kSecretNames) {
    redact_form_field(out, name);
    redact_json_member(out, name);
  }
  redact_private_keys(out);
  return out;
}

}  // namespace tf::graph
