# The fleet-year office report: 1,000 drivers x 1 year from the store, for `make bench`.
# SPDX-License-Identifier: MIT
"""Time and peak memory of the office report over a fleet year (issue 6: < 60 s).

The store (a SQLite file in a temporary directory, with the office's own
schema and migrations) is filled fast, straight through SQL, with the rows an
import would have derived: each driver's year from bench/generate.py
(deterministic, 5-6 working days a week, occasional infringements and missing
mornings) as ``activity_intervals`` on a unit of its own, a ``start`` and an
``end`` position per working day, the engine's infringements, the
compensation ledger analysis keeps (migration 0006), one download per unit.
The fill is timed and printed apart.

Then each output form the office writes for a whole fleet year is made as
``drivetime office report`` makes it (:func:`host_tools.report.stream`, the
writers of host_tools.report_formats, into a file) in a fresh child process,
one per form: text (rich tables), CSV (the infringements, and every table in
one pass), JSON.  Each figure is the child's wall time from the store to the
last byte written, and its peak resident memory (``ru_maxrss``: interpreter
and libraries included), which must stay bounded (< 1 GB) however many
drivers the fleet has: the report holds one driver's year at a time.
"""

import gc
import json
import os
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
for _p in (ROOT, os.path.join(ROOT, "firmware"), BENCH):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from drivetime.activity import BREAK_REST, NAMES  # noqa: E402
from drivetime.engine import Engine  # noqa: E402
from generate import DAY, MONDAY_2025, WEEK, driver_year  # noqa: E402
from host_tools import report, report_formats  # noqa: E402
from host_tools.report_driver import stored_ledger  # noqa: E402
from host_tools.store import Store  # noqa: E402

TARGET_S = 60.0
WEEKS = 52


def _driver_rows(number):
    card, unit = "C%05d" % number, "U%04d" % number
    year = list(driver_year(number, weeks=WEEKS))
    intervals = [(unit, s, e, NAMES[a], f, "recorded", i + 1, card, "single")
                 for i, (s, e, a, f) in enumerate(year)]
    positions, day_first = [], {}
    for s, e, a, _f in year:
        if a != BREAK_REST:
            d = s // DAY
            day_first.setdefault(d, [s, e])[1] = e
    for n, (d, (s, e)) in enumerate(sorted(day_first.items())):
        positions.append((unit, 2 * n + 1, s, 52.5, 13.4, "start", card))
        positions.append((unit, 2 * n + 2, e, 52.6, 13.4, "end", card))
    engine = Engine()
    for iv in year:
        engine.feed(*iv)
    found, _status = engine.evaluate()
    infringements = [(unit, card, i.rule, i.start, i.end, i.measured, i.limit, i.severity,
                      1 if i.final else 0, i.detail, "bench") for i in found]
    # the compensation ledger analysis keeps (host_tools.analysis.ledger)
    ledger = stored_ledger([iv[:6] for iv in intervals])
    return card, unit, intervals, positions, infringements, ledger


def fill(store, drivers):
    """Write ``drivers`` driver-years into ``store``; :returns: intervals written."""
    conn, count = store.db.conn, 0
    with conn:
        for number in range(drivers):
            card, unit, intervals, positions, infringements, ledger = _driver_rows(number)
            conn.execute("insert into units (id, name, first_seq, last_seq, created_at) "
                         "values (?, ?, 1, ?, 'bench')", (unit, unit, len(intervals)))
            conn.execute("insert into drivers (id, name, first_seen_minute) values (?, ?, ?)",
                         (card, "Driver %d" % number, MONDAY_2025))
            conn.execute("insert into downloads (unit_id, imported_at, source, sha256, records_offered, "
                         "records_added, first_seq, last_seq) values (?, '2026-01-05T08:00:00Z', "
                         "'bench', '', ?, ?, 1, ?)", (unit, len(intervals), len(intervals), len(intervals)))
            conn.executemany('insert into activity_intervals (unit_id, start, "end", activity, flags, '
                             "source, seq, driver_id, crew) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", intervals)
            conn.executemany("insert into positions (unit_id, seq, minute, lat, lon, reason, driver_id) "
                             "values (?, ?, ?, ?, ?, ?, ?)", positions)
            conn.executemany('insert into infringements (unit_id, driver_id, rule, start, "end", '
                             "measured_min, limit_min, severity, final, detail, analysed_at) "
                             "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", infringements)
            if ledger is not None:
                conn.execute("insert into compensation_ledgers (driver_id, digest, ledger, "
                             "analysed_at) values (?, ?, ?, 'bench')",
                             (card, ledger[0], json.dumps([list(x) for x in ledger[1]])))
            count += len(intervals)
    conn.execute("analyze")
    return count


FORMS = ("text", "csv", "csv-all", "json")
MEMORY_TARGET_MB = 1024


def write_form(db, form, out_dir, start, end):
    """Write the fleet's report of ``[start, end)`` from the store file ``db`` as ``form``
    into ``out_dir``; :returns: ``(bytes written, drivers, infringements)``."""
    from host_tools.store import Store
    with Store(db) as store:
        stream = report.stream(store, start=start, end=end)
        if form == "csv-all":
            files = {t: open(os.path.join(out_dir, t + ".csv"), "w", encoding="utf-8")
                     for t in report_formats.CSV_TABLES}
            report_formats.write_csv(stream, files)
            for f in files.values():
                f.close()
        else:
            with open(os.path.join(out_dir, "report." + form), "w", encoding="utf-8") as out:
                if form == "json":
                    report_formats.write_json(stream, out)
                elif form == "csv":
                    report_formats.write_csv(stream, {"infringements": out})
                else:
                    from rich.console import Console
                    report_formats.render_text(stream, Console(file=out, width=100, color_system=None))
    size = sum(os.path.getsize(os.path.join(out_dir, n)) for n in os.listdir(out_dir))
    return size, len(stream), stream.infringements


def child(db, form, out_dir):
    """Run in a fresh process: one form's time and this process's peak memory, as JSON."""
    import json
    import resource
    t0 = time.perf_counter()
    size, drivers, found = write_form(db, form, out_dir, MONDAY_2025, MONDAY_2025 + WEEKS * WEEK)
    seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss      # kB on Linux
    print(json.dumps({"form": form, "s": seconds, "peak_mb": peak_kb / 1024.0, "bytes": size,
                      "drivers": drivers, "infringements": found}))


def _run_child(db, form, tmp):
    import json
    import shutil
    import subprocess
    out_dir = os.path.join(tmp, "out-" + form)
    os.mkdir(out_dir)
    try:
        done = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", form,
                               "--db", db, "--out", out_dir],
                              check=True, stdout=subprocess.PIPE, universal_newlines=True)
    finally:
        shutil.rmtree(out_dir)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(drivers=1000, forms=FORMS):
    """:returns: dict of the figures: fill, and per form seconds, peak MB and bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        store = Store(db)
        t0 = time.perf_counter()
        count = fill(store, drivers)
        fill_s = time.perf_counter() - t0
        store.close()
        gc.collect()
        runs = [_run_child(db, form, tmp) for form in forms]
    return {"drivers": drivers, "intervals": count, "fill_s": fill_s, "forms": runs}


def profile(drivers, form):
    """cProfile of one form in this process (``--profile``)."""
    import cProfile
    import pstats
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        with Store(db) as store:
            fill(store, drivers)
        prof = cProfile.Profile()
        prof.enable()
        write_form(db, form, tmp, MONDAY_2025, MONDAY_2025 + WEEKS * WEEK)
        prof.disable()
        pstats.Stats(prof, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(20)


_LABELS = {"text": "text (rich tables)", "csv": "CSV, infringements", "csv-all": "CSV, all 6 tables",
           "json": "JSON"}


def figures(drivers=1000):
    """Rows ``(label, value, target, passed, detail)`` for bench/run.py: per output
    form its time, then its peak memory."""
    m = measure(drivers)
    print("  store filled in %.1f s (%d drivers, %d intervals; not part of the figures)"
          % (m["fill_s"], m["drivers"], m["intervals"]))
    rows = []
    for r in m["forms"]:
        label = "office report: fleet year %s, %s" % (_LABELS[r["form"]], "%d drivers" % r["drivers"])
        rows.append((label + " (s)", "%.1f" % r["s"], "< %.0f" % TARGET_S, r["s"] < TARGET_S,
                     "(%.0f MB written; %d infringements)" % (r["bytes"] / 1e6, r["infringements"])))
        rows.append((label + " peak memory (MB)", "%.0f" % r["peak_mb"], "< %d" % MEMORY_TARGET_MB,
                     r["peak_mb"] < MEMORY_TARGET_MB, "(child process ru_maxrss)"))
    return rows


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drivers", type=int, default=1000)
    parser.add_argument("--profile", metavar="FORM", choices=FORMS, help="profile one form in-process")
    parser.add_argument("--child", metavar="FORM", choices=FORMS, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db, args.child, args.out)
    elif args.profile:
        profile(args.drivers, args.profile)
    else:
        for row in figures(args.drivers):
            print("%s: %s (target %s) %s %s" % (row[0], row[1], row[2], "PASS" if row[3] else "MISS",
                                                 row[4]))
