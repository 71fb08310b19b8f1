# The unit's side of 'drivetime office sync' over a UART or the USB serial console, polled from the loop.
# SPDX-License-Identifier: MIT
"""Serves the flash journal to the office (issue 5) without blocking the loop.

:class:`SyncLink` is polled each pass of :meth:`app.App.step`: it takes
what the link's receive buffer holds (at most ``max_read`` bytes), feeds
the core's :class:`drivetime.syncproto.DeviceSession` and writes the
replies out at most ``max_write`` bytes a pass (the rest waits for the
next pass), so a RECORDS answer of a few KB never holds the loop for the
time the line needs to carry it.

A serial line has no connect or hang-up: one session lives until the line
is silent for ``idle_ms``; the next bytes then get a fresh session, so an
office that went away must log in again (a cable left plugged in does not
stay authenticated).

The source is the core's ``drivetime.syncproto.ConfirmingSource`` (sealed before the office is
told what the unit holds; the office's ACK moves the confirmed watermark and
prunes wholly confirmed segments). A refused login reaches the journal as
``auth_fail`` through ``log``; the office's CONFIG goes to ``on_config``.

Links: a ``machine.UART`` (a USB-serial cable on spare pins) has ``any``,
``readinto`` and ``write`` already; :class:`StdioStream` gives the same
methods to the board's USB serial console (``sys.stdin``/``sys.stdout``).
On the console the REPL's Ctrl-C (byte 0x03, which any frame may carry)
must be off while the unit runs: ``micropython.kbd_intr(-1)``, done by
``main.py`` (docs/install-micropython.md: how to get the REPL back).
"""

import os

from drivetime.syncproto import ConfirmingSource, DeviceSession


class StdioStream:
    """The USB serial console as a link: ``any``/``readinto`` on ``sys.stdin``
    (polled, one byte per read: stdin has no count of bytes waiting) and
    ``write`` on ``sys.stdout``. ``rx``/``tx``: other binary streams."""

    def __init__(self, rx=None, tx=None):
        import select
        import sys
        self.rx = rx or getattr(sys.stdin, "buffer", sys.stdin)
        self.tx = tx or getattr(sys.stdout, "buffer", sys.stdout)
        self._poll = select.poll()
        self._poll.register(self.rx, select.POLLIN)
        self._in = select.POLLIN

    def any(self):
        for _, ev in self._poll.poll(0):
            if ev & self._in:
                return 1
        return 0

    def readinto(self, buf, nbytes=None):
        return self.rx.readinto(memoryview(buf)[:1])

    def write(self, data):
        n = self.tx.write(data)
        if hasattr(self.tx, "flush"):
            self.tx.flush()
        return n


class SyncLink:
    """Serve ``journal`` on ``stream``; call :meth:`poll` each pass of the loop.

    :param stream: ``any()``, ``readinto(buf)``, ``write(data)`` (a UART)
    :param journal: the :class:`drivetime.segments.SegmentJournal` the loop writes
    :param unit_id: the unit's identity (bytes or str; its entry in the office key file)
    :param company_key: the company key (bytes)
    :param log: ``log(mono_ms, kind, fields)`` into the journal (``JournalSink.record``)
    :param apply_config: ``apply_config(settings) -> refused keys`` (``Unit.apply_config``), or None
    :param say: where the source reports (a segment pruned, an I/O error); ``print``
    """

    def __init__(self, stream, journal, unit_id, company_key, log=None, apply_config=None,
                 random_bytes=None, idle_ms=60000, max_read=512, max_write=256, say=print):
        self.stream, self.key = stream, company_key
        self.unit_id = unit_id.encode() if isinstance(unit_id, str) else bytes(unit_id)
        self.source = ConfirmingSource(journal, lambda text, error: say(text))
        self._log, self._apply = log, apply_config
        self.random_bytes = random_bytes or os.urandom
        self.idle_ms, self.max_read, self.max_write = idle_ms, max_read, max_write
        self.session = None
        self.heard = None           # mono ms of the last byte from the office
        self.sessions = 0
        self.refused = []           # keys of the last CONFIG the unit refused
        self._buf = bytearray(64)
        self._out = b""
        self._mono = 0

    def _new_session(self):
        self.sessions += 1
        return DeviceSession(self.unit_id, self.key, self.source, self.random_bytes,
                                log=self._journal,
                                on_config=None if self._apply is None else self._config)

    def _journal(self, kind, fields):
        if self._log is not None:
            self._log(self._mono, kind, fields)

    def _config(self, settings):
        # the session decoded the office's JSON object; the keys the unit refused go back to it
        self.refused = list(self._apply(settings) or [])
        return self.refused

    def poll(self, mono_ms):
        """Read what waits, answer it, send a piece of the answers; returns bytes read."""
        self._mono = mono_ms
        self._send()
        taken = 0
        mv = memoryview(self._buf)
        stream = self.stream
        while taken < self.max_read:
            waiting = stream.any()
            if not waiting:
                break
            n = stream.readinto(mv[:min(waiting, len(self._buf), self.max_read - taken)])
            if not n:
                break
            taken += n
            if self.session is None or mono_ms - self.heard > self.idle_ms:
                self.session = self._new_session()
            self.heard = mono_ms
            reply = self.session.receive(bytes(mv[:n]))
            if reply:
                self._out += reply
        if taken:
            self._send()
        return taken

    def _send(self):
        if not self._out:
            return
        piece = self._out[:self.max_write]
        n = self.stream.write(piece)
        self._out = self._out[len(piece) if n is None else n:]

    @property
    def sending(self):
        """Bytes of answers still to go out."""
        return len(self._out)
