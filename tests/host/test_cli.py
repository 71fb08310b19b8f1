# Tests of the `drivetime check` command: exit status, messages, formats, options.
# SPDX-License-Identifier: MIT
"""``drivetime check`` (DESIGN.md): in memory through ``main([...])`` and, for a
few end-to-end cases, the installed ``.venv/bin/drivetime`` in a subprocess."""

import io
import json
import os
import re
import subprocess
import sys

import pytest

from host_tools.cli import main
from samples import GOOD_DAY, LONG_STINT, STATUS_KEYS, entry

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DRIVETIME = os.path.join(os.path.dirname(sys.executable), "drivetime")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


# Five days of 8 h other work (4 h, 30 min break, 4 h; Dir 2002/15 Art 5):
# 40 h, lawful under the EU rules, over Armenia's 36 h cap for minors.
WORK_WEEK = {"crew": "single", "activities": [
    e for d in range(2, 7) for e in (entry("06:00", "10:00", "other_work", d),
                                     entry("10:00", "10:30", "break_rest", d),
                                     entry("10:30", "14:30", "other_work", d))]}


@pytest.fixture
def write(tmp_path):
    def write(data, name="list.json"):
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data))
        return str(path)
    return write


def run(capsys, *argv):
    code = main(["check"] + list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- end to end, through the installed command --

def test_installed_command_exit_codes(write):
    for data, expected in ((GOOD_DAY, 0), (LONG_STINT, 1)):
        proc = subprocess.run([DRIVETIME, "check", write(data), "--format", "json"],
                              capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == expected, proc.stderr
        assert json.loads(proc.stdout)["compliant"] is (expected == 0)


def test_installed_command_reads_stdin():
    proc = subprocess.run([DRIVETIME, "check", "-", "--format", "json"], input=json.dumps(LONG_STINT),
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert [i["rule"] for i in json.loads(proc.stdout)["infringements"]] == ["continuous_driving"]


def test_installed_command_bad_input():
    proc = subprocess.run([DRIVETIME, "check", "-"], input="{not json", capture_output=True, text=True)
    assert proc.returncode == 2
    assert "not valid JSON" in proc.stderr and "Traceback" not in proc.stderr


def test_installed_command_on_the_example():
    proc = subprocess.run([DRIVETIME, "check", "examples/fortnight.json"], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr
    assert "Driver's counters" in proc.stdout


# -- in memory --

def test_stdin_in_memory(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(GOOD_DAY).encode())))
    code, out, _ = run(capsys, "-", "--format", "json")
    assert code == 0 and json.loads(out)["compliant"] is True


def test_json_output_shape(capsys, write):
    code, out, _ = run(capsys, write(LONG_STINT), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["compliant"] is False
    (inf,) = doc["infringements"]
    # Art 7: 271 > 270 from the 271st minute (10:30); 4h30 < x < 5h is MI (2016/403).
    assert {k: inf[k] for k in ("rule", "start", "end", "measured_min", "limit_min", "severity")} == {
        "rule": "continuous_driving", "start": "2026-03-02T10:30:00Z", "end": "2026-03-02T10:31:00Z",
        "measured_min": 271, "limit_min": 270, "severity": "MI"}
    status = doc["status"]
    assert [k for k in STATUS_KEYS if k not in status] == []
    assert status["at"] == "2026-03-02T11:16:00Z"
    for key in ("daily_rest_latest_start", "weekly_rest_latest_start"):
        assert ISO.match(status[key])


def test_text_report(capsys, write):
    code, out, _ = run(capsys, write(LONG_STINT))
    assert code == 1
    assert "continuous_driving" in out and "MI" in out
    for label in ("Continuous driving", "Daily driving", "Weekly driving", "Fortnightly driving",
                  "Daily rest still owed", "Weekly rest must start by"):
        assert label in out


@pytest.mark.parametrize("at, expect", [
    ("2026-03-01T12:00:00Z", {"activity": "unknown", "continuous_driving_min": 0}),
    ("2026-03-02T08:00:00Z", {"activity": "driving", "continuous_driving_min": 120}),
    ("2026-03-02T16:00:00Z", {"activity": "unknown", "current_break_min": 45,
                              "continuous_driving_min": 0}),
])
def test_status_at(capsys, write, at, expect):
    code, out, _ = run(capsys, write(GOOD_DAY), "--format", "json", "--status-at", at)
    assert code == 0
    status = json.loads(out)["status"]
    assert status["at"] == at
    assert {k: status[k] for k in expect} == expect


def test_profile_aetr(capsys, write):
    # AETR Art 7 is worded as 561 Art 7: the same breach.
    code, out, _ = run(capsys, write(LONG_STINT), "--format", "json", "--profile", "aetr")
    assert code == 1
    doc = json.loads(out)
    assert doc["profile"] == "aetr"
    assert [(i["rule"], i["measured_min"]) for i in doc["infringements"]] == [("continuous_driving", 271)]


def test_profile_with_a_national_category(capsys, write):
    path = write(WORK_WEEK)
    assert run(capsys, path)[0] == 0
    code, out, _ = run(capsys, path, "--format", "json", "--profile", "eu+am_minor")
    assert code == 1
    (inf,) = json.loads(out)["infringements"]
    # 4 x 8 h = 32 h by Thursday; Friday's first 4 h reach 36 h exactly at
    # 10:00 (inclusive, RULES.md §1), so the breach starts when work resumes
    # at 10:30; the week holds 40 h; national caps have no severity (§9).
    assert (inf["rule"], inf["start"], inf["measured_min"], inf["limit_min"], inf["severity"]) == \
        ("national_weekly_cap", "2026-03-06T10:30:00Z", 2400, 2160, None)


def test_stricter_setting(capsys, write):
    code, out, _ = run(capsys, write(GOOD_DAY), "--format", "json", "--set", "continuous_driving_max=240")
    assert code == 1
    (inf,) = json.loads(out)["infringements"]
    assert (inf["rule"], inf["start"], inf["limit_min"]) == ("continuous_driving", "2026-03-02T10:00:00Z", 240)


def _with(index, **changes):
    data = json.loads(json.dumps(GOOD_DAY))
    data["activities"][index].update(changes)
    return data


@pytest.mark.parametrize("data, words", [
    (_with(1, start="2026-03-02T10:00:00Z"), ["activities[1]", "overlap"]),
    (_with(1, start="2026-03-02T05:00:00Z", end="2026-03-02T05:30:00Z"),
     ["activities[1]", "out of order"]),
    (_with(2, activity="sleeping"), ["activities[2]", "unknown activity", "sleeping"]),
    (_with(0, end="2026-03-02T05:00:00Z"), ["activities[0]", "end before start"]),
    (_with(0, start="2026-03-02T06:00:00"), ["activities[0].start", "zone"]),
    ('{"crew": "single", "activities": [', ["not valid JSON"]),
])
def test_bad_input_names_the_entry(capsys, write, data, words):
    code, out, err = run(capsys, write(data))
    assert code == 2 and out == ""
    for word in words:
        assert word in err


@pytest.mark.parametrize("argv, words", [
    (["--profile", "mars"], ["unknown rule profile", "mars"]),
    (["--profile", "eu+nope"], ["nope"]),
    (["--set", "continuous_driving_max=300"], ["continuous_driving_max", "looser"]),
    (["--set", "break_min=30"], ["break_min", "looser"]),
    (["--set", "continuous_driving_max"], ["--set"]),
    (["--status-at", "2026-03-02T08:00"], ["--status-at", "zone"]),
])
def test_bad_options(capsys, write, argv, words):
    code, out, err = run(capsys, write(GOOD_DAY), *argv)
    assert code == 2 and out == ""
    for word in words:
        assert word in err


def test_missing_file(capsys, tmp_path):
    missing = str(tmp_path / "nowhere.json")
    code, _, err = run(capsys, missing)
    assert code == 2 and "nowhere.json" in err
