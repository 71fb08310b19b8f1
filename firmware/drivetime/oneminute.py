# The Annex IC one-minute rule: second-resolution activities -> one activity per minute.
# SPDX-License-Identifier: MIT
"""The one-minute rule of Annex IC of Reg. (EU) 2016/799 (RULES.md §2.2).

A tachograph records driver activities at one-minute resolution (req 050).
For each calendar minute:

1. if DRIVING is recorded in the minute immediately before and in the minute
   immediately after, the whole minute is DRIVING (req 051);
2. otherwise the minute takes the longest continuous activity within it, and
   of equally long activities the latest (req 052).

"Recorded in" a neighbouring minute means that minute's result under req 052;
req 051 is applied once, to those results, and does not cascade.

Input is a time-ordered, contiguous sequence of intervals
``(start_s, end_s, activity, flags)`` in seconds counted from the start of
``base_minute``. Keeping seconds relative to a nearby base keeps them small
ints on a 32-bit MicroPython board, where seconds since 1970 would not be.
Output is ``(start_min, end_min, activity, flags)`` in absolute minutes, with
adjacent minutes of equal activity and flags merged. The output covers the
input span rounded outwards to whole minutes; in a first or last minute that
is only partly covered, only the recorded part competes.

A continuous activity is a run of consecutive input intervals with the same
activity code, whatever their flags. Flags of a minute are those of the
interval chosen: within the winning run, the flags that lasted longest
(ties to the latest). A minute made DRIVING by req 051 takes the flags of its
longest driving run, or, if it holds no driving at all, its own flags without
:data:`~drivetime.activity.FLAG_MOVING` (a break in a moving vehicle is not
driving).

Only minutes that contain a change cost work; whole minutes inside one
interval pass through as one block, so the cost is linear in the number of
intervals, and :class:`OneMinuteRule` takes them one at a time.

Req 049 (a change to BREAK/REST or AVAILABILITY made within 120 s after the
vehicle stops is back-dated to the stop) concerns manual input and is the
unit's job before its intervals reach this module.
"""

from drivetime.activity import DRIVING, FLAG_MOVING

_SEC_PER_MIN = 60


class OneMinuteRule:
    """Turn second-resolution intervals into minute-resolution ones, as pushed.

    Feed intervals with :meth:`push` in time order, then call :meth:`finish`
    once. Each call returns the minute intervals that are final by then; the
    rule needs the following minute before it can settle one, so output lags
    the input by at least a minute (and, when merging, until the activity or
    the flags change).

    :param base_minute: absolute minute (UTC minutes since 1970) at which the
        input's seconds count from zero
    :param merge: merge adjacent output minutes of equal activity and flags
        (default); without it, blocks are still emitted as multi-minute
        intervals where the input allowed
    """

    def __init__(self, base_minute=0, merge=True):
        self._base = base_minute
        self._merge = merge
        self._t = None          # end of the last interval pushed (seconds)
        # Accumulator of the partly covered minute being built (req 052).
        self._m = None          # its minute index, relative to the base
        self._run_act = None    # the continuous activity in progress
        self._run_len = 0
        self._sub_flags = 0     # flags of the same-flags stretch in progress
        self._sub_len = 0
        self._run_flags = 0     # flags that lasted longest within the run so far
        self._run_flags_len = -1
        self._best_act = None   # longest continuous activity so far (latest on ties)
        self._best_len = -1
        self._best_flags = 0
        self._drv_len = -1      # longest driving run so far, for req 051
        self._drv_flags = None
        # Req 051 stage: one pending block and the req 052 activity before it.
        self._pend = None       # [start_min, end_min, activity, flags, driving flags]
        self._before = None
        # Merging stage.
        self._out = None        # [start_min, end_min, activity, flags]
        self._ready = []

    def push(self, start_s, end_s, activity, flags=0):
        """Add the next interval ``[start_s, end_s)``.

        :param start_s: start, seconds from ``base_minute``; must equal the
            previous interval's end
        :param end_s: end, seconds from ``base_minute``; an empty interval is
            ignored
        :param activity: activity code (:mod:`drivetime.activity`)
        :param flags: interval flags (:mod:`drivetime.activity`)
        :returns: list of ``(start_min, end_min, activity, flags)`` now final
        :raises ValueError: when ``end_s < start_s`` or the interval does not
            start where the previous one ended
        """
        if end_s < start_s:
            raise ValueError("one-minute rule: interval ends (%d s) before it starts (%d s)"
                             % (end_s, start_s))
        if self._t is not None and start_s != self._t:
            raise ValueError("one-minute rule: interval starts at %d s, expected %d s"
                             " (intervals must be contiguous and in order)" % (start_s, self._t))
        if end_s == start_s:
            return []
        self._t = end_s
        s = start_s
        while s < end_s:
            m = s // _SEC_PER_MIN
            m_end = (m + 1) * _SEC_PER_MIN
            if s == m * _SEC_PER_MIN and end_s >= m_end:
                # Whole minutes inside one interval: req 052 is trivial.
                k = (end_s - s) // _SEC_PER_MIN
                self._block(m, m + k, activity, flags,
                            flags if activity == DRIVING else None)
                s += k * _SEC_PER_MIN
                continue
            e = end_s if end_s < m_end else m_end
            self._piece(m, activity, flags, e - s)
            s = e
            if s == m_end:
                self._close_minute()
        return self._take()

    def finish(self):
        """Settle the last minutes; call once, after the last :meth:`push`.

        :returns: list of ``(start_min, end_min, activity, flags)`` still held
        """
        if self._m is not None:
            self._close_minute()
        if self._pend is not None:
            self._emit(self._pend)   # no minute after it: req 051 cannot apply
            self._pend = None
        if self._out is not None:
            self._ready.append(tuple(self._out))
            self._out = None
        return self._take()

    # -- req 052: the longest continuous activity of a partly covered minute --

    def _piece(self, m, activity, flags, length):
        if self._m is None:
            self._m = m
        if activity != self._run_act:
            self._end_run()
            self._run_act = activity
            self._sub_flags = flags
        elif flags != self._sub_flags:
            self._end_sub()
            self._sub_flags = flags
        self._run_len += length
        self._sub_len += length

    def _end_sub(self):
        if self._sub_len >= self._run_flags_len:     # ties to the latest
            self._run_flags = self._sub_flags
            self._run_flags_len = self._sub_len
        self._sub_len = 0

    def _end_run(self):
        if self._run_act is None:
            return
        self._end_sub()
        if self._run_len >= self._best_len:          # req 052: ties to the latest
            self._best_act = self._run_act
            self._best_len = self._run_len
            self._best_flags = self._run_flags
        if self._run_act == DRIVING and self._run_len >= self._drv_len:
            self._drv_len = self._run_len
            self._drv_flags = self._run_flags
        self._run_act = None
        self._run_len = 0
        self._run_flags_len = -1

    def _close_minute(self):
        self._end_run()
        m = self._m
        self._block(m, m + 1, self._best_act, self._best_flags, self._drv_flags)
        self._m = None
        self._best_act = None
        self._best_len = -1
        self._drv_len = -1
        self._drv_flags = None

    # -- req 051: a minute between two DRIVING minutes is DRIVING --

    def _block(self, start, end, activity, flags, drv_flags):
        pend = self._pend
        if pend is not None:
            before = self._before
            self._before = pend[2]   # neighbours are judged on req 052 results
            if (pend[1] - pend[0] == 1 and pend[2] != DRIVING
                    and before == DRIVING and activity == DRIVING):
                pend[2] = DRIVING
                pend[3] = pend[4] if pend[4] is not None else pend[3] & ~FLAG_MOVING
            self._emit(pend)
        self._pend = [start, end, activity, flags, drv_flags]

    # -- output: absolute minutes, merged --

    def _emit(self, block):
        start = block[0] + self._base
        end = block[1] + self._base
        out = self._out
        if (out is not None and self._merge and out[1] == start
                and out[2] == block[2] and out[3] == block[3]):
            out[1] = end
            return
        if out is not None:
            self._ready.append(tuple(out))
        self._out = [start, end, block[2], block[3]]

    def _take(self):
        ready = self._ready
        self._ready = []
        return ready


def minute_intervals(intervals, base_minute=0):
    """Apply the one-minute rule to an iterable of second-resolution intervals.

    A generator: it yields each minute interval as soon as it is final.

    :param intervals: time-ordered, contiguous ``(start_s, end_s, activity,
        flags)`` with seconds counted from ``base_minute``
    :param base_minute: absolute minute at which the seconds count from zero
    :returns: iterator of ``(start_min, end_min, activity, flags)``, absolute
        minutes, merged
    :raises ValueError: as :meth:`OneMinuteRule.push`
    """
    rule = OneMinuteRule(base_minute)
    for start_s, end_s, activity, flags in intervals:
        for out in rule.push(start_s, end_s, activity, flags):
            yield out
    for out in rule.finish():
        yield out
