# The scenario runner itself: failures reported, deterministic journals, bad files refused, the CLI.
# SPDX-License-Identifier: MIT
"""simulator.runner / simulator.scenario / `drivetime sim run` (issue 7, scenario runs)."""

import json
import subprocess
import sys

import pytest

from drivetime.journal import Decoder
from host_tools import office
from host_tools.store import Store
from simulator import runner, scenario

HEAD = '''[scenario]
name = "t"
driver = { card = "NL-T-1", name = "T. Ester" }
start = "2026-03-02T06:00:00Z"
'''
FAST = HEAD + 'mode = "fast"\n'


def play(text):
    return runner.run(scenario.parse(text, "t.toml"))


def test_a_failing_expectation_is_reported_with_expected_actual_and_time():
    # 2 h of driving: continuous_driving_min is 120 at +2h (Art 7 counter), not 100.
    r = play(FAST + '''
[[step]]
drive = "2h"
[[expect]]
status = "continuous_driving_min"
equals = 100
at = "+2h"
[[expect]]
infringement = "continuous_driving"
[[expect]]
status = "continuous_driving_min"
equals = 120
at = "+2h"
''')
    assert not r.passed
    bad, missing, good = r.checks
    assert (bad["passed"], bad["expected"], bad["actual"], bad["at"], bad["line"]) == (
        False, "equals 100", 120, "+2h00m", 9)
    assert not missing["passed"] and "none" in missing["actual"]
    assert good["passed"]


def test_same_scenario_same_journal_bytes_in_both_modes():
    sig = HEAD + '''signals = { ccvs_hz = 2, tco_hz = 1 }
seed = 7
[[step]]
drive = "12m"
[[step]]
fault = "gps_loss"
for = "2m"
[[step]]
stop = "3m"
'''
    for text in (sig, FAST + '[[step]]\ndrive = "3h"\n[[step]]\nrest = "1h"\n'):
        a, b = play(text), play(text)
        assert a.journal == b.journal and len(a.journal) > 50
        recs = Decoder(runner.SIM_KEY).feed(a.journal)
        assert recs and all(rec.ok for rec in recs)        # sealed at the end: all covered
    # The seed drives the signals' noise (speeds, GPS jitter), not the minutes journalled.
    rates = scenario.SIGNAL_DEFAULTS
    first = [runner._Signals(rates, seed, 1772431200).second(0, 80 * 256, 3) for seed in (7, 7, 8)]
    assert first[0] == first[1] != first[2]


def test_a_power_cut_boots_a_new_unit_over_the_recovered_journal():
    r = play(FAST + '''
[[step]]
drive = "1h"
[[step]]
power_cut = "30m"
[[step]]
drive = "1h"
''')
    kinds = [(rec.kind, rec.fields.get("on")) for rec in Decoder(runner.SIM_KEY).feed(r.journal)
             if rec.kind == "power"]
    # on, (cut: no off record), on again, off at the end
    assert kinds == [("power", True), ("power", True), ("power", False)]
    # the new unit starts with no history, as the ports do: 60 min, not 120
    assert r.status["daily_driving_min"] == 60


@pytest.mark.parametrize("text, where", [
    (HEAD + '[[step]]\ndrive = "4x"\n', "t.toml:5: step 1 (drive = '4x'): bad duration"),
    (HEAD + '[[step]]\nfly = "1h"\n', "t.toml:5: step 1: say exactly one of"),
    (HEAD + '[[step]]\ndrive = "1h"\nspeed = 500\n', "t.toml:5: step 1 (drive = '1h'): speed"),
    (FAST + '[[step]]\nfault = "gps_loss"\nfor = "1m"\n', "needs signals"),
    (HEAD + '[[step]]\ndrive = "1h"\n[[expect]]\nwarning = "nap"\nat = "+1h"\n',
     "t.toml:7: expect 1 (warning = 'nap'): warning codes"),
    (HEAD + '[[step]]\ndrive = "1h"\n[[expect]]\nstatus = "x"\nat = "+1h"\n', "say equals"),
    ('[scenario]\nname = "x"\n[[step]]\ndrive = "1h"\n', "t.toml:1: [scenario]: start"),
    (HEAD + 'mode = "slow"\n[[step]]\ndrive = "1h"\n', "mode must be"),
    (HEAD, "no [[step]]"),
    (HEAD + '[[step]\n', "not valid TOML"),
    (HEAD + '[[step]]\nrepeat = 2\ndo = "x"\n', "step 1: repeat = N"),
])
def test_bad_files_are_refused_naming_the_line_and_step(text, where):
    with pytest.raises(scenario.ScenarioError) as exc:
        scenario.parse(text, "t.toml")
    assert where in str(exc.value)


def test_durations_and_times():
    assert scenario.parse_duration("4h30") == 16200
    assert scenario.parse_duration("1h 15m 30s") == 4530
    assert scenario.parse_duration("2d") == 172800 and scenario.parse_duration("90s") == 90
    assert scenario.parse_duration(45) == 2700
    assert scenario.parse_time("+1d 2h", 0) == 93600 and scenario.parse_time("end", 0) is None


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "host_tools.cli", "sim", "run", *args],
                          capture_output=True, text=True)


def test_cli_exit_statuses_and_json(tmp_path):
    ok = tmp_path / "ok.toml"
    ok.write_text(FAST + '[[step]]\ndrive = "1h"\n[[expect]]\nstatus = "daily_driving_min"\n'
                  'equals = 60\nat = "end"\n')
    p = _cli(str(ok), "--format", "json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["passed"] and out["expectations"][0]["actual"] == 60
    bad = tmp_path / "bad.toml"
    bad.write_text(FAST + '[[step]]\ndrive = "1h"\n[[expect]]\nstatus = "daily_driving_min"\n'
                   'equals = 61\nat = "end"\n')
    p = _cli(str(bad))
    assert p.returncode == 1 and "FAIL" in p.stdout and "expected equals 61; got 60" in p.stdout
    broken = tmp_path / "broken.toml"
    broken.write_text(HEAD)
    p = _cli(str(broken))
    assert p.returncode == 2 and "no [[step]]" in p.stderr


def test_a_scenario_journal_imports_at_the_office_with_the_expected_infringements(tmp_path):
    # 4h31 of driving in one go: Art 7 breached (RULES.md §3.1, acc 271 > 270), measured 4h31,
    # row 4h30 < x < 5h: MI. The office's analysis of the journal must find the same.
    path = tmp_path / "s.toml"
    path.write_text(FAST + '[[step]]\ndrive = "4h31m"\n[[step]]\nrest = "11h"\n[[expect]]\n'
                    'infringement = "continuous_driving"\nseverity = "MI"\ncheck = "both"\n')
    journal, keys, db = tmp_path / "j.bin", tmp_path / "keys.json", tmp_path / "office.db"
    p = _cli(str(path), "--journal", str(journal))
    assert p.returncode == 0, p.stdout + p.stderr
    keys.write_text(json.dumps({"units": {"SIM-1": runner.SIM_KEY.hex()}}))
    p = subprocess.run([sys.executable, "-m", "host_tools.cli", "office", "import", str(journal),
                        "--unit", "SIM-1", "--keys", str(keys), "--db", str(db)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    with Store(str(db)) as store:
        rows = list(store.db["infringements"].rows_where("unit_id = ?", ["SIM-1"]))
    assert [(r["rule"], r["severity"], r["measured_min"]) for r in rows] == [
        ("continuous_driving", "MI", 271)]
    with Store() as store:          # the same bytes through the library call
        office.import_download(store, "SIM-2", journal.read_bytes(), runner.SIM_KEY)


def test_fast_mode_records_carry_the_flags_the_unit_buttons_set():
    # Out of scope (Annex IC (gg), RULES.md §6): driving outside Reg. 561 counts for no
    # driving limit. 5 h of it in one go: no Art 7 driving, no daily driving (0 min) and no
    # continuous_driving infringement (5 h in scope would be one: 300 > 270, §3.1).
    r = play(FAST + '[[step]]\npress = "out_of_scope"\n[[step]]\ndrive = "5h"\n[[step]]\n'
                    'press = "out_of_scope"\n[[step]]\nrest = "1h"\n[[expect]]\n'
                    'infringement = "continuous_driving"\npresent = false\n[[expect]]\n'
                    'status = "daily_driving_min"\nequals = 0\nat = "end"\n')
    assert r.passed, r.checks
    recs = [rec.fields for rec in Decoder(runner.SIM_KEY).feed(r.journal) if rec.kind == "activity"]
    assert recs[0]["activity"] == "driving" and recs[0]["flags"] == 2      # FLAG_OUT_OF_SCOPE


def test_the_stop_activity_follows_the_unit_not_a_key_the_menu_took():
    # 4 h of driving, then on the unit: "mode" x6 to the menu, "activity" moves the menu's
    # cursor (no selection), "mode" back to the main screen, "activity" twice: other work ->
    # availability -> break (drivetime.unit.ACTIVITY_CYCLE). The 45 min stop is then a break:
    # it ends the driving period (Art 7, RULES.md §3.1), continuous driving 0. Had the
    # runner counted the menu's key as a selection, the stop would be other work (acc 240).
    r = play(FAST + '''[[step]]
drive = "4h"
[[step]]
repeat = 6
do = [{ press = "mode" }]
[[step]]
press = "activity"
[[step]]
press = "mode"
[[step]]
repeat = 2
do = [{ press = "activity" }]
[[step]]
stop = "45m"
[[expect]]
status = "continuous_driving_min"
equals = 0
at = "end"
''')
    assert r.passed, r.checks


def test_an_absent_journal_record_is_described_as_absent():
    e = scenario.parse(FAST + '[[step]]\ndrive = "1h"\n[[expect]]\njournal = "day"\npresent = false\n'
                       '[[expect]]\njournal = "day"\n', "t.toml").expects
    assert (e[0].describe(), e[1].describe()) == ("journal has no day", "journal has day")


def test_infringement_count_measured_and_a_null_severity():
    # Two shifts of 4h31 of driving each, each followed by an 11 h daily rest (the 11 h rest
    # ends the driving period too, RULES.md §3.1): two continuous_driving infringements,
    # each measured 271 min (acc 271 > 270), severity MI (4h30 < x < 5h, 2016/403 Annex I).
    r = play(FAST + '''[[step]]
repeat = 2
do = [{ drive = "4h31m" }, { rest = "11h" }]
[[expect]]
infringement = "continuous_driving"
count = 2
severity = "MI"
measured = "4h31"
check = "both"
[[expect]]
infringement = "continuous_driving"
count = 1
[[expect]]
infringement = "continuous_driving"
measured = "4h40"
tolerance = "8m"
[[expect]]
infringement = "continuous_driving"
measured = "4h40"
tolerance = "9m"
[[expect]]
infringement = "continuous_driving"
severity = "none"
''')
    assert [c["passed"] for c in r.checks] == [True, False, False, True, False]
    assert r.checks[0]["what"] == "infringement continuous_driving (severity MI, measured 4h31) x2"
    assert r.checks[1]["expected"] == "1 of them"
    assert r.checks[2]["expected"] == "present with measured 4h40 +-8m"


def test_journal_record_fields():
    # The driver opens the day after 1 h of driving: "day" (the unit offers the unrecorded
    # time before as rest), "mode" declines it, "ack" confirms the country offered, the
    # unit's D: one day record, event start, country D (docs/driver-guide.md); no end.
    r = play(FAST + '''unit = { country = "D" }
[[step]]
drive = "1h"
[[step]]
press = "day"
[[step]]
press = "mode"
[[step]]
press = "ack"
[[expect]]
journal = "day"
fields = { event = "start", country = "D" }
[[expect]]
journal = "day"
fields = { event = "end" }
[[expect]]
journal = "day"
fields = { event = "end" }
present = false
''')
    assert [c["passed"] for c in r.checks] == [True, False, True], r.checks
    assert "country = 'D'" in r.checks[1]["actual"]


@pytest.mark.parametrize("text, where", [
    ('infringement = "daily_rest"\nseverity = "null"\n', "severity one of MI, SI, VSI, MSI, none"),
    ('infringement = "daily_rest"\ncount = -1\n', "count = N"),
    ('infringement = "daily_rest"\ncount = 1\npresent = true\n', "not both"),
    ('infringement = "daily_rest"\nmeasured = "4x"\n', "bad measured"),
    ('infringement = "daily_rest"\nmeasured = "4h30"\ntolerance = "30s"\n', "whole minutes"),
    ('infringement = "daily_rest"\ntolerance = "2m"\n', "tolerance is for measured"),
    ('journal = "position"\nfields = { why = "3h" }\n', "a position record's fields: lat, lon, reason"),
    ('journal = "position"\nfields = "other"\n', "fields = { lat = ... }"),
    ('journal = "country"\nfields = { country = ["A"] }\n', "fields.country: a string"),
])
def test_bad_expectations_are_refused_saying_what_is_wrong(text, where):
    with pytest.raises(scenario.ScenarioError) as exc:
        scenario.parse(FAST + '[[step]]\ndrive = "1h"\n[[expect]]\n' + text, "t.toml")
    assert "t.toml:8: expect 1" in str(exc.value) and where in str(exc.value)
