# The cab unit's state machine: inputs and a clock in; screens, buzzer, LEDs and journal records out.
# SPDX-License-Identifier: MIT
"""The unit (DESIGN.md "unit"; issue 4), driven by a clock and events only.

Each input carries ``mono_ms``, the port's monotonic clock. CAN frames, NMEA
bytes and the board's clock go to the :class:`~drivetime.signals.SignalPipeline`;
the activity minutes it makes go to an
:class:`~drivetime.ring.IntervalRing` (the last 28 days, fixed memory) and
the :class:`~drivetime.engine.Engine`. :meth:`Unit.tick` (call it at least
once a second) returns the outputs since the last call: :class:`Show`,
:class:`Buzz`, :class:`Led`, :class:`Log` and :class:`Export`.

**Live counters.** A minute reaches the engine about 2 min late
(:mod:`drivetime.signals`), so the driver sees (:attr:`Unit.live`) the
engine carried on to now with the live activity (:mod:`drivetime.live`:
DRIVING while moving, else the one selected or set at the stop; UNKNOWN
with no motion source). Warnings come at the live minute.

:meth:`Unit.on_record` takes finished intervals from elsewhere (a replay,
the simulator's fast mode). Buttons and manual entries: :mod:`drivetime.unit_driver`;
what the port calls for the journal (power, card, port faults, the office's
settings, the history restored at boot) and positions: :mod:`drivetime.unit_port`.
"""

from collections import namedtuple

from drivetime import activity as act
from drivetime.dashboard import SCREENS, build_screen
from drivetime.engine import Engine
from drivetime.live import carry_on, limits_left, note
from drivetime.ring import DEFAULT_CAPACITY, IntervalRing
from drivetime.unit_driver import ACTIVITY_CYCLE, BUTTONS, DriverSide  # noqa: F401 (the unit's API)
from drivetime.unit_port import POS_EVERY_MIN, POS_WAIT_MIN, RULE_DEFAULTS, RULE_KEYS, PortSide  # noqa: F401
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
UNIT_SETTINGS.update(zip(RULE_KEYS, RULE_DEFAULTS))     # the engine's options (drivetime.unit_rules)
BUZZ_PRE = (200,)                       # one short beep 15 min before (req 185: audible optional)
BUZZ_LIMIT = (500, 200, 500, 200, 500)  # three long beeps at the limit
_OFF_MIN = 10        # a record this far behind now (more than the signal path's lag): unit was off


class Unit(DriverSide, PortSide):
    """One driver's cab unit.

    :param settings: overrides of :data:`UNIT_SETTINGS`
    :param profile: a rule profile dict (:mod:`drivetime.profiles`); default: setting ``profile``
    :raises ValueError: an unknown setting, or rule settings not valid (naming the key)
    """

    def __init__(self, settings=None, profile=None):
        s = dict(UNIT_SETTINGS)
        if profile is not None:
            s["profile"] = profile["name"]
        for k in settings or ():
            if k not in s:
                raise ValueError("unknown unit setting %r" % (k,))
            s[k] = settings[k]
        self.settings = s
        self.profile = profile
        self._port = (s["driver_card"], s["driver_name"], s["crew"])    # as the port set them
        self._port_rules = self._rules()
        if self._port_rules != RULE_DEFAULTS:
            from drivetime.unit_rules import check
            check(self)
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
        s, p = self.settings, self.profile
        if s["profile"] != (p["name"] if p else "eu"):      # the office's (drivetime.unit_rules)
            from drivetime.unit_rules import rules_profile
            p = rules_profile(self, s["profile"])
        # Engine(profile, crew_multi, transport, two_reduced_weekly, twelve_day,
        # local_offset_min, wtd_anchor_week): by position, a smaller resident unit
        return Engine(p, s["crew"] == "multi", s["transport"], s["two_reduced_weekly"],
                      s["twelve_day"], s["local_offset_min"], s["wtd_anchor_week"])

    def _rebuild(self):
        """A fresh engine over the ring (after a manual entry or a crew change)."""
        self.engine = self.infringements = None     # the old one's state freed first (a small heap)
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
                self._drove(start, end)
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
            from drivetime.mydata import driver_days    # (only shown: a smaller resident unit)
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

    def _put_log(self, kind, fields):
        self._out.append(Log(kind, fields))
