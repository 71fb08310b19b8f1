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
* a tuple: one of those strings, stored as its index (one byte).

Codes are for ever: a new kind takes a new code; changing a layout needs a
new format version.
"""

from drivetime.activity import NAMES as _ACTIVITIES

_LEVELS = ("pre", "limit")
_DAY = ("start", "end")
_SOURCES = ("gps", "rtc", "none", "manual")
_PLACE = ("start", "end", "3h", "other")

KINDS = {
    1: ("activity", (("start", "m"), ("activity", "a"), ("flags", "u"))),
    2: ("select", (("activity", "a"),)),
    3: ("manual", (("start", "m"), ("end", "m"), ("activity", "a"))),
    4: ("crew", (("crew", ("single", "multi")),)),
    5: ("day", (("event", _DAY), ("country", "s"))),
    6: ("flags", (("ferry", "b"), ("out_of_scope", "b"))),
    7: ("time_adjust", (("old", "t"), ("new", "t"), ("source", _SOURCES))),
    8: ("motion_conflict", (("on", "b"),)),
    9: ("fault", (("fault", "s"), ("on", "b"))),
    10: ("warning", (("code", "s"), ("level", _LEVELS))),
    11: ("ack", (("code", "s"), ("level", _LEVELS))),
    12: ("offer", (("start", "m"), ("end", "m"), ("accepted", "b"))),
    13: ("lang", (("lang", "s"),)),
    14: ("buzzer", (("on", "b"),)),
    15: ("country", (("country", "s"),)),
    # GNSS position (1e-4 degree units, ~11 m) at start/end of day and every 3 h of driving.
    16: ("position", (("lat", "i"), ("lon", "i"), ("reason", _PLACE))),
    17: ("power", (("on", "b"),)),
    18: ("driver", (("card", "s"), ("name", "s"))),
    19: ("auth_fail", (("reason", "s"),)),
}

BY_NAME = {}
for _code in KINDS:
    BY_NAME[KINDS[_code][0]] = _code


def _uvarint(n, out):
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _zz(n, out):
    _uvarint((n << 1) if n >= 0 else ((-n << 1) - 1), out)


def _read_u(buf, i):
    n = shift = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return n, i


def _read_i(buf, i):
    n, i = _read_u(buf, i)
    return ((n >> 1) if not n & 1 else -((n + 1) >> 1)), i


def pack_fields(code, minute, fields):
    """Return the payload bytes of kind ``code`` for ``fields`` (dict).

    :raises ValueError: a missing field, a bad enum value or a too-long text.
    """
    out = bytearray()
    bits = bit = 0
    try:
        for name, typ in KINDS[code][1]:
            v = fields[name]
            if typ == "b":
                bits |= (1 << bit) if v else 0
                bit += 1
                continue
            if bit:
                out.append(bits)
                bits = bit = 0
            if typ == "m":
                _zz(minute - v, out)
            elif typ == "a":
                out.append(_ACTIVITIES.index(v))
            elif typ == "u":
                if v < 0:
                    raise ValueError("negative")
                _uvarint(v, out)
            elif typ == "i":
                _zz(v, out)
            elif typ == "s":
                s = v.encode("utf-8")
                if len(s) > 255:
                    raise ValueError("text too long")
                out.append(len(s))
                out.extend(s)
            elif typ == "t":
                _zz(minute - v[0], out)
                out.append(v[1])
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
            d, i = _read_i(payload, i)
            out[name] = minute - d
        elif typ in ("a", "s") or isinstance(typ, tuple):
            n = payload[i]
            i += 1
            if typ == "s":
                if i + n > len(payload):
                    raise IndexError("text past the end")
                out[name] = str(payload[i:i + n], "utf-8")
                i += n
            else:
                out[name] = (_ACTIVITIES if typ == "a" else typ)[n]
        elif typ == "u":
            out[name], i = _read_u(payload, i)
        elif typ == "i":
            out[name], i = _read_i(payload, i)
        elif typ == "t":
            d, i = _read_i(payload, i)
            out[name] = (minute - d, payload[i])
            i += 1
    if bit:
        i += 1
    if i != len(payload):
        raise ValueError("%d trailing bytes" % (len(payload) - i))
    return out
