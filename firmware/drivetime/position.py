# The last GNSS fixes, kept only to journal the places the law asks for.
# SPDX-License-Identifier: MIT
"""The vehicle's position for the journal (issue 5; Reg. (EU) 165/2014 Art 8(1)).

A tachograph records the position at the start and end of the daily work
period, every 3 h of accumulated driving, and (since Reg. (EU) 2020/1054)
at a border crossing. The unit does the same and nothing more (RULES.md
§10): :class:`Fixes` keeps the last valid fix and, once the clock is
known, the last fix of each of the last :data:`FIX_KEEP` minutes, because
the minutes reach the unit ~2 min late (:mod:`drivetime.signals`) and the
3 h position is the one of the minute the count was reached.
"""

FIX_KEEP = 8            # minutes of fixes kept (the record lags 3-4 min behind; twice that)


class Fixes:
    """Valid fixes in micro-degrees (:mod:`drivetime.nmea`), north and east positive.

    :ivar last: ``(lat, lon, mono_ms)`` of the last valid fix, or None
    :ivar minutes: ``(utc_minute, lat, lon)``, the last fix of each minute, oldest first
    """

    def __init__(self):
        self.last = None
        self.minutes = []

    def add(self, mono_ms, lat, lon, now):
        """A valid fix at ``mono_ms``; ``now`` the clock's ``(minute, second)`` or None."""
        if lat is None or lon is None:
            return
        self.last = (lat, lon, mono_ms)
        if now is None:
            return                      # no clock: the fix cannot be dated
        f = self.minutes
        if f and f[-1][0] >= now[0]:    # this minute's (or the clock went back): the latest
            f[-1] = (now[0], lat, lon)
        else:
            f.append((now[0], lat, lon))
            if len(f) > FIX_KEEP:
                del f[0]

    def age_ms(self, mono_ms):
        """Milliseconds since the last valid fix (None: no fix yet)."""
        return None if self.last is None else mono_ms - self.last[2]

    def near(self, minute):
        """The fix to journal for ``minute``: the latest of that minute or the
        one before, else the first one after it (a fix that came later).

        :returns: ``(utc_minute, lat, lon)`` or None
        """
        best = None
        for f in self.minutes:
            if f[0] >= minute - 1:
                if best is not None and f[0] > minute:
                    break
                best = f
        return best


def tenth_arcmin(micro_deg):
    """Micro-degrees to the journal's unit, 1/600 degree (journal_kinds ``"g"``),
    rounded half away from zero: x * 600 / 10**6 = x * 3 / 5000."""
    q = (abs(micro_deg) * 3 + 2500) // 5000
    return q if micro_deg >= 0 else -q
