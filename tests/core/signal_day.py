# Test support: a deterministic driving day as the raw inputs the unit receives (CAN, NMEA, RTC, buttons).
# SPDX-License-Identifier: MIT
"""Generate a driving day as raw, time-stamped inputs, with the truth beside it.

``generate_day(script, seed=1)`` returns ``(events, truth)``.

**Script.** A list of steps. ``drive`` and ``stop`` follow each other and
make the vehicle's timeline from second 0 (the boot of the unit); every
other step is placed at an offset in seconds from second 0, wherever it
stands in the list. Durations are ``minutes`` plus optional ``seconds``.

- ``("drive", minutes, kmh[, seconds])``: the vehicle moves for the whole
  step: it accelerates from rest at about 1 m/s² (3.6 km/h a second), cruises
  at ``kmh`` +-1 km/h and brakes at about 1.4 m/s² (5 km/h a second) to reach 0
  exactly at the step's end. Every second of the step has a speed above 0.
- ``("stop", minutes[, seconds])``: the vehicle stands, engine running (CAN
  continues). A traffic light is a short stop between two drives.
- ``("gps_outage", start_s, length_s)``: the receiver sends nothing (unplugged,
  powered off). ``("gps_nofix", start_s, length_s)``: it sends sentences
  without a fix (a tunnel): RMC status V, GGA quality 0, time still given.
- ``("can_outage", start_s, length_s)``: no CAN frames at all.
- ``("clock_jump", at_s, jump_s)``: from second ``at_s`` on, the receiver's
  UTC is ``jump_s`` seconds off the truth (on top of earlier jumps); a receiver
  wrong from the start and correcting itself later is ``("clock_jump", 0, -30)``
  then ``("clock_jump", 900, 30)``.
- ``("select", at_s, activity)``: the driver presses a button
  (``drivetime.activity`` BREAK_REST, AVAILABILITY or OTHER_WORK), half a
  second into second ``at_s``.

**Events**, a time-ordered list of ``(mono_ms, kind, payload)``; second ``s``
of the day begins at ``mono_ms = boot_ms + 1000 * s``:

- ``"rtc"``, ``(minute, second)``: the board's clock read at boot (the first
  event), ``rtc_error_s`` off the truth (drawn from the seed when not given).
- ``"can"``, ``(arbitration_id, data)``: J1939 CCVS1 (wheel speed) at
  ``ccvs_hz`` (10 Hz, the J1939-71 rate of 100 ms) and TCO1 from the
  tachograph at ``tco_hz`` (20 Hz, J1939-71's 50 ms; 0 for a vehicle without
  one), each at a fixed phase in the second. TCO1 carries motion (speed above
  0), the tachograph speed and driver 1's working state: DRIVE while moving,
  else WORK after each stop until the driver selects another activity.
- ``"nmea"``, ``bytes``: once a second, the RMC, VTG and GGA sentences of the
  fix for that second's start, 60-240 ms into the second (the receiver's
  output latency). Until ``gps_fix_after_s`` (cold start) the sentences carry
  no fix and no time. Speed over ground is the true speed +-0.5 km/h while
  moving and 0-2 km/h of jitter at a standstill; positions move along a road
  (a flat-earth approximation near 50° N, 8° E) and wander a few metres at a
  standstill.
- ``"select"``, activity code.

**Truth**, a dict: ``start_minute`` (the true UTC minute at second 0, which
begins at its second 0), ``boot_ms``, ``seconds`` (length of the day),
``moving`` (a bool per second: the wheels turn in that second), ``speed``
(the true speed per second, 1/256 km/h), ``rtc`` and ``rtc_error_s``, and the
script's ``clock_jumps``, ``gps_outages``, ``gps_nofix``, ``can_outages``
(half-open ``(start_s, end_s)``) and ``selects``, sorted.

``iter_day`` gives the same events from an iterator, made one second at a
time, for long days (a whole day as a list takes some 300 MB under CPython)
and for MicroPython's small heap (where the truth's per-second lists limit a
day to an hour or so).
"""

from drivetime.activity import AVAILABILITY, BREAK_REST, OTHER_WORK
from drivetime.j1939 import DRIVE, REST, WORK, ccvs1_frame, tco1_frame
from drivetime.nmea import sentence
from drivetime.timeutil import civil_from_days
from support import Rng

START_MINUTE = 29540520     # Monday 2026-03-02T06:00Z (day 20514 * 1440 + 360)
BOOT_MS = 12345
_ACCEL = 922                # 1/256 km/h gained per second (~1 m/s²)
_DECEL = 1280               # lost per second (~1.4 m/s²)
_LAT0, _LON0 = 50110000, 8680000   # micro-degrees
_MM_PER_UDEG_LAT = 11132           # 1/100 mm per micro-degree of latitude
_MM_PER_UDEG_LON = 7156            # ... of longitude at 50° N (111.32 mm * cos 50°)
# 16 headings, 22.5° apart: (north, east) components * 1000
_DIRS = ((1000, 0), (924, 383), (707, 707), (383, 924), (0, 1000), (-383, 924),
         (-707, 707), (-924, 383), (-1000, 0), (-924, -383), (-707, -707),
         (-383, -924), (0, -1000), (383, -924), (707, -707), (924, -383))
_SELECTABLE = (BREAK_REST, AVAILABILITY, OTHER_WORK)
_VOID_VTG = sentence("GPVTG,,T,,M,,N,,K,N").encode()
# before the first fix of a cold start: no fix, no time
_VOID_COLD = (sentence("GPRMC,,V,,,,,,,,,,N").encode() + _VOID_VTG
              + sentence("GPGGA,,,,,,0,00,99.99,,,,,,").encode())


def _dur(step, i):
    return step[i] * 60 + (step[i + 1] if len(step) > i + 1 else 0)


def _plan(script, seed):
    """Expand the script: speeds per second and the sorted schedules."""
    rng = Rng(seed)
    speed = []
    sched = {"gps_outage": [], "gps_nofix": [], "can_outage": [], "clock_jump": [],
             "select": []}
    for step in script:
        kind = step[0]
        if kind == "drive":
            n = step[1] * 60 + (step[3] if len(step) > 3 else 0)
            top = step[2] * 256
            if n < 1 or not 0 < top <= 250 * 256:
                raise ValueError("bad drive step %r" % (step,))
            for i in range(n):
                v = top + (rng.u32() % 9 - 4) * 64          # cruise +-1 km/h
                speed.append(max(64, min(v, _ACCEL * (i + 1), _DECEL * (n - i))))
        elif kind == "stop":
            if _dur(step, 1) < 0:
                raise ValueError("bad stop step %r" % (step,))
            speed.extend([0] * _dur(step, 1))
        elif kind in ("gps_outage", "gps_nofix", "can_outage"):
            sched[kind].append((step[1], step[1] + step[2]))
        elif kind == "clock_jump":
            sched[kind].append((step[1], step[2]))
        elif kind == "select":
            if step[2] not in _SELECTABLE:
                raise ValueError("not a selectable activity: %r" % (step,))
            sched[kind].append((step[1], step[2]))
        else:
            raise ValueError("unknown script step %r" % (step,))
    for v in sched.values():
        v.sort()
    return speed, sched


def _mask(n, intervals):
    """A bytearray with 1 for the seconds inside any of the intervals."""
    m = bytearray(n)
    for a, b in intervals:
        for s in range(max(a, 0), min(b, n)):
            m[s] = 1
    return m


def reported_offset_s(truth, s):
    """How far (seconds) the receiver's UTC is off the truth in second ``s``."""
    return sum(j for at, j in truth["clock_jumps"] if at <= s)


def generate_day(script, seed=1, **options):
    """Return ``(events, truth)`` for ``script`` (see the module docstring).

    :param options: ``start_minute``, ``boot_ms``, ``ccvs_hz`` (1-100),
        ``tco_hz`` (0-100), ``rtc_error_s``, ``gps_fix_after_s``
    :raises ValueError: for an unknown or malformed script step
    """
    events, truth = iter_day(script, seed, **options)
    return list(events), truth


def iter_day(script, seed=1, start_minute=START_MINUTE, boot_ms=BOOT_MS, ccvs_hz=10,
             tco_hz=20, rtc_error_s=None, gps_fix_after_s=20):
    """Like :func:`generate_day`, but the events come from an iterator, made
    one second at a time: memory stays small whatever the length of the day.
    A whole day at the default rates is about 2.8 million events, some 300 MB
    as a list under CPython."""
    speed, sched = _plan(script, seed)
    rng = Rng(seed * 7919 + 1)
    if rtc_error_s is None:
        rtc_error_s = rng.randint(5, 90) * (1 if rng.u32() & 1 else -1)
    rtc = (start_minute + rtc_error_s // 60, rtc_error_s % 60)
    truth = {"start_minute": start_minute, "boot_ms": boot_ms, "seconds": len(speed),
             "moving": [v > 0 for v in speed], "speed": speed, "rtc": rtc,
             "rtc_error_s": rtc_error_s, "clock_jumps": sched["clock_jump"],
             "gps_outages": sched["gps_outage"], "gps_nofix": sched["gps_nofix"],
             "can_outages": sched["can_outage"], "selects": sched["select"]}
    pat = _can_pattern(ccvs_hz, tco_hz)         # checked now, not at the first event
    chunks = _seconds(speed, sched, rng, truth, pat, gps_fix_after_s)
    return (ev for chunk in chunks for ev in chunk), truth


def _can_pattern(ccvs_hz, tco_hz):
    """The CAN frames of one second: sorted ``(dt_ms, 0 CCVS1 | 1 TCO1)``."""
    if not 1 <= ccvs_hz <= 100 or not 0 <= tco_hz <= 100:
        raise ValueError("CAN rates out of range")
    pat = [((7 + k * 1000 // ccvs_hz) % 1000, 0) for k in range(ccvs_hz)]
    pat += [((23 + k * 1000 // tco_hz) % 1000, 1) for k in range(tco_hz)]
    pat.sort()
    return pat


def _seconds(speed, sched, rng, truth, pat, fix_after):
    """Yield the events of each second of the day, as a list, in time order."""
    n = len(speed)
    # split[dt]: how many frames of a second come before dt (at most 200: a
    # bytearray, 1 KB instead of 8 KB of list on a small heap)
    split = bytearray(1001)
    for dt, _ in pat:
        for k in range(dt + 1, 1001):
            split[k] += 1
    no_gps, no_fix, no_can = (_mask(n, sched[k]) for k in ("gps_outage", "gps_nofix",
                                                          "can_outage"))
    jumps = sched["clock_jump"]
    selects = sched["select"]
    ccvs_cache, tco_cache = {}, {}
    boot = truth["boot_ms"]
    utc0 = truth["start_minute"] * 60       # test side: a big int is fine here
    north = east = 0                        # true position, mm from the origin
    heading = 2
    offset = ji = si = 0
    driver = WORK
    for s in range(n):
        base = boot + s * 1000
        v = speed[s]
        out = [(boot, "rtc", truth["rtc"])] if s == 0 else []
        extra = []                          # (dt, kind, payload) besides CAN
        while ji < len(jumps) and jumps[ji][0] <= s:
            offset += jumps[ji][1]
            ji += 1
        while si < len(selects) and selects[si][0] <= s:
            if selects[si][0] == s:
                extra.append((500, "select", selects[si][1]))
                if v == 0:                  # the tachograph ignores it while moving
                    driver = selects[si][1]
            si += 1
        if v:
            driver = DRIVE
            if rng.u32() % 200 == 0:        # a bend now and then
                heading = (heading + (1 if rng.u32() & 1 else 15)) % 16
            mm = v * 625 // 576             # 1/256 km/h -> mm travelled in one second
            north += mm * _DIRS[heading][0] // 1000
            east += mm * _DIRS[heading][1] // 1000
        elif driver == DRIVE:
            driver = WORK                   # the tachograph's switch when the vehicle stops
        if not no_gps[s]:
            t = utc0 + s + offset
            body = _nmea(t, v, north, east, heading, rng, s < fix_after, no_fix[s])
            extra.append((60 + rng.u32() % 181, "nmea", body))
        frames = None
        if not no_can[s] and pat:
            ccvs = ccvs_cache.get(v)
            if ccvs is None:
                ccvs = ccvs_cache[v] = ccvs1_frame(v)
            key = v * 4 + driver
            tco = tco_cache.get(key)
            if tco is None:
                tco = tco_cache[key] = tco1_frame(
                    speed=v, motion=1 if v else 0, driver1=driver, driver2=REST,
                    overspeed=0, direction=0, card1=1, card2=0)
            frames = (ccvs, tco)
        extra.sort()                        # nmea (60-240 ms) before select (500 ms)
        i = 0
        for dt, kind, payload in extra:
            if frames is not None:
                j = split[dt + 1]           # frames at the same ms come first
                out.extend([(base + d, "can", frames[w]) for d, w in pat[i:j]])
                i = j
            out.append((base + dt, kind, payload))
        if frames is not None:
            out.extend([(base + d, "can", frames[w]) for d, w in pat[i:]])
        yield out


def _nmea(t, v, north, east, heading, rng, cold, nofix):
    """RMC + VTG + GGA bytes for the fix at UTC second ``t`` (since 1970)."""
    days, sod = divmod(t, 86400)
    if cold:
        return _VOID_COLD
    y, mo, d = civil_from_days(days)
    hms = "%02d%02d%02d.00" % (sod // 3600, sod // 60 % 60, sod % 60)
    date = "%02d%02d%02d" % (d, mo, y % 100)
    if nofix:
        return (sentence("GPRMC,%s,V,,,,,,,%s,,,N" % (hms, date)).encode() + _VOID_VTG
                + sentence("GPGGA,%s,,,,,0,00,99.99,,,,,," % hms).encode())
    if v:
        kmh = max(0, v * 1000 // 256 + rng.u32() % 1001 - 500)   # km/h * 1000
        course = heading * 2250                                  # 1/100 degree
        jn = je = 0
    else:
        kmh = rng.u32() % 2001
        course = rng.u32() % 36000
        jn, je = rng.u32() % 4001 - 2000, rng.u32() % 4001 - 2000   # +-2 m
    lat = _LAT0 + (north + jn) * 100 // _MM_PER_UDEG_LAT
    lon = _LON0 + (east + je) * 100 // _MM_PER_UDEG_LON
    pos = "%02d%02d.%05d,N,%03d%02d.%05d,E" % (
        lat // 1000000, lat % 1000000 * 6 // 100000, lat % 1000000 * 6 % 100000,
        lon // 1000000, lon % 1000000 * 6 // 100000, lon % 1000000 * 6 % 100000)
    kn = (kmh * 1000 + 926) // 1852                              # knots * 1000
    spd = "%d.%03d" % (kn // 1000, kn % 1000)
    crs = "%d.%02d" % (course // 100, course % 100)
    return (sentence("GPRMC,%s,A,%s,%s,%s,%s,,,A" % (hms, pos, spd, crs, date)).encode()
            + sentence("GPVTG,%s,T,,M,%s,N,%d.%03d,K,A" % (crs, spd, kmh // 1000,
                                                         kmh % 1000)).encode()
            + sentence("GPGGA,%s,%s,1,%02d,%d.%02d,%d.%d,M,47.0,M,,"
                       % (hms, pos, 8 + rng.u32() % 5, 0, 80 + rng.u32() % 20,
                          112 + rng.u32() % 3, rng.u32() % 10)).encode())


def feed_unit(unit, events, each_second=None):
    """Feed a day's events to a :class:`drivetime.unit.Unit` with a tick every
    second, as a port's loop does.

    :param each_second: called with the tick's mono_ms after each tick in the
        day (a test looks at the unit's counters then)
    :returns: ``(outputs, mono_ms of the last tick)``"""
    out, next_tick = [], None
    for mono, kind, payload in events:
        next_tick = mono if next_tick is None else next_tick
        while mono >= next_tick:
            out.extend(unit.tick(next_tick))
            if each_second is not None:
                each_second(next_tick)
            next_tick += 1000
        if kind == "can":
            unit.on_can(mono, payload[0], payload[1])
        elif kind == "nmea":
            unit.on_nmea(mono, payload)
        elif kind == "rtc":
            unit.on_rtc(mono, payload[0], payload[1])
    out.extend(unit.tick(next_tick))
    return out, next_tick
