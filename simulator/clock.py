# Clocks for the simulation: a virtual one the caller moves, and real time sped up by a warp factor.
# SPDX-License-Identifier: MIT
"""Both have the interface of the Pi port's clocks (``drivetime_pi.wiring``
``SystemClock`` / ``ManualClock``): ``mono_ms()``, ``utc_s()`` and
``sleep(seconds)``, so a unit loop and the emulators can share one.

- :class:`VirtualClock`: time moves only when told (``advance``, ``set``);
  a scenario runs as fast as the machine can, deterministically.
- :class:`WarpClock`: real time times ``warp`` (1x to 600x in the live UI);
  changing the warp keeps the time continuous; ``pause`` holds it.
"""

import time

from drivetime_pi.wiring import ManualClock
from simulator.traffic import START_UTC_S


class VirtualClock(ManualClock):
    """Simulation time the caller moves: the Pi port's :class:`ManualClock`
    (``advance``, ``set``, ``sleep``) starting at the simulation's start.

    :param mono_ms: starting monotonic time
    :param utc_s: UTC at ``mono_ms`` (default: the scenario start)
    """

    def __init__(self, mono_ms=0, utc_s=START_UTC_S):
        ManualClock.__init__(self, mono_ms, utc_s)


class WarpClock:
    """Real time sped up ``warp`` times.

    :param warp: simulation seconds per real second (> 0)
    :param mono_ms: the simulation time now
    :param utc_s: UTC at ``mono_ms``
    :param real: the real monotonic clock in seconds (tests pass their own)
    """

    def __init__(self, warp=1.0, mono_ms=0, utc_s=START_UTC_S, real=time.monotonic):
        if warp <= 0:
            raise ValueError("warp must be positive")
        self.real = real
        self._utc0 = utc_s * 1000 - mono_ms
        self._base_ms, self._base_real, self.warp = mono_ms, real(), float(warp)
        self.paused = False

    def mono_ms(self):
        if self.paused:
            return self._base_ms
        return self._base_ms + int((self.real() - self._base_real) * 1000 * self.warp)

    def utc_s(self):
        return (self._utc0 + self.mono_ms()) // 1000

    def set_warp(self, warp):
        """Change the speed from now on (the time does not jump)."""
        if warp <= 0:
            raise ValueError("warp must be positive")
        self._base_ms, self._base_real, self.warp = self.mono_ms(), self.real(), float(warp)

    def pause(self):
        self._base_ms, self.paused = self.mono_ms(), True

    def resume(self):
        self._base_real, self.paused = self.real(), False

    def sleep(self, seconds):
        """Sleep ``seconds`` of simulation time (less real time under warp)."""
        time.sleep(seconds / self.warp)
