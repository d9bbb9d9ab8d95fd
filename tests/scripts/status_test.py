"""`tenantform status` against the emulator: every link of an example goes from "not set up"
to "starting" (applied, job started, no cycle yet) to "healthy" after a provisioning cycle,
with the cycle's counts and the provisioned users in its log entries.

Run by ctest as `python3 status_test.py TENANTFORM_BINARY` from the repository root. For each
directory of examples/, on a fresh emulator seeded with the example's seed/:
  - `status --detailed-exitcode` before apply: exit 2, every link "not set up";
  - after `apply DIR --auto-approve`: every link "starting";
  - after `emulator cycle`: exit 0 with --detailed-exitcode, every link "healthy", the JSON
    document's summary counts them, and the text shows the last cycle and, for a link that
    provisioned users, entries naming them as they appear in the target.
Prints one line per example and `N passed, M failed`; exits 1 on failure.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support.tenantform_test import Emulator, Example, environment, run, run_examples  # noqa: E402


def healths(binary, path, env):
    code, out, err = run(binary, ["status", path, "--format", "json"], env)
    if code != 0:
        raise RuntimeError(f"status --format json exited {code}: {err[-400:]}")
    document = json.loads(out)
    return [link["health"] for link in document["links"]], document


def check_example(binary, path):
    example = Example(path)
    problems = []
    with Emulator(binary, example.seed_dir) as emulator:
        env = environment(example, emulator)
        code, out, err = run(binary, ["status", path, "--detailed-exitcode"], env)
        if code != 2 or "not set up" not in out:
            problems.append(f"status before apply exited {code} (expected 2 and 'not set up'):\n{out[-400:]}{err[-300:]}")
        states, _ = healths(binary, path, env)
        if not states or set(states) != {"not set up"}:
            problems.append(f"before apply every link should be 'not set up': {states}")

        code, out, err = run(binary, ["apply", path, "--auto-approve"], env)
        if code != 0:
            return problems + [f"apply exited {code}: {(err or out)[-400:]}"]
        states, _ = healths(binary, path, env)
        if set(states) != {"starting"}:
            problems.append(f"after apply every link should be 'starting': {states}")

        code, out, err = run(binary, ["emulator", "cycle", "--url", emulator.url], env)
        if code != 0:
            return problems + [f"the cycle exited {code}: {err[-300:]}"]
        code, out, err = run(binary, ["status", path, "--detailed-exitcode"], env)
        if code != 0:
            problems.append(f"status after a cycle exited {code} (expected 0, all healthy):\n{out[-600:]}{err[-300:]}")
        if "last cycle" not in out or "Succeeded" not in out:
            problems.append(f"the text does not show the last cycle:\n{out[-600:]}")
        synced = [u["displayName"] for tid in example.tenant_ids for u in emulator.tenant(tid)["users"].values()
                  if "#EXT#" in u.get("userPrincipalName", "")]
        if synced and not any(f"-> '{name}'" in out for name in synced):
            problems.append(f"no log entry names a provisioned user ({synced[:3]}):\n{out[-600:]}")
        states, document = healths(binary, path, env)
        if set(states) != {"healthy"} or document["summary"]["healthy"] != len(states):
            problems.append(f"after a cycle every link should be 'healthy': {states}, summary {document['summary']}")
    return problems


if __name__ == "__main__":
    sys.exit(run_examples(sys.argv, check_example))
