"""The examples, the manifest JSON Schema and the compiler agree.

Run by ctest as `python3 schema_test.py TENANTFORM_BINARY`; paths are relative to the
repository root, which the script makes its working directory.
Checks, each counted once:
  - schemas/manifest.schema.json is a valid draft 2020-12 schema;
  - every examples/*/*.yaml file validates against it and carries the schema modeline;
  - `tenantform validate examples/<each>` exits 0 and warns about nothing, and
    `tenantform graph` draws as many links as the topology produces;
  - every example is self-consistent with its emulator seeds (tenant ids, domains,
    client ids, the secrets emulator.env exports, the scope groups of each source
    tenant, a realistic user mix);
  - the complete example of README.md validates against the schema and the compiler;
  - on every broken manifest of tests/scripts/broken/ the schema says invalid AND
    `tenantform validate` exits 1 with an error on a line marked `# error`.
Prints one line per failure and a final line `N passed, M failed`; exits 1 on failure.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support.tenantform_test import Results  # noqa: E402

SCHEMA_PATH = "schemas/manifest.schema.json"
MODELINE = "# yaml-language-server: $schema=../../schemas/manifest.schema.json"
BROKEN_DIR = "tests/scripts/broken"
ENV_REF = re.compile(r"^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$")
REQUIRED_USER_FIELDS = ["id", "displayName", "givenName", "surname", "userPrincipalName", "mail",
                        "mailNickname", "department", "jobTitle", "accountEnabled", "userType"]


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def schema_errors(validator, document):
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in validator.iter_errors(document)]


def run_tenantform(binary, *args):
    """(exit code, stdout + stderr); exit -1 when it could not run or hung."""
    env = dict(os.environ, NO_COLOR="1")
    try:
        p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=60, env=env)
    except (OSError, subprocess.TimeoutExpired) as e:
        return -1, str(e)
    return p.returncode, p.stdout + p.stderr


def run_validate(binary, path):
    return run_tenantform(binary, "validate", path)


def example_dirs():
    return sorted(d for d in glob.glob("examples/*") if os.path.isdir(d))


def manifest_files(directory):
    return sorted(glob.glob(os.path.join(directory, "*.yaml")) + glob.glob(os.path.join(directory, "*.yml")))


def merged_configuration(directory):
    merged = {}
    for f in manifest_files(directory):
        for section, entries in (load_yaml(f) or {}).items():
            merged.setdefault(section, {}).update(entries or {})
    return merged


def links_of(config):
    """(source, target, sync) for every link the topology produces (explicit links win)."""
    links = {}
    for hub in config.get("hubs", {}).values():
        for spoke in hub["spokes"]:
            pair = (hub["hub"], spoke) if hub.get("pattern", "user-hub") == "user-hub" else (spoke, hub["hub"])
            links[pair] = dict(hub.get("sync", {}))
    for mesh in config.get("meshes", {}).values():
        for source in mesh["members"]:
            for target in mesh["members"]:
                if source != target:
                    sync = dict(mesh.get("sync", {}))
                    sync.update(mesh.get("from", {}).get(source, {}))
                    links[(source, target)] = sync
    for link in config.get("links", {}).values():
        links[(link["from"], link["to"])] = dict(link.get("sync", {}))
    return links


def exported_secrets(directory):
    path = os.path.join(directory, "emulator.env")
    if not os.path.exists(path):
        return {}
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^export ([A-Za-z_][A-Za-z0-9_]*)=(\S+)$", line.strip())
            if m:
                out[m.group(1)] = m.group(2)
    return out


def seed_problems(directory):
    """Differences between an example's manifests and its emulator seeds."""
    problems = []
    config = merged_configuration(directory)
    secrets = exported_secrets(directory)
    seeds = {}
    tenants = config.get("tenants", {})
    for key in ("id", "domain"):
        values = [t[key] for t in tenants.values() if key in t]
        if len(set(values)) != len(values):
            problems.append(f"two tenants share one {key}")
    for name, tenant in tenants.items():
        path = os.path.join(directory, "seed", name + ".json")
        if not os.path.exists(path):
            problems.append(f"tenant '{name}' has no seed file {path}")
            continue
        with open(path, encoding="utf-8") as f:
            seed = json.load(f)
        seeds[name] = seed
        if seed.get("id") != tenant["id"]:
            problems.append(f"{path}: id {seed.get('id')} is not the manifest's {tenant['id']}")
        if "domain" in tenant and seed.get("domain") != tenant["domain"]:
            problems.append(f"{path}: domain {seed.get('domain')} is not the manifest's {tenant['domain']}")
        auth = tenant.get("auth", {})
        clients = {c.get("client_id"): c for c in seed.get("clients", [])}
        client = clients.get(auth.get("client_id"))
        if client is None:
            problems.append(f"{path}: no client with the manifest's client_id {auth.get('client_id')}")
        m = ENV_REF.match(auth.get("client_secret", ""))
        if client is not None and m and secrets.get(m.group(1)) != client.get("client_secret"):
            problems.append(f"emulator.env does not export {m.group(1)} as {path}'s client secret")
        for user in seed.get("users", []):
            missing = [k for k in REQUIRED_USER_FIELDS if k not in user]
            if missing:
                problems.append(f"{path}: user {user.get('userPrincipalName')} lacks {', '.join(missing)}")
        member_ids = {m for g in seed.get("groups", []) for m in g.get("members", [])}
        if not member_ids <= {u["id"] for u in seed.get("users", [])}:
            problems.append(f"{path}: a group names a member that is not a user of the tenant")
    for (source, _), sync in sorted(links_of(config).items()):
        seed = seeds.get(source)
        if seed is None:
            continue
        users = seed.get("users", [])
        if not 5 <= len(users) <= 15:
            problems.append(f"source tenant '{source}' has {len(users)} seed users, expected 5-15")
        if all(u.get("accountEnabled") for u in users):
            problems.append(f"source tenant '{source}' has no disabled account in its seed")
        if all(u.get("department") for u in users):
            problems.append(f"source tenant '{source}' has no user with an empty department in its seed")
        scope = config.get("scopes", {}).get(sync.get("scope"), {})
        group_names = {g["displayName"] for g in seed.get("groups", [])}
        for group in scope.get("groups", []):
            if group not in group_names:
                problems.append(f"scope '{sync.get('scope')}' names group '{group}', "
                                f"which the seed of source tenant '{source}' lacks")
    return problems


def error_lines(path):
    """1-based numbers of the lines marked `# error` in a broken manifest."""
    with open(path, encoding="utf-8") as f:
        return [n for n, line in enumerate(f, 1) if re.search(r"#\s*error\s*$", line)]


def check_examples(results, binary, validator):
    for directory in example_dirs():
        files = manifest_files(directory)
        results.check(f"{directory} has manifests, a README.md and seeds",
                      [p for p, ok in [("no *.yaml file", files),
                                       ("no README.md", os.path.exists(os.path.join(directory, "README.md"))),
                                       ("no seed/*.json", glob.glob(os.path.join(directory, "seed", "*.json")))]
                       if not ok])
        for f in files:
            problems = schema_errors(validator, load_yaml(f))
            with open(f, encoding="utf-8") as text:
                if MODELINE not in text.read().splitlines():
                    problems.append("the yaml-language-server modeline is missing")
            results.check(f"{f} validates against the schema", problems)
        code, output = run_validate(binary, directory)
        results.check(f"tenantform validate {directory} exits 0 without warnings",
                      [] if code == 0 and ": warning:" not in output
                      else [f"exit {code}"] + output.splitlines()[:20])
        code, output = run_tenantform(binary, "graph", directory, "--format", "mermaid")
        arrows = output.count("-->")
        expected = len(links_of(merged_configuration(directory)))
        results.check(f"tenantform graph {directory} draws its {expected} links",
                      [] if code == 0 and arrows == expected
                      else [f"exit {code}, {arrows} arrows"] + output.splitlines()[:20])
        results.check(f"{directory} agrees with its emulator seeds", seed_problems(directory))


def check_readme(results, binary, validator):
    """The first ```yaml block of README.md is a complete configuration."""
    with open("README.md", encoding="utf-8") as f:
        m = re.search(r"```yaml\n(.*?)```", f.read(), re.S)
    if not m:
        results.check("README.md has a complete example", ["no ```yaml block"])
        return
    results.check("README.md's example validates against the schema",
                  schema_errors(validator, yaml.safe_load(m.group(1))))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "readme.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(m.group(1))
        code, output = run_validate(binary, path)
    results.check("tenantform validate on README.md's example exits 0",
                  [] if code == 0 else [f"exit {code}"] + output.splitlines()[:20])


def check_broken(results, binary, validator):
    cases = sorted(glob.glob(os.path.join(BROKEN_DIR, "*.yaml")))
    results.check("there are at least 10 broken manifests", [] if len(cases) >= 10 else [f"{len(cases)} found"])
    for path in cases:
        problems = []
        if not schema_errors(validator, load_yaml(path)):
            problems.append("the schema accepts it")
        lines = error_lines(path)
        if not lines:
            problems.append("no line is marked '# error'")
        code, output = run_validate(binary, path)
        if code != 1:
            problems.append(f"tenantform validate exits {code}, expected 1")
        else:
            name = re.escape(os.path.basename(path))
            at = [int(n) for n in re.findall(name + r":(\d+):\d+: error", output)]
            if not set(at) & set(lines):
                problems.append(f"no error on line {' or '.join(map(str, lines))} (errors on {at or 'none'})")
        if problems and code not in (0, -1):
            problems += ["compiler said:"] + ["  " + l for l in output.splitlines()[:8]]
        results.check(f"{path}: schema and compiler both reject it", problems)


def main():
    if len(sys.argv) != 2:
        print("usage: schema_test.py TENANTFORM_BINARY", file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    results = Results()
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        results.check(f"{SCHEMA_PATH} is a valid draft 2020-12 schema", [])
    except jsonschema.SchemaError as e:
        results.check(f"{SCHEMA_PATH} is a valid draft 2020-12 schema", [e.message])
    validator = jsonschema.Draft202012Validator(schema)
    check_examples(results, binary, validator)
    check_readme(results, binary, validator)
    check_broken(results, binary, validator)
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
