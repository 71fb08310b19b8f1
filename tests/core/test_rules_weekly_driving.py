# Tests of weekly (56 h) and fortnightly (90 h) driving (RULES.md §3.3).
# SPDX-License-Identifier: MIT
"""Weekly and fortnightly driving (Reg. 561/2006 Art 6(2), 6(3)).

Expected values worked out by hand from RULES.md: 56 h = 3360 min per fixed
Monday-00:00-UTC week and 90 h = 5400 min over weeks (w-1, w), both
inclusive; ``start`` is the first driving minute beyond the limit; measured
is the week's (or the pair's) total; severities from §4 (weekly MI 56-60 h,
SI 60-65 h, VSI 65-70 h, MSI >= 70 h; fortnightly MI 90-100 h, SI 100-105 h,
VSI 105-112h30, MSI >= 112h30). Timelines start on Monday 2026-03-02.
"""

from drivetime.activity import FLAG_OUT_OF_SCOPE
from drivetime.profiles import EU
from drivetime.rules.weekly_driving import WeeklyDrivingMachine
from drivetime.timeutil import week_of, week_start
from support import Rng
from timeline import MONDAY, Timeline, only

WEEK = 10080
W0 = week_of(MONDAY)


def drive_days(t, first_day, total):
    """Drive ``total`` minutes from ``first_day`` on, at most 9 h a day as
    4h30 + 45 min break + 4h30 from 06:00, so no other driving limit is hit."""
    day = first_day
    while total > 0:
        today = min(540, total)
        t.at(6, 0, day=day).drive(min(270, today)).rest(45).drive(today - min(270, today))
        total -= today
        day += 1
    return t


def weekly(found):
    return only(found, "weekly_driving"), only(found, "fortnightly_driving")


def machine_run(spans, now):
    """Feed driving spans ``(a, b)`` to a fresh machine; its infringements at ``now``."""
    sink = []
    m = WeeklyDrivingMachine(EU, sink)
    for a, b in spans:
        m.drive(a, b)
    m.finish(now)
    return sink, m


# -- 56 h per fixed week (Art 6(2)) ------------------------------------------------

def test_56h_week_is_compliant():
    # 6 days x 540 + 120 on Sunday = 3360: exactly the limit.
    t = drive_days(Timeline(), 0, 3360)
    found, st = t.judge(t.time(7))
    assert weekly(found) == ([], [])


def test_56h_plus_one_minute():
    t = drive_days(Timeline(), 0, 3361)
    # Sunday (day 6) drives 121 from 06:00: minute 3361 starts at 08:00.
    (i,), _ = weekly(t.judge()[0])
    assert (i.start, i.measured, i.limit, i.severity) == (t.time(6, 8, 0), 3361, 3360, "MI")
    assert i.final is False                      # the week is still running
    (i,), _ = weekly(t.judge(t.time(7))[0])
    assert (i.final, i.end) == (True, t.time(7))


def test_weekly_severity_ranges():
    ws = week_start(W0)
    for total, severity in ((3361, "MI"), (3599, "MI"), (3600, "SI"), (3899, "SI"),
                            (3900, "VSI"), (4199, "VSI"), (4200, "MSI"), (5000, "MSI")):
        sink, _ = machine_run([(ws, ws + total)], ws + WEEK)
        (i,) = [x for x in sink if x.rule == "weekly_driving"]
        assert (i.start, i.measured, i.severity) == (ws + 3360, total, severity), (total, i)


def test_weekly_start_when_stopped_at_the_limit():
    # §1: stopped exactly at 56 h and resumed later: the breach starts at
    # the resumption.
    ws = week_start(W0)
    sink, _ = machine_run([(ws, ws + 3360), (ws + 5000, ws + 5001)], ws + WEEK)
    assert [(i.rule, i.start, i.measured) for i in sink] == [("weekly_driving", ws + 5000, 3361)]


def test_driving_across_sunday_midnight_is_split():
    # 3240 by Saturday; Sunday 22:00-02:01 puts 120 min in this week (3360,
    # compliant) and 121 in the next.
    t = drive_days(Timeline(), 0, 3240).at(22, 0, day=6).drive(241)
    found, st = t.judge()
    assert weekly(found) == ([], [])
    assert st["weekly_driving_min"] == 121
    assert st["fortnightly_driving_min"] == 3360 + 121
    # One minute earlier: 121 min in this week, so minute 3361 is 23:59.
    t = drive_days(Timeline(), 0, 3240).at(21, 59, day=6).drive(241)
    (i,), _ = weekly(t.judge()[0])
    assert (i.start, i.measured, i.end, i.final) == (t.time(6, 23, 59), 3361, t.time(7), True)


def test_out_of_scope_driving_is_not_counted():
    # Annex IC (gg): driving out of scope is other work, not driving.
    t = drive_days(Timeline(), 0, 3360).drive(60, FLAG_OUT_OF_SCOPE)
    found, st = t.judge()
    assert weekly(found) == ([], [])
    assert st["weekly_driving_min"] == 3360


# -- 90 h over two consecutive weeks (Art 6(3)) --------------------------------

def test_fortnight_of_90h_is_compliant_and_90h_plus_one_is_not():
    # Week 0: 3240; week 1: 2160 -> 5400, exactly the limit.
    t = drive_days(drive_days(Timeline(), 0, 3240), 7, 2160)
    assert weekly(t.judge(t.time(14))[0]) == ([], [])
    # One more minute on Friday (day 11) at 06:00 of week 1.
    t = drive_days(drive_days(Timeline(), 0, 3240), 7, 2161)
    _, (i,) = weekly(t.judge(t.time(14))[0])
    assert (i.start, i.measured, i.limit, i.severity) == (t.time(11, 6, 0), 5401, 5400, "MI")
    assert (i.end, i.final) == (t.time(14), True)


def test_fortnightly_severity_ranges():
    ws = week_start(W0)
    for total, severity in ((5401, "MI"), (5999, "MI"), (6000, "SI"), (6299, "SI"),
                            (6300, "VSI"), (6749, "VSI"), (6750, "MSI")):
        # 3000 in the first week, the rest in the second.
        spans = [(ws, ws + 3000), (ws + WEEK, ws + WEEK + total - 3000)]
        sink, _ = machine_run(spans, ws + 2 * WEEK)
        (i,) = [x for x in sink if x.rule == "fortnightly_driving"]
        assert (i.start, i.measured, i.severity) == (ws + WEEK + 2400, total, severity), (total, i)


def test_each_pair_of_weeks_is_judged():
    # Weeks of 3000, 2500, 2950: pairs (0,1) = 5500 and (1,2) = 5450 are two
    # breaches of two different pairs.
    ws = week_start(W0)
    spans = [(ws, ws + 3000), (ws + WEEK, ws + WEEK + 2500), (ws + 2 * WEEK, ws + 2 * WEEK + 2950)]
    sink, _ = machine_run(spans, ws + 3 * WEEK)
    found = [(i.rule, i.start, i.measured) for i in sink if i.rule == "fortnightly_driving"]
    assert found == [("fortnightly_driving", ws + WEEK + 2400, 5500),
                     ("fortnightly_driving", ws + 2 * WEEK + 2900, 5450)]


def test_week_without_driving_resets_the_pair():
    # 3000 in week 0, nothing in week 1, 2401 in week 2: the pairs are 3000
    # and 2401, both within 90 h.
    ws = week_start(W0)
    sink, m = machine_run([(ws, ws + 3000), (ws + 2 * WEEK, ws + 2 * WEEK + 2401)], ws + 3 * WEEK)
    assert sink == []
    # The same driving in consecutive weeks breaks the 90 h.
    sink, _ = machine_run([(ws, ws + 3000), (ws + WEEK, ws + WEEK + 2401)], ws + 2 * WEEK)
    assert [(i.rule, i.measured) for i in sink] == [("fortnightly_driving", 5401)]


# -- status ------------------------------------------------------------------------

def test_status_counters():
    t = drive_days(Timeline(), 0, 3240).at(6, 0, day=7).drive(100)
    st = t.judge()[1]
    assert (st["weekly_driving_min"], st["weekly_driving_left_min"]) == (100, 3260)
    assert (st["fortnightly_driving_min"], st["fortnightly_driving_left_min"]) == (3340, 2060)
    assert st["next_driving_allowed_at"] is None
    # In an empty week after that, the previous week still counts.
    st = t.judge(t.time(14, 12))[1]
    assert (st["weekly_driving_min"], st["fortnightly_driving_min"]) == (0, 100)
    # And two weeks on, nothing counts.
    st = t.judge(t.time(21, 12))[1]
    assert (st["weekly_driving_min"], st["fortnightly_driving_left_min"]) == (0, 5400)


def test_status_blocked_by_56h_until_next_week():
    t = drive_days(Timeline(), 0, 3360)
    st = t.judge()[1]
    assert (st["weekly_driving_min"], st["weekly_driving_left_min"]) == (3360, 0)
    assert st["next_driving_allowed_at"] == t.time(7)      # Monday 00:00 UTC


def test_status_blocked_by_90h_until_next_week():
    t = drive_days(drive_days(Timeline(), 0, 3240), 7, 2160)
    st = t.judge()[1]
    assert (st["weekly_driving_left_min"], st["fortnightly_driving_left_min"]) == (3360 - 2160, 0)
    assert st["next_driving_allowed_at"] == t.time(14)


# -- seeded randomized checks ----------------------------------------------------------

def _random_spans(rng):
    spans, now = [], week_start(W0) + rng.randint(0, WEEK)
    for _ in range(rng.randint(1, 12)):
        now += rng.randint(0, 2000)
        length = rng.randint(1, 1500)
        spans.append((now, now + length))
        now += length
    return spans


def _reference(spans):
    """Minutes per week, and the breaches RULES.md §3.3 implies."""
    per_week, first_over = {}, {}
    for a, b in spans:
        for m in range(a, b):
            w = week_of(m)
            per_week[w] = per_week.get(w, 0) + 1
            pair = per_week[w] + per_week.get(w - 1, 0)
            if per_week[w] > 3360 and ("weekly_driving", w) not in first_over:
                first_over[("weekly_driving", w)] = m
            if pair > 5400 and ("fortnightly_driving", w) not in first_over:
                first_over[("fortnightly_driving", w)] = m
    out = []
    for (rule, w), m in first_over.items():
        total = per_week[w] + (per_week.get(w - 1, 0) if rule == "fortnightly_driving" else 0)
        out.append((rule, m, total))
    return sorted(out)


def test_random_spans_match_minute_reference():
    rng = Rng(56)
    for _ in range(30):
        spans = _random_spans(rng)
        sink, _ = machine_run(spans, spans[-1][1] + 2 * WEEK)
        assert sorted((i.rule, i.start, i.measured) for i in sink) == _reference(spans), spans


def test_random_split_gives_the_same_result():
    # Cutting each span at random points must not change anything.
    rng = Rng(90)
    for _ in range(30):
        spans = _random_spans(rng)
        pieces = []
        for a, b in spans:
            while b - a > 1 and rng.random_bool(60):
                cut = rng.randint(a + 1, b - 1)
                pieces.append((a, cut))
                a = cut
            pieces.append((a, b))
        now = spans[-1][1] + rng.randint(0, 2 * WEEK)
        s1, m1 = machine_run(spans, now)
        s2, m2 = machine_run(pieces, now)
        assert [i.as_tuple() for i in s1] == [i.as_tuple() for i in s2]
        st1 = {"_blocked_until": []}
        st2 = {"_blocked_until": []}
        m1.status(st1, now)
        m2.status(st2, now)
        assert st1 == st2
