// GraphClient: tenants, request preparation, interpretation of outcomes, 401 refresh.
#include "runtime/graph/graph_client.h"

#include "compiler/core/json_text.h"
#include "runtime/graph/graph_error.h"
#include "runtime/graph/jwt.h"
#include "runtime/graph/url.h"

namespace tf::graph {

namespace {

Diagnostic redacted(Diagnostic d, const Redactor& redactor) {
  d.message = redactor.redact(d.message);
  for (Diagnostic& note : d.notes) note = redacted(std::move(note), redactor);
  return d;
}

// Where GraphRequest::unread applies: each item's body in a $batch answer.
const std::vector<std::string>& unread_path(const GraphRequest& request) {
  static const std::vector<std::string> items{"responses", "*", "body"}, root{};
  return request.method == "POST" && request.path == "/$batch" ? items : root;
}

bool is_absolute(const std::string& path) { return path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0; }

Diagnostic simple_error(std::string message, std::string code) {
  Diagnostic d;
  d.message = std::move(message);
  d.code = std::move(code);
  return d;
}

}  // namespace

GraphClient::GraphClient(HttpTransport& transport, Clock& clock, ClientOptions options)
    : options_(std::move(options)),
      clock_(clock),
      own_redactor_(std::make_unique<Redactor>()),
      redactor_(*own_redactor_),
      engine_(transport, clock, options_.retry),
      tokens_(engine_, clock, redactor_, options_.token_refresh_margin) {}

GraphClient::GraphClient(HttpTransport& transport, Clock& clock, ClientOptions options, Redactor& redactor)
    : options_(std::move(options)),
      clock_(clock),
      redactor_(redactor),
      engine_(transport, clock, options_.retry),
      tokens_(engine_, clock, redactor_, options_.token_refresh_margin) {}

std::optional<Diagnostic> GraphClient::add_tenant(TenantConfig config) {
  TenantEndpoints endpoints = tenant_endpoints(config.cloud, config.tenant_id, options_.endpoints);
  std::optional<Diagnostic> error;
  if (options_.environment_tokens) {
    EnvironmentToken env = token_from_environment(config.name);
    if (env.credential) config.credential = *env.credential;
    if (!env.error.empty()) error = simple_error(env.error, "token-file");
  }
  endpoints_[config.name] = endpoints;
  tokens_.add(config.name, endpoints, std::move(config.credential));
  return error;
}

std::optional<Diagnostic> GraphClient::ensure_token(const std::string& tenant) { return tokens_.token(tenant).error; }

const TenantEndpoints* GraphClient::endpoints(const std::string& tenant) const {
  auto it = endpoints_.find(tenant);
  return it == endpoints_.end() ? nullptr : &it->second;
}

std::string GraphClient::relative_path(const GraphRequest& request) const {
  const TenantEndpoints* e = endpoints(request.tenant);
  if (e && is_absolute(request.path) && request.path.rfind(e->graph_base, 0) == 0)
    return request.path.substr(e->graph_base.size());
  return request.path;
}

std::optional<Diagnostic> GraphClient::check_next_link(const GraphRequest& request, const std::string& link) const {
  const TenantEndpoints* e = endpoints(request.tenant);
  Url url = parse_url(link);
  if (e && url.ok && origin_of(url) == origin_of(parse_url(e->graph_origin))) return std::nullopt;
  return simple_error("tenant '" + request.tenant + "': refusing to follow the link '" + link + "' of " + request.method +
                          " " + relative_path(request) + ": it leaves the tenant's Graph host '" +
                          (e ? e->graph_origin : std::string("?")) + "'",
                      "foreign-link");
}

GraphClient::Prepared GraphClient::prepare(const GraphRequest& request) {
  const TenantEndpoints* e = endpoints(request.tenant);
  if (!e)
    return {std::nullopt, simple_error("tenant '" + request.tenant + "' is not known to the Graph client", "unknown-tenant")};
  if (is_absolute(request.path))
    if (auto bad = check_next_link(request, request.path)) return {std::nullopt, bad};
  TokenProvider::Result token = tokens_.token(request.tenant);
  if (token.error) return {std::nullopt, token.error};
  PreparedRequest p;
  p.http.method = request.method;
  p.http.url = is_absolute(request.path) ? request.path : e->graph_base + request.path;
  p.http.tenant = request.tenant;
  p.http.headers = {{"Authorization", "Bearer " + token.token},
                    {"Accept", "application/json"},
                    {"client-request-id", random_guid()}};
  if (request.body) {
    p.http.headers.emplace_back("Content-Type", "application/json");
    append_json(p.http.body, *request.body);  // dump()'s bytes, without its per-byte UTF-8 decoding (schemas are ~17 KB)
  }
  for (const Header& h : request.headers) p.http.headers.push_back(h);
  p.idempotency = request.idempotency.value_or(default_idempotency(request.method));
  p.look_first = request.look_first;
  return {std::move(p), std::nullopt};
}

GraphResponse GraphClient::interpret(const GraphRequest& request, Outcome outcome, std::optional<nlohmann::json> parsed) {
  GraphResponse out;
  HttpResponse& r = outcome.response;
  out.status = r.status;
  out.headers = std::move(r.headers);
  out.attempts = outcome.attempts;
  out.found_by_look_first = outcome.found_by_look_first;
  if (parsed) out.body = std::move(*parsed);
  else if (!r.body.empty() && request.unread.empty()) out.body = nlohmann::json::parse(r.body, nullptr, false);
  else if (!r.body.empty()) out.body = parse_json_leaving_out(r.body, unread_path(request), request.unread);
  if (out.body.is_discarded()) out.body = nullptr;
  if (r.error != TransportError::None || r.status >= 400) {
    r.headers = out.headers;  // graph_failure reads the request-id and the error body
    if (parsed && r.body.empty() && !out.body.is_null()) r.body = out.body.dump();
    FailureContext context{request.tenant, request.method, relative_path(request), request.action, request.object};
    Diagnostic d = graph_failure(context, r, outcome.attempts);
    if (!outcome.why_stopped.empty()) d.note({}, outcome.why_stopped);
    out.error = redacted(std::move(d), redactor_);
  }
  return out;
}

std::vector<GraphResponse> GraphClient::run_once(const std::vector<GraphRequest>& requests) {
  std::vector<GraphResponse> out(requests.size());
  std::vector<PreparedRequest> batch;
  std::vector<std::size_t> index;
  std::vector<std::string> tenants;  // every tenant's token in one concurrent round
  for (const GraphRequest& r : requests)
    if (tenants.empty() || tenants.back() != r.tenant) tenants.push_back(r.tenant);
  if (tenants.size() > 1) tokens_.prefetch(tenants);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    Prepared p = prepare(requests[i]);
    if (p.error) {
      out[i].error = redacted(std::move(*p.error), redactor_);
      continue;
    }
    batch.push_back(std::move(*p.request));
    index.push_back(i);
  }
  std::vector<Outcome> outcomes = engine_.run(std::move(batch));
  for (std::size_t k = 0; k < outcomes.size(); ++k) out[index[k]] = interpret(requests[index[k]], std::move(outcomes[k]));
  return out;
}

std::vector<GraphResponse> GraphClient::send_all(std::vector<GraphRequest> requests) {
  std::vector<GraphResponse> out = run_once(requests);
  // A 401 with a fetched token: fetch a new token once and send those requests again.
  std::vector<GraphRequest> again;
  std::vector<std::size_t> index;
  std::map<std::string, bool> refreshed;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].status != 401) continue;
    const std::string& tenant = requests[i].tenant;
    if (!refreshed.count(tenant)) refreshed[tenant] = tokens_.invalidate(tenant);
    if (!refreshed[tenant]) continue;
    again.push_back(requests[i]);
    index.push_back(i);
  }
  if (again.empty()) return out;
  std::vector<GraphResponse> second = run_once(again);
  for (std::size_t k = 0; k < second.size(); ++k) {
    second[k].attempts += out[index[k]].attempts;
    out[index[k]] = std::move(second[k]);
  }
  return out;
}

GraphClient::Ticket GraphClient::submit(GraphRequest request) {
  Ticket ticket = next_ticket_++;
  Submitted& submitted = submitted_[ticket];
  submitted.request = std::move(request);
  start_submitted(ticket, submitted);
  return ticket;
}

void GraphClient::start_submitted(Ticket ticket, Submitted& submitted) {
  Prepared p = prepare(submitted.request);
  if (p.error) {
    GraphResponse failed;
    failed.error = redacted(std::move(*p.error), redactor_);
    failed.attempts = submitted.earlier_attempts;
    submitted.answer = std::move(failed);
    return;
  }
  by_engine_ticket_[engine_.start(std::move(*p.request))] = ticket;
}

std::vector<std::pair<GraphClient::Ticket, GraphResponse>> GraphClient::poll(Millis max_wait) {
  return poll_some(nullptr, max_wait);
}

std::vector<std::pair<GraphClient::Ticket, GraphResponse>> GraphClient::poll_some(const std::set<Ticket>* only,
                                                                                  Millis max_wait) {
  std::vector<std::pair<Ticket, GraphResponse>> out;
  auto take_ready = [&] {
    for (auto it = submitted_.begin(); it != submitted_.end();) {
      if (!it->second.answer || (only && !only->count(it->first))) {
        ++it;
        continue;
      }
      out.emplace_back(it->first, std::move(*it->second.answer));
      it = submitted_.erase(it);
    }
  };
  take_ready();
  if (!out.empty() || engine_.started() == 0) return out;
  for (auto& [engine_ticket, outcome] : engine_.step(max_wait)) {
    auto mapped = by_engine_ticket_.find(engine_ticket);
    if (mapped == by_engine_ticket_.end()) continue;
    Ticket ticket = mapped->second;
    by_engine_ticket_.erase(mapped);
    Submitted& submitted = submitted_.at(ticket);
    GraphResponse response = interpret(submitted.request, std::move(outcome));
    response.attempts += submitted.earlier_attempts;
    // A 401 with a fetched token: fetch a new token once and send it again.
    if (response.status == 401 && !submitted.refreshed && tokens_.invalidate(submitted.request.tenant)) {
      submitted.refreshed = true;
      submitted.earlier_attempts = response.attempts;
      start_submitted(ticket, submitted);
      continue;
    }
    submitted.answer = std::move(response);
  }
  take_ready();
  return out;
}

GraphResponse GraphClient::send(GraphRequest request) {
  std::vector<GraphRequest> one;
  one.push_back(std::move(request));
  return std::move(send_all(std::move(one)).front());
}

LookFirst look_first_by_query(GraphClient& client, GraphRequest query,
                              std::function<std::optional<nlohmann::json>(const std::vector<nlohmann::json>&)> match) {
  return [&client, query = std::move(query), match = std::move(match)](const HttpRequest&) {
    PagedResponse found = client.get_all(query);
    if (!found.ok()) return LookFirstResult{LookFirstResult::Kind::Unknown, {}};
    std::optional<nlohmann::json> object = match(found.items);
    if (!object) return LookFirstResult{LookFirstResult::Kind::Absent, {}};
    HttpResponse existing;
    existing.status = 200;
    existing.body = object->dump();
    return LookFirstResult{LookFirstResult::Kind::Found, std::move(existing)};
  };
}

std::string with_query(const std::string& path, const std::string& name, const std::string& value) {
  return path + (path.find('?') == std::string::npos ? "?" : "&") + name + "=" + value;
}

std::string with_select(const std::string& path, const std::vector<std::string>& fields) {
  std::string list;
  for (const std::string& f : fields) list += (list.empty() ? "" : ",") + f;
  return list.empty() ? path : with_query(path, "$select", list);
}

}  // namespace tf::graph
