// Decoding `mappings:`: `extends` (only `default` in v1) and `attributes`, whose
// entries are an expression string, null (drop the template's default mapping of that
// attribute), or {expression, apply: always|on-create}.
#include "compiler/manifest/decode.h"

namespace tf::manifest {

namespace {

std::optional<ApplyWhen> decode_apply(const YamlNode& node, std::string_view what, Decoder& decoder) {
  std::optional<std::string> text = decoder.text(node, what, "'always' or 'on-create'");
  if (!text) return std::nullopt;
  if (*text == "always") return ApplyWhen::Always;
  if (*text == "on-create") return ApplyWhen::OnCreate;
  std::vector<std::string> names = {"always", "on-create"};
  std::string hint = did_you_mean(*text, names);
  decoder.diagnostics().error(text_location(node),
                              "unknown value '" + *text + "' for " + std::string(what) +
                                  (hint.empty() ? "; expected " + one_of(names) : hint),
                              "bad-value");
  return std::nullopt;
}

AttributeMapping decode_attribute(const YamlEntry& entry, const std::string& mapping, Decoder& decoder) {
  AttributeMapping out;
  out.target = entry.key;
  out.location = entry.key_location;
  std::string owner = "attribute '" + entry.key + "' of mapping '" + mapping + "'";
  const YamlNode& value = entry.value;
  if (value.is_null()) return out;  // drops the default mapping
  if (value.is_scalar()) {
    out.expression = value.scalar;
    return out;
  }
  if (!value.is_mapping()) {
    decoder.wrong_type(value, owner, "an expression (a string), null, or a mapping with 'expression' and 'apply'");
    return out;
  }
  decoder.known_keys(value, {"expression", "apply"}, owner);
  if (const YamlNode* e = decoder.required(value, "expression", owner, value.location, "add the expression"))
    out.expression = decoder.located(*e, field("expression", owner), "an expression (a string)");
  if (const YamlNode* a = value.find("apply"))
    out.apply = decode_apply(*a, field("apply", owner), decoder).value_or(ApplyWhen::Always);
  return out;
}

}  // namespace

Mapping decode_mapping(const Definition& definition, Decoder& decoder) {
  Mapping mapping;
  mapping.name = definition.name;
  mapping.location = definition.name_location;
  std::string owner = "mapping '" + definition.name + "'";
  const YamlNode& body = definition.body;
  if (body.is_null()) return mapping;  // the template defaults, unchanged
  if (!decoder.mapping(body, owner, "a mapping with 'extends' and 'attributes'")) return mapping;
  decoder.known_keys(body, {"extends", "attributes"}, owner);
  if (const YamlNode* extends = body.find("extends")) {
    std::optional<std::string> base = decoder.text(*extends, field("extends", owner), "the name of a base mapping");
    if (base && *base != "default") {
      std::string hint = did_you_mean(*base, {"default"});
      decoder.diagnostics().error(text_location(*extends),
                                  "unknown base mapping '" + *base + "' for " + field("extends", owner) +
                                      (hint.empty() ? "; the only base is 'default' (the template's mappings)" : hint),
                                  "bad-value");
    }
  }
  const YamlNode* attributes = body.find("attributes");
  if (attributes == nullptr || attributes->is_null()) return mapping;
  if (!decoder.mapping(*attributes, field("attributes", owner), "a mapping of target attributes to expressions"))
    return mapping;
  for (const YamlEntry& entry : attributes->entries)
    mapping.attributes.push_back(decode_attribute(entry, definition.name, decoder));
  return mapping;
}

}  // namespace tf::manifest
