# Fixtures for the Raspberry Pi port: a manual clock, gpiozero's mock pins, an SLCAN device and a GPS on pseudo-terminals.
# SPDX-License-Identifier: MIT
"""Shared fixtures of ``tests/ports``.

- ``clock``: a :class:`drivetime_pi.main.ManualClock` the test advances.
- ``mock_pins``: gpiozero's ``MockFactory`` as ``Device.pin_factory`` (the
  library's own injection point), closed afterwards.
- ``slcan_device``: the far side of a USB-SLCAN adapter on a pseudo-terminal
  (``os.openpty``). python-can opens the slave path as it would
  ``/dev/ttyACM0``; the test writes the adapter's ASCII frames (Lawicel
  SLCAN: ``T`` + 8 hex id + length digit + hex data + CR for an extended
  frame, ``t`` + 3 hex id for a standard one) to the master side and reads
  back the commands python-can sent.
- ``serial_pty``: the far side of a serial GPS receiver on a pseudo-terminal.
- ``new_device``: another pty device (re-plugging an adapter).
- ``wait_for``: tests/conftest.py's (poll until a condition holds).

(Fixtures, not imports: pytest's importlib mode does not put this folder on the path.)
"""

import os
import select

import pytest

from simulator.slcan_device import frame_line


class PtyDevice:
    """The device end of a pseudo-terminal; ``path`` is the tty a port opens."""

    def __init__(self):
        self.master, self._slave = os.openpty()
        self.path = os.ttyname(self._slave)

    def write(self, data):
        """Send bytes towards the port, all of them."""
        view = memoryview(data)
        while view:
            n = os.write(self.master, view)
            view = view[n:]

    def read(self, wait_s=0.2):
        """Return what the port wrote to the device (waits up to ``wait_s`` for the first byte)."""
        out = b""
        timeout = wait_s
        while select.select([self.master], [], [], timeout)[0]:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:         # the port closed its end
                break
            if not chunk:
                break
            out += chunk
            timeout = 0.02
        return out

    def hang_up(self):
        """Pull the plug: close the device end (the port's reads then fail)."""
        for fd in (self.master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass
        self.master = self._slave = -1

    def close(self):
        if self.master != -1:
            self.hang_up()


class SlcanDevice(PtyDevice):
    """A USB-SLCAN adapter: frames go out as Lawicel ASCII lines."""

    def frame(self, arbitration_id, data, extended=True):
        """Send one received CAN frame to the port."""
        self.write(self.line(arbitration_id, data, extended))

    # The SLCAN line of a data frame: ``T``/``t``, id, length, hex data, CR (the emulator's)
    line = staticmethod(frame_line)


@pytest.fixture
def clock():
    from drivetime_pi.main import ManualClock
    return ManualClock(mono_ms=1000, utc_s=1772431200)     # 2026-03-02T06:00:00Z


@pytest.fixture
def mock_pins():
    from gpiozero import Device
    from gpiozero.pins.mock import MockFactory
    saved = Device.pin_factory
    Device.pin_factory = MockFactory()
    yield Device.pin_factory
    Device.pin_factory.reset()
    Device.pin_factory = saved


@pytest.fixture
def slcan_device():
    device = SlcanDevice()
    yield device
    device.close()


@pytest.fixture
def new_device():
    """``new_device(slcan=False)``: another device on a new pty (a re-plugged adapter)."""
    made = []

    def new(slcan=False):
        made.append(SlcanDevice() if slcan else PtyDevice())
        return made[-1]
    yield new
    for device in made:
        device.close()


@pytest.fixture
def serial_pty():
    device = PtyDevice()
    yield device
    device.close()
