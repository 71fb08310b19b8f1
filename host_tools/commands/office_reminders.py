# `drivetime office reminders`: units and drivers whose data is due for a download.
# SPDX-License-Identifier: MIT
"""Units whose last download is older than the law's 90 days (vehicle units,
Reg. (EU) 581/2010 Art 1) and drivers whose data last reached the office
more than 28 days ago (the driver-card period, kept as the office's rule of
thumb: a driver may change trucks).  Exit status: 0 nothing due, 1 some are
due, 2 bad input (docs/office-retention.md)."""

import sys

from host_tools.commands import (EXIT_BAD_INPUT, EXIT_COMPLIANT, EXIT_INFRINGEMENTS, add_db_argument,
                                 at_option, missing_db)

GROUP = "office"
NAME = "reminders"
HELP = "units and drivers whose data is due for a download"
DESCRIPTION = ("List units whose last download is older than --unit-days (default 90) and drivers "
               "whose data was last downloaded more than --driver-days ago (default 28), with how "
               "overdue. Exit status: 0 nothing due, 1 some are due, 2 bad input.")


def add_arguments(parser):
    parser.add_argument("--at", metavar="DATE", help="as of this date (YYYY-MM-DD, UTC; default now)")
    parser.add_argument("--unit-days", type=int, default=90, metavar="N",
                        help="download period for vehicle units (default 90)")
    parser.add_argument("--driver-days", type=int, default=28, metavar="N",
                        help="download period for a driver's data (default 28)")
    add_db_argument(parser)


def due(store, at, unit_days=90, driver_days=28):
    """Who is due at ``at`` (UTC minute): ``[(kind, id, last download minute, days overdue)]``,
    most overdue first; ``kind`` is ``"unit"`` or ``"driver"``."""
    from drivetime.timeutil import parse_iso
    last = store.last_downloads()
    out = []
    for kind, rows, period in (("unit", last["units"], unit_days), ("driver", last["drivers"], driver_days)):
        for key, row in rows.items():
            when = parse_iso(row["imported_at"])[0]
            late = at - when - period * 1440          # minutes past the period
            if late > 0:
                out.append((kind, key, when, (late + 1439) // 1440))
    out.sort(key=lambda d: (-d[3], d[0], d[1]))
    return out


def run(args):
    from drivetime.timeutil import format_minute
    from host_tools.store import Store

    bad = missing_db(args, "reminders")
    if bad is not None:
        return bad
    if args.unit_days < 1 or args.driver_days < 1:
        print("drivetime office reminders: the periods must be at least one day", file=sys.stderr)
        return EXIT_BAD_INPUT
    at = at_option(args, "reminders")
    if at is None:
        return EXIT_BAD_INPUT
    with Store(args.db) as store:
        found = due(store, at, args.unit_days, args.driver_days)
        names = dict((d, (store.driver(d) or {}).get("name", "")) for k, d, _w, _o in found if k == "driver")
    for kind, key, when, overdue in found:
        period = args.unit_days if kind == "unit" else args.driver_days
        label = "%s %s" % (kind, key) + (" (%s)" % names[key] if kind == "driver" and names[key] else "")
        print("%s: last download %s, %d days ago: DUE, %d days overdue (period %d days)" % (
            label, format_minute(when)[:10], (at - when) // 1440, overdue, period))
    if not found:
        print("no download due on %s (units %d days, drivers %d days)" % (
            format_minute(at)[:10], args.unit_days, args.driver_days))
        return EXIT_COMPLIANT
    return EXIT_INFRINGEMENTS
