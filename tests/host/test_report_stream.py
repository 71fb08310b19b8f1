# Tests of the streamed office report: every output written driver by driver equals the whole model's.
# SPDX-License-Identifier: MIT
"""host_tools.report.stream on the fleet of tests/host/fleet_fixture.py: the
parts it yields are the parts build() lists, and text, CSV, JSON and HTML
written from the stream are the very text written from the model (whose
rows tests/host/test_report.py checks against RULES.md by hand)."""

import csv
import io
import json
import os
import sys

import pytest
from rich.console import Console

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fleet_fixture import at, fleet_store  # noqa: E402
from host_tools import report, report_formats, report_html  # noqa: E402
from host_tools.cli import main  # noqa: E402

PERIOD = {"start": at(0, 0), "end": at(9, 0)}         # Mon 2 .. Tue 10 March 2026
SCOPES = ({"driver": "DA"}, {"unit": "U1"}, {})        # a driver, a unit, the fleet
MADE = "2026-03-11T08:00:00Z"


@pytest.fixture(scope="module")
def store():
    return fleet_store()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    # the model and the stream are made a moment apart: one generated_at for both
    monkeypatch.setattr(report, "_now_iso", lambda: MADE)


def _both(store, scope):
    """The model, and a fresh stream of the same report."""
    return (report.build(store, **dict(scope, **PERIOD)),
            report.stream(store, **dict(scope, **PERIOD)))


def _text(source, width):
    console = Console(file=io.StringIO(), width=width, color_system=None)
    report_formats.render_text(source, console)
    return console.file.getvalue()


@pytest.mark.parametrize("scope", SCOPES)
def test_the_stream_yields_the_parts_build_lists(store, scope):
    model, stream = _both(store, scope)
    assert len(stream) == len(model["drivers"])
    assert stream.scope == model["scope"]
    assert list(stream.iter_drivers()) == model["drivers"]
    assert stream.units() == model["units"]
    # Anna 2 + Bert 1 (tests/host/test_report.py); Carl and Dora none in the period
    assert stream.infringements == sum(len(d["infringements"]) for d in model["drivers"])
    assert list(report.iter_drivers(store, **dict(scope, **PERIOD))) == model["drivers"]


def test_a_stream_is_read_once_and_a_drivers_units_follow_his_part(store):
    stream = report.stream(store, driver="DA", **PERIOD)
    with pytest.raises(RuntimeError):
        stream.units()                      # the units Anna used are known from her part
    parts = list(stream.iter_drivers())
    assert [u["id"] for u in stream.units()] == ["U1"] and len(parts) == 1
    with pytest.raises(RuntimeError):
        list(stream.iter_drivers())
    # a unit's and the fleet's units are known at once (the HTML lists them first)
    assert [u["id"] for u in report.stream(store, **PERIOD).units()] == ["U1", "U2", "U3"]


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("width", (80, 200))
def test_streamed_text_equals_the_models(store, scope, width):
    model, stream = _both(store, scope)
    assert _text(stream, width) == _text(model, width)


@pytest.mark.parametrize("scope", SCOPES)
def test_streamed_csv_tables_equal_the_models(store, scope):
    model, stream = _both(store, scope)
    outs = {table: io.StringIO() for table in report_formats.CSV_TABLES}
    report_formats.write_csv(stream, outs)          # every table in one pass
    for table, out in outs.items():
        assert out.getvalue() == report_formats.csv_text(model, table), table
    # and the rows are the model's: Anna's infringements (hand-checked in test_report.py)
    if scope == {"driver": "DA"}:
        rows = list(csv.DictReader(io.StringIO(outs["infringements"].getvalue())))
        assert [(r["rule"], r["start"], r["severity"]) for r in rows] == [
            ("continuous_driving", "2026-03-02T10:30:00Z", "SI"),
            ("daily_driving", "2026-03-03T17:30:00Z", "MI")]


@pytest.mark.parametrize("scope", SCOPES)
def test_streamed_json_is_one_document_equal_to_the_model(store, scope):
    model, stream = _both(store, scope)
    out = io.StringIO()
    report_formats.write_json(stream, out)
    text = out.getvalue()
    assert text == report_formats.json_text(model)
    assert json.loads(text) == model
    assert json.loads(text) == json.loads(json.dumps(model))       # same structure as a dump
    # one line per driver: a reader can take the drivers one at a time too
    lines = text.splitlines()
    assert [json.loads(line.rstrip(","))["id"] for line in lines[1:1 + len(model["drivers"])]] == \
        [d["id"] for d in model["drivers"]]


@pytest.mark.parametrize("name", ("\x00drivetime intervals\x00", 'Zoë "Z" \\ Žák'))
def test_streamed_json_is_the_models_whatever_the_names_hold(name):
    # the stream's writer fills each day's intervals in after encoding the rest
    # (report_formats._part_json), around a marker a name could hold: still the same bytes
    store = fleet_store()
    store.db.execute("update drivers set name = ? where id = 'DA'", [name])
    model, stream = _both(store, {})
    out = io.StringIO()
    report_formats.write_json(stream, out)
    assert out.getvalue() == report_formats.json_text(model)
    assert json.loads(out.getvalue())["drivers"][0]["name"] == name


def test_json_of_no_driver_is_still_a_document(store):
    # Sun 15 March: nobody has a record
    stream = report.stream(store, start=at(13, 0), end=at(14, 0))
    out = io.StringIO()
    report_formats.write_json(stream, out)
    doc = json.loads(out.getvalue())
    assert doc["drivers"] == [] and doc["scope"]["kind"] == "fleet"


@pytest.mark.parametrize("scope", SCOPES)
def test_streamed_html_equals_the_models(store, scope):
    model, stream = _both(store, scope)
    out = io.StringIO()
    report_html.write(stream, out)
    assert out.getvalue() == report_html.render(model)


def test_the_command_writes_what_the_model_says(tmp_path, capsys):
    db = str(tmp_path / "office.db")
    model = report.build(fleet_store(db), **PERIOD)
    period = ["--from", "2026-03-02", "--to", "2026-03-10", "--db", db]
    assert main(["office", "report", "--format", "json"] + period) == 1
    assert json.loads(capsys.readouterr().out) == model
    out = tmp_path / "csv"
    out.mkdir()
    assert main(["office", "report", "--format", "csv", "--table", "all", "-o", str(out)] + period) == 1
    for table in report_formats.CSV_TABLES:
        assert (out / (table + ".csv")).read_text() == report_formats.csv_text(model, table)
    page = tmp_path / "fleet.html"
    assert main(["office", "report", "--format", "html", "-o", str(page)] + period) == 1
    assert page.read_text() == report_html.render(model)
    # Carl alone: no infringement, exit 0 (the stream counts them as it goes)
    assert main(["office", "report", "--driver", "DC", "--format", "json"] + period) == 0


def test_interval_lines_are_what_csv_writes():
    # report_formats writes the intervals table from templates csv.writer made: the same
    # lines csv.writer writes row by row, whatever a card, unit or source holds
    day = at(0, 0)
    part = {"id": 'C,1 "x" %d', "days": [{"date": "2026-03-02", "start": day, "intervals": [
        {"start": day + 60, "end": day + 90, "activity": "driving", "flags": 0,
         "unit_id": "U%s,\n2", "source": "recorded"},
        {"start": day + 90, "end": day + 1440, "activity": "break_rest", "flags": 1,
         "unit_id": "U1", "source": "manual"},
        {"start": day + 1440, "end": day + 1500, "activity": "driving", "flags": None,
         "unit_id": "U1", "source": "\x01start\x01"}]}]}
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(report_formats.CSV_TABLES["intervals"](part))
    assert "".join(report_formats._interval_lines(part, {})) == out.getvalue()
    assert out.getvalue().count("\n") == 4            # 3 rows, one unit id holding a line break
