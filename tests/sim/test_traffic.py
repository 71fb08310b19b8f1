# The traffic generator and the GPS emulator against pynmea2: checksums, UTC time and date, positions on the route, rates, seeds.
# SPDX-License-Identifier: MIT
"""Time 0 of a world is 2026-03-02T06:00:00Z (``START_UTC_S``). Expected
values by hand in the comments."""

import time

import pynmea2
import pytest
import serial

from drivetime.j1939 import J1939Decoder
from simulator.bridge import Bridge
from simulator.clock import VirtualClock
from simulator.traffic import Traffic, can_frames, nmea_sentences
from simulator.world import World


def run(world, until_ms, step_ms=100):
    """Events and the vehicle state at every step end."""
    events, states = [], {}
    for t in range(step_ms, until_ms + 1, step_ms):
        events.extend(world.advance(t))
        states[t] = world.state
    return events, states


def parse_all(events):
    return [(t, pynmea2.parse(p.decode("ascii").strip(), check=True))
            for t, kind, p in events if kind == "nmea"]


def test_every_sentence_parses_with_checksum_time_date_and_the_route_position():
    world = World(plan=[("drive", 3, 80)], traffic={"noise": False})
    events, states = run(world, 180000)
    parsed = parse_all(events)
    # 1 Hz for 180 s: RMC, VTG, GGA for each of the fixes at 0..179 s
    assert [type(m).__name__ for _, m in parsed[:3]] == ["RMC", "VTG", "GGA"]
    assert len(parsed) == 3 * 180
    for k in range(180):
        rmc, vtg, gga = (m for _, m in parsed[3 * k:3 * k + 3])
        assert rmc.datestamp.isoformat() == "2026-03-02"
        assert rmc.timestamp.strftime("%H:%M:%S.%f") == "06:%02d:%02d.000000" % divmod(k, 60)
        assert gga.timestamp == rmc.timestamp and rmc.status == "A" and gga.gps_qual == 1
        # the fix of second k is the vehicle at k s (the state at the end of the
        # step that ends there; second 0: after the first step, 100 ms)
        s = states[max(100, k * 1000)]
        assert rmc.latitude == pytest.approx(s.lat, abs=1e-6)      # 1e-5 min = 1.7e-7 degree
        assert rmc.longitude == pytest.approx(s.lon, abs=1e-6)
        assert float(vtg.spd_over_grnd_kmph) == pytest.approx(s.speed_kmh, abs=0.001)
        assert float(rmc.spd_over_grnd) == pytest.approx(s.speed_kmh / 1.852, abs=0.001)
    # the RMC goes out 60-240 ms after its second (at 1 Hz), VTG and GGA behind it
    # at 9600 baud (about 1 ms a byte, some 75 bytes a sentence)
    assert all(60 <= t % 1000 <= 240 for t, m in parsed if m.sentence_type == "RMC")
    assert all(60 + 60 <= t % 1000 <= 240 + 200 for t, m in parsed if m.sentence_type == "GGA")


def test_ten_fixes_a_second():
    world = World(plan=[("stop", 1)], traffic={"nmea_hz": 10})
    parsed = parse_all(run(world, 2000)[0])
    rmc = [m for _, m in parsed if m.sentence_type == "RMC"]
    # fixes at 0.0, 0.1, ... 2.0 s, each sent 6-24 ms later: by 2.0 s those of 0.0-1.9 s
    assert [m.timestamp.microsecond // 100000 for m in rmc[:10]] == list(range(10))
    assert len(rmc) == 20


def test_noise_is_metres_and_the_same_for_a_seed():
    a = run(World(plan=[("drive", 1, 50)], seed=7), 60000)
    b = run(World(plan=[("drive", 1, 50)], seed=7), 60000)
    c = run(World(plan=[("drive", 1, 50)], seed=8), 60000)
    assert a[0] == b[0]
    assert [e for e in a[0] if e[1] == "nmea"] != [e for e in c[0] if e[1] == "nmea"]
    for t, m in parse_all(a[0]):
        if m.sentence_type == "RMC":
            s = a[1][max(100, t // 1000 * 1000)]
            # 1.5 m sigma: within 10 m (6.7 sigma); a degree of latitude is 111 km
            assert abs(m.latitude - s.lat) * 111195 < 10


def test_can_rates_and_content_follow_the_state():
    events, states = run(World(plan=[("drive", 1, 72)], traffic={"nmea_hz": 0}), 1000)
    dec = J1939Decoder()
    frames = [(t, dec.push(*p)) for t, kind, p in events if kind == "can"]
    # one second: CCVS1 at 7, 107, ... 907 ms (10) and TCO1 at 23, 73, ... 973 ms (20)
    assert [t for t, r in frames if type(r).__name__ == "Ccvs1"] == list(range(7, 1000, 100))
    assert [t for t, r in frames if type(r).__name__ == "Tco1"] == list(range(23, 1000, 50))
    # each frame has the speed of the step it was made in: at 1 m/s² the speed
    # at the end of step k (100 ms each) is 0.36 k km/h = 92.16 k / 256
    for t, r in frames:
        assert r.speed == round(0.36 * (t // 100 + 1) * 256)
        if type(r).__name__ == "Tco1":
            assert (r.motion, r.driver1, r.card1) == (1, 3, 1)
    off = states[1000]._replace(ignition=False)
    assert can_frames(off) == []                # the ECUs are off


def test_a_cold_start_has_no_fix_and_no_time():
    tr = Traffic(fix_after_ms=2000, noise=False)
    world = World(plan=[("stop", 1)])
    world.traffic = tr
    parsed = parse_all(run(world, 3000)[0])
    first = parsed[0][1]
    assert first.sentence_type == "RMC" and first.status == "V" and first.timestamp is None
    assert parsed[6][1].status == "A"               # the fix of second 2
    assert nmea_sentences(world.state, 0, fix=False)[2].startswith(b"$GPGGA,000000.00,,,,,0,")


def test_the_receiver_on_a_pty_sends_what_pyserial_reads(gps):
    host = serial.Serial(gps.path, 9600, timeout=0)
    try:
        world = World(plan=[("drive", 1, 40)])
        clock = VirtualClock()
        bridge = Bridge(world, clock, gps=gps)
        sent = b""
        for t in range(100, 5001, 100):
            clock.set(t)
            sent += b"".join(p for _, kind, p in bridge.pump() if kind == "nmea")
        got = b""
        deadline = time.monotonic() + 3
        while len(got) < len(sent) and time.monotonic() < deadline:
            got += host.read(4096)
        assert got == sent and gps.sentences_sent == 15    # 5 fixes of 3 sentences
        lines = got.decode().split("\r\n")
        assert all(pynmea2.parse(line, check=True) for line in lines if line)
        host.write(b"$PUBX,40,GSV,0,0,0,0*59\r\n")            # configuration: kept, not answered
        assert gps.poll() == b"$PUBX,40,GSV,0,0,0,0*59\r\n"
        gps.power(False)
        assert not gps.send(b"$GPVTG,,T,,M,,N,,K,N*2C\r\n") and gps.sentences_dropped == 1
    finally:
        host.close()
