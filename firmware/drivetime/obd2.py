# Ask for and decode OBD-II vehicle speed (service 01, PID 0x0D) over ISO 15765-4 CAN.
# SPDX-License-Identifier: MIT
"""OBD-II vehicle speed for vans and cars without a J1939 bus.

ISO 15765-4 (diagnostics on CAN) carries SAE J1979 / ISO 15031-5 services in
ISO 15765-2 single frames: byte 0 is the protocol control information (PCI,
high nibble 0 = single frame, low nibble = number of payload bytes), then
the payload, padded to eight bytes.

- request, functional address: 11-bit 0x7DF, or 29-bit 0x18DB33F1;
  payload ``01 0D`` (service 01 "current data", PID 0x0D vehicle speed).
- response: 11-bit 0x7E8-0x7EF (ECU #1-#8), or 29-bit 0x18DAF1xx
  (xx = the ECU's address); payload ``41 0D A`` with A = speed in km/h
  (0-255, 1 km/h per bit, SAE J1979 PID 0x0D).
- a negative response is ``7F 01 NRC``.

Speeds come out in 1/256 km/h (:data:`SPEED_PER_KMH`), the unit of the J1939
and NMEA decoders. Nothing here touches a bus: the port sends the frame
from :func:`speed_request` and pushes what comes back into
:meth:`Obd2Decoder.push`.
"""

from collections import namedtuple

from drivetime.framecount import FrameCounters

try:
    from micropython import const
except ImportError:  # CPython
    def const(x):
        return x

REQUEST_ID = const(0x7DF)
REQUEST_ID_EXT = const(0x18DB33F1)
RESPONSE_ID_FIRST = const(0x7E8)
RESPONSE_ID_LAST = const(0x7EF)
RESPONSE_ID_EXT_BASE = const(0x18DAF100)  # | ECU address
SERVICE_CURRENT_DATA = const(0x01)
PID_VEHICLE_SPEED = const(0x0D)
SPEED_PER_KMH = const(256)  # speed unit: 1/256 km/h

_POSITIVE = const(0x40)     # response service = request service + 0x40
_NEGATIVE = const(0x7F)

ObdSpeed = namedtuple("ObdSpeed", ("source", "speed"))
"""A vehicle-speed response.

:param source: arbitration id of the responding ECU (0x7E8.., 0x18DAF1xx)
:param speed: vehicle speed in 1/256 km/h (a multiple of 256)
"""


def speed_request(extended=False, pad=0x00):
    """Return the functional request for PID 0x0D as ``(arbitration_id, data)``.

    :param extended: use the 29-bit identifier 0x18DB33F1 instead of 0x7DF
    :param pad: padding byte for the unused bytes of the 8-byte frame
    """
    data = bytes((0x02, SERVICE_CURRENT_DATA, PID_VEHICLE_SPEED)) + bytes((pad,)) * 5
    return (REQUEST_ID_EXT if extended else REQUEST_ID), data


def speed_response(kmh, source=RESPONSE_ID_FIRST, pad=0x00):
    """Encode a response frame for ``kmh`` (0-255); the simulator and tests use it.

    :raises ValueError: for a speed out of range
    """
    if not 0 <= kmh <= 255:
        raise ValueError("OBD-II speed is 0..255 km/h")
    return source, bytes((0x03, SERVICE_CURRENT_DATA | _POSITIVE, PID_VEHICLE_SPEED,
                          kmh)) + bytes((pad,)) * 4


def is_response_id(arbitration_id):
    """True for the identifiers ISO 15765-4 assigns to ECU responses."""
    return (RESPONSE_ID_FIRST <= arbitration_id <= RESPONSE_ID_LAST
            or arbitration_id & 0x1FFFFF00 == RESPONSE_ID_EXT_BASE)


def _as_bytes(data):
    """Return a payload as bytes-like; an int or str is refused (TypeError)."""
    if isinstance(data, (bytes, bytearray)):
        return data
    if isinstance(data, (int, str)):
        raise TypeError("payload must be bytes")
    return bytes(memoryview(data))


class Obd2Decoder(FrameCounters):
    """Decode vehicle-speed responses pushed to it; count and drop the bad ones.

    Counters: :attr:`frames_ok`; :attr:`frames_rejected` with a count per
    reason in :attr:`rejected` (``"bad_id"``, ``"malformed"``, ``"length"``
    for a frame shorter than its PCI says or a speed response without its
    data byte, ``"pci"`` for an invalid single-frame length,
    ``"negative_response"`` when an ECU refuses service 01); and
    :attr:`frames_ignored` (other identifiers, multi-frame segments, other
    services and PIDs).
    """

    def push(self, arbitration_id, data, extended=None):
        """Decode one frame.

        :param arbitration_id: the 11- or 29-bit identifier
        :param data: the payload (bytes, bytearray or memoryview)
        :param extended: the frame's IDE flag when known; ``None`` infers it
            from the identifier (the 11- and 29-bit response ranges are disjoint)
        :returns: an :class:`ObdSpeed`, or ``None``; never raises
        """
        try:
            if not isinstance(arbitration_id, int) or not 0 <= arbitration_id <= 0x1FFFFFFF:
                return self._reject("bad_id")
            if extended is not None and bool(extended) != (arbitration_id > 0x7FF):
                return self._ignore()
            if not is_response_id(arbitration_id):
                return self._ignore()
            rec = self._decode(arbitration_id, _as_bytes(data))
        except Exception:  # noqa: BLE001 - a bad frame must never reach the caller
            return self._reject("malformed")
        if rec is not None:
            self.frames_ok += 1
        return rec

    def _decode(self, source, d):
        if not 1 <= len(d) <= 8:
            return self._reject("length")
        pci = d[0]
        if pci >> 4:
            return self._ignore()   # first/consecutive/flow-control frame
        n = pci & 0x0F
        if not 1 <= n <= 7:
            return self._reject("pci")
        if len(d) < 1 + n:
            return self._reject("length")
        service = d[1]
        if service == _NEGATIVE:
            if n >= 2 and d[2] == SERVICE_CURRENT_DATA:
                return self._reject("negative_response")
            return self._ignore()
        if service != SERVICE_CURRENT_DATA | _POSITIVE or n < 2 \
                or d[2] != PID_VEHICLE_SPEED:
            return self._ignore()
        if n < 3:
            return self._reject("length")
        return ObdSpeed(source, d[3] * SPEED_PER_KMH)
