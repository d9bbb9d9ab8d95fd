// THE differential property: for thousands of random readable filters and random
// users, evaluating the readable filter directly gives the same answer as in_scope()
// of the Entra filter it compiles to (whenever it compiles). This is what makes the
// negation rewrites of dnf.h trustworthy. The seed is fixed for reproducibility, can
// be changed with TF_SCOPE_SEED=<n>, and is printed on any failure.
#include <doctest/doctest.h>

#include <cstdlib>
#include <random>

#include <nlohmann/json.hpp>

#include "compiler/scope/compile.h"
#include "compiler/scope/evaluate.h"
#include "compiler/scope/parser.h"
#include "compiler/scope/print.h"

using namespace tf::scope;

namespace {

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  std::string filter(int depth) {
    int pick = depth <= 0 ? 0 : below(10);
    if (pick < 4) return atom();
    if (pick < 5) return "not " + filter(depth - 1);
    const char* op = pick < 8 ? " and " : " or ";
    std::string out = "(" + filter(depth - 1);
    for (int n = 1 + below(2); n > 0; --n) out += op + filter(depth - 1);
    return out + ")";
  }

  tf::Attributes user() {
    tf::Attributes out;
    add(out, "department", string_value());
    add(out, "country", string_value());
    add(out, "accountEnabled", boolean_value());
    add(out, "employeeNumber", integer_value());
    if (below(2) == 0) out["proxyAddresses"] = std::vector<std::string>{"a", pick({"", "b", "a"})};
    return out;
  }

 private:
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  const char* pick(std::initializer_list<const char*> items) { return items.begin()[below(static_cast<int>(items.size()))]; }

  // nullopt: leave the attribute out entirely.
  static void add(tf::Attributes& out, const char* name, std::optional<tf::AttributeValue> value) {
    if (value) out[name] = std::move(*value);
  }

  std::optional<tf::AttributeValue> absent_or_null() {
    if (below(2) == 0) return std::nullopt;
    return tf::NullValue{};
  }

  std::optional<tf::AttributeValue> string_value() {
    switch (below(6)) {
      case 0: return absent_or_null();
      case 1: return std::string();
      default: return std::string(pick({"Sales", "sales", "HR", "Sales Ops", "42", "-7", "100", "US", "DE"}));
    }
  }

  std::optional<tf::AttributeValue> boolean_value() {
    switch (below(6)) {
      case 0: return absent_or_null();
      case 1: return std::string();
      case 2: return std::string(pick({"True", "False"}));
      default: return below(2) == 0;
    }
  }

  std::optional<tf::AttributeValue> integer_value() {
    switch (below(6)) {
      case 0: return absent_or_null();
      case 1: return std::string(pick({"", "42", "abc", "-3"}));
      default: return std::int64_t{below(7) * 25 - 50};
    }
  }

  // Mostly expressible atoms; now and then one the compiler must reject.
  std::string atom() {
    int pick_kind = below(40);
    if (pick_kind == 0) return std::string("proxyAddresses ") + pick({"== \"a\"", "is null", "matches \"a\""});
    if (pick_kind == 1) return "employeeNumber < 10";
    if (pick_kind < 16) return string_atom(pick({"department", "country"}));
    if (pick_kind < 28) return boolean_atom();
    if (pick_kind < 38) return integer_atom();
    return std::string(pick({"jobTitle is null", "jobTitle is not null"}));
  }

  std::string string_atom(const std::string& a) {
    switch (below(7)) {
      case 0: return a + " == " + quoted_value();
      case 1: return a + " != " + quoted_value();
      case 2: return a + " in [" + quoted_value() + ", " + quoted_value() + "]";
      case 3: return a + " matches \"" + pick({"^S", "ales", "[0-9]", "^-", "S|H"}) + "\"";
      case 4: return a + pick({" is null", " is not null"});
      default: return a + pick({" > ", " >= "}) + pick({"-10", "0", "42", "99"});
    }
  }

  std::string quoted_value() { return std::string("\"") + pick({"Sales", "HR", "42", "US", "sales"}) + "\""; }

  std::string boolean_atom() {
    return std::string("accountEnabled ") +
           pick({"is true", "is false", "is not true", "is not false", "is null", "is not null", "== \"True\"",
                 "!= \"False\""});
  }

  std::string integer_atom() {
    switch (below(5)) {
      case 0: return std::string("employeeNumber ") + pick({"> ", ">= "}) + pick({"-50", "0", "25", "100"});
      case 1: return std::string("employeeNumber == ") + pick({"0", "25", "-50"});
      case 2: return std::string("employeeNumber != ") + pick({"0", "25"});
      case 3: return std::string("employeeNumber in [0, 25, \"abc\"]");
      default: return std::string("employeeNumber matches \"^-\"");
    }
  }

  std::mt19937 rng_;
};

std::uint32_t seed() {
  const char* text = std::getenv("TF_SCOPE_SEED");
  return text != nullptr ? static_cast<std::uint32_t>(std::strtoul(text, nullptr, 10)) : 20261122u;
}

}  // namespace

TEST_CASE("scope differential: direct evaluation equals in_scope of the compiled filter on random filters and users") {
  const std::uint32_t s = seed();
  INFO("seed " << s << " (rerun with TF_SCOPE_SEED=" << s << ")");
  Generator gen(s);
  int compiled = 0, rejected = 0, compared = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string text = gen.filter(4);
    INFO("filter " << i << ": " << text);
    tf::Diagnostics diagnostics;
    auto located = tf::located_string_from(text, "random");
    NodePtr root = parse_scope_filter(located, diagnostics);
    REQUIRE(root);
    auto filter = compile_scope_tree(*root, located, diagnostics);
    if (!filter) {
      ++rejected;
      CHECK(diagnostics.has_errors());
      continue;
    }
    ++compiled;
    for (int u = 0; u < 25; ++u) {
      tf::Attributes user = gen.user();
      bool direct = evaluate_filter(*root, user);
      bool entra = in_scope(*filter, user);
      ++compared;
      if (direct != entra) {
        INFO("user " << tf::attributes_to_json(user).dump());
        INFO("canonical " << print_filter(*root));
        CHECK(direct == entra);
        return;
      }
    }
  }
  MESSAGE("compiled " << compiled << " filters, rejected " << rejected << ", compared " << compared << " users");
  CHECK(compiled > 1500);
  CHECK(rejected > 100);  // the inexpressible cases are exercised too
}
