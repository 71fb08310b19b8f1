# The cab of the restore tests: a unit journalled as a port journals it, booted again over the same storage.
# SPDX-License-Identifier: MIT
"""Shared by test_restore.py and test_restore_choices.py (plain Python, both interpreters)."""

import gc

from drivetime.unit import Log, Unit  # noqa: E402

gc.collect()
import drivetime.menu  # noqa: E402, F401  (apply_config's, loaded early: less fragmentation)

gc.collect()
from drivetime.segments import RamStorage, SegmentJournal  # noqa: E402

gc.collect()
# Unit.restore imports drivetime.restore at boot; compiled from source (a
# board runs it frozen) it needs one large block, found more easily now.
import drivetime.restore  # noqa: E402, F401

gc.collect()
T = 29540520            # Monday 2026-03-02 06:00Z
KEY = b"restore-test-unit-key"
SMALL = {"ring_capacity": 64}


class Cab:
    """A unit whose Log outputs go to a journal, as a port does; ``boot`` a new
    unit over the same storage (restored), ``off`` (clean) or ``cut`` it."""

    def __init__(self, **settings):
        self.storage, self.settings = RamStorage(), dict(SMALL, **settings)
        self.unit = self.journal = None

    def boot(self, minute, restore=True, **settings):
        # One unit at a time: MicroPython's 192K heap holds the stack compiled
        # from source and one unit (tests drop their own references first).
        self.unit = self.journal = None
        gc.collect()
        self.journal = SegmentJournal(self.storage, KEY)
        self.journal.recover()
        s = dict(self.settings, **settings)
        self.unit = u = Unit(s)
        if restore:
            u.restore(self.journal)
        self.now = minute
        u.power(True, self.mono(minute))
        self.take(u.tick(self.mono(minute)))
        return u

    def mono(self, minute):
        return (minute - T) * 60000

    def take(self, out):
        for o in out:
            if isinstance(o, Log):
                m = o.fields["minute"]
                self.journal.append(o.kind, self.now if m is None else m, o.fields)

    def record(self, start, end, activity):
        self.now = end
        self.unit.on_record(self.mono(end), start, end, activity)
        self.take(self.unit.tick(self.mono(end)))

    def off(self):
        self.unit.power(False, self.mono(self.now))
        self.take(self.unit.tick(self.mono(self.now)))
        self.journal.seal()
