# The board's clocks: a wrap-free monotonic millisecond count and the RTC as UTC minutes.
# SPDX-License-Identifier: MIT
"""The only module of the port that reads a clock (STYLE.md §2: the core gets ints).

- ``time.ticks_ms()`` wraps: its period is implementation-defined (2**30 ms,
  about 12.4 days, on 32-bit boards) and only ``time.ticks_diff`` of two
  readings less than half a period apart is meaningful (MicroPython ``time``
  docs). :class:`MonoClock` adds those differences into an unbounded int, so
  ``mono_ms`` never wraps as long as it is read at least every ~6 days (the
  main loop reads it many times a second).
- ``time.time()`` counts seconds from the port's epoch: 1970-01-01 on the
  unix port, 2000-01-01 on many bare-metal ports ("Epoch year may be
  determined with gmtime(0)[0]", MicroPython ``time`` docs). :class:`RtcClock`
  turns it into the core's UTC minutes since 1970, and refuses a clock that
  was never set (a Pico's RTC restarts at 2021-01-01 without a battery).
"""

import time

EPOCH_2000_S = 946684800        # 1970-01-01 -> 2000-01-01: 10957 days * 86400 s
TICKS_PERIOD_32BIT = 1 << 30    # ticks_ms period on 32-bit MicroPython ports


def wrap_diff(new, old, period):
    """Signed ``new - old`` on a counter that wraps at ``period`` (a power of
    two), as ``time.ticks_diff`` computes it: in ``[-period/2, period/2)``."""
    half = period >> 1
    return ((new - old + half) & (period - 1)) - half


def _cpython_ticks():
    return int(time.monotonic() * 1000) & (TICKS_PERIOD_32BIT - 1)


def _cpython_diff(new, old):
    return wrap_diff(new, old, TICKS_PERIOD_32BIT)


class MonoClock:
    """Monotonic milliseconds since the clock was made, never wrapping.

    :param ticks_ms: the raw counter (default ``time.ticks_ms``)
    :param ticks_diff: its wrap-aware difference (default ``time.ticks_diff``)
    """

    def __init__(self, ticks_ms=None, ticks_diff=None):
        self._ticks = ticks_ms or getattr(time, "ticks_ms", _cpython_ticks)
        self._diff = ticks_diff or getattr(time, "ticks_diff", _cpython_diff)
        self._last = self._ticks()
        self._mono = 0

    def now(self):
        """Milliseconds since construction (int, never decreasing)."""
        t = self._ticks()
        d = self._diff(t, self._last)
        if d > 0:                       # a negative step cannot happen; ignore it
            self._mono += d
            self._last = t
        return self._mono


class RtcClock:
    """The board's real-time clock as ``(utc_minute, second)`` since 1970.

    :param time_s: seconds since the port's epoch (default ``time.time``)
    :param epoch_year: 1970 or 2000 (default: ``time.gmtime(0)[0]``)
    :param min_year: a reading before this year is a clock never set
    """

    def __init__(self, time_s=None, epoch_year=None, min_year=2025):
        self._time = time_s or time.time
        if epoch_year is None:
            epoch_year = time.gmtime(0)[0]
        if epoch_year not in (1970, 2000):
            raise ValueError("unknown epoch year %r" % (epoch_year,))
        self.offset_s = EPOCH_2000_S if epoch_year == 2000 else 0
        # First second of min_year (Gregorian; 1970..2099 has a leap day every 4th year).
        days = (min_year - 1970) * 365 + (min_year - 1969) // 4
        self._min_utc_s = days * 86400

    def utc_s(self):
        """UTC seconds since 1970, or ``None`` when the clock was never set."""
        s = int(self._time()) + self.offset_s
        return s if s >= self._min_utc_s else None

    def read(self):
        """``(minute, second)`` for :meth:`Unit.on_rtc`, or ``None``."""
        s = self.utc_s()
        if s is None:
            return None
        return s // 60, s % 60

    def set(self, utc_s, rtc=None):
        """Set the board's RTC from a UTC time (e.g. a GPS fix).

        :param rtc: a ``machine.RTC`` (default: made here); its ``datetime``
            tuple is (year, month, day, weekday, hours, minutes, seconds, subseconds)
        """
        if rtc is None:
            import machine
            rtc = machine.RTC()
        t = time.gmtime(utc_s - self.offset_s)   # gmtime takes the port's epoch
        rtc.datetime((t[0], t[1], t[2], t[6], t[3], t[4], t[5], 0))
