// Markdown rendering of a plan (see render_markdown.h).
#include "compiler/plan/render_markdown.h"

#include <map>
#include <sstream>
#include <vector>

#include "compiler/plan/render_common.h"

namespace tf::plan {

namespace {

// Backticks would end the fence early; nothing else needs escaping inside it.
std::string fenced(std::string line) {
  for (std::size_t at = line.find("```"); at != std::string::npos; at = line.find("```", at + 3))
    line.replace(at, 3, "'''");
  return line;
}

void write_change(std::ostringstream& out, const Change& change) {
  out << "# " << change.address << " " << action_phrase(change.action) << " (tenant '"
      << (change.tenant.empty() ? change.tenant_id : change.tenant) << "')\n";
  if (!change.reason.empty()) out << "# reason: " << fenced(change.reason) << "\n";
  for (const std::string& line : field_lines(change)) out << fenced(line) << "\n";
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string render_plan_markdown(const Plan& plan) {
  std::ostringstream out;
  out << "**" << summary_sentence(plan) << "**\n";
  std::size_t drift = 0;
  std::map<std::string, std::vector<const Change*>> by_link;
  for (const Change& change : plan.changes) {
    by_link[link_label(change)].push_back(&change);
    if (change.drift) ++drift;
  }
  if (drift > 0)
    out << "\n> **Warning:** " << plural(drift, "object")
        << " changed outside of tenantform; this plan restores " << (drift == 1 ? "it" : "them") << ".\n";
  for (const auto& [link, changes] : by_link) {
    out << "\n<details><summary>link " << link << " (" << plural(changes.size(), "change")
        << ")</summary>\n\n```diff\n";
    for (std::size_t i = 0; i < changes.size(); ++i) {
      if (i > 0) out << "\n";
      write_change(out, *changes[i]);
    }
    out << "```\n\n</details>\n";
  }
  for (const ObservedNote& note : plan.notes)
    out << "\n> **" << (note.blocking ? "Error" : "Note") << ":** `" << note.address << "`: " << note.message
        << "\n";
  return out.str();
}

}  // namespace tf::plan
