// The versioned view of each kind of object (version.h).
#include "runtime/observe/version.h"

#include <algorithm>

#include "runtime/observe/normalise.h"

namespace tf::observe {

using nlohmann::json;
using plan::ResourceKind;

const std::vector<std::string>& sync_app_select() {
  static const std::vector<std::string> fields{"id", "appId", "displayName", "tags", "applicationTemplateId", "appRoles"};
  return fields;
}

namespace {
constexpr std::string_view kDirectories = "directories";  // of a schema, left out of its version
}  // namespace

const std::vector<std::string>& schema_unread() {
  static const std::vector<std::string> members{std::string(kDirectories)};
  return members;
}

json versioned_view(ResourceKind kind, const json& read) {
  if (!read.is_object()) return read;
  switch (kind) {
    case ResourceKind::PartnerConfiguration: {
      json config = read;
      config.erase("identitySynchronization");
      return config;
    }
    case ResourceKind::SyncSecrets: {
      json values = json::object();
      const json items = read.contains("value") && read["value"].is_array() ? read["value"] : json::array();
      for (const json& s : items)
        if (s.is_object() && s.contains("key") && s["key"].is_string())
          values[s["key"].get<std::string>()] = s.contains("value") ? s["value"] : json(nullptr);
      return values;
    }
    case ResourceKind::SyncJob: {
      json job = read;
      job.erase("status");
      return job;
    }
    case ResourceKind::JobState: return read.contains("schedule") ? read["schedule"] : json::object();
    case ResourceKind::AppRoleAssignments: {
      std::vector<json> items;
      if (read.contains("value") && read["value"].is_array())
        for (const json& a : read["value"]) items.push_back(a);
      auto id = [](const json& a) {
        return a.is_object() && a.contains("id") && a["id"].is_string() ? a["id"].get<std::string>() : std::string();
      };
      std::stable_sort(items.begin(), items.end(), [&](const json& a, const json& b) { return id(a) < id(b); });
      return json{{"value", items}};
    }
    case ResourceKind::SyncSchema: {
      json schema = read;
      schema.erase(std::string(kDirectories));
      return schema;
    }
    case ResourceKind::IdentitySyncPolicy:
    case ResourceKind::SyncApp: return read;
  }
  return read;
}

std::string read_version(ResourceKind kind, const json& read) {
  if (!read.is_object()) return version_of(read);
  // The views that only leave out top-level keys are hashed without being built.
  switch (kind) {
    case ResourceKind::PartnerConfiguration: return version_of(read, {"identitySynchronization"});
    case ResourceKind::SyncJob: return version_of(read, {"status"});
    case ResourceKind::SyncSchema: return version_of(read, {kDirectories});
    case ResourceKind::IdentitySyncPolicy:
    case ResourceKind::SyncApp: return version_of(read);
    case ResourceKind::SyncSecrets:
    case ResourceKind::JobState:
    case ResourceKind::AppRoleAssignments: break;
  }
  return version_of(versioned_view(kind, read));
}

}  // namespace tf::observe
