# The office HTML report in a real browser: Debian's headless Chromium through chromedriver.
# SPDX-License-Identifier: MIT
"""Open the HTML report of the fleet in tests/host/fleet_fixture.py in headless
Chromium (requirements/debian.txt, installed by ``make debian-packages``) and
check what a person would see: no console errors, each activity block at its
hours on the 24-hour axis, the infringement rows, and a PDF print on A4.

The screenshot in docs/office-reports.md is rewritten when UPDATE_SNAPSHOTS=1;
otherwise it goes to a temporary folder and is only checked to show the bars.
"""

import base64
import os
import re
import shutil
import sys

import pytest

# importlib mode puts no test folder on the path; the fixture module sits beside this file
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fleet_fixture import at, fleet_store  # noqa: E402
from host_tools import report, report_html  # noqa: E402

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
# the machine has no network: nothing may try to reach one, and no profile is reused
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1200,1500", "--hide-scrollbars")
SCREENSHOT = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "screens", "office-report.png")
A4_CM = (21.0, 29.7)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    assert not missing, "%s missing: run `make debian-packages` (requirements/debian.txt)" % missing
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + ("--user-data-dir=%s" % tmp_path_factory.mktemp("chromium-profile"),):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def store():
    return fleet_store()


def open_report(browser, tmp_path, model, name="report.html"):
    path = tmp_path / name
    path.write_text(report_html.render(model), encoding="utf-8")
    browser.get(path.as_uri())
    return path


def anna_week(store):
    # Anna (card DA), Monday 2 .. Sunday 8 March 2026: the fixture's plans
    return report.build(store, driver="DA", start=at(0, 0), end=at(7, 0))


def test_the_report_renders_without_console_errors(browser, store, tmp_path):
    open_report(browser, tmp_path, anna_week(store))
    assert browser.get_log("browser") == []
    assert browser.execute_script("return document.readyState") == "complete"
    assert "DA" in browser.title


# The geometry of every block as the browser lays it out, in CSS pixels.
GEOMETRY = """
return Array.from(document.querySelectorAll('tr.day')).map(function (row) {
  var axis = row.querySelector('rect.axis').getBoundingClientRect();
  return {date: row.dataset.date, left: axis.left, width: axis.width,
          blocks: Array.from(row.querySelectorAll('rect.act')).map(function (r) {
            var b = r.getBoundingClientRect();
            return {activity: r.dataset.activity, from: +r.dataset.from, to: +r.dataset.to,
                    left: b.left, right: b.right};
          })};
});
"""


def test_each_bar_sits_at_its_hours(browser, store, tmp_path):
    open_report(browser, tmp_path, anna_week(store))
    days = browser.execute_script(GEOMETRY)
    assert [d["date"] for d in days] == ["2026-03-%02d" % n for n in range(2, 9)]
    for day in days:
        assert day["width"] > 300 and day["blocks"]
        for b in day["blocks"]:
            # minute m of the day sits at m / 1440 of the axis, within a pixel or two
            assert abs(b["left"] - (day["left"] + day["width"] * b["from"] / 1440.0)) < 1.5, (day["date"], b)
            assert abs(b["right"] - (day["left"] + day["width"] * b["to"] / 1440.0)) < 1.5, (day["date"], b)
    by_date = dict((d["date"], d) for d in days)
    # Tuesday: Anna drives 06:00-10:30 (4 h 30), which is 25 % to 43.75 % of the axis
    tue = by_date["2026-03-03"]
    first = [b for b in tue["blocks"] if b["activity"] == "driving"][0]
    assert (first["from"], first["to"]) == (360, 630)
    assert abs(first["left"] - (tue["left"] + 0.25 * tue["width"])) < 1.5
    assert abs(first["right"] - (tue["left"] + 0.4375 * tue["width"])) < 1.5
    # Wednesday and Thursday have no record at all: one unknown block over the whole day
    for date in ("2026-03-04", "2026-03-05"):
        assert [(b["activity"], b["from"], b["to"]) for b in by_date[date]["blocks"]] == \
            [("unknown", 0, 1440)]


def test_the_infringement_rows_are_there(browser, store, tmp_path):
    from selenium.webdriver.common.by import By

    open_report(browser, tmp_path, anna_week(store))
    rows = browser.find_elements(By.CSS_SELECTOR, "table.infringements tbody tr")
    cells = [[td.text for td in row.find_elements(By.TAG_NAME, "td")] for row in rows]
    # Monday: 5 h driving without a break, limit 4 h 30 (Art 7); 5 h is in the SI range
    # [5 h, 6 h) of Reg. 2016/403. Tuesday: 10 h 30 driving with a 10 h extension still
    # available (Art 6(1)); 10 h 30 is in the MI range (10 h, 11 h).
    assert [(c[0], c[1], c[4], c[5], c[6]) for c in cells] == [
        ("continuous driving", "Reg. 561/2006 Art 7", "5:00", "4:30", "SI"),
        ("daily driving", "Reg. 561/2006 Art 6(1)", "10:30", "10:00", "MI")]


def pdf_pages(browser):
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width, options.page_height = A4_CM
    options.background = True
    pdf = base64.b64decode(browser.print_page(options))
    assert pdf.startswith(b"%PDF-")
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_the_drivers_28_day_report_prints_on_a_few_a4_pages(browser, store, tmp_path):
    # the report a driver carries: his own 28 days (Art 36 of Reg. 165/2014: the current
    # day and the previous 28); one line per day, the summary tables first
    model = report.build(store, driver="DA", start=at(0, 0), end=at(28, 0))
    open_report(browser, tmp_path, model)
    assert len(browser.find_elements("css selector", "tr.day")) == 28
    assert 1 <= pdf_pages(browser) <= 3


def test_print_starts_each_driver_on_a_new_page(browser, store, tmp_path):
    model = report.build(store, start=at(0, 0), end=at(7, 0))
    open_report(browser, tmp_path, model)
    drivers = browser.find_elements("css selector", "section.driver")
    assert len(drivers) == 4                   # Anna, Bert, Carl, Dora
    assert pdf_pages(browser) >= len(drivers)


def test_screenshot(browser, store, tmp_path):
    from PIL import Image

    open_report(browser, tmp_path, anna_week(store))
    shot = tmp_path / "office-report.png"
    assert browser.save_screenshot(str(shot))
    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 16) or []
    # not blank: many colours, and the driving fill (#1d4f91) covers a real area
    assert len(colours) > 20
    assert sum(n for n, c in colours if c == (0x1d, 0x4f, 0x91)) > 2000
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        shutil.copyfile(shot, SCREENSHOT)
