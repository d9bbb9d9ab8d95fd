// Syntax of the values the manifest checks by form: GUIDs, DNS domain names, email
// addresses, element names, and secret references. Each checker returns "" when the
// text is valid, otherwise a short reason ("label 'a_b' contains '_'") that a
// diagnostic can quote after "expected a ..., found '...'".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/manifest/model.h"

namespace tf::manifest {

// `text` in single quotes, with control characters written as escapes (\t, \x01),
// for quoting user text in messages.
std::string quote_text(std::string_view text);

// 8-4-4-4-12 hexadecimal digits, either case, without braces.
bool is_guid(std::string_view text);

// A DNS name of at least two labels: letters, digits and '-' (not at a label's start
// or end), labels of 1..63 bytes, at most 253 bytes, a top-level label not all digits.
std::string domain_problem(std::string_view text);

// local@domain: local part of letters, digits and !#$%&'*+/=?^_`{|}~.- without a
// leading, trailing or doubled '.', at most 64 bytes; domain as domain_problem.
std::string email_problem(std::string_view text);

// A local name (tenant, mapping, scope, ...): a letter or digit, then letters, digits,
// '-', '_' or '.'; at most 64 bytes.
std::string name_problem(std::string_view text);

// "${env:NAME}" (NAME a shell variable name) or a file reference: "file:PATH", or a
// path starting with "./", "../", "/" or "~/". nullopt for anything else, which the
// checker treats as a secret written literally.
std::optional<SecretRef> parse_secret_ref(std::string_view text);

}  // namespace tf::manifest
