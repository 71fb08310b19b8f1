# The driver's push buttons on machine.Pin inputs, debounced in software.
# SPDX-License-Identifier: MIT
"""Turns pin levels into the Unit's button names (``"mode"``, ``"activity"``,
``"ack"``, ``"crew"``, ``"ferry"``, ``"out_of_scope"``, ``"day"``).

Polled from the main loop, no interrupts: a level counts once it has held
for ``debounce_ms`` (contacts bounce for a few ms; 30 ms is well above that
and well below a deliberate press). A press is reported when it is
accepted; a button with a long-press name reports the short name on release
instead, or the long name once held ``long_ms`` (so four buttons can carry
seven functions on a small board).
"""


class Buttons:
    """Debounced buttons.

    :param pins: ``{name: pin}``, each pin a ``machine.Pin(n, Pin.IN,
        Pin.PULL_UP)`` (or anything with ``value()``)
    :param active_low: pressed reads 0 (a switch to ground with a pull-up)
    :param debounce_ms: time a level must hold before it counts
    :param long_press: ``{name: long_name}`` for buttons with two functions
    :param long_ms: hold time for the long function
    """

    def __init__(self, pins, active_low=True, debounce_ms=30, long_press=None, long_ms=1500):
        self._names = list(pins)
        self._pins = [pins[n] for n in self._names]
        self._active = 0 if active_low else 1
        self.debounce_ms, self.long_ms = debounce_ms, long_ms
        self._long = long_press or {}
        count = len(self._names)
        self._raw = [False] * count         # last raw level (pressed?)
        self._since = [None] * count        # mono_ms the raw level began
        self._state = [False] * count       # debounced level
        self._pressed_at = [0] * count
        self._long_sent = [False] * count

    def poll(self, mono_ms):
        """Read every pin; return the button names pressed since the last poll."""
        out = []
        for i, pin in enumerate(self._pins):
            raw = pin.value() == self._active
            if raw != self._raw[i] or self._since[i] is None:
                self._raw[i], self._since[i] = raw, mono_ms
            if raw != self._state[i] and mono_ms - self._since[i] >= self.debounce_ms:
                self._state[i] = raw
                self._edge(i, raw, mono_ms, out)
            elif raw and self._state[i]:
                self._held(i, mono_ms, out)
        return out

    def _edge(self, i, pressed, mono_ms, out):
        name = self._names[i]
        if pressed:
            self._pressed_at[i] = self._since[i]
            self._long_sent[i] = False
            if name not in self._long:
                out.append(name)
        elif name in self._long and not self._long_sent[i]:
            out.append(name)

    def _held(self, i, mono_ms, out):
        name = self._names[i]
        if name in self._long and not self._long_sent[i] \
                and mono_ms - self._pressed_at[i] >= self.long_ms:
            self._long_sent[i] = True
            out.append(self._long[name])
