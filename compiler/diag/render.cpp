// Diagnostic rendering: text with source line and caret, and JSON lines.
#include "compiler/diag/render.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace tf {

namespace {

const char* kBold = "\x1b[1m";
const char* kReset = "\x1b[0m";
const char* kGreen = "\x1b[1;32m";

const char* severity_color(Severity severity) {
  switch (severity) {
    case Severity::Error: return "\x1b[1;31m";
    case Severity::Warning: return "\x1b[1;35m";
    case Severity::Note: return "\x1b[1;36m";
  }
  return "";
}

void render_header(std::string& out, const Diagnostic& d, const RenderOptions& options) {
  if (options.color) out += kBold;
  if (d.location.valid()) {
    out += d.location.path() + ":" + std::to_string(d.location.line) + ":" +
           std::to_string(d.location.column) + ": ";
  } else {
    out += "tenantform: ";
  }
  if (options.color) out += severity_color(d.severity);
  out += severity_name(d.severity);
  out += ": ";
  if (options.color) {
    out += kReset;
    out += kBold;
  }
  out += d.message;
  if (options.color) out += kReset;
  out += '\n';
}

// The source line and a caret line under the located range. Tabs in the source are
// repeated in the caret line so the caret stays aligned in any tab width.
void render_source(std::string& out, const Location& where, const RenderOptions& options) {
  if (!where.valid()) return;
  std::string_view line = where.file->line_text(where.line);
  if (line.empty() && where.column > 1) return;
  out += line;
  out += '\n';
  std::string caret;
  for (uint32_t i = 1; i < where.column; ++i)
    caret += (i - 1 < line.size() && line[i - 1] == '\t') ? '\t' : ' ';
  caret += '^';
  uint32_t room = line.size() >= where.column ? static_cast<uint32_t>(line.size() - where.column + 1) : 1;
  uint32_t length = std::min(where.length == 0 ? 1u : where.length, room == 0 ? 1u : room);
  for (uint32_t i = 1; i < length; ++i) caret += '~';
  if (options.color) out += kGreen;
  out += caret;
  if (options.color) out += kReset;
  out += '\n';
}

}  // namespace

std::string render_text(const Diagnostic& diagnostic, const RenderOptions& options) {
  std::string out;
  render_header(out, diagnostic, options);
  render_source(out, diagnostic.location, options);
  for (const Diagnostic& n : diagnostic.notes) render_header(out, n, options);
  return out;
}

std::string render_text(const Diagnostics& diagnostics, const RenderOptions& options) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) out += render_text(d, options);
  return out;
}

std::string render_summary(const Diagnostics& diagnostics) {
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  std::size_t e = diagnostics.error_count(), w = diagnostics.warning_count();
  if (e == 0 && w == 0) return {};
  if (e && w) return plural(e, "error") + " and " + plural(w, "warning") + " generated\n";
  return (e ? plural(e, "error") : plural(w, "warning")) + " generated\n";
}

nlohmann::json to_json(const Diagnostic& d) {
  nlohmann::json out = {{"severity", severity_name(d.severity)}, {"message", d.message}};
  if (!d.code.empty()) out["code"] = d.code;
  if (d.location.valid()) {
    out["file"] = d.location.path();
    out["line"] = d.location.line;
    out["column"] = d.location.column;
    out["length"] = d.location.length;
  }
  if (!d.notes.empty()) {
    out["notes"] = nlohmann::json::array();
    for (const Diagnostic& n : d.notes) out["notes"].push_back(to_json(n));
  }
  return out;
}

std::string render_json_lines(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) out += to_json(d).dump() + "\n";
  return out;
}

}  // namespace tf
