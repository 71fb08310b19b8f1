# Test helper: build a driver's timeline step by step and judge it with the engine.
# SPDX-License-Identifier: MIT
"""A small builder for rule tests, for CPython and MicroPython alike.

    t = Timeline()                    # Monday 2026-03-02 00:00 UTC
    t.at(6, 0).drive(270).rest(45).drive(60)
    found, status = t.judge()
    assert rules(found) == ["continuous_driving"]

Durations are minutes; ``at(hour, minute, day=...)`` moves to a clock time
(days count from the start, Monday = 0), filling the gap with rest. Times in
assertions can be written ``t.time(day, hour, minute)``.
"""

from drivetime.activity import AVAILABILITY, BREAK_REST, DRIVING, OTHER_WORK, UNKNOWN
from drivetime.engine import Engine

MONDAY = 29540160      # 2026-03-02T00:00Z in minutes since 1970 (a Monday)


class Timeline:
    """Intervals ``(start, end, activity, flags)`` from ``start``, contiguous."""

    def __init__(self, start=MONDAY):
        self.origin = start
        self.now = start
        self.intervals = []

    def time(self, day=0, hour=0, minute=0):
        return self.origin + day * 1440 + hour * 60 + minute

    def add(self, minutes, activity, flags=0):
        if minutes > 0:
            self.intervals.append((self.now, self.now + minutes, activity, flags))
            self.now += minutes
        return self

    def drive(self, minutes, flags=0):
        return self.add(minutes, DRIVING, flags)

    def drive_in_stints(self, minutes):
        """Drive ``minutes`` in stints of at most 4h30 with 45 min breaks (Art 7)."""
        while minutes > 0:
            stint = min(270, minutes)
            self.drive(stint)
            minutes -= stint
            if minutes:
                self.rest(45)
        return self

    def rest(self, minutes, flags=0):
        return self.add(minutes, BREAK_REST, flags)

    def work(self, minutes, flags=0):
        return self.add(minutes, OTHER_WORK, flags)

    def avail(self, minutes, flags=0):
        return self.add(minutes, AVAILABILITY, flags)

    def unknown(self, minutes):
        return self.add(minutes, UNKNOWN)

    def at(self, hour, minute=0, day=None):
        """Rest until the clock time (today, or on ``day`` counted from the start)."""
        if day is None:
            day = (self.now - self.origin) // 1440
        target = self.time(day, hour, minute)
        if target < self.now:
            raise ValueError("at(): %d is before now (%d)" % (target, self.now))
        return self.rest(target - self.now)

    def engine(self, **options):
        e = Engine(**options)
        for start, end, activity, flags in self.intervals:
            e.feed(start, end, activity, flags)
        return e

    def judge(self, at=None, **options):
        """``(infringements, status)`` of the whole timeline."""
        return self.engine(**options).evaluate(at)


def rules(found):
    """The rule ids of a list of infringements, in order."""
    return [i.rule for i in found]


def only(found, rule):
    """The infringements of one rule."""
    return [i for i in found if i.rule == rule]


# Status entries that are instants: they move with the timeline.
TIME_KEYS = ("at", "daily_rest_latest_start", "weekly_rest_latest_start", "next_driving_allowed_at")


def fed(intervals, shift=0, **options):
    """A fresh engine fed ``intervals`` moved by ``shift`` minutes."""
    e = Engine(**options)
    for start, end, activity, flags in intervals:
        e.feed(start + shift, end + shift, activity, flags)
    return e


def outcome(result, shift=0):
    """``(infringements, status)`` in plain form, with instants moved back by ``shift``."""
    found, status = result
    plain = []
    for i in found:
        plain.append((i.rule, i.start - shift, i.end - shift) + i.as_tuple()[3:] + (i.final,))
    status = dict(status)
    for key in TIME_KEYS:
        if status.get(key) is not None:
            status[key] -= shift
    status["compensation_due_by"] = [t - shift for t in status.get("compensation_due_by", ())]
    return plain, status


def shift(t):
    """A working day: 7h30 driving with the Art 7 break after 4h30, then
    30 min other work; 8 h working time, 8h45 from start to end."""
    return t.drive(270).rest(45).drive(180).work(30)


def days(t, first, last, hour=6, day_shift=shift, weekdays=7):
    """``day_shift`` at ``hour`` on days ``first``..``last`` whose weekday
    (Monday 0) is below ``weekdays``: 5 for Monday-Friday, 6 for Monday-Saturday."""
    for day in range(first, last + 1):
        if day % 7 < weekdays:
            t.at(hour, 0, day=day)
            day_shift(t)
    return t
