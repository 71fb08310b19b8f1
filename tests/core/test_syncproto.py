# Tests of the sync protocol's framing and the unit's side of a session (both interpreters).
# SPDX-License-Identifier: MIT
import struct

from support import Rng

from drivetime import syncproto as sp

KEY = b"company key 0123456789abcdef0123"
UNIT = b"DT-0001"
SESSION = b"S" * 8


def _counter_random(start=0):
    state = [start]

    def random_bytes(n):
        state[0] += 1
        return bytes([(state[0] + i) & 0xFF for i in range(n)])
    return random_bytes


def _records(n, first=1):
    # opaque journal records of varying length (some past the 1-byte varint)
    return {first + i: bytes([i & 0xFF]) * (20 + (i * 37) % 150) for i in range(n)}


def _device(n=50, log=None, on_config=None):
    return sp.DeviceSession(UNIT, KEY, sp.MemorySource(_records(n)), _counter_random(),
                            log=log, on_config=on_config)


def _frames(data):
    return sp.FrameReader().feed(data)


def _login(dev, session=SESSION, key=KEY):
    got = _frames(dev.receive(sp.frame(sp.T_HELLO, bytes([sp.PROTO]) + session)))
    assert [t for t, _ in got] == [sp.T_HELLO, sp.T_CHALLENGE]
    nonce = got[1][1]
    answer = sp.auth_answer(key, nonce, session, UNIT)
    return answer, _frames(dev.receive(sp.frame(sp.T_RESPONSE, answer)))


def test_hmac_rfc4231_case_1():
    # RFC 4231 section 4.2: key = 0x0b * 20, data = "Hi There"
    mac = sp._hmac(b"\x0b" * 20, b"Hi There")
    assert mac == bytes.fromhex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")


def test_frame_round_trip_byte_by_byte():
    reader = sp.FrameReader()
    wire = sp.frame(sp.T_GET, b"\x01\x02") + sp.frame(sp.T_ACK, b"") + sp.frame(sp.T_CONFIG, b"x" * 300)
    got = []
    for i in range(len(wire)):
        got.extend(reader.feed(wire[i:i + 1]))
    assert got == [(sp.T_GET, b"\x01\x02"), (sp.T_ACK, b""), (sp.T_CONFIG, b"x" * 300)]
    assert reader.skipped == 0


def test_garbage_before_and_between_frames_is_skipped():
    wire = b"\x00\xa5junk\xa5" + sp.frame(sp.T_ACK, b"abcd") + b"\xa5\x5a\xff" + sp.frame(sp.T_GET, b"zz")
    reader = sp.FrameReader()
    assert reader.feed(wire) == [(sp.T_ACK, b"abcd"), (sp.T_GET, b"zz")]
    assert reader.skipped == 10        # 7 bytes of junk, then the 3-byte false start


def test_every_single_bit_flip_loses_only_that_frame():
    good = sp.frame(sp.T_RECORDS, b"payload-bytes")
    after = sp.frame(sp.T_ACK, b"\x07\x00\x00\x00")
    for i in range(len(good)):
        for bit in (0, 3, 7):
            bad = bytearray(good)
            bad[i] ^= 1 << bit
            got = sp.FrameReader().feed(bytes(bad) + after)
            # CRC-32 detects every single-bit error; the next frame survives (resync)
            assert got == [(sp.T_ACK, b"\x07\x00\x00\x00")], (i, bit, got)


def test_records_pack_round_trip():
    payload = sp.pack_records(5, 7, 99, 3, b"abcdef")
    assert sp.unpack_records(payload) == (5, 7, 99, 3, b"abcdef")
    assert len(payload) == 14 + 6       # from, first, last (u32) and count (u16), then the bytes


def test_get_before_authentication_is_refused():
    dev = _device()
    for ftype, payload in ((sp.T_GET, struct.pack("<IH", 1, 1000)), (sp.T_CONFIG, b"x"),
                           (sp.T_ACK, struct.pack("<I", 10))):
        got = _frames(dev.receive(sp.frame(ftype, payload)))
        assert got[0][0] == sp.T_ERROR and got[0][1][0] == sp.E_AUTH_REQUIRED
    assert dev.source.confirmed == 0


def test_login_then_download_everything():
    dev = _device(50)
    _, got = _login(dev)
    assert got == [(sp.T_ACK, struct.pack("<I", 0))]
    seq, out = 1, {}
    while True:
        got = _frames(dev.receive(sp.frame(sp.T_GET, struct.pack("<IH", seq, 1000))))
        from_seq, first, last, count, blob = sp.unpack_records(got[0][1])
        assert (from_seq, first, last) == (seq, seq, 50)
        assert len(blob) <= 1000 or count == 1
        if not count:
            break
        for i in range(count):
            raw = _records(50)[first + i]       # the test's records have known lengths
            assert blob[:len(raw)] == raw
            out[first + i], blob = raw, blob[len(raw):]
        assert blob == b""
        seq = first + count
    assert out == _records(50)


def test_ack_moves_the_watermark_but_never_past_the_last_record():
    dev = _device(10)
    _login(dev)
    assert _frames(dev.receive(sp.frame(sp.T_ACK, struct.pack("<I", 6)))) == [(sp.T_ACK, struct.pack("<I", 6))]
    dev.receive(sp.frame(sp.T_ACK, struct.pack("<I", 11)))     # beyond seq 10: ignored
    dev.receive(sp.frame(sp.T_ACK, struct.pack("<I", 3)))      # older: the watermark stays
    assert dev.source.confirmed == 6


def test_gap_in_the_journal_is_reported_by_first():
    records = _records(10)
    del records[4], records[5]
    dev = sp.DeviceSession(UNIT, KEY, sp.MemorySource(records), _counter_random())
    _login(dev)
    got = _frames(dev.receive(sp.frame(sp.T_GET, struct.pack("<IH", 4, 4000))))
    from_seq, first, last, count, blob = sp.unpack_records(got[0][1])
    assert (from_seq, first, last, count) == (4, 6, 10, 5)
    assert blob == b"".join(records[s] for s in range(6, 11))


def test_wrong_key_is_refused_and_logged():
    logged = []
    dev = _device(log=lambda kind, fields: logged.append((kind, fields)))
    _, got = _login(dev, key=b"not the company key")
    assert got[0][0] == sp.T_ERROR and got[0][1][0] == sp.E_AUTH_FAILED
    assert logged == [("auth_fail", {"reason": "wrong key"})]
    got = _frames(dev.receive(sp.frame(sp.T_GET, struct.pack("<IH", 1, 1000))))
    assert got[0][1][0] == sp.E_AUTH_REQUIRED


def test_replayed_answer_is_refused_and_logged():
    logged = []
    dev = _device(log=lambda kind, fields: logged.append((kind, fields)))
    answer, got = _login(dev)
    assert got[0][0] == sp.T_ACK
    # a new session with the same session id from an eavesdropper: new challenge, old answer
    # (another unit, or this one after a reboot: its random source gives another nonce)
    dev2 = sp.DeviceSession(UNIT, KEY, sp.MemorySource(_records(5)), _counter_random(100),
                            log=lambda kind, fields: logged.append((kind, fields)))
    dev2.receive(sp.frame(sp.T_HELLO, bytes([sp.PROTO]) + SESSION))
    got = _frames(dev2.receive(sp.frame(sp.T_RESPONSE, answer)))
    assert got[0][0] == sp.T_ERROR and not dev2.authenticated
    # on the same unit after a new HELLO: recognised as a replay
    dev.receive(sp.frame(sp.T_HELLO, bytes([sp.PROTO]) + b"T" * 8))
    got = _frames(dev.receive(sp.frame(sp.T_RESPONSE, answer)))
    assert got[0][1][0] == sp.E_AUTH_FAILED and not dev.authenticated
    assert [f["reason"] for _, f in logged] == ["wrong key", "replayed answer"]


def test_one_try_per_challenge():
    dev = _device()
    got = _frames(dev.receive(sp.frame(sp.T_HELLO, bytes([sp.PROTO]) + SESSION)))
    nonce = got[1][1]
    dev.receive(sp.frame(sp.T_RESPONSE, b"\x00" * 32))
    got = _frames(dev.receive(sp.frame(sp.T_RESPONSE, sp.auth_answer(KEY, nonce, SESSION, UNIT))))
    assert got[0][0] == sp.T_ERROR and not dev.authenticated


def test_duplicated_requests_are_harmless():
    logged = []
    dev = _device(log=lambda kind, fields: logged.append((kind, fields)))
    hello = sp.frame(sp.T_HELLO, bytes([sp.PROTO]) + SESSION)
    first = dev.receive(hello)
    assert dev.receive(hello) == first          # same session id: the same challenge
    nonce = _frames(first)[1][1]
    answer = sp.frame(sp.T_RESPONSE, sp.auth_answer(KEY, nonce, SESSION, UNIT))
    assert _frames(dev.receive(answer))[0][0] == sp.T_ACK
    assert _frames(dev.receive(answer))[0][0] == sp.T_ACK      # the ACK was lost: resend
    assert dev.authenticated and logged == []


def test_config_after_login_goes_to_the_port_as_a_dict():
    seen = []

    def apply(settings):            # as Unit.apply_config: the refused keys
        seen.append(settings)
        return [k for k in settings if k not in ("lang", "buzzer")]
    dev = _device(on_config=apply)
    _login(dev)
    ok = sp.frame(sp.T_CONFIG, '{"lang": "de", "buzzer": false}'.encode())
    assert _frames(dev.receive(ok)) == [(sp.T_ACK, struct.pack("<IB", 0, 2))]     # 2 keys taken
    got = _frames(dev.receive(sp.frame(sp.T_CONFIG, b'{"wheels": 6, "lang": "fr", "colour": "red"}')))
    assert got == [(sp.T_ERROR, bytes([sp.E_CONFIG_REFUSED]) + b"refused: colour,wheels")]
    assert seen == [{"lang": "de", "buzzer": False}, {"wheels": 6, "lang": "fr", "colour": "red"}]
    for bad in (b"not json", b"[1, 2]", b"\xff\xfe"):       # never reaches the port
        got = _frames(dev.receive(sp.frame(sp.T_CONFIG, bad)))
        assert got[0][0] == sp.T_ERROR and got[0][1][0] == sp.E_CONFIG_REFUSED
    assert len(seen) == 2


def test_config_without_a_port_handler_is_refused():
    dev = _device()
    _login(dev)
    got = _frames(dev.receive(sp.frame(sp.T_CONFIG, b'{"lang": "de"}')))
    assert got[0][0] == sp.T_ERROR and got[0][1][0] == sp.E_CONFIG_REFUSED


def test_random_noise_never_authenticates():
    rng = Rng(5)
    dev = _device()
    for _ in range(30):
        noise = bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 200)))
        dev.receive(noise)
    assert not dev.authenticated


def test_journal_source_serves_the_segment_journal():
    from drivetime.journal import Decoder
    from drivetime.segments import RamStorage, SegmentJournal
    journal = SegmentJournal(RamStorage(), KEY, segment_bytes=512)
    journal.recover()
    t = 29540160 + 360          # Monday 2026-03-02 06:00Z
    for i in range(200):        # activity changes every 20 min; sealed at the end of each "day"
        journal.append("activity", t + 20 * i, {"start": t + 20 * i, "activity": "driving" if i % 2 else "break_rest",
                                                "flags": 0})
        if i % 50 == 49:
            journal.seal()
    source = sp.JournalSource(journal)
    assert source.bounds() == (1, 200)
    dev = sp.DeviceSession(UNIT, KEY, source, _counter_random())
    _login(dev)
    seq, seqs, dec = 1, [], Decoder(KEY)
    while seq <= 200:
        got = _frames(dev.receive(sp.frame(sp.T_GET, struct.pack("<IH", seq, 300))))
        from_seq, first, last, count, blob = sp.unpack_records(got[0][1])
        assert (from_seq, first, last) == (seq, seq, 200) and 0 < count and len(blob) < 600
        # the office decodes the answers end to end with the unit's key
        seqs.extend(r.seq for r in dec.feed(blob))
        seq += count
    dec.finish()
    assert seqs == list(range(1, 201))        # every record once, all sealed
    assert dec.problems == []
    dev.receive(sp.frame(sp.T_ACK, struct.pack("<I", 200)))
    assert journal.confirmed == 200


def _small_journal(n, budget=600):
    from drivetime.segments import RamStorage, SegmentJournal
    journal = SegmentJournal(RamStorage(), KEY, segment_bytes=160, budget_bytes=budget)
    journal.recover()
    for i in range(n):
        journal.append("select", 29540160 + i, {"activity": "driving" if i % 2 else "break_rest"})
    return journal


def test_confirming_source_seals_before_it_tells_and_prunes_on_confirmation():
    journal = _small_journal(100)
    said = []
    source = sp.ConfirmingSource(journal, lambda text, error: said.append((text, error)))
    assert journal.writer.unsealed
    assert source.bounds() == (1, 100) and journal.writer.unsealed == 0    # sealed first
    before = journal.segments()
    source.confirm(40)
    # the office holds 1..40: only segments wholly at or below 40 go, and only down to the budget
    gone = [n for n in before if n not in journal.segments()]
    assert gone and all(int(before[before.index(n) + 1][1:]) - 1 <= 40 for n in gone)
    assert [t for t, e in said] == ["sync: segment %s confirmed by the office, dropped" % n for n in gone]
    assert journal.confirmed == 40


def test_confirming_source_reports_storage_errors_and_goes_on():
    journal = _small_journal(100)
    said = []
    source = sp.ConfirmingSource(journal, lambda text, error: said.append((text, error)))

    def broken(*args):
        raise OSError(28, "no space")
    journal.storage.remove = broken
    journal.storage.append, append = broken, journal.storage.append
    assert source.bounds() == (1, 100)          # still answered; the seal is reported
    journal.storage.append = append
    source.confirm(60)
    assert [e for _, e in said] == [True, True]
    assert said[0][0].startswith("sync: journal not sealed") and said[1][0].startswith("sync: prune failed")


def test_a_record_written_during_a_download_reaches_the_office_sealed():
    # The unit journals on while the office downloads (a CONFIG it took, a fault):
    # a GET seals before it reads, so the office never gets a record no seal covers.
    from drivetime.journal import Decoder
    journal = _small_journal(10)
    dev = sp.DeviceSession(UNIT, KEY, sp.ConfirmingSource(journal), _counter_random())
    _login(dev)
    journal.append("config", 29540160 + 20, {"key": "lang", "value": "de"})
    got = _frames(dev.receive(sp.frame(sp.T_GET, struct.pack("<IH", 1, 4000))))
    from_seq, first, last, count, blob = sp.unpack_records(got[0][1])
    assert (first, last, count) == (1, 11, 11)
    dec = Decoder(KEY)
    recs = dec.feed(blob)
    dec.finish()
    assert dec.problems == [] and all(r.ok for r in recs) and recs[-1].kind == "config"
