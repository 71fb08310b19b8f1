# One driver's part of the office report: days, weeks, totals, positions, infringements, compensation owed, gaps.
# SPDX-License-Identifier: MIT
"""A driver's part of the report model (:mod:`host_tools.report`, the layout
in /work/notes/session10_spec.md), read from a report source
(:mod:`host_tools.report_source`) for one period: per UTC day the activity
intervals, totals and positions; per fixed week the totals and the
fortnight's driving; the stored infringements with their article; the
reduced weekly rests still to be compensated; and the gaps (no record, or
records the unit lost before the office had them), never counted as rest.
All instants are UTC minutes since 1970; dates ``YYYY-MM-DD``.
"""

from drivetime import timeutil
from drivetime.activity import CODES, FLAG_MOVING, FLAG_OUT_OF_SCOPE
from drivetime.engine import Engine
from drivetime.infringement import ARTICLES
from drivetime.profiles import profile_by_name

DAY = timeutil.MIN_PER_DAY
TOTAL_KEYS = ("driving", "other_work", "availability", "rest", "unknown")
# Reg. 165/2014 Art 8(1) and the border crossing of Art 34(7): nothing else is shown.
POSITION_REASONS = ("start", "end", "3h", "other")
# A reduced weekly rest is compensated by the end of the third week after it
# (Art 8(6)): at the end of week L only debts of weeks L-3.. are still open.
# The ledger is rebuilt from this many fixed weeks before the end (one spare).
LEDGER_WEEKS = 5
NO_CARD_NAME = "(no driver card)"


def _total_key(activity, flags):
    """The totals bucket of an interval (the engine's Art 6/8 reading, engine.py)."""
    if activity == "driving":
        # out-of-scope driving is not driving under 561/2006 (Annex IC (gg)): other work
        return "other_work" if flags & FLAG_OUT_OF_SCOPE else "driving"
    if activity == "break_rest":
        # a break in a moving vehicle is a break for Art 7 but never rest (Art 4(f))
        return "availability" if flags & FLAG_MOVING else "rest"
    return activity


_BUCKET = {"driving": 0, "other_work": 1, "availability": 2, "break_rest": 3}


def date_of(minute):
    return timeutil.format_minute(minute)[:10]


def driver_part(src, card, names, unit, start, end, lost, profile="eu"):
    """One driver's part of the model (plus ``_units``: the units the driver's period used)."""
    first_week = timeutil.week_of(start)
    last_week = timeutil.week_of(end - 1)
    ledger_from = timeutil.week_start(last_week - LEDGER_WEEKS)
    fetch_from = min(timeutil.week_start(first_week - 1), ledger_from)
    rows = src.interval_rows(card, unit, fetch_from, end)
    day0 = (start // DAY) * DAY
    d0 = day0 // DAY
    days = [{"date": date_of(d), "start": d, "intervals": [], "totals": None, "positions": []}
            for d in range(day0, end, DAY)]
    pieces = [day["intervals"] for day in days]
    sums = {}                   # day number -> [driving, other_work, availability, rest]
    covered, units, last_unit = [], set(), None
    for unit_id, s, e, activity, flags, source in rows:
        if s < fetch_from:
            s = fetch_from
        if e > end:
            e = end
        if e <= s or activity == "unknown":
            continue                # unknown is no record: a gap, below
        k = _BUCKET[activity] if not flags else TOTAL_KEYS.index(_total_key(activity, flags))
        if covered and s <= covered[-1][1]:
            if e > covered[-1][1]:
                covered[-1][1] = e
        else:
            covered.append([s, e])
        d = s // DAY
        while True:                 # cut at midnights (days; weeks start at one)
            cut = (d + 1) * DAY
            b = e if e < cut else cut
            total = sums.get(d)
            if total is None:
                total = sums[d] = [0, 0, 0, 0]
            total[k] += b - s
            if b > start and d >= d0:
                pieces[d - d0].append({"start": s if s > start else start, "end": b,
                                       "activity": activity, "flags": flags,
                                       "unit_id": unit_id, "source": source})
                if unit_id != last_unit:
                    units.add(unit_id)
                    last_unit = unit_id
            if e <= cut:
                break
            s, d = cut, d + 1
    for day in days:
        a, b = max(day["start"], start), min(day["start"] + DAY, end)
        day["totals"] = _totals(sums.get(day["start"] // DAY), b - a)
    weeks = {}
    for w in range(first_week - 1, last_week + 1):
        a, b = max(timeutil.week_start(w), fetch_from), min(timeutil.week_start(w + 1), end)
        week = [0, 0, 0, 0]
        for d in range(a // DAY, -(-b // DAY)):
            for i, v in enumerate(sums.get(d, ())):
                week[i] += v
        weeks[w] = _totals(week, max(0, b - a))
    gaps = _unknown_gaps(covered, start, end)
    for p in src.positions(card, unit, start, end):
        if p["reason"] in POSITION_REASONS:
            days[(p["minute"] - day0) // DAY]["positions"].append(
                {"minute": p["minute"], "lat": p["lat"], "lon": p["lon"], "reason": p["reason"]})
    for u in sorted(units):
        for r in lost.get(u, ()):
            if r["start"] < end and r["end"] > start:
                a, b = max(r["start"], start), min(r["end"], end)
                gaps.append({"start": a, "end": b, "minutes": b - a, "unit_id": u, "kind": "lost",
                             "first": r["first"], "last": r["last"]})
    gaps.sort(key=lambda g: (g["start"], g["kind"]))
    return {"id": card, "name": names.get(card) or (NO_CARD_NAME if card is None else card),
            "days": days,
            "weeks": [{"week_start": date_of(timeutil.week_start(w)), "totals": weeks[w],
                       "fortnight_driving": weeks[w]["driving"] + weeks[w - 1]["driving"]}
                      for w in range(first_week, last_week + 1)],
            "infringements": [infringement_row(i) for i in src.infringements(card, unit, start, end)
                              if i["start"] < end and i["end"] >= start],
            "compensation": [] if card is None else _compensation(
                rows if unit is None else src.interval_rows(card, None, ledger_from, end),
                ledger_from, end, profile),
            "gaps": gaps, "_units": units}


def _totals(sums, length):
    """The totals dict of a day or week ``length`` minutes long; the rest of it is unknown."""
    out = dict(zip(TOTAL_KEYS, sums or (0, 0, 0, 0)))
    out["unknown"] = max(0, length - sum(sums or ()))
    return out


def _unknown_gaps(covered, start, end):
    gaps, t = [], start
    for s, e in covered:
        if e <= t:
            continue
        if s > t and t < end:
            b = min(s, end)
            gaps.append({"start": t, "end": b, "minutes": b - t, "unit_id": None, "kind": "unknown"})
        t = max(t, e)
    if t < end:
        gaps.append({"start": t, "end": end, "minutes": end - t, "unit_id": None, "kind": "unknown"})
    return gaps


def infringement_row(row):
    """A stored infringement as the model shows it, with its article (drivetime.infringement)."""
    return {"rule": row["rule"], "article": ARTICLES.get(row["rule"], ""),
            "start": row["start"], "end": row["end"], "measured_min": row["measured_min"],
            "limit_min": row["limit_min"], "severity": row["severity"],
            "final": bool(row["final"]), "detail": row["detail"] or "", "unit_id": row["unit_id"]}


def _compensation(rows, ledger_from, end, profile):
    """The reduced weekly rests still owed at the end of the driver's data (Art 8(6), 8(7)).

    The engine's ledger (``compensation_open_min``/``compensation_due_by``) is
    read at the last recorded minute, not at ``end``: time after it has no
    record and must not pay a debt as if it were rest.
    """
    p = profile_by_name(profile)
    engine = Engine(p)
    last = None
    for _unit, s, e, activity, flags, _source in rows:
        if s < ledger_from:
            s = ledger_from
        if e > end:
            e = end
        if e <= s or activity == "unknown" or (last is not None and s < last):
            continue
        engine.feed(s, e, CODES[activity], flags)
        last = e
    if last is None:
        return []
    _found, status = engine.evaluate(last)
    out = []
    for owed, due in zip(status["compensation_open_min"], status["compensation_due_by"]):
        # due by the end of the third week after the reduced rest's week (Art 8(6))
        rest_week = timeutil.week_of(due) - 1 - p["compensation_weeks_max"]
        out.append({"week_start": date_of(timeutil.week_start(rest_week)), "owed_min": owed,
                    "due_by": due})
    return out
