# Tests of the Annex IC one-minute rule (drivetime.oneminute), for CPython and MicroPython.
# SPDX-License-Identifier: MIT
"""Reg. (EU) 2016/799 Annex IC req 050-052 (RULES.md §2.2).

Plain functions with bare asserts, so that they also run under MicroPython.
Times in the cases are seconds from the base minute; ``B, A, W, D, U`` are
break/rest, availability, other work, driving and unknown.
"""

from drivetime.activity import (AVAILABILITY, BREAK_REST, DRIVING, FLAG_FERRY, FLAG_MOVING,
                                FLAG_OUT_OF_SCOPE, OTHER_WORK, UNKNOWN)
from drivetime.oneminute import OneMinuteRule, minute_intervals
from support import Rng, raises

B, A, W, D, U = BREAK_REST, AVAILABILITY, OTHER_WORK, DRIVING, UNKNOWN
BASE = 29538000   # 2026-02-28T00:00Z, a realistic absolute minute


def rule(intervals, base=0):
    """Run the generator over ``(start_s, end_s, activity[, flags])`` tuples."""
    full = [(iv + (0,)) if len(iv) == 3 else iv for iv in intervals]
    return list(minute_intervals(full, base))


def chain(*steps):
    """Contiguous intervals from ``(length_s, activity[, flags])`` steps, from second 0."""
    out = []
    t = 0
    for step in steps:
        flags = step[2] if len(step) > 2 else 0
        out.append((t, t + step[0], step[1], flags))
        t += step[0]
    return out


# -- req 050: one activity per calendar minute --

def test_050_whole_minutes_pass_through_as_one_block():
    assert rule([(0, 600, D)]) == [(0, 10, D, 0)]
    assert rule([(0, 600, D)], BASE) == [(BASE, BASE + 10, D, 0)]


def test_050_adjacent_minutes_of_equal_activity_and_flags_merge():
    assert rule(chain((90, W), (90, W))) == [(0, 3, W, 0)]
    assert rule(chain((120, W), (120, W, FLAG_FERRY))) == [(0, 2, W, 0), (2, 4, W, FLAG_FERRY)]


def test_050_change_exactly_on_a_minute_boundary():
    assert rule(chain((120, W), (180, D), (60, B))) == [(0, 2, W, 0), (2, 5, D, 0), (5, 6, B, 0)]


def test_050_partly_covered_first_and_last_minutes_round_outwards():
    # Only the recorded part of an edge minute competes.
    assert rule([(50, 130, D)]) == [(0, 3, D, 0)]
    assert rule([(50, 55, B)], BASE) == [(BASE, BASE + 1, B, 0)]
    assert rule([(70, 95, W), (95, 110, B)]) == [(1, 2, W, 0)]


def test_050_seconds_may_count_from_before_the_base_minute():
    assert rule([(-90, -30, W), (-30, 60, D)], BASE) == [(BASE - 2, BASE - 1, W, 0),
                                                         (BASE - 1, BASE + 1, D, 0)]


# -- req 051: a minute between two DRIVING minutes is DRIVING --

def test_051_driving_in_the_minutes_before_and_after():
    # Minute 1: 40 s break, 20 s work -> break by req 052, driving by req 051.
    assert rule(chain((60, D), (40, B), (20, W), (60, D))) == [(0, 3, D, 0)]


def test_051_applies_to_a_whole_minute_without_driving():
    assert rule(chain((60, D), (60, B), (60, D))) == [(0, 3, D, 0)]
    assert rule(chain((300, D), (60, A), (300, D))) == [(0, 11, D, 0)]


def test_051_needs_driving_on_both_sides():
    assert rule(chain((60, D), (60, B), (60, W))) == [(0, 1, D, 0), (1, 2, B, 0), (2, 3, W, 0)]
    assert rule(chain((60, W), (60, B), (60, D))) == [(0, 1, W, 0), (1, 2, B, 0), (2, 3, D, 0)]


def test_051_not_for_two_minutes_between_driving():
    assert rule(chain((60, D), (120, B), (60, D))) == [(0, 1, D, 0), (1, 3, B, 0), (3, 4, D, 0)]


def test_051_judges_neighbours_by_their_req_052_result():
    # Minute 2 holds 20 s driving and 40 s break: break by req 052, so
    # minute 1 (break) does not have driving after it.
    assert rule(chain((60, D), (60, B), (20, D), (40, B), (60, D))) == [
        (0, 1, D, 0), (1, 3, B, 0), (3, 4, D, 0)]
    # Minute 2 holds 35 s driving: driving by req 052, so minute 1 is driving.
    assert rule(chain((60, D), (60, B), (35, D), (25, B), (60, D))) == [(0, 4, D, 0)]


def test_051_not_at_the_edges_of_the_record():
    assert rule(chain((60, B), (60, D))) == [(0, 1, B, 0), (1, 2, D, 0)]
    assert rule(chain((60, D), (60, B))) == [(0, 1, D, 0), (1, 2, B, 0)]


def test_051_flags_come_from_the_driving_in_the_minute():
    got = rule(chain((60, D), (10, D, FLAG_OUT_OF_SCOPE), (40, B), (10, W), (60, D)))
    assert got == [(0, 1, D, 0), (1, 2, D, FLAG_OUT_OF_SCOPE), (2, 3, D, 0)]


def test_051_a_minute_without_driving_keeps_its_context_but_not_moving():
    got = rule(chain((60, D), (60, B, FLAG_MOVING | FLAG_FERRY), (60, D)))
    assert got == [(0, 1, D, 0), (1, 2, D, FLAG_FERRY), (2, 3, D, 0)]


# -- req 052: the longest continuous activity, ties to the latest --

def test_052_longest_activity_wins():
    assert rule(chain((35, W), (25, B))) == [(0, 1, W, 0)]
    assert rule(chain((25, W), (35, B))) == [(0, 1, B, 0)]


def test_052_equal_halves_latest_wins():
    assert rule(chain((30, W), (30, B))) == [(0, 1, B, 0)]
    assert rule(chain((30, B), (30, W))) == [(0, 1, W, 0)]
    assert rule(chain((20, W), (20, B), (20, A))) == [(0, 1, A, 0)]


def test_052_counts_continuous_time_not_the_sum():
    # Work 15 s + 20 s = 35 s in total, but the longest continuous stretch is
    # the 25 s break.
    assert rule(chain((15, W), (25, B), (20, W))) == [(0, 1, B, 0)]


def test_052_consecutive_intervals_of_one_activity_are_one_stretch():
    # Work split by a flag change is still one continuous 35 s of work.
    assert rule(chain((15, W), (20, W, FLAG_FERRY), (25, B))) == [(0, 1, W, FLAG_FERRY)]


def test_052_a_stop_inside_the_minute():
    # Driving stops 10 s into minute 2: the break outlasts it.
    assert rule(chain((130, D), (170, B))) == [(0, 2, D, 0), (2, 5, B, 0)]
    # Stops at half past: equal halves, the later break wins.
    assert rule(chain((150, D), (150, B))) == [(0, 2, D, 0), (2, 5, B, 0)]
    # Stops 35 s in: driving outlasts the break.
    assert rule(chain((155, D), (145, B))) == [(0, 3, D, 0), (3, 5, B, 0)]


def test_052_a_short_stop_between_driving_is_driving():
    assert rule(chain((130, D), (40, B), (130, D))) == [(0, 5, D, 0)]


def test_052_many_changes_within_one_minute():
    steps = [(5, D), (5, B), (5, W), (5, A), (12, B), (4, D), (4, W), (11, A), (5, D), (4, B)]
    assert rule(chain(*steps)) == [(0, 1, B, 0)]          # the 12 s break
    steps[7] = (12, A)
    steps[9] = (3, B)
    assert rule(chain(*steps)) == [(0, 1, A, 0)]          # 12 s each: the later one
    ones = [(1, (D, B, W, A)[i % 4]) for i in range(60)]
    assert rule(chain(*ones)) == [(0, 1, A, 0)]           # sixty 1 s ties: the last


def test_052_unknown_competes_like_any_activity():
    assert rule(chain((120, D), (25, D), (35, U), (60, D))) == [(0, 4, D, 0)]
    assert rule(chain((120, W), (25, W), (35, U), (60, W))) == [(0, 2, W, 0), (2, 3, U, 0),
                                                               (3, 4, W, 0)]


def test_052_flags_of_the_chosen_interval():
    got = rule(chain((40, B, FLAG_FERRY), (20, W)))
    assert got == [(0, 1, B, FLAG_FERRY)]
    # Within the chosen break, the flags that lasted longest.
    got = rule(chain((10, B), (25, B, FLAG_FERRY), (25, W)))
    assert got == [(0, 1, B, FLAG_FERRY)]
    got = rule(chain((25, B, FLAG_FERRY), (10, B), (25, W)))
    assert got == [(0, 1, B, FLAG_FERRY)]
    got = rule(chain((20, B, FLAG_FERRY), (20, B), (20, W)))
    assert got == [(0, 1, B, 0)]


# -- the streaming interface --

def test_push_returns_minutes_once_they_are_final():
    r = OneMinuteRule(BASE)
    assert r.push(0, 600, D, 0) == []
    assert r.push(600, 610, B, 0) == []
    # The break covers minute 10 but driving may still follow (req 051).
    assert r.push(610, 1200, B, 0) == [(BASE, BASE + 10, D, 0)]
    assert r.push(1200, 1260, W, 0) == []
    assert r.finish() == [(BASE + 10, BASE + 20, B, 0), (BASE + 20, BASE + 21, W, 0)]


def test_push_without_merging_keeps_blocks():
    r = OneMinuteRule(0, merge=False)
    out = r.push(0, 120, D, 0) + r.push(120, 150, D, 0) + r.push(150, 240, D, 0) + r.finish()
    assert out == [(0, 2, D, 0), (2, 3, D, 0), (3, 4, D, 0)]


def test_push_ignores_empty_intervals():
    assert rule([(0, 30, W), (30, 30, D), (30, 60, B), (60, 60, D)]) == [(0, 1, B, 0)]
    assert rule([]) == []


def test_push_refuses_a_gap_an_overlap_and_a_reversed_interval():
    r = OneMinuteRule()
    r.push(0, 60, D, 0)
    assert "contiguous" in str(raises(ValueError, r.push, 90, 120, B, 0))
    assert "contiguous" in str(raises(ValueError, r.push, 30, 120, B, 0))
    assert "before it starts" in str(raises(ValueError, r.push, 60, 50, B, 0))


# -- property: against a plain per-minute reading of req 050-052 --

def reference(intervals, base):
    """Req 050-052 computed minute by minute, the slow and obvious way."""
    first = intervals[0][0] // 60
    last = -(-intervals[-1][1] // 60)
    chosen = []
    for m in range(first, last):
        lo, hi = m * 60, m * 60 + 60
        runs = []          # [activity, length, [[flags, length], ...]]
        for s, e, act, flags in intervals:
            n = min(e, hi) - max(s, lo)
            if n <= 0:
                continue
            if runs and runs[-1][0] == act:
                subs = runs[-1][2]
                if subs[-1][0] == flags:
                    subs[-1][1] += n
                else:
                    subs.append([flags, n])
                runs[-1][1] += n
            else:
                runs.append([act, n, [[flags, n]]])
        best = None
        best_drv = None
        for run in runs:
            top = None
            for sub in run[2]:
                if top is None or sub[1] >= top[1]:
                    top = sub
            if best is None or run[1] >= best[1]:
                best = (run[0], run[1], top[0])
            if run[0] == D and (best_drv is None or run[1] >= best_drv[0]):
                best_drv = (run[1], top[0])
        chosen.append((best[0], best[2], best_drv))
    minutes = []
    for i, (act, flags, drv) in enumerate(chosen):
        if (act != D and 0 < i < len(chosen) - 1
                and chosen[i - 1][0] == D and chosen[i + 1][0] == D):
            act, flags = D, (drv[1] if drv is not None else flags & ~FLAG_MOVING)
        minutes.append((act, flags))
    out = []
    for i, (act, flags) in enumerate(minutes):
        m = base + first + i
        if out and out[-1][2] == act and out[-1][3] == flags:
            out[-1][1] = m + 1
        else:
            out.append([m, m + 1, act, flags])
    return [tuple(iv) for iv in out]


def random_intervals(rng):
    t = rng.randint(-200, 200)
    intervals = []
    for _ in range(rng.randint(1, 25)):
        if rng.random_bool(25):
            n = rng.randint(60, 300)       # long enough to hold whole minutes
        elif rng.random_bool(10):
            n = rng.choice((0, 60 - t % 60))   # empty, or up to the next minute
        else:
            n = rng.randint(1, 45)
        act = rng.choice((B, A, W, D, D, D, U))
        flags = rng.choice((0, 0, 0, FLAG_FERRY, FLAG_MOVING, FLAG_OUT_OF_SCOPE))
        intervals.append((t, t + n, act, flags))
        t += n
    if intervals[-1][1] == intervals[0][0]:
        intervals.append((t, t + 1, D, 0))
    return intervals


def test_property_matches_the_per_minute_reading_and_covers_the_span():
    rng = Rng(20260302)
    for _ in range(150):
        base = rng.choice((0, BASE))
        intervals = random_intervals(rng)
        got = list(minute_intervals(intervals, base))
        nonempty = [iv for iv in intervals if iv[1] > iv[0]]
        assert got == reference(nonempty, base), intervals
        # Contiguous, covering exactly the input span rounded to whole minutes.
        assert got[0][0] == base + intervals[0][0] // 60
        assert got[-1][1] == base - (-intervals[-1][1] // 60)
        for prev, cur in zip(got, got[1:]):
            assert prev[1] == cur[0]
            assert (prev[2], prev[3]) != (cur[2], cur[3])
        for iv in got:
            assert iv[1] > iv[0]


def test_property_splitting_an_interval_changes_nothing():
    rng = Rng(7)
    for _ in range(100):
        intervals = random_intervals(rng)
        i = rng.randint(0, len(intervals) - 1)
        s, e, act, flags = intervals[i]
        cut = rng.randint(s, e)
        split = intervals[:i] + [(s, cut, act, flags), (cut, e, act, flags)] + intervals[i + 1:]
        assert rule(split, BASE) == rule(intervals, BASE), (intervals, i, cut)


def test_property_pushing_in_any_pieces_gives_the_same_stream():
    rng = Rng(99)
    for _ in range(60):
        intervals = random_intervals(rng)
        r = OneMinuteRule(BASE)
        out = []
        for s, e, act, flags in intervals:
            for _ in range(rng.randint(0, 2)):
                cut = rng.randint(s, e)
                out += r.push(s, cut, act, flags)
                s = cut
            out += r.push(s, e, act, flags)
        out += r.finish()
        assert out == rule(intervals, BASE)
