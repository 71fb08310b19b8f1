# The unit's UTC clock: GPS time first, the board's clock otherwise, carried on mono time.
# SPDX-License-Identifier: MIT
"""UTC time for the unit, in integers that stay small on a 32-bit board.

Every time the rules need is UTC (RULES.md §1; Annex IC App 14 Addendum
2(k)). The unit has three clocks, ranked:

1. **GPS time** (:meth:`TimeBase.gps`): UTC read from a valid fix (an RMC
   sentence with status A and a date and time). Whenever it is there it is
   the truth.
2. **The board's clock** (:meth:`TimeBase.rtc`): a battery-backed RTC that
   drifts and may be set wrong. It is used only while the unit has had no
   GPS time since boot; once GPS time has been seen, RTC readings are
   ignored (the estimate carried from the last fix is the better clock).
3. **Mono time** (``mono_ms``): the port's monotonic millisecond count,
   given with every input. It carries the estimate between references:
   ``now(mono_ms)`` is the last reference plus the mono time elapsed since.
   It never says what time it is, only how much has passed.

Units. A time is ``(minute, second)``: whole UTC minutes since 1970-01-01
(about 2**25 today, below 2**30 until the year 4011, so a MicroPython small
int) and the second 0-59 within it. Seconds since 1970 would not fit a small
int; the estimate is kept as a minute plus milliseconds within it
(0-59999), and no float is used anywhere.

Jumps. Each new reference is compared with the estimate at its mono time.
A difference of more than ``jump_tolerance_s`` seconds is a *time
adjustment*: the estimate jumps to the reference and a :class:`TimeAdjust`
record is queued for the journal (:meth:`TimeBase.take_adjustments`), so
that the recorder can fill a forward gap or hold after a backward step
(issue 3: no minute lost or counted twice). This also happens when the
first GPS fix after running on the board's clock disagrees with it, and
when the board's clock is re-read and has been set. A smaller difference
(receive latency of the sentence, drift of the mono crystal) is absorbed
without a record: forward by stepping, backward by *holding* the clock at
the value it had reached until the estimate catches up, so that without a
``TimeAdjust`` the clock never runs backwards.

The first reference after boot is not an adjustment: there was no time to
adjust. Before it, :meth:`TimeBase.now` returns ``None``.

Leap seconds. UTC minutes since 1970 count no leap seconds (as POSIX time).
A second of 60 carries into the next minute, as 23:59:60 reads from the NMEA
decoder (``time_s`` 86400, the next day's 00:00:00) and as any hh:mm:60
does; the real 00:00:00 that follows is then one second behind the estimate
and, within the tolerance, the clock holds for that second. Only with a
tolerance of 0 does a leap second become a (one second) adjustment.

Mono time. ``mono_ms`` must not go backwards between calls (a stale
input with an earlier ``mono_ms`` simply reads as an earlier estimate). On a
board, ``time.ticks_ms()`` wraps (after 2**30 ms on most ports); unwrapping
it with ``ticks_diff`` into an ever-growing count is the port's clock
adapter's job, not this module's. Only differences of ``mono_ms`` are used,
so any starting value works.
"""

from collections import namedtuple

from drivetime.timeutil import days_from_civil

_MS_PER_MIN = 60000
MAX_PENDING = 32    # adjustments queued while nobody takes them; older ones are dropped

TimeAdjust = namedtuple("TimeAdjust", ("mono_ms", "old_minute", "old_second",
                                       "new_minute", "new_second", "source"))
"""One jump of the unit's clock, for the journal.

:param mono_ms: mono time of the reference that caused it
:param old_minute: the estimate's minute just before (UTC minutes since 1970)
:param old_second: the estimate's second, 0-59
:param new_minute: the reference's minute
:param new_second: the reference's second, 0-59
:param source: ``"gps"`` or ``"rtc"``, the clock that caused it
"""


def utc_from_nmea(date, time_s):
    """Return ``(minute, second)`` of an NMEA date and time of day.

    :param date: ``(year, month, day)`` as :class:`drivetime.nmea.Rmc` gives it
    :param time_s: seconds of the UTC day, 0-86400 (86400 only in a leap second,
        which carries into the next day's 00:00:00, see the module docstring)
    """
    y, m, d = date
    return days_from_civil(y, m, d) * 1440 + time_s // 60, time_s % 60


class TimeBase:
    """The unit's UTC estimate from GPS, the board's clock and mono time.

    :param jump_tolerance_s: largest difference (whole seconds, >= 0) between a
        reference and the estimate that is absorbed without a
        :class:`TimeAdjust`

    Attributes: :attr:`source` is ``"gps"`` once GPS time has been seen,
    ``"rtc"`` while running on the board's clock, ``"none"`` before any time.
    """

    def __init__(self, jump_tolerance_s=2):
        if not isinstance(jump_tolerance_s, int) or jump_tolerance_s < 0:
            raise ValueError("jump_tolerance_s must be an int >= 0")
        self.jump_tolerance_s = jump_tolerance_s
        self.source = "none"
        self.adjustments_dropped = 0    # records lost because nobody took them
        self._adjust = []
        self._mono = 0          # mono time of the anchor
        self._min = 0           # anchor: the minute ...
        self._ms = 0            # ... and the milliseconds within it (0-59999)
        self._hold = None       # (minute, ms) the clock holds at after a small step back
        self._gps_mono = None   # mono time of the last GPS reference

    def _estimate(self, mono_ms):
        """The estimate at ``mono_ms`` as ``(minute, ms)``, the hold applied."""
        total = self._ms + mono_ms - self._mono
        est = (self._min + total // _MS_PER_MIN, total % _MS_PER_MIN)
        hold = self._hold
        return hold if hold is not None and hold > est else est

    def now(self, mono_ms):
        """Return the UTC estimate at ``mono_ms`` as ``(minute, second)``.

        :returns: the time, or ``None`` before any reference
        """
        if self.source == "none":
            return None
        minute, ms = self._estimate(mono_ms)
        return minute, ms // 1000

    def gps(self, mono_ms, minute, second):
        """Take UTC from a valid GPS fix, received at ``mono_ms``.

        :param minute: UTC minutes since 1970
        :param second: 0-60 (60, a leap second, carries into the next minute)
        :returns: the :class:`TimeAdjust` recorded, or ``None``
        :raises ValueError: for a second outside 0-60
        """
        adj = self._reference(mono_ms, minute, second, "gps")
        self.source = "gps"
        self._gps_mono = mono_ms
        return adj

    def rtc(self, mono_ms, minute, second):
        """Take the board's clock, read at ``mono_ms``; ignored once GPS time was seen.

        :param minute: UTC minutes since 1970, as the board's clock says
        :param second: 0-60
        :returns: the :class:`TimeAdjust` recorded (when the board's clock was
            set while the unit runs on it), or ``None``
        :raises ValueError: for a second outside 0-60
        """
        if self.source == "gps":
            _check(second)
            return None
        adj = self._reference(mono_ms, minute, second, "rtc")
        self.source = "rtc"
        return adj

    def _reference(self, mono_ms, minute, second, source):
        """Re-anchor on a reference; queue and return a TimeAdjust for a jump."""
        _check(second)
        if second == 60:            # leap second: carry (module docstring)
            minute, second = minute + 1, 0
        new = (minute, second * 1000)
        adj = None
        hold = None
        if self.source != "none":
            old = self._estimate(mono_ms)
            if self._is_jump(old, new):
                adj = TimeAdjust(mono_ms, old[0], old[1] // 1000, minute, second, source)
                if len(self._adjust) >= MAX_PENDING:
                    self._adjust.pop(0)
                    self.adjustments_dropped += 1
                self._adjust.append(adj)
            elif old > new:
                hold = old          # a small step back: stand still, never go back
        self._mono, self._min, self._ms = mono_ms, minute, second * 1000
        self._hold = hold
        return adj

    def _is_jump(self, old, new):
        """True when ``new`` and ``old`` (both ``(minute, ms)``) differ by more
        than the tolerance; minutes are compared first so that a jump of years
        never multiplies out into a large int."""
        dm = new[0] - old[0]
        tol_ms = self.jump_tolerance_s * 1000
        if dm > tol_ms // _MS_PER_MIN + 1 or -dm > tol_ms // _MS_PER_MIN + 1:
            return True
        diff = dm * _MS_PER_MIN + new[1] - old[1]
        return diff > tol_ms or -diff > tol_ms

    def gps_age_ms(self, mono_ms):
        """Milliseconds since the last GPS reference, or ``None`` if none yet."""
        if self._gps_mono is None:
            return None
        return mono_ms - self._gps_mono

    def take_adjustments(self):
        """Return the queued :class:`TimeAdjust` records, oldest first, and clear them."""
        out = self._adjust
        self._adjust = []
        return out


def _check(second):
    if not isinstance(second, int) or not 0 <= second <= 60:
        raise ValueError("second must be an int 0-60")
