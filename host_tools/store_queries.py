# The office store's read helpers for reports: per driver, per unit, per period.
# SPDX-License-Identifier: MIT
"""Queries the report (issue 6) runs on :class:`host_tools.store.Store`
(/work/notes/store_api.md).  ``driver_id=None`` / ``unit_id=None`` mean no
filter; :data:`NO_CARD` selects the rows with no card in (NULL).  Period
filters keep rows overlapping ``[start, end)`` (intervals, infringements;
an instant finding with start = end counts when it lies in the period) or
with ``minute`` in it (positions, events); nothing is clipped.

Privacy (issue 6): a driver-scoped query selects rows by that driver's id
only, and positions are returned only for the reasons the law records them.
"""

import json

# Pass as ``driver_id`` to the ``*_for`` helpers to select rows with no card
# in the unit (stored as NULL); "" is also the journal's own "no card" value.
NO_CARD = ""
# The only reasons a position is journalled (Reg. 165/2014 Art 8(1): start and
# end of the daily work period, every 3 h of accumulated driving; "other" = a
# border crossing).  The report shows nothing else (issue 6, privacy).
POSITION_REASONS = ("start", "end", "3h", "other")


class ReportQueries:
    """Read helpers mixed into :class:`host_tools.store.Store` (needs ``self.db``)."""

    def driver_ids(self):
        """The card ids of every driver the office has seen, sorted (no-card never)."""
        return [row["id"] for row in self.db["drivers"].rows_where("id != ''", order_by="id")]

    def driver(self, driver_id):
        rows = list(self.db["drivers"].rows_where("id = ?", [driver_id]))
        return rows[0] if rows else None

    def _select(self, table, driver_id, unit_id, start, end, order, point="minute", extra=""):
        where, args = ["1"], []
        if driver_id == NO_CARD:
            where.append("driver_id is null")
        elif driver_id is not None:
            where.append("driver_id = ?")
            args.append(driver_id)
        if unit_id is not None:
            where.append("unit_id = ?")
            args.append(unit_id)
        # a span overlaps [start, end) when it ends after start; an instant one
        # (start = end, e.g. a missed deadline) when it lies in [start, end)
        lo, hi = ("max([end], [start] + 1)", "[start]") if point is None else (point, point)
        if start is not None:
            where.append(("%s > ?" if point is None else "%s >= ?") % lo)
            args.append(start)
        if end is not None:
            where.append("%s < ?" % hi)
            args.append(end)
        if extra:
            where.append(extra)
        return list(self.db[table].rows_where(" and ".join(where), args, order_by=order))

    def intervals_for(self, driver_id=None, unit_id=None, start=None, end=None):
        """Activity intervals overlapping ``[start, end)``, by (start, unit_id)."""
        rows = self._select("activity_intervals", driver_id, unit_id, start, end,
                            "start, unit_id", point=None)
        for row in rows:
            del row["id"]
        return rows

    def infringements_for(self, driver_id=None, unit_id=None, start=None, end=None):
        """Stored verdicts overlapping ``[start, end)``; ``unit_id`` is where each started."""
        rows = self._select("infringements", driver_id, unit_id, start, end, "start, rule", point=None)
        for row in rows:
            row["final"] = bool(row["final"])
        return rows

    def positions_for(self, driver_id=None, unit_id=None, start=None, end=None):
        """Positions with ``minute`` in ``[start, end)``, only for the lawful reasons."""
        lawful = "reason in (%s)" % ", ".join("'%s'" % r for r in POSITION_REASONS)
        return self._select("positions", driver_id, unit_id, start, end, "minute, unit_id",
                            extra=lawful)

    def events_for(self, unit_id=None, driver_id=None, kinds=None, start=None, end=None):
        """Decoded records with ``minute`` in ``[start, end)``, by (unit_id, seq)."""
        extra = ""
        if kinds:
            extra = "kind in (%s)" % ", ".join("'%s'" % k.replace("'", "") for k in kinds)
        rows = self._select("events", driver_id, unit_id, start, end, "unit_id, seq", extra=extra)
        return [dict(row, fields=json.loads(row["fields"])) for row in rows]

    def last_downloads(self):
        """The last download per unit, and per driver the last one that carried a
        record made while his card was in: ``{"units": {id: row}, "drivers": {id: row}}``."""
        cols = "d.id as download_id, d.unit_id, d.imported_at, d.source, d.first_seq, d.last_seq"
        units = {}
        for row in self.db.query("select %s from downloads d where d.id in "
                                 "(select max(id) from downloads group by unit_id)" % cols):
            units[row["unit_id"]] = row
        drivers = {}
        for row in self.db.query(
                "select e.driver_id as driver, %s from downloads d join "
                "(select ev.driver_id, max(r.download_id) as last_id from events ev join records r "
                " on r.unit_id = ev.unit_id and r.seq = ev.seq where ev.driver_id is not null "
                " group by ev.driver_id) e on d.id = e.last_id" % cols):
            drivers[row.pop("driver")] = row
        return {"units": units, "drivers": drivers}
