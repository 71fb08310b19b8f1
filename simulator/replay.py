# Record and replay: CAN traffic in python-can's log formats (candump .log, .asc) and NMEA logs, into a Unit or out through the emulators.
# SPDX-License-Identifier: MIT
"""Recorded traffic, for bugs seen on the road and for regression runs.

**CAN** files are written and read by python-can (``can.Logger`` /
``can.LogReader``), the format chosen by the suffix: ``.log`` (candump
``-L``: ``(1772431200.007000) vcan0 18FEF100#F35C00FFFFFFFFFF``), ``.asc``
(Vector ASCII), or any other python-can knows (``.blf``, ``.csv``, ...).

**NMEA** logs hold one sentence a line, optionally after a time stamp in
UNIX seconds and a space (``1772431200.220 $GPRMC,...*6E``). A line
without a stamp gets the time its sentence gives (RMC: date and time; GGA:
time of day on the last RMC's date; others: the line before's).

**Times.** A replay is on one timeline: UNIX seconds, and the earliest
record of the files replayed is time 0 (``t_ms``). candump times are
UNIX times. An ``.asc`` file's times are relative to its header's
``Begin Triggerblock`` date, read here rather than by python-can 4.6,
which writes the milliseconds unpadded (``06:00:00.7`` for .007 s) and
reads them back as a fraction (0.7 s); both sides use the local time zone.

:class:`Replay` is a source for :class:`~simulator.bridge.Bridge` (out
through the emulated devices), and :func:`replay_into_unit` feeds a
:class:`drivetime.unit.Unit` directly (``on_can`` / ``on_nmea`` with
``mono_ms`` = ``boot_ms`` + the record's ``t_ms``, a tick every second).
"""

import re
import time

from drivetime.timeutil import days_from_civil

from simulator.traffic import START_UTC_S

_TRIGGER = re.compile(r"Begin Triggerblock \w+ (\w+) (\d+) (\d+):(\d+):(\d+)(?:\.(\d+))? (\d+)")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Recorder:
    """Write traffic as it goes: ``add(events)`` then ``close()``.

    :param can_path: a python-can log file (format by suffix) or None
    :param nmea_path: an NMEA log or None
    :param start_utc_s: UNIX time of ``t_ms`` 0
    :param stamps: write a time stamp before each sentence
    """

    def __init__(self, can_path=None, nmea_path=None, start_utc_s=START_UTC_S, stamps=True):
        self.start_ms = start_utc_s * 1000
        self.stamps = stamps
        self._can = self._nmea = None
        if can_path is not None:
            import can
            self._can, self._mod = can.Logger(can_path), can
        if nmea_path is not None:
            self._nmea = open(nmea_path, "w", encoding="ascii", errors="replace", newline="\n")
        self.counts = {"can": 0, "nmea": 0}

    def add(self, events):
        """Record the ``can`` and ``nmea`` events (others are not traffic)."""
        for t, kind, payload in events:
            if kind == "can" and self._can is not None:
                ext = payload[2] if len(payload) > 2 else True     # J1939: 29-bit ids
                self._can.on_message_received(self._mod.Message(
                    timestamp=(self.start_ms + t) / 1000.0, arbitration_id=payload[0],
                    data=bytes(payload[1]), is_extended_id=ext, dlc=len(payload[1])))
                self.counts["can"] += 1
            elif kind == "nmea" and self._nmea is not None:
                line = payload.decode("ascii", "replace").rstrip("\r\n")
                if self.stamps:
                    line = "%d.%03d %s" % ((self.start_ms + t) // 1000, (self.start_ms + t) % 1000,
                                           line)
                self._nmea.write(line + "\n")
                self.counts["nmea"] += 1

    def close(self):
        if self._can is not None:
            self._can.stop()
            self._can = None
        if self._nmea is not None:
            self._nmea.close()
            self._nmea = None


def record(events, can_path=None, nmea_path=None, start_utc_s=START_UTC_S, stamps=True):
    """Write a list of events (a :class:`~simulator.world.World`'s) to log files."""
    rec = Recorder(can_path, nmea_path, start_utc_s, stamps)
    try:
        rec.add(events)
    finally:
        rec.close()
    return rec.counts


def asc_start_s(path):
    """The UNIX time of an .asc file's ``Begin Triggerblock`` (local time), or None."""
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = _TRIGGER.search(line)
            if m:
                mon, day, hh, mm, ss, frac, year = m.groups()
                if mon not in _MONTHS:
                    return None
                t = time.mktime((int(year), _MONTHS.index(mon) + 1, int(day), int(hh), int(mm),
                                 int(ss), 0, 0, -1))
                return t + (int(frac) / 1000.0 if frac else 0.0)    # milliseconds, padded or not
    return None


def read_can(path):
    """The frames of a python-can log: ``[(unix_ms, (arbitration_id, data, extended))]``.

    Error and remote frames are left out (they carry no data for the unit).
    """
    import can
    base = None
    if str(path).lower().endswith(".asc"):
        base = asc_start_s(path)
        reader = can.LogReader(path, relative_timestamp=True)
    else:
        reader = can.LogReader(path)
    out = []
    for msg in reader:
        if msg.is_error_frame or msg.is_remote_frame:
            continue
        ts = msg.timestamp + (base or 0.0)
        out.append((int(round(ts * 1000)), (msg.arbitration_id, bytes(msg.data),
                                            bool(msg.is_extended_id))))
    stop = getattr(reader, "stop", None)
    if stop is not None:
        stop()
    return out


def _sentence_time_ms(text, last_date_days):
    """(unix ms or None, the date in days if an RMC gave one) of a sentence."""
    fields = text.split("*")[0].split(",")
    kind = fields[0][3:6] if len(fields[0]) >= 6 else ""
    hms = fields[1] if len(fields) > 1 else ""
    if kind not in ("RMC", "GGA") or len(hms) < 6 or not hms[:6].isdigit():
        return None, last_date_days
    sod_ms = (int(hms[:2]) * 3600 + int(hms[2:4]) * 60 + int(hms[4:6])) * 1000
    if len(hms) > 7 and hms[7:].isdigit():
        sod_ms += int((hms[7:] + "000")[:3])
    days = last_date_days
    if kind == "RMC" and len(fields) > 9 and len(fields[9]) == 6 and fields[9].isdigit():
        d = fields[9]
        days = days_from_civil(2000 + int(d[4:]), int(d[2:4]), int(d[:2]))
    if days is None:
        return None, None
    return days * 86400000 + sod_ms, days


def read_nmea(path):
    """The sentences of an NMEA log: ``[(unix_ms, bytes with CR LF)]`` (see the module docstring)."""
    out, last, days = [], None, None
    with open(path, encoding="ascii", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            stamp = None
            if not line.startswith("$") and " " in line:
                head, line = line.split(" ", 1)
                stamp = int(round(float(head) * 1000))
            t, days = _sentence_time_ms(line, days)
            t = stamp if stamp is not None else (t if t is not None else last)
            if t is None:
                t = 0
            out.append((t, (line + "\r\n").encode("ascii", "replace")))
            last = t
    return out


class Replay:
    """Recorded traffic as a source of events (``advance(t_ms)``).

    :param can_path: a python-can log or None
    :param nmea_path: an NMEA log or None
    """

    def __init__(self, can_path=None, nmea_path=None):
        events = []
        for t, frame in read_can(can_path) if can_path else ():
            events.append((t, 0, "can", frame))
        for t, s in read_nmea(nmea_path) if nmea_path else ():
            events.append((t, 1, "nmea", s))
        events.sort(key=lambda e: (e[0], e[1]))
        self.start_unix_ms = events[0][0] if events else 0
        self.events = [(t - self.start_unix_ms, kind, p) for t, _, kind, p in events]
        self.end_ms = self.events[-1][0] if self.events else 0
        self._next = 0

    def advance(self, t_ms):
        """The records with ``t_ms`` at or before ``t_ms`` not yet given."""
        i = self._next
        while i < len(self.events) and self.events[i][0] <= t_ms:
            i += 1
        out, self._next = self.events[self._next:i], i
        return out

    @property
    def done(self):
        return self._next >= len(self.events)


def replay_into_unit(unit, replay, boot_ms=0, tick_ms=1000, rtc=True, tail_ms=180000):
    """Feed a :class:`Replay` to ``unit`` (``on_can``/``on_nmea``), ticking
    every ``tick_ms``, then ``tail_ms`` past the end (default 3 min: the
    signal path hands a minute over about 2 min late).

    :param rtc: give the unit the replay's start as its board clock (the
        recording's UNIX time), as a port does at boot from its RTC
    :returns: ``(outputs, mono_ms of the last tick)``
    """
    out = []
    if rtc and replay.events:
        start_s = replay.start_unix_ms // 1000
        unit.on_rtc(boot_ms, start_s // 60, start_s % 60)
    tick = boot_ms
    for t, kind, payload in replay.advance(replay.end_ms):
        mono = boot_ms + t
        while mono >= tick:
            out.extend(unit.tick(tick))
            tick += tick_ms
        if kind == "can":
            unit.on_can(mono, payload[0], payload[1], payload[2])
        else:
            unit.on_nmea(mono, payload)
    end = boot_ms + replay.end_ms + tail_ms
    while tick <= end:
        out.extend(unit.tick(tick))
        tick += tick_ms
    return out, tick - tick_ms
