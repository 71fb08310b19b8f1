# The MicroPython port's loop with the real Unit, over the port's fakes (CPython).
# SPDX-License-Identifier: MIT
"""A generated stretch of a day (tests/core/signal_day.py) goes in as the
board would see it: CAN frames arrive at the emulated MCP2515 (read over
its SPI command set), NMEA bytes at a fake UART, the RTC through
``clock.RtcClock``; ``app.App`` feeds the real :class:`drivetime.unit.Unit`
and draws its screens on a fake SSD1306.

CPython only: the Unit compiled from source beside this test is more than a
192K MicroPython heap (the loop itself is tested on both interpreters in
tests/core/test_mpport_app.py).
"""

import mpport_path  # noqa: F401
from app import App
from clock import RtcClock
from display_ssd1306 import Ssd1306Display
from drivetime.journal import Decoder
from drivetime.unit import Unit
from fake_machine import FakePin, FakeSsd1306, FakeUART
from fake_mcp2515 import FakeMcp2515
from gps_uart import GpsUart
from journal_flash import JournalSink, open_journal
from main import J1939_FILTERS
from mcp2515 import MODE_LISTEN, Mcp2515
from signal_day import START_MINUTE, iter_day


class Clock:
    t = 0

    def now(self):
        return self.t


def test_a_drive_through_the_port_reaches_the_unit_and_the_display(tmp_path):
    # 3 min standing (engine on), 20 min driving at 80 km/h, 5 min standing.
    events, truth = iter_day([("stop", 3), ("drive", 20, 80), ("stop", 5)], seed=3)
    chip, uart, oled, clock = FakeMcp2515(), FakeUART(), FakeSsd1306(), Clock()
    can = Mcp2515(chip.spi, chip.cs, 8000000, 250000)
    can.init(MODE_LISTEN, J1939_FILTERS)
    boot_ms, (rtc_min, rtc_s) = truth["boot_ms"], truth["rtc"]
    # The board's RTC runs from its (wrong) reading at boot, on the 1970 epoch.
    rtc = RtcClock(lambda: rtc_min * 60 + rtc_s + (clock.t - boot_ms) // 1000, epoch_year=1970)
    unit = Unit()
    led = FakePin(0)
    key = bytes(range(32))
    journal, _ = open_journal(str(tmp_path / "journal"), key)
    app = App(unit, clock, rtc, can, GpsUart(uart, unit.on_nmea), None, Ssd1306Display(oled),
              {"driving": led}, journal=JournalSink(journal, rtc, unit.port_fault))
    app.boot()
    driving_led_seen = False
    for mono, kind, payload in events:
        if mono > clock.t:
            clock.t = mono
            app.step()
        if kind == "can":
            chip.receive(payload[0], payload[1], extended=True)
        elif kind == "nmea":
            uart.feed(payload)
        if truth["moving"][(mono - boot_ms) // 1000]:
            driving_led_seen = driving_led_seen or led.level == 1
    end = clock.t
    for k in range(1, 11):                      # let the pipeline's lag pass (2-3 min)
        clock.t = end + k * 30000
        app.step()
    # Moving from truth second 180 to 1380: minutes T+3 .. T+22 are driving
    # (one-minute rule, RULES.md §2.2), 20 min, no break, so 270 - 20 left (Art 7).
    st = unit.status
    assert st["continuous_driving_min"] == 20 and st["continuous_driving_left_min"] == 250
    assert st["daily_driving_min"] == 20
    assert START_MINUTE <= unit.status["at"]
    assert driving_led_seen and led.level == 0      # on while driving, off after
    # Whatever the Unit shows is on the panel, cell by cell.
    assert oled.shows >= 1
    for r, text in enumerate(unit.screen.rows):
        assert oled.row(r) == text.ljust(16)[:16]
    # Not one frame lost in the two receive buffers, all through the filters.
    assert can.overflows == 0 and chip.regs[0x2D] & 0xC0 == 0 and app.frames > 30 * 1200
    app.stop()
    dec = Decoder(key)
    recs = []
    for seg in sorted((tmp_path / "journal").glob("j*")):
        recs.extend(dec.feed(seg.read_bytes()))
    dec.finish()
    kinds = [r.kind for r in recs]
    # Power-up (with the driver and crew the unit names), the driving, power-down; all sealed.
    assert kinds[:3] == ["power", "driver", "crew"] and kinds[-1] == "power"
    assert "activity" in kinds and dec.problems == [] and all(r.ok for r in recs)
    assert recs[0].fields["on"] is True and recs[-1].fields["on"] is False
