# Cost of the cab unit per minute of record (engine feed + evaluation + warnings + screen), for `make bench`.
# SPDX-License-Identifier: MIT
"""How long :class:`drivetime.unit.Unit` takes for each minute, and its heap.

Runs under CPython (bench/run.py imports it) and MicroPython (run.py starts
``micropython -X heapsize=192K bench/unit_bench.py``, which prints
``key=value`` lines).

27 days of a working pattern (weekdays 4h30 driving, 45 min break, 4 h
driving; weekends off) are replayed interval by interval; then the 28th day
(a Monday) goes in minute by minute, each minute an ``on_record`` and a
``tick`` as the live unit does once a minute (ring append, engine feed,
evaluation, extrapolation, warnings, screen): ``us_per_minute``. The signal
path is not included (bench/signals_bench.py measures it). ``heap_unit``:
``gc.mem_alloc()`` after the 28 days minus before the Unit was made, both
after ``gc.collect()`` (MicroPython only).
"""

import gc
import sys


def _root():
    here = globals().get("__file__") or ""
    i = here.rfind("/")
    return (here[:i] if i > 0 else ".") + "/.."


for _p in (_root() + "/firmware",):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from drivetime.unit import Unit  # noqa: E402

gc.collect()
from drivetime.activity import BREAK_REST, DRIVING  # noqa: E402
import time  # noqa: E402

T0 = 29540160           # Monday 2026-03-02 00:00Z
DAY = 1440

try:
    _ticks = time.ticks_us

    def _since(t0):
        return time.ticks_diff(time.ticks_us(), t0)
except AttributeError:
    def _ticks():
        return time.perf_counter_ns() // 1000

    def _since(t0):
        return _ticks() - t0


def _day(d):
    s = T0 + d * DAY + 360
    if d % 7 >= 5:
        return [(T0 + d * DAY, T0 + (d + 1) * DAY, BREAK_REST)]
    return [(T0 + d * DAY, s, BREAK_REST), (s, s + 270, DRIVING), (s + 270, s + 315, BREAK_REST),
            (s + 315, s + 555, DRIVING), (s + 555, T0 + (d + 1) * DAY, BREAK_REST)]


def measure(history_days=27):
    gc.collect()
    mem = getattr(gc, "mem_alloc", None)
    heap0 = mem() if mem else 0
    u = Unit()
    for d in range(history_days):
        for start, end, activity in _day(d):
            u.on_record((end - T0) * 60000, start, end, activity)
            u.tick((end - T0) * 60000)
    spent = minutes = 0
    for start, end, activity in _day(history_days):
        for m in range(start, end):
            mono = (m + 1 - T0) * 60000
            t0 = _ticks()
            u.on_record(mono, m, m + 1, activity)
            u.tick(mono)
            spent += _since(t0)
            minutes += 1
    gc.collect()
    return {"us_per_minute": spent // minutes, "minutes": minutes,
            "heap_unit": (mem() - heap0) if mem else 0, "ring": len(u.ring),
            "infringements": len(u.infringements)}


TARGET_CPYTHON_US = 2000        # per minute: a few ms of a minute on the host
TARGET_MP_US = 50000            # unix port; a board ~40x slower stays under 1/30 of real time
TARGET_MP_HEAP = 48 * 1024      # Unit (ring, engine, warnings, screen) after 28 days


def figures(micropython=None, heapsize="192K"):
    """Rows ``(label, value, target, passed, detail)`` for bench/run.py."""
    from mpcall import run_script
    cp = measure()
    rows = [("unit: CPython us per minute", "%d" % cp["us_per_minute"],
             "<= %d" % TARGET_CPYTHON_US, cp["us_per_minute"] <= TARGET_CPYTHON_US,
             "(day 28 minute by minute after 27 days; ring %d entries)" % cp["ring"])]
    if micropython is None:
        return rows
    mp = run_script(micropython, heapsize, __file__)
    us, heap = int(mp["us_per_minute"]), int(mp["heap_unit"])
    rows.append(("unit: MicroPython us per minute", "%d" % us, "<= %d" % TARGET_MP_US,
                 us <= TARGET_MP_US, "(heapsize=%s)" % heapsize))
    rows.append(("unit: MicroPython heap of the Unit (B)", "%d" % heap, "<= %d" % TARGET_MP_HEAP,
                 heap <= TARGET_MP_HEAP, "(after 28 days, ring %s entries)" % mp["ring"]))
    return rows


def main():
    for key, value in sorted(measure().items()):
        print("%s=%s" % (key, value))


if __name__ == "__main__":
    main()
