// Collections, $select, paging links, and JSON text straight from stored objects
// (see collection.h).
#include "runtime/emulator/collection.h"

#include <algorithm>

#include "compiler/core/json_text.h"
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

bool selected(const std::string& key, const std::vector<std::string>& names) {
  return key.starts_with("@odata") || std::any_of(names.begin(), names.end(), [&](const std::string& n) {
           return n.size() == key.size() &&
                  std::equal(n.begin(), n.end(), key.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); });
         });
}

nlohmann::json select_keys(const nlohmann::json& object, const std::vector<std::string>& names) {
  if (names.empty()) return object;
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : object.items())
    if (selected(key, names)) out[key] = value;
  return out;
}

bool shown(const std::string& key, const JsonView& view) {
  if (view.hide_internal && key.starts_with("_")) return false;
  return !view.select || view.select->empty() || selected(key, *view.select);
}

void append_member(std::string& out, bool& first, const std::string& key, const nlohmann::json& value) {
  if (!first) out += ',';
  first = false;
  append_json_string(out, key);
  out += ':';
  append_json(out, value);
}

// The view of a non-object, through the same steps as the copying code (public_view,
// apply_select, then the extra members), so that even odd values answer as before.
void append_view_by_copy(std::string& out, const nlohmann::json& object, const JsonView& view) {
  nlohmann::json copy = view.hide_internal ? public_view(object) : object;
  if (view.select) copy = select_keys(copy, *view.select);
  if (view.extra)
    for (const auto& [key, value] : view.extra->items()) copy[key] = value;
  append_json(out, copy);
}

constexpr int kGraphMaxTop = 999;

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

void append_view(std::string& out, const nlohmann::json& object, const JsonView& view) {
  if (!object.is_object() || (view.extra && !view.extra->is_object())) return append_view_by_copy(out, object, view);
  static const nlohmann::json no_extra = nlohmann::json::object();
  const nlohmann::json& extra = view.extra ? *view.extra : no_extra;
  // Both objects iterate in key order (std::map): merge them, the extra member
  // replacing an object member of the same name.
  auto next_extra = extra.begin();
  bool first = true;
  out += '{';
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& key = it.key();
    for (; next_extra != extra.end() && next_extra.key() < key; ++next_extra)
      append_member(out, first, next_extra.key(), next_extra.value());
    if (next_extra != extra.end() && next_extra.key() == key) continue;
    if (shown(key, view)) append_member(out, first, key, it.value());
  }
  for (; next_extra != extra.end(); ++next_extra) append_member(out, first, next_extra.key(), next_extra.value());
  out += '}';
}

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

std::vector<const nlohmann::json*> members_of(const nlohmann::json& map) {
  std::vector<const nlohmann::json*> out;
  if (!map.is_object()) return out;
  for (const nlohmann::json& value : map) out.push_back(&value);
  return out;
}

nlohmann::json apply_select(const RouteContext& context, const nlohmann::json& object) {
  return select_keys(object, select_list(context));
}

ApiResponse entity_response(const RouteContext& context, const nlohmann::json& object, bool hide_internal,
                            const std::string& fragment) {
  std::vector<std::string> names = select_list(context);
  const nlohmann::json extra = {{"@odata.context", context.metadata(fragment)}};
  std::string text;
  append_view(text, object, {hide_internal, &names, &extra});
  return json_text_response(200, std::move(text));
}

ApiResponse collection_response(const RouteContext& context, const std::vector<const nlohmann::json*>& items,
                                const CollectionOptions& options) {
  const auto& query = context.request.query;
  std::vector<const nlohmann::json*> kept;
  auto filter_text = query.find("$filter");
  if (filter_text != query.end()) {
    if (!options.filterable)
      throw GraphError(400, "Request_BadRequest", "Query option '$filter' is not supported for this resource.");
    ODataFilter filter(filter_text->second);
    for (const nlohmann::json* item : items)
      if (filter.matches(*item, options.hide_internal)) kept.push_back(item);
  } else {
    kept = items;
  }
  std::size_t offset = query.count("$skiptoken") ? static_cast<std::size_t>(parse_count(query.at("$skiptoken"), "$skiptoken")) : 0;
  std::size_t page = static_cast<std::size_t>(options.page_size);
  if (query.count("$top")) {
    int top = parse_count(query.at("$top"), "$top");
    if (top < 1 || top > kGraphMaxTop)  // Graph's answer to $top=1000 on users
      throw GraphError(400, "Request_BadRequest",
                       "Invalid page size specified: '" + query.at("$top") + "'. Must be between 1 and 999 inclusive.");
    page = std::min(static_cast<std::size_t>(top), static_cast<std::size_t>(context.env.choices.max_page_size));
  }
  if (page == 0 && query.count("$top") == 0) page = kept.size();
  std::size_t end = std::min(kept.size(), offset + page);
  std::string fragment = options.context;
  std::vector<std::string> names = select_list(context);
  if (!names.empty()) {
    fragment += "(";
    for (std::size_t i = 0; i < names.size(); ++i) fragment += (i ? "," : "") + names[i];
    fragment += ")";
  }
  // {"@odata.context", "@odata.nextLink"?, "value"}: the keys in dump()'s order.
  std::string text = "{\"@odata.context\":";
  append_json(text, context.metadata(fragment));
  if (end < kept.size()) {
    text += ",\"@odata.nextLink\":";
    append_json(text, next_link(context, end));
  }
  text += ",\"value\":[";
  for (std::size_t i = std::min(offset, kept.size()); i < end; ++i) {
    if (i != std::min(offset, kept.size())) text += ',';
    append_view(text, *kept[i], {options.hide_internal, &names, nullptr});
  }
  text += "]}";
  return json_text_response(200, std::move(text));
}

ApiResponse collection_response(const RouteContext& context, const std::vector<nlohmann::json>& items,
                                const CollectionOptions& options) {
  std::vector<const nlohmann::json*> pointers;
  pointers.reserve(items.size());
  for (const nlohmann::json& item : items) pointers.push_back(&item);
  return collection_response(context, pointers, options);
}

}  // namespace tf::emulator
