# Tests of what the unit journals for issue 5: power, driver, port faults, the office's settings, positions, export.
# SPDX-License-Identifier: MIT
"""Unit.power / set_driver / port_fault / apply_config (both interpreters); the
positions need the signal path, more than MicroPython's heap holds compiled
from source: tests/host/test_unit_positions.py; the export: test_unit_export.py."""

import gc

from drivetime.unit import Led, Log, Unit  # noqa: E402

gc.collect()
from drivetime.activity import BREAK_REST, OTHER_WORK  # noqa: E402
from drivetime.position import tenth_arcmin  # noqa: E402
from support import press  # noqa: E402

gc.collect()
T = 29540520            # Monday 2026-03-02 06:00Z
SMALL = {"ring_capacity": 64}   # a few intervals here: more room on MicroPython's heap


def logs(out, kind):
    return [o.fields for o in out if isinstance(o, Log) and o.kind == kind]


def test_tenth_arcmin_rounds_half_away_from_zero():
    # 1/600 degree: 52.520008° * 600 = 31512.0048 -> 31512; 0.000833° * 600 = 0.4998 -> 0;
    # 0.000834° * 600 = 0.5004 -> 1; -0.000834° -> -1; 0.00075° * 600 = 0.45 -> 0.
    assert tenth_arcmin(52520008) == 31512
    assert tenth_arcmin(833) == 0 and tenth_arcmin(834) == 1 and tenth_arcmin(-834) == -1
    assert tenth_arcmin(750) == 0 and tenth_arcmin(-180000000) == -108000


def test_power_up_journals_the_driver_and_the_crew_power_down_itself():
    u = Unit({"driver_card": "DF00000012345601", "driver_name": "Erika Muster", "crew": "multi",
              "ring_capacity": 64})
    u.on_record(0, T - 10, T, OTHER_WORK)           # the record's time: now is T
    u.power(True, 0)
    out = u.tick(0)
    assert [(o.kind, o.fields) for o in out if isinstance(o, Log) and o.kind != "activity"] == [
        ("power", {"on": True, "minute": T}),
        ("driver", {"card": "DF00000012345601", "name": "Erika Muster", "minute": T}),
        ("crew", {"crew": "multi", "minute": T})]
    u.on_record(0, T, T + 5, OTHER_WORK)
    u.power(False, 0)
    assert logs(u.tick(0), "power") == [{"on": False, "minute": T + 5}]


def test_a_card_inserted_and_withdrawn_is_journalled():
    u = Unit(SMALL)
    u.on_record(0, T, T + 10, OTHER_WORK)
    u.set_driver("DF1", "Max", 0)
    u.set_driver("", "", 0)
    assert logs(u.tick(0), "driver") == [{"card": "DF1", "name": "Max", "minute": T + 10},
                                         {"card": "", "name": "", "minute": T + 10}]
    assert u.settings["driver_card"] == ""


def test_a_port_fault_shows_lights_the_led_and_is_journalled_on_change():
    u = Unit(SMALL)
    u.on_record(0, T, T + 10, OTHER_WORK)
    u.tick(0)
    u.port_fault("can_adapter", True, 0)
    u.port_fault("can_adapter", True, 0)            # no change: not journalled again
    u.port_fault("journal_full", True, 0)
    out = u.tick(0)
    assert logs(out, "fault") == [{"fault": "can_adapter", "on": True, "minute": T + 10},
                                  {"fault": "journal_full", "on": True, "minute": T + 10}]
    assert Led("fault", True) in out
    while u.screen.name != "faults":
        press(u, 0, "mode")
    # Rows 1-4 are the inputs and the clock; the port's faults follow, inverted.
    assert u.screen.rows[5:7] == ("CAN ADAPTER OFF", "JOURNAL FULL")
    assert u.screen.inverted == (0, 5, 6)
    u.port_fault("can_adapter", False, 0)
    u.port_fault("journal_full", False, 0)
    out = u.tick(0)
    assert [f["on"] for f in logs(out, "fault")] == [False, False]
    assert Led("fault", False) in out and u.screen.rows[5] == ""


def test_the_office_settings_are_applied_and_journalled_bad_ones_refused():
    u = Unit(SMALL)
    u.on_record(0, T, T + 10, OTHER_WORK)
    refused = u.apply_config({"lang": "de", "buzzer": False, "local_offset_min": 60,
                              "stop_activity": "break_rest", "countries": ["D", "NL"],
                              "driver_card": "DF2", "driver_name": "Max",
                              "crew": "multi", "colour": "red"})
    out = u.tick(0)
    assert sorted(refused) == ["colour", "crew"]        # not the office's to set
    assert sorted([(f["key"], f["value"]) for f in logs(out, "config")]) == [
        ("buzzer", "False"), ("countries", "D,NL"), ("driver_card", "DF2"), ("driver_name", "Max"),
        ("lang", "de"), ("local_offset_min", "60"), ("stop_activity", "break_rest")]
    assert logs(out, "driver") == [{"card": "DF2", "name": "Max", "minute": T + 10}]
    s = u.settings
    assert (s["lang"], s["buzzer"], s["stop_activity"], s["countries"]) == \
        ("de", False, BREAK_REST, ("D", "NL"))
    assert u.engine.local_offset_min == 60 and u.screen.rows[0].endswith("07:10")   # 06:10Z + 1 h
    # The same again changes nothing and journals nothing; each bad value is refused alone.
    assert u.apply_config({"lang": "de"}) == [] and logs(u.tick(0), "config") == []
    bad = {"lang": "fr", "buzzer": 1, "local_offset_min": 900, "stop_activity": "driving",
           "countries": [], "driver_name": "x" * 256}
    assert sorted(u.apply_config(bad)) == sorted(bad) and logs(u.tick(0), "config") == []
    assert u.apply_config({"countries": ["D", "LONG"]}) == ["countries"]
