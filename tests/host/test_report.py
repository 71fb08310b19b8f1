# Tests of the office report: the model's rows, each output format, driver scope, exit codes.
# SPDX-License-Identifier: MIT
"""host_tools.report on the fleet of tests/host/fleet_fixture.py (journals
imported with the office's own import), every expected value worked out by
hand from the fixture's plans, RULES.md §§3-4 and Reg. (EU) 2016/403."""

import csv
import io
import json
import os
import sys

import pytest

from drivetime import timeutil
from drivetime.journal import Writer

# importlib mode puts no test folder on the path; the fixture module sits beside this file
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fleet_fixture import KEYS, at, driver_day, fleet_store  # noqa: E402
from host_tools import office, report, report_formats  # noqa: E402
from host_tools.cli import main  # noqa: E402

WEEK = (at(0, 0), at(7, 0))          # Monday 2 .. Sunday 8 March 2026, whole days


@pytest.fixture(scope="module")
def store():
    return fleet_store()


@pytest.fixture(scope="module")
def anna(store):
    return report.build(store, driver="DA", start=WEEK[0], end=WEEK[1])


def _rows(infringements):
    return [(i["rule"], i["article"], i["start"], i["measured_min"], i["limit_min"], i["severity"],
             i["final"], i["unit_id"]) for i in infringements]


def test_anna_infringements_with_article_and_severity(anna):
    (d,) = anna["drivers"]
    assert (d["id"], d["name"]) == ("DA", "Anna Adler")
    assert _rows(d["infringements"]) == [
        # Mon: 5 h straight from 06:00; the limit 4 h 30 is reached at 10:30 (RULES.md §1
        # at_or_after); 2016/403 row "Art 7": 5h <= x < 6h is SI
        ("continuous_driving", "Reg. 561/2006 Art 7", at(0, 10, 30), 300, 270, "SI", True, "U1"),
        # Tue: 4 h 30 + 4 h 30 + 1 h 30 = 10 h 30; the first 10 h day of the week may be
        # extended to 10 h (Art 6(1)); beyond it from 17:30; row "10 h limit": 10h < x < 11h is MI
        ("daily_driving", "Reg. 561/2006 Art 6(1)", at(1, 17, 30), 630, 600, "MI", True, "U1"),
    ]


def test_anna_daily_and_weekly_totals(anna):
    (d,) = anna["drivers"]
    days = {day["date"]: day for day in d["days"]}
    assert list(days) == ["2026-03-0%d" % n for n in range(2, 9)]
    # Mon: driving 5 h + 1 h, 30 min other work, 45 min break; the other
    # 24 h - 7 h 15 have no record: unknown, not rest
    assert days["2026-03-02"]["totals"] == {"driving": 360, "other_work": 30, "availability": 0,
                                            "rest": 45, "unknown": 1440 - 435}
    # Tue: 10 h 30 driving, two 45 min breaks, 06:00-18:00 recorded
    assert days["2026-03-03"]["totals"] == {"driving": 630, "other_work": 0, "availability": 0,
                                            "rest": 90, "unknown": 720}
    # Wed and Thu: nothing of Anna's (Carl drove her unit on Thursday)
    for date in ("2026-03-04", "2026-03-05"):
        assert days[date]["intervals"] == [] and days[date]["positions"] == []
        assert days[date]["totals"] == {"driving": 0, "other_work": 0, "availability": 0,
                                        "rest": 0, "unknown": 1440}
    assert [(iv["start"], iv["end"], iv["activity"]) for iv in days["2026-03-02"]["intervals"]] == [
        (at(0, 6), at(0, 11), "driving"), (at(0, 11), at(0, 11, 45), "break_rest"),
        (at(0, 11, 45), at(0, 12, 45), "driving"), (at(0, 12, 45), at(0, 13, 15), "other_work")]
    # start and end of each working day only (Reg. 165/2014 Art 8(1))
    assert [p["reason"] for p in days["2026-03-02"]["positions"]] == ["start", "end"]
    (week,) = d["weeks"]
    # Mon 6 h + Tue 10 h 30 + Fri 8 h; no driving in the week before: the fortnight is the same
    assert (week["week_start"], week["totals"]["driving"], week["fortnight_driving"]) == \
        ("2026-03-02", 1470, 1470)
    assert week["totals"]["rest"] == 45 + 90 + 45
    assert sum(week["totals"].values()) == 7 * 1440


def test_gaps_are_flagged_and_never_rest(anna):
    (d,) = anna["drivers"]
    # every minute of the week with no record of Anna's, in order
    assert [(g["start"], g["end"], g["minutes"], g["kind"]) for g in d["gaps"]] == [
        (at(0, 0), at(0, 6), 360, "unknown"),
        (at(0, 13, 15), at(1, 6), 1005, "unknown"),
        (at(1, 18), at(4, 6), 3600, "unknown"),          # Tue 18:00 .. Fri 06:00: 60 h
        (at(4, 15, 15), at(7, 0), 3405, "unknown"),
    ]
    assert sum(g["minutes"] for g in d["gaps"]) == sum(day["totals"]["unknown"] for day in d["days"])


def test_late_weekly_rest_and_compensation(store):
    model = report.build(store, start=WEEK[0], end=at(9, 0))
    by_id = {d["id"]: d for d in model["drivers"]}
    assert sorted(by_id) == ["DA", "DB", "DC", "DD"]
    # Bert: the weekly rest assumed before his record ends Mon 06:00, so the next is due
    # by Sun 06:00 (144 h, Art 8(6)); he works on and starts it at 15:00: 9 h late,
    # row "started after 6 x 24 h": 3h <= x < 12h is SI
    assert _rows(by_id["DB"]["infringements"]) == [
        ("weekly_rest", "Reg. 561/2006 Art 8(6)", at(6, 6), 540, 0, "SI", True, "U2")]
    assert by_id["DB"]["weeks"][0]["totals"]["driving"] == 7 * 450
    # Dora: a 30 h weekly rest in the week of 2 March is reduced (< 45 h): 15 h owed,
    # by the end of the third week after it (Art 8(6)): Monday 30 March 00:00
    assert by_id["DD"]["infringements"] == []
    assert by_id["DD"]["compensation"] == [
        {"week_start": "2026-03-02", "owed_min": 45 * 60 - 30 * 60,
         "due_by": timeutil.parse_iso("2026-03-30T00:00:00Z")[0]}]
    assert by_id["DA"]["compensation"] == [] and by_id["DC"]["infringements"] == []


def test_a_drivers_report_holds_only_that_drivers_data(store, anna):
    carl = report.build(store, driver="DC", start=WEEK[0], end=WEEK[1])
    (c,) = carl["drivers"]
    assert [(iv["start"], iv["activity"]) for day in c["days"] for iv in day["intervals"]] == [
        (at(3, 6), "driving"), (at(3, 10), "break_rest"), (at(3, 10, 45), "driving")]
    anna_minutes = {(iv["start"], iv["end"]) for day in anna["drivers"][0]["days"]
                    for iv in day["intervals"]}
    assert all(at(3, 0) > s or s >= at(4, 0) for s, _e in anna_minutes)
    assert len(anna["drivers"]) == 1 and [u["id"] for u in anna["units"]] == ["U1"]
    # the unit's report shows both its drivers, each with only their own days
    unit = report.build(store, unit="U1", start=WEEK[0], end=WEEK[1])
    assert unit["scope"]["kind"] == "unit"
    assert [d["id"] for d in unit["drivers"]] == ["DA", "DC"]
    assert unit["drivers"][1]["days"][3]["totals"]["driving"] == 360


def test_progress_and_bad_input(store):
    seen = []
    report.build(store, start=WEEK[0], end=WEEK[1], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    for kwargs in ({"driver": "NOPE"}, {"unit": "U9"}, {"driver": "DA", "unit": "U1"},
                   {"start": WEEK[1], "end": WEEK[0]}):
        with pytest.raises(report.ReportError):
            report.build(store, **kwargs)


def test_lost_records_are_a_gap_of_the_unit():
    store = fleet_store()
    # U4's first download begins after records 1..20, overwritten on the unit before
    # the office had them (anchored at seq 20, Sun 20:00); the unit says so with `lost`
    unit = Writer(KEYS["U1"], seq=20, minute=at(6, 20))
    data = unit.start() + unit.record("lost", at(7, 6), {"first": 1, "last": 20})
    data += driver_day(unit, at(7, 6), "DA", [("driving", 60)])
    office.import_download(store, "U4", data, KEYS["U1"], "u4.bin")
    model = report.build(store, driver="DA", start=at(6, 0), end=at(8, 0))
    u4 = [u for u in model["units"] if u["id"] == "U4"][0]
    assert [(r["first"], r["last"]) for r in u4["lost"]] == [(1, 20)]
    gaps = [g for g in model["drivers"][0]["gaps"] if g["kind"] == "lost"]
    # from the last lost record (the chain's origin, Sun 20:00) to the first stored one
    assert [(g["start"], g["end"], g["unit_id"], g["first"], g["last"]) for g in gaps] == [
        (at(6, 20), at(7, 6), "U4", 1, 20)]
    assert model["drivers"][0]["days"][1]["totals"]["driving"] == 60


def test_csv_and_json_and_text_forms(anna):
    rows = list(csv.DictReader(io.StringIO(report_formats.csv_text(anna))))
    assert [(r["rule"], r["start"], r["measured_min"], r["limit_min"], r["severity"]) for r in rows] == [
        ("continuous_driving", "2026-03-02T10:30:00Z", "300", "270", "SI"),
        ("daily_driving", "2026-03-03T17:30:00Z", "630", "600", "MI")]
    days = list(csv.DictReader(io.StringIO(report_formats.csv_text(anna, "days"))))
    assert (days[0]["date"], days[0]["driving_min"], days[0]["unknown_min"]) == ("2026-03-02", "360", "1005")
    gaps = list(csv.DictReader(io.StringIO(report_formats.csv_text(anna, "gaps"))))
    assert [g["minutes"] for g in gaps] == ["360", "1005", "3600", "3405"]
    assert json.loads(report_formats.json_text(anna)) == anna
    from rich.console import Console
    console = Console(file=io.StringIO(), width=200, color_system=None)
    report_formats.render_text(anna, console)
    text = console.file.getvalue()
    for word in ("Anna Adler (DA)", "continuous_driving", "Reg. 561/2006 Art 7", "5:00", "4:30",
                 "SI", "2026-03-04", "24:00", "60:00", "no record"):
        assert word in text, word


def test_command_exit_codes_and_formats(tmp_path, capsys):
    db = str(tmp_path / "office.db")
    fleet_store(db).close()
    period = ["--from", "2026-03-02", "--to", "2026-03-08", "--db", db]
    assert main(["office", "report", "--driver", "DA", "--format", "json"] + period) == 1
    model = json.loads(capsys.readouterr().out)
    assert (model["scope"]["start"], model["scope"]["end"]) == WEEK
    assert main(["office", "report", "--driver", "DC", "--format", "csv"] + period) == 0
    assert capsys.readouterr().out.splitlines()[1:] == []          # header only
    assert main(["office", "report", "--driver", "DD", "--days", "7", "--at", "2026-03-08",
                 "--format", "csv", "--table", "days", "--db", db]) == 0
    assert [r.split(",")[1] for r in capsys.readouterr().out.splitlines()[1:]] == \
        ["2026-03-0%d" % n for n in range(2, 9)]
    out = tmp_path / "csv"
    out.mkdir()
    assert main(["office", "report", "--format", "csv", "--table", "all", "-o", str(out)] + period) == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(t + ".csv" for t in report_formats.CSV_TABLES)
    capsys.readouterr()
    assert main(["office", "report", "--driver", "NOPE"] + period) == 2
    assert "unknown driver NOPE" in capsys.readouterr().err
    assert main(["office", "report", "--db", str(tmp_path / "none.db")]) == 2
    assert main(["office", "report", "--from", "2026-03-02", "--db", db]) == 2
    assert main(["office", "report", "--from", "2026-13-02", "--to", "2026-03-08", "--db", db]) == 2
    page = tmp_path / "anna.html"
    assert main(["office", "report", "--driver", "DA", "--format", "html", "-o", str(page)] + period) == 1
    assert "Anna Adler" in page.read_text() and "Carl Cruz" not in page.read_text()
    text = tmp_path / "report.txt"
    assert main(["office", "report", "--unit", "U1", "-o", str(text)] + period) == 1
    assert "Carl Cruz (DC)" in text.read_text()
