# Tests of the unit's history restored from its journal at boot (drivetime.restore): the intervals.
# SPDX-License-Identifier: MIT
"""A unit's outputs journalled, the unit dropped (ignition off or a power
cut), a new unit restored from the journal: the driver's counters go on
(plain asserts, both interpreters; the driver's choices and the settings:
test_restore_choices.py). Expected values are worked out by hand from
RULES.md; T is Monday 2026-03-02 06:00Z."""

from restore_cab import T, Cab

from drivetime.activity import BREAK_REST, DRIVING, OTHER_WORK


def test_the_counters_go_on_after_the_ignition_was_off():
    # 4h30 driving 06:00-10:30, ignition off 45 min, then 1 h driving.
    # The 45 min off are no record: a break for Art 7 (RULES.md §1), so the
    # continuous count restarts: 60 min. Daily driving (Art 6(1)) adds up:
    # 270 + 60 = 330 (a unit that forgot its history said 60).
    cab = Cab()
    cab.boot(T)
    cab.record(T, T + 270, DRIVING)
    cab.off()
    u = cab.boot(T + 315)
    assert list(u.ring) == [(T, T + 270, DRIVING, 0)]
    cab.record(T + 315, T + 375, DRIVING)
    st = u.status
    assert st["continuous_driving_min"] == 60 and st["daily_driving_min"] == 330
    assert list(u.ring) == [(T, T + 270, DRIVING, 0), (T + 315, T + 375, DRIVING, 0)]
    # Without the journal the unit starts empty (the finding this fixes).
    cab.off()
    u = None
    u = cab.boot(T + 400, restore=False)
    assert len(u.ring) == 0 and u.status["daily_driving_min"] == 0


def test_a_manual_entry_is_restored_and_never_over_driving():
    # As test_unit's forgotten break: 2h30 driving, 45 min recorded as other
    # work turned into a break afterwards, 2h05 driving: the break resets the
    # Art 7 count, 125 min since, no breach.
    cab = Cab()
    cab.boot(T)
    cab.record(T, T + 150, DRIVING)
    cab.record(T + 150, T + 195, OTHER_WORK)
    cab.record(T + 195, T + 320, DRIVING)
    cab.unit.manual_entry(cab.mono(T + 320), T + 150, T + 195, BREAK_REST)
    cab.take(cab.unit.tick(cab.mono(T + 320)))
    cab.off()
    u = cab.boot(T + 330)
    u.tick(cab.mono(T + 330))
    assert list(u.ring) == [(T, T + 150, DRIVING, 0), (T + 150, T + 195, BREAK_REST, 0),
                            (T + 195, T + 320, DRIVING, 0)]
    assert u.infringements == [] and u.status["continuous_driving_min"] == 125


def test_a_manual_entry_inside_the_activity_going_on():
    # Other work from 06:00 still going on when the driver turns 06:30-07:00
    # into a break (the journal has one activity record for 06:00-08:00).
    cab = Cab()
    cab.boot(T)
    cab.record(T, T + 90, OTHER_WORK)
    cab.unit.manual_entry(cab.mono(T + 90), T + 30, T + 60, BREAK_REST)
    cab.take(cab.unit.tick(cab.mono(T + 90)))
    cab.record(T + 90, T + 120, OTHER_WORK)
    cab.off()
    u = cab.boot(T + 130)
    assert list(u.ring) == [(T, T + 30, OTHER_WORK, 0), (T + 30, T + 60, BREAK_REST, 0),
                            (T + 60, T + 120, OTHER_WORK, 0)]


def test_after_a_power_cut_the_last_activity_ends_with_the_last_record():
    # No power-down on record: the drive from 06:00 is known up to the last
    # record, the pre-warning at 10:15 (4h15, req 184); the time after is
    # unknown, as the office reads it.
    cab = Cab()
    cab.boot(T)
    cab.record(T, T + 255, DRIVING)     # the pre-warning at T + 255
    cab.unit = None                     # the cut: nothing more written
    u = cab.boot(T + 300)
    assert list(u.ring) == [(T, T + 255, DRIVING, 0)]


def test_the_ring_keeps_the_newest_and_the_3h_count_goes_on():
    cab = Cab(ring_capacity=4)
    cab.boot(T)
    t = T
    for i in range(5):                  # 5 x (40 min driving, 20 min break): 200 min driving
        if i == 4:
            # 3 h were reached at T + 260 (4 drives = 160 min, + 20 of the fifth);
            # its position came 2 min late (waiting for a fix), at T + 262.
            cab.record(t, t + 22, DRIVING)
            cab.journal.append("position", t + 22, {"lat": 1, "lon": 2, "reason": "3h"})
            cab.record(t + 22, t + 40, DRIVING)
        else:
            cab.record(t, t + 40, DRIVING)
        cab.record(t + 40, t + 60, BREAK_REST)
        t += 60
    cab.off()
    u = cab.boot(t + 5)
    # 10 intervals, 4 kept: the last two pairs.
    assert list(u.ring) == [(t - 120, t - 80, DRIVING, 0), (t - 80, t - 60, BREAK_REST, 0),
                            (t - 60, t - 20, DRIVING, 0), (t - 20, t, BREAK_REST, 0)]
    # The count goes on from the last 3 h position: 180 plus the 18 min
    # driven after it (T + 262 .. T + 280), not from all 5 drives (200).
    assert u._driven == 198
    u = cab = None
    # With no 3 h position on record: all the driving journalled (5 x 40).
    cab = Cab(ring_capacity=4)
    cab.boot(T)
    for i in range(5):
        cab.record(T + 60 * i, T + 60 * i + 40, DRIVING)
        cab.record(T + 60 * i + 40, T + 60 * i + 60, BREAK_REST)
    cab.off()
    assert cab.boot(T + 305)._driven == 200


def test_a_clock_behind_the_restored_record_does_not_break_the_ring():
    # The board's clock set back (no GPS yet) dates minutes before the restored
    # record: they are cut to follow it, never out of order.
    cab = Cab()
    cab.boot(T)
    cab.record(T, T + 60, OTHER_WORK)
    cab.off()
    u = cab.boot(T + 70)
    u.on_record(0, T + 30, T + 90, DRIVING)
    assert list(u.ring) == [(T, T + 60, OTHER_WORK, 0), (T + 60, T + 90, DRIVING, 0)]
