# `drivetime unit-export --config FILE`: the driver's own record as CSV, from the Pi unit's journal.
# SPDX-License-Identifier: MIT
"""Export the driver's own intervals (``drivetime.export.from_journal``) from
the journal directory of the unit's config, on the unit itself, with no key:
the driver may see and keep their own data (issue 5; RULES.md §10). Exit 0
written, 2 bad input (config, date, no journal)."""

import sys

from host_tools.commands import EXIT_BAD_INPUT, EXIT_COMPLIANT

GROUP = ""
NAME = "unit-export"
HELP = "the driver's own record as CSV from the unit's journal (no key needed)"
DESCRIPTION = ("Write the driver's own activity intervals (UTC, CSV: start, end, minutes, activity, "
               "conditions) from the journal directory named in the unit's config. Only the time "
               "while that driver's card was on the unit. Exit status: 0 written, 2 bad input.")


def add_arguments(parser):
    parser.add_argument("--config", required=True, metavar="FILE", help="unit config (TOML)")
    parser.add_argument("--since", metavar="DATE", help="from this UTC day on (YYYY-MM-DD)")
    parser.add_argument("--card", metavar="CARD",
                        help="the driver card whose time is exported (default: the driver named last)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")


def since_minute(text):
    """``YYYY-MM-DD`` -> the UTC minute its day starts. :raises ValueError: otherwise"""
    from drivetime.timeutil import civil_from_days, days_from_civil
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError("expected YYYY-MM-DD, got %r" % text)
    y, m, d = (int(p) for p in parts)
    days = days_from_civil(y, m, d)
    if civil_from_days(days) != (y, m, d):
        raise ValueError("no such day: %r" % text)
    return days * 1440


def run(args):
    import os

    from drivetime.export import csv_lines, from_journal
    from drivetime_pi.config import ConfigError, load

    def fail(message):
        print("drivetime unit-export: %s" % message, file=sys.stderr)
        return EXIT_BAD_INPUT

    try:
        cfg = load(args.config)
        since = None if args.since is None else since_minute(args.since)
    except (ConfigError, ValueError) as exc:
        return fail(exc)
    directory = cfg["journal"].get("directory")
    if directory is None:
        return fail("%s: no [journal] directory: the unit keeps no journal" % args.config)
    if not os.path.isdir(directory):
        return fail("%s: [journal] directory %s: no such directory" % (args.config, directory))
    from drivetime_pi.storage import FileStorage
    intervals = from_journal(FileStorage(directory), card=args.card, since=since)
    try:
        out = sys.stdout if args.output is None else open(args.output, "w", encoding="utf-8")
    except OSError as exc:
        return fail("cannot write %s: %s" % (args.output, exc.strerror or exc))
    try:
        for line in csv_lines(intervals):
            out.write(line + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_COMPLIANT
