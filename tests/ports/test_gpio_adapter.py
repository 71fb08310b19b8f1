# GPIO panel: one contract suite over gpiozero's mock pin factory and the fake panel.
# SPDX-License-Identifier: MIT
"""Every panel keeps the same promises (STYLE.md habit 4): a press comes out
once, named and stamped with the mono clock of the moment it happened;
LEDs follow :meth:`led`; the buzzer plays the unit's on/off pattern on the
loop's clock and falls silent at its end. The gpiozero rig presses by
driving the mock pin low (the button closes to ground against the pull-up)
and reads the LED and buzzer pins' states.
"""

import pytest

from drivetime.unit import BUTTONS, BUZZ_LIMIT
from drivetime_pi import AdapterError
from drivetime_pi.gpio_adapter import FakePanel, Panel

BUTTON_PINS = {"mode": 5, "activity": 6, "ack": 13, "crew": 19, "ferry": 26,
               "out_of_scope": 16, "day": 20}
LED_PINS = {"warning": 17, "driving": 27, "fault": 22}
BUZZER_PIN = 18


class GpiozeroRig:
    def __init__(self, clock, factory):
        self.factory = factory
        self.panel = Panel(clock.mono_ms, BUTTON_PINS, LED_PINS, BUZZER_PIN)

    def press(self, name):
        pin = self.factory.pin(BUTTON_PINS[name])
        pin.drive_low()                 # closed to ground: pressed
        pin.drive_high()                # released

    def lit(self, name):
        return self.factory.pin(LED_PINS[name]).state

    def buzzing(self):
        return self.factory.pin(BUZZER_PIN).state


class FakeRig:
    def __init__(self, clock):
        self.panel = FakePanel(clock.mono_ms)

    def press(self, name):
        self.panel.press(name)

    def lit(self, name):
        return self.panel.lit[name]

    def buzzing(self):
        return self.panel.buzzing


@pytest.fixture(params=["gpiozero", "fake"])
def rig(request, clock, mock_pins):
    made = GpiozeroRig(clock, mock_pins) if request.param == "gpiozero" else FakeRig(clock)
    yield made
    made.panel.close()


def test_each_button_press_comes_out_once_with_its_time(rig, clock):
    for name in BUTTONS:
        clock.advance(700)
        rig.press(name)
    got = rig.panel.presses()
    assert [n for _, n in got] == list(BUTTONS)
    assert [t for t, _ in got] == [1000 + 700 * (i + 1) for i in range(len(BUTTONS))]
    assert rig.panel.presses() == []


def test_a_held_button_is_one_press(rig, mock_pins):
    if isinstance(rig, GpiozeroRig):
        pin = mock_pins.pin(BUTTON_PINS["ack"])
        pin.drive_low()
        pin.drive_low()                 # still held: no new edge
        pin.drive_high()
    else:
        rig.press("ack")
    assert [n for _, n in rig.panel.presses()] == ["ack"]


def test_leds_follow_the_unit(rig):
    assert not any(rig.lit(n) for n in LED_PINS)
    rig.panel.led("warning", True)
    rig.panel.led("fault", True)
    assert (rig.lit("warning"), rig.lit("driving"), rig.lit("fault")) == (True, False, True)
    rig.panel.led("warning", False)
    assert not rig.lit("warning")


def test_the_buzzer_plays_the_limit_pattern_on_the_loop_clock(rig):
    # BUZZ_LIMIT: on 500, off 200, on 500, off 200, on 500 -> on at 0-500, 700-1200, 1400-1900
    rig.panel.buzz(BUZZ_LIMIT, 10000)
    heard = {}
    for t in range(10000, 12100, 100):
        rig.panel.update(t)
        heard[t - 10000] = rig.buzzing()
    on = sorted(t for t, b in heard.items() if b)
    assert on == [0, 100, 200, 300, 400, 700, 800, 900, 1000, 1100, 1400, 1500, 1600, 1700, 1800]
    assert not rig.buzzing()


def test_a_new_pattern_replaces_the_one_playing(rig):
    rig.panel.buzz((5000,), 0)
    rig.panel.update(1000)
    assert rig.buzzing()
    rig.panel.buzz((200,), 1000)        # a short pre-warning beep cuts the long one
    rig.panel.update(1300)
    assert not rig.buzzing()


def test_a_pin_used_twice_is_an_adapter_error(clock, mock_pins):
    with pytest.raises(AdapterError) as caught:
        Panel(clock.mono_ms, {"mode": 5}, {"warning": 5})
    assert caught.value.source == "gpio"
    # the button made before the failure was released: the pin is free again
    Panel(clock.mono_ms, {"mode": 5}).close()


def test_unconfigured_leds_and_buzzer_are_ignored(clock, mock_pins):
    panel = Panel(clock.mono_ms, {"mode": 5})
    panel.led("warning", True)
    panel.buzz((100,), 0)
    panel.update(50)
    panel.close()
    panel.close()
