// Loading: listing and reading manifest files, then merging their sections.
#include "compiler/manifest/load.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/manifest/yaml_reader.h"

namespace tf::manifest {

namespace fs = std::filesystem;

namespace {

bool is_manifest_file(const fs::directory_entry& entry) {
  std::error_code ec;
  if (!entry.is_regular_file(ec)) return false;
  std::string ext = entry.path().extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// The manifest files to read for `path`, or an error.
std::vector<fs::path> list_files(const std::string& path, Diagnostics& diagnostics) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    diagnostics.error(Location{}, "cannot read '" + path + "': no such file or directory", "io");
    return {};
  }
  if (!fs::is_directory(status)) return {fs::path(path)};
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(path, ec))
    if (is_manifest_file(entry)) files.push_back(fs::path(path) / entry.path().filename());
  std::sort(files.begin(), files.end());
  if (ec) diagnostics.error(Location{}, "cannot list directory '" + path + "': " + ec.message(), "io");
  else if (files.empty())
    diagnostics.error(Location{}, "no manifest files (*.yaml, *.yml) in directory '" + path + "'", "no-files");
  return files;
}

SourceFilePtr read_source(const fs::path& path, Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in) {
    diagnostics.error(Location{}, "cannot read '" + path.generic_string() + "'", "io");
    return nullptr;
  }
  return make_source_file(path.generic_string(), text.str());
}

std::vector<std::string> section_keys() {
  std::vector<std::string> out;
  for (Section s : kSections) out.emplace_back(section_key(s));
  return out;
}

std::string one_of_sections() {
  std::string out;
  for (Section s : kSections) out += std::string(out.empty() ? "" : ", ") + "'" + std::string(section_key(s)) + "'";
  return out;
}

class Merger {
 public:
  Merger(Manifest& manifest, Diagnostics& diagnostics) : manifest_(manifest), diagnostics_(diagnostics) {}

  void add_file(const YamlNode& root) {
    if (root.is_null()) return;  // an empty file, or only comments
    if (!root.is_mapping()) {
      diagnostics_.error(root.location,
                         "expected a mapping of sections (" + one_of_sections() + ") at the top of the file, found " +
                             describe(root),
                         "wrong-type");
      return;
    }
    for (const YamlEntry& entry : root.entries) add_section(entry);
  }

 private:
  void add_section(const YamlEntry& entry) {
    const Section* section = find_section(entry.key);
    if (section == nullptr) {
      std::string hint = did_you_mean(entry.key, section_keys());
      diagnostics_.error(entry.key_location,
                         "unknown section '" + entry.key + "'" +
                             (hint.empty() ? "; expected one of " + one_of_sections() : hint),
                         "unknown-key");
      return;
    }
    const YamlNode& body = entry.value;
    if (body.is_null()) return;  // an empty section
    if (!body.is_mapping()) {
      diagnostics_.error(body.location,
                         "expected a mapping of " + std::string(section_noun(*section)) + " names to definitions under '" +
                             entry.key + "', found " + describe(body),
                         "wrong-type");
      return;
    }
    for (const YamlEntry& definition : body.entries) add_definition(*section, definition);
  }

  void add_definition(Section section, const YamlEntry& entry) {
    auto& seen = names_[static_cast<std::size_t>(section)];
    auto [it, inserted] = seen.emplace(entry.key, entry.key_location);
    if (!inserted) {
      std::string noun(section_noun(section));
      diagnostics_.error(entry.key_location, noun + " '" + entry.key + "' is defined twice; rename one of them",
                         "duplicate-name")
          .note(it->second, noun + " '" + entry.key + "' is first defined here");
      return;
    }
    manifest_.section(section).push_back(Definition{entry.key, entry.key_location, entry.value});
  }

  static const Section* find_section(const std::string& key) {
    for (const Section& s : kSections)
      if (section_key(s) == key) return &s;
    return nullptr;
  }

  Manifest& manifest_;
  Diagnostics& diagnostics_;
  std::array<std::map<std::string, Location>, 7> names_;
};

}  // namespace

std::optional<Manifest> load_manifest_files(const std::vector<SourceFilePtr>& files, Diagnostics& diagnostics) {
  Diagnostics found;
  std::vector<YamlNode> roots;
  for (const SourceFilePtr& file : files)
    if (std::optional<YamlNode> root = read_yaml(file, found)) roots.push_back(std::move(*root));
  Manifest manifest;
  manifest.files = files;
  if (!found.has_errors()) {
    Merger merger(manifest, found);
    for (const YamlNode& root : roots) merger.add_file(root);
  }
  diagnostics.append(found);
  if (found.has_errors()) return std::nullopt;
  return manifest;
}

std::optional<Manifest> load_manifest(const std::string& path, Diagnostics& diagnostics) {
  Diagnostics found;
  std::vector<SourceFilePtr> files;
  for (const fs::path& file : list_files(path, found))
    if (SourceFilePtr source = read_source(file, found)) files.push_back(std::move(source));
  diagnostics.append(found);
  if (found.has_errors()) return std::nullopt;
  return load_manifest_files(files, diagnostics);
}

}  // namespace tf::manifest
