# Test of the unit restored from a year of journal on flash, streamed within MicroPython's 192K heap.
# SPDX-License-Identifier: MIT
"""A year of working days journalled into segment files (the MicroPython
port's storage), then a unit restored from them: a year of records does not
fit the heap, so this passing under ``make test-mp`` shows restore streams
(plain asserts, both interpreters)."""

import gc
import os
import time

import mpport_path  # noqa: F401
from storage import FileStorage
from support import fresh_dir

from drivetime.unit import Unit  # noqa: E402

gc.collect()
from drivetime.segments import SegmentJournal  # noqa: E402

gc.collect()
import drivetime.restore  # noqa: E402, F401  (loaded before the year is written: less fragmentation)

gc.collect()
T0 = 29540160 - 364 * 1440      # Monday 2025-03-03: 52 weeks and a day to Monday 2026-03-02
# A folder of this run's own: two runs on one machine (pytest and make test-mp,
# two checkouts) would otherwise write one journal at once. MicroPython's os has
# no getpid; its time_ns counts microseconds, enough beside the pid on CPython.
DIR = "/tmp/drivetime_restore_year_%d_%d" % (getattr(os, "getpid", int)(), time.time_ns())
KEY = b"restore-year-unit-key"


def _year(days):
    """Each working day (Monday to Friday) as a unit journals it: power-up
    (driver, crew), 06:00 driving 4h30, a 45 min break, 3h45 driving, 30 min
    other work, power-down 15:30. :returns: the number of working days"""
    fresh_dir(DIR, make=True)
    j = SegmentJournal(FileStorage(DIR), KEY)
    j.recover()
    worked = 0
    for d in range(days):
        if d % 7 > 4:
            continue
        worked += 1
        t = T0 + d * 1440 + 360
        j.append("power", t, {"on": True})
        j.append("driver", t, {"card": "DF1", "name": "Erika"})
        j.append("crew", t, {"crew": "single"})
        for at, name in ((0, "driving"), (270, "break_rest"), (315, "driving"), (540, "other_work")):
            j.append("activity", t + at, {"start": t + at, "activity": name, "flags": 0})
        j.append("power", t + 570, {"on": False})
        if d % 8 == 7:
            gc.collect()
    j.seal()
    return worked


def test_a_year_of_journal_restores_within_the_heap():
    try:
        days = _year(365)
        assert days == 52 * 5 + 1
        gc.collect()
        u = Unit({"driver_card": "DF1", "driver_name": "Erika"})
        records, kept = u.restore(SegmentJournal(FileStorage(DIR), KEY))
        # 8 records a day; 4 intervals a day (1044), all within the ring's default
        # 1536 entries (drivetime.ring); the rest between days costs none.
        assert records == days * 8 and kept == days * 4
        t = T0 + 364 * 1440 + 360
        assert u.ring[-1] == (t + 540, t + 570, 2, 0) and u.ring[-4] == (t, t + 270, 3, 0)
        # The last day by hand: 3h45 driving since the 45 min break (Art 7), 8h15
        # driving that day (Art 6(1)), the week's first day (Art 6(2)). A year of
        # compliant weeks: 14h30 daily rests, 62h30 weekend rests (Art 8), 41h15
        # a week, 82h30 a fortnight (Art 6(3)), 43h45 working time a week (Dir
        # 2002/15), breaks after 4h30: no infringement.
        st = u.status
        assert st["continuous_driving_min"] == 225 and st["daily_driving_min"] == 495
        assert st["weekly_driving_min"] == 495 and st["fortnightly_driving_min"] == 5 * 495 + 495
        assert u.infringements == []
    finally:
        fresh_dir(DIR)          # this run's folder, passed or failed: none left in /tmp
