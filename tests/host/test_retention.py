# Tests of office retention: data past its period goes, the stored chain still verifies.
# SPDX-License-Identifier: MIT
"""host_tools.retention and `drivetime office retention` (issue 6, privacy)."""

import hashlib
import os
import sqlite3
import sys

import pytest

from drivetime.journal import Writer
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
