# Live driving without the screen: the simulated world on a warped clock, the emulated devices, and the unmodified unit as its own process.
# SPDX-License-Identifier: MIT
"""What ``drivetime sim drive`` runs under its terminal UI (:mod:`simulator.live`).

A :class:`LiveSession` makes, in a working directory:

- the emulated SLCAN adapter and GPS receiver on pseudo-terminals
  (:mod:`simulator.slcan_device`, :mod:`simulator.gps_device`), fed through
  a :class:`~simulator.bridge.Bridge` from a :class:`~simulator.world.World`
  driven live (the tester's keys set the driver's target speed, switch the
  ignition, press the panel's buttons and toggle :data:`FAULTS`);
- ``clock``: the shared clock file the unit's ``[clock] source = "sim"``
  follows (:class:`drivetime_pi.sim_adapters.ClockFile`), *stepped*: the
  simulation moves in lockstep with the unit at a chosen warp
  (:mod:`simulator.live_lockstep`: the pace, the warp keys, the simulation
  thread);
- ``panel.sock``: the cab panel (:class:`~simulator.panel_server.PanelServer`):
  the unit's screens, LEDs and buzzer come in, the driver's presses go out;
- ``unit.toml``: the unit's config, and ``unit.log`` its output;

and starts the unit exactly as installed, ``drivetime unit --config
unit.toml`` in a process of its own (:mod:`simulator.live_unit`: the config,
starting, switching off, power cuts). A unit that exits on its own is
noticed at the next :meth:`LiveSession.poll` and reported, with the end of
its log, in :attr:`LiveSession.events`. The traffic sent can be recorded
for ``drivetime sim replay`` (``record=``, :class:`simulator.replay.Recorder`).

The World is shared by the simulation thread and the caller: every change
and every step of it holds :attr:`LiveSession.lock`.

The pace's constants (:data:`WARPS`, :data:`WINDOW_MS` ...) are re-exported
here from :mod:`simulator.live_lockstep`.
"""

import os
import shutil
import sys
import tempfile
import threading
from collections import deque

from drivetime.timeutil import format_minute
from drivetime_pi.sim_adapters import ClockFile

from simulator.bridge import Bridge
from simulator.clock import WarpClock
from simulator.gps_device import GpsDevice
from simulator.live_lockstep import (  # noqa: F401 (the pace's constants, re-exported)
    BOOT_WAIT_S, DRAIN_WAIT_S, LOOK_S, MAX_BEHIND_S, MIN_WINDOW_MS, WARPS, WINDOW_MS,
    LockstepMixin, _pending)
from simulator.live_unit import UnitProcessMixin
from simulator.panel_server import PanelServer
from simulator.slcan_device import SlcanDevice
from simulator.traffic import START_UTC_S
from simulator.world import World

# The live fault toggles: name -> (simulator.faults kind, parameters)
FAULTS = {"gps_loss": ("gps_loss", {}), "can_silence": ("can_silence", {}),
          "garble": ("garble", {"target": "both", "rate": 0.5}),
          "motion_conflict": ("motion_conflict", {"side": "can"})}


class _LockedWorld:
    """The world as the bridge pumps it: under the session's lock."""

    def __init__(self, session):
        self.s = session

    def advance(self, t_ms):
        with self.s.lock:
            events = self.s.world.advance(t_ms)
            if self.s.recorder is not None:
                self.s.recorder.add(events)
            return events


class LiveSession(LockstepMixin, UnitProcessMixin):
    """The simulated vehicle and the unit under test (see the module docstring).

    :param workdir: where the files go (default: a new temporary directory, removed at close)
    :param route: a built-in route's name (:data:`simulator.route.ROUTES`)
    :param warp: the starting warp (one of :data:`WARPS`)
    :param rates: ``{"ccvs_hz", "tco_hz", "nmea_hz"}`` of the traffic
    :param unit: ``{"lang", "stop_activity"}`` for the unit's config
    :param command: the unit's command line before ``--config FILE`` (default ``drivetime unit``)
    :param record: ``(can_path, nmea_path)``: record the traffic sent (either may be None;
        :class:`simulator.replay.Recorder`: a python-can log by suffix, an NMEA log)
    """

    def __init__(self, workdir=None, route="hamburg-salzburg", warp=1, rates=None, unit=None,
                 start_utc_s=START_UTC_S, seed=1, command=None, record=None):
        self.own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="drivetime-sim-")
        os.makedirs(self.dir, exist_ok=True)
        self.lock = threading.RLock()
        self.start_utc_ms = start_utc_s * 1000
        rates = dict({"ccvs_hz": 2, "tco_hz": 1, "nmea_hz": 1}, **(rates or {}))
        self.world = World(route, seed=seed, start_utc_s=start_utc_s, traffic=rates)
        self.world.driver.set_target(0)
        self.recorder = None
        if record and any(record):
            from simulator.replay import Recorder
            self.recorder = Recorder(record[0], record[1], start_utc_s)
        self.start_utc_s = start_utc_s
        self.pace = WarpClock(warp, 0, start_utc_s)     # the pace the simulation follows
        self.sim_ms = 0                 # simulation time: what the unit has been given
        self.slcan, self.gps = SlcanDevice(), GpsDevice()
        self._ttys = [os.open(d.path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
                      for d in (self.slcan, self.gps)]     # to see what the unit has not read
        self.clock_file = ClockFile(self.path("clock"), create=True)
        self.publish()
        self.panel = PanelServer(self.path("panel.sock"))
        self.config_path = self._write_config(dict({"lang": "en", "stop_activity": "other_work"},
                                                   **(unit or {})))
        self.command = list(command or [sys.executable, "-m", "host_tools.cli", "unit"])
        self.bridge = Bridge(_LockedWorld(self), self, self.slcan, self.gps,
                             on_power=self._on_power, on_border=self._on_border)
        self.proc = None
        self.unit_exit = None           # the exit status of a unit that stopped on its own
        self.events = deque(maxlen=200)  # (simulation ms, text), newest last
        self.noted = 0                  # events ever noted (a UI shows the ones it has not)
        self.faults_on = {}             # name -> the Fault under way
        self.last_border = None
        self._power_requests = deque()
        self._progress = deque()        # (real s, sim ms): the effective warp
        self._no_wait_until = 0.0       # a unit that did not read in time: do not wait a while
        self._booted_at = None          # real time the unit process started, until it is up
        self.error = None               # what stopped the simulation thread
        self._stop = threading.Event()
        self._thread = None
        self.closed = False

    def path(self, name):
        return os.path.join(self.dir, name)

    # -- the vehicle and the driver --------------------------------------------

    def target(self, kmh):
        with self.lock:
            self.world.driver.set_target(kmh)
            return self.world.driver.live_target

    def accelerate(self, kmh=10):
        return self.target(self.world.driver.live_target + kmh)

    def brake(self, kmh=10):
        return self.target(max(0.0, self.world.driver.live_target - kmh))

    def cruise(self):
        """Hold the speed the vehicle has now."""
        return self.target(round(self.world.state.speed_kmh))

    def toggle_ignition(self):
        with self.lock:
            v = self.world.vehicle
            v.set_ignition(not v.ignition)
            on = v.ignition
        self.note("ignition %s" % ("on" if on else "off"))
        return on

    def press(self, button):
        """A button of the unit's panel. :returns: False when the unit's panel is not connected"""
        sent = self.panel.press(button)
        self.note("pressed %s%s" % (button, "" if sent else " (no unit panel connected)"))
        return sent

    def toggle_fault(self, name):
        """Start or stop a fault of :data:`FAULTS` now. :returns: True when it is on"""
        kind, params = FAULTS[name]
        with self.lock:
            t = self.world.now_ms
            if name in self.faults_on:
                self.world.faults.stop(kind, t)
                del self.faults_on[name]
            else:
                self.faults_on[name] = self.world.faults.start(kind, t, **params)
            on = name in self.faults_on
        self.note("fault %s %s" % (name, "on" if on else "off"))
        return on

    def _on_border(self, before, after, t_ms):
        self.last_border = (before, after, t_ms)
        self.note("border crossed: %s -> %s" % (before, after), t_ms)

    def _on_power(self, on, t_ms):         # a power_cut fault (bridge thread): done in poll()
        self._power_requests.append(on)

    # -- running -----------------------------------------------------------------

    def start(self):
        """Start the simulation thread and the unit."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sim-live", daemon=True)
            self._thread.start()
        self.start_unit()

    def poll(self):
        """Read the panel, notice a unit that stopped on its own, carry out power cuts;
        keep the clock file fresh. Call it often (the UI's timer). :returns: panel messages"""
        got = self.panel.poll()
        self._notice_unit_exit()
        while self._power_requests:
            on = self._power_requests.popleft()
            self.start_unit() if on else self.stop_unit(cut=True)
        if self.error is not None:
            self.note("the simulation stopped: %r" % (self.error,))
            self.error = None
        return got

    def note(self, text, t_ms=None):
        t = self.now_ms() if t_ms is None else t_ms
        self.events.append((t, text))
        self.noted += 1

    def time_text(self, t_ms=None):
        """Simulation UTC as ``YYYY-MM-DD HH:MM:SS``."""
        ms = self.start_utc_ms + (self.now_ms() if t_ms is None else t_ms)
        return "%s:%02d" % (format_minute(ms // 60000)[:16].replace("T", " "), ms // 1000 % 60)

    def close(self):
        """Stop the unit (SIGTERM), the bridge, the devices; remove a temporary directory."""
        if self.closed:
            return
        self.closed = True
        self.stop_unit()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.panel.close()
        for fd in self._ttys:
            os.close(fd)
        for dev in (self.slcan, self.gps):
            dev.close()
        self.clock_file.close()
        if self.recorder is not None:
            self.recorder.close()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)
