// The decoders of check.h, one per kind of definition: each turns the YAML body of a
// Definition into a Model element, reporting every problem of shape and form it finds
// (unknown keys, wrong types, bad GUIDs, domains, emails, literal secrets, ...). They
// always return an element, filled as far as the body allowed, so that reference
// checks (references.h) can still run; check.h discards the Model if anything failed.
// Names are not resolved here.
#pragma once

#include <string_view>

#include "compiler/manifest/decoder.h"
#include "compiler/manifest/manifest.h"
#include "compiler/manifest/model.h"

namespace tf::manifest {

Tenant decode_tenant(const Definition& definition, Decoder& decoder);
Mapping decode_mapping(const Definition& definition, Decoder& decoder);
Scope decode_scope(const Definition& definition, Decoder& decoder);
Threshold decode_threshold(const Definition& definition, Decoder& decoder);
Hub decode_hub(const Definition& definition, Decoder& decoder);
Mesh decode_mesh(const Definition& definition, Decoder& decoder);
Link decode_link(const Definition& definition, Decoder& decoder);

// A `sync:` block (or a mesh's per-source override): mapping, scope, threshold names.
// A null node means "all defaults".
SyncSettings decode_sync(const YamlNode& node, std::string_view what, Decoder& decoder);

// A reference to another element by name, from a scalar.
std::optional<Reference> decode_reference(const YamlNode& node, std::string_view what, std::string_view noun,
                                          Decoder& decoder);

}  // namespace tf::manifest
