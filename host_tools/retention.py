# Deleting office data past its retention period without breaking the stored HMAC chain.
# SPDX-License-Identifier: MIT
"""Retention (issue 6, privacy): the office keeps drivers' data no longer
than it needs it (GDPR Art 5(1)(e)), and no shorter than the law asks:
Reg. (EU) 165/2014 Art 33(2) (one year) and, for working time,
Dir. 2002/15/EC Art 9(b) (two years).  See docs/office-retention.md.

A unit's stored journal is an HMAC chain that ``drivetime office verify``
re-runs from the unit's *origin* (``units.origin_*``).  Retention therefore
cuts each unit only at a stored SEAL, whose chain value it makes the new
origin: every record up to the seal goes, with the intervals, positions,
events, seals and infringements derived from them, all in one transaction,
and ``verify`` re-runs the chain from the seal exactly as before.  What the
deleted records had set (the card in, the crew, the activity still open) is
kept in ``units.origin_state`` so the next import re-derives the timeline
from where the cut left it (:func:`host_tools.analysis.walk`).
"""

import json
import time

from drivetime import timeutil
from host_tools import analysis

MIN_KEEP_DAYS = 365         # Reg. 165/2014 Art 33(2): at least one year
WTD_KEEP_DAYS = 730         # Dir. 2002/15/EC Art 9(b): working-time records two years


def parse_at(text):
    """``--at``: a date ``YYYY-MM-DD`` (00:00 UTC) or an ISO time; ``None``: now.  UTC minutes."""
    if text is None:
        return int(time.time()) // 60
    if len(text) == 10:
        text += "T00:00Z"
    return timeutil.parse_iso(text)[0]


def cut_point(store, unit_id, cutoff):
    """The last stored seal of ``unit_id`` all of whose records are older than
    ``cutoff`` (minute), after the current origin; ``None`` when there is none.

    Journal minutes may step back (a clock adjustment), so a seal qualifies
    only when no record up to it, nor the seal itself, is at or after ``cutoff``.
    """
    origin = store.origin(unit_id)
    after = origin[0] if origin else 0
    latest, best = None, None
    records = iter(store.records(unit_id))
    rec = next(records, None)
    for seal in store.seals(unit_id):
        while rec is not None and rec["seq"] <= seal["seq"]:
            latest = rec["minute"] if latest is None else max(latest, rec["minute"])
            rec = next(records, None)
        newest = seal["minute"] if latest is None else max(latest, seal["minute"])
        if newest >= cutoff:
            break
        if seal["seq"] > after:
            best = seal
    return best


_DELETIONS = (
    ("records", "unit_id = ? and seq <= ?", "seq"),
    ("events", "unit_id = ? and seq <= ?", "seq"),
    ("positions", "unit_id = ? and seq <= ?", "seq"),
    ("seals", "unit_id = ? and seq <= ?", "seq"),
    ("activity_intervals", "unit_id = ? and [end] <= ?", "minute"),
    ("infringements", "unit_id = ? and [end] <= ?", "minute"),
)


def retain(store, keep_days, at, dry_run=False):
    """Delete every unit's data older than ``keep_days`` before ``at`` (UTC minute).

    :returns: one dict per unit cut: ``unit_id``, ``seq`` and ``minute`` of the
        new origin seal, and the rows deleted (or that would be) per table
    :raises ValueError: ``keep_days`` below :data:`MIN_KEEP_DAYS`
    """
    if keep_days < MIN_KEEP_DAYS:
        raise ValueError("keep-days %d is below the %d days Reg. (EU) 165/2014 Art 33(2) requires"
                         % (keep_days, MIN_KEEP_DAYS))
    cutoff = at - keep_days * 1440
    done = []
    with store.db.atomic():
        for unit_id in store.unit_ids():
            seal = cut_point(store, unit_id, cutoff)
            if seal is None:
                continue
            state = _state_at(store, unit_id, seal["seq"])
            counts = {"unit_id": unit_id, "seq": seal["seq"], "minute": state["minute"]}
            for table, where, by in _DELETIONS:
                arg = seal["seq"] if by == "seq" else state["minute"]
                counts[table] = store.db[table].count_where(where, [unit_id, arg])
                if not dry_run:
                    store.db.execute("delete from %s where %s" % (table, where), [unit_id, arg])
            if not dry_run:
                _move_origin(store, unit_id, seal, state)
            done.append(counts)
        if not dry_run:
            # a driver with nothing left is forgotten too (his name, card number)
            store.db.execute(
                "delete from drivers where id not in (select driver_id from events where driver_id "
                "is not null union select driver_id from activity_intervals where driver_id is not null "
                "union select driver_id from infringements where driver_id is not null)")
    return done


def _state_at(store, unit_id, seq):
    """What the records up to ``seq`` leave set: the walk's state, at their latest minute."""
    events = [e for e in store.events(unit_id) if e["seq"] <= seq]
    _intervals, _who, state = analysis.walk(events, store.origin_state(unit_id))
    minute = max([e["minute"] for e in events] + [state["minute"] or 0])
    state["minute"] = minute
    if state["open"] is not None:
        state["open"][0] = max(state["open"][0], minute)
    return state


def _move_origin(store, unit_id, seal, state):
    minute = state["minute"]
    # the interval running across the cut keeps its part after it
    store.db.execute("update activity_intervals set start = ? where unit_id = ? and start < ?",
                     [minute, unit_id, minute])
    # first_seq > last_seq when every stored record of the unit was older
    store.db["units"].update(unit_id, {
        "origin_seq": seal["seq"], "origin_minute": seal["minute"], "origin_mac": seal["mac"],
        "origin_state": json.dumps(state, sort_keys=True), "first_seq": seal["seq"] + 1})
