# The unit's journal: compact binary records, a CRC each, sealed by an HMAC-SHA256 chain.
# SPDX-License-Identifier: MIT
"""Journal record codec (format version 1; byte layout in docs/log-format.md).

Every record on flash is ``head u8 | [len u8] | body | crc u16le``: ``head``
is ``kind << 3 | L``; for a data record whose body is 2..8 bytes ``L`` is
``len(body) - 2``, otherwise ``L`` = 7 and a length byte follows. ``crc`` is
the low 16 bits of CRC-32 (binascii.crc32) over ``head..body``. Kind 0 is
never used, so zeroed flash never reads as a record; erased flash (0xFF)
would be a 255-byte SEAL whose varints never end, so it does not either.

* Data records (kinds 1..29) have ``body = seq8 u8 | dmin zigzag-varint |
  payload``: ``seq8`` is the low byte of the record's sequence number (the
  full number follows from the previous record: a gap is reported), ``dmin``
  the minutes since the previous record (negative after a clock correction).
* ``START`` (kind 30) opens every segment: ``"DJ" | version u8 | seq u32 |
  minute u32 | mac[16]`` - the last sequence number, minute and chain value
  before it, so a segment decodes on its own.
* ``SEAL`` (kind 31): ``seq varint | minute varint | mac[16]`` (unsigned LEB128).
  The chain runs over
  every data record, ``mac_i = HMAC-SHA256(key, mac_{i-1} || seq u32 ||
  minute u32 || kind u8 || payload)[:16]`` with ``mac_0`` = 16 zero bytes;
  a seal stores the chain value after record ``seq``. A changed, removed,
  inserted or reordered record changes every later chain value, so the next
  seal fails. Only records covered by a valid seal are ``ok``.

The chain is computed on every record but stored only in seals (end of day,
before a sync, every :data:`SEAL_EVERY` records, at segment rotation), which
keeps a typical driver-day well under 160 bytes. After a power cut the unit
re-reads the unsealed tail (CRC-checked) to rebuild the chain and seals it
later; until then those records are reported as unsealed.
"""

import struct
from binascii import crc32

from drivetime.hmac256 import HMAC, equal
from drivetime.journal_kinds import (BY_NAME, KINDS, pack_fields, read_uvarint, read_zvarint,
                                     unpack_fields, uvarint, zvarint)

VERSION = 1
MAGIC = b"DJ"
START = 30
SEAL = 31
MAC_LEN = 16
ZERO_MAC = bytes(MAC_LEN)
SEAL_EVERY = 64         # records between automatic seals (bounds the unsealed tail)


def _crc16(data):
    return crc32(data) & 0xFFFF


def _frame(kind, body):
    n = len(body) - 2
    if kind < START and 0 <= n < 7:
        head = bytes((kind << 3 | n,)) + body
    else:
        head = bytes((kind << 3 | 7, len(body))) + body
    return head + struct.pack("<H", _crc16(head))


def chain(key, mac, seq, minute, kind, payload):
    """Return the chain value after a data record (see the module docstring)."""
    h = HMAC(key, mac)
    h.update(struct.pack("<IIB", seq, minute, kind))
    h.update(payload)
    return h.digest()[:MAC_LEN]


class Record:
    """One decoded record: ``kind`` (name), ``seq``, ``minute``, ``fields`` (dict),
    ``raw`` (its bytes on flash), ``offset`` (in the decoded stream), ``ok`` (True
    once a valid seal covers it)."""

    __slots__ = ("kind", "seq", "minute", "fields", "raw", "offset", "ok")

    def __init__(self, kind, seq, minute, fields, raw, offset=0):
        self.kind, self.seq, self.minute, self.fields, self.raw = kind, seq, minute, fields, raw
        self.offset = offset
        self.ok = False

    def __repr__(self):
        return "Record(%s, seq=%d, minute=%d, %r)" % (self.kind, self.seq, self.minute, self.fields)


class Writer:
    """Encodes records for one unit, keeping the chain (``seq``, ``minute``, ``mac``).

    :param key: the unit's secret (bytes).
    :param seq: sequence number of the last record written (0: none yet).
    :param minute: minute of the last record (UTC minutes since 1970).
    :param mac: chain value after record ``seq`` (:data:`ZERO_MAC` at the start).
    """

    def __init__(self, key, seq=0, minute=0, mac=ZERO_MAC):
        self.key, self.seq, self.minute, self.mac = key, seq, minute, mac
        self.unsealed = 0       # data records since the last seal

    def start(self):
        """Return a START anchor (first record of a segment) for the current chain."""
        return _frame(START, MAGIC + bytes((VERSION,)) + struct.pack("<II", self.seq, self.minute) + self.mac)

    def seal(self):
        """Return a SEAL holding the current chain value."""
        self.unsealed = 0
        body = bytearray()
        uvarint(self.seq, body)
        uvarint(self.minute, body)
        return _frame(SEAL, bytes(body) + self.mac)

    def record(self, kind, minute, fields):
        """Return the bytes of one data record and advance the chain.

        :param kind: a record kind name (see drivetime.journal_kinds.KINDS).
        :param minute: UTC minutes since 1970 when it happened.
        :param fields: dict of the kind's fields (a ``minute`` key is ignored).
        :raises ValueError: unknown kind, or a field out of range.
        """
        code = BY_NAME.get(kind)
        if not isinstance(minute, int) or minute < 0:
            raise ValueError("journal record %r without a valid minute (%r)" % (kind, minute))
        if code is None:
            raise ValueError("unknown journal record kind %r" % (kind,))
        payload = pack_fields(code, minute, fields)
        seq = (self.seq + 1) & 0xFFFFFFFF
        body = bytearray((seq & 0xFF,))
        zvarint(minute - self.minute, body)
        body.extend(payload)
        if len(body) > 255 or code >= START:
            raise ValueError("journal record too long (%d bytes)" % len(body))
        self.mac = chain(self.key, self.mac, seq, minute, code, payload)
        self.seq, self.minute = seq, minute
        self.unsealed += 1
        return _frame(code, bytes(body))

    def log(self, entry):
        """Encode a unit ``Log(kind, fields)`` (its ``fields["minute"]`` is the time)."""
        return self.record(entry.kind, entry.fields["minute"], entry.fields)


def encode(kind, seq, minute, fields, key, prev_mac, prev_minute=0):
    """Encode one data record after (``seq - 1``, ``prev_minute``, ``prev_mac``).

    :returns: ``(record_bytes, mac)`` - the bytes and the chain value after it.
    """
    w = Writer(key, seq - 1, prev_minute, prev_mac)
    raw = w.record(kind, minute, fields)
    return raw, w.mac


class Decoder:
    """Streaming decoder: ``feed(bytes)`` returns whole records, never raises.

    Problems go to :attr:`problems` as ``(offset, what)`` tuples, offset in
    bytes from the start of the stream: ``"crc: N bytes skipped"``, ``"seq
    gap"``, ``"mac: records a..b fail their seal"``, ``"no anchor"``,
    ``"truncated tail: N bytes"`` (from :meth:`finish`). After bad bytes it
    resynchronises on the next record whose CRC holds.

    :param key: the unit's secret; None walks the framing only (CRC, seq,
        offsets, ``good_end``) without the chain: cheap, and no record is ``ok``.
    :param seq, minute, mac: a known chain state to continue from (the
        office's last confirmed record); None: wait for a START anchor.
    """

    def __init__(self, key, seq=None, minute=None, mac=None):
        self.key = key
        self.seq, self.minute, self.mac = seq, minute, mac
        self.version = VERSION if seq is not None else None
        self.problems = []
        self.pending = []           # records since the last seal
        self.sealed_seq = seq       # highest seq covered by a valid seal
        self._buf = b""
        self._pos = 0               # stream offset of _buf[0]
        self._skip = None           # (offset, count) of bad bytes being skipped
        self.good_end = 0           # stream offset just after the last whole record

    def _problem(self, offset, what):
        self.problems.append((offset, what))

    def _flush_skip(self):
        if self._skip:
            self._problem(self._skip[0], "crc: %d bytes skipped" % self._skip[1])
            self._skip = None

    def feed(self, data):
        """Add bytes; return the list of :class:`Record` completed by them."""
        buf = self._buf + bytes(data)
        out = []
        i = 0
        while len(buf) - i >= 5:
            n = buf[i] & 7
            body = i + 1
            if n == 7:
                n = buf[i + 1]
                body += 1
            else:
                n += 2
            end = body + n + 2
            if end > len(buf):
                break
            if struct.unpack("<H", buf[end - 2:end])[0] != _crc16(buf[i:end - 2]) \
                    or not self._take(buf[i] >> 3, buf[body:end - 2], buf[i:end], self._pos + i, out):
                if self._skip is None:
                    self._skip = [self._pos + i, 0]
                self._skip[1] += 1
                i += 1
                continue
            self._flush_skip()
            i = end
            self.good_end = self._pos + i
        self._buf = buf[i:]
        self._pos += i
        return out

    def finish(self):
        """Declare the end of the stream: report a truncated tail and unsealed records."""
        self._flush_skip()
        if self._buf:
            self._problem(self._pos, "truncated tail: %d bytes" % len(self._buf))
            self._pos += len(self._buf)
            self._buf = b""
        if self.pending:
            self._problem(self._pos, "unsealed: records %d..%d" % (self.pending[0].seq, self.pending[-1].seq))

    def _take(self, kind, body, raw, offset, out):
        """Handle one CRC-valid record; False when it cannot be a record (resync)."""
        if kind == START or kind == SEAL:
            return self._anchor(kind, body, offset)
        if kind not in KINDS:
            return False
        if self.seq is None:
            self._problem(offset, "no anchor: record skipped")
            return True
        try:
            seq8 = body[0]
            dmin, j = read_zvarint(body, 1)
            minute = self.minute + dmin
            fields = unpack_fields(kind, minute, body[j:])
        except (IndexError, ValueError):
            return False
        seq = self.seq + 1
        if seq & 0xFF != seq8:
            self._problem(offset, "seq gap: expected %d, found ...%02x" % (seq & 0xFF, seq8))
            seq += (seq8 - seq) & 0xFF
        if self.key is not None:
            self.mac = chain(self.key, self.mac, seq, minute, kind, body[j:])
        self.seq, self.minute = seq, minute
        rec = Record(KINDS[kind][0], seq, minute, fields, raw, offset)
        self.pending.append(rec)
        out.append(rec)
        return True

    def _anchor(self, kind, body, offset):
        if kind == START:
            if len(body) != 27 or body[:2] != MAGIC:
                return False
            self.version = body[2]
            if self.version != VERSION:
                self._problem(offset, "version %d not supported" % self.version)
            seq, minute = struct.unpack("<II", body[3:11])
        else:
            try:
                seq, i = read_uvarint(body, 0)
                minute, i = read_uvarint(body, i)
            except IndexError:
                return False
            if len(body) - i != MAC_LEN or seq > 0xFFFFFFFF or minute > 0xFFFFFFFF:
                return False
        mac = body[-MAC_LEN:]
        if self.seq is None:
            self.seq, self.minute, self.mac, self.sealed_seq = seq, minute, mac, seq
            if kind == START and (seq or mac != ZERO_MAC):
                self._problem(offset, "chain resumed at %d: link to earlier records unverified" % seq)
            return True
        if self.key is None:
            self.seq, self.minute, self.mac = seq, minute, mac      # framing only: adopt
        elif seq == self.seq and equal(mac, self.mac):
            for rec in self.pending:
                rec.ok = True
            self.sealed_seq = seq
        else:
            first = self.pending[0].seq if self.pending else seq
            self._problem(offset, "mac: records %d..%d fail their seal" % (first, max(seq, self.seq)))
            self.seq, self.minute, self.mac = seq, minute, mac
        self.pending = []
        return True


def verify_chain(records, key, seq=None, minute=None, mac=None):
    """Decode ``records`` (raw bytes or an iterable of bytes/:class:`Record`) and check the chain.

    :returns: ``(records, problems)``; the chain is whole when ``problems`` is empty.
    """
    if not isinstance(records, (bytes, bytearray)):
        records = b"".join([getattr(r, "raw", r) for r in records])
    dec = Decoder(key, seq, minute, mac)
    out = dec.feed(records)
    dec.finish()
    return out, dec.problems
