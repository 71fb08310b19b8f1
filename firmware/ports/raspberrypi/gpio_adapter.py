# The driver's buttons, the LEDs and the buzzer on the Pi's GPIO, through gpiozero.
# SPDX-License-Identifier: MIT
"""The cab panel of the Pi port.

:class:`Panel` makes a gpiozero ``Button`` per configured button name (the
unit's :data:`drivetime.unit.BUTTONS`: ``mode``, ``activity``, ``ack``,
``crew``, ``ferry``, ``out_of_scope``, ``day``), an ``LED`` per LED name
(``warning``, ``driving``, ``fault``) and an optional ``Buzzer``. Pins are
BCM numbers (or any name gpiozero takes, e.g. ``"GPIO17"``); buttons pull up
and close to ground. gpiozero picks the pin library (lgpio, RPi.GPIO, ...)
through ``Device.pin_factory``; tests set its ``MockFactory``.
:class:`FakePanel` is the same interface without pins.

gpiozero calls ``when_pressed`` from its own thread: the press is stamped
with the mono clock there and queued; the main loop takes the queue with
:meth:`~PanelABC.presses`. The buzzer plays the unit's patterns (on/off
milliseconds, starting with on) from :meth:`~PanelABC.update`, driven by
the loop's clock, so a pattern runs the same under a test's clock.
"""

from collections import deque

from . import AdapterError

LED_NAMES = ("warning", "driving", "fault")


class PanelABC:
    """Buttons in, LEDs and buzzer out. Subclasses set a pin with
    :meth:`_set_led` and :meth:`_set_buzzer`.

    :param clock: callable returning the port's monotonic time in ms
    """

    def __init__(self, clock):
        self.clock = clock
        self._presses = deque((), 64)   # appended from gpiozero's thread
        self._pattern = ()              # remaining (until_ms, on) steps
        self.buzzing = False

    def _pressed(self, name):
        self._presses.append((self.clock(), name))

    def presses(self):
        """Return the presses since the last call, oldest first.

        :rtype: list of ``(mono_ms, name)``
        """
        out = []
        while self._presses:
            out.append(self._presses.popleft())
        return out

    def led(self, name, on):
        """Switch LED ``name`` (unconfigured LEDs are ignored)."""
        self._set_led(name, bool(on))

    def buzz(self, pattern, mono_ms):
        """Start ``pattern`` (on/off ms, starting with on) now, replacing any other."""
        steps, at, on = [], mono_ms, True
        for ms in pattern:
            at += ms
            steps.append((at, on))
            on = not on
        self._pattern = tuple(steps)
        self.update(mono_ms)

    def update(self, mono_ms):
        """Carry the buzzer pattern on to ``mono_ms`` (call it every loop)."""
        steps = self._pattern
        while steps and steps[0][0] <= mono_ms:
            steps = steps[1:]
        self._pattern = steps
        on = steps[0][1] if steps else False
        if on != self.buzzing:
            self.buzzing = on
            self._set_buzzer(on)

    def _set_led(self, name, on):
        raise NotImplementedError

    def _set_buzzer(self, on):
        raise NotImplementedError

    def close(self):
        """Release the pins; safe to call twice."""


class Panel(PanelABC):
    """The panel on gpiozero.

    :param clock: callable returning mono ms
    :param buttons: ``{name: pin}``
    :param leds: ``{name: pin}`` (names of :data:`LED_NAMES`)
    :param buzzer: pin of an active buzzer, or None
    :param bounce_ms: contact bounce ignored after a press
    :raises AdapterError: for a pin gpiozero refuses (in use, not a GPIO)
    """

    def __init__(self, clock, buttons=None, leds=None, buzzer=None, bounce_ms=50):
        PanelABC.__init__(self, clock)
        self._devices = []
        try:
            from gpiozero import LED, Button, Buzzer   # lazy: not needed off the Pi
            self.buttons = {}
            for name, pin in (buttons or {}).items():
                b = Button(pin, pull_up=True, bounce_time=bounce_ms / 1000 if bounce_ms else None)
                b.when_pressed = self._callback(name)
                self._devices.append(b)
                self.buttons[name] = b
            self.leds = {}
            for name, pin in (leds or {}).items():
                self.leds[name] = LED(pin)
                self._devices.append(self.leds[name])
            self.buzzer = Buzzer(buzzer) if buzzer is not None else None
            if self.buzzer is not None:
                self._devices.append(self.buzzer)
        except Exception as exc:    # GPIOZeroError, PinInvalidPin, PinPWMUnsupported, ...
            self.close()
            raise AdapterError("gpio", str(exc)) from exc

    def _callback(self, name):
        return lambda: self._pressed(name)

    def _set_led(self, name, on):
        led = self.leds.get(name)
        if led is not None:
            led.value = on

    def _set_buzzer(self, on):
        if self.buzzer is not None:
            self.buzzer.value = on

    def close(self):
        devices, self._devices = self._devices, []
        for d in devices:
            d.close()


class FakePanel(PanelABC):
    """A panel without pins: :meth:`press` a button, read :attr:`lit` and :attr:`buzzing`.

    :param clock: callable returning mono ms
    """

    def __init__(self, clock):
        PanelABC.__init__(self, clock)
        self.lit = dict.fromkeys(LED_NAMES, False)
        self.buzzer_changes = []        # (mono_ms, on), for checking a pattern

    def press(self, name):
        self._pressed(name)

    def _set_led(self, name, on):
        self.lit[name] = on

    def _set_buzzer(self, on):
        self.buzzer_changes.append((self.clock(), on))
