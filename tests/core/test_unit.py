# Tests of the cab unit: live warnings from real CAN frames and NMEA, buttons, manual entries, screens.
# SPDX-License-Identifier: MIT
"""The Unit state machine (plain asserts, both interpreters)."""

import gc

from drivetime.unit import BUZZ_PRE, Buzz, Led, Log, Unit  # noqa: E402

gc.collect()
from drivetime.activity import BREAK_REST, DRIVING, OTHER_WORK  # noqa: E402
from drivetime.dashboard import SCREENS  # noqa: E402
from support import raises  # noqa: E402

gc.collect()
T = 29540520            # Monday 2026-03-02 06:00Z (signal_day.START_MINUTE)


def logs(out, kind):
    return [o.fields for o in out if isinstance(o, Log) and o.kind == kind]


def replay(*intervals, **settings):
    """A unit fed finished intervals (no signal path); ticked after each."""
    u = Unit(settings or None)
    out = []
    for start, end, activity in intervals:
        mono = (end - T) * 60000
        u.on_record(mono, start, end, activity)
        out.extend(u.tick(mono))
    return u, out


def test_a_forgotten_break_entered_afterwards_removes_the_breach():
    # 2h30 driving, 45 min recorded as other work (the driver forgot the break
    # button), 2h05 driving: 4h35 of driving without a break, Art 7 breached.
    u, out = replay((T, T + 150, DRIVING), (T + 150, T + 195, OTHER_WORK),
                    (T + 195, T + 320, DRIVING))
    assert [i.rule for i in u.infringements] == ["continuous_driving"]
    u.manual_entry(u._mono, T + 150, T + 195, BREAK_REST)
    out = u.tick(u._mono)
    # The 45 min break resets the count (Art 7): 125 min since, no breach.
    assert u.infringements == []
    assert u.status["continuous_driving_min"] == 125
    assert list(u.ring) == [(T, T + 150, DRIVING, 0), (T + 150, T + 195, BREAK_REST, 0),
                            (T + 195, T + 320, DRIVING, 0)]
    assert logs(out, "manual") == [{"start": T + 150, "end": T + 195, "activity": "break_rest",
                                    "minute": T + 320}]


def test_manual_entries_never_overwrite_driving_and_end_at_the_record():
    u, out = replay((T, T + 60, DRIVING), (T + 60, T + 90, OTHER_WORK))
    assert raises(ValueError, u.manual_entry, 0, T + 30, T + 70, BREAK_REST)
    assert raises(ValueError, u.manual_entry, 0, T + 60, T + 90, DRIVING)
    u.manual_entry(0, T + 70, T + 500, BREAK_REST)          # cut at the end of the record
    assert list(u.ring)[-1] == (T + 70, T + 90, BREAK_REST, 0)
    assert logs(u.tick(0), "manual")[0]["end"] == T + 90


def test_the_rest_before_the_shift_entered_at_the_start_of_the_day():
    u, out = replay((T, T + 60, DRIVING))
    u.manual_entry(0, T - 660, T, BREAK_REST)      # 11 h rest before 06:00 (Art 8(2))
    u.tick(0)
    assert list(u.ring) == [(T - 660, T, BREAK_REST, 0), (T, T + 60, DRIVING, 0)]
    assert u.status["daily_driving_min"] == 60 and u.infringements == []


def test_warning_popup_30_s_any_key_then_ack():
    u, out = replay((T, T + 255, DRIVING))         # 4h15: 15 min left (req 184)
    assert Buzz(BUZZ_PRE) in out and u.screen.name == "warning"
    assert u.screen.rows[0] == "PRE-WARNING" and u.screen.rows[3] == "in 0:15"
    mono = u._mono
    assert u.tick(mono + 29000) == [] and u.screen.name == "warning"
    u.on_button(mono + 29500, "mode")              # any key: ends the display only (req 188)
    assert u.screen.name == "main" and u.screen.rows[7] == "!Break due"
    out = u.tick(mono + 29600)
    u.on_button(mono + 31000, "ack")               # the specific key (req 189)
    out = u.tick(mono + 31000)
    assert u.screen.rows[7] == "" and Led("warning", False) in out
    assert logs(out, "ack") == [{"code": "continuous_driving", "level": "pre", "minute": T + 255}]


def test_no_buzzer_when_switched_off_and_no_continuous_warning_out_of_scope():
    u, out = replay((T, T + 255, DRIVING), buzzer=False)
    assert not [o for o in out if isinstance(o, Buzz)] and u.warnings
    u = Unit()
    u.on_button(0, "out_of_scope")
    u.on_record(0, T, T + 270, DRIVING)
    out = u.tick(0)
    assert not [w for w in u.warnings if w.code == "continuous_driving"]
    assert logs(out, "flags") == [{"ferry": False, "out_of_scope": True, "minute": None}]


def test_buttons_mode_activity_crew():
    # "day" and the dialogues are in test_unit_menu.py (drivetime.menu, loaded at first use).
    u = Unit({"country": "DE", "lang": "de"})
    names = [u.tick(0) and u.screen.name]
    for _ in SCREENS:
        u.on_button(0, "mode")
        names.append(u.screen.name)
    assert names == list(SCREENS) + ["main"]
    for _ in range(3):
        u.on_button(0, "activity")
    u.on_button(0, "crew")
    out = u.tick(0)
    # The cycle from the stop activity (other work): availability, break, other work.
    assert [f["activity"] for f in logs(out, "select")] == ["availability", "break_rest",
                                                            "other_work"]
    assert logs(out, "crew")[0]["crew"] == "multi" and u.engine.crew_multi
    # German; no record and no clock yet: activity unknown, time unknown.
    assert u.screen.name == "main" and u.screen.rows[0] == "?          --:--"
    assert raises(ValueError, u.on_button, 0, "horn")
    assert raises(ValueError, Unit, {"colour": "red"})


def test_my_data_pages_through_28_days():
    u, out = replay((T - 1440, T - 1440 + 540, DRIVING), (T, T + 60, DRIVING),
                    (T + 60, T + 90, OTHER_WORK))
    while u.screen.name != "mydata":
        u.on_button(0, "mode")
    # Newest first: Monday 2 March 1:00 driving, 0:30 other work; Sunday 1 March 9:00.
    assert u.screen.rows[1] == "02 D 1:00 W 0:30" and u.screen.rows[2] == "01 D 9:00 W 0:00"
    while u.centre.cause() is not None:            # the daily-driving warnings of Sunday
        u.on_button(0, "ack")
    u.on_button(0, "ack")                          # no warning to acknowledge: next page
    assert u.screen.rows[0] == "MY DATA 2/4" and u.screen.rows[1] == "23 D 0:00 W 0:00"


def test_replayed_records_are_logged_with_their_minute():
    # A journal record needs its minute (docs/log-format.md); a bug logged the
    # first replayed activity change with minute None.
    u = Unit()
    u.on_record(60000, T, T + 1, DRIVING)
    out = u.tick(60000)
    assert logs(out, "activity") == [{"start": T, "activity": "driving", "flags": 0, "minute": T}]
