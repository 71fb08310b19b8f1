# The signal path: CAN frames, NMEA bytes, the board's clock and buttons -> activity minutes.
# SPDX-License-Identifier: MIT
"""From raw inputs to the interval stream the rules engine eats (issue 3).

Decoders (J1939, OBD-II, NMEA) count and drop bad input, never raise; speeds
go to the :class:`~drivetime.motion.MotionDetector`, UTC from a valid RMC fix
(RMC alone carries time, fix status and speed; VTG and GGA add nothing needed
here) or the board's clock to the :class:`~drivetime.timebase.TimeBase`; the
:class:`~drivetime.recorder.ActivityRecorder` makes minute intervals (Annex
IC req 049-052) for the engine. Each input carries ``mono_ms``, the port's
monotonic clock.

- **Lag.** The motion detector dates a change when it began, up to a
  debounce or hold period before confirming it; so changes, buttons and
  flags wait in a queue on mono time and a second is recorded once it is
  ``lag_ms`` old (the longest such setting plus 2 s). One dated before the
  recorded time anyway applies at once (counted in ``late``).
- **Before any time reference** (no RTC, no fix yet) the queue holds all on
  mono time; the first reference dates the seconds since the first input
  back from it: none is lost. Bounded by :data:`QUEUE_MAX` entries and
  :data:`PREFIX_MAX_MS`; older entries fold into the starting state and
  that time is not recorded (``prefix_dropped_ms``).
- **Clock jumps** (:class:`~drivetime.timebase.TimeAdjust`, in ``events``):
  the seconds not yet recorded take the new labels, so the recorder sees the
  jump where it happened and fills or holds (its clock rules).
- A second is DRIVING while moving, the activity in force while standing,
  UNKNOWN while neither CAN nor GPS lives and no motion is held (RULES.md §1).
- A valid fix (RMC status A, GGA quality 1-5) goes to :attr:`fixes`
  (:class:`~drivetime.position.Fixes`), for the positions the unit journals.
"""

from drivetime.activity import FLAG_FERRY, OTHER_WORK
from drivetime.j1939 import Ccvs1, J1939Decoder
from drivetime.motion import MotionDetector
from drivetime.nmea import Gga, NmeaParser, Rmc
from drivetime.position import Fixes
from drivetime.obd2 import Obd2Decoder, is_response_id
from drivetime.recorder import ActivityRecorder
from drivetime.timebase import TimeBase, utc_from_nmea

QUEUE_MAX = 64                  # queued changes, buttons and flags (bounded memory)
PREFIX_MAX_MS = 4 * 3600000     # longest time before the first reference kept
_MOVING, _SOURCE, _SELECT, _FLAGS = 0, 1, 2, 3


class SignalPipeline:
    """The whole signal path of one unit. Outputs: :attr:`minutes` (merged
    ``(start_min, end_min, activity, flags)``, UTC minutes), :attr:`events`
    (motion events and time adjustments; the port journals and clears them).

    :param engine: an :class:`~drivetime.engine.Engine` fed each minute
        interval once final, or ``None``
    :param stop_activity: set when the vehicle stops (the driver's or
        company's setting): OTHER_WORK or BREAK_REST
    :param motion_settings: overrides of :data:`drivetime.motion.MOTION_SETTINGS`
    :param jump_tolerance_s: clock differences absorbed without a jump
    """

    def __init__(self, engine=None, stop_activity=OTHER_WORK, motion_settings=None,
                 jump_tolerance_s=2):
        self.engine = engine
        self.stop_activity = stop_activity
        self.j1939, self.obd2, self.nmea = J1939Decoder(), Obd2Decoder(), NmeaParser()
        self.motion = MotionDetector(motion_settings)
        self.timebase = TimeBase(jump_tolerance_s)
        # The longest a motion change is dated back (the conflict event is not queued).
        self.lag_ms = max([v for k, v in self.motion.settings.items()
                           if k.endswith("_ms") and k != "conflict_ms"]) + 2000
        self.recorder = None            # made at the first time reference
        self.minutes, self.events = [], []
        self.fixes = Fixes()
        self.late = self.prefix_dropped_ms = 0
        # Mono times: latest seen, record start, recorded up to, next recording pass.
        self._mono = self._first = self._done = self._due = None
        self._next_s = 0                # next second (label) to give the recorder
        self._queue = []                # [mono_ms, kind, value], in mono order
        self._moving, self._source = self.motion.moving, self.motion.source
        self._pre_select, self._pre_flags = None, 0   # folded out before the recorder
        self._marks = None              # the clock's readings on mono time (_label)
        self._jumps = 0                 # marks of clock jumps not yet recorded

    def can_frame(self, mono_ms, arbitration_id, data, extended=True):
        """One CAN frame: J1939 CCVS1/TCO1, or an OBD-II speed response."""
        mono_ms = self._clock(mono_ms)
        if not extended or (isinstance(arbitration_id, int) and is_response_id(arbitration_id)):
            rec = self.obd2.push(arbitration_id, data, extended)
            if rec is not None:
                self.motion.obd_speed(mono_ms, rec.speed)
        else:
            rec = self.j1939.push(arbitration_id, data, extended)
            if isinstance(rec, Ccvs1):
                self.motion.can_ccvs(mono_ms, rec.speed)
            elif rec is not None:
                self.motion.can_tco(mono_ms, rec.motion, rec.speed)
        self._after(mono_ms)

    def nmea_bytes(self, mono_ms, data):
        """A chunk of the GPS byte stream (sentences may span chunks)."""
        mono_ms = self._clock(mono_ms)
        for rec in self.nmea.push(data):
            if isinstance(rec, Rmc):
                valid = rec.valid and rec.mode != "N"
                if valid and rec.date is not None and rec.time_s is not None:
                    minute, second = utc_from_nmea(rec.date, rec.time_s)
                    self.timebase.gps(mono_ms, minute, second)
                self.motion.gps_fix(mono_ms, valid, rec.speed)
                if valid:
                    self.fixes.add(mono_ms, rec.lat, rec.lon, self.timebase.now(mono_ms))
            elif isinstance(rec, Gga) and rec.quality and rec.quality < 6:  # 6: dead reckoning
                self.fixes.add(mono_ms, rec.lat, rec.lon, self.timebase.now(mono_ms))
        self._after(mono_ms)

    def rtc(self, mono_ms, minute, second):
        """The board's clock read at ``mono_ms`` (used until GPS time is known)."""
        mono_ms = self._clock(mono_ms)
        self.timebase.rtc(mono_ms, minute, second)
        self._after(mono_ms)

    def select(self, mono_ms, activity):
        """A button: OTHER_WORK, AVAILABILITY or BREAK_REST (else ValueError)."""
        if activity not in (0, 1, 2):
            raise ValueError("not a selectable activity: %r" % (activity,))
        mono_ms = self._clock(mono_ms)
        self._enqueue(mono_ms, _SELECT, activity)
        self._after(mono_ms)

    def set_flags(self, mono_ms, flags):
        """Conditions from ``mono_ms`` on (FLAG_FERRY, ...; ValueError outside 0..7)."""
        if not 0 <= flags <= 7:
            raise ValueError("flags out of range: %r" % (flags,))
        mono_ms = self._clock(mono_ms)
        self.motion.set_ferry(mono_ms, flags & FLAG_FERRY)
        self._enqueue(mono_ms, _FLAGS, flags)
        self._after(mono_ms)

    def tick(self, mono_ms):
        """Let time pass; call at least once a second."""
        mono_ms = self._clock(mono_ms)
        self.motion.tick(mono_ms)
        self._after(mono_ms)

    def finish(self, mono_ms=None):
        """Record up to ``mono_ms`` (default: the latest input) and close the record."""
        if mono_ms is not None:
            self.tick(mono_ms)
        if self.recorder is not None:   # else no time ever: nothing can be dated
            self._record(self._mono)
            self._emit(self.recorder.finish())

    def stats(self):
        """Counters of the decoders, the recorder and the queue, as a new dict."""
        out = {"j1939": self.j1939.stats(), "obd2": self.obd2.stats(),
               "nmea": self.nmea.stats(), "motion_ignored": self.motion.ignored,
               "late": self.late, "prefix_dropped_ms": self.prefix_dropped_ms}
        for k in ("held_s", "filled_s", "unknown_s", "ignored_selections"):
            out[k] = getattr(self.recorder, k) if self.recorder else 0
        return out

    def _clock(self, mono_ms):
        """Mono time never goes back: a stale input counts at the latest time."""
        if self._mono is None:
            self._mono = self._first = self._done = self._due = mono_ms
        elif mono_ms > self._mono:
            self._mono = mono_ms
        return self._mono

    def _after(self, mono_ms):
        """Collect what the input changed, then record what is old enough."""
        for ev in self.motion.take_events():
            self.events.append(ev)
            if ev.kind == "moving":
                self._enqueue(ev.mono_ms, _MOVING, ev.value)
            elif ev.kind == "source":
                self._enqueue(ev.mono_ms, _SOURCE, ev.value)
        adjust = self.timebase.take_adjustments()
        self.events.extend(adjust)
        now = self.timebase.now(mono_ms)
        if now is None:
            self._trim(mono_ms)
            return
        if self.recorder is None:
            self._start(mono_ms, now)
        s = (now[0] - self.recorder.base_minute) * 60 + now[1]
        marks = self._marks
        if adjust or s != marks[-2]:
            marks.extend((mono_ms, s, 1 if adjust else 0))
            self._jumps += 1 if adjust else 0
        if mono_ms >= self._due or len(self._queue) > QUEUE_MAX:
            self._record(mono_ms - self.lag_ms)

    def _enqueue(self, at, kind, value):
        """Queue a change, a button or flags at mono time ``at``, in order."""
        q = self._queue
        if at < self._done:
            self.late += 1
            at = self._done
        i = len(q)
        while i and q[i - 1][0] > at:
            i -= 1
        q.insert(i, [at, kind, value])

    def _trim(self, mono_ms):
        """Before any time: keep the queue within QUEUE_MAX and PREFIX_MAX_MS."""
        q = self._queue
        start = max(self._first, mono_ms - PREFIX_MAX_MS)
        while q and (len(q) > QUEUE_MAX or q[0][0] < start):
            at, kind, value = q.pop(0)
            self._apply(kind, value)
            start = max(start, at)
        if start > self._first:
            self.prefix_dropped_ms += start - self._first
            self._first = self._done = self._due = start

    def _apply(self, kind, value):
        """Apply a queue entry; before the recorder exists, fold it into the start."""
        rec = self.recorder
        if kind == _MOVING:
            self._moving = value
            if value:
                self._pre_select = None     # the stop after it sets the stop activity
        elif kind == _SOURCE:
            self._source = value
        elif rec is not None:
            (rec.select if kind == _SELECT else rec.set_flags)(self._next_s, value)
        elif kind == _SELECT:
            if not self._moving:
                self._pre_select = value
        else:
            self._pre_flags = value

    def _start(self, mono_ms, now):
        """The first time reference: the base minute is that of the first input."""
        base = now[0] + (now[1] + (self._first - mono_ms) // 1000) // 60
        rec = self.recorder = ActivityRecorder(base, self.stop_activity)
        self._marks = [mono_ms, (now[0] - base) * 60 + now[1], 0]
        self._next_s = self._label(self._first)
        if self._pre_select is not None:
            rec.select(self._next_s, self._pre_select)
        if self._pre_flags:
            rec.set_flags(self._next_s, self._pre_flags)

    def _label(self, mono_ms):
        """The second (from the base) the unit's clock read at ``mono_ms``: from the
        marks (``mono, second, jump`` triples: when the reading changed, seen at the
        inputs), on mono time from the last before, never past the next one."""
        marks = self._marks
        i = len(marks) - 3
        while i and marks[i] > mono_ms:
            i -= 3
        s = marks[i + 1] + (mono_ms - marks[i]) // 1000
        j = i + 3
        if j < len(marks) and not marks[j + 2] and s > marks[j + 1]:
            s = marks[j + 1]
        return s

    def _seconds(self, s):
        """Give the recorder the seconds before ``s``: moving, standing, or None
        (no source alive and no motion held)."""
        rec = self.recorder
        code = None if self._source == "none" and not self._moving else self._moving
        for t in range(self._next_s, s):
            rec.second(t, code)
        if s > self._next_s:
            self._next_s = s

    def _to(self, mono_ms):
        """Record up to ``mono_ms``; a clock jump on the way jumps the labels."""
        marks = self._marks
        if self._jumps:
            for k in range(0, len(marks), 3):
                if marks[k + 2] and self._done < marks[k] <= mono_ms:
                    self._seconds(self._label(marks[k] - 1))
                    self._next_s = marks[k + 1]
                    marks[k + 2] = 0
                    self._jumps -= 1
                    self._done = marks[k]
        self._seconds(self._label(mono_ms))
        self._done = mono_ms

    def _record(self, target):
        """Record up to mono time ``target``, applying the queue in order."""
        q = self._queue
        while q and (q[0][0] <= target or len(q) > QUEUE_MAX):
            at, kind, value = q.pop(0)
            if at > self._done:
                self._to(at)
            self._apply(kind, value)
        if target > self._done:
            self._to(target)
        marks = self._marks
        i = len(marks) - 3
        while i and marks[i] > self._done:
            i -= 3
        if i:
            del marks[:i]                   # keep the last mark at or before the recorded time
        self._due = self._done + self.lag_ms + 1000
        self._emit(self.recorder.take_minutes())

    def _emit(self, intervals):
        """Feed the engine; keep the minutes merged."""
        out = self.minutes
        for iv in intervals:
            if self.engine is not None:
                self.engine.feed(iv[0], iv[1], iv[2], iv[3])
            if out and out[-1][1] == iv[0] and out[-1][2:] == iv[2:]:
                out[-1] = (out[-1][0],) + iv[1:]
            else:
                out.append(iv)
