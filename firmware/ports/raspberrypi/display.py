# The cab display of the Pi port: a 128x64 OLED through luma.oled, luma's dummy device, or the terminal.
# SPDX-License-Identifier: MIT
"""Displays take a :class:`drivetime.dashboard.Screen` and show it.

- :class:`OledDisplay`: an SSD1306 or SH1106 128x64 OLED on I2C (address
  0x3C on bus 1 for most modules) or SPI, driven by luma.oled; or luma's
  ``dummy`` device, which keeps the last image in memory (tests, snapshots).
  The screen is drawn by :mod:`drivetime_pi.render` (8x8 font, as the
  MicroPython port's framebuf text).
- :class:`TerminalDisplay`: the same grid as text on a stream (a bench
  without an OLED, the simulator, ``journalctl`` under systemd).
- :class:`FakeDisplay`: keeps the screens shown.

:func:`open_display` picks one from the ``[display]`` section of the config.
A failing display (an I2C error) raises :class:`~drivetime_pi.AdapterError`;
the main loop goes on without it and tries again.
"""

from . import AdapterError
from . import render

OLED_KINDS = ("ssd1306", "sh1106", "dummy")


class DisplayABC:
    """Shows a screen; :meth:`show` is the one primitive."""

    def show(self, screen):
        """Show ``screen`` (a :class:`~drivetime.dashboard.Screen`).

        :raises ValueError: for a screen that does not fit 8 rows of 16 characters
        :raises AdapterError: when the display fails
        """
        raise NotImplementedError

    def close(self):
        """Release the display; safe to call twice."""


class OledDisplay(DisplayABC):
    """A luma.oled device (or luma's dummy).

    :param kind: ``ssd1306``, ``sh1106`` or ``dummy``
    :param bus: ``i2c`` or ``spi``
    :param port: I2C bus number (``/dev/i2c-1`` is 1) or SPI port
    :param address: I2C address (0x3C or 0x3D)
    :param spi_device: SPI chip select; ``gpio_dc``, ``gpio_rst``: BCM pins for SPI
    :param rotate: 0, or 2 for a display mounted upside down
    :param contrast: 0-255, or None for the module's default
    :param device: a luma device already made (then the other arguments are unused)
    :raises AdapterError: when the device cannot be opened
    """

    def __init__(self, kind="ssd1306", bus="i2c", port=1, address=0x3C, spi_device=0,
                 gpio_dc=24, gpio_rst=25, rotate=0, contrast=None, device=None):
        self.name = "%s:%s" % (kind, bus)
        try:
            self.device = device or _luma_device(kind, bus, port, address, spi_device,
                                                 gpio_dc, gpio_rst, rotate)
            if contrast is not None:
                self.device.contrast(contrast)
        except Exception as exc:    # DeviceNotFoundError, DevicePermissionError, OSError
            raise AdapterError("display", "cannot open %s: %s" % (self.name, exc)) from exc

    def show(self, screen):
        image = render.screen_image(screen)     # ValueError for a bad screen, before any I/O
        try:
            self.device.display(image)
        except Exception as exc:    # an I2C write error
            raise AdapterError("display", "%s: %s" % (self.name, exc)) from exc

    def close(self):
        device, self.device = getattr(self, "device", None), None
        if device is not None:
            try:
                device.cleanup()    # luma: clear and switch the panel off
            except Exception:
                pass


def _luma_device(kind, bus, port, address, spi_device, gpio_dc, gpio_rst, rotate):
    """Make the luma device; luma is imported only here (lazy)."""
    if kind == "dummy":
        from luma.core.device import dummy
        return dummy(width=render.WIDTH, height=render.HEIGHT, rotate=rotate, mode="1")
    from luma.oled import device as oled
    if kind not in ("ssd1306", "sh1106"):
        raise ValueError("unknown OLED %r (one of %s)" % (kind, ", ".join(OLED_KINDS)))
    if bus == "i2c":
        from luma.core.interface.serial import i2c
        serial = i2c(port=port, address=address)
    elif bus == "spi":
        from luma.core.interface.serial import spi
        serial = spi(port=port, device=spi_device, gpio_DC=gpio_dc, gpio_RST=gpio_rst)
    else:
        raise ValueError("unknown display bus %r (i2c or spi)" % (bus,))
    return getattr(oled, kind)(serial, width=render.WIDTH, height=render.HEIGHT, rotate=rotate)


class TerminalDisplay(DisplayABC):
    """The screen as a boxed text block on ``stream``.

    :param stream: a text stream (``sys.stdout``)
    :param ansi: clear the terminal before each screen and draw inverted
        rows in reverse video (a live terminal); otherwise blocks follow
        each other (a log)
    """

    name = "terminal"

    def __init__(self, stream, ansi=False):
        self.stream = stream
        self.ansi = ansi

    def show(self, screen):
        text = render.terminal_render(screen, ansi=self.ansi)
        try:
            self.stream.write(("\x1b[H\x1b[2J" if self.ansi else "") + text + "\n")
            self.stream.flush()
        except (OSError, ValueError) as exc:     # a closed pipe or stream
            raise AdapterError("display", "terminal: %s" % (exc,)) from exc


class FakeDisplay(DisplayABC):
    """Keeps every screen shown in :attr:`shown` (checked like the real ones)."""

    name = "fake"

    def __init__(self):
        self.shown = []

    def show(self, screen):
        render.check_screen(screen)
        self.shown.append(screen)


def open_display(section, stream=None):
    """The display of a config's ``[display]`` section (see :mod:`drivetime_pi.config`).

    :param section: dict with ``kind`` (``ssd1306``, ``sh1106``, ``dummy``,
        ``terminal`` or ``none``) and the :class:`OledDisplay` arguments
    :param stream: the terminal display's stream (default ``sys.stdout``)
    :returns: a display, or None for ``none``
    """
    options = dict(section)
    kind = options.pop("kind", "terminal")
    if kind == "none":
        return None
    if kind == "terminal":
        import sys
        stream = stream or sys.stdout
        ansi = options.get("ansi")
        return TerminalDisplay(stream, stream.isatty() if ansi is None else ansi)
    options.pop("ansi", None)
    return OledDisplay(kind, **options)
