# `drivetime unit --config FILE`: a bad config exits 2 naming the key; a real run shows screens and stops on SIGTERM.
# SPDX-License-Identifier: MIT
import os
import signal
import subprocess
import sys
import time

from host_tools.cli import main

DRIVETIME = os.path.join(os.path.dirname(sys.executable), "drivetime")


def test_a_bad_config_exits_2_naming_the_key(tmp_path, capsys):
    path = tmp_path / "unit.toml"
    path.write_text("[gps]\nbaud = 9600\n")
    assert main(["unit", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "[gps] baud" in err and "did you mean baudrate?" in err


def test_the_unit_runs_shows_its_screen_and_stops_cleanly_on_sigterm(tmp_path):
    path = tmp_path / "unit.toml"
    path.write_text('[can]\ninterface = "virtual"\nchannel = "cli-test"\n'
                    '[gps]\nport = "loop://"\n[gpio]\nenabled = false\n'
                    '[display]\nkind = "terminal"\nansi = false\n')
    proc = subprocess.Popen([DRIVETIME, "unit", "--config", str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    # the terminal display drew the main screen: a 16-wide box, the title row inverted
    assert "+" + "-" * 16 + "+" in out
    assert any(line.startswith(">") and line.endswith("<") for line in out.splitlines())
