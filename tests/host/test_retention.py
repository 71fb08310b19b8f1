# Tests of office retention: data past its period goes, the stored chain still verifies.
# SPDX-License-Identifier: MIT
"""host_tools.retention and `drivetime office retention` (issue 6, privacy)."""

import hashlib
import os
import sqlite3
import sys

import pytest

from drivetime.journal import Decoder, Writer
from host_tools import office, retention
from host_tools.store import NO_CARD, Store

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_analysis_drivers import DAY, KEYS, LAWFUL, T0, load, shift  # noqa: E402  (journal builders)

YEAR = 365 * DAY
KEY = KEYS["U1"]


def _recrc(frame):
    import struct
    from binascii import crc32
    body = frame[:-2]
    return body + struct.pack("<H", crc32(body) & 0xFFFF)


def _three_days(path=None):
    """U1: A on Monday, B on Tuesday, A on Wednesday, one download each (8 records, then a seal)."""
    store = Store(path)
    w = Writer(KEY)
    for day, card in enumerate("ABA"):
        load(store, "U1", shift(w, card, T0 + day * DAY, LAWFUL), "day%d.bin" % day)
    return store, w


def test_retention_cuts_at_a_seal_and_verify_still_says_whole():
    store, _w = _three_days()
    before = store.counts()
    # keep 365 days back from a year after Tuesday 00:00: the cutoff is Tuesday
    # 00:00Z, so Monday's download (records 1..8, sealed at 13:45 Monday) goes
    # and Tuesday's (06:00) stays
    cuts = retention.retain(store, 365, T0 - 360 + DAY + YEAR)
    assert [(c["unit_id"], c["seq"], c["records"], c["positions"], c["activity_intervals"])
            for c in cuts] == [("U1", 8, 8, 2, 3)]
    assert [r["seq"] for r in store.records("U1")] == list(range(9, 25))
    assert store.counts()["records"] == before["records"] - 8
    assert store.origin("U1")[0] == 8 and store.unit("U1")["first_seq"] == 9
    assert office.verify(store, "U1", KEY) == []
    # Monday's intervals and positions are gone; A is still known (Wednesday)
    assert min(r["start"] for r in store.intervals_for()) == T0 + DAY
    assert min(p["minute"] for p in store.positions_for()) == T0 + DAY
    assert store.driver_ids() == ["A", "B"]


def test_a_tampered_record_after_the_cut_is_still_found(tmp_path):
    path = str(tmp_path / "office.db")
    store, _w = _three_days(path)
    retention.retain(store, 365, T0 - 360 + DAY + YEAR)
    store.close()
    conn = sqlite3.connect(path)
    raw = bytearray(conn.execute("select raw from records where seq = 12").fetchone()[0])
    raw[-3] ^= 0x01
    with conn:
        conn.execute("update records set raw = ? where seq = 12", [_recrc(bytes(raw))])
    conn.close()
    with Store(path) as store:
        problems = office.verify(store, "U1", KEY)
    assert problems and any("record 12" in p for p in problems), problems


def test_nothing_is_cut_while_everything_is_within_the_period():
    store, _w = _three_days()
    before = store.counts()
    assert retention.retain(store, 365, T0 + YEAR) == []        # cutoff Monday 06:00: nothing older
    assert store.counts() == before


def test_a_cut_inside_a_spell_keeps_the_card_and_the_open_activity():
    # A drives from 06:00; the unit seals at 09:00 (a 3 h position) and the office
    # downloads; the rest of the spell (break at 11:00, power off 12:00) comes later.
    # Cutting at the 09:00 seal must leave A's driving 09:00-11:00 as A's, not as
    # no-card driving, and the next import must re-derive it the same way.
    store = Store()
    w = Writer(KEY)
    part1 = w.start() + w.record("power", T0, {"on": True}) + \
        w.record("driver", T0, {"card": "A", "name": "A"}) + \
        w.record("activity", T0, {"start": T0, "activity": "driving", "flags": 0}) + \
        w.record("position", T0 + 180, {"lat": 0, "lon": 0, "reason": "3h"}) + w.seal()
    part2 = w.start() + w.record("activity", T0 + 300, {"start": T0 + 300, "activity": "break_rest",
                                                          "flags": 0}) + \
        w.record("power", T0 + 360, {"on": False}) + w.seal()
    load(store, "U1", part1)
    load(store, "U1", part2)
    cuts = retention.retain(store, 365, T0 + 200 + YEAR)        # cutoff 09:20
    assert [(c["seq"], c["minute"] - T0) for c in cuts] == [(4, 180)]
    got = [(r["start"] - T0, r["end"] - T0, r["activity"], r["driver_id"]) for r in store.intervals_for()]
    assert got == [(180, 300, "driving", "A"), (300, 360, "break_rest", "A")]
    assert office.verify(store, "U1", KEY) == []
    load(store, "U1", shift(w, "B", T0 + DAY, LAWFUL))
    assert [(r["start"] - T0, r["driver_id"]) for r in store.intervals_for(unit_id="U1", end=T0 + DAY)] == \
        [(180, "A"), (300, "A")]
    assert store.infringements_for(driver_id=NO_CARD) == []
    assert office.verify(store, "U1", KEY) == []


def test_a_period_shorter_than_the_law_allows_is_refused():
    store, _w = _three_days()
    with pytest.raises(ValueError, match="Art 33"):
        retention.retain(store, 364, T0 + 2 * YEAR)


def _digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_cli_dry_run_changes_nothing_then_retention_and_verify(tmp_path, capsys):
    from host_tools.cli import main
    path = str(tmp_path / "office.db")
    _three_days(path)[0].close()
    keys = tmp_path / "keys.json"
    keys.write_text('{"units": {"U1": "%s"}}' % KEY.hex())
    before = _digest(path)
    # 365 days before 2027-03-02 is 2026-03-02 00:00Z: Monday 06:00 is not older, nothing to cut
    assert main(["office", "retention", "--keep-days", "365", "--at", "2027-03-02", "--dry-run",
                 "--db", path]) == 0
    out = capsys.readouterr().out
    assert "nothing older" in out and _digest(path) == before
    assert main(["office", "retention", "--keep-days", "365", "--at", "2027-03-03", "--dry-run",
                 "--db", path]) == 0
    out = capsys.readouterr().out
    # ...and before 2027-03-03 is 2026-03-03 00:00Z: Monday's download (records 1..8) goes
    assert "unit U1: cut at the seal after record 8" in out and "would delete 8 records" in out
    assert _digest(path) == before
    assert main(["office", "retention", "--keep-days", "365", "--at", "2027-03-03", "--db", path]) == 0
    assert "deleted 8 records" in capsys.readouterr().out
    assert main(["office", "verify", "--db", path, "--keys", str(keys)]) == 0
    assert "unit U1: records 9..24: chain whole" in capsys.readouterr().out
    assert main(["office", "retention", "--keep-days", "30", "--db", path]) == 2
    assert "Art 33(2)" in capsys.readouterr().err


# -- importing after a cut: what retention deleted is never added again -----------------

def _days(store, days):
    """Import one download per day (U1: LAWFUL spells, cards A, B, A, ...); return the downloads."""
    w, parts = Writer(KEY), []
    for day in range(days):
        parts.append(shift(w, "AB"[day % 2], T0 + day * DAY, LAWFUL))
        load(store, "U1", parts[-1], "day%d.bin" % day)
    return w, parts


def _import(store, data, source="flash.bin"):
    return office.import_download(store, "U1", data, KEY, source)


def test_the_units_whole_flash_after_a_cut_adds_only_what_is_new():
    # Each day is 8 records (power, driver, position, 3 activities, position,
    # power) then a seal: Monday 1..8, Tuesday 9..16, Wednesday 17..24.  Cut at
    # the seal after 8 (cutoff Tuesday 00:00Z), then the unit's whole flash with
    # Thursday's spell (25..32) appended: records 1..8 are skipped (taken, then
    # deleted), 9..24 are the stored ones again, only 25..32 are new.
    store = Store()
    w, parts = _days(store, 3)
    retention.retain(store, 365, T0 - 360 + DAY + YEAR)
    assert store.origin("U1")[0] == 8
    thursday = shift(w, "B", T0 + 3 * DAY, LAWFUL)
    result = _import(store, b"".join(parts) + thursday)
    assert (result.offered, result.added, result.first_seq, result.last_seq) == (32, 8, 25, 32)
    assert [r["seq"] for r in store.records("U1")] == list(range(9, 33))
    assert store.unit("U1")["first_seq"] == 9 and store.origin("U1")[0] == 8
    # nothing of Monday came back: no interval, position or event before Tuesday
    assert min(r["start"] for r in store.intervals_for()) == T0 + DAY
    assert min(p["minute"] for p in store.positions_for()) == T0 + DAY
    assert min(e["seq"] for e in store.events_for()) == 9
    assert office.verify(store, "U1", KEY) == []


def test_an_old_download_of_deleted_records_adds_nothing(tmp_path):
    # Monday's own download (1..8) again after the cut at the seal after 8: it
    # reaches the origin and agrees there, and every record in it was deleted.
    path = str(tmp_path / "office.db")
    store = Store(path)
    _w, parts = _days(store, 3)
    retention.retain(store, 365, T0 - 360 + DAY + YEAR)
    store.close()
    before = _digest(path)
    with Store(path) as store:
        result = _import(store, parts[0], "day0.bin")
        assert (result.download_id, result.offered, result.added) == (None, 8, 0)
        result = _import(store, parts[0] + parts[1], "day01.bin")        # 9..16 stored: repeats
        assert (result.download_id, result.offered, result.added) == (None, 16, 0)
    assert _digest(path) == before


def _refused(store, data, *words):
    counts = store.counts()
    with pytest.raises(office.DownloadRefused) as err:
        _import(store, data, "old.bin")
    assert store.counts() == counts
    message = str(err.value)
    assert "old.bin" in message and "U1" in message and "byte " in message, message
    for word in words:
        assert word in message, message
    return message


def test_a_download_ending_before_the_cut_is_refused_saying_so():
    # cut at the seal after 16 (cutoff Wednesday 00:00Z): Monday's download (1..8)
    # never reaches record 16, so nothing links it to the stored chain
    store = Store()
    _w, parts = _days(store, 3)
    retention.retain(store, 365, T0 - 360 + 2 * DAY + YEAR)
    assert store.origin("U1")[0] == 16
    _refused(store, parts[0], "records 1..8", "before the seal after record 16", "retention")


def test_a_download_disagreeing_at_the_cut_is_refused():
    # the same key, another Monday (the spell an hour later: 8 records again, so
    # record 8 exists but its chain value is not the stored origin's)
    store = Store()
    _w, parts = _days(store, 3)
    retention.retain(store, 365, T0 - 360 + DAY + YEAR)
    other = shift(Writer(KEY), "A", T0 + 60, LAWFUL)
    at = [r.offset for r in Decoder(KEY).feed(other) if r.seq == 8][0]     # where record 8 starts
    _refused(store, other, "byte %d: record 8 does not match" % at, "retention")
    # the right Monday, then another Tuesday (same key): agreeing at the cut does
    # not excuse a stored record (9..16) told differently
    w = Writer(KEY)
    monday = shift(w, "A", T0, LAWFUL)
    assert monday == parts[0]
    _refused(store, monday + shift(w, "B", T0 + DAY + 60, LAWFUL), "record 9 differs from the stored copy")
    assert office.verify(store, "U1", KEY) == []
