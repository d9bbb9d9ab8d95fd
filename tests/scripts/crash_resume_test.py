"""Crash and resume: `apply` killed at random points leaves work that `plan` shows and `apply` finishes.

Run by ctest as `python3 crash_resume_test.py TENANTFORM_BINARY` from the repository root.
For every example, on an emulator with injected latency (so an apply takes seconds):
  1. the first plan (JSON) gives the work to do and the links' ownership tags;
  2. a few rounds of `apply DIR --auto-approve`, each killed with SIGKILL at a point
     chosen by a seeded random generator (the seed is printed; CRASH_SEED=N reproduces):
       - "in-flight": just after a sync app's "creating..." line, with the latency raised,
         so the kill lands while a request (typically the template instantiation) is
         in the emulator: it is carried out after the client died, the answer never read;
       - "lines": after k progress lines;
       - "delay": after a random delay (possibly while apply is still planning);
     after each kill (and the in-flight requests landed):
       - the tenants hold no duplicate (one tagged sync app per link, one job per app,
         no identical assignments, one partner configuration / sync policy per pair),
       - `plan --format json` exits 0, destroys nothing, its add+change count does not
         grow, and it names only objects of the first plan (only remaining work);
       - the text `plan` exits 0 with the same counts and nothing "destroyed"/"replaced";
  3. `apply DIR --auto-approve` runs to completion (exit 0);
  4. `plan --detailed-exitcode` exits 0 with "No changes.", and the tenants hold exactly
     one tagged sync app per link, each with one job, and no untagged leftover.
Prints one line per example and `N passed, M failed`; exits 1 on failure.
"""

import json
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support.tenantform_test import (Emulator, Example, Results, environment, examples,  # noqa: E402
                                     expected_tags, plan_counts, run, start, sync_state_problems, untagged_sync_apps)

LATENCY_MS = 40            # every Graph request of the emulator
IN_FLIGHT_LATENCY_MS = 200  # while aiming a kill at a request in flight
KILL_ROUNDS = 3
PROGRESS = re.compile(r"^(\S+\[\S*\]): (creating|updating|replacing|deleting|destroying|starting|pausing)\S*\.\.\.")


class KilledApply:
    """`apply DIR --auto-approve` in the background, its stdout lines collected as they come."""

    def __init__(self, binary, path, env):
        self.process = subprocess.Popen([binary, "apply", path, "--auto-approve"], stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=env)
        self.lines = queue.Queue()
        self.seen = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self, deadline):
        """The next line, or None at the end of output or past the deadline."""
        try:
            line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None
        if line is not None:
            self.seen.append(line)
        return line

    def wait_for(self, predicate, timeout=60):
        """True once a line satisfies predicate; False when the output ended or timed out."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.next_line(deadline)
            if line is None:
                return False
            if predicate(line):
                return True

    def kill(self):
        """SIGKILL; returns True when the process was still running."""
        running = self.process.poll() is None
        if running:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.reader.join(timeout=10)
        return running


def progress_count(counter):
    def predicate(line):
        if PROGRESS.match(line) and not line.endswith(")"):
            counter[0] -= 1
        return counter[0] <= 0
    return predicate


def kill_round(binary, example, env, emulator, rng, mode, remaining):
    """Runs one apply and kills it as `mode` says; returns a description of the kill and, when
    the apply ended by itself with a failure before the kill, what it printed last."""
    if mode == "in-flight":
        emulator.set_latency(IN_FLIGHT_LATENCY_MS)
    try:
        apply = KilledApply(binary, example.path, env)
        if mode == "in-flight":
            hit = apply.wait_for(lambda line: re.match(r"^sync_app\.\S+: creating\.\.\.$", line) is not None)
            if not hit:
                apply.kill()
                return "in-flight: no sync app left to create, apply ran to its end", None
            # The app's lookups (by tag, by name) take two to three round trips (measured), then the template
            # instantiation is sent: kill while it waits in the emulator (before its tag is written).
            pause = rng.uniform(2.9, 3.6) * IN_FLIGHT_LATENCY_MS / 1000.0
            time.sleep(pause)
            how = f"in-flight: {pause:.3f}s after '{apply.seen[-1]}'"
        elif mode == "lines":
            k = rng.randint(1, max(1, remaining))
            apply.wait_for(progress_count([k]))
            how = f"lines: after {k} started change(s)"
        else:
            delay = rng.uniform(0.05, 1.2)
            time.sleep(delay)
            how = f"delay: after {delay:.3f}s"
        killed = apply.kill()
        # Requests already in the emulator are carried out; let them land before looking.
        time.sleep(2.5 * IN_FLIGHT_LATENCY_MS / 1000.0 + 0.2)
        failure = None
        if not killed:
            how += f" (apply had already ended, exit {apply.process.returncode})"
            if apply.process.returncode != 0:
                failure = "the apply failed by itself before the kill:\n" + "\n".join(apply.seen[-12:])
        untagged = untagged_sync_apps(emulator, example.tenant_ids)
        return how + (f"; left untagged: {untagged}" if untagged else ""), failure
    finally:
        if mode == "in-flight":
            emulator.set_latency(LATENCY_MS)


def plan_json(binary, path, env):
    code, out, err = run(binary, ["plan", path, "--format", "json"], env)
    if code != 0:
        return None, f"plan exited {code}: {(err or out).strip()[-600:]}"
    return json.loads(out), None


def check_example(binary, path, seed):
    example = Example(path)
    rng = random.Random(f"{seed}:{example.name}")
    problems = []
    with Emulator(binary, example.seed_dir, latency=f"{LATENCY_MS}ms") as emulator:
        env = environment(example, emulator)
        first, error = plan_json(binary, path, env)
        if error:
            return [error]
        tags = expected_tags(first)
        addresses = {c["address"] for c in first["resource_changes"]}
        remaining = first["summary"]["add"] + first["summary"]["change"]
        modes = ["in-flight"] + [rng.choice(["lines", "delay"]) for _ in range(KILL_ROUNDS - 1)]
        for round_number, mode in enumerate(modes, 1):
            how, failure = kill_round(binary, example, env, emulator, rng, mode, remaining)
            where = f"round {round_number} ({how})"
            if failure:
                problems.append(f"{where}: {failure}")
            problems += [f"{where}: {p}" for p in sync_state_problems(emulator, example.tenant_ids, converged=False)]
            plan, error = plan_json(binary, path, env)
            if error:
                problems.append(f"{where}: {error}")
                break
            summary = plan["summary"]
            left = summary["add"] + summary["change"]
            deleted = [c["address"] for c in plan["resource_changes"] if "delete" in c["change"]["actions"]]
            unknown = sorted({c["address"] for c in plan["resource_changes"]} - addresses)
            if summary["destroy"] or deleted:
                problems.append(f"{where}: the plan destroys {deleted or summary}")
            if left > remaining:
                problems.append(f"{where}: the remaining work grew from {remaining} to {left} ({summary})")
            if unknown:
                problems.append(f"{where}: the plan names objects the first plan did not: {unknown}")
            code, out, err = run(binary, ["plan", path], env)
            if code != 0 or plan_counts(out) != (summary["add"], summary["change"], summary["destroy"]):
                problems.append(f"{where}: the text plan exited {code} with counts {plan_counts(out)}, the JSON plan "
                                f"says {summary}:\n{out[-400:]}{err[-300:]}")
            if re.search(r"will be destroyed|must be replaced", out):
                problems.append(f"{where}: the text plan destroys or replaces something:\n{out[-600:]}")
            print(f"     {example.name} {where}: {summary}")
            remaining = left
        code, out, err = run(binary, ["apply", path, "--auto-approve"], env)
        if code != 0:
            return problems + [f"the final apply exited {code}:\n{out[-1500:]}{err[-600:]}"]
        code, out, err = run(binary, ["plan", path, "--detailed-exitcode"], env)
        if code != 0 or "No changes." not in out:
            problems.append(f"the final plan exited {code}, expected 0 and 'No changes.':\n{out[-1500:]}{err[-300:]}")
        problems += sync_state_problems(emulator, example.tenant_ids, converged=True, expected_tags=tags)
    return problems


def main():
    binary = start(sys.argv)
    seed = int(os.environ.get("CRASH_SEED", "20261122"))
    print(f"crash seed {seed} (CRASH_SEED={seed} reproduces the kill points)")
    results = Results()
    chosen = os.environ.get("CRASH_EXAMPLES")
    for path in examples():
        if chosen and os.path.basename(path) not in chosen.split(","):
            continue
        results.run(path, check_example, binary, path, seed)
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
