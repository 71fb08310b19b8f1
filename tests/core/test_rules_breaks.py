# Tests of Art 7 continuous driving and the 12-day night cap (RULES.md §3.1, §3.8 check 3).
# SPDX-License-Identifier: MIT
"""Continuous driving (Reg. 561/2006 Art 7) and ``night_driving_12day``.

Every expected value is worked out by hand from RULES.md: the limit is
4h30 = 270 min, inclusive; ``start`` (at_or_after) is the first driving
minute beyond 270; the measured value is the whole driving period's
driving; severities come from the Art 7 row of §4 (MI 270<x<300,
SI 300<=x<360, VSI x>=360) and the 12-day night row (SI 180<x<270,
VSI x>=270). Timelines start on Monday 2026-03-02 00:00 UTC; ``at(6)``
first rests 6 h, which opens a fresh driving period.
"""

from drivetime.activity import DRIVING, BREAK_REST, FLAG_MOVING, FLAG_OUT_OF_SCOPE
from drivetime.profiles import EU, profile_by_name
from drivetime.rules import breaks
from drivetime.rules.breaks import BreakMachine, first_minute_in_window
from support import Rng
from timeline import Timeline, only

CD = "continuous_driving"
NIGHT = "night_driving_12day"


def cd(t, at=None, **options):
    found, status = t.judge(at, **options)
    return only(found, CD), status


def one(found):
    assert len(found) == 1, found
    return found[0]


# -- the 4h30 limit ----------------------------------------------------------

def test_compliant_day():
    # 270 + 45 + 270: each driving period is exactly at the limit.
    t = Timeline().at(6).drive(270).rest(45).drive(270).rest(45)
    found, status = cd(t)
    assert found == []
    assert status["continuous_driving_min"] == 0      # the 45 min break is complete


def test_exactly_270_is_compliant():
    # "Shall not exceed": exactly 4h30 is compliant (RULES.md §1).
    t = Timeline().at(6).drive(270)
    found, status = cd(t)
    assert found == []
    assert status["continuous_driving_min"] == 270
    assert status["continuous_driving_left_min"] == 0


def test_271_is_one_minor_infringement():
    t = Timeline().at(6).drive(271).rest(45)
    i = one(cd(t)[0])
    # First driving minute beyond 270: 06:00 + 270 min = 10:30.
    assert i.start == t.time(0, 10, 30)
    assert i.end == t.time(0, 10, 31)                  # the break starts here
    assert (i.measured, i.limit, i.severity, i.final) == (271, 270, "MI", True)


def test_resumed_after_stopping_at_limit_starts_at_resumption():
    # §1 at_or_after: stopped exactly at 4h30, then 30 min of work (neutral),
    # then driving again: the breach is proved at the resumption, 10:30 + 30.
    t = Timeline().at(6).drive(270).work(30).drive(10).rest(45)
    i = one(cd(t)[0])
    assert i.start == t.time(0, 11, 0)
    assert i.measured == 280


def test_severity_boundaries():
    # Art 7 row: MI 4h30<x<5h, SI 5h<=x<6h, VSI x>=6h.
    for minutes, severity in ((299, "MI"), (300, "SI"), (301, "SI"), (359, "SI"), (360, "VSI"), (500, "VSI")):
        t = Timeline().at(6).drive(minutes).rest(45)
        i = one(cd(t)[0])
        assert (i.measured, i.severity) == (minutes, severity), (minutes, i)


def test_break_of_45_taken_early_resets():
    # §3.1 edge case: any break of at least 45 min resets the counter.
    t = Timeline().at(6).drive(10).rest(45).drive(270).rest(45)
    assert cd(t)[0] == []


# -- the split break (Art 7 second paragraph) -------------------------------

def test_split_15_then_30_is_valid():
    # 200 + [15] + 70 = 270, then the 30 completes the split break; a new
    # period of 270 follows.
    t = Timeline().at(6).drive(200).rest(15).drive(70).rest(30).drive(270).rest(45)
    assert cd(t)[0] == []


def test_split_30_then_15_is_not_valid():
    # The 30 counts only as a first part; a 15 after it completes nothing,
    # so the driving period runs on: 200 + 70 + 1 = 271.
    t = Timeline().at(6).drive(200).rest(30).drive(70).rest(15).drive(1).rest(45)
    i = one(cd(t)[0])
    # Driving minute 271 starts after 06:00 + 200 + 30 + 70 + 15 = 11:15.
    assert i.start == t.time(0, 11, 15)
    assert i.measured == 271


def test_44_minutes_is_only_a_first_part():
    t = Timeline().at(6).drive(200).rest(44).drive(71).rest(45)
    i = one(cd(t)[0])
    assert i.start == t.time(0, 6, 0) + 200 + 44 + 70
    assert i.measured == 271
    # ...but a 30 after it completes the split break.
    t = Timeline().at(6).drive(200).rest(44).drive(70).rest(30).drive(270).rest(45)
    assert cd(t)[0] == []


def test_two_short_pauses_do_not_complete():
    # 20 then 29: both are 15-29 min, so only a first part is ever taken.
    t = Timeline().at(6).drive(100).rest(20).drive(100).rest(29).drive(71).rest(45)
    i = one(cd(t)[0])
    assert i.measured == 271


def test_pauses_under_15_count_for_nothing():
    # Three 14 min pauses: no first part, so the 30 after them is only a
    # first part and the 45 later is what ends the period (90+90+14+77 = 271).
    t = Timeline().at(6).drive(90).rest(14).drive(90).rest(14).drive(14).rest(30).drive(77).rest(45)
    i = one(cd(t)[0])
    assert i.measured == 90 + 90 + 14 + 77
    assert i.start == t.time(0, 6, 0) + 90 + 14 + 90 + 14 + 14 + 30 + 76


def test_other_work_inside_a_pause_splits_it():
    # 20 + 1 min work + 25: two pauses of 20 and 25, neither a 45 nor a 30.
    t = Timeline().at(6).drive(200).rest(20).work(1).rest(25).drive(71).rest(45)
    assert one(cd(t)[0]).measured == 271
    # The same 45 min without the work in it is a full break.
    t = Timeline().at(6).drive(200).rest(45).drive(71).rest(45)
    assert cd(t)[0] == []


def test_single_driver_availability_is_not_a_break():
    t = Timeline().at(6).drive(200).avail(60).drive(71).rest(45)
    i = one(cd(t)[0])
    assert i.measured == 271
    # Availability splits a pause like other work: 20 + [avail] + 25.
    t = Timeline().at(6).drive(200).rest(20).avail(10).rest(25).drive(71).rest(45)
    assert one(cd(t)[0]).measured == 271


def test_multi_crew_availability_counts_as_break_by_default():
    # Q1 default (profile entry multi_availability_is_break = True).
    t = Timeline().at(6).drive(200).avail(45).drive(270).rest(45)
    assert cd(t, crew_multi=True)[0] == []


def test_multi_crew_availability_setting_off():
    # An employer (or a member state's reading of Q1) may switch it off.
    profile = profile_by_name("eu", {"multi_availability_is_break": False})
    t = Timeline().at(6).drive(200).avail(45).drive(71).rest(45)
    i = one(cd(t, crew_multi=True, profile=profile)[0])
    assert i.measured == 271
    assert i.start == t.time(0, 6, 0) + 200 + 45 + 70


def test_break_in_moving_vehicle_counts_for_art7():
    # Art 7 third paragraph: a multi-manned driver may take the break while
    # the other drives.
    t = Timeline().at(6).drive(200).rest(45, FLAG_MOVING).drive(270).rest(45)
    assert cd(t, crew_multi=True)[0] == []


def test_out_of_scope_driving_is_not_driving():
    # 200 + 100 out of scope + 70 = 270 in-scope driving minutes: compliant.
    t = Timeline().at(6).drive(200).drive(100, FLAG_OUT_OF_SCOPE).drive(70).rest(45)
    assert cd(t)[0] == []
    # ...and it is not a break either: it splits a pause like other work.
    t = Timeline().at(6).drive(200).rest(20).drive(5, FLAG_OUT_OF_SCOPE).rest(25).drive(71).rest(45)
    assert one(cd(t)[0]).measured == 271


def test_unknown_counts_as_break():
    # App 14 Addendum §1: UNKNOWN counts as break/rest; 20 rest + 25 unknown
    # is one uninterrupted 45 min pause.
    t = Timeline().at(6).drive(270).unknown(45).drive(270).rest(45)
    assert cd(t)[0] == []
    t = Timeline().at(6).drive(270).rest(20).unknown(25).drive(270).rest(45)
    assert cd(t)[0] == []


def test_gap_in_the_data_counts_as_break():
    # A gap between intervals is UNKNOWN time, hence a break.
    t = Timeline().at(6).drive(270)
    t.intervals.append((t.now + 45, t.now + 315, DRIVING, 0))
    t.intervals.append((t.now + 315, t.now + 360, BREAK_REST, 0))
    assert cd(t)[0] == []


def test_measured_is_the_whole_driving_period():
    # 271 + [work 10] + 100 = 371 minutes before the 45 min break: VSI.
    t = Timeline().at(6).drive(271).work(10).drive(100).rest(45)
    i = one(cd(t)[0])
    assert (i.start, i.measured, i.severity) == (t.time(0, 10, 30), 371, "VSI")
    assert i.end == t.time(0, 6, 0) + 381


def test_one_breach_per_driving_period():
    # 300 + 100 + 100 with pauses of 10 and 20 between: one period, one breach.
    t = Timeline().at(6).drive(300).rest(10).drive(100).rest(20).drive(100).rest(45)
    i = one(cd(t)[0])
    assert (i.start, i.measured) == (t.time(0, 10, 30), 500)
    # Two periods that each break the limit are two breaches.
    t = Timeline().at(6).drive(280).rest(45).drive(290).rest(45)
    found = cd(t)[0]
    assert [(i.measured, i.severity) for i in found] == [(280, "MI"), (290, "MI")]
    assert found[1].start == t.time(0, 6, 0) + 280 + 45 + 270


def test_open_period_is_reported_not_final():
    t = Timeline().at(6).drive(300)
    i = one(cd(t)[0])
    assert (i.start, i.measured, i.final, i.severity) == (t.time(0, 10, 30), 300, False, "SI")
    assert i.end == t.now
    # A 20 min pause so far does not close it yet...
    t.rest(20)
    assert one(cd(t)[0]).final is False
    # ...while 45 minutes with no record after it do (UNKNOWN is a break).
    i = one(cd(Timeline().at(6).drive(300), at=t.time(0, 11, 45))[0])
    assert (i.final, i.end, i.measured) == (True, t.time(0, 11, 0), 300)


def test_evaluate_does_not_disturb_the_engine():
    t = Timeline().at(6).drive(300)
    e = t.engine()
    first = [i.as_tuple() for i in e.evaluate()[0]]
    e.evaluate(e.end + 100)
    assert [i.as_tuple() for i in e.evaluate()[0]] == first


# -- status counters ------------------------------------------------------------

def test_status_while_driving():
    st = cd(Timeline().at(6).drive(100))[1]
    assert (st["continuous_driving_min"], st["continuous_driving_left_min"]) == (100, 170)
    assert (st["current_break_min"], st["break_needed_min"]) == (0, 45)
    assert st["next_driving_allowed_at"] is None


def test_status_during_and_after_a_split_break():
    t = Timeline().at(6).drive(100).rest(20)
    st = cd(t)[1]
    # The pause is still going: it needs 45 in all, none of it done yet.
    assert (st["continuous_driving_min"], st["current_break_min"], st["break_needed_min"]) == (100, 20, 45)
    t.drive(50)
    st = cd(t)[1]
    # The 20 was a qualifying first part, so 30 more are needed.
    assert (st["continuous_driving_min"], st["current_break_min"], st["break_needed_min"]) == (150, 0, 30)
    t.rest(30)
    st = cd(t)[1]
    assert (st["continuous_driving_min"], st["continuous_driving_left_min"]) == (0, 270)
    assert (st["current_break_min"], st["break_needed_min"]) == (30, 45)


def test_status_next_driving_allowed_at():
    # Exactly at 4h30 now: driving is allowed again after a 45 min break.
    t = Timeline().at(6).drive(270)
    assert cd(t)[1]["next_driving_allowed_at"] == t.now + 45
    # 10 minutes of that break already taken: 35 to go.
    t.rest(10)
    assert cd(t)[1]["next_driving_allowed_at"] == t.now + 35
    # After a qualifying 15 the second part is 30 min.
    t = Timeline().at(6).drive(200).rest(15).drive(70)
    st = cd(t)[1]
    assert (st["break_needed_min"], st["next_driving_allowed_at"]) == (30, t.now + 30)
    # Under the limit: not blocked.
    t = Timeline().at(6).drive(269)
    assert cd(t)[1]["next_driving_allowed_at"] is None


# -- the 12-day derogation's night cap (Art 8(6a)(d); §3.8 check 3; Q9) ---------

def night(t, at=None, **options):
    options.setdefault("twelve_day", True)
    found, status = t.judge(at, **options)
    return only(found, NIGHT)


def test_night_cap_181_is_serious():
    t = Timeline().at(22).drive(181).rest(45)
    i = one(night(t))
    # acc exceeds 180 at 22:00 + 180 = 01:00 on Tuesday.
    assert (i.start, i.measured, i.limit, i.severity) == (t.time(1, 1, 0), 181, 180, "SI")
    assert i.end == t.time(1, 1, 1)


def test_night_cap_180_is_compliant():
    t = Timeline().at(22).drive(180).rest(45).drive(180).rest(45)
    assert night(t) == []


def test_night_cap_severity_rows():
    # 12-day night row: SI 3h<x<4h30, VSI x>=4h30.
    for minutes, severity in ((181, "SI"), (269, "SI"), (270, "VSI"), (300, "VSI")):
        i = one(night(Timeline().at(22).drive(minutes).rest(45)))
        assert (i.measured, i.severity) == (minutes, severity), (minutes, i)


def test_night_cap_only_with_the_derogation_and_single_manned():
    t = Timeline().at(22).drive(200).rest(45)
    assert night(t, twelve_day=False) == []
    assert night(t, crew_multi=True) == []
    # With the derogation, single-manned: capped.
    assert len(night(Timeline().at(22).drive(200).rest(45))) == 1


def test_night_cap_daytime_driving_is_not_capped():
    t = Timeline().at(8).drive(270).rest(45)
    assert night(t) == []
    # The window is [22:00, 06:00): a period ending at 22:00 has no night
    # minute, nor has one starting at 06:00.
    assert night(Timeline().at(18, 30).drive(210).rest(45)) == []
    assert night(Timeline().at(6).drive(200).rest(45)) == []


def test_night_cap_start_not_before_first_night_minute():
    # 18:00-22:10: acc passes 180 at 21:00, but the first night minute is
    # 22:00, so the breach starts at 22:00 (the Q9 reading of breaks.py).
    t = Timeline().at(18).drive(250).rest(45)
    i = one(night(t))
    assert (i.start, i.measured, i.severity) == (t.time(0, 22, 0), 250, "SI")
    # One night minute (05:59) brings the whole period under the cap: it
    # passes 180 at 05:59 + 180 = 08:59.
    t = Timeline().at(5, 59).drive(200).rest(45)
    assert one(night(t)).start == t.time(0, 8, 59)


def test_night_cap_after_daytime_driving_and_work():
    # 17:00-20:20 driving (200), 100 min work (neutral), then at 22:00
    # the first night driving minute: acc is already 200 > 180.
    t = Timeline().at(17).drive(200).work(100).drive(10).rest(45)
    i = one(night(t))
    assert (i.start, i.measured) == (t.time(0, 22, 0), 210)


def test_night_cap_measured_over_the_whole_period():
    # 22:00-23:40 drive, 20 min pause (first part only), 00:00-01:40 drive:
    # acc passes 180 at 00:00 + 80 = 01:20; measured 200.
    t = Timeline().at(22).drive(100).rest(20).drive(100).rest(45)
    i = one(night(t))
    assert (i.start, i.measured) == (t.time(1, 1, 20), 200)


def test_night_cap_local_offset():
    # UTC+2: 18:00 UTC is 20:00 local, and 20:00 UTC is 22:00 local.
    # 18:00-21:20 UTC: first night minute 20:00 UTC, acc passes 180 at 21:00 UTC.
    t = Timeline().at(18).drive(200).rest(45)
    assert night(t) == []                                  # all before 22:00 UTC
    i = one(night(t, local_offset_min=120))
    assert (i.start, i.measured) == (t.time(0, 21, 0), 200)
    # UTC+8: 22:00 UTC is 06:00 local, so 22:00-01:20 UTC is daytime.
    t = Timeline().at(22).drive(200).rest(45)
    assert len(night(t)) == 1
    assert night(t, local_offset_min=480) == []
    # UTC-5: 03:00 UTC is 22:00 local the day before.
    t = Timeline().at(3).drive(200).rest(45)
    assert night(t, local_offset_min=-300)[0].start == t.time(0, 6, 0)
    assert night(Timeline().at(12).drive(200).rest(45), local_offset_min=-300) == []


def test_night_cap_wider_employer_window():
    # An employer may widen 22:00-06:00 (stricter), e.g. to 21:00-07:00:
    # 21:00 + 181 min is then night driving, over 180 at 00:00.
    profile = profile_by_name("eu", {"twelve_day_night_start": 1260, "twelve_day_night_end": 420})
    t = Timeline().at(21).drive(181).rest(45)
    i = one(night(t, profile=profile))
    assert (i.start, i.measured) == (t.time(1, 0, 0), 181)
    # 06:30-09:31 starts inside the wider window too.
    assert len(night(Timeline().at(6, 30).drive(181).rest(45), profile=profile)) == 1
    assert night(Timeline().at(6, 30).drive(181).rest(45)) == []


def test_night_cap_and_art7_both_reported_once():
    # 22:00 + 300 min: the night cap (from 01:00) and Art 7 (from 02:30)
    # are two rules, each breached once (the literal reading of §3.1 and
    # §3.8 check 3; whether one period should give one record is raised
    # with the lead).
    found, _ = Timeline().at(22).drive(300).rest(45).judge(twelve_day=True)
    assert [(i.rule, i.measured) for i in found if i.rule in (CD, NIGHT)] == [(NIGHT, 300), (CD, 300)]


def test_night_cap_status_left():
    # In the night with night driving in the period: 180 - 100 = 80 left.
    t = Timeline().at(22).drive(100)
    assert cd(t, twelve_day=True)[1]["continuous_driving_left_min"] == 80
    assert cd(t)[1]["continuous_driving_left_min"] == 170
    # 16:00-19:20 by day, acc 200: the window opens in 160 min, so driving
    # on to 4h30 (20:30) stays out of it: 70 left.
    t = Timeline().at(16).drive(200)
    assert cd(t, twelve_day=True)[1]["continuous_driving_left_min"] == 70
    # 18:00-20:30, acc 150: 90 more reach 22:00 with no night minute;
    # the 91st would be a night minute with acc > 180.
    t = Timeline().at(18).drive(150)
    assert cd(t, twelve_day=True)[1]["continuous_driving_left_min"] == 90
    # Day driving, then work into the night: resuming at 01:50 is night
    # driving, so the cap is 3 h: 180 - 100.
    t = Timeline().at(19).drive(100).work(190)
    assert cd(t, twelve_day=True)[1]["continuous_driving_left_min"] == 80


def test_night_cap_status_next_driving_allowed_at():
    # 3 h of night driving: blocked until a 45 min break is over.
    t = Timeline().at(22).drive(180)
    st = cd(t, twelve_day=True)[1]
    assert (st["continuous_driving_left_min"], st["next_driving_allowed_at"]) == (0, t.now + 45)
    # 200 min by day, then work until 23:40: a break (00:25) or daylight
    # (06:00) would each allow driving; the break comes first.
    t = Timeline().at(17).drive(200).work(200)
    assert cd(t, twelve_day=True)[1]["next_driving_allowed_at"] == t.now + 45
    # ...but at 05:50 daylight (06:00) comes before the end of a break.
    t = Timeline().at(13).drive(200).work(810)
    assert t.now == t.time(1, 5, 50)
    assert cd(t, twelve_day=True)[1]["next_driving_allowed_at"] == t.time(1, 6, 0)
    t.work(10).drive(70).rest(45)          # 06:00-07:10: 270 by day is compliant
    assert night(t) == []


def test_random_night_cap_left_is_exact():
    # Property of the counter: driving exactly ``left`` more minutes opens no
    # Art 7 or night-cap breach; one minute more does.
    from drivetime.activity import OTHER_WORK
    rng = Rng(180)
    acts = (DRIVING, DRIVING, BREAK_REST, OTHER_WORK)
    checked = 0
    for _ in range(60):
        t = Timeline().at(rng.randint(0, 23), rng.randint(0, 59))
        for _ in range(rng.randint(1, 6)):
            t.add(rng.randint(5, 150), rng.choice(acts))
        found, st = t.judge(twelve_day=True)
        if [i for i in found if i.rule in (CD, NIGHT) and not i.final]:
            continue                       # already in breach: nothing to predict
        left = st["continuous_driving_left_min"]

        def open_breaches(extra):
            u = Timeline()
            u.intervals = list(t.intervals)
            u.now = t.now
            u.drive(extra)
            return [i for i in u.judge(twelve_day=True)[0] if i.rule in (CD, NIGHT) and not i.final]

        assert open_breaches(left) == [], (t.intervals, left)
        assert open_breaches(left + 1) != [], (t.intervals, left)
        checked += 1
    assert checked > 20


def test_first_minute_in_window():
    # Window 22:00-06:00 wraps midnight; 08:00-12:00 does not.
    assert first_minute_in_window(0, 100, 1320, 360, 0) == 0
    assert first_minute_in_window(360, 2000, 1320, 360, 0) == 1320
    assert first_minute_in_window(360, 1320, 1320, 360, 0) == -1
    assert first_minute_in_window(0, 1440, 480, 720, 0) == 480
    assert first_minute_in_window(800, 2000, 480, 720, 0) == 1440 + 480
    assert first_minute_in_window(800, 1920, 480, 720, 0) == -1
    assert first_minute_in_window(1200, 1300, 1320, 360, 120) == 1200
    # An empty window (start == end) holds no minute at all.
    assert first_minute_in_window(1320, 4000, 1320, 1320, 0) == -1



# -- seeded randomized checks ------------------------------------------------------

_KINDS = (breaks.DRIVE, breaks.PAUSE, breaks.NEUTRAL)


def _random_runs(rng, n):
    runs, now = [], 29540160 + rng.randint(0, 1439)
    for _ in range(n):
        kind = rng.choice(_KINDS)
        length = rng.randint(1, 60) if kind != breaks.DRIVE else rng.randint(1, 150)
        runs.append((kind, now, now + length))
        now += length
    return runs


def _reference(runs, limit=270):
    """Art 7 as RULES.md §3.1 states it, one minute at a time."""
    found, acc, part1, pause, over = [], 0, False, 0, -1

    def close(end):
        if over >= 0:
            found.append((over, end, acc))

    pause_start = -1
    for kind, a, b in runs:
        for m in range(a, b):
            if kind == breaks.PAUSE:
                if pause == 0:
                    pause_start = m
                pause += 1
                continue
            if pause:
                if pause >= 45 or (part1 and pause >= 30):
                    close(pause_start)
                    acc, part1, over = 0, False, -1
                elif pause >= 15:
                    part1 = True
                pause = 0
            if kind == breaks.DRIVE:
                acc += 1
                if acc == limit + 1:
                    over = m
    if pause >= 45 or (part1 and pause >= 30):
        close(pause_start)
    return found


def _machine(runs, end=None):
    sink = []
    m = BreakMachine(EU, sink)
    for kind, a, b in runs:
        m.feed(kind, a, b)
    m.finish(runs[-1][2] if end is None else end)
    return [(i.start, i.end, i.measured) for i in sink if i.final]


def test_random_runs_match_minute_reference():
    rng = Rng(7)
    for _ in range(40):
        runs = _random_runs(rng, rng.randint(1, 25))
        assert _machine(runs) == _reference(runs), runs


def test_random_split_into_minutes_gives_the_same_result():
    # Feeding every run as single minutes must not change anything.
    rng = Rng(11)
    for _ in range(25):
        runs = _random_runs(rng, rng.randint(1, 12))
        minutes = ((k, m, m + 1) for k, a, b in runs for m in range(a, b))   # no big list on a small heap
        assert _machine(minutes, runs[-1][2]) == _machine(runs)


def test_random_engine_intervals_vs_minutes():
    # Engine level, with the night cap on: intervals and their minutes agree
    # on every infringement and every counter.
    from drivetime.activity import AVAILABILITY, OTHER_WORK, UNKNOWN
    from drivetime.engine import Engine
    rng = Rng(2026)
    acts = (DRIVING, DRIVING, BREAK_REST, OTHER_WORK, AVAILABILITY, UNKNOWN)
    for _ in range(6):
        t = Timeline().at(rng.randint(0, 23))
        for _ in range(rng.randint(2, 14)):
            t.add(rng.randint(1, 90), rng.choice(acts))
        whole = t.engine(twelve_day=True)
        split = Engine(twelve_day=True)
        for a, b, activity, flags in t.intervals:
            for m in range(a, b):
                split.feed_minute(m, activity, flags)
        f1, s1 = whole.evaluate()
        f2, s2 = split.evaluate()
        assert [i.as_tuple() for i in f1] == [i.as_tuple() for i in f2]
        assert s1 == s2
