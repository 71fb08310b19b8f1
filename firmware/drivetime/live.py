# The driver's counters carried on from the engine's last recorded minute to now.
# SPDX-License-Identifier: MIT
"""Live counters for the display and the warnings (issue 4).

A minute reaches the rules engine only once the signal pipeline has dated it
(about 2 min late, :mod:`drivetime.signals`). What the driver sees is the
engine's status *extrapolated to now*: while the vehicle moves, the driving
counters go on from the status' time (or from when the motion began, if
later) to now, and the "left" counters down by the same minutes. Standing,
the status' figures stand (a break in its first minutes does not reduce
anything yet). The engine corrects them once the minutes are recorded.
"""

DRIVE_KEYS = ("continuous_driving", "daily_driving", "weekly_driving", "fortnightly_driving")


def carry_on(status, now, activity, run, now_s, out_of_scope):
    """The status carried on to ``now``.

    :param status: the engine's status dict (its ``at`` is a UTC minute)
    :param now: the live UTC minute, or None before the clock is known
    :param activity: the live activity name (from the motion state)
    :param run: ``(start_s, end_s or None)`` of the live run of driving, in
        UTC seconds, or None when the vehicle has not moved since the status
    :param now_s: the live UTC second, or None
    :param out_of_scope: driving out of scope is not Reg. 561/2006 driving
    """
    live = dict(status)
    live["activity"] = activity
    if now is None:
        return live
    live["at"] = now
    if run is not None and now_s is not None and not out_of_scope:
        end_s = now_s if run[1] is None else run[1]
        minutes = (end_s - max(status["at"] * 60, run[0])) // 60
        if minutes > 0:
            for key in DRIVE_KEYS:
                live[key + "_min"] = status[key + "_min"] + minutes
                live[key + "_left_min"] = status[key + "_left_min"] - minutes
            live["current_break_min"] = 0
    return live


def limits_left(live, now):
    """Minutes to each limit, for the warnings; ``now`` None while a rest is
    being taken (a rest answers the daily and weekly rest deadlines)."""
    left = {}
    for key in DRIVE_KEYS:
        left[key] = live.get(key + "_left_min")
    if now is not None:
        for key in ("daily_rest", "weekly_rest"):
            at = live.get(key + "_latest_start")
            left[key] = None if at is None else at - now
    return left
