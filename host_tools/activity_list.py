# Read the activity-list JSON of `drivetime check` into minute intervals for the rules engine.
# SPDX-License-Identifier: MIT
"""The activity-list format (DESIGN.md, "The activity-list format").

:func:`parse` takes the decoded JSON object, :func:`load` the JSON text or an
open file; both return an :class:`ActivityList` or raise
:class:`ActivityListError` with a message that names the offending entry,
e.g. ``activities[3]: starts before the end of activities[2] (overlap)``.

What the parser settles, so that the rules engine sees one plain timeline:

- Intervals are half-open ``[start, end)`` in UTC minutes since 1970, in
  order and contiguous. A gap between two activities, and the time from the
  last activity to a later ``evaluate_at``, has no record: it becomes
  ``unknown`` (RULES.md §1). An empty interval (``end == start``) is dropped.
- Flags: an entry's ``vehicle_moving: true`` sets ``FLAG_MOVING`` (a
  co-driver's break in the moving vehicle, Art 7 third paragraph); a
  ``context.ferry_train`` interval with ``sleeper_access: true`` sets
  ``FLAG_FERRY`` (Art 9(1)) and a ``context.out_of_scope`` interval sets
  ``FLAG_OUT_OF_SCOPE`` (Annex IC definition (gg)) on the time they overlap,
  splitting intervals at their boundaries. A crossing without sleeper access
  sets nothing. Context intervals may overlap each other and come in any order.
- Seconds: when any activity time carries seconds, the list is a
  second-resolution record and the Annex IC one-minute rule (req 050-052,
  :mod:`drivetime.oneminute`) turns the whole timeline, gaps and flags
  included, into minutes. Otherwise the list is taken to be a one-minute
  record already and is not reprocessed; seconds on a context time then
  round to the nearer minute (half a minute rounds down, as req 052 would
  pick the later part), and seconds on ``evaluate_at`` are dropped.
- Adjacent intervals of equal activity and flags are merged.

Keys the format does not define are ignored.
"""

import json

from drivetime import oneminute, timeutil
from drivetime.activity import (CODES, FLAG_FERRY, FLAG_MOVING, FLAG_OUT_OF_SCOPE, NAMES,
                                UNKNOWN)

_CREWS = ("single", "multi")
_TRANSPORTS = ("goods", "passengers")
_MAX_OFFSET_MIN = 24 * 60 - 1


class ActivityListError(ValueError):
    """An activity list that cannot be checked; the message names the entry at fault."""


class ActivityList:
    """A parsed activity list: the timeline and the conditions it is judged under.

    :ivar intervals: list of ``(start_min, end_min, activity_code, flags)``,
        contiguous, merged, UTC minutes since 1970
    :ivar crew_multi: True for a multi-manned crew (Art 4(o))
    :ivar evaluate_at: minute of "now", or None
    :ivar transport: ``'goods'`` or ``'passengers'``
    :ivar two_reduced_weekly: two consecutive reduced weekly rests allowed
        (international goods transport, Art 8(6))
    :ivar twelve_day: the 12-day derogation applies (Art 8(6a))
    :ivar occasional_international_single_service: Art 8(6a) service
    :ivar local_offset_min: local time minus UTC, for the clock-time rules
    :ivar one_minute_rule: True when times carried seconds and the one-minute
        rule was applied
    """

    __slots__ = ("intervals", "crew_multi", "evaluate_at", "transport", "two_reduced_weekly",
                 "twelve_day", "occasional_international_single_service", "local_offset_min",
                 "one_minute_rule")

    def __init__(self, intervals, crew_multi=False, evaluate_at=None, transport="goods",
                 two_reduced_weekly=False, twelve_day=False,
                 occasional_international_single_service=False, local_offset_min=0,
                 one_minute_rule=False):
        self.intervals = intervals
        self.crew_multi = crew_multi
        self.evaluate_at = evaluate_at
        self.transport = transport
        self.two_reduced_weekly = two_reduced_weekly
        self.twelve_day = twelve_day
        self.occasional_international_single_service = occasional_international_single_service
        self.local_offset_min = local_offset_min
        self.one_minute_rule = one_minute_rule

    def __repr__(self):
        span = ""
        if self.intervals:
            span = " %s..%s" % (timeutil.format_minute(self.intervals[0][0]),
                                timeutil.format_minute(self.intervals[-1][1]))
        return "<ActivityList %d intervals%s, crew %s>" % (
            len(self.intervals), span, "multi" if self.crew_multi else "single")


def load(source):
    """Parse an activity list from JSON text or an open file.

    :param source: ``str`` or ``bytes`` holding JSON, or an object with ``read()``
    :rtype: ActivityList
    :raises ActivityListError: for invalid JSON or an invalid list
    """
    text = source.read() if hasattr(source, "read") else source
    if isinstance(text, (bytes, bytearray)):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ActivityListError("not UTF-8 text: %s" % exc) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ActivityListError("not valid JSON: %s" % exc) from None
    return parse(data)


def parse(data):
    """Check a decoded activity list and turn it into minute intervals.

    :param data: the JSON object, as ``json.loads`` returns it
    :rtype: ActivityList
    :raises ActivityListError: naming the first offending entry
    """
    if not isinstance(data, dict):
        raise ActivityListError("activity list: expected a JSON object, got %s" % _kind(data))
    crew = data.get("crew")
    if crew not in _CREWS:
        if crew is None:
            raise ActivityListError("crew: missing (expected 'single' or 'multi')")
        raise ActivityListError("crew: expected 'single' or 'multi', got %r" % (crew,))
    activities = _activities(data)
    evaluate_at = None
    if data.get("evaluate_at") is not None:
        evaluate_at = _time(data["evaluate_at"], "evaluate_at")[0]
    result = ActivityList([], crew_multi=(crew == "multi"), evaluate_at=evaluate_at)
    contexts = _context(data.get("context"), result)

    # Second-resolution lists count seconds from their first minute (small
    # numbers for the one-minute rule); minute lists stay in absolute minutes.
    seconds = any(t[1] for a in activities for t in (a[0], a[1]))
    result.one_minute_rule = seconds
    base = activities[0][0][0] if seconds else 0
    scale = 60 if seconds else 1

    def unit(t):
        return (t[0] - base) * scale + (t[1] if seconds else 0)

    def context_unit(t):
        # In a minute list, a context boundary inside a minute goes where
        # req 052 would put it: the longer part wins, ties to the later.
        return unit(t) if seconds else t[0] + (1 if t[1] > 30 else 0)

    end_of_record = None if evaluate_at is None else (evaluate_at - base) * scale
    timeline = []
    for start, end, code, flags in activities:
        s, e = unit(start), unit(end)
        if e == s:
            continue
        if timeline and s > timeline[-1][1]:
            timeline.append((timeline[-1][1], s, UNKNOWN, 0))   # no record (RULES.md §1)
        timeline.append((s, e, code, flags))
    if timeline and end_of_record is not None and end_of_record > timeline[-1][1]:
        timeline.append((timeline[-1][1], end_of_record, UNKNOWN, 0))
    spans = [(context_unit(s), context_unit(e), flag) for s, e, flag in contexts]
    timeline = _merged(_with_context(timeline, [c for c in spans if c[1] > c[0]]))
    if seconds:
        timeline = list(oneminute.minute_intervals(timeline, base))
    result.intervals = timeline
    return result


# -- the entries --

def _activities(data):
    """Validated activities as ``((min, sec), (min, sec), code, flags)``, empty ones kept."""
    if "activities" not in data:
        raise ActivityListError("activities: missing")
    entries = data["activities"]
    if not isinstance(entries, list):
        raise ActivityListError("activities: expected a list, got %s" % _kind(entries))
    if not entries:
        raise ActivityListError("activities: empty list (nothing to check)")
    out = []
    for i, entry in enumerate(entries):
        where = "activities[%d]" % i
        start, end = _interval(entry, where)
        if "activity" not in entry:
            raise ActivityListError("%s: missing 'activity'" % where)
        name = entry["activity"]
        if not isinstance(name, str) or name not in CODES:
            raise ActivityListError("%s: unknown activity %r (expected one of %s)"
                                    % (where, name, ", ".join(NAMES)))
        flags = FLAG_MOVING if _flag(entry, "vehicle_moving", where) else 0
        if out:
            prev_start, prev_end = out[-1][0], out[-1][1]
            if start < prev_start:
                raise ActivityListError("%s: starts before activities[%d] (intervals out of order)"
                                        % (where, i - 1))
            if start < prev_end:
                raise ActivityListError("%s: starts before the end of activities[%d] (overlap)"
                                        % (where, i - 1))
        out.append((start, end, CODES[name], flags))
    return out


def _context(context, result):
    """Set the context options on ``result``; return flag spans ``(start, end, flag)``."""
    if context is None:
        return []
    if not isinstance(context, dict):
        raise ActivityListError("context: expected an object, got %s" % _kind(context))
    transport = context.get("transport")
    if transport is not None:
        if transport not in _TRANSPORTS:
            raise ActivityListError("context.transport: expected 'goods' or 'passengers', got %r"
                                    % (transport,))
        result.transport = transport
    result.two_reduced_weekly = _flag(context, "international_two_reduced_weekly_rests", "context")
    result.twelve_day = _flag(context, "twelve_day_derogation", "context")
    result.occasional_international_single_service = _flag(
        context, "occasional_international_single_service", "context")
    offset = context.get("local_offset_min")
    if offset is not None:
        if (not isinstance(offset, int) or isinstance(offset, bool)
                or abs(offset) > _MAX_OFFSET_MIN):
            raise ActivityListError("context.local_offset_min: expected whole minutes"
                                    " from %d to %d, got %r"
                                    % (-_MAX_OFFSET_MIN, _MAX_OFFSET_MIN, offset))
        result.local_offset_min = offset
    spans = []
    for key, flag in (("ferry_train", FLAG_FERRY), ("out_of_scope", FLAG_OUT_OF_SCOPE)):
        entries = context.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise ActivityListError("context.%s: expected a list of intervals, got %s"
                                    % (key, _kind(entries)))
        for i, entry in enumerate(entries):
            where = "context.%s[%d]" % (key, i)
            start, end = _interval(entry, where)
            # Art 9(1): only a crossing with access to a sleeper may interrupt a rest.
            if key == "ferry_train" and not _flag(entry, "sleeper_access", where):
                continue
            spans.append((start, end, flag))
    return spans


def _interval(entry, where):
    """``(start, end)`` of an entry as ``(min, sec)`` pairs, checked."""
    if not isinstance(entry, dict):
        raise ActivityListError("%s: expected an object with start and end, got %s"
                                % (where, _kind(entry)))
    for key in ("start", "end"):
        if key not in entry:
            raise ActivityListError("%s: missing '%s'" % (where, key))
    start = _time(entry["start"], where + ".start")
    end = _time(entry["end"], where + ".end")
    if end < start:
        raise ActivityListError("%s: end before start (%s < %s)"
                                % (where, entry["end"], entry["start"]))
    return start, end


def _time(value, where):
    try:
        return timeutil.parse_iso(value)
    except ValueError as exc:
        raise ActivityListError("%s: %s" % (where, exc)) from None


def _flag(entry, key, where):
    value = entry.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ActivityListError("%s.%s: expected true or false, got %r" % (where, key, value))
    return value


def _kind(value):
    if isinstance(value, bool):
        return "a boolean"
    for types, name in ((dict, "an object"), (list, "a list"), (str, "a string"),
                        ((int, float), "a number")):
        if isinstance(value, types):
            return name
    return "null" if value is None else type(value).__name__


# -- the timeline --

def _with_context(timeline, spans):
    """Split ``timeline`` at the context boundaries and OR in their flags."""
    if not spans:
        return timeline
    events = sorted([(s, 1, flag) for s, _, flag in spans]
                    + [(e, -1, flag) for _, e, flag in spans])
    cuts = sorted({t for t, _, _ in events})
    active = {}
    out = []
    ev = cut = 0
    for start, end, code, flags in timeline:
        while cut < len(cuts) and cuts[cut] <= start:
            cut += 1
        s = start
        while s < end:
            e = cuts[cut] if cut < len(cuts) and cuts[cut] < end else end
            while ev < len(events) and events[ev][0] <= s:
                _, delta, flag = events[ev]
                active[flag] = active.get(flag, 0) + delta
                ev += 1
            extra = 0
            for flag, n in active.items():
                if n > 0:
                    extra |= flag
            out.append((s, e, code, flags | extra))
            if e < end:
                cut += 1
            s = e
    return out


def _merged(timeline):
    out = []
    for iv in timeline:
        if out and out[-1][1] == iv[0] and out[-1][2:] == iv[2:]:
            out[-1] = (out[-1][0], iv[1]) + iv[2:]
        else:
            out.append(iv)
    return out
