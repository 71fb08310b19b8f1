# Snapshots of every dashboard screen, in English and German, drawn through luma's dummy device.
# SPDX-License-Identifier: MIT
"""Every screen, from one driver's realistic fortnight, against docs/screens/*.png.

The driver (single crew, goods, local time CET = UTC+1): Monday 2 to
Saturday 7 March 2026 a day each of 15 min other work, 4h30 driving, a 45 min
break, 4 h driving and 15 min other work from 06:00 UTC; a reduced weekly
rest from Saturday 15:45 to Monday 9 March 06:00 (38h15); the same days on
Monday 9 and Tuesday 10; Wednesday 11 March is "today". The counters come
from the rules engine; each screen is built by :func:`drivetime.dashboard.build_screen`
and drawn by :mod:`drivetime_pi.render` on a ``luma.core.device.dummy``.

Regenerate the PNGs after a deliberate change (dashboard, messages, font)::

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q tests/ports/test_screen_snapshots.py

and look at the changed images (docs/driver-guide.md shows them) before committing.
"""

import os

import pytest
from luma.core.device import dummy
from luma.core.render import canvas
from PIL import Image

from drivetime import dashboard
from drivetime.activity import AVAILABILITY, DRIVING, OTHER_WORK
from drivetime.warnings import Warning
from drivetime_pi import render
from timeline import Timeline

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREENS_DIR = os.path.join(ROOT, "docs", "screens")
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
CET = 60
LANGS = ("en", "de")
WEDNESDAY = 9            # day index of Wednesday 11 March 2026 from Monday 2 March
SETTINGS = {"lang": "en", "local_offset_min": CET, "crew": "single", "stop_activity": OTHER_WORK,
            "buzzer": True, "country": "DE"}


def working_day(t, day):
    t.at(6, 0, day=day).work(15).drive(270).rest(45).drive(240).work(15)


def fortnight(today):
    """The driver's record up to 06:00 on Wednesday; ``today(t)`` adds the day so far."""
    t = Timeline()
    for day in (0, 1, 2, 3, 4, 5, 7, 8):   # Sunday 8 March off: the weekly rest
        working_day(t, day)
    t.at(6, 0, day=WEDNESDAY)
    today(t)
    return t


def days_of(t):
    """``(local day start, driving, other work)`` per day, newest first, as the unit's "my data" lists them."""
    first = (t.origin + CET) // 1440
    last = (t.now - 1 + CET) // 1440
    rows = []
    for day in range(last, first - 1, -1):
        lo, hi = day * 1440 - CET, (day + 1) * 1440 - CET
        drive = work = 0
        for start, end, activity, _ in t.intervals:
            n = max(0, min(end, hi) - max(start, lo))
            drive += n if activity == DRIVING else 0
            work += n if activity == OTHER_WORK else 0
        rows.append((lo, drive, work))
    return rows


# Moments of Wednesday 11 March 2026 (UTC), each the state one screen shows.
MOMENTS = {
    "driving": lambda t: t.work(15).drive(160),                 # 08:55, 2h40 into the stint
    "prewarn": lambda t: t.work(15).drive(255),                 # 10:30, 15 min before 4h30
    "in_break": lambda t: t.work(15).drive(270).rest(15),       # 11:00, 15 min into the break
    "day_done": lambda t: t.work(15).drive(270).rest(45).drive(240).work(15),   # 15:45
    "day_start": lambda t: t.work(5),                           # 06:05, the day just begun
}
MONDAY = 29540160       # Monday 2 March 2026 00:00 UTC
TUESDAY_END = MONDAY + 8 * 1440 + 945       # Tuesday 10 March 15:45 UTC, the day's work done
WEDNESDAY_START = MONDAY + WEDNESDAY * 1440 + 360


def state_at(moment, lang, **extra):
    t = fortnight(MOMENTS[moment])
    found, status = t.judge()
    assert found == []      # a compliant fortnight: nothing to report
    last = t.intervals[-1][2]
    state = {"now": t.now, "lang": lang, "local_offset_min": CET, "activity": last, "flags": 0,
             "faults": {"gps_lost": False, "can_silent": False, "motion_conflict": False},
             "clock": "gps", "warning": None, "popup": None, "settings": dict(SETTINGS, lang=lang),
             "day_open": True, "days": days_of(t), "page": 0}
    state.update(extra)
    return status, state


# The example of each screen: (moment, extra unit state).
EXAMPLES = {
    "main": ("driving", {}),
    "week": ("day_done", {}),
    "rest": ("day_done", {}),
    "allowed": ("in_break", {}),
    "faults": ("driving", {"faults": {"gps_lost": True, "can_silent": False, "motion_conflict": False},
                           "clock": "rtc"}),
    "mydata": ("day_done", {}),
    "warning": ("prewarn", {"warning": Warning("continuous_driving", "pre", 0, False),
                            "popup": Warning("continuous_driving", "pre", 0, False),
                            "left": {"continuous_driving": 15}}),
    "menu": ("driving", {}),
    # The unit saw nothing from Tuesday's end until Wednesday 06:00 (switched off):
    # pressing "day" offers that stretch as the rest before the shift, then the country.
    "offer": ("day_start", {"offer": (TUESDAY_END, WEDNESDAY_START)}),
    "country": ("day_start", {"event": "start", "country": "D"}),
}


def example(name, lang):
    moment, extra = EXAMPLES[name]
    status, state = state_at(moment, lang, **extra)
    return dashboard.build_screen(name, status, state)


def through_luma(screen):
    """The 128x64 image the OLED would show: luma's dummy device, drawn in its canvas."""
    device = dummy(width=128, height=64, mode="1")
    with canvas(device) as draw:
        render.draw_screen(draw, screen)
    return device.image


def snapshot_path(name, lang):
    return os.path.join(SCREENS_DIR, "%s_%s.png" % (name, lang))


CASES = [(name, lang) for name in EXAMPLES for lang in LANGS]


@pytest.mark.parametrize("name, lang", CASES)
def test_screen_matches_snapshot(name, lang):
    image = through_luma(example(name, lang))
    path = snapshot_path(name, lang)
    if UPDATE:
        os.makedirs(SCREENS_DIR, exist_ok=True)
        image.save(path, optimize=True)
    with Image.open(path) as stored:
        assert stored.size == (128, 64)
        assert stored.convert("1").tobytes() == image.tobytes(), \
            "%s differs from the drawing; regenerate with UPDATE_SNAPSHOTS=1 after checking" % path


def test_every_screen_has_an_example():
    assert set(EXAMPLES) == set(dashboard.SCREENS) | {"warning"} | set(dashboard.DIALOGUES)


def test_no_stray_snapshots():
    # Every unit screen PNG (<screen>_<lang>.png) in docs/screens is one of the examples
    # (a renamed screen leaves none behind); office pictures (office-*.png) are not the unit's.
    expected = {os.path.basename(snapshot_path(n, l)) for n, l in CASES}
    assert set(f for f in os.listdir(SCREENS_DIR)
               if f.endswith(".png") and not f.startswith("office")) == expected


# What the English examples must say, worked out by hand from the fortnight above
# (RULES.md §3; times local CET = UTC+1), so the pictures in the driver guide tell the truth.
HAND = {
    # 08:55 UTC: 2h40 driven since 06:15. Art 7: 4h30 - 2h40 = 1:50 left, so the 45 min break
    # is due by 10:45 UTC = 11:45 CET (before the daily rest's latest start). Art 6(1): no
    # 10 h day used this week, so 10 h - 2:40 = 7:20. Art 6(2): 56 h - 2 x 8:30 - 2:40 = 36:20.
    "main": ("DRIVE      09:55", "Drive left 1:50", "Day left   7:20", "Break  0:45",
             "  latest 11:45", "Week left 36:20", "", ""),
    # 15:45 UTC: this week 3 x 8:30 = 25:30 (56 h - 25:30 = 30:30 left); the two weeks
    # 9 x 8:30 = 76:30 (Art 6(3): 90 h - 76:30 = 13:30 left); no 10 h day, no reduced daily rest.
    "week": ("WEEK", "Driven   25:30", "Left     30:30", "2 WEEKS", "Driven   76:30",
             "Left     13:30", "10h days left 2", "Red.rests 3"),
    # Art 8(2): the day began 06:00 UTC after the daily rest, a reduced 9 h rest (3 left, Art 8(4))
    # must start by 06:00 + 24 h - 9 h = 21:00 UTC = 22:00 CET. Art 8(6): weekly rest by
    # Monday 9 06:00 + 144 h = Sunday 15 06:00 UTC = 07:00 CET. Art 8(6b): the 38h15 weekly rest
    # owes 45 h - 38h15 = 6:45, by the end of the third week after week 10: Sunday 29 March
    # 24:00 UTC = 30.03 01:00 CET.
    "rest": ("REST OWED", "Daily  9:00", "Start by 22:00", "Weekly rest by", "15.03 07:00",
             "Compens. 6:45", "by 30.03 01:00", ""),
    # 11:00 UTC: 4h30 driven to 10:45, 15 min of break. Art 7: a 30 min second part completes
    # the split break at 11:30 UTC = 12:30 CET; the day has 10 h - 4:30 = 5:30 left.
    "allowed": ("DRIVE AGAIN", "From 11.03 12:30", "Rest left 0:30", "Drive left 0:00",
                "Day left   5:30", "", "", ""),
    # Each working day: 4h30 + 4h driving, 2 x 15 min other work; Sunday 8 March off.
    "mydata": ("MY DATA 1/4", "11 D 8:30 W 0:30", "10 D 8:30 W 0:30", "09 D 8:30 W 0:30",
               "08 D 0:00 W 0:00", "07 D 8:30 W 0:30", "06 D 8:30 W 0:30", "05 D 8:30 W 0:30"),
    # 10:30 UTC: 4h15 driven, Annex IC req 184's warning 15 min before 4h30.
    "warning": ("PRE-WARNING", "", "Break due", "in 0:15", "", "", "ACK to confirm", ""),
    # Tuesday 15:45 UTC (16:45 CET) to Wednesday 06:00 UTC (07:00 CET): 14 h 15.
    "offer": ("MANUAL ENTRY", "", "Rest before?", "16:45-07:00", "Length 14:15", "",
              "ACK = rest", "MODE = unknown"),
    # The menu: the first entry selected (inverted), the settings, the day started.
    "menu": ("SETTINGS", "Last stop=break", "Language en", "Crew single", "Stop -> WORK",
             "Buzzer on", "Country DE", "Day started"),
}


@pytest.mark.parametrize("name", sorted(HAND))
def test_example_counters_worked_out_by_hand(name):
    assert example(name, "en").rows == HAND[name]
