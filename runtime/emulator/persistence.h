// Durable files for the emulator's data directory. A write goes to a temporary file
// beside the target, is fsync'ed, renamed over the target and the directory is
// fsync'ed, so a kill -9 at any moment leaves either the old or the new content,
// never a torn file. Leftover temporary files are ignored (and removed) on load.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace tf::emulator {

// Writes `text` to `path` atomically and durably; throws std::runtime_error on failure.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

// The tenant files of a data directory (DIR/tenants/<tenant id>.json).
class TenantFiles {
 public:
  explicit TenantFiles(std::filesystem::path data_dir);

  // Every stored tenant document, by tenant id. Throws with the file name when a file
  // does not parse (which atomic writes make impossible short of outside edits).
  std::map<std::string, nlohmann::json> load_all() const;
  void save(const std::string& tenant_id, const nlohmann::json& tenant) const;
  bool empty() const;

  const std::filesystem::path& data_dir() const { return data_dir_; }

 private:
  std::filesystem::path tenant_dir() const { return data_dir_ / "tenants"; }
  std::filesystem::path data_dir_;
};

}  // namespace tf::emulator
