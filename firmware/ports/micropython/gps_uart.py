# The GPS receiver's NMEA stream from a machine.UART into the unit.
# SPDX-License-Identifier: MIT
"""Non-blocking: each :meth:`GpsUart.poll` takes what the UART's receive
buffer holds (up to ``max_bytes``) and hands it, in chunks, to
``Unit.on_nmea``; the core's NMEA parser joins sentences across chunks and
counts and drops bad ones. At 9600 baud a receiver sends at most 960 bytes a
second, so a UART opened with ``rxbuf=1024`` and a loop polling every 50 ms
never overflows.
"""


class GpsUart:
    """:param uart: ``machine.UART(id, 9600, rx=..., rxbuf=1024)`` (or a fake
        with ``any`` and ``readinto``)
    :param sink: called as ``sink(mono_ms, data)``; ``unit.on_nmea``
    :param chunk: bytes read per call to the UART
    :param max_bytes: most bytes taken per poll (bounds the loop's latency)
    """

    def __init__(self, uart, sink, chunk=128, max_bytes=1024):
        self.uart, self.sink = uart, sink
        self._buf = bytearray(chunk)
        self.max_bytes = max_bytes
        self.bytes_read = 0
        self.last_byte_ms = None

    def poll(self, mono_ms):
        """Move waiting bytes to the sink; return how many."""
        taken = 0
        mv = memoryview(self._buf)
        while taken < self.max_bytes:
            waiting = self.uart.any()
            if not waiting:
                break
            want = min(waiting, len(self._buf), self.max_bytes - taken)
            n = self.uart.readinto(mv[:want])
            if not n:
                break
            self.sink(mono_ms, bytes(mv[:n]))
            taken += n
        if taken:
            self.bytes_read += taken
            self.last_byte_ms = mono_ms
        return taken
