# One breach of a rule: what, when, how much, how bad.
# SPDX-License-Identifier: MIT
"""The infringement record every rule produces.

``start`` is the ``at_or_after`` instant of RULES.md §1: the earliest minute
at which the data proves the breach. ``end`` closes the period the breach
concerns (the end of the driving period, the rest window, the week...).
``measured`` and ``limit`` are minutes; for start limits ``measured`` is the
delay. ``severity`` is the class of Reg. (EU) 2016/403 (``None`` where the
law names none). ``final`` is false while the period is still open, so the
measured value may still grow.
"""

from drivetime.severity import classify

ARTICLES = {
    "continuous_driving": "Reg. 561/2006 Art 7",
    "daily_driving": "Reg. 561/2006 Art 6(1)",
    "weekly_driving": "Reg. 561/2006 Art 6(2)",
    "fortnightly_driving": "Reg. 561/2006 Art 6(3)",
    "daily_rest": "Reg. 561/2006 Art 8(2), 8(4)",
    "multi_manning_rest": "Reg. 561/2006 Art 8(5)",
    "weekly_rest": "Reg. 561/2006 Art 8(6)",
    "reduced_weekly_rest_compensation": "Reg. 561/2006 Art 8(6b), 8(7)",
    "night_driving_12day": "Reg. 561/2006 Art 8(6a)(d)",
    "wtd_break": "Dir. 2002/15/EC Art 5",
    "wtd_weekly_average": "Dir. 2002/15/EC Art 4(a)",
    "wtd_night_work": "Dir. 2002/15/EC Art 7",
    "national_weekly_cap": "national labour code (profile)",
    "national_daily_cap": "national labour code (profile)",
    # Found by the office only (host_tools/analysis.py): driving recorded with no
    # driver identity on the unit. 2016/403's tachograph rows need the card itself,
    # which a monitor cannot see, so this carries no severity (RULES.md has no row).
    "driving_without_card": "Reg. 165/2014 Art 34(1)",
}


class Infringement:
    """A breach found by the rules engine (all times in UTC minutes)."""

    __slots__ = ("rule", "start", "end", "measured", "limit", "severity",
                 "severity_row", "provisional", "final", "detail")

    def __init__(self, rule, start, end, measured, limit, severity_row, detail="", final=True):
        self.rule = rule
        self.start = start
        self.end = end
        self.measured = measured
        self.limit = limit
        self.severity_row = severity_row
        self.severity, self.provisional = classify(severity_row, measured)
        self.final = final
        self.detail = detail

    @property
    def article(self):
        return ARTICLES.get(self.rule, "")

    def as_tuple(self):
        """Plain, comparable form (used by tests and property checks)."""
        return (self.rule, self.start, self.end, self.measured, self.limit, self.severity)

    def __repr__(self):
        return "Infringement(%r, start=%d, end=%d, measured=%d, limit=%d, %s)" % (
            self.rule, self.start, self.end, self.measured, self.limit, self.severity)
