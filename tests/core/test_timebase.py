# Tests of the unit's UTC clock (drivetime.timebase), for CPython and MicroPython.
# SPDX-License-Identifier: MIT
"""GPS time first, the board's clock otherwise, mono time in between (issue 3).

Plain functions with bare asserts, so that they also run under MicroPython.
Expected times are worked out by hand from the module's stated semantics:
estimate = last reference + mono time elapsed, whole seconds truncated.
"""

from drivetime.timebase import MAX_PENDING, TimeAdjust, TimeBase, utc_from_nmea
from support import Rng, raises

M = 29540160    # 2026-03-02T00:00Z: 20514 days since 1970 (56 years, 14 leap days, +60) * 1440


def test_no_time_before_any_reference():
    tb = TimeBase()
    assert tb.source == "none"
    assert tb.now(0) is None
    assert tb.now(10 ** 9) is None
    assert tb.gps_age_ms(5000) is None
    assert tb.take_adjustments() == []


def test_first_reference_is_not_an_adjustment():
    # nothing to adjust before the first time: the clock is simply set
    tb = TimeBase()
    assert tb.gps(7000, M + 5, 3) is None
    assert tb.take_adjustments() == []
    assert tb.now(7000) == (M + 5, 3)


def test_rtc_only_runs_on_mono_time():
    tb = TimeBase()
    tb.rtc(1000, M, 30)
    assert tb.source == "rtc"
    assert tb.now(1000) == (M, 30)
    assert tb.now(1999) == (M, 30)           # 999 ms later: still second 30
    assert tb.now(2000) == (M, 31)
    assert tb.now(1000 + 30000) == (M + 1, 0)   # 30 + 30 s = next minute
    assert tb.now(1000 + 3600 * 1000) == (M + 60, 30)
    assert tb.gps_age_ms(5000) is None
    assert tb.take_adjustments() == []


def test_gps_takes_over_from_rtc_with_an_adjustment_beyond_tolerance():
    tb = TimeBase(jump_tolerance_s=2)
    tb.rtc(0, M, 0)
    # 10 s on mono: estimate M:10; GPS says M:15, 5 s ahead > 2 s
    adj = tb.gps(10000, M, 15)
    assert adj == TimeAdjust(10000, M, 10, M, 15, "gps")
    assert tb.take_adjustments() == [adj]
    assert tb.take_adjustments() == []       # taken means cleared
    assert tb.source == "gps"
    assert tb.now(10000) == (M, 15)
    assert tb.gps_age_ms(10500) == 500


def test_gps_takes_over_from_rtc_silently_within_tolerance():
    tb = TimeBase(jump_tolerance_s=2)
    tb.rtc(0, M, 0)
    # estimate M:10, GPS M:12: exactly 2 s is not "more than" 2 s
    assert tb.gps(10000, M, 12) is None
    assert tb.take_adjustments() == []
    assert tb.source == "gps"
    assert tb.now(10000) == (M, 12)          # a small step forward is taken at once


def test_small_step_back_holds_the_clock_instead_of_going_back():
    tb = TimeBase(jump_tolerance_s=2)
    tb.rtc(0, M, 0)
    # estimate M:10.000, GPS M:08 (2 s behind, within tolerance): the clock stands
    # at M:10 until the new estimate (M:08 + elapsed) reaches it, 2 s later
    assert tb.gps(10000, M, 8) is None
    assert tb.take_adjustments() == []
    assert tb.now(10000) == (M, 10)
    assert tb.now(11999) == (M, 10)
    assert tb.now(12999) == (M, 10)          # estimate M:10.999
    assert tb.now(13000) == (M, 11)


def test_rtc_is_ignored_once_gps_time_was_seen():
    tb = TimeBase()
    tb.gps(0, M, 0)
    assert tb.rtc(1000, M + 100, 0) is None   # a board clock far off: ignored
    assert tb.source == "gps"
    assert tb.now(1000) == (M, 1)
    assert tb.take_adjustments() == []


def test_rtc_set_while_running_on_it_is_an_adjustment():
    tb = TimeBase()
    tb.rtc(0, M, 0)
    adj = tb.rtc(60000, M + 10, 0)           # estimate M+1:00; someone set the clock
    assert adj == TimeAdjust(60000, M + 1, 0, M + 10, 0, "rtc")
    assert tb.take_adjustments() == [adj]
    assert tb.source == "rtc"


def _steady_gps(tb, first_minute, seconds, mono0=0):
    """One fix a second from ``first_minute``:00, mono 1000 ms apart."""
    for i in range(seconds):
        tb.gps(mono0 + i * 1000, first_minute + i // 60, i % 60)


def test_forward_gps_jump():
    tb = TimeBase()
    _steady_gps(tb, M, 10)                   # fixes M:00 .. M:09 at mono 0 .. 9000
    assert tb.take_adjustments() == []
    adj = tb.gps(10000, M + 1, 10)           # estimate M:10, GPS 60 s ahead
    assert adj == TimeAdjust(10000, M, 10, M + 1, 10, "gps")
    assert tb.now(10000) == (M + 1, 10)
    assert tb.now(11000) == (M + 1, 11)


def test_backward_gps_jump():
    tb = TimeBase()
    _steady_gps(tb, M, 40)                   # last fix M:39 at mono 39000
    adj = tb.gps(40000, M, 10)               # estimate M:40, GPS 30 s behind
    assert adj == TimeAdjust(40000, M, 40, M, 10, "gps")
    assert tb.take_adjustments() == [adj]
    # a recorded jump back really goes back (no hold): the recorder handles it
    assert tb.now(40000) == (M, 10)
    assert tb.now(41000) == (M, 11)


def test_gps_loss_continues_on_mono_time():
    tb = TimeBase()
    _steady_gps(tb, M, 5)                    # last fix M:04 at mono 4000
    assert tb.gps_age_ms(4000) == 0
    # no fix for an hour (a tunnel, a parking garage): the estimate carries on
    assert tb.now(4000 + 3600 * 1000) == (M + 60, 4)
    assert tb.gps_age_ms(4000 + 3600 * 1000) == 3600 * 1000
    assert tb.source == "gps"
    # the fix returns 1 s ahead of the estimate (mono drift): absorbed
    assert tb.gps(4000 + 3600 * 1000 + 1000, M + 60, 6) is None
    assert tb.now(4000 + 3600 * 1000 + 1000) == (M + 60, 6)
    assert tb.take_adjustments() == []


def test_carry_at_minute_and_day_and_year_boundaries():
    tb = TimeBase()
    tb.gps(0, M + 59, 59)                    # 2026-03-02T00:59:59Z
    assert tb.now(999) == (M + 59, 59)
    assert tb.now(1000) == (M + 60, 0)       # 01:00:00
    nye = utc_from_nmea((2026, 12, 31), 86399)   # 23:59:59 on the last day of 2026
    new_year = utc_from_nmea((2027, 1, 1), 0)[0]
    assert nye == (new_year - 1, 59)
    tb = TimeBase()
    tb.gps(5, nye[0], nye[1])
    assert tb.now(1005) == (new_year, 0)
    # a whole day later: 1440 minutes and the same second
    assert tb.now(5 + 86400 * 1000) == (nye[0] + 1440, 59)


def test_utc_from_nmea():
    # 2026-03-02 is day 20514 (see M); 12:35:19 is 45319 s into the day
    assert utc_from_nmea((2026, 3, 2), 45319) == (M + 755, 19)
    assert utc_from_nmea((1970, 1, 1), 0) == (0, 0)


def test_leap_second_carries_and_the_clock_holds_one_second():
    # 2016-12-31T23:59:60Z: the NMEA decoder gives time_s 86400, which reads
    # as the next day's 00:00:00; the following real 00:00:00 is 1 s behind
    # the estimate, within tolerance, so the clock holds for one second
    day = utc_from_nmea((2017, 1, 1), 0)[0]
    assert utc_from_nmea((2016, 12, 31), 86400) == (day, 0)
    tb = TimeBase()
    tb.gps(0, day - 1, 58)
    tb.gps(1000, day - 1, 59)
    tb.gps(2000, day - 1, 60)                # the same as (day, 0)
    assert tb.now(2000) == (day, 0)
    tb.gps(3000, day, 0)
    assert tb.now(3000) == (day, 1)          # held at the estimate
    assert tb.now(3999) == (day, 1)
    tb.gps(4000, day, 1)
    assert tb.now(4000) == (day, 1)
    assert tb.now(5000) == (day, 2)
    assert tb.take_adjustments() == []


def test_leap_second_with_zero_tolerance_is_an_adjustment():
    day = 100 * 1440
    tb = TimeBase(jump_tolerance_s=0)
    tb.gps(0, day - 1, 59)
    tb.gps(1000, day - 1, 60)                # carried: (day, 0), as estimated
    adj = tb.gps(2000, day, 0)               # estimate (day, 1): 1 s back
    assert adj == TimeAdjust(2000, day, 1, day, 0, "gps")


def test_latency_jitter_never_moves_the_clock_back_nor_records_a_jump():
    # each fix labelled second S arrives 0-400 ms after S began (a receiver's
    # output latency); the estimate must stay within a second of the truth
    rng = Rng(3)
    tb = TimeBase()
    last = None
    for s in range(600):
        mono = 50000 + s * 1000 + rng.randint(0, 400)
        tb.gps(mono, M + s // 60, s % 60)
        for probe in (mono, mono + 300, mono + 600):
            t = tb.now(probe)
            assert last is None or t >= last
            last = t
            true_s = (probe - 50000) // 1000
            got_s = (t[0] - M) * 60 + t[1]
            assert true_s - 1 <= got_s <= true_s + 1
    assert tb.take_adjustments() == []


def test_jump_of_years_from_a_reset_board_clock():
    # a board clock reset to 2000-01-01 (a flat RTC battery)
    y2k = utc_from_nmea((2000, 1, 1), 0)[0]
    tb = TimeBase()
    tb.rtc(0, y2k, 0)
    adj = tb.gps(5000, M, 3)
    assert adj == TimeAdjust(5000, y2k, 5, M, 3, "gps")
    assert tb.now(6000) == (M, 4)


def test_only_mono_differences_matter():
    # the port unwraps ticks_ms into a growing count; any origin gives the same times
    for origin in (0, 123456789, 1 << 40):
        tb = TimeBase()
        tb.rtc(origin, M, 0)
        tb.gps(origin + 30000, M, 40)
        assert tb.now(origin + 31500) == (M, 41)
        assert tb.take_adjustments() == [TimeAdjust(origin + 30000, M, 30, M, 40, "gps")]


def test_unclaimed_adjustments_are_capped():
    tb = TimeBase()
    tb.gps(0, M, 0)
    for i in range(MAX_PENDING + 3):
        tb.gps(1000 * (i + 1), M + 10 * (i + 1), 0)   # each fix 10 min ahead: a jump
    got = tb.take_adjustments()
    assert len(got) == MAX_PENDING
    assert tb.adjustments_dropped == 3
    assert got[-1].new_minute == M + 10 * (MAX_PENDING + 3)   # the newest are kept


def test_bad_arguments():
    raises(ValueError, TimeBase, -1)
    tb = TimeBase()
    raises(ValueError, tb.gps, 0, M, 61)
    raises(ValueError, tb.rtc, 0, M, -1)
    assert tb.now(0) is None                 # a refused reference sets nothing
