// Decoding the topology: `hubs:` (hub, spokes, pattern, sync), `meshes:` (members,
// sync, from: per-source overrides) and `links:` (from, to, sync), and the `sync:`
// block they share. A hub's `pattern` is required: it decides the direction in
// which users flow, which is too important to default.
#include "compiler/manifest/decode.h"

namespace tf::manifest {

std::optional<Reference> decode_reference(const YamlNode& node, std::string_view what, std::string_view noun,
                                          Decoder& decoder) {
  std::optional<std::string> name = decoder.text(node, what, "the name of " + std::string(noun));
  if (!name) return std::nullopt;
  return Reference{*name, text_location(node)};
}

SyncSettings decode_sync(const YamlNode& node, std::string_view what, Decoder& decoder) {
  SyncSettings sync;
  sync.location = node.location;
  if (node.is_null()) return sync;
  if (!decoder.mapping(node, what, "a mapping with 'mapping', 'scope' or 'threshold'")) return sync;
  std::string owner(what);
  decoder.known_keys(node, {"mapping", "scope", "threshold"}, owner);
  if (const YamlNode* m = node.find("mapping")) sync.mapping = decode_reference(*m, field("mapping", owner), "a mapping", decoder);
  if (const YamlNode* s = node.find("scope")) sync.scope = decode_reference(*s, field("scope", owner), "a scope", decoder);
  if (const YamlNode* t = node.find("threshold"))
    sync.threshold = decode_reference(*t, field("threshold", owner), "a threshold", decoder);
  return sync;
}

namespace {

std::vector<Reference> decode_tenant_list(const YamlNode& node, const std::string& what, Decoder& decoder) {
  std::vector<Reference> out;
  auto items = decoder.text_items(node, what, "a list of tenant names");
  for (const YamlNode* item : items.value_or(std::vector<const YamlNode*>{}))
    out.push_back(Reference{item->text(), text_location(*item)});
  return out;
}

std::optional<HubPattern> decode_pattern(const YamlNode& node, const std::string& what, Decoder& decoder) {
  std::optional<std::string> text = decoder.text(node, what, "'user-hub' or 'application-hub'");
  if (!text) return std::nullopt;
  if (*text == "user-hub") return HubPattern::UserHub;
  if (*text == "application-hub") return HubPattern::ApplicationHub;
  std::vector<std::string> names = {"user-hub", "application-hub"};
  std::string hint = did_you_mean(*text, names);
  decoder.diagnostics().error(text_location(node),
                              "unknown hub pattern '" + *text + "' for " + what +
                                  (hint.empty() ? "; expected 'user-hub' (hub -> spokes) or 'application-hub' "
                                                  "(spokes -> hub)"
                                                : hint),
                              "bad-pattern");
  return std::nullopt;
}

std::vector<MeshOverride> decode_overrides(const YamlNode& node, const std::string& owner, Decoder& decoder) {
  std::vector<MeshOverride> out;
  std::string what = field("from", owner);
  if (node.is_null() ||
      !decoder.mapping(node, what, "a mapping of member names to sync settings for the links from that member"))
    return out;
  for (const YamlEntry& entry : node.entries) {
    std::string sub = "'from: " + entry.key + "' of " + owner;
    out.push_back(MeshOverride{Reference{entry.key, entry.key_location}, decode_sync(entry.value, sub, decoder)});
  }
  return out;
}

}  // namespace

Hub decode_hub(const Definition& definition, Decoder& decoder) {
  Hub hub;
  hub.name = definition.name;
  hub.location = definition.name_location;
  std::string owner = "hub '" + definition.name + "'";
  const YamlNode& body = definition.body;
  if (!decoder.mapping(body, owner, "a mapping with 'hub', 'spokes' and 'pattern'")) return hub;
  decoder.known_keys(body, {"hub", "spokes", "pattern", "sync"}, owner);
  const Location& at = definition.name_location;
  if (const YamlNode* h = decoder.required(body, "hub", owner, at, "name the hub tenant"))
    hub.hub = decode_reference(*h, field("hub", owner), "a tenant", decoder).value_or(Reference{});
  if (const YamlNode* s = decoder.required(body, "spokes", owner, at, "list the spoke tenants")) {
    hub.spokes = decode_tenant_list(*s, field("spokes", owner), decoder);
    if (s->is_sequence() && s->items.empty())
      decoder.diagnostics().error(s->location, "'spokes' of " + owner + " is empty; list at least one tenant",
                                  "empty-list");
  }
  if (const YamlNode* p = decoder.required(body, "pattern", owner, at,
                                           "add 'pattern: user-hub' (hub -> spokes) or 'pattern: application-hub' "
                                           "(spokes -> hub)"))
    hub.pattern = decode_pattern(*p, field("pattern", owner), decoder).value_or(HubPattern::UserHub);
  if (const YamlNode* s = body.find("sync")) hub.sync = decode_sync(*s, field("sync", owner), decoder);
  return hub;
}

Mesh decode_mesh(const Definition& definition, Decoder& decoder) {
  Mesh mesh;
  mesh.name = definition.name;
  mesh.location = definition.name_location;
  std::string owner = "mesh '" + definition.name + "'";
  const YamlNode& body = definition.body;
  if (!decoder.mapping(body, owner, "a mapping with 'members'")) return mesh;
  decoder.known_keys(body, {"members", "sync", "from"}, owner);
  if (const YamlNode* m = decoder.required(body, "members", owner, definition.name_location, "list its tenants"))
    mesh.members = decode_tenant_list(*m, field("members", owner), decoder);
  if (const YamlNode* s = body.find("sync")) mesh.sync = decode_sync(*s, field("sync", owner), decoder);
  if (const YamlNode* f = body.find("from")) mesh.overrides = decode_overrides(*f, owner, decoder);
  return mesh;
}

Link decode_link(const Definition& definition, Decoder& decoder) {
  Link link;
  link.name = definition.name;
  link.location = definition.name_location;
  std::string owner = "link '" + definition.name + "'";
  const YamlNode& body = definition.body;
  if (!decoder.mapping(body, owner, "a mapping with 'from' and 'to'")) return link;
  decoder.known_keys(body, {"from", "to", "sync"}, owner);
  const Location& at = definition.name_location;
  if (const YamlNode* f = decoder.required(body, "from", owner, at, "name the source tenant"))
    link.from = decode_reference(*f, field("from", owner), "a tenant", decoder).value_or(Reference{});
  if (const YamlNode* t = decoder.required(body, "to", owner, at, "name the target tenant"))
    link.to = decode_reference(*t, field("to", owner), "a tenant", decoder).value_or(Reference{});
  if (const YamlNode* s = body.find("sync")) link.sync = decode_sync(*s, field("sync", owner), decoder);
  return link;
}

}  // namespace tf::manifest
