// The YAML reader: yaml-cpp's event parser drives a small builder that assembles
// YamlNodes, locating every scalar through scalar_positions.h.
#include "compiler/manifest/yaml_reader.h"

#include <map>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "compiler/manifest/scalar_positions.h"

namespace tf::manifest {

namespace {

// A node being built: a mapping or sequence whose end has not been seen yet.
struct Frame {
  YamlNode node;
  YAML::anchor_t anchor = 0;
  std::optional<YamlEntry> key;  // a mapping's key waiting for its value
  bool skip_value = false;       // the waiting key was a duplicate
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const SourceFilePtr& file, Diagnostics& diagnostics)
      : file_(file), lines_(file->text), diagnostics_(diagnostics) {}

  std::optional<YamlNode> root;
  bool second_document = false;

  // 1-based location of a yaml-cpp mark (the one conversion from 0-based marks).
  Location at(const YAML::Mark& mark, uint32_t length = 1) const {
    if (mark.is_null() || mark.pos < 0) return Location{file_, 1, 1, length};
    return Location{file_, static_cast<uint32_t>(mark.line) + 1, static_cast<uint32_t>(mark.column) + 1, length};
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ == 2) {
      second_document = true;
      diagnostics_.error(at(mark, 3),
                         "a manifest file holds one YAML document, found a second one; "
                         "move it into a file of its own",
                         "yaml-syntax");
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YamlNode node;
    node.location = null_location(mark);
    complete(std::move(node), anchor);
  }

  // An alias is a copy of its anchor. Copies are counted so that nested aliases
  // ("billion laughs") cannot blow up memory: past kMaxAliasNodes copied nodes the
  // file is refused.
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    YamlNode node;
    if (it != anchors_.end() && alias_nodes_ + it->second.size <= kMaxAliasNodes) {
      alias_nodes_ += it->second.size;
      node = it->second.node;
    } else if (it != anchors_.end() && !alias_limit_reported_) {
      alias_limit_reported_ = true;
      diagnostics_.error(at(mark),
                         "aliases in this file expand to more than " + std::to_string(kMaxAliasNodes) +
                             " nodes; write the repeated parts out or split the file",
                         "yaml-alias-limit");
    }
    node.location = at(mark);
    complete(std::move(node), 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    LocatedScalar located = locate_scalar(file_, lines_, static_cast<std::size_t>(std::max(mark.pos, 0)), value);
    YamlNode node;
    node.kind = YamlKind::Scalar;
    node.style = located.style;
    node.location = located.start;
    node.scalar = std::move(located.text);
    if (located.unterminated) report_unterminated(node);
    complete(std::move(node), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(YamlKind::Sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(YamlKind::Mapping, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  // An explicit null (~, null) is located at its text; an empty value has no text of
  // its own (yaml-cpp marks whatever follows), so it is located at its key.
  Location null_location(const YAML::Mark& mark) const {
    const std::string& src = file_->text;
    std::size_t pos = static_cast<std::size_t>(std::max(mark.pos, 0));
    for (const char* word : {"~", "null", "Null", "NULL"}) {
      std::string_view w(word);
      if (src.compare(pos, w.size(), w) == 0) {
        std::size_t after = pos + w.size();
        if (after >= src.size() || std::string_view(" \t\r\n,]}#").find(src[after]) != std::string_view::npos)
          return at(mark, static_cast<uint32_t>(w.size()));
      }
    }
    if (!stack_.empty() && stack_.back().key) return stack_.back().key->key_location;
    return at(mark);
  }

  void report_unterminated(const YamlNode& node) {
    const char* quote = node.style == ScalarStyle::SingleQuoted ? "'" : "\"";
    diagnostics_.error(node.location,
                       std::string("this string is never closed: expected a closing ") + quote +
                           " before the end of the file",
                       "yaml-syntax");
  }

  void open(YamlKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    Frame frame;
    frame.node.kind = kind;
    frame.node.location = at(mark);
    frame.anchor = anchor;
    stack_.push_back(std::move(frame));
  }

  void close() {
    if (stack_.empty()) return;
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    complete(std::move(frame.node), frame.anchor);
  }

  static std::size_t count_nodes(const YamlNode& node) {
    std::size_t n = 1;
    for (const YamlNode& item : node.items) n += count_nodes(item);
    for (const YamlEntry& entry : node.entries) n += 1 + count_nodes(entry.value);
    return n;
  }

  void complete(YamlNode node, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = Anchored{node, count_nodes(node)};
    if (stack_.empty()) {
      if (!root) root = std::move(node);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_sequence()) {
      top.node.items.push_back(std::move(node));
    } else if (!top.key) {
      take_key(top, std::move(node));
    } else {
      if (!top.skip_value) {
        top.key->value = std::move(node);
        top.node.entries.push_back(std::move(*top.key));
      }
      top.key.reset();
      top.skip_value = false;
    }
  }

  void take_key(Frame& top, YamlNode node) {
    YamlEntry entry;
    entry.key = node.text();
    entry.key_location = node.location;
    bool quoted = node.style == ScalarStyle::SingleQuoted || node.style == ScalarStyle::DoubleQuoted;
    entry.key_location.length = static_cast<uint32_t>(std::max<std::size_t>(1, node.text().size() + (quoted ? 2 : 0)));
    top.skip_value = false;
    if (!node.is_scalar()) {
      diagnostics_.error(node.location, "expected a key (a plain string), found " + describe(node), "yaml-key");
      top.skip_value = true;
    } else if (const YamlEntry* first = find_entry(top.node, entry.key)) {
      diagnostics_.error(entry.key_location, "duplicate key '" + entry.key + "'; YAML keeps only one of them",
                         "duplicate-key")
          .note(first->key_location, "'" + entry.key + "' is first defined here");
      top.skip_value = true;
    }
    top.key = std::move(entry);
  }

  static const YamlEntry* find_entry(const YamlNode& mapping, const std::string& key) {
    for (const YamlEntry& e : mapping.entries)
      if (e.key == key) return &e;
    return nullptr;
  }

  SourceFilePtr file_;
  LineIndex lines_;
  Diagnostics& diagnostics_;
  std::vector<Frame> stack_;
  struct Anchored {
    YamlNode node;
    std::size_t size = 0;
  };
  static constexpr std::size_t kMaxAliasNodes = 100000;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::size_t alias_nodes_ = 0;
  bool alias_limit_reported_ = false;
  int documents_ = 0;
};

// The column of the first tab in the indentation of `line`, or 0 if none.
uint32_t indentation_tab(std::string_view line) {
  for (uint32_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\t') return i + 1;
    if (line[i] != ' ') return 0;
  }
  return 0;
}

// A position past the last non-blank line (yaml-cpp reports unclosed constructs at
// the end of the file) moves to just after the last character, so the caret line shows
// the text that is left open.
Location clamp_to_text(const SourceFilePtr& file, Location where) {
  uint32_t last = where.line;
  while (last > 1 && file->line_text(last).find_first_not_of(" \t\r") == std::string_view::npos) --last;
  if (last == where.line) return where;
  where.line = last;
  where.column = static_cast<uint32_t>(file->line_text(last).size()) + 1;
  return where;
}

void report_syntax_error(const SourceFilePtr& file, const YAML::Exception& e, Diagnostics& diagnostics) {
  Location where{file, 1, 1, 1};
  if (!e.mark.is_null() && e.mark.line >= 0)
    where = Location{file, static_cast<uint32_t>(e.mark.line) + 1, static_cast<uint32_t>(e.mark.column) + 1, 1};
  where = clamp_to_text(file, where);
  if (uint32_t tab = indentation_tab(file->line_text(where.line)); tab > 0) {
    diagnostics.error(Location{file, where.line, tab, 1},
                      "a tab character is used for indentation; YAML indentation must use spaces",
                      "yaml-tab");
    return;
  }
  diagnostics.error(where, "invalid YAML: " + e.msg, "yaml-syntax");
}

}  // namespace

std::optional<YamlNode> read_yaml(const SourceFilePtr& file, Diagnostics& diagnostics) {
  Diagnostics found;
  TreeBuilder builder(file, found);
  try {
    std::istringstream in(file->text);
    YAML::Parser parser(in);
    while (!builder.second_document && parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::Exception& e) {
    report_syntax_error(file, e, found);
  }
  diagnostics.append(found);
  if (found.has_errors()) return std::nullopt;
  if (!builder.root) {
    YamlNode empty;
    empty.location = Location{file, 1, 1, 1};
    return empty;
  }
  return std::move(builder.root);
}

}  // namespace tf::manifest
