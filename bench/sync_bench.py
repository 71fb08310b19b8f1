# Journal download throughput over a pseudo-terminal at an emulated 115200 baud, for `make bench`.
# SPDX-License-Identifier: MIT
"""Sync throughput as a share of the serial line rate (issue 5 target >= 90 %).

A year of journal (365 driver-days of about 160 bytes: records of 5..16
bytes, as the journal codec writes them) is downloaded with
:class:`host_tools.sync.SyncClient` through pyserial on a real pty pair; the
unit's side (:func:`host_tools.sync.serve_stream`) sleeps for as long as
every byte it reads or writes takes on a 115200 baud 8N1 line (10 bits a
byte: 11,520 bytes/s), so the wall time includes the protocol's turnarounds
and both interpreters' processing. Two figures:

- measured: journal bytes delivered per wall second / 11,520;
- on the wire: journal bytes / all bytes both ways (framing, requests, login,
  confirmation), i.e. the share with zero turnaround time.
"""

import os
import sys
import threading
import time
import tty

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _p in (ROOT, os.path.join(ROOT, "firmware")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from drivetime import syncproto as sp  # noqa: E402
from host_tools import sync  # noqa: E402

LINE_RATE = 115200 // 10            # bytes per second, 8N1
TARGET = 0.90
KEY = b"bench company key"


class CountingTransport(sync.SerialTransport):
    def __init__(self, port):
        super().__init__(port)
        self.sent = self.got = 0

    def write(self, data):
        self.sent += len(data)
        super().write(data)

    def read(self, timeout):
        data = super().read(timeout)
        self.got += len(data)
        return data


def journal(days=365):
    """A year's records: about 160 bytes a day in records of 5..16 bytes."""
    records, seq, state = {}, 0, 12345
    for _ in range(days):
        size = 0
        while size < 160:
            seq += 1
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            raw = bytes([seq & 0xFF]) * (5 + state % 12)
            records[seq] = raw
            size += len(raw)
    return records


def run(days=365):
    """:returns: (journal bytes, records, wall seconds, wire bytes both ways, result)."""
    source = sp.MemorySource(journal(days))
    session = sp.DeviceSession(b"BENCH-1", KEY, source, os.urandom)
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    stop = threading.Event()
    unit = threading.Thread(target=sync.serve_stream, args=(session, master, stop),
                            kwargs={"line_rate": LINE_RATE}, daemon=True)
    unit.start()
    link = CountingTransport(os.ttyname(slave))
    try:
        client = sync.SyncClient(link, KEY, lambda first, count, blob: None, timeout=2.0)
        t0 = time.perf_counter()
        result = client.run()
        wall = time.perf_counter() - t0
    finally:
        stop.set()
        unit.join(2)
        os.close(master)
        os.close(slave)
    if not result.complete:
        raise RuntimeError("bench download incomplete:\n" + result.describe())
    return result.record_bytes, result.received, wall, link.sent + link.got, result


def figures(days=365):
    """:returns: rows for bench/run.py's ``report(label, value, target, passed, detail)``."""
    data, count, wall, wire, _ = run(days)
    measured = data / wall / LINE_RATE
    on_wire = data / wire
    return [
        ("sync throughput, share of 115200 baud", "%.1f %%" % (100 * measured),
         ">= %d %%" % (100 * TARGET), measured >= TARGET,
         "(%d days, %d records, %d B in %.2f s over a pty at an emulated line rate)"
         % (days, count, data, wall)),
        ("sync: journal bytes / bytes on the wire", "%.1f %%" % (100 * on_wire),
         ">= %d %%" % (100 * TARGET), on_wire >= TARGET, "(%d B both ways)" % wire),
    ]


if __name__ == "__main__":
    for row in figures():
        print("  %-44s %14s   target %-12s %s   %s" % (row[0], row[1], row[2],
                                                        "PASS" if row[3] else "MISS", row[4]))
