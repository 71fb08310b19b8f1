# One contract for every journal storage adapter: the RAM fake and the SD-card / MicroPython file ones.
# SPDX-License-Identifier: MIT
"""The storage adapter contract of ``drivetime.segments`` (append, read,
list, remove, size), run against :class:`drivetime.segments.RamStorage`, the
Pi's :class:`drivetime_pi.storage.FileStorage` and the MicroPython port's
``storage.FileStorage`` (plain ``os``/``open``, so it runs here on CPython
too), and a journal recovery after a torn append left in a real file.
"""

import importlib.util
import os

import pytest

from drivetime import journal as J
from drivetime.segments import RamStorage, SegmentJournal
from drivetime_pi.storage import FileStorage as PiStorage

_MP = os.path.join(os.path.dirname(__file__), "..", "..", "firmware", "ports", "micropython", "storage.py")
_spec = importlib.util.spec_from_file_location("mp_port_storage", _MP)
mp_storage = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mp_storage)

KEY = bytes(range(32))
T0 = 29540160       # 2026-03-02 00:00Z in UTC minutes (calendar.timegm // 60)


@pytest.fixture(params=["ram", "pi", "micropython"])
def make(request, tmp_path):
    """A factory of the adapter under test; calling it again reopens the same storage (a reboot)."""
    ram = RamStorage()
    kinds = {"ram": lambda: ram,
             "pi": lambda: PiStorage(tmp_path / "journal"),
             "micropython": lambda: mp_storage.FileStorage(str(tmp_path / "journal"))}
    return kinds[request.param]


def test_empty_storage_lists_nothing(make):
    assert make().list() == []


def test_appends_add_up_in_order(make):
    s = make()
    s.append("j0000000001", b"abc")
    s.append("j0000000001", b"")
    s.append("j0000000001", b"\x00\xffde")
    assert s.read("j0000000001") == b"abc\x00\xffde"
    assert s.size("j0000000001") == 7


def test_list_is_sorted_and_survives_a_reopen(make):
    s = make()
    for name in ("j0000000200", "confirmed", "j0000000001"):
        s.append(name, b"x")
    again = make()
    assert again.list() == ["confirmed", "j0000000001", "j0000000200"]
    assert again.read("j0000000200") == b"x"


def test_remove_drops_only_that_file(make):
    s = make()
    s.append("j0000000001", b"old")
    s.append("j0000000002", b"new")
    s.remove("j0000000001")
    assert s.list() == ["j0000000002"]
    assert s.read("j0000000002") == b"new"
    with pytest.raises((KeyError, OSError)):
        s.read("j0000000001")


def test_old_bytes_are_never_rewritten(make):
    s = make()
    s.append("j0000000001", b"first")
    s.append("j0000000001", b"second")
    assert s.read("j0000000001")[:5] == b"first"


def _select(i):
    return {"activity": "driving" if i % 2 else "break_rest"}


def test_journal_recovers_after_a_torn_append(make):
    j = SegmentJournal(make(), KEY)
    j.recover()
    for i in range(5):
        j.append("select", T0 + i, _select(i))
    j.seal()
    # The power goes during the 6th record: only its first 3 bytes reach storage.
    w = j.writer
    torn = J.Writer(KEY, w.seq, w.minute, w.mac).record("select", T0 + 5, _select(5))
    assert len(torn) > 3
    j.storage.append(j.current, torn[:3])

    booted = SegmentJournal(make(), KEY)
    report = booted.recover()
    # The 3 torn bytes are dropped and said so; the chain resumes after seq 5.
    assert any("dropped 3 bytes" in line and "after seq 5" in line for line in report), report
    assert booted.writer.seq == 5
    booted.append("select", T0 + 6, _select(6))
    booted.seal()
    records, problems = J.verify_chain(booted.read_from(1), KEY)
    assert problems == []
    assert [r.seq for r in records] == [1, 2, 3, 4, 5, 6]
    assert [r.minute for r in records] == [T0, T0 + 1, T0 + 2, T0 + 3, T0 + 4, T0 + 6]
    assert all(r.ok for r in records)


def test_journal_full_reaches_the_port_and_the_cap_is_logged(make, tmp_path, caplog):
    # The Pi's sink over each adapter: on_full (the journal_full port fault) when the
    # unconfirmed data pass 90 % of the budget, off once the office confirmed and the
    # journal pruned; an overwrite at the cap goes to the log with the lost seqs.
    import logging

    from drivetime_pi.main import ManualClock
    from drivetime_pi.storage import JournalSink

    journal = SegmentJournal(make(), KEY, segment_bytes=256, budget_bytes=1024, cap_bytes=2048)
    journal.recover()
    faults = []
    journal.watch_full(faults.append)
    sink = JournalSink(journal, ManualClock(0, T0 * 60))
    caplog.set_level(logging.INFO, logger="drivetime.unit")
    i = 0
    while not faults:
        i += 1
        sink("fault", {"fault": "can_adapter", "on": bool(i % 2), "minute": T0 + i})
    assert faults == [True] and journal.status()["unconfirmed"] >= 1024 * 9 // 10
    assert sink.failing                 # what the loop polls for the journal_full fault
    journal.confirm(journal.writer.seq)
    journal.prune()
    assert faults == [True, False] and not sink.failing
    # the office stops syncing: the cap overwrites, and says so
    while journal.lost is None:
        i += 1
        sink("fault", {"fault": "can_adapter", "on": bool(i % 2), "minute": T0 + i})
    assert faults == [True, False, True]
    assert any("overwritten before the office confirmed" in r.getMessage() for r in caplog.records)
    assert journal.status()["used"] <= 2048
