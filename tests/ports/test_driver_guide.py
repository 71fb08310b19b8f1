# The driver guide shows every screen and explains every word the display uses, button and warning.
# SPDX-License-Identifier: MIT
"""docs/driver-guide.md is complete against the code (STYLE.md §4.8: check the docs in tests)."""

import os
import re

import pytest

from drivetime import dashboard, messages, warnings
from drivetime.unit import BUTTONS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GUIDE_PATH = os.path.join(ROOT, "docs", "driver-guide.md")
SCREENS_DIR = os.path.join(ROOT, "docs", "screens")


def guide():
    with open(GUIDE_PATH, encoding="utf-8") as f:
        return f.read()


def images(text):
    return set(re.findall(r"!\[[^\]]*\]\(screens/([^)]+)\)", text))


def shown(msg):
    """The fixed part of a message as the guide quotes it (``MY DATA %s`` -> ``MY DATA``)."""
    return msg.split("%s")[0].strip()


# The categories of message ids the display shows as words of their own: activities,
# screen titles, warning causes, input faults and the conditions the driver selects.
CATEGORIES = {
    "activity": [k for k in messages.MESSAGES["en"] if k.startswith("act_")],
    "title": [k for k in messages.MESSAGES["en"] if k.startswith("t_")] + ["fortnight"],
    "warning": ["w_" + code for code in warnings.CODES],
    "fault": ["gps_lost", "can_silent", "conflict"]
             + [k for k in messages.MESSAGES["en"] if k.startswith("f_")],    # the port's own
    "condition": ["ferry", "ooscope"],
    # the dialogues: the question, the menu entries and their results (drivetime.menu)
    "dialogue": ["offer_q", "country_q", "m_last_break", "m_lang", "m_crew_single",
                 "m_crew_multi", "m_buzzer_on", "m_buzzer_off", "m_export"]
                + [k for k in messages.MESSAGES["en"] if k.startswith("n_")],
}


def test_every_screen_picture_is_in_the_guide():
    pictures = set(f for f in os.listdir(SCREENS_DIR)      # office-*.png: the office guide's
                   if f.endswith(".png") and not f.startswith("office"))
    assert pictures and images(guide()) == pictures


def test_every_screen_is_shown_in_every_language():
    # main_en.png, main_de.png, ... for each screen the unit can show.
    expected = {"%s_%s.png" % (name, lang)
                for name in dashboard.SCREENS + ("warning",) + dashboard.DIALOGUES
                for lang in messages.MESSAGES}
    assert images(guide()) == expected


@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_every_message_category_is_explained_in_both_languages(category):
    text = guide()
    missing = ["%s %s %r" % (lang, msg_id, shown(table[msg_id]))
               for lang, table in messages.MESSAGES.items() for msg_id in CATEGORIES[category]
               if "`%s" % shown(table[msg_id]) not in text]
    assert missing == []


def test_every_button_is_explained():
    text = guide()
    assert [b for b in BUTTONS if "| `%s` |" % b not in text] == []


def test_every_warning_has_its_rule_and_its_time():
    # Annex IC req 184: 15 min before and at the limit, for each warning the unit gives.
    text = guide()
    for code in warnings.CODES:
        row = [line for line in text.splitlines()
               if line.startswith("| `%s`" % messages.text("en", "w_" + code))]
        assert len(row) == 1, code
        assert "15 min before and at" in row[0] and "Art " in row[0]
    for req in ("184", "188", "189"):
        assert "req " + req in text


def test_the_counters_cite_their_articles():
    text = guide()
    for article in ("Art 7", "Art 6(1)", "Art 6(2)", "Art 6(3)", "Art 8(2)", "Art 8(4)", "Art 8(5)",
                    "Art 8(6)", "8(7)", "Art 9(1)"):
        assert article in text, article
