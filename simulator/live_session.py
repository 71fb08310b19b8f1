# Live driving without the screen: the simulated world on a warped clock, the emulated devices, and the unmodified unit as its own process.
# SPDX-License-Identifier: MIT
"""What ``drivetime sim drive`` runs under its terminal UI (:mod:`simulator.live`).

A :class:`LiveSession` makes, in a working directory:

- the emulated SLCAN adapter and GPS receiver on pseudo-terminals
  (:mod:`simulator.slcan_device`, :mod:`simulator.gps_device`), fed through
  a :class:`~simulator.bridge.Bridge` from a :class:`~simulator.world.World`
  driven live (the tester's keys set the driver's target speed);
- ``clock``: the shared clock file the unit's ``[clock] source = "sim"``
  follows (:class:`drivetime_pi.sim_adapters.ClockFile`), *stepped*.

**Time in lockstep.** A :class:`~simulator.clock.WarpClock` (1x, 10x, 60x,
600x; paused) sets the pace. A thread moves the simulation after it in
windows of at most :data:`WINDOW_MS`: it pumps the window's traffic to the
devices, publishes the window's end as the unit's time, and waits (up to
:data:`DRAIN_WAIT_S`) until the unit has read the bytes off both ttys.
So the unit stamps every frame and sentence within half a simulated second
of when it was sent, at any warp, as a real adapter would; a warp faster
than the unit can take only makes the simulation slower than asked
(:attr:`LiveSession.effective_warp` says how fast it goes; more than
:data:`MAX_BEHIND_S` real seconds behind, the pace is reset rather than
caught up).
- ``panel.sock``: the cab panel (:class:`~simulator.panel_server.PanelServer`):
  the unit's screens, LEDs and buzzer come in, the driver's presses go out;
- ``unit.toml``: the unit's config (CAN ``slcan`` on the SLCAN pty, GPS on
  the receiver's pty, the panel socket, the sim clock, a journal under the
  simulator's fixed key :data:`simulator.runner.SIM_KEY` in ``journal/``,
  which ``drivetime office import`` accepts); ``unit.log`` its output;

and starts the unit exactly as installed: ``drivetime unit --config
unit.toml`` in a process of its own. Switching the unit off is SIGTERM (a
clean stop, journalled); a power cut is SIGKILL. A unit that exits on its
own is noticed at the next :meth:`LiveSession.poll` and reported, with the
end of its log, in :attr:`LiveSession.events`.

The World is shared by the simulation thread and the caller: every change
and every step of it holds :attr:`LiveSession.lock`.
"""

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import struct
import tempfile
import termios
import threading
import time
from collections import deque

from drivetime.timeutil import format_minute
from drivetime_pi.sim_adapters import ClockFile

from simulator.bridge import Bridge
from simulator.clock import WarpClock
from simulator.gps_device import GpsDevice
from simulator.panel_server import PanelServer
from simulator.slcan_device import SlcanDevice
from simulator.traffic import START_UTC_S
from simulator.unit_config import write_unit_config
from simulator.world import World

WARPS = (1, 10, 60, 600)
WINDOW_MS = 500             # the largest step of the unit's time (its GPS and CAN stamps)
MIN_WINDOW_MS = 20          # the smallest (a real unit polls every 20 ms)
DRAIN_WAIT_S = 0.2          # real time to wait for the unit to read a window's traffic
LOOK_S = 0.0003             # between two looks at the ttys' input queues
BOOT_WAIT_S = 15.0          # real time the simulation waits for a starting unit
MAX_BEHIND_S = 0.25         # real seconds of pace the simulation may owe before it is reset
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


def _pending(fd):
    """Bytes waiting to be read on a tty (its input queue)."""
    try:
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
    except OSError:
        return 0


class LiveSession:
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

    def _write_config(self, unit):
        from simulator.runner import SIM_KEY
        key = self.path("unit.key")
        with open(key, "w") as f:
            f.write(SIM_KEY.hex() + "\n")
        return write_unit_config(
            self.path("unit.toml"), self.slcan.path, self.gps.path,
            comment="made by drivetime sim drive: the unit on the simulator's emulated devices",
            unit=dict(unit), panel={"socket": self.panel.path},
            clock={"source": "sim", "file": self.clock_file.path},
            loop={"tick_ms": 200, "reopen_s": 2},       # a device gone: back within 2 s
            journal={"directory": self.path("journal"), "key_file": key})

    # -- time ------------------------------------------------------------------

    def publish(self):
        """Tell the unit where the simulation time stands (stepped; paused: the unit naps)."""
        with self.lock:
            t = self.sim_ms
            self.clock_file.publish(t, self.start_utc_ms + t, 0, self.pace.paused)

    def mono_ms(self):
        """The simulation time (ms since the start): the bridge's clock."""
        return self.sim_ms

    now_ms = mono_ms

    @property
    def warp(self):
        return self.pace.warp

    @property
    def paused(self):
        return self.pace.paused

    @property
    def effective_warp(self):
        """How fast the simulation went over the last seconds (simulated s per real s)."""
        p = list(self._progress)
        if len(p) < 2 or p[-1][0] <= p[0][0]:
            return 0.0
        return (p[-1][1] - p[0][1]) / 1000.0 / (p[-1][0] - p[0][0])

    def _rebase(self, warp):
        """The pace from where the simulation is now (a debt it could not keep up with dropped)."""
        paused = self.pace.paused
        self.pace = WarpClock(warp, self.sim_ms, self.start_utc_s)
        if paused:
            self.pace.pause()

    def set_warp(self, warp):
        with self.lock:
            self._rebase(warp)
        self._progress.clear()
        self.note("warp %gx" % warp)

    def step_warp(self, up):
        """The next warp of :data:`WARPS` up or down. :returns: the warp now"""
        w = self.pace.warp
        i = min(range(len(WARPS)), key=lambda k: abs(WARPS[k] - w))
        i = max(0, min(len(WARPS) - 1, i + (1 if up else -1)))
        if WARPS[i] != w:
            self.set_warp(WARPS[i])
        return WARPS[i]

    def toggle_pause(self):
        with self.lock:
            self._rebase(self.pace.warp)        # stop where the unit is, not where the pace got
            (self.pace.resume if self.pace.paused else self.pace.pause)()
            paused = self.pace.paused
            self.publish()
        self._progress.clear()
        self.note("paused" if paused else "running")
        return paused

    def _run(self):
        """The simulation thread: move after the pace in windows, in lockstep with the unit."""
        try:
            while not self._stop.is_set():
                with self.lock:
                    target = self.pace.mono_ms()
                    if target - self.sim_ms > MAX_BEHIND_S * 1000 * self.pace.warp:
                        self._rebase(self.pace.warp)
                        target = self.sim_ms
                # a window when enough is due: 20 ms at 1x, 2 real ms of warp, at most WINDOW_MS
                due = min(WINDOW_MS, max(MIN_WINDOW_MS, 2 * self.pace.warp))
                if target - self.sim_ms < due or self._unit_booting():
                    self.bridge.pump(self.sim_ms)       # answer the adapter's commands
                    self._stop.wait(0.005)
                    continue
                t = min(self.sim_ms + WINDOW_MS, target)
                self.bridge.pump(t)
                with self.lock:
                    self.sim_ms = t
                    self.publish()
                now = time.monotonic()
                self._progress.append((now, t))
                while self._progress and self._progress[0][0] < now - 2:
                    self._progress.popleft()
                self._wait_read()
        except Exception as exc:            # kept for poll(): a thread cannot raise to the UI
            self.error = exc

    def _wait_read(self):
        """Wait until the unit has read the window's bytes: both ttys empty at two
        looks :data:`LOOK_S` apart (a pty hands written bytes over a moment later).
        Not for a unit that is off; one that does not read in :data:`DRAIN_WAIT_S`
        (stuck, an adapter down) is not waited for during the next real second."""
        now = time.monotonic()
        if now < self._no_wait_until or not self.unit_running:
            return
        deadline, quiet = now + DRAIN_WAIT_S, 0
        while quiet < 2:
            time.sleep(LOOK_S)
            quiet = 0 if any(_pending(fd) for fd in self._ttys) else quiet + 1
            if time.monotonic() > deadline:
                self._no_wait_until = time.monotonic() + 1.0
                return

    def _unit_booting(self):
        """The unit process runs but has not connected its panel yet (at most
        :data:`BOOT_WAIT_S`): the simulation waits for it, as the vehicle for
        a unit that is switched on before the journey."""
        if self._booted_at is None or not self.unit_running:
            return False
        if "panel" in self.panel.connected or time.monotonic() > self._booted_at + BOOT_WAIT_S:
            self._booted_at = None
            return False
        return True

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

    # -- the unit's process ----------------------------------------------------

    @property
    def unit_running(self):
        return self.proc is not None and self.proc.poll() is None

    def start_unit(self):
        if self.unit_running:
            return
        self.gps.discard_pending()         # a re-plugged receiver starts fresh
        self.unit_exit = None
        with open(self.path("unit.log"), "ab") as log:
            self.proc = subprocess.Popen(self.command + ["--config", self.config_path],
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         start_new_session=True)
        self._booted_at = time.monotonic()
        self.note("unit started (pid %d)" % self.proc.pid)

    def stop_unit(self, cut=False, timeout_s=10):
        """Switch the unit off: SIGTERM and wait (a clean stop), or SIGKILL (``cut``)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGKILL if cut else signal.SIGTERM)
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        self.note("unit %s (exit %s)" % ("power cut" if cut else "switched off", proc.returncode))

    def toggle_power(self):
        """The unit's supply off (a clean stop) or on again. :returns: True when on"""
        if self.unit_running:
            self.stop_unit()
            return False
        self.start_unit()
        return True

    def unit_log_tail(self, lines=5):
        try:
            with open(self.path("unit.log"), "rb") as f:
                text = f.read()[-4000:].decode("utf-8", "replace")
        except OSError:
            return []
        return [ln for ln in text.splitlines() if ln.strip()][-lines:]

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
        if self.proc is not None and self.proc.poll() is not None and self.unit_exit is None:
            self.unit_exit = self.proc.returncode
            self.note("the unit process exited on its own (status %s)" % self.unit_exit)
            for line in self.unit_log_tail(3):
                self.note("  unit: " + line[-100:])
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
