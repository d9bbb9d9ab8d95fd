// Collections, $select, paging links (see collection.h).
#include "runtime/emulator/collection.h"

#include <algorithm>
#include <cstdio>

#include "runtime/emulator/odata_filter.h"
#include "runtime/emulator/url.h"

namespace tf::emulator {

namespace {

std::vector<std::string> select_list(const RouteContext& context) {
  std::vector<std::string> out;
  auto it = context.request.query.find("$select");
  if (it == context.request.query.end()) return out;
  std::string item;
  for (char c : it->second + ",") {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  return out;
}

int parse_count(const std::string& text, const char* option) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 6)
    throw GraphError(400, "Request_BadRequest", std::string("Invalid value '") + text + "' for query option '" + option + "'.");
  return std::stoi(text);
}

std::string next_link(const RouteContext& context, std::size_t offset) {
  std::string link = context.request.base_url + "/" + context.request.version + context.request.path + "?";
  bool first = true;
  for (const auto& [key, value] : context.request.query) {
    if (key == "$skiptoken") continue;
    link += (first ? "" : "&") + url_encode(key) + "=" + url_encode(value);
    first = false;
  }
  return link + (first ? "" : "&") + "$skiptoken=" + std::to_string(offset);
}

}  // namespace

nlohmann::json public_view(const nlohmann::json& object) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : object.items())
    if (!key.starts_with("_")) out[key] = value;
  return out;
}

std::vector<nlohmann::json> values_of(const nlohmann::json& map) {
  std::vector<nlohmann::json> out;
  if (!map.is_object()) return out;
  for (const auto& [key, value] : map.items()) out.push_back(public_view(value));
  return out;
}

nlohmann::json apply_select(const RouteContext& context, const nlohmann::json& object) {
  std::vector<std::string> names = select_list(context);
  if (names.empty()) return object;
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : object.items()) {
    bool wanted = key.starts_with("@odata") ||
                  std::any_of(names.begin(), names.end(), [&](const std::string& n) {
                    return n.size() == key.size() &&
                           std::equal(n.begin(), n.end(), key.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); });
                  });
    if (wanted) out[key] = value;
  }
  return out;
}

ApiResponse collection_response(const RouteContext& context, const std::vector<nlohmann::json>& items,
                                const CollectionOptions& options) {
  const auto& query = context.request.query;
  std::vector<const nlohmann::json*> kept;
  auto filter_text = query.find("$filter");
  if (filter_text != query.end()) {
    if (!options.filterable)
      throw GraphError(400, "Request_BadRequest", "Query option '$filter' is not supported for this resource.");
    ODataFilter filter(filter_text->second);
    for (const nlohmann::json& item : items)
      if (filter.matches(item)) kept.push_back(&item);
  } else {
    for (const nlohmann::json& item : items) kept.push_back(&item);
  }
  std::size_t offset = query.count("$skiptoken") ? static_cast<std::size_t>(parse_count(query.at("$skiptoken"), "$skiptoken")) : 0;
  std::size_t page = query.count("$top") ? static_cast<std::size_t>(parse_count(query.at("$top"), "$top"))
                                         : static_cast<std::size_t>(options.page_size);
  if (page == 0 && query.count("$top") == 0) page = kept.size();
  nlohmann::json value = nlohmann::json::array();
  std::size_t end = std::min(kept.size(), offset + page);
  for (std::size_t i = std::min(offset, kept.size()); i < end; ++i) value.push_back(apply_select(context, *kept[i]));
  std::string fragment = options.context;
  std::vector<std::string> names = select_list(context);
  if (!names.empty()) {
    fragment += "(";
    for (std::size_t i = 0; i < names.size(); ++i) fragment += (i ? "," : "") + names[i];
    fragment += ")";
  }
  nlohmann::json body = {{"@odata.context", context.metadata(fragment)}};
  if (end < kept.size()) body["@odata.nextLink"] = next_link(context, end);
  body["value"] = std::move(value);
  return json_response(200, std::move(body));
}

}  // namespace tf::emulator
