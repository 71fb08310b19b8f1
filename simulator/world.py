# The simulated world on one clock: driver, vehicle, traffic and faults stepped together into time-ordered events.
# SPDX-License-Identifier: MIT
""":class:`World` is what the emulators (and an in-process runner) pull
from: ``world.advance(t_ms)`` steps the driver model and the vehicle in
``step_ms`` steps (100 ms: the CAN period) up to ``t_ms`` on the
simulation clock and returns the events of the window, time-ordered:

- ``(t, "can", (arbitration_id, data))``: a J1939 frame (29-bit id);
- ``(t, "nmea", bytes)``: one NMEA sentence with its CR LF;
- ``(t, "power", on)``: a power cut begins (False) or ends (True);
- ``(t, "action", step)``: a driver action of the plan or live commands
  other than ignition and tachograph changes (``("press", "ack")``,
  ``("select", 0)``, ``("power", False)``, ...): the runner carries it out;
- ``(t, "border", (before, after))``: the vehicle crossed a border (the
  unit does not see it; a runner may let the driver change the country).

Time 0 is ``traffic.start_utc_s`` UTC; the caller decides how simulation
time relates to its own clock (real time, warped, or as fast as possible).
"""

from simulator.driver_model import Driver
from simulator.faults import Faults
from simulator.route import Route, route as builtin_route
from simulator.traffic import START_UTC_S, Traffic
from simulator.vehicle import Vehicle


class World:
    """Driver, vehicle, traffic and faults on one simulation clock.

    :param route: a :class:`~simulator.route.Route` or a built-in route's name
    :param plan: the driver's plan (:mod:`simulator.driver_model`)
    :param faults: a :class:`~simulator.faults.Faults` or a list for it
    :param seed: the noise of the receiver and the faults
    :param start_utc_s: UTC at time 0
    :param step_ms: the physics step
    :param traffic: keyword arguments of :class:`~simulator.traffic.Traffic` (rates, noise, ...)
    :param vehicle: keyword arguments of :class:`~simulator.vehicle.Vehicle` (limits, ...)
    """

    def __init__(self, route="hamburg-salzburg", plan=(), faults=(), seed=1,
                 start_utc_s=START_UTC_S, step_ms=100, traffic=None, vehicle=None):
        if not isinstance(route, Route):
            route = builtin_route(route)
        self.vehicle = Vehicle(route, **(vehicle or {}))
        self.driver = Driver(plan, self.vehicle.brake_kmh_per_s)
        self.traffic = Traffic(seed, start_utc_s, **(traffic or {}))
        self.faults = faults if isinstance(faults, Faults) else Faults(faults, seed)
        self.step_ms = step_ms
        self.now_ms = 0
        self.state = self.vehicle.state()

    @property
    def utc_s(self):
        """The true UTC now (seconds since 1970, int)."""
        return (self.traffic.start_utc_ms + self.now_ms) // 1000

    def advance(self, t_ms):
        """Step to ``t_ms``; :returns: the window's events (see the module docstring)."""
        out = []
        v = self.vehicle
        while self.now_ms < t_ms:
            dt = min(self.step_ms, t_ms - self.now_ms)
            target, actions = self.driver.step(self.now_ms, dt, v)
            for at, step in actions:
                if step[0] not in ("ignition", "tacho"):
                    out.append((at, "action", step))
            crossed = len(v.crossings)
            self.state = v.step(dt, target)
            self.now_ms += dt
            for _, before, after in v.crossings[crossed:]:
                out.append((self.now_ms, "border", (before, after)))
            out.extend(self.traffic.advance(self.state, self.now_ms))
        out = self.faults.filter(out, t_ms) if self.faults.faults else out
        out.sort(key=lambda e: e[0])
        return out
