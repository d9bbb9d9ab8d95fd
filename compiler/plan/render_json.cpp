// JSON rendering of a plan (see render_json.h).
#include "compiler/plan/render_json.h"

#include "compiler/plan/render_common.h"

namespace tf::plan {

namespace {

nlohmann::json actions(Action action) {
  switch (action) {
    case Action::Create:
      return {"create"};
    case Action::Update:
      return {"update"};
    case Action::Delete:
      return {"delete"};
    case Action::Replace:
      return {"delete", "create"};
  }
  return {"no-op"};
}

// before/after with the sensitive paths redacted.
nlohmann::json redacted(const nlohmann::json& object, const Change& change) {
  if (!object.is_object()) return object;
  nlohmann::json copy = object;
  for (const FieldChange& field : change.fields)
    if (field.sensitive && copy.contains(field.path)) copy[field.path] = "(sensitive)";
  return copy;
}

nlohmann::json field_json(const Change& change, const FieldChange& field) {
  auto shown = [&](const nlohmann::json& v) { return field.sensitive ? nlohmann::json("(sensitive)") : v; };
  return {{"path", field.path},
          {"before", shown(field.before)},
          {"after", shown(field_after(change, field))},
          {"sensitive", field.sensitive}};
}

nlohmann::json change_json(const Change& change) {
  nlohmann::json fields = nlohmann::json::array();
  for (const FieldChange& field : change.fields) fields.push_back(field_json(change, field));
  return {{"address", change.address},
          {"type", resource_kind_name(change.kind)},
          {"tenant", change.tenant},
          {"tenant_id", change.tenant_id},
          {"partner", change.partner},
          {"partner_id", change.partner_id},
          {"link", link_label(change)},
          {"drift", change.drift},
          {"reason", change.reason},
          {"depends_on", change.depends_on},
          {"change",
           {{"actions", actions(change.action)},
            {"before", redacted(change.before, change)},
            {"after", redacted(change.after, change)},
            {"fields", fields}}}};
}

nlohmann::json notes_json(const Plan& plan) {
  nlohmann::json notes = nlohmann::json::array();
  for (const ObservedNote& note : plan.notes)
    notes.push_back({{"address", note.address}, {"message", note.message}, {"blocking", note.blocking}});
  return notes;
}

}  // namespace

nlohmann::json plan_to_json_document(const Plan& plan) {
  nlohmann::json changes = nlohmann::json::array(), drift = nlohmann::json::array();
  for (const Change& change : plan.changes) {
    changes.push_back(change_json(change));
    if (change.drift) drift.push_back(changes.back());
  }
  PlanCounts counts = count_changes(plan);
  return {{"format_version", kJsonFormatVersion},
          {"tool_version", plan.tool_version},
          {"manifest_hash", plan.manifest_hash},
          {"allow_destroy", plan.allow_destroy},
          {"summary", {{"add", counts.add}, {"change", counts.change}, {"destroy", counts.destroy}}},
          {"resource_changes", changes},
          {"drift", drift},
          {"versions", plan.versions},
          {"notes", notes_json(plan)}};
}

std::string render_plan_json(const Plan& plan) {
  return plan_to_json_document(plan).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace tf::plan
