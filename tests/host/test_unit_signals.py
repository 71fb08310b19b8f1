# Tests of the cab unit fed real CAN frames and NMEA bytes (signal_day): live warnings, faults, lag.
# SPDX-License-Identifier: MIT
"""The Unit over the signal path, on CPython only: the whole stack compiled from
source (signal path, engine, unit, generator) does not fit MicroPython's 192K
heap at once; on a board the modules are precompiled or frozen. The unit's
other tests (tests/core/test_unit.py, test_unit_28days.py) run on both."""

from drivetime.profiles import profile_by_name
from drivetime.unit import BUZZ_LIMIT, BUZZ_PRE, Buzz, Led, Log, Unit
from signal_day import START_MINUTE, feed_unit, iter_day

T = START_MINUTE        # Monday 2026-03-02 06:00Z


def logs(out, kind):
    return [o.fields for o in out if isinstance(o, Log) and o.kind == kind]


def run(unit, events):
    """Feed the day's events with a tick every second. :returns: outputs"""
    return feed_unit(unit, events)[0]


def test_continuous_driving_warnings_at_the_live_minute_from_can_and_nmea():
    # A profile made stricter (4h30 -> 30 min) keeps the day short. Driving starts at
    # second 60 (minute T+1, the minute is all driving); req 184: the pre-warning when
    # 15 min are left, i.e. after 15 min of driving at T+16, the warning at T+31 (30 min).
    # The engine's minutes lag ~2 min (signals.py); the unit extrapolates to now.
    events, truth = iter_day([("stop", 1), ("drive", 40, 60), ("stop", 6)], ccvs_hz=1, tco_hz=0,
                             rtc_error_s=0)
    u = Unit(profile=profile_by_name("eu", {"continuous_driving_max": 30}))
    out = run(u, events)
    got = [(f["code"], f["level"], f["minute"] - T) for f in logs(out, "warning")
           if f["code"] == "continuous_driving"]
    assert got == [("continuous_driving", "pre", 16), ("continuous_driving", "limit", 31)]
    assert out.count(Buzz(BUZZ_PRE)) == 1 and out.count(Buzz(BUZZ_LIMIT)) == 1
    assert Led("driving", True) in out and Led("warning", True) in out
    # After the stop the engine has the whole drive: 40 min continuous (Art 7 breached).
    assert u.status["continuous_driving_min"] == 40
    assert [i.rule for i in u.infringements] == ["continuous_driving"]
    assert u.live["activity"] == "other_work"           # stop activity (Annex IC req 048)
    assert u.screen.rows[7] == "!Break due" and 7 in u.screen.inverted


def test_input_faults_follow_the_can_bus():
    events, truth = iter_day([("stop", 2), ("can_outage", 30, 30)], ccvs_hz=1, tco_hz=0, rtc_error_s=0)
    u = Unit()
    out = run(u, events)
    can = [f["on"] for f in logs(out, "fault") if f["fault"] == "can_silent"]
    assert can == [False, True, False]          # first frame, the outage, back
    assert u.faults == {"gps_lost": False, "can_silent": False, "motion_conflict": False}
    assert Led("fault", True) in out and out[-1] != Led("fault", True)


def test_live_counters_run_ahead_of_the_lagging_record():
    # 40 min of driving from T+1 (truth), stopped at T+41; three minutes later the
    # engine has not all of it yet (signals.py lag), the live counters have: 40 min.
    events, truth = iter_day([("stop", 1), ("drive", 40, 60), ("stop", 3)], ccvs_hz=1, tco_hz=0,
                             rtc_error_s=0)
    u = Unit()
    run(u, events)
    assert u.status["continuous_driving_min"] < 40
    assert u.live["continuous_driving_min"] == 40 and u.live["continuous_driving_left_min"] == 230
    assert u.live["activity"] == "other_work" and u.screen.rows[1] == "Drive left 3:50"
