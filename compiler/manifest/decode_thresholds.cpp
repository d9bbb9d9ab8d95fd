// Decoding `thresholds:`: max_deletions (a positive whole number, Entra's accidental-
// deletion prevention) and notify (email addresses told about quarantine and threshold).
#include "compiler/manifest/decode.h"
#include "compiler/manifest/formats.h"

namespace tf::manifest {

namespace {

std::optional<std::int64_t> decode_max_deletions(const YamlNode& node, const std::string& owner, Decoder& decoder) {
  std::string what = field("max_deletions", owner);
  std::optional<std::int64_t> value = plain_integer(node);
  if (!value) {
    decoder.wrong_type(node, what, "a positive whole number");
    return std::nullopt;
  }
  if (*value < 1) {
    decoder.diagnostics().error(text_location(node),
                                what + " must be at least 1, found " + node.text() +
                                    "; to manage no threshold, remove 'threshold' from the link's 'sync'",
                                "bad-threshold");
    return std::nullopt;
  }
  return value;
}

std::vector<std::string> decode_notify(const YamlNode& node, const std::string& owner, Decoder& decoder) {
  std::vector<std::string> out;
  std::string what = field("notify", owner);
  auto items = decoder.text_items(node, what, "a list of email addresses");
  for (const YamlNode* item : items.value_or(std::vector<const YamlNode*>{})) {
    std::string problem = email_problem(item->text());
    if (problem.empty()) {
      out.push_back(item->text());
      continue;
    }
    decoder.diagnostics().error(text_location(*item),
                                "expected an email address for an item of " + what + ", found " +
                                    quote_text(item->text()) + ": " + problem,
                                "bad-email");
  }
  return out;
}

}  // namespace

Threshold decode_threshold(const Definition& definition, Decoder& decoder) {
  Threshold threshold;
  threshold.name = definition.name;
  threshold.location = definition.name_location;
  std::string owner = "threshold '" + definition.name + "'";
  const YamlNode& body = definition.body;
  if (!decoder.mapping(body, owner, "a mapping with 'max_deletions'")) return threshold;
  decoder.known_keys(body, {"max_deletions", "notify"}, owner);
  if (const YamlNode* m = decoder.required(body, "max_deletions", owner, definition.name_location,
                                           "add e.g. 'max_deletions: 500'"))
    threshold.max_deletions = decode_max_deletions(*m, owner, decoder).value_or(0);
  if (const YamlNode* n = body.find("notify")) threshold.notify = decode_notify(*n, owner, decoder);
  return threshold;
}

}  // namespace tf::manifest
