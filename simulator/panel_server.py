# The simulator's end of the unit's cab panel: a Unix socket the unit's display and buttons connect to.
# SPDX-License-Identifier: MIT
"""The live UI hosts the cab panel of a unit running in another process
(``[panel] socket = PATH``; the unit's end is
:mod:`drivetime_pi.sim_adapters`, which also defines the line protocol).

:meth:`PanelServer.poll` (never blocks; the UI calls it from its timer)
accepts connections and reads what the unit sent: the screen it shows now,
its LEDs and buzzer. :meth:`PanelServer.press` sends a button press to the
unit's panel connection. :attr:`PanelServer.connected` says which ends are
connected: the unit gone (its process died, or it dropped the socket) shows
there, so the UI can say so instead of waiting.
"""

import os
import socket
from collections import namedtuple

from drivetime_pi.sim_adapters import decode_lines, encode

Screen = namedtuple("Screen", ("name", "rows", "inverted"))     # as drivetime.dashboard.Screen


class _Conn:
    def __init__(self, sock):
        self.sock, self.role, self.pid, self.inbox = sock, None, None, b""


class PanelServer:
    """Listens on the Unix socket ``path`` (replaced if it exists)."""

    def __init__(self, path):
        self.path = path
        if os.path.exists(path):
            os.unlink(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        self.sock.listen(4)
        self.sock.setblocking(False)
        self.conns = []
        self.screen = None              # the last Screen the unit sent
        self.screens = 0                # how many it sent
        self.leds = {"warning": False, "driving": False, "fault": False}
        self.buzzer = False
        self.presses_sent = 0

    @property
    def connected(self):
        """The roles connected now: a subset of ``{"display", "panel"}``."""
        return set(c.role for c in self.conns if c.role)

    def poll(self):
        """Accept and read (never blocks). :returns: the messages received"""
        while True:
            try:
                sock, _ = self.sock.accept()
            except (BlockingIOError, OSError):
                break
            sock.setblocking(False)
            self.conns.append(_Conn(sock))
        got = []
        for c in list(self.conns):
            if not self._read(c):
                self._drop(c)
                continue
            msgs, c.inbox = decode_lines(c.inbox)
            for m in msgs:
                self._take(c, m)
            got += msgs
        return got

    def _read(self, c):
        while True:
            try:
                chunk = c.sock.recv(65536)
            except BlockingIOError:
                return True
            except OSError:
                return False
            if not chunk:
                return False
            c.inbox += chunk

    def _take(self, c, m):
        if "hello" in m:
            c.role, c.pid = m["hello"], m.get("pid")
        elif "screen" in m:
            s = m["screen"]
            self.screen = Screen(s.get("name"), tuple(s.get("rows", ())),
                                 tuple(s.get("inverted", ())))
            self.screens += 1
        elif "led" in m:
            self.leds[m["led"]] = bool(m.get("on"))
        elif "buzzer" in m:
            self.buzzer = bool(m["buzzer"])

    def press(self, button):
        """Press ``button`` on the unit's panel. :returns: False when no panel is connected"""
        sent = False
        for c in [c for c in self.conns if c.role == "panel"]:
            try:
                c.sock.sendall(encode({"press": button}))
                sent = True
            except OSError:
                self._drop(c)
        self.presses_sent += sent
        return sent

    def _drop(self, c):
        if c in self.conns:
            self.conns.remove(c)
        try:
            c.sock.close()
        except OSError:
            pass

    def close(self):
        """Close every connection and the socket, and remove its path; safe twice."""
        for c in list(self.conns):
            self._drop(c)
        if self.sock is not None:
            self.sock.close()
            self.sock = None
            try:
                os.unlink(self.path)
            except OSError:
                pass
