# `drivetime unit-export --config FILE`: the driver's own CSV from the Pi unit's journal, no key needed.
# SPDX-License-Identifier: MIT
"""Two drivers take turns on a unit whose journal is written by the Pi loop;
``drivetime unit-export`` writes only the named driver's time, from a day on."""

from drivetime.activity import BREAK_REST, DRIVING
from drivetime_pi import config
from drivetime.unit import Unit
from drivetime_pi.main import ManualClock
from drivetime_pi.storage import open_journal
from host_tools.cli import main

START_S = 1772445600        # Monday 2026-03-02 10:00:00Z
M = START_S // 60


def _config_file(tmp_path):
    (tmp_path / "unit.key").write_text(bytes(range(32)).hex())
    path = tmp_path / "unit.toml"
    path.write_text('[can]\nenabled = false\n[gps]\nenabled = false\n[gpio]\nenabled = false\n'
                    '[display]\nkind = "none"\n[driver]\ncard = "DF1"\nname = "Anna"\n'
                    '[journal]\ndirectory = "%s"\nkey_file = "%s"\n'
                    % (tmp_path / "journal", tmp_path / "unit.key"))
    return str(path)


def _shift(path):
    """Anna (her card in the config, journalled at power-up) drives 10:00-11:00 and
    rests to 11:30; Ben's card then, he drives 11:30-12:00; power down. The unit
    replays the intervals (its own clock) into the Pi's journal sink."""
    clock = ManualClock(0, START_S)
    cfg = config.load(path)
    sink = open_journal(cfg, clock)
    unit = Unit(config.unit_settings(cfg))
    unit.power(True, 0)                             # no time yet: the sink takes the clock's, 10:00
    unit.on_record(0, M, M + 60, DRIVING)
    unit.on_record(0, M + 60, M + 90, BREAK_REST)
    unit.set_driver("DF2", "Ben", 0)
    unit.on_record(0, M + 90, M + 120, DRIVING)
    unit.power(False, 0)
    for out in unit.tick(0):
        if type(out).__name__ == "Log":
            sink(out.kind, out.fields)
    sink.close()


def test_only_the_named_drivers_time_is_exported(tmp_path, capsys):
    path = _config_file(tmp_path)
    _shift(path)
    # The driver named last (Ben, card DF2) by default: his 30 min from 11:30.
    assert main(["unit-export", "--config", path]) == 0
    assert capsys.readouterr().out == ("start_utc,end_utc,minutes,activity,flags\n"
                                       "2026-03-02T11:30:00Z,2026-03-02T12:00:00Z,30,driving,\n")
    # Anna's card: her hour of driving and 30 min of rest, into a file.
    out = tmp_path / "anna.csv"
    assert main(["unit-export", "--config", path, "--card", "DF1", "-o", str(out)]) == 0
    assert out.read_text() == ("start_utc,end_utc,minutes,activity,flags\n"
                               "2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,60,driving,\n"
                               "2026-03-02T11:00:00Z,2026-03-02T11:30:00Z,30,break_rest,\n")
    # From the next day on: nothing yet, the header only.
    assert main(["unit-export", "--config", path, "--since", "2026-03-03"]) == 0
    assert capsys.readouterr().out == "start_utc,end_utc,minutes,activity,flags\n"


def test_bad_input_exits_2_saying_why(tmp_path, capsys):
    path = _config_file(tmp_path)
    assert main(["unit-export", "--config", path, "--since", "2026-02-30"]) == 2
    assert "no such day" in capsys.readouterr().err
    assert main(["unit-export", "--config", path]) == 2        # no journal written yet
    assert "no such directory" in capsys.readouterr().err
    bare = tmp_path / "bare.toml"
    bare.write_text("[gps]\nenabled = false\n")
    assert main(["unit-export", "--config", str(bare)]) == 2
    assert "no [journal] directory" in capsys.readouterr().err
