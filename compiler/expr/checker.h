// The type checker for mapping expressions (shared/reference/expressions.md §4,
// §6, §7, §10). It walks a parsed tree and reports, each at the offending node's
// column, with the §2.2 category as the diagnostic code:
//   UnknownFunction     a name that is not in the catalogue (exact, case-sensitive;
//                       "did you mean" suggests the right spelling)
//   ArityError          too few or too many slots, a required slot left empty,
//                       Switch keys without values, SelectUniqueValue with < 2 rules
//   TypeError           an argument that cannot have its parameter's kind (a bare
//                       word where a string is needed, a non-numeric constant for
//                       an integer, a Boolean where a multi-valued value is needed)
//   UnsupportedContext  SelectUniqueValue below the top level or in cross-tenant
//                       sync; cloud-sync-only functions outside cloud sync
// plus "UnknownAttribute" (a source attribute Entra would reject as SchemaInvalid),
// "UnsupportedTarget" (a target cross-tenant sync cannot write) and the warnings
// "LegacyFunction" and "TargetAttribute". It returns the expression's result kind
// (ValueKind::Any when unknown) and never throws.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/expr/ast.h"
#include "compiler/expr/catalogue.h"

namespace tf::expr {

struct CheckOptions {
  // Cloud sync mode: its extra functions (Trim, Error, ...) are allowed.
  bool cloud_sync = false;
  // The known source attributes; nullptr: the built-in list of cross-tenant sync
  // (source_attributes.h). Directory extensions are always accepted.
  const std::set<std::string, std::less<>>* source_attributes = nullptr;
  // The attribute the expression is mapped to ("" when not known); checked
  // against the §7 restrictions.
  std::string target_attribute;
  // Additions beyond the brief. false: check for the general provisioning engine
  // (HR to AD), where SelectUniqueValue is allowed at the top level.
  bool cross_tenant = true;
  // false: do not check attribute names at all (e.g. when evaluating on a sample
  // user whose attributes are whatever the user supplied).
  bool check_attribute_names = true;
};

ValueKind check_expression(const Expression& expression, const CheckOptions& options,
                           Diagnostics& diagnostics);

// "a string", "an integer", ... for messages.
const char* value_kind_phrase(ValueKind kind);

}  // namespace tf::expr
