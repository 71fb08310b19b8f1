# The office HTML report without a browser: structure, geometry attributes, escaping.
# SPDX-License-Identifier: MIT
"""Unit tests of :func:`host_tools.report_html.render` on small hand-built models.

The models follow the report model of host_tools/report.py (notes: session 10
spec). Expected places on the 24-hour axis are worked out by hand: a minute
of the day m sits at m / 1440 of the axis.
"""

from html.parser import HTMLParser

from drivetime import timeutil
from host_tools import report_html

DAY = 1440
MONDAY = timeutil.parse_iso("2026-03-02T00:00:00Z")[0]
VOID = {"meta", "col", "br", "hr", "img", "input", "link"}


class Page(HTMLParser):
    """The elements of a page (tag, attrs) and its text; fails on a tag closed out of order."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.elements, self.text, self.stack = [], [], []
        self.feed(text)
        self.close()
        assert self.stack == [], "unclosed: %s" % self.stack

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, "</%s> closes %s" % (tag, self.stack[-3:])
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag, **attrs):
        return [a for t, a in self.elements
                if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def all_text(self):
        return "".join(self.text)


def iv(day, h1, m1, h2, m2, activity, flags=0, unit="U1"):
    """An interval of ``day`` (0 = Monday 2 March 2026) from h1:m1 to h2:m2 UTC."""
    start = MONDAY + day * DAY
    return {"start": start + h1 * 60 + m1, "end": start + h2 * 60 + m2, "activity": activity,
            "flags": flags, "unit_id": unit, "source": "recorded"}


def model(intervals_by_day, days=1, kind="driver", name="Anna Adler", infringements=(),
          weeks=(), gaps=(), positions=(), units=(), end=None):
    out_days = []
    for d in range(days):
        start = MONDAY + d * DAY
        out_days.append({"date": timeutil.format_minute(start)[:10], "start": start,
                         "intervals": list(intervals_by_day.get(d, ())),
                         "totals": {"driving": 0, "other_work": 0, "availability": 0, "rest": 0,
                                    "unknown": 0},
                         "positions": [p for p in positions if start <= p["minute"] < start + DAY]})
    return {"scope": {"kind": kind, "id": "DA" if kind == "driver" else None, "start": MONDAY,
                      "end": end if end is not None else MONDAY + days * DAY,
                      "generated_at": "2026-03-09T08:00:00Z"},
            "drivers": [{"id": "DA", "name": name, "days": out_days, "weeks": list(weeks),
                         "infringements": list(infringements), "compensation": [],
                         "gaps": list(gaps)}],
            "units": list(units)}


def blocks(page):
    return [(a["data-activity"], int(a["data-from"]), int(a["data-to"]), a["x"], a["width"])
            for a in page.find("rect") if "data-activity" in a and "data-from" in a]


def test_a_driving_block_sits_at_its_hours():
    # 06:00 = minute 360 = 25 % of the day; 4 h 30 = 270 min = 18.75 % of it
    page = Page(report_html.render(model({0: [iv(0, 6, 0, 10, 30, "driving")]})))
    assert ("driving", 360, 630, "25.0000%", "18.7500%") in blocks(page)


def test_time_without_a_record_is_drawn_as_unknown_never_as_rest():
    # only 06:00-10:30 on record: 00:00-06:00 and 10:30-24:00 are gaps (RULES.md §1)
    page = Page(report_html.render(model({0: [iv(0, 6, 0, 10, 30, "driving")]})))
    assert sorted(b[:3] for b in blocks(page)) == [("driving", 360, 630), ("unknown", 0, 360),
                                                   ("unknown", 630, 1440)]


def test_no_unknown_block_after_the_period_ends():
    # the period ends Monday 12:00: 10:30-12:00 is a gap, nothing is drawn after 12:00
    page = Page(report_html.render(model({0: [iv(0, 6, 0, 10, 30, "driving")]},
                                         end=MONDAY + 12 * 60)))
    assert ("unknown", 630, 720) in [b[:3] for b in blocks(page)]
    assert max(b[2] for b in blocks(page)) == 720


def test_an_interval_past_midnight_is_cut_at_the_day_end():
    # 22:00 Monday to 02:00 Tuesday listed under Monday: 1320-1440 on Monday's bar
    page = Page(report_html.render(model({0: [iv(0, 22, 0, 26, 0, "other_work")]})))
    assert ("other_work", 1320, 1440) in [b[:3] for b in blocks(page)]


def test_activity_codes_and_names_both_read():
    # the core's codes: 3 driving, 2 other work, 1 availability, 0 break/rest (activity.py)
    ivs = [iv(0, 0, 0, 1, 0, 3), iv(0, 1, 0, 2, 0, 2), iv(0, 2, 0, 3, 0, 1), iv(0, 3, 0, 4, 0, 0),
           iv(0, 4, 0, 24, 0, "break_rest")]
    page = Page(report_html.render(model({0: ivs})))
    assert [b[0] for b in sorted(blocks(page), key=lambda b: b[1])] == \
        ["driving", "other_work", "availability", "rest", "rest"]


def test_bar_heights_order_the_activities_like_a_printout():
    ivs = [iv(0, 0, 0, 1, 0, "driving"), iv(0, 1, 0, 2, 0, "other_work"),
           iv(0, 2, 0, 3, 0, "availability"), iv(0, 3, 0, 24, 0, "break_rest")]
    page = Page(report_html.render(model({0: ivs})))
    height = dict((a["data-activity"], int(a["height"])) for a in page.find("rect")
                  if "data-from" in a)
    assert height["driving"] > height["other_work"] > height["availability"] > height["rest"]


def test_every_block_has_its_own_fill_pattern():
    ivs = [iv(0, 0, 0, 1, 0, "driving"), iv(0, 1, 0, 2, 0, "other_work"),
           iv(0, 2, 0, 3, 0, "availability"), iv(0, 3, 0, 4, 0, "break_rest")]
    page = Page(report_html.render(model({0: ivs})))
    fills = dict((a["data-activity"], a["fill"]) for a in page.find("rect") if "data-from" in a)
    assert len(set(fills.values())) == 5            # four activities and the gap
    for fill in fills.values():                     # each pattern is defined in the page
        assert page.find("pattern", id=fill[5:-1])


def test_infringement_rows_show_rule_article_period_measured_limit_severity():
    inf = {"rule": "continuous_driving", "article": "Reg. 561/2006 Art 7",
           "start": MONDAY + 11 * 60, "end": MONDAY + 11 * 60 + 30, "measured_min": 300,
           "limit_min": 270, "severity": "SI", "final": True, "detail": "", "unit_id": "U1"}
    open_one = dict(inf, rule="weekly_driving", article="Reg. 561/2006 Art 6(2)", final=False,
                    severity=None)
    html = report_html.render(model({}, infringements=[inf, open_one]))
    page = Page(html)
    assert len(page.find("tr", data_rule="continuous_driving")) == 1
    assert page.find("tr", data_rule="weekly_driving")[0]["class"].endswith("open")
    for text in ("continuous driving", "Reg. 561/2006 Art 7", "2026-03-02 11:00", "2026-03-02 11:30",
                 "5:00", "4:30", "SI", "- (open)"):
        assert text in page.all_text(), text
    # the period is also a red strip under Monday's bar: 11:00 = 660/1440 = 45.8333 %
    strip = page.find("rect", data_rule="continuous_driving")
    assert strip and strip[0]["x"] == "45.8333%"


def test_weekly_and_fortnight_driving_marked_only_over_the_limit():
    # Art 6(2): 56 h = 3360 min a week; Art 6(3): 90 h = 5400 min in two weeks; the limits
    # themselves are lawful
    weeks = [{"week_start": "2026-03-02", "totals": {"driving": 3360}, "fortnight_driving": 5400},
             {"week_start": "2026-03-09", "totals": {"driving": 3361}, "fortnight_driving": 5401}]
    page = Page(report_html.render(model({}, weeks=weeks)))
    over = [a for a in page.find("td") if "over" in a.get("class", "")]
    assert len(over) == 2
    assert "56:01" in page.all_text() and "90:01" in page.all_text()


def test_positions_are_marks_with_their_reason():
    pos = [{"minute": MONDAY + 6 * 60, "lat": 52.52, "lon": 13.405, "reason": "start"},
           {"minute": MONDAY + 9 * 60, "lat": 52.6, "lon": 13.5, "reason": "3h"}]
    page = Page(report_html.render(model({}, positions=pos)))
    marks = page.find("svg", **{"class": "pos"})
    assert [(m["data-reason"], m["x"]) for m in marks] == [("start", "25.0000%"), ("3h", "37.5000%")]
    assert "52.52, 13.405" in page.all_text()


def test_gaps_are_listed_with_what_they_are():
    gaps = [{"start": MONDAY, "end": MONDAY + 360, "minutes": 360, "unit_id": None, "kind": "unknown"},
            {"start": MONDAY + 600, "end": MONDAY + 630, "minutes": 30, "unit_id": "U1",
             "kind": "lost", "first": 10, "last": 12}]
    page = Page(report_html.render(model({}, gaps=gaps)))
    assert [g["data-kind"] for g in page.find("tr") if "data-kind" in g] == ["unknown", "lost"]
    assert "not counted as rest" in page.all_text()
    assert "6:00" in page.all_text() and "records lost" in page.all_text()


def test_all_text_is_escaped():
    evil = "<script>alert('x')</script> & \"Bob\""
    inf = {"rule": "daily_rest", "article": "<b>", "start": MONDAY, "end": MONDAY + 60,
           "measured_min": 500, "limit_min": 540, "severity": "SI", "final": True,
           "detail": evil, "unit_id": evil}
    m = model({0: [iv(0, 6, 0, 7, 0, "driving", unit=evil)]}, name=evil, infringements=[inf],
              kind="fleet", units=[{"id": evil, "last_download": None, "first_seq": 1,
                                    "last_seq": 2, "lost": []}])
    m["drivers"][0]["id"] = evil
    html = report_html.render(m)
    page = Page(html)
    assert not page.find("script") and not page.find("b")
    assert "<script>" not in html
    assert evil in page.all_text()               # shown as text, verbatim


def test_the_file_is_self_contained_and_printable():
    html = report_html.render(model({0: [iv(0, 6, 0, 7, 0, "driving")]}, days=2))
    page = Page(html)
    for banned in ("http:", "https:", "<link", "<script", "@import", "<img", " src="):
        assert banned not in html, banned
    assert "url(" not in html.replace("url(#", "")  # only the page's own patterns
    assert "@media print" in html and "size: A4" in html and "break-before: page" in html
    assert len(page.find("tr", **{"class": "day"})) == 2


def test_a_driver_report_leaves_out_the_units_a_fleet_report_lists_them():
    unit = [{"id": "U7", "last_download": "2026-03-08T18:00:00Z", "first_seq": 1, "last_seq": 9,
             "lost": [{"first": 3, "last": 4}]}]
    assert "U7" not in report_html.render(model({}, units=unit))
    fleet = Page(report_html.render(model({}, kind="fleet", units=unit)))
    assert "2026-03-08 18:00" in fleet.all_text() and "3-4" in fleet.all_text()


def test_empty_parts_say_so():
    page = Page(report_html.render(model({})))
    assert "No infringement in this period." in page.all_text()
    m = model({})
    m["drivers"] = []
    assert "No driver in this period." in Page(report_html.render(m)).all_text()
