// Unicode text operations on libunistring (see unicode_text.h). ASCII input takes
// fast paths so that the common case allocates only its result.
#include "compiler/expr/unicode_text.h"

#include <algorithm>
#include <array>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

namespace tf::expr::text {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at s[i]; advances i.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  ucs4_t uc = 0;
  int n = u8_mbtouc(&uc, reinterpret_cast<const uint8_t*>(s.data() + i), s.size() - i);
  i += static_cast<std::size_t>(n > 0 ? n : 1);
  return n > 0 ? static_cast<char32_t>(uc) : kReplacement;
}

char32_t lower_one(char32_t c, Culture culture) {
  if (culture.turkic) {
    if (c == U'I') return U'\u0131';
    if (c == U'\u0130') return U'i';
  }
  return static_cast<char32_t>(uc_tolower(c));
}

char32_t upper_one(char32_t c, Culture culture) {
  if (culture.turkic) {
    if (c == U'i') return U'\u0130';
    if (c == U'\u0131') return U'I';
  }
  return static_cast<char32_t>(uc_toupper(c));
}

template <typename Map>
std::string map_code_points(std::string_view s, Map map) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) append_utf8(out, map(next_code_point(s, i)));
  return out;
}

bool is_default_separator(char32_t c) {
  static const uc_general_category_t kSeparators = [] {
    uc_general_category_t all = UC_CATEGORY_Zs;
    for (uc_general_category_t cat : {UC_CATEGORY_Zl, UC_CATEGORY_Zp, UC_CATEGORY_Cc, UC_CATEGORY_Cf,
                                      UC_CATEGORY_Pc, UC_CATEGORY_Pd, UC_CATEGORY_Ps, UC_CATEGORY_Pe,
                                      UC_CATEGORY_Pi, UC_CATEGORY_Pf, UC_CATEGORY_Po, UC_CATEGORY_Sm,
                                      UC_CATEGORY_Sc, UC_CATEGORY_Sk, UC_CATEGORY_So})
      all = uc_general_category_or(all, cat);
    return all;
  }();
  return uc_is_general_category(c, kSeparators);
}

// NormalizeDiacritics' special cases; nullptr when `c` has none.
const char* diacritic_special(char32_t c) {
  switch (c) {
    case U'\u00E6': return "ae";
    case U'\u00C6': return "AE";
    case U'\u00F8': return "oe";
    case U'\u00D8': return "OE";
    case U'\u0153': return "oe";
    case U'\u0152': return "OE";
    case U'\u00DF': return "ss";
    case U'\u0142': return "l";
    case U'\u0141': return "L";
    case U'\u0131': return "i";
    default: return nullptr;
  }
}

// The full canonical decomposition of `c` (c itself when it has none).
void decompose(char32_t c, std::u32string& out, int depth = 0) {
  ucs4_t parts[UC_DECOMPOSITION_MAX_LENGTH];
  int n = depth < 8 ? uc_canonical_decomposition(c, parts) : -1;
  if (n <= 0) {
    out += c;
    return;
  }
  for (int k = 0; k < n; ++k) decompose(static_cast<char32_t>(parts[k]), out, depth + 1);
}

void append_without_marks(std::string& out, char32_t c) {
  if (const char* special = diacritic_special(c)) {
    out += special;
    return;
  }
  std::u32string parts;
  decompose(c, parts);
  bool has_mark = std::any_of(parts.begin(), parts.end(),
                              [](char32_t p) { return uc_is_general_category(p, UC_CATEGORY_Mn); });
  if (!has_mark) {
    append_utf8(out, c);
    return;
  }
  for (char32_t p : parts) {
    if (uc_is_general_category(p, UC_CATEGORY_Mn)) continue;
    if (const char* special = diacritic_special(p))
      out += special;
    else
      append_utf8(out, p);
  }
}

constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  std::size_t at = kBase64.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out += next_code_point(s, i);
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string encode_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

std::size_t code_point_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    next_code_point(s, i);
    ++n;
  }
  return n;
}

std::size_t byte_offset(std::string_view s, std::size_t count) {
  std::size_t i = 0;
  for (std::size_t n = 0; n < count && i < s.size(); ++n) next_code_point(s, i);
  return i;
}

std::optional<Culture> parse_culture(std::string_view tag) {
  bool well_formed = std::all_of(tag.begin(), tag.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
  if (!well_formed) return std::nullopt;
  std::string language = to_lower(tag.substr(0, std::min(tag.find_first_of("-_"), tag.size())));
  return Culture{language == "tr" || language == "az"};
}

std::string to_lower(std::string_view s, Culture culture) {
  if (is_ascii(s) && !culture.turkic) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  return map_code_points(s, [culture](char32_t c) { return lower_one(c, culture); });
}

std::string to_upper(std::string_view s, Culture culture) {
  if (is_ascii(s) && !culture.turkic) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
  }
  return map_code_points(s, [culture](char32_t c) { return upper_one(c, culture); });
}

std::string proper_case(std::string_view s, const std::optional<std::string_view>& separators) {
  std::u32string custom;
  if (separators) custom = decode_utf8(*separators);
  auto separates = [&](char32_t c) {
    return separators ? custom.find(c) != std::u32string::npos : is_default_separator(c);
  };
  std::string out;
  out.reserve(s.size());
  bool word_start = true;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_code_point(s, i);
    append_utf8(out, word_start ? static_cast<char32_t>(uc_totitle(c)) : lower_one(c, {}));
    word_start = separates(c);
  }
  return out;
}

std::string normalize_diacritics(std::string_view s) {
  if (is_ascii(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) append_without_marks(out, next_code_point(s, i));
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t chunk = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64[(chunk >> 18) & 63];
    out += kBase64[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64[chunk & 63] : '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = base64_value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string utf16le_base64(std::string_view s) {
  std::string bytes;
  bytes.reserve(s.size() * 2);
  auto put = [&bytes](uint32_t unit) {
    bytes += static_cast<char>(unit & 0xFF);
    bytes += static_cast<char>((unit >> 8) & 0xFF);
  };
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_code_point(s, i);
    if (c >= 0x10000) {
      put(0xD800 + ((c - 0x10000) >> 10));
      put(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      put(c);
    }
  }
  return base64_encode(bytes);
}

std::optional<std::string> utf8_from_utf16le(std::string_view bytes) {
  if (bytes.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    char32_t unit = static_cast<unsigned char>(bytes[i]) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < bytes.size()) {
      char32_t low = static_cast<unsigned char>(bytes[i + 2]) | (static_cast<unsigned char>(bytes[i + 3]) << 8);
      if (low >= 0xDC00 && low < 0xE000) {
        append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    append_utf8(out, unit >= 0xD800 && unit < 0xE000 ? kReplacement : unit);
  }
  return out;
}

std::string utf8_hex(std::string_view s) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 2);
  for (char c : s) {
    auto byte = static_cast<unsigned char>(c);
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
  }
  return out;
}

std::optional<std::size_t> find_code_points(std::string_view haystack, std::string_view needle, std::size_t start,
                                            bool ignore_case) {
  std::u32string h = decode_utf8(haystack), n = decode_utf8(needle);
  if (ignore_case) {
    for (char32_t& c : h) c = lower_one(c, {});
    for (char32_t& c : n) c = lower_one(c, {});
  }
  if (start > h.size()) return std::nullopt;
  std::size_t at = h.find(n, start);
  if (at == std::u32string::npos) return std::nullopt;
  return at;
}

}  // namespace tf::expr::text
