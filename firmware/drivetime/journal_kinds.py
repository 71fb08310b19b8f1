# Journal record kinds and their payload encodings (format version 1), as a data table.
# SPDX-License-Identifier: MIT
"""Payload layouts of the journal's data records (docs/log-format.md, "Kinds").

Each kind is ``code: (name, ((field, type), ...))``; the payload is the
fields in that order. Types:

* ``"m"`` a minute (UTC minutes since 1970), stored as a zigzag varint of
  ``record minute - value`` (the start of an activity is a few minutes back).
* ``"a"`` an activity name (drivetime.activity.NAMES), one byte.
* ``"u"`` an unsigned int, varint; ``"i"`` a signed int, zigzag varint.
* ``"b"`` a bool; consecutive bools share one byte (bit 0 = first).
* ``"s"`` a short text (UTF-8, at most 255 bytes), length byte first.
* ``"t"`` a (minute, second) pair: ``"m"`` then one byte.
* ``"c"`` (code, level) of a warning: one byte ``index in CODES << 1 |
  level`` (level 0 "pre", 1 "limit"); for a code not in :data:`CODES`
  0xFE | level, then the code as ``"s"``.
* ``"f"`` (activity, flags, start) of an activity change: one byte
  ``activity | (flags & 7) << 3 | S << 6 | F << 7``; when F (flags > 7) the
  flags follow as a varint; when S (start differs from the record's minute)
  the start follows as ``"m"``.
* ``"k"`` (event, country) of a day start/end: two bytes little-endian
  ``event << 15 | l1 << 10 | l2 << 5 | l3``, the country's letters A..Z as
  1..26 (0: none; tachograph nation codes have 1-3 letters); another
  country text is ``l1`` = 31 and the text as ``"s"``.
* ``"g"`` (lat, lon, reason): a GNSS position in tenths of an arc minute
  (1/600 degree, ~185 m, the tachograph's precision), five bytes
  little-endian: ``(lat + 54000) | (lon + 108000) << 17 | reason << 35``.
* a tuple: one of those strings, stored as its index (one byte).

A field name that is a tuple names the several fields one type packs.

Codes are for ever: a new kind takes a new code; changing a layout needs a
new format version.
"""

from drivetime.activity import NAMES as _ACTIVITIES

_LEVELS = ("pre", "limit")
_DAY = ("start", "end")
_SOURCES = ("gps", "rtc", "none", "manual")
_PLACE = ("start", "end", "3h", "other")
# drivetime.warnings.CODES as of format version 1 (copied: the format must not follow edits there).
CODES = ("continuous_driving", "daily_driving", "daily_rest", "weekly_driving",
         "fortnightly_driving", "weekly_rest")

KINDS = {
    1: ("activity", ((("activity", "flags", "start"), "f"),)),
    2: ("select", (("activity", "a"),)),
    3: ("manual", (("start", "m"), ("end", "m"), ("activity", "a"))),
    4: ("crew", (("crew", ("single", "multi")),)),
    5: ("day", ((("event", "country"), "k"),)),
    6: ("flags", (("ferry", "b"), ("out_of_scope", "b"))),
    7: ("time_adjust", (("old", "t"), ("new", "t"), ("source", _SOURCES))),
    8: ("motion_conflict", (("on", "b"),)),
    9: ("fault", (("fault", "s"), ("on", "b"))),
    10: ("warning", ((("code", "level"), "c"),)),
    11: ("ack", ((("code", "level"), "c"),)),
    12: ("offer", (("start", "m"), ("end", "m"), ("accepted", "b"))),
    13: ("lang", (("lang", "s"),)),
    14: ("buzzer", (("on", "b"),)),
    15: ("country", (("country", "s"),)),
    # GNSS position at start/end of day and every 3 h of accumulated driving.
    16: ("position", ((("lat", "lon", "reason"), "g"),)),
    17: ("power", (("on", "b"),)),
    18: ("driver", (("card", "s"), ("name", "s"))),
    19: ("auth_fail", (("reason", "s"),)),
    # A setting the office changed over sync (CONFIG), the value as text.
    20: ("config", (("key", "s"), ("value", "s"))),
    # Records first..last overwritten on the unit before the office confirmed them
    # (the journal at its hard cap drops its oldest segment, as a tachograph VU does).
    21: ("lost", (("first", "u"), ("last", "u"))),
}

BY_NAME = {}
for _code in KINDS:
    BY_NAME[KINDS[_code][0]] = _code


def uvarint(n, out):
    """Append the unsigned LEB128 encoding of ``n`` to bytearray ``out``."""
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def zvarint(n, out):
    """Append the zigzag (signed) LEB128 encoding of ``n`` to ``out``."""
    uvarint((n << 1) if n >= 0 else ((-n << 1) - 1), out)


def read_uvarint(buf, i):
    """Return ``(value, next_index)`` of the unsigned varint at ``buf[i]`` (IndexError: cut short)."""
    n = shift = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return n, i


def read_zvarint(buf, i):
    """Return ``(value, next_index)`` of the zigzag varint at ``buf[i]``."""
    n, i = read_uvarint(buf, i)
    return ((n >> 1) if not n & 1 else -((n + 1) >> 1)), i


def _text(v, out):
    s = v.encode("utf-8")
    if len(s) > 255:
        raise ValueError("text too long")
    out.append(len(s))
    out.extend(s)


def _read_text(payload, i):
    n = payload[i]
    if i + 1 + n > len(payload):
        raise IndexError("text past the end")
    return str(payload[i + 1:i + 1 + n], "utf-8"), i + 1 + n


def _country(v, out):
    event, text = _DAY.index(v[0]), v[1]
    letters = [ord(c) - 64 for c in text]
    if len(text) <= 3 and all([1 <= x <= 26 for x in letters]):
        letters = (letters + [0, 0, 0])[:3]
        n = event << 15 | letters[0] << 10 | letters[1] << 5 | letters[2]
        out.extend(bytes((n & 0xFF, n >> 8)))
    else:
        n = event << 15 | 31 << 10
        out.extend(bytes((n & 0xFF, n >> 8)))
        _text(text, out)


def _read_country(payload, i, out):
    n = payload[i] | payload[i + 1] << 8
    i += 2
    out["event"] = _DAY[n >> 15]
    if (n >> 10) & 31 == 31:
        out["country"], i = _read_text(payload, i)
        return i
    out["country"] = "".join([chr(64 + x) for x in ((n >> 10) & 31, (n >> 5) & 31, n & 31) if x])
    return i


def pack_fields(code, minute, fields):
    """Return the payload bytes of kind ``code`` for ``fields`` (dict).

    :raises ValueError: a missing field, a bad enum value or a too-long text.
    """
    out = bytearray()
    bits = bit = 0
    try:
        for name, typ in KINDS[code][1]:
            v = tuple([fields[n] for n in name]) if isinstance(name, tuple) else fields[name]
            if typ == "b":
                bits |= (1 << bit) if v else 0
                bit += 1
                continue
            if bit:
                out.append(bits)
                bits = bit = 0
            if typ == "m":
                zvarint(minute - v, out)
            elif typ == "a":
                out.append(_ACTIVITIES.index(v))
            elif typ == "u":
                if v < 0:
                    raise ValueError("negative")
                uvarint(v, out)
            elif typ == "i":
                zvarint(v, out)
            elif typ == "s":
                _text(v, out)
            elif typ == "t":
                zvarint(minute - v[0], out)
                out.append(v[1])
            elif typ == "c":
                lvl = _LEVELS.index(v[1])
                if v[0] in CODES:
                    out.append(CODES.index(v[0]) << 1 | lvl)
                else:
                    out.append(0xFE | lvl)
                    _text(v[0], out)
            elif typ == "f":
                a, flags, start = _ACTIVITIES.index(v[0]), v[1], v[2]
                if flags < 0:
                    raise ValueError("negative flags")
                big, moved = flags > 7, start != minute
                out.append(a | (0 if big else flags) << 3 | moved << 6 | big << 7)
                if big:
                    uvarint(flags, out)
                if moved:
                    zvarint(minute - start, out)
            elif typ == "k":
                _country(v, out)
            elif typ == "g":
                lat, lon = v[0] + 54000, v[1] + 108000
                if not (0 <= lat <= 108000 and 0 <= lon <= 216000):
                    raise ValueError("position out of range")
                out.extend(bytes(5))
                n = lat | lon << 17 | _PLACE.index(v[2]) << 35
                for k in range(5):
                    out[len(out) - 5 + k] = (n >> (8 * k)) & 0xFF
            else:
                out.append(typ.index(v))
    except (KeyError, TypeError) as exc:
        raise ValueError("%s: bad or missing field (%r)" % (KINDS[code][0], exc))
    if bit:
        out.append(bits)
    return bytes(out)


def unpack_fields(code, minute, payload):
    """Return the fields dict of kind ``code`` from ``payload`` (the inverse of :func:`pack_fields`).

    :raises ValueError: trailing bytes or a value out of range; IndexError: too short.
    """
    out = {}
    i = bit = 0
    for name, typ in KINDS[code][1]:
        if typ == "b":
            out[name] = bool(payload[i] & (1 << bit))
            bit += 1
            continue
        if bit:
            i += 1
            bit = 0
        if typ == "m":
            d, i = read_zvarint(payload, i)
            out[name] = minute - d
        elif typ == "s":
            out[name], i = _read_text(payload, i)
        elif typ == "c":
            b = payload[i]
            out["level"] = _LEVELS[b & 1]
            if b >> 1 == 0x7F:
                out["code"], i = _read_text(payload, i + 1)
            else:
                out["code"] = CODES[b >> 1]
                i += 1
        elif typ == "f":
            b = payload[i]
            i += 1
            out["activity"] = _ACTIVITIES[b & 7]
            out["flags"] = (b >> 3) & 7
            if b & 0x80:
                out["flags"], i = read_uvarint(payload, i)
            out["start"] = minute
            if b & 0x40:
                d, i = read_zvarint(payload, i)
                out["start"] = minute - d
        elif typ == "k":
            i = _read_country(payload, i, out)
        elif typ == "g":
            if i + 5 > len(payload):
                raise IndexError("position past the end")
            n = 0
            for k in range(5):
                n |= payload[i + k] << (8 * k)
            i += 5
            out["lat"] = (n & 0x1FFFF) - 54000
            out["lon"] = ((n >> 17) & 0x3FFFF) - 108000
            out["reason"] = _PLACE[n >> 35]
        elif typ == "a" or isinstance(typ, tuple):
            out[name] = (_ACTIVITIES if typ == "a" else typ)[payload[i]]
            i += 1
        elif typ == "u":
            out[name], i = read_uvarint(payload, i)
        elif typ == "i":
            out[name], i = read_zvarint(payload, i)
        elif typ == "t":
            d, i = read_zvarint(payload, i)
            out[name] = (minute - d, payload[i])
            i += 1
    if bit:
        i += 1
    if i != len(payload):
        raise ValueError("%d trailing bytes" % (len(payload) - i))
    return out
