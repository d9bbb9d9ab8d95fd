// The Model: a checked configuration (check.h makes it from a Manifest). Plain
// aggregates; every element keeps the Location of its name (and of the values a later
// stage may need to point at), so expansion, planning and their diagnostics can cite
// the user's text. Names are resolved: every reference in a Model names an element
// that exists. Expressions and filters are still text (LocatedString), parsed by the
// expression and scope modules; check.h also stores their parsed and compiled forms
// (a mapping's Expression, a scope's EntraFilter) for later stages.
//
// Defaults chosen where the manifest is silent (see also check.h):
// - tenant `cloud`: global; `domain`: none; `auth`: none (the runtime then uses the
//   environment's credentials for that tenant).
// - mapping `extends`: default (the cross-tenant sync template's attribute mappings;
//   `default` is the only base known in v1); attribute `apply`: always.
// - scope: `assigned_only` true, no groups, no filter (only users and groups assigned
//   to the configuration are in scope, which is Entra's own default).
// - a link with no `sync.mapping` uses the template defaults unchanged, with no
//   `sync.scope` the default scope above, with no `sync.threshold` no accidental-
//   deletion threshold is managed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/location.h"
#include "compiler/expr/ast.h"
#include "compiler/scope/entra_filter.h"

namespace tf::manifest {

// A reference by name to another element, where it was written.
struct Reference {
  std::string name;
  Location location;
};

enum class Cloud { Global, UsGov, UsGovDod, China };

enum class SecretKind { Environment, File };

// Where a secret comes from: ${env:NAME} or a file path (./x.pem, file:x.pem).
struct SecretRef {
  SecretKind kind = SecretKind::Environment;
  std::string value;  // the variable name or the file path (without "file:")
  Location location;
};

struct TenantAuth {
  std::optional<std::string> client_id;  // an application (client) id, a GUID
  std::optional<SecretRef> client_secret;
  std::optional<SecretRef> certificate;
  Location location;
};

struct Tenant {
  std::string name;
  Location location;
  std::string id;  // tenant GUID, lower-case
  Location id_location;
  std::optional<std::string> domain;
  Cloud cloud = Cloud::Global;
  std::optional<TenantAuth> auth;
};

enum class ApplyWhen { Always, OnCreate };

// One target attribute of a mapping set.
struct AttributeMapping {
  std::string target;  // the target attribute name
  Location location;   // of the attribute's key
  // The expression; nullopt drops the template's default mapping of `target`.
  std::optional<LocatedString> expression;
  // The parsed, type-checked expression (shared: a Model stays copyable). Its
  // ${source.*} / ${target.*} placeholders are still in place: they are per link.
  std::shared_ptr<const expr::Expression> parsed;
  ApplyWhen apply = ApplyWhen::Always;
};

struct Mapping {
  std::string name;
  Location location;
  std::string extends = "default";
  std::vector<AttributeMapping> attributes;  // in source order, targets unique
};

// A raw Entra scoping clause: operator names as in expressions.md §8.2, canonical
// (upper-case, spaced names as Graph writes them, UI aliases resolved).
struct RawClause {
  std::string operator_name;
  std::string attribute;
  std::optional<std::string> value;  // absent for unary operators
  Location location;        // the clause
  Location value_location;  // its value (invalid for unary operators)
  bool complete = false;    // decoded without error (known operator, allowed attribute, right arity)
};

// A scope's attribute filter: either the readable language (compiled by
// compiler/scope) or raw Entra groups (OR of groups, AND of clauses in a group).
struct ScopeFilter {
  std::optional<LocatedString> expression;
  std::vector<std::vector<RawClause>> raw_groups;
  Location location;
  // Either form compiled to Graph's shape (set by check when the filter is valid).
  std::optional<scope::EntraFilter> compiled;
};

// An assigned group: a display name (resolved at plan time) or an object id.
struct GroupRef {
  std::string value;
  bool is_id = false;
  Location location;
};

struct Scope {
  std::string name;
  Location location;
  bool assigned_only = true;
  std::vector<GroupRef> groups;
  std::optional<ScopeFilter> filter;
};

struct Threshold {
  std::string name;
  Location location;
  std::int64_t max_deletions = 0;  // > 0
  std::vector<std::string> notify;  // email addresses
};

// What a link synchronizes; any part may be left to its default (model.h header).
struct SyncSettings {
  std::optional<Reference> mapping;
  std::optional<Reference> scope;
  std::optional<Reference> threshold;
  Location location;  // of the `sync` block (invalid when absent)
};

enum class HubPattern { UserHub, ApplicationHub };

struct Hub {
  std::string name;
  Location location;
  Reference hub;
  std::vector<Reference> spokes;
  HubPattern pattern = HubPattern::UserHub;
  SyncSettings sync;
};

// `from: { member: { overrides } }` of a partial mesh: the sync settings of the links
// whose source is `member`, field by field over the mesh's own.
struct MeshOverride {
  Reference member;
  SyncSettings sync;
};

struct Mesh {
  std::string name;
  Location location;
  std::vector<Reference> members;  // at least two, distinct
  SyncSettings sync;
  std::vector<MeshOverride> overrides;
};

struct Link {
  std::string name;
  Location location;
  Reference from;
  Reference to;
  SyncSettings sync;
};

struct Model {
  // Each in definition order (files by path, then source order); names unique.
  std::vector<Tenant> tenants;
  std::vector<Mapping> mappings;
  std::vector<Scope> scopes;
  std::vector<Threshold> thresholds;
  std::vector<Hub> hubs;
  std::vector<Mesh> meshes;
  std::vector<Link> links;

  const Tenant* tenant(const std::string& name) const;
  const Mapping* mapping(const std::string& name) const;
  const Scope* scope(const std::string& name) const;
  const Threshold* threshold(const std::string& name) const;
};

const char* cloud_name(Cloud cloud);             // "global", "usgov", "usgov-dod", "china"
const char* hub_pattern_name(HubPattern pattern);  // "user-hub", "application-hub"
const char* apply_when_name(ApplyWhen apply);      // "always", "on-create"

}  // namespace tf::manifest
