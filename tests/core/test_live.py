# Tests of the live counters and the driver's "my data" days (drivetime.live, drivetime.mydata).
# SPDX-License-Identifier: MIT
"""Pure functions behind the unit's display; plain asserts for both interpreters."""

from drivetime.activity import BREAK_REST, DRIVING, FLAG_OUT_OF_SCOPE, OTHER_WORK
from drivetime.engine import Engine
from drivetime.live import carry_on, limits_left, note, tail_intervals
from drivetime.mydata import driver_days
from drivetime.ring import IntervalRing

T = 29540520            # Monday 2026-03-02 06:00Z
STATUS = {"at": 1000, "activity": "driving", "current_break_min": 0,
          "continuous_driving_min": 100, "continuous_driving_left_min": 170,
          "daily_driving_min": 200, "daily_driving_left_min": 340,
          "weekly_driving_min": 900, "weekly_driving_left_min": 2460,
          "fortnightly_driving_min": 1500, "fortnightly_driving_left_min": 3900,
          "daily_rest_latest_start": 1500, "weekly_rest_latest_start": 5000}


def test_the_tail_keeps_changes_only_in_order_as_minutes():
    tail = []
    note(tail, 59940, DRIVING, 0)           # 999:00
    note(tail, 59990, DRIVING, 0)           # no change
    note(tail, 60170, OTHER_WORK, 0)        # 1002:50, nearest boundary 1003
    note(tail, 60100, BREAK_REST, 0)        # back-dated before the last change: kept in order
    assert tail == [(59940, DRIVING, 0), (60170, OTHER_WORK, 0), (60170, BREAK_REST, 0)]
    # From the record's end (1000) to now (1005): driving 1000-1003, a break to 1005.
    assert tail_intervals(tail, 1000, 1005) == [(1000, 1003, DRIVING, 0), (1003, 1005, BREAK_REST, 0)]
    # Once the record reaches 1003, the driving is its own: dropped from the
    # tail, and so is the other work that lasted no time at all.
    assert tail_intervals(tail, 1003, 1005) == [(1003, 1005, BREAK_REST, 0)]
    assert tail == [(60170, BREAK_REST, 0)]


def test_the_count_restarts_the_minute_a_45_min_break_ends():
    # Recorded: 4h30 driving, then 43 min of the break (the record lags).
    # Live: the break went on to 10:45 + ... = T + 315, driving since.
    # Art 7: 45 min of break start a new period; at T + 316 1 min driven.
    e = Engine()
    e.feed(T, T + 270, DRIVING)
    e.feed(T + 270, T + 313, BREAK_REST)
    status = e.evaluate()[1]
    assert status["continuous_driving_min"] == 270
    tail = [((T + 270) * 60, BREAK_REST, 0), ((T + 315) * 60, DRIVING, 0)]
    live = carry_on(e, status, T + 316, "driving", tail)
    assert live["continuous_driving_min"] == 1 and live["daily_driving_min"] == 271
    assert live["at"] == T + 316 and live["activity"] == "driving"
    assert e.end == T + 313                 # the engine is not disturbed


def test_work_goes_on_live_and_out_of_scope_driving_is_not_driving():
    # 10 min of driving out of scope (Art 3): work, not driving time, under
    # Arts 6-8 and Dir 2002/15; then 5 min other work: 15 min working time.
    e = Engine()
    e.feed(T, T + 1, OTHER_WORK)
    status = e.evaluate()[1]
    tail = [((T + 1) * 60, DRIVING, FLAG_OUT_OF_SCOPE), ((T + 11) * 60, OTHER_WORK, 0)]
    live = carry_on(e, status, T + 16, "other_work", tail)
    assert live["continuous_driving_min"] == 0 and live["daily_driving_min"] == 0
    assert live["working_time_shift_min"] == 16


def test_no_tail_the_status_stands():
    e = Engine()
    e.feed(990, 1000, DRIVING)
    live = carry_on(e, STATUS, 1003, "other_work", [])
    assert live["daily_driving_min"] == 200 and live["at"] == 1003
    assert carry_on(e, STATUS, None, "unknown", [])["at"] == 1000


def test_limits_left_and_no_rest_deadlines_during_a_rest():
    left = limits_left(STATUS, 1400)
    assert left["continuous_driving"] == 170 and left["daily_rest"] == 100 and left["weekly_rest"] == 3600
    assert "daily_rest" not in limits_left(STATUS, None)


def test_my_data_days_split_at_local_midnight():
    ring = IntervalRing(16)
    day = 29540160                                   # Monday 2026-03-02 00:00 UTC
    ring.append(day - 120, day + 60, DRIVING)        # 22:00-01:00 UTC: 23:00-02:00 at UTC+1
    ring.append(day + 60, day + 120, OTHER_WORK)
    ring.append(day + 120, day + 600, BREAK_REST)
    days = driver_days(ring, day + 600, 60, 3)
    # local days start 23:00 UTC; Monday local [day-60, day+1380): 120 min driving, 60 work
    assert days[0] == (day - 60, 120, 60)
    assert days[1] == (day - 1500, 60, 0)            # Sunday local: 22:00-23:00 UTC
    assert days[2] == (day - 2940, 0, 0)
