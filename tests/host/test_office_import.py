# Tests of importing journal downloads into the office store: all or nothing, idempotent, verifiable.
# SPDX-License-Identifier: MIT
"""host_tools.office (issue 5, "Office store"): downloads are built with the
unit's own encoder (drivetime.journal.Writer), then imported, repeated,
corrupted, truncated and tampered with."""

import hashlib
import os
import sqlite3
import struct
from binascii import crc32

import pytest

from drivetime import timeutil
from drivetime.journal import Decoder, Writer
from host_tools import analysis, office
from host_tools.store import Store

KEY = bytes(range(32))
UNIT = "NL-0042"
T0 = timeutil.parse_iso("2026-03-02T06:00:00Z")[0]       # a Monday


def _day(writer, t=T0, drive1=270, brk=45, drive2=225, work=30):
    """One driver-day as the unit journals it; returns the bytes (START first, SEAL last)."""
    out = writer.start()
    out += writer.record("power", t, {"on": True})
    out += writer.record("driver", t, {"card": "NL123", "name": "A. Driver"})
    out += writer.record("position", t, {"lat": 31422, "lon": 2937, "reason": "start"})
    out += writer.record("activity", t, {"start": t, "activity": "driving", "flags": 0})
    t += drive1
    out += writer.record("activity", t, {"start": t, "activity": "break_rest", "flags": 0})
    t += brk
    out += writer.record("activity", t, {"start": t, "activity": "driving", "flags": 0})
    t += drive2
    out += writer.record("activity", t, {"start": t, "activity": "other_work", "flags": 0})
    t += work
    out += writer.record("power", t, {"on": False})
    return out + writer.seal()


def _frames(data):
    """The download cut into its frames (START, each record, SEAL), by the unit's own decoder."""
    spans = office._record_spans(data, Decoder(KEY).feed(data))
    pieces, pos = [], 0
    for start, end in spans:
        if start > pos:
            pieces.append(data[pos:start])
        pieces.append(data[start:end])
        pos = end
    if pos < len(data):
        pieces.append(data[pos:])
    return pieces


def _recrc(frame):
    # what a forger without the key can do: keep every CRC valid (CRC-32 low 16 bits)
    body = frame[:-2]
    return body + struct.pack("<H", crc32(body) & 0xFFFF)


def _digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@pytest.fixture
def office_db(tmp_path):
    """A database holding one accepted day of unit NL-0042; yields (path, writer)."""
    path = str(tmp_path / "office.db")
    writer = Writer(KEY)
    with Store(path) as store:
        office.import_download(store, UNIT, _day(writer), KEY, "day1.bin")
    return path, writer


def test_an_accepted_day_is_stored_with_its_timeline_and_verifies():
    store = Store()
    result = office.import_download(store, UNIT, _day(Writer(KEY)), KEY, "day1.bin")
    assert (result.offered, result.added, result.first_seq, result.last_seq) == (8, 8, 1, 8)
    rows = list(store.db["activity_intervals"].rows_where(order_by="start"))
    # by hand from _day: 06:00-10:30 driving, 10:30-11:15 break, 11:15-15:00 driving,
    # 15:00-15:30 other work, then power off
    assert [(r["start"] - T0, r["end"] - T0, r["activity"]) for r in rows] == [
        (0, 270, "driving"), (270, 315, "break_rest"), (315, 540, "driving"), (540, 570, "other_work")]
    # 4 h 30 then a 45 min break (Art 7), 8 h 15 of driving (Art 6(1): 9 h): lawful
    assert store.db["infringements"].count == 0
    # stored in degrees for maps and Datasette, from the journal's integer units
    scale = analysis.POSITION_UNITS_PER_DEGREE
    assert [(p["lat"], p["lon"], p["reason"]) for p in store.db["positions"].rows] == \
        [(31422 / scale, 2937 / scale, "start")]
    assert [d["id"] for d in store.db["drivers"].rows] == ["NL123"]
    assert store.confirmed_seq(UNIT) == 8
    assert office.verify(store, UNIT, KEY) == []


def test_five_hours_of_driving_is_stored_as_an_art_7_infringement():
    store = Store()
    office.import_download(store, UNIT, _day(Writer(KEY), drive1=300), KEY, "day1.bin")
    found = [(r["rule"], r["measured_min"], r["limit_min"]) for r in store.db["infringements"].rows]
    # 300 min without a break against the 270 min of Art 7
    assert found == [("continuous_driving", 300, 270)]


def test_a_repeated_download_adds_nothing(office_db):
    path, _writer = office_db
    before = _digest(path)
    with Store(path) as store:
        counts = store.counts()
        result = office.import_download(store, UNIT, _day(Writer(KEY)), KEY, "again.bin")
        assert (result.download_id, result.added, result.offered) == (None, 0, 8)
        assert store.counts() == counts
    assert _digest(path) == before


def test_a_later_download_adds_only_the_new_records(office_db):
    path, writer = office_db
    day2 = _day(writer, t=T0 + 1440)
    with Store(path) as store:
        # the unit's whole flash (both segments) and the tail alone give the same result
        result = office.import_download(store, UNIT, _day(Writer(KEY)) + day2, KEY, "all.bin")
        assert (result.added, result.first_seq, result.last_seq) == (8, 9, 16)
        assert office.import_download(store, UNIT, day2, KEY, "tail.bin").added == 0
        assert [r["seq"] for r in store.records(UNIT)] == list(range(1, 17))
        assert office.verify(store, UNIT, KEY) == []


def _refused(path, data, *words):
    before = _digest(path)
    with Store(path) as store:
        counts = store.counts()
        with pytest.raises(office.DownloadRefused) as err:
            office.import_download(store, UNIT, data, KEY, "bad.bin")
        assert store.counts() == counts
    assert _digest(path) == before
    message = str(err.value)
    assert "bad.bin" in message and UNIT in message and "byte " in message, message
    for word in words:
        assert word in message, message
    return message


def test_a_corrupt_byte_is_refused_naming_the_offset(office_db):
    path, writer = office_db
    data = bytearray(_day(writer, t=T0 + 1440))
    data[40] ^= 0x10
    _refused(path, bytes(data), "crc")


def test_a_truncated_download_is_refused(office_db):
    path, writer = office_db
    data = _day(writer, t=T0 + 1440)
    _refused(path, data[:-5], "truncated tail")


def test_an_unsealed_tail_is_refused(office_db):
    path, writer = office_db
    data = writer.record("activity", T0 + 1440, {"start": T0 + 1440, "activity": "driving", "flags": 0})
    _refused(path, data, "unsealed", "records 9..9")


def test_a_wrong_key_is_refused(office_db):
    path, _writer = office_db
    _refused(path, _day(Writer(b"\x01" * 32), t=T0), "mac")


def test_a_gap_before_the_download_is_refused(office_db):
    path, writer = office_db
    _day(writer, t=T0 + 1440)                          # seq 9..16 never reach the office
    _refused(path, _day(writer, t=T0 + 2880), "missing", "9..16")


def test_a_rewritten_history_is_refused(office_db):
    # same key, same seqs, other content (a unit re-flashed to tell another story)
    path, _writer = office_db
    _refused(path, _day(Writer(KEY), drive1=200), "differs from the stored copy")


def test_every_single_record_change_delete_insert_and_reorder_is_refused(office_db):
    path, writer = office_db
    frames = _frames(_day(writer, t=T0 + 1440))
    data_idx = range(1, len(frames) - 1)               # between the START and the SEAL
    cases = []
    for i in data_idx:
        changed = bytearray(frames[i])
        changed[-3] ^= 0x01                            # last payload byte, CRC made valid again
        cases.append(frames[:i] + [_recrc(bytes(changed))] + frames[i + 1:])
        cases.append(frames[:i] + frames[i + 1:])
        cases.append(frames[:i] + [frames[i]] + frames[i:])
        if i + 1 in data_idx:
            cases.append(frames[:i] + [frames[i + 1], frames[i]] + frames[i + 2:])
    for case in cases:
        _refused(path, b"".join(case))


def test_verify_names_a_record_changed_in_the_database(office_db):
    path, _writer = office_db
    conn = sqlite3.connect(path)
    raw = bytearray(conn.execute("select raw from records where seq = 5").fetchone()[0])
    raw[-3] ^= 0x01
    with conn:
        conn.execute("update records set raw = ? where seq = 5", [_recrc(bytes(raw))])
    conn.close()
    with Store(path) as store:
        problems = office.verify(store, UNIT, KEY)
    assert problems and any("record 5" in p for p in problems), problems


def test_import_records_takes_a_list_of_raw_records():
    store = Store()
    result = office.import_records(store, UNIT, _frames(_day(Writer(KEY))), KEY, "sync")
    assert result.added == 8


# -- the command line: drivetime office import / verify ---------------------------------

def _cli(tmp_path, capsys, *argv):
    from host_tools.cli import main
    keys = tmp_path / "keys.json"
    keys.write_text('{"units": {"%s": "%s"}}' % (UNIT, KEY.hex()))
    code = main(["office"] + list(argv) + ["--db", str(tmp_path / "office.db"), "--keys", str(keys)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_imports_refuses_and_verifies(tmp_path, capsys):
    writer = Writer(KEY)
    day1, day2 = tmp_path / "day1.bin", tmp_path / "day2.bin"
    day1.write_bytes(_day(writer))
    day2.write_bytes(_day(writer, t=T0 + 1440)[:-3])        # truncated in transit
    code, out, _ = _cli(tmp_path, capsys, "import", str(day1), "--unit", UNIT)
    assert code == 0 and "8 new (seq 1..8)" in out
    code, out, _ = _cli(tmp_path, capsys, "import", str(day1), "--unit", UNIT)
    assert code == 0 and "none new" in out
    before = _digest(str(tmp_path / "office.db"))
    code, _, err = _cli(tmp_path, capsys, "import", str(day2), "--unit", UNIT)
    assert code == 2 and "refused" in err and "truncated tail" in err and "day2.bin" in err
    assert _digest(str(tmp_path / "office.db")) == before
    code, out, _ = _cli(tmp_path, capsys, "verify")
    assert code == 0 and "unit %s: records 1..8: chain whole" % UNIT in out
    conn = sqlite3.connect(str(tmp_path / "office.db"))
    with conn:
        conn.execute("delete from records where seq = 3")          # a record removed in the database
    conn.close()
    code, out, _ = _cli(tmp_path, capsys, "verify")
    assert code == 1 and "CHAIN BROKEN" in out and "record 4" in out, out


def test_cli_without_a_key_for_the_unit_is_bad_input(tmp_path, capsys):
    path = tmp_path / "day1.bin"
    path.write_bytes(_day(Writer(KEY)))
    code, _, err = _cli(tmp_path, capsys, "import", str(path), "--unit", "XX-0001")
    assert code == 2 and "no key for unit XX-0001" in err


def _ev(seq, kind, minute, **fields):
    return {"seq": seq, "kind": kind, "minute": minute, "fields": fields}


def test_a_manual_entry_replaces_recorded_time_but_never_driving():
    # recorded: 06:00 other work, 07:00 driving, 08:00 availability, power off 09:00;
    # the driver enters a break 05:00-08:30 afterwards (the unit allows no entry over
    # driving): 05:00-07:00 break (the hour before switch-on included), 07:00-08:00
    # driving kept, 08:00-08:30 break, 08:30-09:00 availability
    events = [_ev(1, "activity", T0, start=T0, activity="other_work", flags=0),
              _ev(2, "activity", T0 + 60, start=T0 + 60, activity="driving", flags=0),
              _ev(3, "activity", T0 + 120, start=T0 + 120, activity="availability", flags=0),
              _ev(4, "power", T0 + 180, on=False),
              _ev(5, "manual", T0 + 200, start=T0 - 60, end=T0 + 150, activity="break_rest")]
    got = [(s - T0, e - T0, a, src) for s, e, a, _f, src, _seq in analysis.timeline(events)]
    assert got == [(-60, 60, "break_rest", "manual"), (60, 120, "driving", "recorded"),
                   (120, 150, "break_rest", "manual"), (150, 180, "availability", "recorded")]


# -- after `drivetime office retention`: import and sync say what they took and refused ----

def _unit_day(journal, t):
    """One driver-day journalled by a unit's own segment journal, sealed (8 records, as _day)."""
    journal.append("power", t, {"on": True})
    journal.append("driver", t, {"card": "NL123", "name": "A. Driver"})
    journal.append("position", t, {"lat": 31422, "lon": 2937, "reason": "start"})
    for minutes, activity in ((0, "driving"), (270, "break_rest"), (315, "driving"), (540, "other_work")):
        journal.append("activity", t + minutes, {"start": t + minutes, "activity": activity, "flags": 0})
    journal.append("power", t + 570, {"on": False})
    journal.seal()


def test_cli_import_and_sync_after_retention(tmp_path, capsys):
    import json

    from drivetime import syncproto as sp
    from drivetime.segments import RamStorage, SegmentJournal
    from drivetime.syncsource import ConfirmingSource
    from host_tools import sync
    from host_tools.cli import main

    company = b"company key for the fleet office"
    db = str(tmp_path / "office.db")
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"units": {UNIT: KEY.hex()}, "company": company.hex()}))
    journal = SegmentJournal(RamStorage(), KEY)
    journal.recover()
    for day in range(3):                        # Mon, Tue, Wed: records 1..24, a seal after each day
        _unit_day(journal, T0 + day * 1440)
    monday_file = tmp_path / "monday.bin"
    monday_file.write_bytes(_day(Writer(KEY)))  # the office's own copy of Monday (same 8 records)
    server, stop = sync.serve_tcp(lambda: sp.DeviceSession(UNIT.encode(), company,
                                                           ConfirmingSource(journal), os.urandom))
    office_args = ["--db", db, "--keys", str(keys)]
    sync_argv = ["office", "sync", "--host", "127.0.0.1:%d" % server.getsockname()[1]] + office_args
    try:
        assert main(sync_argv) == 0
        assert "stored: 24 new records" in capsys.readouterr().out
        # a year after Tuesday 00:00Z, keep 365 days: Monday (1..8) goes, cut at its seal
        assert main(["office", "retention", "--keep-days", "365", "--at", "2027-03-03", "--db", db]) == 0
        assert "cut at the seal after record 8" in capsys.readouterr().out
        # the unit's whole flash, Thursday added: Monday skipped, Tue-Wed already held, Thursday new
        _unit_day(journal, T0 + 3 * 1440)
        flash = tmp_path / "flash.bin"
        flash.write_bytes(journal.read_from(1))
        assert main(["office", "import", str(flash), "--unit", UNIT] + office_args) == 0
        assert "32 records in the download, 8 new (seq 25..32)" in capsys.readouterr().out
        # the office's old Monday file: every record in it was deleted, nothing comes back
        assert main(["office", "import", str(monday_file), "--unit", UNIT] + office_args) == 0
        assert "8 records in the download, none new" in capsys.readouterr().out
        # the unit syncs on from the office's last record (33 on), unaffected by the cut
        _unit_day(journal, T0 + 4 * 1440)
        assert main(sync_argv) == 0
        assert "stored: 8 new records" in capsys.readouterr().out
        # a second cut, after Tuesday (cutoff Wed 00:00Z): Monday's file no longer reaches it
        assert main(["office", "retention", "--keep-days", "365", "--at", "2027-03-04", "--db", db]) == 0
        assert "cut at the seal after record 16" in capsys.readouterr().out
        before = _digest(db)
        assert main(["office", "import", str(monday_file), "--unit", UNIT] + office_args) == 2
        err = capsys.readouterr().err
        assert "refused, nothing stored" in err and str(monday_file) in err and UNIT in err
        assert "byte 0: records 1..8 all lie before the seal after record 16" in err, err
        assert _digest(db) == before
        # a unit re-flashed with the same key (another history, seqs from 1): the sync
        # resumes at 41 and the unit's anchor there does not continue the office's chain
        other = SegmentJournal(RamStorage(), KEY)
        other.recover()
        for day in range(6):
            _unit_day(other, T0 + day * 1440 + 60)
        server2, stop2 = sync.serve_tcp(lambda: sp.DeviceSession(UNIT.encode(), company,
                                                                 ConfirmingSource(other), os.urandom))
        try:
            sync_argv[3] = "127.0.0.1:%d" % server2.getsockname()[1]
            assert main(sync_argv) == 2
        finally:
            stop2.set()             # the server's own thread closes it
        err = capsys.readouterr().err
        assert "refused, nothing stored or confirmed" in err and UNIT in err
        assert "the anchor at record 40 does not continue the stored chain" in err, err
        assert _digest(db) == before and other.confirmed == 0
    finally:
        stop.set()
