# Property tests of the decoders: random and mutated input never raises, is counted, and spares valid input.
# SPDX-License-Identifier: MIT
"""Issue 3 evidence: bad frames and sentences are counted and dropped, never
raised into the caller, and a valid frame or sentence after any garbage still
decodes (DESIGN.md, decoders)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from drivetime.j1939 import Ccvs1, J1939Decoder, Tco1, ccvs1_frame, tco1_frame
from drivetime.nmea import NmeaParser, Rmc, sentence
from drivetime.obd2 import Obd2Decoder, ObdSpeed, speed_response

RMC = sentence("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W").encode()

frames = st.tuples(st.integers(-5, 0x3FFFFFFF), st.binary(max_size=16), st.booleans())


def _total(d):
    return d.frames_ok + d.frames_rejected + d.frames_ignored


@settings(max_examples=300, deadline=None)
@given(st.lists(frames, max_size=30))
def test_random_can_frames_never_raise_and_are_all_counted(batch):
    for decoder in (J1939Decoder(), Obd2Decoder()):
        for ident, data, extended in batch:
            decoder.push(ident, data, extended)
        assert _total(decoder) == len(batch)
        assert sum(decoder.rejected.values()) == decoder.frames_rejected


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 0xFAFF), st.integers(0, 7), st.integers(0, 255), st.data())
def test_mutated_j1939_frames_are_rejected_then_valid_frames_decode(speed, cut, flip, data):
    ident, payload = ccvs1_frame(speed)
    decoder = J1939Decoder()
    short = payload[:cut]                       # a truncated payload: never a speed
    assert decoder.push(ident, short) is None
    assert decoder.frames_rejected == 1
    # any one byte changed: either rejected or decoded, never raised, always counted
    i = data.draw(st.integers(0, 7))
    changed = bytearray(payload)
    changed[i] ^= flip or 1
    decoder.push(ident, bytes(changed))
    assert _total(decoder) == 2
    # valid frames after the garbage still decode exactly
    assert decoder.push(ident, payload) == Ccvs1(0, speed, None)
    ident, payload = tco1_frame(speed=speed, motion=1)
    rec = decoder.push(ident, payload)
    assert isinstance(rec, Tco1) and rec.speed == speed and rec.motion == 1


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 255), st.binary(max_size=12))
def test_obd_garbage_then_a_valid_response(kmh, garbage):
    decoder = Obd2Decoder()
    decoder.push(0x7E8, garbage)
    ident, payload = speed_response(kmh)
    rec = decoder.push(ident, payload)
    assert isinstance(rec, ObdSpeed) and rec.speed == kmh * 256
    assert _total(decoder) == 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=120), min_size=1, max_size=8))
def test_garbage_between_valid_sentences_never_hides_them(chunks):
    # Each valid sentence arrives after a chunk of random bytes; whatever the
    # bytes, the parser never raises and every valid sentence decodes.
    parser = NmeaParser()
    decoded = []
    for chunk in chunks:
        decoded += parser.push(chunk)
        decoded += parser.push(b"\r\n" + RMC)
    rmcs = [r for r in decoded if isinstance(r, Rmc) and r.time_s == 12 * 3600 + 35 * 60 + 19]
    assert len(rmcs) >= len(chunks)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(RMC) - 3), st.integers(1, 255))
def test_a_mutated_sentence_is_counted_as_rejected(i, flip):
    # One byte of a valid sentence changed (not its line ending): the
    # checksum (or the framing, when the byte became "$" or a line end)
    # catches it, so it is rejected and counted, never taken as another
    # sentence; the next valid sentence still decodes.
    original = NmeaParser().push(RMC)
    parser = NmeaParser()
    bad = bytearray(RMC)
    bad[i] ^= flip
    out = parser.push(bytes(bad)) + parser.push(b"\r\n")
    if out:
        assert out == original          # e.g. a hex digit of the checksum in lower case
    else:
        assert parser.sentences_rejected >= 1
    assert parser.push(RMC) == original
