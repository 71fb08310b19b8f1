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
# an interval's keys in the order of the tuples of intervals="rows" (report_driver.driver_part)
_ROW = ("start", "end", "activity", "flags", "unit_id", "source")


_DATES = {}            # day number -> "YYYY-MM-DD" (a fleet year formats millions of times)


def _iso(minute):
    """ISO 8601 UTC of a minute (timeutil.format_minute), "" for none."""
    if minute is None:
        return ""
    day, m = divmod(minute, timeutil.MIN_PER_DAY)
    date = _DATES.get(day)
    if date is None:
        if len(_DATES) > 100000:
            _DATES.clear()
        date = _DATES[day] = timeutil.format_minute(day * timeutil.MIN_PER_DAY)[:10]
    return "%sT%02d:%02d:00Z" % (date, m // 60, m % 60)


# Each table's rows of one driver's part, as tuples in the order of _HEADERS.
def _infringements(d):
    card = d["id"] or ""
    for i in d["infringements"]:
        yield (card, d["name"], i["rule"], i["article"], _iso(i["start"]), _iso(i["end"]),
               i["measured_min"], i["limit_min"], i["severity"] or "", int(i["final"]),
               i["unit_id"] or "", i["detail"])


def _days(d):
    card = d["id"] or ""
    for day in d["days"]:
        t = day["totals"]
        yield (card, day["date"]) + tuple(t[k] for k in _TOTALS)


def _weeks(d):
    card = d["id"] or ""
    for w in d["weeks"]:
        t = w["totals"]
        yield (card, w["week_start"]) + tuple(t[k] for k in _TOTALS) + (w["fortnight_driving"],)


def _gaps(d):
    card = d["id"] or ""
    for g in d["gaps"]:
        yield (card, g["kind"], _iso(g["start"]), _iso(g["end"]), g["minutes"], g["unit_id"] or "")


def _compensation(d):
    card = d["id"] or ""
    for c in d["compensation"]:
        yield (card, c["week_start"], c["owed_min"], _iso(c["due_by"]))


_CLOCK = ["T%02d:%02d:00Z" % divmod(m, 60) for m in range(timeutil.MIN_PER_DAY)]


def _intervals(d):
    # a fleet year has millions: each piece lies in its day (cut at midnight), so its
    # times are the day's date and a clock time; the dicts of a model, the tuples of a
    # stream read with intervals="rows" (host_tools.report_driver.driver_part)
    card = d["id"] or ""
    clock, last = _CLOCK, timeutil.MIN_PER_DAY
    for day in d["days"]:
        date, base = day["date"], day["start"]
        for iv in day["intervals"]:
            if isinstance(iv, dict):
                iv = tuple(iv[k] for k in _ROW)
            s, e, activity, flags, unit_id, source = iv
            a, b = s - base, e - base
            yield (card, date + clock[a] if 0 <= a < last else _iso(s),
                   date + clock[b] if 0 <= b < last else _iso(e), activity, flags, unit_id, source)



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
    _scope, drivers, _units = as_stream(report, intervals="intervals" in outputs and "rows")
    writers = {}
    for table, out in outputs.items():
        writers[table] = csv.writer(out, lineterminator="\n")
        writers[table].writerow(_HEADERS[table])
    templates = {}
    for d in drivers:
        for table, writer in writers.items():
            if table == "intervals":
                outputs[table].write("".join(_interval_lines(d, templates)))
            else:
                writer.writerows(CSV_TABLES[table](d))


_HOLES = ("\x01start\x01", "\x01end\x01", "\x01flags\x01")


def _interval_lines(d, templates):
    """The lines csv.writer writes for :func:`_intervals` (a fleet year has millions):
    one template per card, activity, unit and source, made by csv.writer itself
    with holes for the times and the flags; a row it cannot fill written by csv."""
    for row in _intervals(d):
        key = row[0], row[3], row[5], row[6]
        t = templates.get(key)
        if t is None:
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerow(row[:1] + _HOLES[:2] + row[3:4]
                                                          + _HOLES[2:] + row[5:])
            line = out.getvalue()
            t = templates[key] = False
            if all(line.count(h) == 1 for h in _HOLES) and "\x01" not in line.replace(
                    _HOLES[0], "").replace(_HOLES[1], "").replace(_HOLES[2], ""):
                t = templates[key] = line.replace("%", "%%").replace(
                    _HOLES[0], "%s").replace(_HOLES[1], "%s").replace(_HOLES[2], "%d")
        if t is False or type(row[4]) is not int:
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerow(row)
            yield out.getvalue()
        else:
            yield t % (row[1], row[2], row[4])


def csv_text(model, table="infringements"):
    """Table ``table`` (a key of :data:`CSV_TABLES`) as CSV text with a header line."""
    out = io.StringIO()
    write_csv(model, {table: out})
    return out.getvalue()


def _dumps(value):
    # the C encoder (no indent): a fleet year's JSON is gigabytes
    return json.dumps(value, sort_keys=True, check_circular=False)


# A day's intervals are written by write_json itself (a fleet year holds millions):
# the part is encoded with this marker in their place, then each is filled in.
_MARK = "\x00drivetime intervals\x00"
_MARKED = json.dumps(_MARK)
# json.dumps(sort_keys=True) of an interval dict: the texts of (activity, source,
# unit_id) make the template of (end, flags, start)
_INTERVAL = ('{"activity": %s, "end": %%d, "flags": %%d, "source": %s, "start": %%d, '
             '"unit_id": %s}')


def _part_json(d, texts):
    """``_dumps(d)`` of a part whose days' intervals are tuples (``intervals="rows"``)."""
    days = d["days"]
    rows = [day["intervals"] for day in days]
    for day in days:
        day["intervals"] = _MARK
    chunks = _dumps(d).split(_MARKED)
    try:
        if len(chunks) != len(days) + 1:
            raise ValueError("the marker is in the data itself")
        template = texts.get
        out = [chunks[0]]
        for r, chunk in zip(rows, chunks[1:]):
            items = []
            for s, e, activity, flags, unit_id, source in r:
                key = activity, source, unit_id
                t = template(key)
                if t is None:       # one per activity, source and unit: its texts in place
                    t = texts[key] = _INTERVAL % tuple(json.dumps(v).replace("%", "%%")
                                                       for v in key)
                items.append(t % (e, flags, s))
            out.append("[" + ", ".join(items) + "]")
            out.append(chunk)
        return "".join(out)
    except (ValueError, TypeError):             # (TypeError: a NULL time or flags)
        for day, r in zip(days, rows):
            day["intervals"] = [dict(zip(_ROW, iv)) for iv in r]
        return _dumps(d)


def write_json(report, out):
    """The model as one JSON document, written driver by driver: keys sorted, one
    line per driver (``"drivers"`` first, then ``"scope"`` and ``"units"``)."""
    scope, drivers, units = as_stream(report, intervals="rows")
    out.write('{"drivers": [')
    sep = "\n"
    texts = {}
    for d in drivers:
        out.write(sep)
        out.write(_dumps(d) if isinstance(report, dict) else _part_json(d, texts))
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
