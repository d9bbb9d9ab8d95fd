// The source user attributes a cross-tenant synchronization mapping may read
// (shared/reference/expressions.md §7 plus the common Graph user properties), and
// the shape of directory extension attributes. Names are case-sensitive, as in
// Entra (`[Department]` fails schema validation). The list is this project's
// choice where §7 says the full default list is UNCONFIRMED: edit it here.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace tf::expr {

using AttributeNames = std::set<std::string, std::less<>>;

// The built-in list.
const AttributeNames& known_source_attributes();

// extension_<32 hex digits: the app id without dashes>_<name>.
bool is_directory_extension(std::string_view name);
// Starts like an extension ("extension_") but is not shaped like one.
bool looks_like_malformed_extension(std::string_view name);

// Attributes §7 says are not available as sources in cross-tenant sync, with
// the reason ("" when `name` is not one of them).
std::string unavailable_source_reason(std::string_view name);

// Why `name` cannot be read as a source attribute, as a diagnostic message ("" when it
// can: one of `known` or a directory extension): not available in cross-tenant sync,
// a malformed extension, or unknown ("unknown source attribute 'departmnt'; did you
// mean 'department'?"). Shared by mapping expressions and scoping filters.
std::string source_attribute_problem(std::string_view name, const AttributeNames& known = known_source_attributes());

}  // namespace tf::expr
