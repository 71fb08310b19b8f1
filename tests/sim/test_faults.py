# Fault injection does what it says: GPS loss and no fix, CAN silence, garbling, motion conflict, clock jumps, power cuts.
# SPDX-License-Identifier: MIT
"""Each fault acts over [10 s, 20 s) of a world cruising from the start;
outside the window the traffic is untouched. Checked with the core's own
decoders (what the unit counts) and pynmea2."""

import pynmea2
import pytest

from drivetime.j1939 import J1939Decoder
from drivetime.nmea import NmeaParser
from simulator.faults import Fault, Faults
from simulator.world import World

A, B = 10000, 20000


def events_with(*faults, plan=(("drive", 1, 80),), until=30000, **world):
    w = World(plan=plan, faults=Faults([(k, A, B, p) for k, p in faults], seed=3), **world)
    out = []
    for t in range(100, until + 1, 100):
        out.extend(w.advance(t))
    return out


def inside(e):
    return A <= e[0] < B


def test_gps_loss_silences_the_receiver_only_in_the_window():
    ev = events_with(("gps_loss", {}))
    nmea = [e for e in ev if e[1] == "nmea"]
    assert not [e for e in nmea if inside(e)]
    # 30 fixes, 10 of them (10..19 s) lost, 3 sentences each
    assert len(nmea) == 3 * 20
    assert len([e for e in ev if e[1] == "can" and inside(e)]) == 300   # CAN goes on: 10 s x 30/s


def test_gps_nofix_keeps_the_time_but_no_position():
    ev = events_with(("gps_loss", {"mode": "nofix"}))
    for t, kind, p in ev:
        if kind != "nmea":
            continue
        m = pynmea2.parse(p.decode().strip(), check=True)
        if m.sentence_type == "RMC":
            assert (m.status == "V") == inside((t,)), t
            assert m.timestamp.second == (t // 1000) % 60         # the time is still given
            if inside((t,)):
                assert m.lat == "" and m.datestamp.isoformat() == "2026-03-02"
        if m.sentence_type == "GGA" and inside((t,)):
            assert m.gps_qual == 0


def test_can_silence():
    ev = events_with(("can_silence", {}))
    assert not [e for e in ev if e[1] == "can" and inside(e)]
    assert len([e for e in ev if e[1] == "can"]) == 20 * 30
    assert len([e for e in ev if e[1] == "nmea" and inside(e)]) == 30


def test_garbled_sentences_are_each_rejected_once_by_the_unit_parser():
    ev = events_with(("garble", {}))
    parser = NmeaParser()
    for t, kind, p in ev:
        if kind == "nmea":
            parser.push(p)
    # 30 sentences garbled (10 fixes x 3), 60 clean
    assert parser.sentences_rejected == 30 and parser.sentences_ok == 60
    assert set(parser.rejected) <= {"checksum", "truncated", "non_ascii"}


def test_garbled_frames_are_rejected_by_the_unit_decoder():
    ev = events_with(("garble", {"target": "can"}))
    dec = J1939Decoder()
    for t, kind, p in ev:
        if kind == "can":
            assert (dec.push(*p) is None) == inside((t,))
    assert dec.frames_rejected == 300 and set(dec.rejected) <= {"length", "error"}


def test_motion_conflict_can_says_standing_while_gps_moves():
    ev = events_with(("motion_conflict", {}))
    dec = J1939Decoder()
    for t, kind, p in ev:
        if kind == "can" and t > 5000:          # at 80 km/h from 22 s; moving from 0.1 s
            rec = dec.push(*p)
            assert (rec.speed == 0) == inside((t,))
            if type(rec).__name__ == "Tco1" and inside((t,)):
                assert rec.motion == 0 and rec.driver1 == 2      # DRIVE became WORK
        if kind == "nmea" and inside((t,)) and b"VTG" in p:
            assert float(pynmea2.parse(p.decode().strip()).spd_over_grnd_kmph) > 10


def test_motion_conflict_gps_side_reports_standing():
    ev = events_with(("motion_conflict", {"side": "gps"}))
    for t, kind, p in ev:
        if kind == "nmea" and inside((t,)) and b"VTG" in p:
            assert float(pynmea2.parse(p.decode().strip(), check=True).spd_over_grnd_kmph) == 0


def test_a_clock_jump_shifts_time_and_date_of_the_receiver():
    # start 2026-03-02T23:59:55Z; a jump of +3600 s from 10 s: at 23:59:55 + 12 s
    # = 00:00:07 on 03-03, the receiver says 01:00:07 on 2026-03-03
    start = 1772495995          # 2026-03-02T23:59:55Z = 1772409600 + 86395
    ev = events_with(("clock_jump", {"jump_s": 3600}), start_utc_s=start)
    for t, kind, p in ev:
        if kind == "nmea" and b"RMC" in p:
            m = pynmea2.parse(p.decode().strip(), check=True)
            if t // 1000 == 12:
                assert (m.datestamp.isoformat(), m.timestamp.strftime("%H:%M:%S")) == ("2026-03-03",
                                                                              "01:00:07")
            if t // 1000 == 2:      # before the jump: 23:59:57
                assert m.timestamp.strftime("%H:%M:%S") == "23:59:57"
            if t // 1000 == 25:     # after its end: 00:00:20 on 03-03
                assert (m.datestamp.isoformat(), m.timestamp.strftime("%H:%M:%S")) == ("2026-03-03",
                                                                              "00:00:20")


def test_a_power_cut_is_two_events_and_leaves_the_traffic_alone():
    ev = events_with(("power_cut", {}))
    assert [(t, p) for t, kind, p in ev if kind == "power"] == [(A, False), (B, True)]
    assert len([e for e in ev if e[1] == "can"]) == 30 * 30


def test_live_faults_start_and_stop_and_bad_ones_are_refused():
    f = Faults()
    f.start("can_silence", 1000)
    assert [x.kind for x in f.active(5000)] == ["can_silence"]
    f.stop("can_silence", 6000)
    assert f.active(6000) == []
    for bad in (("gps_storm", 0), ("garble", 0, None, {"rate": 2})):
        with pytest.raises(ValueError):
            Fault(bad[0], bad[1], *bad[2:3], **(bad[3] if len(bad) > 3 else {}))
