# Decode the J1939 frames that carry vehicle speed and tachograph state (CCVS1, TCO1).
# SPDX-License-Identifier: MIT
"""SAE J1939 decoding for the two parameter groups the unit listens to.

A frame is pushed as ``(arbitration_id, data)``: the 29-bit identifier as an
int and the payload as bytes, the way python-can and an MCP2515 driver hand
them over. Nothing here reads a bus.

Identifier (SAE J1939-21 §5.2): priority bits 28-26, extended data page
(EDP, "reserved") bit 25, data page (DP) bit 24, PDU format (PF) bits 23-16,
PDU specific (PS) bits 15-8, source address (SA) bits 7-0. When PF < 240
(PDU1) PS is a destination address and not part of the PGN; when PF >= 240
(PDU2) PS is the group extension and belongs to the PGN.

Speeds are integers in 1/256 km/h, the resolution of SPN 84 and SPN 1624
(:data:`SPEED_PER_KMH`); the NMEA and OBD-II decoders use the same unit.

Parameter ranges (SAE J1939-71 §5.1.4): a 16-bit value from 0xFE00 is an
error indicator, from 0xFF00 "not available"; 0xFB00-0xFDFF are reserved.
A 2-bit state of 2 is an error, 3 not available; a 3-bit state of 6 is an
error, 7 not available. Every such value decodes to ``None``.

Bad frames are counted per reason in :attr:`J1939Decoder.rejected` and
dropped; other parameter groups are counted as ignored, not rejected.
"""

from collections import namedtuple

from drivetime.framecount import FrameCounters

try:
    from micropython import const
except ImportError:  # CPython
    def const(x):
        return x

PGN_CCVS1 = const(65265)    # 0xFEF1 Cruise Control/Vehicle Speed 1
PGN_TCO1 = const(65132)     # 0xFE6C Tachograph 1
SPEED_PER_KMH = const(256)  # speed unit: 1/256 km/h
SPEED_MAX = const(0xFAFF)   # 250.996 km/h, the largest valid 16-bit value

SA_TACHOGRAPH = const(0xEE)  # J1939 preferred source address of the tachograph
SA_ENGINE = const(0x00)

# Driver working state, SPN 1612/1613 (as the tachograph numbers activities).
REST = const(0)
AVAILABILITY = const(1)
WORK = const(2)
DRIVE = const(3)

_FRAME_LEN = const(8)
_ID_MAX = const(0x1FFFFFFF)

Ccvs1 = namedtuple("Ccvs1", ("source", "speed", "parking_brake"))
"""CCVS1 (PGN 65265) as decoded.

:param source: source address of the sender (0-255)
:param speed: SPN 84 wheel-based vehicle speed, 1/256 km/h (never ``None``:
    a frame without a speed is rejected)
:param parking_brake: SPN 70 parking brake switch, 0 off, 1 set, or ``None``
"""

Tco1 = namedtuple("Tco1", ("source", "motion", "driver1", "driver2", "overspeed",
                           "direction", "speed", "card1", "card2"))
"""TCO1 (PGN 65132) as decoded; any field may be ``None`` (error/not available).

:param motion: SPN 1611 vehicle motion, 0 not detected, 1 detected
:param driver1: SPN 1612 driver 1 working state (:data:`REST` .. :data:`DRIVE`)
:param driver2: SPN 1613 driver 2 working state
:param overspeed: SPN 1614 vehicle overspeed, 0 no, 1 yes
:param direction: SPN 1619 direction indicator, 0 forward, 1 reverse
:param speed: SPN 1624 tachograph vehicle speed, 1/256 km/h
:param card1: SPN 1615 driver 1 card, 0 not present, 1 present
:param card2: SPN 1616 driver 2 card
"""


def pgn_of(arbitration_id):
    """Return the parameter group number of a 29-bit identifier (J1939-21 §5.1.2).

    The PGN holds EDP, DP, PF and, for PDU2 formats (PF >= 240) only, PS.
    """
    pgn = (arbitration_id >> 8) & 0x3FFFF
    if (pgn >> 8) & 0xFF < 240:
        pgn &= 0x3FF00
    return pgn


def source_of(arbitration_id):
    """Return the source address (bits 7-0) of a 29-bit identifier."""
    return arbitration_id & 0xFF


def priority_of(arbitration_id):
    """Return the priority (bits 28-26, 0 highest) of a 29-bit identifier."""
    return (arbitration_id >> 26) & 7


def frame_id(pgn, source, priority=6, destination=0xFF):
    """Build a 29-bit identifier for ``pgn`` sent by ``source``.

    :param destination: destination address, used only for PDU1 PGNs
    :raises ValueError: for an out-of-range argument
    """
    if not (0 <= pgn <= 0x3FFFF and 0 <= source <= 255 and 0 <= priority <= 7
            and 0 <= destination <= 255):
        raise ValueError("bad J1939 identifier field")
    if (pgn >> 8) & 0xFF < 240:
        if pgn & 0xFF:
            raise ValueError("PDU1 PGN with a non-zero PS byte")
        pgn |= destination
    return (priority << 26) | (pgn << 8) | source


def _field(value, mask):
    """Encode a state field: ``None`` becomes all ones (not available)."""
    if value is None:
        return mask
    if not 0 <= value <= mask:
        raise ValueError("state out of range: %r" % (value,))
    return value


def _speed_bytes(speed):
    if speed is None:
        return b"\xff\xff"
    if not 0 <= speed <= SPEED_MAX:
        raise ValueError("speed out of range (0..0xFAFF): %r" % (speed,))
    return bytes((speed & 0xFF, speed >> 8))


def ccvs1_frame(speed, source=SA_ENGINE, priority=6, parking_brake=None):
    """Encode a CCVS1 frame; the simulator's generator and the tests use it.

    Parameters not given are sent as "not available" (all ones).

    :param speed: SPN 84 in 1/256 km/h (0..0xFAFF), or ``None``
    :returns: ``(arbitration_id, data)``
    :raises ValueError: for an out-of-range argument
    """
    b0 = 0xF3 | (_field(parking_brake, 3) << 2)
    data = bytes((b0,)) + _speed_bytes(speed) + b"\xff" * 5
    return frame_id(PGN_CCVS1, source, priority), data


def tco1_frame(speed=None, motion=None, driver1=None, driver2=None, overspeed=None,
               direction=None, card1=None, card2=None, source=SA_TACHOGRAPH,
               priority=3):
    """Encode a TCO1 frame (fields as in :class:`Tco1`; ``None`` = not available).

    :returns: ``(arbitration_id, data)``
    :raises ValueError: for an out-of-range argument
    """
    b0 = _field(driver1, 7) | (_field(driver2, 7) << 3) | (_field(motion, 3) << 6)
    b1 = 0x0F | (_field(card1, 3) << 4) | (_field(overspeed, 3) << 6)
    b2 = 0x0F | (_field(card2, 3) << 4)
    b3 = 0x3F | (_field(direction, 3) << 6)
    data = bytes((b0, b1, b2, b3, 0xFF, 0xFF)) + _speed_bytes(speed)
    return frame_id(PGN_TCO1, source, priority), data


def _as_bytes(data):
    """Return a CAN payload as bytes-like; raise TypeError for anything else.

    An int or a str is refused: ``bytes(8)`` would be eight zero bytes.
    """
    if isinstance(data, (bytes, bytearray)):
        return data
    if isinstance(data, (int, str)):
        raise TypeError("payload must be bytes")
    return bytes(memoryview(data))


def _state2(v):
    """A 2-bit state: 0 or 1, else (error, not available) ``None``."""
    return v if v < 2 else None


def _state3(v):
    """A 3-bit working state: 0..3, else (reserved, error, n/a) ``None``."""
    return v if v < 4 else None


def _speed(lo, hi):
    v = lo | (hi << 8)
    return v if v <= SPEED_MAX else None


class J1939Decoder(FrameCounters):
    """Decode CCVS1 and TCO1 frames pushed to it; count and drop the bad ones.

    Counters: :attr:`frames_ok`, :attr:`frames_rejected` (with a count per
    reason in :attr:`rejected`: ``"bad_id"``, ``"malformed"``, ``"length"``,
    ``"not_available"``, ``"error"``) and :attr:`frames_ignored` (11-bit
    frames and parameter groups other than CCVS1 and TCO1).
    """

    def push(self, arbitration_id, data, extended=True):
        """Decode one frame.

        :param arbitration_id: the 29-bit identifier
        :param data: the payload (bytes, bytearray or memoryview)
        :param extended: ``False`` for an 11-bit frame, which J1939 never uses
        :returns: a :class:`Ccvs1` or :class:`Tco1`, or ``None`` when the frame
            is ignored or rejected; never raises
        """
        try:
            if not isinstance(arbitration_id, int) or not 0 <= arbitration_id <= _ID_MAX:
                return self._reject("bad_id")
            if not extended:
                self.frames_ignored += 1
                return None
            pgn = pgn_of(arbitration_id)
            if pgn == PGN_CCVS1:
                rec = self._ccvs1(arbitration_id & 0xFF, _as_bytes(data))
            elif pgn == PGN_TCO1:
                rec = self._tco1(arbitration_id & 0xFF, _as_bytes(data))
            else:
                self.frames_ignored += 1
                return None
        except Exception:  # noqa: BLE001 - a bad frame must never reach the caller
            return self._reject("malformed")
        if rec is not None:
            self.frames_ok += 1
        return rec

    def _ccvs1(self, sa, d):
        """CCVS1, J1939-71: SPN 70 byte 1 bits 3-4; SPN 84 bytes 2-3, LSB first."""
        if len(d) != _FRAME_LEN:
            return self._reject("length")
        raw = d[1] | (d[2] << 8)
        if raw >= 0xFF00:
            return self._reject("not_available")
        if raw > SPEED_MAX:
            return self._reject("error")  # error indicator or reserved range
        return Ccvs1(sa, raw, _state2((d[0] >> 2) & 3))

    def _tco1(self, sa, d):
        """TCO1, J1939-71: byte 1 SPN 1612 bits 1-3, SPN 1613 bits 4-6, SPN 1611
        bits 7-8; byte 2 SPN 1615 bits 5-6, SPN 1614 bits 7-8; byte 3 SPN 1616
        bits 5-6; byte 4 SPN 1619 bits 7-8; SPN 1624 bytes 7-8, LSB first."""
        if len(d) != _FRAME_LEN:
            return self._reject("length")
        b0 = d[0]
        rec = Tco1(sa, _state2(b0 >> 6), _state3(b0 & 7), _state3((b0 >> 3) & 7),
                   _state2(d[1] >> 6), _state2(d[3] >> 6), _speed(d[6], d[7]),
                   _state2((d[1] >> 4) & 3), _state2((d[2] >> 4) & 3))
        if rec.motion is None and rec.speed is None and rec.driver1 is None \
                and rec.driver2 is None:
            return self._reject("not_available")
        return rec
