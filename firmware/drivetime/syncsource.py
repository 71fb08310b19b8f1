# What a sync session reads from: the journal in RAM (tests) or on flash, sealed and pruned for the office.
# SPDX-License-Identifier: MIT
"""Sources of :class:`drivetime.syncproto.DeviceSession` (re-exported there).

A source offers ``bounds()``, ``read(from_seq, max_bytes)``, ``confirm(seq)``
and ``confirmed``. :class:`MemorySource` is the fake in RAM;
:class:`JournalSource` serves a :class:`drivetime.segments.SegmentJournal`;
:class:`ConfirmingSource` is what a port serves (both ports share it): the
journal is sealed before the office is told what it holds (the office
stores only records a seal covers) and the office's confirmation moves the
watermark and then prunes, so a segment goes only once every record in it
is confirmed (``SegmentJournal.prune``).
"""


class MemorySource:
    """Journal records in RAM with a confirmed watermark: the fake beside the real journal.

    Any source used by :class:`DeviceSession` offers the same methods.
    """

    def __init__(self, records=(), confirmed=0):
        self.records = dict(records)            # seq -> raw record bytes
        self.confirmed = confirmed

    def bounds(self):
        """:returns: (first seq, last seq), (1, 0) when empty."""
        if not self.records:
            return 1, 0
        return min(self.records), max(self.records)

    def read(self, from_seq, max_bytes):
        """Consecutive records from the first held seq >= ``from_seq``, within ``max_bytes``.

        :returns: (first seq, count, the records' bytes end to end); at least one
            record when any is held. A journal source puts the codec's anchors
            and seals among them as the codec needs.
        """
        first, last = self.bounds()
        seq = max(from_seq, first)
        while seq <= last and seq not in self.records:
            seq += 1
        start, raws, size = seq, [], 0
        while seq in self.records:
            raw = self.records[seq]
            if raws and size + len(raw) > max_bytes:
                break
            raws.append(raw)
            size += len(raw)
            seq += 1
        return start, len(raws), b"".join(raws)

    def confirm(self, seq):
        if seq > self.confirmed:
            self.confirmed = seq



class JournalSource:
    """A :class:`drivetime.segments.SegmentJournal` as the source of a :class:`DeviceSession`.

    Reads go through ``SegmentJournal.read``, which opens each segment's part
    with a START anchor, so every answer verifies on its own; a cut falls just
    before a data record, so a SEAL stays with the records it seals. A GET
    costs what it returns: older segments are skipped by name, reading stops
    at ``max_bytes``.
    """

    def __init__(self, journal):
        self.journal = journal

    @property
    def confirmed(self):
        return self.journal.confirmed

    def confirm(self, seq):
        self.journal.confirm(seq)

    def bounds(self):
        names = self.journal.segments()
        last = self.journal.writer.seq
        if not names or last < int(names[0][1:]):
            return 1, 0
        return int(names[0][1:]), last

    def read(self, from_seq, max_bytes):
        first, count, blob = self.journal.read(from_seq, max_bytes)
        if not count:
            return self.journal.writer.seq + 1, 0, b""
        return first, count, blob


class ConfirmingSource(JournalSource):
    """The segment journal as a port serves it: sealed when asked, pruned on confirmation.

    :param report: ``report(text, error)`` for the port's log (a segment
        dropped, an I/O error); None: quiet. A storage error never breaks the
        session: the office is told the records held, and the unit keeps
        everything it could not prune.
    """

    def __init__(self, journal, report=None):
        JournalSource.__init__(self, journal)
        self.report = report

    def _say(self, text, error=False):
        if self.report is not None:
            self.report(text, error)

    def bounds(self):
        try:
            self.journal.seal()         # the office refuses records no seal covers
        except OSError as exc:
            self._say("sync: journal not sealed: %s" % exc, True)
        return JournalSource.bounds(self)

    def confirm(self, seq):
        JournalSource.confirm(self, seq)
        try:
            for name in self.journal.prune():
                self._say("sync: segment %s confirmed by the office, dropped" % name)
        except OSError as exc:
            self._say("sync: prune failed: %s" % exc, True)
