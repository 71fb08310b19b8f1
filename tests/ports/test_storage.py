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


def test_a_file_reads_in_pieces(make):
    # The board reads a segment a piece at a time (drivetime.export): a whole
    # 4 KB segment needs one block of heap that a fragmented heap may lack.
    s = make()
    s.append("j1", b"0123456789")
    assert s.read("j1", 0, 4) == b"0123" and s.read("j1", 4, 4) == b"4567"
    assert s.read("j1", 8, 4) == b"89" and s.read("j1", 10, 4) == b""
    assert s.read("j1", 3) == b"3456789" and s.read("j1") == b"0123456789"


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


def _fill(sink, until, i=0):
    """Journal the port's fault records until ``until()``; returns the count written."""
    while not until():
        i += 1
        sink("fault", {"fault": "can_adapter", "on": bool(i % 2), "minute": T0 + i})
    return i


def test_the_sink_reports_journal_full_without_polling(make):
    # on_full follows JournalSink.failing as it changes: the journal's full flag
    # (unconfirmed data at 90 % of the budget) and a failed write (SD card full or gone)
    from drivetime_pi.main import ManualClock
    from drivetime_pi.storage import JournalSink

    journal = SegmentJournal(make(), KEY, segment_bytes=256, budget_bytes=1024, cap_bytes=2048)
    journal.recover()
    faults = []
    sink = JournalSink(journal, ManualClock(0, T0 * 60), on_full=faults.append)
    assert faults == []                                 # nothing to say at the start
    i = _fill(sink, lambda: faults)
    assert faults == [True] and journal.full           # told by the write that filled it
    journal.confirm(journal.writer.seq)                 # the office's confirmation (a sync)
    journal.prune()
    assert faults == [True, False]
    real = journal.storage.append

    def card_gone(name, data):
        raise OSError(5, "Input/output error")
    journal.storage.append = card_gone
    sink("fault", {"fault": "gps_adapter", "on": True, "minute": T0 + i + 1})
    assert faults == [True, False, True]
    sink("fault", {"fault": "gps_adapter", "on": True, "minute": T0 + i + 2})
    assert faults == [True, False, True]                # still failing: said once
    journal.storage.append = real
    sink("fault", {"fault": "gps_adapter", "on": False, "minute": T0 + i + 3})
    assert faults == [True, False, True, False] and not sink.failing


def _key_file(tmp_path):
    path = tmp_path / "unit.key"
    path.write_text(KEY.hex())
    return str(path)


def test_open_journal_takes_the_configs_sizes(tmp_path):
    from drivetime import segments
    from drivetime_pi import config
    from drivetime_pi.main import ManualClock
    from drivetime_pi.storage import open_journal

    clock = ManualClock(0, T0 * 60)
    given = {"directory": str(tmp_path / "j1"), "key_file": _key_file(tmp_path)}
    j = open_journal(config.check({"journal": dict(given)}), clock).journal
    assert (j.segment_bytes, j.budget_bytes, j.cap_bytes) == \
        (segments.SEGMENT_BYTES, segments.BUDGET_BYTES, 2 * segments.BUDGET_BYTES)
    given.update(directory=str(tmp_path / "j2"), segment_bytes=1024, budget_bytes=65536,
                 cap_bytes=200000)
    sink = open_journal(config.check({"journal": given}), clock)
    j = sink.journal
    assert (j.segment_bytes, j.budget_bytes, j.cap_bytes) == (1024, 65536, 200000)
    _fill(sink, lambda: len(j.segments()) >= 3)         # the files rotate at the configured size
    assert all(os.path.getsize(os.path.join(given["directory"], n)) <= 1024 for n in j.segments())


def test_open_journal_reports_a_journal_found_full_at_boot(tmp_path):
    from drivetime_pi.main import ManualClock
    from drivetime_pi.storage import open_journal

    clock = ManualClock(0, T0 * 60)
    # small sizes straight to open_journal (config.load would refuse a budget this small)
    cfg = {"journal": {"directory": str(tmp_path / "j"), "key_file": _key_file(tmp_path),
                       "segment_bytes": 256, "budget_bytes": 1024, "cap_bytes": 2048}}
    faults = []
    sink = open_journal(cfg, clock, on_full=faults.append)
    _fill(sink, lambda: faults)
    sink.close()
    again = []
    open_journal(cfg, clock, on_full=again.append)     # a reboot: nothing confirmed since
    assert again == [True]
