// Source positions: line lookup and offset-to-position mapping.
#include "compiler/diag/location.h"

namespace tf {

std::string_view SourceFile::line_text(uint32_t line) const {
  std::string_view rest = text;
  for (uint32_t n = 1; n < line; ++n) {
    std::size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) return {};
    rest.remove_prefix(nl + 1);
  }
  std::size_t end = rest.find('\n');
  std::string_view out = rest.substr(0, end);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

SourceFilePtr make_source_file(std::string path, std::string text) {
  return std::make_shared<const SourceFile>(SourceFile{std::move(path), std::move(text)});
}

const std::string& Location::path() const {
  static const std::string none;
  return file ? file->path : none;
}

Location Location::shifted(uint32_t bytes, uint32_t new_length) const {
  Location out = *this;
  out.column += bytes;
  out.length = new_length;
  return out;
}

Location LocatedString::location_of(std::size_t offset, std::size_t length) const {
  if (approximate || !start.valid()) {
    Location out = start;
    out.length = 1;
    return out;
  }
  uint32_t len = static_cast<uint32_t>(length == 0 ? 1 : length);
  if (positions.empty()) return start.shifted(static_cast<uint32_t>(offset), len);
  Location out = start;
  if (offset >= positions.size()) {
    // Just past the end (an unterminated construct): one column after the last byte.
    if (positions.empty()) return start;
    auto [line, col] = positions.back();
    out.line = line;
    out.column = col + 1;
    out.length = 1;
    return out;
  }
  auto [line, col] = positions[offset];
  out.line = line;
  out.column = col;
  // Underline only as far as the bytes stay on one line and contiguous.
  uint32_t n = 1;
  while (n < len && offset + n < positions.size() && positions[offset + n].first == line &&
         positions[offset + n].second == col + n)
    ++n;
  out.length = n;
  return out;
}

LocatedString located_string_from(std::string text, std::string name) {
  LocatedString out;
  auto file = make_source_file(std::move(name), text);
  out.text = std::move(text);
  out.start = Location{file, 1, 1, 1};
  if (out.text.find('\n') != std::string::npos) {
    uint32_t line = 1, col = 1;
    for (char c : out.text) {
      out.positions.emplace_back(line, col);
      if (c == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
  }
  return out;
}

}  // namespace tf
