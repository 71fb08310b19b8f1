# The driver's side of the cab unit: buttons, the activity selected, crew, manual entries.
# SPDX-License-Identifier: MIT
"""What the driver does on the unit (issue 4), a part of :class:`drivetime.unit.Unit`.

**Buttons** (:data:`BUTTONS`): ``mode`` pages through the screens,
``activity`` selects the stop's activity (not while moving, Annex IC req
047), ``ack`` acknowledges a warning (req 189; any other key only ends its
30 s display, req 188), ``crew``, ``ferry`` and ``out_of_scope`` toggle, and
``day`` opens the start or end of the day; the dialogues and the menu are in
:mod:`drivetime.menu`.

**Manual entries** (:meth:`DriverSide.manual_entry`): a forgotten break
added afterwards, or the rest before this shift entered at the start of the
day, rewrite the ring from the entry on and the engine is rebuilt from the
ring (a fresh start over the corrected record), as a tachograph's manual
entries allow. Recorded driving is never overwritten.
"""

from drivetime import activity as act
from drivetime.dashboard import SCREENS

BUTTONS = ("mode", "activity", "ack", "crew", "ferry", "out_of_scope", "day")
ACTIVITY_CYCLE = (act.OTHER_WORK, act.AVAILABILITY, act.BREAK_REST)


class DriverSide:
    """The driver's methods of :class:`drivetime.unit.Unit` (its state is the unit's)."""

    def on_button(self, mono_ms, name):
        """A driver's button: one of :data:`BUTTONS` (ValueError otherwise)."""
        if name not in BUTTONS:
            raise ValueError("no button %r" % (name,))
        self._at(mono_ms)               # journalled at the minute pressed, not the last tick's
        mono_ms = self._mono
        d, on_menu = self._menu, SCREENS[self._mode] == "menu"
        if name != "ack" and self.centre.dismiss(mono_ms):
            pass                        # req 188: any key ends the 30 s display, nothing else
        elif name == "ack" and self.centre.cause() is not None:
            w = self.centre.acknowledge(mono_ms)        # req 189: the warning first
            self._log("ack", code=w.code, level=w.level)
        elif ((name == "day" or d is not None and d.kind or on_menu and name in ("activity", "ack"))
              and self.dialogue.button(self, name, mono_ms, on_menu)):
            pass                        # a dialogue or the menu took it (drivetime.menu)
        elif name == "mode":
            self._mode = (self._mode + 1) % len(SCREENS)
            self._page = 0
            if d is not None:
                d.note = None
        elif name == "activity":
            if not self._moving:        # no selection while driving (Annex IC req 047)
                i = ACTIVITY_CYCLE.index(self._standing) if self._standing in ACTIVITY_CYCLE else -1
                self.select(mono_ms, ACTIVITY_CYCLE[(i + 1) % len(ACTIVITY_CYCLE)])
        elif name == "ack":
            if SCREENS[self._mode] == "mydata":
                self._page = (self._page + 1) % 4
        elif name == "crew":
            self.toggle_crew()
        else:
            self.flags ^= act.FLAG_FERRY if name == "ferry" else act.FLAG_OUT_OF_SCOPE
            if self._pipe is not None:
                self._pipe.set_flags(mono_ms, self.flags)
            self._log("flags", ferry=bool(self.flags & act.FLAG_FERRY),
                      out_of_scope=bool(self.flags & act.FLAG_OUT_OF_SCOPE))
        self._refresh(mono_ms)

    @property
    def dialogue(self):
        """The :class:`~drivetime.menu.Dialogue`, made (and imported) at first use."""
        if self._menu is None:
            from drivetime.menu import Dialogue
            self._menu = Dialogue()
        return self._menu

    def select(self, mono_ms, activity):
        """The driver selects ``activity`` for the stop (journaled)."""
        self._at(mono_ms)
        self._standing = activity
        if self._pipe is not None:
            self._pipe.select(mono_ms, activity)
        self._log("select", activity=act.NAMES[activity])

    def toggle_crew(self):
        """Single driver <-> two drivers (Art 4(o)); the engine is rebuilt."""
        self.settings["crew"] = "single" if self.settings["crew"] == "multi" else "multi"
        self._log("crew", crew=self.settings["crew"])
        self._rebuild()

    def record_end(self):
        """The record's end: the ring's, or the signal path's first minute if later."""
        end, p = self.ring.last_end(), self._pipe
        if p is not None and p.recorder is not None:
            end = max(end or 0, p.recorder.base_minute)
        return end

    def manual_entry(self, mono_ms, start_min, end_min, activity):
        """The driver enters ``activity`` for ``[start_min, end_min)`` afterwards.

        The entry ends at the end of the record at the latest; the ring is
        rewritten from ``start_min`` and the engine re-evaluates from the ring.

        :raises ValueError: for an activity other than break, availability or
            other work, an empty entry, no record to correct, or an entry over
            recorded driving
        """
        if activity not in ACTIVITY_CYCLE:
            raise ValueError("a manual entry is break, availability or other work")
        self._at(mono_ms)
        limit = self.record_end()
        if limit is None:
            raise ValueError("no record yet to enter into")
        end_min = min(end_min, limit)
        if end_min <= start_min:
            raise ValueError("empty manual entry")
        tail = []
        for iv in self.ring.since(start_min):
            if iv[0] < end_min and iv[2] == act.DRIVING:
                raise ValueError("recorded driving cannot be overwritten")
            if iv[1] > end_min:
                tail.append((max(iv[0], end_min),) + iv[1:])
        self.ring.replace_from(start_min, [(start_min, end_min, activity, 0)] + tail)
        self._last_rec = self.ring[-1][2:]
        self._log("manual", start=start_min, end=end_min, activity=act.NAMES[activity])
        self._rebuild()
        self._refresh(mono_ms)
