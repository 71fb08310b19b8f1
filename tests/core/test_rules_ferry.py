# Ferry or train interruptions of a rest (Art 9(1), RULES.md §3.9) through the engine.
# SPDX-License-Identifier: MIT
"""A regular daily rest on a ferry or train with a sleeper may be
interrupted at most twice, for at most 60 min in total. Joined, it is one
daily rest and the driving in the interruptions is not daily driving (but
still weekly driving). Days count from Monday 2026-03-02 (day 0), UTC.
"""

from drivetime.activity import FLAG_FERRY
from drivetime.profiles import profile_by_name
from drivetime.rules.daily import INTER, REST
from timeline import Timeline, only


def _crossing(ferry=FLAG_FERRY):
    """06:00-17:30 shift of 600 min driving; 2 h in port; 30 min driving onto
    the ferry; 9 h on board (a cabin); 05:00 day 1 drive off for 60 min."""
    t = Timeline().at(6, 0).drive_in_stints(600)
    return t.rest(120).drive(30).rest(9 * 60, ferry).drive(60)


def test_rest_interrupted_once_on_a_ferry_is_one_daily_rest():
    t = _crossing()
    found, st = t.judge()
    # 2 h + 9 h = 11 h accumulated, one interruption of 30 min: regular.
    assert only(found, "daily_rest") == []
    assert st["reduced_daily_rests_left"] == 3
    # The 30 min onto the ferry is not daily driving: the shift had 600 (10 h,
    # allowed), not 630. Day 1 started at 05:00 with 60 min so far.
    assert only(found, "daily_driving") == []
    assert st["daily_driving_min"] == 60
    assert st["daily_extensions_left"] == 1
    assert st["daily_rest_latest_start"] == t.time(1, 20, 0)    # 05:00 + 24h - 9h
    # ... but it is weekly driving (Art 6(4)): 600 + 30 + 60.
    assert st["weekly_driving_min"] == 690


def test_without_a_ferry_flag_nothing_is_joined():
    t = _crossing(ferry=0)
    found, st = t.judge()
    # Not joined: the 2 h is a break, the 30 min is daily driving (630 > 600)
    # and the 9 h block is a reduced daily rest.
    hits = only(found, "daily_driving")
    assert [(h.measured, h.limit) for h in hits] == [(630, 600)]
    assert st["reduced_daily_rests_left"] == 2


def test_two_interruptions_of_sixty_minutes_in_total_are_joined():
    # 2 h, drive 30 onto the ferry, 7 h aboard, drive 30 off, 2 h: 11 h of rest.
    t = Timeline().at(6, 0).drive_in_stints(540)
    t.rest(120).drive(30).rest(7 * 60, FLAG_FERRY).drive(30).rest(120).drive(60)
    found, st = t.judge()
    assert only(found, "daily_rest") == []
    assert st["reduced_daily_rests_left"] == 3
    assert st["daily_extensions_left"] == 2       # the shift had 540, not 570 or 600


def test_sixty_one_minutes_of_interruption_are_not_joined():
    t = Timeline().at(6, 0).drive_in_stints(540)          # to 15:45
    t.rest(120).drive(30).rest(7 * 60, FLAG_FERRY).drive(31).rest(120).drive(60)
    t.rest(11 * 60)
    found, _ = t.judge()
    hits = only(found, "daily_rest")
    assert len(hits) == 1, hits
    # No block of 9 h: the longest rest in W is the 7 h on board (18:15-01:15),
    # 7h <= x < 8h is SI. First work minute after 21:00: 01:15 day 1.
    assert (hits[0].measured, hits[0].severity_row, hits[0].severity) == (420, "reduced_daily_rest", "SI")
    assert hits[0].start == t.time(1, 1, 15)


def test_three_interruptions_are_not_joined():
    # 1 h, 1 h, 1 h and 8 h aboard: 11 h in all, but only with three
    # interruptions; any three blocks in a row make at most 10 h.
    t = Timeline().at(6, 0).drive_in_stints(540)          # to 15:45
    t.rest(60).drive(10).rest(60).drive(10).rest(60).drive(10)
    # (61 min off the ferry, so the 8 h cannot join the 11 h rest after it either.)
    t.rest(8 * 60, FLAG_FERRY).drive(61).rest(11 * 60)
    found, _ = t.judge()
    hits = only(found, "daily_rest")
    assert len(hits) == 1, hits
    # Longest rest in W: 8 h aboard (19:15-03:15): MI; proven at 03:15 day 1.
    assert (hits[0].measured, hits[0].severity) == (480, "MI")
    assert hits[0].start == t.time(1, 3, 15)


def test_the_last_three_blocks_may_be_joined_when_the_first_cannot():
    # Step 5, try all joinings: 1 h, [10 min], 1 h, [10], 1 h, [10], 9 h
    # aboard. The last three blocks make 11 h with two interruptions.
    t = Timeline().at(6, 0).drive_in_stints(530)
    t.rest(60).drive(10).rest(60).drive(10).rest(60).drive(10).rest(9 * 60, FLAG_FERRY).drive(60)
    found, st = t.judge()
    assert only(found, "daily_rest") == []
    assert st["reduced_daily_rests_left"] == 3
    # The first 10 min (after the first 1 h break) is still daily driving:
    # 530 + 10 = 540, so no extension was used.
    assert st["daily_extensions_left"] == 2
    assert st["weekly_driving_min"] == 530 + 30 + 60


def test_a_reduced_daily_rest_cannot_be_interrupted():
    # 1 h + 9 h aboard = 10 h: not a regular daily rest, so not joined. The
    # 9 h block alone is a reduced rest and the 30 min is daily driving.
    t = Timeline().at(6, 0).drive_in_stints(540)
    t.rest(60).drive(30).rest(9 * 60, FLAG_FERRY).drive(60)
    found, st = t.judge()
    assert only(found, "daily_rest") == []
    assert st["reduced_daily_rests_left"] == 2
    assert st["daily_extensions_left"] == 1       # 570 > 540 used one


def _reduced_days_then_long_crossing(**options):
    t = Timeline().at(6, 0)
    for _ in range(3):                            # three reduced rests: none left
        t.drive_in_stints(540).rest(45).work(210).rest(10 * 60)
    t.drive_in_stints(540).rest(120).drive(30).rest(22 * 60, FLAG_FERRY).drive(60)
    return t.judge(**options)[1]


def test_a_joined_rest_of_24_hours_is_a_weekly_rest_only_under_eu_rules():
    # EU: 2 h + 22 h = 24 h, a reduced weekly rest (Art 9(1)), which resets
    # the reduced daily rest count (Art 8(4)).
    assert _reduced_days_then_long_crossing()["reduced_daily_rests_left"] == 3
    # AETR 8 bis covers the regular daily rest only: not joined; the 22 h
    # block is a daily rest and the count stays used up.
    st = _reduced_days_then_long_crossing(profile=profile_by_name("aetr"))
    assert st["reduced_daily_rests_left"] == 0


def _joined_groups(out):
    """Maximal rest blocks of the joiner's output: [rest, interruptions, minutes interrupted]."""
    groups, current, last_inter = [], None, False
    for kind, a, b in out:
        if kind in (REST, INTER):
            if current is None:
                current = [0, 0, 0]
                groups.append(current)
            if kind == REST:
                current[0] += b - a
            else:
                current[1] += 0 if last_inter else 1
                current[2] += b - a
            last_inter = kind == INTER
        else:
            current, last_inter = None, False
    return groups


def test_joiner_keeps_time_and_only_joins_what_art_9_allows():
    # Random runs straight into the joiner: the output covers the same
    # minutes in order with the same activity (a joined interruption becomes
    # INTER), and every joined rest has at most 2 interruptions, at most
    # 60 min of them and at least 11 h of rest (Art 9(1); RULES.md §3.9).
    from drivetime.profiles import EU
    from drivetime.rules.daily import DRIVE, WORK
    from drivetime.rules.ferry import FerryJoiner
    from support import Rng
    rng, joins = Rng(9), 0
    for _ in range(20):
        joiner, out, fed, now = FerryJoiner(EU), [], [], 0
        for _ in range(60):
            kind = rng.choice((REST, REST, DRIVE, WORK))
            length = rng.randint(60, 600) if kind == REST else rng.randint(1, 45)
            fed.append((kind, now, now + length))
            joiner.feed(kind, now, now + length, rng.random_bool(30), out)
            now += length
        joiner.flush(out)
        at = 0
        for kind, a, b in out:
            assert a == at and b > a
            at = b
        assert at == now
        i = 0                                   # every input run under an output run has its kind
        for kind, a, b in out:
            while fed[i][2] <= a:
                i += 1
            j = i
            while j < len(fed) and fed[j][1] < b:
                assert fed[j][0] == kind or (kind == INTER and fed[j][0] != REST)
                j += 1
        for rest, count, minutes in _joined_groups(out):
            if count:
                joins += 1
                assert count <= 2 and minutes <= 60 and rest >= 660
    assert joins > 20                           # the draws do exercise joining


def test_short_joined_rest_is_proven_at_the_interruption():
    # Mon 00:00-15:00 work; rest 1, work 2 (an interruption), rest 556 + 103
    # on the crossing: joined 660 min (Art 9) ending Tue 02:02. In the
    # window [Mon 00:00, Tue 00:00) it has 15:00-24:00 minus the 2 min
    # interruption = 538 < 9 h: one daily_rest, proven when the
    # interruption at 15:01 left too little of the window (RULES.md §1;
    # the latest start of 9 h was 15:00), never after the window's end.
    t = Timeline().work(900).rest(1).work(2).rest(556).rest(103, FLAG_FERRY).work(1)
    (hit,) = only(t.judge()[0], "daily_rest")
    assert (hit.start, hit.end, hit.measured) == (t.time(0, 15, 1), t.time(1), 538)


def test_interruption_after_the_window_takes_no_rest_from_it():
    # 15:06-24:00 is 534 min of rest inside the window whatever follows;
    # the 1 min interruption at 02:09 on Tuesday lies outside the window.
    for tail in (0, 700):
        t = Timeline().work(906).rest(540).rest(103, FLAG_FERRY).work(1).rest(tail)
        (hit,) = only(t.judge()[0], "daily_rest")
        assert (hit.start, hit.measured) == (t.time(0, 15, 0), 534), tail
