// Plan vocabulary.
#include "compiler/plan/plan.h"

namespace tf::plan {

const char* action_name(Action action) {
  switch (action) {
    case Action::Create: return "create";
    case Action::Update: return "update";
    case Action::Delete: return "delete";
    case Action::Replace: return "replace";
  }
  return "unknown";
}

const nlohmann::json& field_after(const Change& change, const FieldChange& field) {
  if (change.action == Action::Create && field.after.is_null() && change.after.is_object()) {
    auto it = change.after.find(field.path);
    if (it != change.after.end()) return *it;
  }
  return field.after;
}

}  // namespace tf::plan
