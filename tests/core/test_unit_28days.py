# Tests of the unit over 28 days: compliant weeks stay compliant, fixed memory, the 28-day view.
# SPDX-License-Identifier: MIT
"""A 28-day stream through the Unit (a replay of finished intervals, made lazily),
within MicroPython's 192K heap (plain asserts, both interpreters)."""

import gc

from drivetime.unit import Unit  # noqa: E402

gc.collect()
from drivetime.activity import BREAK_REST, DRIVING  # noqa: E402

T0 = 29540160           # Monday 2026-03-02 00:00Z
DAY = 1440


def week_days(days):
    """Each weekday 06:00 4h30 driving, 45 min break, 4h driving, then rest to the next
    06:00; weekends rest. Yields ``(start, end, activity)`` in order, from T0."""
    rest_from = T0
    for d in range(days):
        if d % 7 < 5:
            s = T0 + d * DAY + 360
            yield rest_from, s, BREAK_REST
            yield s, s + 270, DRIVING
            yield s + 270, s + 315, BREAK_REST
            yield s + 315, s + 555, DRIVING
            rest_from = s + 555
    yield rest_from, T0 + days * DAY + 360, BREAK_REST


def test_28_compliant_days_in_fixed_memory():
    # By hand (RULES.md §3): 4h30 then a 45 min break (Art 7); 8h30 a day (Art 6(1), 9 h);
    # 14h45 daily rest (Art 8(2), 11 h); 42h30 a week, 85 h a fortnight (Art 6(2), (3));
    # 62h45 weekend rest (Art 8(6), 45 h); working time 42h30, 6 h break rule kept
    # (Dir 2002/15 Art 4, 5); no night work: no infringement.
    mem = getattr(gc, "mem_alloc", None)
    u = Unit()
    heap = []
    for start, end, activity in week_days(28):
        u.on_record((end - T0) * 60000, start, end, activity)
        u.tick((end - T0) * 60000)
        if activity == BREAK_REST and (start - T0) // DAY in (14, 27) and mem is not None:
            gc.collect()
            heap.append(mem())
    assert u.infringements == []
    st = u.status
    # Monday 30 March 06:00, after a weekend: fourth week done, a new one begins.
    assert st["at"] == T0 + 28 * DAY + 360 and st["weekly_driving_min"] == 0
    assert st["fortnightly_driving_min"] == 5 * 510
    assert len(u.ring) == 20 * 4 + 1 and u.ring.dropped == 0
    if heap:
        assert heap[-1] - heap[0] < 2048, heap      # no growth from day 14 to day 27
    while u.screen.name != "mydata":
        u.on_button(0, "mode")
    while u.centre.cause() is not None:
        u.on_button(0, "ack")
    # Newest first: Monday 30 (nothing yet), Sunday 29, Saturday 28, Friday 27: 8h30.
    rows = u.screen.rows
    assert rows[1] == "30 D 0:00 W 0:00" and rows[4] == "27 D 8:30 W 0:00"
    for _ in range(3):
        u.on_button(0, "ack")
    # Page 4: the oldest days of the 28, 3 to 9 March (9 March a Monday).
    assert u.screen.rows[0] == "MY DATA 4/4" and u.screen.rows[1] == "09 D 8:30 W 0:00"
