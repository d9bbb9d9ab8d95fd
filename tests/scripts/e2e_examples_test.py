"""Every example goes from empty tenants to "No changes." on the emulator.

Run by ctest as `python3 e2e_examples_test.py TENANTFORM_BINARY` from the repository
root. For each directory of examples/: start `tenantform emulator` on 127.0.0.1 port 0
seeded with the example's seed/, export the seed secrets of its emulator.env, then
  - `plan --out` exits 0 and lists only creates,
  - `apply PLAN` exits 0,
  - a provisioning cycle (`emulator cycle --url`) provisions at least one user into
    some target tenant (a B2B user, '#EXT#' in its userPrincipalName),
  - `plan --detailed-exitcode` exits 0 with "No changes.",
  - nothing any command printed, and no saved plan, contains a seed secret.
Prints one line per failure and a final line `N passed, M failed`; exits 1 on failure.
"""

import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.request


def exported_secrets(env_file):
    secrets = {}
    with open(env_file) as f:
        for line in f:
            m = re.match(r"^export ([A-Z0-9_]+)=(.*)$", line.strip())
            if m:
                secrets[m.group(1)] = m.group(2)
    return secrets


class Emulator:
    def __init__(self, binary, seed, data):
        self.process = subprocess.Popen([binary, "emulator", "--seed", seed, "--data", data,
                                         "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"the emulator did not print its address (got {self.url!r})")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def tenant(self, tenant_id):
        with urllib.request.urlopen(f"{self.url}/_emulator/tenants/{tenant_id}", timeout=30) as r:
            return json.load(r)


def run(binary, args, env):
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, NO_COLOR="1", **env))
    return p.returncode, p.stdout, p.stderr


def check_example(binary, example):
    problems = []
    secrets = exported_secrets(os.path.join(example, "emulator.env"))
    seeds = sorted(glob.glob(os.path.join(example, "seed", "*.json")))
    tenant_ids = [json.load(open(s))["id"] for s in seeds]
    printed = []
    with tempfile.TemporaryDirectory() as work:
        emulator = Emulator(binary, os.path.join(example, "seed"), os.path.join(work, "data"))
        try:
            env = dict(secrets, TENANTFORM_EMULATOR=emulator.url)
            plan_file = os.path.join(work, "example.plan")
            code, out, err = run(binary, ["plan", example, "--out", plan_file], env)
            printed += [out, err]
            if code != 0:
                return [f"plan exited {code}: {err.strip()[-400:]}"]
            summary = re.search(r"Plan: (\d+) to add, (\d+) to change, (\d+) to destroy", out)
            if not summary or summary.group(1) == "0" or summary.groups()[1:] != ("0", "0"):
                problems.append(f"the first plan should only create: {summary.group(0) if summary else out[-300:]}")
            printed.append(open(plan_file).read())

            code, out, err = run(binary, ["apply", plan_file], env)
            printed += [out, err]
            if code != 0:
                return problems + [f"apply exited {code}: {err.strip()[-400:]}"]

            code, out, err = run(binary, ["emulator", "cycle", "--url", emulator.url], env)
            printed += [out, err]
            if code != 0:
                problems.append(f"the cycle exited {code}: {err.strip()[-300:]}")
            synced = 0
            for tenant_id in tenant_ids:
                users = emulator.tenant(tenant_id)["users"].values()
                synced += sum(1 for u in users if "#EXT#" in u.get("userPrincipalName", ""))
            if synced == 0:
                problems.append("the cycle provisioned no user into any target tenant")

            code, out, err = run(binary, ["plan", example, "--detailed-exitcode"], env)
            printed += [out, err]
            if code != 0 or "No changes." not in out:
                problems.append(f"the second plan exited {code}, expected 0 and 'No changes.':\n{out[-600:]}{err[-300:]}")
        finally:
            emulator.stop()
    for value in secrets.values():
        if any(value in text for text in printed):
            problems.append("a seed secret appears in the output or the saved plan")
    return problems


def main():
    binary = sys.argv[1]
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    passed = failed = 0
    for example in sorted(glob.glob("examples/*/")):
        example = example.rstrip("/")
        try:
            problems = check_example(binary, example)
        except Exception as e:  # a crash of the harness is a failure of that example
            problems = [f"{type(e).__name__}: {e}"]
        if problems:
            failed += 1
            print(f"FAIL {example}")
            for p in problems:
                print("    " + p.replace("\n", "\n    "))
        else:
            passed += 1
            print(f"ok   {example}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
