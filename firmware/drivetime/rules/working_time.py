# Directive 2002/15/EC working time, and national caps for categories of worker.
# SPDX-License-Identifier: MIT
"""Road-transport working time (Dir. 2002/15/EC; RULES.md §§3.10-3.12, §9).

Working time is driving and other work (Art 3(a)); availability is neither
work nor break. A shift runs from the end of one rest of at least 9 h to
the start of the next.

- Breaks (Art 5): no more than 6 h of work without a break of at least
  15 min; availability does not interrupt the run (Q10). Per shift,
  breaks of at least 15 min lying between working minutes must total 30 min
  when work exceeds 6 h and 45 min when it exceeds 9 h. Parts of a split
  daily rest are breaks like any other (Q11). One breach per shift: the
  total, or else the longest run of consecutive work.
- Week (Art 4(a)): at most 60 h in a fixed week, and on average 48 h over
  fixed reference periods of 17 weeks counted from the profile's anchor
  week (Q12: fixed periods report one breach per period; the length is a
  profile entry because member states set 4 or 6 months).
- Night work (Art 7): when work is done in the national night window, at
  most 10 h of work in the 24 h from the start of the shift (Q13).
- National caps (RULES.md §9): weekly and daily (local calendar day)
  working-time caps of the profile, under the profile's own rule ids and
  with no severity. A week over both a national cap and 60 h breaches two
  laws, so both are reported, each at the instant its own limit is passed.
"""

from drivetime.infringement import Infringement
from drivetime.rules import clone_state
from drivetime.rules.breaks import first_minute_in_window
from drivetime.timeutil import MIN_PER_DAY, week_of, week_start

WORK = 0
BREAK = 1
NEUTRAL = 2


class WorkingTimeMachine:
    """Working time of one mobile worker."""

    def __init__(self, profile, sink, start, local_offset_min=0, anchor_week=0):
        self.p = profile
        self.sink = sink
        self.offset = local_offset_min
        self.anchor_week = anchor_week
        self.break_start = -1
        self.break_end = -1
        # limits read once: _work runs for every working interval
        self.week_max = profile["wtd_week_max"]
        self.weekly_cap = profile["national_weekly_cap"]
        self.period_weeks = profile["wtd_reference_weeks_max"]
        self.average_limit = profile["wtd_average_week_max"] * self.period_weeks
        self.run_max = profile["wtd_consecutive_work_max"]
        self.night_max = profile["wtd_night_daily_max"]
        self.week = None
        self.week_begin = self.week_end = 0     # [begin, end) of self.week
        self.week_work = 0
        self.week_over_at = -1      # first minute beyond 60 h in the week
        self.cap_over_at = -1       # first minute beyond the national weekly cap
        self.period = None
        self.period_work = 0
        self.period_over_at = -1
        self.day = None
        self.day_work = 0
        self.day_over_at = -1
        self._new_shift(start)

    def clone(self):
        return clone_state(self)

    def _new_shift(self, start):
        self.shift_start = start
        self.work = 0               # working time in the shift
        self.breaks = 0             # breaks of 15 min or more between working minutes
        self.pending = 0            # such breaks since the last work: they count once work resumes
        self.run = 0                # consecutive work since the last such break
        self.longest_run = 0
        self.run_over_at = -1
        self.over_6h_at = -1
        self.over_9h_at = -1
        self.night_work = 0         # work in [shift start, +24 h)
        self.night_at = -1          # first night-work minute in that window
        self.night_over_at = -1

    def feed(self, kind, a, b):
        """Take the run ``[a, b)`` of ``kind`` (WORK, BREAK or NEUTRAL)."""
        if kind == BREAK:
            if self.break_start >= 0:
                self.break_end = b
            else:
                self.break_start, self.break_end = a, b
            return
        if self.break_start >= 0:
            self._break_ended(self.break_start, self.break_end)
            self.break_start = -1
        if kind == WORK:
            self._work(a, b)

    def _break_ended(self, a, b):
        p = self.p
        if b - a >= p["reduced_daily_rest_min"]:
            self._close_shift(a, True)
            self._new_shift(b)
        elif b - a >= p["wtd_break_part_min"]:
            if self.work:
                self.pending += b - a
            self.run = 0

    def _work(self, a, b):
        length = b - a
        self.breaks += self.pending
        self.pending = 0
        before = self.work
        self.work += length
        if self.over_6h_at < 0 and self.work > 360:
            self.over_6h_at = a + max(0, 360 - before)
        if self.over_9h_at < 0 and self.work > 540:
            self.over_9h_at = a + max(0, 540 - before)
        run_before = self.run
        self.run += length
        if self.run > self.longest_run:
            self.longest_run = self.run
        if self.run_over_at < 0 and self.run > self.run_max:
            self.run_over_at = a + max(0, self.run_max - run_before)
        # Art 7: night work and the 10 h in the 24 h from the shift start
        window_end = self.shift_start + MIN_PER_DAY
        if a < window_end:
            end = b if b < window_end else window_end
            if self.night_at < 0:
                p = self.p
                self.night_at = first_minute_in_window(a, end, p["wtd_night_start"], p["wtd_night_end"], self.offset)
            night_before = self.night_work
            self.night_work += end - a
            if self.night_over_at < 0 and self.night_work > self.night_max:
                self.night_over_at = a + max(0, self.night_max - night_before)
        self._count_week(a, b)
        if self.p["national_daily_cap"] is not None:
            self._count_day(a, b)

    def _count_week(self, a, b):
        while a < b:
            if not self.week_begin <= a < self.week_end:
                self._enter_week(week_of(a))
            end = b if b < self.week_end else self.week_end
            before = self.week_work
            self.week_work += end - a
            if self.week_over_at < 0 and self.week_work > self.week_max:
                self.week_over_at = a + max(0, self.week_max - before)
            cap = self.weekly_cap
            if cap is not None and self.cap_over_at < 0 and self.week_work > cap:
                self.cap_over_at = a + max(0, cap - before)
            before = self.period_work
            self.period_work += end - a
            if self.period_over_at < 0 and self.period_work > self.average_limit:
                self.period_over_at = a + max(0, self.average_limit - before)
            a = end

    def _enter_week(self, week):
        self._close_week()
        self.week, self.week_work = week, 0
        self.week_begin, self.week_end = week_start(week), week_start(week + 1)
        period = (week - self.anchor_week) // self.period_weeks
        if period != self.period:
            self._close_period()
            self.period, self.period_work = period, 0

    def _count_day(self, a, b):
        cap = self.p["national_daily_cap"]
        while a < b:
            day = (a + self.offset) // MIN_PER_DAY
            if day != self.day:
                self._close_day()
                self.day, self.day_work = day, 0
            end = min(b, (day + 1) * MIN_PER_DAY - self.offset)
            before = self.day_work
            self.day_work += end - a
            if self.day_over_at < 0 and self.day_work > cap:
                self.day_over_at = a + max(0, cap - before)
            a = end

    # -- closing periods -----------------------------------------------------

    def _close_shift(self, end, final):
        p = self.p
        need, at, row = 0, -1, None
        if self.work > 540:
            need, at, row = p["wtd_break_after_9h_min"], self.over_9h_at, "wtd_break_over_9h"
            if self.breaks < p["wtd_break_after_6h_min"]:
                at = self.over_6h_at
        elif self.work > 360:
            need, at, row = p["wtd_break_after_6h_min"], self.over_6h_at, "wtd_break_6_9h"
        if self.breaks < need:
            self.sink.append(Infringement("wtd_break", at, end, self.breaks, need, row,
                                          "%d min of work in the shift" % self.work, final))
        elif self.run_over_at >= 0:
            self.sink.append(Infringement("wtd_break", self.run_over_at, end, self.longest_run,
                                          p["wtd_consecutive_work_max"], None,
                                          "more than 6 h of work without a break", final))
        if self.night_at >= 0 and self.night_over_at >= 0:
            self.sink.append(Infringement("wtd_night_work", max(self.night_over_at, self.night_at),
                                          self.shift_start + MIN_PER_DAY, self.night_work,
                                          p["wtd_night_daily_max"], "wtd_night_work",
                                          "night work done in the 24 h period", final))

    def _close_week(self, now=None):
        """Report the week's breaches; ``now`` given means the week may still be open."""
        p = self.p
        if self.week is not None:
            end = week_start(self.week + 1)
            final = now is None or end <= now
            # two laws, two breaches: the national cap (RULES.md §9) is no part
            # of the WTD's 60 h, and each is reported at its own instant
            if self.cap_over_at >= 0:
                self.sink.append(Infringement("national_weekly_cap", self.cap_over_at, end, self.week_work,
                                              p["national_weekly_cap"], None,
                                              "weekly working-time cap of " + p["name"], final))
            if self.week_over_at >= 0:
                self.sink.append(Infringement("wtd_weekly_average", self.week_over_at, end, self.week_work,
                                              p["wtd_week_max"], "wtd_week_over_60", "working week over 60 h",
                                              final))
        self.week_over_at = self.cap_over_at = -1

    def _close_period(self, now=None):
        if self.period is not None and self.period_over_at >= 0:
            p = self.p
            weeks = p["wtd_reference_weeks_max"]
            end = week_start(self.anchor_week + (self.period + 1) * weeks)
            # measured: the weekly average, rounded down so that the severity
            # bounds (whole hours, "x >= 56 h") classify it exactly
            self.sink.append(Infringement("wtd_weekly_average", self.period_over_at, end,
                                          self.period_work // weeks, p["wtd_average_week_max"],
                                          "wtd_weekly_average",
                                          "average over a %d-week reference period: %d min of work"
                                          % (weeks, self.period_work), now is None or end <= now))
        self.period_over_at = -1

    def _close_day(self, now=None):
        if self.day is not None and self.day_over_at >= 0:
            end = (self.day + 1) * MIN_PER_DAY - self.offset
            self.sink.append(Infringement("national_daily_cap", self.day_over_at, end, self.day_work,
                                          self.p["national_daily_cap"], None,
                                          "daily working-time cap of " + self.p["name"],
                                          now is None or end <= now))
        self.day_over_at = -1

    def finish(self, now):
        """Report what is open at ``now`` (call on a clone)."""
        if self.break_start >= 0 and self.break_end - self.break_start >= self.p["reduced_daily_rest_min"]:
            self._close_shift(self.break_start, True)
        else:
            self._close_shift(self.break_start if self.break_start >= 0 else now, False)
        self._close_week(now)
        self._close_period(now)
        self._close_day(now)

    def status(self, st, now):
        resting = self.break_start >= 0 and self.break_end - self.break_start >= self.p["reduced_daily_rest_min"]
        st["working_time_shift_min"] = 0 if resting else self.work
        st["working_time_week_min"] = self.week_work if self.week == week_of(now) else 0
