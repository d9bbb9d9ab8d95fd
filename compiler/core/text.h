// Small text helpers shared across the tree.
#pragma once

#include <string>
#include <string_view>

namespace tf {

// `text` with ASCII letters lower-cased (GUIDs, header names, OData keywords); other
// bytes, UTF-8 included, unchanged.
std::string lower_ascii(std::string_view text);

}  // namespace tf
