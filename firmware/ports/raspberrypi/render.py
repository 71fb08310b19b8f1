# Draws the dashboard's Screen (16x8 characters) on a 128x64 1-bit image or as a boxed text block.
# SPDX-License-Identifier: MIT
"""Rendering of :class:`drivetime.dashboard.Screen` for the Raspberry Pi port.

A screen is data: ``rows``, eight strings of at most 16 characters, and
``inverted``, the indexes of rows drawn black on white instead of white
on black (a title bar, an active warning). This module draws that grid with
the bundled 8x8 font (:mod:`drivetime_pi.font8x8`) on a 128x64 1-bit PIL
image, which is what a luma.oled device's ``canvas`` hands out, and as a
boxed text block for the terminal display.

Snapshots of every screen live in ``docs/screens/*.png``; regenerate them
after a deliberate change of the dashboard, the messages or the font with::

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/ports/test_render.py

(without the variable, the test compares them pixel by pixel.)
"""

from . import font8x8

COLUMNS = 16
ROWS = 8
WIDTH = COLUMNS * font8x8.WIDTH    # 128 pixels, an SSD1306 / SH1106 OLED
HEIGHT = ROWS * font8x8.HEIGHT     # 64 pixels
_INK = 255
_PAPER = 0


def check_screen(screen):
    """Raise :class:`ValueError` unless ``screen`` fits the 16x8 grid.

    :param screen: a ``Screen`` (``name``, ``rows``, ``inverted``).
    :raises ValueError: wrong number of rows, a row too long, a bad inverted index.
    """
    if len(screen.rows) != ROWS:
        raise ValueError("screen %r has %d rows, not %d" % (screen.name, len(screen.rows), ROWS))
    for index, row in enumerate(screen.rows):
        if len(row) > COLUMNS:
            raise ValueError("screen %r row %d is %d characters long (at most %d): %r"
                             % (screen.name, index, len(row), COLUMNS, row))
    for index in screen.inverted:
        if not 0 <= index < ROWS:
            raise ValueError("screen %r inverts row %r, outside 0-%d" % (screen.name, index, ROWS - 1))


def _row_pixels(text, y0, inverted):
    """Yield ``(x, y)`` of the ink pixels of one text row (paper pixels when inverted)."""
    text = text.ljust(COLUMNS)
    for column, char in enumerate(text):
        x0 = column * font8x8.WIDTH
        for dy, bits in enumerate(font8x8.glyph(char)):
            if inverted:
                bits ^= 0xFF
            for dx in range(font8x8.WIDTH):
                if bits & (0x80 >> dx):
                    yield (x0 + dx, y0 + dy)


def draw_screen(draw_or_image, screen):
    """Draw ``screen`` on a 128x64 canvas, white text on black, inverted rows black on white.

    The whole grid is painted (background included), so a canvas that
    still shows the previous screen is overwritten completely.

    :param draw_or_image: a PIL ``ImageDraw.ImageDraw`` (the luma
        ``canvas(device)`` context gives one) or a PIL ``Image``.
    :param screen: a ``Screen``.
    :raises ValueError: when the screen does not fit (:func:`check_screen`).
    """
    check_screen(screen)
    if hasattr(draw_or_image, "rectangle"):  # an ImageDraw (an Image has .point too)
        draw = draw_or_image
    else:
        from PIL import ImageDraw
        draw = ImageDraw.Draw(draw_or_image)
    draw.rectangle((0, 0, WIDTH - 1, HEIGHT - 1), fill=_PAPER)
    inverted = set(screen.inverted)
    for index, text in enumerate(screen.rows):
        y0 = index * font8x8.HEIGHT
        draw.point(list(_row_pixels(text, y0, index in inverted)), fill=_INK)


def screen_image(screen):
    """Return ``screen`` drawn on a new 128x64 PIL image of mode ``"1"``.

    :param screen: a ``Screen``.
    :rtype: PIL.Image.Image
    """
    from PIL import Image
    image = Image.new("1", (WIDTH, HEIGHT), _PAPER)
    draw_screen(image, screen)
    return image


def terminal_render(screen, ansi=False):
    """Return ``screen`` as a boxed block of text for the terminal display.

    Inverted rows are marked ``>`` ... ``<`` in the frame (or drawn in ANSI
    reverse video when ``ansi`` is true), so a plain log still shows which
    row is the title bar or the active warning.

    :param screen: a ``Screen``.
    :param ansi: use the ANSI reverse-video escape for inverted rows.
    :rtype: str
    """
    check_screen(screen)
    inverted = set(screen.inverted)
    edge = "+" + "-" * COLUMNS + "+"
    lines = [edge]
    for index, text in enumerate(screen.rows):
        text = text.ljust(COLUMNS)
        if index not in inverted:
            lines.append("|" + text + "|")
        elif ansi:
            lines.append("|\x1b[7m" + text + "\x1b[0m|")
        else:
            lines.append(">" + text + "<")
    lines.append(edge)
    return "\n".join(lines)
