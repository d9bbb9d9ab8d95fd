// Rendering of diagnostics, separate from their collection. Text follows LLVM:
//
//   org/topology.yaml:14:19: error: unknown function 'Jion'; did you mean 'Join'?
//       displayName: 'Jion(" ", [displayName], "(${source.domain})")'
//                     ^~~~
//   org/topology.yaml:3:5: note: mapping 'member-with-origin' is used by hub 'corp'
//
// A diagnostic with no location reads "tenantform: error: ...". JSON is one object
// per diagnostic, one per line, for editors and tools.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "compiler/diag/diagnostic.h"

namespace tf {

struct RenderOptions {
  bool color = false;  // ANSI colours (the CLI decides: TTY and no NO_COLOR)
};

std::string render_text(const Diagnostic& diagnostic, const RenderOptions& options = {});
std::string render_text(const Diagnostics& diagnostics, const RenderOptions& options = {});

// "2 errors, 1 warning generated" style summary line, or "" when there are none.
std::string render_summary(const Diagnostics& diagnostics);

nlohmann::json to_json(const Diagnostic& diagnostic);
// One JSON object per line.
std::string render_json_lines(const Diagnostics& diagnostics);

}  // namespace tf
