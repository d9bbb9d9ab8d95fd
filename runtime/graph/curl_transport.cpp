// CurlTransport: the multi interface, per-host and per-tenant admission, and the
// translation of curl results into HttpResponse values.
#include "runtime/graph/curl_transport.h"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

#include "runtime/graph/url.h"

namespace tf::graph {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};

// One request from submission to completion.
struct Transfer {
  RequestId id = 0;
  HttpRequest request;
  std::string host;
  HttpResponse response;
  std::unique_ptr<CURL, EasyDeleter> easy;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  char error_buffer[CURL_ERROR_SIZE] = {};
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<Transfer*>(user)->response.body.append(data, size * count);
  return size * count;
}

std::string trim(std::string_view text) {
  std::size_t b = text.find_first_not_of(" \t\r\n");
  std::size_t e = text.find_last_not_of(" \t\r\n");
  return b == std::string_view::npos ? std::string{} : std::string(text.substr(b, e - b + 1));
}

constexpr std::size_t kMaxReserve = 64u << 20;  // a Content-Length beyond this is not trusted for reserve()

// Header lines; a new status line (after a 100 Continue) starts the list again.
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    transfer->response.headers.clear();
  } else if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    std::string name = trim(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    transfer->response.headers.emplace_back(name, trim(line.substr(colon + 1)));
    // The body's room at once: growing a 330 KB $batch answer by doubling frees large
    // blocks over and over, and each such free makes malloc consolidate its small ones.
    if (name == "content-length") {
      std::size_t length = 0;
      const std::string& value = transfer->response.headers.back().second;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (error == std::errc() && length <= kMaxReserve) transfer->response.body.reserve(length);
    }
  }
  return size * count;
}

TransportError classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT: return TransportError::NotSent;
    case CURLE_OPERATION_TIMEDOUT: return TransportError::Timeout;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return TransportError::Interrupted;
    default: return TransportError::Other;
  }
}

}  // namespace

struct CurlTransport::Impl {
  TransportOptions options;
  CURLM* multi = nullptr;
  RequestId next_id = 1;
  std::deque<std::unique_ptr<Transfer>> queued;
  std::map<CURL*, std::unique_ptr<Transfer>> running;
  std::map<std::string, std::size_t> per_host;
  std::map<std::string, std::size_t> per_tenant;
  std::vector<Completion> done;
  long connections = 0;

  bool admissible(const Transfer& t) const {
    auto count = [](const std::map<std::string, std::size_t>& m, const std::string& key) {
      auto it = m.find(key);
      return it == m.end() ? std::size_t{0} : it->second;
    };
    if (running.size() >= options.max_total) return false;
    if (count(per_host, t.host) >= options.max_per_host) return false;
    return t.request.tenant.empty() || count(per_tenant, t.request.tenant) < options.max_per_tenant;
  }

  void configure(Transfer& t) {
    CURL* e = t.easy.get();
    const HttpRequest& r = t.request;
    curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error_buffer);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options.ca_file.c_str());
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    // Over TLS, wait for the first connection to a host to learn whether it speaks
    // HTTP/2 and multiplex on it. Plain http (the emulator) never does, and waiting
    // there holds every request of a fresh client behind the first one's round trip.
    if (r.url.rfind("https://", 0) == 0) curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    // Compressed answers save bandwidth to Graph; on loopback (the emulator) there is
    // none to save, and compressing megabytes of schemas costs both processes CPU.
    if (!is_loopback_host(t.host)) curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
    curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
    if (is_loopback_host(t.host)) curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
    configure_method(t);
    curl_slist* list = nullptr;
    for (const auto& [name, value] : r.headers) list = curl_slist_append(list, (name + ": " + value).c_str());
    list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
    t.headers.reset(list);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
  }

  static void configure_method(Transfer& t) {
    CURL* e = t.easy.get();
    const HttpRequest& r = t.request;
    if (r.method == "GET" && r.body.empty()) return;
    if (r.method == "HEAD") {
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
      return;
    }
    if ((r.method != "GET" && r.method != "DELETE") || !r.body.empty()) {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.c_str());
    }
    if (r.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }

  void start(std::unique_ptr<Transfer> t) {
    t->easy.reset(curl_easy_init());
    if (!t->easy) throw std::runtime_error("curl_easy_init failed");
    configure(*t);
    ++per_host[t->host];
    if (!t->request.tenant.empty()) ++per_tenant[t->request.tenant];
    CURL* key = t->easy.get();
    curl_multi_add_handle(multi, key);
    running.emplace(key, std::move(t));
  }

  // Starts queued transfers in order, skipping those whose host or tenant is full.
  void admit() {
    for (auto it = queued.begin(); it != queued.end() && running.size() < options.max_total;) {
      if (admissible(**it)) {
        std::unique_ptr<Transfer> t = std::move(*it);
        it = queued.erase(it);
        start(std::move(t));
      } else {
        ++it;
      }
    }
  }

  void finish(CURL* easy, CURLcode code) {
    auto it = running.find(easy);
    if (it == running.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    running.erase(it);
    curl_multi_remove_handle(multi, easy);
    if (--per_host[t->host] == 0) per_host.erase(t->host);
    if (!t->request.tenant.empty() && --per_tenant[t->request.tenant] == 0) per_tenant.erase(t->request.tenant);
    long connects = 0;
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
    connections += connects;
    if (code == CURLE_OK) {
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &t->response.status);
      long version = 0;
      curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
      t->response.protocol = version == CURL_HTTP_VERSION_2_0 ? "HTTP/2"
                             : version == CURL_HTTP_VERSION_3 ? "HTTP/3"
                             : version == CURL_HTTP_VERSION_1_0 ? "HTTP/1.0"
                                                                 : "HTTP/1.1";
    } else {
      t->response.status = 0;
      t->response.error = classify(code);
      t->response.error_text = t->error_buffer[0] ? t->error_buffer : curl_easy_strerror(code);
    }
    done.push_back(Completion{t->id, std::move(t->response)});
  }

  void harvest() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left))
      if (msg->msg == CURLMSG_DONE) finish(msg->easy_handle, msg->data.result);
  }

  void drive(Millis max_wait) {
    auto deadline = std::chrono::steady_clock::now() + max_wait;
    while (true) {
      admit();
      int still = 0;
      curl_multi_perform(multi, &still);
      harvest();
      if (!done.empty() || (running.empty() && queued.empty())) return;
      auto left = std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return;
      curl_multi_poll(multi, nullptr, 0, static_cast<int>(std::min<long long>(left.count(), 100)), nullptr);
    }
  }
};

CurlTransport::CurlTransport(TransportOptions options) : impl_(std::make_unique<Impl>()) {
  global_init();
  impl_->options = std::move(options);
  impl_->options.max_per_host = std::max<std::size_t>(1, impl_->options.max_per_host);
  impl_->options.max_per_tenant = std::max<std::size_t>(1, impl_->options.max_per_tenant);
  impl_->options.max_total = std::max<std::size_t>(1, impl_->options.max_total);
  impl_->multi = curl_multi_init();
  if (!impl_->multi) throw std::runtime_error("curl_multi_init failed");
  curl_multi_setopt(impl_->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_multi_setopt(impl_->multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(impl_->options.max_per_host));
}

CurlTransport::~CurlTransport() {
  for (auto& [easy, transfer] : impl_->running) curl_multi_remove_handle(impl_->multi, easy);
  impl_->running.clear();
  curl_multi_cleanup(impl_->multi);
}

RequestId CurlTransport::submit(HttpRequest request) {
  auto t = std::make_unique<Transfer>();
  t->id = impl_->next_id++;
  std::string refusal = url_refusal(request.url);
  t->host = parse_url(request.url).host;
  t->request = std::move(request);
  if (!refusal.empty()) {
    t->response.error = TransportError::Refused;
    t->response.error_text = refusal;
    impl_->done.push_back(Completion{t->id, std::move(t->response)});
    return t->id;
  }
  RequestId id = t->id;
  impl_->queued.push_back(std::move(t));
  return id;
}

std::vector<Completion> CurlTransport::wait(Millis max_wait) {
  if (impl_->done.empty()) impl_->drive(max_wait);
  std::vector<Completion> out;
  out.swap(impl_->done);
  return out;
}

std::size_t CurlTransport::in_flight() const {
  return impl_->queued.size() + impl_->running.size() + impl_->done.size();
}

long CurlTransport::connections_opened() const { return impl_->connections; }

}  // namespace tf::graph
