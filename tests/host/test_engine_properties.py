# Property tests of the rules engine with hypothesis (CPython only).
# SPDX-License-Identifier: MIT
"""The engine's answers depend on the timeline alone (engine.py docstring).

Hypothesis draws realistic timelines (1 min to 30 h per activity, all five
activities, flags now and then, gaps, single or multi crew) and shrinks any
failure to a small one. tests/core/test_engine.py checks the same properties
with seeded draws under MicroPython too.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivetime import activity as act
from drivetime.engine import Engine, EngineError
from drivetime.timeutil import days_from_civil
from timeline import fed, outcome

MONDAY = days_from_civil(2026, 3, 2) * 1440
WEEK = 10080

durations = st.one_of(st.integers(1, 60), st.integers(1, 300), st.integers(1, 1800))
flags = st.one_of(st.just(0), st.just(0), st.just(0),
                  st.sampled_from([act.FLAG_MOVING, act.FLAG_OUT_OF_SCOPE, act.FLAG_FERRY,
                                   act.FLAG_MOVING | act.FLAG_FERRY]))
gaps = st.one_of(st.just(0), st.just(0), st.just(0), st.integers(1, 600))
steps = st.tuples(gaps, durations, st.integers(0, act.UNKNOWN), flags)
options = st.fixed_dictionaries({
    "crew_multi": st.booleans(), "twelve_day": st.booleans(),
    "two_reduced_weekly": st.booleans(), "transport": st.sampled_from(["goods", "passengers"]),
    "local_offset_min": st.sampled_from([0, 60, -300])})

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def timelines(draw, max_steps=60):
    """Intervals ``(start, end, activity, flags)`` in time order, from some
    minute of the first week of March 2026."""
    now = MONDAY + draw(st.integers(0, WEEK - 1))
    out = []
    for gap, length, activity, flag in draw(st.lists(steps, min_size=1, max_size=max_steps)):
        now += gap
        out.append((now, now + length, activity, flag))
        now += length
    return out


@PROPERTY
@given(timelines(), options, st.data())
def test_merging_adjacent_same_activity_changes_nothing(tl, opts, data):
    pieces = []
    for start, end, activity, flag in tl:
        cuts = data.draw(st.lists(st.integers(start + 1, end - 1), max_size=3, unique=True)
                         if end - start > 1 else st.just([]))
        edges = [start] + sorted(cuts) + [end]
        pieces += [(a, b, activity, flag) for a, b in zip(edges, edges[1:])]
    assert outcome(fed(pieces, **opts).evaluate()) == outcome(fed(tl, **opts).evaluate())


@PROPERTY
@given(timelines(), options, st.integers(1, 300))
def test_shifting_by_whole_weeks_changes_nothing(tl, opts, weeks):
    # Fixed weeks start Monday 00:00 UTC (Art 4(i)); the WTD reference
    # period's anchor week moves with the timeline.
    base = outcome(fed(tl, **opts).evaluate())
    moved = fed(tl, weeks * WEEK, wtd_anchor_week=weeks, **opts).evaluate()
    assert outcome(moved, weeks * WEEK) == base


@PROPERTY
@given(timelines(max_steps=8), options)
def test_minute_by_minute_equals_intervals(tl, opts):
    e = Engine(**opts)
    for start, end, activity, flag in tl:
        for minute in range(start, end):
            e.feed_minute(minute, activity, flag)
    assert outcome(e.evaluate()) == outcome(fed(tl, **opts).evaluate())


@PROPERTY
@given(timelines(max_steps=30), options, st.lists(st.integers(0, 3000), min_size=1, max_size=3))
def test_no_counter_is_ever_negative(tl, opts, laters):
    e = Engine(**opts)
    for start, end, activity, flag in tl:
        e.feed(start, end, activity, flag)
        for later in laters:
            found, status = e.evaluate(end + later)
            for key, value in status.items():
                if key.endswith("_min") or key.endswith("_left"):
                    values = value if isinstance(value, list) else [value]
                    assert all(v >= 0 for v in values if v is not None), (key, value)
            assert all(i.measured >= 0 and i.limit >= 0 for i in found), found
            # an infringement is proven no later than the period it concerns ends
            assert all(i.start <= i.end for i in found), [i for i in found if i.start > i.end]


@PROPERTY
@given(timelines(), options, st.data())
def test_evaluate_never_disturbs_the_engine(tl, opts, data):
    e = Engine(**opts)
    for start, end, activity, flag in tl:
        e.feed(start, end, activity, flag)
        if data.draw(st.booleans()):
            e.evaluate(end + data.draw(st.integers(0, 3000)))
    later = e.end + data.draw(st.integers(0, 3000))
    assert outcome(e.evaluate(later)) == outcome(fed(tl, **opts).evaluate(later))


@PROPERTY
@given(timelines(), options, st.integers(1, 3000))
def test_evaluate_later_equals_unknown_until_then(tl, opts, later):
    e = fed(tl, **opts)
    at = e.end + later
    explicit = fed(tl + [(e.end, at, act.UNKNOWN, 0)], **opts)
    assert outcome(e.evaluate(at)) == outcome(explicit.evaluate())


@PROPERTY
@given(timelines(max_steps=20), st.data())
def test_bad_intervals_raise_and_change_nothing(tl, data):
    e = fed(tl)
    before = outcome(e.evaluate())
    end = e.end
    overlap_start = data.draw(st.integers(tl[0][0], end - 1))
    bad = [(overlap_start, end + data.draw(st.integers(1, 100))),          # overlap
           (tl[0][0] - data.draw(st.integers(1, 100)), tl[0][0]),         # out of order
           (end + 5, end + 5),                                             # empty
           (end + 10, end + 5)]                                            # end before start
    for start, stop in bad:
        try:
            e.feed(start, stop, act.DRIVING)
        except EngineError:
            pass
        else:
            raise AssertionError("accepted %d..%d after data ending %d" % (start, stop, end))
    assert outcome(e.evaluate()) == before
