// Unicode text operations of the expression language (shared/reference/expressions.md
// §5): case mapping with a culture (ToLower, ToUpper; tr/az dotted and dotless i),
// PCase word capitalisation, NormalizeDiacritics, UTF-16LE Base64 (ConvertToBase64,
// ConvertFromBase64), upper-case UTF-8 hex (ConvertToUTF8Hex), and code-point
// indexing for Left, Mid and InStr. Text is UTF-8; invalid bytes read as U+FFFD.
// Case mapping is simple (one code point to one), as .NET's ToUpper/ToLower are.
// Backed by libunistring (unicase, unictype, uninorm).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tf::expr::text {

bool is_ascii(std::string_view s);
std::u32string decode_utf8(std::string_view s);
void append_utf8(std::string& out, char32_t code_point);
std::string encode_utf8(std::u32string_view s);

std::size_t code_point_count(std::string_view s);
// The byte offset just after the first `count` code points (s.size() when shorter).
std::size_t byte_offset(std::string_view s, std::size_t count);

// A culture tag such as "tr-TR" or "" (invariant); nullopt for a malformed tag.
struct Culture {
  bool turkic = false;  // tr, az: i <-> U+0130, U+0131 <-> I
};
std::optional<Culture> parse_culture(std::string_view tag);

std::string to_lower(std::string_view s, Culture culture = {});
std::string to_upper(std::string_view s, Culture culture = {});

// PCase: lower-cases everything, then title-cases the first character of each word.
// Without `separators`, words are separated by characters of the Unicode categories
// Zs Zl Zp Cc Cf Pc Pd Ps Pe Pi Pf Po Sm Sc Sk So; with them, only by those characters.
std::string proper_case(std::string_view s, const std::optional<std::string_view>& separators);

// æ->ae Æ->AE ø->oe Ø->OE œ->oe Œ->OE ß->ss ł->l Ł->L ı->i; otherwise canonical
// decomposition with the non-spacing marks (Mn) dropped; anything else unchanged.
std::string normalize_diacritics(std::string_view s);

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
// The UTF-16LE bytes of `s`, Base64-encoded with padding.
std::string utf16le_base64(std::string_view s);
// UTF-16LE bytes back to UTF-8; nullopt for an odd byte count.
std::optional<std::string> utf8_from_utf16le(std::string_view bytes);
// Upper-case hex of the UTF-8 bytes, no separators.
std::string utf8_hex(std::string_view s);

// The 0-based code-point index of `needle` in `haystack` at or after code point
// `start`, or nullopt; ignore_case compares simple lower-case mappings.
std::optional<std::size_t> find_code_points(std::string_view haystack, std::string_view needle, std::size_t start,
                                            bool ignore_case);

}  // namespace tf::expr::text
