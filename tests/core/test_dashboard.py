# Tests of the dashboard model: screen shape, the main counters, message tables in both languages.
# SPDX-License-Identifier: MIT
"""build_screen and the message tables (plain asserts, both interpreters)."""

from drivetime.activity import DRIVING, FLAG_OUT_OF_SCOPE
from drivetime.dashboard import COLS, DIALOGUES, ROWS, SCREENS, Screen, build_screen, dur, hhmm
from drivetime.menu import MENU
from drivetime.messages import MESSAGES, text
from drivetime.warnings import Warning
from support import raises

NOON = 29540880         # Monday 2026-03-02 12:00Z (06:00 is 29540520, + 360)
STATUS = {"at": NOON, "activity": "driving", "continuous_driving_min": 135,
          "continuous_driving_left_min": 135, "current_break_min": 0, "break_needed_min": 45,
          "daily_driving_min": 300, "daily_driving_limit_min": 540, "daily_driving_left_min": 240,
          "daily_extensions_left": 2, "weekly_driving_min": 1500, "weekly_driving_left_min": 1860,
          "fortnightly_driving_min": 3000, "fortnightly_driving_left_min": 2400,
          "reduced_daily_rests_left": 3, "daily_rest_left_min": 660,
          "daily_rest_latest_start": NOON + 600, "weekly_rest_latest_start": NOON + 5000,
          "compensation_open_min": [540], "compensation_due_by": [NOON + 20000],
          "next_driving_allowed_at": NOON + 45}


def state(**kw):
    s = {"now": NOON, "lang": "en", "local_offset_min": 60, "activity": DRIVING, "flags": 0,
         "faults": {"gps_lost": False, "can_silent": False, "motion_conflict": False},
         "clock": "gps", "warning": None, "popup": None, "left": {}, "settings": {},
         "days": [(NOON - 720 - 60 - i * 1440, 540 - i, 90) for i in range(28)], "page": 0}
    s.update(kw)
    return s


def test_every_message_id_is_in_every_language():
    ids = set(MESSAGES["en"])
    assert len(MESSAGES) >= 2
    for lang in MESSAGES:
        assert set(MESSAGES[lang]) == ids, lang
    assert text("xx", "t_week") == "WEEK"           # an unknown language falls back to English
    assert text("de", "t_week") == "WOCHE"
    assert raises(KeyError, text, "en", "no such id")


def test_every_screen_is_8_rows_of_at_most_16_characters_in_both_languages():
    w = Warning("daily_rest", "pre", 0, False)
    extreme = dict(STATUS, weekly_driving_left_min=3360, fortnightly_driving_min=5400,
                   daily_driving_left_min=None, daily_rest_latest_start=None)
    for lang in MESSAGES:
        for st in (STATUS, extreme):
            for s in (state(lang=lang), state(lang=lang, warning=w, popup=w, flags=FLAG_OUT_OF_SCOPE,
                                              faults={"gps_lost": True, "can_silent": True,
                                                      "motion_conflict": True})):
                for name in SCREENS + ("warning",):
                    sc = build_screen(name, st, s)
                    assert isinstance(sc, Screen) and sc.name == name
                    assert len(sc.rows) == ROWS, (lang, name)
                    for row in sc.rows:
                        assert len(row) <= COLS, (lang, name, row)
                    assert all(0 <= i < ROWS for i in sc.inverted)


def test_main_screen_counters_local_time_and_next_break():
    sc = build_screen("main", STATUS, state())
    # Local time 12:00Z + 60 min; continuous 135 left = 2:15; daily 240 = 4:00;
    # break 45 min due at the latest when the 2:15 run out: 13:00 + 2:15 = 15:15 local,
    # before the daily rest's latest start (22:00Z = 23:00 local).
    assert sc.rows[0] == "DRIVE      13:00"
    assert sc.rows[1] == "Drive left 2:15"
    assert sc.rows[2] == "Day left   4:00"
    assert sc.rows[3] == "Break  0:45" and sc.rows[4] == "  latest 15:15"
    assert sc.rows[5] == "Week left 31:00"             # 1860 min
    assert sc.inverted == (0,)


def test_main_screen_shows_the_daily_rest_when_it_comes_first():
    st = dict(STATUS, daily_rest_latest_start=NOON + 100)      # before 12:00 + 2:15
    sc = build_screen("main", st, state(lang="de"))
    assert sc.rows[3] == "Ruhe   11:00" and sc.rows[4] == "  spaet. 14:40"


def test_the_cause_row_is_inverted_until_acknowledged():
    w = Warning("continuous_driving", "limit", 0, False)
    sc = build_screen("main", STATUS, state(warning=w))
    assert sc.rows[7] == "!Break due" and sc.inverted == (0, 7)
    sc = build_screen("warning", STATUS, state(popup=w, warning=w))
    assert sc.rows[0] == "WARNING" and sc.rows[2] == "Break due" and sc.rows[3] == "now"


def test_rest_allowed_faults_and_my_data():
    sc = build_screen("rest", STATUS, state())
    assert sc.rows[1] == "Daily  11:00" and sc.rows[2] == "Start by 23:00"
    assert sc.rows[5] == "Compens. 9:00"
    sc = build_screen("allowed", STATUS, state())
    assert sc.rows[1] == "From 02.03 13:45" and sc.rows[2] == "Rest left 0:45"
    assert build_screen("allowed", STATUS, state(now=NOON + 45)).rows[1] == "Allowed now"
    f = {"gps_lost": True, "can_silent": False, "motion_conflict": True}
    sc = build_screen("faults", STATUS, state(faults=f))
    assert sc.rows[1] == "GPS LOST" and sc.rows[2] == "CAN ok" and sc.rows[3] == "MOTION CONFLICT"
    assert sc.inverted == (0, 1, 3)
    sc = build_screen("mydata", STATUS, state())
    # Newest first: the local day of Monday 2 March (day start 00:00 local = 23:00Z the day before).
    assert sc.rows[0] == "MY DATA 1/4" and sc.rows[1] == "02 D 9:00 W 1:30"
    assert build_screen("mydata", STATUS, state(page=3)).rows[7] == "03 D 8:33 W 1:30"


def test_formats_and_unknown_screen():
    assert hhmm(None) == "--:--" and hhmm(NOON, -780) == "23:00"
    assert dur(None) == "-:--" and dur(-5) == "0:00" and dur(5400) == "90:00"
    assert raises(ValueError, build_screen, "nope", STATUS, state())


def test_dialogue_and_menu_screens_fit_in_both_languages():
    # Every cursor position and every result note of the menu, the offer with the
    # longest duration it can show (24 h) and a three-letter country, start and end.
    notes = [None] + [k for k in MESSAGES["en"] if k.startswith("n_")]
    for lang in MESSAGES:
        for cursor in range(len(MENU)):
            for note in notes:
                for event in ("start", "end"):
                    s = state(lang=lang, cursor=cursor, note=note, event=event, country="CZE",
                              offer=(NOON - 1440, NOON), settings={"crew": "multi", "buzzer": False,
                                                                   "country": "CZE", "lang": lang})
                    for name in SCREENS + DIALOGUES:
                        sc = build_screen(name, STATUS, s)
                        assert len(sc.rows) == ROWS
                        assert [r for r in sc.rows if len(r) > COLS] == [], (lang, name)
                    # Six entries show at once: from the seventh the list scrolls by one.
                    row = 1 + cursor if cursor < 6 else 6
                    assert build_screen("menu", STATUS, s).inverted == (0, row)


def test_the_offer_shows_the_stretch_in_local_time():
    # 22:00Z to 06:00Z the next day, shown at UTC+1: 23:00-07:00, 8 h.
    s = state(offer=(NOON + 600, NOON + 1080))
    sc = build_screen("offer", STATUS, s)
    assert sc.rows[2:5] == ("Rest before?", "23:00-07:00", "Length 8:00")
    sc = build_screen("country", STATUS, state(lang="de", event="end", country="PL"))
    assert sc.rows[0] == "TAGESENDE" and sc.rows[3] == "< PL >" and sc.inverted == (0, 3)
