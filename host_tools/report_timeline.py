# The 24-hour activity bar of each driver-day in the office's HTML report.
# SPDX-License-Identifier: MIT
"""Draw driver-days as inline SVG, like the activity graph of a tachograph printout.

Reg. (EU) 2016/799 Annex IC App 4 prints a day as one line whose height says
the activity; here each day is one bar over the 24 UTC hours: driving
highest, then other work, availability, break/rest, each with its own colour
and fill pattern so a black-and-white print still tells them apart. Time
with no record (a gap) is hatched at full height: missing data, never shown
as rest. Positions (start / end of day, every 3 h of driving, border
crossings: Reg. 165/2014 Art 8(1)) are marks above the bar, infringement
periods a red strip below it.

Every block carries ``data-activity``, ``data-start`` / ``data-end`` (UTC
minutes) and ``data-from`` / ``data-to`` (minute of the day, 0-1440), and
is placed with percentages of the axis, so its place can be checked against
its times.
"""

import html

from drivetime import timeutil
from drivetime.activity import FLAG_FERRY, FLAG_MOVING, FLAG_OUT_OF_SCOPE, NAMES

DAY = timeutil.MIN_PER_DAY
# The model's totals keys in the printout's order (highest bar first):
# (key, label, bar height in px, fill, short column heading)
ACTIVITIES = (
    ("driving", "Driving", 26, "url(#p-driving)", "Drive"),
    ("other_work", "Other work", 19, "url(#p-other_work)", "Work"),
    ("availability", "Availability", 13, "url(#p-availability)", "Avail"),
    ("rest", "Break / rest", 7, "url(#p-rest)", "Rest"),
    ("unknown", "Unknown (no record)", 26, "url(#p-unknown)", "Unkn"),
)
_BY_KEY = dict((a[0], a) for a in ACTIVITIES)
KEYS = tuple(a[0] for a in ACTIVITIES)
_MARK_H, _BAR_H, _INF_H = 10, 26, 4          # strip heights of a day's SVG (px)
REASONS = {"start": "S", "end": "E", "3h": "3", "other": "B", "border": "B"}
_FLAGS = ((FLAG_MOVING, "break in a moving vehicle"), (FLAG_OUT_OF_SCOPE, "out of scope"),
          (FLAG_FERRY, "ferry / train"))
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Fill patterns, defined once per document (Chromium resolves url(#id)
# across the inline SVGs of one page).
DEFS = (
    '<svg class="defs" aria-hidden="true" focusable="false"><defs>'
    '<pattern id="p-driving" width="4" height="4" patternUnits="userSpaceOnUse">'
    '<rect width="4" height="4" fill="#1d4f91"/></pattern>'
    '<pattern id="p-other_work" width="5" height="5" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="5" height="5" fill="#f4c27c"/>'
    '<rect width="2" height="5" fill="#c46a00"/></pattern>'
    '<pattern id="p-availability" width="4" height="4" patternUnits="userSpaceOnUse">'
    '<rect width="4" height="4" fill="#cfe8d2"/><circle cx="2" cy="2" r="1" fill="#2e7d3a"/></pattern>'
    '<pattern id="p-rest" width="4" height="4" patternUnits="userSpaceOnUse">'
    '<rect width="4" height="4" fill="#dde2e8"/><rect y="3" width="4" height="1" fill="#8a96a3"/></pattern>'
    '<pattern id="p-unknown" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#fff"/>'
    '<path d="M0 0L6 6M6 0L0 6" stroke="#c9574f" stroke-width="0.7"/></pattern>'
    '</defs></svg>')


def esc(value):
    """Text of ``value`` safe inside HTML text and quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def activity_key(activity):
    """The model's activity (code or name) as a key of :data:`ACTIVITIES`."""
    name = NAMES[activity] if isinstance(activity, int) and 0 <= activity < len(NAMES) else activity
    return "rest" if name in ("break_rest", "rest", "break") else str(name)


def when(value):
    """``YYYY-MM-DD HH:MM`` for a UTC minute or an ISO text; ``-`` for none."""
    if value is None or value == "":
        return "-"
    if isinstance(value, int):
        value = timeutil.format_minute(value)
    text = str(value).replace("T", " ")
    return text[:16] if len(text) >= 16 and text[10] == " " else text


def dur(minutes):
    return "-" if minutes is None else timeutil.format_duration(int(minutes))


def pct(minute_of_day):
    """Place on the 24-hour axis, as an SVG percentage."""
    return "%.4f%%" % (100.0 * minute_of_day / DAY)


def _hhmm(minute_of_day):
    return "%02d:%02d" % divmod(minute_of_day, 60)


def _block(day_start, iv):
    """One activity block of a day's bar, clipped to the day."""
    start, end = max(iv["start"], day_start), min(iv["end"], day_start + DAY)
    if end <= start:
        return ""
    key = activity_key(iv["activity"])
    _, label, height, fill, _ = _BY_KEY.get(key, _BY_KEY["unknown"])
    frm, to = start - day_start, end - day_start
    flags = iv.get("flags") or 0
    notes = "".join(", " + text for bit, text in _FLAGS if flags & bit)
    title = "%s %s-%s (%s)%s%s" % (label, _hhmm(frm), _hhmm(to), dur(to - frm), notes,
                                   ", unit " + str(iv["unit_id"]) if iv.get("unit_id") else "")
    return ('<rect class="act act-%s" data-activity="%s" data-start="%d" data-end="%d" '
            'data-from="%d" data-to="%d" data-flags="%d" x="%s" width="%s" y="%d" height="%d" '
            'fill="%s"><title>%s</title></rect>'
            % (esc(key), esc(key), start, end, frm, to, flags, pct(frm), pct(to - frm),
               _MARK_H + _BAR_H - height, height, fill, esc(title)))


def _with_gaps(day, lo, hi):
    """The day's intervals plus an ``unknown`` block for each stretch in [lo, hi) with no record."""
    out, t = [], lo
    for iv in sorted(day.get("intervals", ()), key=lambda iv: iv["start"]):
        if iv["start"] > t:
            out.append({"start": t, "end": min(iv["start"], hi), "activity": "unknown"})
        out.append(iv)
        t = max(t, iv["end"])
    if t < hi:
        out.append({"start": t, "end": hi, "activity": "unknown"})
    return out


def _day_svg(day, infringements, scope):
    start = day["start"]
    lo, hi = max(start, scope.get("start", start)), min(start + DAY, scope.get("end", start + DAY))
    out = ['<svg class="tl" height="%d" role="img" aria-label="activities on %s">'
           % (_MARK_H + _BAR_H + _INF_H + 1, esc(day["date"])),
           '<rect class="axis" x="0" y="%d" width="100%%" height="%d"/>' % (_MARK_H, _BAR_H)]
    for hour in range(25):
        out.append('<line class="hour%s" x1="%s" x2="%s" y1="%d" y2="%d"/>'
                   % (" major" if hour % 6 == 0 else "", pct(hour * 60), pct(hour * 60),
                      _MARK_H, _MARK_H + _BAR_H))
    out += [_block(start, iv) for iv in _with_gaps(day, lo, hi)]
    for inf in infringements:
        frm, to = max(inf["start"], start), min(inf["end"], start + DAY)
        if isinstance(frm, int) and isinstance(to, int) and to > frm:
            out.append('<rect class="inf" data-rule="%s" x="%s" width="%s" y="%d" height="%d">'
                       '<title>%s</title></rect>'
                       % (esc(inf["rule"]), pct(frm - start), pct(to - frm), _MARK_H + _BAR_H + 1,
                          _INF_H, esc("%s %s" % (inf["rule"], inf.get("severity") or ""))))
    for pos in day.get("positions", ()):
        m = pos["minute"] - start
        if 0 <= m <= DAY:
            out.append('<svg class="pos" x="%s" y="0" overflow="visible" data-reason="%s" '
                       'data-minute="%d"><path d="M-3 %dH3L0 %dZ"/><text x="4" y="8">%s</text>'
                       '<title>%s</title></svg>'
                       % (pct(m), esc(pos.get("reason")), pos["minute"], _MARK_H - 5, _MARK_H,
                          REASONS.get(pos.get("reason"), "?"),
                          esc("%s %s: %s, %s" % (REASONS.get(pos.get("reason"), "?"), _hhmm(m),
                                                 pos.get("lat"), pos.get("lon")))))
    out.append("</svg>")
    return "".join(out)


def _weekday(day):
    """Short weekday name of a day (its start minute is a UTC midnight)."""
    return _WEEKDAYS[(day["start"] // DAY + 3) % 7]    # 1970-01-01 was a Thursday


def days_table(driver, scope):
    """The driver's days: date, the 24-hour bar under an hour scale, the day's totals."""
    infs = [i for i in driver.get("infringements", ()) if isinstance(i.get("start"), int)]
    scale = ['<svg class="tl scale" height="14">']
    for hour in range(0, 25, 2):
        anchor = "start" if hour == 0 else "end" if hour == 24 else "middle"
        scale.append('<text x="%s" y="11" text-anchor="%s">%d</text>' % (pct(hour * 60), anchor, hour))
    scale.append("</svg>")
    out = ['<table class="days"><colgroup><col class="date"><col>',
           '<col class="tot">' * len(ACTIVITIES), '</colgroup><thead><tr><th>Day (UTC)</th><th>',
           "".join(scale), "</th>"]
    out += ['<th class="num" title="%s">%s</th>' % (esc(a[1]), esc(a[4])) for a in ACTIVITIES]
    out.append("</tr></thead><tbody>")
    for day in driver.get("days", ()):
        totals = day.get("totals", {})
        out.append('<tr class="day" data-date="%s"><td class="date">%s %s</td><td class="bar">%s</td>'
                   % (esc(day["date"]), _weekday(day), esc(day["date"][5:]), _day_svg(day, infs, scope)))
        out += ['<td class="num">%s</td>' % dur(totals.get(key, 0)) for key in KEYS]
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def legend():
    """What each bar height, fill and mark means (printed above the days)."""
    items = []
    for key, label, height, fill, _ in ACTIVITIES:
        items.append('<span><svg width="26" height="%d"><rect class="act" x="0" y="%d" width="26" '
                     'height="%d" fill="%s" stroke="#111" stroke-width="0.6"/></svg> %s</span>'
                     % (_BAR_H, _BAR_H - height, height, fill, esc(label)))
    items.append("<span>&#9660; position: S start, E end of day, 3 after each 3 h of driving, "
                 "B border crossing</span><span>red strip: infringement period</span>")
    return '<div class="legend">%s</div>' % "".join(items)
