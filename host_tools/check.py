# `drivetime check`: analyse an activity list with the core rules engine.
# SPDX-License-Identifier: MIT
"""Run the core rules engine over an :class:`~host_tools.activity_list.ActivityList`
and present the verdict (DESIGN.md, "The activity-list format").

:func:`analyse` returns plain data; :func:`as_json` and :func:`render_text`
turn it into the two output formats of ``drivetime check``.
"""

from drivetime import timeutil
from drivetime.activity import NAMES, UNKNOWN
from drivetime.engine import Engine
from drivetime.infringement import ARTICLES
from drivetime.profiles import profile_by_name

# status entries that are instants (minutes), shown as ISO times
_TIME_KEYS = ("at", "daily_rest_latest_start", "weekly_rest_latest_start", "next_driving_allowed_at")


class CheckResult:
    """The verdict on one activity list.

    :ivar infringements: list of :class:`drivetime.infringement.Infringement`
    :ivar status: the counter set (minutes; instants as UTC minutes)
    :ivar evaluated_at: minute up to which the record was judged
    :ivar missing_min: minutes with no record (unknown)
    :ivar profile: the rule profile's name
    """

    def __init__(self, infringements, status, evaluated_at, missing_min, profile):
        self.infringements = infringements
        self.status = status
        self.evaluated_at = evaluated_at
        self.missing_min = missing_min
        self.profile = profile

    @property
    def compliant(self):
        return not self.infringements


def engine_for(activity_list, profile):
    """A fresh engine configured for the list's crew and context."""
    return Engine(profile, crew_multi=activity_list.crew_multi, transport=activity_list.transport,
                  two_reduced_weekly=activity_list.two_reduced_weekly,
                  twelve_day=activity_list.twelve_day,
                  local_offset_min=activity_list.local_offset_min)


def _feed(engine, intervals, until=None):
    for start, end, code, flags in intervals:
        if until is not None:
            if start >= until:
                break
            end = min(end, until)
        engine.feed(start, end, code, flags)


def analyse(activity_list, profile="eu", status_at=None, overrides=None):
    """Judge the whole list, and read the counters at ``status_at``.

    :param profile: a profile name (``eu``, ``aetr``, ``eu+am_minor``...) or dict
    :param status_at: UTC minute for the counters; default the end of the record
    :raises drivetime.profiles.ProfileError: for an unknown or looser profile
    """
    if isinstance(profile, str):
        profile = profile_by_name(profile, overrides)
    engine = engine_for(activity_list, profile)
    _feed(engine, activity_list.intervals)
    end = max(engine.end, activity_list.evaluate_at or engine.end)
    infringements, status = engine.evaluate(end if end >= 0 else None)
    # the engine's own count misses the run still open at the end of the
    # record (often the unknown time up to evaluate_at): take the evaluation's
    missing = status.get("unknown_min", 0)
    if status_at is not None and status_at != end:
        if status_at > end:
            _, status = engine.evaluate(status_at)
        else:
            earlier = engine_for(activity_list, profile)
            _feed(earlier, activity_list.intervals, status_at)
            if earlier.end < 0:
                # before the first entry: nothing is on record yet (RULES.md §1)
                _, status = earlier.evaluate()
                status["activity"] = NAMES[UNKNOWN]
            else:
                _, status = earlier.evaluate(status_at)
            status["at"] = status_at
    return CheckResult(infringements, status, end, missing, profile["name"])


def _time(minute):
    return None if minute is None or minute < 0 else timeutil.format_minute(minute)


def infringement_record(inf):
    """One infringement as the JSON output shows it."""
    return {"rule": inf.rule, "article": ARTICLES.get(inf.rule, ""),
            "start": _time(inf.start), "end": _time(inf.end),
            "measured_min": inf.measured, "limit_min": inf.limit,
            "severity": inf.severity, "severity_provisional": inf.provisional,
            "final": inf.final, "detail": inf.detail}


def status_record(status):
    """The counter set with instants as ISO times."""
    out = {}
    for key, value in status.items():
        if key in _TIME_KEYS:
            out[key] = _time(value)
        elif key == "compensation_due_by":
            out[key] = [_time(v) for v in value]
        else:
            out[key] = value
    return out


def as_json(result):
    """The ``--format json`` document (DESIGN.md)."""
    return {"compliant": result.compliant, "profile": result.profile,
            "evaluated_at": _time(result.evaluated_at), "missing_data_min": result.missing_min,
            "infringements": [infringement_record(i) for i in result.infringements],
            "status": status_record(result.status)}


_STATUS_LINES = (
    ("Activity now", "activity", "text"),
    ("Continuous driving", "continuous_driving_min", "dur"),
    ("  left before a break", "continuous_driving_left_min", "dur"),
    ("  current break", "current_break_min", "dur"),
    ("  break still needed", "break_needed_min", "dur"),
    ("Daily driving", "daily_driving_min", "dur"),
    ("  limit today", "daily_driving_limit_min", "dur"),
    ("  left today", "daily_driving_left_min", "dur"),
    ("  10 h days left this week", "daily_extensions_left", "int"),
    ("Weekly driving", "weekly_driving_min", "dur"),
    ("  left this week", "weekly_driving_left_min", "dur"),
    ("Fortnightly driving", "fortnightly_driving_min", "dur"),
    ("  left this fortnight", "fortnightly_driving_left_min", "dur"),
    ("Daily rest still owed", "daily_rest_left_min", "dur"),
    ("  must start by", "daily_rest_latest_start", "time"),
    ("  reduced rests left", "reduced_daily_rests_left", "int"),
    ("Weekly rest must start by", "weekly_rest_latest_start", "time"),
    ("Compensation owed", "compensation_open_min", "durs"),
    ("Driving allowed again at", "next_driving_allowed_at", "time"),
    ("Working time this shift", "working_time_shift_min", "dur"),
    ("Working time this week", "working_time_week_min", "dur"),
)


def _short(minute):
    """``YYYY-MM-DD HH:MM`` (UTC) for tables."""
    text = _time(minute) or "-"
    return text[:10] + " " + text[11:16] if len(text) > 16 else text


def _show(value, how):
    if value is None:
        return "-"
    if how == "dur":
        return timeutil.format_duration(value)
    if how == "durs":
        return ", ".join(timeutil.format_duration(v) for v in value) or "none"
    if how == "time":
        return _time(value) or "-"
    return str(value)


def render_text(result, console):
    """Print the readable report on a :class:`rich.console.Console`."""
    from rich.table import Table

    verdict = "[green]compliant[/green]" if result.compliant else \
        "[red]%d infringement(s)[/red]" % len(result.infringements)
    console.print("drivetime check (profile %s), record judged up to %s: %s"
                  % (result.profile, _time(result.evaluated_at), verdict))
    if result.missing_min:
        console.print("[yellow]missing data:[/yellow] %s with no record (counted as rest for "
                      "driving times, Annex IC App 14)" % timeutil.format_duration(result.missing_min))
    if result.infringements:
        table = Table(title="Infringements")
        for column in ("rule", "article", "from", "to", "measured", "limit", "severity"):
            table.add_column(column)
        for inf in result.infringements:
            severity = inf.severity or "-"
            if inf.provisional and inf.severity:
                severity += " (provisional)"
            if not inf.final:
                severity += " (open)"
            table.add_row(inf.rule, ARTICLES.get(inf.rule, ""), _short(inf.start), _short(inf.end),
                          timeutil.format_duration(inf.measured), timeutil.format_duration(inf.limit),
                          severity)
        console.print(table)
    table = Table(title="Driver's counters at %s" % _time(result.status.get("at")))
    table.add_column("counter")
    table.add_column("value", justify="right")
    for label, key, how in _STATUS_LINES:
        if key in result.status:
            table.add_row(label, _show(result.status[key], how))
    console.print(table)
