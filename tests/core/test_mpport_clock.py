# The MicroPython port's clocks: ticks_ms unwrapping and the RTC's epoch.
# SPDX-License-Identifier: MIT
"""``clock.MonoClock`` and ``clock.RtcClock`` with injected counters.

A fake ``ticks_ms`` wraps at 2**30 ms (about 12.4 days), as on a 32-bit
board, so the unwrapping is proven on any interpreter.
"""

import mpport_path  # noqa: F401
from clock import EPOCH_2000_S, TICKS_PERIOD_32BIT, MonoClock, RtcClock, wrap_diff
from support import raises

PERIOD = TICKS_PERIOD_32BIT
# 2026-03-02 00:00:00 UTC: 2026-01-01 is 56 * 365 + 14 leap days = 20454 days
# after 1970-01-01, plus 31 + 28 + 1 = 20514 days = 1772409600 s = 29540160 min.
MON_2026_03_02_S = 1772409600


class WrappingTicks:
    """A 30-bit millisecond counter started just before a wrap."""

    def __init__(self, start):
        self.raw = start

    def advance(self, ms):
        self.raw = (self.raw + ms) & (PERIOD - 1)

    def __call__(self):
        return self.raw


def _diff(new, old):
    return wrap_diff(new, old, PERIOD)


def test_wrap_diff_matches_ticks_diff_semantics():
    assert wrap_diff(5, PERIOD - 5, PERIOD) == 10       # across the wrap
    assert wrap_diff(PERIOD - 5, 5, PERIOD) == -10
    assert wrap_diff(100, 40, PERIOD) == 60
    assert wrap_diff(PERIOD // 2 - 1, 0, PERIOD) == PERIOD // 2 - 1
    assert wrap_diff(PERIOD // 2, 0, PERIOD) == -(PERIOD // 2)  # half a period is ambiguous


def test_mono_clock_unwraps_past_several_periods():
    ticks = WrappingTicks(PERIOD - 1500)
    clock = MonoClock(ticks, _diff)
    assert clock.now() == 0
    ticks.advance(1000)
    assert clock.now() == 1000
    ticks.advance(1000)                 # raw counter wrapped to 500
    assert ticks.raw == 500 and clock.now() == 2000
    # 30 days in 7-hour steps (each far below half a period): no loss.
    total = 2000
    for _ in range(30 * 24 // 7):
        ticks.advance(7 * 3600000)
        total += 7 * 3600000
        assert clock.now() == total
    assert total > 2 * PERIOD           # the counter wrapped twice more
    # Reading without time passing changes nothing.
    assert clock.now() == total


def test_mono_clock_default_counter_runs_forward():
    clock = MonoClock()
    a = clock.now()
    b = clock.now()
    assert 0 <= a <= b


def test_rtc_epoch_2000_and_1970_give_the_same_utc_minute():
    on_2000 = RtcClock(lambda: MON_2026_03_02_S - EPOCH_2000_S + 75, epoch_year=2000)
    on_1970 = RtcClock(lambda: MON_2026_03_02_S + 75, epoch_year=1970)
    assert on_2000.read() == on_1970.read() == (29540160 + 1, 15)
    assert on_2000.utc_s() == MON_2026_03_02_S + 75
    # 946684800 s = 10957 days (30 years with 7 leap days 1972-1996) * 86400.
    assert EPOCH_2000_S == (30 * 365 + 7) * 86400


def test_rtc_never_set_is_refused():
    # A Pico without a battery restarts its RTC at 2021-01-01 00:00:00:
    # 2021-01-01 is 51 * 365 + 13 = 18628 days after 1970 (2000 epoch: - 10957).
    fresh = RtcClock(lambda: (18628 - 10957) * 86400, epoch_year=2000, min_year=2025)
    assert fresh.read() is None
    raises(ValueError, RtcClock, lambda: 0, 1980)


def test_rtc_set_writes_the_machine_rtc_tuple():
    class FakeRtc:
        value = None

        def datetime(self, t):
            self.value = t

    rtc = FakeRtc()
    clock = RtcClock(lambda: 0, epoch_year=1970)
    clock.set(MON_2026_03_02_S + 3600 + 120 + 5, rtc)
    # (year, month, day, weekday 0 = Monday, hour, minute, second, subsecond)
    assert rtc.value == (2026, 3, 2, 0, 1, 2, 5, 0)
