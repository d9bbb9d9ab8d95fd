// Routes of the emulated Graph API: a table of (method, path pattern, handler) where
// a pattern is a "/"-separated path whose "{name}" segments capture values. Literal
// segments match case-insensitively, as Graph does. dispatch() runs the matching
// handler for an authenticated tenant; a path with no route answers 400 ("resource
// not found for the segment"), a known path with the wrong method 405, and a handler
// throwing GraphError answers with that error. A request dispatched with Access::Read
// (its caller holds only the store's shared lock) cannot change a tenant:
// mutable_tenant() throws and the request answers 500.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "runtime/emulator/api.h"
#include "runtime/emulator/store.h"

namespace tf::provision {
class ExpressionService;
}  // namespace tf::provision

namespace tf::emulator {

using provision::ExpressionService;
class ProvisioningEngine;
class Router;

// Choices where the reference is UNCONFIRMED, kept in one place to change easily.
struct EmulatorChoices {
  // Partner DELETE while an identitySynchronization policy exists (graph-api.md §11.2).
  int partner_delete_blocked_status = 400;
  std::string partner_delete_blocked_code = "Request_BadRequest";
  // Default page size of users, groups, service principals, applications, partners and
  // provisioning logs (Graph's is 100 for directory objects; the reference is silent on
  // partners: paged alike).
  int default_page_size = 100;
  // The most items a page holds when the request asks for more with $top (Graph's
  // largest $top for directory objects is 999).
  int max_page_size = 999;
  // A duplicate appRoleAssignment (graph-api.md §1 step 10, code UNCONFIRMED).
  int duplicate_assignment_status = 400;
  // validateCredentials when the policies do not allow sync (§1 step 7, status UNCONFIRMED).
  int policy_check_failure_status = 400;
  // POST jobs with a templateId the service principal does not have (UNCONFIRMED).
  int unknown_template_status = 400;
  // provisionOnDemand: at most this many requests per window per job (§4.5).
  int on_demand_limit = 5;
  int on_demand_window_seconds = 10;
};

// What every request can use; lives as long as the server.
struct RouteEnv {
  Store& store;
  const ExpressionService& expressions;
  const ProvisioningEngine& engine;
  const EmulatorChoices& choices;
  const Router& router;
};

// How a request may use the store: Read when the caller holds only its shared lock.
enum class Access { Read, Write };

struct RouteContext {
  const ApiRequest& request;
  RouteEnv& env;
  std::string tenant_id;
  std::map<std::string, std::string> params;
  Access access = Access::Write;

  const std::string& param(const std::string& name) const { return params.at(name); }
  const nlohmann::json& tenant() const { return env.store.tenant(tenant_id); }
  // Throws std::logic_error under Access::Read (a route bug: answered as a 500).
  nlohmann::json& mutable_tenant();
  // "https://graph.microsoft.com/v1.0/$metadata#" with the emulator's base URL.
  std::string metadata(const std::string& fragment) const;
};

using Handler = std::function<ApiResponse(RouteContext&)>;

class Router {
 public:
  void add(const std::string& method, const std::string& pattern, Handler handler);
  ApiResponse dispatch(const ApiRequest& request, RouteEnv& env, const std::string& tenant_id,
                       Access access = Access::Write) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

// Splits "/a/b/c" into {"a", "b", "c"} (empty segments dropped).
std::vector<std::string> split_path(const std::string& path);

// The full route table of the emulated Graph API.
Router make_graph_router();

// Registration of each route family (one file each).
void add_policy_routes(Router& router);
void add_application_routes(Router& router);
void add_synchronization_routes(Router& router);
void add_directory_routes(Router& router);
void add_batch_route(Router& router);

}  // namespace tf::emulator
