# Property tests of the motion detector with hypothesis (CPython only).
# SPDX-License-Identifier: MIT
"""drivetime.motion under arbitrary input: nothing raises, the event history
is a consistent story, and the documented priorities hold whatever the noise.

tests/core/test_motion.py checks the same history with seeded draws under
MicroPython too (its ``history_ok`` is shared here).
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivetime.motion import KMH, MOTION_SETTINGS, MotionDetector
from test_motion import fresh_state, history_ok

PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

speeds = st.one_of(st.none(), st.integers(0, 300 * KMH), st.sampled_from(
    [0, 128, 129, 256, 257, 1280, 1281, 1792, 1793, 2560, 2561]))
odd_speeds = st.one_of(speeds, st.integers(-1000, -1), st.just("x"), st.booleans())
steps = st.one_of(st.integers(0, 200), st.integers(0, 5000), st.integers(-3000, 400000))
ops = st.tuples(st.sampled_from(["ccvs", "tco", "obd", "gps", "ferry", "tick"]), steps,
                odd_speeds, st.sampled_from([None, 0, 1, 2, True]), st.booleans())
setting_values = st.fixed_dictionaries({}, optional={
    "can_start_ms": st.integers(0, 10000), "can_stop_ms": st.integers(0, 60000),
    "gps_start_ms": st.integers(0, 10000), "gps_stop_ms": st.integers(0, 60000),
    "can_silence_ms": st.integers(1, 10000), "gps_loss_ms": st.integers(1, 20000),
    "none_hold_ms": st.integers(0, 120000), "conflict_ms": st.integers(0, 600000)})


def apply(m, op, t):
    kind, _, v, bit, flag = op
    if kind == "ccvs":
        m.can_ccvs(t, v)
    elif kind == "tco":
        m.can_tco(t, bit, v)
    elif kind == "obd":
        m.obd_speed(t, v)
    elif kind == "gps":
        m.gps_fix(t, flag, v)
    elif kind == "ferry":
        m.set_ferry(t, flag and bit == 1)
    else:
        m.tick(t)


@PROPERTY
@given(setting_values, st.lists(ops, max_size=300), st.integers(0, 60))
def test_any_input_never_raises_and_history_is_consistent(overrides, sequence, every):
    m = MotionDetector(overrides)
    state = fresh_state()
    t = 1000
    latest = t
    for n, op in enumerate(sequence):
        t += op[1]                    # may step back: the detector clamps
        latest = max(latest, t)
        apply(m, op, t)
        if every and n % every == 0:
            evs = m.take_events()
            assert all(e.mono_ms <= latest for e in evs)   # nothing from the future
            history_ok(evs, m, state)
    history_ok(m.take_events(), m, state)
    if state["moving"][1] is not None:
        assert m.changed_ms == state["moving"][1]


segments = st.tuples(
    st.integers(1, 400),                                    # seconds
    st.one_of(st.none(), st.sampled_from([0, 128, 256, 512, 8 * KMH, 50 * KMH])),  # CCVS
    st.sampled_from([None, None, 0, 1]),                    # TCO1 motion bit
    st.one_of(st.none(), st.sampled_from([0, 4 * KMH, 6 * KMH, 30 * KMH, 50 * KMH])),  # GPS
    st.booleans(),                                          # GPS fix valid
    st.integers(0, 20))                                     # ferry when 0


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(segments, min_size=1, max_size=25), st.booleans())
def test_piecewise_drives_give_a_consistent_history(plan, short):
    """Realistic rates (CAN 10 Hz, GPS 1 Hz, tick 10 Hz), values held for
    seconds to minutes, so every state really changes back and forth."""
    m = MotionDetector({"conflict_ms": 60000, "none_hold_ms": 20000} if short else None)
    state = fresh_state()
    t = 0
    for secs, can, bit, gps, valid, ferry in plan:
        m.set_ferry(t, ferry == 0)
        for _ in range(secs * 10):
            if can is not None:
                m.can_ccvs(t, can)
            if bit is not None:
                m.can_tco(t, bit, None)
            if gps is not None and t % 1000 == 0:
                m.gps_fix(t, valid, gps)
            m.tick(t)
            t += 100
        evs = m.take_events()
        history_ok(evs, m, state)
        assert m.changed_ms == state["moving"][1]
    assert m.moving == state["moving"][0]


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 100), speeds, st.booleans()), max_size=400))
def test_live_can_at_standstill_is_never_overruled_by_gps(gps_noise):
    """CAN frames every 100 ms at 0 km/h: whatever GPS says, not moving (CAN first)."""
    m = MotionDetector()
    t = 0
    for dt, v, valid in gps_noise:
        for _ in range(dt // 10 + 1):
            m.can_ccvs(t, 0)
            t += 100
        m.gps_fix(t, valid, v)
        m.tick(t)
        assert not m.moving and m.source == "can"


@PROPERTY
@given(st.lists(st.integers(0, MOTION_SETTINGS["gps_stop_speed"]), min_size=1, max_size=600))
def test_gps_jitter_alone_never_starts_motion(jitter):
    m = MotionDetector()
    for s, v in enumerate(jitter):
        m.gps_fix(s * 1000, True, v)
        m.tick(s * 1000 + 500)
        assert not m.moving
    assert [e for e in m.take_events() if e.kind == "moving"] == []


@PROPERTY
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(0, 100)), min_size=1, max_size=60))
def test_drive_survives_a_can_outage_while_gps_runs(outages):
    """Driving at 60 km/h on both sources; CAN drops out for 1-30 s at a time:
    GPS takes over each time, and there is one moving event only."""
    m = MotionDetector()
    t = 0
    for gap_s, drive_s in outages:
        for _ in range(drive_s * 10 + 30):           # at least 3 s of CAN
            m.can_ccvs(t, 60 * KMH)
            if t % 1000 == 0:
                m.gps_fix(t, True, 60 * KMH)
            t += 100
        for _ in range(gap_s * 10):
            if t % 1000 == 0:
                m.gps_fix(t, True, 60 * KMH)
            m.tick(t)
            t += 100
    moving = [e for e in m.take_events() if e.kind == "moving"]
    assert [e.value for e in moving] == [True] and m.moving
