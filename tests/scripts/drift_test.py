"""Drift, stale saved plans and destroy protection, at the level of `tenantform plan/apply`.

Run by ctest as `python3 drift_test.py TENANTFORM_BINARY` from the repository root.
On the emulator, after a full `apply` of examples/bidirectional-pair (both tenants are
source and target) and of examples/merger-one-way (one direction):
  partner-setting drift: the target's partner configuration gets
    automaticUserConsentSettings.inboundAllowed=false through the Graph API, then
    - `plan --detailed-exitcode` exits 2; the text shows the drift first (before the
      legend and the other actions) with "false -> true", named by its address;
    - `plan --format json` lists it in "drift" and marks its resource change drift=true
      with before false / after true;
    - a plan saved now (`plan --out`) is refused by `apply FILE` once the object is
      changed again behind tenantform's back (put back to true by hand): the refusal
      names the object and says stale;
    - `apply DIR --auto-approve` then repairs, and the next plan says "No changes." (exit 0).
  sync-policy drift: the target's identity sync policy gets userSyncInbound.isSyncAllowed=false:
    the plan shows it first, with before/after; apply repairs it; the next plan is empty.
  deleted job (merger-one-way): the sync job is deleted through the Graph API; the JSON
    plan creates sync_job, sync_schema and job_state, with job_state depending (directly
    or through other planned changes) on sync_job; `apply DIR` recreates them (exit 0) and
    the next plan is empty.
  destroy protection (bidirectional-pair): with one link removed from a copy of the
    manifest, `plan` without --allow-destroy exits 1 naming the sync app it would delete;
    with --allow-destroy it exits 0 and counts the destroys.
Prints one line per check and `N passed, M failed`; exits 1 on failure.
"""

import json
import os
import re
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support.tenantform_test import (Emulator, Example, Results, environment, link_tags,  # noqa: E402
                                     plan_counts, run, start)


def applied(binary, example, emulator):
    env = environment(example, emulator)
    code, out, err = run(binary, ["apply", example.path, "--auto-approve"], env)
    if code != 0:
        raise RuntimeError(f"the full apply exited {code}: {(err or out).strip()[-400:]}")
    return env


def first_link(emulator, example):
    """(source id, target id, link key tail) of the first tagged link, by tag."""
    tags = sorted(t for tid in example.tenant_ids
                  for sp in emulator.tenant(tid)["servicePrincipals"].values() for t in link_tags(sp))
    if not tags:
        raise RuntimeError("the apply left no tagged sync app")
    source, target = tags[0].split(":")[2:4]
    return source, target


def patch(emulator, example, tenant, path, body):
    status, answer = emulator.graph(example, tenant, "PATCH", path, body)
    if status not in (200, 204):
        raise RuntimeError(f"PATCH {path} answered {status}: {answer}")


def drift_shown_first(binary, path, env, address, path_text, before, after):
    """Problems with how `plan` shows one drifted field of `address`."""
    problems = []
    code, out, err = run(binary, ["plan", path, "--detailed-exitcode"], env)
    if code != 2:
        problems.append(f"plan --detailed-exitcode exited {code}, expected 2:\n{out[-800:]}{err[-300:]}")
    headers = re.findall(r"^  # (\S+) will be", out, re.M)
    if not headers or headers[0] != address:
        problems.append(f"the first object shown is {headers[:1]}, expected the drifted {address}")
    legend = out.find("Resource actions are indicated")
    at = out.find(f"# {address} will be")
    if at < 0 or (0 <= legend < at):
        problems.append(f"the drift of {address} is not shown before the legend and the planned actions:\n{out[:800]}")
    line = f"~ {path_text}: {json.dumps(before)} -> {json.dumps(after)}"
    if line not in out:
        problems.append(f"the plan lacks the line '{line}':\n{out[:1200]}")
    code, out, err = run(binary, ["plan", path, "--format", "json"], env)
    if code != 0:
        return problems + [f"plan --format json exited {code}: {err[-300:]}"]
    document = json.loads(out)
    drift = [d for d in document.get("drift", []) if d.get("address") == address]
    changes = [c for c in document["resource_changes"] if c["address"] == address]
    if not drift:
        problems.append(f"the JSON plan's drift list does not name {address}: {[d.get('address') for d in document.get('drift', [])]}")
    if not changes or not changes[0].get("drift"):
        problems.append(f"the JSON resource change of {address} is missing or not marked drift")
    else:
        fields = {f["path"]: f for f in changes[0]["change"].get("fields", [])}
        got = fields.get(path_text)
        if not got or got.get("before") != before or got.get("after") != after:
            problems.append(f"the JSON field {path_text} of {address} is {got}, expected {before} -> {after}")
    return problems


def repaired(binary, path, env):
    code, out, err = run(binary, ["apply", path, "--auto-approve"], env)
    if code != 0:
        return [f"apply exited {code}:\n{out[-800:]}{err[-300:]}"]
    code, out, err = run(binary, ["plan", path, "--detailed-exitcode"], env)
    if code != 0 or "No changes." not in out:
        return [f"after the repair, plan exited {code}, expected 0 and 'No changes.':\n{out[-800:]}{err[-300:]}"]
    return []


def tenant_name(example, tenant_id):
    for seed_file in sorted(os.listdir(example.seed_dir)):
        with open(os.path.join(example.seed_dir, seed_file)) as f:
            if json.load(f)["id"].lower() == tenant_id:
                return os.path.splitext(seed_file)[0]
    raise KeyError(tenant_id)


def check_partner_drift(binary, path):
    example = Example(path)
    with Emulator(binary, example.seed_dir) as emulator, tempfile.TemporaryDirectory() as work:
        env = applied(binary, example, emulator)
        source, target = first_link(emulator, example)
        address = f"partner_configuration.{tenant_name(example, target)}[{tenant_name(example, source)}]"
        partner_path = f"/v1.0/policies/crossTenantAccessPolicy/partners/{source}"
        patch(emulator, example, target, partner_path, {"automaticUserConsentSettings": {"inboundAllowed": False}})
        problems = drift_shown_first(binary, path, env, address, "/automaticUserConsentSettings/inboundAllowed",
                                     False, True)
        saved = os.path.join(work, "before.plan")
        code, out, err = run(binary, ["plan", path, "--out", saved], env)
        if code != 0:
            return problems + [f"plan --out exited {code}: {err[-300:]}"]
        patch(emulator, example, target, partner_path, {"automaticUserConsentSettings": {"inboundAllowed": True}})
        code, out, err = run(binary, ["apply", saved], env)
        if code == 0:
            problems.append(f"apply of a stale saved plan exited 0:\n{out[-600:]}")
        if address not in out + err or "stale" not in (out + err).lower():
            problems.append(f"the refusal of the stale plan does not name {address} and say stale:\n{out[-600:]}{err[-600:]}")
        patch(emulator, example, target, partner_path, {"automaticUserConsentSettings": {"inboundAllowed": False}})
        return problems + repaired(binary, path, env)


def check_sync_policy_drift(binary, path):
    example = Example(path)
    with Emulator(binary, example.seed_dir) as emulator:
        env = applied(binary, example, emulator)
        source, target = first_link(emulator, example)
        address = f"identity_sync_policy.{tenant_name(example, target)}[{tenant_name(example, source)}]"
        patch(emulator, example, target, f"/v1.0/policies/crossTenantAccessPolicy/partners/{source}/identitySynchronization",
              {"userSyncInbound": {"isSyncAllowed": False}})
        problems = drift_shown_first(binary, path, env, address, "/userSyncInbound/isSyncAllowed", False, True)
        return problems + repaired(binary, path, env)


def depends_transitively(changes, address, on):
    """Whether `address` reaches `on` through the depends_on lists of the planned changes."""
    by_address = {c["address"]: c for c in changes}
    todo, seen = [address], set()
    while todo:
        current = todo.pop()
        for dependency in by_address.get(current, {}).get("depends_on", []):
            if dependency == on:
                return True
            if dependency not in seen:
                seen.add(dependency)
                todo.append(dependency)
    return False


def check_deleted_job(binary, path):
    example = Example(path)
    with Emulator(binary, example.seed_dir) as emulator:
        env = applied(binary, example, emulator)
        source, target = first_link(emulator, example)
        link = f"{tenant_name(example, source)}[{tenant_name(example, target)}]"
        for sp_id, sync in sorted(emulator.tenant(source)["synchronization"].items()):
            for job_id in sorted(sync.get("jobs", {})):
                status, answer = emulator.graph(example, source, "DELETE",
                                                f"/v1.0/servicePrincipals/{sp_id}/synchronization/jobs/{job_id}")
                if status != 204:
                    raise RuntimeError(f"deleting the job answered {status}: {answer}")
        problems = []
        code, out, err = run(binary, ["plan", path, "--format", "json"], env)
        if code != 0:
            return [f"plan --format json exited {code}: {err[-300:]}"]
        changes = json.loads(out)["resource_changes"]
        planned = sorted(c["address"] for c in changes)
        for kind in ("sync_job", "sync_schema", "job_state"):
            if f"{kind}.{link}" not in planned:
                problems.append(f"the plan does not create {kind}.{link}: {planned}")
        if not depends_transitively(changes, f"job_state.{link}", f"sync_job.{link}"):
            problems.append(f"job_state.{link} does not depend on sync_job.{link} in the plan, so apply may start "
                            f"a job it has not created yet: {[(c['address'], c['depends_on']) for c in changes]}")
        return problems + repaired(binary, path, env)


def check_destroy_protection(binary, path):
    example = Example(path)
    with Emulator(binary, example.seed_dir) as emulator, tempfile.TemporaryDirectory() as work:
        env = applied(binary, example, emulator)
        reduced = os.path.join(work, example.name)
        shutil.copytree(path, reduced)
        manifest = os.path.join(reduced, "sync.yaml")
        text = open(manifest).read()
        cut = text.find("  trey-to-adatum:")
        if cut < 0:
            return [f"{manifest} no longer has the link 'trey-to-adatum' this check removes"]
        with open(manifest, "w") as f:
            f.write(text[:cut])
        problems = []
        code, out, err = run(binary, ["plan", reduced], env)
        if code != 1:
            problems.append(f"plan without --allow-destroy exited {code}, expected 1:\n{out[-600:]}{err[-300:]}")
        if "sync_app.treyresearch[adatum]" not in out + err:
            problems.append(f"the refusal does not name sync_app.treyresearch[adatum]:\n{out[-600:]}{err[-600:]}")
        code, out, err = run(binary, ["plan", reduced, "--allow-destroy"], env)
        counts = plan_counts(out)
        if code != 0 or not counts or counts[2] == 0:
            problems.append(f"plan --allow-destroy exited {code} with counts {counts}, expected 0 and destroys:\n{out[-600:]}{err[-300:]}")
        return problems


def main():
    binary = start(sys.argv)
    results = Results()
    for path in ("examples/bidirectional-pair", "examples/merger-one-way"):
        results.run(f"{path}: partner setting drift, stale saved plan, repair", check_partner_drift, binary, path)
        results.run(f"{path}: identity sync policy drift, repair", check_sync_policy_drift, binary, path)
    results.run("examples/merger-one-way: a deleted job is planned and recreated", check_deleted_job, binary,
                "examples/merger-one-way")
    results.run("examples/bidirectional-pair: destroy protection", check_destroy_protection, binary,
                "examples/bidirectional-pair")
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
