# MCP2515 stand-alone CAN controller on SPI: reset, bit timing, modes, receive, send.
# SPDX-License-Identifier: MIT
"""A small hand-written driver for the Microchip MCP2515 (datasheet
DS20001801, "MCP2515 Stand-Alone CAN Controller with SPI Interface").

Only what a drivers'-hours unit needs: reset, bit timing for 250 kbit/s
(SAE J1939) and 500 kbit/s (ISO 15765-4 OBD-II) from an 8, 12 or 16 MHz
crystal, normal or listen-only mode, both receive buffers (standard and
extended identifiers), optional acceptance filters, the error counters, and
one transmit buffer for the OBD-II speed request.

SPI instructions used (datasheet table 12-1): RESET 0xC0, READ 0x03,
WRITE 0x02, READ RX BUFFER 0x90/0x94 (reading it clears CANINTF.RXnIF when
CS goes high, section 12.4), BIT MODIFY 0x05, RX STATUS 0xB0, LOAD TX BUFFER
0x40, RTS 0x81. SPI mode 0,0 up to 10 MHz.

Bit timing (datasheet section 5): a bit is SyncSeg (1 TQ) + PropSeg +
PS1 + PS2 time quanta, ``TQ = 2 * (BRP + 1) / Fosc`` (equation 5-1);
sampling happens at the end of PS1. :func:`bit_timing` takes the smallest
prescaler that gives 8..25 TQ and a sample point closest to 87.5 % (CiA's
recommendation for 250 and 500 kbit/s, used by J1939 networks), with
SJW = 1 TQ, PS2 >= 2 TQ (the information processing time), PS2 > SJW and
PropSeg + PS1 >= PS2 (section 5.3).
"""

try:
    from micropython import const
except ImportError:  # CPython
    def const(x):
        return x

# Instructions (table 12-1)
_RESET = const(0xC0)
_READ = const(0x03)
_WRITE = const(0x02)
_READ_RX = const(0x90)          # | 0x00: RXB0SIDH, | 0x04: RXB1SIDH
_BIT_MODIFY = const(0x05)
_RX_STATUS = const(0xB0)
_LOAD_TX0 = const(0x40)         # TXB0SIDH onwards
_RTS_TX0 = const(0x81)
# Registers (table 11-1)
_CANSTAT = const(0x0E)
_CANCTRL = const(0x0F)
_TEC = const(0x1C)
_REC = const(0x1D)
_CNF3 = const(0x28)             # CNF3, CNF2, CNF1 are consecutive
_CANINTE = const(0x2B)
_CANINTF = const(0x2C)
_EFLG = const(0x2D)
_TXB0CTRL = const(0x30)
_RXB0CTRL = const(0x60)
_RXB1CTRL = const(0x70)
_RXM0SIDH = const(0x20)         # RXM1 at 0x24
# Filters RXF0..RXF5: 0x00, 0x04, 0x08 and 0x10, 0x14, 0x18
_FILTER_ADDR = (0x00, 0x04, 0x08, 0x10, 0x14, 0x18)

# CANCTRL.REQOP / CANSTAT.OPMOD values (register 10-1)
MODE_NORMAL = const(0x00)
MODE_SLEEP = const(0x20)
MODE_LOOPBACK = const(0x40)
MODE_LISTEN = const(0x60)
MODE_CONFIG = const(0x80)

_RX0IF = const(0x01)
_RX1IF = const(0x02)
_RXM_ANY = const(0x60)          # RXBnCTRL.RXM = 11: filters off, take every frame
_BUKT = const(0x04)             # RXB0CTRL: roll over into RXB1 when RXB0 is full
_RX0OVR = const(0x40)
_RX1OVR = const(0x80)
_IDE = const(0x08)              # SIDL: extended identifier
_SRR = const(0x10)              # SIDL of a received standard frame: remote request
_RTR = const(0x40)              # DLC of a received extended frame: remote request


def bit_timing(osc_hz, bitrate, sample_permille=875):
    """Return ``(CNF1, CNF2, CNF3)`` for a crystal and a bit rate.

    :param osc_hz: crystal frequency (8 000 000, 12 000 000, 16 000 000, ...)
    :param bitrate: 250 000 for J1939, 500 000 for OBD-II
    :param sample_permille: wanted sample point, in 1/1000 of the bit
    :raises ValueError: when no prescaler gives a whole 8..25 TQ bit
    """
    best = None
    for brp in range(64):
        per_bit = 2 * (brp + 1) * bitrate
        if osc_hz % per_bit:
            continue
        ntq = osc_hz // per_bit
        if ntq < 8:
            break
        if ntq > 25:
            continue
        # PS2 from the sample point, at least 2 TQ; PropSeg + PS1 at most 8 + 8.
        ps2 = max(2, ntq - (ntq * sample_permille + 500) // 1000)
        ps2 = max(ps2, ntq - 1 - 16)
        if ps2 > 8:
            continue
        tseg1 = ntq - 1 - ps2
        error = abs((ntq - ps2) * 1000 // ntq - sample_permille)
        if best is None or error < best[0]:
            best = (error, brp, tseg1, ps2)
    if best is None:
        raise ValueError("no MCP2515 bit timing for %d bit/s from %d Hz" % (bitrate, osc_hz))
    _, brp, tseg1, ps2 = best
    prop = tseg1 // 2
    ps1 = tseg1 - prop
    # Registers hold each length minus one; SJW = 1 TQ is 00 in CNF1<7:6>.
    cnf1 = brp
    cnf2 = 0x80 | ((ps1 - 1) << 3) | (prop - 1)   # BTLMODE=1: PS2 from CNF3
    cnf3 = ps2 - 1
    return cnf1, cnf2, cnf3


def _id_bytes(can_id, extended):
    """The four identifier bytes (SIDH, SIDL, EID8, EID0) of a buffer or filter."""
    if extended:
        sid = can_id >> 18
        return bytes((sid >> 3, ((sid & 7) << 5) | _IDE | ((can_id >> 16) & 3),
                      (can_id >> 8) & 0xFF, can_id & 0xFF))
    return bytes((can_id >> 3, (can_id & 7) << 5, 0, 0))


class Mcp2515:
    """One MCP2515 on an SPI bus.

    :param spi: a configured ``machine.SPI`` (mode 0, <= 10 MHz), or a fake
        with ``write``, ``readinto`` and ``write_readinto``
    :param cs: the chip-select ``machine.Pin`` (output, idle high)
    :param osc_hz: the crystal on the board (8 or 16 MHz on common modules)
    :param bitrate: 250 000 (J1939) or 500 000 (OBD-II)
    """

    def __init__(self, spi, cs, osc_hz=8000000, bitrate=250000):
        self.spi, self.cs = spi, cs
        self.osc_hz, self.bitrate = osc_hz, bitrate
        self._cmd = bytearray(4)
        self._rx = bytearray(13)        # SIDH SIDL EID8 EID0 DLC D0..D7
        self._one = bytearray(1)
        self.overflows = 0
        cs.value(1)

    # -- SPI primitives -------------------------------------------------
    def _xfer(self, n, read=None):
        """Send the first ``n`` bytes of ``_cmd``, then read into ``read``."""
        self.cs.value(0)
        try:
            self.spi.write(memoryview(self._cmd)[:n])
            if read is not None:
                self.spi.readinto(read, 0)
        finally:
            self.cs.value(1)

    def _read(self, addr):
        self._cmd[0], self._cmd[1] = _READ, addr
        self._xfer(2, self._one)
        return self._one[0]

    def _write(self, addr, data):
        self.cs.value(0)
        try:
            self._cmd[0], self._cmd[1] = _WRITE, addr
            self.spi.write(memoryview(self._cmd)[:2])
            self.spi.write(data)
        finally:
            self.cs.value(1)

    def _modify(self, addr, mask, value):
        c = self._cmd
        c[0], c[1], c[2], c[3] = _BIT_MODIFY, addr, mask, value
        self._xfer(4)

    # -- set-up -----------------------------------------------------------
    def reset(self):
        """RESET instruction: every register to its default, configuration mode."""
        self._cmd[0] = _RESET
        self._xfer(1)

    def set_mode(self, mode, tries=10):
        """Request an operation mode (MODE_*) and check CANSTAT.OPMOD.

        :raises OSError: when the chip does not enter it (no chip, no clock)
        """
        self._modify(_CANCTRL, 0xE0, mode)
        for _ in range(tries):
            if self._read(_CANSTAT) & 0xE0 == mode:
                return
        raise OSError("MCP2515 did not enter mode 0x%02x" % mode)

    def init(self, mode=MODE_NORMAL, filters=None):
        """Reset, set the bit timing, take every frame (or ``filters``), start.

        :param mode: MODE_NORMAL (acknowledges frames, may send the OBD-II
            request) or MODE_LISTEN (never drives the bus: a J1939 monitor)
        :param filters: ``None`` for all frames, else see :meth:`set_filters`
        """
        self.reset()
        self.set_mode(MODE_CONFIG)      # reset already did; CNF1-3 need it
        cnf1, cnf2, cnf3 = bit_timing(self.osc_hz, self.bitrate)
        self._write(_CNF3, bytes((cnf3, cnf2, cnf1)))
        if filters is None:
            self._write(_RXB0CTRL, bytes((_RXM_ANY | _BUKT,)))
            self._write(_RXB1CTRL, bytes((_RXM_ANY,)))
        else:
            self.set_filters(*filters)
        self._write(_CANINTE, bytes((_RX0IF | _RX1IF,)))   # INT pin on receive
        self._write(_CANINTF, b"\x00")
        self.set_mode(mode)

    def set_filters(self, mask0, filters0, mask1=None, filters1=(), extended=True):
        """Acceptance masks and filters (configuration mode only, section 4.5).

        RXB0 takes frames matching ``filters0`` (up to 2) under ``mask0``;
        RXB1 those matching ``filters1`` (up to 4) under ``mask1``. Unused
        filter slots repeat the first, so nothing else slips through.
        """
        if not filters0 or len(filters0) > 2 or len(filters1) > 4:
            raise ValueError("RXB0 takes 1-2 filters, RXB1 up to 4")
        mask1 = mask0 if mask1 is None else mask1
        filters1 = filters1 or filters0
        slots = [filters0[i % len(filters0)] for i in range(2)]
        slots += [filters1[i % len(filters1)] for i in range(4)]
        for addr, f in zip(_FILTER_ADDR, slots):
            self._write(addr, _id_bytes(f, extended))
        for addr, m in ((_RXM0SIDH, mask0), (_RXM0SIDH + 4, mask1)):
            self._write(addr, bytes(_id_bytes(m, extended)[i] & (0xE3 if i == 1 else 0xFF)
                                    for i in range(4)))
        self._write(_RXB0CTRL, bytes((_BUKT,)))   # RXM = 00: filters apply
        self._write(_RXB1CTRL, b"\x00")

    # -- receive ----------------------------------------------------------
    def rx_status(self):
        """RX STATUS byte: bit 6 RXB0 full, bit 7 RXB1 full (table 12-9)."""
        self._cmd[0] = _RX_STATUS
        self._xfer(1, self._one)
        return self._one[0]

    def recv(self):
        """Return the oldest received frame as ``(arbitration_id, data,
        extended, remote)``, or ``None`` when both buffers are empty.

        READ RX BUFFER clears the buffer's RXnIF as CS rises, freeing it.
        """
        status = self.rx_status()
        if status & 0x40:
            cmd = _READ_RX
        elif status & 0x80:
            cmd = _READ_RX | 0x04
        else:
            return None
        self._cmd[0] = cmd
        b = self._rx
        self._xfer(1, b)
        if b[1] & _IDE:
            can_id = (b[0] << 21) | ((b[1] >> 5) << 18) | ((b[1] & 3) << 16) | (b[2] << 8) | b[3]
            remote = bool(b[4] & _RTR)
        else:
            can_id = (b[0] << 3) | (b[1] >> 5)
            remote = bool(b[1] & _SRR)
        n = min(b[4] & 0x0F, 8)
        return can_id, bytes(b[5:5 + n]), bool(b[1] & _IDE), remote

    def errors(self):
        """Return ``(tec, rec, eflg)`` and clear the receive overflow flags
        (counted in :attr:`overflows`): a frame was lost while both buffers
        were full; poll faster or use the INT pin."""
        tec, rec, eflg = self._read(_TEC), self._read(_REC), self._read(_EFLG)
        if eflg & (_RX0OVR | _RX1OVR):
            self.overflows += 1
            self._modify(_EFLG, _RX0OVR | _RX1OVR, 0)
        return tec, rec, eflg

    # -- send ---------------------------------------------------------------
    def send(self, can_id, data, extended=False):
        """Queue one data frame in TXB0 (e.g. the OBD-II speed request).

        :returns: False when TXB0 is still busy with the previous frame
        """
        if self._read(_TXB0CTRL) & 0x08:    # TXREQ
            return False
        self.cs.value(0)
        try:
            self._one[0] = _LOAD_TX0
            self.spi.write(self._one)
            self.spi.write(_id_bytes(can_id, extended))
            self.spi.write(bytes((len(data),)))
            self.spi.write(data)
        finally:
            self.cs.value(1)
        self._cmd[0] = _RTS_TX0
        self._xfer(1)
        return True
