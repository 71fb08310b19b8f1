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
flagged as missing data).  One driver's part is made by
:func:`host_tools.report_driver.driver_part`.

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
import gc

from drivetime import timeutil
from host_tools.report_driver import DAY, driver_part
from host_tools.report_source import source_for


class ReportError(ValueError):
    """A report the store cannot give (unknown driver or unit, bad period)."""


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

    def iter_drivers(self, intervals=True):
        """Each driver's part of the model, made as it is asked for.

        :param intervals: False leaves the days' ``intervals`` empty (an output
            that prints none is spared a dict per interval of a fleet year);
            ``"rows"`` gives them as tuples (:func:`host_tools.report_driver.driver_part`)
        """
        if self._read:
            raise RuntimeError("a report's drivers are read once")
        self._read = True
        src, start, end = self._src, self.scope["start"], self.scope["end"]
        names, lost = src.driver_names(), src.lost_ranges()
        self._lost = lost
        for done, card in enumerate(self._who, 1):
            # a driver's year is millions of tuples and no cycle: the cyclic garbage
            # collector, run every 700 of them, would only cost time (some 15 %)
            paused = gc.isenabled()
            gc.disable()
            try:
                part = driver_part(src, card, names, self._unit, start, end, lost, self._profile,
                                   intervals)
            finally:
                if paused:
                    gc.enable()
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


def as_stream(report, intervals=True):
    """``(scope, drivers, units)`` of a model dict or a :class:`ReportStream`:
    ``drivers`` iterable once, ``units()`` called after it (what the outputs write).
    ``intervals``: False when the output prints no interval (a stream then leaves
    them out; a model's are there anyway), ``"rows"`` to have a stream's as tuples."""
    if isinstance(report, dict):
        return (report.get("scope", {}), report.get("drivers", ()),
                lambda: report.get("units") or [])
    return report.scope, report.iter_drivers(intervals), report.units
