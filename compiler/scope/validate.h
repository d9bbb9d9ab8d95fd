// Checks of an Entra scoping filter written as raw clauses (the manifest's raw
// clause lists, or a filter read from a tenant): known operator names, the number
// of values each operator takes, valid regular expressions and integers, and the
// attributes scoping cannot use (shared/reference/expressions.md §7, §8.2).
// Everything found is appended to `diagnostics` at `where` (the raw list's
// position); nothing stops at the first problem.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/scope/entra_filter.h"

namespace tf::scope {

// True when no error was added.
bool validate_filter(const EntraFilter& filter, Diagnostics& diagnostics, const Location& where);

}  // namespace tf::scope
