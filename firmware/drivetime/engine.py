# The rules engine: activity intervals in, infringements and the driver's counters out.
# SPDX-License-Identifier: MIT
"""The drivers'-hours rules engine (RULES.md §3).

Fed activity intervals ``[start, end)`` in UTC minutes, in time order (or
single minutes: adjacent equal intervals are merged first, so both give the
same result). Each interval is classified once and passed as a run to the
rule machines of :mod:`drivetime.rules`; every machine keeps bounded state
and does O(1) amortised work per run, whatever the history.

How an activity counts for each rule (RULES.md §§1, 2, 3):

======================  ==========  ===============  ==========
activity                Art 7       Art 6 / 8        Dir 2002/15
======================  ==========  ===============  ==========
driving                 driving     driving          work
driving, out of scope   neutral     work             work
other work              neutral     work             work
availability            neutral*    work (not rest)  neutral
break/rest, unknown     break       rest             break
break in moving vehicle break       work (not rest)  neutral
======================  ==========  ===============  ==========

\\* a multi-manned driver's availability counts as the Art 7 break when the
profile's ``multi_availability_is_break`` is set (open question Q1).
UNKNOWN time counts as break/rest (Annex IC App 14 Addendum §1); reports
still flag it as missing data.

:meth:`Engine.evaluate` answers at any moment without disturbing the
engine: it works on a copy, lets the time up to ``at`` pass without a
record, closes what is open and reads the counters.
"""

from drivetime import activity as act
from drivetime.profiles import EU
from drivetime.rules import breaks, daily, working_time
from drivetime.rules.breaks import BreakMachine
from drivetime.rules.daily import DailyMachine
from drivetime.rules.ferry import FerryJoiner
from drivetime.rules.weekly_driving import WeeklyDrivingMachine
from drivetime.rules.weekly_rest import WeeklyRestMachine
from drivetime.rules.working_time import WorkingTimeMachine

_FLAG_COUNT = 8


class EngineError(ValueError):
    """Input the engine cannot take (out of order, overlapping, empty)."""


def _classify(activity, flags, multi, availability_is_break):
    """Return ``(Art 7 kind, Art 6/8 kind, WTD kind, weekly driving, ferry)``."""
    moving = flags & act.FLAG_MOVING
    out_of_scope = flags & act.FLAG_OUT_OF_SCOPE
    rest_like = activity == act.BREAK_REST or activity == act.UNKNOWN
    driving = activity == act.DRIVING and not out_of_scope
    if rest_like or (multi and availability_is_break and activity == act.AVAILABILITY):
        art7 = breaks.PAUSE
    elif driving:
        art7 = breaks.DRIVE
    else:
        art7 = breaks.NEUTRAL
    if rest_like and not moving:
        art8 = daily.REST
    elif driving:
        art8 = daily.DRIVE
    else:
        art8 = daily.WORK
    if activity == act.DRIVING or activity == act.OTHER_WORK:
        wtd = working_time.WORK
    elif rest_like and not moving:
        wtd = working_time.BREAK
    else:
        wtd = working_time.NEUTRAL
    return art7, art8, wtd, driving, bool(flags & act.FLAG_FERRY)


class Engine:
    """The rules of one driver's profile, applied to one driver's timeline.

    :param profile: a profile dict (:mod:`drivetime.profiles`); EU by default
    :param crew_multi: multi-manning (Art 4(o)): 30 h window, 9 h rest,
        the break may be taken in the moving vehicle
    :param transport: ``'goods'`` or ``'passengers'``
    :param two_reduced_weekly: two consecutive reduced weekly rests are
        allowed (international goods transport, Art 8(6))
    :param twelve_day: the 12-day derogation applies (Art 8(6a))
    :param local_offset_min: local time minus UTC, for the night windows
    :param wtd_anchor_week: first fixed week of the WTD reference periods
    """

    def __init__(self, profile=None, crew_multi=False, transport="goods", two_reduced_weekly=False,
                 twelve_day=False, local_offset_min=0, wtd_anchor_week=0):
        self.profile = profile = profile or EU
        self.crew_multi = crew_multi
        self.transport = transport
        self.two_reduced_weekly = two_reduced_weekly and transport == "goods"
        self.twelve_day = twelve_day
        self.local_offset_min = local_offset_min
        self.wtd_anchor_week = wtd_anchor_week
        self._table = [_classify(a, f, crew_multi, profile["multi_availability_is_break"])
                       for a in range(5) for f in range(_FLAG_COUNT)]
        self.infringements = []     # closed and final, in the order found
        self.start = -1             # first minute fed
        self.end = -1               # end of the last interval fed
        self.unknown_min = 0        # minutes with no record (gaps and UNKNOWN)
        self._pending = None        # [start, end, activity, flags] still growing
        self._last = None           # (activity, flags) of the last interval fed
        self._joined = []           # runs the ferry joiner has decided
        self._art7 = None

    # -- feeding -------------------------------------------------------------

    def feed(self, start, end, activity, flags=0):
        """Take the interval ``[start, end)`` (UTC minutes) of ``activity``.

        A gap since the previous interval is time with no record (UNKNOWN).

        :raises EngineError: for an empty interval or one that starts before
            the end of the previous one
        """
        if end <= start:
            raise EngineError("interval %d..%d: end is not after start" % (start, end))
        if start < self.end:
            raise EngineError("interval %d..%d starts before the previous one ended (%d)"
                              % (start, end, self.end))
        if not 0 <= activity <= act.UNKNOWN or not 0 <= flags < _FLAG_COUNT:
            raise EngineError("interval %d..%d: bad activity %r or flags %r" % (start, end, activity, flags))
        if self.end >= 0 and start > self.end:
            self._merge(self.end, start, act.UNKNOWN, 0)
        self._merge(start, end, activity, flags)
        if self.start < 0:
            self.start = start
        self.end = end
        self._last = (activity, flags)

    def feed_minute(self, minute, activity, flags=0):
        """Take one minute: the same as ``feed(minute, minute + 1, ...)``."""
        self.feed(minute, minute + 1, activity, flags)

    def _merge(self, start, end, activity, flags):
        pending = self._pending
        if pending is not None:
            if pending[1] == start and pending[2] == activity and pending[3] == flags:
                pending[1] = end
                return
            self._dispatch(pending[0], pending[1], pending[2], pending[3])
        self._pending = [start, end, activity, flags]

    def _dispatch(self, a, b, activity, flags):
        if self._art7 is None:
            self._create(a)
        art7, art8, wtd, driving, ferry = self._table[activity * _FLAG_COUNT + flags]
        if activity == act.UNKNOWN:
            self.unknown_min += b - a
        self._art7.feed(art7, a, b)
        if driving:
            self._weekly_driving.drive(a, b)
        self._wtd.feed(wtd, a, b)
        out = self._joined
        self._joiner.feed(art8, a, b, ferry, out)
        if out:
            self._pass_joined(out)

    def _pass_joined(self, out):
        for kind, a, b in out:
            self._daily.feed(kind, a, b)
            self._weekly_rest.feed(kind, a, b)
        del out[:]

    def _create(self, start):
        p, sink = self.profile, self.infringements
        single_twelve_day = self.twelve_day and not self.crew_multi
        self._art7 = BreakMachine(p, sink, single_twelve_day, self.local_offset_min)
        self._daily = DailyMachine(p, sink, start, self.crew_multi)
        self._weekly_driving = WeeklyDrivingMachine(p, sink)
        self._weekly_rest = WeeklyRestMachine(p, sink, start, self.two_reduced_weekly, self.twelve_day,
                                              self.crew_multi)
        self._wtd = WorkingTimeMachine(p, sink, start, self.local_offset_min, self.wtd_anchor_week)
        self._joiner = FerryJoiner(p)

    # -- answering -----------------------------------------------------------

    def _machines(self):
        return (self._art7, self._daily, self._weekly_driving, self._weekly_rest, self._wtd)

    def clone(self):
        """An independent copy (the engine itself is never disturbed by queries)."""
        new = object.__new__(Engine)
        for key, value in self.__dict__.items():
            setattr(new, key, value)
        new.infringements = sink = list(self.infringements)
        new._joined = []
        if self._pending is not None:
            new._pending = list(self._pending)
        if self._art7 is not None:
            new._art7, new._daily, new._weekly_driving, new._weekly_rest, new._wtd = [
                m.clone() for m in self._machines()]
            for m in new._machines():
                m.sink = sink
            new._joiner = self._joiner.clone()
        return new

    def evaluate(self, at=None):
        """Infringements and the driver's counters at ``at`` (default: the
        end of the data).

        Time after the last interval up to ``at`` has no record. Infringements
        still open at ``at`` are included with ``final`` false.

        :returns: ``(infringements sorted by start, status dict)``
        :raises EngineError: if ``at`` is before the end of the data
        """
        if at is None:
            at = self.end
        if at < self.end:
            raise EngineError("cannot evaluate at %d, before the end of the data (%d)" % (at, self.end))
        e = self.clone()
        if at > e.end >= 0:
            e.feed(e.end, at, act.UNKNOWN)
        st = {"at": at, "activity": None, "_blocked_until": []}
        if e._pending is None:
            _empty_status(e.profile, st)
            del st["_blocked_until"]
            return [], st
        p = e._pending
        e._pending = None
        e._dispatch(p[0], p[1], p[2], p[3])
        e._joiner.flush(e._joined)
        e._pass_joined(e._joined)
        st["activity"] = act.NAMES[e._last[0]] if at == self.end else act.NAMES[act.UNKNOWN]
        e._art7.status(st, at)
        e._daily.status(st, at)
        e._weekly_driving.status(st, at)
        e._weekly_rest.status(st, at)
        e._wtd.status(st, at)
        blocked = st.pop("_blocked_until")
        st["next_driving_allowed_at"] = max(blocked) if blocked else None
        st["unknown_min"] = e.unknown_min
        for m in e._machines():
            m.finish(at)
        found = e.infringements
        found.sort(key=_order)
        return found, st


def _order(infringement):
    return (infringement.start, infringement.rule)


def _empty_status(p, st):
    """The counters of a driver with no record at all."""
    st.update({
        "continuous_driving_min": 0, "continuous_driving_left_min": p["continuous_driving_max"],
        "current_break_min": 0, "break_needed_min": p["break_min"],
        "daily_driving_min": 0, "daily_driving_limit_min": p["daily_driving_extended_max"],
        "daily_driving_left_min": p["daily_driving_extended_max"],
        "daily_extensions_left": p["daily_extensions_per_week"],
        "weekly_driving_min": 0, "weekly_driving_left_min": p["weekly_driving_max"],
        "fortnightly_driving_min": 0, "fortnightly_driving_left_min": p["fortnightly_driving_max"],
        "reduced_daily_rests_left": p["reduced_daily_rests_max"],
        "daily_rest_left_min": p["daily_rest_min"], "daily_rest_latest_start": None,
        "weekly_rest_latest_start": None, "compensation_open_min": [], "compensation_due_by": [],
        "next_driving_allowed_at": None, "unknown_min": 0,
        "working_time_shift_min": 0, "working_time_week_min": 0,
    })
