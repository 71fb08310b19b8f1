# An MCP2515 emulated at the SPI byte level, for tests and the simulator.
# SPDX-License-Identifier: MIT
"""A duck-typed stand-in for ``machine.SPI`` + CS ``machine.Pin`` that
behaves like an MCP2515 (datasheet DS20001801) behind them.

It keeps the 128 registers, decodes the instructions the driver uses
(RESET, READ, WRITE, READ RX BUFFER, BIT MODIFY, RX STATUS, READ STATUS,
LOAD TX BUFFER, RTS) between a falling and a rising CS, and enforces what
the silicon enforces: CNF1-3, filters and masks change only in configuration
mode (section 10.1); READ RX BUFFER clears RXnIF when CS rises (12.4); a
frame that finds its buffer full is lost and sets RXnOVR (4.2).
:meth:`receive` puts a frame "on the bus". Use ``chip.spi`` and ``chip.cs``
where the driver wants the SPI bus and the chip-select pin.
"""

_CANSTAT, _CANCTRL, _CANINTF, _EFLG = 0x0E, 0x0F, 0x2C, 0x2D
_RXB0CTRL, _RXB1CTRL = 0x60, 0x70
# Bit-modify-able registers (section 12.10 / table 11-1 shaded cells).
_MODIFIABLE = (0x0C, 0x0D, 0x0F, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x30, 0x40, 0x50,
               0x60, 0x70)
_FILTERS_RXB0 = (0x00, 0x04)
_FILTERS_RXB1 = (0x08, 0x10, 0x14, 0x18)


def _defaults():
    regs = bytearray(128)
    for r in range(0x0E, 0x80, 0x10):
        regs[r] = 0x80          # CANSTAT mirrors: configuration mode
    for r in range(0x0F, 0x80, 0x10):
        regs[r] = 0x87          # CANCTRL: REQOP config, CLKEN, CLKPRE /8
    return regs


class _Spi:
    def __init__(self, chip):
        self._chip = chip

    def write(self, buf):
        for b in bytes(buf):
            self._chip._clock(b)

    def readinto(self, buf, write=0x00):
        for i in range(len(buf)):
            buf[i] = self._chip._clock(write)

    def write_readinto(self, wbuf, rbuf):
        for i in range(len(wbuf)):
            rbuf[i] = self._chip._clock(wbuf[i])


class _Cs:
    def __init__(self, chip):
        self._chip = chip
        self._level = 1

    def value(self, v=None):
        if v is None:
            return self._level
        v = 1 if v else 0
        if v != self._level:
            self._level = v
            self._chip._select(v == 0)

    def __call__(self, v=None):
        return self.value(v)


class FakeMcp2515:
    """The emulated chip. :attr:`transactions` counts CS low-high cycles,
    :attr:`sent` holds frames sent by RTS as ``(id, data, extended)``."""

    def __init__(self):
        self.regs = _defaults()
        self.spi, self.cs = _Spi(self), _Cs(self)
        self.transactions = 0
        self.sent = []
        self._bytes = None      # bytes clocked in this transaction; None when idle
        self._addr = 0
        self._rx_read = None    # buffer index read by READ RX BUFFER

    def mode(self):
        return self.regs[_CANSTAT] & 0xE0

    # -- the bus side -------------------------------------------------------
    def receive(self, can_id, data, extended=True, remote=False):
        """A frame arrives: store it as the acceptance logic would. Returns
        the buffer index, or None when filtered out or lost (overflow)."""
        if self.mode() not in (0x00, 0x60, 0x40):
            return None         # not listening (configuration or sleep)
        regs = self.regs
        raw = self._id_regs(can_id, extended)
        targets = []
        if self._accepts(0, raw):
            targets.append(0)
            if regs[_RXB0CTRL] & 0x04:
                targets.append(1)           # BUKT: roll over
        elif self._accepts(1, raw):
            targets.append(1)
        if not targets:
            return None
        for n in targets:
            if not regs[_CANINTF] & (1 << n):
                base = 0x61 + 0x10 * n
                regs[base:base + 4] = raw
                if not extended and remote:
                    regs[base + 1] |= 0x10  # SRR
                regs[base + 4] = len(data) | (0x40 if remote and extended else 0)
                regs[base + 5:base + 5 + len(data)] = bytes(data)
                regs[_CANINTF] |= 1 << n
                return n
        regs[_EFLG] |= 0x40 << targets[-1]  # RXnOVR
        return None

    @staticmethod
    def _id_regs(can_id, extended):
        if extended:
            sid = can_id >> 18
            return bytes((sid >> 3, ((sid & 7) << 5) | 0x08 | ((can_id >> 16) & 3),
                          (can_id >> 8) & 0xFF, can_id & 0xFF))
        return bytes((can_id >> 3, (can_id & 7) << 5, 0, 0))

    def _accepts(self, n, raw):
        regs = self.regs
        ctrl = regs[_RXB0CTRL if n == 0 else _RXB1CTRL]
        if ctrl & 0x60 == 0x60:
            return True
        mask = regs[0x20 + 4 * n:0x24 + 4 * n]
        for f in (_FILTERS_RXB0 if n == 0 else _FILTERS_RXB1):
            filt = regs[f:f + 4]
            if (filt[1] & 0x08) != (raw[1] & 0x08):     # EXIDE must match IDE
                continue
            ext = raw[1] & 0x08
            if all(((raw[i] ^ filt[i]) & mask[i] & (0xE3 if i == 1 else 0xFF)) == 0
                   for i in range(4 if ext else 2)):
                return True
        return False

    # -- the SPI side ---------------------------------------------------------
    def _select(self, low):
        if low:
            self._bytes = []
            return
        if self._rx_read is not None:       # READ RX BUFFER frees the buffer
            self.regs[_CANINTF] &= ~(1 << self._rx_read) & 0xFF
            self._rx_read = None
        self._bytes = None
        self.transactions += 1

    def _clock(self, mosi):
        """One byte each way; returns MISO."""
        if self._bytes is None:
            return 0xFF                     # not selected: SO is high impedance
        seq = self._bytes
        seq.append(mosi)
        cmd, i = seq[0], len(seq) - 1
        regs = self.regs
        if i == 0:
            if cmd == 0xC0:
                self.regs = _defaults()
            elif cmd & 0xF9 == 0x90:        # READ RX BUFFER n, m
                n, m = (cmd >> 2) & 1, (cmd >> 1) & 1
                self._addr = 0x61 + 0x10 * n + 5 * m
                self._rx_read = n
            elif cmd == 0x81:
                self._send(0)
            elif cmd & 0xF8 == 0x40:
                self._addr = 0x31 + 0x10 * (cmd & 6) // 2 + (5 if cmd & 1 else 0)
            return 0xFF
        if cmd in (0x03, 0x02) and i == 1:
            self._addr = mosi & 0x7F
            return 0xFF
        if cmd == 0x03 or cmd & 0xF9 == 0x90:
            out = regs[self._addr]
            self._addr = (self._addr + 1) & 0x7F
            return out
        if cmd == 0x02 or cmd & 0xF8 == 0x40:
            self._store(self._addr, mosi)
            self._addr = (self._addr + 1) & 0x7F
            return 0xFF
        if cmd == 0x05 and i == 3:
            addr, mask = seq[1] & 0x7F, seq[2]
            if addr in _MODIFIABLE:
                self._store(addr, (regs[addr] & ~mask & 0xFF) | (mosi & mask))
            else:                           # section 12.10: a plain write
                self._store(addr, mosi)
            return 0xFF
        if cmd == 0xB0:
            return self._rx_status()
        if cmd == 0xA0:
            f = regs[_CANINTF]
            return (f & 3) | ((regs[0x30] & 8) >> 1) | ((f & 4) << 1)
        return 0xFF

    def _store(self, addr, value):
        regs = self.regs
        config = self.mode() == 0x80
        if addr < 0x2B and (addr & 0x0F) < 0x0C and not config:
            return                          # filters, masks, CNF: config mode only
        if addr & 0x0F == 0x0E or addr in (0x1C, 0x1D):
            return                          # CANSTAT, TEC, REC are read-only
        if addr & 0x0F == 0x0F:
            for r in range(0x0F, 0x80, 0x10):
                regs[r] = value
            for r in range(0x0E, 0x80, 0x10):
                regs[r] = (regs[r] & 0x1F) | (value & 0xE0)   # the mode follows at once
            return
        regs[addr] = value

    def _rx_status(self):
        regs = self.regs
        f = regs[_CANINTF] & 3
        out = f << 6
        n = 0 if f & 1 else (1 if f & 2 else None)
        if n is not None:
            sidl, dlc = regs[0x62 + 0x10 * n], regs[0x65 + 0x10 * n]
            if sidl & 0x08:
                out |= 0x10 | (0x08 if dlc & 0x40 else 0)
            elif sidl & 0x10:
                out |= 0x08
        return out

    def _send(self, n):
        base = 0x31 + 0x10 * n
        regs = self.regs
        sidh, sidl, eid8, eid0, dlc = regs[base:base + 5]
        if sidl & 0x08:
            can_id = (sidh << 21) | ((sidl >> 5) << 18) | ((sidl & 3) << 16) | (eid8 << 8) | eid0
        else:
            can_id = (sidh << 3) | (sidl >> 5)
        n_data = dlc & 0x0F
        self.sent.append((can_id, bytes(regs[base + 5:base + 5 + n_data]), bool(sidl & 0x08)))
