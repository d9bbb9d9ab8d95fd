// Diagnostics as values: each stage appends what it finds to a Diagnostics list
// and carries on, so the user sees every error of a stage at once. Rendering is
// separate (render.h). Messages are lower-case, without a trailing period, name
// things in single quotes, and say what was expected and what was found.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/location.h"

namespace tf {

enum class Severity { Error, Warning, Note };

const char* severity_name(Severity severity);

struct Diagnostic {
  Severity severity = Severity::Error;
  Location location;     // may be invalid: a diagnostic about the run itself
  std::string message;
  std::string code;      // a stable category for tools, e.g. "unknown-key", "UnknownFunction"
  std::vector<Diagnostic> notes;  // follow-up notes ("first defined here")

  Diagnostic& note(Location where, std::string text);
};

class Diagnostics {
 public:
  Diagnostic& error(Location where, std::string message, std::string code = {});
  Diagnostic& warning(Location where, std::string message, std::string code = {});
  Diagnostic& add(Diagnostic diagnostic);
  void append(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return warnings_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

  // Sorts by file, line and column (stable, so equal positions keep their order).
  void sort_by_location();

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

// "did you mean" support: the candidate closest to `word` by edit distance, or ""
// when none is close enough to be a plausible typo.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "" — ready to append to a message.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace tf
