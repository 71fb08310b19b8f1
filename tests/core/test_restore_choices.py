# Tests of the unit's choices and settings restored from its journal at boot (drivetime.restore).
# SPDX-License-Identifier: MIT
"""Language, buzzer, crew, driver, ferry, the stop's activity and the
office's settings come back after a power cycle; a port setting changed
since the last power-up wins (plain asserts, both interpreters)."""

from restore_cab import T, Cab

from drivetime.activity import BREAK_REST, DRIVING, FLAG_FERRY, OTHER_WORK


def test_the_first_activity_after_a_restore_is_journalled_again():
    # The office ends the open activity at each power-up (host_tools.analysis.walk),
    # so the unit must journal the activity it records next even if unchanged.
    cab = Cab()
    cab.boot(T)
    cab.record(T, T + 60, OTHER_WORK)
    cab.off()
    cab.boot(T + 70)
    before = cab.journal.writer.seq
    cab.record(T + 70, T + 80, OTHER_WORK)
    assert cab.journal.writer.seq > before
    cab.off()
    from drivetime.export import from_journal
    assert from_journal(cab.storage) == [(T, T + 60, "other_work", 0), (T + 70, T + 80, "other_work", 0)]


def test_the_drivers_choices_and_the_office_settings_are_restored():
    cab = Cab()
    u = cab.boot(T)
    cab.record(T, T + 10, OTHER_WORK)
    assert u.apply_config({"lang": "de", "buzzer": False, "stop_activity": "break_rest",
                           "countries": ["D", "NL"], "local_offset_min": 60}) == []
    u.toggle_crew()
    u.on_button(cab.mono(T + 10), "ferry")
    u.select(cab.mono(T + 10), OTHER_WORK)
    u.set_driver("DF7", "Max", cab.mono(T + 10))
    cab.take(u.tick(cab.mono(T + 10)))
    cab.off()
    u = v = None
    v = cab.boot(T + 20)
    s = v.settings
    assert (s["lang"], s["buzzer"], s["stop_activity"], s["countries"], s["local_offset_min"]) == \
        ("de", False, BREAK_REST, ("D", "NL"), 60)
    assert s["crew"] == "multi" and v.engine.crew_multi and v.engine.local_offset_min == 60
    assert (s["driver_card"], s["driver_name"]) == ("DF7", "Max")
    assert v.flags == FLAG_FERRY and v._standing == OTHER_WORK
    # The power-up journalled what was restored, so the office sees the same.
    v = s = None
    s = cab.boot(T + 30).settings
    assert s["crew"] == "multi" and s["driver_card"] == "DF7"


def test_a_changed_port_setting_wins_over_the_journal():
    # The installer changed the port's crew and card since the last power-up
    # journalled them: the port's configuration is the newer word.
    cab = Cab(driver_card="A1", driver_name="Anna")
    cab.boot(T)
    cab.record(T, T + 100, DRIVING)
    cab.off()
    u = cab.boot(T + 200, crew="multi", driver_card="B2", driver_name="Ben")
    assert u.settings["crew"] == "multi" and u.settings["driver_card"] == "B2"
    # Anna's driving is not Ben's: his record starts empty (only the driver's own time).
    assert len(u.ring) == 0 and u.status["daily_driving_min"] == 0
    cab.record(T + 200, T + 230, DRIVING)
    cab.off()
    u = None
    u = cab.boot(T + 240, crew="multi", driver_card="B2", driver_name="Ben")
    assert list(u.ring) == [(T + 200, T + 230, DRIVING, 0)]
