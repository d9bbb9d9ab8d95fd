// Diagnostics collection and typo suggestions.
#include "compiler/diag/diagnostic.h"

#include <algorithm>
#include <cctype>

namespace tf {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

Diagnostic& Diagnostic::note(Location where, std::string text) {
  notes.push_back(Diagnostic{Severity::Note, std::move(where), std::move(text), {}, {}});
  return *this;
}

Diagnostic& Diagnostics::error(Location where, std::string message, std::string code) {
  return add(Diagnostic{Severity::Error, std::move(where), std::move(message), std::move(code), {}});
}

Diagnostic& Diagnostics::warning(Location where, std::string message, std::string code) {
  return add(Diagnostic{Severity::Warning, std::move(where), std::move(message), std::move(code), {}});
}

Diagnostic& Diagnostics::add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::Error) ++errors_;
  if (diagnostic.severity == Severity::Warning) ++warnings_;
  items_.push_back(std::move(diagnostic));
  return items_.back();
}

void Diagnostics::append(const Diagnostics& other) {
  for (const Diagnostic& d : other.items_) add(d);
}

void Diagnostics::sort_by_location() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    const Location& x = a.location;
    const Location& y = b.location;
    if (x.valid() != y.valid()) return !x.valid();  // run-level diagnostics first
    if (x.path() != y.path()) return x.path() < y.path();
    if (x.line != y.line) return x.line < y.line;
    return x.column < y.column;
  });
}

namespace {

// Optimal string alignment distance (insert, delete, substitute, swap two
// neighbours), comparing letters without regard to case.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 0;
  for (const std::string& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (best.empty() || d < best_distance || (d == best_distance && c < best)) {
      best = c;
      best_distance = d;
    }
  }
  // A plausible typo: at most a third of the longer word, and at most 3 edits
  // (letters differing only in case count as no edit, so 'append' finds 'Append').
  std::size_t longest = std::max(word.size(), best.size());
  if (best.empty() || best == word || best_distance > 3 || best_distance * 3 > longest + 1)
    return {};
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best = closest_match(word, candidates);
  return best.empty() ? std::string{} : "; did you mean '" + best + "'?";
}

}  // namespace tf
