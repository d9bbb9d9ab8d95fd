// Percent-encoding for URLs and form bodies: decoding a query string or an
// application/x-www-form-urlencoded body into a map, and encoding one value.
#pragma once

#include <map>
#include <string>

namespace tf::emulator {

std::string url_decode(const std::string& text);  // '+' is a space
std::string url_encode(const std::string& text);  // keeps A-Z a-z 0-9 - _ . ~ $
// "a=1&b=x%20y" -> {a: 1, b: "x y"}; a repeated key keeps its last value.
std::map<std::string, std::string> parse_query(const std::string& text);

}  // namespace tf::emulator
