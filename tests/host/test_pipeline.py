# A whole generated day through the signal pipeline and the rules engine (CPython only).
# SPDX-License-Identifier: MIT
"""Raw CAN frames and NMEA bytes of a day in, activity minutes and the verdict out.

A day's events and truth do not fit MicroPython's 192K heap (tests/core/
test_signals.py runs shorter stretches there); here the day is streamed
from ``signal_day.iter_day``. Expected minutes come from the script by the
one-minute rule (RULES.md §2.2), the verdict from RULES.md §3.1 (Art 7).
``Tn`` is 06:00 + n minutes on Monday 2026-03-02 (truth second 0).
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivetime.activity import AVAILABILITY, BREAK_REST, DRIVING, OTHER_WORK, UNKNOWN
from drivetime.engine import Engine
from drivetime.j1939 import PGN_CCVS1, PGN_TCO1, pgn_of
from drivetime.obd2 import is_response_id
from drivetime.signals import SignalPipeline
from drivetime.timebase import TimeAdjust
from signal_day import BOOT_MS, iter_day
from test_signals import SHORT_MINUTES, T, rel, run, short_day

B, A, W, D, U = BREAK_REST, AVAILABILITY, OTHER_WORK, DRIVING, UNKNOWN

DAY = [
    ("stop", 5),                     # [T0, T5)
    ("drive", 100, 80),              # [T5, T105)
    ("stop", 0, 40),                 # a red light [T105:00, T105:40)
    ("drive", 99, 80, 20),           # [T105:40, T205)
    ("stop", 0, 10),                 # a queue halt [T205:00, T205:10)
    ("drive", 79, 80, 50),           # [T205:10, T285)
    ("stop", 50),                    # [T285, T335)
    ("drive", 60, 80),               # [T335, T395)
    ("stop", 2, 20),                 # [T395:00, T397:20)
    ("drive", 57, 80, 40),           # [T397:20, T455)
    ("stop", 45),                    # [T455, T500)
    ("gps_outage", 150 * 60, 20 * 60),          # T150-T170, driving: CAN carries on
    ("can_outage", 340 * 60, 10 * 60),          # T340-T350, driving: GPS takes over
    ("select", 285 * 60 + 30, BREAK_REST),
    ("clock_jump", 300 * 60, 60), ("clock_jump", 320 * 60, -60),   # during the break
    ("select", 395 * 60 + 45, AVAILABILITY),
    ("select", 455 * 60 + 20, BREAK_REST),
    ("gps_outage", 470 * 60, 600), ("can_outage", 470 * 60, 600),  # parked, nothing
]
# - [T-1:20, T5) W: the RTC reads 40 s behind at boot; the first fix moves the clock
#   40 s forward, filled with W (standing: the stop activity).
# - [T5, T285) D, 280 min: the light's minute T105 is W 40 s / D 20 s -> W (req 052),
#   D by req 051; the 10 s halt is shorter than the 15 s stop debounce.
# - [T285, T335) B: B pressed 30 s after the stop, back-dated (req 049); the
#   receiver's +60 s / -60 s jump inside it is filled, then held.
# - [T335, T395) D; [T395, T397) A (pressed 45 s after the stop, back-dated;
#   T397 = A 20 s, D 40 s -> D); [T397, T455) D.
# - [T455, T470) B (back-dated 20 s); [T470, T480) U: neither source;
#   [T480, T500) B again, the driver's choice in force.
DAY_MINUTES = [(-1, 5, W), (5, 285, D), (285, 335, B), (335, 395, D), (395, 397, A),
               (397, 455, D), (455, 470, B), (470, 480, U), (480, 500, B)]


def test_a_day_gives_its_minutes_and_the_art7_verdict():
    events, truth = iter_day(DAY, rtc_error_s=-40)
    p = run(events, SignalPipeline(Engine()), BOOT_MS + truth["seconds"] * 1000)
    assert rel(p.minutes) == DAY_MINUTES
    found, status = p.engine.evaluate()
    # Art 7: 280 min without a break; the first minute beyond 270 is T275; the
    # period ends with the 50 min break at T285; 4h30 < 280 min < 5h: MI (2016/403).
    assert [(i.rule, i.start - T, i.end - T, i.measured, i.limit, i.severity, i.final)
            for i in found] == [("continuous_driving", 275, 285, 280, 270, "MI", True)]
    # Driving 280 + 60 + 58 = 398 min today and this week; the day ends with
    # B 15 + U 10 + B 20 = 45 min, a full Art 7 break (UNKNOWN counts as one).
    assert status["daily_driving_min"] == 398 and status["weekly_driving_min"] == 398
    assert status["continuous_driving_min"] == 0 and status["unknown_min"] == 10
    jumps = [(e.new_minute - e.old_minute) * 60 + e.new_second - e.old_second
             for e in p.events if isinstance(e, TimeAdjust)]
    assert jumps[0] == 40 and len(jumps) == 3       # then +-60 within the receiver's latency
    assert 59 <= jumps[1] <= 61 and -61 <= jumps[2] <= -59
    stats = p.stats()
    # The recorder fills the forward jumps and holds the step back; a TimeAdjust
    # and the recorder's labels cut the estimate to whole seconds apart: +-1 s.
    assert abs(stats["filled_s"] - (jumps[0] + jumps[1])) <= 1
    assert abs(stats["held_s"] + jumps[2]) <= 1
    assert stats["late"] == 0 and stats["j1939"]["rejected"] == stats["nmea"]["rejected"] == 0


def test_the_short_day_through_the_engine():
    events, end = short_day()
    p = run(events, SignalPipeline(Engine()), end)
    assert rel(p.minutes) == SHORT_MINUTES
    found, status = p.engine.evaluate()
    # Driving 12 + 2 = 14 min; the pause between was B 3 + U 1 + B 2 = 6 min (< 15).
    assert found == []
    assert status["daily_driving_min"] == 14 and status["continuous_driving_min"] == 14


def test_stop_activity_break_rest_setting():
    # The company's setting: break/rest when standing. [T0, T2) standing at boot: B;
    # [T2, T7) D; the stop at T7 sets B, no button needed.
    events, truth = iter_day([("stop", 2), ("drive", 5, 60), ("stop", 3)], rtc_error_s=0)
    p = run(events, SignalPipeline(stop_activity=BREAK_REST), BOOT_MS + truth["seconds"] * 1000)
    assert rel(p.minutes) == [(0, 2, B), (2, 7, D), (7, 10, B)]


# -- garbage mixed into a clean stream changes nothing --

_CLEAN = [("stop", 1), ("drive", 2, 40), ("stop", 1), ("select", 195, BREAK_REST)]
_CLEAN_MINUTES = [(0, 1, W), (1, 3, D), (3, 4, B)]


def _ours(ident, extended):
    """Frames the pipeline would decode as speed: not garbage."""
    if not extended or is_response_id(ident):
        return is_response_id(ident)
    return pgn_of(ident) in (PGN_CCVS1, PGN_TCO1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(
    st.tuples(st.just("can"), st.integers(0, 0x1FFFFFFF), st.binary(max_size=12),
              st.booleans()),
    st.tuples(st.just("nmea"), st.binary(max_size=90))), min_size=1, max_size=40))
def test_random_frames_and_bytes_are_dropped(garbage):
    garbage = [g for g in garbage if g[0] == "nmea" or not _ours(g[1], g[3])]
    events, truth = iter_day(_CLEAN, rtc_error_s=0)

    def mixed():
        k = 0
        for ev in events:
            yield ev
            if ev[1] == "nmea" and garbage:
                g = garbage[k % len(garbage)]
                k += 1
                yield (ev[0], "can", (g[1], g[2], g[3])) if g[0] == "can" else (ev[0], "nmea", g[1])

    p = run(mixed(), None, BOOT_MS + truth["seconds"] * 1000)
    assert rel(p.minutes) == _CLEAN_MINUTES
