// Where each byte of a YAML scalar came from. yaml-cpp hands over a scalar's decoded
// text and the position of its first character only; this module re-reads the raw
// source from there, following the scalar's style (plain, 'single', "double" with
// escapes, | literal and > folded blocks, line folding), and records the source line
// and column of every decoded byte. The result is checked against yaml-cpp's text:
// when the two disagree (a layout this module does not model) the LocatedString is
// marked approximate, so errors point at the scalar's start and say so. It also
// notices a quoted scalar left open at the end of the file, which yaml-cpp accepts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "compiler/diag/location.h"
#include "compiler/manifest/yaml_node.h"

namespace tf::manifest {

// Byte offsets of line starts in one file, to turn offsets into 1-based positions.
class LineIndex {
 public:
  explicit LineIndex(const std::string& text);
  // 1-based (line, byte column) of `offset`.
  std::pair<uint32_t, uint32_t> position(std::size_t offset) const;
  Location location(const SourceFilePtr& file, std::size_t offset, uint32_t length = 1) const;

 private:
  std::vector<std::size_t> starts_;
};

struct LocatedScalar {
  ScalarStyle style = ScalarStyle::Plain;
  LocatedString text;
  Location start;            // the scalar's first source character (a quote, '|', '>')
  bool unterminated = false;  // a quoted scalar that runs to the end of the file
};

// Locates the scalar whose first character (or anchor/tag) is at byte `offset` of
// `file` and whose decoded text is `value`.
LocatedScalar locate_scalar(const SourceFilePtr& file, const LineIndex& lines, std::size_t offset,
                            const std::string& value);

}  // namespace tf::manifest
