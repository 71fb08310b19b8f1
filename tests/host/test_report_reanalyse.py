# Tests of `drivetime office reanalyse`: everything derived again from the stored records.
# SPDX-License-Identifier: MIT
"""A database of tests/host/fleet_fixture.py's fleet is turned into one
derived before migration 0005 (no card on any interval, position, event or
infringement) or by other rules (a stale verdict); `drivetime office
reanalyse` makes the report right again, with the rows worked out by hand in
tests/host/test_report.py (RULES.md §§3-4, Reg. (EU) 2016/403)."""

import hashlib
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fleet_fixture import at, fleet_store  # noqa: E402
from host_tools import report  # noqa: E402
from host_tools.cli import main  # noqa: E402

WEEK = (at(0, 0), at(7, 0))
DERIVED = ("activity_intervals", "positions", "events", "infringements")


def _table(conn, table, drop=("id", "analysed_at")):
    cur = conn.execute("select * from %s" % table)
    names = [c[0] for c in cur.description]
    return sorted(tuple((n, v) for n, v in zip(names, row) if n not in drop) for row in cur)


def _records_digest(conn):
    return hashlib.sha256(repr(conn.execute(
        "select unit_id, seq, kind, minute, raw, mac from records order by unit_id, seq").fetchall())
        .encode()).hexdigest()


def _as_before_0005(db):
    """What a database filled before the per-driver analysis holds: no card on any row,
    the verdicts of the old per-unit analysis (here: none, and one a rules change dropped)."""
    with sqlite3.connect(db) as conn:
        conn.execute("update activity_intervals set driver_id = null, crew = null")
        for table in ("positions", "events"):
            conn.execute("update %s set driver_id = null" % table)
        conn.execute("delete from infringements")
        conn.execute('insert into infringements (unit_id, driver_id, rule, start, "end", measured_min, '
                     "limit_min, severity, final, detail, analysed_at) values ('U1', null, "
                     "'daily_driving', ?, ?, 560, 540, 'MI', 1, 'old rules', 'then')",
                     (at(0, 15), at(0, 15)))


def _anna(db):
    from host_tools.store import Store
    with Store(db) as store:
        return report.build(store, driver="DA", start=WEEK[0], end=WEEK[1])["drivers"][0]


def test_reanalyse_rederives_cards_and_verdicts(tmp_path, capsys):
    db = str(tmp_path / "office.db")
    fleet_store(db).close()
    with sqlite3.connect(db) as conn:
        as_imported = {t: _table(conn, t) for t in DERIVED}
        records = _records_digest(conn)
    _as_before_0005(db)
    # before: Anna's card is on nothing, her week reads as no record at all
    stale = _anna(db)
    assert stale["infringements"] == [] and stale["days"][0]["intervals"] == []

    assert main(["office", "reanalyse", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "(before: 1)" in out and "3 units" in out and "4 drivers" in out

    anna = _anna(db)
    assert [(i["rule"], i["start"], i["measured_min"], i["limit_min"], i["severity"])
            for i in anna["infringements"]] == [
        # Mon: 5 h straight from 06:00 over 4 h 30 at 10:30 (Art 7), 5h <= x < 6h: SI
        ("continuous_driving", at(0, 10, 30), 300, 270, "SI"),
        # Tue: 10 h 30 in the day, 10 h the extended limit (Art 6(1)), 10h < x < 11h: MI
        ("daily_driving", at(1, 17, 30), 630, 600, "MI")]
    # Mon: 6 h driving, 30 min other work, 45 min break; the rest of the day has no record
    assert anna["days"][0]["totals"] == {"driving": 360, "other_work": 30, "availability": 0,
                                         "rest": 45, "unknown": 1440 - 435}
    with sqlite3.connect(db) as conn:
        # exactly what the imports had derived, and the records untouched
        assert {t: _table(conn, t) for t in DERIVED} == as_imported
        assert _records_digest(conn) == records
        assert conn.execute("select count(*) from infringements where detail = 'old rules'"
                            ).fetchone()[0] == 0


def test_reanalyse_twice_changes_nothing(tmp_path, capsys):
    db = str(tmp_path / "office.db")
    fleet_store(db).close()
    assert main(["office", "reanalyse", "--db", db]) == 0
    with sqlite3.connect(db) as conn:
        once = {t: _table(conn, t) for t in DERIVED}
    assert main(["office", "reanalyse", "--db", db]) == 0
    with sqlite3.connect(db) as conn:
        assert {t: _table(conn, t) for t in DERIVED} == once


def test_no_database_is_bad_input_and_creates_none(tmp_path, capsys):
    db = tmp_path / "none.db"
    assert main(["office", "reanalyse", "--db", str(db)]) == 2
    assert "no database" in capsys.readouterr().err and not db.exists()
