# The unit's journal on the board's flash: the core's SegmentJournal over storage.FileStorage, fed by the loop.
# SPDX-License-Identifier: MIT
"""Journal wiring of the MicroPython port (issue 5).

- :func:`read_key`: a key file provisioned at installation (the unit key
  for the journal's HMAC chain, the company key for sync): hex text, at
  least 16 bytes (docs/install-micropython.md, "Keys").
- :func:`open_journal`: the :class:`drivetime.segments.SegmentJournal` in
  a directory of the board's filesystem, recovered at boot; recovery's
  report comes back so the loop can print it and journal what was dropped.
- :class:`JournalSink`: what :class:`app.App` writes ``Log`` records to.

Why a record may wait (:attr:`JournalSink.pending`): every journal record
needs a UTC minute, and right after boot the unit may have none yet (the
RTC never set, no GPS fix): the unit's ``power`` record then has
``minute = None``. Such records wait (at most :data:`PENDING_MAX`) and are
written at the first minute known, from the board's RTC or the next
record; the order is kept. At power-down they are written at the
journal's last minute rather than lost.

Port faults, through ``fault(name, on, mono_ms)`` (``Unit.port_fault``),
shown to the driver on the faults screen: ``journal_full`` while the data
the office has not confirmed fills most of the budget (the journal's own
watch, ``SegmentJournal.full``: time to download, before the oldest
unconfirmed segment is overwritten at the hard cap and a ``lost`` record
says so); ``journal_write`` when a write fails (a filesystem error, the
flash full). Before the next record the journal re-reads its files
(``recover``), so the chain goes on from what is really stored; the first
record written again clears the fault. Nothing here stops the loop.
"""

import binascii

from drivetime.journal import Writer
from drivetime.segments import BUDGET_BYTES, SEGMENT_BYTES, SegmentJournal

PENDING_MAX = 32


def read_key(path, what="unit"):
    """The key in the hex text file ``path`` (bytes).

    :raises ValueError: the file cannot be read or holds no key of 16+ bytes
    """
    try:
        with open(path) as f:
            text = f.read().strip()
    except OSError as exc:
        raise ValueError("%s key file %s: cannot read (%s)" % (what, path, exc))
    try:
        key = binascii.unhexlify(text)
    except (ValueError, TypeError):
        key = b""
    if len(key) < 16:
        raise ValueError("%s key file %s: expected the key as hex (32 bytes: 64 digits)"
                         % (what, path))
    return key


def open_journal(directory, key, segment_bytes=SEGMENT_BYTES, budget_bytes=BUDGET_BYTES,
                 cap_bytes=None):
    """The journal in ``directory``, recovered (``cap_bytes`` None: the core's default).

    :returns: ``(journal, report)``; ``report`` is recovery's list of text
        lines, the last one its summary ("journal: last seq ...").
    """
    from storage import FileStorage
    journal = SegmentJournal(FileStorage(directory), key, segment_bytes, budget_bytes, cap_bytes)
    return journal, journal.recover()


def dropped(report):
    """The lines of a recovery report that say something was lost or damaged."""
    return [line for line in report if not line.startswith("journal: last seq")]


class JournalSink:
    """The loop's ``Log`` records into a :class:`SegmentJournal`.

    :param journal: the journal (recovered)
    :param rtc: a :class:`clock.RtcClock` for records without a minute, or None
    :param fault: ``fault(name, on, mono_ms)`` (``Unit.port_fault``), or None
    :param say: where messages go (``print``; the board's USB console)
    """

    def __init__(self, journal, rtc=None, fault=None, say=print):
        self.journal, self.rtc, self.fault, self.say = journal, rtc, fault, say
        self.pending = []           # (kind, fields) waiting for a minute
        self.written = 0
        self.lost = 0               # records dropped: no minute and no room to wait
        self.failing = None         # the port fault raised, or None
        self._recover = False
        self._mono = 0
        if fault is not None:
            journal.watch_full(lambda full: fault("journal_full", full, self._mono))

    def write(self, mono_ms, log):
        self.record(mono_ms, log.kind, log.fields)

    def record(self, mono_ms, kind, fields):
        """Journal one record (``fields["minute"]`` or the RTC's minute)."""
        self._mono = mono_ms
        minute = fields.get("minute")
        if minute is None and self.rtc is not None:
            reading = self.rtc.read()
            if reading is not None:
                minute = reading[0]
        if minute is None:
            if len(self.pending) < PENDING_MAX:
                self.pending.append((kind, fields))
            else:
                self.lost += 1
                self.say("journal: %s not written: no time known" % kind)
            return
        self._drain(minute)
        self._append(kind, minute, fields)

    def _drain(self, minute):
        waiting, self.pending = self.pending, []
        for kind, fields in waiting:
            self._append(kind, minute, fields)

    def _append(self, kind, minute, fields):
        j = self.journal
        try:
            if self._recover:
                # From what is stored only: recover() keeps the writer's
                # in-memory chain when no segment is left (a first write that
                # failed), which would name a segment that was never made.
                j.writer, j.current = Writer(j.key), None
                for line in j.recover():
                    self.say("journal: " + line)
                self._recover = False
            j.append(kind, minute, fields)
        except ValueError as exc:       # the codec refuses it: skip, keep going
            self.say("journal: %s not written: %s" % (kind, exc))
            return
        except OSError as exc:
            self._recover = True
            self.say("journal: %s not written: %s" % (kind, exc))
            self._set_fault("journal_write")
            return
        self.written += 1
        if self.failing is not None:
            self._set_fault(None)

    def _set_fault(self, name):
        old, self.failing = self.failing, name
        if self.fault is None or old == name:
            return
        if old is not None:
            self.fault(old, False, self._mono)
        if name is not None:
            self.fault(name, True, self._mono)

    def update(self, mono_ms):
        """Called each pass: records waiting for a minute go once the RTC has one."""
        if self.pending and self.rtc is not None:
            reading = self.rtc.read()
            if reading is not None:
                self._mono = mono_ms
                self._drain(reading[0])

    def flush(self):
        """Power-down: write what waits and seal what was written."""
        if self.pending:
            if self.journal.writer.seq:
                self._drain(self.journal.writer.minute)
            else:
                self.lost += len(self.pending)
                self.pending = []
        try:
            self.journal.seal()
        except OSError as exc:
            self.say("journal: not sealed: %s" % exc)
