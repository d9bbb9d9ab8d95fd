// Saving and loading plans (see plan_file.h). Loading reads through a small checked
// reader that names the JSON path of the first thing wrong and never throws.
#include "compiler/plan/plan_file.h"

#include <array>

namespace tf::plan {

namespace {

using nlohmann::json;

constexpr const char* kMarker = "tenantform_plan";
constexpr const char* kRedo = "; make a new plan with 'tenantform plan --out FILE'";

json optional_string(const std::optional<std::string>& value) {
  return value ? json(*value) : json(nullptr);
}

json tenant_json(const PlanTenant& t) {
  return {{"name", t.name},
          {"id", t.id},
          {"cloud", t.cloud},
          {"client_id", optional_string(t.client_id)},
          {"secret_env", optional_string(t.secret_env)},
          {"secret_file", optional_string(t.secret_file)},
          {"certificate_env", optional_string(t.certificate_env)},
          {"certificate_file", optional_string(t.certificate_file)}};
}

json change_json(const Change& c) {
  json fields = json::array();
  for (const FieldChange& f : c.fields)
    fields.push_back(
        {{"path", f.path}, {"before", f.before}, {"after", field_after(c, f)}, {"sensitive", f.sensitive}});
  json link = c.link ? json{{"source_tenant_id", c.link->source_tenant_id},
                            {"target_tenant_id", c.link->target_tenant_id}}
                     : json(nullptr);
  return {{"address", c.address}, {"kind", resource_kind_name(c.kind)},
          {"tenant", c.tenant},   {"tenant_id", c.tenant_id},
          {"partner", c.partner}, {"partner_id", c.partner_id},
          {"link", link},         {"action", action_name(c.action)},
          {"reason", c.reason},   {"drift", c.drift},
          {"fields", fields},     {"depends_on", c.depends_on},
          {"ids", c.ids},         {"after", c.after},
          {"before", c.before}};
}

// Checked access into the document; the first problem is reported, later ones are
// consequences and stay quiet.
class Reader {
 public:
  explicit Reader(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}
  bool ok() const { return ok_; }

  void fail(const std::string& message) {
    if (ok_) diagnostics_.error(Location{}, "the saved plan is not usable: " + message + kRedo, "plan-file");
    ok_ = false;
  }

  const json* get(const json& object, const std::string& key, const std::string& path, json::value_t type) {
    std::string where = path.empty() ? key : path + "." + key;
    auto it = object.find(key);
    if (it == object.end()) {
      fail("'" + where + "' is missing");
      return nullptr;
    }
    bool fits = it->type() == type || (type == json::value_t::number_integer && it->is_number_integer());
    if (!fits) {
      fail("'" + where + "' should be " + json(type).type_name() + ", found " + it->type_name());
      return nullptr;
    }
    return &*it;
  }

  std::string text(const json& o, const std::string& key, const std::string& path) {
    const json* v = get(o, key, path, json::value_t::string);
    return v ? v->get<std::string>() : std::string();
  }

  bool flag(const json& o, const std::string& key, const std::string& path) {
    const json* v = get(o, key, path, json::value_t::boolean);
    return v && v->get<bool>();
  }

  std::optional<std::string> maybe_text(const json& o, const std::string& key, const std::string& path) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return std::nullopt;
    return text(o, key, path);
  }

  const json& any(const json& o, const std::string& key, const std::string& path) {
    static const json kNull;
    auto it = o.find(key);
    if (it != o.end()) return *it;
    fail("'" + (path.empty() ? key : path + "." + key) + "' is missing");
    return kNull;
  }

  std::map<std::string, std::string> text_map(const json& o, const std::string& key,
                                              const std::string& path) {
    std::map<std::string, std::string> out;
    const json* v = get(o, key, path, json::value_t::object);
    if (!v) return out;
    for (const auto& [k, value] : v->items()) out[k] = text(*v, k, path.empty() ? key : path + "." + key);
    return out;
  }

  std::vector<std::string> text_list(const json& o, const std::string& key, const std::string& path) {
    std::vector<std::string> out;
    const json* v = get(o, key, path, json::value_t::array);
    if (!v) return out;
    for (std::size_t i = 0; i < v->size(); ++i) {
      if ((*v)[i].is_string())
        out.push_back((*v)[i].get<std::string>());
      else
        fail("'" + path + "." + key + "[" + std::to_string(i) + "]' should be string");
    }
    return out;
  }

 private:
  Diagnostics& diagnostics_;
  bool ok_ = true;
};

std::string at(const std::string& list, std::size_t i) {
  return list + "[" + std::to_string(i) + "]";
}

// Each element of the array `key` as an object, with its path.
template <typename Each>
void for_each_object(Reader& r, const json& doc, const std::string& key, Each each) {
  const json* list = r.get(doc, key, "", json::value_t::array);
  if (!list) return;
  for (std::size_t i = 0; i < list->size() && r.ok(); ++i) {
    if (!(*list)[i].is_object())
      r.fail("'" + at(key, i) + "' should be object");
    else
      each((*list)[i], at(key, i));
  }
}

PlanTenant read_tenant(Reader& r, const json& o, const std::string& p) {
  return {r.text(o, "name", p),
          r.text(o, "id", p),
          r.text(o, "cloud", p),
          r.maybe_text(o, "client_id", p),
          r.maybe_text(o, "secret_env", p),
          r.maybe_text(o, "secret_file", p),
          r.maybe_text(o, "certificate_env", p),
          r.maybe_text(o, "certificate_file", p)};
}

std::optional<LinkKey> read_link(Reader& r, const json& o, const std::string& p) {
  const json& link = r.any(o, "link", p);
  if (link.is_null()) return std::nullopt;
  if (!link.is_object()) {
    r.fail("'" + p + ".link' should be object or null, found " + link.type_name());
    return std::nullopt;
  }
  return LinkKey{r.text(link, "source_tenant_id", p + ".link"),
                 r.text(link, "target_tenant_id", p + ".link")};
}

void read_fields(Reader& r, const json& o, const std::string& p, Change& change) {
  const json* fields = r.get(o, "fields", p, json::value_t::array);
  if (!fields) return;
  for (std::size_t i = 0; i < fields->size() && r.ok(); ++i) {
    const json& f = (*fields)[i];
    std::string fp = at(p + ".fields", i);
    if (!f.is_object()) return r.fail("'" + fp + "' should be object");
    change.fields.push_back(
        {r.text(f, "path", fp), r.any(f, "before", fp), r.any(f, "after", fp), r.flag(f, "sensitive", fp)});
  }
}

Change read_change(Reader& r, const json& o, const std::string& p) {
  Change c;
  c.address = r.text(o, "address", p);
  std::string kind = r.text(o, "kind", p), action = r.text(o, "action", p);
  if (auto k = resource_kind_from_name(kind))
    c.kind = *k;
  else if (r.ok())
    r.fail("'" + p + ".kind' is '" + kind + "', not a resource kind tenantform knows");
  if (auto a = action_from_name(action))
    c.action = *a;
  else if (r.ok())
    r.fail("'" + p + ".action' is '" + action + "', expected create, update, delete or replace");
  c.tenant = r.text(o, "tenant", p);
  c.tenant_id = r.text(o, "tenant_id", p);
  c.partner = r.text(o, "partner", p);
  c.partner_id = r.text(o, "partner_id", p);
  c.link = read_link(r, o, p);
  c.reason = r.text(o, "reason", p);
  c.drift = r.flag(o, "drift", p);
  read_fields(r, o, p, c);
  c.depends_on = r.text_list(o, "depends_on", p);
  c.ids = r.text_map(o, "ids", p);
  c.after = r.any(o, "after", p);
  c.before = r.any(o, "before", p);
  return c;
}

// Marker and format version first, so a foreign or newer file gets the right message.
bool check_header(Reader& r, const json& doc) {
  if (!doc.is_object() || !doc.contains(kMarker)) {
    r.fail("it is not a tenantform plan (a JSON object with \"" + std::string(kMarker) + "\" was expected)");
    return false;
  }
  const json* version = r.get(doc, "format_version", "", json::value_t::number_integer);
  if (!version) return false;
  if (*version != Plan::kFormatVersion) {
    r.fail("it has format version " + version->dump() + " (saved by tenantform '" +
           doc.value("tool_version", std::string("?")) + "'), this tenantform reads format version " +
           std::to_string(Plan::kFormatVersion));
    return false;
  }
  return true;
}

}  // namespace

std::string save_plan(const Plan& plan) {
  json tenants = json::array(), changes = json::array(), notes = json::array();
  for (const PlanTenant& t : plan.tenants) tenants.push_back(tenant_json(t));
  for (const Change& c : plan.changes) changes.push_back(change_json(c));
  for (const ObservedNote& n : plan.notes)
    notes.push_back({{"address", n.address}, {"message", n.message}, {"blocking", n.blocking}});
  json doc = {{kMarker, true},
              {"format_version", plan.format_version},
              {"tool_version", plan.tool_version},
              {"manifest_hash", plan.manifest_hash},
              {"allow_destroy", plan.allow_destroy},
              {"tenants", tenants},
              {"changes", changes},
              {"versions", plan.versions},
              {"notes", notes}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<Plan> load_plan(const std::string& text, Diagnostics& diagnostics) {
  Reader r(diagnostics);
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    r.fail("it is not valid JSON");
    return std::nullopt;
  }
  if (!check_header(r, doc)) return std::nullopt;
  Plan plan;
  plan.tool_version = r.text(doc, "tool_version", "");
  plan.manifest_hash = r.text(doc, "manifest_hash", "");
  plan.allow_destroy = r.flag(doc, "allow_destroy", "");
  for_each_object(r, doc, "tenants",
                  [&](const json& o, const std::string& p) { plan.tenants.push_back(read_tenant(r, o, p)); });
  for_each_object(r, doc, "changes",
                  [&](const json& o, const std::string& p) { plan.changes.push_back(read_change(r, o, p)); });
  plan.versions = r.text_map(doc, "versions", "");
  for_each_object(r, doc, "notes", [&](const json& o, const std::string& p) {
    plan.notes.push_back({r.text(o, "address", p), r.text(o, "message", p), r.flag(o, "blocking", p)});
  });
  if (!r.ok()) return std::nullopt;
  return plan;
}

std::optional<Action> action_from_name(const std::string& name) {
  for (Action a : {Action::Create, Action::Update, Action::Delete, Action::Replace})
    if (name == action_name(a)) return a;
  return std::nullopt;
}

}  // namespace tf::plan
