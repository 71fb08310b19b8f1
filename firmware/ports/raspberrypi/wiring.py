# The Pi unit put together from its config: clocks, adapters, journal, sync; the driver's export file.
# SPDX-License-Identifier: MIT
"""How ``drivetime unit`` is wired (:func:`build`), the clocks it runs on, and
the file the driver's export is written to (:func:`write_export`).

:func:`build` makes a :class:`drivetime_pi.main.UnitLoop` from a checked
config (:func:`drivetime_pi.config.load`): the unit with the ``[unit]``, ``[rules]`` and
``[driver]`` settings, an opener for each adapter that is enabled, the
journal sink of ``[journal]`` (the unit's history restored from it at once:
:meth:`drivetime.unit.Unit.restore`), the ``[sync]`` port (the office's settings go
to :meth:`drivetime.unit.Unit.apply_config`) and the ``[export] directory``.
"""

import logging
import os
import time

from drivetime.timeutil import civil_from_days


class SystemClock:
    """The Pi's clocks: ``mono_ms`` never jumps (``time.monotonic``), ``utc_s``
    is the system time (NTP or an RTC HAT; the unit trusts GPS over it)."""

    def mono_ms(self):
        return time.monotonic_ns() // 1000000

    def utc_s(self):
        return int(time.time())

    def sleep(self, seconds):
        time.sleep(seconds)


class ManualClock:
    """A clock the caller moves (tests, the simulator's time warp).

    :param mono_ms: starting monotonic time
    :param utc_s: the system time at ``mono_ms``
    """

    def __init__(self, mono_ms=0, utc_s=0):
        self._mono = mono_ms
        self._utc0 = utc_s * 1000 - mono_ms

    def mono_ms(self):
        return self._mono

    def utc_s(self):
        return (self._utc0 + self._mono) // 1000

    def advance(self, ms):
        self._mono += ms

    def set(self, mono_ms):
        if mono_ms < self._mono:
            raise ValueError("a monotonic clock does not go back")
        self._mono = mono_ms

    def sleep(self, seconds):
        self._mono += int(seconds * 1000)


def build(cfg, clock=None, stream=None, sink=None):
    """The loop described by a checked config (:func:`drivetime_pi.config.load`).

    :param clock: default :class:`SystemClock`, or with ``[clock] source = "sim"`` the
        simulator's :class:`~drivetime_pi.sim_adapters.SimClock`
    :param stream: the terminal display's stream (default stdout)
    :param sink: the journal sink (default: :func:`drivetime_pi.storage.open_journal`, else the log)
    :raises ConfigError: the ``[journal]`` or ``[sync]`` key file cannot be used,
        or the ``[sync]`` listen address is taken
    """
    from drivetime.unit import Unit

    from .config import unit_profile, unit_settings
    from .main import UnitLoop

    if clock is None and cfg["clock"]["source"] == "sim":
        clock = _sim_clock(cfg)
    clock = clock or SystemClock()
    unit = Unit(unit_settings(cfg), unit_profile(cfg))
    can = gps = panel = display = None
    c, g, p, d = cfg["can"], cfg["gps"], cfg["gpio"], cfg["display"]
    if c["enabled"]:
        from .can_adapter import CanReader
        can = lambda: CanReader(clock.mono_ms, c["interface"], c["channel"], c["bitrate"],
                                c["options"])
    if g["enabled"]:
        from .gps_adapter import GpsReader
        gps = lambda: GpsReader(clock.mono_ms, g["port"], g["baudrate"])
    if p["enabled"] and (p["buttons"] or p["leds"] or p.get("buzzer") is not None):
        from .gpio_adapter import Panel
        panel = lambda: Panel(clock.mono_ms, p["buttons"], p["leds"], p.get("buzzer"),
                              p["bounce_ms"])
    if d["kind"] != "none":
        from .display import open_display
        display = lambda: open_display(d, stream)
    if "socket" in cfg["panel"]:        # the simulator's UI is the cab panel
        from .sim_adapters import SocketDisplay, SocketPanel
        sock = cfg["panel"]["socket"]
        panel = lambda: SocketPanel(clock.mono_ms, sock)
        display = lambda: SocketDisplay(sock)
    if sink is None:
        from .storage import open_journal
        sink = open_journal(cfg, clock)
    if getattr(sink, "journal", None) is not None:
        # The driver's history back from the SD card, before the first input and
        # the power-up: the counters go on across ignition cycles and power cuts.
        records, kept = unit.restore(sink.journal)
        logging.getLogger("drivetime.unit").info(
            "journal: %d records read, %d intervals restored", records, kept)
    lp = cfg["loop"]
    loop = UnitLoop(unit, clock, can, gps, panel, display, sink, lp["poll_ms"], lp["tick_ms"],
                    lp["reopen_s"], export_dir=cfg["export"].get("directory"))
    s = cfg["sync"]
    if "listen" in s or "serial" in s:
        from .config import ConfigError, company_key
        from .sync_adapter import SyncPort, parse_listen
        if getattr(sink, "journal", None) is None:
            raise ConfigError("[sync] needs the sink of a [journal]")
        import socket
        try:
            loop.sync = SyncPort(sink.journal, s.get("unit_id") or socket.gethostname(),
                                 company_key(cfg), loop.sink,
                                 parse_listen(s["listen"]) if "listen" in s else None, s.get("serial"),
                                 on_config=unit.apply_config)   # the office's CONFIG
        except OSError as exc:          # the port is taken: refuse to start rather than run deaf
            raise ConfigError("[sync] listen %s: %s" % (s.get("listen"), exc)) from exc
    return loop


def _sim_clock(cfg):
    """``[clock] source = "sim"``: the simulator's clock file, or a ConfigError."""
    from .config import ConfigError
    from .sim_adapters import SimClock
    try:
        return SimClock(cfg["clock"]["file"])
    except (OSError, ValueError) as exc:
        raise ConfigError("[clock] file %s: %s" % (cfg["clock"]["file"], exc)) from exc


def export_name(card, minute):
    """The export's file name: ``drivetime-<card>-<YYYY-MM-DD>.csv`` (UTC date;
    ``no-card`` without a card; characters other than letters, digits, ``-``
    and ``_`` in the card become ``_``)."""
    safe = "".join(c if c.isalnum() and c.isascii() or c in "-_" else "_" for c in card)
    y, m, d = civil_from_days(minute // 1440)
    return "drivetime-%s-%04d-%02d-%02d.csv" % (safe or "no-card", y, m, d)


def write_export(directory, card, minute, lines):
    """Write the driver's CSV ``lines`` to ``directory`` (a USB stick's mount)
    as :func:`export_name`, whole or not at all: written to a temporary file,
    flushed to the stick, then renamed over an earlier export of the day.

    :returns: the file's path
    :raises OSError: the directory is missing (no stick) or not writable
    """
    path = os.path.join(directory, export_name(card, minute))
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path
