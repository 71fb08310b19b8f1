# Multi-manning rest (Art 8(5), RULES.md §3.5) through the engine.
# SPDX-License-Identifier: MIT
"""A multi-manned driver needs 9 h of rest within 30 h of the end of the
previous rest. Expected values are worked out by hand in the comments; days
count from Monday 2026-03-02 (day 0), times UTC.
"""

from drivetime.activity import FLAG_MOVING
from timeline import Timeline, only


def _crew_shift(t, last=60):
    """20 h: four stints of 4h30 with the co-driver, then ``last`` more driving.

    06:00 drive, 10:30 passenger seat, 15:00 drive, 19:30 seat, 00:00 drive
    ``last`` min, seat until 02:00. The passenger-seat time is availability
    (WTD 3(b)). 540 + ``last`` min driven.
    """
    return t.drive(270).avail(270).drive(270).avail(270).drive(last).avail(120 - last)


def test_nine_hours_within_thirty_hours_is_enough_for_a_crew():
    t = _crew_shift(Timeline().at(6, 0)).rest(9 * 60)     # 02:00-11:00 day 1
    t.drive(270)
    found, st = t.judge(crew_multi=True)
    # Window [day 0 06:00, day 1 12:00): all 9 h of the rest lie inside it.
    assert only(found, "multi_manning_rest") == []
    assert only(found, "daily_rest") == []
    assert only(found, "daily_driving") == []
    # Next window from 11:00 day 1: 9 h must start by 11:00 + 30h - 9h = 08:00 day 2.
    assert st["daily_rest_latest_start"] == t.time(2, 8, 0)
    assert st["daily_rest_left_min"] == 540


def test_the_same_day_single_manned_breaks_the_24_hour_rule():
    t = _crew_shift(Timeline().at(6, 0)).rest(9 * 60).drive(270)
    found, _ = t.judge()
    # Single: window [06:00, 06:00) holds only 02:00-06:00 = 4 h of the rest.
    hit = only(found, "daily_rest")
    assert len(hit) == 1 and hit[0].measured == 240
    assert only(found, "multi_manning_rest") == []


def test_status_counts_thirty_hours_for_a_crew():
    t = Timeline().at(6, 0).drive(270)
    st = t.judge(crew_multi=True)[1]
    assert st["daily_rest_latest_start"] == t.time(1, 3, 0)      # 06:00 + 21 h
    assert st["daily_rest_left_min"] == 540
    # While a 9 h rest is in progress the next window would run from now:
    # latest start = now + 30 h - 9 h.
    t = _crew_shift(Timeline().at(6, 0)).rest(9 * 60)
    st = t.judge(crew_multi=True)[1]
    assert st["daily_rest_latest_start"] == t.time(2, 8, 0)


def test_eight_hours_is_a_multi_manning_rest_infringement():
    t = _crew_shift(Timeline().at(6, 0)).rest(8 * 60)     # 02:00-10:00 day 1
    t.drive(60).rest(11 * 60).drive(60)
    found, _ = t.judge(crew_multi=True)
    hits = only(found, "multi_manning_rest")
    assert len(hits) == 1, hits
    hit = hits[0]
    # 9 h had to start by 06:00 + 30h - 9h = 03:00 day 1; the first work minute
    # after that is 10:00, when the 8 h rest ends short (§3.4 step 4).
    assert hit.start == t.time(1, 10, 0)
    assert hit.end == t.time(1, 12, 0)                     # S + 30 h
    assert (hit.measured, hit.limit, hit.severity_row, hit.severity) == (
        480, 540, "multi_manning_rest", "MI")              # 8h <= x < 9h
    assert only(found, "daily_rest") == []
    # Q16: the 8 h rest ended the driving period, so the hour driven after it
    # is not added to the 600 min before it (no daily driving breach).
    assert only(found, "daily_driving") == []


def test_a_break_in_the_moving_vehicle_is_not_rest():
    # The co-driver "rests" 9 h in the bunk while the vehicle moves: a break
    # for Art 7, but rest needs a stationary vehicle (§3.5).
    t = Timeline().at(6, 0).drive(270).avail(270).drive(270)
    t.rest(9 * 60, FLAG_MOVING).drive(60).rest(11 * 60)
    found, _ = t.judge(crew_multi=True)
    hits = only(found, "multi_manning_rest")
    assert len(hits) == 1, hits
    # 06:00-19:30 work, 19:30-04:30 moving break, 04:30-05:30 driving, then
    # 11 h from 05:30, of which 05:30-12:00 = 390 min lie in the window.
    assert hits[0].measured == 390
    assert hits[0].severity == "VSI"                        # x < 7h
    # The same bunk time when the vehicle is stationary is a rest.
    t = Timeline().at(6, 0).drive(270).avail(270).drive(270)
    t.rest(9 * 60).drive(60).rest(11 * 60)
    assert only(t.judge(crew_multi=True)[0], "multi_manning_rest") == []


def test_q5_nine_hour_crew_rests_are_not_reduced_daily_rests():
    t = Timeline().at(6, 0)
    for _ in range(5):
        _crew_shift(t, 0).rest(9 * 60)                     # a 29 h cycle, 9 h driven
    t.drive(60)
    found, st = t.judge(crew_multi=True)
    assert only(found, "multi_manning_rest") == []
    assert only(found, "daily_rest") == []
    # Five 9 h rests with no weekly rest between: not one used a reduction.
    assert st["reduced_daily_rests_left"] == 3
    assert only(found, "daily_driving") == []
