# Tests of the office's per-driver analysis: cards in units, drivers changing trucks, no-card driving.
# SPDX-License-Identifier: MIT
"""host_tools.analysis (issue 6): journals built with the unit's own encoder
(drivetime.journal.Writer), imported through host_tools.office, then read
back through the Store helpers the report uses.  Expected values are worked
out by hand from RULES.md in the comments."""

from drivetime import timeutil
from drivetime.journal import Writer
from host_tools import analysis, office
from host_tools.store import NO_CARD, Store

KEYS = {"U1": bytes(range(32)), "U2": bytes(range(1, 33)), "U3": bytes(range(2, 34))}
T0 = timeutil.parse_iso("2026-03-02T06:00:00Z")[0]       # Monday 06:00Z
DAY = 1440


def shift(writer, card, t, plan, name=None):
    """One spell of a card in a unit: power on, driver, start position, the plan
    ``[(activity, minutes)]`` back to back, end position, power off; START first, SEAL last."""
    out = writer.start()
    out += writer.record("power", t, {"on": True})
    if card is not None:
        out += writer.record("driver", t, {"card": card, "name": name or "Driver " + card})
    out += writer.record("position", t, {"lat": 31422, "lon": 2937, "reason": "start"})
    for activity, minutes in plan:
        out += writer.record("activity", t, {"start": t, "activity": activity, "flags": 0})
        t += minutes
    out += writer.record("position", t, {"lat": 31500, "lon": 3000, "reason": "end"})
    out += writer.record("power", t, {"on": False})
    return out + writer.seal()


def load(store, unit_id, data, source="d.bin"):
    return office.import_download(store, unit_id, data, KEYS[unit_id], source)


def found(store, **query):
    return [(r["rule"], r["driver_id"], r["unit_id"], r["start"] - T0, r["measured_min"], r["limit_min"])
            for r in store.infringements_for(**query)]


LAWFUL = [("driving", 240), ("break_rest", 45), ("driving", 180)]      # 7 h driving, Art 7 break in time


def test_two_drivers_sharing_two_units_are_judged_each_on_their_own_time():
    # Monday A drives U1, B drives U2; Tuesday they swap.  A's Tuesday on U2:
    # 300 min of driving with no break: Art 7 (270), at_or_after = the first
    # minute beyond 270 = Tue 06:00 + 270 min, on U2; measured 300 (RULES.md §3.1).
    store = Store()
    w1, w2 = Writer(KEYS["U1"]), Writer(KEYS["U2"])
    u1 = shift(w1, "A", T0, LAWFUL) + shift(w1, "B", T0 + DAY, LAWFUL)
    u2 = shift(w2, "B", T0 + 60, LAWFUL) + \
        shift(w2, "A", T0 + DAY, [("driving", 300), ("break_rest", 45), ("driving", 30)])
    load(store, "U1", u1)
    load(store, "U2", u2)
    assert store.driver_ids() == ["A", "B"]
    assert found(store, driver_id="A") == [("continuous_driving", "A", "U2", DAY + 270, 300, 270)]
    assert found(store, driver_id="B") == []
    assert found(store) == found(store, driver_id="A")
    # each driver's intervals come from both units and never from the other driver
    a = store.intervals_for(driver_id="A")
    assert {r["unit_id"] for r in a} == {"U1", "U2"} and {r["driver_id"] for r in a} == {"A"}
    assert sum(r["end"] - r["start"] for r in a if r["activity"] == "driving") == 420 + 330
    b = store.intervals_for(driver_id="B", unit_id="U2")
    assert [(r["start"] - T0, r["end"] - T0, r["activity"]) for r in b] == [
        (60, 300, "driving"), (300, 345, "break_rest"), (345, 525, "driving")]
    # the period filter keeps intervals overlapping [start, end)
    tue = store.intervals_for(driver_id="A", start=T0 + DAY, end=T0 + 2 * DAY)
    assert [r["unit_id"] for r in tue] == ["U2"] * 3


def test_a_driver_changing_trucks_is_judged_on_both_units_data():
    # X drives U1 06:00-09:00 (180), walks to U2, drives 09:10-11:00 (110): the
    # 10 min between count for nothing (a pause under 15 min, RULES.md §3.1), so
    # the driving period holds 290 min > 270: Art 7, at_or_after = 09:10 + 90 min
    # = 10:40 on U2.  Neither unit alone shows it (180 and 110 min).
    for order in (("U1", "U2"), ("U2", "U1")):
        store = Store()
        data = {"U1": shift(Writer(KEYS["U1"]), "X", T0, [("driving", 180)]),
                "U2": shift(Writer(KEYS["U2"]), "X", T0 + 190,
                            [("driving", 110), ("break_rest", 45), ("driving", 60)])}
        load(store, order[0], data[order[0]])
        assert found(store, driver_id="X") == []
        load(store, order[1], data[order[1]])
        assert found(store, driver_id="X") == [("continuous_driving", "X", "U2", 280, 290, 270)]


def test_a_download_that_does_not_touch_a_driver_keeps_his_verdict():
    store = Store()
    w1, w2 = Writer(KEYS["U1"]), Writer(KEYS["U2"])
    load(store, "U2", shift(w2, "A", T0, [("driving", 300), ("break_rest", 45)]))
    load(store, "U1", shift(w1, "B", T0, LAWFUL))
    # A was not on U1: his Art 7 finding (300 > 270) stays as it was
    assert found(store, driver_id="A") == [("continuous_driving", "A", "U2", 270, 300, 270)]
    # U2's next download (B on Tuesday) re-analyses B only; A's verdict is kept
    load(store, "U2", shift(w2, "B", T0 + DAY, LAWFUL))
    assert [r[0] for r in found(store, driver_id="A")] == ["continuous_driving"]
    assert found(store, driver_id="B") == []


def test_driving_with_no_card_is_a_finding_of_its_own():
    # U3: power on with card "" (no card), 60 min driving, power off; then power
    # on with no driver record at all, 30 min driving; then card C, lawful.
    # Each no-card stretch is one finding (measured = its minutes), no driver.
    store = Store()
    w = Writer(KEYS["U3"])
    data = shift(w, "", T0, [("driving", 60)]) + shift(w, None, T0 + 120, [("driving", 30)]) + \
        shift(w, "C", T0 + 240, [("driving", 120)])
    load(store, "U3", data)
    assert found(store) == [("driving_without_card", None, "U3", 0, 60, 0),
                            ("driving_without_card", None, "U3", 120, 30, 0)]
    assert found(store, driver_id=NO_CARD) == found(store)[:2]
    assert found(store, driver_id="C") == []
    assert store.driver_ids() == ["C"]         # "" is no driver
    nocard = store.intervals_for(driver_id=NO_CARD)
    assert [(r["start"] - T0, r["end"] - T0) for r in nocard] == [(0, 60), (120, 150)]
    assert [(r["start"] - T0, r["driver_id"]) for r in store.intervals_for(driver_id="C")] == [(240, "C")]


def _ev(seq, kind, minute, **fields):
    return {"seq": seq, "kind": kind, "minute": minute, "fields": fields}


def test_a_card_change_splits_the_open_activity_and_a_manual_entry_belongs_to_its_maker():
    # A drives from 06:00; at 08:00 B's card goes in without the activity
    # changing; B then enters a break 05:00-06:00 by hand (before the unit's
    # first record), which is B's, and power off at 09:00.
    events = [_ev(1, "power", T0, on=True), _ev(2, "driver", T0, card="A", name="A"),
              _ev(3, "activity", T0, start=T0, activity="driving", flags=0),
              _ev(4, "driver", T0 + 120, card="B", name="B"),
              _ev(5, "crew", T0 + 150, crew="multi"),
              _ev(6, "manual", T0 + 160, start=T0 - 60, end=T0, activity="break_rest"),
              _ev(7, "power", T0 + 180, on=False)]
    intervals, who, state = analysis.walk(events)
    assert [(s - T0, e - T0, a, src, d, c) for s, e, a, _f, src, _q, d, c in intervals] == [
        (-60, 0, "break_rest", "manual", "B", "multi"),
        (0, 120, "driving", "recorded", "A", "single"),
        (120, 150, "driving", "recorded", "B", "single"),
        (150, 180, "driving", "recorded", "B", "multi")]
    assert [who[s] for s in range(1, 8)] == [None, "A", "A", "B", "B", "B", None]
    assert state["driver"] is None and state["open"] is None


def test_a_power_up_after_a_cut_closes_the_activity_at_the_last_record():
    # no clean stop was journalled: the driving that was open ends with the last
    # record before the outage (07:00), not when the unit came back (10:00)
    events = [_ev(1, "driver", T0, card="A", name="A"),
              _ev(2, "activity", T0, start=T0, activity="driving", flags=0),
              _ev(3, "position", T0 + 60, lat=0, lon=0, reason="3h"),
              _ev(4, "power", T0 + 240, on=True)]
    assert [(s - T0, e - T0) for s, e, *_rest in analysis.walk(events)[0]] == [(0, 60)]


def _rows(plan, crews, t=T0):
    rows = []
    for (activity, minutes), crew in zip(plan, crews):
        rows.append({"start": t, "end": t + minutes, "activity": activity, "flags": 0,
                     "unit_id": "U1", "crew": crew})
        t += minutes
    return rows


def test_multi_manning_only_when_all_his_driving_was_multi():
    # 06:00 drive 240, break 45, drive 180 (to 13:45), rest 7 h (to 20:45), drive 60.
    # Single crew: W = [06:00, +24 h), reductions left so Rreq = 9 h: at_or_after =
    # the first work minute at or after 06:00 + 24 h - 9 h = 21:00 (RULES.md §3.4).
    # Multi-manned (Art 8(5)): 9 h within 30 h, due by 06:00 + 30 h - 9 h = 03:00
    # next day: not yet proven when the data ends at 21:45.
    plan = [("driving", 240), ("break_rest", 45), ("driving", 180), ("break_rest", 420), ("driving", 60)]
    single = analysis.analyse_driver(_rows(plan, ["single"] * 5))
    assert [(i.rule, i.start - T0) for i, _u in single] == [("daily_rest", 15 * 60)]
    multi = analysis.analyse_driver(_rows(plan, ["multi"] * 5))
    assert [i.rule for i, _u in multi if "rest" in i.rule] == []
    # multi for part of his driving only: judged as single crew (the stricter side)
    mixed = analysis.analyse_driver(_rows(plan, ["multi", "multi", "multi", "multi", "single"]))
    assert [(i.rule, i.start - T0) for i, _u in mixed] == [("daily_rest", 15 * 60)]


def test_overlapping_claims_keep_the_activity_that_counts_more():
    # the same card in two units at once (a configuration left behind): where
    # they overlap, driving beats a break, so a conflict cannot hide driving
    rows = [{"start": 0, "end": 100, "activity": "break_rest", "flags": 0, "unit_id": "U1", "crew": "single"},
            {"start": 50, "end": 80, "activity": "driving", "flags": 0, "unit_id": "U2", "crew": "single"}]
    assert analysis.merge(rows) == [(0, 50, "break_rest", 0, "U1", "single"),
                                    (50, 80, "driving", 0, "U2", "single"),
                                    (80, 100, "break_rest", 0, "U1", "single")]


def test_refresh_derives_rows_stored_before_the_per_driver_analysis_again():
    # rows derived before migration 0005 carry no driver: refresh() attributes
    # them from the stored records and judges each driver again
    store = Store()
    w1, w2 = Writer(KEYS["U1"]), Writer(KEYS["U2"])
    load(store, "U1", shift(w1, "X", T0, [("driving", 180)]))
    load(store, "U2", shift(w2, "X", T0 + 190, [("driving", 110), ("break_rest", 45)]))
    before = (store.intervals_for(), store.positions_for(), found(store))
    for table in ("activity_intervals", "events", "positions"):
        store.db.execute("update %s set driver_id = null" % table)
    store.db.execute("update infringements set driver_id = null, rule = 'stale'")
    analysis.refresh(store)
    assert (store.intervals_for(), store.positions_for(), found(store)) == before
    assert found(store) == [("continuous_driving", "X", "U2", 280, 290, 270)]   # as worked out above


def test_refresh_adds_cards_missing_from_the_drivers_table_and_judges_them():
    # a card seen in the records but not in the drivers table (a database
    # derived by an older analysis): refresh() must add it (name and first
    # minute from its first driver record) and judge it like any other.
    # X drives 180 min on U1 from T0, then 110 min on U2 from T0+190 after a
    # 10 min gap (no qualifying break, Art 7 needs 45 or 15+30): 290 min, the
    # 270th reached at T0+190+90 = T0+280 (RULES.md §3.1), as in the test above.
    store = Store()
    w1, w2 = Writer(KEYS["U1"]), Writer(KEYS["U2"])
    load(store, "U1", shift(w1, "X", T0, [("driving", 180)]))
    load(store, "U2", shift(w2, "X", T0 + 190, [("driving", 110), ("break_rest", 45)]))
    store.db.execute("delete from drivers")
    store.db.execute("delete from infringements")
    analysis.refresh(store)
    assert store.driver_ids() == ["X"]
    row = store.driver("X")
    assert (row["name"], row["first_seen_minute"]) == ("Driver X", T0)
    assert found(store) == [("continuous_driving", "X", "U2", 280, 290, 270)]
