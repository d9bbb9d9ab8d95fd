// add_plan_tenants (plan_tenants.h).
#include "runtime/apply/plan_tenants.h"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

namespace tf::apply {

namespace {

std::optional<std::string> from_environment(const plan::PlanTenant& tenant, const std::string& variable,
                                            const std::string& what, Diagnostics& diagnostics) {
  const char* value = std::getenv(variable.c_str());
  if (value && *value) return std::string(value);
  diagnostics.error({}, "tenant '" + tenant.name + "': the environment variable '" + variable + "' for its " + what +
                            " is not set; export it before running tenantform apply",
                    "missing-secret");
  return std::nullopt;
}

std::optional<std::string> from_file(const plan::PlanTenant& tenant, const std::string& path, const std::string& what,
                                     Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  std::string out = text.str();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  if (!out.empty()) return out;
  diagnostics.error({}, "tenant '" + tenant.name + "': cannot read its " + what + " from the file '" + path +
                            "'; check that the file exists and is readable",
                    "missing-secret");
  return std::nullopt;
}

std::optional<graph::Credential> credential_of(const plan::PlanTenant& tenant, Diagnostics& diagnostics) {
  graph::EnvironmentToken ready = graph::token_from_environment(tenant.name);
  if (!ready.error.empty()) {
    diagnostics.error({}, "tenant '" + tenant.name + "': " + ready.error, "missing-secret");
    return std::nullopt;
  }
  if (ready.credential) return graph::Credential{*ready.credential};
  bool has_secret = tenant.secret_env || tenant.secret_file;
  bool has_certificate = tenant.certificate_env || tenant.certificate_file;
  if (!tenant.client_id || (!has_secret && !has_certificate)) {
    diagnostics.error({}, "tenant '" + tenant.name + "': the plan names no client id and secret or certificate, and '" +
                              graph::token_variable(tenant.name) + "' is not set; add 'auth' to the tenant or export a token",
                      "missing-credential");
    return std::nullopt;
  }
  if (has_secret) {
    std::optional<std::string> secret = tenant.secret_env
                                            ? from_environment(tenant, *tenant.secret_env, "client secret", diagnostics)
                                            : from_file(tenant, *tenant.secret_file, "client secret", diagnostics);
    if (!secret) return std::nullopt;
    return graph::Credential{graph::ClientSecretCredential{*tenant.client_id, *secret}};
  }
  std::optional<std::string> path =
      tenant.certificate_env ? from_environment(tenant, *tenant.certificate_env, "certificate file path", diagnostics)
                             : std::optional<std::string>(*tenant.certificate_file);
  if (!path) return std::nullopt;
  return graph::Credential{graph::CertificateFileCredential{*tenant.client_id, *path}};
}

}  // namespace

void add_plan_tenants(graph::GraphClient& client, const plan::Plan& plan, Diagnostics& diagnostics) {
  for (const plan::PlanTenant& tenant : plan.tenants) {
    std::optional<graph::Cloud> cloud = graph::cloud_from_name(tenant.cloud.empty() ? "global" : tenant.cloud);
    if (!cloud) {
      diagnostics.error({}, "tenant '" + tenant.name + "': unknown cloud '" + tenant.cloud +
                                "' in the plan; expected global, usgov, usgov-dod or china",
                        "bad-plan");
      continue;
    }
    std::optional<graph::Credential> credential = credential_of(tenant, diagnostics);
    if (!credential) continue;
    std::optional<Diagnostic> error = client.add_tenant({tenant.name, tenant.id, *cloud, std::move(*credential)});
    if (error) diagnostics.add(std::move(*error));
  }
}

}  // namespace tf::apply
