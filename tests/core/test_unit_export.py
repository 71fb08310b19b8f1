# Test of the driver's export from the unit's menu (issue 5: the driver's own data, no key).
# SPDX-License-Identifier: MIT
"""Menu "export": the ring's intervals as CSV in an ``Export`` output (plain
asserts, both interpreters: drivetime.export no longer loads the journal
codec for this, so it fits MicroPython's 192K heap compiled from source)."""

import gc

from drivetime.unit import Export, Unit  # noqa: E402

gc.collect()
from drivetime.activity import BREAK_REST, DRIVING  # noqa: E402
from support import press  # noqa: E402

T = 29540520            # Monday 2026-03-02 06:00Z


def test_the_driver_exports_their_own_record_from_the_menu():
    u = Unit({"ring_capacity": 64})
    u.on_record(0, T, T + 90, DRIVING)
    u.on_record(0, T + 90, T + 135, BREAK_REST)
    u.tick(0)
    while u.screen.name != "menu":
        press(u, 0, "mode")
    while u.centre.cause() is not None:
        press(u, 0, "ack")
    out = press(u, 0, *(["activity"] * 6 + ["ack"]))
    exports = [o for o in out if isinstance(o, Export)]
    assert len(exports) == 1 and u.screen.rows[7] == "Data exported"
    # 06:00 + 90 min = 07:30, + 45 min = 08:15 (UTC)
    assert list(exports[0].lines) == [
        "start_utc,end_utc,minutes,activity,flags",
        "2026-03-02T06:00:00Z,2026-03-02T07:30:00Z,90,driving,",
        "2026-03-02T07:30:00Z,2026-03-02T08:15:00Z,45,break_rest,"]
    u = None
    gc.collect()
    u = Unit({"ring_capacity": 64})             # nothing recorded: nothing to export
    u.tick(0)
    while u.screen.name != "menu":
        press(u, 0, "mode")
    out = press(u, 0, *(["activity"] * 6 + ["ack"]))
    assert not [o for o in out if isinstance(o, Export)] and u.screen.rows[7] == "No record"
