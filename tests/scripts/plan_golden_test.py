"""Golden plan outputs (text, json, markdown) and previews (text) of every example, from empty and from partly configured tenants.

Run by ctest as `python3 plan_golden_test.py TENANTFORM_BINARY` from the repository root.
For every directory of examples/, on a fresh emulator seeded with the example's seed/:
  - empty:   `plan DIR --format F` for F in text, json, markdown, on the untouched seed;
  - partial: `apply DIR --auto-approve`, then, behind tenantform's back through the
    emulator's Graph API (the links taken in the order of their ownership tags):
      1. the first link's synchronization job is deleted (job, schema and state to create);
      2. one assignment of the last link's sync app is removed (assignments to update);
      3. the first link's target turns automatic user consent off for inbound users
         (automaticUserConsentSettings.inboundAllowed=false: drift, shown first);
    then `plan DIR --format F` again.
After each plan, `preview DIR` (text) too: who each changing link would create, update or
remove (golden {stage}.preview.txt).
Each output is normalised (tests/scripts/support/tenantform_test.py normalise(): ids the
emulator generates become <id-1>, <id-2>... in order of first appearance, times <time>;
ids written in the example's files stay) and compared byte for byte with
tests/plan/golden_examples/<example>/{empty,partial}.{txt,json,md,preview.txt}.
UPDATE_GOLDEN=1 rewrites the goldens instead of comparing (review the diff before committing).
Every plan must exit 0, and each JSON plan must match schemas/plan.schema.json.
(Exit codes with --detailed-exitcode, drift order and repair are checked by drift_test.py.)
Prints one line per example and `N passed, M failed`; exits 1 on failure.
"""

import difflib
import json
import os
import sys

import jsonschema

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support.tenantform_test import (Emulator, Example, ROOT, environment, link_tags, normalise,  # noqa: E402
                                     run, run_examples)

GOLDEN_DIR = os.path.join(ROOT, "tests", "plan", "golden_examples")
FORMATS = {"text": "txt", "json": "json", "markdown": "md"}
PLAN_SCHEMA = os.path.join(ROOT, "schemas", "plan.schema.json")


def compare(golden, actual):
    """Problems (empty when equal); writes the golden instead under UPDATE_GOLDEN=1."""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        os.makedirs(os.path.dirname(golden), exist_ok=True)
        with open(golden, "w") as f:
            f.write(actual)
        return []
    if not os.path.exists(golden):
        return [f"{os.path.relpath(golden, ROOT)} is missing; run with UPDATE_GOLDEN=1 and review it"]
    expected = open(golden).read()
    if expected == actual:
        return []
    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "golden", "actual", lineterm="", n=2)
    lines = list(diff)
    shown = "\n".join(lines[:60]) + ("\n..." if len(lines) > 60 else "")
    return [f"{os.path.relpath(golden, ROOT)} differs (UPDATE_GOLDEN=1 rewrites it):\n{shown}"]


def plans(binary, example, env, stage):
    problems = []
    stable = example.known_guids()
    for fmt, ext in FORMATS.items():
        code, out, err = run(binary, ["plan", example.path, "--format", fmt], env)
        if code != 0:
            problems.append(f"{stage} plan --format {fmt} exited {code}: {(err or out).strip()[-400:]}")
            continue
        if fmt == "json":
            try:
                jsonschema.validate(json.loads(out), json.load(open(PLAN_SCHEMA)))
            except (ValueError, jsonschema.ValidationError) as e:
                problems.append(f"{stage} plan --format json does not match schemas/plan.schema.json: {str(e)[:300]}")
        problems += compare(os.path.join(GOLDEN_DIR, example.name, f"{stage}.{ext}"), normalise(out, stable))
    code, out, err = run(binary, ["preview", example.path], env)
    if code != 0:
        problems.append(f"{stage} preview exited {code}: {(err or out).strip()[-400:]}")
    else:
        problems += compare(os.path.join(GOLDEN_DIR, example.name, f"{stage}.preview.txt"), normalise(out, stable))
    return problems


def sync_apps(emulator, example):
    """(tag, tenant id, service principal) of every tagged sync app, sorted by tag."""
    found = []
    for tid in example.tenant_ids:
        for sp in emulator.tenant(tid)["servicePrincipals"].values():
            for tag in link_tags(sp):
                found.append((tag, tid, sp))
    return sorted(found, key=lambda f: f[0])


def expect(status, what, allowed=(200, 201, 204)):
    if status not in allowed:
        raise RuntimeError(f"{what} answered {status}")


def configure_partly(emulator, example):
    """The three changes behind tenantform's back described in the module's doc."""
    apps = sync_apps(emulator, example)
    if not apps:
        raise RuntimeError("the apply left no tagged sync app")
    first_tag, first_tenant, first_sp = apps[0]
    jobs = emulator.tenant(first_tenant)["synchronization"].get(first_sp["id"], {}).get("jobs", {})
    for job_id in sorted(jobs):
        status, _ = emulator.graph(example, first_tenant, "DELETE",
                                   f"/v1.0/servicePrincipals/{first_sp['id']}/synchronization/jobs/{job_id}")
        expect(status, "deleting the first link's job")
    last_tag, last_tenant, last_sp = apps[-1]
    assignments = sorted((a for a in emulator.tenant(last_tenant)["appRoleAssignments"].values()
                          if a["resourceId"] == last_sp["id"]), key=lambda a: a["principalId"])
    if assignments:
        status, _ = emulator.graph(example, last_tenant, "DELETE",
                                   f"/v1.0/servicePrincipals/{last_sp['id']}/appRoleAssignedTo/{assignments[0]['id']}")
        expect(status, "removing an assignment")
    source, target = first_tag.split(":")[2:4]
    status, _ = emulator.graph(example, target, "PATCH",
                               f"/v1.0/policies/crossTenantAccessPolicy/partners/{source}",
                               {"automaticUserConsentSettings": {"inboundAllowed": False}})
    expect(status, "turning inbound automatic consent off")


def check_example(binary, path):
    example = Example(path)
    with Emulator(binary, example.seed_dir) as emulator:
        env = environment(example, emulator)
        problems = plans(binary, example, env, "empty")
        code, out, err = run(binary, ["apply", path, "--auto-approve"], env)
        if code != 0:
            return problems + [f"apply exited {code}: {(err or out).strip()[-400:]}"]
        configure_partly(emulator, example)
        problems += plans(binary, example, env, "partial")
    return problems


if __name__ == "__main__":
    sys.exit(run_examples(sys.argv, check_example))
