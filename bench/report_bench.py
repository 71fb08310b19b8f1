# The fleet-year office report: 1,000 drivers x 1 year from the store, for `make bench`.
# SPDX-License-Identifier: MIT
"""Time of :func:`host_tools.report.build` over a fleet year (issue 6 target < 60 s).

The store (a SQLite file in a temporary directory, with the office's own
schema and migrations) is filled fast, straight through SQL, with the rows an
import would have derived: each driver's year from bench/generate.py
(deterministic, 5-6 working days a week, occasional infringements and missing
mornings) as ``activity_intervals`` on a unit of its own, a ``start`` and an
``end`` position per working day, the engine's infringements, one download per
unit.  The fill is timed and printed apart; the figure is the wall time of
one fleet report over the year (every driver: days, weeks, infringements,
gaps, compensation), from the store to the model; the detail gives the time
of its infringements CSV (the fleet's usual output; the JSON of a fleet year
is over a gigabyte, its time is that of ``json.dumps``).
"""

import gc
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
    return card, unit, intervals, positions, infringements


def fill(store, drivers):
    """Write ``drivers`` driver-years into ``store``; :returns: intervals written."""
    conn, count = store.db.conn, 0
    with conn:
        for number in range(drivers):
            card, unit, intervals, positions, infringements = _driver_rows(number)
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
            count += len(intervals)
    conn.execute("analyze")
    return count


def measure(drivers=1000, profile=False):
    """:returns: dict of the figures (seconds, counts)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(os.path.join(tmp, "bench.db"))
        t0 = time.perf_counter()
        count = fill(store, drivers)
        fill_s = time.perf_counter() - t0
        gc.collect()
        start, end = MONDAY_2025, MONDAY_2025 + WEEKS * WEEK
        prof = None
        if profile:
            import cProfile
            prof = cProfile.Profile()
            prof.enable()
        t0 = time.perf_counter()
        model = report.build(store, start=start, end=end)
        build_s = time.perf_counter() - t0
        if prof is not None:
            import pstats
            prof.disable()
            pstats.Stats(prof, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(15)
        t0 = time.perf_counter()
        rows = report_formats.csv_text(model).count("\n") - 1
        csv_s = time.perf_counter() - t0
        found = sum(len(d["infringements"]) for d in model["drivers"])
        store.close()
    return {"drivers": len(model["drivers"]), "intervals": count, "fill_s": fill_s,
            "build_s": build_s, "csv_s": csv_s, "csv_rows": rows, "infringements": found}


def figures(drivers=1000):
    """Rows ``(label, value, target, passed, detail)`` for bench/run.py."""
    m = measure(drivers)
    print("  store filled in %.1f s (%d drivers, %d intervals; not part of the figure)"
          % (m["fill_s"], m["drivers"], m["intervals"]))
    return [("office report: fleet year, %d drivers (s)" % m["drivers"], "%.1f" % m["build_s"],
             "< %.0f" % TARGET_S, m["build_s"] < TARGET_S,
             "(%d infringements; their CSV %.1f s)" % (m["infringements"], m["csv_s"]))]


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drivers", type=int, default=1000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.profile:
        print(measure(args.drivers, profile=True))
    else:
        for row in figures(args.drivers):
            print("%s: %s (target %s) %s %s" % (row[0], row[1], row[2], "PASS" if row[3] else "MISS",
                                                 row[4]))
