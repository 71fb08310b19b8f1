# Live driving's time: the simulation moves after a warped clock in windows, in lockstep with the unit.
# SPDX-License-Identifier: MIT
"""The pace and the simulation thread of a :class:`~simulator.live_session.LiveSession`.

**Time in lockstep.** A :class:`~simulator.clock.WarpClock` (1x, 10x, 60x,
600x; paused) sets the pace. A thread moves the simulation after it in
windows of at most :data:`WINDOW_MS`: it pumps the window's traffic to the
devices, publishes the window's end as the unit's time (the clock file the
unit's ``[clock] source = "sim"`` follows, *stepped*), and waits (up to
:data:`DRAIN_WAIT_S`) until the unit has read the bytes off both ttys.
So the unit stamps every frame and sentence within half a simulated second
of when it was sent, at any warp, as a real adapter would; a warp faster
than the unit can take only makes the simulation slower than asked
(:attr:`LockstepMixin.effective_warp` says how fast it goes; more than
:data:`MAX_BEHIND_S` real seconds behind, the pace is reset rather than
caught up). A unit that is starting is waited for (up to :data:`BOOT_WAIT_S`).

:class:`LockstepMixin` holds no state of its own: the session makes
``lock``, ``pace``, ``sim_ms``, ``start_utc_s``, ``start_utc_ms``,
``clock_file``, ``bridge``, ``panel``, ``_ttys``, ``_progress``,
``_no_wait_until``, ``_booted_at``, ``_stop`` and ``error``, and gives
``note(text)`` and ``unit_running``.
"""

import fcntl
import struct
import termios
import time

from simulator.clock import WarpClock

WARPS = (1, 10, 60, 600)
WINDOW_MS = 500             # the largest step of the unit's time (its GPS and CAN stamps)
MIN_WINDOW_MS = 20          # the smallest (a real unit polls every 20 ms)
DRAIN_WAIT_S = 0.2          # real time to wait for the unit to read a window's traffic
LOOK_S = 0.0003             # between two looks at the ttys' input queues
BOOT_WAIT_S = 15.0          # real time the simulation waits for a starting unit
MAX_BEHIND_S = 0.25         # real seconds of pace the simulation may owe before it is reset


def _pending(fd):
    """Bytes waiting to be read on a tty (its input queue)."""
    try:
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
    except OSError:
        return 0


class LockstepMixin:
    """The session's time: the pace, the warp keys and the simulation thread (:meth:`_run`)."""

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
