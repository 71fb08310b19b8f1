# CAN adapter: one contract suite run against python-can's virtual bus, slcan over a pseudo-terminal, and the fake.
# SPDX-License-Identifier: MIT
"""Every CAN reader keeps the same promises (STYLE.md habit 4): frames in
arrival order with id, data and the extended flag, stamped with the port's
mono clock when read; a read never blocks; remote frames dropped and
counted; a failing bus raises :class:`AdapterError`, and closing is safe.
Then the SLCAN specifics: the commands python-can sends the adapter (Lawicel
protocol: ``Sn`` bit rate, ``O`` open, ``C`` close) and the lines it parses.
"""

import time
import uuid

import pytest

from drivetime.j1939 import ccvs1_frame, tco1_frame
from drivetime_pi import AdapterError
from drivetime_pi.can_adapter import CanReader, FakeCan

OBD_RESPONSE = 0x7E8            # ISO 15765-4: the engine ECU's 11-bit response id


class VirtualRig:
    """python-can's in-process virtual bus; a second bus on the channel sends."""

    def __init__(self, clock):
        import can
        channel = "drivetime-" + uuid.uuid4().hex
        self.reader = CanReader(clock.mono_ms, "virtual", channel)
        self.sender = can.Bus(interface="virtual", channel=channel)
        self._can = can

    def send(self, arbitration_id, data, extended=True, remote=False):
        self.sender.send(self._can.Message(arbitration_id=arbitration_id, data=data,
                                           is_extended_id=extended, is_remote_frame=remote,
                                           dlc=len(data)))

    def break_link(self):
        self.reader.bus.shutdown()      # recv on a shut bus raises CanOperationError

    def close(self):
        self.reader.close()
        self.sender.shutdown()


class SlcanRig:
    """python-can's slcan backend on a pty; the test plays the USB adapter."""

    def __init__(self, clock, device):
        self.device = device
        self.reader = CanReader(clock.mono_ms, "slcan", device.path, bitrate=250000,
                                options={"sleep_after_open": 0})
        self.opened_with = device.read()

    def send(self, arbitration_id, data, extended=True, remote=False):
        if remote:
            head = "R%08X" % arbitration_id if extended else "r%03X" % arbitration_id
            self.device.write(("%s%d\r" % (head, len(data))).encode())
        else:
            self.device.frame(arbitration_id, data, extended)

    def break_link(self):
        self.device.hang_up()           # the adapter is unplugged

    def close(self):
        self.reader.close()


class FakeRig:
    def __init__(self, clock):
        self.reader = FakeCan(clock.mono_ms)

    def send(self, arbitration_id, data, extended=True, remote=False):
        self.reader.push(arbitration_id, data, extended, remote)

    def break_link(self):
        self.reader.fail("bus-off")

    def close(self):
        self.reader.close()


@pytest.fixture(params=["virtual", "slcan", "fake"])
def rig(request, clock, slcan_device):
    if request.param == "virtual":
        made = VirtualRig(clock)
    elif request.param == "slcan":
        made = SlcanRig(clock, slcan_device)
    else:
        made = FakeRig(clock)
    yield made
    made.close()


@pytest.fixture
def collect(wait_for):
    def collect(reader, n):
        got = []
        wait_for(lambda: got.extend(reader.read()), lambda: len(got) >= n)
        return got
    return collect


def test_frames_arrive_in_order_with_id_data_and_the_read_time(rig, clock, collect):
    speed = ccvs1_frame(80 * 256)                   # 80 km/h, J1939 CCVS1 from the engine
    tacho = tco1_frame(speed=80 * 256, motion=True)
    rig.send(*speed)
    rig.send(*tacho)
    clock.advance(250)
    got = collect(rig.reader, 2)
    assert [(f.arbitration_id, f.data, f.extended) for f in got] == [
        (speed[0], speed[1], True), (tacho[0], tacho[1], True)]
    assert [f.mono_ms for f in got] == [1250, 1250]     # stamped when read, on the mono clock
    assert rig.reader.received == 2


def test_a_standard_id_frame_is_not_extended(rig, collect):
    response = bytes((0x03, 0x41, 0x0D, 0x50, 0x55, 0x55, 0x55, 0x55))   # PID 0x0D: 80 km/h
    rig.send(OBD_RESPONSE, response, extended=False)
    (got,) = collect(rig.reader, 1)
    assert (got.arbitration_id, got.data, got.extended) == (OBD_RESPONSE, response, False)


def test_a_read_with_nothing_waiting_returns_at_once(rig):
    started = time.monotonic()
    assert rig.reader.read() == []
    assert time.monotonic() - started < 0.1


def test_remote_frames_are_dropped_and_counted(rig, collect):
    rig.send(0x18FEF100, b"\x00" * 8, remote=True)
    speed = ccvs1_frame(0)
    rig.send(*speed)
    got = collect(rig.reader, 1)
    assert [(f.arbitration_id, f.data) for f in got] == [speed]
    assert rig.reader.dropped == 1


def test_a_broken_bus_raises_adapter_error_and_closes_cleanly(rig, wait_for):
    rig.break_link()
    with pytest.raises(AdapterError) as caught:
        wait_for(rig.reader.read, lambda: False, timeout_s=1.0)
    assert caught.value.source == "can"
    rig.reader.close()
    rig.reader.close()                              # twice is fine


# -- slcan specifics ------------------------------------------------------------------

def test_slcan_opens_at_250k_and_closes_the_channel(clock, slcan_device):
    reader = CanReader(clock.mono_ms, "slcan", slcan_device.path, bitrate=250000,
                       options={"sleep_after_open": 0})
    # python-can 4.6: set_bitrate sends C (close), S5 (250 kbit/s in the Lawicel table),
    # an empty data-bitrate command (no CAN FD) and O (open, normal mode); then the
    # constructor opens once more (O again, harmless on an open channel)
    assert slcan_device.read() == b"C\rS5\r\rO\rO\r"
    reader.close()
    assert slcan_device.read() == b"C\r"


def test_slcan_skips_the_adapters_replies_and_a_timestamp_suffix(clock, slcan_device, collect):
    rig = SlcanRig(clock, slcan_device)
    speed = ccvs1_frame(50 * 256)
    # an adapter acknowledges commands with CR ("z\r" after a transmit) and, with
    # time stamps switched on (Lawicel Z1), appends 4 hex digits of ms to each frame
    slcan_device.write(b"\r\rz\r" + slcan_device.line(*speed)[:-1] + b"1A2B\r")
    got = collect(rig.reader, 1)
    assert [(f.arbitration_id, f.data) for f in got] == [speed]
    rig.close()


def test_an_unknown_interface_names_itself_in_the_error(clock):
    with pytest.raises(AdapterError) as caught:
        CanReader(clock.mono_ms, "no-such-interface", "can0")
    assert "no-such-interface" in str(caught.value)


def test_a_missing_slcan_device_is_an_adapter_error(clock):
    with pytest.raises(AdapterError) as caught:
        CanReader(clock.mono_ms, "slcan", "/dev/does-not-exist", options={"sleep_after_open": 0})
    assert "/dev/does-not-exist" in str(caught.value)
