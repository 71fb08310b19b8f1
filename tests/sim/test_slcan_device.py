# The emulated SLCAN adapter against python-can's slcan backend: commands answered, frames delivered as sent.
# SPDX-License-Identifier: MIT
"""python-can opens the emulator's pty exactly as a USB adapter
(``can.Bus(interface="slcan", channel=path)``); what it receives must be
the frames sent, and they must decode with cantools on hardware/j1939.dbc
to the speeds the vehicle had. Protocol facts from the Lawicel CANUSB
manual and python-can's can/interfaces/slcan.py (see the module docstring
of simulator.slcan_device)."""

import os
import time

import can
import cantools
import pytest

from drivetime.j1939 import ccvs1_frame, tco1_frame
from simulator.bridge import Bridge
from simulator.clock import VirtualClock
from simulator.world import World

DBC = os.path.join(os.path.dirname(__file__), "..", "..", "hardware", "j1939.dbc")
DB = cantools.database.load_file(DBC)


@pytest.fixture
def bus(slcan, wait_for):
    made = can.Bus(interface="slcan", channel=slcan.path, bitrate=250000, sleep_after_open=0)
    assert wait_for(slcan.poll, lambda: slcan.is_open)
    yield made
    made.shutdown()


def receive(bus, n, timeout_s=3.0):
    got = []
    while len(got) < n:
        msg = bus.recv(timeout_s)
        if msg is None:
            break
        got.append(msg)
    return got


def test_python_can_opens_at_250k_with_the_lawicel_commands(slcan, bus):
    # python-can 4.6 set_bitrate(250000): C, S5, "" (no FD data rate), O; then open() again: O
    assert slcan.commands == ["C", "S5", "", "O", "O"]
    assert slcan.is_open and slcan.bitrate == 250000 and not slcan.listen_only


def test_the_adapter_answers_ok_bel_version_and_serial(slcan):
    import serial                   # the host side: a raw serial port on the pty
    host = serial.Serial(slcan.path, timeout=0)
    try:
        for cmd, answer in ((b"V\r", b"V1013\r"), (b"N\r", b"NSIM1\r"), (b"F\r", b"\x07"),
                            (b"S5\r", b"\r"), (b"O\r", b"\r"), (b"F\r", b"F00\r"),
                            (b"S6\r", b"\x07"), (b"O\r", b"\x07"), (b"Y5\r", b"\x07"),
                            (b"T18EAFF003112200\r", b"Z\r"), (b"t7DF20201\r", b"z\r"),
                            (b"C\r", b"\r"), (b"C\r", b"\x07")):
            host.write(cmd)
            got = b""
            for _ in range(2000):
                slcan.poll()
                got += host.read(16)
                if got.endswith((b"\r", b"\x07")):
                    break
                time.sleep(0.001)
            assert got == answer, cmd
    finally:
        host.close()
    # the frames the host sent are kept: 29-bit 0x18EAFF00 (3 bytes), 11-bit 0x7DF (2 bytes)
    assert [(i, d, e) for i, d, e, _ in slcan.transmitted] == [
        (0x18EAFF00, b"\x11\x22\x00", True), (0x7DF, b"\x02\x01", False)]


def test_version_and_serial_through_python_can_in_thread_mode(slcan, bus):
    world = World()
    bridge = Bridge(world, VirtualClock(), slcan)
    bridge.start(period_s=0.002)        # a thread answers while python-can waits
    try:
        assert bus.get_version(2.0) == (10, 13)
        assert bus.get_serial_number(2.0) == "SIM1"
    finally:
        bridge.stop()
    assert bridge.error is None


def test_frames_arrive_exactly_as_sent_extended_and_standard(slcan, bus):
    sent = [ccvs1_frame(80 * 256), tco1_frame(speed=80 * 256, motion=1, driver1=3)]
    for arbitration_id, data in sent:
        assert slcan.send_frame(arbitration_id, data)
    assert slcan.send_frame(0x7E8, b"\x03\x41\x0d\x50", extended=False)
    got = receive(bus, 3)
    assert [(m.arbitration_id, bytes(m.data), m.is_extended_id) for m in got] == [
        (sent[0][0], sent[0][1], True), (sent[1][0], sent[1][1], True),
        (0x7E8, b"\x03\x41\x0d\x50", False)]


def test_a_closed_channel_forwards_nothing(slcan, wait_for):
    bus = can.Bus(interface="slcan", channel=slcan.path, bitrate=250000, sleep_after_open=0)
    assert wait_for(slcan.poll, lambda: slcan.is_open)
    bus.shutdown()                              # sends C
    assert wait_for(slcan.poll, lambda: not slcan.is_open)
    assert not slcan.send_frame(*ccvs1_frame(0))
    assert slcan.frames_dropped == 1 and slcan.frames_sent == 0


def test_a_driven_minute_decodes_with_cantools_to_the_speeds_set(slcan, bus):
    # cruise at 60 km/h from the start: the driver model plans a 1 min drive
    # followed by more driving, so it never brakes; the vehicle reaches 60 km/h
    # after 60 / 3.6 = 16.7 s at 1 m/s².
    world = World(plan=[("drive", 1, 60), ("drive", 1, 60)], traffic={"nmea_hz": 0})
    clock = VirtualClock()
    bridge = Bridge(world, clock, slcan)
    sent, got = [], []
    for t in range(100, 30001, 100):
        clock.set(t)
        new = [ev[2] for ev in bridge.pump()]
        sent.extend(new)
        got.extend(receive(bus, len(new)))     # read as the unit does: the pty holds a few KB
    assert [(m.arbitration_id, bytes(m.data)) for m in got] == sent
    # 30 s: CCVS1 every 100 ms (300) and TCO1 every 50 ms (600)
    ids = [m.arbitration_id for m in got]
    assert ids.count(0x18FEF100) == 300 and ids.count(0x0CFE6CEE) == 600
    assert all(m.is_extended_id and m.dlc == 8 for m in got)
    last = [DB.decode_message(m.arbitration_id, bytes(m.data), decode_choices=False) for m in got[-3:]]
    for rec in last:
        speed = rec.get("WheelBasedVehicleSpeed", rec.get("TachographVehicleSpeed"))
        assert speed == pytest.approx(60.0, abs=1 / 256)
    tco = [DB.decode_message(m.arbitration_id, bytes(m.data), decode_choices=False) for m in got
           if m.arbitration_id == 0x0CFE6CEE]
    assert all(r["VehicleMotion"] == 1 and r["Driver1WorkingState"] == 3 for r in tco)
    # every speed on the bus is the vehicle's at the step the frame was made in (1/256 km/h)
    first = DB.decode_message(got[0].arbitration_id, bytes(got[0].data), decode_choices=False)
    assert first["WheelBasedVehicleSpeed"] == pytest.approx(0.36, abs=1 / 256)   # 100 ms at 1 m/s²
