# End to end: the Pi port's unit loop reads the emulated SLCAN adapter and GPS receiver over ptys and sees motion at the planned minutes.
# SPDX-License-Identifier: MIT
"""The unit as installed (``drivetime_pi.main.build`` from a TOML config:
python-can's slcan backend and pyserial on the emulators' ptys), driven by
a :class:`simulator.world.World` through a :class:`simulator.bridge.Bridge`
on one virtual clock, a quarter second at a time, waiting each time until
the loop has read all that was sent (as tests/ports/test_main_e2e.py does).

The plan from 06:00Z (the clock's UTC at time 0, also the RTC): stand 3 min,
drive 10 min, stand 5 min, drive 4 min, stand 6 min. The unit's stop
activity is its default, other work (Annex IC req 048), so its record must
change at exactly these minutes: other work 06:00, driving 06:03, other work
06:13, driving 06:18, other work 06:22 (each stint whole minutes: the wheels
turn from the first to the last millisecond of the drive steps).
"""

import pytest

from drivetime.timeutil import format_minute
from drivetime_pi import config
from drivetime_pi.main import build
from simulator.bridge import Bridge
from simulator.clock import VirtualClock
from simulator.unit_config import write_unit_config
from simulator.world import World

PLAN = [("stop", 3), ("drive", 10, 80), ("stop", 5), ("drive", 4, 60), ("stop", 6)]


@pytest.fixture
def rig(tmp_path, slcan, gps):
    path = write_unit_config(tmp_path / "unit.toml", slcan.path, gps.path)
    clock = VirtualClock()
    records = []
    loop = build(config.load(str(path)), clock,
                 sink=lambda kind, fields: records.append((clock.mono_ms(), kind, fields)))
    loop.start()
    # CAN at 2 and 1 Hz instead of 10 and 20: the same motion, a tenth of the bytes
    world = World(plan=PLAN, traffic={"ccvs_hz": 2, "tco_hz": 1})
    yield loop, world, Bridge(world, clock, slcan, gps), clock, records
    loop.close()


def test_the_unit_sees_motion_start_and_stop_at_the_planned_minutes(rig, slcan, gps, wait_for):
    loop, world, bridge, clock, records = rig

    def arrived():
        can, rx = loop.slots["can"].adapter, loop.slots["gps"].adapter
        return can.received >= slcan.frames_sent and rx.received >= gps.written

    for t in range(250, 28 * 60000 + 1, 250):
        clock.set(t)
        bridge.pump(t)
        assert wait_for(loop.step, arrived), "the loop did not read what was sent"
        loop.step()
    assert slcan.overruns == 0 and gps.overruns == 0 and slcan.frames_dropped == 0
    changes = [(f["activity"], format_minute(f["start"])[11:16]) for _, kind, f in records
               if kind == "activity"]
    assert changes == [("other_work", "06:00"), ("driving", "06:03"), ("other_work", "06:13"),
                       ("driving", "06:18"), ("other_work", "06:22")]
    faults = [f for _, kind, f in records if kind == "fault" and f.get("on")]
    assert faults == []                         # no signal was lost on the way
    assert loop.unit.status["daily_driving_min"] == 14      # 10 + 4 min
