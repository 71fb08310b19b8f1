# Tests of the office report's terminal tables: readable at 80 columns, nothing cut, same as rich.
# SPDX-License-Identifier: MIT
"""host_tools.report_text rendered on rich consoles 80 and 200 columns wide:
no cell of a key column (rule, article, times, durations, severity) is cut
with an ellipsis, no line is wider than the console, and the tables it
formats itself for speed are the text rich prints for the same table."""

import io
import os
import sys

import pytest
from rich.console import Console

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drivetime import timeutil  # noqa: E402
from drivetime.infringement import ARTICLES  # noqa: E402
from fleet_fixture import at, fleet_store  # noqa: E402
from host_tools import report, report_formats  # noqa: E402

DAY = 1440


def render(model, width, rich_only=False):
    # record=True makes report_text leave every table to rich (its own lines need no record)
    console = Console(file=io.StringIO(), width=width, color_system=None, record=rich_only)
    report_formats.render_text(model, console)
    return console.file.getvalue()


@pytest.fixture(scope="module")
def fleet():
    return report.build(fleet_store(), start=at(0, 0), end=at(9, 0))


def every_rule_model():
    """One driver with an infringement of every rule the office reports, the longest
    figures a fleet sees (a weekly rest 130 h late), an open one, and a unit's lost records."""
    monday = at(0, 0)
    infs = [{"rule": rule, "article": article, "start": monday + n * 60, "end": monday + n * 60 + 45,
             "measured_min": 130 * 60 + 59, "limit_min": 100 * 60, "severity": "VSI",
             "final": n % 2 == 0, "detail": "", "unit_id": "U-0042-LONG"}
            for n, (rule, article) in enumerate(sorted(ARTICLES.items()))]
    totals = {"driving": 600, "other_work": 90, "availability": 30, "rest": 660, "unknown": 60}
    return {"scope": {"kind": "fleet", "id": None, "start": monday, "end": monday + 7 * DAY,
                      "generated_at": "2026-03-09T08:00:00Z"},
            "drivers": [{"id": "DE1234567890", "name": "Eva Example", "infringements": infs,
                         "days": [{"date": timeutil.format_minute(monday + d * DAY)[:10],
                                   "start": monday + d * DAY, "intervals": [], "totals": totals,
                                   "positions": []} for d in range(7)],
                         "weeks": [{"week_start": "2026-03-02",
                                    "totals": dict(totals, unknown=9999), "fortnight_driving": 5400}],
                         "gaps": [{"start": monday, "end": monday + 6000, "minutes": 6000,
                                   "unit_id": "U-0042-LONG", "kind": "lost", "first": 100001,
                                   "last": 123456}],
                         "compensation": [{"week_start": "2026-03-02", "owed_min": 15 * 60,
                                           "due_by": monday + 28 * DAY}]}],
            "units": [{"id": "U-0042-LONG", "last_download": "2026-03-09T08:00:00Z",
                       "first_seq": 1, "last_seq": 123456,
                       "lost": [{"first": 100001, "last": 123456}]}]}


@pytest.mark.parametrize("width", (80, 100, 200))
def test_nothing_is_cut_and_no_line_is_wider_than_the_console(fleet, width):
    for model in (fleet, every_rule_model()):
        text = render(model, width)
        assert "…" not in text
        assert max(len(line) for line in text.splitlines()) <= width


def test_at_80_columns_rule_and_article_share_a_cell_and_times_stand_whole():
    text = render(every_rule_model(), 80)
    flat = " ".join(text.split())
    for rule, article in ARTICLES.items():
        # the rule's words, each whole, in the table (narrow: "_" becomes a space to wrap at)
        for word in rule.split("_"):
            assert word in text, word
        # the article without "Reg."/"Dir.", its words whole
        for word in article.replace("Reg. ", "").replace("Dir. ", "").split():
            assert word in text, word
    # 130 h 59 min measured, 100 h limit, dates and times of day whole, severity and open
    for cell in ("130:59", "100:00", "2026-03-02", "13:45", "VSI", "open"):
        assert cell in text, cell
    # the unit column is left out at 80 columns (CSV and HTML carry it); the units table has it
    assert "│ unit" not in text.split("Units")[0] and "U-0042-LONG" in text.split("Units")[-1]
    assert "records 100001..123456 lost on unit U-0042-LONG" in flat.replace("│ ", "")
    # the weekly table (one column more than the daily one) heads "availability" "avail."
    weekly = text.split("Weekly and fortnightly driving")[1].splitlines()[2]
    assert "avail." in weekly and "availability" not in weekly


def test_at_200_columns_one_column_per_field(fleet):
    text = render(fleet, 200)
    header = [line for line in text.splitlines() if "rule" in line and "article" in line][0]
    assert [h.strip() for h in header.strip("┃").split("┃")] == [
        "rule", "article", "from", "to", "measured", "limit", "severity", "unit"]
    # Anna's Monday (tests/host/test_report.py): 5 h straight from 06:00, over 4 h 30 at 10:30
    assert "continuous_driving" in text and "2026-03-02 10:30" in text and "availability" in text


def test_anna_reads_right_at_80_columns(fleet):
    text = render(fleet, 80)
    anna = text.split("Anna Adler (DA)")[1].split("Bert Berg (DB)")[0]
    # continuous driving over at Mon 10:30 (measured 5:00 vs 4:30, SI) and the 10 h 30 day
    # from Tue 17:30 (10:30 vs 10:00, MI): the figures worked out in tests/host/test_report.py
    lines = anna.splitlines()
    row = [n for n, line in enumerate(lines) if "continuous driving" in line][0]
    assert [c.strip() for c in lines[row].strip("│").split("│")] == [
        "continuous driving", "2026-03-02", "2026-03-02", "5:00", "4:30", "SI"]
    assert [c.strip() for c in lines[row + 1].strip("│").split("│")] == [
        "561/2006 Art 7", "10:30", "11:00", "", "", ""]
    assert "Mon 2026-03-02" in anna and "16:45" in anna         # 24 h - 7 h 15 with no record


@pytest.mark.parametrize("width", (80, 100, 200))
def test_tables_formatted_directly_are_what_rich_prints(fleet, width):
    for model in (fleet, every_rule_model()):
        assert render(model, width) == render(model, width, rich_only=True)
