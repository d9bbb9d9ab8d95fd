// Text and JSON for `tenantform preview` (preview.h).
#include <algorithm>

#include "runtime/observe/preview.h"

namespace tf::observe {

namespace {

using nlohmann::json;
using provision::UserOutcome;

std::string value_text(const std::optional<json>& value) {
  return value ? value->dump() : std::string("(not written)");
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "2 to create, 3 to update, 1 to remove, 1 fails" (the outcomes present).
std::string outcome_counts(std::size_t create, std::size_t update, std::size_t remove, std::size_t fails) {
  std::vector<std::string> parts;
  if (create) parts.push_back(std::to_string(create) + " to create");
  if (update) parts.push_back(std::to_string(update) + " to update");
  if (remove) parts.push_back(std::to_string(remove) + " to remove");
  if (fails) parts.push_back(std::to_string(fails) + (fails == 1 ? " fails" : " fail"));
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out.empty() ? "no user changes" : out;
}

const char* marker(UserOutcome outcome) {
  switch (outcome) {
    case UserOutcome::Create:
      return "+";
    case UserOutcome::Update:
      return "~";
    case UserOutcome::Remove:
      return "-";
    case UserOutcome::Fails:
      return "!";
    default:
      return " ";
  }
}

// The properties shown for a user to create (the rest are in the JSON).
bool shown_on_create(const std::string& name) {
  return name == "userPrincipalName" || name == "displayName" || name == "mail" || name == "userType";
}

// A user's properties, one per line: "name = value" for a create (only those
// shown_on_create when `only_shown`), "name: old -> new" otherwise.
void render_attributes(std::string& out, const provision::UserPreview& user, bool only_shown) {
  for (const provision::AttributeDelta& a : user.attributes) {
    if (user.outcome == UserOutcome::Create && only_shown && !shown_on_create(a.name)) continue;
    out += "      " + a.name +
           (user.outcome == UserOutcome::Create ? " = " + value_text(a.after)
                                                : ": " + value_text(a.before) + " -> " + value_text(a.after)) +
           "\n";
  }
}

void render_users(std::string& out, const LinkPreview& link, UserOutcome outcome, std::size_t list) {
  std::size_t total = link.users.count(outcome), shown = 0;
  for (const provision::UserPreview& user : link.users.users) {
    if (user.outcome != outcome) continue;
    if (shown == list) break;
    ++shown;
    out += std::string("  ") + marker(outcome) + " " + user.name;
    if (outcome == UserOutcome::Remove) out += ": leaves the scope (" + user.reason + ")";
    if (outcome == UserOutcome::Fails) out += ": " + user.reason;
    out += "\n";
    render_attributes(out, user, true);
  }
  if (shown < total)
    out += "  ... and " + std::to_string(total - shown) + " more to " + user_outcome_name(outcome) +
           " (--list N shows more; --format json shows all)\n";
}

// PreviewOptions::user on one link: what happens to that user, whatever it is.
void render_explained(std::string& out, const LinkPreview& link) {
  if (link.users.users.empty()) {
    out += "  no such user in " + link.source + "\n\n";
    return;
  }
  for (const provision::UserPreview& user : link.users.users) {
    out += std::string("  ") + marker(user.outcome) + " " + user.name + ": ";
    switch (user.outcome) {
      case UserOutcome::Create:
        out += "created in " + link.target + "\n";
        break;
      case UserOutcome::Update:
        out += "updated in " + link.target + "\n";
        break;
      case UserOutcome::Remove:
        out += "removed from " + link.target + ": it leaves the scope (" + user.reason + ")\n";
        break;
      case UserOutcome::Unchanged:
        out += "in scope, and nothing changes for it\n";
        break;
      case UserOutcome::OutOfScope:
        out += "not in scope, before or after (" + user.reason + ")\n";
        break;
      case UserOutcome::Fails:
        out += "its mappings fail: " + user.reason + "\n";
        break;
    }
    render_attributes(out, user, false);
  }
  out += "\n";
}

}  // namespace

std::string render_preview_text(const std::vector<LinkPreview>& links, std::size_t list) {
  std::string out;
  std::size_t changing = 0, create = 0, update = 0, remove = 0, fails = 0;
  for (const LinkPreview& link : links) {
    out += link.source + " -> " + link.target + " (" + link.origin + "): ";
    if (!link.changes) {
      out += "no change to what is synchronized\n";
      if (!link.explained) continue;
    } else {
      std::string what;
      for (const std::string& w : link.what_changes) what += (what.empty() ? "" : ", ") + w;
      out += link.new_link ? "a new link\n" : what + " change\n";
    }
    if (!link.read) {
      out += "  the source users could not be read (see the errors above)\n\n";
      continue;
    }
    const provision::LinkPreview& u = link.users;
    std::size_t c = u.count(UserOutcome::Create), up = u.count(UserOutcome::Update),
                r = u.count(UserOutcome::Remove), f = u.count(UserOutcome::Fails);
    if (u.changes_users()) ++changing;
    create += c;
    update += up;
    remove += r;
    fails += f;
    if (link.explained) {
      render_explained(out, link);
      continue;
    }
    out += "  " + plural(u.total(), "source user", "source users") + ": " + outcome_counts(c, up, r, f) +
           "; " + std::to_string(u.count(UserOutcome::Unchanged)) + " unchanged, " +
           std::to_string(u.count(UserOutcome::OutOfScope)) + " out of scope\n";
    for (UserOutcome o : {UserOutcome::Create, UserOutcome::Update, UserOutcome::Remove, UserOutcome::Fails})
      render_users(out, link, o, list);
    if (link.deletion_threshold && static_cast<long long>(r) > *link.deletion_threshold)
      out +=
          "  ! " + plural(r, "removal exceeds", "removals exceed") + " the deletion threshold of " +
          std::to_string(*link.deletion_threshold) +
          ": the first cycle after apply quarantines the job (TooManyDeletes) and deletes nobody until the "
          "deletions are allowed (restart with ForceDeletes) or the scope is fixed\n";
    if (!link.unread_attributes.empty()) {
      std::string names;
      for (const std::string& n : link.unread_attributes) names += (names.empty() ? "" : ", ") + n;
      out += "  note: read as empty here, since Graph has no user property of that name: " + names + "\n";
    }
    out += "\n";
  }
  out += "Preview: " + plural(changing, "link changes", "links change") +
         " users: " + outcome_counts(create, update, remove, fails) + ".\n";
  return out;
}

std::string render_preview_json(const std::vector<LinkPreview>& links) {
  json document = {{"format_version", "1"}, {"links", json::array()}};
  std::size_t create = 0, update = 0, remove = 0, fails = 0;
  for (const LinkPreview& link : links) {
    json users = json::array();
    for (const provision::UserPreview& user : link.users.users) {
      if (!link.explained &&
          (user.outcome == UserOutcome::Unchanged || user.outcome == UserOutcome::OutOfScope))
        continue;
      json attributes = json::array();
      for (const provision::AttributeDelta& a : user.attributes) {
        json delta = {{"name", a.name}};
        if (a.before) delta["before"] = *a.before;
        if (a.after) delta["after"] = *a.after;
        attributes.push_back(std::move(delta));
      }
      json entry = {{"id", user.id},
                    {"name", user.name},
                    {"action", user_outcome_name(user.outcome)},
                    {"attributes", attributes}};
      if (!user.reason.empty()) entry["reason"] = user.reason;
      users.push_back(std::move(entry));
    }
    const provision::LinkPreview& u = link.users;
    json entry = {{"source", link.source},
                  {"target", link.target},
                  {"origin", link.origin},
                  {"new_link", link.new_link},
                  {"changes", link.what_changes},
                  {"users_read", link.read},
                  {"explained", link.explained},
                  {"counts",
                   {{"source_users", u.total()},
                    {"create", u.count(UserOutcome::Create)},
                    {"update", u.count(UserOutcome::Update)},
                    {"remove", u.count(UserOutcome::Remove)},
                    {"fails", u.count(UserOutcome::Fails)},
                    {"unchanged", u.count(UserOutcome::Unchanged)},
                    {"out_of_scope", u.count(UserOutcome::OutOfScope)}}},
                  {"users", users},
                  {"unread_attributes", link.unread_attributes}};
    entry["deletion_threshold"] = link.deletion_threshold ? json(*link.deletion_threshold) : json(nullptr);
    entry["exceeds_deletion_threshold"] =
        link.deletion_threshold &&
        static_cast<long long>(u.count(UserOutcome::Remove)) > *link.deletion_threshold;
    document["links"].push_back(std::move(entry));
    create += u.count(UserOutcome::Create);
    update += u.count(UserOutcome::Update);
    remove += u.count(UserOutcome::Remove);
    fails += u.count(UserOutcome::Fails);
  }
  document["summary"] = {{"create", create}, {"update", update}, {"remove", remove}, {"fails", fails}};
  return document.dump(2) + "\n";
}

namespace {

// A Markdown table cell: pipes escaped, line breaks as spaces.
std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string markdown_details(const provision::UserPreview& user) {
  if (user.outcome == UserOutcome::Remove) return "leaves the scope: " + user.reason;
  if (user.outcome == UserOutcome::Fails) return user.reason;
  std::string out;
  for (const provision::AttributeDelta& a : user.attributes) {
    if (user.outcome == UserOutcome::Create && !shown_on_create(a.name)) continue;
    out += (out.empty() ? "" : "<br>") + a.name +
           (user.outcome == UserOutcome::Create ? " = " + value_text(a.after)
                                                : ": " + value_text(a.before) + " → " + value_text(a.after));
  }
  return out;
}

}  // namespace

std::string render_preview_markdown(const std::vector<LinkPreview>& links, std::size_t list) {
  std::size_t changing = 0, create = 0, update = 0, remove = 0, fails = 0;
  std::string warnings, sections;
  for (const LinkPreview& link : links) {
    if (!link.changes || !link.read) continue;
    const provision::LinkPreview& u = link.users;
    std::size_t c = u.count(UserOutcome::Create), up = u.count(UserOutcome::Update),
                r = u.count(UserOutcome::Remove), f = u.count(UserOutcome::Fails);
    if (!u.changes_users()) continue;
    ++changing;
    create += c;
    update += up;
    remove += r;
    fails += f;
    std::string name = link.source + " -> " + link.target;
    if (link.deletion_threshold && static_cast<long long>(r) > *link.deletion_threshold)
      warnings += "> **Warning:** " + name + ": " + plural(r, "removal exceeds", "removals exceed") +
                  " the deletion threshold of " + std::to_string(*link.deletion_threshold) +
                  "; the first cycle after apply quarantines the job until the deletions are allowed.\n\n";
    std::string what;
    for (const std::string& w : link.what_changes) what += (what.empty() ? "" : ", ") + w;
    sections += "<details><summary>" + name + " (" +
                (link.new_link ? std::string("a new link") : what + " change") +
                "): " + outcome_counts(c, up, r, f) +
                "</summary>\n\n| user | change | details |\n| --- | --- | --- |\n";
    for (UserOutcome o :
         {UserOutcome::Create, UserOutcome::Update, UserOutcome::Remove, UserOutcome::Fails}) {
      std::size_t shown = 0;
      for (const provision::UserPreview& user : u.users) {
        if (user.outcome != o || shown == list) continue;
        ++shown;
        sections += "| " + cell(user.name) + " | " + user_outcome_name(o) + " | " +
                    cell(markdown_details(user)) + " |\n";
      }
      if (shown < u.count(o))
        sections += "| ... | " + std::string(user_outcome_name(o)) + " | " +
                    std::to_string(u.count(o) - shown) + " more |\n";
    }
    sections += "\n</details>\n\n";
  }
  std::string out = "**Preview: " + plural(changing, "link changes", "links change") +
                    " users: " + outcome_counts(create, update, remove, fails) + ".**\n\n";
  return out + warnings + sections;
}

}  // namespace tf::observe
