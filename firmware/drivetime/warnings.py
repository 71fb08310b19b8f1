# Warnings to the driver before and at each limit, as a tachograph gives them (Annex IC req 184-190).
# SPDX-License-Identifier: MIT
"""The unit's warnings (Reg. (EU) 2016/799 Annex IC, requirements 184-190).

- req 184: a warning 15 min before and at the time of exceeding 4 h 30 min
  of continuous driving. The same idea, as additional warnings (req 190:
  allowed when they do not confuse the driver), for the daily driving limit,
  the latest start of the daily rest, the weekly and fortnightly driving
  limits and the latest start of the weekly rest. The limits are the
  profile's, so the counters the engine gives decide: a warning's level is
  ``"pre"`` when ``0 < left <= PRE_MIN`` and ``"limit"`` when ``left <= 0``.
- req 185-187: warnings are visual; audible ones may be added (the unit's
  ``buzzer`` setting); the display is in the driver's field of vision.
- req 188: a warning is shown for at least 30 s unless the driver presses a
  key (:meth:`WarningCentre.dismiss`, any key); that first acknowledgement
  does not erase the cause.
- req 189: the cause stays visible until acknowledged with the specific key
  (:meth:`WarningCentre.acknowledge`, the "ack" button).

Our choices, as issue 4 asks: while "out of scope" is selected, no
continuous-driving warnings (that driving does not count for Art 7, Annex IC
definition (gg)); during a rest no non-urgent warning (a "pre") is raised: it
comes when the rest ends, if still due. A warning is raised once per
episode: the level must drop back out of the warning zone (a break, a new
day) before that code warns again.
"""

from collections import namedtuple

Warning = namedtuple("Warning", ("code", "level", "since_mono_ms", "acknowledged"))
"""One warning: ``code`` (see :data:`CODES`), ``level`` "pre" or "limit",
``since_mono_ms`` when it was raised, ``acknowledged`` (req 189)."""

PRE_MIN = 15                    # req 184: 15 min before
MIN_VISIBLE_MS = 30000          # req 188: at least 30 s
CODES = ("continuous_driving", "daily_driving", "daily_rest", "weekly_driving",
         "fortnightly_driving", "weekly_rest")
_RANK = {None: 0, "pre": 1, "limit": 2}


def level_of(left, pre_min=PRE_MIN):
    """The warning level for ``left`` minutes to a limit (None: no warning)."""
    if left is None:
        return None
    if left <= 0:
        return "limit"
    return "pre" if left <= pre_min else None


class WarningCentre:
    """Raises, shows and acknowledges the warnings; pure logic on mono time.

    :ivar active: the :class:`Warning` records in force, oldest first
    """

    def __init__(self, pre_min=PRE_MIN, min_visible_ms=MIN_VISIBLE_MS):
        self.pre_min = pre_min
        self.min_visible_ms = min_visible_ms
        self.active = []
        self._raised = {}           # code -> highest level raised in this episode
        self._dismissed = []        # (code, since) of warnings whose 30 s display a key ended

    def update(self, mono_ms, left, resting=False, out_of_scope=False):
        """Take the minutes left to each limit; raise what is due.

        :param left: dict code -> minutes left (None or absent: not applicable)
        :param resting: the driver is on a break or rest now (no "pre" raised)
        :param out_of_scope: out of scope is selected (no continuous-driving warning)
        :returns: the list of warnings raised now
        """
        new = []
        for code in CODES:
            lvl = level_of(left.get(code), self.pre_min)
            if lvl is None:
                # The episode is over: re-arm; an acknowledged record goes.
                self._raised[code] = None
                self.active = [w for w in self.active
                               if w.code != code or not w.acknowledged]
                continue
            if _RANK[lvl] <= _RANK[self._raised.get(code)]:
                continue
            if code == "continuous_driving" and out_of_scope:
                continue
            if resting and lvl == "pre":
                continue
            self._raised[code] = lvl
            w = Warning(code, lvl, mono_ms, False)
            self.active = [x for x in self.active if x.code != code] + [w]
            new.append(w)
        return new

    def popup(self, mono_ms):
        """The newest warning still within its display time (req 188), or None."""
        for w in reversed(self.active):
            if (not w.acknowledged and mono_ms - w.since_mono_ms < self.min_visible_ms
                    and (w.code, w.since_mono_ms) not in self._dismissed):
                return w
        return None

    def cause(self):
        """The newest unacknowledged warning, whose cause is shown (req 189), or None."""
        for w in reversed(self.active):
            if not w.acknowledged:
                return w
        return None

    def dismiss(self, mono_ms):
        """Any key (req 188): end the display of the current popup; the cause stays.

        :returns: True if a popup was dismissed (the key does nothing else then)
        """
        w = self.popup(mono_ms)
        if w is None:
            return False
        self._dismissed = [d for d in self._dismissed
                           if mono_ms - d[1] < self.min_visible_ms] + [(w.code, w.since_mono_ms)]
        return True

    def acknowledge(self, mono_ms):
        """The specific key (req 189): acknowledge the newest unacknowledged warning.

        :returns: the warning acknowledged, or None when there was none
        """
        w = self.cause()
        if w is None:
            return None
        i = self.active.index(w)
        self.active[i] = Warning(w.code, w.level, w.since_mono_ms, True)
        return w
