# Draws a dashboard Screen on an SSD1306 128x64 OLED (micropython-lib ssd1306 driver).
# SPDX-License-Identifier: MIT
"""A :class:`drivetime.dashboard.Screen` is 8 rows of at most 16 characters;
the display is 128x64 pixels and framebuf's built-in font is 8x8, so row
``r``, column ``c`` is the cell at ``x = 8c, y = 8r``. Inverted rows (title
bar, a warning's cause) are a filled band with the text in colour 0.

The micropython-lib ``ssd1306.SSD1306_I2C``/``SSD1306_SPI`` objects are
``framebuf.FrameBuffer`` subclasses, so ``fill``, ``fill_rect``, ``text``
and ``pixel`` draw into RAM and ``show`` sends the frame. framebuf's font has
ASCII 32-126 only (other codes come out as a block); the German letters of
the message table are drawn here from 8x8 glyphs, other characters as "?".
"""

# 8x8 glyphs, one byte per row, most significant bit on the left.
_GLYPHS = {
    "\u00e4": b"\x24\x00\x38\x04\x3c\x44\x3c\x00",   # ä
    "\u00f6": b"\x24\x00\x38\x44\x44\x44\x38\x00",   # ö
    "\u00fc": b"\x24\x00\x44\x44\x44\x4c\x34\x00",   # ü
    "\u00c4": b"\x44\x38\x44\x44\x7c\x44\x44\x00",   # Ä
    "\u00d6": b"\x44\x38\x44\x44\x44\x44\x38\x00",   # Ö
    "\u00dc": b"\x44\x00\x44\x44\x44\x44\x38\x00",   # Ü
    "\u00df": b"\x38\x44\x44\x78\x44\x44\x78\x40",   # ß
}
COLS, ROWS, CELL = 16, 8, 8


class Ssd1306Display:
    """Draws screens on one OLED.

    :param oled: an ``ssd1306.SSD1306_I2C`` (or SPI) object, or a fake with
        ``fill``, ``fill_rect``, ``text``, ``pixel`` and ``show``
    """

    def __init__(self, oled):
        self.oled = oled
        self.shown = None

    def draw(self, screen):
        """Draw ``screen`` (a dashboard Screen) and send it to the panel."""
        o = self.oled
        o.fill(0)
        for r in range(ROWS):
            text = screen.rows[r] if r < len(screen.rows) else ""
            colour = 1
            if r in screen.inverted:
                o.fill_rect(0, r * CELL, COLS * CELL, CELL, 1)
                colour = 0
            self._row(text[:COLS], r * CELL, colour)
        o.show()
        self.shown = screen

    def _row(self, text, y, colour):
        plain = ""
        special = []
        for c, ch in enumerate(text):
            if " " <= ch <= "~":
                plain += ch
            else:
                plain += " " if ch in _GLYPHS else "?"
                if ch in _GLYPHS:
                    special.append((c, _GLYPHS[ch]))
        if plain.strip():
            self.oled.text(plain, 0, y, colour)
        for c, glyph in special:
            x = c * CELL
            for dy in range(CELL):
                bits = glyph[dy]
                for dx in range(CELL):
                    if bits & (0x80 >> dx):
                        self.oled.pixel(x + dx, y + dy, colour)
