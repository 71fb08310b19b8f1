# Tests of the Store's read helpers for reports: per driver, per unit, per period; privacy.
# SPDX-License-Identifier: MIT
"""host_tools.store read helpers (issue 6; /work/notes/store_api.md)."""

import os
import sys

from drivetime.journal import Writer
from host_tools import analysis
from host_tools.store import NO_CARD, POSITION_REASONS, Store

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_analysis_drivers import DAY, KEYS, LAWFUL, T0, load, shift  # noqa: E402  (journal builders)


def _two_drivers():
    store = Store()
    w1, w2 = Writer(KEYS["U1"]), Writer(KEYS["U2"])
    load(store, "U1", shift(w1, "A", T0, LAWFUL) + shift(w1, "", T0 + DAY, [("driving", 30)]), "u1.bin")
    load(store, "U2", shift(w2, "B", T0, LAWFUL), "u2.bin")
    return store


def test_a_driver_scoped_query_never_returns_another_drivers_rows():
    store = _two_drivers()
    for query in ("intervals_for", "positions_for", "events_for", "infringements_for"):
        for driver in ("A", "B"):
            rows = getattr(store, query)(driver_id=driver)
            assert {r["driver_id"] for r in rows} <= {driver}, (query, driver)
        assert {r["driver_id"] for r in getattr(store, query)(driver_id=NO_CARD)} <= {None}
    # A's positions: the start and end of his one spell on U1, nothing of B or of the no-card spell
    got = [(p["unit_id"], p["minute"] - T0, p["reason"]) for p in store.positions_for(driver_id="A")]
    assert got == [("U1", 0, "start"), ("U1", 465, "end")]
    scale = analysis.POSITION_UNITS_PER_DEGREE      # 1/600 degree: 31422 -> 52.37 N (Amsterdam)
    assert abs(store.positions_for(driver_id="A")[0]["lat"] - 52.37) < 0.001 and scale == 600


def test_positions_are_only_ever_returned_for_the_lawful_reasons():
    store = _two_drivers()
    # a row that no unit journals (a tracking fix) put in by hand is never returned
    store.db["positions"].insert({"unit_id": "U1", "seq": 999, "minute": T0 + 10, "lat": 1.0,
                                  "lon": 1.0, "reason": "track", "driver_id": "A"})
    assert {p["reason"] for p in store.positions_for()} <= set(POSITION_REASONS)
    assert 999 not in [p["seq"] for p in store.positions_for(driver_id="A")]


def test_events_for_selects_by_unit_kind_and_period():
    store = _two_drivers()
    drivers = store.events_for(unit_id="U1", kinds=("driver",))
    assert [(e["fields"]["card"], e["minute"] - T0) for e in drivers] == [("A", 0), ("", DAY)]
    # power on/off of the Tuesday spell only: [Tue 00:00, Wed 00:00)
    tue = store.events_for(unit_id="U1", kinds=("power",), start=T0 - 360 + DAY, end=T0 - 360 + 2 * DAY)
    assert [(e["fields"]["on"], e["minute"] - T0) for e in tue] == [(True, DAY), (False, DAY + 30)]


def test_last_downloads_per_unit_and_per_driver():
    store = _two_drivers()
    w1 = Writer(KEYS["U1"])
    shift(w1, "A", T0, LAWFUL), shift(w1, "", T0 + DAY, [("driving", 30)])     # what U1 sent already
    load(store, "U1", shift(w1, "B", T0 + 2 * DAY, LAWFUL), "u1-wed.bin")
    last = store.last_downloads()
    assert {u: r["source"] for u, r in last["units"].items()} == {"U1": "u1-wed.bin", "U2": "u2.bin"}
    # A's records came in u1.bin only; B's last were in u1-wed.bin (after u2.bin)
    assert {d: r["source"] for d, r in last["drivers"].items()} == {"A": "u1.bin", "B": "u1-wed.bin"}
    assert last["drivers"]["B"]["unit_id"] == "U1"


def test_driver_and_driver_ids():
    store = _two_drivers()
    assert store.driver_ids() == ["A", "B"]
    assert store.driver("A")["name"] == "Driver A" and store.driver("Z") is None


def test_period_filters_keep_overlapping_spans_and_instant_findings():
    from drivetime.infringement import Infringement
    store = Store()
    store.replace_infringements("U1", [("A", "U1", Infringement("continuous_driving", 100, 200, 300, 270, None)),
                                       ("A", "U1", Infringement("weekly_rest", 200, 200, 60, 0, None))])
    rules = lambda a, b: [r["rule"] for r in store.infringements_for(driver_id="A", start=a, end=b)]  # noqa: E731
    # [100, 200) overlaps [199, 200) and [150, 160); the instant one at 200 lies in [200, 201) only
    assert rules(199, 200) == ["continuous_driving"] and rules(150, 160) == ["continuous_driving"]
    assert rules(200, 201) == ["weekly_rest"]
    assert rules(0, 100) == [] and rules(201, 300) == []
