# Daily rest, multi-manning rest and daily driving: the shift machine.
# SPDX-License-Identifier: MIT
"""Daily rest (Reg. 561/2006 Art 8(2)-(4); RULES.md §3.4), multi-manning
rest (Art 8(5); §3.5) and daily driving (Art 6(1); §3.2).

``S`` is the end of the previous daily or weekly rest; the window is
``[S, S + 24 h)`` (30 h when multi-manned). The first rest block of at least
9 h that starts at or after ``S`` completes the daily rest and closes the
shift; ``P`` is the part of it inside the window. Earlier blocks of at
least 3 h make a 3 h + 9 h split possible.

Open question Q16, settled: a window with less than 9 h of rest in one
block inside it is one ``daily_rest`` infringement, and the daily driving
period ends at the block with the most rest inside the window (the latest
if tied; at the end of the window if there was none), even when a longer
block started near the window's end (RULES.md §3.4 step 5). The next
window starts there, so one short rest never cascades into a week of
breaches, and the driving before and after it are two days, as an
enforcement officer would count them.

Other settled questions: Q2, a weekly rest that starts in the window with
at least 9 h inside it satisfies the daily rest without counting as a
reduction; Q3, a shift's 10 h extension counts in the fixed week in which it
starts; Q4, a day over 10 h also uses up an extension (Art 6(1) counts
extended days, and the day was extended); Q5, the 9 h multi-manning rest is
not a reduced daily rest.

Runs arrive already joined across ferry or train interruptions: ``INTER``
runs lie inside a rest block, add nothing to its rest and their driving is
not daily driving (Art 9; Annex IC App 14 Addendum 2(h)).
"""

from drivetime.infringement import Infringement
from drivetime.rules import INTER, REST, RestBlocks, clone_state
from drivetime.timeutil import week_of

DRIVE = 2
WORK = 3


class DailyMachine(RestBlocks):
    """Shifts and daily rests of one driver."""

    def __init__(self, profile, sink, start, multi=False):
        self.p = profile
        self.sink = sink
        self.multi = multi
        self.reduced = 0            # reduced daily rests since the last weekly rest (Art 8(4))
        self.extended = {}          # fixed week -> shifts over 9 h started in it
        self.rest_start = -1        # the rest block in progress
        self.rest_end = -1
        self.rest_acc = 0
        self.fresh = True           # nothing but rest since the data began
        self._new_period(start)

    def clone(self):
        return clone_state(self)

    def _new_period(self, start):
        self.S = start
        self.window = self.p["multi_manning_window_max"] if self.multi else self.p["daily_rest_window_max"]
        self.runs = []              # closed runs since S: (kind, a, b, rest minutes)
        self.part1 = False          # a 3 h first part of a split rest was taken
        self.part1_end = -1         # where the first such part ended
        self.proven_at = -1         # first minute proving the rest cannot fit any more

    # -- feeding -------------------------------------------------------------

    def feed(self, kind, a, b):
        """Take the run ``[a, b)`` of ``kind`` (REST, INTER, DRIVE or WORK)."""
        if kind <= INTER:
            self._rest_run(kind, a, b)
            return
        block = self._end_rest_block()
        if block is not None:
            start, end, acc = block
            if self.fresh:
                # The rest the data opens with ended the shift before it;
                # how long it really was is not known, so it is not judged.
                if acc >= self.p["reduced_weekly_rest_min"]:
                    self.reduced = 0
                self._new_period(end)
            else:
                self._rest_block(start, end, acc, self.rest_inters)
        self.fresh = False
        self._work(kind, a, b)

    def rest_required(self):
        """Rest that must still fit into the window: 9 h or 11 h."""
        if self.multi:
            return self.p["multi_manning_rest_min"]
        if self.part1 or self.reduced < self.p["reduced_daily_rests_max"]:
            return self.p["reduced_daily_rest_min"]
        return self.p["daily_rest_min"]

    def _required_after(self, acc, now):
        """Rest the next window needs if the rest in progress (``acc``) ended
        at ``now``: 11 h once no reduction is left (Art 8(4)), else 9 h."""
        p = self.p
        if self.multi:
            return p["multi_manning_rest_min"]
        inside = acc - max(0, now - self.S - self.window)
        regular = inside >= p["daily_rest_min"] or (self.part1 and inside >= p["split_rest_second_part_min"])
        reduced = 0 if acc >= p["reduced_weekly_rest_min"] else self.reduced + (
            0 if regular or inside < p["reduced_daily_rest_min"] else 1)
        return p["reduced_daily_rest_min" if reduced < p["reduced_daily_rests_max"] else "daily_rest_min"]

    def _work(self, kind, a, b):
        while a >= self.S + self.window:
            self._close_without_daily_rest()
        if self.proven_at < 0:
            latest = self.S + self.window - self.rest_required()
            if b > latest:
                self.proven_at = max(a, latest)
        runs = self.runs
        if runs and runs[-1][0] == kind and runs[-1][2] == a:
            runs[-1] = (kind, runs[-1][1], b, 0)
        else:
            runs.append((kind, a, b, 0))

    def _rest_block(self, start, end, acc, inters=()):
        """A closed rest block; ``inters``: its Art 9 interruptions."""
        while start >= self.S + self.window:
            self._close_without_daily_rest()
        window_end = self.S + self.window
        if acc >= self.p["reduced_daily_rest_min"]:
            # 8(2) portion: the rest minutes of the block inside the window
            inside = max(0, min(end, window_end) - start)
            for a, b in inters:
                inside -= max(0, min(b, window_end) - max(a, start))
            self._daily_rest_taken(start, end, acc, inside, inters)
            return
        self.runs.append((REST, start, end, acc))
        if acc >= self.p["split_rest_first_part_min"] and end <= window_end and not self.part1:
            self.part1, self.part1_end = True, end
        if end > window_end:
            self._close_without_daily_rest()

    # -- decisions -----------------------------------------------------------

    def _daily_rest_taken(self, start, end, acc, inside, inters=()):
        """A block of 9 h or more closes the shift (RULES.md §3.4 step 3)."""
        p = self.p
        weekly = acc >= p["reduced_weekly_rest_min"]
        if inside < p["multi_manning_rest_min" if self.multi else "reduced_daily_rest_min"]:
            longest = self._longest_run()
            if longest is not None and self._inside(longest) > inside:
                # Q16: a longer block earlier in the window ended the period;
                # this block is judged again in the window that follows it.
                self.runs.append((REST, start, end, acc))
                self._close_without_daily_rest()
                return
            self._short_rest(self._short_at(end, inters), inside)
        elif not (self.multi or weekly or inside >= p["daily_rest_min"]
                  or (self.part1 and inside >= p["split_rest_second_part_min"])):
            self.reduced += 1               # 9 h <= P < 11 h; not Q5, Q2 or a split
            if self.reduced > p["reduced_daily_rests_max"]:
                at = self.proven_at if self.proven_at >= 0 else end
                self.sink.append(Infringement("daily_rest", at, self.S + self.window, inside,
                                              p["daily_rest_min"], "daily_rest_no_reduction",
                                              "reduced daily rest with no reduction left"))
        self._close_shift(start, True)
        if weekly:
            self.reduced = 0
        self._new_period(end)

    def _short_at(self, end, inters):
        """When a block that ends at ``end`` is proven short (RULES.md §1):
        at an interruption that leaves too little of the window, else when
        the window or the rest ends."""
        window_end = self.S + self.window
        latest = window_end - self.rest_required()
        for a, b in inters:
            if a < window_end and b > latest:
                return max(a, latest)
        return min(end, window_end)

    def _short_rest(self, fallback_at, measured, final=True, split=None):
        """One insufficient rest (§3.4 step 4); ``split``: a 3 h part preceded it."""
        p = self.p
        at = self.proven_at if self.proven_at >= 0 else fallback_at
        if self.multi:
            rule, row, limit = "multi_manning_rest", "multi_manning_rest", p["multi_manning_rest_min"]
        elif self.part1 if split is None else split:
            rule, row, limit = "daily_rest", "split_daily_rest", p["split_rest_second_part_min"]
        elif self.reduced < p["reduced_daily_rests_max"]:
            rule, row, limit = "daily_rest", "reduced_daily_rest", p["reduced_daily_rest_min"]
        else:
            rule, row, limit = "daily_rest", "daily_rest_no_reduction", p["daily_rest_min"]
        self.sink.append(Infringement(rule, at, self.S + self.window, measured, limit, row,
                                      "no daily rest of the required length in the window", final))

    def _inside(self, run):
        """Rest minutes of the block ``run`` inside the window (8(2) portion)."""
        window_end = self.S + self.window
        return max(0, run[3] - max(0, run[2] - window_end)) if run[1] < window_end else 0

    def _longest_run(self):
        """The rest block with the most rest inside the window (the latest if tied)."""
        chosen, best = None, 0
        for run in self.runs:
            if run[0] == REST and run[1] < self.S + self.window and self._inside(run) >= best:
                chosen, best = run, self._inside(run)
        return chosen

    def _split_before(self, run):
        """A 3 h part ended before ``run``, so ``run`` is a short second part
        (§3.4 step 4 "split combination attempted"); a lone 8 h block is not."""
        return self.part1 and run is not None and self.part1_end <= run[1]

    def _close_without_daily_rest(self):
        """The window ended with no rest of 9 h: one breach; restart at the
        longest rest taken in it (Q16) and replay what followed."""
        window_end = self.S + self.window
        chosen = self._longest_run()
        self._short_rest(window_end, self._inside(chosen) if chosen else 0, True, self._split_before(chosen))
        shift_end, restart = (chosen[1], chosen[2]) if chosen else (window_end, window_end)
        self._close_shift(shift_end, True)
        runs = self.runs
        self._new_period(restart)
        for kind, a, b, acc in runs:
            if b <= restart:
                continue
            if kind == REST:
                self._rest_block(a, b, acc)
            else:
                self._work(kind, max(a, restart), b)

    def _shift_driving(self, until):
        """Driving in ``[S, until)`` and the instants it went beyond 9 h and 10 h."""
        total = 0
        beyond = [-1, -1]
        limits = (self.p["daily_driving_max"], self.p["daily_driving_extended_max"])
        for kind, a, b, acc in self.runs:
            if kind != DRIVE or a >= until:
                continue
            b = min(b, until)
            for i in (0, 1):
                if beyond[i] < 0 and total + b - a > limits[i]:
                    beyond[i] = a + limits[i] - total
            total += b - a
        return total, beyond

    def _close_shift(self, end, final):
        """Daily driving of the shift ending at ``end`` (Art 6(1); RULES.md §3.2)."""
        p = self.p
        driving, beyond = self._shift_driving(end)
        week = week_of(self.S)
        used = self.extended.get(week, 0)
        if driving > p["daily_driving_max"]:
            used += 1
            if final:
                self.extended = {w: n for w, n in self.extended.items() if w >= week - 1}
                self.extended[week] = used
        if used <= p["daily_extensions_per_week"]:
            limit, row, at = p["daily_driving_extended_max"], "daily_driving_10h", beyond[1]
        else:
            limit, row, at = p["daily_driving_max"], "daily_driving_9h", beyond[0]
        if driving > limit:
            self.sink.append(Infringement("daily_driving", at, end, driving, limit, row,
                                          "%d of %d extensions used this week" % (used, p["daily_extensions_per_week"]),
                                          final))

    # -- reporting -----------------------------------------------------------

    def finish(self, now):
        """Report breaches already proven at ``now`` (call on a clone)."""
        if self.fresh:
            return
        resting = self.rest_start >= 0
        if resting and self.rest_acc >= self.p["reduced_daily_rest_min"]:
            if self.proven_at < 0:
                # The rest in progress can still complete the daily rest: it closes the shift.
                self._close_shift(self.rest_start, True)
                return
            # Proven short: judge the rest as it stands, as _rest_block will
            # when it ends; its part inside the window may still grow.
            growing, first = now < self.S + self.window, len(self.sink)
            self._rest_block(self.rest_start, self.rest_end, self.rest_acc, self.rest_inters)
            for hit in self.sink[first:]:
                hit.final = hit.final and not growing
            return
        edge = self.rest_start if resting else now
        while edge >= self.S + self.window:
            self._close_without_daily_rest()
        if self.proven_at >= 0:
            run = self._longest_run()
            self._short_rest(now, self._inside(run) if run else 0, False, self._split_before(run))
        self._close_shift(edge, False)

    def status(self, st, now):
        """Fill the daily counters into the dict ``st``."""
        p = self.p
        acc = self.rest_acc if self.rest_start >= 0 else 0
        required = self.rest_required()
        if acc >= p["reduced_daily_rest_min"]:          # a daily rest is being taken
            closed, _ = self._shift_driving(self.rest_start)
            driving, week = 0, week_of(now)
            latest = now + self.window - self._required_after(acc, now)
            used = self.extended.get(week, 0)
            if closed > p["daily_driving_max"] and week_of(self.S) == week:
                used += 1                   # the shift just closed was an extended one
        else:
            driving, _ = self._shift_driving(self.rest_start if self.rest_start >= 0 else now)
            week = week_of(self.S)
            latest = self.S + self.window - required
            used = self.extended.get(week, 0)
        over9 = driving > p["daily_driving_max"]
        left = p["daily_extensions_per_week"] - used - (1 if over9 else 0)
        # 10 h while an extension is left (or today already uses one of the two).
        extend = left >= 0 if over9 else left > 0
        limit = p["daily_driving_extended_max" if extend else "daily_driving_max"]
        st["daily_driving_min"] = driving
        st["daily_driving_limit_min"] = limit
        st["daily_driving_left_min"] = max(0, limit - driving)
        st["daily_extensions_left"] = max(0, left)
        st["reduced_daily_rests_left"] = max(0, p["reduced_daily_rests_max"] - self.reduced)
        st["daily_rest_left_min"] = max(0, required - acc)
        st["daily_rest_latest_start"] = latest
        if driving >= limit:
            st["_blocked_until"].append((self.rest_start if self.rest_start >= 0 else now) + required)
