# Tests of the driver's warnings (Annex IC req 184-190): levels, display time, acknowledgement, suppression.
# SPDX-License-Identifier: MIT
"""WarningCentre on its own: minutes left in, warnings out (plain asserts, both interpreters)."""

from drivetime.warnings import CODES, MIN_VISIBLE_MS, PRE_MIN, WarningCentre, level_of


def test_levels_15_minutes_before_and_at_the_limit():
    # req 184: 15 min before and at the time of exceeding 4h30: left 16 nothing, 15 "pre", 0 "limit".
    assert PRE_MIN == 15 and MIN_VISIBLE_MS == 30000
    assert level_of(16) is None and level_of(15) == "pre" and level_of(1) == "pre"
    assert level_of(0) == "limit" and level_of(-3) == "limit" and level_of(None) is None


def test_a_warning_is_raised_once_per_level_and_rearmed_after_the_episode():
    c = WarningCentre()
    assert c.update(0, {"continuous_driving": 16}) == []
    new = c.update(1000, {"continuous_driving": 15})
    assert [(w.code, w.level, w.since_mono_ms, w.acknowledged) for w in new] == \
        [("continuous_driving", "pre", 1000, False)]
    assert c.update(2000, {"continuous_driving": 14}) == []          # same episode, same level
    new = c.update(3000, {"continuous_driving": 0})
    assert [(w.code, w.level) for w in new] == [("continuous_driving", "limit")]
    # The limit replaces the pre-warning of the same cause.
    assert [(w.code, w.level) for w in c.active] == [("continuous_driving", "limit")]
    c.acknowledge(4000)
    # A 45 min break gives 4h30 again: the episode ends, the acknowledged record goes.
    assert c.update(5000, {"continuous_driving": 270}) == [] and c.active == []
    assert len(c.update(6000, {"continuous_driving": 15})) == 1       # re-armed


def test_visible_for_30_s_unless_a_key_is_pressed():
    c = WarningCentre()
    w = c.update(10000, {"daily_driving": 10})[0]
    assert c.popup(10000 + 29999) == w          # req 188: at least 30 s
    assert c.popup(10000 + 30000) is None
    assert c.cause() == w                       # req 189: the cause stays until acknowledged
    c2 = WarningCentre()
    c2.update(0, {"daily_driving": 10})
    assert c2.dismiss(5000) is True             # any key: the first acknowledgement
    assert c2.popup(5001) is None and c2.cause() is not None
    assert c2.dismiss(6000) is False            # nothing left to dismiss


def test_the_cause_goes_only_when_acknowledged_newest_first():
    c = WarningCentre()
    c.update(0, {"daily_driving": 10})
    c.update(60000, {"daily_driving": 9, "weekly_driving": 12})
    assert c.cause().code == "weekly_driving"
    assert c.acknowledge(70000).code == "weekly_driving"
    assert c.cause().code == "daily_driving"
    assert c.acknowledge(71000).code == "daily_driving"
    assert c.cause() is None and c.acknowledge(72000) is None
    assert all(w.acknowledged for w in c.active)


def test_out_of_scope_suppresses_only_the_continuous_driving_warnings():
    c = WarningCentre()
    new = c.update(0, {"continuous_driving": 0, "daily_driving": 0}, out_of_scope=True)
    assert [w.code for w in new] == ["daily_driving"]
    # Back in scope with the limit still reached: now it warns.
    assert [w.code for w in c.update(1000, {"continuous_driving": 0})] == ["continuous_driving"]


def test_no_pre_warning_during_a_rest_but_an_urgent_one_comes():
    c = WarningCentre()
    assert c.update(0, {"weekly_driving": 10}, resting=True) == []
    assert [w.level for w in c.update(1000, {"fortnightly_driving": 0}, resting=True)] == ["limit"]
    # When the rest ends the pre-warning, still due, is given.
    assert [w.code for w in c.update(2000, {"weekly_driving": 10})] == ["weekly_driving"]


def test_every_code_can_warn():
    c = WarningCentre()
    new = c.update(0, dict((code, 5) for code in CODES))
    assert sorted(w.code for w in new) == sorted(CODES)
