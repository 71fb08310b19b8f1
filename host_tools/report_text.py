# The office report on a terminal: rich tables that read well from 80 columns up.
# SPDX-License-Identifier: MIT
"""Print the report (a model dict or a :class:`host_tools.report.ReportStream`)
on a :class:`rich.console.Console`, driver by driver as it is read.

Per driver: infringements, daily totals, weekly and fortnightly totals,
gaps, compensation; then the units (last download, lost records).

Two layouts, chosen per table from the console's width and the cells:

* wide: one column per field, the rule's own name (as in the CSV);
* narrow (an 80-column terminal): the rule (words) and its article (without
  "Reg."/"Dir.") share a cell, times stand as date over time, the unit column
  is left out (CSV and HTML carry it), "other work" and "availability" are
  headed "work" and "avail.", an open infringement's severity says "open"
  below it.

Times, dates and durations sit in columns of fixed width that rich never
squeezes, so they are never cut with an ellipsis; only word-wrapping text
(rule, article, why) gives way, at word ends.
"""

from drivetime import timeutil
from host_tools.report import as_stream

_TOTALS = ("driving", "other_work", "availability", "rest", "unknown")
_DATE, _STAMP = 10, 16          # YYYY-MM-DD, YYYY-MM-DD HH:MM
_DUR = 6                        # h:mm up to 999:59
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _short(minute):
    if minute is None:
        return "-"
    return timeutil.format_minute(minute)[:16].replace("T", " ")


_DURATIONS = {}         # minutes -> "h:mm": a fleet year prints millions of totals


def _dur(minutes):
    if minutes is None:
        return "-"
    text = _DURATIONS.get(minutes)
    if text is None:
        if len(_DURATIONS) > 100000:
            _DURATIONS.clear()
        text = _DURATIONS[minutes] = timeutil.format_duration(minutes)
    return text


def _severity(i, narrow=False):
    if i["final"]:
        return i["severity"] or "-"
    return (i["severity"] or "-") + ("\nopen" if narrow else " (open)")


def _article(text):
    # "Reg. 561/2006 Art 7" -> "561/2006 Art 7": the act's number says which it is
    for prefix in ("Reg. ", "Dir. "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def _table(title, columns, rows, lines=False):
    """A table: ``columns`` are (heading, width or None (wraps at words), right-aligned)."""
    return (title, columns, list(rows), lines)


def _show(console, table):
    """Print a :func:`_table` on ``console``: the rich table, or, where that would be
    the same text (no colour, every cell on one line, the whole fits), the same
    lines formatted directly: a fleet year has half a million rows, rich takes
    some 0.3 ms a row."""
    title, columns, rows, lines = table
    fast = _plain_lines(console, title, columns, rows, lines)
    if fast is not None:
        console.file.write(fast)
        return
    from rich.table import Table
    t = Table(title=title, title_justify="left", show_lines=lines)
    for heading, width, right in columns:
        if width is None:
            t.add_column(heading, overflow="fold")
        else:
            t.add_column(heading, width=width, no_wrap=True, justify="right" if right else "left")
    for row in rows:
        t.add_row(*row)
    console.print(t)


def _plain_lines(console, title, columns, rows, lines):
    """The text rich prints for the table (box HEAVY_HEAD, padding 1, cells top-aligned,
    ``lines``: a rule between rows), or None when it could differ: colour or styles
    on, markup, a line rich would wrap or cut, too wide for the console."""
    if console.color_system is not None or console.record:
        return None
    widths, multiline = [], False
    for n, (heading, width, _right) in enumerate(columns):
        cells = [heading] + [row[n] for row in rows]
        text = "\n".join(cells)    # one scan of the column, not one per cell
        if "[" in text or not text.isascii():
            return None
        parts = text.split("\n")   # the cells' lines
        multiline = multiline or len(parts) > len(cells)
        longest = max(map(len, parts))
        if width is None:
            width = longest
        elif longest > width:
            return None             # rich would cut it
        widths.append(width)
    total = sum(widths) + 3 * len(widths) + 1
    if total > console.width or len(title) > total or not title.isascii():
        return None
    just = [(str.rjust if right else str.ljust) for _h, _w, right in columns]

    def rule(left, mid, right, bar):
        return left + mid.join(bar * (w + 2) for w in widths) + right

    def row_lines(edge, cells):
        parts = [c.split("\n") for c in cells]
        height = max(len(p) for p in parts)
        return [edge + edge.join(" %s " % j(p[k] if k < len(p) else "", w)
                                 for j, p, w in zip(just, parts, widths)) + edge
                for k in range(height)]

    out = [title.ljust(total), rule("┏", "┳", "┓", "━")]
    out += row_lines("┃", [c[0] for c in columns])
    out.append(rule("┡", "╇", "┩", "━"))
    if not multiline and not lines:
        # every row one line: one format per row (%-*s pads as ljust, %*s as rjust)
        line = "│" + "│".join(" %%%s%ds " % ("" if right else "-", w)
                              for (_h, _w, right), w in zip(columns, widths)) + "│"
        out += [line % tuple(row) for row in rows]
        rows = ()
    for n, row in enumerate(rows):
        if lines and n:
            out.append(rule("├", "┼", "┤", "─"))
        out += row_lines("│", row)
    out.append(rule("└", "┴", "┘", "─"))
    return "\n".join(out) + "\n"


def _fits(widths, console):
    """Does a table of columns ``widths`` (content) fit the console, borders and padding included?"""
    return sum(widths) + 3 * len(widths) + 1 <= console.width


def _infringements(d, console):
    infs = d["infringements"]
    title = "Infringements: %d" % len(infs)
    wide = [max([len(i["rule"]) for i in infs] + [4]), max([len(i["article"]) for i in infs] + [7]),
            _STAMP, _STAMP, 8, _DUR, 10, max([len(i["unit_id"] or "") for i in infs] + [4])]
    if _fits(wide, console):
        return _table(title, [("rule", wide[0], False), ("article", wide[1], False),
                              ("from", _STAMP, False), ("to", _STAMP, False),
                              ("measured", 8, True), ("limit", _DUR, True),
                              ("severity", 10, False), ("unit", wide[7], False)],
                      ((i["rule"], i["article"], _short(i["start"]), _short(i["end"]),
                        _dur(i["measured_min"]), _dur(i["limit_min"]), _severity(i),
                        i["unit_id"] or "") for i in infs))
    # narrow: rule over article; date over time; no unit
    return _table(title, [("rule / article", None, False), ("from", _DATE, False),
                          ("to", _DATE, False), ("measured", 8, True), ("limit", _DUR, True),
                          ("sev.", 4, False)],
                  (("%s\n%s" % (i["rule"].replace("_", " "), _article(i["article"])),
                    _short(i["start"]).replace(" ", "\n"), _short(i["end"]).replace(" ", "\n"),
                    _dur(i["measured_min"]), _dur(i["limit_min"]), _severity(i, True))
                   for i in infs), lines=True)


def _headings(console, fixed):
    """The totals' headings: whole words if the table fits, else short ones."""
    long = ("driving", "other work", "availability", "rest", "unknown")
    if _fits(fixed + [max(len(h), _DUR) for h in long], console):
        return long
    return ("driving", "work", "avail.", "rest", "unknown")


def _totals_columns(headings):
    # the figures never wrap: each column as wide as its heading
    return [(h, max(_DUR, len(h)), True) for h in headings]


def _weekday(day_start):
    return _WEEKDAYS[(day_start // timeutil.MIN_PER_DAY + 3) % 7]   # 1970-01-01 was a Thursday


def _days(d, console):
    heads = _headings(console, [_DATE + 4])
    return _table("Daily totals", [("day", _DATE + 4, False)] + _totals_columns(heads),
                  [("%s %s" % (_weekday(day["start"]), day["date"]),)
                   + tuple(_dur(day["totals"][k]) for k in _TOTALS) for day in d["days"]])


def _weeks(d, console):
    heads = _headings(console, [_DATE, 9])
    return _table("Weekly and fortnightly driving",
                  [("week from", _DATE, False)] + _totals_columns(heads) + [("fortnight", 9, True)],
                  [(w["week_start"],) + tuple(_dur(w["totals"][k]) for k in _TOTALS)
                   + (_dur(w["fortnight_driving"]),) for w in d["weeks"]])


def _gaps(d):
    return _table("Gaps: no record (never counted as rest)",
                  [("from", _STAMP, False), ("to", _STAMP, False), ("length", 7, True),
                   ("why", None, False)],
                  ((_short(g["start"]), _short(g["end"]), _dur(g["minutes"]),
                    "no record" if g["kind"] == "unknown" else
                    "records %s..%s lost on unit %s" % (g["first"], g["last"], g["unit_id"]))
                   for g in d["gaps"]))


def _compensation(d):
    return _table("Reduced weekly rest to compensate (Art 8(6))",
                  [("week of the rest", _DATE + 6, False), ("owed", _DUR, True),
                   ("due by", _STAMP, False)],
                  ((c["week_start"], _dur(c["owed_min"]), _short(c["due_by"]))
                   for c in d["compensation"]))


def _units(units):
    return _table("Units", [("unit", max([len(u["id"]) for u in units] + [4]), False),
                            ("last download", 20, False), ("records", None, False),
                            ("lost records", None, False)],
                  ((u["id"], u["last_download"] or "never", "%s..%s" % (u["first_seq"], u["last_seq"]),
                    ", ".join("%d..%d" % (r["first"], r["last"]) for r in u["lost"]) or "none")
                   for u in units))


def render_text(report, console):
    """Print ``report`` on ``console``, each driver as soon as his part is read."""
    scope, drivers, units = as_stream(report, intervals=False)     # the tables show none
    what = {"driver": "driver %s", "unit": "unit %s", "fleet": "the fleet%s"}[scope["kind"]] % (
        scope["id"] or "")
    console.print("[bold]drivetime office report[/bold]: %s, %s to %s (UTC), made %s"
                  % (what, _short(scope["start"]), _short(scope["end"]), scope["generated_at"]))
    for d in drivers:
        console.rule("%s (%s)" % (d["name"], d["id"] or "no card"))
        if d["infringements"]:
            _show(console, _infringements(d, console))
        else:
            console.print("[green]no infringements in the period[/green]")
        _show(console, _days(d, console))
        _show(console, _weeks(d, console))
        if d["gaps"]:
            _show(console, _gaps(d))
        if d["compensation"]:
            _show(console, _compensation(d))
    units = units()
    if units:
        console.rule("Units")
        _show(console, _units(units))
