# Tests of the 12-day derogation for occasional international coach trips.
# SPDX-License-Identifier: MIT
"""The 12-day derogation through the engine (Reg. 561/2006 Art 8(6a);
RULES.md §3.8 checks 1-2): the weekly rest postponed up to 12 x 24 h after a
regular weekly rest, and the rest after the trip (90 h, or 69 h with 21 h
owed). Timelines start on Monday 2026-03-02 00:00Z (day 0), after a regular
weekly rest, as in test_rules_weekly_rest.py.
"""

from timeline import Timeline, days, only, rules

H = 60


def coach_shift(t):
    """A coach driver's day: 5 h driving, 1 h other work, 6h45 span."""
    return t.drive(180).rest(45).drive(120).work(60)


def coach_trip(delay):
    """A coach trip from the data start (after a regular WR): twelve days of
    driving, the last day ending ``delay`` minutes after day 0 + 288 h with
    other work and no night driving."""
    t = Timeline()
    for day in range(10):
        t.at(6, 0, day=day)
        coach_shift(t)
    t.at(12, 0, day=10)
    coach_shift(t)
    t.at(15, 0, day=11).drive(180).rest(45).drive(180)
    return t.work(t.time(12) + delay - t.now)


TWELVE = {"twelve_day": True, "transport": "passengers"}


def test_twelve_day_deadline_is_288_h_after_a_regular_weekly_rest():
    t = coach_trip(0)
    found, status = t.judge(**TWELVE)
    assert status["weekly_rest_latest_start"] == t.time(12)
    t.rest(90 * H)
    coach_shift(t)
    found, status = t.judge(**TWELVE)
    # no late start, and the pattern of the trip's weeks is postponed too
    assert found == []
    assert status["compensation_open_min"] == []    # >= 90 h: nothing owed


def test_twelve_day_start_one_minute_late():
    t = coach_trip(1).rest(90 * H)
    found, _ = t.judge(**TWELVE)
    assert rules(found) == ["weekly_rest"]
    assert (found[0].start, found[0].measured, found[0].severity_row, found[0].severity) == (
        t.time(12), 1, "twelve_day_late", "MI")


def test_without_the_derogation_the_trip_is_late():
    t = coach_trip(0).rest(90 * H)
    found, _ = t.judge(transport="passengers")
    late = only(found, "weekly_rest")
    # deadline day 6 00:00, during a daily rest that ends short at 06:00; the
    # WR starts on day 12: 144 h late, VSI
    assert len(late) == 1
    assert (late[0].start, late[0].measured, late[0].severity) == (t.time(6, 6), 144 * H, "VSI")


def test_post_trip_rest_of_69_h_owes_21_h():
    # 69 h = regular + reduced taken together (Q8); 90 h - 69 h = 21 h owed,
    # due by the end of the third week after the trip's end (week w1 -> day 35)
    t = coach_trip(0).rest(69 * H)
    coach_shift(t)
    found, status = t.judge(**TWELVE)
    assert found == []
    assert status["compensation_open_min"] == [21 * H]
    assert status["compensation_due_by"] == [t.time(35)]


def test_post_trip_rest_shorter_than_69_h():
    # 2016/403 row (as published, Q15): MI 67h<x<=69h, SI 65h<x<=67h, VSI x<=65h
    for rest, cls in ((69 * H - 1, "MI"), (67 * H, "SI"), (66 * H, "SI"), (65 * H, "VSI"), (50 * H, "VSI")):
        t = coach_trip(0).rest(rest)
        coach_shift(t)
        found, _ = t.judge(**TWELVE)
        assert rules(found) == ["weekly_rest"], (rest, found)
        wr = found[0]
        assert (wr.start, wr.measured, wr.limit) == (t.time(12) + rest, rest, 69 * H)
        assert (wr.severity_row, wr.severity) == ("twelve_day_post_rest", cls)


def test_twelve_day_needs_a_previous_regular_weekly_rest():
    # after a reduced WR (30 h, Fri d4 14:45 -> Sat d5 20:45) the next is due
    # within 144 h, derogation or not
    t = Timeline()
    days(t, 0, 4).rest(30 * H).drive(60)
    found, status = t.judge(**TWELVE)
    assert status["weekly_rest_latest_start"] == t.time(5, 20, 45) + 144 * H


def test_post_trip_rest_still_under_way_is_open():
    # evaluated 50 h into the rest: it may still reach 69 h, so not final
    t = coach_trip(0).rest(50 * H)
    found, _ = t.judge(**TWELVE)
    assert rules(found) == ["weekly_rest"]
    assert (found[0].severity_row, found[0].measured, found[0].final) == ("twelve_day_post_rest", 50 * H, False)
