# Shared test data: the status keys DESIGN.md promises and small activity lists.
# SPDX-License-Identifier: MIT
"""Plain data for tests on both interpreters (no imports)."""

# The counter set DESIGN.md ("Output") promises in every status.
STATUS_KEYS = ("at", "activity", "continuous_driving_min", "continuous_driving_left_min",
               "current_break_min", "break_needed_min", "daily_driving_min",
               "daily_driving_limit_min", "daily_driving_left_min", "daily_extensions_left",
               "weekly_driving_min", "weekly_driving_left_min", "fortnightly_driving_min",
               "fortnightly_driving_left_min", "reduced_daily_rests_left", "daily_rest_left_min",
               "daily_rest_latest_start", "weekly_rest_latest_start", "compensation_open_min",
               "next_driving_allowed_at")


def entry(start, end, activity, day=2):
    """An activity-list entry on ``day`` March 2026, times ``HH:MM`` UTC."""
    return {"start": "2026-03-%02dT%s:00Z" % (day, start), "end": "2026-03-%02dT%s:00Z" % (day, end),
            "activity": activity}


# Monday 2 March 2026: 4h30 driving, the full 45 min break, 4 h driving (Art 7 compliant).
GOOD_DAY = {"crew": "single", "activities": [
    entry("06:00", "10:30", "driving"), entry("10:30", "11:15", "break_rest"),
    entry("11:15", "15:15", "driving")]}
# One minute too many: 4h31 before the break (one MI Art 7 infringement).
LONG_STINT = {"crew": "single", "activities": [
    entry("06:00", "10:31", "driving"), entry("10:31", "11:16", "break_rest")]}
