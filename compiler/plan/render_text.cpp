// Text rendering of a plan (see render_text.h).
#include "compiler/plan/render_text.h"

#include <algorithm>
#include <sstream>

#include "compiler/plan/render_common.h"

namespace tf::plan {

namespace {

void write_change(std::ostringstream& out, const Change& change) {
  out << "  # " << change.address << " " << action_phrase(change.action) << "\n";
  out << "  # (" << change_context(change) << ")\n";
  if (!change.reason.empty()) out << "  # reason: " << change.reason << "\n";
  out << (change.action == Action::Replace ? "" : "  ") << action_symbol(change.action) << " "
      << change.address << " {\n";
  for (const std::string& line : field_lines(change)) out << "      " << line << "\n";
  out << "    }\n\n";
}

bool has_drift(const Plan& plan) {
  for (const Change& change : plan.changes)
    if (change.drift) return true;
  return false;
}

void write_legend(std::ostringstream& out) {
  out << "tenantform compared the configuration with the tenants. Resource actions are indicated with the\n"
         "following symbols:\n"
         "  + create\n"
         "  ~ update in-place\n"
         "  - destroy\n"
         "-/+ destroy and then create replacement\n\n";
}

void write_notes(std::ostringstream& out, const Plan& plan) {
  for (const ObservedNote& note : plan.notes)
    out << "\n" << (note.blocking ? "Error: " : "Warning: ") << note.address << ": " << note.message << "\n";
}

}  // namespace

std::string render_plan_text(const Plan& plan) {
  std::ostringstream out;
  if (has_drift(plan)) {
    out << "Note: Objects have changed outside of tenantform\n\n"
           "tenantform detected the following changes made outside of tenantform and will restore them:\n\n";
    for (const Change& change : plan.changes)
      if (change.drift) write_change(out, change);
  }
  if (!plan.empty()) {
    write_legend(out);
    bool only_drift =
        std::all_of(plan.changes.begin(), plan.changes.end(), [](const Change& c) { return c.drift; });
    out << (only_drift ? "tenantform will restore the objects above and change nothing else.\n\n"
                       : "tenantform will perform the following actions:\n\n");
    for (const Change& change : plan.changes)
      if (!change.drift) write_change(out, change);
  }
  out << summary_sentence(plan) << "\n";
  write_notes(out, plan);
  return out.str();
}

}  // namespace tf::plan
