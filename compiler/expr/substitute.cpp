// ${source.*} / ${target.*} placeholders in string literals (substitute.h).
// Placeholders are found in the literal's source text (so errors get exact
// columns) and replaced in its unescaped value; a valid placeholder contains no
// escapes, so both hold the same placeholders.
#include "compiler/expr/substitute.h"

#include <array>
#include <functional>
#include <vector>

#include "compiler/expr/parser.h"

namespace tf::expr {
namespace {

constexpr std::array<std::string_view, 6> kPlaceholders{"source.name", "source.id", "source.domain",
                                                        "target.name", "target.id", "target.domain"};

std::vector<std::string> placeholder_names() {
  std::vector<std::string> out;
  for (std::string_view p : kPlaceholders) out.push_back("${" + std::string(p) + "}");
  return out;
}

bool is_known(std::string_view name) {
  for (std::string_view p : kPlaceholders)
    if (p == name) return true;
  return false;
}

// One ${...} occurrence in a text: where it starts, how long it is, its inner
// name, and whether it is closed.
struct Occurrence {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string_view name;
  bool closed = true;
};

std::vector<Occurrence> find_placeholders(std::string_view text) {
  std::vector<Occurrence> out;
  for (std::size_t at = text.find("${"); at != std::string_view::npos; at = text.find("${", at + 2)) {
    std::size_t close = text.find('}', at + 2);
    Occurrence o;
    o.offset = at;
    o.closed = close != std::string_view::npos;
    o.length = (o.closed ? close + 1 : text.size()) - at;
    o.name = text.substr(at + 2, (o.closed ? close : text.size()) - at - 2);
    out.push_back(o);
    if (!o.closed) break;
  }
  return out;
}

template <typename NodeT, typename F>
void for_each_string(NodeT& node, const F& f) {
  if (auto* s = std::get_if<StringLiteral>(&node.value)) f(*s, node);
  if (auto* c = std::get_if<Call>(&node.value))
    for (auto& arg : c->args)
      if (arg) for_each_string(*arg, f);
  if (auto* c = std::get_if<Comparison>(&node.value)) {
    for_each_string(*c->lhs, f);
    for_each_string(*c->rhs, f);
  }
}

bool check_literal(const Expression& e, const Node& node, Diagnostics& d) {
  // Between the quotes of the literal as written.
  uint32_t body_offset = node.span.offset + 1;
  std::string_view body = std::string_view(e.source.text).substr(body_offset, node.span.length - 2);
  bool ok = true;
  for (const Occurrence& o : find_placeholders(body)) {
    if (o.closed && is_known(o.name)) continue;
    ok = false;
    Location where =
        e.location_of({body_offset + static_cast<uint32_t>(o.offset), static_cast<uint32_t>(o.length)});
    std::string text = "${" + std::string(o.name) + (o.closed ? "}" : "");
    std::string hint = text.size() <= 20 ? did_you_mean(text, placeholder_names()) : std::string();
    std::string message =
        !o.closed
            ? "unterminated placeholder '" + text + "'; expected a closing '}'"
            : "unknown placeholder '" + text + "'" +
                  (hint.empty() ? "; placeholders are ${source.name|id|domain} and ${target.name|id|domain}"
                                : hint);
    Diagnostic& diagnostic = d.error(where, message, "UnknownPlaceholder");
    note_if_approximate(diagnostic, e.source, body_offset + o.offset);
  }
  return ok;
}

const std::string* tenant_field(const LinkContext& link, std::string_view name, const TenantInfo*& tenant) {
  tenant = name.substr(0, 7) == "source." ? &link.source : &link.target;
  std::string_view field = name.substr(7);
  if (field == "name") return &tenant->name;
  if (field == "id") return &tenant->id;
  return &tenant->domain;
}

bool substitute_literal(StringLiteral& literal, const Node& node, const Expression& e,
                        const LinkContext& link, Diagnostics& d) {
  bool ok = true;
  std::string out;
  std::size_t done = 0;
  for (const Occurrence& o : find_placeholders(literal.value)) {
    const TenantInfo* tenant = nullptr;
    const std::string* value = tenant_field(link, o.name, tenant);
    if (value->empty()) {
      ok = false;
      Diagnostic& diagnostic =
          d.error(e.location_of(node.span),
                  "tenant '" + tenant->name + "' has no domain, but '${" + std::string(o.name) +
                      "}' is used here; add 'domain:' to tenant '" + tenant->name + "'",
                  "MissingDomain");
      note_if_approximate(diagnostic, e.source, node.span.offset);
    }
    out.append(literal.value, done, o.offset - done);
    out += *value;
    done = o.offset + o.length;
  }
  out.append(literal.value, done);
  literal.value = std::move(out);
  return ok;
}

}  // namespace

bool check_placeholders(const Expression& expression, Diagnostics& diagnostics) {
  if (!expression.root) return true;
  bool ok = true;
  for_each_string(*expression.root, [&](const StringLiteral&, const Node& node) {
    ok = check_literal(expression, node, diagnostics) && ok;
  });
  return ok;
}

bool substitute_placeholders(Expression& expression, const LinkContext& link, Diagnostics& diagnostics) {
  if (!expression.root || !check_placeholders(expression, diagnostics)) return false;
  bool ok = true;
  for_each_string(*expression.root, [&](StringLiteral& literal, const Node& node) {
    ok = substitute_literal(literal, node, expression, link, diagnostics) && ok;
  });
  return ok;
}

}  // namespace tf::expr
