# The MicroPython port's journal: SegmentJournal files on the filesystem, written by the loop, cut by a power failure.
# SPDX-License-Identifier: MIT
"""``journal_flash`` over ``storage.FileStorage`` in a directory of the unix
port's filesystem (the board's flash in the field), fed by ``app.App``.
Issue 5: a power cut at any byte loses at most the record being written;
boot recovers to the last whole record and says what it dropped."""

import os
from binascii import hexlify
from collections import namedtuple

import mpport_path  # noqa: F401
from app import App
from drivetime import journal as J
from journal_flash import JournalSink, dropped, open_journal, read_key
from support import ManualClock as Clock, fresh_dir, raises

Log = namedtuple("Log", ("kind", "fields"))
UNIT_KEY = bytes(range(32))
MINUTE = 29540160       # 2026-03-02 00:00 UTC
BASE = "/tmp/drivetime_mpport_journal"


class Rtc:
    def __init__(self, minute=None):
        self.minute = minute

    def read(self):
        return None if self.minute is None else (self.minute, 0)


class ScriptUnit:
    """Journals like drivetime.unit.Unit: ``power`` at boot/stop, a Log per tick queued by the test."""

    def __init__(self):
        self.queue, self.faults = [], []

    def power(self, on, mono):
        self.queue.append(Log("power", {"on": on, "minute": None}))

    def port_fault(self, name, on, mono):
        self.faults.append((name, on))
        self.queue.append(Log("fault", {"fault": name, "on": on, "minute": None}))

    def on_rtc(self, mono, minute, second):
        pass

    def tick(self, mono):
        out, self.queue = self.queue, []
        return out


def _files(directory):
    return [directory + "/" + n for n in sorted(os.listdir(directory)) if n.startswith("j")]


def _decode(directory):
    """Every record in the segment files, decoded with the unit key, and the problems."""
    dec = J.Decoder(UNIT_KEY)
    out = []
    for path in _files(directory):
        with open(path, "rb") as f:
            out.extend(dec.feed(f.read()))
    dec.finish()
    return out, dec.problems


def _run(directory, rtc, n, first=0):
    """Boot, ``n`` activity changes a minute apart, stop: what a day on the board journals."""
    journal, report = open_journal(directory, UNIT_KEY, segment_bytes=100)
    unit, clock = ScriptUnit(), Clock()
    app = App(unit, clock, rtc, journal=JournalSink(journal, rtc, unit.port_fault, say=lambda s: None))
    app.boot()
    for i in range(first, first + n):
        clock.t += 60000
        rtc.minute = MINUTE + i
        unit.queue.append(Log("activity", {"activity": ("driving", "other_work")[i % 2], "flags": 0,
                                           "start": MINUTE + i, "minute": MINUTE + i}))
        app.step()
    app.stop()
    return app, report


def test_the_loop_writes_a_sealed_chain_into_segment_files():
    d = fresh_dir(BASE)
    app, report = _run(d, Rtc(), 30)
    assert dropped(report) == []
    assert len(_files(d)) > 1                  # 100-byte segments: it rotated
    recs, problems = _decode(d)
    assert problems == []
    kinds = [r.kind for r in recs]
    # The power-up waited for a minute (no RTC reading at boot) and went in first.
    assert kinds == ["power"] + ["activity"] * 30 + ["power"]
    assert recs[0].fields["on"] is True and recs[-1].fields["on"] is False
    assert recs[0].minute == MINUTE and recs[-1].minute == MINUTE + 29
    assert [r.seq for r in recs] == list(range(1, 33))
    assert all(r.ok for r in recs)             # sealed at the stop: every record verifies
    assert recs[6].fields["activity"] == "other_work" and recs[6].fields["start"] == MINUTE + 5


def test_a_power_cut_mid_record_loses_that_record_and_boot_says_so():
    d = fresh_dir(BASE)
    _run(d, Rtc(), 12)
    recs, _ = _decode(d)
    newest = _files(d)[-1]
    with open(newest, "rb") as f:
        data = f.read()
    # The cut: the last write (the final power record and its SEAL) stops 3
    # bytes into the power record, as a supply that died during the append.
    last = recs[-1]
    keep = data[:data.index(last.raw) + 3]
    os.remove(newest)
    with open(newest, "wb") as f:
        f.write(keep)
    rtc = Rtc(MINUTE + 100)
    app, report = _run(d, rtc, 5, first=100)
    lost = dropped(report)
    assert len(lost) == 1 and "dropped 3 bytes" in lost[0] and "after seq %d" % (last.seq - 1) in lost[0]
    recs2, problems = _decode(d)
    # Everything before the torn record is kept and verifies; the torn one is gone,
    # its seq is reused by the first record after boot (the chain goes on from
    # the last whole record), and the torn bytes are never read as a record.
    seqs = [r.seq for r in recs2]
    assert seqs == list(range(1, len(recs2) + 1))
    assert [r.raw for r in recs2[:last.seq - 1]] == [r.raw for r in recs[:last.seq - 1]]
    assert recs2[last.seq - 1].kind == "power" and recs2[last.seq - 1].fields["on"] is True
    assert recs2[last.seq - 1].minute == MINUTE + 100
    assert all(r.ok for r in recs2)
    # Read end to end, the old segment's torn tail is the one thing amiss.
    assert [p[1] for p in problems] == ["crc: 3 bytes skipped"]


def test_records_wait_for_a_minute_and_keep_their_order():
    d = fresh_dir(BASE)
    journal, _ = open_journal(d, UNIT_KEY)
    rtc = Rtc()
    sink = JournalSink(journal, rtc, say=lambda s: None)
    sink.record(0, "power", {"on": True, "minute": None})
    sink.record(0, "fault", {"fault": "journal_recovered", "on": True})
    assert journal.writer.seq == 0 and len(sink.pending) == 2
    rtc.minute = MINUTE + 7
    sink.update(10)
    assert journal.writer.seq == 2 and sink.pending == []
    sink.flush()
    recs, problems = _decode(d)
    assert [(r.kind, r.minute) for r in recs] == [("power", MINUTE + 7), ("fault", MINUTE + 7)]
    assert problems == [] and all(r.ok for r in recs)


def test_a_failing_write_is_a_port_fault_until_a_record_goes_in():
    d = fresh_dir(BASE)
    journal, _ = open_journal(d, UNIT_KEY)
    faults = []
    sink = JournalSink(journal, Rtc(MINUTE), lambda name, on, mono: faults.append((name, on, mono)),
                       say=lambda s: None)
    storage = journal.storage
    real = storage.append

    def broken(name, data):
        raise OSError(5)                # EIO: the flash does not take the write
    storage.append = broken
    sink.record(5, "power", {"on": True, "minute": MINUTE})
    sink.record(6, "power", {"on": False, "minute": MINUTE})
    assert faults == [("journal_write", True, 5)] and journal.writer.seq <= 1
    storage.append = real
    sink.record(7, "power", {"on": True, "minute": MINUTE + 1})
    assert faults[-1] == ("journal_write", False, 7)
    sink.flush()
    recs, problems = _decode(d)
    # Recovery re-read the files before writing again: the chain starts
    # where the stored data ends, with no gap.
    assert [r.seq for r in recs] == [1] and recs[0].ok and problems == []


def test_unconfirmed_data_filling_the_budget_is_the_journal_full_fault():
    # Budget 600 bytes: the core's watch says full at 90 % unconfirmed
    # (segments.FULL_SHARE); the office's confirmation and prune clear it.
    d = fresh_dir(BASE)
    journal, _ = open_journal(d, UNIT_KEY, segment_bytes=100, budget_bytes=600)
    faults = []
    sink = JournalSink(journal, Rtc(MINUTE), lambda name, on, mono: faults.append((name, on)),
                       say=lambda s: None)
    n = 0
    while not faults:
        n += 1
        sink.record(n, "fault", {"fault": "can_silent", "on": n % 2 == 0, "minute": MINUTE + n})
    assert faults == [("journal_full", True)] and journal.total_bytes() * 100 >= 600 * 90
    sink.flush()
    journal.confirm(journal.writer.seq)
    journal.prune()
    sink.record(n + 1, "power", {"on": False, "minute": MINUTE + n})
    assert faults == [("journal_full", True), ("journal_full", False)]


def test_key_files_are_hex_and_long_enough():
    d = fresh_dir(BASE)
    os.mkdir(d)
    with open(d + "/unit.key", "w") as f:
        f.write(hexlify(UNIT_KEY).decode() + "\n")
    assert read_key(d + "/unit.key") == UNIT_KEY
    with open(d + "/short.key", "w") as f:
        f.write("00ff")
    assert "32 bytes" in str(raises(ValueError, read_key, d + "/short.key"))
    assert "cannot read" in str(raises(ValueError, read_key, d + "/none.key", "company"))
