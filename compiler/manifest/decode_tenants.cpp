// Decoding `tenants:`: id (a GUID), domain, cloud and auth. A secret written literally
// under `auth` is an error whose source line is shown with the secret masked, so the
// secret never reaches a terminal or a CI log.
#include <algorithm>
#include <cctype>

#include "compiler/core/text.h"
#include "compiler/manifest/decode.h"
#include "compiler/manifest/formats.h"

namespace tf::manifest {

namespace {

const char* kGuidExample = "3d2c1b0a-1111-4222-8333-444455556666";

std::optional<std::string> decode_guid(const YamlNode& node, std::string_view what, std::string_view noun,
                                       Decoder& decoder) {
  std::optional<std::string> text = decoder.text(node, what, noun);
  if (!text) return std::nullopt;
  if (is_guid(*text)) return lower_ascii(*text);
  decoder.diagnostics().error(text_location(node),
                              "expected " + std::string(noun) + " (a GUID such as " + kGuidExample + ") for " +
                                  std::string(what) + ", found " + quote_text(*text),
                              "bad-guid");
  return std::nullopt;
}

std::optional<Cloud> decode_cloud(const YamlNode& node, std::string_view what, Decoder& decoder) {
  static const std::vector<std::pair<std::string, Cloud>> clouds = {
      {"global", Cloud::Global}, {"usgov", Cloud::UsGov}, {"usgov-dod", Cloud::UsGovDod}, {"china", Cloud::China}};
  std::optional<std::string> text = decoder.text(node, what);
  if (!text) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& [name, cloud] : clouds) {
    if (name == *text) return cloud;
    names.push_back(name);
  }
  std::string hint = did_you_mean(*text, names);
  decoder.diagnostics().error(text_location(node),
                              "unknown cloud '" + *text + "' for " + std::string(what) +
                                  (hint.empty() ? "; expected " + one_of(names) : hint),
                              "bad-cloud");
  return std::nullopt;
}

// The location of `node`'s text in a copy of its file where that text is masked.
Location masked_location(const YamlNode& node) {
  Location where = text_location(node);
  const SourceFile& file = *where.file;
  std::string text = file.text;
  std::size_t line_start = 0;
  for (uint32_t l = 1; l < where.line; ++l) line_start = text.find('\n', line_start) + 1;
  std::size_t line_end = std::min(text.find('\n', line_start), text.size());
  std::size_t from = line_start + where.column - 1;
  std::size_t to = node.scalar.positions.empty() && !node.scalar.approximate
                       ? std::min(from + node.text().size(), line_end)
                       : line_end;
  for (std::size_t i = from; i < to; ++i) text[i] = '*';
  where.file = make_source_file(file.path, std::move(text));
  where.length = static_cast<uint32_t>(std::max<std::size_t>(1, to - from));
  return where;
}

std::string env_name(std::string_view tenant, std::string_view key) {
  std::string out;
  for (char c : std::string(tenant) + "_" + std::string(key))
    out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : '_';
  return out;
}

std::optional<SecretRef> decode_secret(const YamlNode& node, std::string_view key, std::string_view tenant,
                                       Decoder& decoder) {
  std::string what = field(key, "tenant '" + std::string(tenant) + "'");
  std::optional<std::string> text = decoder.text(node, what, "'${env:NAME}' or a file path");
  if (!text) return std::nullopt;
  if (std::optional<SecretRef> ref = parse_secret_ref(*text)) {
    ref->location = text_location(node);
    return ref;
  }
  std::string example = key == "certificate" ? "./certs/" + std::string(tenant) + ".pem"
                                             : "./secrets/" + std::string(tenant) + ".txt";
  decoder.diagnostics().error(masked_location(node),
                              what + " is written literally; secrets must not be stored in manifests: write "
                                     "'${env:" + env_name(tenant, key) + "}' and set that variable, or give a "
                                     "file path such as '" + example + "'",
                              "literal-secret");
  return std::nullopt;
}

std::optional<TenantAuth> decode_auth(const YamlEntry& entry, const std::string& tenant, Decoder& decoder) {
  const YamlNode& node = entry.value;
  std::string owner = "'auth' of tenant '" + tenant + "'";
  if (!decoder.mapping(node, owner)) return std::nullopt;
  decoder.known_keys(node, {"client_id", "client_secret", "certificate"}, owner);
  TenantAuth auth;
  auth.location = node.location;
  if (const YamlNode* id = node.find("client_id"))
    auth.client_id = decode_guid(*id, field("client_id", owner), "an application (client) id", decoder);
  if (const YamlNode* s = node.find("client_secret")) auth.client_secret = decode_secret(*s, "client_secret", tenant, decoder);
  if (const YamlNode* c = node.find("certificate")) auth.certificate = decode_secret(*c, "certificate", tenant, decoder);
  bool has_secret = node.find("client_secret") != nullptr, has_certificate = node.find("certificate") != nullptr;
  if (has_secret && has_certificate)
    decoder.diagnostics().error(node.find("certificate")->location,
                                owner + " sets both 'client_secret' and 'certificate'; keep one of them",
                                "conflicting-keys");
  else if (!has_secret && !has_certificate)
    decoder.diagnostics().error(entry.key_location, owner + " has neither 'client_secret' nor 'certificate'; add one",
                                "missing-key");
  if (node.find("client_id") == nullptr)
    decoder.diagnostics().error(entry.key_location, owner + " has no 'client_id'; add the application (client) id",
                                "missing-key");
  return auth;
}

}  // namespace

Tenant decode_tenant(const Definition& definition, Decoder& decoder) {
  Tenant tenant;
  tenant.name = definition.name;
  tenant.location = definition.name_location;
  std::string owner = "tenant '" + definition.name + "'";
  const YamlNode& body = definition.body;
  if (!decoder.mapping(body, owner, "a mapping with the tenant's 'id'")) return tenant;
  decoder.known_keys(body, {"id", "domain", "cloud", "auth"}, owner);
  if (const YamlNode* id = decoder.required(body, "id", owner, definition.name_location, "add the tenant's GUID")) {
    tenant.id = decode_guid(*id, field("id", owner), "a tenant id", decoder).value_or("");
    tenant.id_location = text_location(*id);
  }
  if (const YamlNode* domain = body.find("domain")) {
    std::optional<std::string> text = decoder.text(*domain, field("domain", owner), "a domain name");
    std::string problem = text ? domain_problem(*text) : "";
    if (text && problem.empty()) tenant.domain = *text;
    if (text && !problem.empty())
      decoder.diagnostics().error(text_location(*domain),
                                  "expected a domain name such as 'contoso.com' for " + field("domain", owner) +
                                      ", found " + quote_text(*text) + ": " + problem,
                                  "bad-domain");
  }
  if (const YamlNode* cloud = body.find("cloud"))
    tenant.cloud = decode_cloud(*cloud, field("cloud", owner), decoder).value_or(Cloud::Global);
  if (const YamlEntry* auth = body.find_entry("auth")) tenant.auth = decode_auth(*auth, definition.name, decoder);
  return tenant;
}

}  // namespace tf::manifest
