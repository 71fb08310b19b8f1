# Every file a guide links to or shows is in the repository.
# SPDX-License-Identifier: MIT
"""Relative links and pictures in README.md, docs/ and hardware/ point at
files that exist (a renamed picture or guide breaks no reader's page)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md"] + list((ROOT / "docs").rglob("*.md"))
               + list((ROOT / "hardware").rglob("*.md"))
               + list((ROOT / "firmware").rglob("README.md")))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _targets(page):
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)       # code blocks are not links
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue                                        # a web address or an anchor
        yield target.split("#", 1)[0]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_picture_exists(page):
    missing = [t for t in _targets(page) if t and not (page.parent / t).exists()]
    assert missing == [], "%s links to missing files: %s" % (page.relative_to(ROOT), missing)


def test_the_guides_show_their_pictures():
    # issue 6: the office report's screenshot in the office guide; issue 7: the
    # live UI's in the tester guide
    assert "screens/office-report.png" in (ROOT / "docs/office-guide.md").read_text()
    assert "sim-drive.png" in (ROOT / "docs/tester-guide.md").read_text()
