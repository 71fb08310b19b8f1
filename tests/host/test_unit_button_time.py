# A driver's button is journalled at the minute it is pressed, not at the last tick's.
# SPDX-License-Identifier: MIT
"""The unit learns the minute from its clock at each tick; a button pressed
between two ticks, just after the minute turned, must still be journalled
in the new minute (found by the demo: a selection at 16:10:01 was written
as 16:09, so a break that began at 16:10 looked a minute longer)."""

from drivetime.activity import BREAK_REST
from drivetime.unit import Log, Unit

T = 29540520 + 10 * 60 + 9          # Monday 2026-03-02 16:09Z


def _logged(out, kind):
    return [o.fields["minute"] for o in out if isinstance(o, Log) and o.kind == kind]


def _unit_at_16_09_59():
    u = Unit({"ring_capacity": 64})
    u.on_rtc(0, T, 59)              # the board's clock: 16:09:59 at mono 0
    u.tick(0)
    return u


def test_a_selection_just_after_the_minute_is_journalled_in_the_new_minute():
    u = _unit_at_16_09_59()
    u.select(2000, BREAK_REST)      # 16:10:01, before the next tick
    assert _logged(u.tick(2000), "select") == [T + 1]


def test_a_button_just_after_the_minute_is_journalled_in_the_new_minute():
    u = _unit_at_16_09_59()
    u.on_button(2000, "activity")   # standing: the next activity in the cycle, at 16:10:01
    assert _logged(u.tick(2000), "select") == [T + 1]


def test_a_manual_entry_is_journalled_at_the_minute_it_is_made():
    u = _unit_at_16_09_59()
    u.on_record(0, T - 60, T, BREAK_REST)   # an hour on record before 16:09
    u.manual_entry(2000, T - 30, T, BREAK_REST)
    assert _logged(u.tick(2000), "manual") == [T + 1]
