// plan_file: saved plans round-trip field for field, and any corrupt or foreign file is
// a clear error (naming the JSON path), never a crash. manifest_hash: the hash of the
// manifest files, independent of how the directory is spelled.
#include <doctest/doctest.h>

#include "compiler/plan/manifest_hash.h"
#include "compiler/plan/plan_file.h"
#include "tests/plan/sample_plans.h"
#include "tests/support/util.h"

namespace {

using namespace tf::plan;
using namespace tf::plan::fixtures;

std::string first_error(const tf::Diagnostics& diagnostics) {
  for (const tf::Diagnostic& d : diagnostics.items())
    if (d.severity == tf::Severity::Error) return d.message;
  return "";
}

// Loads `text`, expecting failure; returns the error message.
std::string load_error(const std::string& text) {
  tf::Diagnostics diagnostics;
  std::optional<Plan> plan = load_plan(text, diagnostics);
  CHECK_FALSE(plan.has_value());
  CHECK(diagnostics.error_count() == 1);
  return first_error(diagnostics);
}

nlohmann::json saved_json(const Plan& plan) {
  return nlohmann::json::parse(save_plan(plan));
}

}  // namespace

TEST_CASE("plan_file: every sample plan survives a save and load unchanged") {
  for (const Plan& plan : {all_create_plan(), mixed_plan(), replace_plan(), no_change_plan()}) {
    std::string saved = save_plan(plan);
    tf::Diagnostics diagnostics;
    std::optional<Plan> loaded = load_plan(saved, diagnostics);
    REQUIRE(loaded.has_value());
    CHECK(diagnostics.empty());
    CHECK(save_plan(*loaded) == saved);
    CHECK(loaded->changes.size() == plan.changes.size());
  }
}

TEST_CASE("plan_file: a loaded plan keeps actions, links, ids, field changes, tenants and versions") {
  Plan plan = mixed_plan();
  tf::Diagnostics diagnostics;
  std::optional<Plan> loaded = load_plan(save_plan(plan), diagnostics);
  REQUIRE(loaded.has_value());
  for (std::size_t i = 0; i < plan.changes.size(); ++i) {
    const Change& a = plan.changes[i];
    const Change& b = loaded->changes[i];
    CHECK(a.address == b.address);
    CHECK(a.kind == b.kind);
    CHECK(a.action == b.action);
    CHECK(a.link == b.link);
    CHECK(a.ids == b.ids);
    CHECK(a.drift == b.drift);
    CHECK(a.depends_on == b.depends_on);
    CHECK(a.before == b.before);
    CHECK(a.after == b.after);
    REQUIRE(a.fields.size() == b.fields.size());
    for (std::size_t f = 0; f < a.fields.size(); ++f) {
      CHECK(a.fields[f].path == b.fields[f].path);
      CHECK(a.fields[f].before == b.fields[f].before);
      CHECK(field_after(a, a.fields[f]) == field_after(b, b.fields[f]));
    }
  }
  REQUIRE(loaded->tenants.size() == 2);
  CHECK(loaded->tenants[0].secret_env == "CONTOSO_SECRET");
  CHECK_FALSE(loaded->tenants[0].certificate_file.has_value());
  CHECK(loaded->tenants[1].certificate_file == "fabrikam.pem");
  CHECK(loaded->versions == plan.versions);
  CHECK(loaded->manifest_hash == plan.manifest_hash);
  CHECK(loaded->allow_destroy);
  CHECK(loaded->notes.size() == 1);
}

TEST_CASE("plan_file: the saved form of the mixed plan matches its golden file") {
  std::string difference;
  CHECK_MESSAGE(tf::test::matches_golden(tf::test::source_dir() / "tests/plan/golden/mixed.plan",
                                         save_plan(mixed_plan()), difference),
                difference);
}

TEST_CASE("plan_file: text that is not JSON is refused as not a plan") {
  CHECK(load_error("").find("not valid JSON") != std::string::npos);
  CHECK(load_error("{\"tenantform_plan\": tru").find("not valid JSON") != std::string::npos);
}

TEST_CASE("plan_file: a Terraform plan or any other JSON is refused as not a tenantform plan") {
  std::string message = load_error(R"({"format_version": "1.0", "resource_changes": []})");
  CHECK(message.find("not a tenantform plan") != std::string::npos);
  CHECK(message.find("tenantform plan --out") != std::string::npos);
  CHECK(load_error("[1, 2, 3]").find("not a tenantform plan") != std::string::npos);
}

TEST_CASE("plan_file: a plan from a newer format names both versions") {
  nlohmann::json doc = saved_json(mixed_plan());
  doc["format_version"] = 2;
  doc["tool_version"] = "9.0.0";
  std::string message = load_error(doc.dump());
  CHECK(message.find("format version 2") != std::string::npos);
  CHECK(message.find("'9.0.0'") != std::string::npos);
  CHECK(message.find("reads format version 1") != std::string::npos);
}

TEST_CASE("plan_file: a mistyped or unknown field is an error naming its path") {
  nlohmann::json doc = saved_json(mixed_plan());
  doc["changes"][3]["action"] = 7;
  CHECK(load_error(doc.dump()).find("'changes[3].action' should be string, found number") !=
        std::string::npos);
  doc = saved_json(mixed_plan());
  doc["changes"][0]["action"] = "explode";
  CHECK(load_error(doc.dump()).find("'changes[0].action' is 'explode'") != std::string::npos);
  doc = saved_json(mixed_plan());
  doc["changes"][1]["kind"] = "sync_gadget";
  CHECK(load_error(doc.dump()).find("'changes[1].kind' is 'sync_gadget'") != std::string::npos);
  doc = saved_json(mixed_plan());
  doc.erase("versions");
  CHECK(load_error(doc.dump()).find("'versions' is missing") != std::string::npos);
  doc = saved_json(mixed_plan());
  doc["changes"][0]["fields"][0] = "x";
  CHECK(load_error(doc.dump()).find("'changes[0].fields[0]' should be object") != std::string::npos);
  doc = saved_json(mixed_plan());
  doc["tenants"][0]["client_id"] = 5;
  CHECK(load_error(doc.dump()).find("'tenants[0].client_id' should be string") != std::string::npos);
}

TEST_CASE("plan_file: every truncation and byte flip of a saved plan loads or fails cleanly") {
  std::string saved = save_plan(mixed_plan());
  for (std::size_t length = 0; length < saved.size(); length += 7) {
    tf::Diagnostics diagnostics;
    std::optional<Plan> plan = load_plan(saved.substr(0, length), diagnostics);
    CHECK_FALSE(plan.has_value());
    CHECK(diagnostics.has_errors());
  }
  for (std::size_t at = 0; at < saved.size(); at += 13) {
    std::string flipped = saved;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x5a);
    tf::Diagnostics diagnostics;
    std::optional<Plan> plan = load_plan(flipped, diagnostics);
    CHECK(plan.has_value() != diagnostics.has_errors());
  }
}

TEST_CASE("manifest_hash: the same files hash alike in any order and any change shows") {
  std::string a = manifest_hash({{"tenants.yaml", "tenants: {}\n"}, {"topology.yaml", "hubs: {}\n"}});
  std::string b = manifest_hash({{"topology.yaml", "hubs: {}\n"}, {"tenants.yaml", "tenants: {}\n"}});
  CHECK(a == b);
  CHECK(a.rfind("sha256:", 0) == 0);
  CHECK(a.size() == 7 + 64);
  CHECK(manifest_hash({{"tenants.yaml", "tenants: {}\n"}, {"topology.yaml", "hubs: {} \n"}}) != a);
  CHECK(manifest_hash({{"tenant.yaml", "tenants: {}\n"}, {"topology.yaml", "hubs: {}\n"}}) != a);
  // moving bytes between the name and the text is a different configuration
  CHECK(manifest_hash({{"ab", "c"}}) != manifest_hash({{"a", "bc"}}));
}

TEST_CASE("manifest_hash: a directory hashes its manifest files however its path is spelled") {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "tenants.yaml", "tenants: {}\n");
  tf::test::write_file(dir.path() / "notes.txt", "not a manifest\n");
  tf::Diagnostics diagnostics;
  std::optional<std::string> plain = hash_manifest_path(dir.path().string(), diagnostics);
  std::optional<std::string> slashed = hash_manifest_path(dir.path().string() + "/./", diagnostics);
  REQUIRE(plain.has_value());
  CHECK(plain == slashed);
  CHECK(*plain == manifest_hash({{"tenants.yaml", "tenants: {}\n"}}));
  CHECK(hash_manifest_path((dir.path() / "tenants.yaml").string(), diagnostics) == plain);
  CHECK_FALSE(hash_manifest_path((dir.path() / "missing.yaml").string(), diagnostics).has_value());
  CHECK(diagnostics.error_count() == 1);
}
