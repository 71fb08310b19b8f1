# Weekly (56 h) and fortnightly (90 h) driving per fixed week.
# SPDX-License-Identifier: MIT
"""Weekly and fortnightly driving (Reg. 561/2006 Art 6(2), 6(3); RULES.md §3.3).

Every driving minute counts in the fixed UTC week it falls in, including
driving outside the EU and during ferry or train interruptions (Art 6(4)).
Only the current and the previous week are kept.
"""

from drivetime.infringement import Infringement
from drivetime.rules import clone_state
from drivetime.timeutil import week_of, week_start


class WeeklyDrivingMachine:
    """Driving totals of the current and the previous fixed week."""

    def __init__(self, profile, sink):
        self.week_max = profile["weekly_driving_max"]
        self.pair_max = profile["fortnightly_driving_max"]
        self.sink = sink
        self.week = None
        self.total = 0              # driving in self.week
        self.previous = 0           # driving in self.week - 1
        self.week_over_at = -1
        self.pair_over_at = -1

    def clone(self):
        return clone_state(self)

    def drive(self, a, b):
        """Count the driving run ``[a, b)``, split at week boundaries."""
        while a < b:
            week = week_of(a)
            if week != self.week:
                self._enter(week)
            end = min(b, week_start(week + 1))
            before = self.total
            self.total += end - a
            if self.week_over_at < 0 and self.total > self.week_max:
                self.week_over_at = a + max(0, self.week_max - before)
            pair_before = self.previous + before
            if self.pair_over_at < 0 and self.previous + self.total > self.pair_max:
                self.pair_over_at = a + max(0, self.pair_max - pair_before)
            a = end

    def _enter(self, week):
        if self.week is not None:
            self._close_week(True)
        self.previous = self.total if self.week is not None and week == self.week + 1 else 0
        self.week = week
        self.total = 0

    def _close_week(self, final):
        end = week_start(self.week + 1)
        if self.week_over_at >= 0:
            self.sink.append(Infringement("weekly_driving", self.week_over_at, end, self.total,
                                          self.week_max, "weekly_driving", final=final))
        if self.pair_over_at >= 0:
            self.sink.append(Infringement("fortnightly_driving", self.pair_over_at, end,
                                          self.previous + self.total, self.pair_max,
                                          "fortnightly_driving", "this week and the week before", final))
        self.week_over_at = self.pair_over_at = -1

    def finish(self, now):
        """Report the current week's breaches (call on a clone)."""
        if self.week is not None:
            self._close_week(now >= week_start(self.week + 1))

    def status(self, st, now):
        week = week_of(now)
        this = self.total if self.week == week else 0
        last = self.total if self.week == week - 1 else (self.previous if self.week == week else 0)
        st["weekly_driving_min"] = this
        st["weekly_driving_left_min"] = max(0, self.week_max - this)
        st["fortnightly_driving_min"] = this + last
        st["fortnightly_driving_left_min"] = max(0, self.pair_max - this - last)
        if this >= self.week_max or this + last >= self.pair_max:
            st["_blocked_until"].append(week_start(week + 1))
