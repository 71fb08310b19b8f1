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
* Unconfirmed data over :data:`FULL_SHARE` % of the budget set :attr:`full`
  (the port's ``journal_full`` fault: download soon). At ``cap_bytes``
  (twice the budget by default) the oldest segment goes even unconfirmed,
  as a tachograph VU overwrites its oldest data, after a ``lost`` record
  (first, last) that names what the office never got.
  The default budget, 128 KiB, holds 365 days at up to 359 bytes a day
  (a typical day is under 160, see bench/journal_bench.py).
"""

import struct
from binascii import crc32

from drivetime import journal as J

SEGMENT_BYTES = 4096
BUDGET_BYTES = 128 * 1024
FULL_SHARE = 90         # per cent of the budget in unconfirmed data: the journal_full fault
# Bytes kept free under the cap beyond the record: a rotation (SEAL 28 + START 31),
# an automatic SEAL (<= 30) and a ``lost`` record (<= 20).
_ROOM = 120
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

    def read(self, name, offset=0, size=None):
        f = self.files[name]
        return bytes(f[offset:] if size is None else f[offset:offset + size])

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


def seg_name(first_seq):
    return "j%010d" % first_seq


class SegmentJournal:
    """The unit's journal: ``append()`` records, ``seal()``, ``confirm()``, ``prune()``.

    :param storage: the storage adapter.
    :param key: the unit's secret (bytes).
    :param segment_bytes: size at which a segment is closed.
    :param budget_bytes: the total size kept once the office confirmed data.
    :param cap_bytes: the hard cap (default twice the budget): at the cap the
        oldest segment goes even unconfirmed, and a ``lost`` record says so.

    Call :meth:`recover` once at boot before appending; it returns the list
    of what it found and dropped (text, for the fault log).

    :ivar full: unconfirmed data fill :data:`FULL_SHARE` of the budget (the
        port's ``journal_full`` fault); ``on_full(full)`` is called on change.
    :ivar lost: ``(first, last)`` of the last ``lost`` record written, or None.
    """

    def __init__(self, storage, key, segment_bytes=SEGMENT_BYTES, budget_bytes=BUDGET_BYTES,
                 cap_bytes=None):
        self.storage, self.key = storage, key
        self.segment_bytes, self.budget_bytes = segment_bytes, budget_bytes
        self.cap_bytes = 2 * budget_bytes if cap_bytes is None else cap_bytes
        if self.cap_bytes < budget_bytes or self.cap_bytes < 3 * segment_bytes:
            raise ValueError("journal cap %d below the budget or three segments" % self.cap_bytes)
        self.writer = J.Writer(key)
        self.current = None         # name of the segment being appended to
        self.confirmed = 0
        self._sizes = None          # segment name -> bytes, kept as it writes (None: ask storage)
        self.full = False
        self.on_full = None
        self.lost = None

    def watch_full(self, on_full):
        """Call ``on_full(full)`` whenever :attr:`full` changes, and now if it is set."""
        self.on_full = on_full
        self._check_full()
        if self.full:
            on_full(True)

    def segments(self):
        return [n for n in self.storage.list() if n.startswith("j")]

    def recover(self):
        """Rebuild the chain state from the newest whole record; return the report lines."""
        report = []
        self._sizes = None
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
        self._check_full()
        return report

    def append(self, kind, minute, fields):
        """Write one record (sealing every :data:`drivetime.journal.SEAL_EVERY`); return its seq.

        At the hard cap the oldest segment is dropped first, confirmed or not,
        and a ``lost`` record written before this one (see :meth:`_overwrite`).
        """
        w = self.writer
        before = (w.seq, w.minute, w.mac, w.unsealed)
        raw = w.record(kind, minute, fields)
        if self.used() + len(raw) + _ROOM > self.cap_bytes and len(self._size_map()) > 1:
            w.seq, w.minute, w.mac, w.unsealed = before       # not written: undo, make room, redo
            self._overwrite(minute, len(raw) + _ROOM)
            before = (w.seq, w.minute, w.mac, w.unsealed)
            raw = w.record(kind, minute, fields)
        self._write(raw, before[:3])
        if w.unsealed >= J.SEAL_EVERY:
            self.seal()
        self._check_full()
        return w.seq

    def _overwrite(self, minute, need):
        """Drop the oldest segments until ``need`` bytes fit under the cap (a tachograph VU
        overwrites its oldest data the same way). What the office never confirmed is
        journalled as ``lost`` *before* the files go (a power cut between leaves the
        records and a claim they are lost, never a silent gap); its first is the first
        seq not confirmed, so the newest ``lost`` record alone explains the whole gap
        the office will see."""
        sizes, drop, freed, gone = self._size_map(), [], 0, None
        names = sorted(sizes)
        used = self.used()
        while len(names) - len(drop) > 1 and used - freed + need > self.cap_bytes:
            drop.append(names[len(drop)])
            freed += sizes[drop[-1]]
            last = int(names[len(drop)][1:]) - 1
            if last > self.confirmed:
                gone = last
        if gone is not None:
            w = self.writer
            before = (w.seq, w.minute, w.mac)
            self._write(w.record("lost", minute, {"first": self.confirmed + 1, "last": gone}), before)
            self.lost = (self.confirmed + 1, gone)
        for name in drop:
            self._remove(name)

    def log(self, entry):
        """Write a unit ``Log(kind, fields)``."""
        return self.append(entry.kind, entry.fields["minute"], entry.fields)

    def seal(self):
        """Seal the records written so far (end of day, before a sync)."""
        if self.current is not None and self.writer.unsealed:
            self._put(self.current, self.writer.seal())

    def _write(self, raw, before):
        # Room for the record and the closing SEAL (2 + 24 + 2 bytes).
        if self.current is None or self._size_map().get(self.current, 0) + len(raw) + 28 > self.segment_bytes:
            prev = J.Writer(self.key, *before)          # the chain state before this record
            if self.current is not None:
                self._put(self.current, prev.seal())
            self.writer.unsealed = 1
            self.current = seg_name(before[0] + 1)
            if self.current in self.storage.list():     # a torn copy from before a power cut
                self._remove(self.current)
            self._put(self.current, prev.start())
        self._put(self.current, raw)

    def _size_map(self):
        if self._sizes is None:
            self._sizes = {}
            for name in self.segments():
                self._sizes[name] = self.storage.size(name)
        return self._sizes

    def _put(self, name, data):
        sizes = self._size_map()
        sizes[name] = sizes.get(name, 0)        # a new file counts before a cut can leave it part-written
        self.storage.append(name, data)
        sizes[name] += len(data)

    def _remove(self, name):
        self.storage.remove(name)
        self._size_map().pop(name, None)

    def used(self):
        """Bytes of all segments."""
        return sum(self._size_map().values())

    def status(self):
        """``{"used", "budget", "cap", "unconfirmed", "full"}``: bytes on storage, the
        budget and the cap, the bytes of segments holding a record the office has
        not confirmed, and whether those fill :data:`FULL_SHARE` of the budget."""
        sizes = self._size_map()
        names = sorted(sizes)
        unconfirmed = 0
        for i in range(len(names) - 1, -1, -1):
            last = int(names[i + 1][1:]) - 1 if i + 1 < len(names) else self.writer.seq
            if last <= self.confirmed:
                break
            unconfirmed += sizes[names[i]]
        return {"used": sum(sizes.values()), "budget": self.budget_bytes, "cap": self.cap_bytes,
                "unconfirmed": unconfirmed,
                "full": unconfirmed * 100 >= self.budget_bytes * FULL_SHARE}

    def _check_full(self):
        full = self.status()["full"]
        if full != self.full:
            self.full = full
            if self.on_full is not None:
                self.on_full(full)

    def read(self, seq, max_bytes=None):
        """Whole records from ``seq`` on, at most about ``max_bytes`` (None: all):
        ``(first seq, count, bytes)``, at a cost of what it returns
        (:func:`drivetime.segment_read.read_part`)."""
        from drivetime.segment_read import read_part
        return read_part(self, seq, max_bytes)

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
        self._check_full()

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
        return sum([self.storage.size(n) for n in self.segments()])

    def prune(self):
        """Drop the oldest confirmed segments while over budget; return the names dropped.
        Nothing unconfirmed goes here: only the hard cap (:meth:`append`) overwrites."""
        names = sorted(self._size_map())
        dropped = []
        while self.used() > self.budget_bytes and len(names) > 1 and int(names[1][1:]) - 1 <= self.confirmed:
            self._remove(names[0])
            dropped.append(names.pop(0))
        self._check_full()
        return dropped
