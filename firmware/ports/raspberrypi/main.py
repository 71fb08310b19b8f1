# The Pi port's main loop: poll the adapters, feed the unit, carry out its outputs.
# SPDX-License-Identifier: MIT
"""``drivetime unit --config FILE``."""

import time


class SystemClock:
    """The Pi's clocks: ``mono_ms`` never jumps (``time.monotonic``), ``utc_s``
    is the system time (NTP or an RTC HAT; the unit trusts GPS over it)."""

    def mono_ms(self):
        return time.monotonic_ns() // 1000000

    def utc_s(self):
        return int(time.time())

    def sleep(self, seconds):
        time.sleep(seconds)


class ManualClock:
    """A clock the caller moves (tests, the simulator's time warp).

    :param mono_ms: starting monotonic time
    :param utc_s: the system time at ``mono_ms``
    """

    def __init__(self, mono_ms=0, utc_s=0):
        self._mono = mono_ms
        self._utc0 = utc_s * 1000 - mono_ms

    def mono_ms(self):
        return self._mono

    def utc_s(self):
        return (self._utc0 + self._mono) // 1000

    def advance(self, ms):
        self._mono += ms

    def set(self, mono_ms):
        if mono_ms < self._mono:
            raise ValueError("a monotonic clock does not go back")
        self._mono = mono_ms

    def sleep(self, seconds):
        self._mono += int(seconds * 1000)
