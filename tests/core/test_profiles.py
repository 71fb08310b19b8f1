# Tests for rule profiles: EU and AETR limits, worker categories, employer tightening.
# SPDX-License-Identifier: MIT
"""Profiles are data (RULES.md §§3, 5, 9; DESIGN.md "A profile may only be
made stricter by an employer setting"). Expected values are the
regulation's, converted to minutes by hand."""

from drivetime.profiles import AETR, CATEGORIES, DIRECTIONS, EU, ProfileError, profile_by_name, tighten
from support import raises

H = 60


def test_eu_limits_are_the_regulation():
    # 561 as amended: Art 7 4h30 / 45 min (15 + 30); Art 6 9 h, 10 h twice a week,
    # 56 h, 90 h; Art 8 11 h, 9 h, 3 h + 9 h, three reductions, 24 h / 30 h windows,
    # 45 h / 24 h weekly rest, 6 x 24 h; Art 8(6a) 12 x 24 h, 45 h + 24 h, 3 h at night
    expected = {
        "continuous_driving_max": 4 * H + 30, "break_min": 45, "break_first_part_min": 15,
        "break_second_part_min": 30, "daily_driving_max": 9 * H, "daily_driving_extended_max": 10 * H,
        "daily_extensions_per_week": 2, "weekly_driving_max": 56 * H, "fortnightly_driving_max": 90 * H,
        "daily_rest_min": 11 * H, "reduced_daily_rest_min": 9 * H, "split_rest_first_part_min": 3 * H,
        "split_rest_second_part_min": 9 * H, "reduced_daily_rests_max": 3, "daily_rest_window_max": 24 * H,
        "multi_manning_window_max": 30 * H, "multi_manning_rest_min": 9 * H, "weekly_rest_min": 45 * H,
        "reduced_weekly_rest_min": 24 * H, "weekly_rest_start_max": 6 * 24 * H,
        "twelve_day_start_max": 12 * 24 * H, "twelve_day_post_rest_min": 69 * H,
        "twelve_day_night_driving_max": 3 * H, "twelve_day_night_start": 22 * H, "twelve_day_night_end": 6 * H,
        # Dir 2002/15: Art 5 6 h / 30 min / 45 min / 15 min parts; Art 4(a) 60 h, 48 h over
        # 4 months (17 weeks); Art 7 10 h with night work
        "wtd_consecutive_work_max": 6 * H, "wtd_break_after_6h_min": 30, "wtd_break_after_9h_min": 45,
        "wtd_break_part_min": 15, "wtd_week_max": 60 * H, "wtd_average_week_max": 48 * H,
        "wtd_reference_weeks_max": 17, "wtd_night_daily_max": 10 * H,
        "national_weekly_cap": None, "national_daily_cap": None,
    }
    for key in expected:
        assert EU[key] == expected[key], key
    assert EU["two_reduced_weekly_rests"] is True


def test_aetr_differs_only_where_rules_md_5_says():
    # no two-consecutive-reduced derogation; ferry rule for the regular daily
    # rest only; a multi-manned crew rests every week (AETR Art 8(6)(c))
    differ = sorted(k for k in EU if EU[k] != AETR[k])
    assert differ == ["ferry_weekly_rest", "multi_manning_weekly_rest_every_week", "name",
                      "two_reduced_weekly_rests"]
    assert AETR["two_reduced_weekly_rests"] is False and AETR["ferry_weekly_rest"] is False
    assert AETR["name"] == "aetr"


def test_every_entry_has_a_direction():
    assert sorted(DIRECTIONS) == sorted(EU)
    for key in CATEGORIES:
        for entry in CATEGORIES[key]:
            assert entry in ("national_weekly_cap", "national_daily_cap"), (key, entry)


def test_categories_are_the_labour_codes():
    # RULES.md §9, by hand: 40 h = 2400, 8 h = 480, 12 h = 720, 48 h = 2880, 36 h = 2160,
    # 24 h = 1440, 35 h = 2100, 4 h = 240, 5 h = 300
    assert CATEGORIES["am_normal"] == {"national_weekly_cap": 40 * H, "national_daily_cap": 8 * H}
    assert CATEGORIES["am_overtime"] == {"national_weekly_cap": 48 * H, "national_daily_cap": 12 * H}
    for name in ("am_minor", "am_harmful", "uz_minor_16_18", "uz_disability", "uz_adverse"):
        assert CATEGORIES[name] == {"national_weekly_cap": 36 * H}, name
    assert CATEGORIES["uz_minor_15_16"] == {"national_weekly_cap": 24 * H}
    assert CATEGORIES["uz_arduous_4h"] == {"national_daily_cap": 4 * H}
    assert CATEGORIES["uz_arduous_5h"] == {"national_daily_cap": 5 * H}
    assert CATEGORIES["uz_parent_under_3"] == {"national_weekly_cap": 35 * H}


# -- tighten ---------------------------------------------------------------------


def test_tighten_refuses_a_longer_driving_period():
    err = raises(ProfileError, tighten, EU, {"continuous_driving_max": 300})
    msg = str(err)
    assert "continuous_driving_max" in msg and "300" in msg and "270" in msg and "looser" in msg


def test_tighten_refuses_a_shorter_break():
    msg = str(raises(ProfileError, tighten, EU, {"break_min": 30}))
    assert "break_min" in msg and "30" in msg and "45" in msg and "looser" in msg


def test_tighten_refuses_a_derogation_the_aetr_lacks():
    msg = str(raises(ProfileError, tighten, AETR, {"two_reduced_weekly_rests": True}))
    assert "two_reduced_weekly_rests" in msg and "aetr" in msg


def test_tighten_accepts_stricter_and_equal_values():
    got = tighten(EU, {"continuous_driving_max": 240, "break_min": 60, "daily_driving_max": 540,
                       "two_reduced_weekly_rests": False, "national_weekly_cap": 40 * H,
                       "multi_availability_is_break": False})
    assert got["continuous_driving_max"] == 240 and got["break_min"] == 60
    assert got["two_reduced_weekly_rests"] is False and got["national_weekly_cap"] == 2400
    assert got["multi_availability_is_break"] is False
    assert got["weekly_driving_max"] == EU["weekly_driving_max"]
    # the base is never changed
    assert EU["continuous_driving_max"] == 270 and EU["national_weekly_cap"] is None
    # allowing what the base allows already is no loosening
    assert tighten(EU, {"two_reduced_weekly_rests": True})["two_reduced_weekly_rests"] is True


def test_tighten_refuses_unknown_entries():
    msg = str(raises(ProfileError, tighten, EU, {"continous_driving_max": 200}))
    assert "unknown" in msg and "continous_driving_max" in msg


def test_tighten_refuses_bad_types():
    bad = [
        ("continuous_driving_max", "240"), ("continuous_driving_max", 240.0),
        ("continuous_driving_max", True),      # a bool is not a number of minutes
        ("continuous_driving_max", -1), ("break_min", None), ("break_min", False),
        ("two_reduced_weekly_rests", 0),       # 0 == False, but is not a boolean
        ("ferry_weekly_rest", "false"), ("wtd_night_start", "00:30"), ("wtd_night_end", 1440 + 240),
    ]
    for key, value in bad:
        msg = str(raises(ProfileError, tighten, EU, {key: value}))
        assert key in msg, (key, value, msg)


def test_tighten_refuses_removing_a_cap():
    am_minor = profile_by_name("eu+am_minor")
    msg = str(raises(ProfileError, tighten, am_minor, {"national_weekly_cap": None}))
    assert "national_weekly_cap" in msg
    msg = str(raises(ProfileError, tighten, am_minor, {"national_weekly_cap": 37 * H}))
    assert "national_weekly_cap" in msg and "looser" in msg
    # absent stays absent
    assert tighten(EU, {"national_daily_cap": None})["national_daily_cap"] is None


def test_tighten_refuses_renaming():
    assert "name" in str(raises(ProfileError, tighten, EU, {"name": "eu"}))


def test_wtd_night_window_is_any_lawful_national_window():
    # Dir 2002/15 Art 3(h): at least 4 h between 00:00 and 07:00, set by national law
    got = tighten(EU, {"wtd_night_start": 3 * H, "wtd_night_end": 7 * H})
    assert (got["wtd_night_start"], got["wtd_night_end"]) == (180, 420)
    assert tighten(EU, {"wtd_night_end": 7 * H})["wtd_night_end"] == 420
    for window in ({"wtd_night_start": 1 * H}, {"wtd_night_end": 8 * H},
                   {"wtd_night_start": 22 * H, "wtd_night_end": 4 * H}):
        assert "night window" in str(raises(ProfileError, tighten, EU, window)), window


def test_twelve_day_night_window_may_only_grow():
    # Art 8(6a)(d) fixes 22:00-06:00; a wider window catches more driving (stricter)
    got = tighten(EU, {"twelve_day_night_start": 21 * H, "twelve_day_night_end": 7 * H})
    assert got["twelve_day_night_start"] == 1260 and got["twelve_day_night_end"] == 420
    for window in ({"twelve_day_night_start": 23 * H}, {"twelve_day_night_end": 5 * H},
                   {"twelve_day_night_start": 0, "twelve_day_night_end": 6 * H}):
        msg = str(raises(ProfileError, tighten, EU, window))
        assert "twelve_day_night" in msg and "stricter" in msg, window


# -- profile_by_name -------------------------------------------------------------------


def test_profile_by_name_bases_and_categories():
    eu = profile_by_name("eu")
    assert eu == EU and eu is not EU
    assert profile_by_name("aetr") == AETR
    minor = profile_by_name("eu+am_minor")
    assert minor["name"] == "eu+am_minor" and minor["national_weekly_cap"] == 36 * H
    assert minor["national_daily_cap"] is None
    arduous = profile_by_name("aetr+uz_arduous_4h")
    assert arduous["national_daily_cap"] == 4 * H and arduous["two_reduced_weekly_rests"] is False


def test_profile_by_name_combines_categories_strictest_first():
    # a worker in two categories is bound by every cap: the lower of each wins,
    # whatever the order of the names
    for name in ("eu+am_normal+am_minor", "eu+am_minor+am_normal"):
        got = profile_by_name(name)
        assert got["national_weekly_cap"] == 36 * H and got["national_daily_cap"] == 8 * H, name


def test_profile_by_name_applies_employer_settings_after_categories():
    got = profile_by_name("eu+am_minor", {"national_weekly_cap": 30 * H, "break_min": 50})
    assert got["national_weekly_cap"] == 1800 and got["break_min"] == 50
    msg = str(raises(ProfileError, profile_by_name, "eu+am_minor", {"national_weekly_cap": 40 * H}))
    assert "national_weekly_cap" in msg and "2160" in msg


def test_profile_by_name_names_the_unknown_part():
    msg = str(raises(ProfileError, profile_by_name, "eu2"))
    assert "'eu2'" in msg and "aetr" in msg and "eu" in msg
    msg = str(raises(ProfileError, profile_by_name, "eu+am_minor+am_teen"))
    assert "'am_teen'" in msg and "am_minor" in msg
    assert "''" in str(raises(ProfileError, profile_by_name, "eu+"))
    assert "'EU'" in str(raises(ProfileError, profile_by_name, "EU"))


def test_an_obligation_may_be_added_but_not_lifted():
    # AETR Art 8(6)(c) obliges a multi-manned crew to rest every week; an
    # employer may add the obligation to EU drivers, never lift it under AETR.
    from drivetime.profiles import ProfileError, profile_by_name
    assert profile_by_name("eu", {"multi_manning_weekly_rest_every_week": True})[
        "multi_manning_weekly_rest_every_week"] is True
    assert profile_by_name("aetr")["multi_manning_weekly_rest_every_week"] is True
    try:
        profile_by_name("aetr", {"multi_manning_weekly_rest_every_week": False})
    except ProfileError as exc:
        assert "multi_manning_weekly_rest_every_week" in str(exc) and "lifted" in str(exc)
    else:
        assert False, "lifting an obligation was accepted"
