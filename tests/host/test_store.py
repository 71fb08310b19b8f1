# Tests of the office store: named migrations, one transaction per download, plain SQLite.
# SPDX-License-Identifier: MIT
"""host_tools.store and host_tools.migrations (issue 5, "Office store")."""

import hashlib
import sqlite3

import pytest

from host_tools import migrations
from host_tools.store import Store

TABLES = {"units", "seals", "drivers", "records", "activity_intervals", "positions", "events",
          "downloads", "sync_state", "infringements"}


def _record(seq, minute, kind="activity", **fields):
    # a stand-in for a decoded journal record; the store never looks inside raw
    raw = b"rec%05d" % seq
    return {"seq": seq, "kind": kind, "minute": minute, "fields": dict(fields, minute=minute),
            "raw": raw, "mac": hashlib.sha256(raw).digest()[:16]}


def _file_digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_migrations_are_named_and_applied_once(tmp_path):
    path = str(tmp_path / "office.db")
    Store(path).close()
    with Store(path) as store:        # opening again applies nothing new
        names = migrations.applied_names(store.db)
        rows = store.db["_sqlite_migrations"].count
    assert names == ["0001_units_downloads_records", "0002_decoded_tables",
                     "0003_sync_state_infringements", "0004_chain_origin_and_seals",
                     "0005_per_driver_analysis", "0006_report_reads"]
    assert rows == len(names)          # one row each: none applied twice
    assert migrations.MIGRATIONS.pending(Store(path).db) == []


def test_reopening_leaves_the_file_byte_for_byte(tmp_path):
    path = str(tmp_path / "office.db")
    Store(path).close()
    before = _file_digest(path)
    Store(path).close()
    assert _file_digest(path) == before


def test_database_opens_with_plain_sqlite3(tmp_path):
    # Datasette needs nothing but plain tables (issue 5)
    path = str(tmp_path / "office.db")
    with Store(path) as store:
        store.add_download("U1", [_record(1, 100, activity="driving", start=100, flags=0)],
                           offered=1, source="test", sha256="00")
    conn = sqlite3.connect(path)
    try:
        names = {row[0] for row in conn.execute("select name from sqlite_master where type='table'")}
        assert TABLES <= names
        assert conn.execute("select unit_id, seq, kind, minute from records").fetchall() == \
            [("U1", 1, "activity", 100)]
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_a_download_updates_unit_and_sync_state():
    store = Store()
    store.add_download("U1", [_record(1, 100), _record(2, 160)], offered=2, source="t", sha256="x")
    unit = store.unit("U1")
    assert (unit["first_seq"], unit["last_seq"]) == (1, 2)
    assert unit["last_mac"] == _record(2, 160)["mac"].hex()
    assert store.confirmed_seq("U1") == 2
    store.add_download("U1", [_record(3, 200)], offered=3, source="t", sha256="y")
    assert (store.unit("U1")["first_seq"], store.unit("U1")["last_seq"]) == (1, 3)
    assert [r["seq"] for r in store.records("U1")] == [1, 2, 3]
    assert [r["seq"] for r in store.records("U1", from_seq=2)] == [2, 3]
    assert store.db["downloads"].count == 2
    assert [e["fields"]["minute"] for e in store.events("U1")] == [100, 160, 200]


def test_a_failure_inside_a_download_rolls_all_of_it_back(tmp_path):
    path = str(tmp_path / "office.db")
    with Store(path) as store:
        store.add_download("U1", [_record(1, 100)], offered=1, source="t", sha256="x")
    before = _file_digest(path)
    with Store(path) as store:
        counts = store.counts()
        # seq 1 again violates the records primary key after the download row,
        # the unit and the first new record have been written
        with pytest.raises(sqlite3.IntegrityError):
            store.add_download("U1", [_record(2, 110), _record(1, 120)], offered=2,
                               source="t", sha256="y")
        assert store.counts() == counts
    assert _file_digest(path) == before


def test_intervals_and_infringements_are_replaced_whole():
    from drivetime.infringement import Infringement
    store = Store()
    store.add_download("U1", [_record(1, 0)], offered=1, source="t", sha256="x",
                       intervals=[(0, 300, "driving", 0, "recorded", 1)],
                       infringements=[Infringement("continuous_driving", 270, 300, 300, 270, None)])
    store.add_download("U1", [_record(2, 300)], offered=1, source="t", sha256="y",
                       intervals=[(0, 200, "driving", 0, "recorded", 1),
                                  (200, 300, "break_rest", 0, "recorded", 2)],
                       infringements=[])
    rows = list(store.db["activity_intervals"].rows_where(order_by="start"))
    assert [(r["start"], r["end"], r["activity"]) for r in rows] == \
        [(0, 200, "driving"), (200, 300, "break_rest")]
    assert store.db["infringements"].count == 0
