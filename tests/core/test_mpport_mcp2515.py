# MCP2515 driver (MicroPython port) against a byte-level emulation of the chip.
# SPDX-License-Identifier: MIT
"""``mcp2515.Mcp2515`` talking SPI to ``fake_mcp2515.FakeMcp2515``.

Register addresses and bit layouts are those of datasheet DS20001801
(MCP2515): CNF1 0x2A, CNF2 0x29, CNF3 0x28, CANINTF 0x2C, EFLG 0x2D,
CANSTAT 0x0E, CANCTRL 0x0F.
"""

import mpport_path  # noqa: F401  (puts the port on sys.path)
from fake_mcp2515 import FakeMcp2515
from mcp2515 import MODE_CONFIG, MODE_LISTEN, MODE_NORMAL, Mcp2515, bit_timing
from support import raises

CNF1, CNF2, CNF3, CANINTF, EFLG, CANSTAT, CANCTRL = 0x2A, 0x29, 0x28, 0x2C, 0x2D, 0x0E, 0x0F


def _decode(osc_hz, cnf1, cnf2, cnf3):
    """Bit rate, sample point (per mille) and segments, by the datasheet's
    section 5 formulas, independent of the driver: TQ = 2 (BRP + 1) / Fosc,
    bit = 1 + (PRSEG + 1) + (PHSEG1 + 1) + (PHSEG2 + 1) TQ."""
    brp, sjw = cnf1 & 0x3F, (cnf1 >> 6) + 1
    assert cnf2 & 0x80, "BTLMODE must be set for PS2 to come from CNF3"
    prop, ps1, ps2 = (cnf2 & 7) + 1, ((cnf2 >> 3) & 7) + 1, (cnf3 & 7) + 1
    ntq = 1 + prop + ps1 + ps2
    # Section 5.3 constraints.
    assert 8 <= ntq <= 25 and ps2 >= 2 and ps2 > sjw and prop + ps1 >= ps2
    return osc_hz // (2 * (brp + 1) * ntq), (1 + prop + ps1) * 1000 // ntq


def test_bit_timing_register_values_for_both_crystals():
    # Worked by hand. Fosc / (2 * bitrate) = (BRP + 1) * NTQ.
    # 8 MHz, 250k: 16 -> BRP 0, 16 TQ; 87.5 % sample = 14 TQ before it, PS2 = 2,
    #   Prop + PS1 = 13 -> Prop 6, PS1 7: CNF2 = 0x80 | (7-1)<<3 | (6-1) = 0xB5, CNF3 = 2-1.
    assert bit_timing(8000000, 250000) == (0x00, 0xB5, 0x01)
    # 16 MHz, 250k: 32 -> BRP 1 (16 TQ), same segments.
    assert bit_timing(16000000, 250000) == (0x01, 0xB5, 0x01)
    # 16 MHz, 500k: 16 -> BRP 0, 16 TQ.
    assert bit_timing(16000000, 500000) == (0x00, 0xB5, 0x01)
    # 8 MHz, 500k: 8 -> BRP 0, 8 TQ; PS2 cannot go below 2, so 6/8 = 75 %:
    #   Prop + PS1 = 5 -> Prop 2, PS1 3: CNF2 = 0x80 | 2<<3 | 1 = 0x91.
    assert bit_timing(8000000, 500000) == (0x00, 0x91, 0x01)
    # 12 MHz, 250k: 24 -> BRP 1, 12 TQ (24 TQ would need Prop + PS1 = 20 > 16);
    #   PS2 2, Prop + PS1 = 9 -> 4 + 5: CNF2 = 0x80 | 4<<3 | 3 = 0xA3; sample 10/12.
    assert bit_timing(12000000, 250000) == (0x01, 0xA3, 0x01)


def test_bit_timing_decodes_to_the_bit_rate():
    for osc, rate, sample in ((8000000, 250000, 875), (16000000, 250000, 875),
                              (16000000, 500000, 875), (8000000, 500000, 750),
                              (12000000, 250000, 833)):
        assert _decode(osc, *bit_timing(osc, rate)) == (rate, sample)
    # 1 Mbit/s from 8 MHz would be 4 TQ a bit: impossible.
    raises(ValueError, bit_timing, 8000000, 1000000)


def _started(osc=16000000, rate=250000, **kw):
    chip = FakeMcp2515()
    can = Mcp2515(chip.spi, chip.cs, osc_hz=osc, bitrate=rate)
    can.init(**kw)
    return chip, can


def test_reset_returns_to_configuration_mode_with_defaults():
    chip, can = _started()
    assert chip.mode() == MODE_NORMAL
    can.reset()
    # Datasheet register defaults: CANSTAT 100x xxx0 (config), CANCTRL 0x87, CNF 0.
    assert chip.regs[CANSTAT] == 0x80 and chip.regs[CANCTRL] == 0x87
    assert chip.regs[CNF1] == chip.regs[CNF2] == chip.regs[CNF3] == 0


def test_init_writes_timing_in_configuration_mode_then_goes_normal():
    # The emulated chip, like the real one, ignores CNF writes outside
    # configuration mode: the values being there proves the order.
    chip, can = _started(osc=8000000, rate=250000)
    assert (chip.regs[CNF1], chip.regs[CNF2], chip.regs[CNF3]) == (0x00, 0xB5, 0x01)
    assert chip.mode() == MODE_NORMAL
    chip, can = _started(osc=16000000, rate=500000, mode=MODE_LISTEN)
    assert (chip.regs[CNF1], chip.regs[CNF2], chip.regs[CNF3]) == (0x00, 0xB5, 0x01)
    assert chip.mode() == MODE_LISTEN


def test_set_mode_raises_when_no_chip_answers():
    class Floating:     # MISO pulled high: every register reads 0xFF
        def write(self, buf):
            pass

        def readinto(self, buf, write=0):
            for i in range(len(buf)):
                buf[i] = 0xFF

    class Pin:
        def value(self, v=None):
            return 1

    can = Mcp2515(Floating(), Pin())
    raises(OSError, can.set_mode, MODE_CONFIG)


def test_receives_extended_j1939_frame_and_clears_rx_flag():
    chip, can = _started()
    assert can.recv() is None
    # CCVS1 (PGN 65265 = 0xFEF1) priority 6 from source 0x00: 0x18FEF100;
    # wheel speed 0x1900 / 256 = 25 km/h in bytes 2-3.
    data = bytes((0x00, 0x00, 0x19, 0x00, 0x00, 0x00, 0x00, 0x00))
    assert chip.receive(0x18FEF100, data, extended=True) == 0
    assert chip.regs[CANINTF] & 0x01            # RX0IF set
    assert can.recv() == (0x18FEF100, data, True, False)
    assert chip.regs[CANINTF] & 0x01 == 0       # READ RX BUFFER cleared it at CS high
    assert can.recv() is None


def test_receives_standard_obd_frame():
    chip, can = _started(rate=500000)
    # ISO 15765-4: ECU #1 answers on 0x7E8; 41 0D 50 = vehicle speed 80 km/h.
    data = bytes((0x03, 0x41, 0x0D, 0x50, 0x55, 0x55, 0x55, 0x55))
    chip.receive(0x7E8, data, extended=False)
    assert can.recv() == (0x7E8, data, False, False)
    chip.receive(0x7E8, b"", extended=False, remote=True)
    assert can.recv() == (0x7E8, b"", False, True)


def test_both_buffers_read_in_order_and_overflow_is_counted():
    chip, can = _started()
    a, b, c = b"\x01", b"\x02", b"\x03"
    # Rollover (BUKT): the second frame goes to RXB1, the third is lost.
    assert chip.receive(0x18FEF100, a) == 0
    assert chip.receive(0x18FE6CEE, b) == 1
    assert chip.receive(0x18FEF100, c) is None
    assert chip.regs[EFLG] & 0x80               # RX1OVR
    tec, rec, eflg = can.errors()
    assert (tec, rec) == (0, 0) and eflg & 0x80 and can.overflows == 1
    assert chip.regs[EFLG] & 0xC0 == 0          # cleared by BIT MODIFY
    assert can.recv() == (0x18FEF100, a, True, False)
    assert can.recv() == (0x18FE6CEE, b, True, False)
    assert can.recv() is None and chip.regs[CANINTF] & 3 == 0


def test_filters_keep_only_the_wanted_pgns():
    # Mask the PGN bits (8..25) of the 29-bit id; CCVS1 into RXB0, TCO1 into RXB1.
    mask = 0x03FFFF00
    chip, can = _started(filters=(mask, (0x00FEF100,), mask, (0x00FE6C00,)))
    assert chip.receive(0x18FEF117, b"\x11") == 0       # CCVS1 from source 0x17
    assert chip.receive(0x0CF00400, b"\x22") is None    # EEC1: filtered out
    assert chip.receive(0x18FE6CEE, b"\x33") == 1       # TCO1
    assert chip.receive(0x7E8, b"\x44", extended=False) is None
    assert can.recv()[0] == 0x18FEF117 and can.recv()[0] == 0x18FE6CEE
    assert can.recv() is None


def test_send_obd_speed_request():
    chip, can = _started(rate=500000)
    assert can.send(0x7DF, b"\x02\x01\x0D\x00\x00\x00\x00\x00") is True
    assert chip.sent == [(0x7DF, b"\x02\x01\x0D\x00\x00\x00\x00\x00", False)]
    assert can.send(0x18DB33F1, b"\x02\x01\x0D", extended=True)
    assert chip.sent[-1] == (0x18DB33F1, b"\x02\x01\x0D", True)
