# Tests of the rules engine's wiring: input checks, classification and seeded properties.
# SPDX-License-Identifier: MIT
"""The engine as a whole (firmware/drivetime/engine.py), on both interpreters.

The rule machines have their own tests; here the engine is held to what its
docstring promises: intervals in time order only, every activity classified
as RULES.md §§1-3 say, and answers that depend on the timeline alone (not on
how it was cut into intervals, not on which fixed week it lies in, not on
earlier queries). The properties draw timelines from :class:`support.Rng`,
so MicroPython and CPython check the very same cases; the hypothesis
versions are in tests/host/test_engine_properties.py.
"""

from drivetime import activity as act
from drivetime.engine import Engine, EngineError
from samples import STATUS_KEYS
from support import Rng, raises
from timeline import MONDAY, Timeline, fed, only, outcome, rules

WEEK = 10080
SEEDS = 40

FLAG_CHOICES = (act.FLAG_MOVING, act.FLAG_OUT_OF_SCOPE, act.FLAG_FERRY,
                act.FLAG_MOVING | act.FLAG_FERRY, act.FLAG_OUT_OF_SCOPE | act.FLAG_FERRY)


# -- timelines drawn at random --

def duration(rng):
    """A realistic length: mostly short pauses and stints, sometimes a
    whole rest or a long shift (1 min to 30 h)."""
    k = rng.randint(0, 9)
    if k < 4:
        return rng.randint(1, 60)
    if k < 8:
        return rng.randint(1, 300)
    return rng.randint(1, 1800)


def random_timeline(rng, count, start=None):
    """``count`` intervals ``(start, end, activity, flags)`` in time order,
    all five activities, flags on about one in ten, a gap now and then."""
    now = MONDAY + rng.randint(0, WEEK - 1) if start is None else start
    out = []
    for _ in range(count):
        if rng.random_bool(10):
            now += rng.randint(1, 600)          # no record: the engine makes it UNKNOWN
        flags = rng.choice(FLAG_CHOICES) if rng.random_bool(10) else 0
        length = duration(rng)
        out.append((now, now + length, rng.randint(0, act.UNKNOWN), flags))
        now += length
    return out


def random_options(rng):
    return {"crew_multi": rng.random_bool(30), "twelve_day": rng.random_bool(15),
            "two_reduced_weekly": rng.random_bool(30),
            "transport": rng.choice(("goods", "passengers")),
            "local_offset_min": rng.choice((0, 60, 120, -300))}


def split_adjacent(rng, intervals):
    """The same timeline with intervals cut into adjacent same-activity pieces."""
    out = []
    for start, end, activity, flags in intervals:
        while end - start > 1 and rng.random_bool(50):
            cut = rng.randint(start + 1, end - 1)
            out.append((start, cut, activity, flags))
            start = cut
        out.append((start, end, activity, flags))
    return out


def negative_counters(status):
    """Names of minute counters (``*_min``, ``*_left``) below zero."""
    bad = []
    for key in status:
        if key.endswith("_min") or key.endswith("_left"):
            value = status[key]
            values = value if isinstance(value, list) else [value]
            if any(v is not None and v < 0 for v in values):
                bad.append(key)
    return bad


# -- input the engine must refuse --

def test_empty_interval_is_refused():
    e = Engine()
    raises(EngineError, e.feed, MONDAY, MONDAY, act.DRIVING)
    raises(EngineError, e.feed, MONDAY + 10, MONDAY, act.DRIVING)     # end before start


def test_overlap_and_out_of_order_are_refused():
    e = fed([(MONDAY, MONDAY + 60, act.DRIVING, 0)])
    raises(EngineError, e.feed, MONDAY + 59, MONDAY + 90, act.BREAK_REST)   # overlap by 1 min
    raises(EngineError, e.feed, MONDAY - 60, MONDAY - 30, act.BREAK_REST)   # out of order
    raises(EngineError, e.feed_minute, MONDAY + 30, act.DRIVING)
    raises(EngineError, e.evaluate, MONDAY + 59)                            # before the data ends


def test_bad_activity_or_flags_are_refused():
    e = Engine()
    raises(EngineError, e.feed, MONDAY, MONDAY + 1, 5)
    raises(EngineError, e.feed, MONDAY, MONDAY + 1, -1)
    raises(EngineError, e.feed, MONDAY, MONDAY + 1, act.DRIVING, 8)


def test_a_refused_interval_changes_nothing():
    t = Timeline().at(6).drive(200)
    e = t.engine()
    before = outcome(e.evaluate())
    raises(EngineError, e.feed, t.now - 1, t.now + 100, act.DRIVING)
    assert outcome(e.evaluate()) == before
    e.feed(t.now, t.now + 100, act.DRIVING)      # and it still takes the next one
    assert outcome(e.evaluate()) == outcome(t.drive(100).judge())


# -- classification (engine.py docstring table) --

def test_status_has_every_design_counter():
    for e in (Engine(), Timeline().at(6).drive(100).engine()):
        found, status = e.evaluate()
        missing = [k for k in STATUS_KEYS if k not in status]
        assert missing == [], missing


def test_empty_engine_has_full_allowances():
    found, status = Engine().evaluate()
    assert found == []
    # Art 7: 4h30 before a 45 min break; Art 6: 9 h (10 h twice a week), 56 h, 90 h.
    assert status["continuous_driving_left_min"] == 270
    assert status["break_needed_min"] == 45
    assert status["daily_extensions_left"] == 2
    assert status["weekly_driving_left_min"] == 56 * 60
    assert status["fortnightly_driving_left_min"] == 90 * 60


def test_unknown_time_counts_as_a_break_for_art7():
    # App 14 Addendum §1: no record counts as break/rest, so 4h30 + 45 min
    # unknown + 1 h is a new driving period (and the gap is still missing data).
    found, status = Timeline().at(6).drive(270).unknown(45).drive(60).judge()
    assert only(found, "continuous_driving") == []
    assert status["continuous_driving_min"] == 60
    assert status["unknown_min"] == 45


def test_gap_is_unknown():
    # A gap between intervals is time with no record (DESIGN.md), the same as UNKNOWN.
    t = Timeline().at(6).drive(270)
    gap = t.engine()
    gap.feed(t.now + 45, t.now + 105, act.DRIVING)
    assert outcome(gap.evaluate()) == outcome(t.unknown(45).drive(60).judge())


def test_availability_is_a_break_only_for_a_multi_crew():
    # Art 7: a single driver's availability is no break, so 4h30 + 45 min
    # availability + 1 min = 4h31 of driving period; a multi-manned driver's
    # passenger-seat availability counts as the break (Q1 default).
    t = Timeline().at(6).drive(270).avail(45).drive(1)
    single = only(t.judge()[0], "continuous_driving")
    assert [(i.measured, i.start) for i in single] == [(271, t.time(0, 11, 15))]
    assert only(t.judge(crew_multi=True)[0], "continuous_driving") == []


def test_break_in_moving_vehicle_is_a_break_but_no_rest():
    # Art 7 third paragraph: the 45 min break may be taken in the moving
    # vehicle; but rest needs a stationary vehicle (Art 8(5), Q&A VI), so
    # 11 h "rest" while moving leaves the daily rest owed.
    t = Timeline().at(6).drive(270).rest(45, act.FLAG_MOVING).drive(60)
    assert only(t.judge(crew_multi=True)[0], "continuous_driving") == []
    # Multi-manning needs 9 h of rest (Art 8(5)); none of the moving time is rest.
    moving = t.rest(660, act.FLAG_MOVING).judge(crew_multi=True)[1]
    assert moving["daily_rest_left_min"] == 540
    stationary = Timeline().at(6).drive(270).rest(45, act.FLAG_MOVING).drive(60).rest(660)
    assert stationary.judge(crew_multi=True)[1]["daily_rest_left_min"] == 0


def test_out_of_scope_driving_is_not_561_driving():
    # Annex IC (gg): driving out of scope is not driving under 561/2006 (it is work).
    found, status = Timeline().at(6).drive(300, act.FLAG_OUT_OF_SCOPE).judge()
    assert only(found, "continuous_driving") == []
    assert status["weekly_driving_min"] == 0
    assert status["working_time_shift_min"] == 300


def test_status_after_the_data_sees_no_record():
    t = Timeline().at(6).drive(120)
    found, status = t.judge(at=t.now + 30)
    assert status["activity"] == "unknown"
    assert status["at"] == t.now + 30
    assert status["current_break_min"] == 30       # unknown counts as break (App 14)


# -- seeded properties (same cases under both interpreters) --

def test_merging_adjacent_intervals_changes_nothing():
    for seed in range(1, SEEDS + 1):
        rng = Rng(seed)
        tl = random_timeline(rng, rng.randint(1, 60))
        options = random_options(rng)
        whole = outcome(fed(tl, **options).evaluate())
        pieces = outcome(fed(split_adjacent(rng, tl), **options).evaluate())
        assert whole == pieces, seed


def test_shifting_by_whole_weeks_changes_nothing():
    # Fixed weeks run Monday 00:00 UTC (Art 4(i)); the WTD reference periods
    # are counted from an anchor week, which moves with the timeline.
    for seed in range(1, SEEDS + 1):
        rng = Rng(seed)
        tl = random_timeline(rng, rng.randint(1, 60))
        options = random_options(rng)
        weeks = rng.randint(1, 200)
        base = outcome(fed(tl, **options).evaluate())
        options["wtd_anchor_week"] = weeks
        moved = outcome(fed(tl, weeks * WEEK, **options).evaluate(), weeks * WEEK)
        assert base == moved, seed


def test_minute_by_minute_equals_intervals():
    for seed in range(1, SEEDS // 2 + 1):
        rng = Rng(seed)
        tl = random_timeline(rng, rng.randint(1, 12))
        options = random_options(rng)
        e = Engine(**options)
        for start, end, activity, flags in tl:
            for minute in range(start, end):
                e.feed_minute(minute, activity, flags)
        assert outcome(e.evaluate()) == outcome(fed(tl, **options).evaluate()), seed


def test_no_counter_is_ever_negative():
    for seed in range(1, SEEDS + 1):
        rng = Rng(seed)
        options = random_options(rng)
        e = Engine(**options)
        for start, end, activity, flags in random_timeline(rng, rng.randint(1, 40)):
            e.feed(start, end, activity, flags)
            for at in (end, end + rng.randint(1, 3000)):
                found, status = e.evaluate(at)
                assert negative_counters(status) == [], (seed, at, negative_counters(status))
                for i in found:
                    assert i.measured >= 0 and i.limit >= 0, (seed, i)


def test_evaluate_never_disturbs_the_engine():
    for seed in range(1, SEEDS + 1):
        rng = Rng(seed)
        tl = random_timeline(rng, rng.randint(1, 40))
        options = random_options(rng)
        e = Engine(**options)
        for start, end, activity, flags in tl:
            e.feed(start, end, activity, flags)
            if rng.random_bool(30):
                e.evaluate()
                e.evaluate(end + rng.randint(1, 3000))
        later = e.end + rng.randint(0, 3000)
        fresh = fed(tl, **options)
        assert outcome(e.evaluate(later)) == outcome(fresh.evaluate(later)), seed


def test_evaluate_later_equals_feeding_unknown():
    # "Time after the last interval up to at has no record" (engine.evaluate).
    for seed in range(1, SEEDS + 1):
        rng = Rng(seed)
        tl = random_timeline(rng, rng.randint(1, 40))
        options = random_options(rng)
        e = fed(tl, **options)
        at = e.end + rng.randint(1, 3000)
        explicit = fed(tl + [(e.end, at, act.UNKNOWN, 0)], **options)
        assert outcome(e.evaluate(at)) == outcome(explicit.evaluate()), seed


def test_infringements_come_sorted_and_named():
    known = ("continuous_driving", "daily_driving", "weekly_driving", "fortnightly_driving",
             "daily_rest", "weekly_rest", "reduced_weekly_rest_compensation",
             "multi_manning_rest", "night_driving_12day", "wtd_break", "wtd_weekly_average",
             "wtd_night_work", "national_weekly_cap", "national_daily_cap")
    for seed in range(1, SEEDS + 1):
        rng = Rng(seed)
        found, _ = fed(random_timeline(rng, rng.randint(1, 60)), **random_options(rng)).evaluate()
        assert [(i.start, i.rule) for i in found] == sorted((i.start, i.rule) for i in found)
        assert [r for r in rules(found) if r not in known] == []
        # proven no later than the end of the period it concerns
        assert [i for i in found if i.start > i.end] == [], seed
