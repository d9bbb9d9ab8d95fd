// add_manifest_tenants (observe.h): each manifest tenant registered with the Graph
// client with the credential its `auth` names. Values of secrets are read here and
// handed to the client only; messages name variables and files, never contents.
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "runtime/observe/observe.h"

namespace tf::observe {

namespace {

graph::Cloud graph_cloud(manifest::Cloud cloud) {
  switch (cloud) {
    case manifest::Cloud::Global: return graph::Cloud::Global;
    case manifest::Cloud::UsGov: return graph::Cloud::UsGov;
    case manifest::Cloud::UsGovDod: return graph::Cloud::UsGovDod;
    case manifest::Cloud::China: return graph::Cloud::China;
  }
  return graph::Cloud::Global;
}

std::optional<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  std::string out = text.str();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// The value a SecretRef points at (the variable's value or the file's contents);
// nullopt with a diagnostic when it is missing. `what` is "client secret"...
std::optional<std::string> resolve_secret(const manifest::Tenant& tenant, const manifest::SecretRef& ref,
                                          const std::string& what, Diagnostics& diagnostics) {
  if (ref.kind == manifest::SecretKind::Environment) {
    const char* value = std::getenv(ref.value.c_str());
    if (value && *value) return std::string(value);
    diagnostics.error(ref.location,
                      "tenant '" + tenant.name + "': the environment variable '" + ref.value + "' for its " + what +
                          " is not set; export it before running tenantform",
                      "missing-secret");
    return std::nullopt;
  }
  std::optional<std::string> text = read_whole_file(ref.value);
  if (text && !text->empty()) return text;
  diagnostics.error(ref.location,
                    "tenant '" + tenant.name + "': cannot read its " + what + " from the file '" + ref.value +
                        "'; check that the file exists and is readable",
                    "missing-secret");
  return std::nullopt;
}

std::optional<graph::Credential> credential_of(const manifest::Tenant& tenant, Diagnostics& diagnostics) {
  graph::EnvironmentToken ready = graph::token_from_environment(tenant.name);
  if (!ready.error.empty()) {
    diagnostics.error(tenant.location, "tenant '" + tenant.name + "': " + ready.error, "missing-secret");
    return std::nullopt;
  }
  if (ready.credential) return graph::Credential{*ready.credential};
  if (!tenant.auth) {
    diagnostics.error(tenant.location,
                      "tenant '" + tenant.name + "' has no 'auth' and the environment variable '" +
                          graph::token_variable(tenant.name) +
                          "' is not set; add 'auth' with a client id and secret, or export a token",
                      "missing-credential");
    return std::nullopt;
  }
  const manifest::TenantAuth& auth = *tenant.auth;
  if (!auth.client_id || (!auth.client_secret && !auth.certificate)) {
    diagnostics.error(auth.location,
                      "tenant '" + tenant.name + "': 'auth' needs a 'client_id' and a 'client_secret' or 'certificate'",
                      "missing-credential");
    return std::nullopt;
  }
  if (auth.client_secret) {
    std::optional<std::string> secret = resolve_secret(tenant, *auth.client_secret, "client secret", diagnostics);
    if (!secret) return std::nullopt;
    return graph::Credential{graph::ClientSecretCredential{*auth.client_id, *secret}};
  }
  const manifest::SecretRef& certificate = *auth.certificate;
  std::string path = certificate.value;
  if (certificate.kind == manifest::SecretKind::Environment) {
    std::optional<std::string> named = resolve_secret(tenant, certificate, "certificate file path", diagnostics);
    if (!named) return std::nullopt;
    path = *named;
  }
  return graph::Credential{graph::CertificateFileCredential{*auth.client_id, path}};
}

}  // namespace

void add_manifest_tenants(graph::GraphClient& client, const manifest::Model& model, Diagnostics& diagnostics) {
  for (const manifest::Tenant& tenant : model.tenants) {
    std::optional<graph::Credential> credential = credential_of(tenant, diagnostics);
    if (!credential) continue;
    std::optional<Diagnostic> error =
        client.add_tenant({tenant.name, tenant.id, graph_cloud(tenant.cloud), std::move(*credential)});
    if (error) diagnostics.add(std::move(*error));
  }
}

}  // namespace tf::observe
