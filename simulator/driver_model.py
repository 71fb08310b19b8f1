# The simulated driver: follows a plan (drive N min at V, stop, press a button, ...) or the tester's live commands.
# SPDX-License-Identifier: MIT
"""The driver decides the target speed of each step and the actions at
their moments; the :class:`~simulator.vehicle.Vehicle` does the physics.

**Plan.** A list of steps, from the plan's start (``start_ms``):

- ``("drive", minutes, kmh)``: the wheels turn for the whole step: the
  driver sets off at the step's start and, unless the next timed step is
  also a drive (a change of speed), brakes at the vehicle's braking limit
  so as to stand still exactly at the step's end. ``minutes`` may be a
  float (``0.5`` = 30 s).
- ``("stop", minutes)``: the vehicle stands.
- Any other step is an instant action at the moment it stands in the plan,
  handed to the caller as ``(t_ms, step)``: ``("press", button)`` (a
  button of the unit: ``mode``, ``activity``, ``ack``, ...),
  ``("select", activity)``, ``("power", on)``, ``("fault", ...)``, or
  whatever the runner understands. Two are also carried out on the vehicle:
  ``("ignition", on)`` and ``("tacho", state)`` (the tachograph's working
  state of driver 1, J1939 numbers).

**Live.** :meth:`Driver.set_target`, :meth:`accelerate` and :meth:`brake`
take over from the plan (the tester's keys); :meth:`act` queues an action
for the next step.
"""

DURATIONS = ("drive", "stop")
VEHICLE_ACTIONS = ("ignition", "tacho")


def _minutes_ms(step):
    ms = int(round(float(step[1]) * 60000))
    if ms < 0:
        raise ValueError("negative duration in %r" % (step,))
    return ms


def expand(plan, start_ms=0):
    """The plan as ``(start_ms, end_ms, step)`` rows; instants have ``end == start``.

    :raises ValueError: a malformed step
    """
    rows, t = [], start_ms
    for step in plan:
        step = tuple(step)
        if not step:
            raise ValueError("empty plan step")
        kind = step[0]
        if kind in DURATIONS:
            ms = _minutes_ms(step)
            if kind == "drive" and (len(step) < 3 or not 0 < float(step[2]) <= 250):
                raise ValueError("a drive step needs a speed in km/h: %r" % (step,))
            rows.append((t, t + ms, step))
            t += ms
        else:
            rows.append((t, t, step))
    return rows


def plan_length_ms(plan):
    """How long the plan's timed steps last, in ms."""
    return sum(_minutes_ms(s) for s in plan if s[0] in DURATIONS)


class Driver:
    """Follows ``plan`` from ``start_ms``; live commands take over.

    :param plan: the steps (see the module docstring)
    :param brake_kmh_per_s: how fast the vehicle can slow down (the driver
        plans the stop with it; :attr:`Vehicle.brake_kmh_per_s`)
    :param start_ms: the plan's time 0 on the simulation clock
    """

    def __init__(self, plan=(), brake_kmh_per_s=5.4, start_ms=0):
        self.brake_kmh_per_s = brake_kmh_per_s
        self.live = False
        self.live_target = 0.0
        self._queued = []
        self.follow(plan, start_ms)

    def follow(self, plan, start_ms=0):
        """Load a new plan from ``start_ms`` (leaves live mode)."""
        self.rows = expand(plan, start_ms)
        self.end_ms = self.rows[-1][1] if self.rows else start_ms
        self._next = 0              # first row not yet begun
        self.live = False

    @property
    def done(self):
        """The plan is over (or live mode: never done)."""
        return not self.live and self._next >= len(self.rows)

    def current(self, t_ms):
        """The timed step under way at ``t_ms`` (``None`` between/after)."""
        for start, end, step in self.rows:
            if start <= t_ms < end:
                return step
        return None

    # -- live commands ------------------------------------------------------

    def set_target(self, kmh):
        """Drive at ``kmh`` from now on (live mode)."""
        self.live = True
        self.live_target = max(0.0, float(kmh))

    def accelerate(self, kmh=10):
        self.set_target(self.live_target + kmh)

    def brake(self, kmh=10):
        self.set_target(max(0.0, self.live_target - kmh))

    def act(self, *step):
        """An action at the next step: ``act("press", "ack")``."""
        self._queued.append(tuple(step))

    # -- stepping -----------------------------------------------------------

    def step(self, t_ms, dt_ms, vehicle=None):
        """The target speed for the step ``[t_ms, t_ms + dt_ms)`` and the actions in it.

        :param vehicle: where ``ignition`` and ``tacho`` actions are carried out
        :returns: ``(target_kmh, [(at_ms, step), ...])``
        """
        actions = [(t_ms, s) for s in self._queued]
        self._queued = []
        end = t_ms + dt_ms
        while self._next < len(self.rows) and self.rows[self._next][0] < end:
            start, stop, step = self.rows[self._next]
            if start == stop:
                actions.append((max(start, t_ms), step))
            if stop > end and start != stop:
                break               # a timed step under way: begun, not over
            self._next += 1
        if vehicle is not None:
            for _, s in actions:
                if s[0] == "ignition":
                    vehicle.set_ignition(bool(s[1]))
                elif s[0] == "tacho":
                    vehicle.tacho_select(s[1])
        if self.live:
            return self.live_target, actions
        return self._planned_target(t_ms, end), actions

    def _planned_target(self, t_ms, end):
        row = None
        for i in range(max(0, self._next - 1), len(self.rows)):
            start, stop, step = self.rows[i]
            if start <= t_ms < stop:
                row = i
                break
            if start > t_ms:
                break
        if row is None or self.rows[row][2][0] != "drive":
            return 0.0
        start, stop, step = self.rows[row]
        kmh = float(step[2])
        following = [r for r in self.rows[row + 1:] if r[0] != r[1]]
        if following and following[0][2][0] == "drive":
            return kmh              # a change of speed, not a stop
        left_s = max(0, stop - end) / 1000.0
        return min(kmh, left_s * self.brake_kmh_per_s)
