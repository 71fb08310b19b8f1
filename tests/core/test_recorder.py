# Tests of the activity recorder (drivetime.recorder): Annex IC req 049-052 and the clock rules.
# SPDX-License-Identifier: MIT
"""Reg. (EU) 2016/799 Annex IC req 049-052 through :class:`ActivityRecorder` (RULES.md §2.2).

A case is a script of steps from second 0: ``("M", n)`` n seconds moving,
``("S", n)`` n seconds stopped, ``("sel", activity)`` a button press in the
next second, ``("flags", f)``, ``("at", t)`` the clock now reads ``t``
(a jump). Expected minutes are worked out by hand in the comments:
``[a, b)`` are seconds, ``mN`` is the N-th minute, D/W/A/B/U as usual.
"""

from drivetime.activity import (AVAILABILITY, BREAK_REST, DRIVING, FLAG_FERRY, OTHER_WORK,
                                UNKNOWN)
from drivetime.recorder import BACKDATE_S, MAX_FILL_S, ActivityRecorder
from support import raises

B, A, W, D, U = BREAK_REST, AVAILABILITY, OTHER_WORK, DRIVING, UNKNOWN
BASE = 29540160   # 2026-03-02T00:00Z


def merged(minutes):
    """Merge adjacent equal minute intervals (the recorder hands them out unmerged)."""
    out = []
    for iv in minutes:
        if out and out[-1][1] == iv[0] and out[-1][2:] == iv[2:]:
            out[-1] = (out[-1][0], iv[1]) + iv[2:]
        else:
            out.append(tuple(iv))
    return out


def play(steps, base=0, stop_activity=OTHER_WORK, max_fill_s=MAX_FILL_S):
    """Run a script; :returns: (merged minutes, the recorder)."""
    rec = ActivityRecorder(base, stop_activity, max_fill_s)
    t = 0
    out = []
    for kind, value in steps:
        if kind == "M" or kind == "S":
            for _ in range(value):
                rec.second(t, kind == "M")
                t += 1
        elif kind == "sel":
            rec.select(t, value)
        elif kind == "flags":
            rec.set_flags(t, value)
        else:
            t = value
        out.extend(rec.take_minutes())
    out.extend(rec.finish())
    return merged(out), rec


def rel(minutes):
    """Activities only, minutes as given: ``[(start, end, activity)]``."""
    return [iv[:3] for iv in minutes]


# -- motion and the stop activity --

def test_moving_is_driving_and_a_stop_sets_other_work():
    # [0,120) D, [120,300) W: the tachograph switches to WORK at a stop (req 047).
    got, _ = play([("M", 120), ("S", 180)], BASE)
    assert got == [(BASE, BASE + 2, D, 0), (BASE + 2, BASE + 5, W, 0)]


def test_stop_activity_setting_break_rest():
    got, _ = play([("M", 120), ("S", 180)], stop_activity=B)
    assert rel(got) == [(0, 2, D), (2, 5, B)]


def test_stop_activity_must_be_work_or_break():
    raises(ValueError, ActivityRecorder, 0, AVAILABILITY)
    raises(ValueError, ActivityRecorder, 0, DRIVING)


def test_selection_while_moving_is_ignored():
    # The press at 60 s comes while moving: driving wins; the stop at 120 s is W.
    got, rec = play([("M", 60), ("sel", B), ("M", 60), ("S", 60)])
    assert rel(got) == [(0, 2, D), (2, 3, W)]
    assert rec.ignored_selections == 1


def test_driver_cannot_select_driving_or_unknown():
    rec = ActivityRecorder(0)
    raises(ValueError, rec.select, 0, DRIVING)
    raises(ValueError, rec.select, 0, UNKNOWN)


def test_selection_before_the_first_second_is_in_force_from_it():
    rec = ActivityRecorder(0)
    rec.select(0, A)
    for t in range(120):
        rec.second(t, False)
    assert rel(merged(rec.finish())) == [(0, 2, A)]


# -- req 049: a change to break or availability within 120 s is back-dated --

def test_049_break_within_the_window_is_backdated_to_the_stop():
    # Stop at 120, B pressed at 180: [120,300) B, the automatic W cancelled.
    got, _ = play([("M", 120), ("S", 60), ("sel", B), ("S", 120)])
    assert rel(got) == [(0, 2, D), (2, 5, B)]


def test_049_window_boundary_120_s_in_121_s_out():
    assert BACKDATE_S == 120
    # Pressed at 240 = stop + 120: back-dated, [120,360) B.
    got, _ = play([("M", 120), ("S", 120), ("sel", B), ("S", 120)])
    assert rel(got) == [(0, 2, D), (2, 6, B)]
    # Pressed at 241 = stop + 121: [120,241) W, [241,360) B; m4 = W 1 s, B 59 s -> B (req 052).
    got, _ = play([("M", 120), ("S", 121), ("sel", B), ("S", 119)])
    assert rel(got) == [(0, 2, D), (2, 4, W), (4, 6, B)]


def test_049_availability_is_backdated_too():
    got, _ = play([("M", 120), ("S", 90), ("sel", A), ("S", 90)])
    assert rel(got) == [(0, 2, D), (2, 5, A)]
    # Also when the setting is break/rest at a stop.
    got, _ = play([("M", 120), ("S", 90), ("sel", A), ("S", 90)], stop_activity=B)
    assert rel(got) == [(0, 2, D), (2, 5, A)]


def test_049_other_work_is_not_backdated_and_equal_halves_go_to_the_latest():
    # Setting break/rest; W pressed at 150: [120,150) B, [150,240) W.
    # m2 = B 30 s, W 30 s: equal halves, the latest wins (req 052) -> W.
    got, _ = play([("M", 120), ("S", 30), ("sel", W), ("S", 90)], stop_activity=B)
    assert rel(got) == [(0, 2, D), (2, 4, W)]


def test_049_only_the_first_change_after_the_stop_is_backdated():
    # A at 150 is back-dated to 120; B at 180 takes effect at 180:
    # [120,180) A, [180,240) B.
    got, _ = play([("M", 120), ("S", 30), ("sel", A), ("S", 30), ("sel", B), ("S", 60)])
    assert rel(got) == [(0, 2, D), (2, 3, A), (3, 4, B)]


def test_049_stop_inside_a_minute_then_backdated_break():
    # Stop at 100, B at 150 back-dated to 100: m1 = D 40 s, B 20 s -> D (req 052);
    # [120,300) B.
    got, _ = play([("M", 100), ("S", 50), ("sel", B), ("S", 150)])
    assert rel(got) == [(0, 2, D), (2, 5, B)]


def test_049_no_backdating_at_power_on():
    # No stop yet (the record starts stationary): B at 60 takes effect at 60.
    got, _ = play([("S", 60), ("sel", B), ("S", 60)])
    assert rel(got) == [(0, 1, W), (1, 2, B)]


# -- req 050 / 052: a stop inside a minute --

def test_052_stop_inside_the_minute_longest_wins():
    # Stop at 100: m1 = D 40 s, W 20 s -> D.
    got, _ = play([("M", 100), ("S", 140)])
    assert rel(got) == [(0, 2, D), (2, 4, W)]
    # Stop at 80: m1 = D 20 s, W 40 s -> W.
    got, _ = play([("M", 80), ("S", 160)])
    assert rel(got) == [(0, 1, D), (1, 4, W)]


def test_052_equal_halves_at_a_stop():
    # Stop at 90: m1 = D 30 s, W 30 s -> the latest, W.
    got, _ = play([("M", 90), ("S", 150)])
    assert rel(got) == [(0, 1, D), (1, 4, W)]


# -- req 051: a minute between two driving minutes --

def test_051_traffic_light_of_a_whole_minute_is_driving():
    # [120,180) W between D minutes m1 and m3 -> m2 D.
    got, _ = play([("M", 120), ("S", 60), ("M", 120)])
    assert rel(got) == [(0, 5, D)]


def test_051_stop_of_90_s_with_equal_halves_after():
    # Stop [120,210): m2 W; m3 = W 30 s, D 30 s -> D (latest); m2 between D and D -> D.
    got, _ = play([("M", 120), ("S", 90), ("M", 90)])
    assert rel(got) == [(0, 5, D)]


def test_051_two_stopped_minutes_are_not_bridged():
    # Stop [120,220): m2 W, m3 = W 40 s, D 20 s -> W; two W minutes stay W.
    got, _ = play([("M", 120), ("S", 100), ("M", 80)])
    assert rel(got) == [(0, 2, D), (2, 4, W), (4, 5, D)]


def test_051_break_at_the_lights_still_driving():
    # B back-dated to the stop at 120; m2 B between D minutes -> D.
    got, _ = play([("M", 120), ("S", 10), ("sel", B), ("S", 50), ("M", 60)])
    assert rel(got) == [(0, 4, D)]


# -- flags --

def test_flags_apply_from_their_second():
    got, _ = play([("M", 60), ("S", 60), ("flags", FLAG_FERRY), ("S", 120)])
    assert got == [(0, 1, D, 0), (1, 2, W, 0), (2, 4, W, FLAG_FERRY)]
    raises(ValueError, ActivityRecorder(0).set_flags, 0, 8)


def test_flags_change_inside_the_049_window_keep_the_backdating():
    # Stop at 60; ferry from 90; B at 120 back-dated to 60: [60,90) B, [90,180) B ferry.
    # m1 = B 30 s (no flags), B 30 s (ferry): one run of B, flags tie -> the latest, ferry.
    got, _ = play([("M", 60), ("S", 30), ("flags", FLAG_FERRY), ("S", 30), ("sel", B),
                   ("S", 60)])
    assert got == [(0, 1, D, 0), (1, 3, B, FLAG_FERRY)]


# -- clock rules: no second counted twice, none lost --

def test_clock_back_holds_until_time_passes_the_record():
    # 120 s driven, the clock goes back to 60: seconds 60..119 are held (not twice),
    # recording resumes at 120. [0,180) D.
    got, rec = play([("M", 120), ("at", 60), ("M", 60), ("M", 60)])
    assert rel(got) == [(0, 3, D)]
    assert rec.held_s == 60 and rec.recorded_to == 180


def test_clock_back_during_a_stop_does_not_double_the_stop():
    # [0,60) D, [60,120) W; back to 90: 90..119 held; [120,180) W.
    got, rec = play([("M", 60), ("S", 60), ("at", 90), ("S", 90)])
    assert rel(got) == [(0, 1, D), (1, 3, W)]
    assert rec.held_s == 30


def test_clock_forward_fills_the_gap_with_the_activity_in_force():
    # Driving, the clock jumps from 120 to 180: [120,180) filled with D.
    got, rec = play([("M", 120), ("at", 180), ("M", 60)])
    assert rel(got) == [(0, 4, D)]
    assert rec.filled_s == 60
    # Stopped: the gap is W.
    got, rec = play([("M", 60), ("S", 60), ("at", 240), ("S", 60)])
    assert rel(got) == [(0, 1, D), (1, 5, W)]
    assert rec.filled_s == 120


def test_clock_forward_fill_limit():
    # Exactly max_fill_s: filled.
    got, rec = play([("M", 120), ("at", 120 + MAX_FILL_S), ("M", 60)])
    assert rel(got) == [(0, 2 + MAX_FILL_S // 60 + 1, D)] and rec.unknown_s == 0
    # 1000 s > 900 s: [120,1120) UNKNOWN; m18 = U 40 s, D 20 s -> U; m19 D.
    got, rec = play([("M", 120), ("at", 1120), ("M", 80)])
    assert rel(got) == [(0, 2, D), (2, 19, U), (19, 20, D)]
    assert rec.unknown_s == 1000 and rec.filled_s == 0


def test_clock_forward_inside_the_049_window():
    # Stop at 120; the clock jumps 150 -> 200 (filled W); B at 200 (80 s after the
    # stop) is back-dated: [120,300) B.
    got, _ = play([("M", 120), ("S", 30), ("at", 200), ("sel", B), ("S", 100)])
    assert rel(got) == [(0, 2, D), (2, 5, B)]


def test_every_second_recorded_once():
    # Whatever the jumps, the output is contiguous from the first to the last minute.
    got, rec = play([("M", 75), ("at", 40), ("S", 100), ("at", 400), ("M", 33), ("S", 200),
                     ("at", 500), ("S", 300)])
    for a, b in zip(got, got[1:]):
        assert a[1] == b[0]
    assert got[0][0] == 0 and got[-1][1] == (rec.recorded_to + 59) // 60


def test_minutes_reach_the_output_during_a_long_drive():
    # Not held until the drive ends: after 10 min of driving at most the last two
    # minutes are still open (req 051 needs the next minute).
    rec = ActivityRecorder(0)
    for t in range(600):
        rec.second(t, True)
    got = merged(rec.take_minutes())
    assert got and got[0][:3] == (0, got[0][1], D) and got[0][1] >= 8


# -- no motion source: no record --

def play_codes(codes, stop_activity=OTHER_WORK):
    """Run ``(n, moving)`` steps where moving may be None (no CAN, no GPS)."""
    rec = ActivityRecorder(0, stop_activity)
    t = 0
    out = []
    for n, moving in codes:
        if n == "sel":
            rec.select(t, moving)
            continue
        for _ in range(n):
            rec.second(t, moving)
            t += 1
        out.extend(rec.take_minutes())
    out.extend(rec.finish())
    return rel(merged(out)), rec


def test_no_motion_source_is_unknown_and_resumes_the_activity_in_force():
    # [0,60) D, stop at 60, B pressed at 120 (60 s later: back-dated, req 049),
    # [180,300) nothing known, then standing again: B resumes (the driver's
    # choice), no new stop.
    got, _ = play_codes([(60, True), (60, False), ("sel", B), (60, False), (120, None),
                         (60, False)])
    assert got == [(0, 1, D), (1, 3, B), (3, 5, U), (5, 6, B)]


def test_unknown_while_driving_then_standing_is_a_stop():
    # [0,120) D, [120,180) U, standing from 180: the stop activity W, and the
    # req 049 window opens there: B at 200 is back-dated to 180.
    got, _ = play_codes([(120, True), (60, None), (20, False), ("sel", B), (100, False)])
    assert got == [(0, 2, D), (2, 3, U), (3, 5, B)]


def test_short_unknown_inside_driving_is_bridged_by_req_051():
    # [0,60) D, [60,120) U, [120,180) D: m1 is U between two D minutes -> D (req 051).
    got, _ = play_codes([(60, True), (60, None), (60, True)])
    assert got == [(0, 3, D)]


def test_selection_during_unknown_is_in_force_when_seen_standing():
    got, _ = play_codes([(60, False), (60, None), ("sel", A), (60, False)])
    assert got == [(0, 1, W), (1, 2, U), (2, 3, A)]
