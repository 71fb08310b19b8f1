# Sync protocol: frames over any byte stream and the unit's side of a download session.
# SPDX-License-Identifier: MIT
"""The office downloads the journal over one protocol on any byte stream.

Frame (little-endian)::

    SOF 0xA5 0x5A | type (1) | len (u16) | hcheck (1) | payload (len) | crc32 (u32)

``hcheck`` is ``type ^ len_lo ^ len_hi ^ 0x5A``, so a flipped length is
refused at once instead of making the reader wait for bytes that never come;
``crc32`` covers type, len, hcheck and payload. On any mismatch the reader
drops one byte and looks for the next SOF (resync on garbage).

Messages (``T_*``) and their payloads:

- HELLO, office -> unit: proto (1) | session id (8). Unit -> office: proto (1)
  | journal version (1) | first seq | last seq | confirmed seq (u32 each) |
  unit id (rest). The unit answers with HELLO then CHALLENGE.
- CHALLENGE: nonce (16), fresh from the port's random source.
- RESPONSE: HMAC-SHA256(company key, ``b"dtsync1" | nonce | session id |
  unit id``) (32). Accepted -> ACK(confirmed seq). A wrong key, or an answer
  to another challenge (a replay), gets ERROR and a ``log("auth_fail", ...)``.
  Each nonce is checked once: after a refusal the office needs a new HELLO.
- GET: from seq (u32) | max bytes (u16). Answered by RECORDS.
- RECORDS: from (u32) | first (u32) | last available (u32) | count (u16) |
  the journal bytes of records ``first .. first + count - 1`` end to end (the
  journal codec delimits them; the protocol does not look inside). Records
  are consecutive from ``first``; ``first > from`` says the unit holds
  nothing in ``[from, first)``.
- ACK, office -> unit: confirmed seq (u32); the unit moves its watermark and
  echoes the watermark back.
- CONFIG: settings for the unit, a UTF-8 JSON object (``{"lang": "de",
  "buzzer": false}``), decoded and given to the port's ``on_config``.
  Answered by ACK(confirmed seq | keys taken u8) - five bytes, so that the
  office tells it from the login's ACK - when every key was taken, else
  ERROR(E_CONFIG_REFUSED, ``"refused: key1,key2"``) naming the keys refused
  (the others are taken).
- ERROR: code (1) | text.

GET and CONFIG before an accepted RESPONSE get ERROR(E_AUTH_REQUIRED).
Duplicates are harmless: a repeated HELLO with the same session id repeats
the same challenge, a repeated accepted RESPONSE repeats the ACK, and GET and
ACK are idempotent, so the office may resend any request after a timeout.
"""

import binascii
import struct

from drivetime.hmac256 import hmac_sha256 as _hmac, equal as _same
from drivetime.syncsource import ConfirmingSource, JournalSource, MemorySource  # noqa: F401 (the sources)

PROTO = 1
SOF = b"\xa5\x5a"
MAX_PAYLOAD = 8192
OVERHEAD = 10                           # SOF 2 + type 1 + len 2 + hcheck 1 + crc 4

T_HELLO = 1
T_CHALLENGE = 2
T_RESPONSE = 3
T_GET = 4
T_RECORDS = 5
T_ACK = 6
T_CONFIG = 7
T_ERROR = 8

E_AUTH_REQUIRED = 1
E_AUTH_FAILED = 2
E_BAD_REQUEST = 3
E_CONFIG_REFUSED = 4

NONCE_LEN = 16
SESSION_LEN = 8
_HEAD = "<BHB"
_REC_HEAD = "<IIIH"


def frame(ftype, payload=b""):
    """One frame of ``ftype`` around ``payload`` (bytes)."""
    n = len(payload)
    head = struct.pack(_HEAD, ftype, n, ftype ^ (n & 0xFF) ^ (n >> 8) ^ 0x5A)
    return SOF + head + payload + struct.pack("<I", binascii.crc32(payload, binascii.crc32(head)))


class FrameReader:
    """Push bytes in, take whole frames out; garbage and damaged frames are skipped.

    :ivar skipped: bytes dropped while resynchronising (a link-quality figure).
    """

    def __init__(self):
        self._buf = bytearray()
        self.skipped = 0

    def feed(self, data):
        """Add ``data``; :returns: a list of ``(type, payload)`` for every whole, valid frame."""
        buf = self._buf
        buf.extend(data)
        out = []
        while True:
            i = buf.find(SOF)
            if i < 0:
                keep = 1 if buf and buf[-1] == SOF[0] else 0
                self.skipped += len(buf) - keep
                self._buf = buf = buf[len(buf) - keep:]
                return out
            if i:
                self.skipped += i
                self._buf = buf = buf[i:]
            if len(buf) < 6:
                return out
            ftype, n, check = struct.unpack(_HEAD, bytes(buf[2:6]))
            if check != ftype ^ (n & 0xFF) ^ (n >> 8) ^ 0x5A or n > MAX_PAYLOAD:
                self._drop1()
                buf = self._buf
                continue
            if len(buf) < n + OVERHEAD:
                return out
            body = bytes(buf[2:6 + n])
            crc = struct.unpack("<I", bytes(buf[6 + n:10 + n]))[0]
            if binascii.crc32(body) != crc:
                self._drop1()
                buf = self._buf
                continue
            out.append((ftype, body[4:]))
            self._buf = buf = buf[n + OVERHEAD:]

    def _drop1(self):
        self.skipped += 1
        self._buf = self._buf[1:]


def auth_answer(key, nonce, session_id, unit_id):
    """The office's answer to a challenge: HMAC-SHA256 of the company key."""
    return _hmac(key, b"dtsync1" + nonce + session_id + unit_id)


def pack_records(from_seq, first, last, count, blob):
    return struct.pack(_REC_HEAD, from_seq, first, last, count) + blob


def unpack_records(payload):
    """:returns: (from, first, last available, count, blob); :raises ValueError: if short."""
    if len(payload) < 14:
        raise ValueError("short RECORDS")
    from_seq, first, last, count = struct.unpack(_REC_HEAD, payload[:14])
    return from_seq, first, last, count, payload[14:]


class DeviceSession:
    """The unit's side of one link: bytes in, bytes out, no I/O of its own.

    :param unit_id: the unit's identity (bytes), part of the signed answer.
    :param key: the company key provisioned at installation (bytes).
    :param source: the journal (see :class:`MemorySource` for the methods).
    :param random_bytes: ``random_bytes(n)`` from the port (``os.urandom``).
    :param log: ``log(kind, fields)`` for the unit's journal (``auth_fail``).
    :param on_config: ``on_config(settings dict) -> refused keys`` for CONFIG
        (a list, empty when all were taken; True / False: none / all refused);
        None refuses every CONFIG.
    """

    def __init__(self, unit_id, key, source, random_bytes, log=None, on_config=None,
                 journal_version=1):
        self.unit_id, self._key, self.source = unit_id, key, source
        self._random, self._log, self._on_config = random_bytes, log, on_config
        self.journal_version = journal_version
        self.reader = FrameReader()
        self.authenticated = False
        self._session = None
        self._nonce = None          # the outstanding challenge, None once checked
        self._accepted = None       # the answer accepted on this session
        self._used = []             # answers accepted before: a resend of one is a replay

    def receive(self, data):
        """Feed bytes from the link; :returns: the bytes to send back."""
        out = bytearray()
        for ftype, payload in self.reader.feed(data):
            out.extend(self.handle(ftype, payload))
        return bytes(out)

    def _error(self, code, text):
        return frame(T_ERROR, bytes([code]) + text.encode())

    def handle(self, ftype, payload):
        """One valid frame in; :returns: the reply frames as bytes."""
        if ftype == T_HELLO:
            return self._hello(payload)
        if ftype == T_RESPONSE:
            return self._response(payload)
        if ftype not in (T_GET, T_ACK, T_CONFIG):
            return self._error(E_BAD_REQUEST, "unexpected frame type %d" % ftype)
        if not self.authenticated:
            return self._error(E_AUTH_REQUIRED, "authenticate first")
        if ftype == T_GET:
            if len(payload) != 6:
                return self._error(E_BAD_REQUEST, "GET needs 6 bytes")
            from_seq, max_bytes = struct.unpack("<IH", payload)
            last = self.source.bounds()[1]      # first: a journal source seals what it will send
            first, count, blob = self.source.read(from_seq, max(64, min(max_bytes, MAX_PAYLOAD - 14)))
            return frame(T_RECORDS, pack_records(from_seq, first, last, count, blob))
        if ftype == T_ACK:
            if len(payload) != 4:
                return self._error(E_BAD_REQUEST, "ACK needs 4 bytes")
            seq = struct.unpack("<I", payload)[0]
            if seq <= self.source.bounds()[1]:       # never confirm what the unit has not written
                self.source.confirm(seq)
            return frame(T_ACK, struct.pack("<I", self.source.confirmed))
        return self._config(payload)

    def _config(self, payload):
        settings = None
        try:
            import json
            settings = json.loads(bytes(payload).decode("utf-8"))
        except (ValueError, UnicodeError):
            pass
        if not isinstance(settings, dict):
            return self._error(E_CONFIG_REFUSED, "CONFIG needs a JSON object")
        if self._on_config is None:
            return self._error(E_CONFIG_REFUSED, "this unit takes no configuration")
        refused = self._on_config(settings)
        if refused is True or refused is None:
            refused = []
        elif refused is False:
            return self._error(E_CONFIG_REFUSED, "configuration refused")
        if refused:
            return self._error(E_CONFIG_REFUSED, "refused: " + ",".join(sorted([str(k) for k in refused])))
        return frame(T_ACK, struct.pack("<IB", self.source.confirmed, min(len(settings), 255)))

    def _hello(self, payload):
        if len(payload) != 1 + SESSION_LEN or payload[0] != PROTO:
            return self._error(E_BAD_REQUEST, "protocol %d expected" % PROTO)
        session = payload[1:]
        if session != self._session or self._nonce is None:
            # a new session (or a new try after a refusal): a fresh challenge
            self._session, self._nonce = session, bytes(self._random(NONCE_LEN))
            self.authenticated, self._accepted = False, None
        first, last = self.source.bounds()
        hello = struct.pack("<BBIII", PROTO, self.journal_version, first, last,
                            self.source.confirmed) + self.unit_id
        return frame(T_HELLO, hello) + frame(T_CHALLENGE, self._nonce)

    def _response(self, answer):
        if self.authenticated and self._accepted is not None and _same(answer, self._accepted):
            # the office resent the answer after a lost ACK: same session, same answer
            return frame(T_ACK, struct.pack("<I", self.source.confirmed))
        reason = None
        if self._nonce is None:
            reason = "no challenge outstanding"
        elif not _same(answer, auth_answer(self._key, self._nonce, self._session, self.unit_id)):
            reason = "wrong key"
        for old in self._used:
            if _same(answer, old):
                reason = "replayed answer"
        if reason is not None:
            self._nonce = None              # one try per challenge
            self.authenticated = False
            if self._log is not None:
                self._log("auth_fail", {"reason": reason})
            return self._error(E_AUTH_FAILED, reason)
        self._nonce = None
        self.authenticated, self._accepted = True, answer
        self._used = (self._used + [answer])[-4:]
        return frame(T_ACK, struct.pack("<I", self.source.confirmed))
