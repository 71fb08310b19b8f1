# `drivetime sim demo`: the main job end to end: a scripted day through the Pi unit on emulated devices, then the office's sync and report.
# SPDX-License-Identifier: MIT
"""Run the demo of :mod:`simulator.demo` (what ``make demo`` runs): exit 0
when everything came out as the scenario expects, 1 when something did not
(the failed checks are listed), 2 when it cannot start (a work directory
that is not empty, a bad scenario file)."""

import sys

from host_tools.commands import EXIT_BAD_INPUT, EXIT_COMPLIANT, EXIT_INFRINGEMENTS

GROUP = "sim"
NAME = "demo"
HELP = "drive a scripted day through the unit, then sync it to the office and report"
DESCRIPTION = (
    "The main job end to end: the simulator drives a scripted day (simulator/scenarios/"
    "demo_day.toml: a warning 15 min before 4h30 of driving, a break, a second stint past "
    "4h30, the end of the day) while the Raspberry Pi unit runs over an emulated SLCAN "
    "adapter and GNSS receiver on pseudo-terminals, on a virtual clock (a day in well under "
    "a minute; CAN and NMEA at 1 Hz). The unit's screen is printed at each change of activity "
    "and each warning. Then 'drivetime office sync --host' downloads the unit into a fresh "
    "office database and 'drivetime office report' prints the driver's day. Exit status: 0 "
    "all as expected, 1 something was not (listed), 2 it could not run (a work directory that "
    "is not empty, a bad scenario, a unit that stopped reading its devices).")


def add_arguments(p):
    p.add_argument("--workdir", metavar="DIR",
                   help="a new or empty directory for the unit's config, keys and journal, the "
                        "office database and report.json (kept); default a temporary one, removed")
    p.add_argument("--quiet", action="store_true", help="no screens: the summary and the office only")
    p.add_argument("--scenario", metavar="FILE",
                   help="another day to drive (drive, stop, select and press steps; default the "
                        "demo day)")


def run(args):
    import shutil
    import tempfile

    from simulator import demo
    from simulator.scenario import ScenarioError

    workdir = args.workdir or tempfile.mkdtemp(prefix="drivetime-demo-")
    try:
        result = demo.run(workdir, args.scenario or demo.SCENARIO, quiet=args.quiet)
    except (demo.DemoError, ScenarioError) as exc:
        print("drivetime sim demo: %s" % exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print("== demo: the files are in %s" % workdir if args.workdir else
          "== demo: --workdir DIR keeps the unit's journal, the office database and the keys")
    return EXIT_COMPLIANT if result.status == 0 else EXIT_INFRINGEMENTS
