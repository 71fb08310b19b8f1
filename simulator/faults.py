# Fault injection: filters over the simulator's traffic (GPS loss, CAN silence, garbling, motion conflict, clock jumps, power cuts).
# SPDX-License-Identifier: MIT
"""Faults change the traffic of :class:`simulator.traffic.Traffic` between
a start and an end on the simulation clock (ms; ``end_ms=None``: until
stopped). :meth:`Faults.filter` takes the events of a window and gives
what the unit would receive:

- ``gps_loss``: the receiver sends nothing (unplugged, no power);
  ``mode="nofix"``: it sends sentences without a fix (a tunnel): RMC
  status V, GGA quality 0, the time still given.
- ``can_silence``: no CAN frames at all (bus unplugged, ECUs asleep).
- ``garble``: sentences (``target="nmea"``, the default), frames
  (``"can"``) or both (``"both"``) damaged with probability ``rate``
  (default 1): a sentence gets a character changed (its checksum fails),
  is cut short with no line end (the next ``$`` truncates it), or gets a
  non-ASCII byte; a frame is cut to 7 bytes, or a CCVS1 carries the J1939
  error indicator as its speed (a TCO1 with only its speed in error still
  carries motion and working states, so it is always cut). The unit's decoders must count and drop them.
- ``motion_conflict``: ``side="can"`` (default): CAN says the vehicle
  stands (speed 0, TCO1 motion 0) while GPS sees it move; ``side="gps"``:
  GPS reports speed 0 while CAN says it moves.
- ``clock_jump``: the receiver's UTC is ``jump_s`` seconds off (times and
  dates of RMC and GGA rewritten, checksums recomputed); jumps add up.
- ``power_cut``: the unit loses power. The traffic goes on (the vehicle's
  bus does not care); the filter inserts ``(start_ms, "power", False)``
  and ``(end_ms, "power", True)`` events, which the runner or the
  emulator's host carries out (stop feeding the unit / stop and restart
  its process).

Random choices come from ``random.Random(seed)``: a seed gives the same damage.
"""

import random

from drivetime.j1939 import DRIVE, PGN_CCVS1, PGN_TCO1, WORK, J1939Decoder, ccvs1_frame, \
    pgn_of, tco1_frame
from drivetime.nmea import sentence
from drivetime.timeutil import civil_from_days, days_from_civil

from simulator.traffic import no_fix_sentences

KINDS = ("gps_loss", "can_silence", "garble", "motion_conflict", "clock_jump", "power_cut")
_PARAMS = {"gps_loss": {"mode": "silent"}, "can_silence": {}, "garble": {"target": "nmea",
           "rate": 1.0}, "motion_conflict": {"side": "can"}, "clock_jump": {"jump_s": 0},
           "power_cut": {}}


class Fault:
    """One fault: ``kind`` over ``[start_ms, end_ms)`` with its parameters.

    :raises ValueError: an unknown kind or parameter, or a bad value
    """

    def __init__(self, kind, start_ms, end_ms=None, **params):
        if kind not in _PARAMS:
            raise ValueError("unknown fault %r (known: %s)" % (kind, ", ".join(KINDS)))
        unknown = set(params) - set(_PARAMS[kind])
        if unknown:
            raise ValueError("fault %s takes no %s" % (kind, ", ".join(sorted(unknown))))
        if end_ms is not None and end_ms < start_ms:
            raise ValueError("a fault ends after it starts")
        self.kind, self.start_ms, self.end_ms = kind, start_ms, end_ms
        self.params = dict(_PARAMS[kind])
        self.params.update(params)
        p = self.params
        if (kind == "gps_loss" and p["mode"] not in ("silent", "nofix")) or (
                kind == "garble" and (p["target"] not in ("nmea", "can", "both")
                                      or not 0 <= p["rate"] <= 1)) or (
                kind == "motion_conflict" and p["side"] not in ("can", "gps")):
            raise ValueError("bad parameters for %s: %r" % (kind, params))
        self._power_sent = set()

    def active(self, t_ms):
        return self.start_ms <= t_ms and (self.end_ms is None or t_ms < self.end_ms)

    def __repr__(self):
        return "Fault(%r, %r, %r, %r)" % (self.kind, self.start_ms, self.end_ms, self.params)


class Faults:
    """A set of faults applied to the traffic.

    :param faults: :class:`Fault` objects or ``(kind, start_ms, end_ms, params_dict)`` tuples
    :param seed: the random damage of ``garble``
    """

    def __init__(self, faults=(), seed=1):
        self.faults = []
        self.rng = random.Random(seed)
        self._decoder = J1939Decoder()
        self.last_ms = -1
        for f in faults:
            if isinstance(f, Fault):
                self.faults.append(f)
            else:
                self.add(f[0], f[1], f[2] if len(f) > 2 else None, **(f[3] if len(f) > 3 else {}))

    def add(self, kind, start_ms, end_ms=None, **params):
        """Schedule a fault. :returns: the :class:`Fault`"""
        f = Fault(kind, start_ms, end_ms, **params)
        self.faults.append(f)
        return f

    def start(self, kind, t_ms, **params):
        """Live: the fault begins now and lasts until :meth:`stop`."""
        return self.add(kind, t_ms, None, **params)

    def stop(self, kind, t_ms):
        """Live: end every open fault of ``kind`` at ``t_ms``."""
        for f in self.faults:
            if f.kind == kind and f.end_ms is None and f.start_ms <= t_ms:
                f.end_ms = t_ms

    def active(self, t_ms):
        """The faults in force at ``t_ms``."""
        return [f for f in self.faults if f.active(t_ms)]

    def clock_offset_s(self, t_ms):
        """How far the receiver's UTC is off at ``t_ms`` (the jumps in force)."""
        return sum(f.params["jump_s"] for f in self.faults
                   if f.kind == "clock_jump" and f.active(t_ms))

    def filter(self, events, t_ms):
        """The events of the window ending at ``t_ms`` as the faults leave them,
        with the ``power`` events of cuts beginning or ending in it.

        :param events: time-ordered ``(t_ms, kind, payload)`` up to ``t_ms``
        :returns: a new time-ordered list
        """
        out = []
        for ev in events:
            out.extend(self._one(ev))
        for f in self.faults:
            if f.kind != "power_cut":
                continue
            for at, on in ((f.start_ms, False), (f.end_ms, True)):
                if at is not None and at <= t_ms and on not in f._power_sent:
                    f._power_sent.add(on)
                    out.append((at, "power", on))
        self.last_ms = t_ms
        out.sort(key=lambda e: e[0])        # stable: the traffic keeps its order
        return out

    def _one(self, ev):
        t, kind, payload = ev
        faults = self.active(t) if self.faults else ()
        if not faults:
            return [ev]
        for f in faults:
            k, p = f.kind, f.params
            if kind == "nmea":
                if k == "gps_loss":
                    if p["mode"] == "silent":
                        return []
                    payload = _no_fix(payload)
                elif k == "clock_jump" and p["jump_s"]:
                    payload = _shift_time(payload, p["jump_s"])
                elif k == "motion_conflict" and p["side"] == "gps":
                    payload = _standing_nmea(payload)
            elif kind == "can":
                if k == "can_silence":
                    return []
                if k == "motion_conflict" and p["side"] == "can":
                    payload = self._standing_can(payload)
        for f in faults:
            if f.kind == "garble" and f.params["target"] in (kind, "both") \
                    and self.rng.random() < f.params["rate"]:
                payload = self._garble_nmea(payload) if kind == "nmea" else \
                    self._garble_can(payload) if kind == "can" else payload
        return [(t, kind, payload)]

    # -- CAN ---------------------------------------------------------------

    def _standing_can(self, frame):
        arbitration_id, data = frame
        pgn = pgn_of(arbitration_id)
        if pgn == PGN_CCVS1:
            return ccvs1_frame(0, source=arbitration_id & 0xFF, parking_brake=1)
        if pgn == PGN_TCO1:
            rec = self._decoder.push(arbitration_id, data)
            if rec is None:
                return frame
            d1 = WORK if rec.driver1 == DRIVE else rec.driver1
            d2 = WORK if rec.driver2 == DRIVE else rec.driver2
            return tco1_frame(speed=0, motion=0, driver1=d1, driver2=d2, overspeed=rec.overspeed,
                              direction=rec.direction, card1=rec.card1, card2=rec.card2,
                              source=rec.source)
        return frame

    def _garble_can(self, frame):
        arbitration_id, data = frame
        if self.rng.random() < 0.5 or pgn_of(arbitration_id) != PGN_CCVS1:
            return arbitration_id, bytes(data[:7])          # wrong length (J1939: 8 bytes)
        d = bytearray(data)
        d[1:3] = b"\x00\xfe"                                # speed 0xFE00: error indicator
        return arbitration_id, bytes(d)

    # -- NMEA --------------------------------------------------------------

    def _garble_nmea(self, s):
        star = s.find(b"*")
        if star < 3:
            return s
        how = self.rng.randint(0, 2)
        i = self.rng.randint(1, star - 1)
        if how == 0:                                        # a changed character
            c = s[i]
            new = c + 1 if c < 0x7E else c - 1
            if new in (0x2A, 0x24):                         # never make a * or a $
                new += 2
            return s[:i] + bytes((new,)) + s[i + 1:]
        if how == 1:                                        # cut short, no CR LF
            return s[:i]
        return s[:i] + b"\xff" + s[i + 1:]                  # a non-ASCII byte


def _split(s):
    """``(address, fields)`` of a well-formed sentence, else None."""
    text = s.decode("ascii", "replace").strip()
    star = text.rfind("*")
    if not text.startswith("$") or star < 0:
        return None
    parts = text[1:star].split(",")
    return parts[0], parts[1:]


def _join(address, fields):
    return sentence(",".join([address] + fields)).encode()


def _no_fix(s):
    got = _split(s)
    if got is None:
        return s
    address, f = got
    talker, kind = address[:2], address[2:]
    if kind == "RMC" and len(f) > 8:
        rmc = _split(no_fix_sentences(None, talker)[0])[1]
        rmc[0], rmc[8] = f[0], f[8]
        return _join(address, rmc)
    if kind == "VTG":
        return no_fix_sentences(None, talker)[1]
    if kind == "GGA" and f:
        gga = _split(no_fix_sentences(None, talker)[2])[1]
        gga[0] = f[0]
        return _join(address, gga)
    return s


def _shift_time(s, jump_s):
    got = _split(s)
    if got is None:
        return s
    address, f = got
    kind = address[2:]
    if kind not in ("RMC", "GGA") or not f or len(f[0]) < 6:
        return s
    hms, frac = f[0][:6], f[0][6:]
    sod = int(hms[:2]) * 3600 + int(hms[2:4]) * 60 + int(hms[4:6]) + jump_s
    days = 0
    if kind == "RMC" and len(f) > 8 and len(f[8]) == 6:
        d = f[8]
        days = days_from_civil(2000 + int(d[4:]), int(d[2:4]), int(d[:2]))
    days += sod // 86400
    sod %= 86400
    f = list(f)
    f[0] = "%02d%02d%02d%s" % (sod // 3600, sod // 60 % 60, sod % 60, frac)
    if kind == "RMC" and len(f) > 8 and len(f[8]) == 6:
        y, m, dd = civil_from_days(days)
        f[8] = "%02d%02d%02d" % (dd, m, y % 100)
    return _join(address, f)


def _standing_nmea(s):
    got = _split(s)
    if got is None:
        return s
    address, f = got
    kind = address[2:]
    if kind == "RMC" and len(f) > 6 and f[6]:
        f[6] = "0.000"
    elif kind == "VTG" and len(f) > 6:
        f[4] = "0.000" if f[4] else f[4]
        f[6] = "0.000" if f[6] else f[6]
    else:
        return s
    return _join(address, f)
