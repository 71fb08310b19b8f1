# `drivetime sim run FILE`: play a scenario against the unit on a virtual clock, check its expectations.
# SPDX-License-Identifier: MIT
"""Play a scenario file (simulator/scenario.py) in-process and report each
expectation: exit 0 all met, 1 some failed, 2 a bad scenario file."""

import json
import sys

from host_tools.commands import EXIT_BAD_INPUT, EXIT_COMPLIANT, EXIT_INFRINGEMENTS

GROUP = "sim"
NAME = "run"
HELP = "play a scenario file against the unit and check its expectations"
DESCRIPTION = ("Play a scenario (TOML: settings, steps, expectations; see docs/tester-guide.md) "
               "against the unmodified unit on a virtual clock, deterministically, and report "
               "each expectation with the time, what was expected and what happened. "
               "Exit status: 0 all met, 1 some failed, 2 a bad scenario file. The journal is "
               "written under the simulator's fixed unit key "
               "000102...1f (simulator.runner.SIM_KEY).")
STATUS_KEYS = ("activity", "continuous_driving_min", "daily_driving_min", "weekly_driving_min",
               "fortnightly_driving_min", "daily_rest_latest_start", "weekly_rest_latest_start")


def add_arguments(p):
    p.add_argument("file", metavar="FILE", help="the scenario file (.toml)")
    p.add_argument("--journal", metavar="OUT",
                   help="write the unit's journal (a download 'drivetime office import' accepts)")
    p.add_argument("--format", choices=("text", "json"), default="text")


def as_json(result):
    from drivetime.timeutil import format_minute
    sc = result.scenario
    return {"scenario": sc.name, "source": sc.source, "mode": sc.mode, "passed": result.passed,
            "expectations": result.checks, "problems": result.problems,
            "status": {k: result.status.get(k) for k in STATUS_KEYS},
            "infringements": [{"rule": i.rule, "start": format_minute(i.start),
                               "end": format_minute(i.end), "measured_min": i.measured,
                               "limit_min": i.limit, "severity": i.severity, "final": i.final}
                              for i in result.infringements],
            "journal_bytes": len(result.journal)}


def render_text(result):
    sc = result.scenario
    lines = ["scenario: %s (%s, %s mode)" % (sc.name, sc.source, sc.mode)]
    for c in result.checks:
        lines.append("%s  %-8s %s (line %s)" % ("PASS" if c["passed"] else "FAIL", c["at"], c["what"],
                                                 c["line"]))
        if not c["passed"]:
            lines.append("      expected %s; got %s" % (c["expected"], c["actual"]))
    for p in result.problems:
        lines.append("problem: %s" % p)
    from drivetime.timeutil import format_minute
    st = dict(result.status)
    for k in STATUS_KEYS:
        if k.endswith("_start") and isinstance(st.get(k), int):
            st[k] = format_minute(st[k])
    lines.append("final status: " + ", ".join("%s=%s" % (k, st.get(k)) for k in STATUS_KEYS))
    lines.append("infringements: " + (", ".join("%s (%s, %d min)" % (i.rule, i.severity or "-", i.measured)
                                               for i in result.infringements) or "none"))
    failed = sum(not c["passed"] for c in result.checks)
    lines.append("%d of %d expectations met%s" % (len(result.checks) - failed, len(result.checks),
                                                  "" if not failed else "; %d FAILED" % failed))
    return "\n".join(lines)


def run(args):
    from simulator.runner import run as play
    from simulator.scenario import ScenarioError, load
    try:
        result = play(load(args.file))
    except ScenarioError as exc:
        print("drivetime sim run: %s" % exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.journal:
        try:
            with open(args.journal, "wb") as f:
                f.write(result.journal)
        except OSError as exc:
            print("drivetime sim run: cannot write %s: %s" % (args.journal, exc.strerror or exc),
                  file=sys.stderr)
            return EXIT_BAD_INPUT
    if args.format == "json":
        print(json.dumps(as_json(result), indent=1, sort_keys=True))
    else:
        print(render_text(result))
    return EXIT_COMPLIANT if result.passed else EXIT_INFRINGEMENTS
