# The dashboard's words: one message table per language, keyed by message id.
# SPDX-License-Identifier: MIT
"""Message tables for the cab display (issue 4: English plus one more language).

Every text the display shows comes from :func:`text`; each language is a
module ``drivetime.messages_<lang>`` with one dict ``TEXTS``, imported at
its first use (the board's heap holds only the language shown), so a
language is one more module and one more entry in :data:`LANGS`. Each text
fits a 16-character row of the 128x64 display (8x8 font) once its ``%s``
arguments are filled in as the
dashboard fills them (durations ``H:MM`` up to 5 characters, times ``HH:MM``).
Every id is in every language (tests/core/test_dashboard.py checks).
"""

LANGS = ("en", "de")
"""The languages, in the order the menu's "Language" entry cycles them."""

_LOADED = [None, None]  # (lang, table): one language at a time


def table(lang):
    """The message table of ``lang`` (English when the language is not known),
    imported at its first use; the language shown before is dropped, so the
    unit's heap holds only the one it shows (about 7 KB compiled from source)."""
    if lang not in LANGS:
        lang = "en"
    if _LOADED[0] != lang:
        import sys
        if _LOADED[0] is not None:
            name = "messages_" + _LOADED[0]
            # Forget the old table before importing the new one (a MemoryError
            # there must leave "nothing loaded", not the old name with no table).
            _LOADED[0] = _LOADED[1] = None
            sys.modules.pop("drivetime." + name, None)
            pkg = sys.modules.get("drivetime")
            if pkg is not None and hasattr(pkg, name):
                delattr(pkg, name)
        _LOADED[1] = __import__("drivetime.messages_" + lang, None, None, ("TEXTS",)).TEXTS
        _LOADED[0] = lang
    return _LOADED[1]


class _Messages:
    """``MESSAGES[lang]`` -> the table, ``lang in MESSAGES``, iteration over
    :data:`LANGS` and ``items()`` (tests, the docs and the Pi's config check)."""

    def __getitem__(self, lang):
        if lang not in LANGS:
            raise KeyError(lang)
        return table(lang)

    def __contains__(self, lang):
        return lang in LANGS

    def __iter__(self):
        return iter(LANGS)

    def __len__(self):
        return len(LANGS)

    def items(self):
        return [(lang, table(lang)) for lang in LANGS]


MESSAGES = _Messages()


def text(lang, msg_id, *args):
    """The text of ``msg_id`` in ``lang`` (English when the language is not
    known), with ``args`` filled into its ``%s`` slots.

    :raises KeyError: for an id that no table has
    """
    s = table(lang)[msg_id]
    return s % args if args else s
