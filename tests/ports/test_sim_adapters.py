# The simulator adapters of the Pi port on their own: the shared clock file (warp, pause, staleness, across processes) and the cab panel socket (screens, LEDs, buzzer, presses, a UI that goes away).
# SPDX-License-Identifier: MIT
import os
import subprocess
import sys

import pytest

from drivetime.dashboard import Screen
from drivetime_pi import AdapterError
from drivetime_pi.sim_adapters import ClockFile, SimClock, SocketDisplay, SocketPanel
from simulator.panel_server import PanelServer

S = 1000000000          # ns in a second
UTC0 = 1772431200000    # 2026-03-02T06:00:00Z in ms


class Real:
    """A real monotonic clock the test moves (ns)."""

    def __init__(self):
        self.ns = 50 * S

    def __call__(self):
        return self.ns


@pytest.fixture
def clock_file(tmp_path):
    writer = ClockFile(str(tmp_path / "clock"), create=True)
    yield writer
    writer.close()


def test_the_clock_follows_the_published_warp_and_pause(clock_file):
    real = Real()
    clock = SimClock(clock_file.path, real_ns=real)
    clock_file.publish(1000, UTC0 + 1000, warp=600, real_ns=real.ns)
    assert (clock.mono_ms(), clock.utc_s()) == (1000, (UTC0 + 1000) // 1000)
    real.ns += S // 2                   # half a real second at 600x: 300 simulated seconds
    assert clock.mono_ms() == 1000 + 300000
    assert clock.utc_s() == (UTC0 + 1000 + 300000) // 1000
    clock_file.publish(301000, UTC0 + 301000, warp=600, paused=True, real_ns=real.ns)
    real.ns += 10 * S                   # paused: time stands
    assert clock.mono_ms() == 301000
    clock_file.publish(301000, UTC0 + 301000, warp=1, real_ns=real.ns)
    real.ns += 2 * S                    # 1x: two seconds are two seconds
    assert clock.mono_ms() == 303000


def test_a_stepped_clock_stands_where_the_simulator_put_it(clock_file):
    real = Real()
    clock = SimClock(clock_file.path, real_ns=real)
    clock_file.publish(500, UTC0 + 500, warp=0, real_ns=real.ns)
    real.ns += 30 * S                   # however long the simulator takes to deliver
    assert (clock.mono_ms(), clock.utc_s()) == (500, (UTC0 + 500) // 1000)
    clock_file.publish(1000, UTC0 + 1000, warp=0, real_ns=real.ns)
    assert clock.mono_ms() == 1000


def test_the_clock_never_goes_back_and_stands_when_the_simulator_stops_publishing(clock_file):
    real = Real()
    clock = SimClock(clock_file.path, stale_s=5, real_ns=real)
    clock_file.publish(0, UTC0, warp=10, real_ns=real.ns)
    real.ns += S
    assert clock.mono_ms() == 10000
    # the simulator republishes a hair behind what the unit extrapolated: no step back
    clock_file.publish(9990, UTC0 + 9990, warp=10, real_ns=real.ns)
    assert clock.mono_ms() == 10000
    real.ns += 100 * S                  # nothing published for 100 s: it ran on 5 s, at 10x
    assert clock.mono_ms() == 9990 + 50000


def test_the_clock_sleeps_the_warped_time(clock_file, monkeypatch):
    slept = []
    monkeypatch.setattr("drivetime_pi.sim_adapters.time.sleep", slept.append)
    clock = SimClock(clock_file.path)
    clock_file.publish(0, UTC0, warp=10)
    clock.sleep(0.02)                   # 20 simulated ms at 10x: 2 real ms
    clock_file.publish(0, UTC0, warp=600)
    clock.sleep(0.02)                   # 33 us at 600x: the 0.2 ms floor
    clock_file.publish(0, UTC0, warp=0)
    clock.sleep(0.02)                   # stepped: look again soon
    clock_file.publish(0, UTC0, warp=600, paused=True)
    clock.sleep(0.02)                   # paused: a real nap, no spinning
    assert slept == [pytest.approx(0.002), 0.0002, 0.0002, 0.02]


def test_another_process_reads_the_time_the_simulator_publishes(clock_file):
    clock_file.publish(7200000, UTC0 + 7200000, warp=60, paused=True)
    code = ("from drivetime_pi.sim_adapters import SimClock; c = SimClock(%r); "
            "print(c.mono_ms(), c.utc_s())" % clock_file.path)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.stdout.split() == ["7200000", str((UTC0 + 7200000) // 1000)], out.stderr


def test_a_missing_or_foreign_clock_file_is_refused(tmp_path):
    with pytest.raises(OSError):
        SimClock(str(tmp_path / "none"))
    other = tmp_path / "other"
    other.write_bytes(b"x" * 100)
    with pytest.raises(ValueError):
        SimClock(str(other))


@pytest.fixture
def server(tmp_path):
    made = PanelServer(str(tmp_path / "panel.sock"))
    yield made
    made.close()


def _settle(server, until, tries=1000):
    import time
    for _ in range(tries):
        server.poll()
        if until():
            return True
        time.sleep(0.005)
    return False


def test_screens_leds_and_the_buzzer_reach_the_ui_and_presses_come_back(server):
    now = [5000]
    display = SocketDisplay(server.path)
    panel = SocketPanel(lambda: now[0], server.path)
    assert _settle(server, lambda: server.connected == {"display", "panel"})
    rows = ("DRIVE      06:05", "Drive left 4:25", "", "", "", "", "", "")
    display.show(Screen("main", rows, (0,)))
    panel.led("driving", True)
    panel.buzz((200, 100, 200), 5000)
    assert _settle(server, lambda: server.screen is not None and server.buzzer)
    assert (server.screen.name, server.screen.rows, server.screen.inverted) == ("main", rows, (0,))
    assert server.leds["driving"] is True
    assert server.press("ack") and server.press("no_such_button") and server.press("day")
    got = []
    assert _settle(server, lambda: got.extend(panel.presses()) or len(got) >= 2)
    assert got == [(5000, "ack"), (5000, "day")]    # stamped by the unit's clock; unknown dropped
    with pytest.raises(ValueError):                 # a bad screen, refused before any I/O
        display.show(Screen("bad", ("x" * 17,) + ("",) * 7, ()))
    display.close()
    panel.close()
    assert _settle(server, lambda: not server.connected)


def test_a_ui_that_goes_away_is_an_adapter_error(server):
    display = SocketDisplay(server.path)
    panel = SocketPanel(lambda: 0, server.path)
    assert _settle(server, lambda: len(server.connected) == 2)
    server.close()
    with pytest.raises(AdapterError) as raised:
        panel.presses()
    assert raised.value.source == "gpio"
    blank = Screen("main", ("",) * 8, ())
    with pytest.raises(AdapterError) as raised:
        display.show(blank)
    assert raised.value.source == "display"
    with pytest.raises(AdapterError):
        SocketDisplay(server.path)      # nobody listens: cannot connect
    display.close()
    panel.close()


def test_the_unit_loop_uses_the_socket_panel_and_reconnects(server, tmp_path):
    from drivetime.unit import Unit
    from drivetime_pi.main import UnitLoop

    class Clock:
        ms = 1000

        def mono_ms(self):
            return self.ms

        def utc_s(self):
            return UTC0 // 1000 + self.ms // 1000

        def sleep(self, s):
            self.ms += int(s * 1000)

    clock = Clock()
    loop = UnitLoop(Unit({}), clock, panel=lambda: SocketPanel(clock.mono_ms, server.path),
                    display=lambda: SocketDisplay(server.path), sink=lambda k, f: None,
                    reopen_s=5)
    loop.step()
    assert _settle(server, lambda: server.screen is not None)
    assert server.screen.name == "main"
    path = server.path
    server.close()                      # the UI goes away: the loop carries on without it
    for _ in range(10):
        clock.sleep(0.2)
        loop.step()
    assert set(loop.adapter_faults) >= {"gpio"}
    again = PanelServer(path)           # back: the panel reconnects within reopen_s; the
    try:                                # display at its next screen (the clock's minute)
        for _ in range(350):
            clock.sleep(0.2)
            loop.step()
        assert _settle(again, lambda: again.connected == {"display", "panel"} and again.screen)
        assert not loop.adapter_faults
        first = again.screen
        assert again.press("mode")      # the next screen, through the loop
        assert _settle(again, lambda: (clock.sleep(0.2), loop.step()) and again.screen != first)
    finally:
        loop.close()
        again.close()
    assert os.path.exists(path) is False


def test_the_config_wires_the_sim_clock_and_the_socket_panel(tmp_path, clock_file, server):
    from drivetime_pi import config
    from drivetime_pi.wiring import build
    path = tmp_path / "unit.toml"
    path.write_text('[can]\nenabled = false\n[gps]\nenabled = false\n[gpio]\nenabled = false\n'
                    '[display]\nkind = "none"\n[clock]\nsource = "sim"\nfile = "%s"\n'
                    '[panel]\nsocket = "%s"\n' % (clock_file.path, server.path))
    clock_file.publish(7000, UTC0 + 7000, warp=0)
    loop = build(config.load(str(path)), sink=lambda kind, fields: None)
    try:
        assert isinstance(loop.clock, SimClock) and loop.clock.mono_ms() == 7000
        loop.step()
        assert _settle(server, lambda: server.connected == {"display", "panel"} and server.screen)
        assert server.screen.rows[0].endswith("06:00")      # the simulator's UTC, not the host's
    finally:
        loop.close()


def test_a_sim_clock_without_its_file_is_a_config_error(tmp_path):
    from drivetime_pi import config
    from drivetime_pi.wiring import build
    path = tmp_path / "unit.toml"
    path.write_text('[clock]\nsource = "sim"\n')
    with pytest.raises(config.ConfigError, match=r"\[clock\] source = \"sim\" needs file"):
        config.load(str(path))
    path.write_text('[clock]\nsource = "sim"\nfile = "%s"\n' % (tmp_path / "none"))
    with pytest.raises(config.ConfigError, match=r"\[clock\] file"):
        build(config.load(str(path)), sink=lambda kind, fields: None)
