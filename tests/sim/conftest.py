# Fixtures for the simulator's tests: emulated devices on pseudo-terminals, closed afterwards; a polling helper.
# SPDX-License-Identifier: MIT
"""- ``slcan``: a :class:`simulator.slcan_device.SlcanDevice` (python-can opens ``slcan.path``).
- ``gps``: a :class:`simulator.gps_device.GpsDevice` (pyserial opens ``gps.path``).
- ``wait_for(poll, done, timeout_s=3.0)``: call ``poll`` until ``done()`` (a
  pty hands bytes over asynchronously).
"""

import time

import pytest


def _wait_for(poll, done, timeout_s=3.0):
    deadline = time.monotonic() + timeout_s
    while True:
        poll()
        if done() or time.monotonic() > deadline:
            return done()
        time.sleep(0.001)


@pytest.fixture
def wait_for():
    return _wait_for


@pytest.fixture
def slcan():
    from simulator.slcan_device import SlcanDevice
    device = SlcanDevice()
    yield device
    device.close()


@pytest.fixture
def gps():
    from simulator.gps_device import GpsDevice
    device = GpsDevice()
    yield device
    device.close()
