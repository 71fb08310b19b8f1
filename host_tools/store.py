# The fleet office's SQLite store: units, records, what they say, downloads.
# SPDX-License-Identifier: MIT
"""The office database (issue 5, "Office store"), over sqlite-utils.

:class:`Store` opens (or creates) the file and applies the named migrations
of :mod:`host_tools.migrations`.  It only persists: checking a download is
the job of :mod:`host_tools.office`, which hands over records that have
already passed every check, and :meth:`Store.add_download` writes all of a
download in one transaction, so a failure half-way leaves the file as it was.

A stored record is a plain object or dict with ``seq``, ``kind``, ``minute``,
``fields`` (dict), ``raw`` (the bytes as the unit wrote them) and ``mac``
(bytes).
"""

import datetime
import json

import sqlite_utils

from host_tools import migrations
from host_tools.store_queries import NO_CARD, POSITION_REASONS, ReportQueries  # noqa: F401 (re-exported)


def _now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _get(record, name):
    if isinstance(record, dict):
        return record[name]
    return getattr(record, name)


def _json_default(value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    raise TypeError("not JSON serialisable: %r" % (value,))


class Store(ReportQueries):
    """The office database in one SQLite file (or in memory for tests); the
    report's read helpers come from :class:`host_tools.store_queries.ReportQueries`.

    :param path: file name; ``None`` for an in-memory database
    """

    def __init__(self, path=None):
        self.path = path
        self.db = sqlite_utils.Database(path) if path else sqlite_utils.Database(memory=True)
        migrations.apply(self.db)

    def close(self):
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- reading -------------------------------------------------------

    def unit(self, unit_id):
        """The ``units`` row of ``unit_id`` as a dict, or ``None``."""
        rows = list(self.db["units"].rows_where("id = ?", [unit_id]))
        return rows[0] if rows else None

    def unit_ids(self):
        return [row["id"] for row in self.db["units"].rows_where(order_by="id")]

    def records(self, unit_id, from_seq=None):
        """The stored records of a unit in seq order: dicts with seq, kind, minute, raw, mac."""
        where, args = "unit_id = ?", [unit_id]
        if from_seq is not None:
            where += " and seq >= ?"
            args.append(from_seq)
        return list(self.db["records"].rows_where(where, args, order_by="seq"))

    def record(self, unit_id, seq):
        rows = list(self.db["records"].rows_where("unit_id = ? and seq = ?", [unit_id, seq]))
        return rows[0] if rows else None

    def events(self, unit_id):
        """Decoded fields of every stored record of a unit, in seq order."""
        return [dict(row, fields=json.loads(row["fields"]))
                for row in self.db["events"].rows_where("unit_id = ?", [unit_id], order_by="seq")]

    def seals(self, unit_id):
        """The stored SEAL records of a unit in seq order."""
        return list(self.db["seals"].rows_where("unit_id = ?", [unit_id], order_by="seq"))

    def chain_state(self, unit_id):
        """``(seq, minute, mac)`` after the unit's last stored record, or ``None``."""
        unit = self.unit(unit_id)
        if unit is None or unit["last_seq"] is None:
            return None
        return unit["last_seq"], unit["last_minute"], bytes.fromhex(unit["last_mac"])

    def origin(self, unit_id):
        """``(seq, minute, mac)`` the unit's first stored record follows, or ``None``."""
        unit = self.unit(unit_id)
        if unit is None or unit["origin_seq"] is None:
            return None
        return unit["origin_seq"], unit["origin_minute"], bytes.fromhex(unit["origin_mac"])

    def confirmed_seq(self, unit_id):
        """The highest seq the office has stored and may confirm to the unit, or ``None``."""
        rows = list(self.db["sync_state"].rows_where("unit_id = ?", [unit_id]))
        return rows[0]["confirmed_seq"] if rows else None

    def origin_state(self, unit_id):
        """What the records before the unit's origin had set (retention cut), or ``None``."""
        unit = self.unit(unit_id)
        if unit is None or not unit.get("origin_state"):
            return None
        return json.loads(unit["origin_state"])

    def counts(self):
        """Rows per table (for tests and `drivetime office verify`)."""
        return {name: self.db[name].count for name in sorted(self.db.table_names())}

    # -- writing (one transaction per download) ------------------------

    def add_download(self, unit_id, new_records, offered, source, sha256,
                     intervals=None, positions=(), drivers=(), infringements=None,
                     analysed_drivers=(), record_drivers=None, seals=(), origin=None,
                     ledgers=None):
        """Store one accepted download in a single transaction.

        :param new_records: records not yet stored, in seq order, already checked
        :param offered: how many records the download held (repeats included)
        :param intervals: when not ``None``, the unit's whole activity timeline,
            replacing the stored one: ``(start, end, activity_name, flags, source,
            seq[, driver_id, crew])``
        :param positions: ``(seq, minute, lat, lon, reason[, driver_id])`` rows to add
        :param drivers: ``(driver_id, name, minute)`` identities seen
        :param infringements: when not ``None``, the new verdicts, replacing in
            the same transaction the unit's no-card findings and the verdicts of
            every driver in ``analysed_drivers``: ``(driver_id, unit_id,
            Infringement)`` (a bare Infringement: the unit's, no driver)
        :param record_drivers: ``{seq: driver_id}`` of the new records (the card in)
        :param seals: ``(seq, minute, mac, raw)`` of the download's SEAL records
            (one already stored at the same seq is kept)
        :param origin: ``(seq, minute, mac)`` of the chain state the unit's first
            stored record follows; used on the unit's first download only
        :param ledgers: ``{driver_id: (digest, ledger) or None}``: the compensation
            ledgers analysis worked out again (:meth:`replace_ledgers`)
        :returns: the new ``downloads`` row id
        """
        now = _now_iso()
        with self.db.atomic():
            if self.unit(unit_id) is None:
                o_seq, o_minute, o_mac = origin if origin is not None else (None, None, None)
                self.db["units"].insert({"id": unit_id, "name": unit_id, "first_seq": None,
                                         "last_seq": None, "last_mac": None, "created_at": now,
                                         "origin_seq": o_seq, "origin_minute": o_minute,
                                         "origin_mac": bytes(o_mac).hex() if o_mac else None,
                                         "last_minute": None})
            seqs = [_get(r, "seq") for r in new_records]
            download_id = self.db["downloads"].insert({
                "unit_id": unit_id, "imported_at": now, "source": source, "sha256": sha256,
                "records_offered": offered, "records_added": len(new_records),
                "first_seq": seqs[0] if seqs else None, "last_seq": seqs[-1] if seqs else None,
            }).last_pk
            if new_records:
                self._add_records(unit_id, new_records, download_id, record_drivers or {})
            if intervals is not None:
                self.db.execute("delete from activity_intervals where unit_id = ?", [unit_id])
                self.db["activity_intervals"].insert_all(
                    {"unit_id": unit_id, "start": iv[0], "end": iv[1], "activity": iv[2],
                     "flags": iv[3], "source": iv[4], "seq": iv[5],
                     "driver_id": iv[6] if len(iv) > 6 else None,
                     "crew": iv[7] if len(iv) > 7 else None} for iv in intervals)
            self.db["seals"].insert_all(
                ({"unit_id": unit_id, "seq": seq, "minute": m, "mac": bytes(mac).hex(),
                  "raw": bytes(raw), "download_id": download_id} for seq, m, mac, raw in seals),
                ignore=True)
            self.db["positions"].insert_all(
                {"unit_id": unit_id, "seq": p[0], "minute": p[1], "lat": p[2], "lon": p[3],
                 "reason": p[4], "driver_id": p[5] if len(p) > 5 else None} for p in positions)
            self.add_drivers(drivers)
            if infringements is not None:
                self.replace_infringements(unit_id, infringements, analysed_drivers)
            if ledgers:
                self.replace_ledgers(ledgers)
        return download_id

    def _add_records(self, unit_id, new_records, download_id, record_drivers):
        self.db["records"].insert_all(
            {"unit_id": unit_id, "seq": _get(r, "seq"), "kind": _get(r, "kind"),
             "minute": _get(r, "minute"), "raw": bytes(_get(r, "raw")),
             "mac": bytes(_get(r, "mac")).hex(), "download_id": download_id}
            for r in new_records)
        self.db["events"].insert_all(
            {"unit_id": unit_id, "seq": _get(r, "seq"), "minute": _get(r, "minute"),
             "kind": _get(r, "kind"),
             "fields": json.dumps(_get(r, "fields"), sort_keys=True, default=_json_default),
             "driver_id": record_drivers.get(_get(r, "seq"))}
            for r in new_records)
        unit = self.unit(unit_id)
        last = new_records[-1]
        first_seq = unit["first_seq"] if unit["first_seq"] is not None else _get(new_records[0], "seq")
        self.db["units"].update(unit_id, {"first_seq": first_seq, "last_seq": _get(last, "seq"),
                                          "last_minute": _get(last, "minute"),
                                          "last_mac": bytes(_get(last, "mac")).hex()})
        self.db["sync_state"].upsert({"unit_id": unit_id, "confirmed_seq": _get(last, "seq"),
                                      "updated_at": _now_iso()}, pk="unit_id")

    def replace_infringements(self, unit_id, infringements, drivers=()):
        """Store new verdicts in place of the unit's no-card findings and the
        verdicts of ``drivers`` (card ids analysed again across all their units).

        :param infringements: ``(driver_id, unit_id, Infringement)``, or a bare
            :class:`drivetime.infringement.Infringement` (the unit's, no driver)
        """
        now = _now_iso()
        rows = [(None, unit_id, i) if not isinstance(i, tuple) else i for i in infringements]
        with self.db.atomic():
            self.db.execute("delete from infringements where unit_id = ? and driver_id is null",
                            [unit_id])
            for driver_id in drivers:
                self.db.execute("delete from infringements where driver_id = ?", [driver_id])
            self.db["infringements"].insert_all(
                {"unit_id": where, "driver_id": driver_id or None, "rule": i.rule, "start": i.start,
                 "end": i.end, "measured_min": i.measured, "limit_min": i.limit,
                 "severity": i.severity, "final": 1 if i.final else 0, "detail": i.detail,
                 "analysed_at": now}
                for driver_id, where, i in rows)

    def replace_ledgers(self, ledgers, every=False):
        """Store each driver's compensation ledger ``{driver_id: (digest, [(owed_min,
        due_by)]) or None}`` (None: none kept) in place of his old one; ``every``:
        drop all the others too.  The report trusts a ledger only for the input
        whose digest it carries, so a stale one is never shown, only unused."""
        now = _now_iso()
        with self.db.atomic():
            if every:
                self.db.execute("delete from compensation_ledgers")
            self.db.conn.executemany("delete from compensation_ledgers where driver_id = ?",
                                     [(d,) for d in ledgers])
            self.db.conn.executemany(
                "insert into compensation_ledgers (driver_id, digest, ledger, analysed_at) "
                "values (?, ?, ?, ?)",
                [(d, v[0], json.dumps([list(x) for x in v[1]]), now)
                 for d, v in sorted(ledgers.items()) if v is not None])

    def add_drivers(self, drivers):
        """Cards not yet in the drivers table, from ``(driver_id, name, minute)``
        identities in time order (the first one of a card names it)."""
        for driver_id, name, minute in drivers:
            if driver_id and not list(self.db["drivers"].rows_where("id = ?", [driver_id])):
                self.db["drivers"].insert({"id": driver_id, "name": name,
                                           "first_seen_minute": minute})

    def replace_derived(self, unit_id, intervals, record_drivers):
        """Re-derived rows of a unit outside an import (:func:`host_tools.analysis.refresh`):
        its whole timeline, and the card of each stored record, event and position."""
        with self.db.atomic():
            self.db.execute("delete from activity_intervals where unit_id = ?", [unit_id])
            self.db["activity_intervals"].insert_all(
                {"unit_id": unit_id, "start": iv[0], "end": iv[1], "activity": iv[2], "flags": iv[3],
                 "source": iv[4], "seq": iv[5], "driver_id": iv[6], "crew": iv[7]} for iv in intervals)
            for table in ("events", "positions"):
                self.db.conn.executemany(
                    "update %s set driver_id = ? where unit_id = ? and seq = ?" % table,
                    [(d, unit_id, seq) for seq, d in record_drivers.items()])

    def replace_all_infringements(self, rows):
        """Every stored verdict replaced by ``(driver_id, unit_id, Infringement)`` rows."""
        with self.db.atomic():
            self.db.execute("delete from infringements")
            self.replace_infringements(None, rows)
