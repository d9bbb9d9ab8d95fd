"""Shared helpers of the script tests that drive `tenantform` against its emulator.

What it promises:
  - Emulator: starts `tenantform emulator` on 127.0.0.1 port 0 seeded from an example
    (in memory unless a data directory is given), knows its URL, stops it with SIGTERM
    (then SIGKILL), dumps a tenant (GET /_emulator/tenants/{id}), sets injected latency
    (POST /_emulator/faults) and calls its Graph API as one of the seed's clients
    (client-credentials token, then GET/PATCH/DELETE ...), i.e. "behind tenantform's back".
  - Example: an example directory's tenant ids, seed clients and exported secrets.
  - run(): runs the binary with NO_COLOR=1 and the example's secrets, captures output.
  - sync_state_problems(): the invariants of a converged or half-applied set of tenants
    (one tagged sync app per link, one job per app, no duplicate assignments, one
    partner configuration / identity sync policy per pair).
  - normalise(): makes plan output comparable across runs (generated ids, times).
  - Results: collects named failures and prints `N passed, M failed` like the other scripts.
The scripts run from the repository root with the binary path as argv[1].
"""

import concurrent.futures
import glob
import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
TAG_PREFIX = "tenantform:link:"
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def examples():
    """Every example directory, relative to the repository root, sorted."""
    return [e.rstrip("/") for e in sorted(glob.glob(os.path.join("examples", "*", "")))]


def exported_secrets(env_file):
    secrets = {}
    with open(env_file) as f:
        for line in f:
            m = re.match(r"^export ([A-Z0-9_]+)=(.*)$", line.strip())
            if m:
                secrets[m.group(1)] = m.group(2)
    return secrets


class Example:
    """An example directory: its seeds (tenant ids, clients) and the secrets of emulator.env."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.seed_dir = os.path.join(path, "seed")
        self.secrets = exported_secrets(os.path.join(path, "emulator.env"))
        self.seeds = [json.load(open(s)) for s in sorted(glob.glob(os.path.join(self.seed_dir, "*.json")))]
        self.tenant_ids = [s["id"].lower() for s in self.seeds]

    def client(self, tenant_id):
        """(client_id, client_secret) of the first seed client of a tenant."""
        for seed in self.seeds:
            if seed["id"].lower() == tenant_id.lower():
                for c in seed.get("clients", []):
                    if "client_secret" in c:
                        return c["client_id"], c["client_secret"]
        raise KeyError(f"no client with a secret in the seed of tenant {tenant_id}")

    def known_guids(self):
        """GUIDs written in the example's files (tenants, users, groups, clients): stable."""
        found = set()
        for f in glob.glob(os.path.join(self.path, "**", "*"), recursive=True):
            if os.path.isfile(f) and f.endswith((".json", ".yaml", ".yml")):
                found.update(g.lower() for g in GUID.findall(open(f).read()))
        return found


class Emulator:
    def __init__(self, binary, seed, data=None, latency=None, extra=()):
        args = [binary, "emulator", "--seed", seed, "--listen", "127.0.0.1:0"]
        if data:
            args += ["--data", data]
        if latency:
            args += ["--latency", latency]
        self.process = subprocess.Popen([*args, *extra], stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()
        self.tokens = {}
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"the emulator did not print its address (got {self.url!r})")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _json(self, method, url, body=None, headers=None, form=None):
        data = None
        headers = dict(headers or {})
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                text = r.read().decode()
                return r.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            return e.code, (json.loads(text) if text.startswith("{") else text)

    def tenant(self, tenant_id):
        status, body = self._json("GET", f"{self.url}/_emulator/tenants/{tenant_id}")
        if status != 200:
            raise RuntimeError(f"GET /_emulator/tenants/{tenant_id} answered {status}: {body}")
        return body

    def set_latency(self, milliseconds):
        status, body = self._json("POST", f"{self.url}/_emulator/faults", {"latency_ms": milliseconds})
        if status != 200:
            raise RuntimeError(f"POST /_emulator/faults answered {status}: {body}")

    def graph(self, example, tenant_id, method, path, body=None):
        """Calls the emulator's Graph API (path after /v1.0 or /beta, e.g. '/beta/policies/...')
        as the seed client of `tenant_id`. Returns (status, parsed body)."""
        if tenant_id not in self.tokens:
            client_id, secret = example.client(tenant_id)
            status, answer = self._json("POST", f"{self.url}/{tenant_id}/oauth2/v2.0/token", form={
                "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret,
                "scope": "https://graph.microsoft.com/.default"})
            if status != 200:
                raise RuntimeError(f"the emulator refused a token for {tenant_id}: {status} {answer}")
            self.tokens[tenant_id] = answer["access_token"]
        return self._json(method, self.url + path, body, {"Authorization": "Bearer " + self.tokens[tenant_id]})


def environment(example, emulator):
    return dict(os.environ, NO_COLOR="1", TENANTFORM_EMULATOR=emulator.url, **example.secrets)


def run(binary, args, env, timeout=300):
    """(exit code, stdout, stderr) of `tenantform ARGS`."""
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout, env=env)
    return p.returncode, p.stdout, p.stderr


PLAN_SUMMARY = re.compile(r"Plan: (\d+) to add, (\d+) to change, (\d+) to destroy")


def plan_counts(text):
    """(add, change, destroy) of a text plan, (0, 0, 0) for "No changes.", None otherwise."""
    m = PLAN_SUMMARY.search(text)
    if m:
        return tuple(int(g) for g in m.groups())
    return (0, 0, 0) if "No changes." in text else None


def link_tags(service_principal):
    return [t for t in service_principal.get("tags", []) if t.startswith(TAG_PREFIX)]


def untagged_sync_apps(emulator, tenant_ids):
    """Display names of tenantform-named service principals without an ownership tag
    (an instantiation whose answer was never read, before its tag was written)."""
    names = []
    for tid in tenant_ids:
        for sp in emulator.tenant(tid).get("servicePrincipals", {}).values():
            if not link_tags(sp) and str(sp.get("displayName", "")).startswith("tenantform"):
                names.append(sp["displayName"])
    return sorted(names)


def sync_state_problems(emulator, tenant_ids, converged, expected_tags=None):
    """Invariants of the tenants' state. Always: at most one tagged sync app (service principal,
    and its application) per link, at most one job per app, no duplicate app role
    assignment, at most one partner configuration / identity sync policy per partner.
    When `converged`: each tagged app has exactly one job and no untagged tenantform app is
    left behind; with `expected_tags` (tag -> tenant id), exactly those tags exist, each in
    the tenant named."""
    problems = []
    found_tags = {}
    for tid in tenant_ids:
        t = emulator.tenant(tid)
        by_tag = {}
        for sp in t.get("servicePrincipals", {}).values():
            for tag in link_tags(sp):
                by_tag.setdefault(tag, []).append(sp)
        for tag, sps in sorted(by_tag.items()):
            found_tags[tag] = tid
            if len(sps) != 1:
                problems.append(f"tenant {tid}: {len(sps)} service principals tagged {tag}")
            for sp in sps:
                apps = [a for a in t.get("applications", {}).values() if a.get("appId") == sp.get("appId")]
                if len(apps) != 1:
                    problems.append(f"tenant {tid}: {len(apps)} applications for the sync app tagged {tag}")
                jobs = t.get("synchronization", {}).get(sp["id"], {}).get("jobs", {})
                if len(jobs) > 1 or (converged and len(jobs) != 1):
                    problems.append(f"tenant {tid}: {len(jobs)} synchronization jobs on the sync app tagged {tag}")
        # An untagged app with the sync template would be a lost create (tag not sent with it).
        for sp in t.get("servicePrincipals", {}).values():
            if converged and not link_tags(sp) and str(sp.get("displayName", "")).startswith("tenantform"):
                problems.append(f"tenant {tid}: an untagged tenantform service principal {sp.get('displayName')!r}")
        seen = {}
        for a in t.get("appRoleAssignments", {}).values():
            key = (a.get("resourceId"), a.get("principalId"), a.get("appRoleId"))
            seen[key] = seen.get(key, 0) + 1
        for key, n in sorted(seen.items(), key=str):
            if n > 1:
                problems.append(f"tenant {tid}: {n} identical app role assignments {key}")
        for kind in ("partners", "identitySync"):
            keys = [k.lower() for k in t.get(kind, {})]
            if len(keys) != len(set(keys)):
                problems.append(f"tenant {tid}: duplicate {kind} entries {sorted(keys)}")
            for k, v in t.get(kind, {}).items():
                if isinstance(v, dict) and v.get("tenantId", k).lower() != k.lower():
                    problems.append(f"tenant {tid}: {kind} entry {k} carries tenantId {v.get('tenantId')}")
    if expected_tags is not None and found_tags != expected_tags:
        missing = sorted(set(expected_tags) - set(found_tags))
        extra = sorted(set(found_tags) - set(expected_tags))
        problems.append(f"tagged sync apps differ from the links: missing {missing}, unexpected {extra}")
    return problems


def expected_tags(plan_json):
    """tag -> tenant id of every sync app a JSON plan (from empty tenants) creates."""
    tags = {}
    for change in plan_json.get("resource_changes", []):
        if change.get("type") == "sync_app":
            tags[f"{TAG_PREFIX}{change['tenant_id']}:{change['partner_id']}"] = change["tenant_id"]
    return tags


def normalise(text, stable_guids):
    """Plan output with generated ids and times made stable: each GUID not in `stable_guids`
    (compared lower-case) becomes <id-N> in order of first appearance, and so does each
    32-hex-digit compact GUID and each app role assignment id (43 url-safe base64
    characters); elapsed times "(1.2s)" become "(<t>)", ISO date-times <time>, and the
    version hashes of objects read (64 hex digits, not the "sha256:" manifest hash, which is
    stable) <version>: they hash objects that hold generated ids."""
    names = {}

    def name(value):
        key = value.lower()
        if key in stable_guids:
            return value
        if key not in names:
            names[key] = f"<id-{len(names) + 1}>"
        return names[key]

    stable_compact = {g.replace("-", "") for g in stable_guids}
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "<time>", text)
    text = re.sub(r"\(\d+(\.\d+)?m?s\)", "(<t>)", text)
    text = re.sub(r"(?<![0-9a-fA-F:])[0-9a-f]{64}(?![0-9a-fA-F])", "<version>", text)
    text = GUID.sub(lambda m: name(m.group(0)), text)
    text = re.sub(r"(?<![0-9a-fA-F])[0-9a-fA-F]{32}(?![0-9a-fA-F])",
                  lambda m: m.group(0) if m.group(0).lower() in stable_compact else name(m.group(0)), text)
    text = re.sub(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", lambda m: name(m.group(0)), text)
    return text


class Results:
    """Named checks: `check(name, problems)`; `finish()` prints the summary and returns the exit code."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, problems):
        if problems:
            self.failed += 1
            print(f"FAIL {name}")
            for p in problems:
                print("    " + str(p).replace("\n", "\n    "))
        else:
            self.passed += 1
            print(f"ok   {name}")
        sys.stdout.flush()

    def run(self, name, function, *args):
        """check(name, function(*args)); an exception of the harness is a failure of that check."""
        try:
            problems = function(*args)
        except Exception as e:  # noqa: BLE001 - reported as the check's failure
            problems = [f"{type(e).__name__}: {e}"]
        self.check(name, problems)

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def start(argv):
    """The binary (argv[1], made absolute) after moving to the repository root."""
    if len(argv) < 2:
        sys.exit("usage: SCRIPT TENANTFORM_BINARY")
    binary = os.path.abspath(argv[1])
    os.chdir(ROOT)
    return binary


def run_examples(argv, check_example, parallel=1):
    """The main of a per-example script: check_example(binary, path) on every example; the exit code.
    With `parallel` > 1 that many examples run at once (for checks that mostly wait, such as
    retries after injected faults); results are still reported in the examples' order."""
    binary = start(argv)
    results = Results()
    paths = examples()
    if parallel <= 1:
        for path in paths:
            results.run(path, check_example, binary, path)
        return results.finish()

    def guarded(path):
        try:
            return check_example(binary, path)
        except Exception as e:  # noqa: BLE001 - reported as the check's failure
            return [f"{type(e).__name__}: {e}"]

    with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
        for path, problems in zip(paths, pool.map(guarded, paths)):
            results.check(path, problems)
    return results.finish()
