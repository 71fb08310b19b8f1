# Stand-ins for machine.Pin, machine.UART and an SSD1306, for tests and the simulator.
# SPDX-License-Identifier: MIT
"""Duck-typed fakes with the same methods the port calls on the real things
(STYLE.md §4.1: ship the fake with the real thing)."""


class FakePin:
    """An input or output pin. Tests call :meth:`drive` (the outside world)."""

    def __init__(self, level=1):
        self.level = level
        self.history = []

    def drive(self, level):
        self.level = 1 if level else 0

    def value(self, v=None):
        if v is None:
            return self.level
        self.level = 1 if v else 0
        self.history.append(self.level)

    def on(self):
        self.value(1)

    def off(self):
        self.value(0)


class FakeUART:
    """A UART: :meth:`feed` bytes in, the port reads them out with ``any()``
    and ``readinto()`` as from ``machine.UART``; what the port ``write()``-s
    collects in :attr:`sent` (:meth:`take` empties it). ``accept``: most bytes
    one ``write`` takes (a full transmit buffer), None: all."""

    def __init__(self, accept=None):
        self._buf = bytearray()
        self.sent = bytearray()
        self.accept = accept

    def write(self, data):
        n = len(data) if self.accept is None else min(self.accept, len(data))
        self.sent += data[:n]
        return n

    def take(self):
        out, self.sent = bytes(self.sent), bytearray()
        return out

    def feed(self, data):
        self._buf += data

    def any(self):
        return len(self._buf)

    def readinto(self, buf, nbytes=None):
        n = min(len(buf) if nbytes is None else nbytes, len(self._buf))
        if n == 0:
            return None             # machine.UART: None on timeout
        buf[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def read(self, nbytes=None):
        if not self._buf:
            return None
        n = len(self._buf) if nbytes is None else min(nbytes, len(self._buf))
        out = bytes(self._buf[:n])
        self._buf = self._buf[n:]
        return out


class FakeSsd1306:
    """Records what a micropython-lib ``SSD1306_I2C`` would draw: the text
    at each 8x8 cell, the filled rectangles and how often it was shown."""

    width, height = 128, 64

    def __init__(self):
        self.ops = []
        self.shows = 0
        self.cells = {}             # (col, row) -> (char, colour) of the last frame
        self.filled = []            # (x, y, w, h, colour) of the last frame
        self.pixels = {}            # (x, y) -> colour set by pixel() in the last frame

    def fill(self, c):
        self.ops.append(("fill", c))
        self.cells, self.pixels = {}, {}
        self.filled = [(0, 0, self.width, self.height, c)]

    def fill_rect(self, x, y, w, h, c):
        self.ops.append(("fill_rect", x, y, w, h, c))
        self.filled.append((x, y, w, h, c))

    def text(self, s, x, y, c=1):
        self.ops.append(("text", s, x, y, c))
        for k, ch in enumerate(s):
            self.cells[(x // 8 + k, y // 8)] = (ch, c)

    def pixel(self, x, y, c=None):
        self.ops.append(("pixel", x, y, c))
        self.pixels[(x, y)] = c

    def show(self):
        self.shows += 1

    def row(self, r):
        """The text drawn on row ``r`` (16 cells, blanks as spaces)."""
        return "".join(self.cells.get((c, r), (" ", 1))[0] for c in range(16))


class FakeMachine:
    """A stand-in for the ``machine`` module, for ``main.build``: ``Pin(n, ...)``
    gives the pin registered for ``n`` (e.g. an emulated chip's CS) or a new
    :class:`FakePin`; ``SPI`` gives ``spi``; ``UART`` gives one :class:`FakeUART`.
    :attr:`made` records each construction ``(kind, args, kwargs)``;
    ``UART(n, ...)`` gives the :class:`FakeUART` of bus ``n`` (:attr:`uarts`),
    :attr:`uart` is the first one made."""

    def __init__(self, spi=None, pins=None):
        machine = self
        self.made = []
        self.pins = dict(pins or {})
        self.unique = b"\xe6\x61\x38\x52\x83\x4d\x21\x2f"

        def unique_id():
            return machine.unique
        self.unique_id = unique_id
        self.uart = None
        self.uarts = {}
        self._spi = spi

        class Pin:
            IN, OUT, PULL_UP, PULL_DOWN = 0, 1, 2, 3

            def __new__(cls, n, mode=-1, pull=None, value=None):
                machine.made.append(("Pin", (n, mode, pull), {"value": value}))
                pin = machine.pins.get(n)
                if pin is None:
                    pin = machine.pins[n] = FakePin(1)
                if value is not None:
                    pin.value(value)
                return pin

        self.Pin = Pin

    def SPI(self, *args, **kwargs):
        self.made.append(("SPI", args, kwargs))
        return self._spi

    def UART(self, *args, **kwargs):
        self.made.append(("UART", args, kwargs))
        uart = self.uarts.get(args[0])
        if uart is None:
            uart = self.uarts[args[0]] = FakeUART()
        if self.uart is None:
            self.uart = uart
        return uart

    def I2C(self, *args, **kwargs):
        self.made.append(("I2C", args, kwargs))
        return object()


class FakeSsd1306Module:
    """A stand-in for micropython-lib's ``ssd1306`` module."""

    def __init__(self):
        self.oled = FakeSsd1306()

    def SSD1306_I2C(self, width, height, i2c, addr=0x3C):
        assert (width, height) == (128, 64)
        self.addr = addr
        return self.oled
