// Just enough URL handling for the Graph client, without libcurl: split a URL into
// scheme, host, port and the rest; tell loopback hosts apart; percent-encode form
// fields. Promises: parse_url never throws; a URL it cannot split has ok == false.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tf::graph {

struct Url {
  bool ok = false;
  std::string scheme;  // lower-case, e.g. "https"
  std::string host;    // lower-case, IPv6 without brackets
  std::string port;    // "" when absent
  std::string target;  // path, query and fragment, "/" when absent
};

Url parse_url(std::string_view text);

// "localhost", 127.0.0.0/8 or ::1.
bool is_loopback_host(std::string_view host);

// scheme://host[:port] of a parsed URL (brackets restored around IPv6 hosts).
std::string origin_of(const Url& url);

// The transport policy: "" when `url` may be requested, otherwise why not (only
// https, or plain http to a loopback host).
std::string url_refusal(std::string_view url);

// application/x-www-form-urlencoded encoding of one value (RFC 3986 unreserved kept).
std::string form_encode(std::string_view value);
std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields);

// Decoding of a form body into (name, value) pairs, in order ('+' is a space).
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);

}  // namespace tf::graph
