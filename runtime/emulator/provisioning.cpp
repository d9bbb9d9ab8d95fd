// One provisioning cycle per running job, and provisionOnDemand (see provisioning.h).
#include "runtime/emulator/provisioning.h"

#include <algorithm>

#include "compiler/provision/preview.h"
#include "runtime/emulator/api.h"
#include "runtime/emulator/ids.h"
#include "runtime/emulator/provisioning_parts.h"
#include "runtime/emulator/sync_model.h"

namespace tf::emulator {

namespace {

constexpr std::size_t kMaxLogEntries = 20000;

struct JobRef {
  std::string tenant, sp, job;
};

struct FlowTypes {
  bool add = true, update = true, remove = true;
};

FlowTypes flow_types(const nlohmann::json& object_mapping) {
  std::string text = object_mapping.value("flowTypes", std::string("Add, Update, Delete"));
  return FlowTypes{text.find("Add") != std::string::npos, text.find("Update") != std::string::npos,
                   text.find("Delete") != std::string::npos};
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The deletion threshold of the SyncNotificationSettings secret, or -1 when off.
std::int64_t delete_threshold(const nlohmann::json& secrets) {
  auto text = secret_value(secrets, "SyncNotificationSettings");
  return text ? provision::deletion_threshold(*text).value_or(-1) : -1;
}

// A property value as provisioning logs show it: text as is, other values as JSON.
nlohmann::json log_text(const nlohmann::json& value) {
  if (value.is_null()) return nullptr;
  return value.is_string() ? value.get<std::string>() : value.dump();
}

bool is_deleted(const nlohmann::json& object) {
  return object.contains("deletedDateTime") && !object["deletedDateTime"].is_null();
}

class JobRun {
 public:
  JobRun(Store& store, const ExpressionService& expressions, JobRef ref)
      : store_(store), expressions_(expressions), ref_(std::move(ref)), began_(now_iso()) {
    subject_ = LogSubject{ref_.tenant, "", ref_.sp, sp().value("displayName", ""), ref_.job, new_guid()};
  }

  nlohmann::json cycle() {
    if (!prepare()) return summary();
    const nlohmann::json& users = store_.tenant(ref_.tenant)["users"];
    for (const auto& [id, user] : users.items()) consider(id, user);
    remove_out_of_scope();
    finish();
    return summary();
  }

  nlohmann::json on_demand(const std::string& user_id) {
    const nlohmann::json& users = store_.tenant(ref_.tenant)["users"];
    if (!users.contains(user_id)) throw_not_found(user_id);
    if (!prepare()) return logs_.empty() ? failure_entry() : logs_.back();
    if (!consider(user_id, users[user_id]))
      logs_.push_back(log_entry(subject_, LogChange{"other", "skipped", user_id, users[user_id].value("displayName", ""), "", "",
                                                    {}, "NotEffectivelyEntitled", skip_reason_}));
    save_state(false);
    return logs_.empty() ? nlohmann::json::object() : logs_.back();
  }

 private:
  const nlohmann::json& sp() const { return store_.tenant(ref_.tenant)["servicePrincipals"][ref_.sp]; }
  const nlohmann::json& synchronization() const { return store_.tenant(ref_.tenant)["synchronization"][ref_.sp]; }
  const nlohmann::json& entry() const { return synchronization()["jobs"][ref_.job]; }

  // Policy, target and schema checks; false (and the job failed) when the job cannot run.
  bool prepare() {
    const nlohmann::json& secrets = synchronization()["secrets"];
    auto company = secret_value(secrets, "CompanyId");
    if (!company) return fail("CompanyIdMissing", "the synchronization secrets have no 'CompanyId'; set it to the target tenant id");
    target_ = lower(*company);
    subject_.target_tenant = target_;
    if (auto why = sync_policy_failure(store_, ref_.tenant, target_)) return fail(kPolicyCheckFailureCode, *why);
    mapping_ = user_object_mapping(entry()["schema"]);
    if (mapping_.is_null()) return fail("schemaInvalid", "the job schema has no enabled object mapping for 'User'");
    flows_ = flow_types(mapping_);
    scope_ = scope::filter_from_json(mapping_.contains("scope") ? mapping_["scope"] : nlohmann::json());
    sync_all_ = lower(secret_value(secrets, "SyncAll").value_or("false")) == "true";
    assigned_ = assigned_users(store_.tenant(ref_.tenant), ref_.sp);
    threshold_ = delete_threshold(secrets);
    provisioned_ = entry()["_state"].value("provisioned", nlohmann::json::object());
    target_domain_ = store_.tenant(target_).value("domain", target_);
    for (const auto& [id, user] : store_.tenant(target_)["users"].items())
      if (user.contains("_source") && user["_source"].value("tenantId", "") == ref_.tenant)
        matches_[user["_source"].value("userId", "")] = id;
    store_.mutable_tenant(target_);  // the target is written before the source
    return true;
  }

  bool fail(const std::string& code, const std::string& message) {
    nlohmann::json& job = store_.mutable_tenant(ref_.tenant)["synchronization"][ref_.sp]["jobs"][ref_.job]["job"];
    nlohmann::json& status = job["status"];
    nlohmann::json error = {{"code", code}, {"message", message}, {"tenantActionable", true}};
    const nlohmann::json& previous = status.value("quarantine", nlohmann::json());
    std::string series = previous.is_object() ? previous.value("seriesBegan", began_) : began_;
    std::int64_t count = previous.is_object() ? previous.value("seriesCount", std::int64_t{0}) + 1 : 1;
    status["code"] = "Quarantine";
    status["quarantine"] = {{"currentBegan", began_}, {"nextAttempt", began_}, {"reason", "EncounteredQuarantineException"},
                            {"seriesBegan", series}, {"seriesCount", count}, {"error", error}};
    status["countSuccessiveCompleteFailures"] = status.value("countSuccessiveCompleteFailures", 0) + 1;
    status["lastExecution"] = execution_record(subject_.cycle_id, counts_, "Failed", began_, now_iso(), error);
    failed_code_ = code;
    return false;
  }

  nlohmann::json failure_entry() const {
    return {{"provisioningStatusInfo", {{"status", "failure"}, {"errorInformation", {{"errorCode", failed_code_}}}}}};
  }

  // Scope, then create or update; false when the user is out of scope.
  bool consider(const std::string& id, const nlohmann::json& user) {
    if (is_deleted(user)) {
      skip_reason_ = "the user is deleted in the source tenant";
      return false;
    }
    ++counts_.imported;
    bool assigned = assigned_.count(id) != 0;
    Attributes attributes = source_attributes(user, assigned);
    ScopeDecision decision = decide_scope(user, attributes, sync_all_, assigned, scope_);
    if (!decision.in_scope) {
      skip_reason_ = decision.reason;
      return false;
    }
    ++counts_.entitled;
    in_scope_.insert(id);
    auto match = matches_.find(id);
    if (match == matches_.end())
      create(id, user, attributes);
    else
      update(id, user, attributes, match->second);
    return true;
  }

  nlohmann::json& target_users() { return store_.mutable_tenant(target_)["users"]; }

  void failed(const std::string& action, const std::string& id, const nlohmann::json& user, const std::string& target_id,
              const std::string& why) {
    ++counts_.failed;
    ++failures_;
    logs_.push_back(log_entry(subject_, LogChange{action, "failure", id, user.value("displayName", ""), target_id, "", {},
                                                  "ExpressionEvaluationFailure", why}));
  }

  void create(const std::string& id, const nlohmann::json& user, const Attributes& attributes) {
    if (!flows_.add) return;
    MappedUser mapped = apply_mappings(expressions_, attribute_mappings(), attributes, MappingMode::Create, nullptr, target_domain_);
    if (!mapped.error.empty()) return failed("create", id, user, "", mapped.error);
    nlohmann::json created = {{"id", new_guid()}, {"userType", "Member"}, {"accountEnabled", true},
                              {"createdDateTime", iso_time(std::chrono::system_clock::now())}, {"deletedDateTime", nullptr},
                              {"creationType", nullptr}, {"externalUserState", "Accepted"}};
    std::vector<nlohmann::json> modified;
    for (const auto& [name, value] : mapped.properties) {
      created[name] = value;
      modified.push_back({{"displayName", name}, {"oldValue", nullptr}, {"newValue", log_text(value)}});
    }
    fill_required(created, user);
    // A B2B user carries the source user's identity as an alternative security id (the
    // matching attribute), so the "Filter external users" clause of other links' jobs
    // never synchronizes it onwards (expressions.md §7).
    const AttributeValue* net_id = find_attribute(attributes, "netId");
    created["alternativeSecurityIds"] = nlohmann::json::array(
        {{{"type", 5}, {"identityProvider", nullptr}, {"key", net_id ? attribute_text(*net_id).value_or(id) : id}}});
    created["_source"] = {{"tenantId", ref_.tenant}, {"userId", id}};
    std::string target_id = created["id"];
    target_users()[target_id] = created;
    provisioned_[id] = target_id;
    matches_[id] = target_id;
    ++counts_.exported;
    ++created_;
    logs_.push_back(log_entry(subject_, LogChange{"create", "success", id, user.value("displayName", ""), target_id,
                                                  created.value("displayName", ""), modified, "", ""}));
  }

  void fill_required(nlohmann::json& created, const nlohmann::json& user) const {
    std::string upn = user.value("userPrincipalName", user.value("id", "") + "@" + store_.tenant(ref_.tenant).value("domain", ""));
    if (!created.contains("userPrincipalName")) {
      std::string alias = upn;
      std::replace(alias.begin(), alias.end(), '@', '_');
      created["userPrincipalName"] = alias + "#EXT#@" + target_domain_;
    }
    if (!created.contains("displayName")) created["displayName"] = user.value("displayName", upn);
    if (!created.contains("mailNickname")) created["mailNickname"] = upn.substr(0, upn.find('@'));
  }

  void update(const std::string& id, const nlohmann::json& user, const Attributes& attributes, const std::string& target_id) {
    nlohmann::json& target = target_users()[target_id];
    provisioned_[id] = target_id;
    if (is_deleted(target)) {
      ++skipped_;
      logs_.push_back(log_entry(subject_, LogChange{"other", "skipped", id, user.value("displayName", ""), target_id,
                                                    target.value("displayName", ""), {}, "TargetUserSoftDeleted",
                                                    "the matching user is soft-deleted in the target tenant; restore it there to resume synchronization"}));
      return;
    }
    if (!flows_.update) return;
    MappedUser mapped = apply_mappings(expressions_, attribute_mappings(), attributes, MappingMode::Update, &target, target_domain_);
    if (!mapped.error.empty()) return failed("update", id, user, target_id, mapped.error);
    std::vector<nlohmann::json> modified;
    for (const auto& [name, value] : mapped.properties) {
      if (target.contains(name) && target[name] == value) continue;
      modified.push_back({{"displayName", name}, {"oldValue", target.contains(name) ? log_text(target[name]) : nlohmann::json()},
                          {"newValue", log_text(value)}});
      target[name] = value;
    }
    if (modified.empty()) return;
    ++counts_.exported;
    ++updated_;
    logs_.push_back(log_entry(subject_, LogChange{"update", "success", id, user.value("displayName", ""), target_id,
                                                  target.value("displayName", ""), modified, "", ""}));
  }

  void remove_out_of_scope() {
    std::vector<std::pair<std::string, std::string>> leaving;
    std::vector<std::string> stale;
    const nlohmann::json& users = store_.tenant(target_)["users"];
    for (const auto& [source_id, target_id] : provisioned_.items()) {
      if (in_scope_.count(source_id)) continue;
      std::string tid = target_id.get<std::string>();
      if (users.contains(tid) && !is_deleted(users[tid]))
        leaving.emplace_back(source_id, tid);
      else
        stale.push_back(source_id);
    }
    for (const std::string& source_id : stale) provisioned_.erase(source_id);
    if (leaving.empty() || !flows_.remove) return;
    bool forced = entry()["_state"].value("forceDeletes", false);
    if (threshold_ >= 0 && static_cast<std::int64_t>(leaving.size()) > threshold_ && !forced) return stage(leaving);
    for (const auto& [source_id, target_id] : leaving) soft_delete(source_id, target_id);
  }

  void soft_delete(const std::string& source_id, const std::string& target_id) {
    nlohmann::json& target = target_users()[target_id];
    target["deletedDateTime"] = iso_time(std::chrono::system_clock::now());
    provisioned_.erase(source_id);
    ++counts_.exported;
    ++deleted_;
    logs_.push_back(log_entry(subject_, LogChange{"delete", "success", source_id, "", target_id, target.value("displayName", ""),
                                                  {}, "", ""}));
  }

  void stage(const std::vector<std::pair<std::string, std::string>>& leaving) {
    for (const auto& [source_id, target_id] : leaving)
      logs_.push_back(log_entry(subject_, LogChange{"stagedDelete", "skipped", source_id, "", target_id, "", {}, "TooManyDeletes",
                                                    "the deletion was staged because the cycle exceeds the accidental-deletion threshold"}));
    staged_ = static_cast<std::int64_t>(leaving.size());
  }

  void finish() {
    nlohmann::json& entry_ref = store_.mutable_tenant(ref_.tenant)["synchronization"][ref_.sp]["jobs"][ref_.job];
    nlohmann::json& status = entry_ref["job"]["status"];
    std::string ended = now_iso();
    if (staged_ > 0) {
      nlohmann::json error = {{"code", "TooManyDeletes"},
                              {"message", "The cycle would delete " + std::to_string(staged_) + " users, more than the accidental-deletion threshold of " +
                                              std::to_string(threshold_) + "; nothing was deleted. Restart the job with ForceDeletes to allow the deletions."},
                              {"tenantActionable", true}};
      status["code"] = "Quarantine";
      status["quarantine"] = {{"currentBegan", began_}, {"nextAttempt", ended}, {"reason", "TooManyDeletes"},
                              {"seriesBegan", began_}, {"seriesCount", 1}, {"error", error}};
      status["lastExecution"] = execution_record(subject_.cycle_id, counts_, "Failed", began_, ended, error);
    } else {
      nlohmann::json record = execution_record(subject_.cycle_id, counts_, failures_ ? "EntryLevelErrors" : "Succeeded",
                                               began_, ended, nullptr);
      status["code"] = "Active";
      status["quarantine"] = nullptr;
      status["countSuccessiveCompleteFailures"] = 0;
      status["lastExecution"] = record;
      status["lastSuccessfulExecution"] = record;
      if (counts_.exported > 0) status["lastSuccessfulExecutionWithExports"] = record;
      if (status.value("steadyStateFirstAchievedTime", std::string(kNeverTime)) == kNeverTime)
        status["steadyStateFirstAchievedTime"] = ended;
      status["steadyStateLastAchievedTime"] = ended;
    }
    status["synchronizedEntryCountByType"] = {{{"key", "User to User"}, {"value", provisioned_.size()}}};
    save_state(staged_ == 0);
  }

  void save_state(bool consume_force_deletes) {
    nlohmann::json& tenant = store_.mutable_tenant(ref_.tenant);
    nlohmann::json& state = tenant["synchronization"][ref_.sp]["jobs"][ref_.job]["_state"];
    state["provisioned"] = provisioned_;
    if (consume_force_deletes) state["forceDeletes"] = false;
    nlohmann::json& logs = tenant["provisioningLogs"];
    for (nlohmann::json& log : logs_) logs.push_back(log);
    if (logs.size() > kMaxLogEntries) logs.erase(logs.begin(), logs.begin() + static_cast<std::ptrdiff_t>(logs.size() - kMaxLogEntries));
  }

  nlohmann::json summary() const {
    return {{"tenantId", ref_.tenant}, {"servicePrincipalId", ref_.sp}, {"jobId", ref_.job}, {"targetTenantId", target_},
            {"created", created_}, {"updated", updated_}, {"deleted", deleted_}, {"staged", staged_},
            {"failed", failures_}, {"skipped", skipped_}, {"inScope", counts_.entitled},
            {"status", store_.tenant(ref_.tenant)["synchronization"][ref_.sp]["jobs"][ref_.job]["job"]["status"]["code"]}};
  }

  Store& store_;
  const ExpressionService& expressions_;
  JobRef ref_;
  std::string began_;
  LogSubject subject_;
  std::string target_, target_domain_, failed_code_, skip_reason_;
  nlohmann::json mapping_;
  scope::FilterFromJson scope_;  // the user mapping's scoping filter, read once
  const nlohmann::json& attribute_mappings() const {
    static const nlohmann::json none = nlohmann::json::array();
    if (!mapping_.is_object()) return none;
    auto it = mapping_.find("attributeMappings");
    return it == mapping_.end() ? none : *it;
  }
  FlowTypes flows_;
  bool sync_all_ = false;
  std::set<std::string> assigned_, in_scope_;
  std::int64_t threshold_ = -1;
  nlohmann::json provisioned_ = nlohmann::json::object();
  std::map<std::string, std::string> matches_;
  std::vector<nlohmann::json> logs_;
  ExecutionCounts counts_;
  std::int64_t created_ = 0, updated_ = 0, deleted_ = 0, staged_ = 0, failures_ = 0, skipped_ = 0;
};

bool runnable(const nlohmann::json& job) {
  if (job["schedule"].value("state", "") != "Active") return false;
  const nlohmann::json& quarantine = job["status"].value("quarantine", nlohmann::json());
  return !(quarantine.is_object() && quarantine.value("reason", "") == "TooManyDeletes");
}

std::vector<JobRef> running_jobs(const Store& store) {
  std::vector<JobRef> out;
  for (const std::string& tenant : store.tenant_ids())
    for (const auto& [sp, sync] : store.tenant(tenant)["synchronization"].items())
      for (const auto& [job, entry] : sync["jobs"].items())
        if (runnable(entry["job"])) out.push_back(JobRef{tenant, sp, job});
  return out;
}

}  // namespace

nlohmann::json ProvisioningEngine::run_cycle(Store& store) const {
  nlohmann::json jobs = nlohmann::json::array();
  for (const JobRef& ref : running_jobs(store)) jobs.push_back(JobRun(store, expressions_, ref).cycle());
  return {{"jobs", jobs}};
}

nlohmann::json ProvisioningEngine::provision_on_demand(Store& store, const std::string& tenant_id, const std::string& sp_id,
                                                       const std::string& job_id, const std::string& user_id) const {
  return JobRun(store, expressions_, JobRef{tenant_id, sp_id, job_id}).on_demand(user_id);
}

}  // namespace tf::emulator
