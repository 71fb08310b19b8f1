# The journal full of unconfirmed data: the journal_full flag at 90 % of the budget, the hard cap.
# SPDX-License-Identifier: MIT
"""Issue 5: segments go only once the office confirmed them - until the hard
cap (default twice the budget), where the unit, like a tachograph VU, drops
its oldest segment anyway and journals ``lost`` (first, last) so the office
can tell an explained gap from a forged one."""
from drivetime import journal as J
from drivetime.segments import RamStorage, SegmentJournal

KEY = b"unit-secret-0003"
T0 = 29552640           # 2026-03-09 00:00Z


def _journal(st=None, budget=1000, cap=None):
    j = SegmentJournal(st or RamStorage(), KEY, segment_bytes=160, budget_bytes=budget, cap_bytes=cap)
    j.recover()
    return j


def _append(j, i):
    return j.append("select", T0 + i, {"activity": "driving" if i % 2 else "break_rest"})


def _held(j):
    recs, problems = J.verify_chain(j.read_from(1), KEY)
    return recs, problems


def test_status_counts_the_bytes_the_office_has_not_confirmed():
    j = _journal()
    for i in range(1, 101):
        _append(j, i)
    st = j.status()
    # nothing confirmed: every segment counts; the sizes are the files' own
    assert st["used"] == st["unconfirmed"] == j.total_bytes()
    assert (st["budget"], st["cap"]) == (1000, 2000)          # cap default: twice the budget
    names = j.segments()
    j.confirm(int(names[2][1:]) - 1)           # the first two segments wholly confirmed
    want = sum([j.storage.size(n) for n in names[2:]])
    assert j.status()["unconfirmed"] == want


def test_journal_full_at_90_per_cent_of_the_budget_in_unconfirmed_data():
    calls = []
    j = _journal()
    j.watch_full(calls.append)
    assert calls == [] and not j.full
    i = 0
    while not j.full:
        i += 1
        _append(j, i)
        st = j.status()
        # the rule, by hand: full exactly when unconfirmed bytes >= 900 (90 % of 1000)
        assert j.full == (st["unconfirmed"] >= 900), (i, st)
    assert calls == [True] and j.status()["used"] < j.cap_bytes
    _append(j, i + 1)
    assert calls == [True]                     # said once, not at every record
    # the office downloads and confirms all of it: the fault goes
    j.confirm(j.writer.seq)
    j.prune()
    assert calls == [True, False] and not j.full
    # a reboot finds it clear; one that finds it full says so at once
    j2 = _journal(j.storage)
    seen = []
    j2.watch_full(seen.append)
    assert seen == []


def test_nothing_unconfirmed_goes_below_the_cap_then_exactly_the_oldest_segment():
    j = _journal(budget=600, cap=1200)
    i = 0
    while True:
        names = j.segments()
        i += 1
        _append(j, i)
        assert j.status()["used"] <= j.cap_bytes           # the hard cap holds at every record
        if j.lost is not None:
            break
        assert j.segments()[0] == "j0000000001"            # over the budget, yet all kept
        assert j.prune() == []                               # pruning never takes unconfirmed data
    # exactly the oldest segment went, and the lost record names its records (1 .. the
    # one before the next segment's first), nothing confirmed before them
    gone = [n for n in names if n not in j.segments()]
    assert gone == ["j0000000001"]
    assert j.lost == (1, int(names[1][1:]) - 1)
    j.seal()
    recs, problems = _held(j)
    assert all([p[1].startswith("chain resumed") for p in problems]), problems
    lost = [r for r in recs if r.kind == "lost"]
    assert [(r.fields["first"], r.fields["last"]) for r in lost] == [j.lost] and lost[0].ok
    # the record that hit the cap follows its lost record
    assert recs[-1].kind == "select" and recs[-2].kind == "lost"


def test_a_later_overwrite_reports_the_whole_gap_since_the_last_confirmation():
    j = _journal(budget=600, cap=1200)
    for i in range(1, 41):
        _append(j, i)
    j.confirm(10)               # the office holds 1..10
    i, seen = 40, []
    while len(seen) < 3:
        i += 1
        _append(j, i)
        if j.lost is not None and j.lost not in seen:
            seen.append(j.lost)
    # every lost record starts at the first seq the office lacks (11), and each
    # later one reaches further: the newest alone explains the gap
    assert [f for f, _ in seen] == [11, 11, 11]
    assert seen[0][1] < seen[1][1] < seen[2][1]
    first_held = int(j.segments()[0][1:])
    assert seen[-1][1] == first_held - 1


def test_confirmed_segments_go_first_at_the_cap_without_a_lost_record():
    j = _journal(budget=600, cap=1200)
    for i in range(1, 41):
        _append(j, i)
    j.confirm(j.writer.seq)     # confirmed, but no prune ran (the office's ACK was not seen)
    i, silent = 40, False
    while j.lost is None:
        i += 1
        _append(j, i)
        if j.segments()[0] != "j0000000001" and j.lost is None:
            silent = True       # the cap took confirmed segments: nothing to report
    assert silent
    assert j.lost[0] == 41      # the first record the office lacks


def test_a_cap_below_the_budget_is_refused():
    try:
        SegmentJournal(RamStorage(), KEY, segment_bytes=160, budget_bytes=1000, cap_bytes=900)
    except ValueError:
        return
    assert False, "a cap below the budget was taken"


def _cap_run(k):
    """Fill to one record short of the first overwrite, cut the power ``k`` bytes into
    the overwriting append, reboot, write two more; return (journal, storage, whole)."""
    from drivetime.segments import PowerCut
    probe = _journal(budget=600, cap=1200)
    n = 0
    while probe.lost is None:
        n += 1
        _append(probe, n)
    st = RamStorage()
    j = _journal(st, budget=600, cap=1200)
    for i in range(1, n):
        _append(j, i)
    st.cut_after = k
    try:
        _append(j, n)
        whole = True
    except PowerCut:
        whole = False
    st.cut_after = None
    j = _journal(st, budget=600, cap=1200)
    _append(j, n + 1)
    _append(j, n + 2)
    j.seal()
    return j, whole, n


def test_a_power_cut_anywhere_in_an_overwrite_never_leaves_an_unexplained_gap():
    k, whole = 0, False
    while not whole:
        j, whole, n = _cap_run(k)
        recs, problems = _held(j)
        assert all([p[1].startswith("chain resumed") for p in problems]), (k, problems)
        held = set([r.seq for r in recs])
        for r in recs:
            if r.kind == "lost":
                held.update(range(r.fields["first"], r.fields["last"] + 1))
        # every record ever written is on the unit or declared lost (the one being
        # written when the power went may be missing, nothing else)
        last = max([r.seq for r in recs])
        assert set(range(1, last + 1)) - held == set(), (k, sorted(set(range(1, last + 1)) - held))
        assert j.status()["used"] <= j.cap_bytes
        k += 1
    assert k > 10           # the overwriting append wrote more than a few bytes
