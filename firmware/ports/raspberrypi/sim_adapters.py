# Adapters for a unit driven by the simulator in another process: its warped clock from a shared file, its cab panel over a local socket.
# SPDX-License-Identifier: MIT
"""The unit under ``drivetime sim drive`` is the shipped one, run as its own
process (``drivetime unit --config FILE``) on the simulator's emulated SLCAN
adapter and GPS receiver. Two things of a cab are not serial devices, so the
port gets them here:

- **Time.** :class:`SimClock` (``[clock] source = "sim"``, ``file = PATH``)
  follows the simulator's time. The simulator publishes into a small
  memory-mapped file (:class:`ClockFile`) where its clock stands:
  ``mono_ms`` and ``utc_ms`` at the real monotonic instant ``real_ns``
  (``CLOCK_MONOTONIC``, one clock for every process of the machine), the
  ``warp`` and whether it is ``paused``. With a ``warp`` the reader
  extrapolates from there (real time times the warp, without a round
  trip); with warp 0 the time is *stepped*: it stands where the simulator
  put it until the next publication (``drivetime sim drive`` steps it in
  lockstep with what it delivers, so even at 600x every frame reaches the
  unit at its own half second). Paused, the loop naps instead of spinning.
  The time never goes back. A seqlock (an odd sequence number while
  writing) keeps a read whole. When the simulator stops publishing (it
  died), a warped clock runs on for at most ``stale_s`` real seconds and
  then stands still.
- **The cab panel.** :class:`SocketDisplay` and :class:`SocketPanel`
  (``[panel] socket = PATH``) connect to the live UI's Unix socket
  (:class:`simulator.panel_server.PanelServer`): screens, LEDs and the buzzer
  go out, the driver's button presses come back, one JSON object a line:

  ====================================================  ==================
  message                                               direction
  ====================================================  ==================
  ``{"hello": "display"|"panel", "pid": N}``            unit -> UI, first
  ``{"screen": {"name", "rows": [8], "inverted"}}``     unit -> UI
  ``{"led": "warning"|"driving"|"fault", "on": bool}``  unit -> UI
  ``{"buzzer": bool}``                                  unit -> UI
  ``{"press": BUTTON}`` (:data:`drivetime.unit.BUTTONS`)  UI -> unit
  ====================================================  ==================

  A press is stamped with the unit's clock when the loop reads it, as
  gpiozero's callback stamps a real button. A UI that has gone away (the
  socket closed, a send that does not get through in ``timeout_s``) is an
  :class:`~drivetime_pi.AdapterError`: the loop carries on without a panel
  and reconnects every ``reopen_s``.
"""

import json
import mmap
import os
import select
import socket
import struct
import time

from . import AdapterError
from . import render
from .display import DisplayABC
from .gpio_adapter import PanelABC

MAGIC = b"DTSC"
VERSION = 1
# magic, version, seq, mono_ms, utc_ms, real_ns, warp, paused
_LAYOUT = struct.Struct("<4sIQqqqdI4x")
SIZE = _LAYOUT.size
_SEQ_AT = 8                                 # the sequence number's offset
_SEQ = struct.Struct("<Q")


class ClockFile:
    """The shared clock file, either end.

    :param path: the file; ``create=True`` (the simulator) makes or truncates it
    :raises OSError: it cannot be opened (or is not a clock file: ValueError)
    """

    def __init__(self, path, create=False):
        self.path = path
        flags = os.O_RDWR | os.O_CREAT if create else os.O_RDONLY
        fd = os.open(path, flags, 0o644)
        try:
            if create:
                os.ftruncate(fd, SIZE)
            elif os.fstat(fd).st_size < SIZE:
                raise ValueError("%s: not a simulator clock file (too short)" % path)
            self.map = mmap.mmap(fd, SIZE, access=mmap.ACCESS_WRITE if create else mmap.ACCESS_READ)
        finally:
            os.close(fd)
        self._seq = 0
        self._good = None
        if create:
            self.publish(0, 0)
        elif self.map[:4] != MAGIC:
            raise ValueError("%s: not a simulator clock file" % path)

    def publish(self, mono_ms, utc_ms, warp=1.0, paused=False, real_ns=None):
        """Where the simulation clock stands now (the simulator's end)."""
        real_ns = time.monotonic_ns() if real_ns is None else real_ns
        self._seq += 1                          # odd: a write under way
        self.map[_SEQ_AT:_SEQ_AT + 8] = _SEQ.pack(self._seq)
        self.map[:SIZE] = _LAYOUT.pack(MAGIC, VERSION, self._seq, int(mono_ms), int(utc_ms),
                                       real_ns, float(warp), 1 if paused else 0)
        self._seq += 1
        self.map[_SEQ_AT:_SEQ_AT + 8] = _SEQ.pack(self._seq)

    def read(self):
        """``(mono_ms, utc_ms, real_ns, warp, paused)`` as last published, read whole.

        A writer caught between its two sequence numbers (another thread of
        its process may hold the interpreter a few ms) is waited for; one
        that never finishes (it died there) leaves the last good reading.
        """
        deadline = None
        while True:
            before = _SEQ.unpack_from(self.map, _SEQ_AT)[0]
            if not before % 2:
                got = _LAYOUT.unpack_from(self.map)
                if _SEQ.unpack_from(self.map, _SEQ_AT)[0] == before:
                    self._good = got[3], got[4], got[5], got[6], bool(got[7])
                    return self._good
            now = time.monotonic()
            deadline = deadline or now + 1.0
            if now > deadline:
                if self._good is None:
                    raise AdapterError("clock", "%s: the writer never finishes" % self.path)
                return self._good
            time.sleep(0.0001)

    def close(self):
        self.map.close()


class SimClock:
    """The unit's clock, following a :class:`ClockFile` (``mono_ms``, ``utc_s``, ``sleep``).

    :param path: the clock file the simulator publishes
    :param stale_s: real seconds the clock runs on after the last publication
    :param min_sleep_s: the shortest real sleep of a loop pass (at 600x a
        20 ms poll is 33 us; a stepped clock moves when the simulator says)
    :raises OSError, ValueError: no clock file there
    """

    def __init__(self, path, stale_s=5.0, min_sleep_s=0.0002, real_ns=time.monotonic_ns):
        self.file = ClockFile(path)
        self.stale_ns = int(stale_s * 1e9)
        self.min_sleep_s = min_sleep_s
        self.real_ns = real_ns
        self._last = None               # (mono_ms, utc_ms) handed out last: never back

    def _now(self):
        mono, utc, real, warp, paused = self.file.read()
        ahead = 0
        if warp and not paused:
            elapsed = min(max(0, self.real_ns() - real), self.stale_ns)
            ahead = int(elapsed * warp) // 1000000
        now = (mono + ahead, utc + ahead)
        if self._last is not None and now[0] < self._last[0]:
            now = self._last            # republished a hair behind our extrapolation
        self._last = now
        return now, warp, paused, real

    def mono_ms(self):
        return self._now()[0][0]

    def utc_s(self):
        return self._now()[0][1] // 1000

    def sleep(self, seconds):
        """Sleep ``seconds`` of simulation time: ``seconds / warp`` of real time
        (at least ``min_sleep_s``); stepped, ``min_sleep_s``; paused or stale, a
        short real nap."""
        _, warp, paused, real = self._now()
        if paused or (warp and self.real_ns() - real > self.stale_ns):
            time.sleep(min(seconds, 0.05))
        elif not warp:
            time.sleep(min(seconds, self.min_sleep_s))
        else:
            time.sleep(min(seconds, max(seconds / warp, self.min_sleep_s)))

    def close(self):
        self.file.close()


def encode(message):
    """One protocol line (bytes)."""
    return json.dumps(message, separators=(",", ":")).encode() + b"\n"


def decode_lines(buffer):
    """``(messages, rest)``: the whole lines of ``buffer`` decoded; bad lines skipped."""
    out = []
    while b"\n" in buffer:
        line, buffer = buffer.split(b"\n", 1)
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if isinstance(msg, dict):
            out.append(msg)
    return out, buffer


class _Link:
    """A connection to the UI's socket; failures are :class:`AdapterError` of ``source``."""

    def __init__(self, path, role, source, timeout_s):
        self.source, self.path = source, path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout_s)
        self._inbox = b""
        try:
            self.sock.connect(path)
        except OSError as exc:
            self.sock.close()
            raise AdapterError(source, "cannot connect to %s: %s" % (path, exc)) from exc
        self.send({"hello": role, "pid": os.getpid()})

    def send(self, message):
        if self.sock is None:
            raise AdapterError(self.source, "%s: closed" % self.path)
        try:
            self.sock.sendall(encode(message))
        except OSError as exc:          # BrokenPipe, ConnectionReset, socket.timeout
            raise AdapterError(self.source, "%s: %s" % (self.path, exc)) from exc

    def receive(self):
        """The messages waiting (never blocks). :raises AdapterError: the UI hung up"""
        if self.sock is None:
            raise AdapterError(self.source, "%s: closed" % self.path)
        while True:
            try:
                if not select.select([self.sock], [], [], 0)[0]:
                    break
                chunk = self.sock.recv(4096)
            except OSError as exc:
                raise AdapterError(self.source, "%s: %s" % (self.path, exc)) from exc
            if not chunk:
                raise AdapterError(self.source, "%s: the simulator closed the panel" % self.path)
            self._inbox += chunk
        got, self._inbox = decode_lines(self._inbox)
        return got

    def close(self):
        sock, self.sock = self.sock, None
        if sock is not None:
            sock.close()


class SocketDisplay(DisplayABC):
    """The dashboard sent to the simulator's UI. :param path: its Unix socket"""

    name = "socket"

    def __init__(self, path, timeout_s=1.0):
        self.link = _Link(path, "display", "display", timeout_s)

    def show(self, screen):
        render.check_screen(screen)             # ValueError for a bad screen, before any I/O
        self.link.receive()                     # the UI hung up: say so now, not a send later
        self.link.send({"screen": {"name": screen.name, "rows": list(screen.rows),
                                   "inverted": list(screen.inverted)}})

    def close(self):
        self.link.close()


class SocketPanel(PanelABC):
    """The driver's buttons from the simulator's UI; LEDs and buzzer back to it.

    :param clock: callable returning mono ms (stamps each press as it is read)
    :param path: the UI's Unix socket
    """

    name = "socket"

    def __init__(self, clock, path, timeout_s=1.0):
        PanelABC.__init__(self, clock)
        from drivetime.unit import BUTTONS
        self.buttons = BUTTONS
        self.link = _Link(path, "panel", "gpio", timeout_s)

    def presses(self):
        for msg in self.link.receive():
            if msg.get("press") in self.buttons:
                self._pressed(msg["press"])
        return PanelABC.presses(self)

    def _set_led(self, name, on):
        self.link.send({"led": name, "on": on})

    def _set_buzzer(self, on):
        self.link.send({"buzzer": on})

    def close(self):
        self.link.close()
