// SHA-256 of the manifest files (see manifest_hash.h), through OpenSSL's EVP API.
#include "compiler/plan/manifest_hash.h"

#include "compiler/core/sha256.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace tf::plan {

namespace fs = std::filesystem;

namespace {

// Each file as "<name>\0<size>\0<text>" so no two file sets hash alike by accident.
std::string hex_sha256(const std::vector<ManifestFile>& files) {
  Sha256 hash;
  for (const ManifestFile& file : files) {
    hash.update(file.name + '\0' + std::to_string(file.text.size()) + '\0');
    hash.update(file.text);
  }
  return "sha256:" + hash.hex();
}

bool is_manifest_name(const fs::path& path) {
  return path.extension() == ".yaml" || path.extension() == ".yml";
}

std::optional<std::string> read_text(const fs::path& path, Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in) {
    diagnostics.error(Location{}, "cannot read '" + path.generic_string() + "' to hash the manifest", "io");
    return std::nullopt;
  }
  return text.str();
}

}  // namespace

std::string manifest_hash(std::vector<ManifestFile> files) {
  std::sort(files.begin(), files.end(),
            [](const ManifestFile& a, const ManifestFile& b) { return a.name < b.name; });
  return hex_sha256(files);
}

std::optional<std::string> hash_manifest_path(const std::string& path, Diagnostics& diagnostics) {
  std::error_code ec;
  std::vector<fs::path> paths;
  if (fs::is_directory(path, ec)) {
    for (const fs::directory_entry& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file(ec) && is_manifest_name(entry.path())) paths.push_back(entry.path());
  } else {
    paths.push_back(fs::path(path));
  }
  std::vector<ManifestFile> files;
  for (const fs::path& file : paths) {
    std::optional<std::string> text = read_text(file, diagnostics);
    if (!text) return std::nullopt;
    files.push_back({file.filename().generic_string(), std::move(*text)});
  }
  return manifest_hash(std::move(files));
}

}  // namespace tf::plan
