// Shape checks for the decoders.
#include "compiler/manifest/decoder.h"

#include <algorithm>
#include <cctype>

namespace tf::manifest {

Location text_location(const YamlNode& node) {
  if (!node.is_scalar()) return node.location;
  return node.scalar.location_of(0, node.text().size());
}

std::string field(std::string_view key, std::string_view owner) {
  return "'" + std::string(key) + "' of " + std::string(owner);
}

std::string one_of(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += "'" + words[i] + "'";
  }
  return out;
}

void Decoder::wrong_type(const YamlNode& node, std::string_view what, std::string_view expected) {
  diagnostics_.error(text_location(node),
                     "expected " + std::string(expected) + " for " + std::string(what) + ", found " + describe(node),
                     "wrong-type");
}

bool Decoder::mapping(const YamlNode& node, std::string_view what, std::string_view expected) {
  if (node.is_mapping()) return true;
  wrong_type(node, what, expected);
  return false;
}

void Decoder::known_keys(const YamlNode& node, std::initializer_list<std::string_view> allowed,
                         std::string_view owner) {
  std::vector<std::string> candidates(allowed.begin(), allowed.end());
  for (const YamlEntry& entry : node.entries) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == entry.key;
    if (known) continue;
    std::string hint = did_you_mean(entry.key, candidates);
    if (hint.empty()) hint = "; expected " + one_of(candidates);
    diagnostics_.error(entry.key_location, "unknown key '" + entry.key + "' in " + std::string(owner) + hint,
                       "unknown-key");
  }
}

const YamlNode* Decoder::required(const YamlNode& node, std::string_view key, std::string_view owner,
                                  const Location& owner_at, std::string_view hint) {
  if (const YamlNode* value = node.find(key)) return value;
  diagnostics_.error(owner_at,
                     std::string(owner) + " has no '" + std::string(key) + "'" +
                         (hint.empty() ? std::string{} : "; " + std::string(hint)),
                     "missing-key");
  return nullptr;
}

std::optional<std::string> Decoder::text(const YamlNode& node, std::string_view what, std::string_view expected) {
  if (node.is_scalar()) return node.text();
  wrong_type(node, what, expected);
  return std::nullopt;
}

std::optional<LocatedString> Decoder::located(const YamlNode& node, std::string_view what,
                                              std::string_view expected) {
  if (node.is_scalar()) return node.scalar;
  wrong_type(node, what, expected);
  return std::nullopt;
}

std::optional<bool> Decoder::boolean(const YamlNode& node, std::string_view what) {
  if (std::optional<bool> b = plain_bool(node)) return b;
  static const std::vector<std::string> yaml11 = {"yes", "no", "on", "off", "y", "n"};
  std::string lowered = node.text();
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool legacy = node.is_plain() && std::find(yaml11.begin(), yaml11.end(), lowered) != yaml11.end();
  diagnostics_.error(text_location(node),
                     "expected true or false for " + std::string(what) + ", found " + describe(node) +
                         (legacy ? "; YAML 1.2 reads '" + node.text() + "' as text, write true or false" : ""),
                     "wrong-type");
  return std::nullopt;
}

std::optional<std::vector<const YamlNode*>> Decoder::text_items(const YamlNode& node, std::string_view what,
                                                                std::string_view expected) {
  if (!node.is_sequence()) {
    wrong_type(node, what, expected);
    return std::nullopt;
  }
  std::vector<const YamlNode*> out;
  bool ok = true;
  for (const YamlNode& item : node.items) {
    if (item.is_scalar()) {
      out.push_back(&item);
    } else {
      wrong_type(item, "an item of " + std::string(what), "a string");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace tf::manifest
