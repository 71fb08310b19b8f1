# Rule profiles: the limits of each rulebook as data, and employer tightening.
# SPDX-License-Identifier: MIT
"""Rule profiles (RULES.md §§3, 5, 9).

A profile is a plain dict of limits in minutes (and a few switches). The
engine reads nothing else, so a new rulebook is new data, not new code.

Every entry has a direction in :data:`DIRECTIONS`:

- ``"max"``: a ceiling (driving, working time, deadlines): stricter is lower;
- ``"min"``: a floor (breaks, rests): stricter is higher;
- ``"allow"``: a permission (a derogation): stricter is ``False``;
- ``"require"``: an obligation: stricter is ``True``;
- ``"clock"``: a local clock time in minutes after midnight; the windows
  they make are checked together (:func:`_check_windows`);
- ``"fixed"``: set by :func:`profile_by_name` only (the name).

:func:`tighten` applies an employer's settings and refuses any that loosen
the law, with a message naming the entry.
"""

MIN_PER_DAY = 1440
_WTD_NIGHT_LATEST = 420       # Dir 2002/15 Art 3(h): night time lies within 00:00-07:00
_WTD_NIGHT_SHORTEST = 240     # ... and is at least 4 h long

EU = {
    "name": "eu",
    # Art 7: breaks
    "continuous_driving_max": 270,
    "break_min": 45,
    "break_first_part_min": 15,
    "break_second_part_min": 30,
    # Art 6: driving times
    "daily_driving_max": 540,
    "daily_driving_extended_max": 600,
    "daily_extensions_per_week": 2,
    "weekly_driving_max": 3360,
    "fortnightly_driving_max": 5400,
    # Art 8(2)-(5): daily rest
    "daily_rest_min": 660,
    "reduced_daily_rest_min": 540,
    "split_rest_first_part_min": 180,
    "split_rest_second_part_min": 540,
    "reduced_daily_rests_max": 3,
    "daily_rest_window_max": 1440,
    "multi_manning_window_max": 1800,
    "multi_manning_rest_min": 540,
    # Art 8(6)-(7), 8(6a): weekly rest
    "weekly_rest_min": 2700,
    "reduced_weekly_rest_min": 1440,
    "weekly_rest_start_max": 8640,            # 6 x 24 h
    "compensation_weeks_max": 3,
    "two_reduced_weekly_rests": True,          # Art 8(6) third subparagraph
    "twelve_day_start_max": 17280,             # 12 x 24 h
    "twelve_day_post_rest_min": 4140,          # 45 h + 24 h
    "twelve_day_night_driving_max": 180,
    "twelve_day_night_start": 1320,            # 22:00 local
    "twelve_day_night_end": 360,               # 06:00 local
    # Art 9: ferry / train
    "ferry_interruptions_max": 2,
    "ferry_interruption_total_max": 60,
    "ferry_weekly_rest": True,
    # AETR Art 8(6)(c): a multi-manned driver takes a weekly rest every week
    "multi_manning_weekly_rest_every_week": False,
    # Open question Q1: passenger-seat availability of a multi-manned driver
    # counts as the Art 7 break (member states differ, so it is a setting).
    "multi_availability_is_break": True,
    # Directive 2002/15/EC
    "wtd_consecutive_work_max": 360,
    "wtd_break_after_6h_min": 30,
    "wtd_break_after_9h_min": 45,
    "wtd_break_part_min": 15,
    "wtd_week_max": 3600,
    "wtd_average_week_max": 2880,
    "wtd_reference_weeks_max": 17,
    "wtd_night_start": 0,                      # national night window, local time
    "wtd_night_end": 240,
    "wtd_night_daily_max": 600,
    # national caps for categories of worker (RULES.md §9); None = no cap
    "national_weekly_cap": None,
    "national_daily_cap": None,
}

# AETR Arts 6-8 equal the pre-2020 text of 561 (RULES.md §5).
AETR = dict(EU)
AETR.update({
    "name": "aetr",
    "two_reduced_weekly_rests": False,
    "ferry_weekly_rest": False,
    "multi_manning_weekly_rest_every_week": True,
})

DIRECTIONS = {
    "name": "fixed",
    "continuous_driving_max": "max", "break_min": "min", "break_first_part_min": "min",
    "break_second_part_min": "min", "daily_driving_max": "max",
    "daily_driving_extended_max": "max", "daily_extensions_per_week": "max",
    "weekly_driving_max": "max", "fortnightly_driving_max": "max",
    "daily_rest_min": "min", "reduced_daily_rest_min": "min",
    "split_rest_first_part_min": "min", "split_rest_second_part_min": "min",
    "reduced_daily_rests_max": "max", "daily_rest_window_max": "max",
    "multi_manning_window_max": "max", "multi_manning_rest_min": "min",
    "weekly_rest_min": "min", "reduced_weekly_rest_min": "min",
    "weekly_rest_start_max": "max", "compensation_weeks_max": "max",
    "two_reduced_weekly_rests": "allow", "twelve_day_start_max": "max",
    "twelve_day_post_rest_min": "min", "twelve_day_night_driving_max": "max",
    "twelve_day_night_start": "clock", "twelve_day_night_end": "clock",
    "ferry_interruptions_max": "max", "ferry_interruption_total_max": "max",
    "ferry_weekly_rest": "allow", "multi_availability_is_break": "allow",
    "multi_manning_weekly_rest_every_week": "require",
    "wtd_consecutive_work_max": "max", "wtd_break_after_6h_min": "min",
    "wtd_break_after_9h_min": "min", "wtd_break_part_min": "min", "wtd_week_max": "max",
    "wtd_average_week_max": "max", "wtd_reference_weeks_max": "max",
    "wtd_night_start": "clock", "wtd_night_end": "clock",
    "wtd_night_daily_max": "max", "national_weekly_cap": "max", "national_daily_cap": "max",
}

# Working-time categories from national labour codes (RULES.md §9). Each is
# laid over a base profile: "eu+am_minor" is the EU rules with Armenia's cap
# for workers aged 16-18.
CATEGORIES = {
    "am_normal": {"national_daily_cap": 480, "national_weekly_cap": 2400},
    "am_overtime": {"national_daily_cap": 720, "national_weekly_cap": 2880},
    "am_minor": {"national_weekly_cap": 2160},
    "am_harmful": {"national_weekly_cap": 2160},
    "uz_minor_16_18": {"national_weekly_cap": 2160},
    "uz_minor_15_16": {"national_weekly_cap": 1440},
    "uz_disability": {"national_weekly_cap": 2160},
    "uz_adverse": {"national_weekly_cap": 2160},
    "uz_arduous_4h": {"national_daily_cap": 240},
    "uz_arduous_5h": {"national_daily_cap": 300},
    "uz_parent_under_3": {"national_weekly_cap": 2100},
}

BASES = {"eu": EU, "aetr": AETR}


class ProfileError(ValueError):
    """A profile name or an employer setting that cannot be used."""


def _is_int(value):
    # bool is a subclass of int on both interpreters: True is not 1 minute
    return isinstance(value, int) and value is not True and value is not False


def _window_len(start, end):
    return (end - start) % MIN_PER_DAY


def _covers(outer_start, outer_end, inner_start, inner_end):
    """Whether the clock window ``[outer)`` holds all of ``[inner)`` (both may wrap midnight)."""
    return (inner_start - outer_start) % MIN_PER_DAY + _window_len(inner_start, inner_end) \
        <= _window_len(outer_start, outer_end)


def _check_windows(profile, base, who):
    """The clock windows after all settings are applied.

    - WTD night time (Art 3(h)): national law sets at least 4 h between
      00:00 and 07:00, so any such window is a lawful setting;
    - the 12-day derogation's 22:00-06:00 (Art 8(6a)(d)) is fixed by the
      regulation: a wider window is stricter, a narrower one is refused.
    """
    start, end = profile["wtd_night_start"], profile["wtd_night_end"]
    if not (0 <= start < end <= _WTD_NIGHT_LATEST and end - start >= _WTD_NIGHT_SHORTEST):
        raise ProfileError("%s: the night window wtd_night_start..wtd_night_end = %d..%d must be at least "
                           "240 min between 0 (00:00) and 420 (07:00) local time (Dir 2002/15 Art 3(h))"
                           % (who, start, end))
    if not _covers(profile["twelve_day_night_start"], profile["twelve_day_night_end"],
                   base["twelve_day_night_start"], base["twelve_day_night_end"]):
        raise ProfileError("%s: twelve_day_night_start..twelve_day_night_end = %d..%d does not cover the "
                           "%s window %d..%d (a profile may only be made stricter)"
                           % (who, profile["twelve_day_night_start"], profile["twelve_day_night_end"],
                              base["name"], base["twelve_day_night_start"], base["twelve_day_night_end"]))


def tighten(base, overrides, who="employer setting"):
    """Return a copy of ``base`` with ``overrides`` applied, never looser.

    :param base: a profile dict
    :param overrides: dict of entry -> value
    :param who: names the source of the settings in error messages
    :raises ProfileError: for an unknown entry, a value of the wrong type, or
        a value looser than ``base``; the message names the entry
    """
    profile = dict(base)
    for key in overrides:
        value = overrides[key]
        direction = DIRECTIONS.get(key)
        if direction is None:
            raise ProfileError("%s: unknown profile entry %r" % (who, key))
        old = base.get(key)
        if direction == "fixed":
            raise ProfileError("%s: %s cannot be set (profile_by_name sets it)" % (who, key))
        if direction == "allow":
            if value is not True and value is not False:
                raise ProfileError("%s: %s must be true or false, got %r" % (who, key, value))
            if value and not old:
                raise ProfileError("%s: %s cannot be allowed: the %s rules do not allow it"
                                   % (who, key, base["name"]))
        elif direction == "require":
            if value is not True and value is not False:
                raise ProfileError("%s: %s must be true or false, got %r" % (who, key, value))
            if old and not value:
                raise ProfileError("%s: %s cannot be lifted: the %s rules require it"
                                   % (who, key, base["name"]))
        elif value is None:
            # only a cap that is absent may stay absent; removing one loosens it
            if direction != "max" or old is not None:
                raise ProfileError("%s: %s cannot be removed (the %s value is %r)" % (who, key, base["name"], old))
        elif not _is_int(value) or value < 0:
            raise ProfileError("%s: %s must be a whole number >= 0, got %r" % (who, key, value))
        elif direction == "max" and old is not None and value > old:
            raise ProfileError("%s: %s = %d is looser than the %s limit %d (a profile may only be made stricter)"
                               % (who, key, value, base["name"], old))
        elif direction == "min" and value < old:
            raise ProfileError("%s: %s = %d is looser than the %s minimum %d (a profile may only be made stricter)"
                               % (who, key, value, base["name"], old))
        elif direction == "clock" and value >= MIN_PER_DAY:
            raise ProfileError("%s: %s must be a clock time in minutes 0..1439, got %d" % (who, key, value))
        profile[key] = value
    _check_windows(profile, base, who)
    return profile


def profile_by_name(name, overrides=None):
    """Build a profile from a name such as ``eu``, ``aetr`` or ``eu+am_minor``.

    Categories describe the worker, so when several are named every cap
    applies and the strictest value of each entry wins
    (``eu+am_normal+am_minor`` has the 36 h week of ``am_minor`` and the
    8 h day of ``am_normal``).

    :param overrides: optional employer settings, applied with :func:`tighten`
    :raises ProfileError: for an unknown base or category (named in the message)
    """
    parts = name.split("+")
    base = BASES.get(parts[0])
    if base is None:
        raise ProfileError("unknown rule profile %r (known: %s)" % (parts[0], ", ".join(sorted(BASES))))
    profile = dict(base)
    for category in parts[1:]:
        caps = CATEGORIES.get(category)
        if caps is None:
            raise ProfileError("unknown working-time category %r in profile %r (known: %s)"
                               % (category, name, ", ".join(sorted(CATEGORIES))))
        for key in caps:
            if profile[key] is None or caps[key] < profile[key]:
                profile[key] = caps[key]
    profile["name"] = name
    if overrides:
        profile = tighten(profile, overrides)
    return profile
