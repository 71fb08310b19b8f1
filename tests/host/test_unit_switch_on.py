# The unit switched on after a night off: the rest before the shift, with the real signal path (CPython).
# SPDX-License-Identifier: MIT
"""A record that ends the evening before, and a unit switched on in the
morning with only its clock. Too big for the 192K MicroPython test heap beside
the signal path, so it runs here."""

from drivetime.activity import BREAK_REST, DRIVING, UNKNOWN
from drivetime.unit import Log, Unit

T = 29540520            # Monday 2026-03-02 06:00Z


def logs(out, kind):
    return [o.fields for o in out if isinstance(o, Log) and o.kind == kind]


def press(u, *names):
    out = []
    for name in names:
        u.on_button(0, name)
        out.extend(u.tick(0))
    return out


def switched_on(seconds=200):
    # Sunday 06:00-10:00 driving on record; switched on Monday 06:00, clock only.
    u = Unit()
    u.on_record(0, T - 1440, T - 1200, DRIVING)
    out = []
    for s in range(seconds):
        u.on_rtc(s * 1000, T + s // 60, s % 60)
        out.extend(u.tick(s * 1000))
    return u, out


def test_no_rest_warning_after_a_night_off():
    # 20 h without a record count as rest (RULES.md §1): the daily rest was
    # taken, so nothing is due and no warning may greet the driver (a bug
    # judged the record at Sunday 10:00 and warned that a rest was overdue).
    u, out = switched_on()
    assert logs(out, "warning") == [] and u.centre.cause() is None
    # Art 8(2), 8(4): the rest (unknown time) goes on to now; with reductions
    # left the next 9 h rest must start within 24 h - 9 h = 15 h of now.
    assert u.status["daily_rest_latest_start"] == u.status["at"] + 15 * 60
    assert u.infringements == []


def test_the_rest_before_the_shift_reaches_the_first_minute_the_signal_path_records():
    # The signal path records from 06:00 on, so the 20 h with no record end
    # there and can be entered as rest at the start of the day.
    u, _ = switched_on()
    press(u, "day")
    assert u.screen.name == "offer" and u.screen.rows[3] == "10:00-06:00"
    out = press(u, "ack")
    assert logs(out, "manual") == [{"start": T - 1200, "end": T, "activity": "break_rest",
                                    "minute": T + 3}]
    for s in range(200, 400):
        u.on_rtc(s * 1000, T + s // 60, s % 60)
        u.tick(s * 1000)
    # The minutes recorded since 06:00 follow the entry (no motion source: UNKNOWN).
    assert list(u.ring)[:2] == [(T - 1440, T - 1200, DRIVING, 0), (T - 1200, T, BREAK_REST, 0)]
    assert list(u.ring)[2][:3] == (T, u.ring.last_end(), UNKNOWN)
    assert u.infringements == [] and u.centre.cause() is None
