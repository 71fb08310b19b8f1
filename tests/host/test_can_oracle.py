# Our CAN decoders checked against cantools on hardware/j1939.dbc.
# SPDX-License-Identifier: MIT
"""Oracle tests for the core's CAN decoders (CPython only).

Frames encoded by cantools from ``hardware/j1939.dbc`` must decode the same
with ``drivetime.j1939``/``drivetime.obd2``, frames built by our encoders must
decode with cantools, and random payloads must agree.
"""

import os

import cantools
import cantools.j1939
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivetime import j1939, obd2

DBC = os.path.join(os.path.dirname(__file__), "..", "..", "hardware", "j1939.dbc")
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


DB = cantools.database.load_file(DBC, strict=True)
CCVS1 = DB.get_message_by_name("CCVS1")
TCO1 = DB.get_message_by_name("TCO1")
OBD_RESP = DB.get_message_by_name("OBD2_RESPONSE_ECU1")
OBD_REQ = DB.get_message_by_name("OBD2_REQUEST")


def _raw(msg, data):
    return msg.decode(bytes(data), decode_choices=False, scaling=False)


def _s2(v):
    return v if v < 2 else None

# --- the DBC itself ------------------------------------------------------

def test_dbc_matches_the_decoder_constants():
    assert cantools.j1939.pgn_from_frame_id(CCVS1.frame_id) == j1939.PGN_CCVS1
    assert cantools.j1939.pgn_from_frame_id(TCO1.frame_id) == j1939.PGN_TCO1
    assert CCVS1.is_extended_frame and TCO1.is_extended_frame
    assert CCVS1.protocol == "j1939" and TCO1.protocol == "j1939"
    spns = {s.name: s.spn for m in (CCVS1, TCO1) for s in m.signals}
    assert spns["WheelBasedVehicleSpeed"] == 84 and spns["ParkingBrakeSwitch"] == 70
    assert spns["VehicleMotion"] == 1611 and spns["Driver1WorkingState"] == 1612
    assert spns["Driver2WorkingState"] == 1613 and spns["VehicleOverspeed"] == 1614
    assert spns["DirectionIndicator"] == 1619 and spns["TachographVehicleSpeed"] == 1624
    for name in ("WheelBasedVehicleSpeed", "TachographVehicleSpeed"):
        sig = (CCVS1 if name[0] == "W" else TCO1).get_signal_by_name(name)
        assert sig.scale * j1939.SPEED_PER_KMH == 1 and sig.length == 16
    assert OBD_RESP.frame_id == obd2.RESPONSE_ID_FIRST and OBD_REQ.frame_id == obd2.REQUEST_ID
    assert not OBD_RESP.is_extended_frame


# --- J1939 identifiers ----------------------------------------------------

@SETTINGS
@given(st.integers(0, 0x1FFFFFFF))
def test_pgn_source_priority_match_cantools(frame_id):
    assert j1939.pgn_of(frame_id) == cantools.j1939.pgn_from_frame_id(frame_id)
    u = cantools.j1939.frame_id_unpack(frame_id)
    assert j1939.source_of(frame_id) == u.source_address
    assert j1939.priority_of(frame_id) == u.priority


@SETTINGS
@given(st.integers(0, 0x3FFFF), st.integers(0, 255), st.integers(0, 7), st.integers(0, 255))
def test_frame_id_matches_cantools(pgn, sa, prio, dest):
    u = cantools.j1939.pgn_unpack(pgn)
    if u.pdu_format < 240 and u.pdu_specific:
        with pytest.raises(ValueError):
            j1939.frame_id(pgn, sa, prio, dest)
        return
    ps = dest if u.pdu_format < 240 else u.pdu_specific
    want = cantools.j1939.frame_id_pack(prio, u.reserved, u.data_page, u.pdu_format, ps, sa)
    assert j1939.frame_id(pgn, sa, prio, dest) == want


# --- CCVS1 ---------------------------------------------------------------

two_bits = st.integers(0, 3)


@SETTINGS
@given(st.integers(0, 0xFFFF), two_bits, two_bits, two_bits, two_bits, st.integers(0, 255))
def test_ccvs1_encoded_by_cantools_decodes_with_ours(speed, pb, axle, pause, brake, sa):
    data = CCVS1.encode({"TwoSpeedAxleSwitch": axle, "ParkingBrakeSwitch": pb,
                         "CruiseCtrlPauseSwitch": pause, "ParkBrakeReleaseInhibitRq": 3,
                         "WheelBasedVehicleSpeed": speed, "CruiseCtrlActive": 3,
                         "CruiseCtrlEnableSwitch": 3, "BrakeSwitch": brake,
                         "ClutchSwitch": 3}, scaling=False, strict=False)
    dec = j1939.J1939Decoder()
    rec = dec.push((CCVS1.frame_id & ~0xFF) | sa, data)
    if speed >= 0xFF00:
        assert rec is None and dec.rejected == {"not_available": 1}
    elif speed > 0xFAFF:
        assert rec is None and dec.rejected == {"error": 1}
    else:
        assert rec == j1939.Ccvs1(sa, speed, _s2(pb))
        physical = CCVS1.decode(data)["WheelBasedVehicleSpeed"]
        assert physical == pytest.approx(rec.speed / j1939.SPEED_PER_KMH)


@SETTINGS
@given(st.one_of(st.none(), st.integers(0, 0xFAFF)), st.sampled_from([None, 0, 1]),
       st.integers(0, 255))
def test_our_ccvs1_encoder_decodes_with_cantools(speed, pb, sa):
    arb, data = j1939.ccvs1_frame(speed, source=sa, parking_brake=pb)
    u = cantools.j1939.frame_id_unpack(arb)
    assert (u.priority, u.source_address) == (6, sa)
    assert cantools.j1939.pgn_from_frame_id(arb) == cantools.j1939.pgn_from_frame_id(CCVS1.frame_id)
    raw = _raw(CCVS1, data)
    assert raw["WheelBasedVehicleSpeed"] == (0xFFFF if speed is None else speed)
    assert raw["ParkingBrakeSwitch"] == (3 if pb is None else pb)
    assert all(raw[k] == 3 for k in ("TwoSpeedAxleSwitch", "BrakeSwitch", "ClutchSwitch"))


# --- TCO1 ----------------------------------------------------------------

@st.composite
def tco1_raw(draw):
    return {s.name: draw(st.integers(0, (1 << s.length) - 1)) for s in TCO1.signals}


def _expected_tco1(raw, sa):
    speed = raw["TachographVehicleSpeed"]
    rec = j1939.Tco1(sa, _s2(raw["VehicleMotion"]),
                     raw["Driver1WorkingState"] if raw["Driver1WorkingState"] < 4 else None,
                     raw["Driver2WorkingState"] if raw["Driver2WorkingState"] < 4 else None,
                     _s2(raw["VehicleOverspeed"]), _s2(raw["DirectionIndicator"]),
                     speed if speed <= 0xFAFF else None,
                     _s2(raw["Driver1CardPresence"]), _s2(raw["Driver2CardPresence"]))
    if rec.motion is None and rec.speed is None and rec.driver1 is None and rec.driver2 is None:
        return None
    return rec


@SETTINGS
@given(tco1_raw(), st.integers(0, 255))
def test_tco1_encoded_by_cantools_decodes_with_ours(raw, sa):
    data = TCO1.encode(raw, scaling=False, strict=False)
    dec = j1939.J1939Decoder()
    rec = dec.push((TCO1.frame_id & ~0xFF) | sa, data)
    assert rec == _expected_tco1(raw, sa)
    if rec is None:
        assert dec.rejected == {"not_available": 1}
    elif rec.speed is not None:
        assert TCO1.decode(data)["TachographVehicleSpeed"] == \
            pytest.approx(rec.speed / j1939.SPEED_PER_KMH)
    states = TCO1.decode(data)     # the DBC's value tables name the working states
    if rec is not None and rec.driver1 is not None:
        assert str(states["Driver1WorkingState"]) == \
            ("RestSleeping", "DriverAvailable", "Work", "Drive")[rec.driver1]


opt2 = st.sampled_from([None, 0, 1])
opt_state = st.sampled_from([None, 0, 1, 2, 3])


@SETTINGS
@given(st.one_of(st.none(), st.integers(0, 0xFAFF)), opt2, opt_state, opt_state, opt2,
       opt2, opt2, opt2)
def test_our_tco1_encoder_decodes_with_cantools(speed, motion, d1, d2, over, direction, c1, c2):
    arb, data = j1939.tco1_frame(speed=speed, motion=motion, driver1=d1, driver2=d2,
                                 overspeed=over, direction=direction, card1=c1, card2=c2)
    assert arb == TCO1.frame_id
    raw = _raw(DB.get_message_by_frame_id(arb), data)

    def na(v, mask):
        return mask if v is None else v
    assert raw["TachographVehicleSpeed"] == na(speed, 0xFFFF)
    assert raw["VehicleMotion"] == na(motion, 3)
    assert raw["Driver1WorkingState"] == na(d1, 7) and raw["Driver2WorkingState"] == na(d2, 7)
    assert raw["VehicleOverspeed"] == na(over, 3)
    assert raw["DirectionIndicator"] == na(direction, 3)
    assert raw["Driver1CardPresence"] == na(c1, 3) and raw["Driver2CardPresence"] == na(c2, 3)
    assert raw["TachographOutputShaftSpeed"] == 0xFFFF


@SETTINGS
@given(st.binary(min_size=8, max_size=8), st.sampled_from(["CCVS1", "TCO1"]))
def test_random_payloads_agree_with_cantools(data, name):
    msg = DB.get_message_by_name(name)
    raw = _raw(msg, data)
    rec = j1939.J1939Decoder().push(msg.frame_id, data)
    if name == "TCO1":
        assert rec == _expected_tco1(raw, 0xEE)
    else:
        speed = raw["WheelBasedVehicleSpeed"]
        assert rec == (j1939.Ccvs1(0, speed, _s2(raw["ParkingBrakeSwitch"]))
                       if speed <= 0xFAFF else None)


# --- OBD-II --------------------------------------------------------------

@SETTINGS
@given(st.integers(0, 255), st.integers(0, 255))
def test_obd_response_encoded_by_cantools_decodes_with_ours(kmh, pad):
    data = OBD_RESP.encode({"Length": 3, "Service": 0x41, "PID": 0x0D, "VehicleSpeed": kmh})
    data = data[:4] + bytes([pad]) * 4
    rec = obd2.Obd2Decoder().push(OBD_RESP.frame_id, data)
    assert rec == obd2.ObdSpeed(0x7E8, kmh * obd2.SPEED_PER_KMH)
    assert _raw(OBD_RESP, obd2.speed_response(kmh)[1])["VehicleSpeed"] == kmh


def test_obd_request_decodes_with_cantools():
    arb, data = obd2.speed_request()
    assert DB.get_message_by_frame_id(arb).name == "OBD2_REQUEST"
    assert _raw(OBD_REQ, data) == {"Length": 2, "Service": 1, "PID": 0x0D}
