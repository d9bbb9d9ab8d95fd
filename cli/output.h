// Shared rendering for commands: diagnostics (text with colour on a TTY unless
// NO_COLOR is set, or JSON lines with --diagnostics=json) to stderr.
#pragma once

#include <cstdio>
#include <string>

#include "compiler/diag/diagnostic.h"

namespace tf::cli {

enum class DiagnosticsFormat { Text, Json };

// True when `stream` is a terminal and NO_COLOR is not set.
bool use_color(std::FILE* stream);

// Writes every diagnostic, then (text only) the summary line, to stderr.
void print_diagnostics(const Diagnostics& diagnostics, DiagnosticsFormat format);

// Parses "text" or "json" for --diagnostics (CLI11 validates the choice).
DiagnosticsFormat diagnostics_format(const std::string& name);

}  // namespace tf::cli
