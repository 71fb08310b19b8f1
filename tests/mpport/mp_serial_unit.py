# Runs the MicroPython port (main.build, the real Unit) under the micropython binary, synced over stdin/stdout.
# SPDX-License-Identifier: MIT
"""Started by tests/mpport/test_mp_serial_sync.py, not by pytest::

    micropython -X heapsize=1M mp_serial_unit.py ROOT BASE INTERVALS

``main.build`` makes the port as on a board, with ``fake_machine`` and an
emulated MCP2515 in place of the hardware and ``sync = "usb"``: the office
talks to the unit on stdin/stdout, which the test connects to a pty (the
board's USB serial console). The unit's key files and journal are in
``BASE``. ``INTERVALS`` one-hour activity intervals are replayed into the
Unit after boot (journalled at the next tick), then the loop runs until the file
``BASE/stop`` appears; then ``App.stop`` (power down, journal sealed).
"""

import gc
import os
import sys
import time

ROOT, BASE, INTERVALS = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, ROOT + "/firmware")
sys.path.insert(0, ROOT + "/firmware/ports/micropython")
gc.threshold(8192)

from drivetime.activity import DRIVING, OTHER_WORK  # noqa: E402
from drivetime.unit import Unit  # noqa: E402
from fake_machine import FakeMachine, FakePin, FakeSsd1306Module  # noqa: E402
from fake_mcp2515 import FakeMcp2515  # noqa: E402
from main import BOARDS, CONFIG, build  # noqa: E402

START = 29540160 + 6 * 60       # 2026-03-02 06:00 UTC


def say(text):
    sys.stderr.write(text + "\n")


def exists(path):
    try:
        os.stat(path)
        return True
    except OSError:
        return False


pins = BOARDS["pico_w"]
chip = FakeMcp2515()
# ignition on (the opto-coupler pulls the input low)
machine = FakeMachine(chip.spi, {pins["can_cs"]: chip.cs, pins["ignition"]: FakePin(0)})
cfg = dict(CONFIG, journal_dir=BASE + "/journal", key_file=BASE + "/unit.key",
           company_key_file=BASE + "/company.key", unit_id="MP-0001", sync="usb",
           segment_bytes=128, budget_bytes=256, cap_bytes=8192)
unit = Unit()
app = build(cfg, pins, machine, FakeSsd1306Module(), unit, say=say)
app.boot()
for i in range(INTERVALS):
    unit.on_record(0, START + 60 * i, START + 60 * (i + 1), (DRIVING, OTHER_WORK)[i % 2])
time.sleep_ms(app.tick_ms + 10)
app.step()                      # the unit's tick: the replay's records into the journal
say("ready %d" % app.journal.journal.writer.seq)
while not exists(BASE + "/stop"):
    app.run(idle_ms=2, passes=25)
app.stop()
say("stopped %d confirmed %d" % (app.journal.journal.writer.seq, app.journal.journal.confirmed))
