// A tiny blocking HTTP client for tests (libcurl): one request, its status, headers
// and body. Test code only; the product's Graph client lives in runtime/graph.
#pragma once

#include <map>
#include <string>

namespace tf::test {

struct HttpResponse {
  int status = 0;                              // 0 when the transfer failed
  std::map<std::string, std::string> headers;  // keys lower case
  std::string body;
  std::string error;                           // curl's message when the transfer failed
};

// `method` is GET, POST, PUT, PATCH or DELETE; a POST/PUT/PATCH always sends a body
// (possibly empty, with Content-Length: 0).
HttpResponse request(const std::string& method, const std::string& url,
                     const std::map<std::string, std::string>& headers = {}, const std::string& body = {});

}  // namespace tf::test
