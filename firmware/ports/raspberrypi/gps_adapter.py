# NMEA bytes from a GPS receiver over pyserial (a USB or UART device, or any pyserial URL), with the time they arrived.
# SPDX-License-Identifier: MIT
"""The GPS side of the Pi port.

The adapter only moves bytes: the core's NMEA parser takes them as they
come, split anywhere (STYLE.md habit 2). :class:`GpsReader` opens the port
with ``serial.serial_for_url``, so a device path (``/dev/ttyACM0``, a UART
``/dev/serial0``) and pyserial's URLs (``loop://`` in tests,
``socket://host:port`` for a receiver on the network) all work.
:class:`FakeGps` is the same interface fed by hand.

Each read is stamped with the port's mono clock; a receiver sends a burst a
second (RMC, VTG, GGA), 50-250 ms after the second it describes, which the
core's time base expects. A broken link (a USB receiver unplugged: the tty
reports readable but gives nothing, or EIO) raises
:class:`~drivetime_pi.AdapterError`; the main loop shows the fault and
reopens the port.
"""

from collections import namedtuple

from . import AdapterError

NmeaChunk = namedtuple("NmeaChunk", ("mono_ms", "data"))
MAX_PER_READ = 4096     # bytes per read: 9600 baud carries 960 a second


class GpsReaderABC:
    """Bytes in arrival order, stamped by ``clock`` (mono ms). Subclasses
    implement :meth:`_read` only.

    :param clock: callable returning the port's monotonic time in ms
    """

    def __init__(self, clock):
        self.clock = clock
        self.received = 0       # bytes handed out

    def read(self, limit=MAX_PER_READ):
        """Return what is waiting now as one chunk, or ``None``; never blocks.

        :rtype: :class:`NmeaChunk` or None
        :raises AdapterError: when the link fails
        """
        data = self._read(limit)
        if not data:
            return None
        self.received += len(data)
        return NmeaChunk(self.clock(), bytes(data))

    def _read(self, limit):
        raise NotImplementedError

    def close(self):
        """Release the port; safe to call twice."""


class GpsReader(GpsReaderABC):
    """A receiver on a serial port.

    :param clock: callable returning mono ms
    :param port: device path or pyserial URL
    :param baudrate: the receiver's rate (most send NMEA at 9600)
    :raises AdapterError: when the port cannot be opened
    """

    def __init__(self, clock, port, baudrate=9600):
        GpsReaderABC.__init__(self, clock)
        self.name = port
        try:
            import serial       # lazy: only a port with a receiver needs pyserial
            self.serial = serial.serial_for_url(port, baudrate=baudrate, timeout=0)
        except Exception as exc:    # SerialException (an OSError), ValueError for a bad URL
            raise AdapterError("gps", "cannot open %s: %s" % (port, exc)) from exc

    def _read(self, limit):
        try:
            waiting = self.serial.in_waiting
            # read(1) at least: a device gone away reports readable and raises there
            return self.serial.read(min(max(waiting, 1), limit))
        except Exception as exc:
            raise AdapterError("gps", "%s: %s" % (self.name, exc)) from exc

    def close(self):
        port, self.serial = getattr(self, "serial", None), None
        if port is not None:
            try:
                port.close()
            except Exception:
                pass


class FakeGps(GpsReaderABC):
    """Bytes pushed by hand (tests, the simulator's in-process mode).

    :param clock: callable returning mono ms
    """

    name = "fake"

    def __init__(self, clock):
        GpsReaderABC.__init__(self, clock)
        self._waiting = bytearray()
        self._failure = None
        self.closed = False

    def push(self, data):
        """Queue bytes as if the receiver had sent them."""
        self._waiting.extend(data)

    def fail(self, message="link broken"):
        """Make the next read raise, as an unplugged receiver would."""
        self._failure = message

    def _read(self, limit):
        if self.closed:
            raise AdapterError("gps", "fake: port closed")
        if self._failure is not None:
            message, self._failure = self._failure, None
            raise AdapterError("gps", "fake: %s" % message)
        data = bytes(self._waiting[:limit])
        del self._waiting[:limit]
        return data

    def close(self):
        self.closed = True
