// The manifest's YAML tree: lookup and the typing of plain scalars.
#include "compiler/manifest/yaml_node.h"

#include <charconv>
#include <regex>

namespace tf::manifest {

const YamlNode* YamlNode::find(std::string_view key) const {
  for (const YamlEntry& entry : entries)
    if (entry.key == key) return &entry.value;
  return nullptr;
}

const YamlEntry* YamlNode::find_entry(std::string_view key) const {
  for (const YamlEntry& entry : entries)
    if (entry.key == key) return &entry;
  return nullptr;
}

std::optional<bool> plain_bool(const YamlNode& node) {
  if (!node.is_plain()) return std::nullopt;
  const std::string& t = node.text();
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  return std::nullopt;
}

std::optional<std::int64_t> plain_integer(const YamlNode& node) {
  if (!node.is_plain()) return std::nullopt;
  const std::string& t = node.text();
  std::size_t start = (!t.empty() && (t[0] == '-' || t[0] == '+')) ? 1 : 0;
  if (start == t.size()) return std::nullopt;
  for (std::size_t i = start; i < t.size(); ++i)
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  std::int64_t value = 0;
  const char* first = t.data() + (t[0] == '+' ? 1 : 0);
  auto [end, error] = std::from_chars(first, t.data() + t.size(), value);
  if (error != std::errc{} || end != t.data() + t.size()) return std::nullopt;
  return value;
}

bool is_plain_number(const YamlNode& node) {
  if (!node.is_plain()) return false;
  static const std::regex number(
      R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))");
  return std::regex_match(node.text(), number);
}

std::string describe(const YamlNode& node) {
  switch (node.kind) {
    case YamlKind::Null: return "null";
    case YamlKind::Sequence: return "a sequence";
    case YamlKind::Mapping: return "a mapping";
    case YamlKind::Scalar: break;
  }
  if (plain_bool(node)) return "a boolean";
  if (is_plain_number(node)) return "a number";
  return "a string";
}

}  // namespace tf::manifest
