// URL splitting, loopback detection and form encoding.
#include "runtime/graph/url.h"

#include <algorithm>
#include <cctype>

#include "compiler/core/text.h"

namespace tf::graph {

namespace {

// Splits "host[:port]" or "[v6]:port" (user info already removed).
bool split_host_port(std::string_view authority, Url& url) {
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    url.host = lower_ascii(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    if (!rest.empty()) url.port = std::string(rest.substr(1));
    return !url.host.empty();
  }
  std::size_t colon = authority.rfind(':');
  url.host = lower_ascii(authority.substr(0, colon));
  if (colon != std::string_view::npos) url.port = std::string(authority.substr(colon + 1));
  return !url.host.empty() && std::all_of(url.port.begin(), url.port.end(), ::isdigit);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string form_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

Url parse_url(std::string_view text) {
  Url url;
  std::size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) return url;
  url.scheme = lower_ascii(text.substr(0, sep));
  std::string_view rest = text.substr(sep + 3);
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  if (!split_host_port(authority, url)) return url;
  url.target = end == std::string_view::npos ? "/" : std::string(rest.substr(end));
  url.ok = true;
  return url;
}

bool is_loopback_host(std::string_view host) {
  std::string h = lower_ascii(host);
  if (h == "localhost" || h == "::1" || h == "[::1]") return true;
  if (h.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : h) {
    if (c == '.') ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return dots == 3;
}

std::string origin_of(const Url& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  return url.scheme + "://" + host + (url.port.empty() ? "" : ":" + url.port);
}

std::string url_refusal(std::string_view text) {
  Url url = parse_url(text);
  if (!url.ok) return "'" + std::string(text) + "' is not an absolute URL";
  if (url.scheme == "https") return {};
  if (url.scheme == "http" && is_loopback_host(url.host)) return {};
  if (url.scheme == "http")
    return "plain http is only allowed to a loopback host (127.0.0.1, ::1 or localhost), not to '" + url.host +
           "'; use https";
  return "unsupported URL scheme '" + url.scheme + "'; expected https (or http to a loopback host)";
}

std::string form_encode(std::string_view value) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += form_encode(name) + "=" + form_encode(value);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!body.empty()) {
    std::size_t amp = body.find('&');
    std::string_view field = body.substr(0, amp);
    std::size_t eq = field.find('=');
    out.emplace_back(form_decode(field.substr(0, eq)),
                     eq == std::string_view::npos ? std::string{} : form_decode(field.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    body = body.substr(amp + 1);
  }
  return out;
}

}  // namespace tf::graph
