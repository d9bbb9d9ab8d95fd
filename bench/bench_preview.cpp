// bench_preview [USERS=100000]: compiler/provision's preview_link on USERS synthetic
// source users with the merger example's link (examples/merger-one-way: its mapping,
// which extends the template's defaults, and its scope: an assigned group and a
// filter), compared with the same link before a change (another display-name
// expression and no filter): every user goes through both configurations, as
// `tenantform preview` does after reading the users. Prints the CPU time, users per
// second, the outcome counts and the memory the users and the result take. Exits 1
// if the counts do not add up.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/manifest/pipeline.h"
#include "compiler/plan/expand.h"
#include "compiler/provision/preview.h"

using nlohmann::json;
using tf::provision::UserOutcome;

namespace {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double peak_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

const json& field(const tf::plan::DesiredState& desired, tf::plan::ResourceKind kind, const char* path) {
  const tf::plan::Resource* r = desired.find(tf::plan::resource_address(kind, "fabrikam", "contoso"));
  if (!r) throw std::runtime_error("the example has no link fabrikam -> contoso");
  return r->fields.at(path);
}

// A Graph user as `GET /users?$select=...` returns it; a fixed-seed mix of countries,
// departments, disabled accounts and B2B users.
json make_user(std::size_t i, std::uint64_t& state) {
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  static const char* countries[] = {"US", "US", "CA", "DE", "GB"};
  static const char* departments[] = {"Sales", "Engineering", "Legal", "HR", "Finance", ""};
  static const char* given[] = {"Ayla", "Priya", "Rafael", "Tomas", "Zoë", "Lee", "Megan"};
  std::string name = std::string(given[next() % 7]) + "." + std::to_string(i);
  bool external = next() % 50 == 0;
  return {{"id", "00000000-0000-4000-9000-" + std::to_string(100000000000 + i)},
          {"userPrincipalName", external ? name + "_tailspin.com#EXT#@fabrikam.com" : name + "@fabrikam.com"},
          {"displayName", name},
          {"givenName", given[i % 7]},
          {"surname", "Surname" + std::to_string(i % 1000)},
          {"mail", name + "@fabrikam.com"},
          {"mailNickname", name},
          {"userType", "Member"},
          {"accountEnabled", next() % 10 != 0},
          {"country", countries[next() % 5]},
          {"department", departments[next() % 6]},
          {"jobTitle", next() % 4 ? json("Engineer") : json(nullptr)},
          {"city", "Toronto"},
          {"employeeId", std::to_string(500000 + i)}};
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = argc > 1 ? std::stoul(argv[1]) : 100000;
  tf::Diagnostics diagnostics;
  auto compiled =
      tf::manifest::compile_manifest(std::string(TF_SOURCE_DIR) + "/examples/merger-one-way", diagnostics);
  if (!compiled) {
    std::fprintf(stderr, "bench_preview: the example does not compile\n");
    return 1;
  }
  tf::plan::DesiredState desired = tf::plan::expand(*compiled, diagnostics);
  const std::string group = "77b7c50a-73d9-4c7c-91bb-63a150a358f9";  // Merger-Wave-1
  tf::provision::LinkConfig after{field(desired, tf::plan::ResourceKind::SyncSchema, "/attributeMappings"),
                                  field(desired, tf::plan::ResourceKind::SyncSchema, "/scope"),
                                  false,
                                  {group}};
  tf::provision::LinkConfig before = after;
  before.scope = nullptr;
  for (json& m : before.attribute_mappings)
    if (m["targetAttributeName"] == "displayName")
      m["source"]["expression"] = R"x(Join(" ", [displayName], "(old)"))x";

  double mib_start = peak_mib();
  std::vector<tf::provision::SourceUser> users;
  users.reserve(count);
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  for (std::size_t i = 0; i < count; ++i) {
    tf::provision::SourceUser u{make_user(i, state), {}};
    if (i % 5 != 0) u.groups.insert(group);
    users.push_back(std::move(u));
  }
  double mib_users = peak_mib();

  auto now = [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
  tf::provision::ExpressionService expressions({now, [] { return std::uint64_t{1}; }});
  double cpu = thread_cpu_seconds();
  tf::provision::LinkPreview p =
      tf::provision::preview_link(expressions, before, after, users, "contoso.com");
  cpu = thread_cpu_seconds() - cpu;
  double mib_end = peak_mib();

  std::size_t sum = 0;
  std::printf("bench_preview: %zu source users through the merger link before and after a change\n", count);
  for (UserOutcome o : {UserOutcome::Create, UserOutcome::Update, UserOutcome::Remove, UserOutcome::Unchanged,
                        UserOutcome::OutOfScope, UserOutcome::Fails}) {
    std::printf("  %-13s %zu\n", tf::provision::user_outcome_name(o), p.count(o));
    sum += p.count(o);
  }
  std::printf("  preview_link: %.3f s CPU, %.0f users/s\n", cpu,
              cpu > 0 ? static_cast<double>(count) / cpu : 0.0);
  std::printf("  memory (high-water): %.0f MiB at start, +%.0f MiB the users, +%.0f MiB the preview\n",
              mib_start, mib_users - mib_start, mib_end - mib_users);
  if (sum != count || p.count(UserOutcome::Update) == 0 || p.count(UserOutcome::Remove) == 0) {
    std::fprintf(stderr, "bench_preview: the outcomes do not add up\n");
    return 1;
  }
  return 0;
}
