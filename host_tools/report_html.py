# The office report as one self-contained, printable HTML file.
# SPDX-License-Identifier: MIT
"""Render the report model of :mod:`host_tools.report` as HTML.

One file with inline CSS and inline SVG: nothing is fetched and no script
runs, so it opens from a USB stick, a mail attachment or a browser with
JavaScript off, and prints on A4 (each driver from a new page). Per driver:
the infringements (rule, article, period, measured vs limit, Reg. (EU)
2016/403 severity), weekly and fortnightly totals, compensation owed, gaps,
then one 24-hour bar per day (:mod:`host_tools.report_timeline`) with the
day's totals beside it, and the positions on record. All text is escaped.
"""

import io
import os

from drivetime.infringement import ARTICLES
from drivetime.profiles import profile_by_name
from host_tools.report import as_stream
from host_tools.report_timeline import ACTIVITIES, DEFS, KEYS, REASONS, days_table, dur, esc, \
    legend, when

_EU = profile_by_name("eu")
_GAP_KINDS = {"unknown": "no record", "lost": "records lost on the unit before download"}


def _table(head, rows, cls="", empty="none"):
    """A table; ``head`` = [(label, is_number)], rows = [(tr attrs, [(cell html, cls)])]."""
    if not rows:
        return '<p class="none">%s</p>' % esc(empty)
    out = ['<table class="%s"><thead><tr>' % cls]
    out += ['<th%s>%s</th>' % (' class="num"' if num else "", esc(label)) for label, num in head]
    out.append("</tr></thead><tbody>")
    for attrs, cells in rows:
        out.append("<tr%s>" % attrs + "".join('<td class="%s">%s</td>' % (c, v) for v, c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _infringements(driver):
    rows = []
    for inf in driver.get("infringements", ()):
        sev = inf.get("severity") or "-"
        final = inf.get("final", True)
        rows.append((' class="sev-%s%s" data-rule="%s"' % (esc(sev), "" if final else " open",
                                                           esc(inf["rule"])),
                     [(esc(inf["rule"].replace("_", " ")), "rule"),
                      (esc(inf.get("article") or ARTICLES.get(inf["rule"], "")), ""),
                      (esc(when(inf.get("start"))), ""), (esc(when(inf.get("end"))), ""),
                      (dur(inf.get("measured_min")), "num"), (dur(inf.get("limit_min")), "num"),
                      (esc(sev + ("" if final else " (open)")), "sev"),
                      (esc(inf.get("detail")), ""), (esc(inf.get("unit_id")), "")]))
    head = [("Rule", 0), ("Article", 0), ("From", 0), ("To", 0), ("Measured", 1), ("Limit", 1),
            ("Severity", 0), ("Detail", 0), ("Unit", 0)]
    return _table(head, rows, "infringements", "No infringement in this period.")


def _weeks(driver):
    rows = []
    for week in driver.get("weeks", ()):
        totals, fortnight = week.get("totals", {}), week.get("fortnight_driving", 0)
        over_w = totals.get("driving", 0) > _EU["weekly_driving_max"]
        over_f = fortnight > _EU["fortnightly_driving_max"]
        cells = [(esc(week["week_start"]), "")]
        cells += [(dur(totals.get(key, 0)), "num over" if key == "driving" and over_w else "num")
                  for key in KEYS]
        cells.append((dur(fortnight), "num over" if over_f else "num"))
        rows.append(("", cells))
    head = [("Week from (Mon)", 0)] + [(a[1], 1) for a in ACTIVITIES] + [("Driving, 2 weeks", 1)]
    return _table(head, rows, "weeks", "No week in this period.")


def _driver(driver, scope):
    name, card = driver.get("name") or "(no name)", driver.get("id")
    out = ['<section class="driver" data-driver="%s"><h2>%s</h2>' % (esc(card), esc(name)),
           '<p class="scope">Driver card: %s</p>' % esc(card or "none (time without a card)"),
           "<h3>Infringements</h3>", _infringements(driver), "<h3>Weekly totals</h3>", _weeks(driver),
           '<p class="note">Limits: %s driving a week (Art 6(2)), %s in two consecutive weeks '
           '(Art 6(3)); underlined = over.</p>' % (dur(_EU["weekly_driving_max"]),
                                                  dur(_EU["fortnightly_driving_max"]))]
    comp = [("", [(esc(c.get("week_start")), ""), (dur(c.get("owed_min")), "num"),
                  (esc(when(c.get("due_by"))), "")]) for c in driver.get("compensation", ())]
    out += ["<h3>Compensation owed for reduced weekly rest (Art 8(6))</h3>",
            _table([("Week from", 0), ("Owed", 1), ("To be taken by", 0)], comp, "compensation",
                   "No compensation owed.")]
    gaps = [(' data-kind="%s"' % esc(g.get("kind")),
             [(esc(when(g.get("start"))), ""), (esc(when(g.get("end"))), ""),
              (dur(g.get("minutes")), "num"), (esc(_GAP_KINDS.get(g.get("kind"), g.get("kind"))), ""),
              (esc(g.get("unit_id")), "")]) for g in driver.get("gaps", ())]
    out += ["<h3>Gaps: missing data, not counted as rest</h3>",
            _table([("From", 0), ("To", 0), ("Length", 1), ("What", 0), ("Unit", 0)], gaps, "gaps",
                   "No gap.")]
    out += ["<h3>Days</h3>", legend(), days_table(driver, scope)]
    positions = [p for d in driver.get("days", ()) for p in d.get("positions", ())]
    if positions:
        out.append('<h3>Positions (Reg. 165/2014 Art 8(1))</h3><ul class="positions">')
        out += ["<li>%s %s %s, %s</li>" % (esc(when(p["minute"])), REASONS.get(p.get("reason"), "?"),
                                           esc(p.get("lat")), esc(p.get("lon"))) for p in positions]
        out.append("</ul>")
    out.append("</section>")
    return "".join(out)


def _units(units):
    rows = []
    for unit in units:
        lost = ", ".join("%s-%s" % (esc(r.get("first")), esc(r.get("last"))) for r in unit.get("lost", ()))
        rows.append(("", [(esc(unit.get("id")), ""), (esc(when(unit.get("last_download"))), ""),
                          ("%s-%s" % (esc(unit.get("first_seq")), esc(unit.get("last_seq"))), "num"),
                          (lost or "-", "over" if lost else "")]))
    return ('<section class="units"><h2>Units</h2>%s</section>'
            % _table([("Unit", 0), ("Last download", 0), ("Records held", 1),
                      ("Records lost before download", 0)], rows, "units", "No unit."))


def _css():
    with open(os.path.join(os.path.dirname(__file__), "report_html.css"), encoding="utf-8") as f:
        return f.read()


def render(model):
    """The whole report as one HTML document (str)."""
    out = io.StringIO()
    write(model, out)
    return out.getvalue()


def write(report, out):
    """Write the report (a model dict or a :class:`host_tools.report.ReportStream`) to
    the text file ``out``, one driver's section at a time."""
    scope, drivers, units = as_stream(report)
    kind, ident = scope.get("kind", "fleet"), scope.get("id")
    title = "drivetime report: %s%s" % (kind, " " + str(ident) if ident else "")
    end = scope.get("end")
    last_day = end - 1 if isinstance(end, int) else end
    out.write("".join([
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>%s</title><style>%s</style></head><body>" % (esc(title), _css()), DEFS,
        "<header><h1>%s</h1>" % esc(title),
        '<p class="scope">Period %s to %s (UTC) &middot; generated %s</p>'
        % (esc(when(scope.get("start"))[:10]), esc(when(last_day)[:10]),
           esc(when(scope.get("generated_at")))),
        '<p class="note">All times UTC. Durations h:mm. Severity per Reg. (EU) 2016/403: '
        "MI minor, SI serious, VSI very serious, MSI most serious.</p></header>"]))
    if kind != "driver":
        # a unit's or the fleet's units are known before any driver is read
        listed = units()
        if listed:
            out.write(_units(listed))
    written = False
    for d in drivers:
        out.write(_driver(d, scope))
        written = True
    if not written:
        out.write('<p class="none">No driver in this period.</p>')
    out.write("</body></html>\n")
