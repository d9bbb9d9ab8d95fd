// The function catalogue: every function of the Entra expression language with its
// positional parameters (Graph parameter keys, kinds, optional/repeating) and its
// result kind (shared/reference/expressions.md §1.4, §4, §6). The parser resolves
// names against it, the checker checks calls, the printers take the parameter keys
// from it, and the evaluator dispatches on FunctionId.
#pragma once

#include <span>
#include <string_view>

namespace tf::expr {

enum class FunctionId {
  // The provisioning functions (§4, §5).
  Append, AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex, BitAnd, CBool, CDate,
  Coalesce, ConvertToBase64, ConvertToUTF8Hex, Count, CStr, DateAdd, DateDiff, DateFromNum,
  FormatDateTime, Guid, IgnoreFlowIfNullOrEmpty, IIF, InStr, IsNull, IsNullOrEmpty, IsPresent,
  IsString, Item, Join, Left, Mid, NormalizeDiacritics, Not, Now, NumFromDate, PCase, RandomString,
  Redact, RemoveDuplicates, Replace, SelectUniqueValue, SingleAppRoleAssignment, Split, StripSpaces,
  Switch, ToLower, ToUpper, Word,
  // Found outside the provisioning reference (§6): cloud sync and legacy names.
  ConvertFromBase64, DNComponent, Error, StringFromSid, Trim, Prepend, IsNothing, DefaultDomain,
  AppRoleAssignments,
};

// S, I, B, D, M, A, E of §4, plus AttributeOrString for Replace's slot 6.
enum class ValueKind { String, Integer, Boolean, DateTime, MultiValued, Any, BareWord, AttributeOrString };

struct ParamSpec {
  std::string_view key;  // Graph parameter key (§1.4), e.g. "source", "Find"
  ValueKind kind = ValueKind::String;
  bool optional = false;
  bool repeating = false;  // the last parameter only; one or more values
};

// Where a function may be used in cross-tenant synchronization (§6, §7).
enum class Availability {
  CrossTenant,             // fine
  NotInCrossTenant,        // documented, but not supported for cross-tenant sync (SelectUniqueValue)
  CloudSyncOnly,           // a cloud-sync extra: UnsupportedContext unless cloud-sync mode
  Legacy,                  // old names kept by Graph's schema; accepted with a warning
};

struct FunctionSpec {
  FunctionId id;
  std::string_view name;
  std::span<const ParamSpec> params;
  ValueKind result = ValueKind::String;
  Availability availability = Availability::CrossTenant;
};

// Exact, case-sensitive lookup; nullptr when unknown.
const FunctionSpec* find_function(std::string_view name);
// Every function, sorted by name.
std::span<const FunctionSpec> all_functions();
const FunctionSpec& function_spec(FunctionId id);

}  // namespace tf::expr
