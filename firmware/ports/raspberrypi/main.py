# The Pi port's main loop: poll the adapters, feed the unit, carry out its outputs.
# SPDX-License-Identifier: MIT
"""``drivetime unit --config FILE``: the cab unit on a Raspberry Pi.

:class:`UnitLoop` ties a :class:`drivetime.unit.Unit` to the adapters and a
clock. Each :meth:`~UnitLoop.step` reads what is waiting (CAN frames, GPS
bytes, button presses; never blocking), hands it to the unit stamped with
the mono time it arrived, ticks the unit every ``tick_ms`` and carries out
its outputs: ``Show`` on the display, ``Buzz`` and ``Led`` on the panel,
``Log`` to the journal sink, ``Export`` (the driver's CSV, menu "export")
to a file in ``[export] directory`` (:func:`~drivetime_pi.wiring.write_export`,
a USB stick: a failed write is the port fault ``usb_export``); with a ``[journal]`` config section, a
:class:`~drivetime_pi.storage.JournalSink` that appends them to a
:class:`drivetime.segments.SegmentJournal` over the SD card's segment files
(:class:`drivetime_pi.storage.FileStorage`), sealed when the loop closes;
without one, the log. With a ``[sync]`` section a
:class:`~drivetime_pi.sync_adapter.SyncPort` serves that journal to
``drivetime office sync``, polled each step. :meth:`~UnitLoop.run` steps every ``poll_ms`` on
the clock, so a test's :class:`ManualClock` runs the loop faster than real
time over the same code. The loop powers the unit up at :meth:`~UnitLoop.start`
(:meth:`drivetime.unit.Unit.power`: journalled with the driver and crew) and
down at :meth:`~UnitLoop.close`. :func:`~drivetime_pi.wiring.build` (which
puts the loop together from a config) and the clocks live in
:mod:`drivetime_pi.wiring`; they are imported here too.

**Adapter failures never stop the unit.** An :class:`~drivetime_pi.AdapterError`
(an unplugged SLCAN or GPS adapter, a bus error, an I2C fault) closes that
adapter and the loop tries to reopen it every ``reopen_s``; the unit gets it
as a port fault (:meth:`drivetime.unit.Unit.port_fault`, ``can_adapter``,
``gps_adapter``, ``gpio_adapter``, ``display_adapter``): journalled as a
``fault`` record, shown on the faults screen, the fault LED on (at once: the
loop lights it too). Meanwhile the unit sees its input
fall silent and shows that itself ("CAN SILENT" / "GPS LOST" on the main and
inputs screens, Annex IC req 047-048 via the motion detector), and carries
on with the other source.
"""

import logging
import time

from . import AdapterError
from .wiring import ManualClock, SystemClock, build, write_export  # noqa: F401 (the port's API)

log = logging.getLogger("drivetime.unit")


class _Slot:
    """One adapter with its opener: reopened after a failure, every ``reopen_ms``."""

    def __init__(self, source, opener, reopen_ms):
        self.source = source
        self.opener = opener if callable(opener) else (lambda: opener)
        self.reopen_ms = reopen_ms
        self.adapter = None
        self.error = None           # the last failure while down, else None
        self.retry_at = 0

    def get(self, mono_ms, loop):
        if self.adapter is None and mono_ms >= self.retry_at:
            try:
                self.adapter = self.opener()
            except AdapterError as exc:
                self.failed(mono_ms, exc, loop)
            else:
                if self.error is not None:
                    self.error = None
                    loop.unit.port_fault(self.source + "_adapter", False, mono_ms)
        return self.adapter

    def failed(self, mono_ms, exc, loop):
        if self.adapter is not None:
            self.adapter.close()
            self.adapter = None
        self.retry_at = mono_ms + self.reopen_ms
        if self.error is None:          # once per outage, not at each failed reopen
            loop.unit.port_fault(self.source + "_adapter", True, mono_ms)
            log.warning("%s adapter down: %s", self.source, exc)
        self.error = str(exc)


class UnitLoop:
    """The unit and its adapters.

    Each adapter argument is an adapter, a callable that opens one (called
    again to reopen after a failure), or None for none.

    :param unit: a :class:`drivetime.unit.Unit`
    :param clock: :class:`SystemClock` or :class:`ManualClock`
    :param can: a :class:`~drivetime_pi.can_adapter.CanReaderABC` (or opener)
    :param gps: a :class:`~drivetime_pi.gps_adapter.GpsReaderABC` (or opener)
    :param panel: a :class:`~drivetime_pi.gpio_adapter.PanelABC` (or opener)
    :param display: a :class:`~drivetime_pi.display.DisplayABC` (or opener)
    :param sink: called with each journal record ``(kind, fields)``; default: the log
    :param sync: a :class:`~drivetime_pi.sync_adapter.SyncPort` (``poll()``, ``close()``) or None
    :param export_dir: where the driver's export files go (``[export] directory``) or None
    """

    def __init__(self, unit, clock, can=None, gps=None, panel=None, display=None, sink=None,
                 poll_ms=20, tick_ms=200, reopen_s=5, sync=None, export_dir=None):
        self.sync = sync
        self.export_dir = export_dir
        self.unit = unit
        self.clock = clock
        self.sink = sink or _log_record
        self.poll_ms, self.tick_ms = poll_ms, tick_ms
        self.slots = {}
        for source, opener in (("can", can), ("gps", gps), ("gpio", panel), ("display", display)):
            if opener is not None:
                self.slots[source] = _Slot(source, opener, reopen_s * 1000)
        self.leds = {}                  # as the unit set them
        self.screen = None              # the last screen the unit showed
        self._drawn = None              # the last screen the display took
        self._next_tick = None
        self.stopped = False

    def journal(self, kind, **fields):
        """Hand a record to the journal sink (port records: adapter faults)."""
        self.sink(kind, fields)

    @property
    def adapter_faults(self):
        """``{source: message}`` of the adapters that are down."""
        return dict((k, s.error) for k, s in self.slots.items() if s.error is not None)

    def start(self):
        """Open the adapters and give the unit the system clock as its RTC."""
        now = self.clock.mono_ms()
        for slot in self.slots.values():
            slot.get(now, self)
        utc = self.clock.utc_s()
        self.unit.on_rtc(now, utc // 60, utc % 60)
        self.unit.power(True, now)
        self._next_tick = now

    def step(self):
        """One pass: read the inputs, tick the unit when due, carry out the outputs."""
        if self._next_tick is None:
            self.start()
        now = self.clock.mono_ms()
        unit = self.unit
        for frame in self._use("can", now, lambda a: a.read()) or ():
            unit.on_can(frame.mono_ms, frame.arbitration_id, frame.data, frame.extended)
        chunk = self._use("gps", now, lambda a: a.read())
        if chunk is not None:
            unit.on_nmea(chunk.mono_ms, chunk.data)
        for at, name in self._use("gpio", now, lambda a: a.presses()) or ():
            unit.on_button(at, name)
        if now >= self._next_tick:
            self._next_tick = now + self.tick_ms
            self.carry(unit.tick(now), now)
        self._use("gpio", now, lambda a: a.update(now))
        if self.sync is not None:
            self.sync.poll()

    def carry(self, outputs, now):
        """Carry out the unit's outputs (``Show``, ``Buzz``, ``Led``, ``Log``, ``Export``)."""
        for out in outputs:
            kind = type(out).__name__
            if kind == "Show":
                self.screen = out.screen
            elif kind == "Buzz":
                self._use("gpio", now, lambda a: a.buzz(out.pattern, now))
            elif kind == "Led":
                self.leds[out.name] = out.on
            elif kind == "Log":
                self.sink(out.kind, out.fields)
            elif kind == "Export":
                self.export(out.lines, now)
        # A sink that says it cannot write (``failing``: the SD card full or gone)
        # is the port fault "journal_full" while it lasts.
        failing = getattr(self.sink, "failing", None)
        if failing is not None:
            self.unit.port_fault("journal_full", bool(failing), now)
        # the fault LED also shows an adapter that is down (the unit cannot know)
        want = dict(self.leds)
        want["fault"] = bool(want.get("fault") or self.adapter_faults)
        panel = self._use("gpio", now, lambda a: a)
        if panel is not None and want != getattr(self, "_lit", None):
            for name, on in want.items():
                panel.led(name, on)
            self._lit = want
        slot = self.slots.get("display")
        if self.screen is not self._drawn and slot is not None and slot.get(now, self):
            try:
                slot.adapter.show(self.screen)
                self._drawn = self.screen
            except AdapterError as exc:     # drawn again once the display is back
                slot.failed(now, exc, self)

    def export(self, lines, now):
        """Write the driver's export; a failure (no stick, no ``[export]``) is the
        port fault ``usb_export`` until an export works (the faults screen says so)."""
        try:
            if self.export_dir is None:
                raise OSError("no [export] directory in the config")
            path = write_export(self.export_dir, self.unit.settings["driver_card"],
                                self.clock.utc_s() // 60, lines)
        except OSError as exc:
            log.error("export: not written: %s", exc)
            self.unit.port_fault("usb_export", True, now)
        else:
            log.info("export: %s", path)
            self.unit.port_fault("usb_export", False, now)

    def _use(self, source, now, action):
        """``action(adapter)``; None when the adapter is absent or down, after recording a failure."""
        slot = self.slots.get(source)
        adapter = slot.get(now, self) if slot is not None else None
        if adapter is None:
            return None
        try:
            return action(adapter)
        except AdapterError as exc:
            slot.failed(now, exc, self)
            if source == "gpio":
                self._lit = None        # set the LEDs again on the reopened panel
            return None

    def run(self):
        """Step every ``poll_ms`` until :meth:`stop`."""
        while not self.stopped:
            self.step()
            self.clock.sleep(self.poll_ms / 1000)
        self.close()

    def stop(self, *args):
        """Ask :meth:`run` to return (a signal handler: SIGTERM from systemd)."""
        self.stopped = True

    def close(self):
        """Power the unit down (journalled), then close the adapters, the sync and the sink."""
        if self._next_tick is not None:
            now = self.clock.mono_ms()
            self.unit.power(False, now)
            self.carry(self.unit.tick(now), now)
            self._next_tick = None
        for slot in self.slots.values():
            if slot.adapter is not None:
                slot.adapter.close()
                slot.adapter = None
        if self.sync is not None:
            self.sync.close()
        close = getattr(self.sink, "close", None)
        if close is not None:
            close()


def _log_record(kind, fields):
    log.info("%s %s", kind, " ".join("%s=%s" % kv for kv in sorted(fields.items())))


def run_unit(config_path, stream=None):
    """Run the unit from a config file until SIGTERM or Ctrl-C.

    :returns: exit status: 0 after a clean stop, 2 for a bad config file
    """
    import signal
    import sys

    from .config import ConfigError, load

    try:
        cfg = load(config_path)
    except ConfigError as exc:
        print("drivetime unit: %s" % exc, file=sys.stderr)
        return 2
    if not logging.getLogger().handlers:
        logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                            format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        loop = build(cfg, stream=stream)
    except ConfigError as exc:        # the [journal] key file
        print("drivetime unit: %s: %s" % (config_path, exc), file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, loop.stop)
    try:
        loop.run()
    except KeyboardInterrupt:
        loop.close()
    return 0


def main(argv=None):
    """``python -m drivetime_pi.main --config FILE`` (same as ``drivetime unit``)."""
    import argparse
    parser = argparse.ArgumentParser(prog="drivetime-unit", description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True, metavar="FILE", help="TOML config file")
    return run_unit(parser.parse_args(argv).config)


if __name__ == "__main__":
    raise SystemExit(main())
