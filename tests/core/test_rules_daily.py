# Daily driving (Art 6(1), RULES.md §3.2) and daily rest (Art 8(2)-(4), §3.4) through the engine.
# SPDX-License-Identifier: MIT
"""Every expected value is worked out by hand from RULES.md; the comment
beside it says how. Days count from Monday 2026-03-02 (day 0); times are
UTC. ``Timeline.drive_in_stints`` drives in stints of 4h30 with a 45 min break between them
(Art 7), so no break is ever long enough to be a split-rest part.
"""

from timeline import Timeline, only, rules


def _days(t, drivings, hour=6):
    """One shift a day starting at ``hour``:00, each followed by rest to the next."""
    day = (t.now - t.origin) // 1440
    for driving in drivings:
        t.at(hour, 0, day=day)
        t.drive_in_stints(driving)
        day += 1
    t.at(hour, 0, day=day)
    return t


def _one(found, rule):
    hits = only(found, rule)
    assert len(hits) == 1, hits
    return hits[0]


# -- daily driving: limits and extensions ------------------------------------

def test_nine_hours_is_compliant_and_uses_no_extension():
    t = Timeline().at(6, 0)
    t.drive_in_stints(540)
    found, st = t.judge()
    assert rules(found) == []
    # 9 h driven, both 10 h days of the week still free: the limit today is 10 h.
    assert st["daily_driving_min"] == 540
    assert st["daily_driving_limit_min"] == 600
    assert st["daily_driving_left_min"] == 60
    assert st["daily_extensions_left"] == 2
    t.at(6, 0, day=1)
    found, st = t.judge()
    assert rules(found) == []
    assert st["daily_extensions_left"] == 2


def test_nine_hours_and_one_minute_uses_an_extension_without_infringing():
    t = Timeline().at(6, 0)
    t.drive_in_stints(541)
    found, st = t.judge()
    assert only(found, "daily_driving") == []
    # Art 6(1): 541 > 540 makes this one of the two 10 h days of the week.
    assert st["daily_driving_min"] == 541
    assert st["daily_driving_limit_min"] == 600
    assert st["daily_driving_left_min"] == 59
    assert st["daily_extensions_left"] == 1
    # During the following daily rest the extension stays used.
    t.rest(13 * 60)
    found, st = t.judge()
    assert only(found, "daily_driving") == []
    assert st["daily_driving_min"] == 0
    assert st["daily_extensions_left"] == 1


def test_ten_hours_is_compliant_with_an_extension():
    t = _days(Timeline(), [600])
    found, st = t.judge()
    assert rules(found) == []
    assert st["daily_extensions_left"] == 1


def test_ten_hours_and_one_minute_infringes_the_ten_hour_limit():
    t = Timeline().at(6, 0)
    t.drive_in_stints(601)
    shift_end = t.now
    t.at(6, 0, day=1)
    found, _ = t.judge()
    hit = _one(found, "daily_driving")
    # Stints 06:00-10:30, 11:15-15:45, 16:30-17:31: minute 601 starts at 16:30 + 60.
    assert hit.start == t.time(0, 17, 30)
    assert hit.end == shift_end == t.time(0, 17, 31)
    assert (hit.measured, hit.limit, hit.severity_row, hit.severity) == (601, 600, "daily_driving_10h", "MI")
    assert hit.final


def test_third_extended_day_of_the_week_has_a_nine_hour_limit():
    t = _days(Timeline(), [600, 600, 600, 540])
    found, st = t.judge()
    hit = _one(found, "daily_driving")
    # Wednesday (day 2) is the third 10 h day: limit 9 h. The driver reaches
    # 540 at 15:45, pauses, and resumes at 16:30: that is the first minute beyond.
    assert hit.start == t.time(2, 16, 30)
    assert (hit.measured, hit.limit, hit.severity_row) == (600, 540, "daily_driving_9h")
    assert hit.severity == "SI"            # 9 h row: 10h <= x < 11h
    assert st["daily_extensions_left"] == 0
    assert st["daily_driving_limit_min"] == 540


def test_q4_a_day_over_ten_hours_also_uses_an_extension():
    # Q4 settled in daily.py: the 10h01 day was an extended day. Tuesday is
    # then the second and Wednesday the third: 9 h limit on Wednesday.
    t = _days(Timeline(), [601, 600, 600])
    found, _ = t.judge()
    hits = only(found, "daily_driving")
    assert [(h.start, h.severity_row) for h in hits] == [
        (t.time(0, 17, 30), "daily_driving_10h"), (t.time(2, 16, 30), "daily_driving_9h")]


def test_q3_extension_counts_in_the_week_the_shift_starts():
    # Week 1 has 10 h days on Monday and Tuesday; a third starts on Sunday
    # 20:00 and ends on Monday of week 2: it is week 1's third (9 h limit).
    t = _days(Timeline(), [600, 600])
    t.at(20, 0, day=6)
    t.drive_in_stints(600)
    t.rest(12 * 60)
    found, _ = t.judge()
    hit = _one(found, "daily_driving")
    # Sunday 20:00 + 270 + 45 + 270 = Monday 05:45 is 540; resumes at 06:30.
    assert hit.start == t.time(7, 6, 30)
    assert (hit.measured, hit.limit, hit.severity_row) == (600, 540, "daily_driving_9h")


def test_q3_sunday_night_extension_does_not_count_in_the_next_week():
    # 10 h shifts starting Sunday 20:00 (week 1), Monday 20:00 and Tuesday
    # 20:00 (week 2): two in week 2, so all are allowed.
    t = Timeline()
    for day in (6, 7, 8):
        t.at(20, 0, day=day)
        t.drive_in_stints(600)
    t.rest(12 * 60)
    found, st = t.judge()
    assert only(found, "daily_driving") == []
    assert st["daily_extensions_left"] == 0       # week 2 used both


def test_a_shift_across_midnight_is_one_period():
    # 18:00 Monday to 05:31 Tuesday: 315 min driven on Monday's calendar day,
    # 286 on Tuesday's, but one shift of 601 min.
    t = Timeline().at(18, 0)
    t.drive_in_stints(601)
    t.rest(11 * 60)
    found, _ = t.judge()
    hit = _one(found, "daily_driving")
    assert hit.start == t.time(1, 5, 30)
    assert hit.measured == 601


def test_first_part_of_a_split_rest_does_not_end_the_shift():
    # 06:00 drive 270, break 45, drive 30 (11:45); 3 h rest; drive 270, break 45,
    # drive 31; 9 h rest. The shift ends at the 9 h part: 601 min driven.
    t = Timeline().at(6, 0)
    t.drive(270).rest(45).drive(30).rest(180).drive(270).rest(45).drive(31)
    t.rest(9 * 60)
    found, st = t.judge()
    hit = _one(found, "daily_driving")
    # The last stint starts at 14:45 + 315 = 20:00 with 570 driven: 600 at 20:30.
    assert hit.start == t.time(0, 20, 30)
    assert (hit.measured, hit.limit) == (601, 600)
    # 3 h + 9 h is a regular split rest, not a reduced one.
    assert only(found, "daily_rest") == []
    assert st["reduced_daily_rests_left"] == 3


def test_ten_hour_row_severities_and_msi():
    # RULES.md §4, 10 h row: MI 10h<x<11h, SI 11h<=x<12h, VSI x>=12h, MSI x>=15h.
    expected = {601: "MI", 659: "MI", 660: "SI", 719: "SI", 720: "VSI", 899: "VSI", 900: "MSI"}
    for driving in expected:
        t = Timeline().drive(driving).rest(11 * 60)
        hit = _one(t.judge()[0], "daily_driving")
        assert (hit.measured, hit.severity_row, hit.severity) == (driving, "daily_driving_10h", expected[driving])


def test_nine_hour_row_severities_and_msi():
    # 9 h row: MI 9h<x<10h, SI 10h<=x<11h, VSI x>=11h, MSI x>=13h30.
    expected = {541: "MI", 599: "MI", 600: "SI", 659: "SI", 660: "VSI", 809: "VSI", 810: "MSI"}
    for driving in expected:
        t = _days(Timeline(), [600, 600])
        t.drive(driving).rest(11 * 60)
        hit = _one(t.judge()[0], "daily_driving")
        assert (hit.measured, hit.severity_row, hit.severity) == (driving, "daily_driving_9h", expected[driving])


# -- daily rest (Art 8(2)-(4)) -------------------------------------------------

def _day(t, span):
    """A shift of ``span`` minutes: 9 h driving with breaks, 45 min break, work."""
    t.drive_in_stints(540)                      # 585 min
    t.rest(45)
    return t.work(span - 630)


def _reduced_days(t, n):
    """``n`` days of 14 h shift + 10 h rest from 06:00: each a reduced rest."""
    for _ in range(n):
        _day(t, 14 * 60).rest(10 * 60)
    return t


def test_eleven_hours_is_a_regular_daily_rest():
    t = Timeline().at(6, 0)
    for _ in range(4):
        _day(t, 13 * 60).rest(11 * 60)      # 06:00-19:00, rest to 06:00
    t.drive(60)
    found, st = t.judge()
    assert rules(found) == []
    assert st["reduced_daily_rests_left"] == 3
    # S = day 4 06:00; a reduction is still left, so 9 h must fit: 21:00.
    assert st["daily_rest_latest_start"] == t.time(4, 21, 0)
    assert st["daily_rest_left_min"] == 540


def test_three_reduced_rests_then_the_fourth_infringes():
    t = _reduced_days(Timeline().at(6, 0), 3)
    # At 06:00 the third 10 h rest is still in progress; if it ends now it is
    # the third reduction, so the next period needs 11 h: latest 06:00 + 13 h.
    st = t.judge()[1]
    assert st["daily_rest_latest_start"] == t.time(3, 19, 0)
    t.drive(270)
    found, st = t.judge()
    assert only(found, "daily_rest") == []
    assert st["reduced_daily_rests_left"] == 0
    # No reduction left: 11 h must fit into [day 3 06:00, day 4 06:00).
    assert st["daily_rest_left_min"] == 660
    assert st["daily_rest_latest_start"] == t.time(3, 19, 0)
    t.rest(45).drive(270).rest(45).work(210).rest(10 * 60)
    found, _ = t.judge()
    hit = _one(found, "daily_rest")
    # §3.4 step 4: first work minute at or after S + 24h - 11h = 19:00 (the
    # work run 16:30-20:00 covers it). P = 20:00..06:00 = 600: MI (10h<=x<11h).
    assert hit.start == t.time(3, 19, 0)
    assert hit.end == t.time(4, 6, 0)
    assert (hit.measured, hit.limit, hit.severity_row, hit.severity) == (
        600, 660, "daily_rest_no_reduction", "MI")


def test_fourth_reduced_rest_ending_early_is_proven_at_its_end():
    t = _reduced_days(Timeline().at(6, 0), 3)
    _day(t, 12 * 60).rest(10 * 60).drive(60)     # 06:00-18:00, rest 18:00-04:00
    hit = _one(t.judge()[0], "daily_rest")
    # The shift ended before 19:00; the first work minute after it is 04:00,
    # which is also the end of the short rest (§3.4 step 4).
    assert hit.start == t.time(4, 4, 0)
    assert (hit.measured, hit.severity_row) == (600, "daily_rest_no_reduction")


def test_reduced_rest_counter_restarts_after_a_weekly_rest():
    t = _reduced_days(Timeline().at(6, 0), 3)
    _day(t, 13 * 60).at(6, 0, day=5)             # 35 h: a (reduced) weekly rest
    _reduced_days(t, 2).drive(60)
    found, st = t.judge()
    assert only(found, "daily_rest") == []
    assert st["reduced_daily_rests_left"] == 1   # Art 8(4): 3 between weekly rests


def test_q2_weekly_rest_with_ten_hours_in_the_window_is_not_a_fourth_reduction():
    t = _reduced_days(Timeline().at(6, 0), 3)
    _day(t, 14 * 60).rest(45 * 60).drive(60)     # only 10 h of the 45 h in the window
    found, st = t.judge()
    assert only(found, "daily_rest") == []
    assert st["reduced_daily_rests_left"] == 3


def test_portion_rule_eleven_hours_with_nine_and_a_half_inside_is_reduced():
    t = Timeline().at(6, 0)
    _day(t, 14 * 60 + 30).rest(11 * 60)         # 20:30 to 07:30: 9h30 before 06:00
    t.drive(60)
    found, st = t.judge()
    assert only(found, "daily_rest") == []
    assert st["reduced_daily_rests_left"] == 2
    # The next 24 h period starts at the end of the rest, 07:30 (§3.4 step 5).
    assert st["daily_rest_latest_start"] == t.time(1, 22, 30)


def _split_day(t):
    """06:00 drive 270, 3 h rest, drive 270, break 45, work 135, then 9 h rest."""
    return t.drive(270).rest(180).drive(270).rest(45).work(135).rest(9 * 60)


def test_split_three_plus_nine_four_times_in_a_row_is_regular():
    t = Timeline().at(6, 0)
    for _ in range(4):
        _split_day(t)
    t.drive(270).rest(180).drive(30)
    found, st = t.judge()
    assert rules(found) == []
    assert st["reduced_daily_rests_left"] == 3
    # After the 3 h first part only the 9 h second part is owed, by 21:00.
    assert st["daily_rest_left_min"] == 540
    assert st["daily_rest_latest_start"] == t.time(4, 21, 0)
    assert st["daily_driving_min"] == 300       # the 3 h part did not end the shift


def test_split_rest_is_allowed_with_no_reduction_left():
    t = _reduced_days(Timeline().at(6, 0), 3)
    _split_day(t).drive(60)
    assert only(t.judge()[0], "daily_rest") == []


def test_nine_then_three_is_a_reduced_rest_and_a_break():
    t = Timeline().at(6, 0)
    _day(t, 15 * 60).rest(9 * 60)                # 21:00-06:00: reduced
    t.drive(270).rest(180).drive(270)
    found, st = t.judge()
    assert only(found, "daily_rest") == []
    assert st["reduced_daily_rests_left"] == 2
    assert st["daily_driving_min"] == 540        # the 3 h rest is a break in day 1


def test_rest_under_nine_hours_infringes_once_and_does_not_cascade():
    t = Timeline().at(6, 0)
    _day(t, 16 * 60).rest(8 * 60)                # 22:00-06:00: 8 h only
    for _ in range(3):
        _day(t, 13 * 60).rest(11 * 60)
    found, st = t.judge()
    hit = _one(found, "daily_rest")
    # Reduction still left, so 9 h was due by S + 15h = 21:00; the work run
    # 16:30-22:00 proves it then. Measured: the longest rest in W, 480: MI.
    assert hit.start == t.time(0, 21, 0)
    assert hit.end == t.time(1, 6, 0)
    assert (hit.measured, hit.limit, hit.severity_row, hit.severity) == (480, 540, "reduced_daily_rest", "MI")
    # Q16: one breach; the next three days are ordinary compliant days.
    assert only(found, "daily_driving") == []
    assert st["reduced_daily_rests_left"] == 3


def test_q16_short_rest_mid_window_restarts_the_period_at_its_end():
    t = Timeline().at(6, 0)
    _day(t, 14 * 60).rest(8 * 60)                # 20:00-04:00
    _day(t, 13 * 60).rest(11 * 60)               # 04:00-17:00, rest to 04:00
    _day(t, 13 * 60).rest(11 * 60)
    found, _ = t.judge()
    hit = _one(found, "daily_rest")
    # First work minute at or after 21:00 (S + 15h) is 04:00 day 1, the end of the 8 h rest.
    assert hit.start == t.time(1, 4, 0)
    # A lone 8 h block is a short reduced rest, not the second part of a split.
    assert (hit.measured, hit.severity_row, hit.severity) == (480, "reduced_daily_rest", "MI")
    # The 8 h rest ended the driving period: 540 + 540, not one 1080 min day.
    assert only(found, "daily_driving") == []


def test_split_first_part_then_short_second_part_uses_the_split_row():
    t = Timeline().at(6, 0)
    t.drive(270).rest(180).drive(270).rest(45).work(195).rest(8 * 60)  # 3 h + 8 h
    t.drive(60)
    hit = _one(t.judge()[0], "daily_rest")
    # Second part due by 21:00 (S + 24h - 9h); work 18:45-22:00 proves it at 21:00.
    assert hit.start == t.time(0, 21, 0)
    assert (hit.measured, hit.severity_row, hit.severity) == (480, "split_daily_rest", "MI")


def test_q16_short_rest_then_a_rest_mostly_outside_the_window():
    # 06:00-20:00 shift, 8 h rest to 04:00, drive 04:00-05:00, then 11 h rest
    # of which only 05:00-06:00 lies in [day 0 06:00, day 1 06:00).
    t = Timeline().at(6, 0)
    _day(t, 14 * 60).rest(8 * 60).drive(60).rest(9 * 60)
    during, _ = t.judge()                        # 14:00 day 1, the rest still going
    t.rest(2 * 60).drive(60)
    for found in (during, t.judge()[0]):
        hit = _one(found, "daily_rest")
        # Longest rest in W: the 8 h block (R has 1 h inside). Proven at the
        # first work minute at or after 21:00: 04:00 day 1.
        assert hit.start == t.time(1, 4, 0)
        assert (hit.measured, hit.severity_row, hit.final) == (480, "reduced_daily_rest", True)
        # Q16: the 8 h block ended the driving period (540, then 60).
        assert only(found, "daily_driving") == []
