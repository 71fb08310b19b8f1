# Tests of the unit's rule settings: transport, 12-day derogation, two reduced weekly rests, WTD anchor, profile.
# SPDX-License-Identifier: MIT
"""The engine's options as unit settings (drivetime.unit_port): they reach
the engine, the office can change them, the journal keeps them over a
reboot (test_unit_rules_restore.py). Plain asserts, both interpreters.
Expected values worked by hand from RULES.md §§3.6-3.8; T0 is Monday
2026-03-02 00:00Z."""

import gc

from drivetime.unit import Log, Unit  # noqa: E402  (the unit first: a small heap)

gc.collect()
import drivetime.unit_rules  # noqa: E402, F401  (loaded by the settings below; early: less fragmentation)

gc.collect()
import drivetime.menu  # noqa: E402, F401  (the office's other settings, as restore_cab)

gc.collect()
from drivetime.activity import BREAK_REST, DRIVING, OTHER_WORK  # noqa: E402
from drivetime.timeutil import MIN_PER_DAY  # noqa: E402
from support import raises  # noqa: E402

gc.collect()
H = 60
T0 = 29540520 - 6 * H   # Monday 2026-03-02 00:00Z
COACH = {"transport": "passengers", "twelve_day": True}
SMALL = {"ring_capacity": 128}   # 15 days of 5 intervals; a small heap


def unit(settings=None):
    s = dict(SMALL)
    s.update(settings or {})
    return Unit(s)


def feed(u, intervals):
    for start, end, activity in intervals:
        mono = (end - T0) * 60000
        u.on_record(mono, start, end, activity)
        u.tick(mono)            # (its outputs dropped: a small heap)


def coach_tour(days):
    """A 54 h regular weekly rest (Mon 00:00 -> Wed d2 06:00), then ``days``
    days of 4 h driving, 45 min break, 4 h driving from 06:00 (daily rest
    15h15 to the next 06:00). 8 h a day: 40 h in the week of Mar 2, 32 h in
    the next four days, never near 9 h a day, 56 h a week or 90 h."""
    out = [(T0, T0 + 54 * H, BREAK_REST)]
    day = T0 + 54 * H
    for _ in range(days):
        out += [(day, day + 240, DRIVING), (day + 240, day + 285, BREAK_REST),
                (day + 285, day + 525, DRIVING), (day + 525, day + MIN_PER_DAY, BREAK_REST)]
        day += MIN_PER_DAY
    return out


def codes(u):
    return [(w.code, w.level) for w in u.warnings]


def test_a_coach_driver_on_a_12_day_tour_may_postpone_the_weekly_rest():
    # The last weekly rest ended Wed 2026-03-04 06:00 (WR end). Art 8(6): the
    # next one starts at the end of six 24 h periods, WR end + 144 h = Tue
    # 2026-03-10 06:00; after 7 days of driving (Wed 2026-03-11 06:00) it is
    # a day late: the weekly_rest breach (still open) and its warning.
    wr_end = T0 + 54 * H
    u = unit()
    feed(u, coach_tour(7))
    assert u.status["weekly_rest_latest_start"] == wr_end + 144 * H
    assert [(i.rule, i.start, i.final) for i in u.infringements] == [
        ("weekly_rest", wr_end + 144 * H, False)]
    assert ("weekly_rest", "limit") in codes(u)
    # Art 8(6a) (RULES.md §3.8): after a regular WR, up to 12 x 24 h: WR end
    # + 288 h = Mon 2026-03-16 06:00. The same days are no breach, no warning.
    u = None
    gc.collect()
    u = unit(COACH)
    assert u.engine.twelve_day and u.engine.transport == "passengers"
    feed(u, coach_tour(7))
    assert u.status["weekly_rest_latest_start"] == wr_end + 288 * H
    assert u.infringements == [] and codes(u) == []
    assert u.live["weekly_rest_latest_start"] == wr_end + 288 * H


def test_the_12_day_derogation_is_for_passenger_transport_and_needs_valid_values():
    # Art 8(6a): a passenger service only; Art 8(6) third subparagraph
    # (RULES.md §3.6(c)): international goods transport only; RULES.md §5:
    # the AETR has no two-consecutive-reduced derogation.
    assert raises(ValueError, Unit, {"twelve_day": True})
    assert raises(ValueError, Unit, {"transport": "passengers", "two_reduced_weekly": True})
    assert raises(ValueError, Unit, {"profile": "aetr", "two_reduced_weekly": True})
    assert raises(ValueError, Unit, {"transport": "coach"})
    assert raises(ValueError, Unit, {"twelve_day": "yes"})
    assert raises(ValueError, Unit, {"wtd_anchor_week": -1})
    assert raises(ValueError, Unit, {"profile": "eu+no_such_category"})
    u = unit({"profile": "aetr", "transport": "passengers", "twelve_day": True,
              "wtd_anchor_week": 2930})
    e = u.engine
    assert (e.profile["name"], e.twelve_day, e.wtd_anchor_week) == ("aetr", True, 2930)
    u = unit({"two_reduced_weekly": True})
    assert u.engine.two_reduced_weekly and u.engine.transport == "goods"


def two_reduced_weeks():
    """RULES.md §3.6(c), as test_rules_compensation: weeks of Mar 2 and Mar 9
    Mon-Sat 06:00-16:15 (4h30 driving, 45 min break, 2h30 driving, 2h30
    other work), each weekend 37h45 (Sat 16:15 -> Mon 06:00, reduced: 7h15
    owed each), then Monday Mar 16 the same shift."""
    out, at = [], T0
    for day in range(15):
        if day % 7 == 6:
            continue
        s = T0 + day * MIN_PER_DAY + 6 * H
        out += [(at, s, BREAK_REST), (s, s + 270, DRIVING), (s + 270, s + 315, BREAK_REST),
                (s + 315, s + 465, DRIVING), (s + 465, s + 615, OTHER_WORK)]
        at = s + 615
    return out


def test_two_reduced_weekly_rests_in_a_row_for_an_international_goods_driver():
    # Without the derogation two reduced WRs in two consecutive weeks break
    # the two-week rule (§3.6(b)); with it (goods, §3.6(c)) they do not, and
    # 7h15 + 7h15 = 14h30 is owed, before the next WR (Art 8(6b)).
    u = unit()
    feed(u, two_reduced_weeks())
    assert [i.rule for i in u.infringements] == ["weekly_rest"]
    u = None
    gc.collect()
    u = unit({"two_reduced_weekly": True})
    feed(u, two_reduced_weeks())
    assert u.infringements == []
    assert u.status["compensation_open_min"] == [14 * H + 30]


def logs(out, kind):
    return [o.fields for o in out if isinstance(o, Log) and o.kind == kind]


def test_the_office_sets_the_rule_settings_bad_ones_and_bad_combinations_refused():
    u = unit()
    feed(u, coach_tour(7))
    assert [i.rule for i in u.infringements] == ["weekly_rest"]   # as in the first test
    u.tick(0)
    # passengers with two reduced WRs do not go together: both refused,
    # nothing changes (a bad value is refused alone, the rest applies)
    assert sorted(u.apply_config({"transport": "passengers", "two_reduced_weekly": True})) == [
        "transport", "two_reduced_weekly"]
    assert sorted(u.apply_config({"twelve_day": 1, "wtd_anchor_week": "x", "lang": "de"})) == [
        "twelve_day", "wtd_anchor_week"]
    assert logs(u.tick(0), "config") == [{"key": "lang", "value": "de", "minute": u._now}]
    # the coach tour: the engine is rebuilt over the ring, the breach is gone
    assert u.apply_config({"transport": "passengers", "twelve_day": True}) == []
    assert [(f["key"], f["value"]) for f in logs(u.tick(0), "config")] == [
        ("transport", "passengers"), ("twelve_day", "True")]
    assert u.engine.twelve_day and u.infringements == []
    assert u.status["weekly_rest_latest_start"] == T0 + 54 * H + 288 * H
    assert u.apply_config({"profile": "nowhere"}) == ["profile"]
    assert u.apply_config({"profile": "aetr"}) == [] and u.engine.profile["name"] == "aetr"


def test_power_up_journals_the_rule_settings_only_when_not_the_defaults():
    u = unit()
    u.power(True, 0)
    assert logs(u.tick(0), "config") == []
    u = unit(COACH)
    u.power(True, 0)
    out = u.tick(0)
    assert [o.kind for o in out if isinstance(o, Log)][:8] == [
        "power", "driver", "crew", "config", "config", "config", "config", "config"]
    assert [(f["key"], f["value"]) for f in logs(out, "config")] == [
        ("profile", "eu"), ("transport", "passengers"), ("twelve_day", "True"),
        ("two_reduced_weekly", "False"), ("wtd_anchor_week", "0")]
