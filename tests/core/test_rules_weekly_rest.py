# Tests of the weekly rest rules: 6 x 24 h start limit, two-week pattern, long timelines.
# SPDX-License-Identifier: MIT
"""Weekly rest through the engine (Reg. 561/2006 Art 8(6), 8(9); RULES.md
§3.6). The 12-day derogation (Art 8(6a)) is in test_rules_twelve_day.py.

Every timeline starts on Monday 2026-03-02 00:00Z (day 0); fixed weeks run
Monday 00:00 to Sunday 24:00 UTC, so days 0-6 are week w0, 7-13 w1 and so on.
The engine assumes that a regular weekly rest ended where the data starts:
the first deadline is day 0 + 144 h = day 6 (Sunday) 00:00, and the weeks
before the data count as compliant.
"""

import gc

from timeline import MONDAY, Timeline, days, only, rules, shift

H = 60
SHIFT = 525     # span of a working day, see shift()


def shifts_until(t, end, n):
    """``n`` shifts, evenly spread with daily rests of 11-24 h, the last one
    ending exactly at ``end``."""
    gap = end - t.now - n * SHIFT
    each = gap // n
    assert 11 * H <= each < 24 * H
    t.rest(gap - each * (n - 1))
    shift(t)
    for _ in range(n - 1):
        t.rest(each)
        shift(t)
    assert t.now == end
    return t


def week_of_work(t, week, reduced):
    """Monday-Friday shifts 06:00-14:45 of fixed week ``week``, then the
    weekend rest until Monday 06:00: 63h15 (regular) from Friday 14:45, or,
    after a Saturday shift too, 39h15 (reduced) from Saturday 14:45. Either
    rest falls in two weeks."""
    return days(t, week * 7, week * 7 + (5 if reduced else 4))


def weekly_rest_only(found):
    return only(found, "weekly_rest")


# -- the 6 x 24 h start limit (Art 8(6) fourth subparagraph) ------------------

def late_start(delay):
    """Seven shifts in week w0, the last ending ``delay`` minutes after the
    deadline (Sunday 00:00), then a 48 h weekly rest."""
    t = Timeline()
    shifts_until(t, t.time(6) + delay, 7)
    return t.rest(48 * H)


def test_weekly_rest_starting_exactly_at_144_h_is_compliant():
    # the limit is inclusive (RULES.md §1): start = end of previous + 144 h
    found, status = late_start(0).judge()
    assert found == []


def test_weekly_rest_one_minute_late_is_reported_at_the_deadline():
    t = late_start(1)
    found, _ = t.judge()
    assert rules(found) == ["weekly_rest"]
    late = found[0]
    # at_or_after = the deadline (RULES.md §3.6(a)); measured = the delay
    assert (late.start, late.measured, late.severity_row) == (t.time(6), 1, "weekly_rest_late")
    assert late.severity == "MI" and late.final


def test_late_start_severity_boundaries():
    # 2016/403 row "weekly rest started after 6 x 24 h": MI x<3h, SI 3h<=x<12h, VSI x>=12h
    for delay, cls in ((179, "MI"), (180, "SI"), (719, "SI"), (720, "VSI")):
        found, _ = late_start(delay).judge()
        assert rules(found) == ["weekly_rest"], (delay, found)
        assert (found[0].measured, found[0].severity) == (delay, cls)


def test_late_start_while_resting_is_proven_when_the_rest_ends_short():
    # With delay 719 the driver is on a daily rest at the deadline (it began
    # before it and could still have become a weekly rest); the data prove the
    # late start when that rest ends, at the first minute of work after the
    # deadline (RULES.md §1 at_or_after). The measured delay is unchanged.
    t = late_start(719)
    found, _ = t.judge()
    first_work = t.time(6) + 719 - SHIFT
    assert (found[0].start, found[0].end, found[0].measured) == (first_work, t.time(6) + 719, 719)


def test_q6_short_rest_at_the_deadline_gives_one_infringement():
    # Q6: a 20 h rest from the deadline is no weekly rest (< 24 h, Art 4(h)).
    # Report the late start only (not also an insufficient reduced WR),
    # measured up to the start of the real weekly rest.
    t = Timeline()
    shifts_until(t, t.time(6), 7)
    t.rest(20 * H).work(3 * H).rest(48 * H)
    found, _ = t.judge()
    assert rules(found) == ["weekly_rest"]
    assert (found[0].start, found[0].measured) == (t.time(6) + 20 * H, 23 * H)
    assert found[0].severity == "VSI"


def test_no_weekly_rest_yet_is_reported_open():
    # evaluated while still working 5 h after the deadline: open (final False)
    t = Timeline()
    shifts_until(t, t.time(6), 7)
    t.rest(13 * H).work(5 * H)
    found, status = t.judge()
    late = weekly_rest_only(found)
    assert len(late) == 1 and not late[0].final
    assert (late[0].start, late[0].measured) == (t.time(6) + 13 * H, 18 * H)
    assert status["weekly_rest_latest_start"] == t.time(6)


def test_status_latest_start_follows_the_last_weekly_rest():
    t = Timeline()
    days(t, 0, 2)
    found, status = t.judge()
    assert status["weekly_rest_latest_start"] == t.time(6)      # data start + 144 h
    days(t, 3, 4).at(6, 0, day=7)                               # weekend rest, Fri 14:45 -> Mon 06:00
    shift(t)
    found, status = t.judge()
    assert found == []
    assert status["weekly_rest_latest_start"] == t.time(7, 6) + 144 * H
    # while a weekly rest (>= 24 h) is being taken, the next is due 144 h after now
    t.rest(30 * H)
    found, status = t.judge()
    assert status["weekly_rest_latest_start"] == t.now + 144 * H


# -- the two-week pattern (Art 8(6) second subparagraph, 8(9)) ----------------

def four_weeks(pattern, **options):
    t = Timeline()
    for week, reduced in enumerate(pattern):
        week_of_work(t, week, reduced)
    t.at(6, 0, day=28)
    shift(t)
    return t, t.judge(**options)[0]


def test_regular_and_reduced_alternating_is_compliant():
    # each pair of weeks has one regular and one reduced WR
    for pattern in ((1, 0, 1, 0), (0, 1, 0, 1), (0, 0, 0, 0)):
        t, found = four_weeks(pattern)
        assert found == [], (pattern, found)


def test_two_reduced_in_two_consecutive_weeks_is_one_infringement():
    # A (Sat d5 14:45 -> Mon d7 06:00) and B (Sat d12 -> Mon d14 06:00) are
    # both 39h15: weeks w0 and w1 hold two WRs, none regular. The offending
    # one is B: reported when B ends short (RULES.md §3.6(b), eager
    # at_or_after), measured 39h15 in the row "<45 h, reduction not allowed":
    # 36h <= x < 42h is SI.
    t, found = four_weeks((1, 1, 0, 0))
    assert rules(found) == ["weekly_rest"]
    wr = found[0]
    assert (wr.start, wr.measured, wr.limit) == (t.time(14, 6), 39 * H + 15, 45 * H)
    assert (wr.severity_row, wr.severity) == ("weekly_rest_no_reduction", "SI")


def test_two_reduced_allowed_for_international_goods():
    # Art 8(6) third subparagraph: two consecutive reduced WRs; the next WR
    # (C, 63h15) is at least 45 h + 5h45 + 5h45 = 56h30, so it also carries
    # the compensation (Art 8(6b)); any four weeks hold 4 WRs, 2 regular.
    t, found = four_weeks((1, 1, 0, 0), two_reduced_weekly=True)
    assert found == []


def test_two_reduced_derogation_not_for_passengers_or_aetr():
    from drivetime.profiles import profile_by_name
    t, found = four_weeks((1, 1, 0, 0), two_reduced_weekly=True, transport="passengers")
    assert rules(found) == ["weekly_rest"]
    # AETR has no two-consecutive-reduced derogation (RULES.md §5)
    t, found = four_weeks((1, 1, 0, 0), two_reduced_weekly=True, profile=profile_by_name("aetr"))
    assert rules(found) == ["weekly_rest"]
    assert found[0].start == t.time(14, 6)


def test_three_reduced_in_a_row_breaks_the_derogation_once():
    # A, B, C reduced (39h15 each), D regular: weeks w-1..w2 hold only one
    # regular WR (the assumed one before the data), so C breaks the four-week
    # condition; C is also not the 45 h + 2 x 5h45 block owed after A and B
    # (Art 8(6b), VSI). Window w0..w3 fails again only because of C: one
    # pattern report, not two.
    t, found = four_weeks((1, 1, 1, 0), two_reduced_weekly=True)
    assert rules(found) == ["reduced_weekly_rest_compensation", "weekly_rest"]
    owed, pattern = found
    assert (owed.start, owed.measured, owed.limit, owed.severity) == (
        t.time(19, 14, 45), 39 * H + 15, 45 * H + 2 * (5 * H + 45), "VSI")
    assert (pattern.start, pattern.measured) == (t.time(21, 6), 39 * H + 15)


def long_rest_across_sunday(y_regular):
    """X regular in w0; L = 70 h from Saturday of w1 to Tuesday of w2; Y
    (30 h, or 45 h) in w2; Z (31h15) in w3; E in w4."""
    t = Timeline()
    days(t, 0, 4)
    t.at(0, 0, day=7)                       # X: Fri d4 14:45 -> Mon d7 00:00 (57h15, w0)
    shift(t)
    days(t, 8, 12)                          # Tue-Sat of w1
    t.rest(70 * H)                          # L: Sat d12 14:45 -> Tue d15 12:45
    shift(t)
    t.at(9, 0, day=16)
    shift(t)
    days(t, 17, 18)
    if y_regular:
        t.rest(45 * H)                      # Y: Fri d18 14:45 -> Sun d20 11:45
        shift(t)
    else:
        t.rest(30 * H)                      # Y: Fri d18 14:45 -> Sat d19 20:45
        shift(t)
        t.at(18, 0, day=20)
        shift(t)
    days(t, 21, 24, hour=14)                # Mon-Thu of w3, 14:00-22:45
    t.at(6, 0, day=26)                      # Z: Thu d24 22:45 -> Sat d26 06:00
    shift(t)
    t.at(6, 0, day=27).drive(120).work(60)
    t.at(6, 0, day=28)
    shift(t)
    return t.rest(48 * H)                   # E: Mon d28 14:45, in w4


def test_long_rest_across_sunday_counts_in_one_week_only():
    # Pair (w0, w1) needs L in w1 (X is the only other WR); pair (w2, w3)
    # holds Y and Z, both reduced, and needs L in w2 for its regular WR. L
    # cannot count in both weeks (Art 8(9); Q7), so one pair fails: Z is the
    # offending reduced WR (31h15 < 36 h: VSI).
    t = long_rest_across_sunday(False)
    found, _ = t.judge()
    assert rules(found) == ["weekly_rest"]
    assert (found[0].start, found[0].measured, found[0].severity) == (t.time(26, 6), 31 * H + 15, "VSI")


def test_long_rest_across_sunday_control():
    # the same with Y regular: L counts in w1, Y is the regular WR of (w2, w3)
    found, _ = long_rest_across_sunday(True).judge()
    assert found == []


# -- long timelines: no false positives ---------------------------------------

def test_four_weeks_of_five_days_and_weekends_are_compliant():
    t = Timeline()
    for week in range(4):
        for day in range(5):
            t.at(6, 0, day=week * 7 + day)
            t.drive(270).rest(45).drive(240).work(30)   # 8h30 driving, 9 h working time
    t.at(6, 0, day=28)
    found, status = t.judge()
    assert found == []
    assert status["compensation_open_min"] == []
    assert status["weekly_rest_latest_start"] == t.now + 144 * H  # resting now


def test_eight_weeks_with_reduced_weekends_and_night_shifts_are_compliant():
    # alternate reduced and regular weekends; night-time starts (02:00) in odd weeks
    t = Timeline()
    for week in range(8):
        hour = 2 if week % 2 else 6
        days(t, week * 7, week * 7 + (5 if week % 2 == 0 else 4), hour)
    t.at(6, 0, day=56)
    shift(t)
    for options in ({}, {"two_reduced_weekly": True}):
        found, _ = t.judge(**options)
        assert found == [], found


def random_compliant_day(t, rng):
    """A working day that keeps every rule with a margin, drawn at random:
    start 06:00-08:00 (no driving in the 12-day
    night window 22:00-06:00); two driving periods of 3-4 h (at most 8 h a day),
    each after up to 45 min of other work and followed by a 45-60 min break
    or by 15 + 30-45 min (Art 7 second paragraph). Work ends by 18:30, so the
    daily rest is at least 11h30; at most 9h30 of working time with 45 min
    of breaks, at most 4h45 in a row (Dir 2002/15 Art 5); no night work."""
    t.rest(rng.randint(0, 120))
    for part in range(2):
        t.work(rng.randint(0, 45))
        drive = rng.randint(180, 240)
        if rng.random_bool(50):
            first = rng.randint(30, drive - 30)
            t.drive(first).rest(15).drive(drive - first).rest(30 + rng.randint(0, 15))
        else:
            t.drive(drive).rest(45 + rng.randint(0, 15))


def test_random_compliant_weeks_give_no_infringement_from_any_rule():
    # four weeks of Monday-Friday days and weekends of 59h30 or more: every
    # rule of the engine must stay silent (no false positives)
    from support import Rng
    for seed in (7, 2026):
        rng = Rng(seed)
        t = Timeline()
        for week in range(4):
            for day in range(5):
                t.at(6, 0, day=week * 7 + day)
                random_compliant_day(t, rng)
        t.at(6, 0, day=28)
        for options in ({}, {"two_reduced_weekly": True}, {"transport": "passengers", "twelve_day": True}):
            found, status = t.judge(**options)
            assert found == [], (seed, options, found)
            assert status["compensation_open_min"] == []
        t = found = status = None
        gc.collect()


def test_record_opening_mid_week_assumes_that_weeks_weekly_rest():
    # The record opens on Sunday 1 March 17:00 (day 0 below), so the regular
    # weekly rest assumed to end at its start falls in the week of 23
    # February. Then a six-day week with a 38 h reduced WR across Sunday
    # 8 March, and a regular WR in the week after: every pair of weeks
    # holds a regular WR, so nothing is wrong (a bug reported the week of 23
    # February as one without a weekly rest).
    t = Timeline(MONDAY - 1440)
    t.now = t.time(0, 17)                               # Sunday 17:00
    for day in range(1, 7):                             # Mon 2 .. Sat 7 March
        t.at(5, 0, day=day).work(30).drive(240).rest(45).drive(120).work(15)
    t.at(5, 0, day=9)                                   # Sat 12:10 -> Mon 05:00: 40 h 50, reduced
    for day in range(9, 13):                            # Mon 9 .. Thu 12 March
        t.at(5, 0, day=day).work(30).drive(240).rest(45).drive(120).work(15)
    t.at(6, 0, day=16)                                  # Thu 12:10 -> Mon 16 06:00: regular
    t.work(10)
    assert only(t.judge()[0], "weekly_rest") == []


def test_aetr_multi_manned_crew_rests_every_week():
    # AETR Art 8(6)(c): a multi-manned driver takes a weekly rest in every
    # week. Under the EU two-week rule a week with none passes when the
    # week before held two, one of them regular; under AETR multi-manning
    # it does not. (The 144 h start limit nearly always catches such a week
    # first; the pattern check is the rule itself.)
    from drivetime.profiles import EU, profile_by_name
    from drivetime.rules.weekly_rest import WeeklyRestMachine
    aetr = profile_by_name("aetr")
    assert WeeklyRestMachine(EU, [], MONDAY, multi=True)._pattern_holds(((2, 1),), 0, 0)
    assert WeeklyRestMachine(aetr, [], MONDAY)._pattern_holds(((2, 1),), 0, 0)
    assert not WeeklyRestMachine(aetr, [], MONDAY, multi=True)._pattern_holds(((2, 1),), 0, 0)
    assert WeeklyRestMachine(aetr, [], MONDAY, multi=True)._pattern_holds(((1, 1),), 1, 0)
    # and a crew's ordinary month under AETR is compliant
    t = Timeline()
    for week in range(4):
        week_of_work(t, week, reduced=week % 2 == 1)
    t.work(10)
    assert weekly_rest_only(t.judge(profile=aetr, crew_multi=True)[0]) == []
