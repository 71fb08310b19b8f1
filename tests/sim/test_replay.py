# Record and replay: python-can .log and .asc round trips, NMEA logs with and without time stamps, `drivetime sim replay`.
# SPDX-License-Identifier: MIT
"""A world's traffic written to files and read back must be the same frames
and sentences at the same times (to the millisecond); replayed into the
unit it must give the activity minutes of the plan."""

import pytest

from host_tools.cli import main
from simulator.replay import Replay, read_can, read_nmea, record
from simulator.traffic import START_UTC_S
from simulator.world import World

PLAN = [("stop", 2), ("drive", 5, 80), ("stop", 4)]


@pytest.fixture(scope="module")
def day():
    w = World(plan=PLAN, seed=5)
    return w.advance(11 * 60000)


def can_of(events):
    return [(START_UTC_S * 1000 + t, (p[0], p[1], True)) for t, kind, p in events if kind == "can"]


@pytest.mark.parametrize("suffix", [".log", ".asc"])
def test_can_round_trip_gives_the_same_frames_at_the_same_times(day, tmp_path, suffix):
    path = str(tmp_path / ("day" + suffix))
    assert record(day, can_path=path)["can"] == 11 * 60 * 30      # 30 frames a second
    assert read_can(path) == can_of(day)


def test_nmea_round_trip_with_and_without_time_stamps(day, tmp_path):
    stamped, plain = str(tmp_path / "s.nmea"), str(tmp_path / "p.nmea")
    record(day, nmea_path=stamped)
    record(day, nmea_path=plain, stamps=False)
    sent = [(START_UTC_S * 1000 + t, p) for t, kind, p in day if kind == "nmea"]
    assert read_nmea(stamped) == sent
    # without stamps each sentence gets its fix's time (the VTG that of the RMC
    # before it): the fix of second k at START + k s, sent 60-240 ms later
    got = read_nmea(plain)
    assert [p for _, p in got] == [p for _, p in sent]
    assert [t for t, _ in got] == [t - (t - START_UTC_S * 1000) % 1000 for t, _ in sent]


def test_a_replay_merges_both_logs_on_one_timeline(day, tmp_path):
    can_path, nmea_path = str(tmp_path / "d.log"), str(tmp_path / "d.nmea")
    record(day, can_path, nmea_path)
    r = Replay(can_path, nmea_path)
    # time 0 is the first record: the CCVS1 at 7 ms
    assert r.start_unix_ms == START_UTC_S * 1000 + 7
    # (frames before sentences stamped the same millisecond)
    by_time = lambda e: (e[0], e[1])
    assert [(t + 7, kind, p[:2] if kind == "can" else p) for t, kind, p in r.events] == sorted(
        (e for e in day if e[1] in ("can", "nmea")), key=by_time)
    assert len(r.advance(993)) == 30 + 3 and r.advance(993) == []


def test_sim_replay_prints_the_plans_minutes(day, tmp_path, capsys):
    can_path, nmea_path = str(tmp_path / "d.asc"), str(tmp_path / "d.nmea")
    record(day, can_path, nmea_path)
    assert main(["sim", "replay", "--can", can_path, "--nmea", nmea_path]) == 0
    out = capsys.readouterr().out
    # stop 06:00-06:02 (other work: the unit's default stop activity), drive
    # 06:02-06:07, stop from 06:07; the last minute (06:10) has no minute after
    # it to close it in the log
    assert "2026-03-02T06:02 .. 06:07  driving          5 min" in out
    assert "2026-03-02T06:00 .. 06:02  other_work       2 min" in out
    assert "Final status: other_work, continuous driving 5 min" in out


def test_sim_replay_refuses_no_input_and_missing_files(tmp_path, capsys):
    assert main(["sim", "replay"]) == 2
    assert main(["sim", "replay", "--nmea", str(tmp_path / "none.nmea")]) == 2
    assert "cannot read" in capsys.readouterr().err
