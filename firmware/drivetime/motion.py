# Decide whether the vehicle is moving, from CAN speed first and GPS second, with debounce.
# SPDX-License-Identifier: MIT
"""Vehicle motion from the CAN bus and the GNSS receiver (Reg. (EU) 2016/799 Annex IC).

A tachograph selects DRIVING while the vehicle moves and WORK when it stops
(Annex IC req 047/048); its motion sensor decides, and GNSS is the
independent cross-check (req 026, 084). Here CAN plays the motion sensor:
J1939 CCVS1 wheel speed, TCO1 (whose motion bit, when present, *is* the CAN
verdict: it is the tachograph's own) or OBD-II PID 0x0D. GPS speed over
ground takes over while CAN is silent, and is the cross-check while both live.

Units: time ``mono_ms`` (monotonic ms, as the port hands it in; a time older
than the latest seen counts as the latest), speed in 1/256 km/h (as the
decoders give it). Thresholds and durations are data (:data:`MOTION_SETTINGS`).

Debounce, per chosen source: ``moving`` becomes True once the speed is above
``*_start_speed`` for ``*_start_ms``, False once at/below ``*_stop_speed`` for
``*_stop_ms``; a speed between the two holds the state (hysteresis). The last
sample holds until its source is declared silent. When the chosen source
changes and the new one agrees with the run in progress, the run carries on
(CAN silent mid-drive: GPS takes over, no false stop); otherwise a new run
starts at the takeover.

Sources: "can" while CAN is alive, else "gps" while GPS is alive, else
"none". While "none", ``moving`` is held for ``none_hold_ms`` (a short gap,
e.g. a CAN gateway reset in a tunnel, must not split a drive), then becomes
False dated at the start of the gap. That False is *not* evidence of rest:
the time under ``source == "none"`` is unknown and the recorder must mark it
so (the rules then count it as UNKNOWN, never as a rest taken silently).

Events (:meth:`take_events`) carry the time the condition *began* (the
first sample of the run that confirmed it, the last sample before a silence),
not the later time the debounce confirmed it; within one kind their times
never decrease and their values alternate. ``changed_ms`` is the start of
the current ``moving`` value.

Motion conflict (Annex IC req 084; Appendix 12 GNS_42): while both sources
live and the fix is valid, GPS above ``conflict_speed`` while CAN says
stopped, or CAN above ``conflict_speed`` while GPS says stopped, for
``conflict_ms``. GNS_42 trigger 1 uses a 10 km/h speed difference over five
minutes of movement; trigger 3 (sensor still, GNSS moving) leaves the period
to the manufacturer (at most 3 h). We take 10 km/h and 5 min for both ways.
No conflict during a ferry/train crossing (req 084): see :meth:`set_ferry`.
"""

from collections import namedtuple

MotionEvent = namedtuple("MotionEvent", ("mono_ms", "kind", "value"))
"""One change of state: ``kind`` "moving", "can_silent", "gps_lost",
"conflict" (bool values) or "source" ("can", "gps", "none")."""

KMH = 256  # 1 km/h in the speed unit

MOTION_SETTINGS = {
    # CAN reads 0 at a standstill (no jitter): a crawl above 1 km/h is motion,
    # as any sensor pulse is for a tachograph (OBD-II: 2 km/h). Our choice.
    "can_start_speed": 1 * KMH,
    "can_stop_speed": KMH // 2,
    # 2 s filters a jolt or a lone bad frame; 15 s bridges the stops of a
    # queue crawl, while a stop at lights (30-90 s) is a stop. Our choice.
    "can_start_ms": 2000,
    "can_stop_ms": 15000,
    # GPS jitters by a few km/h at a standstill: at or below 5 km/h it can
    # neither start motion nor delay a stop. Our choice.
    "gps_start_speed": 7 * KMH,
    "gps_stop_speed": 5 * KMH,
    "gps_start_ms": 5000,
    "gps_stop_ms": 15000,
    # CCVS1 comes every 100 ms and TCO1 every 50 ms (J1939-71); the port
    # polls OBD-II at least once a second: 3 s is several missed messages.
    "can_silence_ms": 3000,
    # Receivers send RMC once a second (GNS_32 allows 0.1 Hz: raise this for
    # such a receiver). Gap of both sources bridged: none_hold_ms. Our choice.
    "gps_loss_ms": 5000,
    "none_hold_ms": 60000,
    # Appendix 12 GNS_42 trigger 1: 10 km/h for five uninterrupted minutes.
    "conflict_speed": 10 * KMH,
    "conflict_ms": 300000,
}

_BELOW, _HOLD, _ABOVE = 0, 1, 2
_CAN, _GPS = 0, 1


def _is_speed(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


class MotionDetector:
    """Debounced vehicle motion with source priority, silence and conflict states.

    Attributes: ``moving`` (bool), ``source`` ("can", "gps", "none"),
    ``can_silent``, ``gps_lost`` (True until the first sample), ``conflict``,
    ``changed_ms`` (start of the current ``moving`` value, None at first),
    ``ignored`` (count of samples with an unusable speed).

    :param settings: dict overriding keys of :data:`MOTION_SETTINGS`
    :raises ValueError: for an unknown key, a value that is not an int >= 0,
        or a stop speed not below its start speed
    """

    def __init__(self, settings=None):
        s = dict(MOTION_SETTINGS)
        for k in settings or ():
            v = settings[k]
            if k not in s:
                raise ValueError("unknown motion setting: %s" % k)
            if not _is_speed(v):
                raise ValueError("motion setting %s must be an int >= 0" % k)
            s[k] = v
        for p in ("can_", "gps_"):
            if s[p + "stop_speed"] >= s[p + "start_speed"]:
                raise ValueError(p + "stop_speed must be below " + p + "start_speed")
        self.settings = s
        self.moving = self.conflict = self._fix_ok = self._ferry = False
        self.can_silent = self.gps_lost = True
        self.source = "none"
        self.changed_ms = self._now = None
        self.ignored = 0
        self._events = []
        self._last = [None, None]   # time of the last usable sample, per source
        self._speed = [None, None]
        self._cls = [_HOLD, _HOLD]  # class of the last sample and when it began
        self._cls_ms = [0, 0]
        self._tco_ms = self._tco_motion = None  # last TCO1 motion bit, its time
        self._source_ms = 0         # when the chosen source took over
        self._run_cls = None        # debounce run on the chosen source, since
        self._run_ms = self._conflict_ms = 0
        self._dis_ms = None         # start of the current disagreement

    def can_ccvs(self, mono_ms, speed_256):
        """J1939 CCVS1 wheel-based speed (SPN 84)."""
        now = self._clock(mono_ms)
        self._can(now, speed_256, None)
        self._update(now)

    def obd_speed(self, mono_ms, speed_256):
        """OBD-II PID 0x0D vehicle speed; counts as the CAN source."""
        self.can_ccvs(mono_ms, speed_256)

    def can_tco(self, mono_ms, motion, speed_256):
        """J1939 TCO1: vehicle motion bit (SPN 1611: 0, 1 or None) and speed (SPN 1624)."""
        now = self._clock(mono_ms)
        if motion in (0, 1):
            self._tco_ms, self._tco_motion = now, motion
        else:
            motion = None
        self._can(now, speed_256, motion)
        self._update(now)

    def gps_fix(self, mono_ms, valid, speed_256):
        """Speed over ground from RMC/VTG; ``valid`` False means no fix."""
        now = self._clock(mono_ms)
        if not valid:
            self._fix_ok = False
        elif _is_speed(speed_256):
            self._fix_ok = True
            self._speed[_GPS] = speed_256
            self._sample(_GPS, now, self._classify(speed_256, "gps_"))
        elif speed_256 is not None:
            self.ignored += 1
        self._update(now)

    def set_ferry(self, mono_ms, on):
        """Ferry/train crossing on or off: GPS then neither moves the vehicle
        nor raises a conflict (Annex IC req 084; the vehicle is carried)."""
        now = self._clock(mono_ms)
        self._ferry = bool(on)
        self._update(now)

    def tick(self, mono_ms):
        """Let time pass (call at least once a second)."""
        self._update(self._clock(mono_ms))

    def take_events(self):
        """Return and clear the list of :class:`MotionEvent` since the last call."""
        out, self._events = self._events, []
        return out

    def _clock(self, mono_ms):
        if self._now is None or mono_ms > self._now:
            self._now = mono_ms
        return self._now

    def _classify(self, speed, prefix):
        s = self.settings
        if speed > s[prefix + "start_speed"]:
            return _ABOVE
        return _BELOW if speed <= s[prefix + "stop_speed"] else _HOLD

    def _tco_fresh(self, now):
        return self._tco_ms is not None and now - self._tco_ms < self.settings["can_silence_ms"]

    def _can(self, now, speed, motion):
        good = _is_speed(speed)
        if good:
            self._speed[_CAN] = speed
        elif speed is not None:
            self.ignored += 1
        if motion is not None:
            cls = _ABOVE if motion else _BELOW
        elif not good:
            return                      # no CAN speed in this message
        elif self._tco_fresh(now):
            cls = self._cls[_CAN]       # the tachograph's motion bit rules
        else:
            cls = self._classify(speed, "can_")
        self._sample(_CAN, now, cls)

    def _sample(self, i, now, cls):
        self._last[i] = now
        if cls != self._cls[i]:
            self._cls[i], self._cls_ms[i] = cls, now

    def _emit(self, at, kind, value):
        self._events.append(MotionEvent(at, kind, value))

    def _update(self, now):
        s = self.settings
        last = self._last
        silent = last[_CAN] is None or now - last[_CAN] >= s["can_silence_ms"]
        if silent != self.can_silent:
            self.can_silent = silent
            self._emit(last[_CAN] if silent else now, "can_silent", silent)
        lost = last[_GPS] is None or now - last[_GPS] >= s["gps_loss_ms"]
        if lost != self.gps_lost:
            self.gps_lost = lost
            self._emit(last[_GPS] if lost else now, "gps_lost", lost)
        self._select(now)
        self._debounce(now)
        self._cross_check(now)

    def _select(self, now):
        src = "can" if not self.can_silent else \
            "gps" if not (self.gps_lost or self._ferry) else "none"
        if src == self.source:
            return
        at, old = now, self.source
        if old == "can" and self.can_silent:
            at = self._last[_CAN]       # CAN ended with its last sample
        elif old == "gps" and self.gps_lost:
            at = self._last[_GPS]
        at = max(at, self._source_ms)
        self.source, self._source_ms = src, at
        self._emit(at, "source", src)

    def _debounce(self, now):
        s = self.settings
        src = self.source
        if src == "none":
            cls, onset = None, self._source_ms
        else:
            i = _CAN if src == "can" else _GPS
            cls, onset = self._cls[i], max(self._cls_ms[i], self._source_ms)
        if cls != self._run_cls:
            self._run_cls = cls
            self._run_ms = max(onset, self._run_ms)
        held = now - self._run_ms
        if cls is None:
            if self.moving and held >= s["none_hold_ms"]:
                self._set_moving(False)
        elif not self.moving and cls == _ABOVE and held >= s[src + "_start_ms"]:
            self._set_moving(True)
        elif self.moving and cls == _BELOW and held >= s[src + "_stop_ms"]:
            self._set_moving(False)

    def _set_moving(self, value):
        self.moving = value
        self.changed_ms = self._run_ms
        self._emit(self._run_ms, "moving", value)

    def _disagree(self, now):
        if self.can_silent or self.gps_lost or self._ferry or not self._fix_ok:
            return False
        s = self.settings
        g, c = self._speed[_GPS], self._speed[_CAN]
        tco = self._tco_fresh(now)
        # CAN says stopped: the motion bit, else the speed at/below can_stop_speed
        can_still = self._tco_motion == 0 if tco else (c is not None and c <= s["can_stop_speed"])
        can_fast = c > s["conflict_speed"] if c is not None else (tco and self._tco_motion == 1)
        return (g > s["conflict_speed"] and can_still) or (can_fast and g <= s["gps_stop_speed"])

    def _cross_check(self, now):
        if self._disagree(now):
            if self._dis_ms is None:
                self._dis_ms = now
            if not self.conflict and now - self._dis_ms >= self.settings["conflict_ms"]:
                self.conflict, self._conflict_ms = True, self._dis_ms
                self._emit(self._dis_ms, "conflict", True)
            return
        self._dis_ms = None
        if self.conflict:
            at = now                    # a lost source ends it at its last sample
            if self.can_silent:
                at = min(at, self._last[_CAN])
            if self.gps_lost:
                at = min(at, self._last[_GPS])
            self.conflict = False
            self._emit(max(at, self._conflict_ms), "conflict", False)
