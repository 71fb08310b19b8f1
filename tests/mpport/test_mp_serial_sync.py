# 'drivetime office sync --port' downloads from the MicroPython port running under the real micropython binary.
# SPDX-License-Identifier: MIT
"""End to end (issue 5) with the port's own code on the real interpreter:
tests/mpport/mp_serial_unit.py runs ``main.build`` (the real Unit, the
journal in files, sync on the "USB console") in a ``micropython``
subprocess whose stdin/stdout is a pty master; the office's
``drivetime office sync --port`` opens the pty's other end as it would a
board's /dev/ttyACM0 and stores the download in an office database.
Checked: every record the unit journalled arrives exactly once and verifies
with the unit key, the ACK reaches the unit's flash (confirmed watermark,
old segments pruned), a second sync adds nothing, a wrong company key is
refused and the unit journals ``auth_fail``.
"""

import json
import os
import shutil
import subprocess
import time
import tty
from pathlib import Path

import pytest

from drivetime import journal as J
from host_tools import cli
from host_tools.store import Store

ROOT = Path(__file__).resolve().parents[2]
MICROPYTHON = ROOT / ".venv" / "bin" / "micropython"
UNIT_KEY = bytes(range(32))
COMPANY_KEY = bytes(range(100, 132))
INTERVALS = 60

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists() and not shutil.which("micropython"),
                                reason="no micropython binary (make venv builds it)")


class Board:
    """The port in a micropython process, its console on a pty."""

    def __init__(self, base):
        self.base = base
        (base / "unit.key").write_text(UNIT_KEY.hex() + "\n")
        (base / "company.key").write_text(COMPANY_KEY.hex() + "\n")
        master, self.slave = os.openpty()
        tty.setraw(self.slave)      # a USB CDC line: no echo, no line editing
        tty.setraw(master)
        self.port = os.ttyname(self.slave)
        exe = str(MICROPYTHON) if MICROPYTHON.exists() else shutil.which("micropython")
        self.err = open(base / "unit.err", "w+")
        self.proc = subprocess.Popen(
            [exe, "-X", "heapsize=1M", str(ROOT / "tests/mpport/mp_serial_unit.py"), str(ROOT),
             str(base), str(INTERVALS)], stdin=master, stdout=master, stderr=self.err)
        os.close(master)            # the process holds it; the test keeps the slave open
        self._wait("ready")

    def _wait(self, word, timeout=60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.err.seek(0)
            text = self.err.read()
            if word in text:
                return text
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError("micropython unit: no %r:\n%s" % (word, text))

    def stop(self):
        (self.base / "stop").write_text("")
        text = self._wait("stopped")
        self.proc.wait(10)
        os.close(self.slave)
        return text

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture
def board(tmp_path):
    b = Board(tmp_path)
    yield b
    b.kill()


def _journal(base):
    dec = J.Decoder(UNIT_KEY)
    recs = []
    for seg in sorted((base / "journal").glob("j*")):
        recs.extend(dec.feed(seg.read_bytes()))
    dec.finish()
    return recs, dec.problems


def _sync(tmp_path, capsys, company=COMPANY_KEY):
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"company": company.hex(), "units": {"MP-0001": UNIT_KEY.hex()}}))
    rc = cli.main(["office", "sync", "--port", board_port(tmp_path), "--db", str(tmp_path / "office.db"),
                   "--keys", str(keys)])
    return rc, capsys.readouterr()


def board_port(tmp_path):
    return (tmp_path / "port").read_text()


def test_office_sync_over_the_ports_serial_console(board, tmp_path, capsys):
    (tmp_path / "port").write_text(board.port)
    rc, out = _sync(tmp_path, capsys)
    assert rc == 0, out
    store = Store(str(tmp_path / "office.db"))
    stored = store.records("MP-0001")
    last = len(stored)
    # Exactly once, in order: every seq from 1 (nothing existed before this unit's journal).
    assert [r["seq"] for r in stored] == list(range(1, last + 1))
    store.close()
    # A second sync adds nothing it already holds: the unit keeps running
    # between the two, so a record it journals meanwhile (a warning as the
    # real clock moves on) may follow, each exactly once, in order.
    rc, out = _sync(tmp_path, capsys)
    assert rc == 0, out
    with Store(str(tmp_path / "office.db")) as store:
        again = store.records("MP-0001")
        assert [r["seq"] for r in again] == list(range(1, len(again) + 1))
        assert [bytes(r["raw"]) for r in again[:last]] == [bytes(r["raw"]) for r in stored]
        stored, last = again, len(again)
    text = board.stop()
    assert "confirmed %d" % last in text            # the office's ACK reached the flash
    # What the office holds: power-up with the driver and crew the unit
    # names, then the 60 activity changes of the replay (driving and other
    # work alternate), all journalled before the office's HELLO sealed them.
    kinds = [r["kind"] for r in stored]
    assert kinds[:3] == ["power", "driver", "crew"] and kinds.count("activity") == INTERVALS
    with Store(str(tmp_path / "office.db")) as store:
        acts = [e["fields"]["activity"] for e in store.events("MP-0001") if e["kind"] == "activity"]
    assert acts == ["driving", "other_work"] * (INTERVALS // 2)
    # On the flash: the confirmed segments pruned down to the budget (256
    # bytes), the rest the tail of what the office holds, byte for byte, and
    # the power-down written and sealed at the stop.
    recs, problems = _journal(tmp_path)
    assert recs[0].seq > 1 and sum(f.stat().st_size for f in (tmp_path / "journal").glob("j*")) <= 256 + 128
    by_seq = {r["seq"]: bytes(r["raw"]) for r in stored}
    assert all(bytes(rec.raw) == by_seq[rec.seq] for rec in recs if rec.seq <= last)
    assert recs[-1].kind == "power" and recs[-1].fields["on"] is False and recs[-1].ok
    assert [p[1] for p in problems if not p[1].startswith("chain resumed")] == []


def test_a_wrong_company_key_is_refused_and_the_unit_journals_it(board, tmp_path, capsys):
    (tmp_path / "port").write_text(board.port)
    rc, out = _sync(tmp_path, capsys, company=bytes(32))
    assert rc == 2 and "key" in (out.out + out.err)
    board.stop()
    recs, _ = _journal(tmp_path)
    fails = [r for r in recs if r.kind == "auth_fail"]
    assert fails and fails[0].fields["reason"] == "wrong key" and fails[0].ok
