# The MicroPython port's loop (app.App) over the port's fakes and a recording Unit.
# SPDX-License-Identifier: MIT
"""Each pass of ``App.step`` hands every input to the Unit and carries out
its outputs. The Unit here records calls and returns scripted outputs (the
real Unit with these adapters: tests/mpport/test_main_unit.py, CPython)."""

from collections import namedtuple

import mpport_path  # noqa: F401
from app import EXPORT_BEGIN, EXPORT_END, App, Buzzer
from buttons import Buttons
from display_ssd1306 import Ssd1306Display
from fake_machine import FakePin, FakeSsd1306, FakeUART
from fake_mcp2515 import FakeMcp2515
from gps_uart import GpsUart
from main import BOARDS, J1939_FILTERS, OBD2_FILTERS
from mcp2515 import MODE_LISTEN, MODE_NORMAL, Mcp2515
from support import ManualClock as Clock, fresh_dir

# Same names and fields as drivetime.unit's outputs (App dispatches on the type name).
Show = namedtuple("Show", ("screen",))
Buzz = namedtuple("Buzz", ("pattern",))
Led = namedtuple("Led", ("name", "on"))
Log = namedtuple("Log", ("kind", "fields"))
Export = namedtuple("Export", ("lines",))
Screen = namedtuple("Screen", ("name", "rows", "inverted"))
MINUTE = 29540160       # 2026-03-02 00:00 UTC (1772409600 s / 60)
JOURNAL = "/tmp/drivetime_mpport_app_test"


def _keys():
    """Key files as installation writes them (hex), and a fresh journal directory."""
    base = JOURNAL
    fresh_dir(base, make=True)
    for name, key in (("unit.key", "00" * 32), ("company.key", "11" * 32)):
        with open(base + "/" + name, "w") as f:
            f.write(key + "\n")
    return {"journal_dir": base + "/journal", "key_file": base + "/unit.key",
            "company_key_file": base + "/company.key"}


class Journal:
    """Records what the loop hands the journal (the real sink: test_mpport_journal)."""

    def __init__(self):
        self.records, self.flushes = [], 0

    def write(self, mono, log):
        self.records.append((mono, log.kind, log.fields))

    def record(self, mono, kind, fields):
        self.records.append((mono, kind, fields))

    def update(self, mono):
        pass

    def flush(self):
        self.flushes += 1


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

    # Unit.power / port_fault / apply_config journal through tick's outputs.
    def power(self, on, mono):
        self.calls.append(("power", mono, on))
        self.next_outputs.append(Log("power", {"on": on, "minute": MINUTE}))

    def port_fault(self, name, on, mono):
        self.calls.append(("port_fault", mono, name, on))

    def restore(self, journal):
        self.calls.append(("restore", journal))
        return 12, 3

    def apply_config(self, settings):
        self.calls.append(("config", settings))
        return [k for k in settings if k not in ("lang", "buzzer")]


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
    app = App(unit, clock, Rtc(), can, GpsUart(uart, unit.on_nmea),
              Buttons({"ack": pins["ack"]}, debounce_ms=30), Ssd1306Display(oled),
              {"warning": pins["warning"], "driving": pins["driving"]},
              Buzzer(pins["buzzer"]), Journal(),
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
                         Log("activity", {"activity": "driving"}),
                         Export(("start,end,activity", "2026-03-02T00:00Z,2026-03-02T01:00Z,driving"))]
    said = []
    app.say = said.append
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
    # The export goes to the console between its marker lines.
    assert said == [EXPORT_BEGIN, "start,end,activity",
                    "2026-03-02T00:00Z,2026-03-02T01:00Z,driving", EXPORT_END]
    # Ignition: the first reading (off: the pin is high) tells the unit it is
    # off, on at 7000 on again; a power failure is a power-down with the
    # journal sealed (flush) and the LEDs dark.
    assert app.journal.records[0] == (5000, "activity", {"activity": "driving"})
    pins["ignition"].drive(0)           # terminal 15 on: opto pulls low
    clock.t = 7000
    app.step()
    pins["power"].drive(0)
    clock.t = 7010
    app.step()
    assert not app.powered and pins["driving"].level == 0
    assert [c for c in unit.calls if c[0] == "power"] == [
        ("power", 5000, False), ("power", 7000, True), ("power", 7010, False)]
    assert [r[1:] for r in app.journal.records if r[1] == "power"] == [
        ("power", {"on": False, "minute": MINUTE}), ("power", {"on": True, "minute": MINUTE}),
        ("power", {"on": False, "minute": MINUTE})]
    assert app.journal.flushes >= 2     # at ignition off and at the power failure
    # The supply back before the capacitor ran out: on again.
    pins["power"].drive(1)
    clock.t = 7020
    app.step()
    assert app.powered and unit.calls[-2:] == [("power", 7020, True), ("tick", 7020)]


def test_boot_and_stop_tell_the_unit_and_seal():
    app, chip, unit, clock, uart, oled, pins = _rig()
    app.ignition = app.power_fail = None
    clock.t = 100
    app.boot()
    # boot reads the RTC first, so the power record has its minute.
    assert unit.calls[:3] == [("rtc", 100, MINUTE, 5), ("power", 100, True), ("tick", 100)]
    assert app.journal.records == [(100, "power", {"on": True, "minute": MINUTE})]
    clock.t = 200
    app.stop()
    assert ("power", 200, False) in unit.calls and app.journal.flushes == 2


def test_boot_restores_the_history_from_the_journal_first():
    # The sink's journal (journal_flash.JournalSink.journal, recovered) goes to
    # Unit.restore before the RTC and the power-up: the unit's counters go on.
    app, chip, unit, clock, uart, oled, pins = _rig()
    app.ignition = app.power_fail = None
    app.journal.journal = flash = object()
    said = []
    app.say = said.append
    clock.t = 100
    app.boot()
    assert unit.calls[:3] == [("restore", flash), ("rtc", 100, MINUTE, 5), ("power", 100, True)]
    assert said == ["journal: 12 records read, 3 intervals restored"]


def test_a_failing_can_controller_is_a_port_fault_once():
    app, chip, unit, clock, uart, oled, pins = _rig()
    said = []
    app.say = said.append
    broken = [True]
    recv = app.can.recv

    def flaky():
        if broken[0]:
            raise OSError(5)
        return recv()
    app.can.recv = flaky
    for t in (0, 100, 200):
        clock.t = t
        app.step()
    broken[0] = False
    clock.t = 300
    app.step()
    faults = [c for c in unit.calls if c[0] == "port_fault"]
    assert faults == [("port_fault", 0, "can_adapter", True), ("port_fault", 300, "can_adapter", False)]
    assert len(said) == 1


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
    from support import raises
    keys = _keys()
    for board in ("pico_w", "esp32"):
        pins = BOARDS[board]
        chip = FakeMcp2515()
        machine = FakeMachine(chip.spi, {pins["can_cs"]: chip.cs})
        lib = FakeSsd1306Module()
        # The ESP32 has no spare UART: sync there is on the USB console (not under test).
        cfg = dict(CONFIG, board=board, sync="uart" if board == "pico_w" else None, **keys)
        app = build(cfg, pins, machine, lib, RecordingUnit(), say=lambda line: None)
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
        # The journal in its directory; sync on UART0 GP0/GP1 at 115200 (Pico W).
        assert app.journal.journal.storage.directory == keys["journal_dir"]
        if board == "pico_w":
            sync_uart = [m for m in machine.made if m[0] == "UART"][1]
            assert sync_uart[1] == (0, 115200) and app.sync.stream is machine.uarts[0]
            assert app.sync.unit_id == b"MP-E6613852834D212F"      # from machine.unique_id()
        else:
            assert app.sync is None
            cfg["sync"] = "uart"        # no pins for it: said at once
            chip = FakeMcp2515()
            assert raises(ValueError, build, cfg, pins, FakeMachine(chip.spi, {pins["can_cs"]: chip.cs}),
                          FakeSsd1306Module(), RecordingUnit(), say=lambda line: None)    # OBD-II: 500 kbit/s from 16 MHz (CNF1 0x00, 0xB5, 0x01), normal mode, the request set.
    chip = FakeMcp2515()
    machine = FakeMachine(chip.spi, {BOARDS["pico_w"]["can_cs"]: chip.cs})
    cfg = dict(CONFIG, bus="obd2", osc_hz=16000000, sync=None, **keys)
    app = build(cfg, BOARDS["pico_w"], machine, FakeSsd1306Module(), RecordingUnit(),
                say=lambda line: None)
    assert (chip.regs[0x2A], chip.regs[0x29], chip.regs[0x28]) == (0x00, 0xB5, 0x01)
    assert chip.mode() == MODE_NORMAL
    assert app.obd_request == (0x7DF, b"\x02\x01\x0D\x00\x00\x00\x00\x00")
