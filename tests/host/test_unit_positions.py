# Tests of the positions the unit journals (issue 5) over the signal path fed NMEA.
# SPDX-License-Identifier: MIT
"""Positions at the start and end of the day, at a border and every 3 h of
driving (Reg. (EU) 165/2014 Art 8(1)); CPython only, like test_unit_signals:
the unit with the signal path compiled from source does not fit
MicroPython's 192K heap at once (a board runs it frozen). The export from
the menu: tests/core/test_unit_export.py."""

import gc

from drivetime.activity import DRIVING
from drivetime.nmea import sentence
from drivetime.unit import Log, Unit
from support import press

T = 29540520            # Monday 2026-03-02 06:00Z
LAT, LON = 50000000, 8500000    # 50°N 8.5°E in micro-degrees: 30000 and 5100 tenths of an arc minute


def logs(out, kind):
    return [o.fields for o in out if isinstance(o, Log) and o.kind == kind]


def rmc(minute, second, lat=LAT, lon=LON, knots="0.0", valid=True):
    """An RMC sentence at ``minute:second`` (on 2026-03-02, from T on) at ``lat``/``lon`` (N, E)."""
    m = minute - T + 360
    pos = "%02d%02d.%04d,N,%03d%02d.%04d,E" % (
        lat // 1000000, lat % 1000000 * 60 // 1000000, lat % 1000000 * 60 % 1000000 // 100,
        lon // 1000000, lon % 1000000 * 60 // 1000000, lon % 1000000 * 60 % 1000000 // 100)
    body = "GPRMC,%02d%02d%02d.00,%s,%s,%s,,020326,,,%s" % (
        m // 60, m % 60, second, "A" if valid else "V", pos, knots, "A" if valid else "N")
    return sentence(body).encode()


def at(minute, second=0):
    """The mono time of ``minute:second`` (mono 0 = T)."""
    return (minute - T) * 60000 + second * 1000


def standing(u, first, last, **fix):
    """Feed one RMC a second (standing) from minute ``first`` to ``last`` inclusive, ticking."""
    out = []
    for m in range(first, last + 1):
        for s in range(60):
            u.on_nmea(at(m, s), rmc(m, s, **fix))
            out.extend(u.tick(at(m, s)))
    return out


def test_positions_at_the_start_and_end_of_the_day_and_at_a_border():
    u = Unit({"countries": ("D", "NL")})
    out = standing(u, T, T + 1)                     # a fix each second at 50°N 8.5°E
    out += press(u, at(T + 1, 59), "day")           # the 24 h before: no record, offered as rest
    assert u.screen.name == "offer"
    out += press(u, at(T + 1, 59), "mode", "ack")   # left unknown; the country D confirmed
    assert logs(out, "day") == [{"event": "start", "country": "D", "minute": T + 1}]
    # 50° = 30000, 8.5° = 5100 tenths of an arc minute; the fix of that minute.
    assert logs(out, "position") == [{"lat": 30000, "lon": 5100, "reason": "start",
                                      "minute": T + 1}]
    # A border: the menu's country entry (outside the day's start and end).
    out = standing(u, T + 2, T + 2, lat=LAT + 1000)     # 50.001° = 30000.6 -> 30001
    while u.screen.name != "menu":
        press(u, at(T + 2, 59), "mode")
    out = press(u, at(T + 2, 59), *(["activity"] * 5 + ["ack"]))
    assert logs(out, "country") == [{"country": "NL", "minute": T + 2}]
    assert logs(out, "position") == [{"lat": 30001, "lon": 5100, "reason": "other",
                                      "minute": T + 2}]
    out = press(u, at(T + 2, 59), "day", "ack")
    assert logs(out, "position") == [{"lat": 30001, "lon": 5100, "reason": "end",
                                      "minute": T + 2}]


def test_no_fix_the_position_waits_10_min_for_one_else_none_is_journalled():
    u = Unit()
    u.on_rtc(0, T, 0)
    out = []
    for m in range(T, T + 12):                      # no fix: the receiver says V
        for s in range(0, 60, 10):
            u.on_nmea(at(m, s), rmc(m, s, valid=False))
            out += u.tick(at(m, s))
        if m == T:
            out += press(u, at(T, 50), "day", "mode", "ack")    # start of day at T, no fix
    assert logs(out, "day") and logs(out, "position") == []
    # A fix at T+12: more than POS_WAIT_MIN (10) after T: too late, nothing journalled.
    out = standing(u, T + 12, T + 12)
    assert logs(out, "position") == []
    # The end of the day at T+14 with no fix since T+12 (the fix of the minute or the
    # minute before counts): the fix at T+21 (7 min later) is taken, at its minute.
    out = []
    for m in range(T + 13, T + 21):
        for s in range(0, 60, 10):
            u.on_nmea(at(m, s), rmc(m, s, valid=False))
            out += u.tick(at(m, s))
        if m == T + 14:
            out += press(u, at(m, 50), "day", "ack")
    assert logs(out, "day")[0]["event"] == "end" and logs(out, "position") == []
    out = standing(u, T + 21, T + 21)
    assert logs(out, "position") == [{"lat": 30000, "lon": 5100, "reason": "end",
                                      "minute": T + 21}]


def test_a_position_every_3_h_of_accumulated_driving():
    # Moving (43.2 kn = 80 km/h) from T for 181 min, the latitude 0.001° further
    # each minute; then standing. The 180th minute of driving is [T+179, T+180):
    # 3 h are reached at minute T+180, whose fix is 50.180° = 30108 (180 * 0.6 more).
    u = Unit()
    out = []
    for m in range(T, T + 186):
        knots = "43.2" if m < T + 181 else "0.0"
        lat = LAT + 1000 * (m - T)
        for s in range(60):
            u.on_nmea(at(m, s), rmc(m, s, lat=lat, knots=knots))
            if s % 5 == 0:
                out += [o for o in u.tick(at(m, s)) if isinstance(o, Log)]
        gc.collect()
    assert [iv[:3] for iv in u.ring if iv[2] == DRIVING] == [(T, T + 181, DRIVING)]
    # Only the 3 h one: positions are journalled nowhere else (RULES.md §10).
    assert logs(out, "position") == [{"lat": 30108, "lon": 5100, "reason": "3h",
                                      "minute": T + 180}]

