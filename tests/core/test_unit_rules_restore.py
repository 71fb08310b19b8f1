# Tests of the unit's rule settings over a reboot: the office's values restored, an installer's edit wins.
# SPDX-License-Identifier: MIT
"""The rule settings (drivetime.unit_port, drivetime.unit_rules) come back
from the journal at boot, as the driver and the crew do
(test_restore_choices.py). Plain asserts, both interpreters; a module of its
own: the restore's stack and the unit fill MicroPython's 192K heap."""

import gc
import sys

from restore_cab import Cab, T  # noqa: E402  (the unit and the journal first: a small heap)

gc.collect()
T0 = T - 6 * 60     # Monday 2026-03-02 00:00Z
COACH = {"transport": "passengers", "twelve_day": True}


def test_a_unit_on_the_defaults_restores_without_the_rule_settings_module():
    # Most units: nothing journalled about the rules, nothing to load at boot.
    sys.modules.pop("drivetime.unit_rules", None)    # (another test module's, under pytest)
    cab = Cab()
    u = cab.boot(T0)
    assert u.apply_config({"buzzer": False}) == []
    cab.take(u.tick(0))
    cab.off()
    u = cab.boot(T0 + 60)
    assert u.settings["buzzer"] is False and not u.engine.twelve_day
    assert "drivetime.unit_rules" not in sys.modules


def test_the_rule_settings_come_back_after_a_reboot():
    # The office turns the 12-day derogation on; ignition off; the unit boots
    # with the port's (default) settings and restores the office's.
    import drivetime.unit_rules  # noqa: F401  (before a unit: a small heap)
    gc.collect()
    cab = Cab()
    u = cab.boot(T0)
    assert u.apply_config({"transport": "passengers", "twelve_day": True}) == []
    cab.take(u.tick(0))
    cab.off()
    u = None
    u = cab.boot(T0 + 60)
    assert (u.settings["transport"], u.settings["twelve_day"]) == ("passengers", True)
    assert u.engine.twelve_day
    # the power-up journalled the port's values, then those in force; again:
    cab.off()
    u = None
    u = cab.boot(T0 + 120)
    assert u.engine.twelve_day
    cab.off()
    u = cab = None
    gc.collect()
    # A unit configured for the tour (the port's settings, journalled at
    # power-up); after it the installer turns the 12-day derogation off:
    # the port's value changed since the last power-up, so it wins.
    cab = Cab(**COACH)
    assert cab.boot(T0).engine.twelve_day
    cab.off()
    u = None
    u = cab.boot(T0 + 60, twelve_day=False)
    assert not u.engine.twelve_day and u.settings["transport"] == "passengers"
    cab.off()
    u = None
    u = cab.boot(T0 + 120, twelve_day=False)
    assert not u.engine.twelve_day
