# The MicroPython port serves its flash journal to the office over a (fake) UART, from the loop.
# SPDX-License-Identifier: MIT
"""``sync_uart.SyncLink`` polled by ``app.App`` over a FakeUART (bytes in,
bytes out), the journal in files of the unix port's filesystem. The office
side is written out here with the core's framing, answered with the company
key, and what arrives is checked with the core Decoder and the unit key
(issue 5: every record exactly once, confirmed records pruned, a wrong key
refused and journalled)."""

import struct
from collections import namedtuple

import mpport_path  # noqa: F401
from app import App
from drivetime import journal as J
from drivetime import syncproto as sp
from fake_machine import FakeUART
from journal_flash import JournalSink, open_journal
from support import ManualClock as Clock, fresh_dir
from sync_uart import SyncLink

Log = namedtuple("Log", ("kind", "fields"))
UNIT_KEY = bytes(range(32))
COMPANY_KEY = bytes(range(100, 132))
MINUTE = 29540160       # 2026-03-02 00:00 UTC
BASE = "/tmp/drivetime_mpport_sync"
SESSION = b"office01"


class Rtc:
    def read(self):
        return MINUTE + 500, 0


class ConfigUnit:
    """The Unit's side of sync: settings from the office (Unit.apply_config refuses unknown keys)."""

    def __init__(self):
        self.settings = {}

    def tick(self, mono):
        return []

    def apply_config(self, settings):
        refused = [k for k in settings if k not in ("lang", "buzzer")]
        if not refused:
            self.settings.update(settings)
        return refused


def _rig(n=40, accept=None):
    d = fresh_dir(BASE)
    # A small budget so that pruning shows; a cap far above it: nothing overwritten.
    journal, _ = open_journal(d, UNIT_KEY, segment_bytes=100, budget_bytes=200, cap_bytes=8192)
    sink = JournalSink(journal, Rtc(), say=lambda s: None)
    for i in range(n):
        sink.record(0, "fault", {"fault": "can_silent", "on": i % 2 == 0, "minute": MINUTE + i})
    uart, clock, unit = FakeUART(accept), Clock(), ConfigUnit()
    link = SyncLink(uart, journal, "MP-0001", COMPANY_KEY, sink.record, unit.apply_config,
                    random_bytes=lambda k: bytes(range(7, 7 + k)), say=lambda s: None)
    app = App(unit, clock, journal=sink, sync=link)
    return app, uart, clock, journal


def _ask(app, uart, clock, data, passes=200):
    """Send ``data`` as the office would, run the loop until the answers are out."""
    uart.feed(data)
    reader, got = sp.FrameReader(), []
    for _ in range(passes):
        clock.t += 20
        app.step()
        got.extend(reader.feed(uart.take()))
        if not uart.any() and not app.sync.sending:
            break
    return got


def _login(app, uart, clock, key):
    got = _ask(app, uart, clock, sp.frame(sp.T_HELLO, bytes((sp.PROTO,)) + SESSION))
    assert [t for t, _ in got] == [sp.T_HELLO, sp.T_CHALLENGE]
    proto, version, first, last, confirmed = struct.unpack("<BBIII", got[0][1][:14])
    unit_id = got[0][1][14:]
    assert unit_id == b"MP-0001"
    answer = sp.auth_answer(key, got[1][1], SESSION, unit_id)
    return (first, last, confirmed), _ask(app, uart, clock, sp.frame(sp.T_RESPONSE, answer))


def _download(app, uart, clock):
    """GET from seq 1 until the unit's last; each answer decoded on its own with the unit key."""
    records, seq, last = [], 1, None
    while last is None or seq <= last:
        got = _ask(app, uart, clock, sp.frame(sp.T_GET, struct.pack("<IH", seq, 120)))
        assert [t for t, _ in got] == [sp.T_RECORDS]
        from_seq, first, last, count, blob = sp.unpack_records(got[0][1])
        dec = J.Decoder(UNIT_KEY)
        recs = dec.feed(blob)
        dec.finish()
        assert dec.problems == [] or all(p[1].startswith("chain resumed") for p in dec.problems)
        assert [r.seq for r in recs] == list(range(first, first + count)) and count > 0
        records.extend(recs)
        seq = first + count
    return records, last


def _journal_records(journal):
    dec = J.Decoder(UNIT_KEY)
    out = []
    for name in journal.segments():
        out.extend(dec.feed(journal.storage.read(name)))
    return out


def test_the_office_downloads_every_record_once_and_its_ack_prunes():
    app, uart, clock, journal = _rig()
    (first, last, confirmed), got = _login(app, uart, clock, COMPANY_KEY)
    # HELLO sealed the journal first: the office is told of sealed records only.
    assert (first, last, confirmed) == (1, 40, 0)
    assert got == [(sp.T_ACK, struct.pack("<I", 0))]
    segments = journal.segments()
    assert len(segments) > 2 and journal.total_bytes() > 200     # over budget, nothing confirmed
    records, last = _download(app, uart, clock)
    # Each of the 40 records once, in order, sealed, with what was written.
    assert [r.seq for r in records] == list(range(1, 41)) and last == 40
    assert all(r.ok for r in records)
    assert [(r.minute, r.fields["on"]) for r in records] == [(MINUTE + i, i % 2 == 0) for i in range(40)]
    assert journal.segments() == segments                        # downloading alone drops nothing
    got = _ask(app, uart, clock, sp.frame(sp.T_ACK, struct.pack("<I", 40)))
    assert got == [(sp.T_ACK, struct.pack("<I", 40))] and journal.confirmed == 40
    # Confirmed: the oldest segments went, down to the budget (the newest stays).
    left = journal.segments()
    assert left[0] != segments[0] and (journal.total_bytes() <= 200 or len(left) == 1)


def test_replies_go_out_a_piece_a_pass_and_still_arrive_whole():
    # A transmit buffer that takes 50 bytes a write: the loop is never held.
    app, uart, clock, journal = _rig(n=12, accept=50)
    app.sync.max_write = 50
    _login(app, uart, clock, COMPANY_KEY)
    records, last = _download(app, uart, clock)
    assert [r.seq for r in records] == list(range(1, 13)) and all(r.ok for r in records)


def test_a_wrong_company_key_is_refused_and_journalled():
    app, uart, clock, journal = _rig(n=3)
    _, got = _login(app, uart, clock, bytes(32))
    assert len(got) == 1 and got[0][0] == sp.T_ERROR and got[0][1][0] == sp.E_AUTH_FAILED
    assert got[0][1][1:] == b"wrong key"
    # Nothing to read without the key.
    got = _ask(app, uart, clock, sp.frame(sp.T_GET, struct.pack("<IH", 1, 500)))
    assert got[0][0] == sp.T_ERROR and got[0][1][0] == sp.E_AUTH_REQUIRED
    journal.seal()
    recs = _journal_records(journal)
    assert recs[-1].kind == "auth_fail" and recs[-1].fields["reason"] == "wrong key"
    assert recs[-1].minute == MINUTE + 500          # the RTC's minute: the session gives none
    assert recs[-1].ok


def test_config_reaches_the_unit_and_a_silent_line_ends_the_session():
    app, uart, clock, journal = _rig(n=2)
    _login(app, uart, clock, COMPANY_KEY)
    got = _ask(app, uart, clock, sp.frame(sp.T_CONFIG, b'{"lang": "de", "buzzer": false}'))
    assert got[0][0] == sp.T_ACK and app.unit.settings == {"lang": "de", "buzzer": False}
    got = _ask(app, uart, clock, sp.frame(sp.T_CONFIG, b'{"lang": "fr", "wheels": 6}'))
    assert got[0][0] == sp.T_ERROR and got[0][1] == bytes((sp.E_CONFIG_REFUSED,)) + b"refused: wheels"
    assert app.sync.refused == ["wheels"] and app.unit.settings["lang"] == "de"
    # A minute of silence: the next bytes start a new session, which must log in again.
    clock.t += 61000
    got = _ask(app, uart, clock, sp.frame(sp.T_GET, struct.pack("<IH", 1, 500)))
    assert got[0][0] == sp.T_ERROR and got[0][1][0] == sp.E_AUTH_REQUIRED
    assert app.sync.sessions == 2
