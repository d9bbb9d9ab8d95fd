// The pure parts of observe: how an object read from Graph becomes comparable with
// what expand emits. Version hashes, JSON-pointer access to managed paths, and the
// canonical shape of a schema's attribute mappings and scoping filter.
//
// Canonical shapes (the contract with expand and diff):
//   attribute mapping: {"targetAttributeName", "source", "defaultValue" (null when
//     absent), "flowBehavior" (default "FlowWhenChanged"), "flowType" (default
//     "Always"), "matchingPriority" (default 0)}; "exportMissingReferences" and any
//     other key is dropped. source: null, or {"type", "name", "expression",
//     "parameters": [{"key", "value": source}]} (parameters [] when absent), recursively.
//     The array is sorted by targetAttributeName (stable).
//   scope: scope::to_json of the filter as read (operator names canonical); Graph's
//     null ("no scope") is the empty filter {"groups": [], "inputFilterGroups": [],
//     "categoryFilterGroups": []}, as expand writes it. A scope filter_from_json
//     rejects is kept as read.
// Promises: pure, never throw for any JSON input.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tf::observe {

// sha256 hex of the object's canonical dump, without top-level "@odata.*" keys (a
// list item and a single GET of the same object hash alike) and without the
// top-level keys in `skipped`.
std::string version_of(const nlohmann::json& object, std::initializer_list<std::string_view> skipped = {});

// The value at a JSON-pointer-like path ("/a/b"), null when absent or malformed.
nlohmann::json value_at(const nlohmann::json& object, const std::string& path);

// The value at a path moved out of `object` (null when absent or malformed); the
// member stays, holding null.
nlohmann::json take_at(nlohmann::json& object, const std::string& path);

// `object` without the given paths and without "@odata.*" keys (for `unmanaged`).
nlohmann::json without_paths(nlohmann::json object, const std::vector<std::string>& paths);

nlohmann::json normalise_mapping_source(const nlohmann::json& source);
nlohmann::json normalise_attribute_mapping(const nlohmann::json& mapping);
nlohmann::json normalise_attribute_mappings(const nlohmann::json& mappings);
nlohmann::json normalise_scope(const nlohmann::json& scope);

// The user object mapping of a synchronization schema (the one named "Provision
// Azure Active Directory Users", else the first User -> User mapping), in place;
// nullptr if none. Observe reads it, apply edits it.
nlohmann::json* user_object_mapping(nlohmann::json& schema);
const nlohmann::json* user_object_mapping(const nlohmann::json& schema);

// Whether a secret value as Graph returned it looks redacted (null, missing, or
// only '*' characters).
bool looks_redacted(const nlohmann::json& value);

// An OData string literal: 'text' with ' doubled.
std::string odata_string(const std::string& text);

}  // namespace tf::observe
