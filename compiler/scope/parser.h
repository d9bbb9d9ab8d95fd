// Parsing of the readable scope-filter language (grammar.h) into its syntax tree
// (ast.h). Syntax errors stop at the first one and are reported at their exact
// column in the manifest through the filter's LocatedString, with code
// "scope-syntax".
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/scope/ast.h"

namespace tf::scope {

// The tree, or nullptr after adding an error to `diagnostics`.
NodePtr parse_scope_filter(const LocatedString& text, Diagnostics& diagnostics);

}  // namespace tf::scope
