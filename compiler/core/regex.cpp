// Regular expressions on PCRE2 (8-bit, UTF). Replace is implemented here rather
// than with pcre2_substitute so that the substitution syntax is .NET's.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "compiler/core/regex.h"

#include <map>

#include <pcre2.h>

namespace tf {

struct Regex::Impl {
  pcre2_code* code = nullptr;
  ~Impl() {
    if (code != nullptr) pcre2_code_free(code);
  }
};

Regex::Regex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

std::optional<Regex> Regex::compile(std::string_view pattern, std::string& error) {
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                       PCRE2_UTF | PCRE2_DUPNAMES, &code, &offset, nullptr);
  if (compiled == nullptr) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(code, buffer, sizeof buffer);
    error = std::string(reinterpret_cast<const char*>(buffer)) + " at offset " + std::to_string(offset);
    return std::nullopt;
  }
  pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE);  // best effort; falls back to the interpreter
  auto impl = std::make_unique<Impl>();
  impl->code = compiled;
  return Regex(std::move(impl));
}

const Regex* Regex::cached(std::string_view pattern, std::string& error) {
  struct Entry {
    std::optional<Regex> regex;
    std::string error;
  };
  thread_local std::map<std::string, Entry, std::less<>> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    if (cache.size() > 1024) cache.clear();
    Entry entry;
    entry.regex = compile(pattern, entry.error);
    it = cache.emplace(std::string(pattern), std::move(entry)).first;
  }
  if (!it->second.regex) {
    error = it->second.error;
    return nullptr;
  }
  return &*it->second.regex;
}

namespace {

struct MatchData {
  pcre2_match_data* data;
  explicit MatchData(const pcre2_code* code) : data(pcre2_match_data_create_from_pattern(code, nullptr)) {}
  ~MatchData() { pcre2_match_data_free(data); }
  MatchData(const MatchData&) = delete;
  MatchData& operator=(const MatchData&) = delete;
};

}  // namespace

bool Regex::search(std::string_view subject) const {
  // One match block per thread: a search needs no captures (rc == 0 only says the
  // ovector was too small to hold them all), so no allocation per call.
  thread_local std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> md(pcre2_match_data_create(1, nullptr),
                                                                                      &pcre2_match_data_free);
  int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, md.get(),
                       nullptr);
  return rc >= 0;
}

std::vector<Regex::Match> Regex::matches(std::string_view subject) const {
  std::vector<Match> out;
  MatchData md(impl_->code);
  uint32_t group_count = 0;
  pcre2_pattern_info(impl_->code, PCRE2_INFO_CAPTURECOUNT, &group_count);
  std::size_t start = 0;
  uint32_t options = 0;
  while (start <= subject.size()) {
    int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), start, options,
                         md.data, nullptr);
    if (rc == PCRE2_ERROR_NOMATCH && options != 0) {
      // An empty match was found here before: advance one character and retry.
      options = 0;
      if (start >= subject.size()) break;
      ++start;
      while (start < subject.size() && (static_cast<unsigned char>(subject[start]) & 0xC0) == 0x80) ++start;
      continue;
    }
    if (rc < 0) break;
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.data);
    Match m;
    m.begin = ov[0];
    m.end = ov[1];
    for (uint32_t g = 1; g <= group_count; ++g) {
      if (ov[2 * g] == PCRE2_UNSET)
        m.groups.emplace_back(std::string_view::npos, std::string_view::npos);
      else
        m.groups.emplace_back(ov[2 * g], ov[2 * g + 1]);
    }
    out.push_back(std::move(m));
    start = ov[1];
    options = ov[0] == ov[1] ? (PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED) : 0;
  }
  return out;
}

int Regex::group_number(std::string_view name) const {
  std::string n(name);
  int number = pcre2_substring_number_from_name(impl_->code, reinterpret_cast<PCRE2_SPTR>(n.c_str()));
  return number > 0 ? number : -1;
}

std::optional<std::string> Regex::replace(std::string_view subject, std::string_view replacement,
                                          std::string& error) const {
  std::string out;
  std::size_t last = 0;
  for (const Match& m : matches(subject)) {
    out.append(subject.substr(last, m.begin - last));
    auto group_text = [&](int g) -> std::string_view {
      if (g == 0) return subject.substr(m.begin, m.end - m.begin);
      if (g < 0 || static_cast<std::size_t>(g) > m.groups.size()) return {};
      auto [b, e] = m.groups[static_cast<std::size_t>(g) - 1];
      if (b == std::string_view::npos) return {};
      return subject.substr(b, e - b);
    };
    for (std::size_t i = 0; i < replacement.size(); ++i) {
      char c = replacement[i];
      if (c != '$' || i + 1 == replacement.size()) {
        out += c;
        continue;
      }
      char next = replacement[i + 1];
      if (next == '$') {
        out += '$';
        ++i;
      } else if (next == '{') {
        std::size_t close = replacement.find('}', i + 2);
        if (close == std::string_view::npos) {
          out += c;
          continue;
        }
        std::string_view name = replacement.substr(i + 2, close - i - 2);
        int g = -1;
        if (!name.empty() && name.find_first_not_of("0123456789") == std::string_view::npos)
          g = std::stoi(std::string(name));
        else
          g = group_number(name);
        if (g < 0) {
          // .NET leaves an unknown ${name} as literal text.
          out.append(replacement.substr(i, close - i + 1));
        } else {
          out.append(group_text(g));
        }
        i = close;
      } else if (next >= '0' && next <= '9') {
        std::size_t j = i + 1;
        while (j < replacement.size() && replacement[j] >= '0' && replacement[j] <= '9') ++j;
        out.append(group_text(std::stoi(std::string(replacement.substr(i + 1, j - i - 1)))));
        i = j - 1;
      } else if (next == '&') {
        out.append(group_text(0));
        ++i;
      } else {
        out += c;
      }
    }
    last = m.end;
  }
  out.append(subject.substr(last));
  (void)error;
  return out;
}

}  // namespace tf
