# The Pi loop and issue 5: the driver from [driver], the export file in [export], port faults, the office's settings.
# SPDX-License-Identifier: MIT
"""``drivetime_pi.wiring.build`` and ``drivetime_pi.main.UnitLoop``: the
driver named in the config is journalled at power-up, the driver's export
from the menu lands in ``[export] directory`` (or is a port fault), a broken
adapter reaches the unit's faults screen, and the ``[sync]`` port hands the
office's settings to the unit."""

import os

import pytest

from drivetime.activity import DRIVING, OTHER_WORK
from drivetime_pi import config
from drivetime_pi.config import ConfigError
from drivetime_pi.main import ManualClock, build
from drivetime_pi.wiring import export_name

START_S = 1772445600        # 2026-03-02 10:00:00Z
START_MIN = START_S // 60


def _cfg(**sections):
    data = {"can": {"enabled": False}, "gps": {"enabled": False}, "gpio": {"enabled": False},
            "display": {"kind": "none"}}
    data.update(sections)
    return config.check(data)


def _loop(cfg):
    records = []
    clock = ManualClock(0, START_S)
    loop = build(cfg, clock, sink=lambda kind, fields: records.append((kind, dict(fields))))
    loop.step()
    return loop, clock, records


def _export_from_menu(loop, clock):
    unit = loop.unit
    unit.on_record(clock.mono_ms(), START_MIN - 90, START_MIN - 30, DRIVING)
    unit.on_record(clock.mono_ms(), START_MIN - 30, START_MIN, OTHER_WORK)
    while unit.screen is None or unit.screen.name != "menu":
        unit.on_button(clock.mono_ms(), "mode")
    for name in ["activity"] * 6 + ["ack"]:     # the seventh entry: "Export my data"
        unit.on_button(clock.mono_ms(), name)
    clock.advance(1000)
    loop.step()


def test_the_driver_section_is_journalled_at_power_up_and_down_at_close():
    cfg = _cfg(driver={"card": "DF00000012345601", "name": "Erika Mustermann"})
    assert config.unit_settings(cfg)["driver_card"] == "DF00000012345601"
    loop, clock, records = _loop(cfg)
    assert records[:3] == [("power", {"on": True, "minute": START_MIN}),
                           ("driver", {"card": "DF00000012345601", "name": "Erika Mustermann",
                                       "minute": START_MIN}),
                           ("crew", {"crew": "single", "minute": START_MIN})]
    clock.advance(120000)
    loop.close()
    assert records[-1] == ("power", {"on": False, "minute": START_MIN + 2})
    loop.close()                                # a second close journals nothing more
    assert [k for k, f in records].count("power") == 2


def test_config_errors_name_the_driver_and_export_keys():
    with pytest.raises(ConfigError, match=r"unknown key \[export\] dir \(known: directory\)"):
        _cfg(export={"dir": "/media/usb"})
    with pytest.raises(ConfigError, match=r"\[driver\] card = 17: expected a string"):
        _cfg(driver={"card": 17})
    with pytest.raises(ConfigError, match=r"\[driver\] name: longer than 255 bytes"):
        _cfg(driver={"name": "ä" * 128})         # 256 bytes in UTF-8


def test_the_export_file_is_the_drivers_csv_named_with_card_and_date(tmp_path):
    cfg = _cfg(driver={"card": "DF0000001234/5601"}, export={"directory": str(tmp_path)})
    loop, clock, records = _loop(cfg)
    _export_from_menu(loop, clock)
    # 2026-03-02; the "/" (not allowed in a file name) becomes "_".
    path = tmp_path / "drivetime-DF0000001234_5601-2026-03-02.csv"
    assert sorted(os.listdir(tmp_path)) == [path.name]
    # 08:30-09:30Z driving, 09:30-10:00Z other work, as recorded (UTC, minutes).
    assert path.read_text() == ("start_utc,end_utc,minutes,activity,flags\n"
                                "2026-03-02T08:30:00Z,2026-03-02T09:30:00Z,60,driving,\n"
                                "2026-03-02T09:30:00Z,2026-03-02T10:00:00Z,30,other_work,\n")
    assert loop.unit.screen.rows[7] == "Data exported"
    assert not [f for k, f in records if k == "fault"]
    assert export_name("", 0) == "drivetime-no-card-1970-01-01.csv"


def test_no_stick_is_a_port_fault_until_an_export_works(tmp_path):
    stick = tmp_path / "usb"
    loop, clock, records = _loop(_cfg(export={"directory": str(stick)}))
    _export_from_menu(loop, clock)                  # not mounted: the directory is missing
    clock.advance(1000)
    loop.step()
    assert [f["on"] for k, f in records if k == "fault" and f["fault"] == "usb_export"] == [True]
    assert loop.leds["fault"] and loop.unit.faults["usb_export"]      # the LED: any fault
    stick.mkdir()
    loop.unit.on_button(clock.mono_ms(), "ack")    # the cursor is still on "Export my data"
    clock.advance(1000)
    loop.step()
    clock.advance(1000)
    loop.step()
    assert [f["on"] for k, f in records if k == "fault" and f["fault"] == "usb_export"] == \
        [True, False]
    assert not loop.unit.faults["usb_export"] and len(os.listdir(stick)) == 1


def test_the_office_settings_reach_the_unit_through_the_sync_port(tmp_path):
    (tmp_path / "unit.key").write_text(bytes(range(32)).hex())
    (tmp_path / "company.key").write_text(bytes(range(100, 132)).hex())
    cfg = _cfg(journal={"directory": str(tmp_path / "journal"), "key_file": str(tmp_path / "unit.key")},
               sync={"listen": "127.0.0.1:0", "company_key_file": str(tmp_path / "company.key"),
                     "unit_id": "PI-0001"})
    clock = ManualClock(0, START_S)
    loop = build(cfg, clock)
    try:
        # "crew" is the driver's (the crew button), not the office's: refused.
        assert loop.sync.on_config({"lang": "de", "crew": "multi"}) == ["crew"]
        assert loop.unit.settings["lang"] == "de"
    finally:
        loop.close()


class FullCard:
    """A journal sink whose card fills up: it says so in ``failing``."""

    def __init__(self):
        self.records, self.failing = [], False

    def __call__(self, kind, fields):
        self.records.append((kind, dict(fields)))


def test_a_sink_that_cannot_write_is_the_fault_journal_full():
    sink, clock = FullCard(), ManualClock(0, START_S)
    loop = build(_cfg(), clock, sink=sink)
    loop.step()
    sink.failing = True
    for _ in range(3):
        clock.advance(1000)
        loop.step()
    sink.failing = False
    clock.advance(1000)
    loop.step()
    clock.advance(1000)
    loop.step()
    # Journalled once when it starts and once when it ends (the records still reach
    # the sink, which keeps what it can).
    assert [f["on"] for k, f in sink.records if k == "fault" and f["fault"] == "journal_full"] == \
        [True, False]


def test_the_drivers_history_comes_back_from_the_journal_after_a_restart(tmp_path):
    # 10:00-14:30 driving (4h30, replayed into the unit), the unit stopped
    # (systemd: power-down journalled, journal sealed) and started 45 min
    # later: the record and the counters are back from the SD card. 4h30 of
    # daily driving (Art 6(1)); the 45 min off count as a break for Art 7
    # (no record, RULES.md §1), so continuous driving is 0 at 15:15.
    (tmp_path / "unit.key").write_text(bytes(range(32)).hex())
    cfg = _cfg(journal={"directory": str(tmp_path / "journal"), "key_file": str(tmp_path / "unit.key")})
    clock = ManualClock(0, START_S)
    loop = build(cfg, clock)
    loop.step()
    clock.advance(270 * 60000)
    loop.unit.on_record(clock.mono_ms(), START_MIN, START_MIN + 270, DRIVING)
    loop.step()
    loop.close()
    clock = ManualClock(0, START_S + 315 * 60)
    loop = build(cfg, clock)
    try:
        assert list(loop.unit.ring) == [(START_MIN, START_MIN + 270, DRIVING, 0)]
        loop.step()
        st = loop.unit.status
        assert st["daily_driving_min"] == 270 and st["continuous_driving_min"] == 0
        assert st["at"] == START_MIN + 315
    finally:
        loop.close()
