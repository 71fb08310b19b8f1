# Tests of Art 7 continuous driving and the 12-day night cap (RULES.md §3.1, §3.8 check 3).
# SPDX-License-Identifier: MIT
"""Continuous driving (Reg. 561/2006 Art 7) and ``night_driving_12day``.

Expected values are worked out by hand from RULES.md: the limit is
4h30 = 270 min, inclusive; ``start`` (at_or_after) is the first driving
minute beyond 270; measured is the whole driving period's driving;
severities from §4 (Art 7: MI 270<x<300, SI 300<=x<360, VSI x>=360;
12-day night: SI 180<x<270, VSI x>=270). Timelines start on Monday
2026-03-02 00:00 UTC. Cases are tables (RULES.md edge cases, one per row)
written as step strings, which also keeps this module small enough to
compile on a MicroPython heap: ``d`` drive, ``r`` rest, ``w`` other work,
``a`` availability, ``u`` unknown; a trailing ``m`` = FLAG_MOVING,
``o`` = FLAG_OUT_OF_SCOPE.
"""

from drivetime.activity import (AVAILABILITY, BREAK_REST, DRIVING, FLAG_MOVING, FLAG_OUT_OF_SCOPE,
                                OTHER_WORK, UNKNOWN)
from drivetime.engine import Engine
from drivetime.profiles import EU, profile_by_name
from drivetime.rules import breaks
from drivetime.rules.breaks import BreakMachine, first_minute_in_window
from support import Rng
from timeline import Timeline, only

CD = "continuous_driving"
NIGHT = "night_driving_12day"
_ACT = {"d": DRIVING, "r": BREAK_REST, "w": OTHER_WORK, "a": AVAILABILITY, "u": UNKNOWN}
_FLAG = {"m": FLAG_MOVING, "o": FLAG_OUT_OF_SCOPE}


def tl(spec, hour=6, minute=0, t=None):
    """A Timeline resting until ``hour:minute`` on Monday, then ``spec``."""
    t = t or Timeline().at(hour, minute)
    for step in spec.split():
        flags = _FLAG.get(step[-1], 0)
        t.add(int(step[1:-1] if flags else step[1:]), _ACT[step[0]], flags)
    return t


def judge(t, rule, at=None, **options):
    found, status = t.judge(at, **options)
    return only(found, rule), status


# Art 7 edge cases: (steps from Monday 06:00, crew, [(start - 06:00, measured)])
ART7 = (
    ("d270 r45 d270 r45", "", []),               # each period exactly 4h30: compliant
    ("d271 r45", "", [(270, 271)]),              # first minute beyond 270
    ("d270 w30 d10 r45", "", [(300, 280)]),      # stopped at 270: breach at resumption (§1)
    ("d10 r45 d270 r45", "", []),                # a 45 however early resets
    ("d200 r15 d70 r30 d270 r45", "", []),       # 15 then 30: valid split
    ("d200 r30 d70 r15 d1 r45", "", [(315, 271)]),   # 30 then 15: not a split
    ("d200 r44 d71 r45", "", [(314, 271)]),      # 44 is a first part only...
    ("d200 r44 d70 r30 d270 r45", "", []),       # ...which a 30 completes
    ("d100 r20 d100 r29 d71 r45", "", [(319, 271)]),  # two 15-29 pauses complete nothing
    # pauses under 15 count for nothing: the 30 is only a first part
    ("d90 r14 d90 r14 d14 r30 d77 r45", "", [(328, 271)]),
    ("d200 r20 w1 r25 d71 r45", "", [(316, 271)]),    # work splits the pause: 20 + 25
    ("d200 r45 d71 r45", "", []),                # the same 45 unsplit is a break
    ("d200 a60 d71 r45", "", [(330, 271)]),      # single driver: availability is no break
    ("d200 r20 a10 r25 d71 r45", "", [(325, 271)]),   # ...and it splits a pause
    ("d200 a45 d270 r45", "multi", []),          # Q1 default: crew availability is a break
    ("d200 a45 d71 r45", "multi_off", [(315, 271)]),  # Q1 switched off by profile
    ("d200 r45m d270 r45", "multi", []),         # Art 7 3rd para: break in moving vehicle
    ("d200 d100o d70 r45", "", []),              # out-of-scope driving is not driving
    ("d200 r20 d5o r25 d71 r45", "", [(320, 271)]),   # ...nor a break: it splits a pause
    ("d270 u45 d270 r45", "", []),               # UNKNOWN counts as break (App 14 §1)
    ("d270 r20 u25 d270 r45", "", []),           # rest + unknown: one 45 min pause
    ("d271 w10 d100 r45", "", [(270, 371)]),     # measured = whole period: 371
    ("d300 r10 d100 r20 d100 r45", "", [(270, 500)]),  # one breach per period
    ("d280 r45 d290 r45", "", [(270, 280), (595, 290)]),  # two periods, two breaches
)


def test_art7_cases():
    off = profile_by_name("eu", {"multi_availability_is_break": False})
    for spec, crew, expected in ART7:
        t = tl(spec)
        options = {"crew_multi": crew != ""}
        if crew == "multi_off":
            options["profile"] = off
        found = judge(t, CD, **options)[0]
        base = t.time(0, 6, 0)
        assert [(i.start - base, i.measured) for i in found] == expected, (spec, found)
        assert all(i.final and i.limit == 270 for i in found)


def test_art7_severity_and_end():
    # Art 7 row: MI 4h30<x<5h, SI 5h<=x<6h, VSI x>=6h; end = start of the break.
    for minutes, severity in ((271, "MI"), (299, "MI"), (300, "SI"), (359, "SI"), (360, "VSI")):
        t = tl("d%d r45" % minutes)
        (i,) = judge(t, CD)[0]
        assert (i.measured, i.severity, i.end) == (minutes, severity, t.time(0, 6, minutes))


def test_gap_in_the_data_counts_as_break():
    # A 45 min gap between intervals is UNKNOWN time, hence a break.
    t = tl("d270")
    t.intervals.append((t.now + 45, t.now + 315, DRIVING, 0))
    t.intervals.append((t.now + 315, t.now + 360, BREAK_REST, 0))
    assert judge(t, CD)[0] == []


def test_open_period_is_reported_not_final():
    (i,) = judge(tl("d300"), CD)[0]
    assert (i.start, i.end, i.measured, i.severity, i.final) == (
        Timeline().time(0, 10, 30), Timeline().time(0, 11), 300, "SI", False)
    # A 20 min pause so far does not close the period...
    assert judge(tl("d300 r20"), CD)[0][0].final is False
    # ...45 min with no record after it (UNKNOWN is a break) do.
    (i,) = judge(tl("d300"), CD, at=Timeline().time(0, 11, 45))[0]
    assert (i.final, i.end) == (True, Timeline().time(0, 11))


def test_evaluate_does_not_disturb_the_engine():
    e = tl("d300").engine()
    first = [i.as_tuple() for i in e.evaluate()[0]]
    e.evaluate(e.end + 100)
    assert [i.as_tuple() for i in e.evaluate()[0]] == first


# Status: (steps from 06:00, continuous, left, current break, break needed, allowed - now)
STATUS = (
    ("d100", 100, 170, 0, 45, None),
    ("d100 r20", 100, 170, 20, 45, None),    # pause going on: it needs 45 in all
    ("d100 r20 d50", 150, 120, 0, 30, None),  # the 20 was a qualifying first part
    ("d100 r20 d50 r30", 0, 270, 30, 45, None),  # split break complete
    ("d270", 270, 0, 0, 45, 45),             # at the limit: a 45 min break first
    ("d270 r10", 270, 0, 10, 45, 35),        # 10 of it taken
    ("d200 r15 d70", 270, 0, 0, 30, 30),     # after a qualifying 15: 30 min
    ("d269", 269, 1, 0, 45, None),
)


def test_status_counters():
    for spec, acc, left, pause, needed, wait in STATUS:
        t = tl(spec)
        st = judge(t, CD)[1]
        got = (st["continuous_driving_min"], st["continuous_driving_left_min"],
               st["current_break_min"], st["break_needed_min"], st["next_driving_allowed_at"])
        assert got == (acc, left, pause, needed, None if wait is None else t.now + wait), (spec, got)


# -- the 12-day derogation's night cap (Art 8(6a)(d); §3.8 check 3; Q9) ---------
# (steps, start hour, minute, engine options besides twelve_day=True,
#  expected (day, hour, minute of start, measured) or None)
NIGHT_CASES = (
    ("d181 r45", 22, 0, {}, (1, 1, 0, 181)),     # over 180 at 22:00 + 180 = 01:00
    ("d180 r45 d180 r45", 22, 0, {}, None),      # exactly 3 h: compliant
    ("d200 r45", 22, 0, {"twelve_day": False}, None),  # only under the derogation
    ("d200 r45", 22, 0, {"crew_multi": True}, None),   # multi-manned: exempt
    ("d270 r45", 8, 0, {}, None),                # daytime
    ("d210 r45", 18, 30, {}, None),              # ends at 22:00: window is [22:00, 06:00)
    ("d200 r45", 6, 0, {}, None),                # starts at 06:00
    # Q9 reading (breaks.py): the cap holds from the period's first night
    # minute: 18:00-22:10 passes 180 at 21:00, breach from 22:00
    ("d250 r45", 18, 0, {}, (0, 22, 0, 250)),
    ("d200 r45", 5, 59, {}, (0, 8, 59, 200)),    # one night minute; over 180 at 08:59
    ("d200 w100 d10 r45", 17, 0, {}, (0, 22, 0, 210)),  # acc 200 when night driving starts
    ("d100 r20 d100 r45", 22, 0, {}, (1, 1, 20, 200)),  # over 180 at 00:00 + 80
    ("d200 r45", 18, 0, {}, None),               # 18:00-21:20 UTC is day in UTC...
    ("d200 r45", 18, 0, {"local_offset_min": 120}, (0, 21, 0, 200)),  # ...night from 20:00 UTC at UTC+2
    ("d200 r45", 22, 0, {"local_offset_min": 480}, None),  # 22:00 UTC = 06:00 at UTC+8
    ("d200 r45", 3, 0, {"local_offset_min": -300}, (0, 6, 0, 200)),  # 03:00 UTC = 22:00 at UTC-5
    ("d200 r45", 12, 0, {"local_offset_min": -300}, None),
)


def test_night_cap_cases():
    for spec, hour, minute, options, expected in NIGHT_CASES:
        t = tl(spec, hour, minute)
        kw = {"twelve_day": True}
        kw.update(options)
        found = judge(t, NIGHT, **kw)[0]
        got = [(i.start, i.measured, i.limit) for i in found]
        want = [] if expected is None else [(t.time(*expected[:3]), expected[3], 180)]
        assert got == want, (spec, hour, options, found)


def test_night_cap_severity():
    # 12-day night row: SI 3h<x<4h30, VSI x>=4h30.
    for minutes, severity in ((181, "SI"), (269, "SI"), (270, "VSI"), (300, "VSI")):
        (i,) = judge(tl("d%d r45" % minutes, 22), NIGHT, twelve_day=True)[0]
        assert (i.measured, i.severity, i.final) == (minutes, severity, True)


def test_night_cap_wider_employer_window():
    # An employer may widen 22:00-06:00 (stricter), e.g. to 21:00-07:00.
    wide = profile_by_name("eu", {"twelve_day_night_start": 1260, "twelve_day_night_end": 420})
    t = tl("d181 r45", 21)
    assert [i.start for i in judge(t, NIGHT, twelve_day=True, profile=wide)[0]] == [t.time(1)]
    assert len(judge(tl("d181 r45", 6, 30), NIGHT, twelve_day=True, profile=wide)[0]) == 1
    assert judge(tl("d181 r45", 6, 30), NIGHT, twelve_day=True)[0] == []


def test_night_cap_and_art7_one_record_for_one_period():
    # 22:00 + 300 min: the night cap is breached from 01:00 and the period
    # also passes 4h30 at 02:30, but under Art 8(6a)(d) it is one driving
    # period with a 3 h limit: one breach, reported once, as the night
    # row (VSI from 4h30). RULES.md §8: never two records for one breach.
    t = tl("d300 r45", 22)
    found = t.judge(twelve_day=True)[0]
    assert [(i.rule, i.start, i.measured, i.severity) for i in found if i.rule in (CD, NIGHT)] == [
        (NIGHT, t.time(1, 1, 0), 300, "VSI")]
    # A day-time period of the same driver still breaches Art 7 alone.
    t = tl("d300 r45", 8)
    found = t.judge(twelve_day=True)[0]
    assert [(i.rule, i.measured) for i in found if i.rule in (CD, NIGHT)] == [(CD, 300)]


# Night status (steps, hour, minute, continuous left, allowed as (day, h, m) or None)
NIGHT_STATUS = (
    ("d100", 22, 0, 80, None),          # night driving in the period: 180 - 100
    ("d200", 16, 0, 70, None),          # 19:20, acc 200: 4h30 comes before 22:00
    ("d150", 18, 0, 90, None),          # 20:30: 90 more reach 22:00 with no night minute
    ("d100 w190", 19, 0, 80, None),     # resuming at 23:50 is night driving
    ("d180", 22, 0, 0, (1, 1, 45)),     # 3 h at night: a 45 min break first
    ("d200 w200", 17, 0, 0, (1, 0, 25)),   # 23:40: a break ends before daylight
    ("d200 w810", 13, 0, 0, (1, 6, 0)),    # 05:50: daylight (06:00) before a break ends
    ("d100 r45", 5, 0, 270, None),      # night period closed by the break; 07:25 is day
)


def test_night_cap_status():
    for spec, hour, minute, left, allowed in NIGHT_STATUS:
        t = tl(spec, hour, minute)
        st = judge(t, NIGHT, twelve_day=True)[1]
        want = (left, None if allowed is None else t.time(*allowed))
        assert (st["continuous_driving_left_min"], st["next_driving_allowed_at"]) == want, spec
    # Without the derogation only 4h30 counts.
    assert judge(tl("d100", 22), CD)[1]["continuous_driving_left_min"] == 170
    # 06:00-07:10 after 200 min and work until 06:00: 270 by day is compliant.
    assert judge(tl("d200 w820 d70 r45", 13), NIGHT, twelve_day=True)[0] == []


def test_first_minute_in_window():
    # 22:00-06:00 wraps midnight; 08:00-12:00 does not; start == end is empty.
    for a, b, start, end, offset, want in (
            (0, 100, 1320, 360, 0, 0), (360, 2000, 1320, 360, 0, 1320), (360, 1320, 1320, 360, 0, -1),
            (0, 1440, 480, 720, 0, 480), (800, 2000, 480, 720, 0, 1920), (800, 1920, 480, 720, 0, -1),
            (1200, 1300, 1320, 360, 120, 1200), (1320, 4000, 1320, 1320, 0, -1)):
        assert first_minute_in_window(a, b, start, end, offset) == want


# -- seeded randomized checks ------------------------------------------------------

def _random_runs(rng, n):
    runs, now = [], 29540160 + rng.randint(0, 1439)
    for _ in range(n):
        kind = rng.choice((breaks.DRIVE, breaks.PAUSE, breaks.NEUTRAL))
        length = rng.randint(1, 150 if kind == breaks.DRIVE else 60)
        runs.append((kind, now, now + length))
        now += length
    return runs


def _reference(runs):
    """Art 7 as RULES.md §3.1 states it, one minute at a time: final breaches."""
    found, acc, part1, pause, start, over = [], 0, False, 0, -1, -1
    for kind, a, b in runs + [(breaks.NEUTRAL, runs[-1][2], runs[-1][2] + 1)]:
        for m in range(a, b):
            if kind == breaks.PAUSE:
                start = m if pause == 0 else start
                pause += 1
                continue
            if pause >= 45 or (part1 and pause >= 30):
                if over >= 0:
                    found.append((over, start, acc))
                acc, part1, over = 0, False, -1
            elif pause >= 15:
                part1 = True
            pause = 0
            if kind == breaks.DRIVE:
                acc += 1
                over = m if acc == 271 else over
    return found


def _machine(runs, end):
    sink = []
    m = BreakMachine(EU, sink)
    for kind, a, b in runs:
        m.feed(kind, a, b)
    m.finish(end)
    return [(i.start, i.end, i.measured) for i in sink if i.final]


def test_random_runs_match_minute_reference():
    rng = Rng(7)
    for _ in range(40):
        runs = _random_runs(rng, rng.randint(1, 25))
        assert _machine(runs, runs[-1][2]) == _reference(runs), runs


def test_random_split_into_minutes_gives_the_same_result():
    rng = Rng(11)
    for _ in range(25):
        runs = _random_runs(rng, rng.randint(1, 12))
        minutes = ((k, m, m + 1) for k, a, b in runs for m in range(a, b))   # no big list
        assert _machine(minutes, runs[-1][2]) == _machine(runs, runs[-1][2])


def test_random_engine_intervals_vs_minutes():
    # Engine level, night cap on: intervals and their minutes agree on every
    # infringement and every counter.
    rng = Rng(2026)
    for _ in range(6):
        t = Timeline().at(rng.randint(0, 23))
        for _ in range(rng.randint(2, 14)):
            t.add(rng.randint(1, 90), rng.choice((DRIVING, DRIVING, BREAK_REST, OTHER_WORK, AVAILABILITY, UNKNOWN)))
        split = Engine(twelve_day=True)
        for a, b, activity, flags in t.intervals:
            for m in range(a, b):
                split.feed_minute(m, activity, flags)
        f1, s1 = t.engine(twelve_day=True).evaluate()
        f2, s2 = split.evaluate()
        assert [i.as_tuple() for i in f1] == [i.as_tuple() for i in f2] and s1 == s2


def test_random_left_is_exact():
    # Driving exactly ``continuous_driving_left_min`` more opens no Art 7 or
    # night-cap breach; one minute more does.
    rng = Rng(180)
    checked = 0
    for _ in range(60):
        t = Timeline().at(rng.randint(0, 23), rng.randint(0, 59))
        for _ in range(rng.randint(1, 6)):
            t.add(rng.randint(5, 150), rng.choice((DRIVING, DRIVING, BREAK_REST, OTHER_WORK)))
        found, st = t.judge(twelve_day=True)
        if [i for i in found if i.rule in (CD, NIGHT) and not i.final]:
            continue                       # already in breach: nothing to predict
        left = st["continuous_driving_left_min"]
        for extra, breached in ((left, False), (left + 1, True)):
            u = Timeline()
            u.intervals, u.now = list(t.intervals), t.now
            found = u.drive(extra).judge(twelve_day=True)[0]
            assert bool([i for i in found if i.rule in (CD, NIGHT) and not i.final]) == breached, t.intervals
        checked += 1
    assert checked > 20
