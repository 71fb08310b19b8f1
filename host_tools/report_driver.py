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

import hashlib

import drivetime
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


_DATES = {}            # day number -> "YYYY-MM-DD": a fleet year names 365,000 days


def date_of(minute):
    day = minute // DAY
    date = _DATES.get(day)
    if date is None:
        if len(_DATES) > 100000:
            _DATES.clear()
        date = _DATES[day] = timeutil.format_minute(day * DAY)[:10]
    return date


def driver_part(src, card, names, unit, start, end, lost, profile="eu", intervals=True):
    """One driver's part of the model (plus ``_units``: the units the driver's period used).

    :param intervals: False leaves each day's ``intervals`` empty, for an output
        that prints none (the terminal tables, the CSV of infringements); ``"rows"``
        gives them as ``(start, end, activity, flags, unit_id, source)`` tuples, for
        a writer that formats them itself (host_tools.report_formats.write_json)
    """
    first_week = timeutil.week_of(start)
    last_week = timeutil.week_of(end - 1)
    ledger_from = timeutil.week_start(last_week - LEDGER_WEEKS)
    fetch_from = min(timeutil.week_start(first_week - 1), ledger_from)
    rows = src.interval_rows(card, unit, fetch_from, end, lean=not intervals)
    day0 = (start // DAY) * DAY
    d0 = day0 // DAY
    days = [{"date": date_of(d), "start": d, "intervals": [], "totals": None, "positions": []}
            for d in range(day0, end, DAY)]
    pieces = [day["intervals"] if intervals else None for day in days]
    f0 = fetch_from // DAY
    # per bucket (driving, other_work, availability, rest) the minutes of each day from f0
    sums = [[0] * ((end - 1) // DAY - f0 + 1) for _k in range(4)]
    covered = []
    run_s = run_e = None        # the covered stretch being extended
    bucket, total_key = _BUCKET, TOTAL_KEYS.index
    as_rows = intervals == "rows"
    # a fleet year is millions of rows: one test for the usual row (inside one
    # day of the period), the general cut at midnights for the rest
    for unit_id, s, e, activity, flags, source in rows:
        if s < fetch_from:
            s = fetch_from
        if e > end:
            e = end
        if e <= s or activity == "unknown":
            continue                # unknown is no record: a gap, below
        k = bucket[activity] if not flags else total_key(_total_key(activity, flags))
        if run_e is not None and s <= run_e:
            if e > run_e:
                run_e = e
        else:
            if run_e is not None:
                covered.append((run_s, run_e))
            run_s, run_e = s, e
        d = s // DAY
        if s >= start and e <= (d + 1) * DAY:
            sums[k][d - f0] += e - s
            if as_rows:
                pieces[d - d0].append((s, e, activity, flags, unit_id, source))
            elif intervals:
                pieces[d - d0].append({"start": s, "end": e, "activity": activity, "flags": flags,
                                       "unit_id": unit_id, "source": source})
            continue
        while True:                 # cut at midnights (days; weeks start at one)
            cut = (d + 1) * DAY
            b = e if e < cut else cut
            sums[k][d - f0] += b - s
            if b > start and d >= d0:
                if as_rows:
                    pieces[d - d0].append((s if s > start else start, b, activity, flags,
                                           unit_id, source))
                elif intervals:
                    pieces[d - d0].append({"start": s if s > start else start, "end": b,
                                           "activity": activity, "flags": flags,
                                           "unit_id": unit_id, "source": source})
            if e <= cut:
                break
            s, d = cut, d + 1
    if run_e is not None:
        covered.append((run_s, run_e))
    units = src.units_used(card, unit, start, end)      # those with a piece in the period
    drv, oth, avl, rst = sums
    for n, day in enumerate(days):
        a = day["start"]
        length = (a + DAY if a + DAY < end else end) - (a if a > start else start)
        i = d0 + n - f0
        t = drv[i], oth[i], avl[i], rst[i]
        day["totals"] = {"driving": t[0], "other_work": t[1], "availability": t[2], "rest": t[3],
                         "unknown": max(0, length - t[0] - t[1] - t[2] - t[3])}
    weeks = {}
    for w in range(first_week - 1, last_week + 1):
        a, b = max(timeutil.week_start(w), fetch_from), min(timeutil.week_start(w + 1), end)
        lo, hi = a // DAY - f0, -(-b // DAY) - f0
        weeks[w] = _totals([sum(sums[k][lo:hi]) for k in range(4)], max(0, b - a))
    gaps = _unknown_gaps(covered, start, end)
    for minute, lat, lon, reason in src.position_rows(card, unit, start, end):
        days[(minute - day0) // DAY]["positions"].append(
            {"minute": minute, "lat": lat, "lon": lon, "reason": reason})
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
                src.interval_rows(card, None, ledger_from, end),       # its last weeks only
                ledger_from, end, src.rule_settings(card, profile), src.stored_ledger(card)),
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


def _compensation(rows, ledger_from, end, settings, stored=None):
    """The reduced weekly rests still owed at the end of the driver's data (Art 8(6), 8(7)).

    The engine's ledger (``compensation_open_min``/``compensation_due_by``) is
    read at the last recorded minute, not at ``end``: time after it has no
    record and must not pay a debt as if it were rest.  ``stored``: the
    ``(digest, ledger)`` analysis kept for the driver, used when the engine's
    input here has that digest (the same input gives the same ledger).
    ``settings``: the driver's rule settings (:mod:`host_tools.rule_settings`)
    or a profile name.
    """
    feed = ledger_feed(rows, ledger_from, end)
    if not feed:
        return []
    settings = _settings(settings)
    p = profile_by_name(settings["profile"])
    if stored is not None and stored[0] == ledger_digest(feed, settings):
        ledger = stored[1]
    else:
        ledger = ledger_of(feed, settings)
    out = []
    for owed, due in ledger:
        # due by the end of the third week after the reduced rest's week (Art 8(6))
        rest_week = timeutil.week_of(due) - 1 - p["compensation_weeks_max"]
        out.append({"week_start": date_of(timeutil.week_start(rest_week)), "owed_min": owed,
                    "due_by": due})
    return out


def ledger_feed(rows, ledger_from, end):
    """What the ledger's engine is fed: ``(start, end, activity code, flags)`` of the
    report rows ``(unit_id, start, end, activity, flags, source)`` in time order,
    cut to ``[ledger_from, end)``; no record (unknown) and overlaps left out."""
    feed, last = [], None
    for _unit, s, e, activity, flags, _source in rows:
        if e <= ledger_from:
            continue
        if s < ledger_from:
            s = ledger_from
        if e > end:
            e = end
        if e <= s or activity == "unknown" or (last is not None and s < last):
            continue
        feed.append((s, e, CODES[activity], flags))
        last = e
    return feed


def _settings(settings):
    """Rule settings as a dict (a profile name: that profile's defaults)."""
    if isinstance(settings, dict):
        return settings
    from host_tools.rule_settings import rule_settings
    return rule_settings((), settings)


def ledger_of(feed, settings):
    """``[(owed_min, due_by)]``: the engine's ledger after ``feed``, at its last minute,
    under the driver's rule ``settings`` (the unit's: two reduced weekly rests and the
    12-day derogation change what is owed, Art 8(6), 8(6a))."""
    s = _settings(settings)
    engine = Engine(profile_by_name(s["profile"]), transport=s["transport"],
                    two_reduced_weekly=s["two_reduced_weekly"], twelve_day=s["twelve_day"],
                    wtd_anchor_week=s["wtd_anchor_week"])
    for s, e, code, flags in feed:
        engine.feed(s, e, code, flags)
    _found, status = engine.evaluate(feed[-1][1])
    return list(zip(status["compensation_open_min"], status["compensation_due_by"]))


def ledger_digest(feed, settings):
    """A digest of the ledger's input: the feed, the rule settings and the core's
    version, whose rules make it."""
    text = repr((drivetime.__version__, sorted(_settings(settings).items()), feed)).encode("ascii")
    return hashlib.sha1(text).hexdigest()


def ledger_window(last):
    """``(ledger_from, end)`` of the report that ends with data ending at minute ``last``
    (the default period: to the end of the day of the last record)."""
    end = -(-last // DAY) * DAY
    return timeutil.week_start(timeutil.week_of(end - 1) - LEDGER_WEEKS), end


def stored_ledger(rows, settings="eu"):
    """``(digest, ledger)`` for a driver's report rows in time order (all his data up
    to its end): what analysis stores for :func:`_compensation` to find."""
    if not rows:
        return None
    ledger_from, end = ledger_window(max(r[2] for r in rows))
    feed = ledger_feed(rows, ledger_from, end)
    if not feed:
        return None
    return ledger_digest(feed, settings), ledger_of(feed, settings)
