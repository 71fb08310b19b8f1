# Tests of the compensation of reduced weekly rests (the ledger of Art 8(6b), 8(7)).
# SPDX-License-Identifier: MIT
"""Compensation of reduced weekly rests through the engine (Reg. 561/2006
Art 8(6b), 8(7); RULES.md §3.7).

Timelines start on Monday 2026-03-02 00:00Z (day 0); fixed weeks run Monday
00:00 to Sunday 24:00 UTC (days 0-6 = w0, 7-13 = w1, ...). The engine
assumes a regular weekly rest ended where the data starts.

A reduced weekly rest of length d owes 45 h - d, due by the end of the
third week after its week; it is paid en bloc by one rest block: credit =
block - 9 h under 24 h (Q14: 9 h, not 11 h), block - 45 h from 45 h.
"""

from timeline import Timeline, days, only, rules, shift

H = 60


def long_shift(t):
    """A 10h15 working day: 7 h driving, 2h30 other work. From 06:00 it
    leaves a 13h45 daily rest, whose credit (4h45) pays no debt over 4h45."""
    return t.drive(270).rest(45).drive(150).work(150)


def compensation(found):
    return only(found, "reduced_weekly_rest_compensation")


# -- one reduction ------------------------------------------------------------

def forty_hour_weekend():
    """Mon-Fri of w0 (06:00-16:15), then a 40 h reduced WR from Friday 16:15
    to Sunday d6 08:15 (in w0): 5 h owed by the end of w3 (day 28), then
    a Sunday shift."""
    t = Timeline()
    days(t, 0, 4, day_shift=long_shift)
    t.rest(40 * H)
    return long_shift(t)


def test_reduced_weekly_rest_owes_the_difference_by_the_end_of_the_third_week():
    t = forty_hour_weekend()
    found, status = t.judge()
    assert found == []
    assert status["compensation_open_min"] == [5 * H]
    assert status["compensation_due_by"] == [t.time(28)]


def test_a_daily_rest_of_9_h_plus_the_debt_pays_it():
    # Q14: 9 h + 5 h = 14 h pays the 5 h en bloc (under an 11 h base it would not)
    t = forty_hour_weekend().rest(14 * H)
    long_shift(t)
    found, status = t.judge()
    assert found == [] and status["compensation_open_min"] == []


def test_one_minute_short_pays_nothing():
    t = forty_hour_weekend().rest(14 * H - 1)
    long_shift(t)
    found, status = t.judge()
    assert status["compensation_open_min"] == [5 * H]


def test_compensation_is_taken_en_bloc_not_in_parts():
    # two 13h30 daily rests give 4h30 each: 9 h in all, but no single block pays 5 h
    t = forty_hour_weekend().rest(13 * H + 30)
    long_shift(t).rest(13 * H + 30)
    long_shift(t)
    found, status = t.judge()
    assert found == [] and status["compensation_open_min"] == [5 * H]


def test_a_regular_weekly_rest_pays_what_it_exceeds_45_h_by():
    # Sunday shift ends d6 18:30; 45 h + 5 h = 50 h pays, 49h59 does not
    for rest, left in ((50 * H, []), (50 * H - 1, [5 * H])):
        t = forty_hour_weekend().rest(rest)
        long_shift(t)
        found, status = t.judge()
        assert found == [] and status["compensation_open_min"] == left, (rest, status)


# -- a missed compensation ----------------------------------------------------

def twenty_five_hour_weekend(last_friday_hour):
    """w0: Mon-Fri 06:00-14:45, then a 25 h reduced WR (Fri d4 14:45 -> Sat d5
    15:45) owing 20 h by day 28; weekends of w1-w3 from Friday to Monday 06:00.
    A 62h15 weekend gives 17h15 of credit, too little for 20 h, and no daily
    rest can pay 20 h (9 h + 20 h would be a weekly rest itself)."""
    t = Timeline()
    days(t, 0, 4).rest(25 * H)
    shift(t)                                    # Sat 15:45 -> Sun 00:30
    t.at(12, 0, day=6).drive(120).work(60)      # Sun 12:00-15:00, rest 15 h
    days(t, 7, 24, weekdays=5)
    t.at(last_friday_hour, 0, day=25)
    shift(t)
    t.at(6, 0, day=28)
    return shift(t)


def test_missed_compensation_is_reported_at_the_deadline_without_severity():
    t = twenty_five_hour_weekend(6)
    found, status = t.judge()
    missed = compensation(found)
    assert rules(found) == ["reduced_weekly_rest_compensation"]
    # at_or_after = Sunday 24:00 of w3 = day 28 00:00; no 2016/403 row names
    # a missed compensation of one reduced WR, so no severity
    assert (missed[0].start, missed[0].measured, missed[0].severity) == (t.time(28), 20 * H, None)
    assert status["compensation_open_min"] == []


def test_missed_compensation_control():
    # the last Friday's shift 04:00-12:45: the weekend to Monday 06:00 is
    # 65h15, 20h15 over 45 h. Its first 20 h (to Saturday 08:45) are the
    # compensation, taken before day 28 00:00 and attached to the 45 h that
    # follow (Art 8(6b), 8(7)), although the block ends after the deadline.
    found, status = twenty_five_hour_weekend(4).judge()
    assert found == [] and status["compensation_open_min"] == []


def test_missed_compensation_is_open_while_the_last_weekend_goes_on():
    # the data end on Friday d25 14:45; evaluated later, the weekend rest is
    # still under way (no record counts as rest). Until day 28 00:00 nothing
    # is missed; just after it the debt is missed unless the rest goes on to
    # 65 h (its first 20 h were before the deadline), so it is open.
    t = twenty_five_hour_weekend(6)
    cut = Timeline()
    cut.intervals = [iv for iv in t.intervals if iv[1] <= t.time(25, 15)]
    found, status = cut.judge(at=t.time(28))
    assert found == []
    found, status = cut.judge(at=t.time(28, 0, 1))
    assert rules(found) == ["reduced_weekly_rest_compensation"]
    assert (found[0].start, found[0].final) == (t.time(28), False)


# -- several debts, two reduced in a row ---------------------------------------

def two_reduced_weeks():
    """w0 and w1: Mon-Sat 06:00-16:15, each weekend 37h45 (Sat 16:15 -> Mon
    06:00): 7h15 owed twice. The 13h45 daily rests pay 4h45 at most."""
    t = Timeline()
    days(t, 0, 12, day_shift=long_shift, weekdays=6)
    t.at(6, 0, day=14)
    return long_shift(t)


def test_two_debts_are_paid_oldest_first_by_one_block():
    # two reduced WRs in consecutive weeks break the two-week rule (reported
    # once, RULES.md §3.6(b)); the ledger holds both debts
    t = two_reduced_weeks()
    found, status = t.judge()
    assert rules(found) == ["weekly_rest"]
    assert status["compensation_open_min"] == [7 * H + 15, 7 * H + 15]
    assert status["compensation_due_by"] == [t.time(28), t.time(35)]
    # one block of 9 h + 14h30 (still a daily rest, < 24 h) pays both
    t.rest(9 * H + 14 * H + 30)
    long_shift(t)
    found, status = t.judge()
    assert status["compensation_open_min"] == []
    # one minute less pays only the oldest
    t = two_reduced_weeks().rest(9 * H + 14 * H + 29)
    long_shift(t)
    found, status = t.judge()
    assert status["compensation_open_min"] == [7 * H + 15]
    assert status["compensation_due_by"] == [t.time(35)]


def two_reduced_then(weekend_minutes):
    """two_reduced_weeks, then w2 Mon-Fri and a weekend rest from Friday d18
    16:15 of the given length, and a shift after it."""
    t = two_reduced_weeks()
    days(t, 15, 18, day_shift=long_shift)
    t.rest(weekend_minutes)
    return long_shift(t)


def test_two_reduced_in_a_row_owe_one_block_before_the_next_weekly_rest():
    # Art 8(6b) second subparagraph: after two reduced WRs (derogation for
    # international goods) the next WR must be one block of at least
    # 45 h + 7h15 + 7h15 = 59h30, the compensation first
    t = two_reduced_weeks()
    found, status = t.judge(two_reduced_weekly=True)
    assert found == []
    # still owed, and due with the next weekly rest (144 h after Monday 06:00)
    assert status["compensation_open_min"] == [14 * H + 30]
    assert status["compensation_due_by"] == [t.time(14, 6) + 144 * H]
    found, status = two_reduced_then(59 * H + 30).judge(two_reduced_weekly=True)
    assert found == [] and status["compensation_open_min"] == []


def test_two_reduced_not_compensated_before_the_next_weekly_rest_is_vsi():
    t = two_reduced_then(59 * H + 29)
    found, status = t.judge(two_reduced_weekly=True)
    assert rules(found) == ["reduced_weekly_rest_compensation"]
    owed = found[0]
    # at_or_after = the block's start (RULES.md §3.7); VSI (2022/694, provisional)
    assert (owed.start, owed.measured, owed.limit) == (t.time(18, 16, 15), 59 * H + 29, 59 * H + 30)
    assert (owed.severity, owed.provisional) == ("VSI", True)
    # one breach, one report: the two debts do not also expire later
    assert status["compensation_open_min"] == []
    days(t, 22, 39, day_shift=long_shift, weekdays=5)   # regular weekends to day 42,
    t.at(6, 0, day=42)                                   # past both debts' deadlines
    found, _ = t.judge(two_reduced_weekly=True)
    assert rules(found) == ["reduced_weekly_rest_compensation"]


def test_aetr_refuses_two_reduced_in_a_row():
    # AETR has no such derogation (RULES.md §5): the pair of weeks fails and
    # the debts stay in the ordinary ledger
    from drivetime.profiles import profile_by_name
    t = two_reduced_weeks()
    found, status = t.judge(two_reduced_weekly=True, profile=profile_by_name("aetr"))
    assert rules(found) == ["weekly_rest"]
    assert found[0].start == t.time(14, 6)
    assert status["compensation_open_min"] == [7 * H + 15, 7 * H + 15]
