# The simulated vehicle: speed with acceleration and braking limits, odometer, position on a route, ignition, tachograph state.
# SPDX-License-Identifier: MIT
"""A truck reduced to what the unit can observe.

:meth:`Vehicle.step` moves time on by ``dt_ms`` toward a target speed (the
driver model's input): the speed changes by at most the acceleration or
braking limit over the step, and the distance grows by the mean speed of
the step (trapezoid). The position, course and country come from the
:class:`~simulator.route.Route` at the distance travelled.

Limits (defaults): 1.0 m/s² accelerating (3.6 km/h a second, a loaded
truck), 1.5 m/s² braking (5.4 km/h a second, a firm service brake) and
90 km/h (the speed limiter of Directive 92/6/EEC for N3 vehicles).

With the ignition off the vehicle cannot drive (the target is 0) and the
ECUs are off: :mod:`simulator.traffic` sends no CAN frames then.

The tachograph's working state of driver 1 (:attr:`Vehicle.tacho`, in
J1939 SPN 1612 numbers: REST 0, AVAILABILITY 1, WORK 2, DRIVE 3) is DRIVE
while the vehicle moves; when it stops, a tachograph switches to WORK
(Annex IC req 048's default: other work after driving) until the driver
selects something else (:meth:`Vehicle.tacho_select`, ignored while moving
as a tachograph ignores it).
"""

from collections import namedtuple

from drivetime.j1939 import DRIVE, WORK

SPEED_PER_KMH = 256         # the unit's speed unit: 1/256 km/h

VehicleState = namedtuple("VehicleState", (
    "speed_kmh", "speed", "accel", "moving", "lat", "lon", "course", "country",
    "odometer_m", "distance_m", "ignition", "tacho", "leg"))
"""What the vehicle is at one moment.

:param speed_kmh: float km/h; ``speed`` the same in 1/256 km/h (int, as the unit's decoders)
:param accel: m/s² over the last step (negative braking)
:param moving: the wheels turn (speed above 0)
:param lat, lon, course: degrees; course true, 0 north
:param country: the country of the route there
:param odometer_m: total distance the vehicle has ever driven (float m)
:param distance_m: distance along the route (the odometer since the route began)
:param ignition: bool
:param tacho: driver 1's working state as the tachograph sends it in TCO1
:param leg: the route leg index (:class:`~simulator.route.Position`)
"""


class Vehicle:
    """A vehicle on ``route``.

    :param route: a :class:`~simulator.route.Route`
    :param accel_ms2: acceleration limit (m/s², > 0)
    :param decel_ms2: braking limit (m/s², > 0)
    :param max_kmh: the speed limiter (km/h, up to 250)
    :param odometer_m: the odometer at the start
    :param distance_m: where on the route it starts
    :param ignition: on at the start
    :raises ValueError: a limit out of range
    """

    def __init__(self, route, accel_ms2=1.0, decel_ms2=1.5, max_kmh=90.0, odometer_m=0.0,
                 distance_m=0.0, ignition=True):
        if accel_ms2 <= 0 or decel_ms2 <= 0 or not 0 < max_kmh <= 250:
            raise ValueError("vehicle limits out of range")
        self.route = route
        self.accel_ms2, self.decel_ms2, self.max_kmh = accel_ms2, decel_ms2, float(max_kmh)
        self.odometer_m = float(odometer_m)
        self.distance_m = float(distance_m)
        self.ignition = bool(ignition)
        self.speed_kmh = 0.0
        self.target_kmh = 0.0
        self.tacho = WORK
        self._accel = 0.0
        self.crossings = []         # (distance_m, before, after) of the borders crossed so far

    @property
    def brake_kmh_per_s(self):
        """How fast the vehicle can slow down, km/h a second (the driver model plans with it)."""
        return self.decel_ms2 * 3.6

    def set_ignition(self, on):
        """Turn the key. Off: the vehicle brakes to a stop and the ECUs fall silent."""
        self.ignition = bool(on)

    def tacho_select(self, state):
        """The driver sets the tachograph's working state (ignored while moving)."""
        if self.speed_kmh <= 0:
            self.tacho = state

    def step(self, dt_ms, target_kmh=None):
        """Move on ``dt_ms`` toward ``target_kmh`` (default: the last target).

        :returns: the :class:`VehicleState` at the end of the step
        """
        if dt_ms < 0:
            raise ValueError("time does not go back")
        if target_kmh is not None:
            self.target_kmh = max(0.0, min(float(target_kmh), self.max_kmh))
        target = self.target_kmh if self.ignition else 0.0
        dt = dt_ms / 1000.0
        v0 = self.speed_kmh
        if target > v0:
            v1 = min(target, v0 + self.accel_ms2 * 3.6 * dt)
        else:
            v1 = max(target, v0 - self.decel_ms2 * 3.6 * dt)
        if abs(v1 - target) < 1e-6:
            v1 = target             # float ramps land on the target, not a hair off it
        self.speed_kmh = v1
        self._accel = (v1 - v0) / 3.6 / dt if dt else 0.0
        before = self.distance_m
        moved = (v0 + v1) / 2 / 3.6 * dt
        self.distance_m += moved
        self.odometer_m += moved
        if moved:
            self.crossings.extend(self.route.crossings(before, self.distance_m))
        if v1 > 0:
            self.tacho = DRIVE
        elif self.tacho == DRIVE:
            self.tacho = WORK
        return self.state()

    def state(self):
        """The :class:`VehicleState` now."""
        p = self.route.at(self.distance_m)
        v = self.speed_kmh
        speed = min(max(int(round(v * SPEED_PER_KMH)), 1 if v > 0 else 0), 0xFAFF)
        return VehicleState(v, speed, self._accel, v > 0,
                            p.lat, p.lon, p.course, p.country, self.odometer_m, self.distance_m,
                            self.ignition, self.tacho, p.leg)
