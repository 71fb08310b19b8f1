# Rule profiles: the limits of each rulebook as data, and employer tightening.
# SPDX-License-Identifier: MIT
"""Rule profiles (RULES.md §§3, 5, 9).

A profile is a plain dict of limits in minutes (and a few switches). The
engine reads nothing else, so a new rulebook is new data, not new code.

Every entry has a direction in :data:`DIRECTIONS`:

- ``"max"``: a ceiling (driving, working time, deadlines): stricter is lower;
- ``"min"``: a floor (breaks, rests): stricter is higher;
- ``"allow"``: a permission (a derogation): stricter is ``False``;
- ``"setting"``: a national choice that is neither stricter nor looser
  (the night window); an employer may set it freely.

:func:`tighten` applies an employer's settings and refuses any that loosen
the law, with a message naming the entry.
"""

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
})

DIRECTIONS = {
    "name": "setting",
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
    "twelve_day_night_start": "setting", "twelve_day_night_end": "setting",
    "ferry_interruptions_max": "max", "ferry_interruption_total_max": "max",
    "ferry_weekly_rest": "allow", "multi_availability_is_break": "allow",
    "wtd_consecutive_work_max": "max", "wtd_break_after_6h_min": "min",
    "wtd_break_after_9h_min": "min", "wtd_break_part_min": "min", "wtd_week_max": "max",
    "wtd_average_week_max": "max", "wtd_reference_weeks_max": "max",
    "wtd_night_start": "setting", "wtd_night_end": "setting",
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


def tighten(base, overrides, who="employer setting"):
    """Return a copy of ``base`` with ``overrides`` applied, never looser.

    :param base: a profile dict
    :param overrides: dict of entry -> value
    :raises ProfileError: for an unknown entry or a value looser than ``base``
    """
    profile = dict(base)
    for key in overrides:
        value = overrides[key]
        if key not in DIRECTIONS:
            raise ProfileError("%s: unknown profile entry %r" % (who, key))
        direction = DIRECTIONS[key]
        old = base.get(key)
        if direction == "max":
            if value is None or not isinstance(value, int) or value < 0:
                raise ProfileError("%s: %s must be a whole number of minutes, got %r" % (who, key, value))
            if old is not None and value > old:
                raise ProfileError("%s: %s = %d is looser than the %s limit %d (a profile may only be made stricter)"
                                   % (who, key, value, base["name"], old))
        elif direction == "min":
            if not isinstance(value, int) or value < 0:
                raise ProfileError("%s: %s must be a whole number of minutes, got %r" % (who, key, value))
            if value < old:
                raise ProfileError("%s: %s = %d is looser than the %s minimum %d (a profile may only be made stricter)"
                                   % (who, key, value, base["name"], old))
        elif direction == "allow":
            if value not in (True, False):
                raise ProfileError("%s: %s must be true or false, got %r" % (who, key, value))
            if value and not old:
                raise ProfileError("%s: %s cannot be allowed: the %s rules do not allow it" % (who, key, base["name"]))
        profile[key] = value
    return profile


def profile_by_name(name, overrides=None):
    """Build a profile from a name such as ``eu``, ``aetr`` or ``eu+am_minor``.

    :param overrides: optional employer settings, applied with :func:`tighten`
    :raises ProfileError: for an unknown base or category
    """
    parts = name.split("+")
    base = BASES.get(parts[0])
    if base is None:
        raise ProfileError("unknown rule profile %r (known: %s)" % (parts[0], ", ".join(sorted(BASES))))
    profile = dict(base)
    for category in parts[1:]:
        caps = CATEGORIES.get(category)
        if caps is None:
            raise ProfileError("unknown working-time category %r (known: %s)"
                               % (category, ", ".join(sorted(CATEGORIES))))
        profile = tighten(profile, caps, "category " + category)
    profile["name"] = name
    if overrides:
        profile = tighten(profile, overrides)
    return profile
