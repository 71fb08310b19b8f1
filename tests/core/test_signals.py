# Pipeline tests (drivetime.signals): raw CAN frames and NMEA bytes in, activity minutes out.
# SPDX-License-Identifier: MIT
"""A generated stretch of a day through :class:`SignalPipeline`, both interpreters.

The days come from ``signal_day`` (truth second 0 = Monday 2026-03-02 06:00:00
UTC = minute ``T``). Expected minutes are worked out from the script with
the one-minute rule (RULES.md §2.2) in the comments; ``Tn`` is 06:00 + n min.
The engine's verdict on these minutes is checked in tests/host/test_pipeline.py
(the engine and the signal path together are more than MicroPython's 192K
heap takes beside a generated day).
The GPS receiver sends each fix 60-240 ms after the second it is for, so the
unit's clock runs that much behind the truth: a change at a whole truth
second is labelled in the second before it (one second, never decisive in
the cases below).
"""

import gc

# The signal path is the biggest compile: first, and the compiler's garbage
# collected before the next, or MicroPython's 192K heap is left in pieces too
# small for a generated day's lists.
from drivetime.signals import SignalPipeline  # noqa: I001

gc.collect()
from drivetime.activity import AVAILABILITY, BREAK_REST, DRIVING, OTHER_WORK, UNKNOWN  # noqa: E402
from drivetime.j1939 import PGN_CCVS1, frame_id  # noqa: E402
from drivetime.nmea import sentence  # noqa: E402
from drivetime.obd2 import speed_response  # noqa: E402
from drivetime.timebase import TimeAdjust  # noqa: E402
from signal_day import BOOT_MS, START_MINUTE, iter_day  # noqa: E402
from support import raises  # noqa: E402

gc.collect()

B, A, W, D, U = BREAK_REST, AVAILABILITY, OTHER_WORK, DRIVING, UNKNOWN
T = START_MINUTE


def run(events, pipeline=None, end_ms=None):
    """Feed ``(mono_ms, kind, payload)`` events, with a tick every second as a port
    would; finish at ``end_ms``. :returns: the pipeline"""
    p = pipeline or SignalPipeline()
    next_tick = None
    for mono, kind, payload in events:
        if next_tick is None:
            next_tick = mono + 999
        while mono >= next_tick:
            p.tick(next_tick)
            next_tick += 1000
        if kind == "can":
            p.can_frame(mono, payload[0], payload[1], payload[2] if len(payload) > 2 else True)
        elif kind == "nmea":
            p.nmea_bytes(mono, payload)
        elif kind == "rtc":
            p.rtc(mono, payload[0], payload[1])
        elif kind == "select":
            p.select(mono, payload)
    if end_ms is not None:
        while end_ms >= next_tick:
            p.tick(next_tick)
            next_tick += 1000
    p.finish(end_ms)
    return p


def rel(minutes):
    """``(start - T, end - T, activity)`` with the flags checked to be 0."""
    assert all(iv[3] == 0 for iv in minutes), minutes
    return [(iv[0] - T, iv[1] - T, iv[2]) for iv in minutes]


# 24 minutes (what a generated day's lists leave room for in MicroPython's heap):
# lights, a queue halt, GPS and CAN outages, a clock jump and its correction, both
# sources lost while parked, buttons within req 049's 120 s.
SHORT = [
    ("stop", 2), ("drive", 6, 60), ("stop", 0, 40), ("drive", 3, 50, 20), ("stop", 0, 10),
    ("drive", 1, 50, 50), ("stop", 6), ("drive", 2, 70), ("stop", 2),
    ("gps_outage", 180, 120),        # T3-T5, driving: CAN carries on
    ("can_outage", 540, 60),         # T9-T10, driving: GPS takes over
    ("select", 14 * 60 + 40, BREAK_REST),
    ("clock_jump", 15 * 60, 30),     # the receiver's UTC 30 s ahead at T15 ...
    ("clock_jump", 16 * 60, -30),    # ... and right again at T16
    ("gps_outage", 17 * 60, 60), ("can_outage", 17 * 60, 60),   # T17-T18: nothing
    ("select", 22 * 60 + 50, AVAILABILITY),
]
# The RTC reads 40 s behind at boot (05:59:20); the first fix (second 20) moves the
# clock forward 40 s, filled with the activity in force.
# - [T-1:20, T2) W: standing at boot, the stop activity (other work).
# - [T2, T14) D: the 40 s light at T8 leaves T8 = W 40 s, D 20 s -> W by req 052,
#   then D by req 051 (D at T7 and T9); the 10 s halt at T12 is shorter than the
#   15 s stop debounce: still moving. The outages change nothing: the other source
#   agrees.
# - [T14, T17) B: stop at T14, B pressed 40 s later: back-dated to the stop (req 049).
#   The jump +30 s at T15 is filled with B, the -30 s at T16 holds 30 s: no minute
#   gained or lost.
# - [T17, T18) U: neither CAN nor GPS (RULES.md §1: no record); [T18, T20) B again
#   (the driver's choice stays in force).
# - [T20, T22) D; [T22, T24) A: stop at T22, A pressed 50 s later, back-dated.
SHORT_MINUTES = [(-1, 2, W), (2, 14, D), (14, 17, B), (17, 18, U), (18, 20, B), (20, 22, D),
                 (22, 24, A)]


def short_day(**options):
    events, truth = iter_day(SHORT, rtc_error_s=-40, **options)
    return events, BOOT_MS + truth["seconds"] * 1000


def test_short_day_minutes_events_and_counters():
    events, end = short_day()
    p = run(events, None, end)
    assert rel(p.minutes) == SHORT_MINUTES
    adjust = [(e.new_minute - e.old_minute) * 60 + e.new_second - e.old_second
              for e in p.events if isinstance(e, TimeAdjust)]
    # The RTC's 40 s exactly; the receiver's +-30 s within the one second of its latency.
    assert adjust[0] == 40 and len(adjust) == 3
    assert 29 <= adjust[1] <= 31 and -31 <= adjust[2] <= -29
    st = p.stats()
    # Filled: the forward jumps; held: the step back (a TimeAdjust and the
    # recorder's labels cut the estimate to whole seconds apart: +-1 s).
    assert abs(st["filled_s"] - (adjust[0] + adjust[1])) <= 1
    assert abs(st["held_s"] + adjust[2]) <= 1
    assert st["unknown_s"] == 0
    assert st["late"] == 0 and st["prefix_dropped_ms"] == 0
    assert st["j1939"]["rejected"] == 0 and st["nmea"]["rejected"] == 0
    kinds = [(e.kind, e.value) for e in p.events if not isinstance(e, TimeAdjust)]
    assert kinds.count(("moving", True)) == 3 and kinds.count(("moving", False)) == 3
    assert ("source", "gps") in kinds and ("source", "none") in kinds


def _bad_can():
    ccvs = frame_id(PGN_CCVS1, 0)
    return [
        (ccvs, b"\xff\x00\x10\xff\xff\xff\xff"),              # 7 bytes: length
        (ccvs, b"\xff\x00\xfe\xff\xff\xff\xff\xff"),          # speed 0xFE00: error
        ("x", b"\x00" * 8),                                   # identifier not an int
        (1 << 29, b"\x00" * 8),                               # over 29 bits
        (ccvs, 5),                                            # payload not bytes
    ], [
        (0x7E8, b"\x03\x7f\x01\x12\x00\x00\x00\x00", False),  # negative response
        (0x7E8, b"\x09\x41\x0d\x20\x00\x00\x00\x00", False),  # PCI length 9
    ]


_BAD_NMEA = [
    sentence("GPRMC,060000.00,A,5006.600,N,00840.800,E,40.0,0.0,020326,,,A")[:-4].encode()
    + b"00\r\n",                                                 # wrong checksum
    b"$GPRMC,060000.00,A,5006.600,N,00840.800,E,40.0,0.0,020326,,,A\r\n",   # none
    b"\xff\xfe\x00 line noise\r\n",                              # outside a sentence
    b"$GPVTG,1\xe9,T,,M,0.0,N,0.0,K,A*00\r\n",                   # non-ASCII
    b"$GPGGA," + b"1" * 200 + b"*00\r\n",                        # too long
]


def test_malformed_input_is_counted_and_changes_nothing():
    # 11 minutes, the RTC right at boot: [T0, T2) W; [T2, T9) D (the 40 s light at
    # T7 is W by req 052, D by req 051); stop at T9, B 30 s later, back-dated: [T9, T11) B.
    script = [("stop", 2), ("drive", 5, 50), ("stop", 0, 40), ("drive", 1, 50, 20),
              ("stop", 2), ("select", 9 * 60 + 30, BREAK_REST)]
    bad_j1939, bad_obd = _bad_can()
    events, truth = iter_day(script, rtc_error_s=0)

    def mixed():
        k = 0
        for ev in events:
            yield ev
            if ev[1] == "nmea":             # after each burst, one bad item of each kind
                k += 1
                yield (ev[0], "can", bad_j1939[k % 5])
                yield (ev[0], "can", bad_obd[k % 2])
                yield (ev[0], "nmea", _BAD_NMEA[k % 5])

    p = run(mixed(), None, BOOT_MS + truth["seconds"] * 1000)
    assert rel(p.minutes) == [(0, 2, W), (2, 9, D), (9, 11, B)]
    st = p.stats()
    bursts = truth["seconds"]               # one NMEA burst a second, no outage
    # Every bad item is rejected, none ignored or decoded; the good ones still decode.
    assert st["j1939"]["rejected"] == st["obd2"]["rejected"] == st["nmea"]["rejected"] == bursts
    assert st["nmea"]["ok"] == 3 * bursts and st["j1939"]["ok"] == 30 * bursts
    assert st["j1939"]["ignored"] == st["obd2"]["ignored"] == st["nmea"]["ignored"] == 0
    for reason in ("length", "error", "bad_id", "malformed"):
        assert st["j1939"]["rejected_" + reason] > 0
    for reason in ("negative_response", "pci"):
        assert st["obd2"]["rejected_" + reason] > 0
    for reason in ("checksum", "no_checksum", "noise", "non_ascii", "too_long"):
        assert st["nmea"]["rejected_" + reason] > 0


def test_before_any_time_the_seconds_wait_on_mono_time():
    # No RTC: nothing is known of the time until the first fix at second 90. The
    # drive [T1, T6) started before it; the queue on mono time dates it back.
    # Boot is labelled 05:59:59.8 (the receiver's latency): one second of T-1.
    script = [("stop", 1), ("drive", 5, 60), ("stop", 2)]
    events, truth = iter_day(script, gps_fix_after_s=90)
    events = (ev for ev in events if ev[1] != "rtc")
    p = run(events, None, BOOT_MS + truth["seconds"] * 1000)
    assert rel(p.minutes) == [(-1, 1, W), (1, 6, D), (6, 8, W)]
    assert not [e for e in p.events if isinstance(e, TimeAdjust)]


def test_without_any_time_nothing_is_recorded():
    events, truth = iter_day([("stop", 1), ("drive", 1, 30)], gps_fix_after_s=1000)
    p = run((ev for ev in events if ev[1] != "rtc"), None, BOOT_MS + truth["seconds"] * 1000)
    assert p.minutes == [] and p.recorder is None


def test_obd2_speed_on_an_11_bit_bus():
    # A van: OBD-II responses once a second, the RTC for time (exact at boot).
    # Speed 0 for 60 s, 50 km/h for 180 s, 0 for 120 s -> W [T0,T1), D [T1,T4), W [T4,T6).
    def events():
        yield (BOOT_MS, "rtc", (T, 0))
        for s in range(360):
            ident, data = speed_response(50 if 60 <= s < 240 else 0)
            yield (BOOT_MS + s * 1000 + 100, "can", (ident, data, False))

    p = run(events(), None, BOOT_MS + 360 * 1000)
    assert rel(p.minutes) == [(0, 1, W), (1, 4, D), (4, 6, W)]
    assert p.stats()["obd2"]["ok"] == 360


def test_select_outside_the_drivers_choice_is_refused():
    p = SignalPipeline()
    raises(ValueError, p.select, 0, DRIVING)
    raises(ValueError, p.set_flags, 0, 8)
