# Tests of the Pi port's screen renderer: the 16x8 grid on a 128x64 1-bit image, the terminal box, the font.
# SPDX-License-Identifier: MIT
"""The renderer draws the dashboard's Screen data exactly (drivetime_pi.render)."""

import collections

import pytest
from luma.core.device import dummy
from luma.core.render import canvas

from drivetime_pi import font8x8, render

# The Screen record as issue 4's spec defines it (drivetime.dashboard.Screen has the same fields).
Screen = collections.namedtuple("Screen", ("name", "rows", "inverted"))


def blank(name="test", inverted=()):
    return Screen(name, ("",) * 8, tuple(inverted))


def with_row(index, text, inverted=()):
    rows = [""] * 8
    rows[index] = text
    return Screen("test", tuple(rows), tuple(inverted))


def ink(image):
    """The set of (x, y) ink pixels of a mode-1 image."""
    w, h = image.size
    return {(x, y) for y in range(h) for x in range(w) if image.getpixel((x, y))}


def art(rows):
    """The (x, y) ink pixels of glyph art written as '#'/'.' rows (cell column 0 first)."""
    return {(x, y) for y, row in enumerate(rows) for x, c in enumerate(row) if c == "#"}


def test_image_is_128x64_one_bit():
    # A 128x64 OLED (SSD1306/SH1106) and the 8x8 font: 16 columns, 8 rows.
    image = render.screen_image(blank())
    assert image.size == (128, 64) and image.mode == "1"
    assert ink(image) == set()


def test_letter_a_drawn_in_columns_1_to_5():
    # 'A' as font8x8 draws it (five columns from cell column 1, rows 0-6), worked out from its art.
    expected = art((".###.", "#...#", "#...#", "#...#", "#####", "#...#", "#...#"))
    expected = {(x + 1, y) for x, y in expected}
    assert ink(render.screen_image(with_row(0, "A"))) == expected


def test_sixteenth_column_and_eighth_row_land_in_the_last_cell():
    # Column 15 starts at x = 120, row 7 at y = 56: the grid fills the panel exactly.
    image = render.screen_image(with_row(7, " " * 15 + "|"))
    assert ink(image) == {(120 + 3, 56 + y) for y in range(7)}


def test_inverted_row_is_a_white_bar_with_black_text():
    # An inverted empty row is 128x8 of ink; the letter's pixels become paper.
    image = render.screen_image(with_row(2, "I", inverted=(2,)))
    bar = {(x, y) for x in range(128) for y in range(16, 24)}
    letter = {(x + 1, y + 16) for x, y in art((".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."))}
    assert ink(image) == bar - letter


def test_luma_dummy_canvas_gives_the_same_pixels():
    # The luma canvas hands out an ImageDraw; drawing through it equals screen_image.
    screen = with_row(1, "Drive left 1:23", inverted=(0,))
    device = dummy(width=128, height=64, mode="1")
    with canvas(device) as draw:
        render.draw_screen(draw, screen)
    assert device.image.tobytes() == render.screen_image(screen).tobytes()


def test_unknown_character_drawn_as_question_mark():
    assert font8x8.glyph("\u20ac") == font8x8.glyph("?")
    assert ink(render.screen_image(with_row(0, "\u20ac"))) == ink(render.screen_image(with_row(0, "?")))


def test_font_covers_ascii_and_german_letters():
    for code in range(32, 127):
        assert chr(code) in font8x8.GLYPHS
    for char in "\u00c4\u00d6\u00dc\u00e4\u00f6\u00fc\u00df":  # ÄÖÜäöüß
        assert char in font8x8.GLYPHS and font8x8.glyph(char) != font8x8.glyph("?")
    # Each glyph is eight rows of an 8-pixel cell; column 0 stays free (left margin).
    for rows in font8x8.GLYPHS.values():
        assert len(rows) == 8 and all(0 <= r < 0x80 for r in rows)


def test_umlaut_keeps_its_dots_apart_from_the_letter():
    # 'ü' is 'u' with two dots on row 0 (and row 1 free): the dots do not touch the letter.
    u, ue = font8x8.glyph("u"), font8x8.glyph("\u00fc")
    assert ue[2:] == u[2:] and ue[1] == 0 and ue[0] == 0b00101000


@pytest.mark.parametrize("screen, message", [
    (Screen("x", ("",) * 7, ()), "7 rows"),
    (Screen("x", ("",) * 9, ()), "9 rows"),
    (Screen("x", ("",) * 7 + ("x" * 17,), ()), "17 characters"),
    (Screen("x", ("",) * 8, (8,)), "inverts row 8"),
])
def test_a_screen_that_does_not_fit_is_refused(screen, message):
    with pytest.raises(ValueError, match=message):
        render.screen_image(screen)
    with pytest.raises(ValueError, match=message):
        render.terminal_render(screen)


def test_terminal_box_marks_inverted_rows():
    screen = Screen("main", ("DRIVE", "Drive left 1:23") + ("",) * 6, (0,))
    lines = render.terminal_render(screen).split("\n")
    assert len(lines) == 10 and all(len(line) == 18 for line in lines)
    assert lines[0] == lines[9] == "+" + "-" * 16 + "+"
    assert lines[1] == ">DRIVE           <"
    assert lines[2] == "|Drive left 1:23 |"
    assert lines[3] == "|                |"


def test_terminal_box_ansi_reverse_video():
    screen = Screen("main", ("DRIVE",) + ("",) * 7, (0,))
    assert render.terminal_render(screen, ansi=True).split("\n")[1] == "|\x1b[7mDRIVE           \x1b[0m|"
