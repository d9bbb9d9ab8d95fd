// The plan as Markdown for a pull-request comment: the summary sentence in bold, a
// warning when objects changed outside tenantform, then one collapsed section per
// link ("<details><summary>link contoso -> fabrikam (3 changes)</summary>") holding
// a ```diff block with the same change blocks as the text rendering. Links are in
// name order; changes keep the plan's order inside a link.
#pragma once

#include <string>

#include "compiler/plan/plan.h"

namespace tf::plan {

std::string render_plan_markdown(const Plan& plan);

}  // namespace tf::plan
