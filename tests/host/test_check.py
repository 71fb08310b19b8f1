# Tests of the library behind `drivetime check` (host_tools.check).
# SPDX-License-Identifier: MIT
"""analyse / as_json / render_text on small activity lists worked out by hand."""

import io
import re

import pytest
from rich.console import Console

from drivetime.profiles import ProfileError
from drivetime.timeutil import parse_iso
from host_tools.activity_list import parse
from host_tools.check import analyse, as_json, render_text
from samples import GOOD_DAY, LONG_STINT, STATUS_KEYS

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def minute(text):
    return parse_iso(text)[0]


def test_compliant_day():
    result = analyse(parse(GOOD_DAY))
    assert result.compliant and result.infringements == []
    st = result.status
    # at 15:15: 4 h into the second driving period (Art 7), 8h30 driven today
    # of a 10 h limit (both extensions still open, Art 6(1)).
    assert st["at"] == minute("2026-03-02T15:15Z")
    assert st["activity"] == "driving"
    assert (st["continuous_driving_min"], st["continuous_driving_left_min"]) == (240, 30)
    assert (st["daily_driving_min"], st["daily_driving_limit_min"], st["daily_driving_left_min"]) \
        == (510, 600, 90)
    assert st["weekly_driving_left_min"] == 3360 - 510
    assert st["fortnightly_driving_left_min"] == 5400 - 510
    # Art 8(2): S = 06:00, a (reduced) 9 h rest must start by 06:00 + 24 h - 9 h.
    assert st["daily_rest_latest_start"] == minute("2026-03-02T21:00Z")


def test_continuous_driving_infringement():
    (inf,) = analyse(parse(LONG_STINT)).infringements
    # Art 7: 271 min > 270; the breach begins with the 271st minute (10:30);
    # 2016/403: 4h30 < x < 5h is a minor infringement.
    assert (inf.rule, inf.start, inf.measured, inf.limit, inf.severity) == \
        ("continuous_driving", minute("2026-03-02T10:30Z"), 271, 270, "MI")
    assert inf.end == minute("2026-03-02T10:31Z")      # the driving period ends at the break


@pytest.mark.parametrize("at, expect", [
    # before the record: nothing on record, full allowances
    ("2026-03-01T12:00Z", {"activity": "unknown", "continuous_driving_min": 0,
                           "weekly_driving_min": 0}),
    # inside: two hours into the first stint
    ("2026-03-02T08:00Z", {"activity": "driving", "continuous_driving_min": 120,
                           "continuous_driving_left_min": 150, "daily_driving_min": 120}),
    # after: 45 min without a record is a full break (App 14 Addendum §1)
    ("2026-03-02T16:00Z", {"activity": "unknown", "current_break_min": 45,
                           "continuous_driving_min": 0, "daily_driving_min": 510}),
])
def test_status_at(at, expect):
    result = analyse(parse(GOOD_DAY), status_at=minute(at))
    assert result.status["at"] == minute(at)
    assert {k: result.status[k] for k in expect} == expect
    assert result.compliant          # the verdict is on the whole record, whatever the status time


def test_status_at_between_the_data_and_evaluate_at():
    data = dict(GOOD_DAY, evaluate_at="2026-03-02T18:00:00Z")
    result = analyse(parse(data), status_at=minute("2026-03-02T15:45Z"))
    # 30 min of no record after 15:15: a first break part, not yet the full break
    assert result.status["current_break_min"] == 30
    assert result.status["continuous_driving_min"] == 240
    assert result.evaluated_at == minute("2026-03-02T18:00Z")


def test_missing_data_includes_the_time_up_to_evaluate_at():
    # 15:15 to 18:00 has no record: 2h45 missing (DESIGN.md, evaluate_at).
    result = analyse(parse(dict(GOOD_DAY, evaluate_at="2026-03-02T18:00:00Z")))
    assert result.missing_min == 165
    assert as_json(result)["missing_data_min"] == 165


def test_profiles():
    assert analyse(parse(LONG_STINT), "aetr").infringements[0].as_tuple() == \
        analyse(parse(LONG_STINT)).infringements[0].as_tuple()   # AETR Art 7 = 561 Art 7
    with pytest.raises(ProfileError):
        analyse(parse(GOOD_DAY), "mars")
    with pytest.raises(ProfileError):
        analyse(parse(GOOD_DAY), "eu", overrides={"continuous_driving_max": 300})
    # an employer may go stricter: a 4 h cap catches the 4h30 stint from its 241st minute
    (inf,) = analyse(parse(GOOD_DAY), "eu", overrides={"continuous_driving_max": 240}).infringements
    assert (inf.rule, inf.start, inf.measured, inf.limit) == \
        ("continuous_driving", minute("2026-03-02T10:00Z"), 270, 240)


def test_json_shape():
    doc = as_json(analyse(parse(LONG_STINT)))
    assert doc["compliant"] is False
    (inf,) = doc["infringements"]
    assert {"rule", "start", "end", "measured_min", "limit_min", "severity"} <= set(inf)
    assert ISO.match(inf["start"]) and ISO.match(inf["end"])
    status = doc["status"]
    assert [k for k in STATUS_KEYS if k not in status] == []
    for key in ("at", "daily_rest_latest_start", "weekly_rest_latest_start"):
        assert ISO.match(status[key]), (key, status[key])
    assert status["next_driving_allowed_at"] is None or ISO.match(status["next_driving_allowed_at"])
    assert isinstance(status["compensation_open_min"], list)


def test_text_report():
    out = io.StringIO()
    render_text(analyse(parse(LONG_STINT)), Console(file=out, width=160, color_system=None))
    text = out.getvalue()
    assert "1 infringement" in text
    assert "continuous_driving" in text and "Art 7" in text and "MI" in text
    for label in ("Continuous driving", "Daily driving", "Weekly driving", "Fortnightly driving",
                  "Daily rest still owed", "Weekly rest must start by"):
        assert label in text
