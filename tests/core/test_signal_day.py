# Tests of the generated driving day (tests/core/signal_day.py), for CPython and MicroPython.
# SPDX-License-Identifier: MIT
"""The generator's raw inputs decode cleanly and say what its truth says.

Events are streamed through ``iter_day`` and the project's own decoders
(a few minutes of events as a list would not fit MicroPython's 192K heap).
Expected values come from the script and the generator's documented
model (speeds, rates, offsets), worked out by hand in the comments.
"""

import sys
import time
from array import array

from drivetime.activity import AVAILABILITY, BREAK_REST, OTHER_WORK
from drivetime.j1939 import DRIVE, REST, WORK, Ccvs1, J1939Decoder
from drivetime.nmea import NmeaParser, Rmc, Vtg
from drivetime.timebase import utc_from_nmea
from signal_day import START_MINUTE, generate_day, iter_day, reported_offset_s
from support import raises

DAY = [("stop", 1), ("drive", 2, 80), ("stop", 0, 30), ("drive", 1, 30, 30),
       ("stop", 2), ("gps_outage", 40, 20), ("gps_nofix", 100, 10),
       ("can_outage", 150, 15), ("clock_jump", 200, 45), ("clock_jump", 260, -45),
       ("select", 240, AVAILABILITY), ("select", 330, BREAK_REST)]
# seconds: stop 0-59, drive 60-179, stop 180-209, drive 210-299, stop 300-419
N = 420


NONE = -2147483647   # "no value" in the int columns of decode()
_COLUMNS = ("nmea", "valid", "sod", "utc", "lat", "lon", "gspeed",
            "ccvs", "cspeed", "tco", "tspeed", "motion", "driver")


def decode(script, seed=1, **options):
    """Stream a day through the decoders; return per-second findings and the truth.

    ``seen[name][s]`` for second ``s`` (int columns, :data:`NONE` for no value,
    so that a day of them is small on MicroPython's heap): ``nmea`` bursts;
    the RMC's ``valid`` (1/0), ``sod`` (time of day, s), ``utc`` (its date and
    time in seconds from the truth's start minute), ``lat``, ``lon``; the
    VTG's ``gspeed``; the number of ``ccvs`` frames and their ``cspeed`` (all
    equal within a second); the number of ``tco`` frames and their
    ``tspeed``, ``motion`` and ``driver`` (driver 1's working state).
    """
    events, truth = iter_day(script, seed, **options)
    nmea, can = NmeaParser(), J1939Decoder()
    boot, start = truth["boot_ms"], truth["start_minute"]
    n = truth["seconds"]
    seen = {}
    for name in _COLUMNS:
        seen[name] = array("i", [0 if name in ("nmea", "ccvs", "tco") else NONE] * n)
    last = None
    kinds = {}
    for mono, kind, payload in events:
        assert last is None or mono >= last, "events out of order"
        last = mono
        kinds[kind] = kinds.get(kind, 0) + 1
        s = (mono - boot) // 1000
        if kind == "nmea":
            seen["nmea"][s] += 1
            for rec in nmea.push(payload):
                if isinstance(rec, Rmc):
                    seen["valid"][s] = 1 if rec.valid else 0
                    if rec.time_s is not None:
                        seen["sod"][s] = rec.time_s
                    if rec.date is not None:
                        minute, sec = utc_from_nmea(rec.date, rec.time_s)
                        seen["utc"][s] = (minute - start) * 60 + sec
                    if rec.lat is not None:
                        seen["lat"][s], seen["lon"][s] = rec.lat, rec.lon
                elif isinstance(rec, Vtg) and rec.speed is not None:
                    seen["gspeed"][s] = rec.speed
        elif kind == "can":
            rec = can.push(payload[0], payload[1])
            if isinstance(rec, Ccvs1):
                _same(seen, "ccvs", s, (("cspeed", rec.speed),))
            else:
                _same(seen, "tco", s, (("tspeed", rec.speed), ("motion", rec.motion),
                                       ("driver", rec.driver1)))
        elif kind == "rtc":
            assert mono == boot and kinds == {"rtc": 1}, "the RTC is read first, at boot"
        else:
            assert kind == "select"
            kinds.setdefault("select_at", []).append((s, payload))
    assert nmea.sentences_rejected == 0 and nmea.sentences_ignored == 0, nmea.stats()
    assert can.frames_rejected == 0 and can.frames_ignored == 0, can.stats()
    return seen, truth, kinds


def _same(seen, count, s, values):
    """Count a frame in second ``s``; its values must equal the second's others."""
    for name, v in values:
        assert seen[count][s] == 0 or seen[name][s] == v
        seen[name][s] = v
    seen[count][s] += 1


def test_truth_follows_the_script():
    _, truth = iter_day(DAY)
    assert truth["seconds"] == N
    assert truth["start_minute"] == START_MINUTE
    moving = truth["moving"]
    # drives are 60-179 (2 min) and 210-299 (1 min 30 s): 120 + 90 moving seconds
    assert sum(1 for m in moving if m) == 210
    assert not moving[59] and moving[60] and moving[179] and not moving[180]
    assert moving[210] and moving[299] and not moving[300]
    # acceleration ~3.6 km/h a second (922/256): first second 3.6 km/h; 80 km/h
    # is 20480, reached after 23 s; braking 5 km/h a second (1280/256) to the end
    speed = truth["speed"]
    assert speed[60] == 922 and speed[61] == 1844
    assert speed[179] == 1280 and speed[178] == 2560
    assert all(20480 - 256 <= v <= 20480 + 256 for v in speed[90:160])   # +-1 km/h
    assert truth["clock_jumps"] == [(200, 45), (260, -45)]
    assert truth["gps_outages"] == [(40, 60)] and truth["can_outages"] == [(150, 165)]
    assert truth["selects"] == [(240, AVAILABILITY), (330, BREAK_REST)]


def test_everything_decodes_with_zero_rejects_at_the_stated_rates():
    seen, truth, kinds = decode(DAY)
    # CAN: 10 CCVS1 + 20 TCO1 a second, except the 15 s outage
    assert kinds["can"] == (N - 15) * 30
    # NMEA: one burst a second, except the 20 s outage; three sentences in each
    assert kinds["nmea"] == N - 20
    for s in range(N):
        if not 40 <= s < 60:
            assert seen["nmea"][s] == 1 and seen["valid"][s] != NONE
            assert seen["gspeed"][s] != NONE or seen["valid"][s] == 0
        if not 150 <= s < 165:
            assert seen["ccvs"][s] == 10 and seen["tco"][s] == 20
    assert kinds["select_at"] == [(240, AVAILABILITY), (330, BREAK_REST)]


def test_outages_really_remove_the_inputs():
    seen, _, _ = decode(DAY)
    for s in range(40, 60):
        assert seen["nmea"][s] == 0 and seen["valid"][s] == NONE
    for s in range(150, 165):
        assert seen["ccvs"][s] == 0 and seen["tco"][s] == 0
    # the edges: the seconds just outside still have their inputs
    assert seen["nmea"][39] == seen["nmea"][60] == 1
    assert seen["ccvs"][149] == seen["ccvs"][165] == 10
    # a tunnel: sentences keep coming, without a fix but with the time
    for s in range(100, 110):
        assert seen["valid"][s] == 0 and seen["lat"][s] == NONE and seen["gspeed"][s] == NONE
        assert seen["utc"][s] == s                  # 06:00:00 + s, no jump here
    assert seen["valid"][99] == seen["valid"][110] == 1


def test_cold_start_has_no_fix_and_no_time():
    seen, _, _ = decode([("stop", 1)], gps_fix_after_s=20)
    for s in range(20):
        assert seen["valid"][s] == 0 and seen["sod"][s] == NONE and seen["utc"][s] == NONE
    assert seen["valid"][20] == 1


def test_clock_jump_shows_in_the_rmc_times():
    seen, truth, _ = decode(DAY)
    for s in range(20, N):
        if seen["valid"][s] != 1:
            continue
        # the receiver reports the truth + 45 s from second 200 until 259, then the truth
        off = 45 if 200 <= s < 260 else 0
        assert reported_offset_s(truth, s) == off
        assert seen["utc"][s] == s + off          # seconds from 06:00:00
    # second 199 is 06:03:19; second 200 is 06:03:20 + 45 s = 06:04:05
    assert seen["sod"][199] == 6 * 3600 + 3 * 60 + 19
    assert seen["sod"][200] == 6 * 3600 + 4 * 60 + 5


def test_rtc_is_the_truth_off_by_its_error():
    events, truth = iter_day([("stop", 0, 5)], rtc_error_s=-75)
    first = next(events)
    # 06:00:00 - 75 s = 05:58:45
    assert first == (truth["boot_ms"], "rtc", (START_MINUTE - 2, 45))
    assert truth["rtc"] == (START_MINUTE - 2, 45)
    _, drawn = iter_day([("stop", 0, 5)], seed=9)
    assert 5 <= abs(drawn["rtc_error_s"]) <= 90


def test_can_speed_motion_and_driver_state():
    seen, truth, _ = decode(DAY)
    for s in range(N):
        if 150 <= s < 165:
            continue
        v = truth["speed"][s]
        assert seen["cspeed"][s] == v and seen["tspeed"][s] == v
        assert seen["motion"][s] == (1 if v else 0)
    state = [seen["driver"][s] for s in (0, 100, 200, 240, 299, 300, 329, 330, 419)]
    # WORK before driving, DRIVE while moving, WORK after a stop; the selection
    # at 240 comes while driving and is ignored (Annex IC: driving wins), so the
    # stop at 300 is WORK again; REST from the selection at 330 (standing) on
    assert state == [WORK, DRIVE, WORK, DRIVE, DRIVE, WORK, WORK, REST, REST]


def test_selection_at_a_standstill_sets_the_tachograph_state():
    script = [("stop", 1), ("select", 10, AVAILABILITY), ("select", 30, OTHER_WORK)]
    seen, _, kinds = decode(script, tco_hz=1, ccvs_hz=1)
    assert kinds["select_at"] == [(10, AVAILABILITY), (30, OTHER_WORK)]
    # the J1939 working states number as the activities do (AVAILABILITY 1, WORK 2)
    assert [seen["driver"][s] for s in (9, 10, 29, 30)] == [WORK, 1, 1, WORK]


def test_gps_speed_jitter_and_positions():
    seen, truth, _ = decode(DAY)
    standing = [seen["gspeed"][s] for s in range(20, 40)] + [seen["gspeed"][s] for s in range(305, 420)]
    # 0-2 km/h at a standstill, i.e. 0-512 in 1/256 km/h, and not all zero
    assert all(0 <= v <= 512 for v in standing) and max(standing) > 0
    for s in list(range(90, 100)) + list(range(110, 150)):   # 100-109: no fix
        # while moving: true speed +-0.5 km/h (+-128), +1 for rounding
        assert abs(seen["gspeed"][s] - truth["speed"][s]) <= 129
    # positions at a standstill stay within a few metres (2 m jitter each way:
    # under 40 micro-degrees of latitude at 111 mm each)
    lats = [seen["lat"][s] for s in range(305, 420)]
    assert max(lats) - min(lats) <= 40
    # the drive 60-179 covers the sum of its speeds in mm (625/576 per 1/256 km/h);
    # from the last fix before it (second 39, then the GPS outage) to the stop at 180
    mm = sum(v * 625 // 576 for v in truth["speed"][60:180])
    lat, lon = seen["lat"], seen["lon"]
    # 111.32 mm per micro-degree of latitude, 71.56 of longitude at 50° N
    dn, de = (lat[180] - lat[39]) * 11132 // 100, (lon[180] - lon[39]) * 7156 // 100
    travelled = int((dn * dn + de * de) ** 0.5)
    # a bend makes the straight line shorter than the road, never longer;
    # 6000 mm: the standstill jitter at both ends (up to 2 m per axis, 2.83 m)
    assert mm * 9 // 10 - 6000 <= travelled <= mm + 6000


def test_same_seed_same_day_other_seed_other_day():
    short = [("stop", 0, 30), ("drive", 0, 50, 30)]
    a, _ = generate_day(short, seed=4, tco_hz=0, ccvs_hz=1, gps_fix_after_s=0)
    b, _ = generate_day(short, seed=4, tco_hz=0, ccvs_hz=1, gps_fix_after_s=0)
    c, _ = generate_day(short, seed=5, tco_hz=0, ccvs_hz=1, gps_fix_after_s=0)
    assert a == b and a != c
    # with TCO1 off, CAN is one CCVS1 a second: 60 frames, plus 60 bursts and the RTC
    assert len(a) == 121
    assert sorted(e[0] for e in a) == [e[0] for e in a]


def test_bad_script_steps_are_refused():
    raises(ValueError, generate_day, [("fly", 3)])
    raises(ValueError, generate_day, [("drive", 1, 0)])
    raises(ValueError, generate_day, [("drive", 0, 50)])
    raises(ValueError, generate_day, [("select", 3, 7)])
    raises(ValueError, generate_day, [("stop", -1)])
    raises(ValueError, iter_day, [("stop", 1)], ccvs_hz=0)     # at the call, not later
    raises(ValueError, iter_day, [("stop", 1)], tco_hz=101)


def test_a_long_day_is_generated_quickly():
    # CPython: a whole 24 h day within a couple of seconds (streamed, the
    # events counted). MicroPython's 192K heap cannot hold a day's per-second
    # truth, so there the same check runs on half an hour.
    minutes = 24 * 60 if sys.implementation.name != "micropython" else 30
    drive = minutes // 3
    script = [("stop", minutes - 2 * drive), ("drive", drive, 85), ("stop", 0, 40),
              ("drive", drive, 60)]
    t0 = time.time()
    events, truth = iter_day(script)
    n = 0
    for _ in events:
        n += 1
    elapsed = time.time() - t0
    assert truth["seconds"] == minutes * 60 + 40
    assert n == 1 + (minutes * 60 + 40) * 31   # RTC + 30 frames and 1 burst a second
    assert elapsed < 4
