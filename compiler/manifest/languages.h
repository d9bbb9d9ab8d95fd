// The two small languages inside the manifest's strings, wired into checking: each
// mapping expression is parsed (compiler/expr/parser.h), its ${source.*}/${target.*}
// placeholders checked (substitute.h) and type-checked against its target attribute
// (checker.h); each scope filter is compiled to Entra's groups (compiler/scope), raw
// clause lists included, whose values (regular expressions, integers) are validated
// at the clause's own column. Errors land on the exact column inside the manifest.
// The parsed and compiled forms are stored in the Model (AttributeMapping::parsed,
// ScopeFilter::compiled) when valid.
#pragma once

#include <string>
#include <string_view>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/model.h"
#include "compiler/manifest/topology.h"

namespace tf::manifest {

// Part of check (check.h): parses, checks and compiles every expression and filter.
void compile_languages(Model& model, Diagnostics& diagnostics);

// Why a scope filter's attribute is worth a warning ("" when not): neither a source
// attribute mapping expressions may read nor one compiler/scope knows, most likely a
// typo, and a user without it fails the clause. For filters written as text and as
// clause lists alike.
std::string filter_attribute_warning(std::string_view name);

// Part of expand (expand.h): substitutes the placeholders of each link's mapping with
// the link's tenants, reporting what cannot be substituted (a ${source.domain} of a
// tenant without a domain). Each distinct problem is reported once.
void check_link_substitutions(const Model& model, const Topology& topology, Diagnostics& diagnostics);

}  // namespace tf::manifest
