# The cab unit's state machine: inputs and a clock in; screens, buzzer, LEDs and journal records out.
# SPDX-License-Identifier: MIT
"""The unit (DESIGN.md "unit"; issue 4), driven by a clock and events only.

Each input carries ``mono_ms``, the port's monotonic clock. CAN frames, NMEA
bytes and the board's clock go to the :class:`~drivetime.signals.SignalPipeline`;
the activity minutes it makes go to an
:class:`~drivetime.ring.IntervalRing` (the last 28 days, fixed memory) and
the :class:`~drivetime.engine.Engine`. :meth:`Unit.tick` (call it at least
once a second) returns the outputs since the last call: :class:`Show`,
:class:`Buzz`, :class:`Led` and :class:`Log`.

**Live counters.** A minute reaches the engine about 2 min late
(:mod:`drivetime.signals`), so the driver sees (:attr:`Unit.live`) the
engine's status carried on to now (:func:`drivetime.live.carry_on`) and the
live activity (DRIVING while moving, else the one selected or set at the
stop; UNKNOWN with no motion source). Warnings come at the live minute.

**Manual entries** (:meth:`Unit.manual_entry`): a forgotten break added
afterwards, or the rest before this shift entered at the start of the day,
rewrite the ring from the entry on and the engine is rebuilt from the ring
(a fresh start over the corrected record), as a tachograph's manual entries
allow. Recorded driving is never overwritten. The buttons reach them, the
country and the settings through the dialogues of :mod:`drivetime.menu`.

:meth:`Unit.on_record` takes finished intervals from elsewhere instead of
the signal path (a replay, the simulator's fast mode, the 28-day test).

**The journal** (issue 5) gets a :class:`Log` for each change; the port
calls :meth:`Unit.power` at boot and at a clean stop (power-up also names
the driver and the crew), :meth:`Unit.set_driver` for a card,
:meth:`Unit.port_fault` for what only the port sees, and hands the office's
settings to :meth:`Unit.apply_config`. **Positions** (Reg. (EU) 165/2014
Art 8(1); nothing else, RULES.md §10): at the start and end of the day,
each 3 h of accumulated driving (a count over all driving since the unit
started, not reset by rest, out of scope or ferry: Annex IC "accumulated
driving time") and at a border (the country changed through the menu). The
fix is the one of that minute (or the minute before); without one the unit
waits up to :data:`POS_WAIT_MIN` for the next fix and journals it at its
minute, else journals no position (a stale one would mislead).
"""

from collections import namedtuple

from drivetime import activity as act
from drivetime.dashboard import SCREENS, build_screen
from drivetime.engine import Engine
from drivetime.live import carry_on, limits_left, note
from drivetime.mydata import driver_days
from drivetime.position import tenth_arcmin
from drivetime.ring import DEFAULT_CAPACITY, IntervalRing
from drivetime.warnings import WarningCentre

Show = namedtuple("Show", ("screen",))
Buzz = namedtuple("Buzz", ("pattern",))        # on/off milliseconds, starting with on
Led = namedtuple("Led", ("name", "on"))        # "warning", "driving", "fault"
Log = namedtuple("Log", ("kind", "fields"))    # a record for the journal (issue 5)
Export = namedtuple("Export", ("lines",))      # the driver's CSV (menu "export"): an iterator, use at once

UNIT_SETTINGS = {
    "lang": "en", "local_offset_min": 0, "stop_activity": act.OTHER_WORK, "buzzer": True,
    "country": "", "crew": "single", "ring_capacity": DEFAULT_CAPACITY, "motion": None,
    "driver_card": "", "driver_name": "",
    "countries": ("D", "A", "B", "CH", "CZ", "DK", "E", "F", "I", "L", "NL", "PL"),  # menu.py
}
BUZZ_PRE = (200,)                       # one short beep 15 min before (req 185: audible optional)
BUZZ_LIMIT = (500, 200, 500, 200, 500)  # three long beeps at the limit
ACTIVITY_CYCLE = (act.OTHER_WORK, act.AVAILABILITY, act.BREAK_REST)
_OFF_MIN = 10        # a record this far behind now (more than the signal path's lag): unit was off
BUTTONS = ("mode", "activity", "ack", "crew", "ferry", "out_of_scope", "day")
POS_EVERY_MIN = 180  # a position every 3 h of accumulated driving (Reg. 165/2014 Art 8(1)(b))
POS_WAIT_MIN = 10    # no fix when a position is due: the first fix within this is taken


class Unit:
    """One driver's cab unit.

    :param settings: overrides of :data:`UNIT_SETTINGS`
    :param profile: a rule profile dict (:mod:`drivetime.profiles`), default EU
    :raises ValueError: for an unknown setting
    """

    def __init__(self, settings=None, profile=None):
        s = dict(UNIT_SETTINGS)
        for k in settings or ():
            if k not in s:
                raise ValueError("unknown unit setting %r" % (k,))
            s[k] = settings[k]
        self.settings = s
        self._port = (s["driver_card"], s["driver_name"], s["crew"])    # as the port set them
        self.profile = profile
        self.ring = IntervalRing(s["ring_capacity"])
        self._pipe = None               # the signal path, made at the first signal input
        self.centre = WarningCentre()
        self.engine = self._new_engine()
        self.infringements, self.status = self.engine.evaluate()
        self.live = dict(self.status)
        self.faults = {"gps_lost": False, "can_silent": False, "motion_conflict": False}
        self.screen = None
        self.flags = 0
        self.day_open = False
        self._out = []
        self._mono = 0
        self._now = None                # live UTC minute (None before any time)
        self._mode = 0                  # index in SCREENS
        self._page = 0                  # "my data" page
        self._standing = s["stop_activity"]
        self._moving = False
        self._tail = []                 # the live activity since the record's end (drivetime.live)
        self._live_of = None            # (status, now, tail's last) the live status was made from
        self._signals = False           # any CAN, NMEA or RTC input seen (else replay)
        self._last_rec = None           # (activity, flags) of the newest record
        self._dirty = True              # the engine has data not yet evaluated
        self._leds = {}
        self._menu = None               # drivetime.menu.Dialogue, made at the first button
        self._driven = 0                # accumulated driving minutes (positions every 3 h)
        self._want = []                 # (reason, minute) of positions waiting for a fix

    # -- inputs --------------------------------------------------------------

    @property
    def pipeline(self):
        """The :class:`~drivetime.signals.SignalPipeline`, made (and imported) at
        first use: a replay (:meth:`on_record`) never needs it (a small heap)."""
        if self._pipe is None:
            from drivetime.signals import SignalPipeline
            self._pipe = SignalPipeline(None, self.settings["stop_activity"],
                                        self.settings["motion"])
            if self.flags:
                self._pipe.set_flags(self._mono, self.flags)
            if self._standing != self.settings["stop_activity"]:
                self._pipe.select(self._mono, self._standing)
        return self._pipe

    @property
    def warnings(self):
        """The active :class:`~drivetime.warnings.Warning` records."""
        return self.centre.active

    def _signal(self, mono_ms):
        self._mono, self._signals = max(self._mono, mono_ms), True
        return self.pipeline

    def on_can(self, mono_ms, arbitration_id, data, extended=True):
        self._signal(mono_ms).can_frame(mono_ms, arbitration_id, data, extended)

    def on_nmea(self, mono_ms, data):
        self._signal(mono_ms).nmea_bytes(mono_ms, data)

    def on_rtc(self, mono_ms, minute, second):
        self._signal(mono_ms).rtc(mono_ms, minute, second)

    def on_record(self, mono_ms, start, end, activity, flags=0):
        """A finished interval from elsewhere (replay, simulator), not the signal path."""
        self._mono = max(self._mono, mono_ms)
        own_clock = self._pipe is None or self._pipe.timebase.source == "none"
        if own_clock and (self._now is None or self._now < start):
            self._now = start           # the change it logs happens at its start
        self._take(((start, end, activity, flags),))
        if own_clock:
            self._now = end

    def on_button(self, mono_ms, name):
        """A driver's button: one of :data:`BUTTONS` (ValueError otherwise)."""
        if name not in BUTTONS:
            raise ValueError("no button %r" % (name,))
        self._mono = mono_ms = max(self._mono, mono_ms)
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

    def power(self, on, mono_ms):
        """Power up (journals the driver and the crew too) or a clean power down."""
        self._at(mono_ms)
        self._log("power", on=bool(on))
        if on:
            # The port's driver and crew first (drivetime.restore tells an
            # installer's change from them), then the ones in force if a
            # restore, a card or the office changed them.
            s, p = self.settings, self._port
            self._log("driver", card=p[0], name=p[1])
            self._log("crew", crew=p[2])
            if (s["driver_card"], s["driver_name"]) != p[:2]:
                self._log("driver", card=s["driver_card"], name=s["driver_name"])
            if s["crew"] != p[2]:
                self._log("crew", crew=s["crew"])

    def set_driver(self, card, name, mono_ms):
        """A driver card inserted (``card`` "" when withdrawn): journalled."""
        self._at(mono_ms)
        self.settings["driver_card"], self.settings["driver_name"] = card, name
        self._log("driver", card=card, name=name)

    def port_fault(self, name, on, mono_ms):
        """A fault only the port sees ("can_adapter", "journal_full"): on the
        faults screen and the fault LED, journalled when it changes."""
        self._at(mono_ms)
        if self.faults.get(name, False) != bool(on):
            self.faults[name] = bool(on)
            self._log("fault", fault=name, on=bool(on))

    def restore(self, journal):
        """Rebuild the history (ring, engine, choices, settings) from the
        journal on flash at boot, before the first input (:mod:`drivetime.restore`).

        :returns: ``(records read, intervals in the ring)``
        """
        from drivetime.restore import restore
        return restore(self, journal)

    def apply_config(self, settings):
        """The office's settings (:func:`drivetime.menu.configure`). :returns: refused keys"""
        from drivetime.menu import configure
        return configure(self, settings)

    def position(self, reason, minute=None):
        """Journal the position of ``minute`` (default now); ``reason`` "start",
        "end", "3h" or "other" (journal_kinds). No signal path: no position."""
        minute = self._now if minute is None else minute
        if self._pipe is not None and minute is not None:
            self._want = self._want[-3:] + [(reason, minute)]
            self._positions()

    def _positions(self):
        keep = []
        for reason, minute in self._want:
            f = self._pipe.fixes.near(minute)
            if f is not None and f[0] <= minute + POS_WAIT_MIN:
                self._out.append(Log("position", {"lat": tenth_arcmin(f[1]), "reason": reason,
                                                  "lon": tenth_arcmin(f[2]), "minute": f[0]}))
            elif self._now is None or self._now <= minute + POS_WAIT_MIN:
                keep.append((reason, minute))
        self._want = keep

    def _at(self, mono_ms):
        """Move to ``mono_ms``; the clock's minute when the signal path knows it."""
        self._mono = max(self._mono, mono_ms)
        t = self._pipe.timebase.now(self._mono) if self._pipe is not None else None
        if t is not None:
            self._now = t[0]

    @property
    def dialogue(self):
        """The :class:`~drivetime.menu.Dialogue`, made (and imported) at first use."""
        if self._menu is None:
            from drivetime.menu import Dialogue
            self._menu = Dialogue()
        return self._menu

    def select(self, mono_ms, activity):
        """The driver selects ``activity`` for the stop (journaled)."""
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
        self._mono = max(self._mono, mono_ms)
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

    def tick(self, mono_ms):
        """Let time pass (at least once a second). :returns: the outputs since the last call"""
        self._mono = mono_ms = max(self._mono, mono_ms)
        p = self._pipe
        if p is not None:
            p.tick(mono_ms)
            if p.minutes:
                self._take(p.minutes)
                del p.minutes[:]
            self._events()
            now = p.timebase.now(mono_ms)
            if now is not None:
                self._now = now[0]
            if self._want:
                self._positions()
        # After the unit was off the record ends long before now: judge it at
        # now (the time between has no record and counts as rest for driving
        # times, RULES.md §1), or a driver who rested is warned of a rest due.
        off = self._now is not None and 0 <= self.engine.end < self._now - _OFF_MIN
        if self._dirty or (off and self.status.get("at") != self._now):
            self.infringements, self.status = self.engine.evaluate(self._now if off else None)
            self._dirty = False
        self._refresh(mono_ms)
        out, self._out = self._out, []
        return out

    # -- inner workings ------------------------------------------------------

    def _new_engine(self):
        return Engine(self.profile, crew_multi=self.settings["crew"] == "multi",
                      local_offset_min=self.settings["local_offset_min"])

    def _rebuild(self):
        """A fresh engine over the ring (after a manual entry or a crew change)."""
        e = self._new_engine()
        for start, end, activity, flags in self.ring:
            e.feed(start, end, activity, flags)
        self.engine = e
        self._dirty = True
        self.infringements, self.status = e.evaluate()

    def _take(self, intervals):
        for start, end, activity, flags in intervals:
            floor = self.ring.last_end()
            if floor is not None and start < floor:     # before the (restored) record: a clock
                if end <= floor:                        # set back before GPS; kept in order
                    continue
                start = floor
            self.ring.append(start, end, activity, flags)
            self.engine.feed(start, end, activity, flags)
            if self._last_rec != (activity, flags):
                self._last_rec = (activity, flags)
                self._log("activity", start=start, activity=act.NAMES[activity], flags=flags)
            if activity == act.DRIVING:
                d = self._driven
                self._driven = d + end - start
                k = d // POS_EVERY_MIN + 1      # the next multiple of 3 h
                while k * POS_EVERY_MIN <= self._driven:
                    self.position("3h", start + k * POS_EVERY_MIN - d)
                    k += 1
        self._dirty = True

    def _events(self):
        """Journal the pipeline's events; follow motion and the input faults."""
        p = self._pipe
        for ev in p.events:
            kind = getattr(ev, "kind", None)
            if kind is None:            # a TimeAdjust
                self._log("time_adjust", old=(ev.old_minute, ev.old_second),
                          new=(ev.new_minute, ev.new_second), source=ev.source)
            elif kind == "conflict":
                self._log("motion_conflict", on=ev.value)
            elif kind in ("gps_lost", "can_silent"):
                self._log("fault", fault=kind, on=ev.value)
        del p.events[:]
        m = p.motion
        if self._signals:           # a replay (on_record only) has no inputs to fault
            self.faults["gps_lost"], self.faults["can_silent"] = m.gps_lost, m.can_silent
            self.faults["motion_conflict"] = m.conflict
        at_s = None
        if m.moving != self._moving and m.changed_ms is not None:
            t = p.timebase.now(self._mono)
            if t is not None:       # when the motion changed, in UTC seconds
                at_s = t[0] * 60 + t[1] - (self._mono - m.changed_ms) // 1000
        if self._moving and not m.moving:
            self._standing = self.settings["stop_activity"]     # Annex IC req 048
        self._moving = m.moving
        if at_s is not None:
            note(self._tail, at_s, self._live_activity(), self.flags)

    def _live_activity(self):
        p = self._pipe
        if p is None or p.timebase.source == "none":
            return self._last_rec[0] if self._last_rec else act.UNKNOWN
        if self._moving:
            return act.DRIVING
        return act.UNKNOWN if p.motion.source == "none" else self._standing

    def _extrapolate(self):
        """The status carried on to now (see the module docstring), made
        again only when the status, the minute or the live activity changed."""
        t = self._pipe.timebase.now(self._mono) if self._pipe is not None else None
        name = act.NAMES[self._live_activity()]
        if t is not None:       # selections, flags, a motion source lost: from now
            note(self._tail, t[0] * 60 + t[1], self._live_activity(), self.flags)
        key = self._live_of
        if key is None or key[0] is not self.status or key[1] != self._now or \
                key[2] != (self._tail[-1] if self._tail else None):
            self._live_of = (self.status, self._now, self._tail[-1] if self._tail else None)
            return carry_on(self.engine, self.status, self._now, name, self._tail)
        live = self.live
        live["activity"] = name
        return live

    def _refresh(self, mono_ms):
        live = self.live = self._extrapolate()
        resting = not self._moving and live["activity"] == "break_rest"
        left = limits_left(live, None if resting else self._now)
        for w in self.centre.update(mono_ms, left, resting,
                                    bool(self.flags & act.FLAG_OUT_OF_SCOPE)):
            self._log("warning", code=w.code, level=w.level)
            if self.settings["buzzer"]:
                self._out.append(Buzz(BUZZ_PRE if w.level == "pre" else BUZZ_LIMIT))
        self._led("warning", self.centre.cause() is not None)
        self._led("driving", self._moving)
        self._led("fault", any(self.faults.values()))
        popup = self.centre.popup(mono_ms)
        d = self._menu
        name = ("warning" if popup is not None else d.kind if d is not None and d.kind
                else SCREENS[self._mode])
        state = {"now": self._now, "lang": self.settings["lang"],
                 "local_offset_min": self.settings["local_offset_min"],
                 "activity": act.CODES[live["activity"]], "flags": self.flags,
                 "faults": self.faults, "clock": self._pipe.timebase.source if self._pipe else "none",
                 "warning": self.centre.cause(), "popup": popup, "left": left,
                 "settings": self.settings, "day_open": self.day_open, "page": self._page}
        if name == "mydata" and self._now is not None:    # "my data": the last 28 local days
            state["days"] = driver_days(self.ring, self._now, self.settings["local_offset_min"], 28)
        if d is not None:
            state.update(d.state())
        screen = build_screen(name, live, state)
        if screen != self.screen:
            self.screen = screen
            self._out.append(Show(screen))

    def _led(self, name, on):
        if self._leds.get(name) != on:
            self._leds[name] = on
            self._out.append(Led(name, on))

    def _log(self, kind, **fields):
        fields["minute"] = self._now
        self._out.append(Log(kind, fields))
