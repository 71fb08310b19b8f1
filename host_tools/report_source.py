# What the office report reads from the store: one query per driver, never per day.
# SPDX-License-Identifier: MIT
"""Read access for :mod:`host_tools.report` over :class:`host_tools.store.Store`.

The store keeps, since migration 0005, the driver (card) of every activity
interval, position and infringement (``driver_id``; NULL: no card in the
unit).  A report reads each driver's rows of a period with one indexed query
per table, as plain dicts in time order.  ``card`` ``None`` selects the time
driven with no card (shown in unit and fleet reports only).
"""

import json

from host_tools.store import NO_CARD, POSITION_REASONS


def source_for(store):
    """The reader of ``store`` the report uses."""
    return StoreSource(store)


class StoreSource:
    """The report's reads: the store's read helpers (/work/notes/store_api.md), and
    two aggregate queries of its own (the extent of the data, the drivers in a period)."""

    def __init__(self, store):
        self.store = store
        self.conn = store.db.conn

    def _card(self, card):
        # the report's None (no card in the unit) is the store's NO_CARD filter value
        return NO_CARD if card is None else card

    def driver_ids(self):
        return self.store.driver_ids()

    def driver_names(self):
        return {r[0]: r[1] for r in self.conn.execute("select id, name from drivers")}

    def extent(self, card=None, unit=None):
        """``(first start, last end)`` of the intervals in scope, or ``(None, None)``."""
        sql, args = [], []
        if card is not None:
            sql.append("driver_id = ?")
            args.append(card)
        if unit is not None:
            sql.append("unit_id = ?")
            args.append(unit)
        where = (" where " + " and ".join(sql)) if sql else ""
        return tuple(self.conn.execute(
            'select min(start), max("end") from activity_intervals' + where, args).fetchone())

    def drivers_in(self, unit, a, b):
        """The drivers (``None``: no card, last) with intervals in ``[a, b)``, on ``unit`` if given."""
        sql, args = 'start < ? and "end" > ?', [b, a]
        if unit is not None:
            sql += " and unit_id = ?"
            args.append(unit)
        found = {r[0] for r in self.conn.execute(
            "select distinct driver_id from activity_intervals where " + sql, args)}
        return sorted(c for c in found if c is not None) + ([None] if None in found else [])

    def intervals(self, card, unit, a, b):
        return self.store.intervals_for(self._card(card), unit, a, b)

    def interval_rows(self, card, unit, a, b, lean=False):
        """``(unit_id, start, end, activity, flags, source)`` tuples overlapping ``[a, b)``
        in time order: what :meth:`Store.intervals_for` selects, without a dict per row
        (a fleet year holds millions; migration 0006's covering index serves it).
        ``lean``: unit and source None (a report that shows no interval needs neither)."""
        sql = ('select %s, start, "end", activity, flags, %s from activity_intervals '
               "where driver_id %s and start < ? and \"end\" > ?"
               % ("null" if lean else "unit_id", "null" if lean else "source",
                  "is null" if card is None else "= ?"))
        args = ([] if card is None else [card]) + [b, a]
        if unit is not None:
            sql += " and unit_id = ?"
            args.append(unit)
        return self.conn.execute(sql + " order by start, unit_id", args).fetchall()

    def units_used(self, card, unit, a, b):
        """The units of ``card``'s records (unknown left out) overlapping ``[a, b)``."""
        sql = ("select distinct unit_id from activity_intervals where driver_id %s and start < ? "
               "and \"end\" > ? and \"end\" > start and activity != 'unknown'"
               % ("is null" if card is None else "= ?"))
        args = ([] if card is None else [card]) + [b, a]
        if unit is not None:
            sql += " and unit_id = ?"
            args.append(unit)
        return {r[0] for r in self.conn.execute(sql, args)}

    def positions(self, card, unit, a, b):
        return self.store.positions_for(self._card(card), unit, a, b)

    def position_rows(self, card, unit, a, b):
        """``(minute, lat, lon, reason)`` tuples of :meth:`positions` (the lawful
        reasons only, by minute and unit), without a dict per row."""
        sql = ("select minute, lat, lon, reason from positions where driver_id %s "
               "and minute >= ? and minute < ? and reason in (%s)"
               % ("is null" if card is None else "= ?", ", ".join("?" * len(POSITION_REASONS))))
        args = ([] if card is None else [card]) + [a, b] + list(POSITION_REASONS)
        if unit is not None:
            sql += " and unit_id = ?"
            args.append(unit)
        return self.conn.execute(sql + " order by minute, unit_id", args).fetchall()

    def rule_settings(self, card, profile="eu"):
        """The rule settings ``card`` was judged under: those of the unit with his
        latest record (:func:`host_tools.rule_settings.driver_settings`)."""
        from host_tools.rule_settings import driver_settings
        row = self.conn.execute("select unit_id, start, end from activity_intervals where driver_id = ? "
                                "order by end desc limit 1", [card]).fetchone()
        rows = [] if row is None else [{"unit_id": row[0], "start": row[1], "end": row[2]}]
        return driver_settings(self.store, rows, profile)

    def stored_ledger(self, card):
        """``(digest, [(owed_min, due_by)])`` analysis kept for ``card``'s compensation, or None."""
        row = self.conn.execute("select digest, ledger from compensation_ledgers where driver_id = ?",
                                [card]).fetchone()
        return None if row is None else (row[0], [tuple(x) for x in json.loads(row[1])])

    def infringements(self, card, unit, a, b):
        # an instant finding (start = end, e.g. a missed compensation) still belongs to [a, b)
        return self.store.infringements_for(self._card(card), unit, a - 1, b)

    def unit(self, unit_id):
        return self.store.unit(unit_id)

    def last_downloads(self):
        """``{unit: ISO time of its last accepted download}``."""
        return {u: row["imported_at"] for u, row in self.store.last_downloads()["units"].items()}

    def units_part(self, unit_ids, lost):
        """The model's ``units``: last download, records held and lost (``lost_ranges()``)."""
        downloads = self.last_downloads()
        out = []
        for u in unit_ids:
            row = self.unit(u) or {}
            out.append({"id": u, "last_download": downloads.get(u), "first_seq": row.get("first_seq"),
                        "last_seq": row.get("last_seq"), "lost": [dict(r) for r in lost.get(u, ())]})
        return out

    def lost_ranges(self):
        """``{unit: [{first, last, start, end}]}``: records the unit overwrote before the office had them.

        The time they covered runs from the last record the office holds
        before ``first`` (else the unit's origin: the chain state the first
        stored record follows, i.e. the last lost record) to the first one
        after ``last`` (the ``lost`` record itself if none).
        """
        out = {}
        for e in self.store.events_for(kinds=("lost",)):
            unit_id, f = e["unit_id"], e["fields"]
            origin = (self.store.unit(unit_id) or {}).get("origin_minute")
            before = self.conn.execute(
                "select max(minute) from records where unit_id = ? and seq < ?",
                [unit_id, f["first"]]).fetchone()[0]
            after = self.conn.execute(
                "select min(minute) from records where unit_id = ? and seq > ?",
                [unit_id, f["last"]]).fetchone()[0]
            start = before if before is not None else origin if origin else e["minute"]
            end = after if after is not None else e["minute"]
            out.setdefault(unit_id, []).append(
                {"first": f["first"], "last": f["last"], "start": min(start, end),
                 "end": max(start, end)})
        return out
