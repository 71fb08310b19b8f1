# Tests for Directive 2002/15/EC working time and national caps, through the engine.
# SPDX-License-Identifier: MIT
#
# RULES.md §3.10 (wtd_break), §3.11 (wtd_weekly_average), §3.12 (wtd_night_work)
# and §9 (national_weekly_cap, national_daily_cap). Timelines start Monday
# 2026-03-02 00:00 UTC. Other work is used where driving would also trip the
# 561 rules; driving is working time too (Dir 2002/15 Art 3(a)). Each expected
# instant is worked out by hand in the comment beside it. Only the working-time
# rules are asserted on. The module is kept compact on purpose: the MicroPython
# run compiles it on a 192 KB heap that already holds the whole engine.

from drivetime.profiles import EU, profile_by_name, tighten
from drivetime.timeutil import week_of
from timeline import Timeline, only

WTD = ("wtd_break", "wtd_weekly_average", "wtd_night_work", "national_weekly_cap", "national_daily_cap")


def wtd(t, at=None, **options):
    """The working-time infringements of timeline ``t``."""
    return [i for i in t.judge(at, **options)[0] if i.rule in WTD]


def fields(found):
    """``(rule, start, measured, limit, severity)`` of the one infringement in ``found``."""
    assert len(found) == 1, found
    i = found[0]
    return i.rule, i.start, i.measured, i.limit, i.severity


# -- §3.10 breaks: six consecutive hours -----------------------------------------------


def test_six_hours_of_consecutive_work_is_compliant():
    # "no more than six consecutive hours": exactly 6 h is allowed, and T = 6 h
    # needs no break either (only T > 6 h does)
    assert wtd(Timeline().at(6).work(360).rest(600)) == []
    assert wtd(Timeline().at(6).drive(200).work(160).rest(600)) == []


def test_361_minutes_of_work_without_a_break():
    # the run (and T) reaches 6 h at 06:00 + 360 = 12:00; no break was taken;
    # row "6-9 h worked": x <= 10 min is VSI, a 2022/694 row, so provisional
    t = Timeline().at(6).work(361).rest(600)
    found = wtd(t)
    assert fields(found) == ("wtd_break", t.time(0, 12), 0, 30, "VSI")
    i = found[0]
    assert i.severity_row == "wtd_break_6_9h" and i.provisional and i.final and i.end == t.time(0, 12, 1)
    # evaluated while the shift is open: the same breach, not final
    found = wtd(Timeline().at(6).work(361))
    assert found[0].start == t.time(0, 12) and not found[0].final


def test_availability_does_not_break_the_run():
    # Q10: availability is not a break (Art 3(b)). 06:00 work 30, rest 30,
    # 07:00 work 330 to 12:30, availability 15, 12:45 work 180 to 15:45.
    # T = 540 needs 30 min of breaks (the first rest gives them), but the run
    # 330 + 180 = 510 reaches 6 h at 12:45 + 30 = 13:15. RULES.md §4 has no
    # row for the consecutive limit: no severity.
    t = Timeline().at(6).work(30).rest(30).work(330).avail(15).work(180).rest(600)
    assert fields(wtd(t)) == ("wtd_break", t.time(0, 13, 15), 510, 360, None)
    # a 15 min rest instead resets the run: runs of 330 and 180, breaks 45
    assert wtd(Timeline().at(6).work(30).rest(30).work(330).rest(15).work(180).rest(600)) == []
    # a 14 min pause does not (Art 5: parts of at least 15 min): work resumes
    # at 12:44 and the run reaches 6 h 30 min later, at 13:14
    t = Timeline().at(6).work(30).rest(30).work(330).rest(14).work(180).rest(600)
    assert fields(wtd(t)) == ("wtd_break", t.time(0, 13, 14), 510, 360, None)


# -- §3.10 breaks: totals per shift ------------------------------------------------------


def test_over_6h_needs_30_minutes_in_parts_of_15():
    # T = 400 > 360 needs 30 min: two 15 min parts will do
    assert wtd(Timeline().at(6).work(200).rest(15).work(100).rest(15).work(100).rest(600)) == []
    # a 14 min pause counts for nothing: B = 15 < 30. T reaches 360 in the last
    # run at 06:00 + 200 + 15 + 100 + 14 + 60 = 12:29; 10 < 15 <= 20 is SI
    t = Timeline().at(6).work(200).rest(15).work(100).rest(14).work(100).rest(600)
    assert fields(wtd(t)) == ("wtd_break", t.time(0, 12, 29), 15, 30, "SI")


def test_over_9h_needs_45_minutes():
    # T = 600 > 540, B = 15 + 30 = 45: compliant; exactly 9 h needs only 30
    assert wtd(Timeline().at(6).work(300).rest(15).work(200).rest(30).work(100).rest(600)) == []
    assert wtd(Timeline().at(6).work(300).rest(30).work(240).rest(600)) == []
    # T = 570, B = 30: enough for 6-9 h, not over 9 h. T reaches 540 at
    # 06:00 + 300 + 30 + 240 = 15:30; row "over 9 h": 20 < 30 <= 30 is SI
    t = Timeline().at(6).work(300).rest(30).work(270).rest(600)
    found = wtd(t)
    assert fields(found) == ("wtd_break", t.time(0, 15, 30), 30, 45, "SI")
    assert found[0].severity_row == "wtd_break_over_9h"
    # B = 20 < 30 already failed when T passed 6 h, at 06:00 + 300 + 20 + 60
    # = 12:20: one breach for the shift, on the over-9 h row (20 <= 20: VSI)
    t = Timeline().at(6).work(300).rest(20).work(300).rest(600)
    assert fields(wtd(t)) == ("wtd_break", t.time(0, 12, 20), 20, 45, "VSI")


def test_a_break_after_the_last_work_does_not_count():
    # B counts breaks "lying between working minutes": a 30 min rest after the
    # work, then availability, then the daily rest, is not one. T = 400, B = 0,
    # T passes 6 h at 12:00
    t = Timeline().at(6).work(400).rest(30).avail(60).rest(600)
    assert fields(wtd(t)) == ("wtd_break", t.time(0, 12), 0, 30, "VSI")


def test_561_breaks_and_split_rest_parts_count():
    # an Art 7 split break (15 then 30) is 45 min of WTD breaks: T = 570, B = 45
    t = Timeline().at(6).drive(240).rest(15).drive(30).rest(30).work(300).rest(600)
    assert wtd(t) == [] and only(t.judge()[0], "continuous_driving") == []
    # Q11: the 3 h first part of a split daily rest is a break of at least
    # 15 min: T = 420, B = 180
    assert wtd(Timeline().at(6).work(300).rest(180).work(120).rest(600)) == []
    # a 9 h rest ends the shift: two shifts of 300 min, nothing owed
    assert wtd(Timeline().at(6).work(300).rest(540).work(300).rest(600)) == []


# -- §3.11 weekly working time ----------------------------------------------------------


def twelve_hour_days(t, days):
    # 06:00-12:00 work, 45 min break, 12:45-18:45 work: T = 720, B = 45, runs of
    # 6 h, no minute in the 00:00-04:00 night window, 11h15 rest to the next day
    for day in days:
        t.at(6, 0, day=day).work(360).rest(45).work(360)
    return t


def test_sixty_hours_in_a_fixed_week():
    t = twelve_hour_days(Timeline(), range(5))         # 5 x 12 h = 60 h
    assert wtd(t, t.time(7)) == []
    t.at(6, 0, day=5).work(1)                           # Saturday 06:00: minute 3601
    found = wtd(t)
    # row "week over 60 h": 60 h < x < 65 h has no class
    assert fields(found) == ("wtd_weekly_average", t.time(5, 6), 3601, 3600, None)
    i = found[0]
    assert i.severity_row == "wtd_week_over_60" and i.end == t.time(7) and not i.final
    assert wtd(t, t.time(7))[0].final                   # the week has ended
    # 3600 + 299 more on Saturday = 3900 = 65 h: SI
    t.work(299)
    assert fields(wtd(t, t.time(7))) == ("wtd_weekly_average", t.time(5, 6), 3900, 3600, "SI")


def weeks(count, second_run, anchor_shift=0):
    # ``count`` fixed weeks of five days, each 06:00 work 360, 45 min break,
    # work ``second_run``, then over 11 h of daily rest and a regular weekly
    # rest. Fed to the engine a week at a time so the heap holds one week of
    # intervals, not seventeen.
    t = Timeline()
    engine = t.engine(wtd_anchor_week=week_of(t.origin) + anchor_shift)
    for week in range(count):
        del t.intervals[:]
        for day in range(5):
            t.at(6, 0, day=7 * week + day).work(360).rest(45).work(second_run)
        for interval in t.intervals:
            engine.feed(*interval)
    return t, [i for i in engine.evaluate(t.time(7 * (count + 1)))[0] if i.rule in WTD]


def test_48h_average_over_the_17_week_reference_period():
    # 17 weeks of 5 x 600 min = 50 h; the period starts at the anchor week. The
    # limit is 17 x 48 h = 48960 min. Before week 16: 16 x 3000 = 48000; Monday
    # of week 16 brings 48600, Tuesday's first run 48960 (the limit itself) at
    # 12:00; the next work minute, at 12:45, is the first beyond. Measured: the
    # weekly average 51000 / 17 = 3000 (50 h), below the 56 h of SI.
    t, found = weeks(17, 240)
    assert fields(found) == ("wtd_weekly_average", t.time(7 * 16 + 1, 12, 45), 3000, 2880, None)
    i = found[0]
    assert i.severity_row == "wtd_weekly_average" and i.end == t.time(7 * 17) and i.final
    # the anchor fixes the periods: moved by a week either way, the 17 weeks
    # fall into two periods of 16 x 3000 = 48000 and 3000, both within 48960
    assert weeks(17, 240, -1)[1] == [] and weeks(17, 240, 1)[1] == []


def test_48h_average_severity():
    # 17 weeks of 5 x 684 min = 3420 (57 h, under 60 h each week). After 14
    # weeks 47880; Monday of week 14: 48564; Tuesday's first run: 48924; the
    # second run starts 12:45 and reaches 48960 after 36 min, at 13:21.
    # 56 h <= 57 h < 60 h: SI
    t, found = weeks(17, 324)
    assert fields(found) == ("wtd_weekly_average", t.time(7 * 14 + 1, 13, 21), 3420, 2880, "SI")


# -- §3.12 night work -------------------------------------------------------------------


def eleven_hours(hour, minute=0):
    # from ``hour``:``minute`` on Tuesday (after a rest of over 9 h): work 360,
    # 45 min break, work 300 = 660 min; 600 is reached 645 min after the start
    return Timeline().at(hour, minute, day=1).work(360).rest(45).work(300).rest(600)


def test_twelve_hours_without_night_work_is_compliant():
    # from Tuesday 06:00: 12 h of work, all outside 00:00-04:00
    assert wtd(Timeline().at(6, 0, day=1).work(360).rest(45).work(360).rest(600)) == []


def test_night_work_caps_the_24h_period_at_10h():
    # S = Monday 16:00 (end of a 16 h rest). 16:00-22:00 work, 45 min break,
    # 22:45 work 241 to 02:46 Tuesday: night work from 00:00. Work in [S, S+24h)
    # reaches 600 at 22:45 + 240 = 02:45; 601 is below the 11 h of SI
    t = Timeline().at(16).work(360).rest(45).work(241).rest(600)
    found = wtd(t)
    assert fields(found) == ("wtd_night_work", t.time(1, 2, 45), 601, 600, None)
    i = found[0]
    assert i.severity_row == "wtd_night_work" and i.provisional and i.end == t.time(1, 16)
    # exactly 10 h is compliant
    assert wtd(Timeline().at(16).work(360).rest(45).work(240).rest(600)) == []


def test_night_window_end_is_exclusive():
    # from 04:00 no minute lies in [00:00, 04:00)
    assert wtd(eleven_hours(4)) == []
    # from 03:59 one minute is night work; 600 at 03:59 + 645 = 14:44; 660 is SI
    t = eleven_hours(3, 59)
    assert fields(wtd(t)) == ("wtd_night_work", t.time(1, 14, 44), 660, 600, "SI")


def test_work_after_a_rest_under_9h_stays_in_the_same_24h_period():
    # Q13: the period is [S, S+24h) from the end of the last daily rest.
    # S = Monday 20:00; night work 20:00-02:00, an 8 h rest (not a daily rest),
    # 10:00 work 241: 360 + 240 = 600 at 14:00
    t = Timeline().at(20).work(360).rest(480).work(241).rest(600)
    assert fields(wtd(t)) == ("wtd_night_work", t.time(1, 14), 601, 600, None)


def test_night_window_is_local_time_from_the_profile():
    # from 02:00 UTC: night work in UTC (600 at 02:00 + 645 = 12:45), but it
    # is 04:00 local at UTC+2
    t = eleven_hours(2)
    assert fields(wtd(t)) == ("wtd_night_work", t.time(1, 12, 45), 660, 600, "SI")
    assert wtd(t, local_offset_min=120) == []
    # from 05:00 UTC: 02:00 local at UTC-3, so night work there only (15:45)
    t = eleven_hours(5)
    assert wtd(t) == []
    assert fields(wtd(t, local_offset_min=-180))[1] == t.time(1, 15, 45)
    # a national window of 03:00-07:00: the shift from 04:00 is night work
    t = eleven_hours(4)
    profile = tighten(EU, {"wtd_night_start": 180, "wtd_night_end": 420})
    assert fields(wtd(t, profile=profile))[1] == t.time(1, 14, 45)


# -- §9 national caps -------------------------------------------------------------------


def nine_hour_days(t, days):
    # 06:00 work 360, 30 min break, work 180: T = 540 (needs 30), runs <= 6 h
    for day in days:
        t.at(6, 0, day=day).work(360).rest(30).work(180)
    return t


def test_national_weekly_cap_for_minors():
    # Armenia, aged 16-18: 36 h. 4 x 9 h = 36 h is compliant; Friday 06:00 is
    # minute 2161. RULES.md §9: severity null. The EU profile has no such cap.
    minor = profile_by_name("eu+am_minor")
    t = nine_hour_days(Timeline(), range(4))
    assert wtd(t, t.time(7), profile=minor) == []
    t.at(6, 0, day=4).work(1)
    found = wtd(t, t.time(7), profile=minor)
    assert fields(found) == ("national_weekly_cap", t.time(4, 6), 2161, 2160, None)
    assert found[0].severity_row is None and found[0].end == t.time(7) and found[0].final
    assert wtd(t, t.time(7)) == []


def test_national_cap_and_60h_week_are_two_breaches():
    # 5 x 12 h + 1 h on Saturday = 61 h under a 36 h cap: the cap is reached at
    # the end of Wednesday (3 x 720 = 2160), so Thursday 06:00 is the first
    # minute beyond it; the 60 h limit is passed at Saturday 06:00
    t = twelve_hour_days(Timeline(), range(5))
    t.at(6, 0, day=5).work(60)
    found = wtd(t, t.time(7), profile=profile_by_name("eu+am_minor"))
    assert [(i.rule, i.start, i.measured) for i in found] == [
        ("national_weekly_cap", t.time(3, 6), 3660), ("wtd_weekly_average", t.time(5, 6), 3660)]


def test_work_across_sunday_midnight_counts_in_each_fixed_week():
    # RULES.md §2.3: minutes belong to the fixed week they occur in. 4 x 9 h =
    # 2160 by Thursday; Sunday 23:00 to Monday 01:00 adds 60 to each week:
    # week 0 holds 2220 and passes 36 h at Sunday 23:00, week 1 holds 60
    t = nine_hour_days(Timeline(), range(4))
    t.at(23, 0, day=6).work(120).rest(600)
    found, status = t.judge(t.time(8), profile=profile_by_name("eu+am_minor"))
    found = only(found, "national_weekly_cap")
    assert fields(found) == ("national_weekly_cap", t.time(6, 23), 2220, 2160, None)
    assert found[0].end == t.time(7) and status["working_time_week_min"] == 60


def test_national_daily_cap_per_local_calendar_day():
    # Uzbekistan, especially arduous work: 4 h a day. Monday 20:00-24:00 UTC,
    # then Tuesday 06:00 UTC + 121 min. UTC days: 240 and 121, compliant.
    arduous = profile_by_name("eu+uz_arduous_4h")
    t = Timeline().at(20).work(240).at(6, 0, day=1).work(121).rest(600)
    assert wtd(t, profile=arduous) == []
    # at UTC+2 local Tuesday starts at Monday 22:00 UTC: 120 + 121 = 241, the
    # cap is passed at 06:00 + 120 = 08:00 UTC; the local day ends at 22:00 UTC,
    # after the data (Tuesday 18:01 UTC), so the breach is not final until then
    found = wtd(t, profile=arduous, local_offset_min=120)
    assert fields(found) == ("national_daily_cap", t.time(1, 8), 241, 240, None)
    assert found[0].end == t.time(1, 22) and not found[0].final
    assert wtd(t, t.time(2), profile=arduous, local_offset_min=120)[0].final
