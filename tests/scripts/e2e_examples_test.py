"""Every example goes from empty tenants to "No changes." on the emulator.

Run by ctest as `python3 e2e_examples_test.py TENANTFORM_BINARY` from the repository
root. For each directory of examples/: start `tenantform emulator` on 127.0.0.1 port 0
seeded with the example's seed/ (support/tenantform_test.py), export the seed secrets
of its emulator.env, then
  - `plan --out` exits 0 and lists only creates,
  - `preview --format json` exits 0 and predicts only creates,
  - `apply PLAN` exits 0,
  - a provisioning cycle (`emulator cycle --url`) provisions at least one user into
    some target tenant (a B2B user, '#EXT#' in its userPrincipalName),
  - the cycle created exactly as many users in the targets as preview predicted,
  - `plan --detailed-exitcode` exits 0 with "No changes.", and `preview
    --detailed-exitcode` exits 0 (nothing changes for any user),
  - the tenants hold one tagged sync app per link with one job, no duplicates,
  - nothing any command printed, and no saved plan, contains a seed secret.
Prints one line per example and a final line `N passed, M failed`; exits 1 on failure.
"""

import json
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support.tenantform_test import (Emulator, Example, environment, plan_counts, run,  # noqa: E402
                                     run_examples, sync_state_problems)


def check_example(binary, path):
    example = Example(path)
    problems = []
    printed = []
    with tempfile.TemporaryDirectory() as work, Emulator(binary, example.seed_dir, os.path.join(work, "data")) as emulator:
        env = environment(example, emulator)
        plan_file = os.path.join(work, "example.plan")
        code, out, err = run(binary, ["plan", path, "--out", plan_file], env)
        printed += [out, err]
        if code != 0:
            return [f"plan exited {code}: {err.strip()[-400:]}"]
        counts = plan_counts(out)
        if not counts or counts[0] == 0 or counts[1:] != (0, 0):
            problems.append(f"the first plan should only create: {counts if counts else out[-300:]}")
        printed.append(open(plan_file).read())

        code, out, err = run(binary, ["preview", path, "--format", "json"], env)
        printed += [out, err]
        predicted = 0
        if code != 0:
            problems.append(f"preview exited {code}: {err.strip()[-400:]}")
        else:
            links = json.loads(out)["links"]
            predicted = sum(link["counts"]["create"] for link in links)
            others = [(link["source"], link["target"], link["counts"]) for link in links
                      if link["counts"]["update"] or link["counts"]["remove"] or link["counts"]["fails"]]
            if others or not all(link["new_link"] for link in links):
                problems.append(f"preview of empty tenants should only create, on new links: {others}")

        code, out, err = run(binary, ["apply", plan_file], env)
        printed += [out, err]
        if code != 0:
            return problems + [f"apply exited {code}: {err.strip()[-400:]}"]

        code, out, err = run(binary, ["emulator", "cycle", "--url", emulator.url], env)
        printed += [out, err]
        if code != 0:
            problems.append(f"the cycle exited {code}: {err.strip()[-300:]}")
        synced = 0
        for tenant_id in example.tenant_ids:
            users = emulator.tenant(tenant_id)["users"].values()
            synced += sum(1 for u in users if "#EXT#" in u.get("userPrincipalName", ""))
        if synced == 0:
            problems.append("the cycle provisioned no user into any target tenant")
        created = sum(1 for tenant_id in example.tenant_ids
                      for u in emulator.tenant(tenant_id)["users"].values() if "_source" in u)
        if created != predicted:
            problems.append(f"preview predicted {predicted} users created, the cycle created {created}")

        code, out, err = run(binary, ["plan", path, "--detailed-exitcode"], env)
        printed += [out, err]
        if code != 0 or "No changes." not in out:
            problems.append(f"the second plan exited {code}, expected 0 and 'No changes.':\n{out[-600:]}{err[-300:]}")
        code, out, err = run(binary, ["preview", path, "--detailed-exitcode"], env)
        printed += [out, err]
        if code != 0:
            problems.append(f"preview after apply exited {code}, expected 0:\n{out[-600:]}{err[-300:]}")
        problems += sync_state_problems(emulator, example.tenant_ids, converged=True)
    for value in example.secrets.values():
        if any(value in text for text in printed):
            problems.append("a seed secret appears in the output or the saved plan")
    return problems


if __name__ == "__main__":
    sys.exit(run_examples(sys.argv, check_example))
