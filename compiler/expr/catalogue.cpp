// The function catalogue's data (catalogue.h): every function of
// shared/reference/expressions.md §4-§6 with its positional parameters. Keys are the
// Graph parameter keys of §1.4 where Graph publishes them and otherwise the parameter
// names of §4 (UNCONFIRMED there, so each key is written once, here). The table is
// sorted by name once, so lookups are a binary search and all_functions() is ordered.
#include "compiler/expr/catalogue.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace tf::expr {
namespace {

using K = ValueKind;

constexpr ParamSpec req(std::string_view key, K kind) {
  return {key, kind, false, false};
}
constexpr ParamSpec opt(std::string_view key, K kind) {
  return {key, kind, true, false};
}
constexpr ParamSpec rep(std::string_view key, K kind) {
  return {key, kind, false, true};
}

// Parameter lists, one per signature (several functions share some).
constexpr std::array<ParamSpec, 0> kNone{};
constexpr std::array kSource{req("source", K::String)};
constexpr std::array kSourceMulti{req("source", K::MultiValued)};
constexpr std::array kExpressionAny{req("expression", K::Any)};
constexpr std::array kAppend{req("source", K::String), req("suffix", K::String)};
constexpr std::array kAppRolesComplex{req("appRoleAssignments", K::MultiValued)};
constexpr std::array kBitAnd{req("value1", K::Integer), req("value2", K::Integer)};
constexpr std::array kCDate{req("expression", K::String)};
constexpr std::array kCoalesce{rep("source", K::Any)};
constexpr std::array kConvertFromBase64{req("source", K::String), opt("encoding", K::BareWord)};
constexpr std::array kCount{req("attribute", K::MultiValued)};
constexpr std::array kCStr{req("value", K::Any)};
constexpr std::array kDateAdd{req("interval", K::String), req("value", K::Integer),
                              req("dateTime", K::DateTime)};
constexpr std::array kDateDiff{req("interval", K::String), req("date1", K::DateTime),
                               req("date2", K::DateTime)};
constexpr std::array kDateFromNum{req("value", K::Integer)};
constexpr std::array kDNComponent{req("dn", K::String), req("componentNumber", K::Integer)};
constexpr std::array kError{req("message", K::String)};
// §1.4: the key of the dateTimeStyles slot is UNCONFIRMED.
constexpr std::array kFormatDateTime{req("source", K::String), opt("dateTimeStyles", K::String),
                                     req("inputFormat", K::String), req("outputFormat", K::String)};
constexpr std::array kIIF{req("condition", K::Boolean), req("valueIfTrue", K::Any),
                          req("valueIfFalse", K::Any)};
constexpr std::array kInStr{req("value1", K::String), req("value2", K::String), opt("start", K::Integer),
                            opt("compareType", K::BareWord)};
constexpr std::array kIsNothing{req("source", K::Any)};
constexpr std::array kItem{req("attribute", K::MultiValued), req("index", K::Integer)};
constexpr std::array kJoin{req("separator", K::String), rep("source", K::Any)};
constexpr std::array kLeft{req("string", K::String), req("numChars", K::Integer)};
constexpr std::array kMid{req("source", K::String), req("start", K::Integer), req("length", K::Integer)};
constexpr std::array kNot{req("source", K::Boolean)};
constexpr std::array kNumFromDate{req("value", K::String)};
constexpr std::array kPCase{req("source", K::String), opt("wordSeparators", K::String)};
constexpr std::array kPrepend{req("prefix", K::String), req("source", K::String)};
constexpr std::array kRandomString{req("length", K::Integer),     req("minNumbers", K::Integer),
                                   req("minSpecial", K::Integer), req("minCapital", K::Integer),
                                   req("minLower", K::Integer),   opt("charactersToAvoid", K::String)};
constexpr std::array kRedact{req("value", K::Any)};
constexpr std::array kRemoveDuplicates{req("attribute", K::MultiValued)};
constexpr std::array kReplace{req("source", K::String),
                              opt("Find", K::String),
                              opt("RegularExpression", K::String),
                              opt("RegularExpressionGroupName", K::String),
                              opt("Replacement", K::String),
                              opt("ReplacementPropertyName", K::AttributeOrString),
                              opt("Template", K::String)};
// Two rules at least: the second parameter repeats.
constexpr std::array kSelectUniqueValue{req("rule", K::String), rep("rule", K::String)};
constexpr std::array kSplit{req("source", K::String), req("delimiter", K::String)};
constexpr std::array kStringFromSid{req("source", K::String)};
// Keys and values alternate under one key; the checker checks the pairing.
constexpr std::array kSwitch{req("source", K::String), opt("defaultValue", K::Any),
                             rep("switchValue", K::Any)};
constexpr std::array kCase{req("source", K::String), opt("culture", K::String)};
constexpr std::array kTrim{req("value", K::Any)};
constexpr std::array kWord{req("string", K::String), req("wordNumber", K::Integer),
                           req("delimiters", K::String)};

using A = Availability;
using F = FunctionId;

constexpr FunctionSpec spec(F id, std::string_view name, std::span<const ParamSpec> params, K result,
                            A availability = A::CrossTenant) {
  return {id, name, params, result, availability};
}

// In FunctionId order (checked at compile time), so no function can be left out.
constexpr std::array kTable{
    spec(F::Append, "Append", kAppend, K::String),
    spec(F::AppRoleAssignmentsComplex, "AppRoleAssignmentsComplex", kAppRolesComplex, K::MultiValued),
    spec(F::AssertiveAppRoleAssignmentsComplex, "AssertiveAppRoleAssignmentsComplex", kSourceMulti,
         K::MultiValued),
    spec(F::BitAnd, "BitAnd", kBitAnd, K::Integer),
    spec(F::CBool, "CBool", kExpressionAny, K::Boolean),
    spec(F::CDate, "CDate", kCDate, K::DateTime),
    spec(F::Coalesce, "Coalesce", kCoalesce, K::Any),
    spec(F::ConvertToBase64, "ConvertToBase64", kSource, K::String),
    spec(F::ConvertToUTF8Hex, "ConvertToUTF8Hex", kSource, K::String),
    spec(F::Count, "Count", kCount, K::Integer),
    spec(F::CStr, "CStr", kCStr, K::String),
    spec(F::DateAdd, "DateAdd", kDateAdd, K::DateTime),
    spec(F::DateDiff, "DateDiff", kDateDiff, K::Integer),
    spec(F::DateFromNum, "DateFromNum", kDateFromNum, K::DateTime),
    spec(F::FormatDateTime, "FormatDateTime", kFormatDateTime, K::String),
    spec(F::Guid, "Guid", kNone, K::String),
    spec(F::IgnoreFlowIfNullOrEmpty, "IgnoreFlowIfNullOrEmpty", kExpressionAny, K::Any),
    spec(F::IIF, "IIF", kIIF, K::Any),
    spec(F::InStr, "InStr", kInStr, K::Integer),
    spec(F::IsNull, "IsNull", kExpressionAny, K::Boolean),
    spec(F::IsNullOrEmpty, "IsNullOrEmpty", kExpressionAny, K::Boolean),
    spec(F::IsPresent, "IsPresent", kExpressionAny, K::Boolean),
    spec(F::IsString, "IsString", kExpressionAny, K::Boolean),
    spec(F::Item, "Item", kItem, K::String),
    spec(F::Join, "Join", kJoin, K::String),
    spec(F::Left, "Left", kLeft, K::String),
    spec(F::Mid, "Mid", kMid, K::String),
    spec(F::NormalizeDiacritics, "NormalizeDiacritics", kSource, K::String),
    spec(F::Not, "Not", kNot, K::Boolean),
    spec(F::Now, "Now", kNone, K::DateTime),
    spec(F::NumFromDate, "NumFromDate", kNumFromDate, K::Integer),
    spec(F::PCase, "PCase", kPCase, K::String),
    spec(F::RandomString, "RandomString", kRandomString, K::String),
    spec(F::Redact, "Redact", kRedact, K::Any),
    spec(F::RemoveDuplicates, "RemoveDuplicates", kRemoveDuplicates, K::MultiValued),
    spec(F::Replace, "Replace", kReplace, K::String),
    spec(F::SelectUniqueValue, "SelectUniqueValue", kSelectUniqueValue, K::String, A::NotInCrossTenant),
    spec(F::SingleAppRoleAssignment, "SingleAppRoleAssignment", kSourceMulti, K::String),
    spec(F::Split, "Split", kSplit, K::MultiValued),
    spec(F::StripSpaces, "StripSpaces", kSource, K::String),
    spec(F::Switch, "Switch", kSwitch, K::Any),
    spec(F::ToLower, "ToLower", kCase, K::String),
    spec(F::ToUpper, "ToUpper", kCase, K::String),
    spec(F::Word, "Word", kWord, K::String),
    spec(F::ConvertFromBase64, "ConvertFromBase64", kConvertFromBase64, K::String, A::CloudSyncOnly),
    spec(F::DNComponent, "DNComponent", kDNComponent, K::String, A::CloudSyncOnly),
    spec(F::Error, "Error", kError, K::Any, A::CloudSyncOnly),
    spec(F::StringFromSid, "StringFromSid", kStringFromSid, K::String, A::CloudSyncOnly),
    spec(F::Trim, "Trim", kTrim, K::Any, A::CloudSyncOnly),
    spec(F::Prepend, "Prepend", kPrepend, K::String, A::Legacy),
    spec(F::IsNothing, "IsNothing", kIsNothing, K::Boolean, A::Legacy),
    spec(F::DefaultDomain, "DefaultDomain", kNone, K::String, A::Legacy),
    spec(F::AppRoleAssignments, "AppRoleAssignments", kSourceMulti, K::MultiValued, A::Legacy),
};

constexpr bool table_in_id_order() {
  for (std::size_t i = 0; i < kTable.size(); ++i)
    if (static_cast<std::size_t>(kTable[i].id) != i) return false;
  return true;
}
static_assert(table_in_id_order(), "kTable must list functions in FunctionId order");
static_assert(kTable.size() == static_cast<std::size_t>(F::AppRoleAssignments) + 1,
              "a FunctionId has no entry");

// The one store of specs handed out: sorted by name (all_functions() is a span of
// it), with an index by id, so every lookup returns the same address per function.
std::array<FunctionSpec, kTable.size()> sorted_by_name() {
  std::array<FunctionSpec, kTable.size()> out = kTable;
  std::sort(out.begin(), out.end(),
            [](const FunctionSpec& a, const FunctionSpec& b) { return a.name < b.name; });
  return out;
}

const std::array<FunctionSpec, kTable.size()>& by_name() {
  static const auto table = sorted_by_name();
  return table;
}

std::array<const FunctionSpec*, kTable.size()> index_by_id() {
  std::array<const FunctionSpec*, kTable.size()> out{};
  for (const FunctionSpec& f : by_name()) out[static_cast<std::size_t>(f.id)] = &f;
  return out;
}

}  // namespace

const FunctionSpec* find_function(std::string_view name) {
  const auto& table = by_name();
  auto it = std::lower_bound(table.begin(), table.end(), name,
                             [](const FunctionSpec& f, std::string_view n) { return f.name < n; });
  if (it == table.end() || it->name != name) return nullptr;
  return &*it;
}

std::span<const FunctionSpec> all_functions() {
  return by_name();
}

const FunctionSpec& function_spec(FunctionId id) {
  static const auto by_id = index_by_id();
  auto index = static_cast<std::size_t>(id);
  if (index >= by_id.size()) throw std::out_of_range("unknown FunctionId");
  return *by_id[index];
}

}  // namespace tf::expr
