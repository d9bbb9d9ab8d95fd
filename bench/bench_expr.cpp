// Expression and scope evaluation throughput on one core: the cross-tenant default
// mapping set (shared/reference/expressions.md §7: direct attributes, userType
// "Member", showInAddressList "True") plus a display-name Join, and Entra scoping
// filters, over N synthetic users (default 1,000,000) generated deterministically in
// chunks; only evaluation is timed, in CPU time of the thread. Usage: bench_expr [N]. See bench/README.md.
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/expr/evaluate_text.h"
#include "compiler/scope/entra_filter.h"

namespace {

// CPU time of this thread, so that other load on a shared machine does not count.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
};
constexpr std::size_t kChunk = 10'000;

// The mapping set: target attribute -> expression.
const std::vector<std::pair<std::string, std::string>> kMappings = {
    {"IsSoftDeleted", "[IsSoftDeleted]"},
    {"accountEnabled", "[accountEnabled]"},
    {"streetAddress", "[streetAddress]"},
    {"city", "[city]"},
    {"state", "[state]"},
    {"postalCode", "[postalCode]"},
    {"country", "[country]"},
    {"department", "[department]"},
    {"employeeId", "[employeeId]"},
    {"givenName", "[givenName]"},
    {"surname", "[surname]"},
    {"jobTitle", "[jobTitle]"},
    {"mail", "[mail]"},
    {"mailNickname", "[mailNickname]"},
    {"userPrincipalName", "[userPrincipalName]"},
    {"userType", "\"Member\""},
    {"showInAddressList", "\"True\""},
    {"displayName", "Join(\" \", [displayName], \"(contoso.com)\")"},
};

struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  template <typename T>
  const T& pick(const std::vector<T>& from) {
    return from[next() % from.size()];
  }
};

tf::Attributes make_user(std::size_t i, Rng& rng) {
  static const std::vector<std::string> given = {"Adele", "Alex", "Diego", "Grady", "Isaiah", "Johanna",
                                                 "Lee", "Lidia", "Lynne", "Megan", "Miriam", "Nestor", "Zoë"};
  static const std::vector<std::string> family = {"Vance", "Wilber", "Siciliani", "Archie", "Langer",
                                                  "Lorenz", "Gu", "Holloway", "Robbins", "Bowen", "Graham"};
  static const std::vector<std::string> departments = {"Sales", "Engineering", "Marketing", "HR", "Finance", ""};
  static const std::vector<std::string> cities = {"Seattle", "Redmond", "London", "Zürich", "Sydney", "Pune"};
  const std::string& g = rng.pick(given);
  const std::string& f = rng.pick(family);
  std::string nick = g + "." + f + std::to_string(i);
  tf::Attributes a;
  a["IsSoftDeleted"] = false;
  a["accountEnabled"] = rng.next() % 10 != 0;
  a["streetAddress"] = std::to_string(1 + rng.next() % 999) + " Main Street";
  a["city"] = rng.pick(cities);
  a["state"] = std::string("WA");
  a["postalCode"] = std::to_string(98000 + rng.next() % 1000);
  a["country"] = std::string("US");
  a["department"] = rng.pick(departments);
  a["employeeId"] = std::to_string(100000 + i);
  a["displayName"] = g + " " + f;
  a["givenName"] = g;
  a["surname"] = f;
  if (rng.next() % 4 != 0) a["jobTitle"] = std::string("Engineer");
  a["mail"] = nick + "@contoso.com";
  a["mailNickname"] = nick;
  a["userPrincipalName"] = nick + "@contoso.com";
  a["alternativeSecurityIds"] = std::string(rng.next() % 50 == 0 ? "sms" : "None");
  return a;
}

std::vector<tf::expr::Expression> compile_mappings() {
  std::vector<tf::expr::Expression> out;
  for (const auto& [target, text] : kMappings) {
    auto compiled = tf::expr::compile_text(tf::located_string_from(text, target), tf::expr::sample_check_options());
    if (!compiled.expression || compiled.diagnostics.has_errors()) {
      std::fprintf(stderr, "bench_expr: cannot compile '%s': %s\n", text.c_str(), compiled.error_message.c_str());
      std::exit(1);
    }
    out.push_back(std::move(*compiled.expression));
  }
  return out;
}

tf::scope::EntraFilter make_filter(bool with_regex) {
  nlohmann::json groups = nlohmann::json::array();
  nlohmann::json sales = {{"name", "sales"},
                          {"clauses",
                           {{{"operatorName", "EQUALS"},
                             {"sourceOperandName", "alternativeSecurityIds"},
                             {"targetOperand", {{"values", {"None"}}}}},
                            {{"operatorName", "EQUALS"},
                             {"sourceOperandName", "department"},
                             {"targetOperand", {{"values", {"Sales"}}}}},
                            {{"operatorName", "IS TRUE"}, {"sourceOperandName", "accountEnabled"}}}}};
  nlohmann::json engineers = {{"name", "engineers"},
                              {"clauses",
                               {{{"operatorName", "NOT EQUALS"},
                                 {"sourceOperandName", "department"},
                                 {"targetOperand", {{"values", {"HR"}}}}},
                                {{"operatorName", "IS NOT NULL"}, {"sourceOperandName", "jobTitle"}}}}};
  if (with_regex)
    engineers["clauses"].push_back({{"operatorName", "REGEX MATCH"},
                                    {"sourceOperandName", "userPrincipalName"},
                                    {"targetOperand", {{"values", {".*\\@contoso.com"}}}}});
  groups.push_back(sales);
  groups.push_back(engineers);
  auto parsed = tf::scope::filter_from_json(nlohmann::json{{"groups", groups}});
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "bench_expr: bad filter: %s\n", parsed.error.c_str());
    std::exit(1);
  }
  return parsed.filter;
}

struct Totals {
  double expr_owned = 0, expr_borrowed = 0, scope_plain = 0, scope_regex = 0;  // seconds
  std::size_t evaluations = 0, failures = 0, bytes = 0, in_scope = 0;
};

double seconds_since(Clock::time_point start) { return Clock::now() - start; }

void run_chunk(const std::vector<tf::Attributes>& users, const std::vector<tf::expr::Expression>& mappings,
               const tf::scope::EntraFilter& plain, const tf::scope::EntraFilter& regex, Totals& t) {
  tf::expr::EvalContext context;
  auto start = Clock::now();
  for (const tf::Attributes& user : users) {
    context.attributes = &user;
    for (const tf::expr::Expression& e : mappings) {
      tf::expr::EvalResult r = tf::expr::evaluate(e, context);
      t.failures += r.ok() ? 0 : 1;
      t.bytes += r.value.value_count();
    }
  }
  t.expr_owned += seconds_since(start);
  start = Clock::now();
  for (const tf::Attributes& user : users) {
    context.attributes = &user;
    for (const tf::expr::Expression& e : mappings) t.failures += tf::expr::evaluate_borrowing(e, context).ok() ? 0 : 1;
  }
  t.expr_borrowed += seconds_since(start);
  t.evaluations += users.size() * mappings.size();
  start = Clock::now();
  for (const tf::Attributes& user : users) t.in_scope += tf::scope::in_scope(plain, user) ? 1 : 0;
  t.scope_plain += seconds_since(start);
  start = Clock::now();
  for (const tf::Attributes& user : users) t.in_scope += tf::scope::in_scope(regex, user) ? 1 : 0;
  t.scope_regex += seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = argc > 1 ? static_cast<std::size_t>(std::strtoull(argv[1], nullptr, 10)) : 1'000'000;
  if (n == 0) n = 1;
  auto mappings = compile_mappings();
  auto plain = make_filter(false);
  auto regex = make_filter(true);
  Rng rng{20240601};
  Totals t;
  std::vector<tf::Attributes> users;
  for (std::size_t done = 0; done < n; done += users.size()) {
    users.clear();
    for (std::size_t i = done; i < std::min(n, done + kChunk); ++i) users.push_back(make_user(i, rng));
    run_chunk(users, mappings, plain, regex, t);
  }
  double evals = static_cast<double>(t.evaluations);
  std::printf("users: %zu, expressions per user: %zu, evaluation errors: %zu\n", n, mappings.size(), t.failures);
  std::printf("expressions (evaluate, owning):      %10.0f evaluations/s  %8.0f users/s\n", evals / t.expr_owned,
              static_cast<double>(n) / t.expr_owned);
  std::printf("expressions (evaluate_borrowing):    %10.0f evaluations/s  %8.0f users/s\n", evals / t.expr_borrowed,
              static_cast<double>(n) / t.expr_borrowed);
  std::printf("scope (2 groups, 5 clauses):         %10.0f evaluations/s\n", static_cast<double>(n) / t.scope_plain);
  std::printf("scope (2 groups, 6 clauses, 1 regex):%10.0f evaluations/s\n", static_cast<double>(n) / t.scope_regex);
  std::printf("(in scope: %zu of %zu checks)\n", t.in_scope, 2 * n);
  return t.failures == 0 ? 0 : 1;
}
