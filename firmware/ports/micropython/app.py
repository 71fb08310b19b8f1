# The MicroPython port's loop: poll the adapters, feed the Unit, carry out its outputs.
# SPDX-License-Identifier: MIT
"""One pass of :meth:`App.step` reads the monotonic clock once and then:

1. the RTC, once a minute (``Unit.on_rtc``; the core prefers GPS time);
2. the CAN controller, every frame waiting (``Unit.on_can``); the OBD-II
   speed request every ``obd_request_ms`` when the bus is OBD-II;
3. the GPS UART, every byte waiting (``Unit.on_nmea``);
4. the buttons (``Unit.on_button``);
5. the sync link (:class:`sync_uart.SyncLink`: the office's download);
6. ``Unit.tick`` every ``tick_ms`` (the core asks for at least once a
   second), and its outputs: ``Show`` -> display, ``Buzz`` -> buzzer,
   ``Led`` -> pins, ``Log`` -> journal, ``Export`` -> the USB console;
7. the buzzer's pattern, the ignition and the power-fail input.

Power (``Unit.power``): :meth:`App.boot` restores the unit's history from
the journal (``Unit.restore``) and tells the unit it is on,
:meth:`App.stop` (a clean stop) that it is off. Ignition off (terminal 15)
and a power failure (the hold-up capacitor is carrying the unit) are a
power-down too: the unit's ``power`` record is journalled at once and the
journal sealed (:class:`journal_flash.JournalSink`), before the capacitor
runs out; ignition on again is a power-up. An adapter that fails (the CAN
controller's SPI) is a port fault (``Unit.port_fault``), shown to the driver.

Every adapter is injected (STYLE.md §3), so tests run the loop on fakes;
:mod:`main` builds the real ones from the board's pinout. Nothing here
blocks: a pass takes a few ms, and ``run`` sleeps ``idle_ms`` between passes.
"""

import time

EXPORT_BEGIN = "-----BEGIN DRIVETIME EXPORT-----"
EXPORT_END = "-----END DRIVETIME EXPORT-----"


class Buzzer:
    """Plays an on/off pattern (ms, starting with on) on a pin, without blocking."""

    def __init__(self, pin):
        self.pin = pin
        self._steps = ()
        self._i = 0
        self._until = 0
        pin.value(0)

    def play(self, pattern, mono_ms):
        self._steps, self._i = tuple(pattern), 0
        self._until = mono_ms + (self._steps[0] if self._steps else 0)
        self.pin.value(1 if self._steps else 0)

    def update(self, mono_ms):
        while self._i < len(self._steps) and mono_ms >= self._until:
            self._i += 1
            if self._i < len(self._steps):
                self._until += self._steps[self._i]
                self.pin.value(1 - self._i % 2)     # even steps on, odd off
            else:
                self.pin.value(0)


class App:
    """The loop around one :class:`drivetime.unit.Unit`.

    :param unit: the Unit (or anything with its ``on_*`` and ``tick`` methods)
    :param clock: a :class:`clock.MonoClock` (``now()`` -> mono ms)
    :param rtc: a :class:`clock.RtcClock` or ``None``
    :param can: an :class:`mcp2515.Mcp2515` (started) or ``None``
    :param gps: a :class:`gps_uart.GpsUart` whose sink is ``unit.on_nmea``
    :param buttons: a :class:`buttons.Buttons` or ``None``
    :param display: an object with ``draw(screen)`` or ``None``
    :param leds: ``{"warning"|"driving"|"fault": pin}``
    :param buzzer: a :class:`Buzzer` or ``None``
    :param journal: a :class:`journal_flash.JournalSink` (``write``/``record``/``update``/``flush``)
    :param sync: a :class:`sync_uart.SyncLink` (``poll(mono_ms)``) or ``None``
    :param say: where the port prints (``print``: the USB serial console)
    :param power_fail: a pin reading ``power_fail_level`` when the supply is
        lost (the hold-up capacitor is carrying the unit), or ``None``
    :param ignition: a pin reading ``ignition_level`` while terminal 15 is on
        (an opto-coupler pulls it low), ``Unit.power`` on each change, or ``None``
    :param obd_request: ``(arbitration_id, data)`` sent every
        ``obd_request_ms`` (OBD-II buses only answer when asked)
    """

    def __init__(self, unit, clock, rtc=None, can=None, gps=None, buttons=None, display=None,
                 leds=None, buzzer=None, journal=None, power_fail=None, power_fail_level=0,
                 ignition=None, ignition_level=0,
                 obd_request=None, obd_request_ms=1000, tick_ms=250, max_frames=32,
                 sync=None, say=print):
        self.unit, self.clock, self.rtc, self.can, self.gps = unit, clock, rtc, can, gps
        self.buttons, self.display, self.buzzer, self.journal = buttons, display, buzzer, journal
        self.leds = leds or {}
        self.power_fail, self.power_fail_level = power_fail, power_fail_level
        self.ignition, self.ignition_level = ignition, ignition_level
        self.ignition_on = None
        self.obd_request, self.obd_request_ms = obd_request, obd_request_ms
        self.tick_ms, self.max_frames = tick_ms, max_frames
        self.sync, self.say = sync, say
        self.frames = self.passes = 0
        self.powered = True             # the supply (power-fail input)
        self.unit_on = None             # what the unit was last told (Unit.power)
        self.port_faults = {}
        self._rtc_due = self._tick_due = self._obd_due = 0
        self._err_due = 10000
        self.can_errors = (0, 0, 0)

    def step(self):
        """One pass of the loop; returns the mono time it ran at."""
        mono = self.clock.now()
        self.passes += 1
        unit = self.unit
        if self.rtc is not None and mono >= self._rtc_due:
            self._rtc_due = mono + 60000
            reading = self.rtc.read()
            if reading is not None:
                unit.on_rtc(mono, reading[0], reading[1])
        if self.can is not None:
            self._can(mono)
        if self.gps is not None:
            self.gps.poll(mono)
        if self.buttons is not None:
            for name in self.buttons.poll(mono):
                unit.on_button(mono, name)
        if self.sync is not None:
            self.sync.poll(mono)
        if mono >= self._tick_due:
            self._tick(mono)
        if self.buzzer is not None:
            self.buzzer.update(mono)
        if self.journal is not None:
            self.journal.update(mono)
        if self.ignition is not None:
            on = self.ignition.value() == self.ignition_level
            if on != self.ignition_on:
                self.ignition_on = on
                self._set_power(mono, on)
        if self.power_fail is not None:
            self._power(mono)
        return mono

    def _tick(self, mono):
        self._tick_due = mono + self.tick_ms
        for out in self.unit.tick(mono):
            self._carry_out(mono, out)

    def boot(self):
        """Restore the unit's history from the journal (recovered by
        :func:`journal_flash.open_journal`), then tell it it is on (its
        ``power`` record, the driver); returns the mono time."""
        mono = self.clock.now()
        journal = getattr(self.journal, "journal", None)
        if journal is not None and hasattr(self.unit, "restore"):
            # Before any input: the driver's counters go on after an ignition
            # cycle or a power cut (drivetime.restore streams the flash).
            self.say("journal: %d records read, %d intervals restored" % self.unit.restore(journal))
        if self.rtc is not None:        # the minute of the power record, when the RTC has one
            self._rtc_due = mono + 60000
            reading = self.rtc.read()
            if reading is not None:
                self.unit.on_rtc(mono, reading[0], reading[1])
        self._set_power(mono, True)
        return mono

    def stop(self):
        """A clean stop: the unit is off, its record written and the journal sealed."""
        mono = self.clock.now()
        self._set_power(mono, False)
        if self.journal is not None:
            self.journal.flush()
        return mono

    def _set_power(self, mono, on):
        if on == self.unit_on:
            return
        self.unit_on = on
        self.unit.power(on, mono)
        self._tick(mono)                # journal it now: the supply may be going
        if not on and self.journal is not None:
            self.journal.flush()

    def port_fault(self, name, on, mono):
        """An adapter's fault to the unit, once per change."""
        if self.port_faults.get(name, False) != on:
            self.port_faults[name] = on
            self.unit.port_fault(name, on, mono)

    def _can(self, mono):
        try:
            self._can_io(mono)
        except OSError as exc:          # the controller's SPI: the signal path notices the silence
            if not self.port_faults.get("can_adapter"):
                self.say("can: %s" % (exc,))
            self.port_fault("can_adapter", True, mono)
            return
        if self.port_faults.get("can_adapter"):
            self.port_fault("can_adapter", False, mono)

    def _can_io(self, mono):
        can = self.can
        for _ in range(self.max_frames):
            frame = can.recv()
            if frame is None:
                break
            self.frames += 1
            if not frame[3]:                # a remote request carries no speed
                self.unit.on_can(mono, frame[0], frame[1], frame[2])
        if self.obd_request is not None and mono >= self._obd_due:
            self._obd_due = mono + self.obd_request_ms
            arb, data = self.obd_request
            can.send(arb, data, arb > 0x7FF)
        if mono >= self._err_due:
            self._err_due = mono + 10000
            self.can_errors = can.errors()

    def _carry_out(self, mono, out):
        kind = type(out).__name__
        if kind == "Show":
            if self.display is not None:
                self.display.draw(out.screen)
        elif kind == "Led":
            pin = self.leds.get(out.name)
            if pin is not None:
                pin.value(1 if out.on else 0)
        elif kind == "Buzz":
            if self.buzzer is not None:
                self.buzzer.play(out.pattern, mono)
        elif kind == "Log":
            if self.journal is not None:
                self.journal.write(mono, out)
        elif kind == "Export":
            # The driver's own data (no key needed) on the USB console, between
            # marker lines a terminal program or a script can cut it out by.
            self.say(EXPORT_BEGIN)
            for line in out.lines:
                self.say(line)
            self.say(EXPORT_END)

    def _power(self, mono):
        failing = self.power_fail.value() == self.power_fail_level
        if failing and self.powered:
            # Running on the hold-up capacitor (hardware/power.md): save first.
            self._set_power(mono, False)
            if self.journal is not None:
                self.journal.flush()
            for pin in self.leds.values():
                pin.value(0)
        elif self.powered is False and not failing:
            self._set_power(mono, True)     # the supply came back before the capacitor ran out
        self.powered = not failing

    def run(self, idle_ms=20, passes=None):
        """Loop forever (or ``passes`` times), sleeping ``idle_ms`` between passes."""
        sleep_ms = getattr(time, "sleep_ms", None) or (lambda ms: time.sleep(ms / 1000))
        n = 0
        while passes is None or n < passes:
            self.step()
            n += 1
            sleep_ms(idle_ms)
