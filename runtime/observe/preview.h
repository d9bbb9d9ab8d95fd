// Preview: what applying the manifests would do to the users each link synchronizes,
// for `tenantform preview`. For every link whose configuration would change (its
// attribute mappings, scoping filter, SyncAll or assigned groups; or a new link), it
// reads the source tenant's users and the members of the assigned groups, and runs
// each user through the link as it is now (what observe found) and as the manifests
// want it, with the emulator's own scope decision and mappings (compiler/provision).
// The next provisioning cycle after apply then creates, updates or removes those users
// in the target. Reads only: one paged user list per source tenant (only the
// properties the mappings and filters read) and one paged member list per assigned
// group.
//
// What it cannot see, said in its output rather than guessed: attributes the mappings
// read that are not Graph user properties of the same name (for example
// telephoneNumber, or manager) are read as empty; a B2B user ("#EXT#" in its principal
// name) is taken as external, as the engine's "Filter external users" clause would.
//
// Promises: links in the manifest's order (source, target); a Graph error becomes a
// diagnostic and that source tenant's links are left out, the others still previewed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/pipeline.h"
#include "compiler/plan/state.h"
#include "compiler/provision/preview.h"
#include "runtime/graph/graph_client.h"

namespace tf::observe {

struct LinkPreview {
  std::string source, target;  // tenant names
  std::string origin;          // "hub 'corp'"
  bool new_link = false;       // nothing synchronizes yet (no sync app or schema)
  bool changes = false;        // the configuration the engine reads would change
  bool explained = false;      // read for PreviewOptions::user: users holds that user, whatever its outcome
  std::vector<std::string>
      what_changes;  // "attribute mappings", "scoping filter", "SyncAll", "assigned groups"
  std::optional<long long> deletion_threshold;  // the desired accidental-deletion threshold
  std::vector<std::string> unread_attributes;   // read by the mappings or filters, not readable from Graph
  bool read = false;                            // users were read (changes, and no read error)
  provision::LinkPreview users;
};

struct PreviewOptions {
  std::vector<std::pair<std::string, std::string>> only;  // (source, target) links; empty: all
  // One user (a userPrincipalName, or an object id), to explain: it is read on every
  // link (changing or not) and kept whatever its outcome, with why it is (not) in scope.
  std::optional<std::string> user;
};

std::vector<LinkPreview> read_preview(graph::GraphClient& client, const manifest::CompiledManifest& compiled,
                                      const plan::DesiredState& desired, const plan::ObservedState& observed,
                                      const PreviewOptions& options, Diagnostics& diagnostics);

// Text for people: per changing link a summary and up to `list` users of each outcome
// with their attribute changes, then a summary line; a warning where the removals
// reach the link's deletion threshold. JSON: {"format_version": "1", "links": [...],
// "summary": {...}} with every user that changes.
std::string render_preview_text(const std::vector<LinkPreview>& links, std::size_t list);
std::string render_preview_json(const std::vector<LinkPreview>& links);
// Markdown for a pull-request comment, next to `plan --format markdown`: the summary in
// bold, a warning per link whose removals exceed its deletion threshold, then per link
// that changes users a collapsed table of them (up to `list` per outcome).
std::string render_preview_markdown(const std::vector<LinkPreview>& links, std::size_t list);

}  // namespace tf::observe
