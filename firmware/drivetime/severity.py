# Severity classes of Reg. (EU) 2016/403 Annex I (as amended by 2022/694), as data.
# SPDX-License-Identifier: MIT
"""Classify a measured value into MI / SI / VSI / MSI.

Each row of RULES.md §4 is a list of ranges ``(class, low, low_inclusive,
high, high_inclusive)`` in minutes; ``None`` leaves a side open. MSI rows
apply in addition to the ranges, so the highest class whose range holds the
measured value wins. A value that no range holds has no severity (``None``):
the law then names no class, e.g. a missed compensation of one reduced
weekly rest.

Rows marked provisional in RULES.md (the 2022/694 working-time rows and the
"≤ 69 h" bound of the 12-day row, open question Q15) are flagged so reports
can say so.
"""

MI = "MI"
SI = "SI"
VSI = "VSI"
MSI = "MSI"
_RANK = {None: 0, MI: 1, SI: 2, VSI: 3, MSI: 4}

# row id -> (ranges, provisional)
ROWS = {
    # Art 7: driving period before a break
    "continuous_driving": (((MI, 270, False, 300, False), (SI, 300, True, 360, False),
                            (VSI, 360, True, None, False)), False),
    # Art 6(1): daily driving, 9 h limit (no extension left)
    "daily_driving_9h": (((MI, 540, False, 600, False), (SI, 600, True, 660, False),
                          (VSI, 660, True, None, False), (MSI, 810, True, None, False)), False),
    # Art 6(1): daily driving, 10 h limit (extension allowed)
    "daily_driving_10h": (((MI, 600, False, 660, False), (SI, 660, True, 720, False),
                           (VSI, 720, True, None, False), (MSI, 900, True, None, False)), False),
    "weekly_driving": (((MI, 3360, False, 3600, False), (SI, 3600, True, 3900, False),
                        (VSI, 3900, True, 4200, False), (MSI, 4200, True, None, False)), False),
    "fortnightly_driving": (((MI, 5400, False, 6000, False), (SI, 6000, True, 6300, False),
                             (VSI, 6300, True, 6750, False), (MSI, 6750, True, None, False)), False),
    # Art 8(2): daily rest shorter than 11 h when no reduction is left
    "daily_rest_no_reduction": (((MI, 600, True, 660, False), (SI, 510, True, 600, False),
                                 (VSI, None, False, 510, False)), False),
    "reduced_daily_rest": (((MI, 480, True, 540, False), (SI, 420, True, 480, False),
                            (VSI, None, False, 420, False)), False),
    # measured: the second (9 h) part of a 3 h + 9 h split
    "split_daily_rest": (((MI, 480, True, 540, False), (SI, 420, True, 480, False),
                          (VSI, None, False, 420, False)), False),
    "multi_manning_rest": (((MI, 480, True, 540, False), (SI, 420, True, 480, False),
                            (VSI, None, False, 420, False)), False),
    "reduced_weekly_rest": (((MI, 1320, True, 1440, False), (SI, 1200, True, 1320, False),
                             (VSI, None, False, 1200, False)), False),
    "weekly_rest_no_reduction": (((MI, 2520, True, 2700, False), (SI, 2160, True, 2520, False),
                                  (VSI, None, False, 2160, False)), False),
    # measured: the delay after the 6 x 24 h (or 12 x 24 h) deadline
    "weekly_rest_late": (((MI, 0, False, 180, False), (SI, 180, True, 720, False),
                          (VSI, 720, True, None, False)), False),
    "twelve_day_late": (((MI, 0, False, 180, False), (SI, 180, True, 720, False),
                         (VSI, 720, True, None, False)), False),
    "twelve_day_post_rest": (((MI, 4020, False, 4140, True), (SI, 3900, False, 4020, True),
                              (VSI, None, False, 3900, True)), True),
    "night_driving_12day": (((SI, 180, False, 270, False), (VSI, 270, True, None, False)), False),
    "two_reduced_compensation": (((VSI, None, False, None, False),), True),
    "wtd_weekly_average": (((SI, 3360, True, 3600, False), (VSI, 3600, True, None, False)), True),
    "wtd_week_over_60": (((SI, 3900, True, 4200, False), (VSI, 4200, True, None, False)), True),
    # measured: the break taken
    "wtd_break_6_9h": (((SI, 10, False, 20, True), (VSI, None, False, 10, True)), True),
    "wtd_break_over_9h": (((SI, 20, False, 30, True), (VSI, None, False, 20, True)), True),
    "wtd_night_work": (((SI, 660, True, 780, False), (VSI, 780, True, None, False)), True),
}


def _holds(low, low_incl, high, high_incl, x):
    if low is not None and (x < low or (x == low and not low_incl)):
        return False
    if high is not None and (x > high or (x == high and not high_incl)):
        return False
    return True


def classify(row, measured):
    """Severity class of ``measured`` (minutes) in table row ``row``.

    :param row: a key of :data:`ROWS`, or ``None`` for rules with no row
    :returns: ``(class or None, provisional)``
    """
    if row is None:
        return None, False
    ranges, provisional = ROWS[row]
    best = None
    for cls, low, low_incl, high, high_incl in ranges:
        if _RANK[cls] > _RANK[best] and _holds(low, low_incl, high, high_incl, measured):
            best = cls
    return best, provisional
