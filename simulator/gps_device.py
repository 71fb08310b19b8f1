# A GNSS receiver on a pseudo-terminal: the NMEA sentences the simulator makes, written as a USB receiver sends them.
# SPDX-License-Identifier: MIT
"""The emulated receiver pyserial opens (``serial.Serial(device.path)``,
or the unit's ``[gps] port``) as it would a u-blox on ``/dev/ttyACM0``.

A receiver only talks: it sends each sentence when
:class:`~simulator.traffic.Traffic` has it due (at 1-10 fixes a second);
what the host writes to it (configuration commands such as ``$PUBX`` or
UBX binary) is read and kept in :attr:`GpsDevice.received` but not
answered, as an NMEA-only receiver ignores it. :meth:`GpsDevice.power`
off makes it silent (sentences are dropped, not queued).
"""

import threading

from simulator.pty_device import PtyDevice


class GpsDevice(PtyDevice):
    """An NMEA receiver on a new pseudo-terminal (``path``)."""

    def __init__(self):
        PtyDevice.__init__(self)
        self.powered = True
        self.sentences_sent = 0
        self.sentences_dropped = 0      # while off, or the port's buffer was full
        self.received = b""             # what the host wrote (not answered)
        self._lock = threading.Lock()

    def power(self, on):
        """Power the receiver on or off (off: it sends nothing)."""
        self.powered = bool(on)

    def send(self, sentence):
        """Send one sentence (bytes with its CR LF). :returns: True if sent whole"""
        with self._lock:
            if not self.powered or not self.write(sentence):
                self.sentences_dropped += 1
                return False
            self.sentences_sent += 1
            return True

    def poll(self):
        """Read (and ignore) what the host wrote; never blocks."""
        with self._lock:
            got = self.read()
            self.received += got
            return got
