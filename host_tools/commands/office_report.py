# `drivetime office report`: infringements, totals, gaps and compensation per driver, unit or fleet.
# SPDX-License-Identifier: MIT
"""The office report (issue 6) over a period, as rich tables, JSON, CSV or HTML:
exit 0 no infringements, 1 infringements found, 2 bad input (no database,
unknown driver or unit, bad dates, no HTML renderer)."""

import os
import sys

from host_tools.commands import (EXIT_BAD_INPUT, EXIT_COMPLIANT, EXIT_INFRINGEMENTS,
                                 add_db_argument)

GROUP = "office"
NAME = "report"
HELP = "report infringements, daily/weekly totals, gaps and compensation"
DESCRIPTION = (
    "Report a driver's (--driver CARD), a unit's (--unit ID) or the whole fleet's record over a "
    "period: infringements with article and severity (Reg. (EU) 2016/403), daily, weekly and "
    "fortnightly totals, compensation owed, and gaps (no record; never counted as rest). The "
    "period is --from DATE --to DATE (both days included) or the last --days N days up to --at "
    "(default now); default the last 28 days. CSV gives one table (--table, default "
    "infringements; --table all writes every table into the directory -o). Exit status: 0 no "
    "infringements, 1 infringements found, 2 bad input.")
DEFAULT_DAYS = 28


def add_arguments(report):
    who = report.add_mutually_exclusive_group()
    who.add_argument("--driver", metavar="CARD", help="one driver (card number)")
    who.add_argument("--unit", metavar="ID", help="one cab unit")
    report.add_argument("--from", dest="date_from", metavar="DATE", help="first day (YYYY-MM-DD)")
    report.add_argument("--to", dest="date_to", metavar="DATE", help="last day, included")
    report.add_argument("--days", type=int, metavar="N",
                        help="the last N days, up to --at (default %d)" % DEFAULT_DAYS)
    report.add_argument("--at", metavar="TIME",
                        help="end of a --days period: ISO time, or a day (its end); default now")
    report.add_argument("--format", choices=("text", "json", "csv", "html"), default="text")
    report.add_argument("--table", default="infringements", metavar="NAME",
                        help="CSV table: infringements (default), days, weeks, gaps, compensation, "
                             "intervals, or all (one NAME.csv each into the directory -o)")
    report.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    add_db_argument(report)


def _minute(text, day_end=False):
    """UTC minute of an ISO time, or of a day's start (its end with ``day_end``)."""
    from drivetime import timeutil
    if len(text) == 10:
        minute = timeutil.parse_iso(text + "T00:00:00Z")[0]
        return minute + timeutil.MIN_PER_DAY if day_end else minute
    return timeutil.parse_iso(text)[0]


def period(args, now_minute):
    """``(start, end)`` of the report, or raise ValueError saying why not."""
    from drivetime.timeutil import MIN_PER_DAY
    if args.date_from or args.date_to:
        if args.days is not None or args.at:
            raise ValueError("give either --from/--to or --days/--at, not both")
        if not (args.date_from and args.date_to):
            raise ValueError("--from and --to go together")
        return _minute(args.date_from), _minute(args.date_to, day_end=True)
    days = DEFAULT_DAYS if args.days is None else args.days
    if days < 1:
        raise ValueError("--days must be at least 1")
    end = _minute(args.at, day_end=True) if args.at else now_minute
    return ((end - 1) // MIN_PER_DAY - days + 1) * MIN_PER_DAY, end


def _bad(text):
    print("drivetime office report: %s" % text, file=sys.stderr)
    return EXIT_BAD_INPUT


def _progress():
    if not sys.stderr.isatty():
        return None

    def show(done, total):
        sys.stderr.write("\rreport: %d of %d drivers" % (done, total) + ("\n" if done == total else ""))
        sys.stderr.flush()
    return show


def _open_output(args):
    """The text file to write to (-o FILE or stdout) and whether to close it."""
    if args.output:
        return open(args.output, "w", encoding="utf-8"), True
    return sys.stdout, False


def write(report, args):
    """Write ``report`` (a :class:`host_tools.report.ReportStream`) in ``args.format``,
    driver by driver as it is read."""
    from host_tools import report_formats
    if args.format == "csv" and args.table == "all":
        files = {t: open(os.path.join(args.output, t + ".csv"), "w", encoding="utf-8")
                 for t in report_formats.CSV_TABLES}
        try:
            report_formats.write_csv(report, files)
        finally:
            for f in files.values():
                f.close()
        return
    out, close = _open_output(args)
    try:
        if args.format == "json":
            report_formats.write_json(report, out)
        elif args.format == "html":
            from host_tools.report_html import write as write_html
            write_html(report, out)
        elif args.format == "csv":
            report_formats.write_csv(report, {args.table: out})
        else:
            from rich.console import Console
            console = Console(file=out, width=120, color_system=None) if close else Console()
            report_formats.render_text(report, console)
    finally:
        if close:
            out.close()


def run(args):
    import time

    from host_tools import report, report_formats
    from host_tools.store import Store

    if not os.path.exists(args.db):
        return _bad("no database %s" % args.db)
    if args.format == "csv" and args.table != "all" and args.table not in report_formats.CSV_TABLES:
        return _bad("unknown --table %s (%s, all)" % (args.table, ", ".join(report_formats.CSV_TABLES)))
    if args.format == "csv" and args.table == "all" and not (args.output and os.path.isdir(args.output)):
        return _bad("--table all needs -o DIRECTORY (one NAME.csv per table)")
    if args.format == "html":
        try:
            import host_tools.report_html  # noqa: F401
        except ImportError as exc:
            return _bad("HTML output is not available (host_tools.report_html: %s)" % exc)
    try:
        start, end = period(args, int(time.time()) // 60)
    except ValueError as exc:
        return _bad(str(exc))
    with Store(args.db) as store:
        try:
            stream = report.stream(store, driver=args.driver, unit=args.unit, start=start, end=end,
                                   progress=_progress())
        except report.ReportError as exc:
            return _bad(str(exc))
        write(stream, args)
    return EXIT_INFRINGEMENTS if stream.infringements else EXIT_COMPLIANT
