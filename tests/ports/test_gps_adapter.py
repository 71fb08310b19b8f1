# GPS adapter: one contract suite over pyserial's loop://, a pseudo-terminal, and the fake.
# SPDX-License-Identifier: MIT
"""Every GPS reader keeps the same promises (STYLE.md habit 4): the bytes the
receiver sent, in order and unchanged (the core's parser splits sentences),
stamped with the mono clock when read; a read never blocks; a broken link
raises :class:`AdapterError`, and closing is safe. ``loop://`` is pyserial's
loopback (what is written is read back); the pty plays a USB receiver that
can be unplugged.
"""

import time

import pytest

from drivetime.nmea import NmeaParser, Rmc, sentence
from drivetime_pi import AdapterError
from drivetime_pi.gps_adapter import FakeGps, GpsReader

BURST = (sentence("GPRMC,060000.00,A,5006.600,N,00840.800,E,43.2,90.0,020326,,,A")
         + sentence("GPVTG,90.0,T,,M,43.2,N,80.0,K,A")
         + sentence("GPGGA,060000.00,5006.600,N,00840.800,E,1,08,1.0,100.0,M,47.0,M,,")).encode()


class LoopRig:
    def __init__(self, clock):
        self.reader = GpsReader(clock.mono_ms, "loop://", 9600)

    def send(self, data):
        self.reader.serial.write(data)

    def break_link(self):
        self.reader.serial.close()      # reading a closed port raises PortNotOpenError

    def close(self):
        self.reader.close()


class PtyRig:
    def __init__(self, clock, device):
        self.device = device
        self.reader = GpsReader(clock.mono_ms, device.path, 9600)

    def send(self, data):
        self.device.write(data)

    def break_link(self):
        self.device.hang_up()           # USB receiver unplugged: reads give EIO

    def close(self):
        self.reader.close()


class FakeRig:
    def __init__(self, clock):
        self.reader = FakeGps(clock.mono_ms)

    def send(self, data):
        self.reader.push(data)

    def break_link(self):
        self.reader.fail()

    def close(self):
        self.reader.close()


@pytest.fixture(params=["loop", "pty", "fake"])
def rig(request, clock, serial_pty):
    made = {"loop": lambda: LoopRig(clock), "pty": lambda: PtyRig(clock, serial_pty),
            "fake": lambda: FakeRig(clock)}[request.param]()
    yield made
    made.close()


@pytest.fixture
def collect(wait_for):
    def collect(reader, n):
        chunks = []

        def poll():
            got = reader.read()
            if got is not None:
                chunks.append(got)
        wait_for(poll, lambda: sum(len(c.data) for c in chunks) >= n)
        return chunks
    return collect


def test_the_bytes_arrive_unchanged_and_stamped_when_read(rig, clock, collect):
    rig.send(BURST[:50])
    rig.send(BURST[50:])                        # split mid-sentence, as a UART delivers
    clock.advance(180)
    chunks = collect(rig.reader, len(BURST))
    assert b"".join(c.data for c in chunks) == BURST
    assert {c.mono_ms for c in chunks} == {1180}
    assert rig.reader.received == len(BURST)
    # the core's parser reads the three sentences, one of them a valid RMC fix
    parser = NmeaParser()
    parsed = parser.push(b"".join(c.data for c in chunks))
    assert parser.sentences_ok == 3
    assert [s.valid for s in parsed if isinstance(s, Rmc)] == [True]


def test_a_read_with_nothing_waiting_returns_none_at_once(rig):
    started = time.monotonic()
    assert rig.reader.read() is None
    assert time.monotonic() - started < 0.1


def test_a_broken_link_raises_adapter_error_and_closes_cleanly(rig, wait_for):
    rig.break_link()
    with pytest.raises(AdapterError) as caught:
        wait_for(rig.reader.read, lambda: False, timeout_s=1.0)
    assert caught.value.source == "gps"
    rig.reader.close()
    rig.reader.close()


def test_a_missing_device_is_an_adapter_error_naming_it(clock):
    with pytest.raises(AdapterError) as caught:
        GpsReader(clock.mono_ms, "/dev/no-such-gps")
    assert "/dev/no-such-gps" in str(caught.value)
