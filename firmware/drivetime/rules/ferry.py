# Art 9(1): a rest interrupted on a ferry or train, joined back into one rest.
# SPDX-License-Identifier: MIT
"""Ferry and train interruptions (Reg. 561/2006 Art 9(1); RULES.md §3.9).

A regular daily rest (and, under the EU rules, a weekly rest) taken on a
ferry or train with a sleeper "may be interrupted not more than twice by
other activities not exceeding one hour in total".

The joiner sits in front of the daily-rest and weekly-rest machines. After
each rest block it holds back what follows, as long as it could still be an
allowed interruption (at most ``ferry_interruptions_max`` of them, at most
``ferry_interruption_total_max`` minutes in total). When the chain of rest
blocks ends it decides:

- joined, when at least one of its runs was on a crossing with sleeper
  access (``ferry``) and the accumulated rest is at least a regular daily
  rest (11 h): a reduced daily rest may not be interrupted. The
  interruptions are passed on as ``INTER`` runs: inside the rest block, not
  rest, and their driving is not daily driving (Annex IC App 14 Addendum
  2(h)); weekly driving sees the raw stream and still counts it;
- raw, otherwise: everything is passed on unchanged.

The chain is judged as a whole (all blocks up to the first interruption that
does not fit). Of the joinings RULES.md §3.9 step 5 allows, this is the
one that joins the most rest, which is the one a driver relies on.
"""

from drivetime.rules import clone_state
from drivetime.rules.daily import INTER, REST


class FerryJoiner:
    """Holds back possible Art 9 interruptions until the rest chain is decided."""

    def __init__(self, profile):
        self.max_interruptions = profile["ferry_interruptions_max"]
        self.max_total = profile["ferry_interruption_total_max"]
        self.required = profile["daily_rest_min"]
        self.blocks = []        # [start, end] of the rest blocks of the chain
        self.gaps = []          # closed interruptions: lists of [kind, a, b]
        self.gap = None         # the interruption being held, or None
        self.gap_total = 0      # minutes of interruption in the chain
        self.ferry = False      # any run of the chain was on a crossing
        self.gap_ferry = False  # the interruption being held was on a crossing

    def clone(self):
        new = clone_state(self)
        new.blocks = [list(b) for b in self.blocks]
        new.gaps = [[list(r) for r in g] for g in self.gaps]
        if self.gap is not None:
            new.gap = [list(r) for r in self.gap]
        return new

    def feed(self, kind, a, b, ferry, out):
        """Take the run ``[a, b)`` of a daily-machine ``kind``; append what
        is decided to ``out`` as ``(kind, a, b)``."""
        if kind == REST:
            if self.gap is not None:
                self.gaps.append(self.gap)
                self.gap = None
                self.ferry = self.ferry or self.gap_ferry
                self.blocks.append([a, b])
            elif self.blocks:
                self.blocks[-1][1] = b
            else:
                self.blocks.append([a, b])
            self.ferry = self.ferry or ferry
            return
        if not self.blocks:
            out.append((kind, a, b))
            return
        if self.gap is None:
            if len(self.gaps) >= self.max_interruptions:
                self.flush(out)
                out.append((kind, a, b))
                return
            self.gap = []
            self.gap_ferry = False
        gap = self.gap
        if gap and gap[-1][0] == kind and gap[-1][2] == a:
            gap[-1][2] = b
        else:
            gap.append([kind, a, b])
        self.gap_total += b - a
        self.gap_ferry = self.gap_ferry or ferry
        if self.gap_total > self.max_total:
            self.gap = None
            self.gap_total -= sum(r[2] - r[1] for r in gap)
            self._decide(out)
            for r in gap:
                out.append((r[0], r[1], r[2]))

    def flush(self, out):
        """Decide the chain with what is known now (an open interruption is
        passed on as it is)."""
        gap, self.gap = self.gap, None
        if self.blocks:
            self._decide(out)
        for r in gap or ():
            out.append((r[0], r[1], r[2]))

    def _decide(self, out):
        rest = 0
        for a, b in self.blocks:
            rest += b - a
        joined = len(self.blocks) > 1 and self.ferry and rest >= self.required
        for i, (a, b) in enumerate(self.blocks):
            out.append((REST, a, b))
            if i < len(self.gaps):
                for r in self.gaps[i]:
                    out.append((INTER if joined else r[0], r[1], r[2]))
        self.blocks = []
        self.gaps = []
        self.gap_total = 0
        self.ferry = False
