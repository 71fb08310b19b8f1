# The Pi loop's default sink: the Unit's Log records into a SegmentJournal of files on the SD card.
# SPDX-License-Identifier: MIT
"""``[journal] directory`` and ``key_file`` in the config make
``drivetime_pi.main.build`` journal every record the unit logs (and the
port's own ``fault`` records) through ``drivetime_pi.storage.FileStorage``;
closing the loop seals them. What a short run leaves must decode with the
unit key and ``journal.Decoder`` without a single problem.
"""

import os

import pytest

from drivetime import journal as J
from drivetime_pi import config
from drivetime_pi.main import ManualClock, build, run_unit

KEY = bytes(range(32))
START_S = 1772445600        # 2026-03-02 10:00:00Z (calendar.timegm)
START_MIN = START_S // 60   # 29540760


def _cfg(tmp_path, key_text=None):
    key_file = tmp_path / "unit.key"
    key_file.write_text(KEY.hex() + "\n" if key_text is None else key_text)
    return config.check({"can": {"enabled": False}, "gps": {"enabled": False},
                         "gpio": {"enabled": False}, "display": {"kind": "none"},
                         "journal": {"directory": str(tmp_path / "journal"),
                                     "key_file": str(key_file)}})


def _run(cfg, clock, press_at_s):
    loop = build(cfg, clock)
    for _ in range(20 * 60):                # 20 minutes, a step a second
        loop.step()
        if clock.mono_ms() == press_at_s * 1000:
            loop.unit.on_button(clock.mono_ms(), "activity")
        clock.advance(1000)
    loop.journal("fault", fault="can_adapter", on=True, detail="test")
    loop.close()


def _decode(tmp_path):
    folder = tmp_path / "journal"
    names = sorted(n for n in os.listdir(folder) if n.startswith("j"))
    data = b"".join((folder / n).read_bytes() for n in names)
    dec = J.Decoder(KEY)
    records = dec.feed(data)
    dec.finish()
    return records, dec.problems


def test_a_short_run_leaves_a_journal_that_verifies(tmp_path):
    clock = ManualClock(0, START_S)
    _run(_cfg(tmp_path), clock, press_at_s=300)
    records, problems = _decode(tmp_path)
    assert problems == []
    assert records and all(r.ok for r in records)           # sealed at close
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    # The activity button pressed at 10:05 selects availability (other work ->
    # availability, the first press): a select record in that minute.
    assert [(r.minute, r.fields) for r in records if r.kind == "select"] == \
        [(START_MIN + 5, {"activity": "availability"})]
    # The port's fault record has no minute of its own: the system clock's,
    # 20 minutes after the start; then the loop's close powers the unit down.
    fault, last = records[-2:]
    assert (fault.kind, fault.minute, fault.fields) == \
        ("fault", START_MIN + 20, {"fault": "can_adapter", "on": True})
    assert (last.kind, last.minute, last.fields) == ("power", START_MIN + 20, {"on": False})
    # Power-up first, at the clock's minute, with the driver (none configured) and the crew.
    assert [(r.kind, r.minute, r.fields) for r in records[:3]] == [
        ("power", START_MIN, {"on": True}), ("driver", START_MIN, {"card": "", "name": ""}),
        ("crew", START_MIN, {"crew": "single"})]


def test_a_reboot_continues_the_chain(tmp_path):
    cfg = _cfg(tmp_path)
    clock = ManualClock(0, START_S)
    _run(cfg, clock, press_at_s=300)
    first, _ = _decode(tmp_path)
    _run(cfg, ManualClock(0, START_S + 3600), press_at_s=60)
    records, problems = _decode(tmp_path)
    assert problems == []
    assert len(records) > len(first) and all(r.ok for r in records)
    assert [r.seq for r in records] == list(range(1, len(records) + 1))


def test_journal_needs_both_directory_and_key_file(tmp_path):
    with pytest.raises(config.ConfigError, match="key_file"):
        config.check({"journal": {"directory": str(tmp_path)}})


@pytest.mark.parametrize("text", ["not hex", "00ff"])
def test_a_bad_key_file_stops_the_unit_with_status_2(tmp_path, capsys, text):
    cfg_file = tmp_path / "unit.toml"
    (tmp_path / "unit.key").write_text(text)
    cfg_file.write_text('[can]\nenabled = false\n[gps]\nenabled = false\n[gpio]\nenabled = false\n'
                        '[display]\nkind = "none"\n[journal]\ndirectory = "%s"\nkey_file = "%s"\n'
                        % (tmp_path / "journal", tmp_path / "unit.key"))
    assert run_unit(str(cfg_file)) == 2
    assert "key_file" in capsys.readouterr().err
