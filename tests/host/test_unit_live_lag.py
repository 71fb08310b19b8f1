# The driver's counters right at once over the signal path, though the record lags ~2 min (CPython).
# SPDX-License-Identifier: MIT
"""The unit fed CAN and NMEA (tests/core/signal_day.py): what the driver
sees is the engine carried on with the live activity of the minutes not yet
recorded (drivetime.live). CPython only, like test_unit_signals.py: the
signal path beside the whole core does not fit MicroPython's 192K heap
compiled from source. T is Monday 2026-03-02 06:00Z, second 0 of the day."""

from drivetime.activity import BREAK_REST
from drivetime.unit import Unit
from signal_day import feed_unit, iter_day

KEYS = ("continuous_driving_min", "current_break_min", "daily_driving_min", "working_time_shift_min")


def live_at(script, settings, seconds):
    """Feed the day with a tick each second; the live and recorded counters at ``seconds``."""
    events, truth = iter_day(script, ccvs_hz=1, tco_hz=0, rtc_error_s=0)
    u, seen = Unit(settings), {}

    def look(mono):
        s = (mono - truth["boot_ms"]) // 1000
        if s in seconds:
            seen[s] = (dict((k, u.live[k]) for k in KEYS), dict((k, u.status[k]) for k in KEYS))

    feed_unit(u, events, look)
    return seen


def test_continuous_driving_restarts_at_once_when_a_45_min_break_ends():
    # 4h30 driving from 06:00, 45 min standing (the stop activity set to
    # break), then driving again from 11:15 (second 18900). Art 7: a break of
    # 45 min after 4h30 starts a new driving period, so 30 s into the new
    # drive the count is 0, and 1 a minute later; daily driving goes on
    # (Art 6(1)): 270, then 271. The record still holds the break's minutes
    # then (its count says 270 with 42 min of break).
    seen = live_at([("drive", 270, 80), ("stop", 45), ("drive", 10, 80), ("stop", 3)],
                   {"stop_activity": BREAK_REST}, (18890, 18930, 18990))
    live, recorded = seen[18890]                # 11:14:50, still in the break
    assert live["continuous_driving_min"] == 270 and live["current_break_min"] == 44
    live, recorded = seen[18930]
    assert live["continuous_driving_min"] == 0 and live["daily_driving_min"] == 270
    assert recorded["continuous_driving_min"] == 270 and recorded["current_break_min"] < 45
    live, recorded = seen[18990]
    assert live["continuous_driving_min"] == 1 and live["daily_driving_min"] == 271


def test_working_time_goes_on_live_while_standing():
    # 30 min driving from 06:00, then standing with other work (the default
    # stop activity, Annex IC req 048). At 06:39:59 the shift's working time
    # (Dir 2002/15 Art 3(a): driving and other work) is 30 + 9 whole minutes
    # = 39; the record, ~2 min behind, says less.
    seen = live_at([("drive", 30, 80), ("stop", 10)], None, (2399,))
    live, recorded = seen[2399]
    assert live["working_time_shift_min"] == 39 and live["continuous_driving_min"] == 30
    assert recorded["working_time_shift_min"] < 39
