# The MicroPython port's loop (app.App) over the port's fakes and a recording Unit.
# SPDX-License-Identifier: MIT
"""Each pass of ``App.step`` hands every input to the Unit and carries out
its outputs. The Unit here records calls and returns scripted outputs (the
real Unit with these adapters: tests/mpport/test_main_unit.py, CPython)."""

import os
from collections import namedtuple

import mpport_path  # noqa: F401
from app import App, Buzzer, JournalFile
from buttons import Buttons
from display_ssd1306 import Ssd1306Display
from fake_machine import FakePin, FakeSsd1306, FakeUART
from fake_mcp2515 import FakeMcp2515
from gps_uart import GpsUart
from main import BOARDS, J1939_FILTERS, OBD2_FILTERS
from mcp2515 import MODE_LISTEN, MODE_NORMAL, Mcp2515

# Same names and fields as drivetime.unit's outputs (App dispatches on the type name).
Show = namedtuple("Show", ("screen",))
Buzz = namedtuple("Buzz", ("pattern",))
Led = namedtuple("Led", ("name", "on"))
Log = namedtuple("Log", ("kind", "fields"))
Screen = namedtuple("Screen", ("name", "rows", "inverted"))
MINUTE = 29540160       # 2026-03-02 00:00 UTC (1772409600 s / 60)
JOURNAL = "/tmp/drivetime_mpport_app_test.log"


class RecordingUnit:
    def __init__(self):
        self.calls, self.next_outputs = [], []

    def on_rtc(self, mono, minute, second):
        self.calls.append(("rtc", mono, minute, second))

    def on_can(self, mono, arb, data, extended=True):
        self.calls.append(("can", mono, arb, data, extended))

    def on_nmea(self, mono, data):
        self.calls.append(("nmea", mono, data))

    def on_button(self, mono, name):
        self.calls.append(("button", mono, name))

    def tick(self, mono):
        self.calls.append(("tick", mono))
        out, self.next_outputs = self.next_outputs, []
        return out


class Clock:
    def __init__(self):
        self.t = 0

    def now(self):
        return self.t


class Rtc:
    def read(self):
        return MINUTE, 5


def _rig(bus="j1939", **kw):
    chip = FakeMcp2515()
    can = Mcp2515(chip.spi, chip.cs, 16000000, 250000 if bus == "j1939" else 500000)
    can.init(MODE_LISTEN if bus == "j1939" else MODE_NORMAL,
             J1939_FILTERS if bus == "j1939" else OBD2_FILTERS)
    unit, clock, uart, oled = RecordingUnit(), Clock(), FakeUART(), FakeSsd1306()
    pins = {"ack": FakePin(1), "warning": FakePin(0), "driving": FakePin(0),
            "buzzer": FakePin(0), "power": FakePin(1), "ignition": FakePin(1)}
    try:
        os.remove(JOURNAL)
    except OSError:
        pass
    app = App(unit, clock, Rtc(), can, GpsUart(uart, unit.on_nmea),
              Buttons({"ack": pins["ack"]}, debounce_ms=30), Ssd1306Display(oled),
              {"warning": pins["warning"], "driving": pins["driving"]},
              Buzzer(pins["buzzer"]), JournalFile(JOURNAL, flush_bytes=10000),
              pins["power"], ignition=pins["ignition"], **kw)
    return app, chip, unit, clock, uart, oled, pins


def test_inputs_reach_the_unit():
    app, chip, unit, clock, uart, oled, pins = _rig()
    speed = bytes((0xF3, 0x00, 0x32, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF))   # CCVS1 50 km/h
    chip.receive(0x18FEF100, speed)
    chip.receive(0x0CF00400, b"\x00" * 8)       # EEC1: not in the J1939 filters
    uart.feed(b"$GPRMC,1")
    clock.t = 1000
    app.step()
    assert ("rtc", 1000, MINUTE, 5) in unit.calls
    assert ("can", 1000, 0x18FEF100, speed, True) in unit.calls
    assert ("nmea", 1000, b"$GPRMC,1") in unit.calls
    assert ("tick", 1000) in unit.calls and app.frames == 1
    # RTC again only a minute later; tick every 250 ms.
    unit.calls = []
    for t in (1100, 1250, 61000):
        clock.t = t
        app.step()
    assert [c for c in unit.calls if c[0] == "rtc"] == [("rtc", 61000, MINUTE, 5)]
    assert [c[1] for c in unit.calls if c[0] == "tick"] == [1250, 61000]
    # A press held past the debounce reaches the unit once.
    pins["ack"].drive(0)
    unit.calls = []
    for t in range(62000, 62100, 10):
        clock.t = t
        app.step()
    assert [c for c in unit.calls if c[0] == "button"] == [("button", 62030, "ack")]


def test_outputs_are_carried_out():
    app, chip, unit, clock, uart, oled, pins = _rig()
    screen = Screen("main", ("DRIVE",) + ("",) * 7, (0,))
    unit.next_outputs = [Show(screen), Led("driving", True), Buzz((100, 50, 100)),
                         Log("activity", {"activity": "driving"})]
    clock.t = 5000
    app.step()
    assert oled.row(0).rstrip() == "DRIVE" and oled.shows == 1
    assert pins["driving"].level == 1 and pins["warning"].level == 0
    # Buzzer: on 5000-5100, off until 5150, on until 5250, then off.
    levels = []
    for t in (5050, 5100, 5149, 5150, 5249, 5250, 6000):
        clock.t = t
        app.step()
        levels.append(pins["buzzer"].level)
    assert levels == [1, 0, 0, 1, 1, 0, 0]
    # The journal keeps the records in RAM until power fails (pin low), then writes.
    assert app.journal.written == 0
    pins["ignition"].drive(0)           # terminal 15 on: opto pulls low
    clock.t = 7000
    app.step()
    pins["power"].drive(0)
    clock.t = 7010
    app.step()
    assert not app.powered and pins["driving"].level == 0
    with open(JOURNAL) as f:
        lines = f.read().split("\n")
    os.remove(JOURNAL)
    # Within a pass the Unit's outputs come before the ignition input is read:
    # the activity, then ignition off (first reading, 5000), on at 7000.
    assert lines[:3] == ["5000 activity {'activity': 'driving'}", "5000 ignition {'on': False}",
                         "7000 ignition {'on': True}"]


def test_obd_bus_sends_the_speed_request_each_second():
    request = (0x7DF, b"\x02\x01\x0D\x00\x00\x00\x00\x00")
    app, chip, unit, clock, uart, oled, pins = _rig(bus="obd2", obd_request=request)
    for t in (0, 500, 1000, 1999, 2000):
        clock.t = t
        app.step()
    assert chip.sent == [(0x7DF, request[1], False)] * 3       # at 0, 1000, 2000
    answer = b"\x03\x41\x0D\x50\x55\x55\x55\x55"
    chip.receive(0x7E9, answer, extended=False)
    chip.receive(0x7E0, b"\x02\x01\x0D", extended=False)       # a request: filtered
    app.step()
    assert [c for c in unit.calls if c[0] == "can"] == [("can", 2000, 0x7E9, answer, False)]


def test_board_pinouts_use_each_pin_once():
    for name, board in BOARDS.items():
        used = [board["can_cs"], board["can_int"], board["buzzer"], board["power_fail"]]
        used += list(board["spi"][1:]) + list(board["uart"][1:]) + list(board["i2c"][1:])
        used += list(board["buttons"].values()) + list(board["leds"].values())
        if board["ignition"] is not None:
            used.append(board["ignition"])
        assert len(used) == len(set(used)), name
        assert len(board["buttons"]) == 7, name
    # The Pico W's radio owns GP23, GP24, GP25 and GP29.
    pico = BOARDS["pico_w"]
    assert not {23, 24, 25, 29} & set(pico["buttons"].values())


def test_build_wires_the_board_pinout():
    # main.build with stand-ins for `machine` and `ssd1306`; the CS pin of the
    # pinout is the emulated chip's, so init() really talks to the chip.
    from fake_machine import FakeMachine, FakeSsd1306Module
    from main import CONFIG, build
    for board in ("pico_w", "esp32"):
        pins = BOARDS[board]
        chip = FakeMcp2515()
        machine = FakeMachine(chip.spi, {pins["can_cs"]: chip.cs})
        lib = FakeSsd1306Module()
        cfg = dict(CONFIG, board=board, journal=JOURNAL)
        app = build(cfg, pins, machine, lib, RecordingUnit())
        # J1939: 8 MHz crystal -> CNF 0x00 0xB5 0x01 (test_mpport_mcp2515), listen only.
        assert (chip.regs[0x2A], chip.regs[0x29], chip.regs[0x28]) == (0x00, 0xB5, 0x01)
        assert chip.mode() == MODE_LISTEN and app.obd_request is None
        spi = [m for m in machine.made if m[0] == "SPI"][0]
        assert spi[1] == (pins["spi"][0],) and spi[2]["polarity"] == 0 and spi[2]["phase"] == 0
        uart = [m for m in machine.made if m[0] == "UART"][0]
        assert uart[1] == (pins["uart"][0], 9600)
        assert lib.addr == 0x3C and app.display.oled is lib.oled
        assert sorted(app.buttons._names) == sorted(pins["buttons"])
        # Input-only ESP32 pins get no internal pull-up.
        pulls = dict((m[1][0], m[1][2]) for m in machine.made if m[0] == "Pin")
        for p in pins["buttons"].values():
            assert pulls[p] == (None if p in pins.get("no_pull", ()) else machine.Pin.PULL_UP)
        # A pass of the loop over the built adapters.
        chip.receive(0x18FEF100, b"\xf3\x00\x32\xff\xff\xff\xff\xff")
        app.step()
        assert [c[2] for c in app.unit.calls if c[0] == "can"] == [0x18FEF100]
    # OBD-II: 500 kbit/s from 16 MHz (CNF1 0x00, 0xB5, 0x01), normal mode, the request set.
    chip = FakeMcp2515()
    machine = FakeMachine(chip.spi, {BOARDS["pico_w"]["can_cs"]: chip.cs})
    cfg = dict(CONFIG, bus="obd2", osc_hz=16000000, journal=JOURNAL)
    app = build(cfg, BOARDS["pico_w"], machine, FakeSsd1306Module(), RecordingUnit())
    assert (chip.regs[0x2A], chip.regs[0x29], chip.regs[0x28]) == (0x00, 0xB5, 0x01)
    assert chip.mode() == MODE_NORMAL
    assert app.obd_request == (0x7DF, b"\x02\x01\x0D\x00\x00\x00\x00\x00")
