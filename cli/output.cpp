// Diagnostics output for commands.
#include "cli/output.h"

#include <cstdlib>
#include <iostream>

#include <unistd.h>

#include "compiler/diag/render.h"

namespace tf::cli {

bool use_color(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return isatty(fileno(stream)) != 0;
}

void print_diagnostics(const Diagnostics& diagnostics, DiagnosticsFormat format) {
  if (format == DiagnosticsFormat::Json) {
    std::cerr << render_json_lines(diagnostics);
    return;
  }
  RenderOptions options{use_color(stderr)};
  std::cerr << render_text(diagnostics, options) << render_summary(diagnostics);
}

DiagnosticsFormat diagnostics_format(const std::string& name) {
  return name == "json" ? DiagnosticsFormat::Json : DiagnosticsFormat::Text;
}

}  // namespace tf::cli
