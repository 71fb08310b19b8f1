# Tests of the live counters and the driver's "my data" days (drivetime.live, drivetime.mydata).
# SPDX-License-Identifier: MIT
"""Pure functions behind the unit's display; plain asserts for both interpreters."""

from drivetime.activity import BREAK_REST, DRIVING, OTHER_WORK
from drivetime.live import carry_on, limits_left
from drivetime.mydata import driver_days
from drivetime.ring import IntervalRing

STATUS = {"at": 1000, "activity": "driving", "current_break_min": 0,
          "continuous_driving_min": 100, "continuous_driving_left_min": 170,
          "daily_driving_min": 200, "daily_driving_left_min": 340,
          "weekly_driving_min": 900, "weekly_driving_left_min": 2460,
          "fortnightly_driving_min": 1500, "fortnightly_driving_left_min": 3900,
          "daily_rest_latest_start": 1500, "weekly_rest_latest_start": 5000}


def test_driving_goes_on_from_the_status_time_to_now():
    # Engine status at minute 1000; the vehicle has moved since second 59_940
    # (minute 999); now is 1003:30: 3 whole minutes after the status' time.
    live = carry_on(STATUS, 1003, "driving", (59940, None), 1003 * 60 + 30, False)
    assert live["continuous_driving_min"] == 103 and live["continuous_driving_left_min"] == 167
    assert live["fortnightly_driving_left_min"] == 3897 and live["at"] == 1003


def test_standing_or_out_of_scope_keeps_the_status_figures():
    assert carry_on(STATUS, 1003, "other_work", None, 1003 * 60, False)["daily_driving_min"] == 200
    live = carry_on(STATUS, 1003, "driving", (59940, None), 1003 * 60, True)
    assert live["daily_driving_min"] == 200 and live["activity"] == "driving"
    assert carry_on(STATUS, None, "unknown", None, None, False)["at"] == 1000


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
