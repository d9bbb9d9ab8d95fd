// The expression grammar has no left recursion and no rule that could loop
// without consuming input: PEGTL's analyze() finds no problems in it.
#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "compiler/expr/grammar.h"

TEST_CASE("grammar: analyze reports no problems in the expression grammar") {
  CHECK(tao::pegtl::analyze<tf::expr::grammar::expression>(1) == 0);
}
