# Rotating, append-only journal segments over a small storage adapter; recovery after a power cut.
# SPDX-License-Identifier: MIT
"""The journal on flash: segment files of records (drivetime.journal), appended only.

A storage adapter is any object with ``list() -> [names]``, ``read(name) ->
bytes``, ``append(name, data)``, ``remove(name)`` and ``size(name)``
(:class:`RamStorage` here for tests and the simulator; each port ships a
file-based one). Segment ``j0000000123`` starts with a START anchor and its
first data record is seq 123; names sort in chain order.

* A power cut during ``append`` leaves a prefix of the bytes written. At boot
  :meth:`SegmentJournal.recover` decodes the newest segment back to its last
  whole record, rebuilds the HMAC chain from it and, if a torn record follows,
  says how many bytes it dropped and starts a new segment (the torn bytes are
  never appended to, and never sent to the office). A segment that holds no
  whole record (its START was cut) is removed.
* Segments rotate at ``segment_bytes``; the old one is closed with a SEAL.
* :meth:`confirm` records the office's confirmed seq (its own small file of
  6-byte entries); :meth:`prune` drops the oldest segments only while the
  total exceeds ``budget_bytes`` and every record in them is confirmed.
  The default budget, 128 KiB, holds 365 days at up to 359 bytes a day
  (a typical day is under 160, see bench/journal_bench.py).
"""

import struct
from binascii import crc32

from drivetime import journal as J
from drivetime.journal_kinds import KINDS, read_uvarint

SEGMENT_BYTES = 4096
BUDGET_BYTES = 128 * 1024
_CONFIRMED = "confirmed"


class RamStorage:
    """Segment storage in RAM. ``cut_after``: bytes that may still be written
    before a simulated power cut (the append that crosses it keeps only a
    prefix, then :class:`PowerCut` is raised); None: never."""

    def __init__(self, cut_after=None):
        self.files = {}
        self.cut_after = cut_after
        self.torn = None

    def list(self):
        return sorted(self.files)

    def read(self, name):
        return bytes(self.files[name])

    def size(self, name):
        return len(self.files[name])

    def remove(self, name):
        del self.files[name]

    def append(self, name, data):
        f = self.files.setdefault(name, bytearray())
        if self.cut_after is not None and len(data) > self.cut_after:
            f.extend(data[:self.cut_after])
            self.torn = (name, self.cut_after)      # what the cut left of that write
            self.cut_after = 0
            raise PowerCut(name)
        if self.cut_after is not None:
            self.cut_after -= len(data)
        f.extend(data)


class PowerCut(Exception):
    """Raised by :class:`RamStorage` when the simulated power goes."""


def _walk(data):
    """The data records of one segment, by framing and CRC only (no key, no chain):
    ``([(offset, end, seq), ...], good_end)`` - a bad byte is skipped as the
    decoder skips it (docs/log-format.md "Records")."""
    out, seq, i, good, n = [], None, 0, 0, len(data)
    while n - i >= 5:
        size = data[i] & 7
        body = i + 1
        if size == 7:
            size = data[i + 1]
            body += 1
        else:
            size += 2
        end = body + size + 2
        if end > n:
            break                       # a torn tail
        kind = data[i] >> 3
        if data[end - 2] | data[end - 1] << 8 != crc32(data[i:end - 2]) & 0xFFFF \
                or not (kind in KINDS or kind == J.SEAL or (kind == J.START and size == 27)):
            i += 1
            continue
        if kind == J.START:
            seq = struct.unpack("<I", data[body + 3:body + 7])[0]
        elif kind == J.SEAL:
            try:
                seq = read_uvarint(data, body)[0]
            except IndexError:          # varints running past the body: not a seal
                i += 1
                continue
        elif seq is not None:
            seq += 1 + ((data[body] - seq - 1) & 0xFF)     # seq8 says how many are missing
            out.append((i, end, seq))
        i = good = end
    return out, good


def seg_name(first_seq):
    return "j%010d" % first_seq


class SegmentJournal:
    """The unit's journal: ``append()`` records, ``seal()``, ``confirm()``, ``prune()``.

    :param storage: the storage adapter.
    :param key: the unit's secret (bytes).
    :param segment_bytes: size at which a segment is closed.
    :param budget_bytes: the total size kept once the office confirmed data.

    Call :meth:`recover` once at boot before appending; it returns the list
    of what it found and dropped (text, for the fault log).
    """

    def __init__(self, storage, key, segment_bytes=SEGMENT_BYTES, budget_bytes=BUDGET_BYTES):
        self.storage, self.key = storage, key
        self.segment_bytes, self.budget_bytes = segment_bytes, budget_bytes
        self.writer = J.Writer(key)
        self.current = None         # name of the segment being appended to
        self.confirmed = 0

    def segments(self):
        return [n for n in self.storage.list() if n.startswith("j")]

    def recover(self):
        """Rebuild the chain state from the newest whole record; return the report lines."""
        report = []
        self.confirmed = self._read_confirmed()
        names = self.segments()
        while names:
            name = names.pop()
            data = self.storage.read(name)
            dec = J.Decoder(self.key)
            dec.feed(data)
            for off, what in dec.problems:
                if not what.startswith("chain resumed"):    # every later segment does
                    report.append("%s@%d: %s" % (name, off, what))
            if dec.seq is None:
                report.append("%s: no whole record (%d bytes), removed" % (name, len(data)))
                self.storage.remove(name)
                continue
            self.writer = J.Writer(self.key, dec.seq, dec.minute, dec.mac)
            self.writer.unsealed = len(dec.pending)
            if dec.good_end < len(data):
                report.append("%s: dropped %d bytes of a record cut at offset %d (after seq %d)"
                              % (name, len(data) - dec.good_end, dec.good_end, dec.seq))
                self.current = None     # never append after torn bytes
            else:
                self.current = name
            break
        report.append("journal: last seq %d, %d unsealed" % (self.writer.seq, self.writer.unsealed))
        return report

    def append(self, kind, minute, fields):
        """Write one record (sealing every :data:`drivetime.journal.SEAL_EVERY`); return its seq."""
        w = self.writer
        before = (w.seq, w.minute, w.mac)
        raw = w.record(kind, minute, fields)
        self._write(raw, before)
        if w.unsealed >= J.SEAL_EVERY:
            self.seal()
        return w.seq

    def log(self, entry):
        """Write a unit ``Log(kind, fields)``."""
        return self.append(entry.kind, entry.fields["minute"], entry.fields)

    def seal(self):
        """Seal the records written so far (end of day, before a sync)."""
        if self.current is not None and self.writer.unsealed:
            self.storage.append(self.current, self.writer.seal())

    def _write(self, raw, before):
        # Room for the record and the closing SEAL (2 + 24 + 2 bytes).
        if self.current is None or self.storage.size(self.current) + len(raw) + 28 > self.segment_bytes:
            prev = J.Writer(self.key, *before)          # the chain state before this record
            if self.current is not None:
                self.storage.append(self.current, prev.seal())
            self.writer.unsealed = 1
            self.current = seg_name(before[0] + 1)
            if self.current in self.storage.list():     # a torn copy from before a power cut
                self.storage.remove(self.current)
            self.storage.append(self.current, prev.start())
        self.storage.append(self.current, raw)

    def read(self, seq, max_bytes=None):
        """Whole records from ``seq`` on, at most about ``max_bytes`` (None: all of them).

        :returns: ``(first seq, count, bytes)`` - records ``first .. first +
            count - 1`` (``first`` is the oldest held seq >= ``seq``), each
            segment's part opened by a START anchor (made here when the part
            begins mid-segment) so that it verifies on its own; a SEAL stays
            with the records before it; torn bytes are left out. At least one
            record when any is held; ``(None, 0, b"")`` when none.

        A call costs what it returns, not what the journal holds: segments
        wholly before ``seq`` are skipped by their names, reading stops at
        ``max_bytes``, and only the first part's head is run through the
        HMAC chain (to make its START).
        """
        names = self.segments()
        out, size, first, count = [], 0, None, 0
        for i, name in enumerate(names):
            if i + 1 < len(names) and int(names[i + 1][1:]) <= seq:
                continue                # every record in it is older: not even read
            data = self.storage.read(name)
            recs, good_end = _walk(data)
            k = 0
            while k < len(recs) and recs[k][2] < seq:
                k += 1
            if k == len(recs):
                continue
            begin = recs[k][0]
            head = data[:begin] if k == 0 else self._start_before(data, begin)
            if count and max_bytes is not None and size + len(head) + recs[k][1] - begin > max_bytes:
                break
            size += len(head)
            end = begin
            for j in range(k, len(recs)):
                stop = recs[j + 1][0] if j + 1 < len(recs) else good_end    # with its SEAL, if any
                if count and max_bytes is not None and size + stop - end > max_bytes:
                    break
                if first is None:
                    first = recs[j][2]
                size += stop - end
                end = stop
                count += 1
            out.append(head)
            out.append(data[begin:end])
            if max_bytes is not None and end < good_end:
                break
        return first, count, b"".join(out)

    def _start_before(self, data, offset):
        """A START for the chain state just before ``data[offset]`` (HMAC over the head of the segment)."""
        dec = J.Decoder(self.key)
        for i in range(0, offset, 256):     # in pieces: the decoded records are dropped as it goes
            dec.feed(data[i:min(offset, i + 256)])
        return J.Writer(self.key, dec.seq, dec.minute, dec.mac).start()

    def read_from(self, seq):
        """The bytes of every whole record with seq >= ``seq`` (see :meth:`read`)."""
        return self.read(seq)[2]

    def confirm(self, seq):
        """Record that the office holds every record up to ``seq``."""
        if seq <= self.confirmed:
            return
        if _CONFIRMED in self.storage.list() and self.storage.size(_CONFIRMED) >= 600:
            self.storage.remove(_CONFIRMED)     # a cut here only loses the watermark: nothing is pruned
        body = struct.pack("<I", seq)
        self.storage.append(_CONFIRMED, body + struct.pack("<H", crc32(body) & 0xFFFF))
        self.confirmed = seq

    def _read_confirmed(self):
        if _CONFIRMED not in self.storage.list():
            return 0
        data = self.storage.read(_CONFIRMED)
        for end in range(len(data) - len(data) % 6, 0, -6):
            body = data[end - 6:end - 2]
            if struct.unpack("<H", data[end - 2:end])[0] == crc32(body) & 0xFFFF:
                return struct.unpack("<I", body)[0]
        return 0

    def total_bytes(self):
        return sum(self.storage.size(n) for n in self.segments())

    def prune(self):
        """Drop the oldest confirmed segments while over budget; return the names dropped."""
        names = self.segments()
        dropped = []
        total = self.total_bytes()
        while total > self.budget_bytes and len(names) > 1 and int(names[1][1:]) - 1 <= self.confirmed:
            total -= self.storage.size(names[0])
            self.storage.remove(names[0])
            dropped.append(names.pop(0))
        return dropped
