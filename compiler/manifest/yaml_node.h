// The manifest's own YAML tree. The YAML reader (yaml_reader.h) builds it and is the
// only code that sees yaml-cpp; every later stage works on these nodes. A node keeps
// the Location of its first character, mappings keep their keys in source order with
// each key's location, and a scalar keeps its style and its text as a LocatedString,
// so that an error anywhere downstream can point at the user's text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diag/location.h"

namespace tf::manifest {

enum class YamlKind { Null, Scalar, Sequence, Mapping };

enum class ScalarStyle { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

struct YamlEntry;

struct YamlNode {
  YamlKind kind = YamlKind::Null;
  Location location;  // the node's first character (for an empty value: its key)
  ScalarStyle style = ScalarStyle::Plain;
  LocatedString scalar;            // kind == Scalar: the decoded text
  std::vector<YamlNode> items;     // kind == Sequence
  std::vector<YamlEntry> entries;  // kind == Mapping, in source order, keys unique

  bool is_null() const { return kind == YamlKind::Null; }
  bool is_scalar() const { return kind == YamlKind::Scalar; }
  bool is_sequence() const { return kind == YamlKind::Sequence; }
  bool is_mapping() const { return kind == YamlKind::Mapping; }

  // The value of `key` in a mapping, or nullptr (also for a node that is no mapping).
  const YamlNode* find(std::string_view key) const;
  // The entry of `key` (to reach the key's location), or nullptr.
  const YamlEntry* find_entry(std::string_view key) const;
  // The text of a scalar ("" for any other node).
  const std::string& text() const { return scalar.text; }
  // A scalar written without quotes, so YAML would give it a type of its own.
  bool is_plain() const { return kind == YamlKind::Scalar && style == ScalarStyle::Plain; }
};

struct YamlEntry {
  std::string key;
  Location key_location;  // spans the key's text
  YamlNode value;
};

// "a mapping", "a sequence", "null", "a string", "a boolean", "a number": what a
// diagnostic says it found. Plain scalars are typed as YAML 1.2's core schema does.
std::string describe(const YamlNode& node);

// Plain scalars of YAML 1.2's core schema: true/True/TRUE, false/False/FALSE.
std::optional<bool> plain_bool(const YamlNode& node);
// A plain decimal integer such as 500 or -1 (nullopt if not one or out of range).
std::optional<std::int64_t> plain_integer(const YamlNode& node);
// A plain number of any form YAML 1.2 knows (integer, float, 0x.., .inf).
bool is_plain_number(const YamlNode& node);

}  // namespace tf::manifest
