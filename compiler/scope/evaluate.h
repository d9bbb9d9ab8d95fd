// Direct evaluation of a readable scope filter on one user, without compiling it to
// Entra groups: each atom has exactly the semantics of its Entra operator
// (entra_filter.h: null and empty make every test false except 'is null'), and
// not/and/or are classical. `preview` uses it, and the differential test checks that
// it agrees with in_scope() of the compiled filter.
#pragma once

#include "compiler/core/attributes.h"
#include "compiler/scope/ast.h"
#include "compiler/scope/entra_filter.h"

namespace tf::scope {

bool evaluate_filter(const Node& node, const Attributes& attributes);

// Whether one atom holds. '<' and '<=' (which Entra lacks) compare integers like
// GREATER_THAN does: false when either side is not an integer.
bool atom_holds(const Atom& atom, const Attributes& attributes);

}  // namespace tf::scope
