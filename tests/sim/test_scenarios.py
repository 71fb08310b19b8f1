# Every scenario in the library plays and meets all its expectations.
# SPDX-License-Identifier: MIT
"""simulator/scenarios/*.toml: each file's expectations were worked out by hand
from RULES.md (the comment at its head says how); here they must all pass."""

import glob
import os

import pytest

from simulator import runner, scenario

LIBRARY = os.path.join(os.path.dirname(scenario.__file__), "scenarios")
FILES = sorted(glob.glob(os.path.join(LIBRARY, "*.toml")))


def test_the_library_covers_each_rule_and_each_fault():
    names = {os.path.basename(f)[:-5] for f in FILES}
    for rule in ("continuous_driving_45", "continuous_driving_split", "daily_driving_extensions",
                 "weekly_driving_56", "fortnightly_driving_90", "daily_rest_reduced",
                 "daily_rest_split", "weekly_rest_144h", "night_work", "wtd_break_6h",
                 "month_28_days", "multi_manning_rest", "weekly_rest_reduced_compensated",
                 "weekly_rest_compensation_missed", "ferry_train", "wtd_week_60h", "out_of_scope",
                 "aetr_ferry_weekly_rest", "border_crossing", "manual_rest_entry",
                 "twelve_day_coach"):
        assert rule in names
    for fault in ("gps_loss", "can_silence", "garbled", "motion_conflict", "clock_jump",
                  "power_cut"):
        assert "fault_" + fault in names


def test_the_tester_guide_lists_every_library_scenario():
    guide = os.path.join(os.path.dirname(LIBRARY), "..", "docs", "tester-guide.md")
    with open(guide, encoding="utf-8") as f:
        text = f.read()
    missing = [os.path.basename(f) for f in FILES if "`%s`" % os.path.basename(f) not in text]
    assert not missing, "docs/tester-guide.md, The library: add %s" % ", ".join(missing)


@pytest.mark.parametrize("path", FILES, ids=[os.path.basename(f) for f in FILES])
def test_scenario_meets_its_expectations(path):
    sc = scenario.load(path)
    assert sc.expects, "a library scenario must expect something"
    result = runner.run(sc)
    failed = [c for c in result.checks if not c["passed"]]
    assert not failed, "\n".join("line %s %s at %s: expected %s; got %s" % (
        c["line"], c["what"], c["at"], c["expected"], c["actual"]) for c in failed)
    assert len(result.checks) == len(sc.expects)
    assert result.problems == []
