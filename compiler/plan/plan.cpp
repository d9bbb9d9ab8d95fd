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

}  // namespace tf::plan
