# Fixtures for the simulator's tests: emulated devices on pseudo-terminals, closed afterwards.
# SPDX-License-Identifier: MIT
"""- ``slcan``: a :class:`simulator.slcan_device.SlcanDevice` (python-can opens ``slcan.path``).
- ``gps``: a :class:`simulator.gps_device.GpsDevice` (pyserial opens ``gps.path``).

(``wait_for`` is tests/conftest.py's.)
"""

import pytest


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
