# `make bench`: how long the 28-day scenario takes to play against the unit (target <= 10 s).
# SPDX-License-Identifier: MIT
"""Time ``simulator/scenarios/month_28_days.toml`` (fast mode: the unmodified
Unit fed finished intervals, one minute at a time while driving) from
reading the file to the sealed journal, best of three runs, and check it
still meets its expectations."""

import os
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
for _p in (ROOT, os.path.join(ROOT, "firmware")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

TARGET_S = 10.0
SCENARIO = os.path.join(ROOT, "simulator", "scenarios", "month_28_days.toml")


def figures(reps=3):
    """Rows ``(label, value, target, passed, detail)`` for bench/run.py."""
    from simulator import runner, scenario
    best, result = None, None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = runner.run(scenario.load(SCENARIO))
        spent = time.perf_counter() - t0
        best = spent if best is None else min(best, spent)
    met = sum(c["passed"] for c in result.checks)
    return [("28-day scenario, fast mode (s)", "%.2f" % best, "<= %.0f" % TARGET_S,
             best <= TARGET_S and result.passed,
             "(best of %d; %d/%d expectations met; journal %d B)"
             % (reps, met, len(result.checks), len(result.journal)))]


def run(report):
    """bench/run.py's hook: print the section and report each row."""
    print("== bench: scenario runs (bench/scenario_bench.py), the 28-day scenario")
    for row in figures():
        report(*row)


if __name__ == "__main__":
    for row in figures():
        print("%s: %s (target %s) %s %s" % (row[0], row[1], row[2], "PASS" if row[3] else "MISS", row[4]))
