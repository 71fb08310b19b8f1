# simulator.unit_config: the emulated devices' unit config reads back as the sections written, and the Pi port loads it.
# SPDX-License-Identifier: MIT
import tomllib

from drivetime_pi import config
from simulator.unit_config import sections, toml_text, write_unit_config


def test_the_text_reads_back_as_the_sections_a_replaced_section_whole_and_a_dropped_one_gone():
    want = sections("/dev/pts/7", 'C:\\odd "gps"', gpio={"buzzer": 18, "leds": {"fault": 22}},
                    display=None, sync={"listen": "127.0.0.1:0", "unit_id": "Ü-1"})
    assert tomllib.loads(toml_text(want, comment="made here")) == want
    assert want["gpio"] == {"buzzer": 18, "leds": {"fault": 22}}   # no "enabled = false" left
    assert "display" not in want and want["can"]["options"] == {"sleep_after_open": 0, "timeout": 0}


def test_the_pi_port_loads_the_default_config(tmp_path):
    cfg = config.load(str(write_unit_config(tmp_path / "unit.toml", "/dev/pts/7", "/dev/pts/8")))
    assert cfg["can"]["interface"] == "slcan" and cfg["can"]["channel"] == "/dev/pts/7"
    assert cfg["gps"]["port"] == "/dev/pts/8" and cfg["loop"]["tick_ms"] == 200
