# The unit's side of sync on a pty or TCP (a networked unit, the simulator, tests) and a damaging relay.
# SPDX-License-Identifier: MIT
"""Serve a :class:`drivetime.syncproto.DeviceSession` and damage the link on purpose.

:func:`serve_stream` runs a session on a file descriptor (a pty master), with
an emulated line rate if asked; :func:`serve_tcp` gives each TCP connection
a session; :class:`Faults` drops, duplicates and flips bytes and cuts the
link, applied by :func:`relay_tcp` or ``faults=`` of :func:`serve_stream`.
"""

import os
import random
import select
import socket
import threading
import time


class Faults:
    """Seeded damage to a byte stream: drop, duplicate or flip a piece; cut the link.

    :param blackout: after ``cut_after`` bytes, drop everything for this many seconds
        (an unplugged cable); with ``close`` the relay closes the connection instead.
    """

    def __init__(self, seed=0, drop=0.0, dup=0.0, flip=0.0, cut_after=None, blackout=0.5, piece=64):
        self.rng = random.Random(seed)
        self.drop, self.dup, self.flip = drop, dup, flip
        self.cut_after, self.blackout, self.piece = cut_after, blackout, piece
        self.passed = 0
        self.cuts = 0
        self._dark_until = 0.0
        self.lock = threading.Lock()

    def apply(self, data):
        """:returns: the damaged bytes, or None when the link is to be cut now."""
        with self.lock:
            if time.monotonic() < self._dark_until:
                return b""
            out = bytearray()
            for i in range(0, len(data), self.piece):
                chunk = bytearray(data[i:i + self.piece])
                self.passed += len(chunk)
                if self.cut_after is not None and self.passed >= self.cut_after:
                    self.passed, self.cuts = 0, self.cuts + 1
                    self._dark_until = time.monotonic() + self.blackout
                    return None
                r = self.rng.random()
                if r < self.drop:
                    continue
                if r < self.drop + self.flip:
                    chunk[self.rng.randrange(len(chunk))] ^= 1 << self.rng.randrange(8)
                out.extend(chunk)
                if self.rng.random() < self.dup:
                    out.extend(chunk)
            return bytes(out)


def serve_stream(session, fd, stop, faults=None, line_rate=None):
    """Run ``session`` on a file descriptor (a pty master) until ``stop`` is set.

    :param line_rate: bytes per second to emulate (115200 baud 8N1 = 11520): the
        thread sleeps as long as the bytes would take on the wire.
    """
    while not stop.is_set():
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if line_rate:
            time.sleep(len(data) / line_rate)
        if faults is not None:
            data = faults.apply(data) or b""
        out = session.receive(data)
        if out and faults is not None:
            out = faults.apply(out) or b""
        if out:
            if line_rate:
                time.sleep(len(out) / line_rate)
            os.write(fd, out)


def serve_tcp(session_factory, host="127.0.0.1", port=0):
    """A unit on TCP: each connection gets ``session_factory()``; :returns: (server socket, stop event)."""
    server = socket.create_server((host, port))
    stop = threading.Event()

    def client(conn):
        session = session_factory()
        with conn:
            conn.settimeout(0.1)
            while not stop.is_set():
                try:
                    data = conn.recv(65536)
                except socket.timeout:
                    continue
                except OSError:
                    return
                if not data:
                    return
                out = session.receive(data)
                if out:
                    conn.sendall(out)

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except socket.timeout:
                continue
            threading.Thread(target=client, args=(conn,), daemon=True).start()
        server.close()

    threading.Thread(target=accept, daemon=True).start()
    return server, stop


def relay_tcp(upstream, faults, stop, host="127.0.0.1"):
    """A damaging relay in front of ``upstream`` (host, port); :returns: its listening port.

    A cut closes both sides of the connection; the client has to reconnect.
    """
    server = socket.create_server((host, 0))
    server.settimeout(0.1)

    def pump(a, b):
        try:
            while not stop.is_set():
                ready, _, _ = select.select([a], [], [], 0.1)
                if not ready:
                    continue
                data = a.recv(65536)
                if not data:
                    break
                data = faults.apply(data)
                if data is None:
                    break
                b.sendall(data)
        except OSError:
            pass
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except socket.timeout:
                continue
            up = socket.create_connection(upstream)
            threading.Thread(target=pump, args=(conn, up), daemon=True).start()
            threading.Thread(target=pump, args=(up, conn), daemon=True).start()
        server.close()

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]
