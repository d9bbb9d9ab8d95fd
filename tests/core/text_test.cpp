// lower_ascii (compiler/core/text.h).
#include <doctest/doctest.h>

#include "compiler/core/text.h"

TEST_CASE("text: lower_ascii lowers ASCII letters only") {
  CHECK(tf::lower_ascii("BC16CC55-257C-4C8B") == "bc16cc55-257c-4c8b");
  CHECK(tf::lower_ascii("Content-Type: Zoë ÀÉ") == "content-type: zoë ÀÉ");  // UTF-8 bytes unchanged
  CHECK(tf::lower_ascii("") == "");
}
