# Fixtures shared by every pytest folder: polling until a device or process has caught up.
# SPDX-License-Identifier: MIT
"""- ``wait_for(poll, done, timeout_s=3.0)``: call ``poll`` until ``done()``
  holds or the time is up; :returns: ``done()`` (a pty hands bytes over
  asynchronously, so a test steps the unit until it has read them).

(tests/core holds no fixtures: its tests also run under MicroPython.)
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
    """``wait_for(poll, done, timeout_s=3.0)``: poll until done (pty hand-over is asynchronous)."""
    return _wait_for
