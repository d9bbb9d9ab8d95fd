// The table of well-known source user attributes and the scoping restrictions.
#include "compiler/scope/attribute_rules.h"

namespace tf::scope {

namespace {

struct KnownAttribute {
  std::string_view name;
  AttributeType type;
};

// Microsoft Graph user properties as the provisioning engine names them.
constexpr KnownAttribute kKnown[] = {
    {"accountEnabled", AttributeType::Boolean},
    {"alternativeSecurityIds", AttributeType::String},
    {"appRoleAssignments", AttributeType::Reference},
    {"businessPhones", AttributeType::MultiValued},
    {"city", AttributeType::String},
    {"companyName", AttributeType::String},
    {"country", AttributeType::String},
    {"createdDateTime", AttributeType::DateTime},
    {"department", AttributeType::String},
    {"dirSyncEnabled", AttributeType::Boolean},
    {"displayName", AttributeType::String},
    {"employeeHireDate", AttributeType::DateTime},
    {"employeeId", AttributeType::String},
    {"employeeLeaveDateTime", AttributeType::DateTime},
    {"employeeType", AttributeType::String},
    {"extensionAttribute1", AttributeType::String},
    {"extensionAttribute10", AttributeType::String},
    {"extensionAttribute11", AttributeType::String},
    {"extensionAttribute12", AttributeType::String},
    {"extensionAttribute13", AttributeType::String},
    {"extensionAttribute14", AttributeType::String},
    {"extensionAttribute15", AttributeType::String},
    {"extensionAttribute2", AttributeType::String},
    {"extensionAttribute3", AttributeType::String},
    {"extensionAttribute4", AttributeType::String},
    {"extensionAttribute5", AttributeType::String},
    {"extensionAttribute6", AttributeType::String},
    {"extensionAttribute7", AttributeType::String},
    {"extensionAttribute8", AttributeType::String},
    {"extensionAttribute9", AttributeType::String},
    {"facsimileTelephoneNumber", AttributeType::String},
    {"givenName", AttributeType::String},
    {"imAddresses", AttributeType::MultiValued},
    {"IsSoftDeleted", AttributeType::Boolean},
    {"jobTitle", AttributeType::String},
    {"lastPasswordChangeDateTime", AttributeType::DateTime},
    {"mail", AttributeType::String},
    {"mailNickname", AttributeType::String},
    {"manager", AttributeType::Reference},
    {"members", AttributeType::Reference},
    {"mobile", AttributeType::String},
    {"mobilePhone", AttributeType::String},
    {"netId", AttributeType::String},
    {"objectId", AttributeType::String},
    {"officeLocation", AttributeType::String},
    {"onPremisesLastSyncDateTime", AttributeType::DateTime},
    {"onPremisesSyncEnabled", AttributeType::Boolean},
    {"otherMails", AttributeType::MultiValued},
    {"physicalDeliveryOfficeName", AttributeType::String},
    {"postalCode", AttributeType::String},
    {"preferredLanguage", AttributeType::String},
    {"proxyAddresses", AttributeType::MultiValued},
    {"showInAddressList", AttributeType::Boolean},
    {"state", AttributeType::String},
    {"streetAddress", AttributeType::String},
    {"surname", AttributeType::String},
    {"telephoneNumber", AttributeType::String},
    {"userPrincipalName", AttributeType::String},
};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string quoted(std::string_view name) { return "'" + std::string(name) + "'"; }

}  // namespace

AttributeType known_attribute_type(std::string_view name) {
  for (const KnownAttribute& known : kKnown)
    if (known.name == name) return known.type;
  if (name == "userType") return AttributeType::String;
  return AttributeType::Unknown;
}

std::string scoping_restriction(std::string_view name) {
  if (name == "userType")
    return "'userType' is not available as a source attribute in cross-tenant sync; copy it into a directory "
           "extension and filter on that";
  if (name == "appRoleAssignments")
    return "scoping filters cannot use 'appRoleAssignments'; scope by assignment instead ('assigned_only: true' "
           "with 'groups:')";
  if (name == "members")
    return "scoping filters cannot use group membership ('members'); scope by assignment instead "
           "('assigned_only: true' with 'groups:')";
  switch (known_attribute_type(name)) {
    case AttributeType::Reference:
      return "scoping filters cannot use the reference attribute " + quoted(name) +
             "; filter on an attribute of the user itself";
    case AttributeType::DateTime:
      return "scoping filters cannot use the date attribute " + quoted(name) +
             "; copy the value into a directory extension as text and filter on that";
    case AttributeType::MultiValued:
      return "scoping filters cannot use the multi-valued attribute " + quoted(name) +
             "; filter on a single-valued attribute";
    default: return {};
  }
}

std::string case_mismatch(std::string_view name) {
  if (known_attribute_type(name) != AttributeType::Unknown) return {};
  for (const KnownAttribute& known : kKnown)
    if (equal_ignoring_case(known.name, name)) return std::string(known.name);
  if (equal_ignoring_case("userType", name)) return "userType";
  return {};
}

}  // namespace tf::scope
