# Property tests of the journal: HMAC equals CPython's, round trips, every tamper and cut is reported.
# SPDX-License-Identifier: MIT
"""Issue 5 evidence (journal): the hand-written HMAC-SHA256 equals CPython's
:mod:`hmac`; random record sequences round-trip; flipping any byte of a sealed
journal is detected; a journal cut at any byte decodes to a prefix of its
records and says so; random bytes never raise into the caller."""

import hashlib
import hmac

from hypothesis import given, settings
from hypothesis import strategies as st

from drivetime import journal as J
from drivetime.activity import NAMES
from drivetime.hmac256 import HMAC, hmac_sha256
from drivetime.journal_kinds import CODES

KEY = b"property-key"
T0 = 29552640

minutes = st.integers(T0 - 5000, T0 + 5000)
text = st.text(max_size=20)
records = st.one_of(
    st.builds(lambda a, f, d: ("activity", {"activity": a, "flags": f, "start": -d}),
              st.sampled_from(NAMES), st.integers(0, 1000), st.integers(-20, 20)),
    st.builds(lambda a: ("select", {"activity": a}), st.sampled_from(NAMES)),
    st.builds(lambda s, e, a: ("manual", {"start": -s, "end": -e, "activity": a}),
              st.integers(0, 3000), st.integers(0, 3000), st.sampled_from(NAMES)),
    st.builds(lambda e, c: ("day", {"event": e, "country": c}), st.sampled_from(("start", "end")),
              st.one_of(st.sampled_from(("D", "NL", "CH", "")), text)),
    st.builds(lambda c, lv: ("warning", {"code": c, "level": lv}),
              st.one_of(st.sampled_from(CODES), text), st.sampled_from(("pre", "limit"))),
    st.builds(lambda la, lo, r: ("position", {"lat": la, "lon": lo, "reason": r}),
              st.integers(-54000, 54000), st.integers(-108000, 108000),
              st.sampled_from(("start", "end", "3h", "other"))),
    st.builds(lambda c, n: ("driver", {"card": c, "name": n}), text, text),
    st.builds(lambda o: ("power", {"on": o}), st.booleans()),
    st.builds(lambda k, v: ("config", {"key": k, "value": v}), text, text),
    st.builds(lambda a, n: ("lost", {"first": a, "last": a + n}),
              st.integers(1, 2 ** 32 - 1), st.integers(0, 2 ** 20)),
)


def _absolute(minute, fields):
    """Strategies give times relative to the record's minute (negative = before it)."""
    out = dict(fields)
    for k in ("start", "end"):
        if k in out:
            out[k] = minute + out[k]
    return out


def _journal(items, seal_every=5):
    w = J.Writer(KEY, 0, T0)
    parts, want = [w.start()], []
    for i, (minute, (kind, fields)) in enumerate(items):
        fields = _absolute(minute, fields)
        parts.append(w.record(kind, minute, fields))
        want.append((kind, minute, fields))
        if i % seal_every == seal_every - 1:
            parts.append(w.seal())
    parts.append(w.seal())
    return parts, want


journals = st.lists(st.tuples(minutes, records), min_size=1, max_size=25)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.binary(max_size=300))
def test_hmac_equals_cpython(key, msg):
    assert hmac_sha256(key, msg) == hmac.new(key, msg, hashlib.sha256).digest()
    h = HMAC(key)
    h.update(msg[:7])
    h.update(msg[7:])
    assert h.digest() == hmac.new(key, msg, hashlib.sha256).digest()


@settings(max_examples=200, deadline=None)
@given(journals)
def test_random_journals_round_trip(items):
    parts, want = _journal(items)
    recs, problems = J.verify_chain(b"".join(parts), KEY)
    assert problems == []
    assert [(r.kind, r.minute, r.fields) for r in recs] == want
    assert [r.seq for r in recs] == list(range(1, len(want) + 1)) and all(r.ok for r in recs)


@settings(max_examples=300, deadline=None)
@given(journals, st.data())
def test_any_flipped_byte_is_detected(items, data):
    raw = bytearray(b"".join(_journal(items)[0]))
    i = data.draw(st.integers(0, len(raw) - 1))
    raw[i] ^= data.draw(st.integers(1, 255))
    recs, problems = J.verify_chain(bytes(raw), KEY)
    assert problems, i


@settings(max_examples=300, deadline=None)
@given(journals, st.data())
def test_a_cut_at_any_byte_gives_a_prefix_and_says_so(items, data):
    parts, want = _journal(items)
    raw = b"".join(parts)
    cut = data.draw(st.integers(0, len(raw) - 1))
    recs, problems = J.verify_chain(raw[:cut], KEY)
    got = [(r.kind, r.minute, r.fields) for r in recs]
    assert got == want[:len(got)]
    ends, anchored = {0}, {0}
    pos = 0
    for p in parts:
        pos += len(p)
        ends.add(pos)
        if p[0] >> 3 in (J.START, J.SEAL):
            anchored.add(pos)
    if cut not in ends:                     # inside a record: the torn tail is reported
        assert any(p[1].startswith("truncated tail") for p in problems)
    # Silent only where the cut is just after a START or SEAL: a shorter but whole journal
    # (the office sees the missing records by seq when it knows the unit's last one).
    assert bool(problems) != (cut in anchored), (cut, problems)
    # A record is ok exactly when an anchor after it lies wholly inside the cut.
    sealed, pending, pos, seq = set(), [], 0, 0
    for p in parts:
        pos += len(p)
        if p[0] >> 3 in (J.START, J.SEAL):
            if pos <= cut:
                sealed.update(pending)
            pending = []
        else:
            seq += 1
            pending.append(seq)
    assert [r.ok for r in recs] == [r.seq in sealed for r in recs]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.lists(st.integers(1, 50), max_size=10))
def test_random_bytes_never_raise(blob, chunks):
    dec = J.Decoder(KEY)
    i = 0
    for n in chunks:
        dec.feed(blob[i:i + n])
        i += n
    dec.feed(blob[i:])
    dec.finish()
    assert dec.good_end <= len(blob)


@settings(max_examples=100, deadline=None)
@given(journals, st.lists(st.integers(1, 40), min_size=1, max_size=30))
def test_feeding_in_chunks_equals_one_shot(items, chunks):
    raw = b"".join(_journal(items)[0])
    dec = J.Decoder(KEY)
    got, i = [], 0
    for n in chunks:
        got += dec.feed(raw[i:i + n])
        i += n
    got += dec.feed(raw[i:])
    dec.finish()
    assert dec.problems == [] and len(got) == len(items) and all(r.ok for r in got)
