# Tests of the compensation ledger kept at analysis time for the office report (migration 0006).
# SPDX-License-Identifier: MIT
"""Analysis keeps each driver's compensation ledger (Art 8(6), 8(7)) with a
digest of the engine's input; the report shows it only when its own input
has that digest, else runs the engine again.  On the fleet of
tests/host/fleet_fixture.py: the kept ledger is the one the engine gives
again, a report ending with the data uses it, and a stale one is never shown."""

import json
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fleet_fixture import at, fleet_store  # noqa: E402
from host_tools import analysis, report, report_driver, report_source  # noqa: E402
from drivetime import timeutil  # noqa: E402

CARDS = ("DA", "DB", "DC", "DD")
# Dora: a 30 h weekly rest in the week of 2 March is reduced: 45 h - 30 h = 15 h
# owed by the end of the third week after it, Monday 30 March 00:00 (Art 8(6));
# her nights after it have no record, and no record never pays a debt (RULES.md §1)
DORA = [{"week_start": "2026-03-02", "owed_min": 15 * 60,
         "due_by": timeutil.parse_iso("2026-03-30T00:00:00Z")[0]}]


@pytest.fixture()
def store():
    return fleet_store()


def _kept(store):
    return {r[0]: (r[1], [tuple(x) for x in json.loads(r[2])]) for r in store.db.execute(
        "select driver_id, digest, ledger from compensation_ledgers")}


def _compensation(store, card, **period):
    return report.build(store, driver=card, **period)["drivers"][0]["compensation"]


def _rerun(store, card, **period):
    """The driver's compensation with nothing kept: the engine run at report time."""
    store.db.execute("delete from compensation_ledgers where driver_id = ?", [card])
    return _compensation(store, card, **period)


def test_analysis_keeps_the_ledger_the_engine_gives_again(store):
    kept = _kept(store)
    assert sorted(kept) == list(CARDS)
    src = report_source.source_for(store)
    for card in CARDS:
        rows = src.interval_rows(card, None, 0, at(30, 0))
        assert kept[card] == report_driver.stored_ledger(rows)
        assert kept[card] == analysis.ledger(store.intervals_for(driver_id=card))
    assert kept["DD"][1] == [(d["owed_min"], d["due_by"]) for d in DORA]
    assert [kept[c][1] for c in ("DA", "DB", "DC")] == [[], [], []]


def test_a_report_ending_with_the_data_uses_the_kept_ledger(store, monkeypatch):
    shown = {card: _compensation(store, card) for card in CARDS}
    assert shown["DD"] == DORA
    # the engine is not run again for any of them
    monkeypatch.setattr(report_driver, "ledger_of", lambda feed, p: pytest.fail("engine run"))
    assert {card: _compensation(store, card) for card in CARDS} == shown
    assert {d["id"]: d["compensation"] for d in report.build(store)["drivers"]} == shown
    monkeypatch.undo()
    for card in CARDS:
        assert _rerun(store, card) == shown[card]


def test_a_kept_ledger_is_used_only_for_its_own_input(store):
    # a ledger whose digest is not the report's input (other data, another period) is not shown
    store.db.execute("update compensation_ledgers set ledger = '[[60, 0]]'")
    store.db.execute("update compensation_ledgers set digest = 'stale' where driver_id = 'DD'")
    assert _compensation(store, "DD") == DORA
    # a period cut before the data ends feeds the engine less: run again (Anna took no
    # weekly rest by Wednesday, so owes none; Dora owes 15 h from her Saturday rest on,
    # as tests/host/test_report.py works out for this period)
    assert _compensation(store, "DA", start=at(0, 0), end=at(2, 0)) == []
    # Anna's data ends on Friday: a period to the next Tuesday feeds the same input
    assert _compensation(store, "DA", start=at(0, 0), end=at(9, 0)) == [
        {"week_start": "1969-12-01", "owed_min": 60, "due_by": 0}]
    assert _compensation(store, "DD", start=at(0, 0), end=at(9, 0)) == DORA
    assert report.build(store, start=at(0, 0), end=at(9, 0))["drivers"][3]["compensation"] == DORA


def test_reanalyse_keeps_the_ledgers_again(store):
    kept = _kept(store)
    store.db.execute("delete from compensation_ledgers")
    store.db.execute("insert into compensation_ledgers (driver_id, digest, ledger) "
                     "values ('XX', 'x', '[]')")
    analysis.refresh(store)
    assert _kept(store) == kept
