# What the office derives from a unit's records: timeline per card, positions, drivers, verdicts.
# SPDX-License-Identifier: MIT
"""Analysis of imported journal records (issues 5 and 6), kept apart from
the checking and storing of downloads (:mod:`host_tools.office`).

The office judges DRIVERS, not trucks.  A ``driver`` record (card, name)
on a unit means that card is in from that minute until the next ``driver``
record or a power-down of that unit (card "" = no card).  Every interval,
position and record is attributed to the card in at its time; a driver's
timeline is then merged from every unit he drove, and the core engine runs
once per driver.  Driving with no card in is a finding of its own
(``driving_without_card``, Reg. 165/2014 Art 34(1)), stored with no driver.

Crew: the engine takes one ``crew_multi`` per timeline.  A driver is judged
multi-manned only when every minute he drove in the analysed timeline was
recorded under a ``crew`` = multi setting; otherwise the single-crew rules
apply to all of it.  That is the stricter side (11 h rest in 24 h instead of
9 h in 30 h, Art 8(2)/8(5)): a driver multi-manned for part of the period
may see daily-rest findings the multi-manning rule would have excused, and
the office should review those by hand (docs/office-retention.md).

Rule settings: the engine's options (:mod:`drivetime.unit_rules`: profile,
transport, 12-day derogation, two reduced weekly rests, WTD anchor week)
are those the unit journalled (``config`` records; the defaults at each
power-up, the office's ``profile`` the default profile), in force at the
end of the driver's data on the unit that holds his latest record
(:mod:`host_tools.rule_settings`).

:func:`derive` turns the new records of one download, with everything the
office already holds, into the keyword arguments of
:meth:`host_tools.store.Store.add_download`, re-analysing every driver whose
data on that unit changed (a later download of unit B can change the verdict
on driver X's week that began on unit A).
"""

import bisect

from drivetime import activity as act
from drivetime.engine import Engine
from drivetime.infringement import Infringement
from drivetime.profiles import profile_by_name
from host_tools.rule_settings import driver_settings, rule_settings

# The journal stores positions in tenths of an arc minute (1/600 degree):
# journal_kinds "g", docs/log-format.md.
POSITION_UNITS_PER_DEGREE = 600
NO_CARD_RULE = "driving_without_card"
# Which record wins where a driver's data from two units overlap (his card
# claimed by both): the one that counts more against him, so a conflict can
# never hide driving or work.
_RANK = {"driving": 4, "other_work": 3, "availability": 2, "break_rest": 1, "unknown": 0}


def initial_state():
    """What a unit's first record follows: no card, single crew, nothing open."""
    return {"driver": None, "crew": "single", "open": None, "minute": None}


def walk(events, state=None):
    """A unit's records in seq order, attributed to the card in at the time.

    :param events: dicts with seq, kind, minute, fields
    :param state: :func:`initial_state` or the state a retention cut left
    :returns: ``(intervals, record_drivers, state)``: intervals are
        ``(start, end, activity, flags, source, seq, driver_id, crew)`` in time
        order (manual entries applied); ``record_drivers`` maps each seq to the
        card in when it was written; ``state`` is where the walk ended
    """
    state = dict(state or initial_state())
    events = sorted(events, key=lambda e: e["seq"])
    out, who, at_seq = [], {}, {}
    open_ = state["open"]
    floor = state["minute"]
    last = floor

    def close(at):
        if open_ is not None and at > open_[0]:
            out.append((open_[0], at, open_[1], open_[2], "recorded", open_[3],
                        state["driver"], state["crew"]))

    for e in events:
        kind, f, minute = e["kind"], e["fields"], e["minute"]
        if kind == "activity":
            start = f["start"] if open_ is None else max(f["start"], open_[0])
            if floor is not None:
                start = max(start, floor)
            close(start)
            open_ = [start, f["activity"], f["flags"], e["seq"]]
        elif kind == "power":
            # off: the activity ends now; on with one still open (no clean stop
            # was journalled): it ended with the last record before the outage
            close(minute if not f["on"] else last)
            open_ = None
            state["driver"] = None          # card out with the ignition (a new power-up names it again)
        elif kind in ("driver", "crew"):
            # the open activity goes on, under the new card or crew
            if open_ is not None and minute > open_[0]:
                close(minute)
                open_ = [minute] + open_[1:]
            if kind == "driver":
                state["driver"] = f["card"] or None
            else:
                state["crew"] = f["crew"]
        who[e["seq"]] = state["driver"]
        at_seq[e["seq"]] = (state["driver"], state["crew"])
        last = minute
    if events:
        close(max(e["minute"] for e in events))
    state["open"] = open_
    for e in events:
        f = e["fields"]
        if e["kind"] == "manual" and f["end"] > f["start"]:
            driver, crew = at_seq[e["seq"]]     # entered by the card in at the time
            out = _overlay(out, f["start"], f["end"], f["activity"], e["seq"], driver, crew)
    return out, who, state


def timeline(events):
    """A unit's activity intervals ``(start, end, activity, flags, source, seq)``
    from its records; time not covered is left out (the engine counts gaps as
    unknown, RULES.md §1)."""
    return [iv[:6] for iv in walk(events)[0]]


def _overlay(intervals, start, end, activity, seq, driver, crew):
    """Apply a manual entry over ``[start, end)``, except over recorded driving
    (the unit never lets a manual entry cover recorded driving)."""
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
            kept.append((pos, s, activity, 0, "manual", seq, driver, crew))
        pos = max(pos, e)
    if pos < end:
        kept.append((pos, end, activity, 0, "manual", seq, driver, crew))
    kept.sort(key=lambda iv: (iv[0], iv[1]))
    return kept


def merge(rows):
    """One driver's timeline from his rows on several units.

    :param rows: dicts with start, end, activity, flags, unit_id, crew
    :returns: ``[(start, end, activity, flags, unit_id, crew)]`` in time order,
        not overlapping: where two units claim the same minute, the activity
        ranking higher in :data:`_RANK` is kept
    """
    rows = sorted(rows, key=lambda r: (r["start"], r["end"]))
    cuts = sorted(set([r["start"] for r in rows] + [r["end"] for r in rows]))
    out, live, i = [], [], 0
    for a, b in zip(cuts, cuts[1:]):
        while i < len(rows) and rows[i]["start"] <= a:
            live.append(rows[i])
            i += 1
        live = [r for r in live if r["end"] > a]
        if not live:
            continue
        best = max(live, key=lambda r: (_RANK[r["activity"]], r["flags"]))
        piece = (best["activity"], best["flags"], best["unit_id"], best["crew"])
        if out and out[-1][1] == a and out[-1][2:] == piece:
            out[-1] = (out[-1][0], b) + piece
        else:
            out.append((a, b) + piece)
    return out


def analyse_driver(rows, profile="eu", settings=None):
    """The engine's verdict on one driver's merged rows (see :func:`merge`),
    under the rule ``settings`` (:func:`host_tools.rule_settings.rule_settings`;
    default: ``profile``'s).

    :returns: ``[(Infringement, unit_id where it started)]``
    """
    timeline_ = merge(rows)
    if not timeline_:
        return []
    driving = [p for p in timeline_ if p[2] == "driving"]
    multi = bool(driving) and all(p[5] == "multi" for p in driving)
    s = settings or rule_settings((), profile)
    engine = Engine(profile_by_name(s["profile"]), crew_multi=multi, transport=s["transport"],
                    two_reduced_weekly=s["two_reduced_weekly"], twelve_day=s["twelve_day"],
                    wtd_anchor_week=s["wtd_anchor_week"])
    for start, end, name, flags, _unit, _crew in timeline_:
        engine.feed(start, end, act.CODES[name], flags)
    found, _status = engine.evaluate(timeline_[-1][1])
    starts = [p[0] for p in timeline_]
    out = []
    for inf in found:
        k = max(0, bisect.bisect_right(starts, inf.start) - 1)
        out.append((inf, timeline_[k][4]))
    return out


def no_card_findings(intervals):
    """One finding per stretch of driving with no card in (Reg. 165/2014 Art 34(1))."""
    out, run = [], None
    for iv in sorted(iv for iv in intervals if iv[2] == "driving" and iv[6] is None):
        if run is not None and iv[0] <= run[1]:
            run[1] = max(run[1], iv[1])
            continue
        if run is not None:
            out.append(run)
        run = [iv[0], iv[1]]
    if run is not None:
        out.append(run)
    return [Infringement(NO_CARD_RULE, s, e, e - s, 0, None,
                         "driving with no driver card in (Reg. 165/2014 Art 34(1))")
            for s, e in out]


def derive(store, unit_id, new, profile="eu"):
    """The derived rows for ``new`` records (dicts: seq, kind, minute, fields) of ``unit_id``.

    :returns: keyword arguments of ``Store.add_download``: ``intervals``,
        ``positions``, ``drivers``, ``record_drivers``, ``infringements``,
        ``analysed_drivers``
    """
    events = store.events(unit_id) + list(new)
    intervals, who, _state = walk(events, store.origin_state(unit_id))
    scale = float(POSITION_UNITS_PER_DEGREE)
    positions = [(r["seq"], r["minute"], r["fields"]["lat"] / scale, r["fields"]["lon"] / scale,
                  r["fields"]["reason"], who[r["seq"]]) for r in new if r["kind"] == "position"]
    drivers = identities(new)
    affected = _changed_drivers(store.intervals_for(unit_id=unit_id), intervals)
    infringements = [(None, unit_id, inf) for inf in no_card_findings(intervals)]
    ledgers = {}
    for driver_id in sorted(affected):
        rows = [r for r in store.intervals_for(driver_id=driver_id) if r["unit_id"] != unit_id]
        rows += [_row(unit_id, iv) for iv in intervals if iv[6] == driver_id]
        settings = driver_settings(store, rows, profile, unit_id, events)
        infringements += [(driver_id, where, inf) for inf, where in analyse_driver(rows, profile, settings)]
        ledgers[driver_id] = ledger(rows, settings)
    return {"intervals": intervals, "positions": positions, "drivers": drivers,
            "record_drivers": dict((r["seq"], who[r["seq"]]) for r in new),
            "infringements": infringements, "analysed_drivers": sorted(affected),
            "ledgers": ledgers}


def ledger(rows, settings="eu"):
    """The compensation ledger the office report shows for a driver's rows (dicts),
    kept so that a report ending with his data need not run the engine again:
    ``(digest, [(owed_min, due_by)])`` or None (:func:`host_tools.report_driver.stored_ledger`)."""
    from host_tools.report_driver import stored_ledger
    # in the report's order (host_tools.report_source.interval_rows: start, unit)
    return stored_ledger(sorted(((r["unit_id"], r["start"], r["end"], r["activity"], r["flags"],
                                  r["source"]) for r in rows), key=lambda r: (r[1], r[0])), settings)


def _row(unit_id, iv):
    return {"start": iv[0], "end": iv[1], "activity": iv[2], "flags": iv[3], "source": iv[4],
            "seq": iv[5], "driver_id": iv[6], "crew": iv[7], "unit_id": unit_id}


def _changed_drivers(stored, intervals):
    """Cards whose intervals on this unit differ between the stored and the new timeline."""
    old = set((r["start"], r["end"], r["activity"], r["flags"], r["source"], r["seq"],
               r["driver_id"], r["crew"]) for r in stored)
    return set(iv[6] for iv in old.symmetric_difference(intervals)) - {None}


def identities(events):
    """``(card, name, minute)`` of each card inserted (``driver`` records with a card)."""
    return [(r["fields"]["card"], r["fields"]["name"], r["minute"])
            for r in events if r["kind"] == "driver" and r["fields"]["card"]]


def refresh(store, profile="eu"):
    """Derive everything again from the stored records, in one transaction: each
    unit's timeline and cards (a card missing from the drivers table added, so
    it is judged too), then every verdict.  For a database whose rows were
    derived before migration 0005 (no driver on them) or by an older analysis."""
    with store.db.atomic():
        seen = []
        for unit_id in store.unit_ids():
            events = store.events(unit_id)
            intervals, who, _state = walk(events, store.origin_state(unit_id))
            store.replace_derived(unit_id, intervals, who)
            seen += identities(events)
        store.add_drivers(sorted(seen, key=lambda d: d[2]))     # named by the first seen, any unit
        store.replace_all_infringements(reanalyse(store, profile))
        ledgers = {}
        for d in store.driver_ids():
            rows = store.intervals_for(driver_id=d)
            ledgers[d] = ledger(rows, driver_settings(store, rows, profile))
        store.replace_ledgers(ledgers, every=True)


def reanalyse(store, profile="eu"):
    """Every driver's and unit's verdict again from the stored intervals;
    returns ``(driver_id, unit_id, Infringement)`` rows."""
    out = []
    for unit_id in store.unit_ids():
        out += [(None, unit_id, inf) for inf in no_card_findings(
            [tuple(r[k] for k in ("start", "end", "activity", "flags", "source", "seq", "driver_id"))
             for r in store.intervals_for(unit_id=unit_id)])]
    for driver_id in store.driver_ids():
        rows = store.intervals_for(driver_id=driver_id)
        out += [(driver_id, where, inf)
                for inf, where in analyse_driver(rows, profile, driver_settings(store, rows, profile))]
    return out
