# Carries the simulation's events to the emulated devices on a clock: pumped by the caller or by a thread.
# SPDX-License-Identifier: MIT
"""A :class:`Bridge` pulls events from a source (a
:class:`~simulator.world.World`, or a :class:`~simulator.replay.Replay` of
recorded traffic: anything with ``advance(t_ms) -> [(t, kind, payload)]``)
up to the clock's time and hands them over:

- ``can`` frames to the :class:`~simulator.slcan_device.SlcanDevice`
  (29-bit ids are extended; an id above 0x7FF is always extended, a
  ``(id, data, extended)`` payload says so itself);
- ``nmea`` sentences to the :class:`~simulator.gps_device.GpsDevice`;
- ``power``, ``action`` and ``border`` events to the callbacks given
  (``on_power(on, t_ms)``, ``on_action(step, t_ms)``, ``on_border(before,
  after, t_ms)``): the host of the unit under test carries them out.

Each pump also answers the adapter's commands (python-can's open and close).

Two ways to run: :meth:`Bridge.pump` from the caller's loop (a virtual
clock: deterministic, as fast as the unit reads), or :meth:`start` a
thread that pumps every ``period_s`` of real time (a :class:`WarpClock`:
live driving) until :meth:`stop`.
"""

import threading


class Bridge:
    """Events from ``source`` to the devices, on ``clock`` (``mono_ms()``)."""

    def __init__(self, source, clock, slcan=None, gps=None, on_power=None, on_action=None,
                 on_border=None):
        self.source, self.clock = source, clock
        self.slcan, self.gps = slcan, gps
        self.on_power, self.on_action, self.on_border = on_power, on_action, on_border
        self.counts = {"can": 0, "nmea": 0, "power": 0, "action": 0, "border": 0}
        self.error = None           # an exception that stopped the thread
        self._thread = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def pump(self, now_ms=None):
        """Deliver everything due up to ``now_ms`` (default: the clock's time).

        :returns: the events delivered
        """
        with self._lock:
            for dev in (self.slcan, self.gps):
                if dev is not None:
                    dev.poll()
            now = self.clock.mono_ms() if now_ms is None else now_ms
            events = self.source.advance(now)
            for t, kind, payload in events:
                self._deliver(t, kind, payload)
            return events

    def _deliver(self, t, kind, payload):
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if kind == "can" and self.slcan is not None:
            ext = payload[2] if len(payload) > 2 else True
            self.slcan.send_frame(payload[0], payload[1], ext or payload[0] > 0x7FF, t)
        elif kind == "nmea" and self.gps is not None:
            self.gps.send(payload)
        elif kind == "power" and self.on_power is not None:
            self.on_power(payload, t)
        elif kind == "action" and self.on_action is not None:
            self.on_action(payload, t)
        elif kind == "border" and self.on_border is not None:
            self.on_border(payload[0], payload[1], t)

    def start(self, period_s=0.01):
        """Pump from a thread every ``period_s`` real seconds until :meth:`stop`."""
        if self._thread is not None:
            return
        self._stop.clear()

        def run():
            try:
                while not self._stop.is_set():
                    self.pump()
                    self._stop.wait(period_s)
            except Exception as exc:        # kept for the caller: a thread cannot raise to it
                self.error = exc
        self._thread = threading.Thread(target=run, name="sim-bridge", daemon=True)
        self._thread.start()

    def stop(self):
        """Stop the thread (waits for it); safe when not started."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(5)
        self._thread = None
