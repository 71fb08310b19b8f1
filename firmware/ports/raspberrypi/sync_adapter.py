# The Pi unit serves its journal to 'drivetime office sync' over TCP or USB gadget serial, polled from the loop.
# SPDX-License-Identifier: MIT
"""The unit's side of a download (issue 5) on the Pi, without threads.

:class:`SyncPort` is polled by :meth:`drivetime_pi.main.UnitLoop.step`: it
never blocks. A TCP listener (``[sync] listen``) takes one office at a time
(a second connection is closed at once: one reader of the journal, one
watermark writer); a USB gadget serial port (``[sync] serial``,
``/dev/ttyGS0``) is one more link. Each connection gets a fresh
:class:`drivetime.syncproto.DeviceSession`, so a new link must log in again.

:class:`drivetime.syncproto.ConfirmingSource` (shared with the MicroPython
port) seals the journal before the office is told what it holds, and the
office's ACK moves the confirmed watermark and then prunes, so a segment is
dropped only once every record in it is confirmed (``SegmentJournal.prune``).
A refused login is journalled as ``auth_fail`` by the session's ``log``.
"""

import logging
import os
import socket
import time

from drivetime.syncproto import ConfirmingSource, DeviceSession

log = logging.getLogger("drivetime.unit")

IDLE_S = 60         # a TCP link silent this long is dropped (a half-open link must not lock the office out)


def _report(text, error=False):
    (log.error if error else log.info)("%s", text)


def parse_listen(text):
    """``"HOST:PORT"`` -> (host, port); :raises ValueError: otherwise."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        raise ValueError("expected HOST:PORT, got %r" % text)
    return host or "0.0.0.0", int(port)


class _Link:
    """One connected byte stream and its session."""

    def __init__(self, recv, send, close, session):
        self.recv, self.send, self.close, self.session = recv, send, close, session
        self.heard = time.monotonic()


class SyncPort:
    """Serve ``journal`` to the office; call :meth:`poll` often, :meth:`close` at the end.

    :param journal: the :class:`drivetime.segments.SegmentJournal` the loop writes.
    :param unit_id: the unit's identity (str; the office key file's entry).
    :param company_key: the company key (bytes) the office proves it holds.
    :param log_record: ``log_record(kind, fields)``: the loop's journal sink.
    :param listen: (host, port) to listen on, or None.
    :param serial: a serial device path (USB gadget ``/dev/ttyGS0``), or None.
    :param on_config: ``on_config(settings dict) -> refused keys``: the office's
        CONFIG (``Unit.apply_config``); None refuses every CONFIG.
    """

    def __init__(self, journal, unit_id, company_key, log_record, listen=None, serial=None,
                 random_bytes=os.urandom, on_config=None):
        self.source = ConfirmingSource(journal, _report)
        self.unit_id = unit_id.encode() if isinstance(unit_id, str) else unit_id
        self.key, self.log_record, self.random_bytes = company_key, log_record, random_bytes
        self.on_config = on_config
        self.server = None
        self.tcp = None             # the TCP link being served
        self.serial = None
        self.serial_path = serial
        if listen is not None:
            self.server = socket.create_server(listen)
            self.server.setblocking(False)
        if serial is not None:
            self._open_serial()

    @property
    def address(self):
        """(host, port) the listener is bound to."""
        return self.server.getsockname()[:2]

    def _session(self):
        return DeviceSession(self.unit_id, self.key, self.source, self.random_bytes,
                             log=self.log_record, on_config=self._config)

    def _config(self, settings):
        if self.on_config is None:
            return sorted(settings)
        refused = self.on_config(settings) or []
        log.info("sync: office settings %s%s", ", ".join(sorted(settings)),
                 " (refused: %s)" % ", ".join(refused) if refused else "")
        return refused

    def _open_serial(self):
        try:
            import serial
            port = serial.serial_for_url(self.serial_path, baudrate=115200, timeout=0)
        except Exception as exc:        # pyserial absent, gadget not configured: try again later
            log.warning("sync: serial %s not open: %s", self.serial_path, exc)
            return
        self.serial = _Link(lambda: port.read(port.in_waiting or 1), port.write, port.close,
                            self._session())

    def poll(self):
        """Accept, read, answer: whatever is waiting, never blocking."""
        # the link first: an office that hung up and dials again finds the unit free
        if self.tcp is not None and not self._serve(self.tcp):
            self.tcp = None
        if self.server is not None:
            self._accept()
        if self.serial is not None and not self._serve(self.serial):
            self.serial = None

    def _accept(self):
        while True:
            try:
                conn, peer = self.server.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.error("sync: accept failed: %s", exc)
                return
            if self.tcp is not None:        # one office at a time
                log.warning("sync: %s refused, a download is in progress", peer[0])
                conn.close()
                continue
            conn.setblocking(False)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            log.info("sync: office connected from %s", peer[0])
            self.tcp = _Link(lambda: conn.recv(65536), conn.sendall, conn.close, self._session())

    def _serve(self, link):
        """One read and its answer; False once the link is gone (closed)."""
        try:
            data = link.recv()
        except (BlockingIOError, InterruptedError):
            if link is self.tcp and time.monotonic() - link.heard > IDLE_S:
                log.info("sync: office silent for %d s, link closed", IDLE_S)
                link.close()
                return False
            return True
        except OSError as exc:
            log.info("sync: link lost: %s", exc)
            link.close()
            return False
        link.heard = time.monotonic()
        if data:
            out = link.session.receive(data)
            if out:
                try:
                    link.send(out)      # a few KB at most: the socket buffer takes it
                    return True
                except OSError as exc:
                    log.info("sync: link lost: %s", exc)
            else:
                return True
        elif link is self.serial:
            return True                 # a quiet serial line is still there
        try:
            link.close()
        except OSError:
            pass
        return False

    def close(self):
        for link in (self.tcp, self.serial):
            if link is not None:
                try:
                    link.close()
                except OSError:
                    pass
        self.tcp = self.serial = None
        if self.server is not None:
            self.server.close()
            self.server = None
