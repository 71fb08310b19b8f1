# A Unit driven by a generated day of CAN frames and NMEA: every screen it shows renders, and its warning is the pictured one.
# SPDX-License-Identifier: MIT
"""The renderer against the screens a real :class:`drivetime.unit.Unit` produces."""

import os

import pytest
from PIL import Image

from drivetime.profiles import profile_by_name
from drivetime.unit import Show, Unit
from drivetime_pi import render
from signal_day import feed_unit, iter_day

SCREENS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           "docs", "screens")


def feed(unit, events):
    """Feed the events with a tick every second; :returns: the outputs and the last tick."""
    return feed_unit(unit, events)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_unit_day_screens_render_and_the_prewarning_is_the_pictured_one(lang):
    # A profile made stricter (4h30 -> 30 min) keeps the day short: driving from minute 1,
    # Annex IC req 184's pre-warning when 15 min are left, as docs/screens/warning_*.png shows it.
    events, _ = iter_day([("stop", 1), ("drive", 25, 60), ("stop", 3)], ccvs_hz=1, tco_hz=0,
                         rtc_error_s=0)
    unit = Unit({"lang": lang}, profile=profile_by_name("eu", {"continuous_driving_max": 30}))
    out, mono = feed(unit, events)
    shown = [o.screen for o in out if isinstance(o, Show)]
    for _ in range(7):                  # then every screen the mode button reaches
        unit.on_button(mono + 31000, "mode")
        shown.extend(o.screen for o in unit.tick(mono + 31000) if isinstance(o, Show))
    assert {s.name for s in shown} >= {"main", "warning", "week", "rest", "allowed", "faults",
                                       "mydata", "menu"}
    for screen in shown:
        assert render.screen_image(screen).size == (128, 64)
        assert len(render.terminal_render(screen).split("\n")) == 10
    pre = [s for s in shown if s.name == "warning"][0]
    with Image.open(os.path.join(SCREENS_DIR, "warning_%s.png" % lang)) as pictured:
        assert render.screen_image(pre).tobytes() == pictured.convert("1").tobytes()
