# Tests of the unit's dialogues: the rest before the shift, the country, the forgotten break, the language.
# SPDX-License-Identifier: MIT
"""Manual entries and choices made with the unit's buttons (plain asserts, both interpreters)."""

import gc

from drivetime.unit import Log, Unit  # noqa: E402

gc.collect()
from drivetime.activity import BREAK_REST, DRIVING, OTHER_WORK, UNKNOWN  # noqa: E402
from drivetime.menu import last_stop, unrecorded  # noqa: E402
from drivetime.ring import IntervalRing  # noqa: E402

gc.collect()
T = 29540520            # Monday 2026-03-02 06:00Z


def logs(out, kind):
    return [o.fields for o in out if isinstance(o, Log) and o.kind == kind]


def replay(*intervals, **settings):
    u = Unit(settings or None)
    out = []
    for start, end, activity in intervals:
        u.on_record(0, start, end, activity)
        out.extend(u.tick(0))
    return u, out


def press(u, *names):
    out = []
    for name in names:
        u.on_button(0, name)
        out.extend(u.tick(0))
    return out


def to_menu(u):
    while u.screen.name != "menu":
        press(u, "mode")


def ring_of(*entries):
    r = IntervalRing(16)
    for e in entries:
        r.append(*e)
    return r


def test_unrecorded_finds_the_latest_stretch_with_no_record_in_the_last_24_h():
    # Gap 10:00-11:00, UNKNOWN 11:00-11:30, gap 11:30-12:00 make one stretch of 2 h;
    # the 10 min gap later is under 15 min (no break part, Art 7) and is not offered.
    r = ring_of((T, T + 240, DRIVING), (T + 300, T + 330, UNKNOWN), (T + 360, T + 400, OTHER_WORK),
                (T + 410, T + 420, OTHER_WORK))
    assert unrecorded(r, T + 420, T + 420) == (T + 240, T + 360)
    # Before the first record only the last 24 h count: from now - 1440.
    assert unrecorded(ring_of((T, T + 60, DRIVING)), T + 60, T + 60) == (T + 60 - 1440, T)
    assert unrecorded(ring_of((T, T + 60, DRIVING)), T + 60, T + 60, window=60) is None


def test_last_stop_is_the_stop_before_the_current_drive_or_after_the_last_one():
    r = ring_of((T, T + 100, DRIVING), (T + 100, T + 130, OTHER_WORK), (T + 130, T + 150, DRIVING))
    assert last_stop(r, T + 150) == (T + 100, T + 130, True)
    r.append(T + 150, T + 170, BREAK_REST)
    assert last_stop(r, T + 170) == (T + 150, T + 170, False)      # already a break
    assert last_stop(ring_of((T, T + 60, OTHER_WORK)), T + 60) is None   # no driving before


def test_a_forgotten_break_entered_from_the_menu_removes_the_art_7_breach():
    # 2h30 driving, 45 min recorded as other work, 2h05 driving: 4h35 without a
    # break, Art 7 breached; the 45 min made a break resets the count (125 min since).
    u, out = replay((T, T + 150, DRIVING), (T + 150, T + 195, OTHER_WORK),
                    (T + 195, T + 320, DRIVING))
    assert [i.rule for i in u.infringements] == ["continuous_driving"]
    to_menu(u)
    assert u.screen.rows[1] == "Last stop=break" and 1 in u.screen.inverted
    assert u.centre.cause() is not None
    out = press(u, "ack")               # the warning comes first (Annex IC req 189)
    assert logs(out, "ack") and not logs(out, "manual")
    while u.centre.cause() is not None:
        press(u, "ack")
    out = press(u, "ack")
    assert u.infringements == [] and u.status["continuous_driving_min"] == 125
    assert logs(out, "manual") == [{"start": T + 150, "end": T + 195, "activity": "break_rest",
                                    "minute": T + 320}]
    assert u.screen.rows[7] == "Break entered"
    out = press(u, "ack")               # the stop is a break now: nothing more to enter
    assert u.screen.rows[7] == "No stop to enter" and not logs(out, "manual")


def test_the_current_stop_made_a_break_goes_on_as_a_break():
    u, out = replay((T, T + 120, DRIVING), (T + 120, T + 140, OTHER_WORK))
    to_menu(u)
    out = press(u, "ack")
    assert list(u.ring)[-1] == (T + 120, T + 140, BREAK_REST, 0)
    assert logs(out, "select")[0]["activity"] == "break_rest"
    while u.screen.name != "main":
        press(u, "mode")
    assert u.screen.rows[0].startswith("REST")


def test_the_rest_before_the_shift_offered_at_the_start_of_the_day():
    # Sunday 06:00-10:00 driving, then nothing recorded until Monday 06:00 (the
    # unit off), Monday 06:00-06:10 other work. At "day" the 20 h stretch is offered.
    u, out = replay((T - 1440, T - 1200, DRIVING), (T, T + 10, OTHER_WORK))
    assert u.status["unknown_min"] == 1200
    press(u, "day")
    assert u.screen.name == "offer"
    assert u.screen.rows[2:5] == ("Rest before?", "10:00-06:00", "Length 20:00")
    out = press(u, "ack")
    assert list(u.ring) == [(T - 1440, T - 1200, DRIVING, 0), (T - 1200, T, BREAK_REST, 0),
                            (T, T + 10, OTHER_WORK, 0)]
    assert logs(out, "offer") == [{"start": T - 1200, "end": T, "accepted": True, "minute": T + 10}]
    # Art 8(2): a 20 h regular daily rest ended at 06:00; the next must start within
    # 24 h of that, at the latest 06:00 + 24 h - 9 h (a reduced rest, 3 left, Art 8(4)).
    assert u.status["unknown_min"] == 0 and u.infringements == []
    assert u.status["reduced_daily_rests_left"] == 3
    assert u.status["daily_rest_latest_start"] == T + 900
    # Then the country: the first of the list (no country set), "activity" the next.
    assert u.screen.name == "country" and u.screen.rows[0] == "START OF DAY"
    assert u.screen.rows[3] == "< D >" and 3 in u.screen.inverted
    press(u, "activity")
    assert u.screen.rows[3] == "< A >"
    out = press(u, "ack")
    assert logs(out, "day") == [{"event": "start", "country": "A", "minute": T + 10}]
    assert u.day_open and u.settings["country"] == "A" and u.screen.name == "main"


def test_declining_the_offer_leaves_the_stretch_unknown_and_the_day_ends_with_a_country():
    u, out = replay((T - 1440, T - 1200, DRIVING), (T, T + 10, OTHER_WORK),
                    countries=("NL", "B"), country="B", lang="de")
    press(u, "day")
    assert u.screen.rows[0] == "NACHTRAG" and u.screen.rows[7] == "MODE = unbekannt"
    out = press(u, "mode")
    assert logs(out, "offer")[0]["accepted"] is False and u.status["unknown_min"] == 1200
    assert u.screen.rows[3] == "< B >"
    out = press(u, "day")               # "day" again confirms the country shown
    assert logs(out, "day")[0]["country"] == "B"
    press(u, "day")                     # the end of the day: no offer, the country only
    assert u.screen.rows[0] == "TAGESENDE"
    press(u, "activity")
    assert u.screen.rows[3] == "< NL >"
    out = press(u, "ack")
    assert logs(out, "day") == [{"event": "end", "country": "NL", "minute": T + 10}]
    assert not u.day_open
    # A new start offers the stretch still unknown again; "mode" declines it,
    # "mode" on the country cancels: no day event recorded.
    out = press(u, "day", "mode", "mode")
    assert not logs(out, "day") and not u.day_open and u.screen.name == "main"


def test_the_language_entry_switches_the_screen_text():
    u, out = replay((T, T + 10, OTHER_WORK))
    to_menu(u)
    assert u.screen.rows[0] == "SETTINGS"
    press(u, "activity")                # the cursor to "Language", inverted
    assert u.screen.inverted == (0, 2) and u.screen.rows[2] == "Language en"
    out = press(u, "ack")
    assert u.screen.rows[0] == "EINSTELLUNGEN" and u.screen.rows[2] == "Sprache de"
    assert logs(out, "lang") == [{"lang": "de", "minute": T + 10}]
    press(u, "activity", "ack")                 # "Crew" entry: two drivers
    assert u.screen.rows[3] == "Zwei Fahrer" and u.engine.crew_multi
    press(u, "activity", "ack")                 # "Stop" is shown only
    press(u, "activity", "ack")                 # buzzer off
    assert u.screen.rows[5] == "Summer aus" and not u.settings["buzzer"]
    press(u, "activity", "ack")                 # the next country
    assert u.screen.rows[6] == "Land D"
    press(u, "activity")                        # "Export": the list scrolls by one row
    assert u.screen.rows[1] == "Sprache de" and u.screen.rows[6] == "Daten exportier."
    assert u.screen.inverted == (0, 6)
    press(u, "activity", "activity", "ack")     # round to "Language": English again
    assert u.screen.rows[2] == "Language en"


def test_day_with_no_record_asks_the_country_only_and_day_again_confirms():
    # No record and no clock: nothing to offer; the settings' country is shown first
    # even when it is not in the list, and "day" again confirms it.
    u = Unit({"country": "DE"})
    out = press(u, "day", "day", "day", "day")
    assert [(f["event"], f["country"]) for f in logs(out, "day")] == [("start", "DE"), ("end", "DE")]


def test_warnings_come_before_the_dialogues():
    # 4h15 of driving: the pre-warning of Annex IC req 184 fills the screen.
    u, out = replay((T, T + 255, DRIVING))
    assert u.screen.name == "warning"
    out = press(u, "day")               # any key only ends the popup (req 188)
    assert u.screen.name == "main" and not logs(out, "day")
    press(u, "day")                     # the 24 h before the record's start are offered
    assert u.screen.name == "offer"
    out = press(u, "day", "ack")        # "day" is kept by the offer; "ack" goes to
    assert logs(out, "ack") and not logs(out, "offer")      # the warning first (req 189)
    assert u.flags == 0 and u.screen.name == "offer"
    out = press(u, "ack", "ack")
    assert logs(out, "offer")[0]["accepted"] and logs(out, "day")[0]["event"] == "start"
    assert u.screen.name == "main"
