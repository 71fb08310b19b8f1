# Byte-level tests of the OBD-II speed request/response codec; CPython and MicroPython.
# SPDX-License-Identifier: MIT

from support import Rng, raises

from drivetime import obd2
from drivetime.obd2 import Obd2Decoder, ObdSpeed


def _total(dec):
    return dec.frames_ok + dec.frames_rejected + dec.frames_ignored


def test_speed_request_frames():
    assert obd2.speed_request() == (0x7DF, b"\x02\x01\x0d\x00\x00\x00\x00\x00")
    assert obd2.speed_request(extended=True) == (0x18DB33F1, b"\x02\x01\x0d\x00\x00\x00\x00\x00")
    assert obd2.speed_request(pad=0x55)[1] == b"\x02\x01\x0d\x55\x55\x55\x55\x55"


def test_response_from_each_ecu_address():
    dec = Obd2Decoder()
    assert dec.push(0x7E8, b"\x03\x41\x0d\x32\x00\x00\x00\x00") == ObdSpeed(0x7E8, 50 * 256)
    assert dec.push(0x7EF, b"\x03\x41\x0d\xff\xaa\xaa\xaa\xaa") == ObdSpeed(0x7EF, 255 * 256)
    assert dec.push(0x18DAF110, b"\x03\x41\x0d\x00\x55\x55\x55\x55") == ObdSpeed(0x18DAF110, 0)
    assert dec.push(0x18DAF118, b"\x03\x41\x0d\x5a\x00\x00\x00\x00", extended=True).speed == 90 * 256
    # ISO 15765-4 wants 8 bytes, but an adapter that strips padding is tolerated
    assert dec.push(0x7E9, b"\x03\x41\x0d\x07") == ObdSpeed(0x7E9, 7 * 256)
    # a multi-PID answer that starts with 0x0D still gives the speed
    assert dec.push(0x7E8, b"\x06\x41\x0d\x14\x0c\x1a\xf8\x00").speed == 20 * 256
    assert dec.frames_ok == 6 and dec.frames_rejected == 0 and dec.frames_ignored == 0


def test_encoder_round_trip():
    dec = Obd2Decoder()
    for kmh in range(256):
        assert dec.push(*obd2.speed_response(kmh, source=0x7E8 + kmh % 8)).speed == kmh * 256
    raises(ValueError, obd2.speed_response, 256)
    raises(ValueError, obd2.speed_response, -1)


def test_other_traffic_is_ignored():
    dec = Obd2Decoder()
    frames = (
        (0x7DF, b"\x02\x01\x0d\x00\x00\x00\x00\x00"),       # our own request
        (0x7E7, b"\x03\x41\x0d\x32\x00\x00\x00\x00"),       # a physical request id
        (0x7F0, b"\x03\x41\x0d\x32\x00\x00\x00\x00"),
        (0x18DAF210, b"\x03\x41\x0d\x32\x00\x00\x00\x00"),  # not addressed to the tester
        (0x18FEF100, b"\xf3\x00\x3c\xff\xff\xff\xff\xff"),  # J1939 traffic
        (0x7E8, b"\x04\x41\x0c\x1a\xf8\x00\x00\x00"),       # engine speed
        (0x7E8, b"\x10\x14\x49\x02\x01\x57\x30\x4c"),       # first frame of a VIN
        (0x7E8, b"\x21\x30\x30\x30\x30\x34\x33\x4d"),       # consecutive frame
        (0x7E8, b"\x03\x7f\x09\x11\x00\x00\x00\x00"),       # negative, other service
        (0x7E8, b"\x02\x50\x03\x00\x00\x00\x00\x00"),       # another service
    )
    for arb, data in frames:
        assert dec.push(arb, data) is None
    assert dec.push(0x7E8, b"\x03\x41\x0d\x32\0\0\0\0", extended=True) is None
    assert dec.push(0x18DAF110, b"\x03\x41\x0d\x32\0\0\0\0", extended=False) is None
    assert dec.frames_ignored == 12 and dec.frames_rejected == 0


def test_bad_frames_are_rejected_by_reason():
    dec = Obd2Decoder()
    assert dec.push(0x7E8, b"") is None                                  # length
    assert dec.push(0x7E8, b"\x03\x41\x0d\x32\x00\x00\x00\x00\x00") is None  # 9 bytes
    assert dec.push(0x7E8, b"\x03\x41\x0d") is None                      # short of PCI
    assert dec.push(0x7E8, b"\x02\x41\x0d\x32\x00\x00\x00\x00") is None  # no data byte
    assert dec.push(0x7E8, b"\x00\x41\x0d\x32\x00\x00\x00\x00") is None  # pci 0
    assert dec.push(0x7E8, b"\x08\x41\x0d\x32\x00\x00\x00\x00") is None  # pci 8
    assert dec.push(0x7E8, b"\x03\x7f\x01\x12\x00\x00\x00\x00") is None  # refused
    assert dec.rejected == {"length": 4, "pci": 2, "negative_response": 1}
    for bad_id in (-1, 1 << 29, None, "7E8"):
        assert dec.push(bad_id, b"\x03\x41\x0d\x32\0\0\0\0") is None
    for bad in (None, 3, "\x03\x41\x0d\x32", [3, 0x41, 13, 999]):
        assert dec.push(0x7E8, bad) is None
    assert dec.rejected["bad_id"] == 4 and dec.rejected["malformed"] == 4
    assert dec.frames_ok == 0 and _total(dec) == 15


def test_mutated_frames_are_counted_and_never_raise():
    dec = Obd2Decoder()
    rng = Rng(13)
    n = 0
    for _ in range(600):
        arb, data = obd2.speed_response(rng.randint(0, 255), source=rng.choice((0x7E8, 0x18DAF110)))
        data = bytearray(data)
        kind = rng.randint(0, 4)
        if kind == 0:
            data[rng.randint(0, 7)] = rng.randint(0, 255)
        elif kind == 1:
            data = data[:rng.randint(0, 8)]
        elif kind == 2:
            data.append(rng.randint(0, 255))
        elif kind == 3:
            arb ^= 1 << rng.randint(0, 28)
        else:
            data[0] = rng.randint(0, 255)
        rec = dec.push(arb, bytes(data))
        n += 1
        assert rec is None or (isinstance(rec, ObdSpeed) and 0 <= rec.speed <= 255 * 256)
        assert _total(dec) == n
    assert dec.frames_rejected > 50 and dec.frames_ignored > 20
    assert sum(dec.rejected.values()) == dec.frames_rejected
    assert dec.push(*obd2.speed_response(88)) == ObdSpeed(0x7E8, 88 * 256)


def test_stats_reports_every_counter():
    dec = Obd2Decoder()
    dec.push(*obd2.speed_response(1))
    dec.push(0x7E8, b"\x00")
    dec.push(0x7DF, b"\x02\x01\x0d\0\0\0\0\0")
    assert dec.stats() == {"ok": 1, "rejected": 1, "ignored": 1, "rejected_pci": 1}
