# The Pi unit serves its journal over TCP to 'drivetime office sync --host', polled from the main loop.
# SPDX-License-Identifier: MIT
"""``[sync] listen`` makes ``drivetime_pi.main.build`` give the loop a
``drivetime_pi.sync_adapter.SyncPort``. End to end on loopback: the loop
steps in its own thread (as on the Pi), the office client of
``host_tools.sync`` downloads into ``host_tools.store``; issue 5 asks that
every record arrives exactly once, that the office's confirmation (and
nothing before it) lets old segments go, that a repeated download adds
nothing, and that a wrong company key is refused and journalled.
"""

import os
import threading
import time

import pytest

from drivetime import journal as J
from drivetime.segments import SegmentJournal
from drivetime_pi import config
from drivetime_pi.main import ManualClock, build
from drivetime_pi.storage import FileStorage, JournalSink
from host_tools import sync
from host_tools.store import Store

UNIT_KEY = bytes(range(32))
COMPANY_KEY = bytes(range(100, 132))
START_S = 1772445600        # 2026-03-02 10:00:00Z
RECORDS = 300


def _cfg(tmp_path, **sync_keys):
    (tmp_path / "unit.key").write_text(UNIT_KEY.hex())
    (tmp_path / "company.key").write_text(COMPANY_KEY.hex() + "\n")
    s = {"listen": "127.0.0.1:0", "company_key_file": str(tmp_path / "company.key"),
         "unit_id": "PI-0001"}
    s.update(sync_keys)
    return config.check({"can": {"enabled": False}, "gps": {"enabled": False},
                         "gpio": {"enabled": False}, "display": {"kind": "none"},
                         "journal": {"directory": str(tmp_path / "journal"),
                                     "key_file": str(tmp_path / "unit.key")},
                         "sync": s})


class Running:
    """The unit loop stepping in a thread (the Pi's main loop), a few hundred records journalled."""

    def __init__(self, tmp_path):
        self.clock = ManualClock(0, START_S)
        # small segments and budget so that a few hundred records span many
        # segments and exceed the budget: pruning is then up to the watermark
        # (the hard cap is far away: nothing is overwritten unconfirmed here)
        self.journal = SegmentJournal(FileStorage(tmp_path / "journal"), UNIT_KEY,
                                      segment_bytes=512, budget_bytes=1024, cap_bytes=64 * 1024)
        self.journal.recover()
        self.loop = build(_cfg(tmp_path), self.clock, sink=JournalSink(self.journal, self.clock))
        self.loop.step()
        for i in range(RECORDS):
            self.clock.advance(60000)
            self.loop.journal("fault", fault="can_adapter", on=bool(i % 2))
        self.loop.step()            # the unit's tick after the 300 minutes logs too
        self.last = self.journal.writer.seq
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        # the clock stands still here: the unit logs nothing more, the journal's end is fixed
        while not self.stop.is_set():
            self.loop.step()
            time.sleep(0.001)

    def connect(self):
        host, port = self.loop.sync.address
        return sync.TcpTransport(host, port)

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.loop.close()


@pytest.fixture
def unit(tmp_path):
    running = Running(tmp_path)
    yield running
    running.close()


def _journal_records(tmp_path):
    folder = tmp_path / "journal"
    dec = J.Decoder(UNIT_KEY)
    out = []
    for name in sorted(n for n in os.listdir(folder) if n.startswith("j")):
        out.extend(dec.feed((folder / name).read_bytes()))
    return out


def test_the_office_downloads_everything_once_and_the_ack_prunes(unit, tmp_path):
    segments = unit.journal.segments()
    # over budget, yet nothing dropped: the office has confirmed nothing
    assert unit.journal.total_bytes() > 1024 and segments[0] == "j0000000001"
    assert unit.last >= RECORDS     # the unit's own records and the 300 faults

    # A download the office does not confirm (ACK) prunes nothing.
    got = []
    client = sync.SyncClient(unit.connect, COMPANY_KEY, lambda f, n, blob: got.append((f, n)),
                             confirm=False)
    result = client.run(1)
    assert result.complete and result.received == unit.last
    assert unit.journal.confirmed == 0 and unit.journal.segments()[0] == "j0000000001"

    store = Store(str(tmp_path / "office.db"))
    result, stored = sync.office_sync(unit.connect, COMPANY_KEY, store, {"PI-0001": UNIT_KEY})
    assert result.error is None and result.missing == []
    seqs = [r["seq"] for r in store.records("PI-0001")]
    assert seqs == list(range(1, unit.last + 1))            # each record exactly once
    assert stored.added == unit.last
    # the ACK came after the import: the watermark is the last record
    time.sleep(0.05)
    assert result.confirmed == unit.last and unit.journal.confirmed == unit.last
    left = unit.journal.segments()
    assert left[0] != "j0000000001" and len(left) < len(segments)
    # pruned down to the budget (SegmentJournal.prune), the newest segment always kept
    assert unit.journal.total_bytes() <= 1024 or len(left) == 1

    # A second sync finds nothing new and adds nothing.
    before = store.counts()
    result, stored = sync.office_sync(unit.connect, COMPANY_KEY, store, {"PI-0001": UNIT_KEY})
    assert result.error is None and result.received == 0
    assert stored is None and store.counts() == before
    store.close()


def test_a_partial_confirmation_prunes_only_wholly_confirmed_segments(unit):
    # The office confirms up to seq 150 only: segments wholly at or below 150
    # may go, the one holding 151 must stay (the office lacks 151 onwards).
    client = sync.SyncClient(unit.connect, COMPANY_KEY, lambda f, n, blob: None)
    client._open(sync.SyncResult(1))
    client._request(sync.sp.frame(sync.sp.T_ACK, (150).to_bytes(4, "little")), (sync.sp.T_ACK,))
    client._close()
    time.sleep(0.05)
    kept = unit.journal.segments()
    assert unit.journal.confirmed == 150
    assert kept[0] != "j0000000001" and int(kept[0][1:]) <= 151


def test_a_wrong_company_key_is_refused_and_journalled(unit, tmp_path):
    store = Store(None)
    result, stored = sync.office_sync(unit.connect, bytes(32), store, {"PI-0001": UNIT_KEY})
    assert result.error is not None and "wrong key" in result.error
    assert stored is None and store.records("PI-0001") == []
    assert unit.journal.confirmed == 0
    unit.close()            # seals the journal
    fails = [r for r in _journal_records(tmp_path) if r.kind == "auth_fail"]
    assert [r.fields for r in fails] == [{"reason": "wrong key"}]


def test_sync_needs_a_company_key_and_a_journal(tmp_path):
    with pytest.raises(config.ConfigError, match="company_key_file"):
        config.check({"sync": {"listen": "0.0.0.0:7070"}})
    with pytest.raises(config.ConfigError, match=r"\[journal\]"):
        config.check({"sync": {"listen": "0.0.0.0:7070", "company_key_file": "k"}})
    with pytest.raises(config.ConfigError, match="HOST:PORT"):
        _cfg(tmp_path, listen="7070")
