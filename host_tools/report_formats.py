# The office report's terminal, CSV and JSON forms, all from the one model of host_tools.report.
# SPDX-License-Identifier: MIT
"""Render the report for people and for other systems.

Each writer takes the model dict (:func:`host_tools.report.build`) or a
:class:`~host_tools.report.ReportStream` (:func:`host_tools.report.stream`)
and writes driver by driver, so a fleet year never sits in memory whole.

* :func:`render_text`: rich tables on a console (:mod:`host_tools.report_text`).
* :func:`write_csv` / :func:`csv_text`: tables of :data:`CSV_TABLES` as CSV
  (times ISO 8601 UTC, durations in minutes), ``infringements`` by default;
  every table carries the driver's card so the files join.
* :func:`write_json` / :func:`json_text`: the model itself (minutes stay
  minutes), one document with one line per driver.
"""

import csv
import io
import json

from drivetime import timeutil
from host_tools.report import as_stream

_TOTALS = ("driving", "other_work", "availability", "rest", "unknown")


def _iso(minute):
    return timeutil.format_minute(minute) if minute is not None else ""


def _infringements(d):
    for i in d["infringements"]:
        yield {"driver": d["id"] or "", "name": d["name"], "rule": i["rule"],
               "article": i["article"], "start": _iso(i["start"]), "end": _iso(i["end"]),
               "measured_min": i["measured_min"], "limit_min": i["limit_min"],
               "severity": i["severity"] or "", "final": int(i["final"]),
               "unit": i["unit_id"] or "", "detail": i["detail"]}


def _days(d):
    for day in d["days"]:
        row = {"driver": d["id"] or "", "date": day["date"]}
        row.update((k + "_min", day["totals"][k]) for k in _TOTALS)
        yield row


def _weeks(d):
    for w in d["weeks"]:
        row = {"driver": d["id"] or "", "week_start": w["week_start"]}
        row.update((k + "_min", w["totals"][k]) for k in _TOTALS)
        row["fortnight_driving_min"] = w["fortnight_driving"]
        yield row


def _gaps(d):
    for g in d["gaps"]:
        yield {"driver": d["id"] or "", "kind": g["kind"], "start": _iso(g["start"]),
               "end": _iso(g["end"]), "minutes": g["minutes"], "unit": g["unit_id"] or ""}


def _compensation(d):
    for c in d["compensation"]:
        yield {"driver": d["id"] or "", "week_start": c["week_start"],
               "owed_min": c["owed_min"], "due_by": _iso(c["due_by"])}


def _intervals(d):
    for day in d["days"]:
        for iv in day["intervals"]:
            yield {"driver": d["id"] or "", "start": _iso(iv["start"]), "end": _iso(iv["end"]),
                   "activity": iv["activity"], "flags": iv["flags"], "unit": iv["unit_id"],
                   "source": iv["source"]}


# table name -> the rows of one driver's part
CSV_TABLES = {"infringements": _infringements, "days": _days, "weeks": _weeks, "gaps": _gaps,
              "compensation": _compensation, "intervals": _intervals}
_HEADERS = {
    "infringements": ("driver", "name", "rule", "article", "start", "end", "measured_min",
                      "limit_min", "severity", "final", "unit", "detail"),
    "days": ("driver", "date") + tuple(k + "_min" for k in _TOTALS),
    "weeks": ("driver", "week_start") + tuple(k + "_min" for k in _TOTALS) + ("fortnight_driving_min",),
    "gaps": ("driver", "kind", "start", "end", "minutes", "unit"),
    "compensation": ("driver", "week_start", "owed_min", "due_by"),
    "intervals": ("driver", "start", "end", "activity", "flags", "unit", "source"),
}


def write_csv(report, outputs):
    """Write CSV tables of ``report`` (a model dict or a :class:`~host_tools.report.ReportStream`)
    driver by driver, in one pass: ``outputs`` maps table names to text files."""
    _scope, drivers, _units = as_stream(report)
    writers = {}
    for table, out in outputs.items():
        writers[table] = csv.DictWriter(out, _HEADERS[table], lineterminator="\n")
        writers[table].writeheader()
    for d in drivers:
        for table, writer in writers.items():
            writer.writerows(CSV_TABLES[table](d))


def csv_text(model, table="infringements"):
    """Table ``table`` (a key of :data:`CSV_TABLES`) as CSV text with a header line."""
    out = io.StringIO()
    write_csv(model, {table: out})
    return out.getvalue()


def _dumps(value):
    # the C encoder (no indent): a fleet year's JSON is gigabytes
    return json.dumps(value, sort_keys=True)


def write_json(report, out):
    """The model as one JSON document, written driver by driver: keys sorted, one
    line per driver (``"drivers"`` first, then ``"scope"`` and ``"units"``)."""
    scope, drivers, units = as_stream(report)
    out.write('{"drivers": [')
    sep = "\n"
    for d in drivers:
        out.write(sep)
        out.write(_dumps(d))
        sep = ",\n"
    out.write('\n], "scope": %s,\n"units": %s}\n' % (_dumps(scope), _dumps(units())))


def json_text(model):
    out = io.StringIO()
    write_json(model, out)
    return out.getvalue()


def render_text(report, console):
    """Print ``report`` on a :class:`rich.console.Console` (:mod:`host_tools.report_text`)."""
    from host_tools.report_text import render_text as render
    render(report, console)
