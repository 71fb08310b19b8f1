# Routes, the vehicle's physics and the driver model: distances, borders, limits, motion at the planned moments.
# SPDX-License-Identifier: MIT
"""Expected values worked out by hand in the comments (a degree of
latitude on the mean Earth radius: 6 371 008.8 m * pi / 180 = 111 195.08 m)."""

import pytest

from drivetime.j1939 import AVAILABILITY, DRIVE, WORK
from simulator.driver_model import Driver, expand
from simulator.route import Route, route
from simulator.vehicle import Vehicle

METRE_PER_DEG_LAT = 111195.08


def test_a_meridian_degree_is_111_km_and_positions_interpolate():
    r = Route("north", [(50.0, 8.0, "D"), (51.0, 8.0, "D")], shuttle=False)
    assert r.length_m == pytest.approx(METRE_PER_DEG_LAT, abs=0.5)
    mid = r.at(METRE_PER_DEG_LAT / 2)
    assert (mid.lat, mid.lon, mid.country) == (pytest.approx(50.5), 8.0, "D")
    assert mid.course == pytest.approx(0.0)             # due north
    assert r.at(10 * METRE_PER_DEG_LAT).lat == pytest.approx(51.0)   # stays at the end


def test_hamburg_salzburg_crosses_into_austria_at_walserberg_and_back():
    r = route("hamburg-salzburg")
    (border,) = r.borders
    assert (border.lat, border.lon, border.before, border.after) == (47.788, 12.957, "D", "A")
    assert r.country_at(border.distance_m - 1) == "D" and r.country_at(border.distance_m + 1) == "A"
    # a shuttle: at the end it turns back, so the way back crosses A -> D at
    # 2 * length - border distance
    back = 2 * r.length_m - border.distance_m
    assert r.crossings(0, 2 * r.length_m) == [(border.distance_m, "D", "A"), (back, "A", "D")]
    assert r.country_at(back + 1) == "D"
    assert r.at(r.length_m + 10).course == pytest.approx((r.at(r.length_m - 10).course + 180) % 360)


def test_unknown_route_names_the_known_ones():
    with pytest.raises(KeyError, match="rotterdam-antwerp"):
        route("paris-berlin")


def test_acceleration_and_braking_limits():
    v = Vehicle(route("frankfurt-loop"))
    # 0 -> 80 km/h at 1 m/s² (3.6 km/h a second) takes 80 / 3.6 = 22.2 s
    for _ in range(222):
        s = v.step(100, 80)
    assert s.speed_kmh == pytest.approx(79.92) and s.accel == pytest.approx(1.0)
    assert v.step(100).speed_kmh == 80.0
    # braking at 1.5 m/s² = 5.4 km/h a second: 80 -> 0 in 14.8 s
    for _ in range(148):
        s = v.step(100, 0)
    assert s.speed_kmh == pytest.approx(0.08) and s.moving
    assert not v.step(100).moving
    assert v.step(1000, 200).speed_kmh == pytest.approx(3.6)      # the limiter: 90 km/h at most
    assert v.target_kmh == 90.0


def test_ignition_off_stops_the_vehicle_and_the_tachograph_follows_motion():
    v = Vehicle(route("frankfurt-loop"))
    assert v.step(1000, 50).tacho == DRIVE
    v.tacho_select(AVAILABILITY)                # ignored while moving, as a tachograph does
    v.set_ignition(False)
    s = v.step(1000)
    assert s.speed_kmh == 0 and not s.ignition and s.tacho == WORK   # switches to work at the stop
    v.tacho_select(AVAILABILITY)
    assert v.state().tacho == AVAILABILITY


def test_the_driver_moves_exactly_in_the_planned_minutes_and_acts_on_time():
    v = Vehicle(route("hamburg-salzburg"))
    d = Driver([("stop", 1), ("press", "ack"), ("drive", 5, 80), ("select", 1), ("stop", 1)],
               v.brake_kmh_per_s)
    moving, actions, t = [], [], 0
    while t < 8 * 60000:
        target, acts = d.step(t, 100, v)
        actions.extend(acts)
        s = v.step(100, target)
        moving.append(s.moving)
        t += 100
    # moving[i] is the state at the end of step i, at 100 (i + 1) ms: the wheels
    # turn from 60.1 s (i = 600) to 359.9 s (i = 3598) and stand from 360 s on
    assert moving.index(True) == 600 and len(moving) - moving[::-1].index(True) - 1 == 3598
    assert actions == [(60000, ("press", "ack")), (360000, ("select", 1))]
    assert d.done
    # 5 min at 80 km/h = 22.222 m/s, less half the 22.22 s run-up and the
    # 14.81 s stop (80 / 5.4): 22.222 * (300 - 11.111 - 7.407) = 6255.1 m
    assert v.odometer_m == pytest.approx(6255.1, abs=1.0)


def test_a_change_of_speed_does_not_brake_in_between():
    v = Vehicle(route("hamburg-salzburg"))
    d = Driver([("drive", 1, 80), ("drive", 1, 50)], v.brake_kmh_per_s)
    t = 0
    speeds = []
    while t < 120000:
        target, _ = d.step(t, 100, v)
        speeds.append(v.step(100, target).speed_kmh)
        t += 100
    assert speeds[599] == 80.0 and min(speeds[300:1100]) > 49   # no stop between the steps


def test_live_commands_take_over_and_bad_plans_are_refused():
    d = Driver([("drive", 10, 80)])
    d.set_target(30)
    d.accelerate(20)
    d.act("press", "mode")
    assert d.step(0, 100) == (50.0, [(0, ("press", "mode"))])
    d.brake(60)
    assert d.step(100, 100)[0] == 0.0
    for bad in ([("drive", 5)], [("stop", -1)], [()]):
        with pytest.raises(ValueError):
            expand(bad)
