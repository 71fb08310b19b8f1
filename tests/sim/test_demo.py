# `make demo`'s path end to end: the demo day through the Pi unit on emulated devices, the office's sync and report.
# SPDX-License-Identifier: MIT
"""simulator/scenarios/demo_day.toml driven by :func:`simulator.demo.run` (the
Pi port's unit over python-can slcan and pyserial on ptys, its journal in
files, its sync server on loopback), and once more as ``drivetime sim demo``
in its own process, started first so that both days run side by side.

Expected values, by hand from the script (06:00Z Monday 2026-03-02) and
RULES.md §3.1 (Art 7) and Annex IC req 184:

- driving 06:15-10:35 (260 min): the pre-warning when 15 min are left to
  270, at 255 min of driving: 06:15 + 4h15 = 10:30. The 45 min break
  10:35-11:20 resets the count. Driving 11:20-15:55 (275 min): pre-warning at
  11:20 + 4h15 = 15:35, the limit warning at 11:20 + 4h30 = 15:50.
- Art 7 infringement: the second driving period is 275 min (the other work
  15:55-16:10 neither adds nor resets; the break from 16:10 to the end of the
  day at 16:56 is over 45 min and ends the period): measured 275, limit 270,
  starting at the first minute beyond 270 (15:50); 4h30 < 4h35 < 5h is MI
  (Reg. (EU) 2016/403, RULES.md §6 table). Daily driving 260 + 275 = 535 min.
- Daily totals for the report: driving 535; other work 06:00-06:15 and
  15:55-16:10 = 30; before 06:00 nothing is recorded (a gap of 360 min,
  never counted as rest).
"""

import json
import os
import subprocess
import time

import pytest

from drivetime.timeutil import format_minute
from simulator import demo

DAY = "2026-03-02"


def _clock(utc_s):
    return format_minute(utc_s // 60)[11:16]


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    """``drivetime sim demo --quiet --workdir DIR`` started now, awaited by its test."""
    workdir = tmp_path_factory.mktemp("cli") / "demo"
    proc = subprocess.Popen(demo.drivetime_command() + ["sim", "demo", "--quiet", "--workdir",
                                                        str(workdir)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield proc, workdir
    if proc.poll() is None:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def result(cli_run, tmp_path_factory):
    printed = []
    began = time.monotonic()
    res = demo.run(str(tmp_path_factory.mktemp("fn") / "demo"), out=printed.append)
    res.seconds = time.monotonic() - began
    res.printed = "\n".join(printed)
    return res


def test_the_warnings_come_at_the_minutes_of_the_script(result):
    assert [(_clock(t), code, level) for t, code, level in result.warnings] == [
        ("10:30", "continuous_driving", "pre"),
        ("15:35", "continuous_driving", "pre"),
        ("15:50", "continuous_driving", "limit")]
    # each shown on the dashboard as it came (the screens are printed, not every second)
    for at, level in (("10:30", "pre"), ("15:35", "pre"), ("15:50", "limit")):
        assert "%s  warning: continuous driving (%s)" % (at, level) in result.printed
    assert "PRE-WARNING" in result.printed and "Break due" in result.printed
    assert result.demo.screens < 30


def test_the_office_holds_every_record_once_and_the_chain_verifies(result):
    from host_tools import office
    from host_tools.store import Store

    rc, text, problems, held = result.sync
    assert rc == 0 and problems == []
    seqs = [seq for seq, _ in held]
    assert seqs == list(range(1, len(seqs) + 1))        # each record once, none missing
    d = result.demo
    with Store(d.db) as store:
        assert office.verify(store, demo.UNIT_ID, d.keys["unit"]) == []
        kinds = [e["kind"] for e in store.events(demo.UNIT_ID)]
    # what the unit journalled up to the sync (its tap saw each record) is what the office holds
    journalled = [kind for _, kind, _ in d.tap.records]
    assert kinds == journalled[:len(kinds)] and len(kinds) >= len(journalled) - 1  # but power off
    assert kinds.count("warning") == 3 and kinds.count("day") == 2


def test_the_report_shows_the_art_7_infringement_as_worked_out_by_hand(result):
    rc, text, model = result.report
    assert rc == 1                                      # infringements found
    driver, = model["drivers"]
    assert driver["id"] == "DEMO-DRIVER-01" and driver["name"] == "A. Driver"
    inf, = driver["infringements"]
    assert inf["rule"] == "continuous_driving" and "Art 7" in inf["article"]
    assert (inf["measured_min"], inf["limit_min"], inf["severity"]) == (275, 270, "MI")
    assert format_minute(inf["start"]) == DAY + "T15:50:00Z" and inf["final"]
    totals = driver["days"][0]["totals"]
    assert (totals["driving"], totals["other_work"], totals["availability"]) == (535, 30, 0)
    assert any(g["start"] == driver["days"][0]["start"] and g["minutes"] == 360
               for g in driver["gaps"])
    # the terminal tables: measured 4:35 against 4:30, MI
    assert "4:35" in text and "4:30" in text and "MI" in text and "Art 7" in text


def test_every_check_passes_and_the_day_runs_fast(result):
    failed = [t for ok, t in result.checks if not ok]
    assert failed == [] and result.status == 0
    assert result.timings["simulated_s"] == 11 * 3600     # 06:00-17:00
    assert result.seconds < 120                          # ~20-35 s here, two days side by side


def test_drivetime_sim_demo_out_of_process(cli_run):
    proc, workdir = cli_run
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out
    assert "== demo: everything as expected" in out
    assert "FAIL" not in out
    assert "+----------------+" not in out                # --quiet: no screens
    assert "drivetime office report --driver DEMO-DRIVER-01" in out
    with open(os.path.join(workdir, "report.json"), encoding="utf-8") as f:
        inf, = json.load(f)["drivers"][0]["infringements"]
    assert (inf["rule"], inf["measured_min"], inf["severity"]) == ("continuous_driving", 275, "MI")


def test_a_busy_work_directory_is_refused(tmp_path):
    (tmp_path / "something").write_text("")
    proc = subprocess.run(demo.drivetime_command() + ["sim", "demo", "--workdir", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "not empty" in proc.stderr
    assert sorted(os.listdir(tmp_path)) == ["something"]


def test_the_plan_is_the_scenario_s(tmp_path):
    from simulator.scenario import ScenarioError, load, parse
    plan = demo.world_plan(load(demo.SCENARIO))
    drives = [s[1] for s in plan if s[0] == "drive"]
    assert sum(drives) == 535                           # 260 + 275 minutes of driving
    bad = parse('[scenario]\nstart = "2026-03-02T06:00:00Z"\n[[step]]\nrest = "1h"\n')
    with pytest.raises(ScenarioError):
        demo.world_plan(bad)
