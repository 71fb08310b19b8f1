# Tests of the motion detector (drivetime.motion), for CPython and MicroPython.
# SPDX-License-Identifier: MIT
"""Debounce, source priority, silence/loss states and motion conflict.

Expected values follow from the documented defaults (MOTION_SETTINGS), read
symbolically: e.g. CAN moving starts after ``can_start_ms`` (2 s) of speed
above ``can_start_speed`` (1 km/h) and the event is dated at the first such
sample. CAN frames come every 100 ms (CCVS1 rate), GPS fixes every second.
"""

from drivetime.motion import KMH, MOTION_SETTINGS, MotionDetector, MotionEvent
from support import Rng, raises

S = MOTION_SETTINGS
INITIAL = {"moving": False, "source": "none", "can_silent": True, "gps_lost": True,
           "conflict": False}


def run(m, t0, t1, can=None, gps=None, tco=None, gps_valid=True):
    """Feed [t0, t1) in 100 ms steps: CCVS speed ``can`` every step, TCO1
    ``tco`` = (motion, speed) every step, a GPS fix ``gps`` each whole
    second, then a tick. Each may be a value, a function of t, or None."""
    for t in range(t0, t1, 100):
        if can is not None:
            m.can_ccvs(t, can(t) if callable(can) else can)
        if tco is not None:
            m.can_tco(t, tco[0], tco[1])
        if gps is not None and t % 1000 == 0:
            m.gps_fix(t, gps_valid, gps(t) if callable(gps) else gps)
        m.tick(t)


def kinds(events, kind):
    return [(e.mono_ms, e.value) for e in events if e.kind == kind]


def history_ok(events, m, state):
    """Check a batch of events against the previous ``state`` (a dict of the
    last value per kind, updated in place): values alternate, times never
    decrease within a kind, and the detector's attributes equal the last
    values. Returns True, or raises AssertionError naming the problem."""
    for e in events:
        assert isinstance(e, MotionEvent) and e.kind in state, e
        old = state[e.kind]
        assert e.value != old[0], ("repeated", e)
        assert old[1] is None or e.mono_ms >= old[1], ("time went back", e, old)
        state[e.kind] = (e.value, e.mono_ms)
    for k in state:
        assert getattr(m, k) == state[k][0], (k, getattr(m, k), state[k])
    return True


def fresh_state():
    return dict((k, (INITIAL[k], None)) for k in INITIAL)


def test_defaults_are_ints_and_a_band():
    for k in S:
        assert isinstance(S[k], int) and S[k] >= 0, k
    # hysteresis: stop below start; GPS thresholds above CAN's (GPS jitters)
    assert S["can_stop_speed"] < S["can_start_speed"] < S["gps_stop_speed"] < S["gps_start_speed"]
    m = MotionDetector()
    for k in INITIAL:
        assert getattr(m, k) == INITIAL[k]
    assert m.take_events() == [] and m.changed_ms is None


def test_settings_override_and_validation():
    m = MotionDetector({"can_stop_ms": 5000})
    assert m.settings["can_stop_ms"] == 5000 and S["can_stop_ms"] == 15000
    raises(ValueError, MotionDetector, {"can_stop_msec": 1})
    raises(ValueError, MotionDetector, {"can_stop_ms": 1.5})
    raises(ValueError, MotionDetector, {"can_stop_ms": -1})
    raises(ValueError, MotionDetector, {"gps_stop_speed": S["gps_start_speed"]})


def test_can_start_at_exact_boundary():
    m = MotionDetector()
    run(m, 1000, 3000, can=20 * KMH)
    assert not m.moving                     # 2900 - 1000 = 1900 ms < 2000
    m.can_ccvs(3000, 20 * KMH)              # 2000 ms above: confirmed
    assert m.moving and m.changed_ms == 1000
    assert m.take_events() == [MotionEvent(1000, "can_silent", False),
                               MotionEvent(1000, "source", "can"),
                               MotionEvent(1000, "moving", True)]


def test_can_start_threshold_is_strictly_above():
    m = MotionDetector()
    run(m, 0, 60000, can=S["can_start_speed"])     # 1 km/h exactly: never starts
    assert not m.moving
    run(m, 60000, 62100, can=S["can_start_speed"] + 1)
    assert m.moving and kinds(m.take_events(), "moving") == [(60000, True)]


def test_can_stop_at_exact_boundary_dated_at_the_stop():
    m = MotionDetector()
    run(m, 0, 10000, can=20 * KMH)
    run(m, 10000, 25000, can=0)
    assert m.moving                          # 24900 - 10000 = 14900 ms < 15000
    m.tick(25000)
    assert not m.moving and m.changed_ms == 10000
    assert kinds(m.take_events(), "moving") == [(0, True), (10000, False)]


def test_can_stop_threshold_and_hold_band():
    m = MotionDetector()
    run(m, 0, 5000, can=20 * KMH)
    run(m, 5000, 65000, can=S["can_stop_speed"] + 1)   # between the thresholds: holds
    assert m.moving
    run(m, 65000, 80100, can=S["can_stop_speed"])      # at the stop threshold: stops
    assert not m.moving and m.changed_ms == 65000


def crawl(t0):
    """Stop-go in a queue: 2, 4, 6, 8, 8, 8 km/h for 6 s, then 10 s at rest."""
    def speed(t):
        phase = (t - t0) % 16000
        return min(8, 2 + phase // 1000 * 2) * KMH if phase < 6000 else 0
    return speed


def test_queue_crawl_stays_moving_then_a_real_stop_counts():
    m = MotionDetector()
    run(m, 0, 10000, can=50 * KMH)
    run(m, 10000, 10000 + 40 * 16000, can=crawl(10000))    # 40 stops of 10 s each
    assert m.moving
    stop = 10000 + 40 * 16000
    run(m, stop, stop + 20000, can=0)                      # a 20 s stop at the end
    # the last crawl stop (10 s) and this one are contiguous: the run of 0 km/h
    # began 10 s before ``stop``
    assert kinds(m.take_events(), "moving") == [(0, True), (stop - 10000, False)]


def test_gps_jitter_at_standstill_never_starts():
    m = MotionDetector()
    rng = Rng(7)
    spike = calm = 0
    for s in range(3600):
        if spike == 0 and calm == 0 and rng.random_bool(3):
            spike = rng.randint(1, 4)        # up to 4 s above the start speed
        if spike:
            v = rng.randint(S["gps_start_speed"] + 1, 15 * KMH)
            spike -= 1
            calm = 1 if spike == 0 else 0    # a spike is followed by jitter
        else:
            v = rng.randint(0, 5 * KMH)      # a few km/h of jitter
            calm = 0
        m.gps_fix(s * 1000, True, v)
        m.tick(s * 1000 + 500)
    assert not m.moving and m.source == "gps"
    assert kinds(m.take_events(), "moving") == []


def test_gps_jitter_does_not_delay_a_stop():
    m = MotionDetector()
    rng = Rng(3)
    run(m, 0, 60000, gps=50 * KMH)
    run(m, 60000, 90000, gps=lambda t: rng.randint(0, 5 * KMH))
    # started after gps_start_ms (5 s) dated 0; stopped 15 s after 60000
    assert kinds(m.take_events(), "moving") == [(0, True), (60000, False)]


def test_gps_start_boundary():
    m = MotionDetector()
    run(m, 0, 5000, gps=S["gps_start_speed"] + 1)
    assert not m.moving                      # last tick at 4900 ms
    m.tick(5000)
    assert m.moving and m.changed_ms == 0


def test_can_first_over_gps():
    m = MotionDetector()
    run(m, 0, 240000, can=0, gps=30 * KMH)   # GPS says moving: CAN wins
    assert not m.moving and m.source == "can" and not m.conflict
    run(m, 240000, 300000, can=50 * KMH, gps=0)
    assert m.moving and m.source == "can"
    assert kinds(m.take_events(), "moving") == [(240000, True)]


def test_gps_takes_over_on_can_silence_and_back_without_a_stop():
    m = MotionDetector()
    run(m, 0, 60000, can=50 * KMH, gps=50 * KMH)
    run(m, 60000, 62900, gps=50 * KMH)
    assert not m.can_silent                  # 62800 - 59900 < can_silence_ms
    m.tick(62900)                            # 3000 ms after the last frame
    assert m.can_silent and m.source == "gps" and m.moving
    run(m, 63000, 600000, gps=50 * KMH)
    run(m, 600000, 610000, can=50 * KMH, gps=50 * KMH)
    ev = m.take_events()
    assert kinds(ev, "moving") == [(0, True)]
    assert kinds(ev, "can_silent") == [(0, False), (59900, True), (600000, False)]
    assert kinds(ev, "source") == [(0, "can"), (59900, "gps"), (600000, "can")]
    assert m.source == "can" and m.moving


def test_stop_while_on_gps():
    m = MotionDetector()
    run(m, 0, 60000, can=50 * KMH, gps=50 * KMH)
    run(m, 60000, 120000, gps=50 * KMH)
    run(m, 120000, 140000, gps=0)
    assert kinds(m.take_events(), "moving") == [(0, True), (120000, False)]


def test_takeover_by_a_disagreeing_source_starts_a_new_run():
    # CAN moving, GPS (wrongly) at 0: after CAN goes silent the GPS stop
    # counts only from the takeover (CAN's last frame at 59900), not before.
    m = MotionDetector()
    run(m, 0, 60000, can=50 * KMH, gps=0)
    run(m, 60000, 74900, gps=0)
    assert m.moving
    m.tick(74900)
    assert not m.moving and m.changed_ms == 59900


def test_tco1_motion_bit_is_the_can_verdict():
    m = MotionDetector()
    # the tachograph says moving; a CCVS at 0 km/h does not overrule it
    run(m, 0, 60000, can=0, tco=(1, None))
    assert m.moving and m.changed_ms == 0
    run(m, 60000, 80000, can=50 * KMH, tco=(0, 50 * KMH))
    assert not m.moving and m.changed_ms == 60000
    m2 = MotionDetector()
    run(m2, 0, 30000, tco=(None, 20 * KMH))   # no bit: the speed decides
    assert m2.moving


def test_tco1_verdict_lapses_after_can_silence_window():
    m = MotionDetector()
    run(m, 0, 10000, can=0, tco=(1, None))    # last TCO1 at 9900
    run(m, 10000, 40000, can=0)
    # CCVS speed decides from 9900 + 3000 = 12900; stop 15 s later, dated 12900
    assert kinds(m.take_events(), "moving") == [(0, True), (12900, False)]


def test_obd_speed_counts_as_can():
    m = MotionDetector()
    for s in range(0, 20):
        m.obd_speed(s * 1000, 1 * KMH)        # OBD 1 km/h: not above 1 km/h
        m.tick(s * 1000 + 500)
    assert not m.moving and m.source == "can" and not m.can_silent
    for s in range(20, 23):
        m.obd_speed(s * 1000, 2 * KMH)
    assert m.moving and m.changed_ms == 20000


def test_conflict_gps_moving_can_stopped():
    m = MotionDetector()
    run(m, 0, 300000, can=0, gps=30 * KMH)
    m.tick(299999)
    assert not m.conflict
    m.tick(300000)                           # five minutes after the onset at 0
    assert m.conflict and not m.moving
    run(m, 300100, 400100, can=0, gps=lambda t: 30 * KMH if t < 400000 else 0)
    assert kinds(m.take_events(), "conflict") == [(0, True), (400000, False)]


def test_conflict_can_moving_gps_stopped_with_valid_fix_only():
    m = MotionDetector()
    run(m, 0, 100000, can=50 * KMH, gps=0)
    m.gps_fix(100000, False, None)           # no fix: the disagreement ends
    run(m, 100100, 401000, can=50 * KMH, gps=0)
    assert not m.conflict                    # restarted at 101000
    run(m, 401000, 401100, can=50 * KMH, gps=0)
    assert m.conflict and m.moving
    assert kinds(m.take_events(), "conflict") == [(101000, True)]


def test_conflict_from_tco1_motion_bit():
    # App 12 GNS_42 trigger 3: the tachograph sees no movement, GNSS does
    m = MotionDetector()
    run(m, 0, 300100, tco=(0, None), gps=30 * KMH)
    assert m.conflict and not m.moving
    m2 = MotionDetector()                    # the bit says moving, no speed: GPS at 0
    run(m2, 0, 300100, tco=(1, None), gps=0)
    assert m2.conflict and m2.moving
    assert kinds(m.take_events(), "conflict") == kinds(m2.take_events(), "conflict") == [
        (0, True)]


def test_no_conflict_below_conflict_speed():
    m = MotionDetector()
    run(m, 0, 900000, can=0, gps=S["conflict_speed"])       # 10 km/h: not above
    run(m, 900000, 1800000, can=50 * KMH, gps=6 * KMH)      # GPS not "stopped"
    assert kinds(m.take_events(), "conflict") == []


def test_no_conflict_when_a_source_is_lost():
    m = MotionDetector()
    run(m, 0, 240000, can=0, gps=30 * KMH)
    run(m, 240000, 250000, can=0)            # GPS gone 10 s: lost at 244000
    run(m, 250000, 549900, can=0, gps=30 * KMH)
    assert not m.conflict
    run(m, 549900, 551000, can=0, gps=30 * KMH)
    ev = m.take_events()
    assert kinds(ev, "gps_lost") == [(0, False), (239000, True), (250000, False)]
    assert kinds(ev, "conflict") == [(250000, True)]
    run(m, 551000, 600000, can=0)            # GPS lost again: conflict ends at its last fix
    assert kinds(m.take_events(), "conflict") == [(550000, False)]


def test_ferry_no_conflict_and_gps_does_not_drive():
    m = MotionDetector()
    m.set_ferry(0, True)
    run(m, 0, 600000, can=0, gps=30 * KMH)
    assert not m.conflict and not m.moving
    run(m, 600000, 700000, gps=30 * KMH)     # engine off on the ferry: CAN silent
    assert m.source == "none" and not m.moving
    m.set_ferry(700000, False)
    assert m.source == "gps"


def test_both_lost_hold_then_not_moving_dated_at_the_gap():
    m = MotionDetector()
    run(m, 0, 60000, can=50 * KMH, gps=50 * KMH)
    run(m, 60000, 70000, can=50 * KMH)       # GPS lost at 64000 (last fix 59000)
    run(m, 70000, 129900)                    # CAN silent at 72900 (last frame 69900)
    assert m.source == "none" and m.moving   # held for none_hold_ms
    m.tick(129900)                           # 69900 + 60000
    assert not m.moving and m.changed_ms == 69900
    ev = m.take_events()
    assert kinds(ev, "source") == [(0, "can"), (69900, "none")]
    assert kinds(ev, "moving") == [(0, True), (69900, False)]


def test_short_gap_of_both_sources_is_bridged():
    m = MotionDetector()
    run(m, 0, 60000, can=50 * KMH, gps=50 * KMH)
    run(m, 60000, 90000)
    run(m, 90000, 120000, can=50 * KMH, gps=50 * KMH)
    ev = m.take_events()
    assert kinds(ev, "moving") == [(0, True)]
    # CAN silent at 62900 (last frame 59900) while the GPS fix of 59000 is
    # still fresh: GPS takes over, then is lost itself at 64000 (dated no
    # earlier than the takeover)
    assert kinds(ev, "source") == [(0, "can"), (59900, "gps"), (59900, "none"),
                                   (90000, "can")]


def test_events_once_per_change_and_take_clears():
    m = MotionDetector()
    run(m, 0, 3600000, can=80 * KMH, gps=80 * KMH)
    for _ in range(3):
        m.tick(3600000)                      # repeated calls at one time: nothing new
    ev = m.take_events()
    assert len(ev) == 4 and history_ok(ev, m, fresh_state())
    assert m.take_events() == []


def test_time_going_back_is_clamped():
    m = MotionDetector()
    run(m, 0, 10000, can=50 * KMH)
    m.can_ccvs(5000, 0)                      # counts as at 9900
    m.tick(100)
    assert m.moving
    m.can_ccvs(10000, "fast")                # unusable speed: counted, ignored
    assert m.ignored == 1


def test_seeded_random_inputs_keep_history_consistent():
    for seed in range(1, 9):
        rng = Rng(seed)
        m = MotionDetector({"conflict_ms": rng.choice([0, 1000, 60000])})
        state = fresh_state()
        t = 0
        for _ in range(1500):
            t += rng.choice([0, 1, 50, 100, 1000, 4000, 70000])
            op = rng.randint(0, 5)
            v = rng.choice([None, 0, 128, 256, 600, 2000, 3000, 20000])
            if op == 0:
                m.can_ccvs(t, v)
            elif op == 1:
                m.can_tco(t, rng.choice([None, 0, 1]), v)
            elif op == 2:
                m.obd_speed(t, v)
            elif op == 3:
                m.gps_fix(t, rng.random_bool(80), v)
            elif op == 4:
                m.set_ferry(t, rng.random_bool(10))
            else:
                m.tick(t)
            if rng.random_bool(20):
                history_ok(m.take_events(), m, state)
        history_ok(m.take_events(), m, state)
