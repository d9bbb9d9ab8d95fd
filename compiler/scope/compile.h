// The scope compiler: a readable filter ('department in ["Sales"] and accountEnabled
// is true') becomes an Entra scoping filter, an OR of AND-groups (dnf.h explains the
// rewrites). Every problem is a diagnostic at the column of the offending atom:
// syntax errors, attributes scoping cannot use, tests Entra cannot express ('<',
// '<=', a negated '>'), values that can never match, and a filter whose groups would
// exceed the bounds below, with the number it would need.
//
// Bounds (UNCONFIRMED: Graph documents none): 50 groups and 20 clauses per group.
// A scoping filter is a list the portal shows and people review; past these sizes it
// has stopped being readable and almost always comes from a product of ORs that is
// better written as assignments or a regular expression. Each is one option away.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/diag/diagnostic.h"
#include "compiler/scope/ast.h"
#include "compiler/scope/entra_filter.h"

namespace tf::scope {

struct ScopeOptions {
  std::size_t max_groups = 50;
  std::size_t max_clauses_per_group = 20;
  std::string group_name_prefix = "tenantform ";  // groups are named "tenantform 1", "tenantform 2", ...
  // Why an attribute is not a source attribute the filter can read ("" when it is), for
  // a warning at its column: a user without the attribute makes its clause false, so a
  // typo quietly scopes everyone out. Unset: any attribute is accepted silently.
  std::function<std::string(std::string_view)> attribute_problem;
};

// The compiled filter, or nullopt after adding the errors to `diagnostics`.
std::optional<EntraFilter> compile_scope_filter(const LocatedString& text, Diagnostics& diagnostics,
                                                const ScopeOptions& options = {});

// The same for a tree parse_scope_filter() already produced from `text`.
std::optional<EntraFilter> compile_scope_tree(const Node& root, const LocatedString& text, Diagnostics& diagnostics,
                                              const ScopeOptions& options = {});

}  // namespace tf::scope
