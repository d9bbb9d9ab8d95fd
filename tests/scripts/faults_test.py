"""Apply under injected faults converges: every example, against an emulator that answers
a share of Graph requests with 429 (Retry-After) or 503, or resets the connection.

Run by ctest as `python3 faults_test.py TENANTFORM_BINARY` from the repository root. For
each directory of examples/, on an emulator started with `--faults` (FAULTS below, seed
printed; FAULT_SEED=N reproduces a run):
  - `preview --format json` (observe, then the source users and group members read
    under faults) exits 0,
  - `apply DIR --auto-approve` (observe, plan and apply, all under faults) exits 0,
  - a provisioning cycle creates exactly the users preview predicted,
  - `plan --detailed-exitcode`, still under faults, exits 0 with "No changes.",
  - `preview --detailed-exitcode`, under faults, exits 0 (no user would change),
  - the tenants hold one tagged sync app per link with one job and no duplicates
    (support/tenantform_test.py sync_state_problems): a create that happened but whose
    answer was lost is found by look-first, not made twice.
The examples run at the same time (the time goes into waiting out Retry-After, not CPU).
Prints one line per example and `N passed, M failed`; exits 1 on failure.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support.tenantform_test import (Emulator, Example, environment, run, run_examples,  # noqa: E402
                                     sync_state_problems)

FAULTS = "429=0.08,503=0.06,reset=0.02"
SEED = int(os.environ.get("FAULT_SEED", "7"))


def check_example(binary, path):
    example = Example(path)
    problems = []
    with Emulator(binary, example.seed_dir, extra=["--faults", FAULTS, "--fault-seed", str(SEED)]) as emulator:
        env = environment(example, emulator)
        code, out, err = run(binary, ["preview", path, "--format", "json"], env)
        if code != 0:
            return [f"preview under faults exited {code}: {(err or out).strip()[-600:]}"]
        predicted = sum(link["counts"]["create"] for link in json.loads(out)["links"])
        code, out, err = run(binary, ["apply", path, "--auto-approve"], env)
        if code != 0:
            return [f"apply under faults exited {code}: {(err or out).strip()[-600:]}"]
        code, out, err = run(binary, ["emulator", "cycle", "--url", emulator.url], env)
        created = sum(1 for tenant_id in example.tenant_ids
                      for u in emulator.tenant(tenant_id)["users"].values() if "_source" in u)
        if code != 0 or created != predicted:
            problems.append(f"preview predicted {predicted} users created, the cycle (exit {code}) created {created}")
        code, out, err = run(binary, ["plan", path, "--detailed-exitcode"], env)
        if code != 0 or "No changes." not in out:
            problems.append(f"the plan after apply exited {code}, expected 0 and 'No changes.':\n{out[-600:]}{err[-300:]}")
        code, out, err = run(binary, ["preview", path, "--detailed-exitcode"], env)
        if code != 0:
            problems.append(f"preview after apply exited {code}, expected 0:\n{out[-600:]}{err[-300:]}")
        problems += sync_state_problems(emulator, example.tenant_ids, converged=True)
    return problems


if __name__ == "__main__":
    print(f"faults {FAULTS}, seed {SEED} (FAULT_SEED=N reproduces)")
    sys.exit(run_examples(sys.argv, check_example, parallel=5))
