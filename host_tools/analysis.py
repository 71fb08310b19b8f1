# What the office derives from a unit's records: activity timeline, positions, drivers, verdict.
# SPDX-License-Identifier: MIT
"""Analysis of imported journal records (issue 5, "Office store"), kept apart
from the checking and storing of downloads (:mod:`host_tools.office`).

:func:`derive` turns the new records of one download, with the records the
office already holds, into the rows :meth:`host_tools.store.Store.add_download`
stores beside them.
"""

from drivetime import activity as act
from drivetime import journal_kinds
from drivetime.engine import Engine
from drivetime.profiles import profile_by_name

# GNSS positions are stored in the journal as integer units (docs/log-format.md)
POSITION_UNITS_PER_DEGREE = getattr(journal_kinds, "POSITION_UNITS_PER_DEGREE", 10000)


def derive(store, unit_id, new, profile="eu"):
    """The derived rows for ``new`` records (dicts: seq, kind, minute, fields) of ``unit_id``.

    :returns: keyword arguments of ``Store.add_download``: ``intervals``,
        ``positions``, ``drivers``, ``infringements``
    """
    events = store.events(unit_id) + new
    intervals = timeline(events)
    infringements = analyse(intervals, profile)
    scale = float(POSITION_UNITS_PER_DEGREE)
    positions = [(r["seq"], r["minute"], r["fields"]["lat"] / scale, r["fields"]["lon"] / scale,
                  r["fields"]["reason"]) for r in new if r["kind"] == "position"]
    drivers = [(r["fields"]["card"], r["fields"]["name"], r["minute"])
               for r in new if r["kind"] == "driver"]
    return {"intervals": intervals, "positions": positions, "drivers": drivers,
            "infringements": infringements}


def timeline(events):
    """A unit's activity intervals from its records (dicts with seq, kind, minute, fields).

    ``activity`` records mark a change at ``start``; the activity lasts until
    the next change, a power-down, or the last record.  ``manual`` entries
    then replace what was recorded in ``[start, end)``, except driving (the
    unit never lets a manual entry cover recorded driving).  Time not covered
    is left out: the engine counts gaps as unknown (RULES.md §1).

    :returns: ``[(start, end, activity_name, flags, source, seq), ...]`` in time order
    """
    events = sorted(events, key=lambda e: e["seq"])
    if not events:
        return []
    out, open_ = [], None
    end_of_record = max(e["minute"] for e in events)
    for e in events:
        kind, f = e["kind"], e["fields"]
        if kind == "activity":
            start = f["start"] if open_ is None else max(f["start"], open_[0])
            if open_ is not None and start > open_[0]:
                out.append((open_[0], start) + open_[1:])
            open_ = (start, f["activity"], f["flags"], "recorded", e["seq"])
        elif kind == "power" and not f["on"] and open_ is not None:
            if e["minute"] > open_[0]:
                out.append((open_[0], e["minute"]) + open_[1:])
            open_ = None
    if open_ is not None and end_of_record > open_[0]:
        out.append((open_[0], end_of_record) + open_[1:])
    for e in events:
        if e["kind"] == "manual" and e["fields"]["end"] > e["fields"]["start"]:
            out = _overlay(out, e["fields"]["start"], e["fields"]["end"], e["fields"]["activity"], e["seq"])
    return out


def _overlay(intervals, start, end, activity, seq):
    kept = []
    for iv in intervals:
        s, e, name = iv[0], iv[1], iv[2]
        if name == "driving" or e <= start or s >= end:
            kept.append(iv)
            continue
        if s < start:
            kept.append((s, start) + iv[2:])
        if e > end:
            kept.append((end, e) + iv[2:])
    pos = start
    for s, e in sorted((max(iv[0], start), min(iv[1], end)) for iv in intervals
                       if iv[2] == "driving" and iv[0] < end and iv[1] > start):
        if s > pos:
            kept.append((pos, s, activity, 0, "manual", seq))
        pos = max(pos, e)
    if pos < end:
        kept.append((pos, end, activity, 0, "manual", seq))
    kept.sort()
    return kept


def analyse(intervals, profile="eu"):
    """The core engine's infringements over a timeline (single crew, goods transport)."""
    engine = Engine(profile_by_name(profile))
    for start, end, name, flags, _source, _seq in intervals:
        engine.feed(start, end, act.CODES[name], flags)
    infringements, _status = engine.evaluate(max(iv[1] for iv in intervals) if intervals else None)
    return infringements
