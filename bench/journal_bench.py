# Journal bytes per typical driver-day (issue 5 target <= 160), for `make bench`.
# SPDX-License-Identifier: MIT
"""Bytes the journal spends on a typical driver-day.

A working day as the cab unit lives it: 06:00 power up, day start in D (Germany)
with a GNSS position, 30 min other work, 4 h 30 driving, 45 min break,
4 h driving, 30 min other work, day end with a position, power down. The
records are those :class:`drivetime.unit.Unit` emits when the day is fed
to it minute by minute (activity changes, warnings), plus those the port
and the day dialogue add (power, day start/end with country, positions at
start and end of day and after every 3 h of accumulated driving), written
through :class:`drivetime.segments.SegmentJournal` into RAM storage, with
a seal at the end of each day. Five such days run; the figure is the
storage used (segment anchors and seals included) divided by five.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if os.path.join(ROOT, "firmware") not in sys.path:
    sys.path.insert(0, os.path.join(ROOT, "firmware"))

from drivetime.activity import BREAK_REST, DRIVING, OTHER_WORK  # noqa: E402
from drivetime.segments import RamStorage, SegmentJournal  # noqa: E402
from drivetime.unit import Log, Unit  # noqa: E402

T0 = 29540160           # Monday 2026-03-02 00:00Z
DAY = 1440
TARGET = 160


def _day_plan(t):
    s = t + 360
    return [(t, s, BREAK_REST), (s, s + 30, OTHER_WORK), (s + 30, s + 300, DRIVING),
            (s + 300, s + 345, BREAK_REST), (s + 345, s + 585, DRIVING),
            (s + 585, s + 615, OTHER_WORK), (s + 615, t + DAY, BREAK_REST)]


def driver_days(days=5):
    """Yield the ``(kind, minute, fields)`` records of ``days`` working days."""
    u = Unit()
    here = [(31512, 8043)]          # Berlin, 52.52 N 13.405 E in 1/600 degree
    for d in range(days):
        t = T0 + d * DAY
        driven = 0
        for start, end, activity in _day_plan(t):
            for m in range(start, end):
                if m == t + 360:
                    yield "power", m, {"on": True}
                    yield "day", m, {"event": "start", "country": "D"}
                    yield "position", m, {"lat": here[0][0], "lon": here[0][1], "reason": "start"}
                mono = (m + 1 - T0) * 60000
                u.on_record(mono, m, m + 1, activity)
                for o in u.tick(mono):
                    if isinstance(o, Log):
                        f = dict(o.fields)
                        yield o.kind, f.pop("minute"), f
                if activity == DRIVING:
                    driven += 1
                    if driven % 180 == 0:
                        here[0] = (here[0][0] - 540, here[0][1] + 324)
                        yield "position", m, {"lat": here[0][0], "lon": here[0][1], "reason": "3h"}
                if m == t + 360 + 615 - 1:
                    yield "position", m, {"lat": here[0][0], "lon": here[0][1], "reason": "end"}
                    yield "day", m, {"event": "end", "country": "D"}
                    yield "seal", m, None
                    yield "power", m, {"on": False}


def measure(days=5):
    """Return ``(bytes_per_day, records_per_day)`` for ``days`` typical days."""
    st = RamStorage()
    j = SegmentJournal(st, b"bench-unit-key-0")
    j.recover()
    n = 0
    for kind, minute, fields in driver_days(days):
        if kind == "seal":
            j.seal()
        else:
            j.append(kind, minute, fields)
            n += 1
    j.seal()
    return j.total_bytes() / days, n / days


def figures():
    """Rows ``(label, value, target, passed, detail)`` for bench/run.py."""
    per_day, recs = measure()
    return [("journal: bytes per typical driver-day", "%.0f" % per_day, "<= %d" % TARGET,
             per_day <= TARGET, "(%.0f records a day, seals and segment anchors included)" % recs)]


if __name__ == "__main__":
    for row in figures():
        print("%s: %s (target %s) %s %s" % (row[0], row[1], row[2], "PASS" if row[3] else "MISS", row[4]))
