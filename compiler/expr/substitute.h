// Compile-time substitutions inside string literals of mapping expressions
// (DESIGN.md "The manifest language"): ${source.name|id|domain} and
// ${target.name|id|domain} stand for the link's tenants and are replaced per link,
// before the expression is printed for Graph. Anything else of the form ${...}
// is an error at its exact column (with "did you mean"); a literal "$" that does
// not start "${" is left alone.
#pragma once

#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/expr/ast.h"

namespace tf::expr {

struct TenantInfo {
  std::string name, id, domain;  // domain may be empty (it is optional in a manifest)
};

struct LinkContext {
  TenantInfo source, target;
};

// Validate time: every ${...} is a known placeholder. Returns false (with
// "UnknownPlaceholder" errors) otherwise.
bool check_placeholders(const Expression& expression, Diagnostics& diagnostics);

// Per link: replaces the placeholders in the string literals. A ${...domain} of a
// tenant without a domain is an error naming the tenant ("MissingDomain"); an
// unknown placeholder is reported as by check_placeholders. Returns false on any
// error (the tree is then partly substituted and must not be used).
bool substitute_placeholders(Expression& expression, const LinkContext& link, Diagnostics& diagnostics);

}  // namespace tf::expr
