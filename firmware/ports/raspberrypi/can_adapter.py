# CAN frames from any python-can interface (socketcan, slcan, virtual, ...), each with the time it arrived.
# SPDX-License-Identifier: MIT
"""The CAN side of the Pi port.

:class:`CanReader` opens a python-can ``Bus`` by interface name, so any
backend python-can knows works from the config file: ``socketcan`` on a
CAN HAT (``can0``, J1939 at 250 kbit/s), ``slcan`` on a USB-serial adapter
(``/dev/ttyACM0``; python-can sends the bit rate command, e.g. ``S5`` for
250 kbit/s, then ``O`` to open the channel, and ``C`` to close it), or
``virtual`` for tests and the simulator. :class:`FakeCan` is the same
interface fed by hand.

Frames are stamped with the port's monotonic clock when read, not with the
backend's ``timestamp`` (wall time for slcan, the kernel's for socketcan):
the core dates everything on one mono clock, and the loop polls far more
often than the motion detector's debounce (hundreds of ms).

Remote and error frames carry no speed: they are counted and dropped, as
the decoders count bad frames. Any failure of the bus comes out as
:class:`~drivetime_pi.AdapterError`; the main loop shows it and reopens.
"""

from collections import namedtuple

from . import AdapterError

CanFrame = namedtuple("CanFrame", ("mono_ms", "arbitration_id", "data", "extended"))
MAX_PER_READ = 500      # frames per read: J1939 at 250 kbit/s carries at most ~1900/s


class CanReaderABC:
    """Frames in arrival order, stamped by ``clock`` (mono ms). Subclasses
    implement :meth:`_recv` only.

    :param clock: callable returning the port's monotonic time in ms
    """

    def __init__(self, clock):
        self.clock = clock
        self.received = 0       # data frames handed out
        self.dropped = 0        # remote and error frames

    def read(self, limit=MAX_PER_READ):
        """Return the frames waiting now (at most ``limit``), never blocking.

        :rtype: list of :class:`CanFrame`
        :raises AdapterError: when the bus fails (unplugged adapter, bus error)
        """
        out = []
        while len(out) < limit:
            got = self._recv()
            if got is None:
                break
            if got is False:
                self.dropped += 1
                continue
            out.append(CanFrame(self.clock(), got[0], got[1], got[2]))
        self.received += len(out)
        return out

    def _recv(self):
        """Return ``(arbitration_id, bytes, extended)``, ``False`` for a frame
        to drop, or ``None`` when nothing is waiting."""
        raise NotImplementedError

    def close(self):
        """Release the bus; safe to call twice."""


class CanReader(CanReaderABC):
    """A python-can bus.

    :param clock: callable returning mono ms
    :param interface: python-can interface name (``socketcan``, ``slcan``, ``virtual``, ...)
    :param channel: ``can0``, a serial device such as ``/dev/ttyACM0``, a virtual channel name
    :param bitrate: bit/s (J1939: 250000); ``None`` leaves the adapter's setting
    :param options: further keyword arguments for the backend (e.g. ``sleep_after_open``
        for slcan, ``receive_own_messages`` for virtual)
    :raises AdapterError: when the bus cannot be opened
    """

    def __init__(self, clock, interface, channel=None, bitrate=None, options=None):
        CanReaderABC.__init__(self, clock)
        self.name = "%s:%s" % (interface, channel)
        kwargs = dict(options or {})
        if bitrate is not None:
            kwargs["bitrate"] = bitrate
        try:
            import can      # lazy: only a port that reads CAN needs python-can
            self.bus = can.Bus(interface=interface, channel=channel, **kwargs)
        except Exception as exc:    # CanError, OSError, ValueError, an unknown interface...
            raise AdapterError("can", "cannot open %s: %s" % (self.name, exc)) from exc

    def _recv(self):
        try:
            msg = self.bus.recv(timeout=0)
        except Exception as exc:    # CanOperationError, SerialException (an OSError)
            raise AdapterError("can", "%s: %s" % (self.name, exc)) from exc
        if msg is None:
            return None
        if msg.is_error_frame or msg.is_remote_frame:
            return False
        return msg.arbitration_id, bytes(msg.data), msg.is_extended_id

    def close(self):
        bus, self.bus = getattr(self, "bus", None), None
        if bus is not None:
            try:
                bus.shutdown()
            except Exception:       # already broken: nothing more to release
                pass


class FakeCan(CanReaderABC):
    """Frames pushed by hand (tests, the simulator's in-process mode).

    :param clock: callable returning mono ms
    """

    name = "fake"

    def __init__(self, clock):
        CanReaderABC.__init__(self, clock)
        self._waiting = []
        self._failure = None
        self.closed = False

    def push(self, arbitration_id, data, extended=True, remote=False):
        """Queue a frame as if it had arrived on the bus."""
        self._waiting.append(False if remote else (arbitration_id, bytes(data), extended))

    def fail(self, message="bus error"):
        """Make the next read raise, as a bus-off or an unplugged adapter would."""
        self._failure = message

    def _recv(self):
        if self.closed:
            raise AdapterError("can", "fake: bus closed")
        if self._failure is not None:
            message, self._failure = self._failure, None
            raise AdapterError("can", "fake: %s" % message)
        return self._waiting.pop(0) if self._waiting else None

    def close(self):
        self.closed = True
