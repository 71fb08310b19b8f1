# `drivetime office retention --keep-days N`: delete data past its retention period, chain kept verifiable.
# SPDX-License-Identifier: MIT
"""Delete every unit's records and what was derived from them older than the
retention period, in one transaction, cut only at a stored seal so that
`drivetime office verify` still re-checks the rest (docs/office-retention.md).
Exit status: 0 done (or nothing to delete), 2 bad input."""

import sys

from host_tools.commands import EXIT_BAD_INPUT, EXIT_COMPLIANT, add_db_argument, at_option, missing_db

GROUP = "office"
NAME = "retention"
HELP = "delete stored data older than the retention period (chain stays verifiable)"
DESCRIPTION = ("Delete records, activity, positions, events and infringements older than --keep-days, "
               "in one transaction, cutting each unit at a stored seal so that 'drivetime office "
               "verify' still checks what is kept. Exit status: 0 done, 2 bad input.")

TABLES = ("records", "events", "activity_intervals", "positions", "infringements", "seals")


def add_arguments(parser):
    parser.add_argument("--keep-days", type=int, required=True, metavar="N",
                        help="keep N days back from --at (at least 365: Reg. 165/2014 Art 33(2); "
                             "730 keeps working-time records as Dir. 2002/15 Art 9(b) asks)")
    parser.add_argument("--at", metavar="DATE", help="count back from this date (YYYY-MM-DD, UTC; default now)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be deleted, delete nothing")
    add_db_argument(parser)


def run(args):
    from drivetime.timeutil import format_minute
    from host_tools import retention
    from host_tools.store import Store

    bad = missing_db(args, "retention")
    if bad is not None:
        return bad
    at = at_option(args, "retention")
    if at is None:
        return EXIT_BAD_INPUT
    with Store(args.db) as store:
        try:
            cuts = retention.retain(store, args.keep_days, at, dry_run=args.dry_run)
        except ValueError as exc:
            print("drivetime office retention: %s" % exc, file=sys.stderr)
            return EXIT_BAD_INPUT
    verb = "would delete" if args.dry_run else "deleted"
    print("retention: keep %d days back from %s (data before %s)" % (
        args.keep_days, format_minute(at), format_minute(at - args.keep_days * 1440)))
    if args.keep_days < retention.WTD_KEEP_DAYS:
        print("note: under %d days: working-time records are to be kept two years "
              "(Dir. 2002/15/EC Art 9(b))" % retention.WTD_KEEP_DAYS)
    for cut in cuts:
        print("unit %s: cut at the seal after record %d (%s): %s %s" % (
            cut["unit_id"], cut["seq"], format_minute(cut["minute"]), verb,
            ", ".join("%d %s" % (cut[t], t.replace("_", " ")) for t in TABLES)))
    if not cuts:
        print("nothing older than the period is stored (or no seal to cut at)")
    return EXIT_COMPLIANT
