// Canonical text of a readable scope filter: the same language, fully spaced, with
// parentheses only where precedence needs them (not > and > or), so printing and
// parsing again gives the same tree. Used in messages, `preview` and test output.
#pragma once

#include <string>

#include "compiler/scope/ast.h"

namespace tf::scope {

std::string print_filter(const Node& node);

}  // namespace tf::scope
