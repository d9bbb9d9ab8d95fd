// What tenantform knows about source user attributes when they are used in scoping
// filters: the type of the well-known ones, and the attributes cross-tenant sync
// cannot scope on (shared/reference/expressions.md §7, §8.2: appRoleAssignments,
// userType, manager, date-typed and multi-valued attributes). Names are
// case-sensitive; anything not in the table (directory extensions, custom
// attributes) is of unknown type and allowed. The table lives in the .cpp so it is
// one edit to change.
#pragma once

#include <string>
#include <string_view>

namespace tf::scope {

enum class AttributeType { Unknown, String, Boolean, DateTime, MultiValued, Reference };

AttributeType known_attribute_type(std::string_view name);

// Why a scoping filter cannot use `name`, with the fix ("" when it can), e.g.
// "'manager' is a reference attribute, and scoping filters cannot use it".
std::string scoping_restriction(std::string_view name);

// A well-known attribute spelled like `name` except for case ("" when there is none
// or when `name` is itself well-known): attribute names are case-sensitive.
std::string case_mismatch(std::string_view name);

}  // namespace tf::scope
