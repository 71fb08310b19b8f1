# Byte-level tests of the J1939 decoder (CCVS1, TCO1); run under CPython and MicroPython.
# SPDX-License-Identifier: MIT

from support import Rng, raises

from drivetime import j1939
from drivetime.j1939 import J1939Decoder, Ccvs1, Tco1

CCVS1_ID = 0x18FEF100   # priority 6, PGN 0xFEF1, source 0x00 (engine)
TCO1_ID = 0x0CFE6CEE    # priority 3, PGN 0xFE6C, source 0xEE (tachograph)


def _total(dec):
    return dec.frames_ok + dec.frames_rejected + dec.frames_ignored


def test_pgn_of_pdu2_keeps_the_group_extension():
    assert j1939.pgn_of(CCVS1_ID) == 65265
    assert j1939.pgn_of(TCO1_ID) == 65132
    assert j1939.pgn_of(0x0CF00400) == 61444        # EEC1: PF 0xF0 = 240 is PDU2
    assert j1939.pgn_of(0x19FEF100) == 0x1FEF1      # data page 1 is part of the PGN
    assert j1939.pgn_of(0x1BFEF100) == 0x3FEF1      # and so is EDP
    assert j1939.source_of(TCO1_ID) == 0xEE
    assert j1939.priority_of(TCO1_ID) == 3
    assert j1939.priority_of(CCVS1_ID) == 6


def test_pgn_of_pdu1_drops_the_destination():
    assert j1939.pgn_of(0x18EA00F9) == 59904        # Request, to address 0x00
    assert j1939.pgn_of(0x18EAFFF9) == 59904        # the same, to global
    assert j1939.pgn_of(0x18EFFF00) == 0xEF00       # PF 239 is still PDU1


def test_frame_id_builds_both_formats():
    assert j1939.frame_id(65265, 0x00) == CCVS1_ID
    assert j1939.frame_id(65132, 0xEE, priority=3) == TCO1_ID
    assert j1939.frame_id(59904, 0xF9, destination=0x00) == 0x18EA00F9
    raises(ValueError, j1939.frame_id, 59905, 0xF9)  # PDU1 PGN with a PS byte
    raises(ValueError, j1939.frame_id, 65265, 256)
    raises(ValueError, j1939.frame_id, 65265, 0, 8)
    raises(ValueError, j1939.frame_id, 1 << 18, 0)


def test_ccvs1_speed_and_parking_brake():
    dec = J1939Decoder()
    # byte 1 0xF7: parking brake switch (bits 3-4) = 01 set; 0x3C00/256 = 60 km/h
    rec = dec.push(CCVS1_ID, b"\xf7\x00\x3c\xff\xff\xff\xff\xff")
    assert rec == Ccvs1(0x00, 15360, 1)
    assert rec.speed // j1939.SPEED_PER_KMH == 60
    rec = dec.push(0x18FEF117, bytearray(b"\xf3\x80\x00\x00\x00\x00\x00\x00"))
    assert rec == Ccvs1(0x17, 0x80, 0)              # 0.5 km/h from the cluster
    rec = dec.push(CCVS1_ID, memoryview(b"\xff\xff\xfa\xff\xff\xff\xff\xff"))
    assert rec.speed == 0xFAFF and rec.parking_brake is None   # 250.996 km/h
    assert dec.frames_ok == 3 and dec.frames_rejected == 0


def test_ccvs1_without_speed_is_rejected_by_reason():
    dec = J1939Decoder()
    assert dec.push(CCVS1_ID, b"\xff\xff\xff\xff\xff\xff\xff\xff") is None
    assert dec.push(CCVS1_ID, b"\xff\x00\xff\xff\xff\xff\xff\xff") is None
    assert dec.push(CCVS1_ID, b"\xff\x00\xfe\xff\xff\xff\xff\xff") is None
    assert dec.push(CCVS1_ID, b"\xff\x00\xfb\xff\xff\xff\xff\xff") is None   # reserved
    assert dec.rejected == {"not_available": 2, "error": 2}
    assert dec.frames_rejected == 4 and dec.frames_ok == 0


def test_wrong_length_is_rejected():
    dec = J1939Decoder()
    assert dec.push(CCVS1_ID, b"\xf3\x00\x3c\xff\xff\xff\xff") is None
    assert dec.push(TCO1_ID, b"\x43\x10\x00\x00\xff\xff\x00\x20\x00") is None
    assert dec.push(TCO1_ID, b"") is None
    assert dec.rejected == {"length": 3}


def test_tco1_states_and_speed():
    dec = J1939Decoder()
    # byte 1: driver 1 drive (011), driver 2 rest (000), motion detected (01)
    # byte 2: driver 1 card present (bits 5-6 = 01), no overspeed (00)
    # byte 4: direction forward; bytes 7-8: 0x2000 / 256 = 32 km/h
    rec = dec.push(TCO1_ID, b"\x43\x10\x00\x00\xff\xff\x00\x20")
    assert rec == Tco1(0xEE, 1, 3, 0, 0, 0, 0x2000, 1, 0)
    assert rec.driver1 == j1939.DRIVE and rec.driver2 == j1939.REST
    # co-driver available (001), driver 1 work (010), stopped; overspeed, reverse
    rec = dec.push(TCO1_ID, b"\x0a\x5f\x1f\xff\xff\xff\x00\x00")
    assert rec == Tco1(0xEE, 0, j1939.WORK, j1939.AVAILABILITY, 1, None, 0, 1, 1)
    rec = dec.push(TCO1_ID, b"\x0a\x5f\x1f\x7f\xff\xff\x00\x00")
    assert rec.direction == 1


def test_tco1_unavailable_fields_decode_to_none():
    dec = J1939Decoder()
    # working states 4 (reserved) and 6 (error), motion error, speed not available
    rec = dec.push(TCO1_ID, b"\xb4\xff\xff\xff\xff\xff\xff\xff")
    assert rec is None and dec.rejected == {"not_available": 1}
    rec = dec.push(TCO1_ID, b"\xff\xff\xff\xff\xff\xff\x01\xfe")   # speed error only
    assert rec is None and dec.rejected == {"not_available": 2}
    rec = dec.push(TCO1_ID, b"\xff\xff\xff\xff\xff\xff\x00\x01")
    assert rec == Tco1(0xEE, None, None, None, None, None, 256, None, None)
    rec = dec.push(TCO1_ID, b"\x7b\xff\xff\xff\xff\xff\xff\xff")   # motion 01, drivers 3/7
    assert rec.motion == 1 and rec.driver1 == 3 and rec.driver2 is None
    assert rec.speed is None


def test_other_groups_and_11_bit_frames_are_ignored_not_rejected():
    dec = J1939Decoder()
    assert dec.push(0x0CF00400, b"\xff" * 8) is None               # EEC1
    assert dec.push(0x18FEF200, b"\xff" * 3) is None               # LFE, short
    assert dec.push(0x19FEF100, b"\xf3\x00\x3c\xff\xff\xff\xff\xff") is None  # DP 1
    assert dec.push(0x7E8, b"\x03\x41\x0d\x32\0\0\0\0", extended=False) is None
    assert dec.push(CCVS1_ID, b"\xf3\x00\x3c\xff\xff\xff\xff\xff", extended=False) is None
    assert dec.frames_ignored == 5 and dec.frames_rejected == 0 and dec.frames_ok == 0


def test_bad_ids_and_payloads_never_raise():
    dec = J1939Decoder()
    for bad_id in (-1, 1 << 29, None, "18FEF100", 1.5):
        assert dec.push(bad_id, b"\xf3\x00\x3c\xff\xff\xff\xff\xff") is None
    assert dec.rejected == {"bad_id": 5}
    for bad in (None, 8, "abcdefgh", [1, 2, 3, 4, 5, 6, 7, 300], object()):
        assert dec.push(CCVS1_ID, bad) is None
    assert dec.rejected["malformed"] == 5
    assert dec.frames_ok == 0 and _total(dec) == 10


def test_encoders_round_trip():
    dec = J1939Decoder()
    rng = Rng(1939)
    for _ in range(200):
        speed = rng.randint(0, j1939.SPEED_MAX)
        pb = rng.choice((None, 0, 1))
        src = rng.randint(0, 255)
        assert dec.push(*j1939.ccvs1_frame(speed, source=src, parking_brake=pb)) == \
            Ccvs1(src, speed, pb)
        fields = [rng.choice((None, 0, 1)), rng.choice((None, 0, 1, 2, 3)),
                  rng.choice((None, 0, 1, 2, 3)), rng.choice((None, 0, 1)),
                  rng.choice((None, 0, 1)), rng.choice((None, speed)),
                  rng.choice((None, 0, 1)), rng.choice((None, 0, 1))]
        if fields[0] is None and fields[1] is None and fields[2] is None:
            fields[5] = speed
        rec = dec.push(*j1939.tco1_frame(motion=fields[0], driver1=fields[1],
                                         driver2=fields[2], overspeed=fields[3],
                                         direction=fields[4], speed=fields[5],
                                         card1=fields[6], card2=fields[7]))
        assert rec == Tco1(0xEE, *fields)
    assert dec.frames_ok == 400 and dec.frames_rejected == 0


def test_encoders_refuse_out_of_range_values():
    raises(ValueError, j1939.ccvs1_frame, 0xFB00)
    raises(ValueError, j1939.ccvs1_frame, -1)
    raises(ValueError, j1939.ccvs1_frame, 100, parking_brake=4)
    raises(ValueError, j1939.tco1_frame, driver1=8)
    raises(ValueError, j1939.tco1_frame, motion=-1)
    arb, data = j1939.ccvs1_frame(None)
    assert arb == CCVS1_ID and data == b"\xff" * 8


def _mutate(rng, arb, data):
    data = bytearray(data)
    kind = rng.randint(0, 5)
    if kind == 0:
        data[rng.randint(0, len(data) - 1)] = rng.randint(0, 255)
    elif kind == 1:
        data[rng.randint(0, len(data) - 1)] ^= 1 << rng.randint(0, 7)
    elif kind == 2:
        data = data[:rng.randint(0, len(data))]
    elif kind == 3:
        data = data + bytes((rng.randint(0, 255),)) * rng.randint(1, 8)
    elif kind == 4:
        arb ^= 1 << rng.randint(0, 28)
    else:
        data = bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 12)))
    return arb, bytes(data)


def test_mutated_frames_are_counted_and_never_raise():
    dec = J1939Decoder()
    rng = Rng(65265)
    valid = (j1939.ccvs1_frame(12345), j1939.tco1_frame(speed=2000, motion=1, driver1=3))
    n = 0
    for _ in range(600):
        arb, data = rng.choice(valid)
        rec = dec.push(*_mutate(rng, arb, data))
        n += 1
        assert rec is None or isinstance(rec, (Ccvs1, Tco1))
        assert _total(dec) == n
    assert dec.frames_rejected > 50
    assert dec.frames_ignored > 10
    assert sum(dec.rejected.values()) == dec.frames_rejected
    assert "length" in dec.rejected
    # a decoder that has eaten garbage still decodes good frames
    ok = dec.frames_ok
    assert dec.push(*valid[0]) == Ccvs1(0, 12345, None)
    assert dec.push(*valid[1]).speed == 2000
    assert dec.frames_ok == ok + 2


def test_random_payloads_decode_consistently():
    # every 8-byte CCVS1 payload either decodes to its bytes 2-3 or is rejected
    dec = J1939Decoder()
    rng = Rng(84)
    for _ in range(300):
        data = bytes(rng.randint(0, 255) for _ in range(8))
        raw = data[1] | data[2] << 8
        rec = dec.push(CCVS1_ID, data)
        assert (rec is None) == (raw > 0xFAFF)
        assert rec is None or rec.speed == raw


def test_stats_reports_every_counter():
    dec = J1939Decoder()
    dec.push(*j1939.ccvs1_frame(1))
    dec.push(CCVS1_ID, b"\x00")
    dec.push(0x0CF00400, b"\x00" * 8)
    assert dec.stats() == {"ok": 1, "rejected": 1, "ignored": 1, "rejected_length": 1}
