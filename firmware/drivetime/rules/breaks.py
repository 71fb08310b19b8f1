# Art 7 breaks and the 12-day derogation's night cap, as one small state machine.
# SPDX-License-Identifier: MIT
"""Continuous driving (Reg. 561/2006 Art 7; RULES.md §3.1) and the night
limit of the 12-day derogation (Art 8(6a)(d); RULES.md §3.8 check 3).

State: ``acc``, the driving minutes of the current driving period, and
``part1``, whether a first break part of at least 15 min has been taken.
A pause of at least 45 min, or of at least 30 min after such a first part,
ends the driving period. Pauses under 15 min count for nothing; other work
neither adds nor resets (it also splits a pause, because it is another run).

Night cap, open question Q9: the cap of 3 h applies to a driving period as
soon as any of its driving lies in 22:00-06:00 local time; the breach
starts at the first driving minute that is both beyond 3 h and at or after
the period's first night-time driving minute.
"""

from drivetime.infringement import Infringement
from drivetime.rules import clone_state
from drivetime.timeutil import MIN_PER_DAY

DRIVE = 0
PAUSE = 1
NEUTRAL = 2


def first_minute_in_window(a, b, start, end, offset):
    """First minute of ``[a, b)`` whose local clock time lies in ``[start, end)``
    (a window that may wrap midnight), or -1."""
    local = (a + offset) % MIN_PER_DAY
    if start == end:                      # an empty window
        return -1
    if start < end:
        inside = start <= local < end
        wait = 0 if inside else (start - local) % MIN_PER_DAY
    else:
        inside = local >= start or local < end
        wait = 0 if inside else start - local
    return a + wait if a + wait < b else -1


class BreakMachine:
    """Driving periods and breaks of one driver."""

    def __init__(self, profile, sink, night_cap=False, local_offset_min=0):
        self.limit = profile["continuous_driving_max"]
        self.full = profile["break_min"]
        self.first = profile["break_first_part_min"]
        self.second = profile["break_second_part_min"]
        self.night_cap = profile["twelve_day_night_driving_max"] if night_cap else -1
        self.night_start = profile["twelve_day_night_start"]
        self.night_end = profile["twelve_day_night_end"]
        self.offset = local_offset_min
        self.sink = sink
        self.acc = 0
        self.part1 = False
        self.pause_start = -1
        self.pause_end = -1
        self.over_at = -1          # first driving minute beyond the limit, if any
        self.night_at = -1         # first night-time driving minute of the period
        self.night_over_at = -1    # first minute breaching the night cap

    def clone(self):
        return clone_state(self)

    def feed(self, kind, a, b):
        """Take the run ``[a, b)`` of ``kind`` (DRIVE, PAUSE or NEUTRAL)."""
        if kind == PAUSE:
            if self.pause_start >= 0:
                self.pause_end = b
            else:
                self.pause_start, self.pause_end = a, b
            return
        if self.pause_start >= 0:
            self._pause_ended()
        if kind == DRIVE:
            self._drive(a, b)

    def _drive(self, a, b):
        before = self.acc
        self.acc = before + b - a
        if self.over_at < 0 and self.acc > self.limit:
            self.over_at = a + max(0, self.limit - before)
        if self.night_cap >= 0:
            if self.night_at < 0:
                self.night_at = first_minute_in_window(a, b, self.night_start, self.night_end, self.offset)
            if self.night_over_at < 0 and self.night_at >= 0 and self.acc > self.night_cap:
                at = max(a + max(0, self.night_cap - before), self.night_at)
                if at < b:
                    self.night_over_at = at

    def _pause_ended(self):
        length = self.pause_end - self.pause_start
        if length >= self.full or (self.part1 and length >= self.second):
            self._close_period(self.pause_start, True)
        elif length >= self.first:
            self.part1 = True
        self.pause_start = -1

    def _close_period(self, end, final):
        # A period under the night cap is one driving period with a reduced
        # limit ("the driving period referred to in Article 7 is reduced to
        # three hours", Art 8(6a)(d)): one breach, one record, whose VSI row
        # (x >= 4h30) already covers going past 4h30 as well.
        if self.over_at >= 0 and self.night_over_at < 0:
            self.sink.append(Infringement("continuous_driving", self.over_at, end, self.acc,
                                          self.limit, "continuous_driving", final=final))
        if self.night_over_at >= 0:
            self.sink.append(Infringement("night_driving_12day", self.night_over_at, end, self.acc,
                                          self.night_cap, "night_driving_12day",
                                          "single-manned driving period with night-time driving", final))
        self.acc = 0
        self.part1 = False
        self.over_at = self.night_at = self.night_over_at = -1

    def finish(self, now):
        """Report what is still open at ``now`` (call on a clone)."""
        if self.pause_start >= 0:
            length = self.pause_end - self.pause_start
            if length >= self.full or (self.part1 and length >= self.second):
                self._close_period(self.pause_start, True)
                return
        self._close_period(now, False)

    def status(self, st, now):
        """Fill the driver's Art 7 counters into the dict ``st``."""
        pause = self.pause_end - self.pause_start if self.pause_start >= 0 else 0
        needed = self.second if self.part1 else self.full
        night_at = self.night_at
        if pause >= needed:               # the break is already complete
            acc, needed, night_at = 0, self.full, -1
        else:
            acc = self.acc
        left, night_ends = self._left(acc, night_at, now)
        st["continuous_driving_min"] = acc
        st["continuous_driving_left_min"] = left
        st["current_break_min"] = pause
        st["break_needed_min"] = needed
        if left == 0:
            allowed = (self.pause_start if pause else now) + needed
            if night_ends >= 0:           # daytime driving needs no break
                allowed = min(allowed, night_ends)
            st["_blocked_until"].append(allowed)

    def _left(self, acc, night_at, now):
        """Driving left before a breach if driving resumes at ``now``, and
        the end of the night window when only the night cap blocks it (else -1).

        Under the night cap (Q9 reading above) a period that already holds
        night driving, or resumes in the night window, may reach 3 h; one that
        resumes by day may drive on to 3 h or to the window's start, whichever
        is later, and never beyond 4h30.
        """
        left = max(0, self.limit - acc)
        if self.night_cap < 0 or left == 0:
            return left, -1
        cap_left = max(0, self.night_cap - acc)
        window = first_minute_in_window(now, now + MIN_PER_DAY, self.night_start, self.night_end, self.offset)
        if night_at >= 0:
            return cap_left, -1
        if window < 0:                    # no night window at all
            return left, -1
        if window == now:
            ends = now + (self.night_end - (now + self.offset)) % MIN_PER_DAY
            return cap_left, (ends if cap_left == 0 else -1)
        return min(left, max(cap_left, window - now)), -1
