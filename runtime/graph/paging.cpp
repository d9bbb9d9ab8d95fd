// GraphClient paging: follow @odata.nextLink until it is absent, several
// collections at a time.
#include "runtime/graph/graph_client.h"

namespace tf::graph {

PagedResponse GraphClient::get_all(GraphRequest request) {
  std::vector<GraphRequest> one;
  one.push_back(std::move(request));
  return std::move(get_all_many(std::move(one)).front());
}

std::vector<PagedResponse> GraphClient::get_all_many(std::vector<GraphRequest> requests) {
  std::vector<PagedResponse> out(requests.size());
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < requests.size(); ++i) open.push_back(i);
  while (!open.empty()) {
    std::vector<GraphRequest> round;
    for (std::size_t i : open) round.push_back(requests[i]);
    std::vector<GraphResponse> pages = send_all(std::move(round));
    std::vector<std::size_t> still_open;
    for (std::size_t k = 0; k < open.size(); ++k) {
      std::size_t i = open[k];
      GraphResponse& page = pages[k];
      if (page.error) {
        out[i].error = std::move(page.error);
        continue;
      }
      ++out[i].pages;
      if (page.body.is_object() && page.body.contains("value") && page.body["value"].is_array())
        for (nlohmann::json& item : page.body["value"]) out[i].items.push_back(std::move(item));
      auto next = page.body.is_object() ? page.body.find("@odata.nextLink") : page.body.end();
      if (!page.body.is_object() || next == page.body.end() || !next->is_string()) continue;
      if (auto bad = check_next_link(requests[i], next->get<std::string>())) {
        out[i].error = std::move(bad);
        continue;
      }
      if (static_cast<std::size_t>(out[i].pages) >= options_.max_pages) {
        Diagnostic d;
        d.message = "tenant '" + requests[i].tenant + "': stopped paging " + requests[i].path + " after " +
                    std::to_string(out[i].pages) + " pages; the collection does not seem to end";
        d.code = "too-many-pages";
        out[i].error = std::move(d);
        continue;
      }
      requests[i].path = next->get<std::string>();
      still_open.push_back(i);
    }
    open = std::move(still_open);
  }
  return out;
}

}  // namespace tf::graph
