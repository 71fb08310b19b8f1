# Art 9(1): a rest interrupted on a ferry or train, joined back into one rest.
# SPDX-License-Identifier: MIT
"""Ferry and train interruptions (Reg. 561/2006 Art 9(1); RULES.md §3.9).

A regular daily rest (and, under the EU rules, a weekly rest) taken on a
ferry or train with a sleeper "may be interrupted not more than twice by
other activities not exceeding one hour in total".

The joiner sits in front of the daily-rest and weekly-rest machines. It
holds back a chain of rest blocks and the interruptions between them, as
long as the chain could still be joined: at most ``ferry_interruptions_max``
interruptions totalling at most ``ferry_interruption_total_max`` minutes.
A joining of consecutive blocks is valid when

- at least one of its rest blocks was on a crossing with sleeper access
  (``ferry``; RULES.md §3.9 step 1 asks a block, not an interruption, to
  overlap the crossing);
- its accumulated rest is at least a regular daily rest (11 h): a reduced
  daily rest may not be interrupted (step 3);
- under a profile without ``ferry_weekly_rest`` (AETR 8 bis: the regular
  daily rest only) its accumulated rest stays under a weekly rest (24 h).

Step 5 asks to try all joinings. When the chain must give up its oldest
block (one more interruption would be too many, or too long), the longest
valid joining that starts at that block is taken; if there is none, the
block and the interruption after it are passed on unchanged and the rest of
the chain is tried again without them. So of 1 h, 1 h, 1 h and a 9 h
crossing, joined by three short drives, the last three blocks (11 h, two
interruptions) are one daily rest.

Joined interruptions are passed on as ``INTER`` runs: inside the rest
block, not rest, and their driving is not daily driving (Annex IC App 14
Addendum 2(h)); weekly driving sees the raw stream and still counts it.
"""

from drivetime.rules import INTER, REST, clone_state


class FerryJoiner:
    """Holds back possible Art 9 interruptions until the rest chain is decided."""

    def __init__(self, profile):
        self.max_interruptions = profile["ferry_interruptions_max"]
        self.max_total = profile["ferry_interruption_total_max"]
        self.required = profile["daily_rest_min"]
        self.weekly_cap = None if profile["ferry_weekly_rest"] else profile["reduced_weekly_rest_min"]
        self.blocks = []        # [start, end, ferry] of the rest blocks of the chain
        self.gaps = []          # closed interruptions between them: lists of [kind, a, b]
        self.gap = None         # the interruption after the last block, or None
        self.gap_total = 0      # minutes of the closed interruptions

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
                self.gap_total += _length(self.gap)
                self.gap = None
                self.blocks.append([a, b, ferry])
            elif self.blocks:
                self.blocks[-1][1] = b
                self.blocks[-1][2] = self.blocks[-1][2] or ferry
            else:
                self.blocks.append([a, b, ferry])
            return
        if not self.blocks:
            out.append((kind, a, b))
            return
        gap = self.gap
        if gap is None:
            gap = self.gap = []
        if gap and gap[-1][0] == kind and gap[-1][2] == a:
            gap[-1][2] = b
        else:
            gap.append([kind, a, b])
        held = _length(gap)
        if held > self.max_total:
            self.flush(out)         # no joining can span this interruption
            return
        while self.blocks and (len(self.gaps) >= self.max_interruptions
                               or self.gap_total + held > self.max_total):
            self._decide_first(out)
        if not self.blocks:         # nothing left for it to interrupt
            self.gap = None
            for r in gap:
                out.append((r[0], r[1], r[2]))

    def flush(self, out):
        """Decide the whole chain with what is known now (an interruption
        still open is passed on as it is)."""
        gap, self.gap = self.gap, None
        while self.blocks:
            self._decide_first(out)
        for r in gap or ():
            out.append((r[0], r[1], r[2]))

    def _valid(self, last):
        """Whether blocks ``0..last`` make one Art 9 rest (``last`` >= 1)."""
        rest, ferry = 0, False
        for a, b, on_crossing in self.blocks[:last + 1]:
            rest += b - a
            ferry = ferry or on_crossing
        return ferry and rest >= self.required and (self.weekly_cap is None or rest < self.weekly_cap)

    def _decide_first(self, out):
        """Pass on the oldest block: in the longest valid joining that starts
        there, or alone with the interruption after it."""
        last = len(self.blocks) - 1
        while last > 0 and not self._valid(last):
            last -= 1
        for i in range(last + 1):
            a, b, _ = self.blocks[i]
            out.append((REST, a, b))
            if i < last:
                for r in self.gaps[i]:
                    out.append((INTER, r[1], r[2]))
        if last < len(self.gaps):   # the interruption after the passed-on blocks
            for r in self.gaps[last]:
                out.append((r[0], r[1], r[2]))
        dropped = self.gaps[:last + 1]
        self.gap_total -= sum(_length(g) for g in dropped)
        del self.blocks[:last + 1]
        del self.gaps[:last + 1]


def _length(gap):
    return sum(r[2] - r[1] for r in gap)
