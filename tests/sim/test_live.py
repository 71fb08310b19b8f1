# `drivetime sim drive`: textual pilot tests of the live UI with the real unit process on the emulated SLCAN adapter and GPS receiver.
# SPDX-License-Identifier: MIT
"""The unit runs as ``drivetime unit --config`` (its own process) over the
ptys; the pilot presses the tester's keys. Time warp 600x makes minutes of
driving take a fraction of a second, so the checks are about what a tester
sees: the dashboard pane is the unit's own screen, its counters follow the
simulated driving, buttons and faults reach the unit, and a unit process
that dies is reported without the UI hanging.

Expected values by hand (RULES.md §3.1 Art 7, Art 6(1); the dashboard as
tests/ports/test_main_e2e.py reads it): the vehicle starts on a Monday at
06:00Z, nothing recorded before, so after ``d`` minutes of driving the main
screen shows "Drive left" 4:30 - d and "Day left" 10:00 - d (Monday: both
10 h days of the week are still there), give or take a minute (the
one-minute rule and the signal lag of a few seconds).
"""

import asyncio
import os
import re
import signal
import time

import pytest

from simulator.live import DriveApp
from simulator.live_session import LiveSession


@pytest.fixture
def session(tmp_path):
    made = LiveSession(str(tmp_path / "sim"))
    yield made
    made.close()


def run(coro):
    return asyncio.run(coro)


async def wait_until(pilot, done, timeout_s):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if done():
            return True
        await pilot.pause(0.05)
    return done()


def pane(app, name):
    widget = app.query_one("#" + name)
    if name == "events":                    # a RichLog: its lines
        return "\n".join(strip.text for strip in widget.lines)
    return widget.content.plain


def rows(app):
    """The dashboard pane's 8 screen rows (inside the box)."""
    return [ln[1:17].rstrip() for ln in pane(app, "dashboard").splitlines()[1:9]]


def hm(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def test_driving_at_600x_moves_the_vehicle_and_the_units_counters(session):
    async def go():
        app = DriveApp(session)
        async with app.run_test(size=(110, 40)) as pilot:
            # the unit boots and shows its main screen: standing, nothing driven
            # (standing with the engine on: the stop activity, other work)
            assert await wait_until(pilot, lambda: rows(app)[0].startswith("WORK"), 30), \
                pane(app, "events")
            assert rows(app)[1] == "Drive left 4:30"
            await pilot.press("space")              # paused: set off at a known instant
            assert await wait_until(pilot, lambda: "PAUSED" in pane(app, "vehicle"), 5)
            start_ms = session.now_ms()
            for _ in range(8):
                await pilot.press("up")             # +10 km/h each
            assert session.world.driver.live_target == 80
            for _ in range(3):
                await pilot.press("plus")           # 1x -> 10x -> 60x -> 600x
            assert session.warp == 600 and session.now_ms() == start_ms
            await pilot.press("space")              # off we go
            assert await wait_until(pilot, lambda: "600x" in pane(app, "vehicle")
                                    and "PAUSED" not in pane(app, "vehicle"), 5)
            assert await wait_until(pilot, lambda: session.now_ms() - start_ms >= 6 * 60000, 30)
            await pilot.press("space")              # pause: the state holds while we look
            assert session.paused
            await wait_until(pilot, lambda: "PAUSED" in pane(app, "vehicle"), 5)
            await pilot.pause(0.5)                  # the unit's last screen reaches the pane
            t = session.now_ms()
            vehicle = pane(app, "vehicle")
            assert "80.0 km/h (target 80)" in vehicle
            # 1 m/s^2 up to 80 km/h (22.2 m/s) takes 22.2 s and loses 0.5 * 22.2 * 22.2 = 247 m
            km = float(re.search(r"Odometer\s+([\d.]+) km", vehicle).group(1))
            assert km == pytest.approx((22.222 * (t - start_ms) / 1000 - 247) / 1000, abs=0.05)
            shown = rows(app)
            assert shown == list(session.panel.screen.rows)     # the unit's own screen
            assert shown[0].startswith("DRIVE")
            driven = (t - start_ms) / 60000.0
            assert abs(hm(shown[1].split()[-1]) - (270 - driven)) <= 1.5, shown
            assert abs(hm(shown[2].split()[-1]) - (600 - driven)) <= 1.5, shown
            clock = session.time_text(t)[11:16]                 # the unit's time is the simulator's
            assert abs(hm(shown[0].split()[-1]) - hm(clock)) <= 1, (shown[0], clock)
            await pilot.press("q")
        assert session.closed and session.proc is None
    run(go())
    with open(session.path("unit.log")) as f:
        log = f.read()
    # quit stopped the unit cleanly (SIGTERM): its power-down record is journalled
    assert re.search(r"power .*on=False", log), log[-2000:]


def test_buttons_and_faults_reach_the_unit(session):
    async def go():
        app = DriveApp(session)
        async with app.run_test(size=(110, 40)) as pilot:
            assert await wait_until(pilot, lambda: rows(app)[0].startswith("WORK"), 30)
            await pilot.press("2")                  # activity: other work -> availability
            assert await wait_until(pilot, lambda: rows(app)[0].startswith("AVAIL"), 10), rows(app)
            for _ in range(2):
                await pilot.press("plus")           # 60x: the unit's 5 s GPS timeout in 0.1 s
            await pilot.press("g")
            assert await wait_until(pilot, lambda: "GPS loss" in pane(app, "faults"), 5)
            assert await wait_until(pilot, lambda: session.panel.leds["fault"], 20)
            assert "● fault" in pane(app, "dashboard")
            await pilot.press("g")                  # the receiver is back
            assert await wait_until(pilot, lambda: pane(app, "faults") == "faults: none", 5)
            assert await wait_until(pilot, lambda: not session.panel.leds["fault"], 20)
            await pilot.press("q")
    run(go())


def test_a_unit_process_that_dies_is_reported_and_can_be_started_again(session):
    async def go():
        app = DriveApp(session)
        async with app.run_test(size=(110, 40)) as pilot:
            assert await wait_until(pilot, lambda: session.panel.screen is not None, 30)
            os.kill(session.proc.pid, signal.SIGKILL)       # the unit crashes
            assert await wait_until(pilot, lambda: "EXITED" in pane(app, "vehicle"), 10)
            assert "unit is off" in pane(app, "dashboard")
            assert "exit status -9" in pane(app, "dashboard")
            assert "exited on its own" in pane(app, "events")
            await pilot.press("up")                 # the UI still answers: the vehicle drives on
            assert session.world.driver.live_target == 10
            await pilot.press("p")                  # switched on again
            assert await wait_until(pilot, lambda: session.unit_running and
                                    "display" in session.panel.connected, 30)
            assert await wait_until(pilot, lambda: "Drive left" in "".join(rows(app)), 30)
            await pilot.press("p")                  # and off: a clean stop, not a death
            assert await wait_until(pilot, lambda: "off: p switches it on" in pane(app, "vehicle"),
                                    15)
            await pilot.press("q")
    run(go())


def test_a_live_drive_is_recorded_for_replay(tmp_path):
    from simulator.replay import Replay
    can_log, nmea_log = str(tmp_path / "drive.log"), str(tmp_path / "drive.nmea")
    session = LiveSession(str(tmp_path / "sim"), record=(can_log, nmea_log))

    async def go():
        app = DriveApp(session)
        async with app.run_test(size=(110, 40)) as pilot:
            assert await wait_until(pilot, lambda: session.panel.screen is not None, 30)
            await pilot.press("w")
            await pilot.press("plus")
            await pilot.press("plus")               # 60x: a simulated minute a second
            assert await wait_until(pilot, lambda: session.now_ms() >= 90000, 30)
            await pilot.press("q")
    try:
        run(go())
    finally:
        session.close()
    replay = Replay(can_log, nmea_log)
    kinds = set(kind for _, kind, _ in replay.events)
    assert kinds == {"can", "nmea"}
    # CCVS1 at 2 Hz and TCO1 at 1 Hz (the live defaults) for at least 90 s: 270 frames or more
    assert sum(kind == "can" for _, kind, _ in replay.events) >= 270


def test_the_unit_config_is_the_simulators_one_with_the_live_sections(tmp_path):
    # simulator.unit_config is the one place the emulated devices' config comes from; the
    # live session adds the unit's settings, the panel socket, the sim clock, the loop
    # (tick 200 ms, devices reopened within 2 s) and the journal under SIM_KEY.
    import tomllib

    from drivetime_pi import config
    from simulator.runner import SIM_KEY
    from simulator.unit_config import sections

    s = LiveSession(str(tmp_path / "sim"), unit={"lang": "de"})
    try:
        with open(s.config_path, "rb") as f:
            got = tomllib.load(f)
        assert got == sections(
            s.slcan.path, s.gps.path, unit={"lang": "de", "stop_activity": "other_work"},
            panel={"socket": s.panel.path}, clock={"source": "sim", "file": s.clock_file.path},
            loop={"tick_ms": 200, "reopen_s": 2},
            journal={"directory": s.path("journal"), "key_file": s.path("unit.key")})
        with open(s.path("unit.key")) as f:
            assert f.read().strip() == SIM_KEY.hex()
        assert config.load(s.config_path)["clock"]["source"] == "sim"
    finally:
        s.close()
