// Printing an expression tree back out, in the two forms Graph knows
// (shared/reference/expressions.md §1.4):
//  - print_expression: the canonical text Graph stores in `expression` — ", "
//    between arguments, empty slots kept (`Replace([x], "-", , , "_", , )`), strings
//    re-escaped (" and \ get a backslash), numbers as written, one space around a
//    comparison operator. Parsing the printed text gives the same tree.
//  - to_graph_source: an attributeMappingSource {expression, name, parameters[{key,
//    value}], type} with type Attribute, Constant or Function. Numbers become string
//    constants of their decimal text, omitted slots do not appear, and a repeating
//    parameter (Join's source, Switch's switchValue pairs) repeats its key.
//    UNCONFIRMED encodings, chosen here: a comparison is a Function node named by
//    its operator ("=", "<>", ...) with keys "left" and "right"; a bare word is a
//    Constant whose expression is the word unquoted; a slot beyond a function's
//    parameters (or of an unknown function) is keyed "parameterN" (1-based).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/expr/ast.h"

namespace tf::expr {

std::string print_expression(const Expression& expression);
std::string print_node(const Node& node);
// `text` between double quotes with " and \ escaped.
std::string quote_string(std::string_view text);

nlohmann::json to_graph_source(const Expression& expression);
nlohmann::json to_graph_source(const Node& node);

}  // namespace tf::expr
