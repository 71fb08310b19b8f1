# The office report's terminal, CSV and JSON forms, all from the one model of host_tools.report.
# SPDX-License-Identifier: MIT
"""Render the report model (:func:`host_tools.report.build`) for people and for other systems.

* :func:`render_text`: rich tables on a console, per driver: infringements,
  daily totals, weekly and fortnightly summary, gaps, compensation; then the
  units (last download, lost records).
* :func:`csv_text`: one table of :data:`CSV_TABLES` as CSV (times ISO 8601
  UTC, durations in minutes), ``infringements`` by default; every table
  carries the driver's card so the files join.
* :func:`json_text`: the model itself (minutes stay minutes).
"""

import csv
import io
import json

from drivetime import timeutil

_TOTALS = ("driving", "other_work", "availability", "rest", "unknown")


def _iso(minute):
    return timeutil.format_minute(minute) if minute is not None else ""


def _short(minute):
    return _iso(minute)[:16].replace("T", " ") if minute is not None else "-"


def _dur(minutes):
    return timeutil.format_duration(minutes) if minutes is not None else "-"


def _infringements(model):
    for d in model["drivers"]:
        for i in d["infringements"]:
            yield {"driver": d["id"] or "", "name": d["name"], "rule": i["rule"],
                   "article": i["article"], "start": _iso(i["start"]), "end": _iso(i["end"]),
                   "measured_min": i["measured_min"], "limit_min": i["limit_min"],
                   "severity": i["severity"] or "", "final": int(i["final"]),
                   "unit": i["unit_id"] or "", "detail": i["detail"]}


def _days(model):
    for d in model["drivers"]:
        for day in d["days"]:
            row = {"driver": d["id"] or "", "date": day["date"]}
            row.update((k + "_min", day["totals"][k]) for k in _TOTALS)
            yield row


def _weeks(model):
    for d in model["drivers"]:
        for w in d["weeks"]:
            row = {"driver": d["id"] or "", "week_start": w["week_start"]}
            row.update((k + "_min", w["totals"][k]) for k in _TOTALS)
            row["fortnight_driving_min"] = w["fortnight_driving"]
            yield row


def _gaps(model):
    for d in model["drivers"]:
        for g in d["gaps"]:
            yield {"driver": d["id"] or "", "kind": g["kind"], "start": _iso(g["start"]),
                   "end": _iso(g["end"]), "minutes": g["minutes"], "unit": g["unit_id"] or ""}


def _compensation(model):
    for d in model["drivers"]:
        for c in d["compensation"]:
            yield {"driver": d["id"] or "", "week_start": c["week_start"],
                   "owed_min": c["owed_min"], "due_by": _iso(c["due_by"])}


def _intervals(model):
    for d in model["drivers"]:
        for day in d["days"]:
            for iv in day["intervals"]:
                yield {"driver": d["id"] or "", "start": _iso(iv["start"]), "end": _iso(iv["end"]),
                       "activity": iv["activity"], "flags": iv["flags"], "unit": iv["unit_id"],
                       "source": iv["source"]}


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


def csv_text(model, table="infringements"):
    """Table ``table`` (a key of :data:`CSV_TABLES`) as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, _HEADERS[table], lineterminator="\n")
    writer.writeheader()
    writer.writerows(CSV_TABLES[table](model))
    return out.getvalue()


def json_text(model):
    return json.dumps(model, indent=1, sort_keys=True)


def _table(title, columns, rows):
    from rich.table import Table
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, justify="right" if column[:1].isdigit() or column in (
            "driving", "other work", "availability", "rest", "unknown", "fortnight",
            "measured", "limit", "owed", "length") else "left")
    for row in rows:
        table.add_row(*row)
    return table


def render_text(model, console):
    """Print the report on a :class:`rich.console.Console`."""
    scope = model["scope"]
    what = {"driver": "driver %s", "unit": "unit %s", "fleet": "the fleet%s"}[scope["kind"]] % (
        scope["id"] or "")
    console.print("[bold]drivetime office report[/bold]: %s, %s to %s (UTC), made %s"
                  % (what, _short(scope["start"]), _short(scope["end"]), scope["generated_at"]))
    for d in model["drivers"]:
        console.rule("%s (%s)" % (d["name"], d["id"] or "no card"))
        infs = d["infringements"]
        if infs:
            console.print(_table("Infringements: %d" % len(infs),
                                 ("rule", "article", "from", "to", "measured", "limit", "severity",
                                  "unit"),
                                 ((i["rule"], i["article"], _short(i["start"]), _short(i["end"]),
                                   _dur(i["measured_min"]), _dur(i["limit_min"]),
                                   (i["severity"] or "-") + ("" if i["final"] else " (open)"),
                                   i["unit_id"] or "") for i in infs)))
        else:
            console.print("[green]no infringements in the period[/green]")
        console.print(_table("Daily totals", ("date", "driving", "other work", "availability",
                                              "rest", "unknown"),
                             [(day["date"],) + tuple(_dur(day["totals"][k]) for k in _TOTALS)
                              for day in d["days"]]))
        console.print(_table("Weekly and fortnightly driving", (
            "week from", "driving", "other work", "availability", "rest", "unknown", "fortnight"),
            [(w["week_start"],) + tuple(_dur(w["totals"][k]) for k in _TOTALS)
             + (_dur(w["fortnight_driving"]),) for w in d["weeks"]]))
        if d["gaps"]:
            console.print(_table("Gaps: no record (never counted as rest)",
                                 ("from", "to", "length", "why"),
                                 ((_short(g["start"]), _short(g["end"]), _dur(g["minutes"]),
                                   "no record" if g["kind"] == "unknown" else
                                   "records %s..%s lost on unit %s" % (g["first"], g["last"], g["unit_id"]))
                                  for g in d["gaps"])))
        if d["compensation"]:
            console.print(_table("Reduced weekly rest to compensate (Art 8(6))",
                                 ("week of the rest", "owed", "due by"),
                                 ((c["week_start"], _dur(c["owed_min"]), _short(c["due_by"]))
                                  for c in d["compensation"])))
    if model["units"]:
        console.rule("Units")
        console.print(_table("Units", ("unit", "last download", "records", "lost records"),
                             ((u["id"], u["last_download"] or "never",
                               "%s..%s" % (u["first_seq"], u["last_seq"]),
                               ", ".join("%d..%d" % (r["first"], r["last"]) for r in u["lost"])
                               or "none") for u in model["units"])))
