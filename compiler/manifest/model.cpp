// Lookups and names for the Model.
#include "compiler/manifest/model.h"

namespace tf::manifest {

namespace {

template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items)
    if (item.name == name) return &item;
  return nullptr;
}

}  // namespace

const Tenant* Model::tenant(const std::string& name) const { return find_named(tenants, name); }
const Mapping* Model::mapping(const std::string& name) const { return find_named(mappings, name); }
const Scope* Model::scope(const std::string& name) const { return find_named(scopes, name); }
const Threshold* Model::threshold(const std::string& name) const { return find_named(thresholds, name); }

const char* cloud_name(Cloud cloud) {
  switch (cloud) {
    case Cloud::Global: return "global";
    case Cloud::UsGov: return "usgov";
    case Cloud::UsGovDod: return "usgov-dod";
    case Cloud::China: return "china";
  }
  return "global";
}

const char* hub_pattern_name(HubPattern pattern) {
  return pattern == HubPattern::UserHub ? "user-hub" : "application-hub";
}

const char* apply_when_name(ApplyWhen apply) { return apply == ApplyWhen::Always ? "always" : "on-create"; }

}  // namespace tf::manifest
