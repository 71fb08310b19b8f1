# The office database opens in Datasette: plain SQLite tables, readable read-only, consistent.
# SPDX-License-Identifier: MIT
"""Issue 5, "Office store": "The database opens in Datasette".

Datasette serves any SQLite file it can open read-only whose tables (and
views) need no application-defined SQL functions, collations or virtual
table modules.  The test fills a store through the real import path (a
driver-day written by the unit's own journal encoder) and checks exactly
that with plain ``sqlite3``; when the ``datasette`` package is installed it
also serves the file through Datasette itself.
"""

import asyncio
import sqlite3

import pytest

from drivetime import timeutil
from drivetime.journal import Writer
from host_tools import office
from host_tools.store import Store

KEY = bytes(range(32))
UNIT = "NL-0042"
T0 = timeutil.parse_iso("2026-03-02T06:00:00Z")[0]       # a Monday
# What a download fills (issue 5: units, drivers, records, activity intervals,
# positions, events, downloads, sync state).
FILLED = ("units", "drivers", "records", "activity_intervals", "positions", "events",
          "downloads", "sync_state")


def _day(writer, t=T0):
    out = writer.start()
    out += writer.record("power", t, {"on": True})
    out += writer.record("driver", t, {"card": "NL123", "name": "A. Driver"})
    out += writer.record("position", t, {"lat": 31422, "lon": 2937, "reason": "start"})
    out += writer.record("activity", t, {"start": t, "activity": "driving", "flags": 0})
    out += writer.record("activity", t + 270, {"start": t + 270, "activity": "break_rest", "flags": 0})
    out += writer.record("activity", t + 315, {"start": t + 315, "activity": "driving", "flags": 0})
    out += writer.record("power", t + 540, {"on": False})
    return out + writer.seal()


@pytest.fixture
def office_db(tmp_path):
    path = tmp_path / "office.db"
    with Store(str(path)) as store:
        office.import_download(store, UNIT, _day(Writer(KEY)), KEY, source="test")
    return path


def _readonly(path):
    return sqlite3.connect("file:%s?mode=ro" % path, uri=True)


def _tables(conn):
    return [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")]


def test_every_table_reads_read_only_with_plain_sqlite3(office_db):
    conn = _readonly(office_db)
    try:
        tables = _tables(conn)
        assert set(FILLED) <= set(tables)
        for name in tables:         # a custom function, collation or module would fail here
            rows = conn.execute('select * from "%s"' % name).fetchall()
            if name in FILLED:
                assert rows, name
        for kind, name in conn.execute("select type, name from sqlite_master where type in ('view', 'trigger')"):
            if kind == "view":
                conn.execute('select * from "%s"' % name).fetchall()
        # read-only really is read-only: Datasette never writes to the file
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("insert into units (id) values ('X')")
    finally:
        conn.close()


def test_no_virtual_tables_or_custom_collations(office_db):
    conn = _readonly(office_db)
    try:
        sql = [r[0] or "" for r in conn.execute("select sql from sqlite_master")]
        assert not [s for s in sql if "virtual table" in s.lower()]
        # only the built-in collations (BINARY, NOCASE, RTRIM) may be named
        for s in sql:
            low = s.lower()
            if "collate" in low:
                after = low.split("collate", 1)[1].split()[0].strip('"`[],)')
                assert after in ("binary", "nocase", "rtrim"), s
    finally:
        conn.close()


def test_integrity_and_foreign_keys_are_consistent(office_db):
    conn = _readonly(office_db)
    try:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        # Datasette links rows by these foreign keys: the download's rows point at the unit
        assert conn.execute("select distinct unit_id from records").fetchall() == [(UNIT,)]
        assert conn.execute("select count(*) from units where id = ?", (UNIT,)).fetchone() == (1,)
    finally:
        conn.close()


def test_datasette_serves_every_table(office_db):
    try:
        from datasette.app import Datasette
    except ImportError:
        # without the package: what Datasette does first on opening a file -
        # a read-only connection listing each table and counting its rows
        conn = _readonly(office_db)
        try:
            for name in FILLED:
                assert conn.execute('select count(*) from "%s"' % name).fetchone()[0] > 0, name
        finally:
            conn.close()
        return
    ds = Datasette(files=[str(office_db)])

    async def fetch_all():
        if hasattr(ds, "invoke_startup"):      # 0.63+: startup hooks before the test client
            await ds.invoke_startup()
        out = {}
        for name in FILLED:
            r = await ds.client.get("/office/%s.json?_shape=array" % name)
            out[name] = (r.status_code, r.json())
        return out

    for name, (status, rows) in asyncio.run(fetch_all()).items():
        assert status == 200, name
        assert rows, name
