// Shape checks shared by the decoders of check.h: "is this node a mapping", "which
// keys are unknown", "is this a string / boolean / integer / list of strings". Each
// reports what was expected and what was found, naming the element being decoded
// (an `owner` phrase such as "hub 'corp'"), and returns nullopt (or false) so the
// caller can carry on with the next field: one pass reports every error.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/formats.h"
#include "compiler/manifest/yaml_node.h"

namespace tf::manifest {

class Decoder {
 public:
  explicit Decoder(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  Diagnostics& diagnostics() { return diagnostics_; }

  // `node` is a mapping; otherwise reports "expected <expected> for <what>, found ...".
  bool mapping(const YamlNode& node, std::string_view what, std::string_view expected = "a mapping");
  // Reports every key of `node` not in `allowed`, with a suggestion.
  void known_keys(const YamlNode& node, std::initializer_list<std::string_view> allowed, std::string_view owner);
  // The value of a required key, or nullptr after reporting it missing at `owner_at`.
  const YamlNode* required(const YamlNode& node, std::string_view key, std::string_view owner,
                           const Location& owner_at, std::string_view hint = {});

  // A scalar that is meant as text (a plain number or boolean is taken as its text).
  std::optional<std::string> text(const YamlNode& node, std::string_view what, std::string_view expected = "a string");
  // A scalar as a LocatedString (expressions, filters).
  std::optional<LocatedString> located(const YamlNode& node, std::string_view what,
                                       std::string_view expected = "a string");
  std::optional<bool> boolean(const YamlNode& node, std::string_view what);
  // A sequence whose items are all text; reports every bad item.
  std::optional<std::vector<const YamlNode*>> text_items(const YamlNode& node, std::string_view what,
                                                         std::string_view expected);

  void wrong_type(const YamlNode& node, std::string_view what, std::string_view expected);

 private:
  Diagnostics& diagnostics_;
};

// The location of a scalar's text (inside its quotes), spanning the text on its line;
// for other nodes their first character.
Location text_location(const YamlNode& node);

// "'key' of owner": how messages name a field.
std::string field(std::string_view key, std::string_view owner);

// "'a', 'b' or 'c'".
std::string one_of(const std::vector<std::string>& words);

}  // namespace tf::manifest
