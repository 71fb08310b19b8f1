# Deterministic, realistic driver-years for the benchmarks (CPython and MicroPython).
# SPDX-License-Identifier: MIT
"""Generate a driver's activity record, the same on every interpreter.

:func:`driver_year` yields contiguous intervals ``(start, end, activity,
flags)`` in UTC minutes for one driver, drawn from a small xorshift PRNG
seeded by the driver's number, so run.py (CPython) and mp_bench.py
(MicroPython) see identical data. Only builtins are used.

The shape follows real tachograph records after the one-minute rule:

- 5 or 6 working days a fixed week (a 6-day week is never followed by
  another, so the reduced weekly rest it causes is compensated by the next
  weekend, Art 8(6));
- a day starts between 04:00 and 07:30 UTC with a vehicle check (other
  work), then driving stints with breaks of 45 min, or 15 + 30 split
  (Art 7), and ends with other work; at least 11 h of daily rest follows;
- two driver styles: long-haul (stints of 1-3 h, a few loading stops: some
  8 changes a working day) and multi-drop delivery, 2 drivers in 5 (stints
  of 10-40 min between deliveries of other work and waiting: some 40);
  both drive about 7 h a working day;
- about one day in 40 holds an infringement: a stint beyond 4 h 30, a day
  of more than 10 h driving, or a daily rest cut to 8 h; and about one day
  in 100 misses its record of the morning (a gap, i.e. unknown time).
"""

from drivetime.activity import AVAILABILITY, BREAK_REST, DRIVING, OTHER_WORK

MONDAY_2025 = 28935360          # 2025-01-06T00:00Z, a Monday, in minutes since 1970
DAY = 1440
WEEK = 7 * DAY
_MASK32 = 0xFFFFFFFF


class Rng:
    """xorshift32: tiny, deterministic and identical on both interpreters."""

    def __init__(self, seed):
        self.x = (seed * 2654435761 + 12345) & _MASK32 or 1

    def below(self, n):
        """An int in ``0 <= v < n`` (modulo bias is irrelevant here)."""
        x = self.x
        x ^= (x << 13) & _MASK32
        x ^= x >> 17
        x ^= (x << 5) & _MASK32
        self.x = x
        return x % n

    def between(self, a, b):
        """An int in ``a <= v <= b``."""
        return a + self.below(b - a + 1)


class _Day:
    """One working day as a list of intervals, built stint by stint."""

    def __init__(self, start):
        self.t = start
        self.out = []

    def add(self, minutes, activity):
        if minutes <= 0:
            return
        out = self.out
        if out and out[-1][2] == activity:          # e.g. a delivery, then the end-of-day check
            out[-1] = (out[-1][0], self.t + minutes, activity, 0)
        else:
            out.append((self.t, self.t + minutes, activity, 0))
        self.t += minutes


def _working_day(rng, start, multi_drop, drive_target, infringe):
    day = _Day(start)
    day.add(rng.between(10, 25), OTHER_WORK)                    # vehicle check
    driven = cont = 0
    worked = day.t - start       # working time since the last break (Dir 2002/15 Art 5)
    half_break = False           # a first 15-min part of a split break is taken
    cont_limit = 290 if infringe == "continuous" else 270
    while driven < drive_target and day.t - start < 13 * 60:
        if multi_drop:
            stint = rng.between(10, 40)
        else:
            stint = rng.between(60, 180)
        stint = min(stint, drive_target - driven, cont_limit - cont)
        day.add(stint, DRIVING)
        driven += stint
        cont += stint
        worked += stint
        if driven >= drive_target:
            break
        if cont >= cont_limit - 10 or worked >= 300 or (cont >= 180 and rng.below(3) == 0):
            # Art 7 break: 45 min, or the 30-min second part of a split
            day.add(30 if half_break else 45, BREAK_REST)
            cont = worked = 0
            half_break = False
        elif not half_break and cont >= 90 and rng.below(6) == 0:
            day.add(15, BREAK_REST)
            half_break = True
        elif multi_drop:
            stop = rng.between(3, 15)
            day.add(stop, OTHER_WORK)                           # a delivery
            worked += stop
            if rng.below(4) == 0:
                day.add(rng.between(2, 10), AVAILABILITY)       # waiting to unload
        elif rng.below(3) == 0:
            stop = rng.between(20, 60)
            day.add(stop, OTHER_WORK)                           # loading
            worked += stop
            if rng.below(2) == 0:
                day.add(rng.between(10, 40), AVAILABILITY)
    day.add(rng.between(10, 20), OTHER_WORK)                    # end-of-day check
    return day.out


def driver_year(number, weeks=52, first_monday=MONDAY_2025, infringements=True):
    """Yield one driver's contiguous intervals over ``weeks`` fixed weeks.

    :param number: the driver's number; it seeds the generator
    :param weeks: length of the record in fixed weeks
    :param infringements: False for a driver who never breaks a rule on
        purpose (the draws stay the same, only the infringing days go)
    """
    rng = Rng(number + 1)
    multi_drop = number % 5 < 2                                 # 40 % delivery drivers
    t = None                                                    # end of the record so far
    six_days = False
    for week in range(weeks):
        monday = first_monday + week * WEEK
        six_days = (not six_days) and rng.below(3) == 0
        for weekday in range(6 if six_days else 5):
            day_start = monday + weekday * DAY + rng.between(240, 450)
            roll = rng.below(40)
            infringe = ("continuous", "daily", "rest")[roll] if roll < 3 and infringements else None
            if t is None:
                t = day_start - 11 * 60             # the record opens with a daily rest
            elif infringe == "rest":
                day_start = t + 8 * 60 + rng.between(0, 20)
            elif day_start < t + 11 * 60:
                day_start = t + 11 * 60
            if rng.below(100) == 0:
                # no record for part of the rest and the morning (card left out)
                gap_start = day_start - rng.between(30, 120)
                if gap_start > t:
                    yield t, gap_start, BREAK_REST, 0
                t = day_start
            if day_start > t:
                yield t, day_start, BREAK_REST, 0
            if infringe == "daily":
                target = rng.between(610, 640)
            elif six_days:
                target = rng.between(330, 450)
            else:
                target = rng.between(360, 500)
            for interval in _working_day(rng, day_start, multi_drop, target, infringe):
                yield interval
            t = interval[1]
    end = first_monday + weeks * WEEK
    if t is not None and end > t:
        yield t, end, BREAK_REST, 0
