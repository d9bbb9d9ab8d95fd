// Synchronization routes under /servicePrincipals/{id}/synchronization (graph-api.md
// §4.2-§4.6, §11.4-§11.8): templates, secrets (PUT replaces all), jobs (create, list,
// get, delete), validateCredentials (collection- and job-bound), start, pause,
// restart with resetScope flags, provisionOnDemand (5 per 10 s per job), and the job
// schema: GET, PUT with validation (PATCH is not a route, so it answers 405),
// parseExpression, filterOperators and functions.
#include <chrono>
#include <deque>

#include "compiler/core/json_text.h"
#include "compiler/core/text.h"
#include "compiler/expr/catalogue.h"
#include "compiler/provision/expression_service.h"
#include "runtime/emulator/collection.h"
#include "runtime/emulator/ids.h"
#include "runtime/emulator/provisioning.h"
#include "runtime/emulator/router.h"
#include "runtime/emulator/sync_model.h"

namespace tf::emulator {

namespace {

const std::string kBase = "/servicePrincipals/{id}/synchronization";
const std::string kJob = kBase + "/jobs/{jobId}";
// Room for a schema's text: the default one is ~17 KB (grown by doubling otherwise).
constexpr std::size_t kSchemaTextReserve = 24 * 1024;

const nlohmann::json& sync_of(const RouteContext& context) {
  const nlohmann::json& tenant = context.tenant();
  const std::string& id = context.param("id");
  if (!tenant["servicePrincipals"].contains(id) || !tenant["synchronization"].contains(id)) throw_not_found(id);
  return tenant["synchronization"][id];
}

nlohmann::json& mutable_sync(RouteContext& context) {
  sync_of(context);
  return context.mutable_tenant()["synchronization"][context.param("id")];
}

const nlohmann::json& job_entry(const RouteContext& context) {
  const nlohmann::json& jobs = sync_of(context)["jobs"];
  if (!jobs.contains(context.param("jobId"))) throw_not_found(context.param("jobId"));
  return jobs[context.param("jobId")];
}

nlohmann::json& mutable_job_entry(RouteContext& context) {
  job_entry(context);
  return mutable_sync(context)["jobs"][context.param("jobId")];
}

std::string sp_path(const RouteContext& context) { return "servicePrincipals('" + context.param("id") + "')/synchronization"; }

ApiResponse list_templates(RouteContext& context) {
  return json_response(200, {{"@odata.context", context.metadata(sp_path(context) + "/templates")},
                             {"value", template_objects(sync_of(context))}});
}

ApiResponse template_schema(RouteContext& context) {
  for (const nlohmann::json& t : template_objects(sync_of(context)))
    if (t["id"] == context.param("templateId")) return json_response(200, t["schema"]);
  throw_not_found(context.param("templateId"));
}

ApiResponse get_secrets(RouteContext& context) {
  const nlohmann::json& secrets = sync_of(context)["secrets"];
  std::string text = "{\"@odata.context\":";  // the keys in dump()'s order
  append_json(text, context.metadata("Collection(microsoft.graph.synchronizationSecretKeyStringValuePair)"));
  text += ",\"value\":";
  append_json(text, secrets);
  text += '}';
  return json_text_response(200, std::move(text));
}

ApiResponse put_secrets(RouteContext& context) {
  nlohmann::json body = parse_body(context.request);
  if (!body.contains("value")) throw_bad_request("the body must be {\"value\": [{\"key\", \"value\"}, ...]}.");
  validate_secrets(body["value"]);
  mutable_sync(context)["secrets"] = body["value"];
  return no_content();
}

ApiResponse list_jobs(RouteContext& context) {
  std::vector<const nlohmann::json*> jobs;
  for (const nlohmann::json& entry : sync_of(context)["jobs"]) jobs.push_back(&entry["job"]);
  return collection_response(context, jobs, {sp_path(context) + "/jobs", false, 0});
}

ApiResponse create_job(RouteContext& context) {
  nlohmann::json body = parse_body(context.request);
  std::string template_id = body.value("templateId", "");
  const nlohmann::json& templates = sync_of(context)["templates"];
  if (std::find(templates.begin(), templates.end(), template_id) == templates.end())
    throw GraphError(context.env.choices.unknown_template_status, "Request_BadRequest",
                     "The template '" + template_id + "' is not one of this service principal's synchronization templates.");
  nlohmann::json entry = new_job_entry(context.tenant_id, template_id);
  nlohmann::json job = entry["job"];
  mutable_sync(context)["jobs"][job["id"].get<std::string>()] = entry;
  job["@odata.context"] = context.metadata(sp_path(context) + "/jobs/$entity");
  return json_response(201, job);
}

ApiResponse get_job(RouteContext& context) {
  return entity_response(context, job_entry(context)["job"], false, sp_path(context) + "/jobs/$entity");
}

ApiResponse delete_job(RouteContext& context) {
  job_entry(context);
  mutable_sync(context)["jobs"].erase(context.param("jobId"));
  return no_content();
}

ApiResponse validate_credentials(RouteContext& context) {
  const nlohmann::json& sync = sync_of(context);
  if (context.params.count("jobId")) job_entry(context);
  nlohmann::json body = context.request.body.empty() ? nlohmann::json::object() : parse_body(context.request);
  bool saved = body.value("useSavedCredentials", false);
  nlohmann::json credentials = saved ? sync["secrets"] : body.value("credentials", nlohmann::json::array());
  validate_secrets(credentials);
  auto company = secret_value(credentials, "CompanyId");
  if (!company) throw_bad_request("the credentials have no 'CompanyId'; set it to the target tenant id.");
  auto auth = secret_value(credentials, "AuthenticationType");
  if (auth && *auth != "SyncPolicy") throw_bad_request("'AuthenticationType' must be 'SyncPolicy' for cross-tenant synchronization.");
  if (auto why = sync_policy_failure(context.env.store, context.tenant_id, lower_ascii(*company)))
    throw GraphError(context.env.choices.policy_check_failure_status, kPolicyCheckFailureCode, *why);
  return no_content();
}

ApiResponse start_job(RouteContext& context) {
  nlohmann::json& job = mutable_job_entry(context)["job"];
  job["schedule"]["state"] = "Active";
  job["status"]["quarantine"] = nullptr;
  job["status"]["code"] = job["status"]["lastExecution"].is_null() ? "NotRun" : "Active";
  return no_content();
}

ApiResponse pause_job(RouteContext& context) {
  nlohmann::json& job = mutable_job_entry(context)["job"];
  job["schedule"]["state"] = "Paused";
  job["status"]["code"] = "Paused";
  return no_content();
}

ApiResponse restart_job(RouteContext& context) {
  nlohmann::json body = context.request.body.empty() ? nlohmann::json::object() : parse_body(context.request);
  std::string scope_text;
  if (body.contains("criteria") && body["criteria"].is_object()) scope_text = body["criteria"].value("resetScope", "");
  std::set<std::string> flags = parse_reset_scope(scope_text);
  nlohmann::json& entry = mutable_job_entry(context);
  entry["job"]["status"]["quarantine"] = nullptr;
  entry["job"]["status"]["code"] = entry["job"]["status"]["lastExecution"].is_null() ? "NotRun" : "Active";
  entry["job"]["schedule"]["state"] = "Active";
  if (flags.count("ForceDeletes")) entry["_state"]["forceDeletes"] = true;
  return no_content();
}

// Sliding window of provisionOnDemand calls per job (in memory; the store lock is held).
bool on_demand_allowed(const RouteContext& context) {
  static std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> calls;
  auto now = std::chrono::steady_clock::now();
  auto& window = calls[context.tenant_id + "/" + context.param("jobId")];
  while (!window.empty() && now - window.front() > std::chrono::seconds(context.env.choices.on_demand_window_seconds))
    window.pop_front();
  if (static_cast<int>(window.size()) >= context.env.choices.on_demand_limit) return false;
  window.push_back(now);
  return true;
}

ApiResponse provision_on_demand(RouteContext& context) {
  job_entry(context);
  if (!on_demand_allowed(context)) {
    ApiResponse throttled = error_response(
        GraphError(429, "TooManyRequests", "Too many provisionOnDemand requests; at most 5 per 10 seconds are allowed."),
        context.request.request_id);
    throttled.headers["Retry-After"] = std::to_string(context.env.choices.on_demand_window_seconds);
    return throttled;
  }
  nlohmann::json body = parse_body(context.request);
  std::string user_id;
  for (const nlohmann::json& parameter : body.value("parameters", nlohmann::json::array()))
    for (const nlohmann::json& subject : parameter.value("subjects", nlohmann::json::array()))
      if (user_id.empty()) user_id = subject.value("objectId", "");
  if (user_id.empty()) throw_bad_request("provisionOnDemand needs parameters[0].subjects[0].objectId.");
  nlohmann::json entry = context.env.engine.provision_on_demand(context.env.store, context.tenant_id, context.param("id"),
                                                                context.param("jobId"), user_id);
  const nlohmann::json& status = entry.value("provisioningStatusInfo", nlohmann::json::object());
  std::string result = status.value("status", "failure");
  result[0] = static_cast<char>(std::toupper(result[0]));
  nlohmann::json key = {{"result", result}, {"details", status.value("errorInformation", nlohmann::json::object())}};
  return json_response(200, {{"@odata.context", context.metadata("microsoft.graph.stringKeyStringValuePair")},
                             {"key", key.dump()}, {"value", entry.dump()}});
}

// A schema is large (~17 KB of JSON): written straight from the store, never copied.
ApiResponse get_schema(RouteContext& context) {
  const nlohmann::json extra = {
      {"@odata.context", context.metadata(sp_path(context) + "/jobs('" + context.param("jobId") + "')/schema/$entity")}};
  std::string text;
  text.reserve(kSchemaTextReserve);
  append_view(text, job_entry(context)["schema"], {false, nullptr, &extra});
  return json_text_response(200, std::move(text));
}

void validate_expressions(const RouteContext& context, const nlohmann::json& schema) {
  for (const nlohmann::json& rule : schema["synchronizationRules"])
    for (const nlohmann::json& om : member_array(rule, "objectMappings"))
      for (const nlohmann::json& m : member_array(om, "attributeMappings")) {
        const nlohmann::json& source = m.value("source", nlohmann::json());
        if (!source.is_object() || source.value("type", "") != "Function" || m.value("targetAttributeName", "") == "alternativeSecurityIds")
          continue;
        auto parsed = context.env.expressions.parse(source.value("expression", ""));
        if (!parsed.ok)
          throw GraphError(400, "schemaInvalid", "the expression for '" + m.value("targetAttributeName", "") + "' is not valid: " + parsed.error);
      }
}

ApiResponse put_schema(RouteContext& context) {
  nlohmann::json schema = parse_body(context.request);
  schema.erase("@odata.context");
  validate_schema(schema, job_entry(context)["schema"]);
  validate_expressions(context, schema);
  schema["id"] = context.param("jobId");
  if (!schema.contains("version")) schema["version"] = "v1.2";
  mutable_job_entry(context)["schema"] = schema;
  return no_content();
}

nlohmann::json test_attributes(const nlohmann::json& body) {
  nlohmann::json attributes = nlohmann::json::object();
  const nlohmann::json& input = body.value("testInputObject", nlohmann::json());
  if (!input.is_object()) return attributes;
  for (const nlohmann::json& property : input.value("properties", nlohmann::json::array()))
    if (property.contains("key")) attributes[property["key"].get<std::string>()] = property.value("value", nlohmann::json());
  return attributes;
}

ApiResponse parse_expression(RouteContext& context) {
  job_entry(context);
  nlohmann::json body = parse_body(context.request);
  std::string text = body.value("expression", "");
  auto parsed = context.env.expressions.parse(text);
  nlohmann::json out = {{"error", nullptr}, {"evaluationSucceeded", false}, {"evaluationResult", nullptr},
                        {"parsedExpression", parsed.ok ? parsed.source : nlohmann::json()}, {"parsingSucceeded", parsed.ok}};
  if (!parsed.ok) {
    out["error"] = {{"code", "ParseError"}, {"message", parsed.error}, {"target", "expression"}};
    return json_response(200, out);
  }
  Attributes attributes;
  const nlohmann::json inputs = test_attributes(body);
  for (const auto& [key, value] : inputs.items()) {
    nlohmann::json single = {{key, value}};
    AttributesFromJson converted = attributes_from_json(single);
    if (converted.error.empty()) attributes.merge(converted.attributes);
  }
  auto evaluated = context.env.expressions.evaluate(text, attributes);
  using Kind = ExpressionService::Evaluated::Kind;
  if (evaluated.kind == Kind::Error) {
    out["error"] = {{"code", "EvaluationError"}, {"message", evaluated.error}, {"target", "expression"}};
  } else {
    out["evaluationSucceeded"] = true;
    out["evaluationResult"] = evaluated.kind == Kind::Value ? nlohmann::json(evaluated.values) : nlohmann::json::array();
  }
  return json_response(200, out);
}

ApiResponse filter_operators(RouteContext& context) {
  job_entry(context);
  nlohmann::json value = nlohmann::json::array();
  auto add = [&](const char* name, const char* arity, std::vector<std::string> types) {
    value.push_back({{"name", name}, {"arity", arity}, {"multivaluedComparisonType", "All"}, {"supportedAttributeTypes", types}});
  };
  for (const char* name : {"EQUALS", "NOT EQUALS", "REGEX MATCH", "NOT REGEX MATCH"}) add(name, "Binary", {"Integer", "String"});
  for (const char* name : {"IS TRUE", "IS FALSE"}) add(name, "Unary", {"Boolean"});
  for (const char* name : {"IS NULL", "IS NOT NULL"}) add(name, "Unary", {"Integer", "String", "Binary", "Boolean"});
  for (const char* name : {"GREATER_THAN", "GREATER_THAN_OR_EQUALS"}) add(name, "Binary", {"Integer"});
  for (const char* name : {"INCLUDES", "ENDS_WITH", "&", "!&"}) add(name, "Binary", {"String"});
  return json_response(200, {{"@odata.context", context.metadata("Collection(microsoft.graph.filterOperatorSchema)")}, {"value", value}});
}

ApiResponse functions(RouteContext& context) {
  job_entry(context);
  nlohmann::json value = nlohmann::json::array();
  for (const expr::FunctionSpec& spec : expr::all_functions()) {
    nlohmann::json parameters = nlohmann::json::array();
    for (const expr::ParamSpec& p : spec.params)
      parameters.push_back({{"name", std::string(p.key)}, {"type", "String"}, {"required", !p.optional},
                            {"allowMultipleOccurrences", p.repeating}});
    value.push_back({{"id", std::string(spec.name)}, {"parameters", parameters}});
  }
  return json_response(200, {{"@odata.context", context.metadata("Collection(microsoft.graph.attributeMappingFunctionSchema)")}, {"value", value}});
}

}  // namespace

void add_synchronization_routes(Router& router) {
  router.add("GET", kBase + "/templates", list_templates);
  router.add("GET", kBase + "/templates/{templateId}/schema", template_schema);
  router.add("GET", kBase + "/secrets", get_secrets);
  router.add("PUT", kBase + "/secrets", put_secrets);
  router.add("GET", kBase + "/jobs", list_jobs);
  router.add("POST", kBase + "/jobs", create_job);
  router.add("POST", kBase + "/jobs/validateCredentials", validate_credentials);
  router.add("GET", kJob, get_job);
  router.add("DELETE", kJob, delete_job);
  router.add("POST", kJob + "/validateCredentials", validate_credentials);
  router.add("POST", kJob + "/start", start_job);
  router.add("POST", kJob + "/pause", pause_job);
  router.add("POST", kJob + "/restart", restart_job);
  router.add("POST", kJob + "/provisionOnDemand", provision_on_demand);
  router.add("GET", kJob + "/schema", get_schema);
  router.add("PUT", kJob + "/schema", put_schema);
  router.add("POST", kJob + "/schema/parseExpression", parse_expression);
  for (const char* suffix : {"", "()"}) {
    router.add("GET", kJob + "/schema/filterOperators" + suffix, filter_operators);
    router.add("GET", kJob + "/schema/functions" + suffix, functions);
  }
}

}  // namespace tf::emulator
