// The plan as text for a terminal, in Terraform's dialect: the legend of action
// symbols, changes made outside tenantform first ("Objects have changed outside of
// tenantform"), then one block per change, a header naming its tenant and link, the
// reason, and its field lines; then the summary sentence and any notes observe left.
// Deterministic: the order is the plan's.
#pragma once

#include <string>

#include "compiler/plan/plan.h"

namespace tf::plan {

std::string render_plan_text(const Plan& plan);

}  // namespace tf::plan
