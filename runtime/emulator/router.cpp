// Path matching and dispatch (see router.h).
#include "runtime/emulator/router.h"

#include <algorithm>
#include <stdexcept>

namespace tf::emulator {

namespace {

bool same_text(const std::string& a, const std::string& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

bool is_capture(const std::string& segment) { return segment.size() > 2 && segment.front() == '{'; }

bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (is_capture(pattern[i]))
      params[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
    else if (!same_text(pattern[i], path[i]))
      return false;
  }
  return true;
}

// The first segment of `path` that no route knows at its position, for the 400 text.
std::string unknown_segment(const std::vector<std::string>& path) { return path.empty() ? "" : path.back(); }

}  // namespace

nlohmann::json& RouteContext::mutable_tenant() {
  if (access == Access::Read)
    throw std::logic_error("a read-only request cannot change tenant '" + tenant_id + "' (" + request.method + " " + request.path + ")");
  return env.store.mutable_tenant(tenant_id);
}

std::string RouteContext::metadata(const std::string& fragment) const {
  return request.base_url + "/" + request.version + "/$metadata#" + fragment;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void Router::add(const std::string& method, const std::string& pattern, Handler handler) {
  routes_.push_back(Route{method, split_path(pattern), std::move(handler)});
}

ApiResponse Router::dispatch(const ApiRequest& request, RouteEnv& env, const std::string& tenant_id, Access access) const {
  std::vector<std::string> path = split_path(request.path);
  bool path_known = false;
  try {
    for (const Route& route : routes_) {
      std::map<std::string, std::string> params;
      if (!match(route.segments, path, params)) continue;
      path_known = true;
      if (route.method != request.method) continue;
      RouteContext context{request, env, tenant_id, std::move(params), access};
      return route.handler(context);
    }
    if (path_known)
      throw GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
    throw GraphError(400, "BadRequest", "Resource not found for the segment '" + unknown_segment(path) + "'.");
  } catch (const GraphError& error) {
    return error_response(error, request.request_id);
  } catch (const nlohmann::json::exception& error) {
    return error_response(GraphError(400, "Request_BadRequest", std::string("invalid request: ") + error.what()),
                          request.request_id);
  } catch (const std::exception& error) {
    return error_response(GraphError(500, "generalException", std::string("internal emulator error: ") + error.what()),
                          request.request_id);
  }
}

Router make_graph_router() {
  Router router;
  add_policy_routes(router);
  add_application_routes(router);
  add_synchronization_routes(router);
  add_directory_routes(router);
  add_batch_route(router);
  return router;
}

}  // namespace tf::emulator
