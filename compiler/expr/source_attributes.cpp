// The known source user attributes of cross-tenant synchronization (source_attributes.h).
#include "compiler/expr/source_attributes.h"

#include <cctype>
#include <vector>

#include "compiler/core/text.h"
#include "compiler/diag/diagnostic.h"

namespace tf::expr {
namespace {

AttributeNames make_known() {
  AttributeNames names = {
      // Seen in a cross-tenant provisioning log and the default mappings (§7).
      "objectId", "accountEnabled", "department", "displayName", "mailNickname", "userPrincipalName", "netId",
      "showInAddressList", "alternativeSecurityIds", "IsSoftDeleted", "appRoleAssignments", "streetAddress",
      "city", "state", "postalCode", "country", "employeeId", "givenName", "manager",
      // Common Graph user properties and the parseExpression test input.
      "ageGroup", "businessPhones", "companyName", "consentProvidedForMinor", "createdDateTime",
      "creationType", "dirSyncEnabled", "employeeHireDate", "employeeLeaveDateTime",
      "employeeOrgData.costCenter", "employeeOrgData.division", "employeeType", "facsimileTelephoneNumber",
      "faxNumber", "jobTitle", "mail", "mobile", "mobilePhone", "officeLocation",
      "onPremisesDistinguishedName", "onPremisesDomainName", "onPremisesImmutableId",
      "onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesSyncEnabled",
      "onPremisesUserPrincipalName", "otherMails", "passwordPolicies", "passwordProfile.password",
      "physicalDeliveryOfficeName", "preferredDataLocation", "preferredLanguage", "proxyAddresses", "surname",
      "telephoneNumber", "usageLocation"};
  for (int i = 1; i <= 15; ++i) names.insert("extensionAttribute" + std::to_string(i));
  return names;
}

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

constexpr std::string_view kExtensionPrefix = "extension_";
constexpr std::size_t kAppIdLength = 32;

}  // namespace

const AttributeNames& known_source_attributes() {
  static const AttributeNames names = make_known();
  return names;
}

bool is_directory_extension(std::string_view name) {
  if (name.substr(0, kExtensionPrefix.size()) != kExtensionPrefix) return false;
  std::string_view rest = name.substr(kExtensionPrefix.size());
  if (rest.size() < kAppIdLength + 2 || rest[kAppIdLength] != '_') return false;
  for (std::size_t i = 0; i < kAppIdLength; ++i)
    if (!is_hex(rest[i])) return false;
  for (char c : rest.substr(kAppIdLength + 1))
    if (!is_name_char(c)) return false;
  return true;
}

bool looks_like_malformed_extension(std::string_view name) {
  return name.substr(0, kExtensionPrefix.size()) == kExtensionPrefix && !is_directory_extension(name);
}

std::string unavailable_source_reason(std::string_view name) {
  if (name == "userType")
    return "'userType' is not available as a source attribute in cross-tenant synchronization; copy it into "
           "a "
           "directory extension and map that instead";
  if (name == "SamAccountName" || name == "sAMAccountName" || name == "samAccountName")
    return "'" + std::string(name) +
           "' is not available as a source attribute in cross-tenant synchronization; use a directory "
           "extension "
           "(or onPremisesSamAccountName)";
  return {};
}

std::string source_attribute_problem(std::string_view name, const AttributeNames& known) {
  if (known.contains(name) || is_directory_extension(name)) return {};
  if (std::string reason = unavailable_source_reason(name); !reason.empty()) return reason;
  std::string quoted = "'" + std::string(name) + "'";
  if (looks_like_malformed_extension(name))
    return "directory extension " + quoted + " is not shaped like extension_<application id without dashes>_<name>";
  for (const std::string& k : known)
    if (lower_ascii(k) == lower_ascii(name))
      return "unknown source attribute " + quoted + "; did you mean '" + k + "'? attribute names are case-sensitive";
  // did_you_mean() over the names whose length is within 3 of this one's (no other can
  // be close enough), so a long garbage name costs nothing.
  std::vector<std::string> near;
  for (const std::string& k : known)
    if (k.size() + 3 >= name.size() && name.size() + 3 >= k.size()) near.push_back(k);
  return "unknown source attribute " + quoted + (near.empty() ? std::string() : did_you_mean(std::string(name), near));
}

}  // namespace tf::expr
