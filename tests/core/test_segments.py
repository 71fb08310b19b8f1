# Segment storage: power cut at every byte of a write, corruption of old segments, rotation, pruning.
# SPDX-License-Identifier: MIT
from drivetime import journal as J
from drivetime.segments import BUDGET_BYTES, PowerCut, RamStorage, SegmentJournal
from support import Rng

KEY = b"unit-secret-0002"
T0 = 29552640           # 2026-03-09 00:00Z


def _fill(j, n, first=1):
    """Append ``n`` select records, record i at minute T0 + i."""
    for i in range(first, first + n):
        j.append("select", T0 + i, {"activity": "driving" if i % 2 else "break_rest"})


def _all(storage):
    """Every record in storage, decoded as the office would after a full download."""
    j = SegmentJournal(storage, KEY)
    return J.verify_chain(j.read_from(1), KEY)


def _booted(storage, segment_bytes=160):
    j = SegmentJournal(storage, KEY, segment_bytes=segment_bytes)
    return j, j.recover()


def test_rotation_keeps_one_verifiable_chain():
    st = RamStorage()
    j, _ = _booted(st)
    _fill(j, 60)
    j.seal()
    assert len(j.segments()) > 3
    for name in j.segments():           # every segment is within its size and opens with START
        assert st.size(name) <= 160 and st.read(name)[0] >> 3 == J.START
    recs, problems = _all(st)
    assert problems == [] and [r.seq for r in recs] == list(range(1, 61)) and all(r.ok for r in recs)


def test_read_from_the_middle_verifies_on_its_own():
    st = RamStorage()
    j, _ = _booted(st)
    _fill(j, 40)
    j.seal()
    for seq in (1, 2, 17, 40):
        recs, problems = J.verify_chain(j.read_from(seq), KEY)
        assert [r.seq for r in recs] == list(range(seq, 41)) and all(r.ok for r in recs)
        # Only the link to records before ``seq`` is unverifiable from this slice alone.
        assert all(p[1].startswith("chain resumed") for p in problems)


def _cut_run(before, k):
    """Write ``before`` records, then cut the power ``k`` bytes into the next append
    (record 'before + 1', with its rotation if one falls due); reboot; return
    (storage, written_fully, report)."""
    st = RamStorage()
    j, _ = _booted(st)
    _fill(j, before)
    st.cut_after = k
    try:
        _fill(j, 1, before + 1)
        whole = True
    except PowerCut:
        whole = False
    st.cut_after = None
    j, report = _booted(st)
    return st, j, whole, report


def _bytes_of_next_append(before):
    st = RamStorage()
    j, _ = _booted(st)
    _fill(j, before)
    size = sum(st.size(n) for n in st.list())
    _fill(j, 1, before + 1)
    return sum(st.size(n) for n in st.list()) - size


def _writes_of_next_append(before):
    st = RamStorage()
    j, _ = _booted(st)
    _fill(j, before)
    calls = []
    real = st.append
    st.append = lambda name, data: (calls.append(len(data)), real(name, data))
    _fill(j, 1, before + 1)
    return len(calls)


def test_a_power_cut_at_every_byte_loses_at_most_the_record_being_written():
    # before = 0: the first write (START + record); 3: a plain append; 16: the append that
    # closes the segment with a SEAL, opens the next with a START and writes the record
    # (160-byte segments: START 31 + 16 records of 6 bytes + the record + SEAL room > 160).
    for before, writes in ((0, 2), (3, 1), (16, 3)):
        total = _bytes_of_next_append(before)
        assert total == _bytes_of_next_append(before) and _writes_of_next_append(before) == writes
        for k in range(total + 1):
            st, j, whole, report = _cut_run(before, k)
            assert whole == (k >= total), (before, k)
            want = before + (1 if whole else 0)
            assert j.writer.seq == want, (before, k, report)
            if st.torn and st.torn[1]:      # a write was cut part way: the boot report says what
                assert any("dropped" in line or "removed" in line for line in report), (k, report)
            # The journal goes on, and the office gets one whole chain.
            _fill(j, 2, want + 1)
            j.seal()
            recs, problems = _all(st)
            assert problems == [], (before, k, problems)
            assert [r.seq for r in recs] == list(range(1, want + 3))
            assert all(r.ok for r in recs)


def test_random_corruption_of_old_segments_is_detected_and_the_rest_kept():
    rng = Rng(5)
    for trial in range(12):
        st = RamStorage()
        j, _ = _booted(st, segment_bytes=200)
        _fill(j, 120)
        j.seal()
        names = j.segments()
        victim = names[rng.randint(0, len(names) - 2)]      # never the newest
        data = bytearray(st.files[victim])
        for _ in range(rng.randint(1, 3)):
            data[rng.randint(0, len(data) - 1)] ^= rng.randint(1, 255)
        st.files[victim] = data
        raw = b"".join([st.read(n) for n in names])
        recs, problems = J.verify_chain(raw, KEY)
        assert problems, trial                               # detected and reported
        first, last = int(victim[1:]), int(names[names.index(victim) + 1][1:]) - 1
        ok = [r.seq for r in recs if r.ok]
        # Every record outside the damaged segment is still read and verified.
        assert [s for s in range(1, 121) if not first <= s <= last and s not in ok] == [], trial
        # The unit still boots and appends after the newest record.
        j, report = _booted(st, segment_bytes=200)
        assert j.writer.seq == 120


def test_old_segments_are_dropped_only_once_confirmed():
    st = RamStorage()
    j = SegmentJournal(st, KEY, segment_bytes=160, budget_bytes=600, cap_bytes=4000)
    j.recover()
    _fill(j, 200)
    assert j.total_bytes() > 600
    assert j.prune() == []                   # nothing confirmed: nothing dropped
    j.confirm(50)
    dropped = j.prune()
    assert dropped and all(int(n[1:]) <= 50 for n in dropped)
    remaining = j.segments()
    assert int(remaining[0][1:]) <= 51       # record 51 (unconfirmed) is still kept
    # The watermark survives a reboot.
    j2 = SegmentJournal(st, KEY, segment_bytes=160, budget_bytes=600, cap_bytes=4000)
    j2.recover()
    assert j2.confirmed == 50
    j2.confirm(200)
    j2.prune()
    assert j2.total_bytes() <= 600 + 160


def test_confirmed_watermark_with_a_torn_entry():
    st = RamStorage()
    j, _ = _booted(st)
    j.confirm(7)
    st.cut_after = 3
    try:
        j.confirm(9)
    except PowerCut:
        pass
    st.cut_after = None
    j2, _ = _booted(st)
    assert j2.confirmed == 7                  # the torn entry is ignored, not misread


def test_budget_holds_a_year_of_typical_days():
    # 365 days at 160 bytes (the target per driver-day) = 58,400 bytes.
    assert BUDGET_BYTES >= 365 * 160


def test_unit_log_entries_are_journalled():
    # The shape drivetime.unit emits: Log(kind, fields) with fields["minute"].
    from collections import namedtuple
    Log = namedtuple("Log", ("kind", "fields"))
    st = RamStorage()
    j, _ = _booted(st)
    j.log(Log("warning", {"code": "daily_driving", "level": "pre", "minute": T0 + 5}))
    j.log(Log("select", {"activity": "other_work", "minute": T0 + 6}))
    j.seal()
    recs, problems = _all(st)
    assert problems == []
    assert [(r.kind, r.minute, r.fields) for r in recs] == [
        ("warning", T0 + 5, {"code": "daily_driving", "level": "pre"}),
        ("select", T0 + 6, {"activity": "other_work"})]


class CountingStorage(RamStorage):
    """RamStorage that counts what is read from it (the flash reads of a download)."""

    def __init__(self):
        RamStorage.__init__(self)
        self.reads = self.read_bytes = 0

    def read(self, name, offset=0, size=None):
        data = RamStorage.read(self, name, offset, size)
        self.reads += 1
        self.read_bytes += len(data)
        return data


def test_a_read_costs_what_it_returns_not_what_the_journal_holds():
    st = CountingStorage()
    j, _ = _booted(st)
    _fill(j, 640)                       # 160-byte segments of 16 records: 40 segments
    j.seal()
    assert len(j.segments()) >= 40
    for seq in (1, 300, 633):
        st.reads = st.read_bytes = 0
        first, count, blob = j.read(seq, 200)
        assert first == seq and 0 < count and len(blob) <= 200
        # the segment holding seq and at most one more: a GET never reads the journal's tail
        assert st.reads <= 2 and st.read_bytes <= 2 * 160, (seq, st.reads, st.read_bytes)
        recs, problems = J.verify_chain(blob, KEY)
        assert [r.seq for r in recs] == list(range(seq, seq + count))
        assert all(p[1].startswith("chain resumed") or p[1].startswith("unsealed") for p in problems)


def test_a_whole_download_reads_each_segment_a_few_times_not_n_squared():
    st = CountingStorage()
    j, _ = _booted(st)
    _fill(j, 640)
    j.seal()
    total = j.total_bytes()
    st.reads = st.read_bytes = 0
    seq, gets, dec, seqs = 1, 0, J.Decoder(KEY), []
    while seq <= 640:
        first, count, blob = j.read(seq, 300)
        gets += 1
        seqs.extend([r.seq for r in dec.feed(blob)])
        seq = first + count
    dec.finish()
    assert seqs == list(range(1, 641)) and dec.problems == []
    # Each GET reads the segment it starts in and the ones it returns (about two of
    # 160 bytes for 300): at most 3 reads a GET, and the download reads each byte
    # about twice - reading to the journal's end each time would be ~gets/2 times.
    assert st.reads <= 3 * gets, (st.reads, gets)
    assert st.read_bytes <= 3 * total, (st.read_bytes, total, gets)
