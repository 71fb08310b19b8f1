# Heap benchmark of the rules engine and the interval ring, run under MicroPython by bench/run.py.
# SPDX-License-Identifier: MIT
"""What the engine and a 28-day ring cost a small board's heap.

Usage (from anywhere; run.py does this)::

    micropython -X heapsize=192K bench/mp_bench.py

A compliant week of a multi-drop delivery driver (bench/generate.py, some
270 activity changes) is kept as a template in three ``array`` columns and
repeated week after week, so the input itself costs nothing while it is
replayed. A step is one ``Engine.feed`` plus one ``IntervalRing.append``,
which is what the unit does for each activity change.

Prints ``key=value`` lines:

- ``heap_engine_ring``: ``gc.mem_alloc()`` after 28 days were fed, minus
  the same before the Engine and the ring were made (both after
  ``gc.collect()``): what the state of the two costs;
- ``heap_engine_ring_peak``: the largest such figure sampled every
  ``SAMPLE_EVERY`` steps during the steady state (the state of an open
  week is larger than on Monday 00:00);
- ``heap_ring``: the ring alone (its memory is all taken at construction);
- ``heap_growth``: ``gc.mem_alloc()`` after at least ``STEPS`` further
  steps minus the same before them, both after ``gc.collect()`` and at the
  same point of the week (whole weeks are replayed);
- ``steps``, ``ring_len``, ``ring_dropped``, ``infringements`` (found by the
  engine over the whole run), ``mem_free``, ``seconds``.
"""

import gc
import sys
import time
from array import array


def _root():
    here = globals().get("__file__") or ""
    i = here.rfind("/")
    bench = here[:i] if i > 0 else "."
    return bench + "/.."


ROOT = _root()
sys.path.insert(0, ROOT + "/bench")
sys.path.insert(0, ROOT + "/firmware")

from drivetime.engine import Engine  # noqa: E402
from drivetime.ring import IntervalRing  # noqa: E402
from generate import DAY, MONDAY_2025, WEEK, driver_year  # noqa: E402

DRIVER = 0              # a multi-drop driver (generate.py: number % 5 < 2)
STEPS = 10000           # at least; rounded up to whole weeks
SAMPLE_EVERY = 16       # steps between two samples of the heap in use


def week_template(number):
    """One fixed week of the driver's compliant record, as offsets from Monday 00:00.

    The second week of the record is cut at its Monday boundaries; the rest
    it ends with merges, when the week is repeated, with the one it begins
    with.
    """
    lo, hi = MONDAY_2025 + WEEK, MONDAY_2025 + 2 * WEEK
    offset, length, kind = array("i"), array("i"), array("B")
    for start, end, activity, flags in driver_year(number, weeks=3, infringements=False):
        start, end = max(start, lo), min(end, hi)
        if end > start:
            offset.append(start - lo)
            length.append(end - start)
            kind.append(activity)
    return offset, length, kind


def replay(engine, ring, template, week, i, steps):
    """Feed ``steps`` activity changes of the repeated week, from entry ``i`` of ``week`` on.

    :returns: the week and the index within it to go on from
    """
    offset, length, kind = template
    n = len(offset)
    while steps:
        base = MONDAY_2025 + week * WEEK
        start = base + offset[i]
        end = start + length[i]
        activity = kind[i]
        engine.feed(start, end, activity, 0)
        ring.append(start, end, activity, 0)
        steps -= 1
        i += 1
        if i == n:
            i, week = 0, week + 1
    return week, i


def main():
    template = week_template(DRIVER)
    per_week = len(template[0])
    weeks = (STEPS + per_week - 1) // per_week      # whole weeks: same point of the week at both ends
    engine = ring = None
    gc.collect()
    before = gc.mem_alloc()
    ring = IntervalRing()
    gc.collect()
    ring_only = gc.mem_alloc() - before
    engine = Engine()
    # 28 days = four whole repeated weeks, ending on Monday 00:00
    week, i = replay(engine, ring, template, 0, 0, 4 * per_week)
    gc.collect()
    used = gc.mem_alloc() - before
    assert i == 0 and engine.end == MONDAY_2025 + 28 * DAY
    t0 = time.ticks_ms() if hasattr(time, "ticks_ms") else 0
    peak = used
    gc.collect()
    mark = gc.mem_alloc()
    for _ in range(weeks * per_week // SAMPLE_EVERY):
        week, i = replay(engine, ring, template, week, i, SAMPLE_EVERY)
        gc.collect()
        peak = max(peak, gc.mem_alloc() - before)
    week, i = replay(engine, ring, template, week, i, weeks * per_week % SAMPLE_EVERY)
    gc.collect()
    growth = gc.mem_alloc() - mark
    assert i == 0
    seconds = (time.ticks_diff(time.ticks_ms(), t0) / 1000) if hasattr(time, "ticks_ms") else 0
    print("heap_engine_ring=%d" % used)
    print("heap_engine_ring_peak=%d" % peak)
    print("heap_ring=%d" % ring_only)
    print("heap_growth=%d" % growth)
    print("steps=%d" % (weeks * per_week))
    print("steps_per_week=%d" % per_week)
    print("ring_len=%d" % len(ring))
    print("ring_dropped=%d" % ring.dropped)
    print("infringements=%d" % len(engine.infringements))
    print("mem_free=%d" % gc.mem_free())
    print("seconds=%.2f" % seconds)


if __name__ == "__main__":
    main()
