# Weekly rest: the 6 x 24 h start limit, the two-week pattern, compensation, 12-day trips.
# SPDX-License-Identifier: MIT
"""Weekly rest (Reg. 561/2006 Art 8(6), 8(6a), 8(6b), 8(7), 8(9);
RULES.md §§3.6-3.8).

A weekly rest (WR) is a rest block of at least 24 h (joined across a ferry
or train crossing where Art 9 allows); it is regular from 45 h.

- Start limit: the next WR starts no later than 144 h (288 h on a 12-day
  trip after a regular WR) after the end of the previous one; reported at
  the deadline, or when a rest under way then ends short. Q6: a rest under
  24 h is no WR, so the one breach is a late start, measured by the delay.
- Two-week pattern: in any two consecutive fixed weeks, two WRs of which
  at least one regular. A WR that overlaps two weeks is assigned to either,
  never both (Art 8(9); Q7), and a pair fails only if no assignment
  satisfies it and the pairs before it; the search runs week by week over a
  handful of states. With the international-goods derogation the pair
  needs two WRs and any four weeks need four, two of them regular. Reported
  at the end of the offending (latest) reduced WR, measured by the longest
  reduced WR of the window; not again for a late start or a reduced WR
  already reported, nor inside a 12-day trip (Art 8(6a) postpones the WR).
- Compensation: each reduced WR owes 45 h minus its length, to be taken en
  bloc, attached to a rest of at least 9 h, by the end of the third week
  after its week. Credit of a block: its length minus 45 h for a block of
  45 h or more, minus 9 h (Q14) for one under 24 h. Oldest debts first.
  The compensation leads its block, so it counts if it ends by the deadline.
  After two reduced WRs in a row (derogation) both reductions leave the
  ledger: the next WR must be one block of 45 h plus both (Art 8(6b)).
"""

from drivetime.infringement import Infringement
from drivetime.rules import INTER, RestBlocks, clone_state
from drivetime.timeutil import week_of, week_start


class WeeklyRestMachine(RestBlocks):
    """Weekly rests, their pattern and the compensation ledger of one driver."""

    def __init__(self, profile, sink, start, two_reduced=False, twelve_day=False, multi=False):
        self.p = profile
        # AETR Art 8(6)(c): a multi-manned crew rests every week
        self.every_week = multi and profile["multi_manning_weekly_rest_every_week"]
        self.sink = sink
        self.two_reduced = two_reduced and profile["two_reduced_weekly_rests"]
        self.twelve_day = twelve_day
        self.rest_start = -1
        self.rest_end = -1
        self.rest_acc = 0
        # Before the data: assume a regular weekly rest that ended at its start.
        self.prev_end = start
        self.prev_regular = True
        self.late_at = -1
        self.late_spans = []        # (start, end) of late-start breaches, to avoid double reports
        self.trip_spans = []        # (start, end) of 12-day trips: no two-week pattern inside
        self.reported = []          # ends of reduced WRs already reported by the pattern check
        self.last_reduction = 0     # 45 h minus the length of the previous WR, if it was reduced
        self.debts = []             # [minutes, deadline, reduced-WR start]
        self.reduced_in_a_row = 0
        self.two_reduced_owed = 0   # compensation owed for two reduced WRs in a row (Art 8(6b))
        self.prev_start = start
        self.wrs = []               # (first week, last week, regular, start, end, length)
        self.next_week = week_of(start)
        self.now = start
        # Weeks before the data are assumed compliant, and the regular
        # weekly rest assumed to end at the start (prev_end above) counts in
        # the week it ends in: a record that opens on a Sunday must not make
        # that week look like one without a weekly rest.
        seed = (1, 1) if week_of(start - 1) == week_of(start) else (0, 0)
        self.states = {((2, 1),) * (3 if self.two_reduced else 1) + seed: True}

    def clone(self):
        return clone_state(self)

    def deadline(self):
        if self.twelve_day and self.prev_regular:
            return self.prev_end + self.p["twelve_day_start_max"]
        return self.prev_end + self.p["weekly_rest_start_max"]

    def feed(self, kind, a, b):
        """Take the run ``[a, b)``: REST or INTER (inside a rest block), or anything else."""
        if kind <= INTER:
            self._rest_run(kind, a, b)
            return
        block = self._end_rest_block()
        if block is not None:
            self._rest_block(block[0], block[1], block[2])
        self._settle_weeks(a)
        if self.late_at < 0 and b > self.deadline():
            self.late_at = max(a, self.deadline())
        self._expire_debts(b)

    # -- rest blocks ---------------------------------------------------------

    def _rest_block(self, start, end, acc):
        p = self.p
        self._expire_debts(start)
        if acc < p["reduced_daily_rest_min"]:
            self._expire_debts(end)
            return
        weekly = acc >= p["reduced_weekly_rest_min"]
        if weekly and self.two_reduced_owed:
            # Art 8(6b) second subparagraph: compensation first, in one block.
            need = p["weekly_rest_min"] + self.two_reduced_owed
            if acc < need:
                self.sink.append(Infringement("reduced_weekly_rest_compensation", start, end, acc, need,
                                              "two_reduced_compensation",
                                              "two reduced weekly rests not compensated before the next weekly rest"))
            self.two_reduced_owed = 0
        if acc >= p["weekly_rest_min"]:
            credit = acc - p["weekly_rest_min"]
        elif not weekly:
            credit = acc - p["reduced_daily_rest_min"]
        else:
            credit = 0
        # The compensation leads the block (Art 8(6b) "preceded by"): it is
        # in time if it ends by its deadline, whenever the block ends.
        paid_until = start
        while self.debts and self.debts[0][0] <= credit and paid_until + self.debts[0][0] <= self.debts[0][1]:
            minutes = self.debts.pop(0)[0]
            credit -= minutes
            paid_until += minutes
        self._expire_debts(end)
        if weekly:
            self._weekly_rest(start, end, acc)

    def _weekly_rest(self, start, end, acc):
        p = self.p
        deadline = self.deadline()
        trip = self.twelve_day and self.prev_regular and start - self.prev_end > p["weekly_rest_start_max"]
        if start > deadline or self.late_at >= 0:
            at = self.late_at if self.late_at >= 0 else deadline
            row = "twelve_day_late" if self.twelve_day and self.prev_regular else "weekly_rest_late"
            self.sink.append(Infringement("weekly_rest", at, start, max(0, start - deadline), 0, row,
                                          "weekly rest started after the deadline"))
            self.late_spans = self.late_spans[-3:] + [(at, start)]
        regular = acc >= p["weekly_rest_min"]
        if trip:
            # Art 8(6a)(b): after a 12-day trip, two weekly rests taken together (Q8).
            if acc < p["twelve_day_post_rest_min"]:
                self.sink.append(Infringement("weekly_rest", end, end, acc, p["twelve_day_post_rest_min"],
                                              "twelve_day_post_rest", "rest after a 12-day trip too short"))
            elif acc < p["weekly_rest_min"] * 2:
                self._owe(p["weekly_rest_min"] * 2 - acc, start)
            regular = True
            self.trip_spans = self.trip_spans[-3:] + [(self.prev_end, start)]
        elif not regular:
            owed = p["weekly_rest_min"] - acc
            self._owe(owed, start)
            self.reduced_in_a_row += 1
            if self.two_reduced and self.reduced_in_a_row == 2:
                # Art 8(6b) second subparagraph: both reductions, whatever
                # daily rests did since, precede the next WR in one block.
                self.two_reduced_owed = self.last_reduction + owed
                self.debts = [d for d in self.debts if d[2] < self.prev_start]
            self.last_reduction = owed
        if regular:
            self.reduced_in_a_row = 0
            self.last_reduction = 0
        self.wrs.append((week_of(start), week_of(end - 1), regular, start, end, acc))
        self.prev_start = start
        self.prev_end = end
        self.prev_regular = regular
        self.late_at = -1

    def _owe(self, minutes, wr_start):
        deadline = week_start(week_of(wr_start) + 1 + self.p["compensation_weeks_max"])
        self.debts.append([minutes, deadline, wr_start])

    def _expire_debts(self, now):
        while self.debts and self.debts[0][1] < now:
            minutes, deadline = self.debts.pop(0)[:2]
            self.sink.append(Infringement("reduced_weekly_rest_compensation", deadline, deadline, minutes, 0, None,
                                          "reduced weekly rest not compensated by the end of the third week"))

    # -- the two-week pattern ----------------------------------------------

    def _settle_weeks(self, now):
        self.now = now
        while week_start(self.next_week + 1) <= now:
            self._settle_week(self.next_week, True)
            self.next_week += 1

    def _settle_week(self, week, final):
        """Extend the assignment search by ``week`` and check its pair(s)."""
        fixed = [w for w in self.wrs if w[0] == week and w[1] == week]
        spanning = [w for w in self.wrs if w[0] == week and w[1] > week]
        new, fallback = {}, None
        for state in self.states:
            history, n0, r0 = state[:-2], state[-2] + len(fixed), state[-1]
            for w in fixed:
                r0 += w[2]
            for mask in range(1 << len(spanning)):
                n, r, n_next, r_next = n0, r0, 0, 0
                for i in range(len(spanning)):
                    if (mask >> i) & 1:
                        n_next += 1
                        r_next += spanning[i][2]
                    else:
                        n += 1
                        r += spanning[i][2]
                key = history[1:] + ((min(n, 4), min(r, 2)), min(n_next, 4), min(r_next, 2))
                if self._pattern_holds(history, n, r):
                    new[key] = True
                elif fallback is None or _favour(key) > _favour(fallback):
                    fallback = key
        if new:
            self.states = new
        else:
            self._pattern_failed(week, final)
            # go on from the assignment kindest to the weeks to come, so
            # one breach does not fail every later pair as well
            self.states = {fallback: True}
        keep = week_start(week - (2 if self.two_reduced else 0))
        self.wrs = [w for w in self.wrs if w[4] > keep]

    def _pattern_holds(self, history, n, r):
        if self.every_week and n < 1:
            return False
        prev_n, prev_r = history[-1]
        if prev_n + n < 2:
            return False
        if not self.two_reduced:
            return prev_r + r >= 1
        four_n = n + sum(h[0] for h in history)
        four_r = r + sum(h[1] for h in history)
        return four_n >= 4 and four_r >= 2

    def _pattern_failed(self, week, final):
        end = week_start(week + 1)
        first = week_start(week - (3 if self.two_reduced else 1))
        for a, b in self.late_spans + self.trip_spans:
            if a < end and b >= first:
                return
        if (self.twelve_day and self.prev_regular and self.now > self.prev_end + self.p["weekly_rest_start_max"]
                and self.now > first):
            return      # a 12-day trip is under way: the weekly rest is postponed (Art 8(6a))
        window = [w for w in self.wrs if w[3] < end and w[4] > first]
        reduced = [w for w in window if not w[2]]
        if reduced:
            # the latest reduced WR is the one that should have been regular
            at = max(w[4] for w in reduced)
            if at in self.reported:
                return
            self.reported = self.reported[-7:] + [at]
            self.sink.append(Infringement("weekly_rest", at, max(at, end), max(w[5] for w in reduced),
                                          self.p["weekly_rest_min"], "weekly_rest_no_reduction",
                                          "two consecutive weeks without a regular weekly rest", final))
        else:
            # too few weekly rests: no row of 2016/403 measures a missing one
            detail = "a week without a weekly rest (multi-manned, AETR Art 8(6)(c))" if self.every_week \
                else "two consecutive weeks without two weekly rests"
            self.sink.append(Infringement("weekly_rest", end, end, 0, self.p["reduced_weekly_rest_min"], None,
                                          detail, final))

    # -- reporting -----------------------------------------------------------

    def finish(self, now):
        if self.rest_start >= 0:
            if self.rest_acc >= self.p["reduced_weekly_rest_min"]:
                start, end, acc = self.rest_start, self.rest_end, self.rest_acc
                self.rest_start = -1
                found = len(self.sink)
                self._rest_block(start, end, acc)
                for breach in self.sink[found:]:
                    if breach.severity_row not in ("weekly_rest_late", "twelve_day_late"):
                        breach.final = False    # the rest goes on: it may still grow long enough
        self._settle_weeks(now)
        edge = self.rest_start if self.rest_start >= 0 else now
        if self.late_at < 0 and edge > self.deadline():
            self.late_at = self.deadline()
        if self.late_at >= 0:
            deadline = self.deadline()
            self.sink.append(Infringement("weekly_rest", self.late_at, now, max(0, edge - deadline), 0,
                                          "weekly_rest_late", "no weekly rest started by the deadline", False))
        # a rest still under way may yet pay what it began early enough to pay
        self._expire_debts(self.rest_start if self.rest_start >= 0 else now)

    def status(self, st, now):
        if self.rest_start >= 0 and self.rest_acc >= self.p["reduced_weekly_rest_min"]:
            # a weekly rest is being taken: the next one is due 6 x 24 h after it ends
            st["weekly_rest_latest_start"] = now + self.p["weekly_rest_start_max"]
        else:
            st["weekly_rest_latest_start"] = self.deadline()
        owed, due = [d[0] for d in self.debts], [d[1] for d in self.debts]
        if self.two_reduced_owed:
            # after two reduced WRs in a row: due with the next weekly rest
            owed.insert(0, self.two_reduced_owed)
            due.insert(0, self.deadline())
        st["compensation_open_min"] = owed
        st["compensation_due_by"] = due


def _favour(key):
    """How much a search state leaves for the weeks to come (more is kinder)."""
    weeks, regular = key[-2], key[-1]
    for n, r in key[:-2]:
        weeks += n
        regular += r
    return regular * 16 + weeks
