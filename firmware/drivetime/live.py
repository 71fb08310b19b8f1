# The driver's counters carried on from the engine's last recorded minute to now.
# SPDX-License-Identifier: MIT
"""Live counters for the display and the warnings (issue 4).

A minute reaches the rules engine only once the signal pipeline has dated it
(about 2 min late, :mod:`drivetime.signals`). The unit knows those lagging
minutes live, though: whether the vehicle moves, what the driver selected.
It keeps them as the *live tail* (:func:`note`: each change of the live
activity with its UTC second) and the driver sees the engine's status
*carried on to now* (:func:`carry_on`): a copy of the engine fed the tail's
minutes and judged at now. So every counter is right at once: the
continuous driving count restarts the minute a 45 min break ends (Art 7),
not when the engine records the break 2 min later, and working time (Dir
2002/15) goes on while standing. The engine's record replaces the tail as
its minutes arrive.
"""

TAIL_MAX = 16           # changes kept (a few minutes' worth; more only while the record is far behind)


def note(tail, at_s, activity, flags):
    """Add a change of the live activity at UTC second ``at_s`` to ``tail``
    (a list of ``(second, activity, flags)``), unless it is no change."""
    if tail:
        last = tail[-1]
        if last[1] == activity and last[2] == flags:
            return
        at_s = max(at_s, last[0])       # in order, whatever the motion detector back-dated
    tail.append((at_s, activity, flags))
    if len(tail) > TAIL_MAX:
        del tail[0]


def tail_intervals(tail, frm, now):
    """The tail's minutes ``[frm, now)`` as ``(start, end, activity, flags)``
    intervals; a change belongs to the nearest minute boundary (the one-minute
    rule of the record, roughly). Entries wholly before ``frm`` are dropped
    from ``tail``. ``frm`` None: from the tail's start."""
    if frm is not None:
        while len(tail) > 1 and (tail[1][0] + 30) // 60 <= frm:
            del tail[0]
    out = []
    for i in range(len(tail)):
        start = (tail[i][0] + 30) // 60
        end = now if i + 1 == len(tail) else (tail[i + 1][0] + 30) // 60
        if frm is not None and start < frm:
            start = frm
        if end > now:
            end = now
        if end > start:
            out.append((start, end, tail[i][1], tail[i][2]))
    return out


def carry_on(engine, status, now, activity, tail):
    """The status carried on to ``now``.

    :param engine: the :class:`~drivetime.engine.Engine` (not disturbed)
    :param status: its status dict (``at`` a UTC minute)
    :param now: the live UTC minute, or None before the clock is known
    :param activity: the live activity's name
    :param tail: the live tail (:func:`note`); empty: nothing known live
        (a replay), the status stands
    """
    ivs = tail_intervals(tail, engine.end if engine.end >= 0 else None, now) \
        if tail and now is not None else ()
    if ivs:
        e = engine.clone()
        for start, end, a, flags in ivs:
            e.feed(start, end, a, flags)
        live = e.evaluate(now)[1]
    else:
        live = dict(status)
        if now is not None:
            live["at"] = now
    live["activity"] = activity
    return live


DRIVE_KEYS = ("continuous_driving", "daily_driving", "weekly_driving", "fortnightly_driving")


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
