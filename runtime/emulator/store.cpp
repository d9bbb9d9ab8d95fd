// The in-memory tenant documents and their write-back (see store.h).
#include "runtime/emulator/store.h"

#include <algorithm>
#include <stdexcept>

namespace tf::emulator {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace

Store::Store(const std::filesystem::path& data_dir) {
  if (data_dir.empty()) return;
  files_.emplace(data_dir);
  tenants_ = files_->load_all();
}

std::optional<std::string> Store::resolve_tenant(const std::string& id_or_domain) const {
  std::string wanted = lower(id_or_domain);
  for (const auto& [id, doc] : tenants_)
    if (lower(id) == wanted || lower(doc.value("domain", "")) == wanted) return id;
  return std::nullopt;
}

const nlohmann::json& Store::tenant(const std::string& tenant_id) const {
  auto it = tenants_.find(tenant_id);
  if (it == tenants_.end()) throw std::out_of_range("no tenant '" + tenant_id + "'");
  return it->second;
}

nlohmann::json& Store::mutable_tenant(const std::string& tenant_id) {
  auto it = tenants_.find(tenant_id);
  if (it == tenants_.end()) throw std::out_of_range("no tenant '" + tenant_id + "'");
  if (std::find(dirty_.begin(), dirty_.end(), tenant_id) == dirty_.end()) dirty_.push_back(tenant_id);
  return it->second;
}

void Store::add_tenant(const std::string& tenant_id, nlohmann::json document) {
  tenants_[tenant_id] = std::move(document);
  if (std::find(dirty_.begin(), dirty_.end(), tenant_id) == dirty_.end()) dirty_.push_back(tenant_id);
}

std::vector<std::string> Store::tenant_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, doc] : tenants_) ids.push_back(id);
  return ids;
}

void Store::flush() {
  std::vector<std::string> pending;
  pending.swap(dirty_);
  if (!files_) return;
  for (const std::string& id : pending) files_->save(id, tenants_.at(id));
}

}  // namespace tf::emulator
