// Small helpers over the expression syntax tree (ast.h): operator spellings.
#include "compiler/expr/ast.h"

namespace tf::expr {

const char* compare_op_text(CompareOp op) {
  switch (op) {
    case CompareOp::Equal:
      return "=";
    case CompareOp::NotEqual:
      return "<>";
    case CompareOp::Less:
      return "<";
    case CompareOp::LessEqual:
      return "<=";
    case CompareOp::Greater:
      return ">";
    case CompareOp::GreaterEqual:
      return ">=";
  }
  return "?";
}

}  // namespace tf::expr
