# Tests for Directive 2002/15/EC working time and national caps, through the engine.
# SPDX-License-Identifier: MIT
"""RULES.md §3.10 (wtd_break), §3.11 (wtd_weekly_average), §3.12
(wtd_night_work) and §9 (national_weekly_cap, national_daily_cap).

Timelines start Monday 2026-03-02 00:00 UTC. Other work is used where
driving would also trip the 561 rules; driving is working time too
(Dir 2002/15 Art 3(a)). Each expected instant is worked out by hand in the
comment beside it. Only the working-time rules are asserted on: the
timelines are built to test them, not the 561 rules.
"""

from drivetime.profiles import profile_by_name, tighten, EU
from drivetime.timeutil import week_of
from timeline import Timeline, only

WTD = ("wtd_break", "wtd_weekly_average", "wtd_night_work", "national_weekly_cap", "national_daily_cap")


def wtd(found):
    return [i for i in found if i.rule in WTD]


def one(found, rule):
    got = only(found, rule)
    assert len(got) == 1, got
    return got[0]


# -- §3.10 breaks: six consecutive hours -----------------------------------------------


def test_six_hours_of_consecutive_work_is_compliant():
    # "no more than six consecutive hours": exactly 6 h is allowed, and T = 6 h
    # needs no break either (only T > 6 h does)
    t = Timeline().at(6).work(360).rest(600)
    assert wtd(t.judge()[0]) == []
    t = Timeline().at(6).drive(200).work(160).rest(600)
    assert wtd(t.judge()[0]) == []


def test_361_minutes_of_work_without_a_break():
    t = Timeline().at(6).work(361).rest(600)
    found = wtd(t.judge()[0])
    assert len(found) == 1
    i = found[0]
    # the run (and T) reaches 6 h at 06:00 + 360 = 12:00; no break was taken
    assert i.rule == "wtd_break" and i.start == t.time(0, 12, 0)
    assert i.measured == 0 and i.limit == 30
    # row "6-9 h worked": x <= 10 min is VSI; a 2022/694 row, so provisional
    assert i.severity_row == "wtd_break_6_9h" and i.severity == "VSI" and i.provisional
    assert i.final and i.end == t.time(0, 12, 1)


def test_open_shift_is_reported_not_final():
    t = Timeline().at(6).work(361)
    i = one(t.judge()[0], "wtd_break")
    assert i.start == t.time(0, 12, 0) and not i.final


def test_availability_does_not_break_the_run():
    # Q10: availability is not a break (Art 3(b)). 06:00 work 30, rest 30,
    # 07:00 work 330 to 12:30, availability 15, 12:45 work 180 to 15:45.
    # T = 540 needs 30 min of breaks (the first rest gives them), but the run
    # 330 + 180 = 510 reaches 6 h at 12:45 + 30 = 13:15.
    t = Timeline().at(6).work(30).rest(30).work(330).avail(15).work(180).rest(600)
    found = wtd(t.judge()[0])
    assert len(found) == 1
    i = found[0]
    assert i.rule == "wtd_break" and i.start == t.time(0, 13, 15)
    assert i.measured == 510 and i.limit == 360
    assert i.severity is None       # RULES.md §4 has no row for the consecutive limit


def test_a_15_minute_break_resets_the_run():
    # the same day with a 15 min rest instead of availability: runs of 330 and
    # 180 min, breaks 30 + 15 = 45 >= 30: compliant
    t = Timeline().at(6).work(30).rest(30).work(330).rest(15).work(180).rest(600)
    assert wtd(t.judge()[0]) == []


def test_a_14_minute_pause_does_not_reset_the_run():
    # 14 < 15 min (Art 5: parts of at least 15 min): the run goes on, 330 + 180;
    # work resumes at 12:44, the run reaches 6 h 30 min later at 13:14
    t = Timeline().at(6).work(30).rest(30).work(330).rest(14).work(180).rest(600)
    i = one(wtd(t.judge()[0]), "wtd_break")
    assert i.start == t.time(0, 13, 14) and i.measured == 510


# -- §3.10 breaks: totals per shift ------------------------------------------------------


def test_over_6h_needs_30_minutes_in_parts_of_15():
    # T = 400 > 360 needs 30 min: two 15 min parts will do
    t = Timeline().at(6).work(200).rest(15).work(100).rest(15).work(100).rest(600)
    assert wtd(t.judge()[0]) == []


def test_over_6h_with_a_part_under_15_minutes():
    # the 14 min pause counts for nothing: B = 15 < 30. T reaches 360 in the
    # last run: 06:00 + 200 + 15 + 100 + 14 + 60 = 12:29
    t = Timeline().at(6).work(200).rest(15).work(100).rest(14).work(100).rest(600)
    i = one(wtd(t.judge()[0]), "wtd_break")
    assert i.start == t.time(0, 12, 29) and i.measured == 15 and i.limit == 30
    assert i.severity_row == "wtd_break_6_9h" and i.severity == "SI"     # 10 < 15 <= 20


def test_over_9h_needs_45_minutes():
    # T = 600 > 540, B = 15 + 30 = 45: compliant
    t = Timeline().at(6).work(300).rest(15).work(200).rest(30).work(100).rest(600)
    assert wtd(t.judge()[0]) == []
    # exactly 9 h needs only 30
    t = Timeline().at(6).work(300).rest(30).work(240).rest(600)
    assert wtd(t.judge()[0]) == []


def test_over_9h_with_30_minutes_of_breaks():
    # T = 570, B = 30: enough for 6-9 h, not for over 9 h; T reaches 540 at
    # 06:00 + 300 + 30 + 240 = 15:30
    t = Timeline().at(6).work(300).rest(30).work(270).rest(600)
    i = one(wtd(t.judge()[0]), "wtd_break")
    assert i.start == t.time(0, 15, 30) and i.measured == 30 and i.limit == 45
    assert i.severity_row == "wtd_break_over_9h" and i.severity == "SI"  # 20 < 30 <= 30


def test_over_9h_with_too_little_break_even_for_6h():
    # B = 20 < 30 already failed when T passed 6 h: 06:00 + 300 + 20 + 60 = 12:20;
    # one breach for the shift, on the over-9 h row: 20 <= 20 is VSI
    t = Timeline().at(6).work(300).rest(20).work(300).rest(600)
    found = wtd(t.judge()[0])
    assert len(found) == 1
    i = found[0]
    assert i.start == t.time(0, 12, 20) and i.measured == 20 and i.limit == 45
    assert i.severity_row == "wtd_break_over_9h" and i.severity == "VSI"


def test_a_break_after_the_last_work_does_not_count():
    # B counts breaks "lying between working minutes": the 30 min rest after
    # the work, then availability, then the daily rest, is not one. T = 400,
    # B = 0: T passes 6 h at 12:00
    t = Timeline().at(6).work(400).rest(30).avail(60).rest(600)
    i = one(wtd(t.judge()[0]), "wtd_break")
    assert i.start == t.time(0, 12, 0) and i.measured == 0


def test_561_breaks_count():
    # an Art 7 split break (15 then 30) is 45 min of WTD breaks: T = 270 + 300
    # = 570 > 540 and B = 45
    t = Timeline().at(6).drive(240).rest(15).drive(30).rest(30).work(300).rest(600)
    found = t.judge()[0]
    assert wtd(found) == [] and only(found, "continuous_driving") == []


def test_split_rest_first_part_counts_as_a_break():
    # Q11: the 3 h first part of a split daily rest is a break of at least
    # 15 min; T = 420, B = 180
    t = Timeline().at(6).work(300).rest(180).work(120).rest(600)
    assert wtd(t.judge()[0]) == []
    # without it the same work breaches: T = 420, B = 0, 6 h at 12:00
    t = Timeline().at(6).work(420).rest(600)
    assert one(wtd(t.judge()[0]), "wtd_break").start == t.time(0, 12, 0)


def test_a_daily_rest_starts_a_new_shift():
    # 9 h rest between two 5 h runs: two shifts of 300 min, nothing owed
    t = Timeline().at(6).work(300).rest(540).work(300).rest(600)
    assert wtd(t.judge()[0]) == []


# -- §3.11 weekly working time ----------------------------------------------------------


def _twelve_hour_days(t, days):
    # 06:00-12:00 work, 45 min break, 12:45-18:45 work: T = 720, B = 45, runs of
    # 6 h, no minute in the 00:00-04:00 night window, 11h15 rest to the next day
    for day in days:
        t.at(6, 0, day=day).work(360).rest(45).work(360)
    return t


def test_sixty_hours_in_a_fixed_week_is_compliant():
    t = _twelve_hour_days(Timeline(), range(5))        # 5 x 12 h = 60 h
    assert wtd(t.judge(at=t.time(7))[0]) == []


def test_sixty_hours_and_one_minute():
    t = _twelve_hour_days(Timeline(), range(5))
    t.at(6, 0, day=5).work(1)                          # Saturday: minute 3601
    found = wtd(t.judge()[0])
    assert len(found) == 1
    i = found[0]
    assert i.rule == "wtd_weekly_average" and i.start == t.time(5, 6, 0)
    assert i.measured == 3601 and i.limit == 3600 and i.end == t.time(7)
    # row "week over 60 h": 60 h < x < 65 h has no class
    assert i.severity_row == "wtd_week_over_60" and i.severity is None
    assert not i.final                                 # the week is still open
    i = one(wtd(t.judge(at=t.time(7))[0]), "wtd_weekly_average")
    assert i.final and i.start == t.time(5, 6, 0)


def test_sixty_five_hour_week_is_si():
    t = _twelve_hour_days(Timeline(), range(5))
    t.at(6, 0, day=5).work(300)                        # 3600 + 300 = 3900 = 65 h
    i = one(wtd(t.judge(at=t.time(7))[0]), "wtd_weekly_average")
    assert i.measured == 3900 and i.severity == "SI" and i.start == t.time(5, 6, 0)


def _weeks(t, weeks, days, second_run):
    # each working day: 06:00 work 360, 45 min break, work ``second_run``
    for week in range(weeks):
        for day in days:
            t.at(6, 0, day=7 * week + day).work(360).rest(45).work(second_run)
    return t


def test_48h_average_over_the_17_week_reference_period():
    # 17 weeks of 5 x 600 min = 50 h; the period starts at the anchor week.
    # The limit is 17 x 48 h = 48960 min. Before week 16: 16 x 3000 = 48000;
    # Monday of week 16 brings 48600, Tuesday's first run 48960 (the limit
    # itself) at 12:00; the next work minute, at 12:45, is the first beyond.
    t = Timeline()
    anchor = week_of(t.origin)
    _weeks(t, 17, range(5), 240)
    found = wtd(t.judge(at=t.time(7 * 17), wtd_anchor_week=anchor)[0])
    assert len(found) == 1
    i = found[0]
    assert i.rule == "wtd_weekly_average" and i.start == t.time(7 * 16 + 1, 12, 45)
    assert i.end == t.time(7 * 17) and i.final
    # measured: the weekly average 51000 / 17 = 3000 (50 h), below the 56 h of SI
    assert i.measured == 3000 and i.limit == 2880
    assert i.severity_row == "wtd_weekly_average" and i.severity is None


def test_the_anchor_week_fixes_the_reference_periods():
    # the same 17 weeks split across two periods: 16 x 3000 = 48000 and 3000,
    # or 3000 and 16 x 3000, both within 48960
    for shift in (-1, 1):
        t = Timeline()
        _weeks(t, 17, range(5), 240)
        found = wtd(t.judge(at=t.time(7 * 18), wtd_anchor_week=week_of(t.origin) + shift)[0])
        assert found == [], shift


def test_48h_average_severity():
    # 17 weeks of 6 x 570 min = 3420 (57 h, under 60 h each week). After 14
    # weeks 47880; Monday of week 14: 48450; Tuesday's first run: 48810; the
    # second run starts 12:45 and reaches 48960 after 150 min, at 15:15.
    t = Timeline()
    _weeks(t, 17, range(6), 210)
    i = one(wtd(t.judge(at=t.time(7 * 17), wtd_anchor_week=week_of(t.origin))[0]),
            "wtd_weekly_average")
    assert i.start == t.time(7 * 14 + 1, 15, 15)
    assert i.measured == 3420 and i.severity == "SI"    # 56 h <= 57 h < 60 h


# -- §3.12 night work -------------------------------------------------------------------


def test_twelve_hours_without_night_work_is_compliant():
    # shift from Tuesday 06:00 (after a 30 h rest): 12 h of work, all outside 00:00-04:00
    t = Timeline().at(6, 0, day=1).work(360).rest(45).work(360).rest(600)
    assert wtd(t.judge()[0]) == []


def test_night_work_caps_the_24h_period_at_10h():
    # S = Monday 16:00 (end of a 16 h rest). 16:00-22:00 work, 45 min break,
    # 22:45 work 241 to 02:46 Tuesday: night work from 00:00. Work in [S, S+24h)
    # reaches 600 at 22:45 + 240 = 02:45.
    t = Timeline().at(16).work(360).rest(45).work(241).rest(600)
    found = wtd(t.judge()[0])
    assert len(found) == 1
    i = found[0]
    assert i.rule == "wtd_night_work" and i.start == t.time(1, 2, 45)
    assert i.measured == 601 and i.limit == 600 and i.end == t.time(1, 16, 0)
    assert i.severity_row == "wtd_night_work" and i.severity is None and i.provisional
    # exactly 10 h is compliant
    t = Timeline().at(16).work(360).rest(45).work(240).rest(600)
    assert wtd(t.judge()[0]) == []


def test_night_window_end_is_exclusive():
    # 11 h of work (360 + 45 break + 300) from 04:00: no minute in [00:00, 04:00)
    t = Timeline().at(4, 0, day=1).work(360).rest(45).work(300).rest(600)
    assert wtd(t.judge()[0]) == []
    # from 03:59 one minute is night work; 600 is reached at 03:59 + 645 = 14:44;
    # measured 660 is SI (11 h <= x < 13 h)
    t = Timeline().at(3, 59, day=1).work(360).rest(45).work(300).rest(600)
    i = one(wtd(t.judge()[0]), "wtd_night_work")
    assert i.start == t.time(1, 14, 44) and i.measured == 660 and i.severity == "SI"


def test_work_after_a_rest_under_9h_stays_in_the_same_24h_period():
    # Q13: the period is [S, S+24h) from the end of the last daily rest.
    # S = Monday 20:00; night work 20:00-02:00, 8 h rest (not a daily rest),
    # 10:00 work 241: 360 + 240 = 600 at 14:00
    t = Timeline().at(20).work(360).rest(480).work(241).rest(600)
    i = one(wtd(t.judge()[0]), "wtd_night_work")
    assert i.start == t.time(1, 14, 0) and i.measured == 601


def test_night_window_is_local_time():
    # a shift from 02:00 UTC: night work in UTC, but 04:00 local at UTC+2
    t = Timeline().at(2, 0, day=1).work(360).rest(45).work(300).rest(600)
    assert only(t.judge()[0], "wtd_night_work")[0].start == t.time(1, 12, 45)   # 02:00 + 645
    assert only(t.judge(local_offset_min=120)[0], "wtd_night_work") == []
    # a shift from 05:00 UTC is 02:00 local at UTC-3: night work there only
    t = Timeline().at(5, 0, day=1).work(360).rest(45).work(300).rest(600)
    assert only(t.judge()[0], "wtd_night_work") == []
    assert only(t.judge(local_offset_min=-180)[0], "wtd_night_work")[0].start == t.time(1, 15, 45)


def test_night_window_comes_from_the_profile():
    # a national window of 03:00-07:00: the shift from 04:00 is night work
    profile = tighten(EU, {"wtd_night_start": 180, "wtd_night_end": 420})
    t = Timeline().at(4, 0, day=1).work(360).rest(45).work(300).rest(600)
    assert only(t.judge()[0], "wtd_night_work") == []
    i = one(t.judge(profile=profile)[0], "wtd_night_work")
    assert i.start == t.time(1, 14, 45)                # 04:00 + 645


# -- §9 national caps -------------------------------------------------------------------


def _nine_hour_days(t, days):
    # 06:00 work 360, 30 min break, work 180: T = 540 (needs 30), runs <= 6 h
    for day in days:
        t.at(6, 0, day=day).work(360).rest(30).work(180)
    return t


def test_national_weekly_cap_for_minors():
    minor = profile_by_name("eu+am_minor")                 # Armenia, 16-18: 36 h
    t = _nine_hour_days(Timeline(), range(4))              # 4 x 9 h = 36 h
    assert wtd(t.judge(at=t.time(7), profile=minor)[0]) == []
    t.at(6, 0, day=4).work(1)                              # Friday 06:00: minute 2161
    found = wtd(t.judge(at=t.time(7), profile=minor)[0])
    assert len(found) == 1
    i = found[0]
    assert i.rule == "national_weekly_cap" and i.start == t.time(4, 6, 0)
    assert i.measured == 2161 and i.limit == 2160 and i.end == t.time(7) and i.final
    assert i.severity is None and i.severity_row is None   # RULES.md §9: severity null
    # the plain EU profile has no such cap
    assert wtd(t.judge(at=t.time(7))[0]) == []


def test_national_cap_and_60h_week_are_two_breaches():
    # 5 x 12 h + 1 h on Saturday = 61 h under a 36 h cap: the cap is passed at
    # the end of Wednesday (3 x 720 = 2160), so Thursday 06:00 is the first
    # minute beyond it; the 60 h at Saturday 06:00
    minor = profile_by_name("eu+am_minor")
    t = _twelve_hour_days(Timeline(), range(5))
    t.at(6, 0, day=5).work(60)
    found = wtd(t.judge(at=t.time(7), profile=minor)[0])
    assert [(i.rule, i.start, i.measured) for i in found] == [
        ("national_weekly_cap", t.time(3, 6, 0), 3660),
        ("wtd_weekly_average", t.time(5, 6, 0), 3660)]


def test_national_daily_cap_per_local_calendar_day():
    # Uzbekistan, especially arduous work: 4 h a day. Monday 20:00-24:00 UTC
    # and Tuesday 06:00 UTC + 121 min.
    arduous = profile_by_name("eu+uz_arduous_4h")
    t = Timeline().at(20).work(240).at(6, 0, day=1).work(121).rest(600)
    # UTC days: 240 on Monday, 121 on Tuesday: compliant
    assert wtd(t.judge(profile=arduous)[0]) == []
    # at UTC+2 local Tuesday starts at Monday 22:00 UTC: 120 + 121 = 241, the
    # cap is passed at 06:00 + 120 = 08:00 UTC; the local day ends at 22:00 UTC
    found = wtd(t.judge(profile=arduous, local_offset_min=120)[0])
    assert len(found) == 1
    i = found[0]
    assert i.rule == "national_daily_cap" and i.start == t.time(1, 8, 0)
    assert i.measured == 241 and i.limit == 240 and i.end == t.time(1, 22, 0)
    assert i.severity is None and not i.final              # data ends Tuesday 18:01 UTC
    i = one(t.judge(at=t.time(2), profile=arduous, local_offset_min=120)[0], "national_daily_cap")
    assert i.final


def test_work_across_sunday_midnight_counts_in_each_fixed_week():
    # Art 4(i) 561 / RULES.md §2.3: minutes belong to the fixed week they occur
    # in. 4 x 9 h = 2160 by Thursday; Sunday 23:00 to Monday 01:00 adds 60 to
    # each week: week 0 holds 2220 and passes 36 h at Sunday 23:00, week 1 holds 60
    minor = profile_by_name("eu+am_minor")
    t = _nine_hour_days(Timeline(), range(4))
    t.at(23, 0, day=6).work(120).rest(600)
    found, status = t.judge(at=t.time(8), profile=minor)
    i = one(wtd(found), "national_weekly_cap")
    assert i.start == t.time(6, 23, 0) and i.measured == 2220 and i.end == t.time(7) and i.final
    assert status["working_time_week_min"] == 60
