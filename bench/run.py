# `make bench`: throughput, parse ratio, history independence and heap of the rules engine.
# SPDX-License-Identifier: MIT
"""Benchmarks of the rules engine, each printed with its target and PASS/MISS.

Usage::

    python bench/run.py [--drivers N] [--workers N] [--no-mp] [--profile]

1. Throughput: a year (52 fixed weeks) for each of ``--drivers`` drivers
   (bench/generate.py: deterministic, 5-6 working days a week, long-haul and
   multi-drop styles, occasional infringements) is analysed with the core
   :class:`~drivetime.engine.Engine` as ``drivetime check`` does it (feed
   every interval, then ``evaluate()``). The drivers are shared out among
   worker processes, one per core; the engine phase starts in all of them
   at once (a barrier) and is timed on the wall clock: intervals per second.
2. Engine time over parse time, for the same lists: one block of five
   drivers in ``PARSE_EVERY`` is written as an activity list (JSON) and read
   back with :func:`host_tools.activity_list.load` (timed); the parsed
   timeline must equal the generated one, and it is what the engine then
   analyses. (Parsing every driver would triple the run time.)
3. Per-step cost after 28 days of history over that after 1 day: the same
   day of a multi-drop driver's record is fed (``feed()`` only, no
   ``evaluate()``) to a copy of an engine that has seen the previous 28
   days, and to one that has seen only the previous day.
4. Under MicroPython (bench/mp_bench.py, ``-X heapsize=192K``): the heap an
   Engine and a full-size IntervalRing use after 28 days, and the heap
   growth over 10,000 steady-state steps.

A missed target is reported, never fatal: the exit status is 0 unless the
benchmark itself breaks. On a CPython miss (or with ``--profile``) the hot
spots of the engine are printed (cProfile).
"""

import argparse
import gc
import json
import multiprocessing
import os
import statistics
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
for _p in (ROOT, os.path.join(ROOT, "firmware"), BENCH):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from drivetime.activity import NAMES, UNKNOWN  # noqa: E402
from drivetime.engine import Engine  # noqa: E402
from drivetime.timeutil import format_minute  # noqa: E402
from generate import DAY, MONDAY_2025, driver_year  # noqa: E402
from mpcall import run_script  # noqa: E402
import journal_bench  # noqa: E402
import report_bench  # noqa: E402
import signals_bench  # noqa: E402
import sync_bench  # noqa: E402
import unit_bench  # noqa: E402
from host_tools import activity_list  # noqa: E402

TARGET_RATE = 250000            # intervals per second
TARGET_PARSE_RATIO = 3.0
TARGET_HISTORY_RATIO = 1.1
TARGET_HEAP = 32 * 1024         # bytes
TARGET_GROWTH = 0               # bytes
MP_HEAP = "192K"
PARSE_EVERY = 5                 # one block of five drivers in this many goes through JSON
HISTORY_DRIVER = 0              # a multi-drop driver: the most steps a day


def driver_json(number):
    """The driver's year as activity-list JSON text (DESIGN.md format)."""
    acts = [{"start": format_minute(s), "end": format_minute(e), "activity": NAMES[a]}
            for s, e, a, f in driver_year(number)]
    return json.dumps({"crew": "single", "activities": acts})


def timeline(number):
    """The driver's year as the parser would return it: gaps become UNKNOWN intervals."""
    out = []
    for start, end, activity, flags in driver_year(number):
        if out and start > out[-1][1]:
            out.append((out[-1][1], start, UNKNOWN, 0))          # no record (RULES.md 1)
        out.append((start, end, activity, flags))
    return out


def parsed_sample(number):
    """True for the drivers whose lists go through JSON and the parser.

    Whole blocks of five, so the sample keeps the mix of driving styles
    (generate.py: numbers ``% 5 < 2`` are multi-drop).
    """
    return (number // 5) % PARSE_EVERY == 0


def analyse(intervals):
    """What `drivetime check` does with a parsed list: feed all, then evaluate."""
    engine = Engine()
    feed = engine.feed
    for start, end, activity, flags in intervals:
        feed(start, end, activity, flags)
    return engine.evaluate()


def _worker(numbers, barrier, results):
    """Build this worker's drivers, wait for the others, then analyse them all."""
    parse_s = 0.0
    lists, sampled = [], []
    for number in numbers:
        intervals = timeline(number)
        if parsed_sample(number):
            text = driver_json(number)
            t0 = time.perf_counter()
            parsed = activity_list.load(text).intervals
            parse_s += time.perf_counter() - t0
            if parsed != intervals:
                raise RuntimeError("driver %d: the parser's timeline differs from the generator's"
                                   % number)
            intervals = parsed
        lists.append(intervals)
        sampled.append(parsed_sample(number))
        # The lists are kept for the engine phase; keep the cyclic GC from
        # walking them again and again (it would bill that to whichever
        # phase happened to trigger a full collection).
        gc.freeze()
    barrier.wait()
    engine_s = sample_engine_s = 0.0
    count = found = 0
    for intervals, in_sample in zip(lists, sampled):
        t0 = time.perf_counter()
        infringements, _ = analyse(intervals)
        spent = time.perf_counter() - t0
        engine_s += spent
        if in_sample:
            sample_engine_s += spent
        count += len(intervals)
        found += len(infringements)
    results.put((count, found, engine_s, parse_s, sample_engine_s, sum(sampled)))


def throughput(drivers, workers):
    """:returns: ``[intervals, infringements, engine s, parse s, engine s on the
    parsed sample, drivers in it]`` summed over the workers, and the wall
    seconds of the engine phase"""
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                      else None)
    barrier = ctx.Barrier(workers + 1)
    results = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(range(w, drivers, workers), barrier, results))
             for w in range(workers)]
    for p in procs:
        p.start()
    barrier.wait()
    t0 = time.perf_counter()
    got = [results.get() for _ in procs]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
        if p.exitcode:
            raise RuntimeError("benchmark worker failed (exit status %d)" % p.exitcode)
    return [sum(r[i] for r in got) for i in range(6)], wall


def history_ratio(reps=400):
    """Median cost of one day's feed() steps after 28 days over that after 1 day.

    :returns: (ratio, steps in the day, microseconds a step after 1 and 28 days)
    """
    record = list(driver_year(HISTORY_DRIVER, weeks=6))
    window = MONDAY_2025 + 29 * DAY         # a Tuesday: the same weekday for both
    first = next(i for i, iv in enumerate(record) if iv[0] >= window)
    last = next(i for i, iv in enumerate(record) if iv[0] >= window + DAY)
    day_before = next(i for i, iv in enumerate(record) if iv[0] >= window - DAY)
    steps = record[first:last]
    engines = []
    for history in (record[day_before:first], record[:first]):
        engine = Engine()
        for iv in history:
            engine.feed(*iv)
        engines.append(engine)
    times = ([], [])
    gc.collect()
    gc.disable()
    try:
        for _ in range(reps):
            for k in (0, 1):                # interleaved, so drift hits both alike
                engine = engines[k].clone()
                feed = engine.feed
                t0 = time.perf_counter()
                for start, end, activity, flags in steps:
                    feed(start, end, activity, flags)
                times[k].append(time.perf_counter() - t0)
    finally:
        gc.enable()
    one, many = statistics.median(times[0]), statistics.median(times[1])
    return many / one, len(steps), one / len(steps) * 1e6, many / len(steps) * 1e6


def micropython_heap():
    """Run bench/mp_bench.py under MicroPython; :returns: its key=value lines as a dict, or None."""
    exe = os.path.join(ROOT, ".venv", "bin", "micropython")
    if not os.access(exe, os.X_OK):
        return None
    return run_script(exe, MP_HEAP, os.path.join(BENCH, "mp_bench.py"), timeout=300)


def profile(drivers=10, top=15):
    """Print the engine's hot spots over ``drivers`` parsed driver-years."""
    import cProfile
    import pstats
    lists = [activity_list.load(driver_json(n)).intervals for n in range(drivers)]
    prof = cProfile.Profile()
    prof.enable()
    for intervals in lists:
        analyse(intervals)
    prof.disable()
    print("\n== profile: the engine over %d driver-years, top %d by own time" % (drivers, top))
    pstats.Stats(prof, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(top)


def report(label, value, target, passed, detail=""):
    print("  %-44s %14s   target %-12s %s%s" % (label, value, target, "PASS" if passed else "MISS",
                                                  "   " + detail if detail else ""))
    return passed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drivers", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-mp", action="store_true", help="skip the MicroPython heap figures")
    parser.add_argument("--profile", action="store_true", help="always print the engine profile")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print("== bench: rules engine, %d drivers x 52 weeks, %d worker processes on %d cores "
          "(multiprocessing), load average %.2f before the run"
          % (args.drivers, args.workers, os.cpu_count() or 1, load))
    started = time.perf_counter()
    ok = []

    (count, found, engine_s, parse_s, sample_engine_s, sampled), wall = throughput(
        args.drivers, args.workers)
    print("  %d intervals, %d infringements found, engine phase %.1f s wall (%.1f s summed over workers)"
          % (count, found, wall, engine_s))
    ok.append(report("analysis throughput (intervals/s)", "{:,.0f}".format(count / wall),
                     ">= {:,}".format(TARGET_RATE), count / wall >= TARGET_RATE,
                     "(%.0f/s per worker)" % (count / engine_s)))
    if sampled:
        parse_ratio = sample_engine_s / parse_s
        ok.append(report("engine time / parse time (same JSON lists)", "%.2f" % parse_ratio,
                         "<= %.1f" % TARGET_PARSE_RATIO, parse_ratio <= TARGET_PARSE_RATIO,
                         "(%d drivers parsed, 1 block of 5 in %d: parse %.1f s, engine %.1f s)"
                         % (sampled, PARSE_EVERY, parse_s, sample_engine_s)))

    ratio, steps, us1, us28 = history_ratio()
    ok.append(report("step cost, 28 days history / 1 day", "%.3f" % ratio,
                     "<= %.1f" % TARGET_HISTORY_RATIO, ratio <= TARGET_HISTORY_RATIO,
                     "(%d feed() steps of one day: %.2f vs %.2f us/step, median of 400)"
                     % (steps, us28, us1)))

    if args.no_mp:
        print("  MicroPython heap figures skipped (--no-mp)")
    else:
        mp = micropython_heap()
        if mp is None:
            print("  MicroPython heap figures skipped: .venv/bin/micropython not found (make venv)")
        else:
            used, peak, growth = int(mp["heap_engine_ring"]), int(mp["heap_engine_ring_peak"]), \
                int(mp["heap_growth"])
            report("MicroPython heap: Engine + 28-day ring (B)", "%d" % used,
                   "<= %d" % TARGET_HEAP, used <= TARGET_HEAP,
                   "(ring %s, peak %d in the weeks after; heapsize=%s)"
                   % (mp["heap_ring"], peak, MP_HEAP))
            report("MicroPython heap growth over %s steps (B)" % mp["steps"], "%d" % growth,
                   "%d" % TARGET_GROWTH, growth <= TARGET_GROWTH,
                   "(%s infringements kept; the ring overwrote %s entries)"
                   % (mp["infringements"], mp["ring_dropped"]))
    print("== bench: signal pipeline (bench/signals_bench.py), cost per second of input")
    mp_exe = os.path.join(ROOT, ".venv", "bin", "micropython")
    for row in signals_bench.figures(None if args.no_mp or not os.access(mp_exe, os.X_OK)
                                     else mp_exe, MP_HEAP):
        report(*row)
    print("== bench: the unit (bench/unit_bench.py), cost per minute and heap")
    for row in unit_bench.figures(None if args.no_mp or not os.access(mp_exe, os.X_OK)
                                  else mp_exe, MP_HEAP):
        report(*row)
    print("== bench: journal size (bench/journal_bench.py), bytes per typical driver-day")
    for row in journal_bench.figures():
        report(*row)
    print("== bench: journal download (bench/sync_bench.py), pty at an emulated 115200 baud")
    for row in sync_bench.figures():
        report(*row)
    __import__("scenario_bench").run(report)
    print("== bench: office report (bench/report_bench.py), a fleet year from the store")
    for row in report_bench.figures(args.drivers):
        report(*row)
    print("== bench: done in %.0f s; a MISS is reported, not fatal" % (time.perf_counter() - started))
    if args.profile or not all(ok):
        profile()
    return 0


if __name__ == "__main__":
    sys.exit(main())
