# Parse NMEA 0183 RMC, VTG and GGA sentences from a GPS byte stream pushed in chunks.
# SPDX-License-Identifier: MIT
"""NMEA 0183 (v2.0-4.11) position, speed and time from any GNSS receiver.

A sentence is ``$<talker><type>,<field>,...*hh<CR><LF>``, ``hh`` being the
XOR of the bytes between ``$`` and ``*`` in hex (NMEA 0183 §5.3); one
without a checksum is rejected. Any talker (GP, GN, GL, GA, GB, BD, ...) is
accepted and kept; proprietary (``$P...``) and other sentence types are
counted as ignored.

Units, all integers (no floats on a 32-bit MicroPython board): time in
seconds of the UTC day (fraction dropped; 86400 only in a leap second);
date ``(year, month, day)``, yy < 80 read as 20yy, else 19yy; latitude and
longitude in micro-degrees (1e-6 degree, north and east positive, rounded);
speed in 1/256 km/h (:data:`SPEED_PER_KMH`, as the J1939 decoder), rounded,
and ``speed_knots`` in 1/1000 knot; course in 1/100 degree; HDOP in 1/100;
altitude in centimetres. An empty field decodes to ``None``.
"""

from collections import namedtuple

SPEED_PER_KMH = 256   # speed unit: 1/256 km/h
MAX_LINE = 120        # NMEA allows 82 with CR LF; leave room for long variants
_HEX = "0123456789ABCDEFabcdef"
_DIM = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

Rmc = namedtuple("Rmc", ("talker", "time_s", "valid", "lat", "lon", "speed",
                         "speed_knots", "course", "date", "mode"))
"""RMC fields: 1 UTC time, 2 status (``valid``: A True, V False), 3-6 position,
7 speed over ground (knots), 8 course (true), 9 date, 12 mode (NMEA 2.3+:
A autonomous, D differential, E dead reckoning, F float RTK, M manual,
N not valid, P precise, R RTK, S simulator)."""

Vtg = namedtuple("Vtg", ("talker", "course", "course_mag", "speed", "speed_knots",
                         "mode"))
"""VTG fields: 1-2 course (true), 3-4 course (magnetic), 5-6 speed (knots),
7-8 speed (km/h; ``speed`` comes from it, else from knots), 9 mode."""

Gga = namedtuple("Gga", ("talker", "time_s", "lat", "lon", "quality", "satellites",
                         "hdop", "altitude"))
"""GGA fields: 1 UTC time, 2-5 position, 6 fix quality (0 invalid, 1 GPS,
2 DGPS, 4 RTK fixed, 5 RTK float, 6 dead reckoning, ...), 7 satellites in
use, 8 HDOP, 9-10 altitude above mean sea level (metres)."""


def checksum(body):
    """Return the NMEA checksum (an int) of ``body``, the text between $ and *."""
    ck = 0
    for c in body.encode() if isinstance(body, str) else body:
        ck ^= c
    return ck


def sentence(body):
    """Return ``$body*hh\\r\\n`` as str; the simulator's generator and tests use it."""
    return "$%s*%02X\r\n" % (body, checksum(body))


def _dec(s, scale, lo=0, hi=None):
    """Decimal text -> int(value * 10**scale), rounded half up, within lo..hi;
    '' -> None. ``lo=None``: no lower bound. Raises ValueError."""
    if not s:
        return None
    neg = s[0] == "-"
    t = s[1:] if neg or s[0] == "+" else s
    i = t.find(".")
    ip, fp = (t, "") if i < 0 else (t[:i], t[i + 1:])
    if not (ip or fp) or (ip and not ip.isdigit()) or (fp and not fp.isdigit()):
        raise ValueError(s)
    f = fp[:scale]
    v = int(ip or "0") * 10 ** scale + int(f + "0" * (scale - len(f)))
    if fp[scale:scale + 1] >= "5":
        v += 1
    v = -v if neg else v
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise ValueError(s)
    return v


def _time(s):
    """hhmmss[.s*] -> seconds of the day."""
    if not s:
        return None
    # a decimal point needs digits after it ("123519." is malformed; pynmea2
    # cannot read it either)
    if len(s) < 6 or not s[:6].isdigit() or (len(s) > 6 and (
            s[6] != "." or len(s) == 7 or not s[7:].isdigit())):
        raise ValueError(s)
    h, m, sec = int(s[:2]), int(s[2:4]), int(s[4:6])
    if h > 23 or m > 59 or sec > 60:
        raise ValueError(s)
    return h * 3600 + m * 60 + sec


def _date(s):
    """ddmmyy -> (year, month, day)."""
    if not s:
        return None
    if len(s) != 6 or not s.isdigit():
        raise ValueError(s)
    d, m, y = int(s[:2]), int(s[2:4]), int(s[4:])
    y += 2000 if y < 80 else 1900
    if not 1 <= m <= 12 or not 1 <= d <= _DIM[m - 1] or (
            m == 2 and d == 29 and (y % 4 or (y % 100 == 0 and y % 400))):
        raise ValueError(s)
    return y, m, d


def _angle(s, hemi, pos, neg, max_deg):
    """(d)ddmm.m+ plus hemisphere letter -> signed micro-degrees."""
    if not s and not hemi:
        return None
    i = s.find(".")             # a fraction is required: '4807' or '4807.' fail
    ip = s[:i]
    if hemi not in (pos, neg) or i < 3 or i == len(s) - 1 or not ip.isdigit():
        raise ValueError(s)
    minutes = _dec(s[len(ip) - 2:], 7, 0, 599999999)    # minutes * 1e7
    v = int(ip[:-2]) * 1000000 + (minutes + 300) // 600
    if v > max_deg * 1000000:
        raise ValueError(s)
    return -v if hemi == neg else v


def _units(f, pairs):
    """Each field ``i`` of ``pairs`` must hold its letter, or be empty or absent."""
    for i, letter in pairs:
        if i < len(f) and f[i] and f[i] != letter:
            raise ValueError(f[i])


def _mode(f, i):
    m = f[i] if i < len(f) else ""
    if m and (len(m) != 1 or m not in "ADEFMNPRS"):
        raise ValueError(m)
    return m or None


def _knots(s):
    """Knots field -> (speed in 1/256 km/h, speed in 1/1000 knot); 1 kn = 1.852 km/h."""
    kn = _dec(s, 3)
    return (None if kn is None else (kn * 474112 + 500000) // 1000000), kn


def _rmc(talker, f):
    if len(f) < 11 or f[1] not in ("A", "V"):
        raise ValueError("RMC")
    speed, kn = _knots(f[6])
    return Rmc(talker, _time(f[0]), f[1] == "A", _angle(f[2], f[3], "N", "S", 90),
               _angle(f[4], f[5], "E", "W", 180), speed, kn, _dec(f[7], 2, 0, 36000),
               _date(f[8]), _mode(f, 11))


def _vtg(talker, f):
    if len(f) < 8:
        raise ValueError("VTG")
    _units(f, ((1, "T"), (3, "M"), (5, "N"), (7, "K")))
    speed, kn = _knots(f[4])
    kmh = _dec(f[6], 3)
    if kmh is not None:
        speed = (kmh * SPEED_PER_KMH + 500) // 1000
    return Vtg(talker, _dec(f[0], 2, 0, 36000), _dec(f[2], 2, 0, 36000), speed, kn,
               _mode(f, 8))


def _gga(talker, f):
    if len(f) < 9 or not (f[5] + f[6] + "0").isdigit():
        raise ValueError("GGA")
    _units(f, ((9, "M"),))
    return Gga(talker, _time(f[0]), _angle(f[1], f[2], "N", "S", 90),
               _angle(f[3], f[4], "E", "W", 180), int(f[5]) if f[5] else None,
               int(f[6]) if f[6] else None, _dec(f[7], 2), _dec(f[8], 2, None))


_TYPES = {"RMC": _rmc, "VTG": _vtg, "GGA": _gga}
# Framing states: between lines; inside a sentence begun by $; bytes outside
# any sentence (counted once at the line's end); dropping an overlong line.
_IDLE, _IN, _NOISE, _SKIP = 0, 1, 2, 3


class NmeaParser:
    """Split a byte stream into sentences and decode RMC, VTG and GGA.

    Counters: :attr:`sentences_ok`; :attr:`sentences_rejected` with a count
    per reason in :attr:`rejected`: ``"checksum"`` (wrong or not hex),
    ``"no_checksum"``, ``"malformed"`` (bad field, field count or address),
    ``"non_ascii"`` (a byte outside 0x20-0x7E), ``"too_long"`` (over
    ``max_line`` bytes), ``"truncated"`` (a new ``$`` before the line ended),
    ``"noise"`` (a line of bytes outside any sentence); and
    :attr:`sentences_ignored` (valid sentences of other types).

    :param max_line: longest sentence accepted, from ``$`` to the checksum
    """

    def __init__(self, max_line=MAX_LINE):
        self.max_line = max_line
        self.sentences_ok = self.sentences_rejected = self.sentences_ignored = 0
        self.rejected = {}
        self._buf = bytearray()
        self._state = _IDLE

    def _reject(self, reason):
        self.sentences_rejected += 1
        self.rejected[reason] = self.rejected.get(reason, 0) + 1
        return None

    def push(self, data):
        """Feed a chunk of the stream (bytes or str); lines may span calls.

        :returns: a list of the records (:class:`Rmc`, :class:`Vtg`,
            :class:`Gga`) completed by this chunk, in order; never raises
        """
        out = []
        try:
            if isinstance(data, str):
                data = data.encode()
            elif not isinstance(data, (bytes, bytearray)):
                data = bytes(memoryview(data))
            self._scan(data, out)
        except Exception:  # noqa: BLE001 - bad input must never reach the caller
            self._buf = bytearray()
            self._state = _SKIP
            self._reject("malformed")
        return out

    def _scan(self, data, out):
        n = len(data)
        nxt = [-1, -1, -1]   # next CR, LF, $ at or after i (n: none left)
        i = 0
        while i < n:
            for k, ch in ((0, b"\r"), (1, b"\n"), (2, b"$")):
                if nxt[k] < i:
                    p = data.find(ch, i)
                    nxt[k] = n if p < 0 else p
            j = min(nxt)
            if j > i and self._state == _IN:
                if len(self._buf) + j - i > self.max_line:
                    self._reject("too_long")
                    self._state = _SKIP
                else:
                    self._buf += data[i:j]
            elif j > i and self._state == _IDLE:
                self._state = _NOISE
            if j >= n:
                return
            dollar = data[j] == 0x24
            if self._state == _IN:
                if dollar:
                    self._reject("truncated")
                else:
                    rec = self._sentence(self._buf)
                    if rec is not None:
                        out.append(rec)
            elif self._state == _NOISE:
                self._reject("noise")
            self._buf = bytearray(b"$" if dollar else b"")
            self._state = _IN if dollar else _IDLE
            i = j + 1

    def _sentence(self, line):
        for c in line:
            if c < 0x20 or c > 0x7E:
                return self._reject("non_ascii")
        star = line.find(b"*")
        if star < 0:
            return self._reject("no_checksum")
        if star != len(line) - 3:
            return self._reject("malformed")
        hh = bytes(line[star + 1:]).decode()
        if hh[0] not in _HEX or hh[1] not in _HEX or int(hh, 16) != checksum(line[1:star]):
            return self._reject("checksum")
        fields = bytes(line[1:star]).decode().split(",")
        addr = fields[0]
        if addr[:1] == "P":
            self.sentences_ignored += 1     # proprietary: $PUBX, $PSRF, ...
            return None
        if len(addr) != 5 or not addr.isalpha() or not addr.isupper():
            return self._reject("malformed")
        parse = _TYPES.get(addr[2:])
        if parse is None:
            self.sentences_ignored += 1
            return None
        try:
            rec = parse(addr[:2], fields[1:])
        except (ValueError, IndexError):
            return self._reject("malformed")
        self.sentences_ok += 1
        return rec

    def stats(self):
        """Return the counters as a new dict (for diagnostics and the journal)."""
        out = {"ok": self.sentences_ok, "rejected": self.sentences_rejected,
               "ignored": self.sentences_ignored}
        for k in self.rejected:
            out["rejected_" + k] = self.rejected[k]
        return out
