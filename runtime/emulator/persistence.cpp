// Atomic, durable file writes and the tenant files of a data directory (see persistence.h).
#include "runtime/emulator/persistence.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace tf::emulator {

namespace {

constexpr int kFormat = 1;

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw std::runtime_error(what + " '" + path.string() + "': " + std::strerror(errno));
}

void write_all(int fd, const std::string& text, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write", path);
    done += static_cast<std::size_t>(n);
  }
}

void fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) fail("cannot open directory", dir);
  ::fsync(fd);
  ::close(fd);
}

bool is_temporary(const std::filesystem::path& path) { return path.filename().string().starts_with("."); }

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::path temp = path.parent_path() / ("." + path.filename().string() + ".tmp");
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot create", temp);
  write_all(fd, text, temp);
  if (::fsync(fd) != 0) fail("cannot fsync", temp);
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) fail("cannot rename", temp);
  fsync_directory(path.parent_path());
}

TenantFiles::TenantFiles(std::filesystem::path data_dir) : data_dir_(std::move(data_dir)) {
  std::filesystem::create_directories(tenant_dir());
}

std::map<std::string, nlohmann::json> TenantFiles::load_all() const {
  std::map<std::string, nlohmann::json> out;
  for (const auto& entry : std::filesystem::directory_iterator(tenant_dir())) {
    const std::filesystem::path& path = entry.path();
    if (is_temporary(path)) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
      continue;
    }
    if (path.extension() != ".json") continue;
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    if (doc.is_discarded() || !doc.contains("tenant") || doc.value("format", 0) != kFormat)
      throw std::runtime_error("the tenant file '" + path.string() + "' is not a valid emulator store file");
    out[path.stem().string()] = std::move(doc["tenant"]);
  }
  return out;
}

void TenantFiles::save(const std::string& tenant_id, const nlohmann::json& tenant) const {
  nlohmann::json doc = {{"format", kFormat}, {"tenant", tenant}};
  write_file_atomically(tenant_dir() / (tenant_id + ".json"), doc.dump(1));
}

bool TenantFiles::empty() const {
  for (const auto& entry : std::filesystem::directory_iterator(tenant_dir()))
    if (!is_temporary(entry.path()) && entry.path().extension() == ".json") return false;
  return true;
}

}  // namespace tf::emulator
