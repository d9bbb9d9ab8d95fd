// in_scope is on the emulator's and preview's hot path: for every operator but the
// regex ones it must not allocate. A counting replacement of the global operator
// new (for this test binary only) checks that.
#include <doctest/doctest.h>

#include <cstdlib>
#include <new>

#include "compiler/scope/entra_filter.h"

namespace {
thread_local std::size_t allocations = 0;
}

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

TEST_CASE("entra evaluator: in_scope allocates nothing for the non-regex operators, whatever the value type") {
  using tf::scope::FilterClause;
  tf::scope::EntraFilter filter{{{"g",
                                  {{"EQUALS", "department", {"Sales"}},
                                   {"NOT EQUALS", "country", {"US"}},
                                   {"IS NULL", "jobTitle", {}},
                                   {"IS NOT NULL", "department", {}},
                                   {"IS TRUE", "accountEnabled", {}},
                                   {"GREATER_THAN", "employeeNumber", {"10"}},
                                   {"Greater_Than_OR_EQUALS", "employeeNumber", {"42"}},
                                   {"INCLUDES", "department", {"al"}},
                                   {"ENDS_WITH", "department", {"es"}},
                                   {"EQUALS", "employeeNumber", {"42"}}}}}};
  tf::Attributes user{{"department", std::string("Sales")},
                      {"country", std::string("DE")},
                      {"accountEnabled", true},
                      {"employeeNumber", std::int64_t{42}}};
  std::size_t probe = allocations;
  std::string* volatile kept = new std::string(100, 'x');
  delete kept;
  REQUIRE(allocations > probe);  // the counting operator new is in effect
  std::size_t before = allocations;
  bool result = tf::scope::in_scope(filter, user);
  std::size_t used = allocations - before;
  CHECK(result);
  CHECK(used == 0);
}
