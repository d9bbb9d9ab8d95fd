// Helpers of the HTTP interface.
#include "runtime/graph/http.h"

namespace tf::graph {

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return {};
}

HttpResponse perform(HttpTransport& transport, HttpRequest request) {
  RequestId id = transport.submit(std::move(request));
  while (true) {
    for (Completion& c : transport.wait(Millis{1000}))
      if (c.id == id) return std::move(c.response);
    if (transport.in_flight() == 0) break;
  }
  HttpResponse lost;
  lost.error = TransportError::Other;
  lost.error_text = "the request was lost by the transport";
  return lost;
}

const char* transport_error_name(TransportError error) {
  switch (error) {
    case TransportError::None: return "none";
    case TransportError::NotSent: return "could not connect";
    case TransportError::Timeout: return "timed out";
    case TransportError::Interrupted: return "connection interrupted";
    case TransportError::Refused: return "refused";
    case TransportError::Other: return "transport error";
  }
  return "transport error";
}

}  // namespace tf::graph
