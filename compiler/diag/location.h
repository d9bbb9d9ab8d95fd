// Source positions. Every node that came from a user's file carries a Location so
// that any later stage can point at the user's text; a Location keeps its file
// (path and contents) alive, so diagnostics render without a separate registry.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tf {

// One file the user wrote (or a pseudo-file such as "<command line>").
struct SourceFile {
  std::string path;
  std::string text;

  // The 1-based line `line` without its line break; empty past the end.
  std::string_view line_text(uint32_t line) const;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

SourceFilePtr make_source_file(std::string path, std::string text);

// A range of `length` bytes starting at 1-based `line` and byte `column`.
// line == 0 means "no location" (a diagnostic about the run, not a file).
struct Location {
  SourceFilePtr file;
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t length = 1;

  bool valid() const { return file && line > 0; }
  const std::string& path() const;
  // The same position moved `bytes` columns to the right, with a new length.
  Location shifted(uint32_t bytes, uint32_t new_length = 1) const;
};

// A string value taken from a file (a YAML scalar), with the means to find the
// file position of any byte of its decoded text. Expression and scope parsers take
// one of these so their errors land on the right column of the manifest.
struct LocatedString {
  std::string text;
  Location start;  // position of text[0] (for a quoted scalar: after the quote)
  // Source position of each byte of `text` when it is not simply start + offset
  // (escapes, folded lines); empty when every byte i sits at start.column + i.
  std::vector<std::pair<uint32_t, uint32_t>> positions;  // (line, column)
  // True when positions are unknown (block scalars with odd layouts): errors then
  // point at the scalar's start and say so.
  bool approximate = false;

  // The location of text[offset, offset + length).
  Location location_of(std::size_t offset, std::size_t length = 1) const;
};

// A LocatedString for text that did not come from a file, e.g. `--expr` on the
// command line: its "file" is `name` and the text is on line 1.
LocatedString located_string_from(std::string text, std::string name);

}  // namespace tf
