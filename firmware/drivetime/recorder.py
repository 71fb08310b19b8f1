# Seconds of motion and the driver's selections -> the activity minutes a tachograph records.
# SPDX-License-Identifier: MIT
"""The driver's activity second by second, then minute by minute (RULES.md §2.2).

Annex IC of Reg. (EU) 2016/799 decides the activity from the vehicle's
motion and the driver's manual selection:

- while the vehicle moves the activity is DRIVING; a selection made then is
  ignored (driving wins);
- when it stops, the activity becomes ``stop_activity``: OTHER WORK as the
  tachograph sets it (req 047), or BREAK/REST where the driver or the company
  chose that setting;
- req 049: the first change to BREAK/REST or AVAILABILITY made within 120 s
  after the stop is back-dated to the stop, cancelling the automatic
  activity. Later changes, and a change to OTHER WORK, take effect when they
  are made;
- req 050-052: the seconds become one activity per calendar minute
  (:class:`drivetime.oneminute.OneMinuteRule`), handed out about a minute
  after they end (req 051 needs the next minute), not merged.

Times are seconds relative to ``base_minute`` (small ints on a 32-bit board);
the output is ``(start_min, end_min, activity, flags)`` in absolute UTC
minutes, contiguous, ready for :meth:`drivetime.engine.Engine.feed`.

Clock rules. The recorder's own timeline is continuous: every second between
the first and the last one recorded is recorded exactly once.

- A second earlier than the end of the recorded time (the clock was set
  back) is *held*: dropped and counted in :attr:`held_s`, until the clock
  passes the last recorded second. No second is counted twice.
- A second later than expected (the clock was set forward) opens a gap,
  filled with the activity in force and counted in :attr:`filled_s`: the
  vehicle's own timeline did not stop, only its labels moved. A gap longer
  than ``max_fill_s`` is not a correction but time the unit did not see; it
  is recorded as UNKNOWN (no record, RULES.md §1) and counted in
  :attr:`unknown_s`. The default, 15 min, is the shortest pause Art 7 counts:
  below it the choice cannot make or unmake a break.
"""

from drivetime.activity import AVAILABILITY, BREAK_REST, DRIVING, OTHER_WORK, UNKNOWN
from drivetime.oneminute import OneMinuteRule

BACKDATE_S = 120        # req 049: the window after a stop, seconds
MAX_FILL_S = 900        # longest forward clock jump filled with the activity in force
_FLUSH_S = 60           # hand the open activity to the one-minute rule at least this often
_MANUAL = (BREAK_REST, AVAILABILITY, OTHER_WORK)


class ActivityRecorder:
    """Turn per-second motion and the driver's selections into minute intervals.

    :param base_minute: absolute UTC minute at which the seconds count from zero
    :param stop_activity: the activity set when the vehicle stops,
        :data:`~drivetime.activity.OTHER_WORK` (the tachograph's default) or
        :data:`~drivetime.activity.BREAK_REST`
    :param max_fill_s: longest forward clock jump filled with the activity in
        force; a longer gap becomes UNKNOWN
    :raises ValueError: for any other ``stop_activity``
    """

    def __init__(self, base_minute, stop_activity=OTHER_WORK, max_fill_s=MAX_FILL_S):
        if stop_activity not in (OTHER_WORK, BREAK_REST):
            raise ValueError("stop activity must be other work or break/rest, not %r"
                             % (stop_activity,))
        self.base_minute = base_minute
        self.stop_activity = stop_activity
        self.max_fill_s = max_fill_s
        self.held_s = self.filled_s = self.unknown_s = 0
        self.ignored_selections = 0
        self.activity = stop_activity   # the activity in force (what the screen shows)
        self.flags = 0
        self.moving = False
        # Not merged: a long drive reaches the engine minute by minute (its
        # live counters), not only when the activity changes.
        self._rule = OneMinuteRule(base_minute, merge=False)
        self._t = None          # end of the recorded time: the next second expected
        self._start = None      # start of the open segment, not yet given to the rule
        self._pend = []         # closed segments not yet given: [start, end, activity, flags]
        self._stop = None       # the stop whose req 049 window is open, else None
        self._minutes = []

    @property
    def recorded_to(self):
        """The end of the recorded time (seconds from the base), or ``None``."""
        return self._t

    # -- input ----------------------------------------------------------------

    def second(self, utc_s, moving):
        """Record the second ``[utc_s, utc_s + 1)`` with the debounced motion state.

        :param utc_s: seconds from ``base_minute``; normally the end of the
            recorded time (see the clock rules in the module docstring)
        :param moving: True (the vehicle moves), False (it stands), or
            ``None``: nothing tells (no CAN, no GPS), so the second has no
            record (UNKNOWN); standing again afterwards resumes the activity in
            force before, or the stop activity if the vehicle was moving then
        """
        if self._t is None:
            self._t = self._start = utc_s
        elif utc_s < self._t:
            self.held_s += 1            # the clock went back: already recorded
            return
        elif utc_s > self._t:
            self._gap(utc_s)
        if moving != self.moving:
            self._motion(utc_s, moving)
        self._t = utc_s + 1
        if self._stop is not None and self._t > self._stop + BACKDATE_S:
            self._stop = None
        if self._pend or self._t - self._start >= _FLUSH_S:
            self._flush()

    def select(self, utc_s, activity):
        """The driver selected ``activity`` (a button) during second ``utc_s``.

        Ignored while the vehicle moves (counted in
        :attr:`ignored_selections`). Otherwise it takes effect at ``utc_s``,
        or at the end of the recorded time if that is later, unless req 049
        back-dates it to the stop.

        :param activity: OTHER_WORK, AVAILABILITY or BREAK_REST
        :raises ValueError: for DRIVING, UNKNOWN or another value
        """
        if activity not in _MANUAL:
            raise ValueError("a driver can select other work, availability or break/rest,"
                             " not %r" % (activity,))
        if self._t is None:
            self.activity = activity        # in force from the first second
            return
        if self.moving is None:
            self._resume = activity         # in force once the vehicle is seen standing
            return
        if self.moving or (self._stop is not None and utc_s < self._stop):
            self.ignored_selections += 1    # Annex IC: driving wins
            return
        if activity == self.activity:
            return
        if utc_s > self._t:
            self._gap(utc_s)
        if (self._stop is not None and activity != OTHER_WORK
                and utc_s - self._stop <= BACKDATE_S):
            self._backdate(activity)
        else:
            self._change(activity, self.flags)
        self._stop = None               # only the first change after a stop is back-dated

    def set_flags(self, utc_s, flags):
        """Set the conditions (FLAG_FERRY, FLAG_OUT_OF_SCOPE, ...) from ``utc_s`` on.

        Like a selection, they take effect at ``utc_s`` or at the end of the
        recorded time if that is later.

        :raises ValueError: for flags outside 0..7
        """
        if not 0 <= flags <= 7:
            raise ValueError("flags out of range: %r" % (flags,))
        if self._t is not None and utc_s > self._t:
            self._gap(utc_s)
        self._change(self.activity, flags)

    # -- output ---------------------------------------------------------------

    def take_minutes(self):
        """Return and clear the finished ``(start_min, end_min, activity, flags)``."""
        out = self._minutes
        self._minutes = []
        return out

    def finish(self):
        """Close the record: give everything to the one-minute rule and settle it.

        :returns: the minute intervals not yet taken (as :meth:`take_minutes`)
        """
        self._stop = None
        if self._t is not None:
            self._flush()
        self._minutes.extend(self._rule.finish())
        return self.take_minutes()

    # -- internals --------------------------------------------------------------

    def _motion(self, utc_s, moving):
        """The motion state changed at ``utc_s``: driving, unknown, or standing."""
        was = self.moving
        self.moving = moving
        self._stop = None
        if moving:
            self._change(DRIVING, self.flags)
        elif moving is None:
            self._resume = None if was else self.activity
            self._change(UNKNOWN, self.flags)
        elif was or self._resume is None:
            self._change(self.stop_activity, self.flags)
            self._stop = utc_s          # req 049: the window opens at the stop
        else:
            self._change(self._resume, self.flags)

    def _change(self, activity, flags):
        """Close the open segment at the end of the recorded time; open another."""
        if activity == self.activity and flags == self.flags:
            return
        if self._t is not None and self._t > self._start:
            self._pend.append([self._start, self._t, self.activity, self.flags])
            self._start = self._t
        self.activity = activity
        self.flags = flags

    def _backdate(self, activity):
        """Req 049: the activity since the stop becomes ``activity``."""
        for seg in self._pend:
            if seg[0] >= self._stop:
                seg[2] = activity
        self.activity = activity

    def _gap(self, utc_s):
        """The clock jumped forward to ``utc_s``: fill, or record no record."""
        gap = utc_s - self._t
        if gap <= self.max_fill_s:
            self.filled_s += gap
            self._t = utc_s
            if self._stop is not None and self._t > self._stop + BACKDATE_S:
                self._stop = None
            return
        self.unknown_s += gap
        self._stop = None
        if self._t > self._start:
            self._pend.append([self._start, self._t, self.activity, self.flags])
        self._pend.append([self._t, utc_s, UNKNOWN, 0])
        self._t = self._start = utc_s

    def _flush(self):
        """Give the rule what can no longer change: all but the open req 049 window."""
        limit = self._t if self._stop is None else self._stop
        push = self._rule.push
        out = self._minutes
        pend = self._pend
        i = 0
        while i < len(pend) and pend[i][1] <= limit:
            seg = pend[i]
            out.extend(push(seg[0], seg[1], seg[2], seg[3]))
            i += 1
        if i:
            del pend[:i]
        if not pend and self._start < limit:
            out.extend(push(self._start, limit, self.activity, self.flags))
            self._start = limit
