"""The JSON plan, its schema, `tenantform show` and `tenantform plan` agree.

Run by ctest as `python3 plan_schema_test.py TENANTFORM_BINARY`; paths are relative to
the repository root, which the script makes its working directory.
Checks, each counted once:
  - schemas/plan.schema.json is a valid draft 2020-12 schema, and it is not vacuous
    (documents with an unknown action, a missing key or a bad address fail it);
  - every golden JSON rendering tests/plan/golden/*.json validates against it;
  - `tenantform show tests/plan/golden/mixed.plan` prints exactly the golden text,
    JSON and Markdown renderings; a corrupt or missing plan file exits 1 with an
    error on stderr and nothing on stdout;
  - end to end against the emulator (examples/user-hub): `plan --detailed-exitcode`
    exits 2, its JSON validates and lists only creates, `--out` saves a plan that
    `show --format json` prints identically, and the saved plan holds no secret.
Prints one line per failure and a final line `N passed, M failed`; exits 1 on failure.
"""

import copy
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support.tenantform_test import Results  # noqa: E402

SCHEMA_PATH = "schemas/plan.schema.json"
GOLDEN = "tests/plan/golden"
EXAMPLE = "examples/user-hub"


def schema_errors(validator, document):
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in validator.iter_errors(document)]


def run(binary, *args, env=None):
    """(exit code, stdout, stderr); exit -1 when it could not run or hung."""
    full_env = dict(os.environ, NO_COLOR="1", **(env or {}))
    try:
        p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120, env=full_env)
    except (OSError, subprocess.TimeoutExpired) as e:
        return -1, "", str(e)
    return p.returncode, p.stdout, p.stderr


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def example_env(example):
    env = {}
    for line in read(os.path.join(example, "emulator.env")).splitlines():
        m = re.match(r"^export ([A-Z_][A-Z0-9_]*)=(.*)$", line)
        if m:
            env[m.group(1)] = m.group(2)
    return env


def check_schema_not_vacuous(results, validator):
    doc = json.loads(read(os.path.join(GOLDEN, "mixed.json")))
    broken = []
    bad_action = copy.deepcopy(doc)
    bad_action["resource_changes"][0]["change"]["actions"] = ["destroy"]
    missing = copy.deepcopy(doc)
    del missing["versions"]
    bad_address = copy.deepcopy(doc)
    bad_address["resource_changes"][0]["address"] = "sync_gadget.contoso"
    for name, mutated in [("unknown action", bad_action), ("missing versions", missing),
                          ("bad address", bad_address)]:
        if not schema_errors(validator, mutated):
            broken.append(f"a document with {name} validates")
    results.check("the plan schema rejects malformed plans", broken)


def check_goldens(results, validator):
    files = sorted(glob.glob(os.path.join(GOLDEN, "*.json")))
    problems = [] if files else [f"no golden JSON renderings in {GOLDEN}"]
    for path in files:
        problems += [f"{path}: {e}" for e in schema_errors(validator, json.loads(read(path)))]
    results.check("every golden JSON rendering validates against the plan schema", problems)


def check_show(results, binary):
    plan_file = os.path.join(GOLDEN, "mixed.plan")
    problems = []
    for fmt, ext in [("text", "txt"), ("json", "json"), ("markdown", "md")]:
        code, out, err = run(binary, "show", plan_file, "--format", fmt)
        if code != 0:
            problems.append(f"show --format {fmt} exited {code}: {err.strip()}")
        elif out != read(os.path.join(GOLDEN, f"mixed.{ext}")):
            problems.append(f"show --format {fmt} differs from {GOLDEN}/mixed.{ext}")
    results.check("show prints a saved plan exactly as the golden renderings", problems)

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        corrupt = os.path.join(tmp, "corrupt.plan")
        with open(corrupt, "w", encoding="utf-8") as f:
            f.write(read(plan_file)[:200])
        for path in [corrupt, os.path.join(tmp, "missing.plan")]:
            code, out, err = run(binary, "show", path)
            if code != 1 or out or "error:" not in err:
                problems.append(f"show {os.path.basename(path)}: exit {code}, stdout {out[:60]!r}, stderr {err[:200]!r}")
    results.check("show refuses a corrupt or missing plan with an error and no output", problems)


def start_emulator(binary, data, seed):
    proc = subprocess.Popen([binary, "emulator", "--data", data, "--seed", seed, "--listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    return proc, url


def check_plan_end_to_end(results, binary, validator):
    env = example_env(EXAMPLE)
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_emulator(binary, os.path.join(tmp, "data"), os.path.join(EXAMPLE, "seed"))
        try:
            if not url.startswith("http://127.0.0.1:"):
                results.check("the emulator starts", [f"first line {url!r}"])
                return
            saved = os.path.join(tmp, "org.plan")
            code, out, err = run(binary, "plan", EXAMPLE, "--emulator", url, "--format", "json",
                                 "--detailed-exitcode", "--out", saved, env=env)
            problems = [] if code == 2 else [f"exit {code} (expected 2): {err.strip()[:500]}"]
            doc = None
            if code == 2:
                doc = json.loads(out)
                problems += schema_errors(validator, doc)
                actions = {tuple(c["change"]["actions"]) for c in doc["resource_changes"]}
                if actions != {("create",)}:
                    problems.append(f"actions on untouched tenants: {sorted(actions)}")
                if doc["summary"]["add"] != len(doc["resource_changes"]) or not doc["resource_changes"]:
                    problems.append(f"summary {doc['summary']} for {len(doc['resource_changes'])} changes")
            results.check("plan against fresh tenants exits 2 with a valid JSON plan of creates", problems)

            problems = []
            code, shown, err = run(binary, "show", saved, "--format", "json")
            if code != 0 or shown != out:
                problems.append(f"show of the saved plan exits {code} or differs from plan's output: {err[:300]}")
            text = read(saved) if os.path.exists(saved) else ""
            for secret in env.values():
                if secret and secret in text:
                    problems.append("the saved plan holds a client secret")
            results.check("plan --out saves a plan that show prints the same, without secrets", problems)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def main():
    if len(sys.argv) != 2:
        print("usage: plan_schema_test.py TENANTFORM_BINARY", file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    results = Results()
    schema = json.loads(read(SCHEMA_PATH))
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        results.check(f"{SCHEMA_PATH} is a valid draft 2020-12 schema", [])
    except jsonschema.SchemaError as e:
        results.check(f"{SCHEMA_PATH} is a valid draft 2020-12 schema", [str(e)])
        return results.finish()
    validator = jsonschema.Draft202012Validator(schema)
    check_schema_not_vacuous(results, validator)
    check_goldens(results, validator)
    check_show(results, binary)
    check_plan_end_to_end(results, binary, validator)
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
