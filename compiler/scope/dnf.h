// Normal forms for the scope compiler: a readable filter becomes an OR of
// AND-groups of Entra clauses, with negation pushed down to the atoms under Entra's
// null semantics (null and empty make every operator false except IS NULL):
//
//   not (a == x)        ->  a NOT EQUALS x        or  a IS NULL
//   not (a != x)        ->  a EQUALS x            or  a IS NULL
//   not (a in [x, y])   ->  (a NOT EQUALS x and a NOT EQUALS y)  or  a IS NULL
//   not (a matches r)   ->  a NOT REGEX MATCH r   or  a IS NULL
//   not (a is null)     <-> a IS NOT NULL
//   not (a is true)     ->  a IS FALSE            or  a IS NULL     (a is not true: the same)
//   not (a is false)    ->  a IS TRUE             or  a IS NULL     (a is not false: the same)
//
// The Boolean rewrites are exact for Boolean attributes (whose text is True, False,
// empty or absent), which is the only kind IS TRUE/IS FALSE apply to; the compiler
// rejects 'is true' on attributes known to be strings. '>', '>=' under negation and
// '<', '<=' have no rewrite: the compiler reports them before calling these.
//
// Simplification keeps the meaning exactly: duplicate clauses and groups go, a group
// containing a contradiction goes (IS NULL with any other test of the same
// attribute; two different EQUALS; EQUALS x with NOT EQUALS x; IS TRUE with IS
// FALSE), an implied clause goes (IS NOT NULL beside another test of the attribute;
// NOT EQUALS y beside EQUALS x), and a group that contains all the clauses of another
// group goes (absorption).
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/scope/ast.h"
#include "compiler/scope/entra_filter.h"

namespace tf::scope {

using Clauses = std::vector<FilterClause>;  // AND
using Dnf = std::vector<Clauses>;           // OR

// The number of groups to_dnf would produce before simplification (saturating at
// UINT64_MAX), so a filter that would explode is rejected without building it.
std::uint64_t count_groups(const Node& node, bool negated = false);

// The DNF of `node` (negated when `negated`). Atoms without a rewrite yield no groups.
Dnf to_dnf(const Node& node, bool negated = false);

Dnf simplify(Dnf dnf);

}  // namespace tf::scope
