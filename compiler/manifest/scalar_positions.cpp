// Locating the bytes of a YAML scalar in its source: one small decoder per style,
// each producing the decoded text with the source offset of every byte.
#include "compiler/manifest/scalar_positions.h"

#include <algorithm>

namespace tf::manifest {

LineIndex::LineIndex(const std::string& text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

std::pair<uint32_t, uint32_t> LineIndex::position(std::size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - starts_.begin());  // 1-based
  return {static_cast<uint32_t>(line), static_cast<uint32_t>(offset - starts_[line - 1] + 1)};
}

Location LineIndex::location(const SourceFilePtr& file, std::size_t offset, uint32_t length) const {
  auto [line, column] = position(offset);
  return Location{file, line, column, length};
}

namespace {

// Decoded text with the source offset of each byte.
struct Decoded {
  std::string text;
  std::vector<std::size_t> offsets;
  bool terminated = true;

  void put(char c, std::size_t offset) {
    text += c;
    offsets.push_back(offset);
  }
  void put(const std::string& s, std::size_t offset) {
    for (char c : s) put(c, offset);
  }
  // Drops trailing spaces and tabs (before a folded line break).
  void trim_trailing_blanks() {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
      text.pop_back();
      offsets.pop_back();
    }
  }
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string utf8(uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// At a line break inside a flow scalar (src[i] == '\n'): folds it and the blank
// lines after it (one break = a space, n breaks = n-1 newlines). Returns the offset of
// the next line's first non-blank character.
std::size_t fold_line_break(const std::string& src, std::size_t i, Decoded& out) {
  out.trim_trailing_blanks();
  std::size_t break_at = i;
  int breaks = 0;
  while (i < src.size() && (src[i] == '\n' || src[i] == '\r' || is_blank(src[i]))) {
    if (src[i] == '\n') ++breaks;
    ++i;
  }
  if (breaks == 1) out.put(' ', break_at);
  for (int n = 1; n < breaks; ++n) out.put('\n', break_at);
  return i;
}

Decoded decode_plain(const std::string& src, std::size_t i, std::size_t want) {
  Decoded out;
  while (i < src.size() && out.text.size() < want) {
    if (src[i] == '\n') {
      i = fold_line_break(src, i, out);
      continue;
    }
    if (src[i] != '\r') out.put(src[i], i);
    ++i;
  }
  return out;
}

Decoded decode_single(const std::string& src, std::size_t i) {
  Decoded out;
  while (i < src.size()) {
    char c = src[i];
    if (c == '\'') {
      if (i + 1 < src.size() && src[i + 1] == '\'') {
        out.put('\'', i);
        i += 2;
        continue;
      }
      return out;
    }
    if (c == '\n') {
      i = fold_line_break(src, i, out);
      continue;
    }
    if (c != '\r') out.put(c, i);
    ++i;
  }
  out.terminated = false;
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One escape starting at src[i] == '\\'; returns the offset after it.
std::size_t decode_escape(const std::string& src, std::size_t i, Decoded& out) {
  std::size_t at = i;
  if (i + 1 >= src.size()) return i + 1;
  char e = src[i + 1];
  static const std::string simple_from = "0abtnvfre \"/\\\t";
  static const std::string simple_to = std::string("\0\a\b\t\n\v\f\r\x1b \"/\\\t", 14);
  if (auto p = simple_from.find(e); p != std::string::npos) {
    out.put(simple_to[p], at);
    return i + 2;
  }
  if (e == 'N') return out.put(utf8(0x85), at), i + 2;
  if (e == '_') return out.put(utf8(0xA0), at), i + 2;
  if (e == 'L') return out.put(utf8(0x2028), at), i + 2;
  if (e == 'P') return out.put(utf8(0x2029), at), i + 2;
  if (e == '\n' || e == '\r') {  // escaped line break: joins lines without a space
    i += 1;
    while (i < src.size() && (src[i] == '\n' || src[i] == '\r' || is_blank(src[i]))) ++i;
    return i;
  }
  int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
  uint32_t cp = 0;
  for (int n = 0; n < digits; ++n) {
    int h = i + 2 + n < src.size() ? hex_value(src[i + 2 + n]) : -1;
    if (h < 0) return i + 2;  // malformed: yaml-cpp reports it; approximate
    cp = cp * 16 + static_cast<uint32_t>(h);
  }
  out.put(utf8(cp), at);
  return i + 2 + digits;
}

Decoded decode_double(const std::string& src, std::size_t i) {
  Decoded out;
  while (i < src.size()) {
    char c = src[i];
    if (c == '"') return out;
    if (c == '\\') {
      i = decode_escape(src, i, out);
    } else if (c == '\n') {
      i = fold_line_break(src, i, out);
    } else {
      if (c != '\r') out.put(c, i);
      ++i;
    }
  }
  out.terminated = false;
  return out;
}

struct BlockLine {
  std::size_t begin = 0;  // offset of the first content byte (after indentation)
  std::string text;        // without indentation and line break
  bool empty = true;
};

// The content lines of a block scalar whose header ('|' or '>') is at src[i].
std::vector<BlockLine> block_lines(const std::string& src, std::size_t i, std::size_t& header_end) {
  std::size_t indent = 0;
  std::size_t eol = src.find('\n', i);
  for (std::size_t k = i + 1; k < src.size() && k < eol && !is_blank(src[k]); ++k)
    if (src[k] >= '1' && src[k] <= '9') indent = static_cast<std::size_t>(src[k] - '0');
  header_end = eol;
  std::vector<BlockLine> out;
  if (eol == std::string::npos) return out;
  std::size_t parent_indent = 0;  // explicit indicators count from the parent's indentation
  std::size_t line_start = src.rfind('\n', i);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  while (line_start + parent_indent < src.size() && src[line_start + parent_indent] == ' ') ++parent_indent;
  if (indent > 0) indent += parent_indent;
  for (std::size_t at = eol + 1; at < src.size();) {
    std::size_t end = src.find('\n', at);
    if (end == std::string::npos) end = src.size();
    std::size_t spaces = 0;
    while (at + spaces < end && src[at + spaces] == ' ') ++spaces;
    std::string_view rest(src.data() + at + spaces, end - at - spaces);
    if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
    bool blank = rest.empty();
    if (!blank && indent == 0) indent = spaces;
    if (!blank && spaces < indent) break;
    BlockLine line;
    line.begin = at + std::min(spaces, indent);
    if (!blank || spaces > indent) line.text = std::string(src.data() + line.begin, end - line.begin);
    if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
    line.empty = line.text.empty();
    out.push_back(std::move(line));
    at = end + 1;
  }
  return out;
}

Decoded decode_literal(const std::vector<BlockLine>& lines) {
  Decoded out;
  for (const BlockLine& line : lines) {
    for (std::size_t k = 0; k < line.text.size(); ++k) out.put(line.text[k], line.begin + k);
    out.put('\n', line.begin + line.text.size());
  }
  return out;
}

Decoded decode_folded(const std::vector<BlockLine>& lines) {
  Decoded out;
  int pending = 0;
  bool first = true, previous_more = false;
  std::size_t break_at = 0;
  for (const BlockLine& line : lines) {
    if (line.empty) {
      ++pending;
      continue;
    }
    bool more = is_blank(line.text[0]);
    if (first) {
      out.put(std::string(static_cast<std::size_t>(pending), '\n'), line.begin);
    } else if (pending == 0 && !more && !previous_more) {
      out.put(' ', break_at);
    } else {
      int breaks = (!more && !previous_more) ? pending : pending + 1;
      out.put(std::string(static_cast<std::size_t>(breaks), '\n'), break_at);
    }
    for (std::size_t k = 0; k < line.text.size(); ++k) out.put(line.text[k], line.begin + k);
    break_at = line.begin + line.text.size();
    first = false;
    previous_more = more;
    pending = 0;
  }
  if (!first) out.put(std::string(static_cast<std::size_t>(pending) + 1, '\n'), break_at);
  return out;
}

// Reconciles a block scalar's decoding with yaml-cpp's text: they may differ only in
// trailing line breaks (chomping indicators).
bool reconcile_chomping(Decoded& d, const std::string& value) {
  if (d.text == value) return true;
  auto only_breaks = [](std::string_view s) { return s.find_first_not_of('\n') == std::string_view::npos; };
  if (d.text.size() > value.size() && d.text.compare(0, value.size(), value) == 0 &&
      only_breaks(std::string_view(d.text).substr(value.size()))) {
    d.text.resize(value.size());
    d.offsets.resize(value.size());
    return true;
  }
  if (value.size() > d.text.size() && value.compare(0, d.text.size(), d.text) == 0 && !d.offsets.empty() &&
      only_breaks(std::string_view(value).substr(d.text.size()))) {
    std::size_t last = d.offsets.back();
    while (d.text.size() < value.size()) d.put('\n', last);
    return true;
  }
  return false;
}

// Skips an anchor (&name) or tag (!tag) and the blanks after it.
std::size_t skip_properties(const std::string& src, std::size_t i) {
  while (i < src.size() && (src[i] == '&' || src[i] == '!')) {
    while (i < src.size() && !is_blank(src[i]) && src[i] != '\n') ++i;
    while (i < src.size() && is_blank(src[i])) ++i;
  }
  return i;
}

ScalarStyle style_at(const std::string& src, std::size_t i) {
  if (i >= src.size()) return ScalarStyle::Plain;
  switch (src[i]) {
    case '\'': return ScalarStyle::SingleQuoted;
    case '"': return ScalarStyle::DoubleQuoted;
    case '|': return ScalarStyle::Literal;
    case '>': return ScalarStyle::Folded;
    default: return ScalarStyle::Plain;
  }
}

Decoded decode(const std::string& src, std::size_t i, ScalarStyle style, const std::string& value) {
  switch (style) {
    case ScalarStyle::Plain: return decode_plain(src, i, value.size());
    case ScalarStyle::SingleQuoted: return decode_single(src, i + 1);
    case ScalarStyle::DoubleQuoted: return decode_double(src, i + 1);
    case ScalarStyle::Literal:
    case ScalarStyle::Folded: break;
  }
  std::size_t header_end = 0;
  std::vector<BlockLine> lines = block_lines(src, i, header_end);
  Decoded d = style == ScalarStyle::Literal ? decode_literal(lines) : decode_folded(lines);
  if (!reconcile_chomping(d, value)) d.text = "\x01<mismatch>";
  return d;
}

// True when the offsets are consecutive bytes of one line (start + i suffices).
bool contiguous(const std::string& src, const std::vector<std::size_t>& offsets) {
  for (std::size_t k = 1; k < offsets.size(); ++k)
    if (offsets[k] != offsets[0] + k) return false;
  if (offsets.empty()) return true;
  return src.find('\n', offsets.front()) >= offsets.back();
}

}  // namespace

LocatedScalar locate_scalar(const SourceFilePtr& file, const LineIndex& lines, std::size_t offset,
                            const std::string& value) {
  const std::string& src = file->text;
  std::size_t i = skip_properties(src, offset);
  LocatedScalar out;
  out.style = style_at(src, i);
  out.start = lines.location(file, std::min(i, src.size()));
  out.text.text = value;
  Decoded d = decode(src, i, out.style, value);
  out.unterminated = !d.terminated;
  bool quoted = out.style == ScalarStyle::SingleQuoted || out.style == ScalarStyle::DoubleQuoted;
  std::size_t first = quoted ? i + 1 : i;
  if (d.text != value) {
    out.text.start = out.start;
    out.text.approximate = true;
    return out;
  }
  if (contiguous(src, d.offsets)) {
    out.text.start = lines.location(file, d.offsets.empty() ? first : d.offsets.front());
    return out;
  }
  out.text.start = lines.location(file, d.offsets.front());
  out.text.positions.reserve(d.offsets.size());
  for (std::size_t at : d.offsets) out.text.positions.push_back(lines.position(at));
  return out;
}

}  // namespace tf::manifest
