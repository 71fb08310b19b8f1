# Journal codec: round trip of every kind, byte layout, chain tamper detection, resync.
# SPDX-License-Identifier: MIT
import os
import struct
import sys
from binascii import crc32

from drivetime import journal as J
from drivetime.journal_kinds import KINDS
from support import raises

KEY = b"unit-secret-0001"
T0 = 29552640           # 2026-03-09 00:00Z in UTC minutes (20524 days * 1440)

# One sample of every kind, as the unit (drivetime.unit Log fields) would give them.
SAMPLES = (
    ("activity", {"start": T0 + 3, "activity": "driving", "flags": 1}),
    ("select", {"activity": "other_work"}),
    ("manual", {"start": T0 - 600, "end": T0 - 30, "activity": "break_rest"}),
    ("crew", {"crew": "multi"}),
    ("day", {"event": "start", "country": "DE"}),
    ("flags", {"ferry": True, "out_of_scope": False}),
    ("time_adjust", {"old": (T0 + 2, 59), "new": (T0 + 5, 1), "source": "gps"}),
    ("motion_conflict", {"on": True}),
    ("fault", {"fault": "gps_lost", "on": False}),
    ("warning", {"code": "continuous_driving", "level": "pre"}),
    ("ack", {"code": "continuous_driving", "level": "limit"}),
    ("offer", {"start": T0 - 700, "end": T0 - 5, "accepted": True}),
    ("lang", {"lang": "de"}),
    ("buzzer", {"on": False}),
    ("country", {"country": "FR"}),
    ("position", {"lat": 24250, "lon": -2222, "reason": "3h"}),   # Madrid 40.4168 N 3.7038 W, 1/600 deg
    ("power", {"on": True}),
    ("driver", {"card": "DF000012345678", "name": "Jürgen Ö."}),
    ("auth_fail", {"reason": "replayed answer"}),
)


# Kinds added after every_kind_v1.bin was fixed (that file must not change): their own golden file.
SAMPLES_20 = (
    ("config", {"key": "local_offset_min", "value": "60"}),
    ("config", {"key": "driver_name", "value": "Zoë Ångström"}),
    ("lost", {"first": 1, "last": 1}),
    ("lost", {"first": 200, "last": 70000}),        # varints of 2 and 3 bytes
)


def sample_journal(key=KEY, samples=SAMPLES):
    """START, every sample kind one minute apart, SEAL; returns [START, record bytes..., SEAL]."""
    w = J.Writer(key, 0, T0)
    parts = [w.start()]
    for i, (kind, fields) in enumerate(samples):
        parts.append(w.record(kind, T0 + 10 + i, fields))
    parts.append(w.seal())
    return parts


def test_every_kind_has_a_sample():
    assert sorted(set(k for k, _ in SAMPLES + SAMPLES_20)) == sorted(v[0] for v in KINDS.values())


def test_round_trip_the_later_kinds():
    recs, problems = J.verify_chain(b"".join(sample_journal(samples=SAMPLES_20)), KEY)
    assert problems == [] and all(r.ok for r in recs)
    assert [(r.kind, r.fields) for r in recs] == list(SAMPLES_20)


def test_config_and_lost_layouts_by_hand():
    # docs/log-format.md: config = code 20, key `s`, value `s`; lost = code 21, first and
    # last as varints. Body = seq8 1 | dmin zigzag(+1) = 2 | payload.
    w = J.Writer(KEY, 0, T0)
    raw = w.record("config", T0 + 1, {"key": "lang", "value": "de"})
    body = bytes((1, 2, 4)) + b"lang" + bytes((2,)) + b"de"       # 10 bytes: L = 7, length byte
    head = bytes((20 << 3 | 7, len(body))) + body
    assert raw == head + struct.pack("<H", crc32(head) & 0xFFFF)
    raw = w.record("lost", T0 + 1, {"first": 5, "last": 300})
    body = bytes((2, 0, 5, 0xAC, 0x02))                           # 300 = 0b10_0101100 -> AC 02
    head = bytes((21 << 3 | (len(body) - 2),)) + body
    assert raw == head + struct.pack("<H", crc32(head) & 0xFFFF)
    raises(ValueError, w.record, "lost", T0, {"first": -1, "last": 3})


def test_round_trip_every_kind():
    recs, problems = J.verify_chain(b"".join(sample_journal()), KEY)
    assert problems == []
    assert [(r.kind, r.fields) for r in recs] == list(SAMPLES)
    assert [r.seq for r in recs] == list(range(1, len(SAMPLES) + 1))
    assert [r.minute for r in recs] == [T0 + 10 + i for i in range(len(SAMPLES))]
    assert all(r.ok for r in recs)


def test_select_record_layout_by_hand():
    # docs/log-format.md: head = kind 2 << 3 | (body 3 bytes - 2) = 0x11; seq8 1;
    # dmin zigzag(1) = 2; activity "availability" = index 1; then crc16 of those.
    w = J.Writer(KEY, 0, T0)
    raw = w.record("select", T0 + 1, {"activity": "availability"})
    head = bytes((0x11, 1, 2, 1))
    assert raw == head + struct.pack("<H", crc32(head) & 0xFFFF)


def test_anchor_layouts():
    w = J.Writer(KEY, 7, T0, b"\x11" * 16)
    start, seal = w.start(), w.seal()
    # START: head 30 << 3 | 7 = 0xF7, length 27 (magic 2, version 1, seq 4, minute 4, mac 16).
    assert len(start) == 2 + 27 + 2 and start[:5] == b"\xf7\x1bDJ\x01"
    assert start[5:13] == struct.pack("<II", 7, T0) and start[13:29] == b"\x11" * 16
    # SEAL: head 31 << 3 | 7 = 0xFF; body = varint 7 (1 byte) + varint T0 (< 2**28: 4 bytes)
    # + mac 16 = 21 bytes. T0 = 29552640 = 0x1C2F000 -> LEB128 80 E0 8B 0E.
    assert seal == b"\xff\x15\x07\x80\xe0\x8b\x0e" + b"\x11" * 16 + seal[-2:]
    assert len(seal) == 2 + 21 + 2


def test_chain_value_is_hmac_of_previous_and_record():
    # mac_1 = HMAC(key, zero mac || seq u32 || minute u32 || kind || payload)[:16]
    from drivetime.hmac256 import hmac_sha256
    w = J.Writer(KEY, 0, T0)
    w.record("power", T0, {"on": True})
    want = hmac_sha256(KEY, bytes(16) + struct.pack("<IIB", 1, T0, 17) + b"\x01")[:16]
    assert w.mac == want


def test_encode_matches_writer():
    raw, mac = J.encode("lang", 5, T0 + 2, {"lang": "en"}, KEY, b"\x22" * 16, T0)
    w = J.Writer(KEY, 4, T0, b"\x22" * 16)
    assert raw == w.record("lang", T0 + 2, {"lang": "en"}) and mac == w.mac


def test_bad_fields_are_refused():
    w = J.Writer(KEY)
    raises(ValueError, w.record, "nonsense", T0, {})
    raises(ValueError, w.record, "select", T0, {})
    raises(ValueError, w.record, "select", T0, {"activity": "napping"})
    raises(ValueError, w.record, "lang", T0, {"lang": "x" * 300})
    assert w.seq == 0           # nothing written, the chain did not move


def test_wrong_key_fails_the_seal():
    recs, problems = J.verify_chain(b"".join(sample_journal()), b"other key")
    assert len(problems) == 1 and problems[0][1].startswith("mac: records 1..")
    assert not any(r.ok for r in recs)


def _detected(parts):
    recs, problems = J.verify_chain(b"".join(parts), KEY)
    return problems != [] or not all(r.ok for r in recs)


def test_every_single_record_change_is_detected():
    parts = sample_journal()
    for i in range(1, len(parts) - 1):
        for pos in range(2, len(parts[i]) - 2):       # the body; the CRC recomputed
            rec = bytearray(parts[i][:-2])
            rec[pos] ^= 0x01
            rec = bytes(rec) + struct.pack("<H", crc32(bytes(rec)) & 0xFFFF)
            assert _detected(parts[:i] + [rec] + parts[i + 1:]), (i, pos)


def test_every_deletion_insertion_and_reordering_is_detected():
    parts = sample_journal()
    data = parts[1:-1]
    for i in range(len(data)):
        assert _detected([parts[0]] + data[:i] + data[i + 1:] + [parts[-1]])       # deletion
        assert _detected([parts[0]] + data[:i] + [data[i]] + data[i:] + [parts[-1]])   # duplicate
        for j in range(i + 1, len(data)):                                     # swap
            swapped = list(data)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            assert _detected([parts[0]] + swapped + [parts[-1]])
    # A record forged with the right seq and CRC but without the key:
    forged = J.Writer(b"attacker", len(data), T0 + 100).record("power", T0 + 101, {"on": False})
    w = J.Writer(KEY, len(data), T0 + 10 + len(data) - 1)
    assert _detected(parts[:-1] + [forged, w.seal()])


def test_streaming_byte_by_byte_equals_one_shot():
    data = b"".join(sample_journal())
    dec = J.Decoder(KEY)
    got = []
    for i in range(len(data)):
        got.extend(dec.feed(data[i:i + 1]))
    dec.finish()
    assert dec.problems == [] and [r.fields for r in got] == [f for _, f in SAMPLES]


def test_garbage_is_skipped_and_reported():
    parts = sample_journal()
    data = parts[0] + parts[1] + b"\x00\xff\x13garbage" + b"".join(parts[2:])
    dec = J.Decoder(KEY)
    recs = dec.feed(data)
    dec.finish()
    assert len(recs) == len(SAMPLES)            # every record still read
    assert dec.problems[0][0] == len(parts[0]) + len(parts[1])
    assert dec.problems[0][1].startswith("crc: ")


def test_truncated_tail_and_unsealed_records_are_reported():
    parts = sample_journal()
    data = b"".join(parts[:4]) + parts[4][:3]
    recs, problems = J.verify_chain(data, KEY)
    assert [r.seq for r in recs] == [1, 2, 3] and not any(r.ok for r in recs)
    assert [p[1] for p in problems] == ["truncated tail: 3 bytes", "unsealed: records 1..3"]


def test_decoder_continues_from_a_known_state():
    # The office resumes after record 5 with the chain value it stored.
    w = J.Writer(KEY, 0, T0)
    for i in range(5):
        w.record("select", T0 + i, {"activity": "driving"})
    state = (w.seq, w.minute, w.mac)
    tail = w.record("select", T0 + 9, {"activity": "break_rest"}) + w.seal()
    recs, problems = J.verify_chain(tail, KEY, *state)
    assert problems == [] and recs[0].seq == 6 and recs[0].minute == T0 + 9 and recs[0].ok


COMPACT = (
    ("activity", {"activity": "driving", "flags": 0, "start": T0 + 50}),      # start = minute: 1 byte
    ("activity", {"activity": "availability", "flags": 40, "start": T0 + 47}),  # flags > 7, start moved
    ("day", {"event": "end", "country": "CH"}),
    ("day", {"event": "start", "country": ""}),
    ("day", {"event": "start", "country": "UK-NI"}),                          # not 1-3 letters: text
    ("warning", {"code": "weekly_rest", "level": "limit"}),
    ("ack", {"code": "a_future_code", "level": "pre"}),                      # not in CODES: text
    ("position", {"lat": -54000, "lon": 108000, "reason": "end"}),            # the extremes
    ("position", {"lat": 54000, "lon": -108000, "reason": "other"}),
)


def compact_journal():
    w = J.Writer(KEY, 0, T0)
    return [w.start()] + [w.record(k, T0 + 50, f) for k, f in COMPACT] + [w.seal()]


def test_compact_encodings_and_their_escapes():
    # Each packed type's ordinary case and its escape round-trip (journal_kinds docstring).
    parts = compact_journal()
    recs, problems = J.verify_chain(b"".join(parts), KEY)
    assert problems == [] and [(r.kind, r.fields) for r in recs] == list(COMPACT)
    # activity with start = minute and flags 0: head, seq8, dmin, one packed byte, crc = 6 bytes.
    assert len(parts[1]) == 6
    # day with a 2-letter country: head, seq8, dmin, two bytes, crc = 7 bytes.
    assert len(parts[3]) == 7


def test_minute_going_back_after_a_clock_correction():
    w = J.Writer(KEY, 0, T0)
    parts = [w.start(), w.record("power", T0 + 100, {"on": True}),
             w.record("time_adjust", T0 + 40, {"old": (T0 + 100, 3), "new": (T0 + 40, 3), "source": "gps"}),
             w.seal()]
    recs, problems = J.verify_chain(b"".join(parts), KEY)
    assert problems == [] and [r.minute for r in recs] == [T0 + 100, T0 + 40]


def test_a_record_without_a_minute_is_refused():
    w = J.Writer(KEY)
    raises(ValueError, w.record, "power", None, {"on": True})
    raises(ValueError, w.record, "power", -1, {"on": True})


# Golden files: the bytes of format version 1 must never change under the office's feet.
# DRIVETIME_UPDATE_GOLDEN=1 (CPython) rewrites them; review the diff and docs/log-format.md then.
def _golden_dir():
    for p in sys.path:
        if p.rstrip("/").endswith("tests/core"):
            return p.rstrip("/") + "/golden/"
    return "tests/core/golden/"


def _golden(name, data):
    path = _golden_dir() + name
    getenv = getattr(os, "getenv", None)
    if getenv and getenv("DRIVETIME_UPDATE_GOLDEN") == "1":
        with open(path, "wb") as f:
            f.write(data)
    with open(path, "rb") as f:
        want = f.read()
    assert data == want, "%s differs from the golden file (format v1 changed?)" % name
    return want


def test_golden_every_kind_v1():
    want = _golden("every_kind_v1.bin", b"".join(sample_journal()))
    recs, problems = J.verify_chain(want, KEY)       # and the stored bytes still decode
    assert problems == [] and [(r.kind, r.fields) for r in recs] == list(SAMPLES)


def test_golden_config_and_lost_v1():
    want = _golden("config_lost_v1.bin", b"".join(sample_journal(samples=SAMPLES_20)))
    recs, problems = J.verify_chain(want, KEY)
    assert problems == [] and [(r.kind, r.fields) for r in recs] == list(SAMPLES_20)


def test_golden_compact_v1():
    want = _golden("compact_v1.bin", b"".join(compact_journal()))
    recs, problems = J.verify_chain(want, KEY)
    assert problems == [] and [(r.kind, r.fields) for r in recs] == list(COMPACT)
