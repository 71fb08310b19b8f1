# The office database's schema, as named migrations applied once each.
# SPDX-License-Identifier: MIT
"""Schema of the office store (issue 5), one named migration per change.

Each migration is registered on :data:`MIGRATIONS` (a
:class:`sqlite_utils.migrations.Migrations` set called ``drivetime``); the
names applied are kept in ``_sqlite_migrations``, so each runs exactly once,
inside a transaction of its own.  Add new schema changes as new functions at
the end; never edit one that has shipped.

The tables are plain SQLite tables with no extension types, so the file
opens in the ``sqlite3`` shell and in Datasette.  Times are UTC minutes since
1970 (``minute``, ``start``, ``end``), as in the core; ``*_at`` columns that
record office actions are ISO 8601 text.
"""

from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("drivetime")


@MIGRATIONS(name="0001_units_downloads_records")
def _units_downloads_records(db):
    # One row per cab unit the office has provisioned or downloaded.
    db["units"].create({"id": str, "name": str, "first_seq": int, "last_seq": int,
                        "last_mac": str, "created_at": str}, pk="id")
    # One row per accepted download (a refused one leaves no trace: issue 5).
    db["downloads"].create({"id": int, "unit_id": str, "imported_at": str, "source": str,
                            "sha256": str, "records_offered": int, "records_added": int,
                            "first_seq": int, "last_seq": int},
                           pk="id", foreign_keys=[("unit_id", "units")])
    # Every journal record exactly as the unit wrote it, so that `drivetime office
    # verify` can re-check the HMAC chain from the stored bytes alone.
    db["records"].create({"unit_id": str, "seq": int, "kind": str, "minute": int,
                          "raw": bytes, "mac": str, "download_id": int},
                         pk=("unit_id", "seq"),
                         foreign_keys=[("unit_id", "units"), ("download_id", "downloads")])
    db["records"].create_index(["unit_id", "minute"])


@MIGRATIONS(name="0002_decoded_tables")
def _decoded_tables(db):
    # What the records say, in tables a report can query directly.  Each row
    # points back to the record (unit_id, seq) it was decoded from.
    db["drivers"].create({"id": str, "name": str, "first_seen_minute": int}, pk="id")
    db["activity_intervals"].create({"id": int, "unit_id": str, "start": int, "end": int,
                                     "activity": str, "flags": int, "source": str, "seq": int},
                                    pk="id", foreign_keys=[("unit_id", "units")])
    db["activity_intervals"].create_index(["unit_id", "start"])
    db["positions"].create({"unit_id": str, "seq": int, "minute": int, "lat": float,
                            "lon": float, "reason": str},
                           pk=("unit_id", "seq"), foreign_keys=[("unit_id", "units")])
    db["events"].create({"unit_id": str, "seq": int, "minute": int, "kind": str,
                         "fields": str},
                        pk=("unit_id", "seq"), foreign_keys=[("unit_id", "units")])


@MIGRATIONS(name="0003_sync_state_infringements")
def _sync_state_infringements(db):
    # The highest seq the office holds and has confirmed to the unit (the
    # unit may drop segments up to it: issue 5, "Journal").
    db["sync_state"].create({"unit_id": str, "confirmed_seq": int, "updated_at": str},
                            pk="unit_id", foreign_keys=[("unit_id", "units")])
    # The core engine's verdict on each unit's imported activity; replaced
    # whole at every import, ready for the report issue.
    db["infringements"].create({"id": int, "unit_id": str, "rule": str, "start": int, "end": int,
                                "measured_min": int, "limit_min": int, "severity": str,
                                "final": int, "detail": str, "analysed_at": str},
                               pk="id", foreign_keys=[("unit_id", "units")])
    db["infringements"].create_index(["unit_id", "start"])


@MIGRATIONS(name="0004_chain_origin_and_seals")
def _chain_origin_and_seals(db):
    # The journal stores its HMAC chain value only in SEAL records (and in the
    # START anchor of each segment: docs/log-format.md).  Keep the chain state
    # the first stored record follows (origin) and after the last one, so a
    # later download continues the chain and `verify` can re-run it.
    db["units"].add_column("origin_seq", int)
    db["units"].add_column("origin_minute", int)
    db["units"].add_column("origin_mac", str)
    db["units"].add_column("last_minute", int)
    db["seals"].create({"unit_id": str, "seq": int, "minute": int, "mac": str, "raw": bytes,
                        "download_id": int},
                       pk=("unit_id", "seq"),
                       foreign_keys=[("unit_id", "units"), ("download_id", "downloads")])


@MIGRATIONS(name="0005_per_driver_analysis")
def _per_driver_analysis(db):
    # Issue 6: the office analyses per DRIVER across all the units he drove.
    # Each interval, position and event names the card that was in the unit
    # at the time (NULL: no card) and the crew setting (single / multi);
    # each infringement names its driver (NULL: a no-card finding) beside
    # the unit where it started.  Rows stored before this migration keep
    # NULL until their unit's next import re-derives them.
    db["activity_intervals"].add_column("driver_id", str)
    db["activity_intervals"].add_column("crew", str)
    db["activity_intervals"].create_index(["driver_id", "start"])
    db["infringements"].add_column("driver_id", str)
    db["infringements"].create_index(["driver_id", "start"])
    db["positions"].add_column("driver_id", str)
    db["positions"].create_index(["driver_id", "minute"])
    db["events"].add_column("driver_id", str)
    db["events"].create_index(["driver_id", "seq"])
    # After a retention cut (host_tools/retention.py) the unit's first stored
    # record follows the origin seal; origin_state keeps what the deleted
    # records had set (card in, crew, open activity) as JSON, so the timeline
    # re-derived from the remaining records starts where the cut left it.
    db["units"].add_column("origin_state", str)


@MIGRATIONS(name="0006_report_reads")
def _report_reads(db):
    # Issue 6, a fleet-year report in under a minute: a driver's intervals of
    # a period are read in (start, unit) order from the index alone (no table
    # look-up, no sort); it serves every query the (driver_id, start) index of
    # 0005 served, which it replaces.
    db["activity_intervals"].create_index(
        ["driver_id", "start", "unit_id", "end", "activity", "flags", "source"],
        index_name="idx_activity_intervals_driver_report")
    db.execute("drop index if exists idx_activity_intervals_driver_id_start")
    # The compensation ledger (Art 8(6), 8(7)) the report shows, worked out at
    # analysis time for the report that ends with the driver's data, keyed by
    # a digest of the engine's input (host_tools.report_driver.ledger_digest):
    # the report uses it only when its own input has the same digest, else it
    # runs the engine again.  ``ledger`` is JSON: [[owed_min, due_by], ...].
    db["compensation_ledgers"].create({"driver_id": str, "digest": str, "ledger": str,
                                       "analysed_at": str}, pk="driver_id")


def apply(db):
    """Apply every pending migration to ``db`` (a :class:`sqlite_utils.Database`)."""
    MIGRATIONS.apply(db)


def applied_names(db):
    """The names of the migrations applied to ``db``, in order."""
    return [m.name for m in MIGRATIONS.applied(db)]
