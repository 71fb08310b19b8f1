# Tests of download reminders: units past 90 days, drivers past 28, how overdue.
# SPDX-License-Identifier: MIT
"""`drivetime office reminders` (issue 6): who is due for a download."""

import os
import sys

from drivetime.journal import Writer
from host_tools.commands import office_reminders
from host_tools.retention import parse_at
from host_tools.store import Store

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_analysis_drivers import KEYS, LAWFUL, T0, load, shift  # noqa: E402  (journal builders)


def _fleet(path=None):
    """U1 (driver A) downloaded 2026-01-01, U2 (driver B) downloaded 2026-03-20."""
    store = Store(path)
    load(store, "U1", shift(Writer(KEYS["U1"]), "A", T0, LAWFUL), "u1.bin")
    load(store, "U2", shift(Writer(KEYS["U2"]), "B", T0, LAWFUL), "u2.bin")
    for unit, when in (("U1", "2026-01-01T08:00:00Z"), ("U2", "2026-03-20T08:00:00Z")):
        store.db.execute("update downloads set imported_at = ? where unit_id = ?", [when, unit])
    store.db.conn.commit()
    return store


def test_units_past_90_days_and_drivers_past_28_are_due_with_how_overdue():
    store = _fleet()
    # 2026-01-01 08:00 to 2026-04-05 08:00 is 31 + 28 + 31 + 4 = 94 days: U1 is
    # 94 - 90 = 4 days overdue; A's data came in that download: 94 - 28 = 66.
    # U2 and B: 16 days, within both periods.
    at = parse_at("2026-04-05T08:00Z")
    got = [(kind, key, days) for kind, key, _when, days in office_reminders.due(store, at)]
    assert got == [("driver", "A", 66), ("unit", "U1", 4)]
    # 2026-01-01 + 90 days = 2026-04-01 (31 + 28 + 31): one minute past counts as a first day overdue
    assert office_reminders.due(store, parse_at("2026-04-01T08:01Z"), 90, 1000) == \
        [("unit", "U1", parse_at("2026-01-01T08:00Z"), 1)]
    assert office_reminders.due(store, parse_at("2026-04-01T08:00Z"), 90, 1000) == []
    # B: 2026-03-20 + 28 days = 2026-04-17; the next day he is 1 day overdue
    assert [(k, d) for k, d, _w, _o in office_reminders.due(store, parse_at("2026-04-18T08:00Z"))
            if d == "B"] == [("driver", "B")]


def test_cli_exit_status_says_whether_any_is_due(tmp_path, capsys):
    from host_tools.cli import main
    path = str(tmp_path / "office.db")
    _fleet(path).close()
    assert main(["office", "reminders", "--at", "2026-01-15", "--db", path]) == 0
    assert "no download due" in capsys.readouterr().out
    assert main(["office", "reminders", "--at", "2026-04-05", "--db", path]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("driver A (Driver A): last download 2026-01-01") and "66 days overdue" in out[0]
    assert out[1].startswith("unit U1: last download 2026-01-01") and "4 days overdue (period 90 days)" in out[1]
    # a shorter unit period makes U2 (16 days at 2026-04-05 00:00) due as well
    assert main(["office", "reminders", "--at", "2026-04-05", "--unit-days", "14", "--db", path]) == 1
    assert "unit U2" in capsys.readouterr().out
    assert main(["office", "reminders", "--db", str(tmp_path / "none.db")]) == 2
