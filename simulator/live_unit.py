# Live driving's unit: its config on the emulated devices, and the unmodified unit as a process of its own.
# SPDX-License-Identifier: MIT
"""The unit under test of a :class:`~simulator.live_session.LiveSession`.

:meth:`UnitProcessMixin._write_config` writes ``unit.toml``: CAN ``slcan`` on
the SLCAN pty, GPS on the receiver's pty, the panel socket, the sim clock,
a journal under the simulator's fixed key :data:`simulator.runner.SIM_KEY`
in ``journal/`` (which ``drivetime office import`` accepts); ``unit.log``
gets the unit's output.

The unit is started exactly as installed: ``drivetime unit --config
unit.toml`` in a process of its own (its own session, so a terminal's ^C
does not reach it). Switching the unit off is SIGTERM (a clean stop,
journalled); a power cut is SIGKILL. A unit that exits on its own is noticed
by :meth:`UnitProcessMixin._notice_unit_exit` (the session's ``poll``) and
reported, with the end of its log, through ``note``.

:class:`UnitProcessMixin` uses the session's ``path(name)``, ``note(text)``,
``slcan``, ``gps``, ``panel``, ``clock_file`` and ``command``, and keeps
``proc``, ``unit_exit`` and ``_booted_at`` on it.
"""

import signal
import subprocess
import time

from simulator.unit_config import write_unit_config


class UnitProcessMixin:
    """The unit's config file and process: start, stop (clean or a power cut), its log."""

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

    def _notice_unit_exit(self):
        """A unit process that stopped on its own: its status in ``unit_exit``, noted once
        with the end of its log."""
        if self.proc is not None and self.proc.poll() is not None and self.unit_exit is None:
            self.unit_exit = self.proc.returncode
            self.note("the unit process exited on its own (status %s)" % self.unit_exit)
            for line in self.unit_log_tail(3):
                self.note("  unit: " + line[-100:])
