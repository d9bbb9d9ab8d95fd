// The emulator's state: one JSON document per tenant, held in memory and written to
// the data directory after every change. Callers take the lock for a whole request
// (Store::Lock), read with tenant(), change through mutable_tenant() (which marks
// the tenant dirty) and call flush() before answering, so an acknowledged write is
// on disk. Tenants are flushed in the order they were first marked dirty. A request
// that only reads may take the shared lock instead (Store::ReadLock, many at once):
// under it only the const members may be called (no mutable_tenant, add_tenant or
// flush).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/emulator/persistence.h"

namespace tf::emulator {

class Store {
 public:
  // A store persisted under `data_dir` (loaded from it), or purely in memory when
  // `data_dir` is empty.
  explicit Store(const std::filesystem::path& data_dir);

  using Lock = std::unique_lock<std::shared_mutex>;
  using ReadLock = std::shared_lock<std::shared_mutex>;
  Lock lock() { return Lock(mutex_); }
  ReadLock read_lock() { return ReadLock(mutex_); }

  bool has_tenant(const std::string& tenant_id) const { return tenants_.count(tenant_id) != 0; }
  // The tenant whose id or domain is `id_or_domain` (case-insensitive), if any.
  std::optional<std::string> resolve_tenant(const std::string& id_or_domain) const;
  const nlohmann::json& tenant(const std::string& tenant_id) const;
  nlohmann::json& mutable_tenant(const std::string& tenant_id);
  void add_tenant(const std::string& tenant_id, nlohmann::json document);
  std::vector<std::string> tenant_ids() const;
  bool empty() const { return tenants_.empty(); }

  // Writes every dirty tenant to disk.
  void flush();

 private:
  std::optional<TenantFiles> files_;
  std::shared_mutex mutex_;
  std::map<std::string, nlohmann::json> tenants_;
  std::vector<std::string> dirty_;
};

}  // namespace tf::emulator
