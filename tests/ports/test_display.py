# Displays: one contract suite over luma's dummy device, the terminal display and the fake.
# SPDX-License-Identifier: MIT
"""Every display keeps the same promises (STYLE.md habit 4): after
:meth:`show` it shows exactly that screen (the dummy device's image is the
renderer's image pixel for pixel; the terminal's last block is the
renderer's text box); a screen that does not fit 8 rows of 16 characters is
refused with ValueError; a failing device raises :class:`AdapterError`.
"""

import io

import pytest

from drivetime.dashboard import Screen
from drivetime_pi import AdapterError
from drivetime_pi import render
from drivetime_pi.display import FakeDisplay, OledDisplay, TerminalDisplay, open_display

MAIN = Screen("main", ("Driving    07:42", "Cont left  2:15", "Day left   5:30", "Break 0:45",
                       "at 09:57", "Week left 38:10", "", ""), (0,))
WARNING = Screen("warning", ("WARNING", "", "Break due", "now", "", "", "Press ACK", ""), (0, 2))


class DummyRig:
    def __init__(self):
        self.display = OledDisplay("dummy")

    def showing(self):
        return self.display.device.image

    def expected(self, screen):
        return render.screen_image(screen)

    def same(self, got, want):
        return got.mode == "1" and got.size == want.size and got.tobytes() == want.tobytes()

    def break_device(self):
        def fail(image):
            raise OSError(121, "Remote I/O error")      # an I2C NACK: the module came loose
        self.display.device.display = fail


class TerminalRig:
    def __init__(self):
        self.stream = io.StringIO()
        self.display = TerminalDisplay(self.stream)

    def showing(self):
        return self.stream.getvalue().rstrip("\n").split("\n")[-10:]     # the last box

    def expected(self, screen):
        return render.terminal_render(screen).split("\n")

    def same(self, got, want):
        return got == want

    def break_device(self):
        self.stream.close()


class FakeRig:
    def __init__(self):
        self.display = FakeDisplay()

    def showing(self):
        return self.display.shown[-1]

    def expected(self, screen):
        return screen

    def same(self, got, want):
        return got == want


@pytest.fixture(params=["dummy", "terminal", "fake"])
def rig(request):
    made = {"dummy": DummyRig, "terminal": TerminalRig, "fake": FakeRig}[request.param]()
    yield made
    made.display.close()


def test_the_display_shows_exactly_the_last_screen(rig):
    rig.display.show(MAIN)
    assert rig.same(rig.showing(), rig.expected(MAIN))
    rig.display.show(WARNING)
    assert rig.same(rig.showing(), rig.expected(WARNING))
    assert not rig.same(rig.showing(), rig.expected(MAIN))


def test_a_screen_that_does_not_fit_is_refused(rig):
    too_wide = Screen("main", ("x" * 17,) + ("",) * 7, ())
    with pytest.raises(ValueError):
        rig.display.show(too_wide)
    too_short = Screen("main", ("",) * 7, ())
    with pytest.raises(ValueError):
        rig.display.show(too_short)


@pytest.mark.parametrize("make", [DummyRig, TerminalRig])     # the fake has no device
def test_a_failing_device_is_an_adapter_error(make):
    rig = make()
    rig.break_device()
    with pytest.raises(AdapterError) as caught:
        rig.display.show(MAIN)
    assert caught.value.source == "display"
    rig.display.close()


def test_the_dummy_image_is_white_text_on_black_with_the_title_inverted():
    # the title row (0) is inverted: mostly ink; row 6 is empty: no ink at all
    rig = DummyRig()
    rig.display.show(MAIN)
    image = rig.showing()
    ink = lambda y0: sum(image.getpixel((x, y)) != 0 for x in range(128) for y in range(y0, y0 + 8))
    assert ink(0) > 128 * 8 // 2
    assert ink(6 * 8) == 0


def test_a_missing_i2c_bus_is_an_adapter_error_naming_the_display():
    with pytest.raises(AdapterError) as caught:
        OledDisplay("ssd1306", "i2c", port=97)          # no /dev/i2c-97
    assert "ssd1306" in str(caught.value)


def test_open_display_picks_from_the_config_section():
    stream = io.StringIO()
    assert isinstance(open_display({"kind": "terminal"}, stream), TerminalDisplay)
    assert open_display({"kind": "none"}) is None
    oled = open_display({"kind": "dummy", "rotate": 2})
    oled.show(MAIN)
    # mounted upside down: luma rotates the image by 180 degrees before it reaches the panel
    assert oled.device.image.tobytes() == render.screen_image(MAIN).rotate(180).tobytes()
