# The Pi's USB gadget serial sync (/dev/ttyGS0) end to end over real pseudo-terminals.
# SPDX-License-Identifier: MIT
"""``SyncPort(serial=...)`` opens its device with pyserial as it would
``/dev/ttyGS0``; ``drivetime office sync --port`` opens the other end of a
null-modem made of two pseudo-terminals (a thread copies between their
masters, as the cable would). Issue 5: every record stored exactly once, the
office's confirmation (after the import) prunes, a repeated sync adds
nothing; the office's settings (CONFIG) reach ``on_config`` and the records
the unit journals for them come down sealed in the same download."""

import json
import os
import select
import threading
import time
import tty

import pytest

from drivetime.segments import SegmentJournal
from drivetime_pi.main import ManualClock
from drivetime_pi.storage import FileStorage, JournalSink
from drivetime_pi.sync_adapter import SyncPort
from host_tools import cli
from host_tools.store import Store

UNIT_KEY = bytes(range(32))
COMPANY_KEY = bytes(range(100, 132))
UNIT = "PI-0009"
T0 = 29540160           # 2026-03-02 00:00Z


class NullModem:
    """Two ptys whose masters are joined: ``a`` and ``b`` are the device paths of the two ends."""

    def __init__(self):
        self.fds = []
        self.masters = []
        for _ in range(2):
            master, slave = os.openpty()
            tty.setraw(master)
            tty.setraw(slave)
            self.fds += [master, slave]         # the slaves stay open: no hang-up between opens
            self.masters.append(master)
        self.a, self.b = os.ttyname(self.fds[1]), os.ttyname(self.fds[3])
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self):
        one, two = self.masters
        while not self.stop.is_set():
            ready, _, _ = select.select([one, two], [], [], 0.05)
            for fd in ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    continue
                os.write(two if fd == one else one, data)

    def close(self):
        self.stop.set()
        self.thread.join(2)
        for fd in self.fds:
            os.close(fd)


class SerialUnit:
    """The Pi's journal and SyncPort on one end of the null-modem, polled as the loop does."""

    def __init__(self, tmp_path, device, records=300):
        self.clock = ManualClock(0, T0 * 60)
        self.journal = SegmentJournal(FileStorage(tmp_path / "journal"), UNIT_KEY,
                                      segment_bytes=512, budget_bytes=1024, cap_bytes=64 * 1024)
        self.journal.recover()
        self.sink = JournalSink(self.journal, self.clock)
        for i in range(records):
            self.sink("fault", {"fault": "gps_adapter", "on": bool(i % 2), "minute": T0 + i})
        self.settings = []
        self.port = SyncPort(self.journal, UNIT, COMPANY_KEY, self.sink, serial=device,
                             on_config=self.apply_config)
        assert self.port.serial is not None, "the serial device did not open"
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def apply_config(self, settings):
        # as Unit.apply_config: each accepted change journalled as config; refused keys back
        self.settings.append(settings)
        for key in sorted(settings):
            if key == "lang":
                self.sink("config", {"key": key, "value": str(settings[key]), "minute": T0 + 400})
        return [k for k in settings if k != "lang"]

    def _run(self):
        while not self.stop.is_set():
            self.port.poll()
            time.sleep(0.001)

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.port.close()


@pytest.fixture
def rig(tmp_path):
    modem = NullModem()
    unit = SerialUnit(tmp_path, modem.a)
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"units": {UNIT: UNIT_KEY.hex()}, "company": COMPANY_KEY.hex()}))
    argv = ["office", "sync", "--port", modem.b, "--db", str(tmp_path / "office.db"), "--keys", str(keys)]
    yield unit, argv, str(tmp_path / "office.db")
    unit.close()
    modem.close()


def test_office_sync_over_the_gadget_serial_stores_once_confirms_and_prunes(rig, capsys):
    unit, argv, db = rig
    first_segments = unit.journal.segments()
    assert unit.journal.total_bytes() > 1024 and first_segments[0] == "j0000000001"
    assert cli.main(argv + ["--set", "lang=de"]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    last = unit.journal.writer.seq
    assert last == 301                                  # 300 faults and the config record
    assert "stored: %d new records" % last in out and "settings: all taken by the unit" in out
    assert unit.settings == [{"lang": "de"}]
    with Store(db) as store:
        assert [r["seq"] for r in store.records(UNIT)] == list(range(1, last + 1))   # once each
        config = [e["fields"] for e in store.events(UNIT) if e["kind"] == "config"]
        assert config == [{"key": "lang", "value": "de"}]
    # the ACK came after the import: confirmed up to the end, old segments pruned to the budget
    deadline = time.monotonic() + 2
    while unit.journal.confirmed < last and time.monotonic() < deadline:
        time.sleep(0.01)
    assert unit.journal.confirmed == last
    left = unit.journal.segments()
    assert left[0] != "j0000000001" and unit.journal.total_bytes() <= 1024 + 512
    # a second sync finds nothing new and adds nothing
    assert cli.main(argv) == 0
    assert "0 records received" in capsys.readouterr().out
    with Store(db) as store:
        assert len(store.records(UNIT)) == last


def test_a_refused_setting_is_printed_and_the_download_still_stored(rig, capsys):
    unit, argv, db = rig
    assert cli.main(argv + ["--set", "lang=fr", "--set", "buzzer=off"]) == 1
    out = capsys.readouterr().out
    assert "settings REFUSED by the unit: buzzer" in out
    assert "stored: 301 new records" in out             # lang=fr was taken and journalled
    assert unit.settings == [{"lang": "fr", "buzzer": False}]
