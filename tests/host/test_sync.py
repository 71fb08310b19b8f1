# Sync over a real pseudo-terminal (pyserial) and TCP loopback, through a fault-injecting relay.
# SPDX-License-Identifier: MIT
import os
import socket
import struct
import threading
import tty

import pytest

from drivetime import syncproto as sp
from host_tools import sync

KEY = b"company key for the fleet office"
UNIT = b"DT-0042"


def _journal(n, skip=()):
    # stand-in records of 6..95 bytes: length, seq (so a mix-up would show), filler
    return {s: struct.pack("<BI", 6 + s % 90, s) + bytes([s & 0xFF]) * (1 + s % 90)
            for s in range(1, n + 1) if s not in skip}


class Unit:
    """A unit's journal with the sessions the links open on it, and its auth_fail log."""

    def __init__(self, n=300, skip=()):
        self.source = sp.MemorySource(_journal(n, skip))
        self.logged = []

    def session(self):
        return sp.DeviceSession(UNIT, KEY, self.source, os.urandom,
                                log=lambda kind, fields: self.logged.append((kind, fields)))


class Sink:
    def __init__(self):
        self.seqs, self.records = [], {}

    def __call__(self, first, count, blob):
        for seq in range(first, first + count):
            raw, blob = blob[:blob[0]], blob[blob[0]:]      # the stand-in records' own length
            assert struct.unpack("<I", raw[1:5])[0] == seq
            self.seqs.append(seq)
            self.records[seq] = raw
        assert blob == b""


@pytest.fixture
def pty_unit():
    """:returns: start(unit, faults=None) -> the pty's slave name; the unit serves the master."""
    stop, threads, fds = threading.Event(), [], []

    def start(unit, faults=None):
        master, slave = os.openpty()
        tty.setraw(master)
        tty.setraw(slave)
        fds.extend((master, slave))         # the slave stays open: no hang-up between opens
        t = threading.Thread(target=sync.serve_stream, args=(unit.session(), master, stop, faults),
                             daemon=True)
        t.start()
        threads.append(t)
        return os.ttyname(slave)

    yield start
    stop.set()
    for t in threads:
        t.join(2)
    for fd in fds:
        os.close(fd)


@pytest.fixture
def tcp_unit():
    stops = []

    def start(unit, faults=None):
        server, stop = sync.serve_tcp(unit.session)
        stops.append(stop)
        port = server.getsockname()[1]
        if faults is not None:
            port = sync.relay_tcp(("127.0.0.1", port), faults, stop)
        return port

    yield start
    for stop in stops:
        stop.set()


def _check_exactly_once(result, sink, unit_records, from_seq=1):
    assert sink.seqs == sorted(set(sink.seqs)), "a record reached the sink twice or out of order"
    for seq in sink.seqs:
        assert sink.records[seq] == unit_records[seq]
    missing = set()
    for first, last, why in result.missing:
        assert why
        missing.update(range(first, last + 1))
    # every seq the unit holds from from_seq on is either received or reported missing
    held = {s for s in unit_records if s >= from_seq}
    assert held - set(sink.seqs) <= missing
    assert not (missing & set(sink.seqs))


def test_pty_clean_download_is_complete_and_confirmed(pty_unit):
    unit, sink = Unit(300), Sink()
    port = pty_unit(unit)
    result = sync.SyncClient(lambda: sync.SerialTransport(port), KEY, sink).run()
    assert result.complete, result.describe()
    assert sink.seqs == list(range(1, 301))
    assert result.confirmed == 300 and unit.source.confirmed == 300
    assert result.unit_id == UNIT and unit.logged == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pty_drops_duplicates_and_flips(pty_unit, seed):
    unit, sink = Unit(300), Sink()
    faults = sync.Faults(seed, drop=0.02, dup=0.02, flip=0.02)
    port = pty_unit(unit, faults)
    result = sync.SyncClient(lambda: sync.SerialTransport(port), KEY, sink, timeout=0.15,
                             retries=20).run()
    _check_exactly_once(result, sink, unit.source.records)
    assert result.complete, result.describe()
    assert unit.logged == []        # damage on the line is no authentication failure


def test_pty_unplugged_cable_resumes(pty_unit):
    unit, sink = Unit(300), Sink()
    faults = sync.Faults(7, cut_after=6000, blackout=0.5)
    port = pty_unit(unit, faults)
    result = sync.SyncClient(lambda: sync.SerialTransport(port), KEY, sink, timeout=0.15,
                             retries=10).run()
    assert faults.cuts >= 2
    assert result.complete, result.describe()
    _check_exactly_once(result, sink, unit.source.records)


def test_tcp_download_then_resume_adds_nothing(tcp_unit):
    unit, sink = Unit(200), Sink()
    port = tcp_unit(unit)
    connect = lambda: sync.TcpTransport("127.0.0.1", port)    # noqa: E731
    result = sync.SyncClient(connect, KEY, sink).run()
    assert result.complete and sink.seqs == list(range(1, 201))
    unit.source.records.update(_journal(230))                 # the unit wrote 30 more
    again = sync.SyncClient(connect, KEY, sink).run(from_seq=result.next_seq)
    assert again.complete, again.describe()
    assert sink.seqs == list(range(1, 231)) and again.received == 30
    idle = sync.SyncClient(connect, KEY, sink).run(from_seq=again.next_seq)
    assert idle.complete and idle.received == 0 and len(sink.seqs) == 230


@pytest.mark.parametrize("seed", [4, 5])
def test_tcp_relay_faults_and_cut_links_reconnect(tcp_unit, seed):
    unit, sink = Unit(400), Sink()
    faults = sync.Faults(seed, drop=0.02, dup=0.02, flip=0.02, cut_after=7000, blackout=0)
    port = tcp_unit(unit, faults)
    result = sync.SyncClient(lambda: sync.TcpTransport("127.0.0.1", port), KEY, sink,
                             timeout=0.15, retries=20, reconnects=20).run()
    assert faults.cuts >= 2 and result.logins >= 2
    _check_exactly_once(result, sink, unit.source.records)
    assert result.complete, result.describe()


def test_link_lost_for_good_says_what_is_missing(pty_unit):
    unit, sink = Unit(300), Sink()
    faults = sync.Faults(3, cut_after=5000, blackout=60)
    port = pty_unit(unit, faults)
    result = sync.SyncClient(lambda: sync.SerialTransport(port), KEY, sink, timeout=0.1,
                             retries=3, reconnects=1).run()
    assert not result.complete
    _check_exactly_once(result, sink, unit.source.records)
    assert result.missing and result.missing[-1][1] == 300
    assert "link lost" in result.missing[-1][2]
    assert "MISSING seq %d..300" % result.next_seq in result.describe()
    assert unit.source.confirmed == 0      # nothing confirmed: the unit keeps everything


def test_gap_on_the_unit_is_reported(tcp_unit):
    unit, sink = Unit(100, skip=range(40, 46)), Sink()
    port = tcp_unit(unit)
    result = sync.SyncClient(lambda: sync.TcpTransport("127.0.0.1", port), KEY, sink).run()
    assert result.missing == [(40, 45, "not held by the unit")]
    assert sink.seqs == [s for s in range(1, 101) if not 40 <= s <= 45]


def test_wrong_key_is_refused_and_logged(tcp_unit):
    unit, sink = Unit(50), Sink()
    port = tcp_unit(unit)
    result = sync.SyncClient(lambda: sync.TcpTransport("127.0.0.1", port), b"guess", sink).run()
    assert not result.complete and "refused the company key" in result.error
    assert sink.seqs == [] and unit.source.confirmed == 0
    assert unit.logged == [("auth_fail", {"reason": "wrong key"})]


def _raw_exchange(port, frames, want):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.settimeout(2)
        reader, got = sp.FrameReader(), []
        for f in frames:
            s.sendall(f(got) if callable(f) else f)
            count = want.pop(0)
            while len(got) < count:
                got.extend(reader.feed(s.recv(65536)))
        return got


def test_replayed_answer_is_refused_and_logged(tcp_unit):
    unit = Unit(50)
    port = tcp_unit(unit)
    session = b"8 bytes!"
    hello = sp.frame(sp.T_HELLO, bytes([sp.PROTO]) + session)
    answer = {}

    def respond(got):
        answer["mac"] = sp.auth_answer(KEY, got[1][1], session, UNIT)
        return sp.frame(sp.T_RESPONSE, answer["mac"])
    got = _raw_exchange(port, [hello, respond], [2, 3])
    assert got[2][0] == sp.T_ACK
    # an eavesdropper replays the office's answer on a new connection
    got = _raw_exchange(port, [hello, sp.frame(sp.T_RESPONSE, answer["mac"]),
                               sp.frame(sp.T_GET, struct.pack("<IH", 1, 4096))], [2, 3, 4])
    assert got[2][0] == sp.T_ERROR and got[2][1][0] == sp.E_AUTH_FAILED
    assert got[3][0] == sp.T_ERROR and got[3][1][0] == sp.E_AUTH_REQUIRED
    assert [kind for kind, _ in unit.logged] == ["auth_fail"]


def _unit_journal(days, key):
    """Days of a unit's real journal (drivetime.journal) as a sync source: seq -> bytes,
    each day's START anchor before its first record and its SEAL after its last."""
    from drivetime.journal import Writer
    writer, records, t = Writer(key), {}, 29540160 + 360          # Monday 2026-03-02 06:00Z
    for day in range(days):
        start, first = writer.start(), writer.seq + 1
        for minute, activity in ((0, "driving"), (270, "break_rest"), (315, "driving"), (540, "other_work")):
            raw = writer.record("activity", t + minute, {"start": t + minute, "activity": activity, "flags": 0})
            records[writer.seq] = raw
        records[first] = start + records[first]
        records[writer.seq] += writer.seal()
        t += 1440
    return records


def test_cli_office_sync_over_tcp_stores_once_and_confirms(tcp_unit, tmp_path, capsys):
    import json
    from host_tools import cli
    from host_tools.store import Store
    journal_key = bytes(range(32))
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"units": {UNIT.decode(): journal_key.hex()}, "company": KEY.hex()}))
    unit = Unit(0)
    unit.source.records.update(_unit_journal(2, journal_key))
    port = tcp_unit(unit)
    argv = ["office", "sync", "--host", "127.0.0.1:%d" % port, "--db", str(tmp_path / "o.db"),
            "--keys", str(keys)]
    assert cli.main(argv) == 0, capsys.readouterr()
    assert "stored: 8 new records" in capsys.readouterr().out
    assert unit.source.confirmed == 8
    unit.source.records.update(_unit_journal(3, journal_key))      # a third day
    assert cli.main(argv) == 0
    assert "stored: 4 new records" in capsys.readouterr().out
    assert cli.main(argv) == 0                                     # nothing new: nothing added
    assert "0 records received" in capsys.readouterr().out
    with Store(str(tmp_path / "o.db")) as store:
        assert [r["seq"] for r in store.records(UNIT.decode())] == list(range(1, 13))
    assert unit.source.confirmed == 12


def test_cli_office_sync_wrong_company_key(tcp_unit, tmp_path, capsys):
    import json
    from host_tools import cli
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"units": {UNIT.decode(): "00" * 32}, "company": "11" * 16}))
    unit = Unit(5)
    port = tcp_unit(unit)
    assert cli.main(["office", "sync", "--host", "127.0.0.1:%d" % port, "--db", str(tmp_path / "o.db"),
                     "--keys", str(keys)]) == 2
    assert "refused the company key" in capsys.readouterr().out
    assert unit.logged == [("auth_fail", {"reason": "wrong key"})] and unit.source.confirmed == 0


def test_cli_office_sync_over_a_pty_cable(pty_unit, tmp_path, capsys):
    import json
    from host_tools import cli
    journal_key = bytes(range(32))
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"units": {UNIT.decode(): journal_key.hex()}, "company": KEY.hex()}))
    unit = Unit(0)
    unit.source.records.update(_unit_journal(2, journal_key))
    port = pty_unit(unit, sync.Faults(11, drop=0.02, dup=0.02, flip=0.02))
    assert cli.main(["office", "sync", "--port", port, "--db", str(tmp_path / "o.db"),
                     "--keys", str(keys)]) == 0, capsys.readouterr()
    assert "stored: 8 new records" in capsys.readouterr().out
    assert unit.source.confirmed == 8


class ConfigUnit(Unit):
    """A unit that takes lang, buzzer and countries (as Unit.apply_config: the refused keys back)."""

    def __init__(self, n=0, takes=("lang", "buzzer", "countries")):
        Unit.__init__(self, n)
        self.settings, self.takes = [], takes

    def session(self):
        return sp.DeviceSession(UNIT, KEY, self.source, os.urandom,
                                log=lambda kind, fields: self.logged.append((kind, fields)),
                                on_config=self.apply)

    def apply(self, settings):
        self.settings.append(settings)
        return [k for k in settings if k not in self.takes]


def _sync_cli(tmp_path, port, *more):
    import json
    from host_tools import cli
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"units": {UNIT.decode(): bytes(range(32)).hex()}, "company": KEY.hex()}))
    return cli.main(["office", "sync", "--host", "127.0.0.1:%d" % port, "--db", str(tmp_path / "o.db"),
                     "--keys", str(keys)] + list(more))


def test_cli_set_sends_the_settings_in_the_unit_types(tcp_unit, tmp_path, capsys):
    unit = ConfigUnit()
    unit.source.records.update(_unit_journal(1, bytes(range(32))))
    port = tcp_unit(unit)
    assert _sync_cli(tmp_path, port, "--set", "lang=de", "--set", "buzzer=off",
                     "--set", "countries=D, NL,F") == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert "settings: all taken by the unit" in out and "stored: 4 new records" in out
    # once, after the login: buzzer a bool, countries a list (drivetime.menu.configure's types)
    assert unit.settings == [{"lang": "de", "buzzer": False, "countries": ["D", "NL", "F"]}]


def test_cli_set_prints_what_the_unit_refused(tcp_unit, tmp_path, capsys):
    unit = ConfigUnit(takes=("lang",))
    unit.source.records.update(_unit_journal(1, bytes(range(32))))
    port = tcp_unit(unit)
    assert _sync_cli(tmp_path, port, "--set", "lang=fr", "--set", "local_offset_min=-300",
                     "--set", "driver_name=A. Driver") == 1
    out = capsys.readouterr().out
    assert "settings REFUSED by the unit: driver_name, local_offset_min" in out
    assert "stored: 4 new records" in out                # the download went on
    assert unit.settings == [{"lang": "fr", "local_offset_min": -300, "driver_name": "A. Driver"}]


def test_cli_set_refuses_unknown_keys_and_bad_values_before_dialling(tmp_path, capsys):
    for bad in ("wheels=6", "lang", "buzzer=maybe", "local_offset_min=1h"):
        assert _sync_cli(tmp_path, 9, "--set", bad) == 2
        assert "--set" in capsys.readouterr().err


def test_cli_set_sends_the_rule_settings_in_the_unit_types(tcp_unit, tmp_path, capsys):
    # drivetime.unit_rules' types: the flags bools, the week an int, the rest text
    unit = ConfigUnit(takes=("profile", "transport", "twelve_day", "two_reduced_weekly",
                             "wtd_anchor_week"))
    unit.source.records.update(_unit_journal(1, bytes(range(32))))
    port = tcp_unit(unit)
    assert _sync_cli(tmp_path, port, "--set", "profile=aetr", "--set", "transport=passengers",
                     "--set", "twelve_day=on", "--set", "two_reduced_weekly=false",
                     "--set", "wtd_anchor_week=2931") == 0, capsys.readouterr()
    assert "settings: all taken by the unit" in capsys.readouterr().out
    assert unit.settings == [{"profile": "aetr", "transport": "passengers", "twelve_day": True,
                              "two_reduced_weekly": False, "wtd_anchor_week": 2931}]


def test_cli_set_refuses_bad_rule_settings_before_dialling(tmp_path, capsys):
    for bad in ("profile=eu+nowhere", "transport=coach", "twelve_day=maybe", "wtd_anchor_week=-1",
                "wtd_anchor_week=2931.5"):
        assert _sync_cli(tmp_path, 9, "--set", bad) == 2
        assert "--set " + bad in capsys.readouterr().err
