# Time as the core counts it: whole UTC minutes since 1970-01-01, and fixed weeks.
# SPDX-License-Identifier: MIT
"""Integer time for the core.

Every time in the rules engine is a count of whole UTC minutes since
1970-01-01 00:00. That stays below 2**30 until the year 4011, so it is a small
int even on a 32-bit MicroPython board, where UTC seconds would not be.

A fixed week runs from Monday 00:00 to Sunday 24:00 UTC (Art 4(i) of
Reg. (EC) 561/2006; Annex IC App 14 Addendum 2(k)). 1970-01-01 was a
Thursday, so week 0 began on Monday 1969-12-29, three days before the epoch.
"""

MIN_PER_HOUR = 60
MIN_PER_DAY = 1440
MIN_PER_WEEK = 10080
_EPOCH_WEEKDAY_OFFSET = 3 * MIN_PER_DAY   # Mon 1969-12-29 .. Thu 1970-01-01


def week_of(t):
    """Index of the fixed week that holds minute ``t``."""
    return (t + _EPOCH_WEEKDAY_OFFSET) // MIN_PER_WEEK


def week_start(week):
    """First minute (Monday 00:00 UTC) of fixed week ``week``."""
    return week * MIN_PER_WEEK - _EPOCH_WEEKDAY_OFFSET


def minute_of_day(t, offset_min=0):
    """Minutes since local midnight, for a local time ``offset_min`` ahead of UTC."""
    return (t + offset_min) % MIN_PER_DAY


def days_from_civil(y, m, d):
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    if m <= 2:
        y -= 1
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    mp = m - 3 if m > 2 else m + 9
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z):
    """(year, month, day) of ``z`` days since 1970-01-01."""
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y), m, d


def format_minute(t):
    """ISO 8601 text of minute ``t``, e.g. ``2026-03-02T06:00:00Z``."""
    days, rem = divmod(t, MIN_PER_DAY)
    y, m, d = civil_from_days(days)
    return "%04d-%02d-%02dT%02d:%02d:00Z" % (y, m, d, rem // 60, rem % 60)


def parse_iso(text):
    """Parse an ISO 8601 UTC time into ``(minute, second)``.

    Accepts ``YYYY-MM-DDTHH:MM[:SS[.fff]]`` followed by ``Z`` or a numeric
    offset ``±HH:MM``; a time without a zone is refused, because the rules
    are defined in UTC and a guess would move every boundary.

    :param text: the time as written in the activity list
    :returns: (minutes since the epoch, seconds 0-59 within that minute)
    :raises ValueError: with the reason, for anything else
    """
    if not isinstance(text, str):
        raise ValueError("time must be a string, got %r" % (text,))
    s = text.strip()
    if len(s) < 16 or s[4] != "-" or s[7] != "-" or s[10] not in "Tt " or s[13] != ":":
        raise ValueError("not an ISO 8601 time: %r" % text)
    if s[-1] in "Zz":
        offset, body = 0, s[:-1]
    elif len(s) >= 22 and s[-6] in "+-" and s[-3] == ":":
        sign = 1 if s[-6] == "+" else -1
        offset = sign * (_digits(s[-5:-3], text) * 60 + _digits(s[-2:], text))
        body = s[:-6]
    else:
        raise ValueError("time without a zone (add Z for UTC): %r" % text)
    y, mo, d = _digits(body[0:4], text), _digits(body[5:7], text), _digits(body[8:10], text)
    hh, mm = _digits(body[11:13], text), _digits(body[14:16], text)
    ss = 0
    rest = body[16:]
    if rest:
        if rest[0] != ":" or len(rest) < 3:
            raise ValueError("not an ISO 8601 time: %r" % text)
        ss = _digits(rest[1:3], text)
        frac = rest[3:]
        if frac and (frac[0] != "." or not frac[1:].isdigit()):
            raise ValueError("not an ISO 8601 time: %r" % text)
    if not (1 <= mo <= 12 and 1 <= d <= _month_length(y, mo) and hh <= 23 and mm <= 59 and ss <= 59):
        raise ValueError("date or time out of range: %r" % text)
    return days_from_civil(y, mo, d) * MIN_PER_DAY + hh * 60 + mm - offset, ss


def _digits(part, text):
    if not part.isdigit():
        raise ValueError("not an ISO 8601 time: %r" % text)
    return int(part)


def _month_length(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return (31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[m - 1]


def format_duration(minutes):
    """``h:mm`` text for a duration in minutes (negative durations keep a sign)."""
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    return "%s%d:%02d" % (sign, minutes // 60, minutes % 60)
