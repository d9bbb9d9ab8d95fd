// Mapping expressions and scope filters: parse, check, compile, substitute.
#include "compiler/manifest/languages.h"

#include <set>

#include "compiler/expr/checker.h"
#include "compiler/expr/parser.h"
#include "compiler/expr/source_attributes.h"
#include "compiler/expr/substitute.h"
#include "compiler/scope/attribute_rules.h"
#include "compiler/scope/compile.h"
#include "compiler/scope/validate.h"

namespace tf::manifest {

namespace {

void compile_expression(AttributeMapping& attribute, Diagnostics& diagnostics) {
  if (!attribute.expression) return;
  std::size_t errors_before = diagnostics.error_count();
  std::optional<expr::Expression> parsed = expr::parse_expression(*attribute.expression, diagnostics);
  if (!parsed) return;
  expr::check_placeholders(*parsed, diagnostics);
  expr::CheckOptions options;
  options.target_attribute = attribute.target;
  expr::check_expression(*parsed, options, diagnostics);
  if (diagnostics.error_count() == errors_before)
    attribute.parsed = std::make_shared<const expr::Expression>(std::move(*parsed));
}

// The value checks of compiler/scope for one raw clause, reported at its value.
// validate_filter labels problems "group 1, clause 1: "; for a clause reported at its
// own position that label says nothing, so it is dropped.
void validate_clause(const RawClause& clause, Diagnostics& diagnostics) {
  scope::EntraFilter one{{scope::FilterGroup{"", {scope::FilterClause{clause.operator_name, clause.attribute, {}}}}}};
  if (clause.value) one.groups[0].clauses[0].values.push_back(*clause.value);
  Diagnostics found;
  scope::validate_filter(one, found, clause.value_location.valid() ? clause.value_location : clause.location);
  const std::string label = "group 1, clause 1: ";
  for (Diagnostic d : found.items()) {
    if (d.message.rfind(label, 0) == 0) d.message.erase(0, label.size());
    diagnostics.add(std::move(d));
  }
}

std::optional<scope::EntraFilter> compile_raw(const ScopeFilter& filter, Diagnostics& diagnostics) {
  std::size_t errors_before = diagnostics.error_count();
  scope::EntraFilter out;
  for (const std::vector<RawClause>& group : filter.raw_groups) {
    scope::FilterGroup g{scope::ScopeOptions{}.group_name_prefix + std::to_string(out.groups.size() + 1), {}};
    for (const RawClause& clause : group) {
      if (!clause.complete) continue;  // its problems are reported already
      validate_clause(clause, diagnostics);
      scope::FilterClause c{clause.operator_name, clause.attribute, {}};
      if (clause.value) c.values.push_back(*clause.value);
      g.clauses.push_back(std::move(c));
    }
    out.groups.push_back(std::move(g));
  }
  bool complete = true;
  for (const auto& group : filter.raw_groups)
    for (const RawClause& clause : group) complete = complete && clause.complete;
  if (!complete || diagnostics.error_count() != errors_before) return std::nullopt;
  return out;
}

void compile_filter(ScopeFilter& filter, Diagnostics& diagnostics) {
  scope::ScopeOptions options;
  options.attribute_problem = filter_attribute_warning;
  if (filter.expression) filter.compiled = scope::compile_scope_filter(*filter.expression, diagnostics, options);
  else filter.compiled = compile_raw(filter, diagnostics);
}

expr::TenantInfo tenant_info(const Model& model, const std::string& name) {
  const Tenant* t = model.tenant(name);
  if (t == nullptr) return {name, "", ""};
  return {t->name, t->id, t->domain.value_or("")};
}

}  // namespace

std::string filter_attribute_warning(std::string_view name) {
  if (scope::known_attribute_type(name) != scope::AttributeType::Unknown) return {};
  std::string problem = expr::source_attribute_problem(name);
  return problem.empty() ? problem : problem + " (a user without it fails the clause)";
}

void compile_languages(Model& model, Diagnostics& diagnostics) {
  for (Mapping& mapping : model.mappings)
    for (AttributeMapping& attribute : mapping.attributes) compile_expression(attribute, diagnostics);
  for (Scope& scope : model.scopes)
    if (scope.filter) compile_filter(*scope.filter, diagnostics);
}

void check_link_substitutions(const Model& model, const Topology& topology, Diagnostics& diagnostics) {
  std::set<std::pair<std::string, std::string>> reported;  // (position, message)
  for (const DirectedLink& link : topology.links) {
    const Mapping* mapping = link.mapping ? model.mapping(*link.mapping) : nullptr;
    if (mapping == nullptr) continue;
    expr::LinkContext context{tenant_info(model, link.source), tenant_info(model, link.target)};
    for (const AttributeMapping& attribute : mapping->attributes) {
      if (!attribute.parsed || attribute.expression->text.find("${") == std::string::npos) continue;
      Diagnostics scratch;
      std::optional<expr::Expression> copy = expr::parse_expression(*attribute.expression, scratch);
      if (!copy || expr::substitute_placeholders(*copy, context, scratch)) continue;
      for (const Diagnostic& d : scratch.items()) {
        std::string where = d.location.path() + ":" + std::to_string(d.location.line) + ":" +
                            std::to_string(d.location.column);
        if (reported.insert({where, d.message}).second) diagnostics.add(d);
      }
    }
  }
}

}  // namespace tf::manifest
