# The MicroPython port's GPS UART reader and SSD1306 screen drawing, over fakes.
# SPDX-License-Identifier: MIT
"""``gps_uart.GpsUart`` into the core NMEA parser; ``display_ssd1306`` drawing
a dashboard Screen (8 rows x 16 characters of 8x8 cells on 128x64 pixels)."""

import mpport_path  # noqa: F401
from collections import namedtuple
from display_ssd1306 import Ssd1306Display
from drivetime.nmea import NmeaParser, Rmc, sentence
from fake_machine import FakeSsd1306, FakeUART
from gps_uart import GpsUart

# Same fields as drivetime.dashboard.Screen (kept local: the port only reads them).
Screen = namedtuple("Screen", ("name", "rows", "inverted"))

# 12:35:19 UTC on 2026-03-02, 22.4 knots, valid autonomous fix.
RMC = sentence("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,020326,003.1,W,A")


def test_gps_uart_moves_bytes_to_the_parser_in_chunks():
    uart = FakeUART()
    parser = NmeaParser()
    got = []
    gps = GpsUart(uart, lambda mono, data: got.extend((mono, r) for r in parser.push(data)),
                  chunk=16)
    assert gps.poll(0) == 0 and got == []
    data = (RMC + RMC).encode()
    uart.feed(data[:50])                # a sentence split across polls
    assert gps.poll(100) == 50 and got == []
    uart.feed(data[50:])
    assert gps.poll(200) == len(data) - 50
    assert [m for m, _ in got] == [200, 200]
    rec = got[0][1]
    assert isinstance(rec, Rmc) and rec.valid and rec.time_s == 12 * 3600 + 35 * 60 + 19
    assert gps.bytes_read == len(data) and gps.last_byte_ms == 200


def test_gps_uart_bounds_each_poll():
    uart = FakeUART()
    chunks = []
    gps = GpsUart(uart, lambda mono, data: chunks.append(len(data)), chunk=64, max_bytes=100)
    uart.feed(b"x" * 250)
    # 100 per poll, read 64 + 36; the rest waits for the next polls.
    assert gps.poll(0) == 100 and chunks == [64, 36]
    assert gps.poll(1) == 100 and gps.poll(2) == 50 and gps.poll(3) == 0


def test_display_draws_rows_and_inverted_bands():
    oled = FakeSsd1306()
    rows = ("DRIVE      12:05", "Cont left  1:15", "", "", "", "", "", "! BREAK DUE")
    Ssd1306Display(oled).draw(Screen("main", rows, (0, 7)))
    assert oled.ops[0] == ("fill", 0) and oled.shows == 1
    # Inverted rows: a 128x8 band at y = 8 * row, text in colour 0 on it.
    assert (0, 0, 128, 8, 1) in oled.filled and (0, 56, 128, 8, 1) in oled.filled
    assert len(oled.filled) == 3                    # the clear + the two bands
    assert ("text", "DRIVE      12:05", 0, 0, 0) in oled.ops
    assert ("text", "Cont left  1:15", 0, 8, 1) in oled.ops
    assert oled.row(7) == "! BREAK DUE     " and oled.row(2) == " " * 16
    texts = [op for op in oled.ops if op[0] == "text"]
    assert len(texts) == 3                          # blank rows draw nothing


def test_display_draws_german_letters_as_glyphs():
    oled = FakeSsd1306()
    rows = ("Lenkzeit \u00fcbrig",) + ("",) * 7
    Ssd1306Display(oled).draw(Screen("main", rows, ()))
    assert ("text", "Lenkzeit  brig", 0, 0, 1) in oled.ops
    # The glyph for u-umlaut in cell 9 (x 72..79): dots at row 0, pixels 2 and 5.
    assert oled.pixels.get((74, 0)) == 1 and oled.pixels.get((77, 0)) == 1
    assert (72, 0) not in oled.pixels


def test_display_on_a_real_framebuf_when_there_is_one():
    # Under MicroPython: the same calls on a FrameBuffer laid out as the
    # ssd1306 driver's (MONO_VLSB), proving the real signatures.
    try:
        import framebuf
    except ImportError:
        framebuf = None
    oled = FakeSsd1306()
    Ssd1306Display(oled).draw(Screen("main", ("A",) + ("",) * 7, (0,)))
    assert ("text", "A", 0, 0, 0) in oled.ops       # both interpreters
    if framebuf is None:
        return

    class Panel(framebuf.FrameBuffer):
        def __init__(self):
            self.buf = bytearray(128 * 64 // 8)
            super().__init__(self.buf, 128, 64, framebuf.MONO_VLSB)
            self.shows = 0

        def show(self):
            self.shows += 1

    panel = Panel()
    Ssd1306Display(panel).draw(Screen("main", ("A",) + ("",) * 6 + ("\u00df",), (0,)))
    assert panel.shows == 1
    assert panel.pixel(127, 0) == 1 and panel.pixel(127, 8) == 0   # band on row 0 only
    assert panel.pixel(2, 56) == 1                                 # sharp s, top bar
