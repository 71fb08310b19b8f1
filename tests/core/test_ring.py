# Tests for drivetime.ring: the fixed-memory ring of recent activity intervals.
# SPDX-License-Identifier: MIT

from support import Rng, raises
from timeline import MONDAY, only

from drivetime.activity import (AVAILABILITY, BREAK_REST, DRIVING, FLAG_FERRY, FLAG_MOVING,
                                OTHER_WORK, UNKNOWN)
from drivetime.engine import Engine
from drivetime.ring import DEFAULT_CAPACITY, IntervalRing

H = 60
T0 = MONDAY + 6 * H       # Monday 06:00


def _filled(capacity, entries):
    ring = IntervalRing(capacity)
    for e in entries:
        ring.append(*e)
    return ring


def _spaced(n, start=T0):
    """n intervals of 10 min, alternating drive/work, each one contiguous with the last."""
    return [(start + 10 * i, start + 10 * i + 10, DRIVING if i % 2 else OTHER_WORK, 0)
            for i in range(n)]


def test_empty_ring():
    ring = IntervalRing(4)
    assert len(ring) == 0
    assert list(ring) == []
    assert list(ring.since(0)) == []
    assert ring.first_start() is None and ring.last_end() is None
    assert ring.dropped == 0
    raises(IndexError, ring.__getitem__, 0)


def test_capacity_must_be_positive():
    raises(ValueError, IntervalRing, 0)
    raises(ValueError, IntervalRing, -5)


def test_append_keeps_order_and_gaps():
    ring = IntervalRing(8)
    ring.append(T0, T0 + 270, DRIVING)
    ring.append(T0 + 270, T0 + 315, BREAK_REST)
    # a gap of 15 min (no record) stays a gap: it costs no entry
    ring.append(T0 + 330, T0 + 360, OTHER_WORK, 0)
    assert list(ring) == [(T0, T0 + 270, DRIVING, 0), (T0 + 270, T0 + 315, BREAK_REST, 0),
                          (T0 + 330, T0 + 360, OTHER_WORK, 0)]
    assert len(ring) == 3
    assert ring[0] == (T0, T0 + 270, DRIVING, 0)
    assert ring[-1] == (T0 + 330, T0 + 360, OTHER_WORK, 0)
    assert ring.first_start() == T0 and ring.last_end() == T0 + 360


def test_contiguous_equal_intervals_merge():
    ring = IntervalRing(4)
    # minute-by-minute feeding of 90 min of driving takes one entry
    for m in range(T0, T0 + 90):
        ring.append(m, m + 1, DRIVING)
    assert list(ring) == [(T0, T0 + 90, DRIVING, 0)]


def test_no_merge_across_gap_or_other_flags():
    ring = IntervalRing(8)
    ring.append(T0, T0 + 30, BREAK_REST)
    ring.append(T0 + 30, T0 + 60, BREAK_REST, FLAG_MOVING)     # break in the moving vehicle
    ring.append(T0 + 61, T0 + 90, BREAK_REST, FLAG_MOVING)     # after a 1-min gap
    ring.append(T0 + 90, T0 + 120, AVAILABILITY, FLAG_MOVING)
    assert len(ring) == 4
    assert ring[1] == (T0 + 30, T0 + 60, BREAK_REST, FLAG_MOVING)
    assert ring[3] == (T0 + 90, T0 + 120, AVAILABILITY, FLAG_MOVING)


def test_every_activity_and_flag_combination_round_trips():
    ring = IntervalRing(64)
    t = T0
    expected = []
    for activity in (BREAK_REST, AVAILABILITY, OTHER_WORK, DRIVING, UNKNOWN):
        for flags in range(8):
            ring.append(t, t + 1, activity, flags)
            expected.append((t, t + 1, activity, flags))
            t += 1
    assert list(ring) == expected


def test_bad_input_raises_and_leaves_the_ring_unchanged():
    ring = IntervalRing(4)
    ring.append(T0, T0 + 60, DRIVING)
    before = list(ring)
    raises(ValueError, ring.append, T0 + 30, T0 + 90, BREAK_REST)      # overlaps
    raises(ValueError, ring.append, T0 - 60, T0 - 30, BREAK_REST)      # out of order
    raises(ValueError, ring.append, T0 + 60, T0 + 60, BREAK_REST)      # empty
    raises(ValueError, ring.append, T0 + 90, T0 + 60, BREAK_REST)      # end before start
    raises(ValueError, ring.append, T0 + 60, T0 + 90, 5)               # no such activity
    raises(ValueError, ring.append, T0 + 60, T0 + 90, DRIVING, 8)      # no such flag
    # the same activity continuing, but overlapping, must not be merged silently
    raises(ValueError, ring.append, T0 + 59, T0 + 90, DRIVING)
    assert list(ring) == before
    raises(ValueError, IntervalRing(2).append, T0, T0 - 1, DRIVING)


def test_full_ring_overwrites_the_oldest_and_counts_them():
    entries = _spaced(7)
    ring = _filled(3, entries)
    assert len(ring) == 3
    assert ring.dropped == 4
    assert list(ring) == entries[4:]
    assert ring.first_start() == entries[4][0]
    # merging into the newest entry of a full ring drops nothing
    last = entries[-1]
    ring.append(last[1], last[1] + 5, last[2])
    assert ring.dropped == 4 and ring[-1] == (last[0], last[1] + 5, last[2], 0)


def test_clear_keeps_capacity_and_forgets_everything():
    ring = _filled(3, _spaced(5))
    ring.clear()
    assert len(ring) == 0 and ring.dropped == 0 and list(ring) == []
    ring.append(T0 - 100, T0 - 90, DRIVING)        # an earlier time is fine after clear
    assert list(ring) == [(T0 - 100, T0 - 90, DRIVING, 0)]


def test_default_capacity_holds_the_29_day_view_of_a_busy_driver():
    # Documented sizing: today and the previous 28 days (Art 36 of
    # Reg. 165/2014) with one day off a week = 25 working days of 61
    # intervals: 60 alternating 10-min stints of work and driving, then rest
    # until the next working day starts (the Sundays merge into that rest).
    ring = IntervalRing()
    days = 29
    for day in range(days):
        if day % 7 == 6:
            continue
        start = MONDAY + day * 1440
        for i in range(60):
            ring.append(start, start + 10, DRIVING if i % 2 else OTHER_WORK)
            start += 10
        rest_until = MONDAY + (day + (2 if day % 7 == 5 else 1)) * 1440
        ring.append(start, rest_until, BREAK_REST)
    assert len(ring) == 25 * 61 and ring.dropped == 0
    assert ring.first_start() == MONDAY and ring.last_end() == MONDAY + days * 1440


def test_times_up_to_the_32_bit_small_int_range():
    # UTC minutes stay below 2**30 until 4011 (timeutil); they must round-trip exactly.
    top = (1 << 30) - 1
    ring = IntervalRing(2)
    ring.append(top - 10, top, DRIVING)
    assert ring[0] == (top - 10, top, DRIVING, 0)


def test_since_cuts_the_straddling_entry():
    ring = IntervalRing(8)
    ring.append(T0, T0 + 120, DRIVING)
    ring.append(T0 + 120, T0 + 165, BREAK_REST)
    ring.append(T0 + 200, T0 + 260, OTHER_WORK)
    assert list(ring.since(T0 + 60)) == [(T0 + 60, T0 + 120, DRIVING, 0),
                                         (T0 + 120, T0 + 165, BREAK_REST, 0),
                                         (T0 + 200, T0 + 260, OTHER_WORK, 0)]
    # on a boundary nothing is cut; an entry ending at `minute` is not included
    assert list(ring.since(T0 + 120))[0] == (T0 + 120, T0 + 165, BREAK_REST, 0)
    # inside a gap: the record starts with the next entry
    assert list(ring.since(T0 + 180)) == [(T0 + 200, T0 + 260, OTHER_WORK, 0)]
    assert list(ring.since(T0 - 1000)) == list(ring)
    assert list(ring.since(T0 + 260)) == []


class _Model:
    """The newest ``capacity`` entries in a plain circular list, allocated once
    (a growing list needs a large contiguous block, which the MicroPython test
    heap may not have)."""

    def __init__(self, capacity):
        self.slots = [None] * capacity
        self.head = self.size = self.lost = 0

    def __getitem__(self, n):
        return self.slots[(self.head + n) % len(self.slots)]

    def append(self, start, end, activity):
        slots, size = self.slots, self.size
        if size and self[size - 1][1] == start and self[size - 1][2] == activity:
            last = self[size - 1]
            slots[(self.head + size - 1) % len(slots)] = (last[0], end, activity, 0)
            return
        if size == len(slots):
            self.head = (self.head + 1) % len(slots)
            self.lost += 1
            size -= 1
        slots[(self.head + size) % len(slots)] = (start, end, activity, 0)
        self.size = size + 1


def _same(ring_entries, model, minute=None):
    """Compare lazily with the model: entries ending after ``minute``, the first cut there."""
    n = 0
    for got in ring_entries:
        while minute is not None and model[n][1] <= minute:
            n += 1
        s, e, a, f = model[n]
        if minute is not None and s < minute:
            s = minute
        if got != (s, e, a, f):
            return False
        n += 1
    while minute is not None and n < model.size and model[n][1] <= minute:
        n += 1
    return n == model.size


def test_since_and_iteration_match_a_plain_list_after_wrapping():
    rng = Rng(28)
    # 130 spans two storage chunks of 128, the second one short
    for capacity in (1, 2, 5, 130):
        ring = IntervalRing(capacity)
        model = _Model(capacity)
        t = T0
        for _ in range(capacity + 200):
            start = t + rng.choice((0, 0, 0, 3))          # mostly contiguous, some gaps
            end = start + rng.randint(1, 90)
            activity = rng.choice((BREAK_REST, OTHER_WORK, DRIVING))
            ring.append(start, end, activity)
            model.append(start, end, activity)
            t = end
            assert _same(ring, model)
            probe = rng.randint(model[0][0] - 5, t + 5)
            assert _same(ring.since(probe), model, probe)
        assert ring.dropped == model.lost and len(ring) == model.size


def test_replace_from_adds_a_forgotten_break():
    # Recorded: driving 06:00-10:31. The driver adds afterwards that 08:00-08:45
    # was a break. The tail from 08:00 is rewritten; the entry before is cut.
    ring = IntervalRing(8)
    ring.append(T0 - 6 * H, T0, BREAK_REST)
    ring.append(T0, T0 + 271, DRIVING)
    cut = ring.replace_from(T0 + 120, [(T0 + 120, T0 + 165, BREAK_REST, 0),
                                       (T0 + 165, T0 + 271, DRIVING, 0)])
    assert cut == 1
    assert list(ring) == [(T0 - 6 * H, T0, BREAK_REST, 0), (T0, T0 + 120, DRIVING, 0),
                          (T0 + 120, T0 + 165, BREAK_REST, 0), (T0 + 165, T0 + 271, DRIVING, 0)]


def test_replace_from_then_reevaluate_with_a_fresh_engine():
    # Art 7 (RULES.md 3.1): 271 min of driving exceeds 270 -> one
    # continuous_driving infringement. With the forgotten 45-min break after
    # 120 min the driving periods are 120 and 151 min: none.
    ring = IntervalRing(8)
    ring.append(T0 - 11 * H, T0, BREAK_REST)
    ring.append(T0, T0 + 271, DRIVING)

    def judge():
        engine = Engine()
        for start, end, activity, flags in ring.since(T0 - 11 * H):
            engine.feed(start, end, activity, flags)
        return only(engine.evaluate()[0], "continuous_driving")

    assert len(judge()) == 1
    ring.replace_from(T0 + 120, [(T0 + 120, T0 + 165, BREAK_REST, 0),
                                 (T0 + 165, T0 + 271, DRIVING, 0)])
    assert judge() == []


def test_replace_from_removes_whole_entries_and_merges():
    ring = _filled(8, _spaced(6))          # T0 .. T0+60 in 10-min steps
    # from T0+20 the driver was driving until T0+70, a single activity
    removed = ring.replace_from(T0 + 20, [(T0 + 20, T0 + 70, DRIVING, 0)])
    assert removed == 4
    # entry 1 (T0+10..T0+20) is driving too and contiguous: merged with the correction
    assert list(ring) == [(T0, T0 + 10, OTHER_WORK, 0), (T0 + 10, T0 + 70, DRIVING, 0)]
    # a correction that ends earlier than the old record shortens it
    assert ring.replace_from(T0 + 40, [(T0 + 40, T0 + 50, BREAK_REST, 0)]) == 1
    assert list(ring)[-2:] == [(T0 + 10, T0 + 40, DRIVING, 0), (T0 + 40, T0 + 50, BREAK_REST, 0)]
    # nothing after the end of the record: plain appending
    assert ring.replace_from(T0 + 60, [(T0 + 60, T0 + 70, OTHER_WORK, 0)]) == 0
    assert ring.last_end() == T0 + 70 and len(ring) == 4
    # deleting the tail only (no new intervals)
    assert ring.replace_from(T0 + 5, []) == 4
    assert list(ring) == [(T0, T0 + 5, OTHER_WORK, 0)]


def test_replace_from_before_the_oldest_entry_replaces_everything():
    ring = _filled(3, _spaced(5))
    assert ring.replace_from(T0 - 30, [(T0 - 30, T0, UNKNOWN, 0)]) == 3
    assert list(ring) == [(T0 - 30, T0, UNKNOWN, 0)]


def test_replace_from_in_a_wrapped_ring():
    entries = _spaced(9)
    ring = _filled(4, entries)             # keeps entries 5..8, storage wrapped
    ring.replace_from(T0 + 75, [(T0 + 75, T0 + 95, AVAILABILITY, FLAG_FERRY)])
    assert list(ring) == entries[5:7] + [(T0 + 70, T0 + 75, entries[7][2], 0),
                                         (T0 + 75, T0 + 95, AVAILABILITY, FLAG_FERRY)]
    ring.append(T0 + 95, T0 + 100, DRIVING)
    ring.append(T0 + 100, T0 + 110, BREAK_REST)
    assert ring.dropped == 5 + 2 and len(ring) == 4
    assert ring[-1] == (T0 + 100, T0 + 110, BREAK_REST, 0)


def test_bad_correction_leaves_the_ring_unchanged():
    ring = _filled(8, _spaced(4))
    before = list(ring)
    raises(ValueError, ring.replace_from, T0 + 20, [(T0 + 10, T0 + 30, BREAK_REST, 0)])
    raises(ValueError, ring.replace_from, T0 + 20, [(T0 + 20, T0 + 40, BREAK_REST, 0),
                                                    (T0 + 30, T0 + 50, DRIVING, 0)])
    raises(ValueError, ring.replace_from, T0 + 20, [(T0 + 20, T0 + 20, BREAK_REST, 0)])
    raises(ValueError, ring.replace_from, T0 + 20, [(T0 + 20, T0 + 30, 9, 0)])
    assert list(ring) == before
