# The Pi unit's TOML config: the example loads, defaults fill in, and each mistake is named.
# SPDX-License-Identifier: MIT
"""A config error must name the file, the section and the key (and suggest
the nearest key for a typo), so an installer can fix it from the message."""

import os

import pytest

from drivetime.activity import BREAK_REST, OTHER_WORK
from drivetime.unit import UNIT_SETTINGS
from drivetime_pi import config
from drivetime_pi.config import ConfigError

EXAMPLE = os.path.join(os.path.dirname(config.__file__), "example-config.toml")


def write(tmp_path, text):
    path = tmp_path / "unit.toml"
    path.write_text(text)
    return str(path)


def error(tmp_path, text):
    with pytest.raises(ConfigError) as caught:
        config.load(write(tmp_path, text))
    return str(caught.value)


def test_the_example_config_loads_and_makes_unit_settings():
    cfg = config.load(EXAMPLE)
    assert cfg["can"]["interface"] == "socketcan" and cfg["can"]["bitrate"] == 250000
    assert cfg["gpio"]["buttons"]["ack"] == 13 and cfg["gpio"]["leds"]["fault"] == 22
    assert cfg["display"]["address"] == 0x3C
    settings = config.unit_settings(cfg)
    assert set(settings) <= set(UNIT_SETTINGS)      # every key is one the Unit knows
    assert settings["stop_activity"] == OTHER_WORK and settings["local_offset_min"] == 60
    assert config.unit_profile(cfg)["name"] == "eu"


def test_an_empty_file_takes_the_defaults(tmp_path):
    cfg = config.load(write(tmp_path, ""))
    assert cfg["can"] == config.DEFAULTS["can"]
    assert cfg["display"]["kind"] == "terminal"
    assert config.unit_settings(cfg) == {"motion": None}     # the Unit's own defaults apply


def test_stop_activity_break_maps_to_the_code(tmp_path):
    cfg = config.load(write(tmp_path, '[unit]\nstop_activity = "break_rest"\n'))
    assert config.unit_settings(cfg)["stop_activity"] == BREAK_REST


def test_a_typo_names_the_key_and_suggests_the_right_one(tmp_path):
    msg = error(tmp_path, "[can]\nbitrat = 250000\n")
    assert "[can] bitrat" in msg and "did you mean bitrate?" in msg and "unit.toml" in msg


def test_an_unknown_section_is_named(tmp_path):
    assert "unknown section [dispaly]" in error(tmp_path, "[dispaly]\nkind = 'dummy'\n")


def test_a_wrong_type_names_the_key_and_the_type(tmp_path):
    msg = error(tmp_path, '[gps]\nbaudrate = "fast"\n')
    assert "[gps] baudrate = 'fast': expected an integer" in msg


def test_true_is_not_a_pin(tmp_path):
    msg = error(tmp_path, "[gpio.leds]\nfault = true\n")
    assert "[gpio.leds] fault" in msg


def test_an_unknown_button_name_is_named(tmp_path):
    msg = error(tmp_path, "[gpio.buttons]\nacknowledge = 13\n")
    assert "[gpio.buttons] acknowledge" in msg


def test_a_choice_lists_the_allowed_values(tmp_path):
    msg = error(tmp_path, '[unit]\nstop_activity = "driving"\n')
    assert "[unit] stop_activity = 'driving'" in msg and "'break_rest'" in msg
    assert "[display] rotate = 1" in error(tmp_path, "[display]\nrotate = 1\n")
    assert "[unit] lang = 'fr'" in error(tmp_path, '[unit]\nlang = "fr"\n')


def test_motion_overrides_are_checked_against_the_core(tmp_path):
    msg = error(tmp_path, "[unit.motion]\ncan_stop = 9000\n")
    assert "[unit.motion] can_stop" in msg and "can_stop_ms" in msg


def test_a_looser_employer_setting_is_refused(tmp_path):
    # Art 7: 4 h 30 (270 min) of continuous driving is the most; an employer may set less, not more
    msg = error(tmp_path, "[unit.set]\ncontinuous_driving_max = 300\n")
    assert "[unit] profile 'eu'" in msg and "continuous_driving_max" in msg
    assert "unknown" in error(tmp_path, "[unit.set]\ncontinuous_driving = 240\n")
    cfg = config.load(write(tmp_path, "[unit.set]\ncontinuous_driving_max = 240\n"))
    assert config.unit_profile(cfg)["continuous_driving_max"] == 240


def test_bad_toml_and_a_missing_file_name_the_file(tmp_path):
    assert "not valid TOML" in error(tmp_path, "[can\n")
    with pytest.raises(ConfigError) as caught:
        config.load(str(tmp_path / "absent.toml"))
    assert "absent.toml" in str(caught.value)


JOURNAL = '[journal]\ndirectory = "/var/lib/drivetime/journal"\nkey_file = "/etc/drivetime/unit.key"\n'


def test_the_journal_sizes_are_read(tmp_path):
    cfg = config.load(write(tmp_path, JOURNAL + "segment_bytes = 8192\nbudget_bytes = 262144\n"
                                                "cap_bytes = 1048576\n"))
    j = cfg["journal"]
    assert (j["segment_bytes"], j["budget_bytes"], j["cap_bytes"]) == (8192, 262144, 1048576)
    # none given: the journal's own defaults apply (drivetime.segments)
    assert "budget_bytes" not in config.load(write(tmp_path, JOURNAL))["journal"]


def test_a_budget_under_a_year_of_typical_days_is_refused(tmp_path):
    # issue 5: 365 days of typical use (160 bytes a day) fit in the budget: 365 * 160 = 58400
    msg = error(tmp_path, JOURNAL + "budget_bytes = 58399\n")
    assert "[journal] budget_bytes = 58399" in msg and "58400" in msg and "365 days" in msg
    cfg = config.load(write(tmp_path, JOURNAL + "budget_bytes = 58400\nsegment_bytes = 4096\n"))
    assert cfg["journal"]["budget_bytes"] == 58400


def test_a_cap_below_the_budget_is_refused(tmp_path):
    msg = error(tmp_path, JOURNAL + "budget_bytes = 262144\ncap_bytes = 262143\n")
    assert "[journal] cap_bytes = 262143: below budget_bytes (262144)" in msg
    # against the default budget (128 KiB) when only the cap is given
    assert "[journal] cap_bytes = 100000" in error(tmp_path, JOURNAL + "cap_bytes = 100000\n")
    assert "[journal] cap_bytes = 'big': expected an integer" in error(tmp_path, JOURNAL + 'cap_bytes = "big"\n')


def test_a_segment_size_out_of_bounds_is_refused(tmp_path):
    # at least a START, the longest record and a SEAL; at most a third of the budget
    # (prune drops whole segments): 131072 // 3 = 43690 with the default budget
    assert "[journal] segment_bytes = 256" in error(tmp_path, JOURNAL + "segment_bytes = 256\n")
    msg = error(tmp_path, JOURNAL + "segment_bytes = 43691\n")
    assert "[journal] segment_bytes = 43691" in msg and "43690" in msg
    assert config.load(write(tmp_path, JOURNAL + "segment_bytes = 43690\n"))["journal"]["segment_bytes"] == 43690


def test_journal_sizes_without_a_journal_are_refused(tmp_path):
    msg = error(tmp_path, "[journal]\nbudget_bytes = 262144\n")
    assert "[journal] budget_bytes needs directory and key_file" in msg


def test_the_example_documents_the_journal_sizes_at_their_defaults(tmp_path):
    # the commented [journal] lines of the example, switched on, load and say the
    # journal's own defaults (drivetime.segments: 4 KiB files, 128 KiB budget, cap twice that)
    import re

    from drivetime import segments
    with open(EXAMPLE) as f:
        text = f.read()
    text = re.sub(r"^# (directory|key_file|budget_bytes|cap_bytes|segment_bytes) =", r"\1 =", text, flags=re.M)
    j = config.load(write(tmp_path, text))["journal"]
    assert (j["segment_bytes"], j["budget_bytes"], j["cap_bytes"]) == \
        (segments.SEGMENT_BYTES, segments.BUDGET_BYTES, 2 * segments.BUDGET_BYTES)


def test_the_rule_settings_reach_the_unit(tmp_path):
    # A coach operator's unit (Art 8(6a), RULES.md §3.8): passengers, the
    # 12-day derogation, the AETR rules (§5), a WTD reference from week 2930.
    from drivetime.unit import Unit
    cfg = config.load(write(tmp_path, '[rules]\nprofile = "aetr"\ntransport = "passengers"\n'
                                      'twelve_day = true\nwtd_anchor_week = 2930\n'))
    settings = config.unit_settings(cfg)
    assert settings == {"motion": None, "transport": "passengers", "twelve_day": True,
                        "wtd_anchor_week": 2930}
    u = Unit(settings, config.unit_profile(cfg))
    e = u.engine
    assert (e.profile["name"], e.transport, e.twelve_day, e.wtd_anchor_week) == (
        "aetr", "passengers", True, 2930)
    # the older place of the profile still works; a goods unit with two reduced WRs
    cfg = config.load(write(tmp_path, '[unit]\nprofile = "eu"\n[rules]\ntwo_reduced_weekly = true\n'))
    assert Unit(config.unit_settings(cfg), config.unit_profile(cfg)).engine.two_reduced_weekly


def test_rule_settings_the_regulation_does_not_allow_are_named(tmp_path):
    # Art 8(6a): the 12-day derogation is for passenger transport; Art 8(6)
    # third subparagraph (§3.6(c)): two reduced WRs in a row for goods only;
    # §5: not under the AETR.
    msg = error(tmp_path, "[rules]\ntwelve_day = true\n")
    assert "[rules] twelve_day" in msg and "passenger" in msg and "unit.toml" in msg
    msg = error(tmp_path, '[rules]\ntransport = "passengers"\ntwo_reduced_weekly = true\n')
    assert "[rules] two_reduced_weekly" in msg and "goods" in msg
    msg = error(tmp_path, '[rules]\nprofile = "aetr"\ntwo_reduced_weekly = true\n')
    assert "[rules] two_reduced_weekly" in msg and "AETR" in msg
    assert "[rules] transport = 'coach'" in error(tmp_path, '[rules]\ntransport = "coach"\n')
    assert "[rules] twelve_day = 'yes'" in error(tmp_path, '[rules]\ntwelve_day = "yes"\n')
    assert "[rules] wtd_anchor_week = -1" in error(tmp_path, "[rules]\nwtd_anchor_week = -1\n")
    assert "[rules] profile 'eu+nowhere'" in error(tmp_path, '[rules]\nprofile = "eu+nowhere"\n')
    msg = error(tmp_path, '[unit]\nprofile = "eu"\n[rules]\nprofile = "aetr"\n')
    assert "[rules] profile and [unit] profile" in msg


def test_the_micropython_boards_config_takes_the_rule_settings():
    # firmware/ports/micropython/main.py: CONFIG["rules"] beside CONFIG["unit"];
    # the same checks as the Pi's (the Unit's own, naming the key).
    import mpport_path  # noqa: F401
    from drivetime.unit import Unit
    import main as board
    cfg = dict(board.CONFIG, unit={"lang": "de"}, rules={"transport": "passengers", "twelve_day": True})
    settings = board.unit_settings(cfg)
    assert settings == {"lang": "de", "transport": "passengers", "twelve_day": True}
    assert Unit(settings).engine.twelve_day
    assert board.unit_settings(board.CONFIG) == {}
    with pytest.raises(ValueError, match="rules: unknown key 'twelveday'"):
        board.unit_settings(dict(cfg, rules={"twelveday": True}))
    with pytest.raises(ValueError, match="twelve_day"):
        Unit(board.unit_settings(dict(cfg, rules={"twelve_day": True})))    # goods: Art 8(6a)
