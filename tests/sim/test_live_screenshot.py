# The live UI's screenshot for docs/tester-guide.md: textual's SVG of a drive at 600x, drawn to PNG by headless Chromium.
# SPDX-License-Identifier: MIT
"""Drives 20 simulated minutes at 80 km/h (600x) with the real unit process,
pauses, and saves the UI (``App.save_screenshot``: SVG). Debian's headless
Chromium (requirements/debian.txt, as tests/host/test_report_html_browser.py
uses it; no network, a fresh profile) draws the SVG to PNG. The picture must
show the unit's driving screen (checked in the SVG's text) and not be blank.
With UPDATE_SNAPSHOTS=1 it replaces docs/screens/sim/sim-drive.png (a folder of its own:
the unit-screen snapshot tests own the PNGs directly in docs/screens).
"""

import asyncio
import os
import re
import shutil
import subprocess
import time

from simulator.live import DriveApp
from simulator.live_session import LiveSession

CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")
SCREENSHOT = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "screens", "sim",
                          "sim-drive.png")


async def _until(pilot, done, timeout_s):
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return done()


def test_the_live_ui_screenshot(tmp_path):
    from PIL import Image

    session = LiveSession(str(tmp_path / "sim"))
    svg = tmp_path / "sim-drive.svg"

    async def go():
        app = DriveApp(session)
        async with app.run_test(size=(100, 36)) as pilot:
            assert await _until(pilot, lambda: session.panel.screen is not None
                                and session.panel.screen.rows[0].startswith("WORK"), 30)
            await pilot.press("space")
            for key in ["up"] * 8 + ["plus"] * 3 + ["space"]:
                await pilot.press(key)
            assert await _until(pilot, lambda: session.now_ms() >= 20 * 60000, 60)
            await pilot.press("space")              # paused, to look at it
            assert await _until(pilot, lambda: session.panel.screen.rows[0].startswith("DRIVE"), 5)
            await pilot.pause(0.5)
            app.save_screenshot(svg.name, str(tmp_path))
            await pilot.press("q")
    try:
        asyncio.run(go())
    finally:
        session.close()
    text = svg.read_text()
    assert "DRIVE" in text and "Drive&#160;left" in text.replace(" ", "&#160;")
    box = [float(v) for v in re.search(r'viewBox="([\d. ]+)"', text).group(1).split()]
    width, height = int(box[2]) + 1, int(box[3]) + 1
    png = tmp_path / "sim-drive.png"
    out = subprocess.run([CHROMIUM] + list(FLAGS) + [
        "--user-data-dir=%s" % (tmp_path / "profile"), "--window-size=%d,%d" % (width, height),
        "--screenshot=%s" % png, svg.as_uri()], capture_output=True, text=True, timeout=120)
    assert png.exists(), out.stderr[-2000:]
    with Image.open(png) as image:
        assert image.size == (width, height)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16) or []
    assert len(colours) > 20                        # text in several colours, not a blank page
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        shutil.copyfile(png, SCREENSHOT)
