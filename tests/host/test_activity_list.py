# Tests of the activity-list parser behind `drivetime check` (host_tools.activity_list).
# SPDX-License-Identifier: MIT
"""The DESIGN.md activity-list format: errors, gaps, flags and the one-minute rule."""

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivetime import timeutil
from drivetime.activity import (AVAILABILITY, BREAK_REST, DRIVING, FLAG_FERRY, FLAG_MOVING,
                                FLAG_OUT_OF_SCOPE, OTHER_WORK, UNKNOWN)
from host_tools.activity_list import ActivityList, ActivityListError, load, parse

B, A, W, D, U = BREAK_REST, AVAILABILITY, OTHER_WORK, DRIVING, UNKNOWN
DAY = timeutil.days_from_civil(2026, 3, 2) * timeutil.MIN_PER_DAY   # Monday 2026-03-02 00:00Z


def t(hhmm, day=0):
    """``'2026-03-02T06:00:00Z'`` style text from ``'06:00'`` or ``'06:00:30'``."""
    if len(hhmm) == 5:
        hhmm += ":00"
    return "2026-03-%02dT%sZ" % (2 + day, hhmm)


def m(hhmm, day=0):
    """Absolute minute of ``'06:00'`` on 2026-03-02 (+ ``day``)."""
    return DAY + day * timeutil.MIN_PER_DAY + int(hhmm[:2]) * 60 + int(hhmm[3:5])


def act(start, end, activity, **extra):
    entry = {"start": t(start), "end": t(end), "activity": activity}
    entry.update(extra)
    return entry


def doc(*activities, **top):
    data = {"crew": "single", "activities": list(activities)}
    data.update(top)
    return data


def error(data):
    with pytest.raises(ActivityListError) as info:
        parse(data)
    return str(info.value)


# -- the example of DESIGN.md --

EXAMPLE = """
{"crew": "single",
 "evaluate_at": "2026-03-02T12:00:00Z",
 "context": {"ferry_train": [{"start": "2026-03-02T20:00:00Z", "end": "2026-03-03T06:00:00Z",
                              "sleeper_access": true}]},
 "activities": [
   {"start": "2026-03-02T06:00:00Z", "end": "2026-03-02T10:30:00Z", "activity": "driving"},
   {"start": "2026-03-02T10:30:00Z", "end": "2026-03-02T11:15:00Z", "activity": "break_rest"}]}
"""


def test_design_example():
    got = load(EXAMPLE)
    assert isinstance(got, ActivityList)
    assert got.intervals == [(m("06:00"), m("10:30"), D, 0), (m("10:30"), m("11:15"), B, 0),
                             (m("11:15"), m("12:00"), U, 0)]
    assert got.evaluate_at == m("12:00")
    assert got.crew_multi is False
    assert got.transport == "goods"
    assert not got.two_reduced_weekly and not got.twelve_day
    assert not got.occasional_international_single_service
    assert got.local_offset_min == 0
    assert got.one_minute_rule is False


def test_load_takes_text_bytes_and_files():
    expected = load(EXAMPLE).intervals
    assert load(EXAMPLE.encode()).intervals == expected
    assert load(io.StringIO(EXAMPLE)).intervals == expected
    assert load(io.BytesIO(EXAMPLE.encode())).intervals == expected


def test_load_refuses_bad_json():
    with pytest.raises(ActivityListError, match="^not valid JSON: "):
        load('{"crew": "single",')
    with pytest.raises(ActivityListError, match="^not UTF-8 text: "):
        load(b'{"crew": "\xff"}')


# -- every refusal names the entry at fault --

@pytest.mark.parametrize("data, message", [
    (doc(act("06:00", "07:00", "driving"), act("07:00", "08:00", "break_rest"),
         act("08:00", "09:00", "other_work"), act("08:30", "10:00", "driving")),
     "activities[3]: starts before the end of activities[2] (overlap)"),
    (doc(act("06:00", "07:00", "driving"), act("09:00", "08:00", "break_rest")),
     "activities[1]: end before start (2026-03-02T08:00:00Z < 2026-03-02T09:00:00Z)"),
    (doc(act("06:00", "07:00", "driveing")),
     "activities[0]: unknown activity 'driveing' (expected one of break_rest, availability,"
     " other_work, driving, unknown)"),
    (doc(act("06:00", "07:00", 3)),
     "activities[0]: unknown activity 3 (expected one of break_rest, availability,"
     " other_work, driving, unknown)"),
    (doc(act("05:00", "06:00", "driving"), act("06:00", "07:00", "driving"),
         {"start": "2026-03-02T06:00:00", "end": t("07:00"), "activity": "driving"}),
     "activities[2].start: time without a zone (add Z for UTC): '2026-03-02T06:00:00'"),
    (doc({"start": t("06:00"), "end": "yesterday", "activity": "driving"}),
     "activities[0].end: not an ISO 8601 time: 'yesterday'"),
    (doc({"start": t("06:00"), "end": "2026-02-30T07:00:00Z", "activity": "driving"}),
     "activities[0].end: date or time out of range: '2026-02-30T07:00:00Z'"),
    (doc(act("08:00", "09:00", "driving"), act("06:00", "07:00", "break_rest")),
     "activities[1]: starts before activities[0] (intervals out of order)"),
    (doc(act("06:00", "07:00", "driving"), act("06:00", "06:00", "break_rest")),
     "activities[1]: starts before the end of activities[0] (overlap)"),
    (doc({"end": t("07:00"), "activity": "driving"}), "activities[0]: missing 'start'"),
    (doc({"start": t("06:00"), "activity": "driving"}), "activities[0]: missing 'end'"),
    (doc({"start": t("06:00"), "end": t("07:00")}), "activities[0]: missing 'activity'"),
    (doc("driving"), "activities[0]: expected an object with start and end, got a string"),
    (doc(act("06:00", "07:00", "break_rest", vehicle_moving="yes")),
     "activities[0].vehicle_moving: expected true or false, got 'yes'"),
    ({"crew": "single"}, "activities: missing"),
    ({"crew": "single", "activities": {}}, "activities: expected a list, got an object"),
    ({"crew": "single", "activities": []}, "activities: empty list (nothing to check)"),
    ({"activities": []}, "crew: missing (expected 'single' or 'multi')"),
    (doc(act("06:00", "07:00", "driving"), crew="solo"),
     "crew: expected 'single' or 'multi', got 'solo'"),
    (doc(act("06:00", "07:00", "driving"), crew=2),
     "crew: expected 'single' or 'multi', got 2"),
    ([], "activity list: expected a JSON object, got a list"),
    (doc(act("06:00", "07:00", "driving"), evaluate_at="2026-03-02T12:00"),
     "evaluate_at: time without a zone (add Z for UTC): '2026-03-02T12:00'"),
    (doc(act("06:00", "07:00", "driving"), context=[]),
     "context: expected an object, got a list"),
    (doc(act("06:00", "07:00", "driving"), context={"transport": "freight"}),
     "context.transport: expected 'goods' or 'passengers', got 'freight'"),
    (doc(act("06:00", "07:00", "driving"), context={"twelve_day_derogation": 1}),
     "context.twelve_day_derogation: expected true or false, got 1"),
    (doc(act("06:00", "07:00", "driving"),
         context={"international_two_reduced_weekly_rests": "true"}),
     "context.international_two_reduced_weekly_rests: expected true or false, got 'true'"),
    (doc(act("06:00", "07:00", "driving"), context={"local_offset_min": 1.5}),
     "context.local_offset_min: expected whole minutes from -1439 to 1439, got 1.5"),
    (doc(act("06:00", "07:00", "driving"), context={"local_offset_min": 1440}),
     "context.local_offset_min: expected whole minutes from -1439 to 1439, got 1440"),
    (doc(act("06:00", "07:00", "driving"), context={"ferry_train": {"start": t("06:00")}}),
     "context.ferry_train: expected a list of intervals, got an object"),
    (doc(act("06:00", "07:00", "driving"),
         context={"ferry_train": [{"start": t("06:00"), "end": "2026-03-02T07:00:00"}]}),
     "context.ferry_train[0].end: time without a zone (add Z for UTC): '2026-03-02T07:00:00'"),
    (doc(act("06:00", "07:00", "driving"),
         context={"ferry_train": [{"start": t("06:00"), "end": t("07:00"),
                                   "sleeper_access": "yes"}]}),
     "context.ferry_train[0].sleeper_access: expected true or false, got 'yes'"),
    (doc(act("06:00", "07:00", "driving"),
         context={"out_of_scope": [{"start": t("06:00"), "end": t("07:00")},
                                   {"end": t("09:00")}]}),
     "context.out_of_scope[1]: missing 'start'"),
    (doc(act("06:00", "07:00", "driving"),
         context={"out_of_scope": [{"start": t("08:00"), "end": t("07:00")}]}),
     "context.out_of_scope[0]: end before start (2026-03-02T07:00:00Z < 2026-03-02T08:00:00Z)"),
    (doc(act("06:00", "07:00", "driving"), context={"out_of_scope": [None]}),
     "context.out_of_scope[0]: expected an object with start and end, got null"),
])
def test_refusals_name_the_entry(data, message):
    assert error(data) == message


def test_the_error_is_a_value_error():
    assert issubclass(ActivityListError, ValueError)


# -- the timeline --

def test_a_gap_is_unknown():
    got = parse(doc(act("06:00", "07:00", "driving"), act("07:20", "08:00", "other_work")))
    assert got.intervals == [(m("06:00"), m("07:00"), D, 0), (m("07:00"), m("07:20"), U, 0),
                             (m("07:20"), m("08:00"), W, 0)]


def test_unknown_entries_merge_with_a_gap():
    got = parse(doc(act("06:00", "07:00", "driving"), act("07:00", "07:30", "unknown"),
                    act("08:00", "09:00", "availability")))
    assert got.intervals == [(m("06:00"), m("07:00"), D, 0), (m("07:00"), m("08:00"), U, 0),
                             (m("08:00"), m("09:00"), A, 0)]


def test_empty_intervals_are_dropped():
    got = parse(doc(act("06:00", "07:00", "driving"), act("07:00", "07:00", "break_rest"),
                    act("07:00", "08:00", "driving"), act("08:30", "08:30", "other_work"),
                    act("09:00", "10:00", "driving")))
    assert got.intervals == [(m("06:00"), m("08:00"), D, 0), (m("08:00"), m("09:00"), U, 0),
                             (m("09:00"), m("10:00"), D, 0)]


def test_adjacent_equal_entries_merge():
    got = parse(doc(act("06:00", "07:00", "driving"), act("07:00", "08:00", "driving")))
    assert got.intervals == [(m("06:00"), m("08:00"), D, 0)]


def test_evaluate_at_later_than_the_record_adds_unknown():
    got = parse(doc(act("06:00", "07:00", "driving"), evaluate_at=t("09:30")))
    assert got.intervals == [(m("06:00"), m("07:00"), D, 0), (m("07:00"), m("09:30"), U, 0)]
    assert got.evaluate_at == m("09:30")


def test_evaluate_at_within_the_record_adds_nothing():
    for at in ("06:30", "07:00"):
        got = parse(doc(act("06:00", "07:00", "driving"), evaluate_at=t(at)))
        assert got.intervals == [(m("06:00"), m("07:00"), D, 0)]
        assert got.evaluate_at == m(at)
    assert parse(doc(act("06:00", "07:00", "driving"), evaluate_at=None)).evaluate_at is None
    assert parse(doc(act("06:00", "07:00", "driving"))).evaluate_at is None


def test_evaluate_at_drops_its_seconds_in_a_minute_list():
    got = parse(doc(act("06:00", "07:00", "driving"), evaluate_at=t("08:00:45")))
    assert got.evaluate_at == m("08:00")
    assert got.intervals[-1] == (m("07:00"), m("08:00"), U, 0)


def test_times_with_an_offset_are_utc():
    got = parse(doc({"start": "2026-03-02T07:00:00+01:00", "end": "2026-03-02T08:00:00+01:00",
                     "activity": "driving"}))
    assert got.intervals == [(m("06:00"), m("07:00"), D, 0)]


def test_other_keys_are_ignored():
    got = parse(doc(act("06:00", "07:00", "driving", note="A9 Munich"), vehicle="AB-123",
                    context={"comment": "x"}))
    assert got.intervals == [(m("06:00"), m("07:00"), D, 0)]


def test_options():
    got = parse(doc(act("06:00", "07:00", "driving"), crew="multi",
                    context={"transport": "passengers",
                             "international_two_reduced_weekly_rests": True,
                             "twelve_day_derogation": True,
                             "occasional_international_single_service": True,
                             "local_offset_min": -120}))
    assert got.crew_multi is True
    assert got.transport == "passengers"
    assert got.two_reduced_weekly is True
    assert got.twelve_day is True
    assert got.occasional_international_single_service is True
    assert got.local_offset_min == -120
    assert "crew multi" in repr(got)


# -- flags --

def test_vehicle_moving_sets_the_moving_flag():
    got = parse(doc(act("06:00", "07:00", "break_rest", vehicle_moving=True),
                    act("07:00", "08:00", "break_rest", vehicle_moving=False)))
    assert got.intervals == [(m("06:00"), m("07:00"), B, FLAG_MOVING),
                             (m("07:00"), m("08:00"), B, 0)]


def test_ferry_with_sleeper_splits_intervals_and_flags_the_overlap():
    ferry = {"start": t("10:00"), "end": t("13:00"), "sleeper_access": True}
    got = parse(doc(act("06:00", "09:00", "driving"), act("09:00", "11:00", "other_work"),
                    act("11:00", "20:00", "break_rest"), context={"ferry_train": [ferry]}))
    assert got.intervals == [(m("06:00"), m("09:00"), D, 0),
                             (m("09:00"), m("10:00"), W, 0),
                             (m("10:00"), m("11:00"), W, FLAG_FERRY),
                             (m("11:00"), m("13:00"), B, FLAG_FERRY),
                             (m("13:00"), m("20:00"), B, 0)]


def test_ferry_without_sleeper_sets_no_flag():
    for extra in ({"sleeper_access": False}, {}):
        ferry = {"start": t("10:00"), "end": t("13:00")}
        ferry.update(extra)
        got = parse(doc(act("06:00", "20:00", "break_rest"), context={"ferry_train": [ferry]}))
        assert got.intervals == [(m("06:00"), m("20:00"), B, 0)]


def test_out_of_scope_and_overlapping_contexts():
    oos = [{"start": t("08:00"), "end": t("10:00")}, {"start": t("07:00"), "end": t("09:00")}]
    ferry = [{"start": t("09:30"), "end": t("11:00"), "sleeper_access": True}]
    got = parse(doc(act("06:00", "12:00", "driving"),
                    context={"out_of_scope": oos, "ferry_train": ferry}))
    assert got.intervals == [(m("06:00"), m("07:00"), D, 0),
                             (m("07:00"), m("09:30"), D, FLAG_OUT_OF_SCOPE),
                             (m("09:30"), m("10:00"), D, FLAG_OUT_OF_SCOPE | FLAG_FERRY),
                             (m("10:00"), m("11:00"), D, FLAG_FERRY),
                             (m("11:00"), m("12:00"), D, 0)]


def test_contexts_reach_gaps_and_the_evaluate_at_extension_but_not_beyond():
    ferry = [{"start": t("05:00"), "end": t("23:00"), "sleeper_access": True}]
    got = parse(doc(act("06:00", "07:00", "break_rest"), act("08:00", "09:00", "break_rest"),
                    evaluate_at=t("10:00"), context={"ferry_train": ferry}))
    assert got.intervals == [(m("06:00"), m("07:00"), B, FLAG_FERRY),
                             (m("07:00"), m("08:00"), U, FLAG_FERRY),
                             (m("08:00"), m("09:00"), B, FLAG_FERRY),
                             (m("09:00"), m("10:00"), U, FLAG_FERRY)]


def test_empty_context_intervals_and_null_context_keys_are_ignored():
    got = parse(doc(act("06:00", "07:00", "driving"),
                    context={"out_of_scope": [{"start": t("06:30"), "end": t("06:30")}],
                             "ferry_train": None, "transport": None}))
    assert got.intervals == [(m("06:00"), m("07:00"), D, 0)]
    assert got.transport == "goods"


def test_context_seconds_in_a_minute_list_round_to_the_nearer_minute():
    def flagged(start, end):
        oos = [{"start": t(start), "end": t(end)}]
        got = parse(doc(act("06:00", "08:00", "driving"), context={"out_of_scope": oos}))
        assert got.one_minute_rule is False
        return [iv[:2] for iv in got.intervals if iv[3]]
    assert flagged("06:10:30", "06:20:31") == [(m("06:10"), m("06:21"))]
    assert flagged("06:10:31", "06:20:30") == [(m("06:11"), m("06:20"))]


# -- seconds: the one-minute rule first --

def test_seconds_apply_the_one_minute_rule():
    got = parse(doc(act("06:00", "06:10:20", "driving"), act("06:10:20", "06:20", "break_rest")))
    assert got.one_minute_rule is True
    assert got.intervals == [(m("06:00"), m("06:10"), D, 0), (m("06:10"), m("06:20"), B, 0)]
    got = parse(doc(act("06:00", "06:10:40", "driving"), act("06:10:40", "06:20", "break_rest")))
    assert got.intervals == [(m("06:00"), m("06:11"), D, 0), (m("06:11"), m("06:20"), B, 0)]


def test_seconds_a_short_stop_between_driving_is_driving():
    # Annex IC req 051: the stop's minute lies between two driving minutes.
    got = parse(doc(act("06:00", "06:10:20", "driving"), act("06:10:20", "06:10:50", "break_rest"),
                    act("06:10:50", "07:00", "driving")))
    assert got.intervals == [(m("06:00"), m("07:00"), D, 0)]


def test_a_minute_list_is_not_reprocessed():
    # Without seconds the list is taken as a one-minute record already.
    got = parse(doc(act("06:00", "06:10", "driving"), act("06:10", "06:11", "break_rest"),
                    act("06:11", "07:00", "driving")))
    assert got.intervals == [(m("06:00"), m("06:10"), D, 0), (m("06:10"), m("06:11"), B, 0),
                             (m("06:11"), m("07:00"), D, 0)]


def test_seconds_gaps_flags_and_evaluate_at_go_through_the_rule():
    oos = [{"start": t("06:05:15"), "end": t("06:08:50")}]
    got = parse(doc(act("06:00:10", "06:03:40", "other_work"),
                    act("06:04:10", "06:09", "driving"),
                    evaluate_at=t("06:12:30"), context={"out_of_scope": oos}))
    assert got.evaluate_at == m("06:12")
    assert got.intervals == [
        (m("06:00"), m("06:04"), W, 0),                   # 06:03: 40 s work, 20 s unknown
        (m("06:04"), m("06:05"), D, 0),                   # 10 s unknown, 50 s driving
        (m("06:05"), m("06:09"), D, FLAG_OUT_OF_SCOPE),   # 06:05 and 06:08: mostly out of scope
        (m("06:09"), m("06:12"), U, 0)]


# -- property: a list means the same however its intervals are cut --

ACTIVITY_NAMES = ("break_rest", "availability", "other_work", "driving", "unknown")


def iso(second):
    """ISO text of an absolute second count."""
    return timeutil.format_minute(second // 60)[:-3] + "%02dZ" % (second % 60)


@st.composite
def activity_lists(draw):
    seconds = draw(st.booleans())
    scale = 1 if seconds else 60
    t0 = DAY * 60 + 6 * 3600 + (17 if seconds else 0)   # a second mark forces the rule
    steps = draw(st.lists(st.tuples(st.integers(0, 3) if seconds else st.just(0),
                                    st.integers(0, 400 if seconds else 30),
                                    st.sampled_from(ACTIVITY_NAMES), st.booleans()),
                          min_size=1, max_size=12))
    now = t0
    entries = []
    for gap, length, name, moving in steps:
        start = now + gap * scale * (draw(st.integers(1, 90)) if gap else 0)
        end = start + length * scale
        entry = {"start": start, "end": end, "activity": name}
        if moving:
            entry["vehicle_moving"] = True
        entries.append(entry)
        now = end
    span = max(now - t0, 1)
    context = {}
    for key in ("ferry_train", "out_of_scope"):
        spans = []
        for _ in range(draw(st.integers(0, 2))):
            a = t0 + draw(st.integers(-span // 4, span)) // scale * scale
            b = a + draw(st.integers(0, span)) // scale * scale
            spans.append({"start": iso(a), "end": iso(b), "sleeper_access": draw(st.booleans())})
        context[key] = spans
    data = {"crew": "single", "activities": entries, "context": context}
    if draw(st.booleans()):
        data["evaluate_at"] = iso(now + draw(st.integers(-span, span)) // 60 * 60)
    cut_at = draw(st.integers(0, len(entries) - 1))
    fraction = draw(st.integers(0, 1000))
    return data, cut_at, fraction, scale


def render(data):
    out = json.loads(json.dumps(data))
    for entry in out["activities"]:
        entry["start"], entry["end"] = iso(entry["start"]), iso(entry["end"])
    return out


@settings(max_examples=300, deadline=None)
@given(activity_lists())
def test_property_splitting_an_interval_never_changes_the_result(case):
    data, i, fraction, scale = case
    entry = data["activities"][i]
    length = (entry["end"] - entry["start"]) // scale
    cut = entry["start"] + length * fraction // 1000 * scale
    first, second = dict(entry), dict(entry)
    first["end"] = second["start"] = cut
    split = dict(data, activities=data["activities"][:i] + [first, second]
                 + data["activities"][i + 1:])
    whole, pieces = parse(render(data)), parse(render(split))
    assert pieces.intervals == whole.intervals
    assert pieces.evaluate_at == whole.evaluate_at
    assert pieces.one_minute_rule == whole.one_minute_rule
    # And the result is a contiguous, merged timeline.
    for prev, cur in zip(whole.intervals, whole.intervals[1:]):
        assert prev[1] == cur[0] and prev[2:] != cur[2:]
    assert all(iv[1] > iv[0] for iv in whole.intervals)
