# The office report: one plain dict per scope (driver, unit, fleet) that every output renders.
# SPDX-License-Identifier: MIT
"""The fleet office's report model (issue 6), built from the office store.

:func:`build` reads the store once per driver and returns a plain dict (the
*model*, layout in /work/notes/session10_spec.md): for each driver in scope,
per UTC day the activity intervals, totals and positions; per fixed week the
totals and the fortnight's driving; the engine's infringements with their
article and Reg. (EU) 2016/403 severity; the reduced weekly rests still to
be compensated; and the gaps: time with no record and records the unit lost
before the office had them (``lost``).  Gaps are never counted as rest
(RULES.md §1: unknown time counts as rest for the limits, but is always
flagged as missing data).

:func:`stream` gives the same report one driver at a time (a
:class:`ReportStream`); every output form (host_tools.report_formats,
host_tools.report_html) writes from it as it goes, so a fleet year needs the
memory of one driver's year, not of the whole model.

Privacy (issue 6): a driver's part holds only that driver's intervals,
positions and infringements; positions only with the reasons the law asks
for (start and end of day, every 3 h of driving, border crossings: Reg.
165/2014 Art 8(1)).

All instants are UTC minutes since 1970 (as in the core) except the fields
named ``*_at`` / ``last_download`` (ISO text) and the dates (``YYYY-MM-DD``).
"""

import datetime

from drivetime import timeutil
from drivetime.activity import CODES, FLAG_MOVING, FLAG_OUT_OF_SCOPE
from drivetime.engine import Engine
from drivetime.infringement import ARTICLES
from drivetime.profiles import profile_by_name
from host_tools.report_source import source_for

DAY = timeutil.MIN_PER_DAY
WEEK = timeutil.MIN_PER_WEEK
TOTAL_KEYS = ("driving", "other_work", "availability", "rest", "unknown")
# Reg. 165/2014 Art 8(1) and the border crossing of Art 34(7): nothing else is shown.
POSITION_REASONS = ("start", "end", "3h", "other")
# A reduced weekly rest is compensated by the end of the third week after it
# (Art 8(6)): at the end of week L only debts of weeks L-3.. are still open.
# The ledger is rebuilt from this many fixed weeks before the end (one spare).
LEDGER_WEEKS = 5
NO_CARD_NAME = "(no driver card)"


class ReportError(ValueError):
    """A report the store cannot give (unknown driver or unit, bad period)."""


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


def _now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(store, driver=None, unit=None, start=None, end=None, progress=None, profile="eu"):
    """The whole report model of ``driver`` (card), ``unit`` or (neither) the fleet, in memory.

    For small scopes and tests; a large one (a fleet year) is written driver by
    driver from :func:`stream` instead (the model of a fleet year takes gigabytes).
    Arguments and errors as :func:`stream`.
    """
    report = stream(store, driver, unit, start, end, progress, profile)
    drivers = list(report.iter_drivers())
    return {"scope": report.scope, "drivers": drivers, "units": report.units()}


def iter_drivers(store, driver=None, unit=None, start=None, end=None, progress=None, profile="eu"):
    """Each driver's part of the model in turn (what ``build(...)["drivers"]`` lists)."""
    return stream(store, driver, unit, start, end, progress, profile).iter_drivers()


def stream(store, driver=None, unit=None, start=None, end=None, progress=None, profile="eu"):
    """The report of ``driver`` (card), ``unit`` or (neither) the whole fleet, to be
    read one driver at a time (:class:`ReportStream`): only its scope is made now.

    :param start: first minute of the period; default the day of the first record in scope
    :param end: minute after the period; default the end of the day of the last record
    :param progress: called as ``progress(done, total)`` after each driver
    :raises ReportError: both a driver and a unit, an unknown one, an empty period
    """
    if driver is not None and unit is not None:
        raise ReportError("a report is for a driver, a unit or the fleet, not both")
    src = source_for(store)
    if driver is not None and driver not in src.driver_ids():
        raise ReportError("unknown driver %s: no record in the store" % driver)
    if unit is not None and store.unit(unit) is None:
        raise ReportError("unknown unit %s: not in the store" % unit)
    if start is None or end is None:
        first, last = src.extent(driver, unit)
        if start is None:
            start = (first // DAY) * DAY if first is not None else ((end or 0) // DAY) * DAY
        if end is None:
            end = -(-last // DAY) * DAY if last is not None else start + DAY
    if end <= start:
        raise ReportError("empty period: %s is not after %s"
                          % (timeutil.format_minute(end), timeutil.format_minute(start)))
    return ReportStream(src, driver, unit, start, end, progress, profile)


class ReportStream:
    """A report read driver by driver: :attr:`scope` at once, :meth:`iter_drivers`
    (once), then :meth:`units`.  Memory is bounded by one driver's period, so
    every output form writes a fleet year as it goes.

    :attr:`infringements` counts the infringements of the drivers read so far.
    """

    def __init__(self, src, driver, unit, start, end, progress, profile):
        if driver is not None:
            kind, scope_id, self._who = "driver", driver, [driver]
        else:
            kind, scope_id = ("unit", unit) if unit is not None else ("fleet", None)
            self._who = src.drivers_in(unit, start, end)
        self.scope = {"kind": kind, "id": scope_id, "start": start, "end": end,
                      "generated_at": _now_iso()}
        self._src, self._unit, self._progress, self._profile = src, unit, progress, profile
        self._used, self._read, self._done, self._lost = set(), False, False, None
        self.infringements = 0

    def __len__(self):
        """How many drivers :meth:`iter_drivers` yields."""
        return len(self._who)

    def iter_drivers(self):
        """Each driver's part of the model, made as it is asked for."""
        if self._read:
            raise RuntimeError("a report's drivers are read once")
        self._read = True
        src, start, end = self._src, self.scope["start"], self.scope["end"]
        names, lost = src.driver_names(), src.lost_ranges()
        self._lost = lost
        for done, card in enumerate(self._who, 1):
            part = driver_part(src, card, names, self._unit, start, end, lost, self._profile)
            self._used.update(part.pop("_units"))
            self.infringements += len(part["infringements"])
            if self._progress is not None:
                self._progress(done, len(self._who))
            yield part
        self._done = True

    def units(self):
        """The units part: the unit of a unit report, every unit of a fleet report
        (both known at once), the units a driver's period used (after his part)."""
        kind = self.scope["kind"]
        if kind == "unit":
            used = [self._unit]
        elif kind == "fleet":
            used = sorted(self._src.store.unit_ids())
        elif self._done:
            used = sorted(self._used)
        else:
            raise RuntimeError("a driver report's units are known once his part is read")
        return self._src.units_part(used, self._src.lost_ranges() if self._lost is None else self._lost)


def as_stream(report):
    """``(scope, drivers, units)`` of a model dict or a :class:`ReportStream`:
    ``drivers`` iterable once, ``units()`` called after it (what the outputs write)."""
    if isinstance(report, dict):
        return (report.get("scope", {}), report.get("drivers", ()),
                lambda: report.get("units") or [])
    return report.scope, report.iter_drivers(), report.units


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
