# The vehicle's signals as the unit receives them: J1939 CCVS1/TCO1 frames and NMEA RMC/VTG/GGA sentences, on their schedules.
# SPDX-License-Identifier: MIT
"""From a :class:`~simulator.vehicle.VehicleState` to bus traffic.

- :func:`can_frames`: the CCVS1 (engine, SA 0x00: wheel speed) and TCO1
  (tachograph, SA 0xEE: speed, motion bit, driver 1's working state, card
  present) frames describing the state, encoded by :mod:`drivetime.j1939`;
  none with the ignition off (the ECUs are off).
- :func:`nmea_sentences`: RMC, VTG and GGA for a fix at a UTC time, with
  their checksums (:func:`drivetime.nmea.sentence`): positions as
  ``ddmm.mmmmm`` (1e-5 minute, about 2 cm), speed in knots and km/h,
  course, UTC time to 1/100 s and the date.
- :class:`Traffic` puts both on their schedules: CCVS1 every 100 ms
  (J1939-71: 10 Hz) at 7 ms into each period and TCO1 every 50 ms (20 Hz)
  at 23 ms, as ``tests/core/signal_day.py`` does; a fix every
  ``1000 / nmea_hz`` ms (1-10 Hz), sent 6-24 % of a period later (a
  receiver's output latency: 60-240 ms at 1 Hz), the sentences one after
  the other at the serial line's speed (9600 baud: about 1 ms a byte).

Noise, drawn from ``random.Random(seed)`` so that a seed gives the same
bytes every run: positions wander about 1.5 m (σ), speed over ground is
the true one ± 0.3 km/h while moving and 0-1 km/h at a standstill (with a
random course), as a real receiver's drift; ``noise=False`` gives the exact
values. Time comes from the simulation clock: ``t_ms`` 0 is
``start_utc_s`` (default :data:`START_UTC_S`).
"""

import math
import random

from drivetime.j1939 import REST, ccvs1_frame, tco1_frame
from drivetime.nmea import sentence
from drivetime.timeutil import civil_from_days

START_UTC_S = 1772431200        # Monday 2026-03-02T06:00:00Z, the tests' usual day
KNOT_KMH = 1.852
_M_PER_DEG_LAT = 111320.0


def can_frames(state, t_ms=None, tco=True, driver2=REST, card1=1, card2=0):
    """The J1939 frames describing ``state``: ``[(arbitration_id, data)]``.

    CCVS1 first, then TCO1 (unless ``tco`` is false: a vehicle without a
    digital tachograph on the bus). ``t_ms`` is not used (the frames carry
    no time); :class:`Traffic` schedules them.
    """
    if not state.ignition:
        return []
    out = [ccvs1_frame(state.speed, parking_brake=0 if state.moving else 1)]
    if tco:
        out.append(tco1_frame(speed=state.speed, motion=1 if state.moving else 0,
                              driver1=state.tacho, driver2=driver2, overspeed=0, direction=0,
                              card1=card1, card2=card2))
    return out


def _hms(utc_ms):
    sod, ms = (utc_ms // 1000) % 86400, utc_ms % 1000
    return "%02d%02d%02d.%02d" % (sod // 3600, sod // 60 % 60, sod % 60, ms // 10)


def _date(utc_ms):
    y, m, d = civil_from_days(utc_ms // 86400000)
    return "%02d%02d%02d" % (d, m, y % 100)


def _angle(value, degree_digits, pos, neg):
    """Degrees -> NMEA ``(d)ddmm.mmmmm`` and hemisphere, exact to 1e-5 minute."""
    total = int(round(abs(value) * 6000000))            # 1e-5 minutes
    deg, rest = divmod(total, 6000000)
    return "%0*d%02d.%05d,%s" % (degree_digits, deg, rest // 100000, rest % 100000,
                                 pos if value >= 0 else neg)


def fix_sentences(utc_ms, lat, lon, kmh, course, talker="GP", satellites=8, hdop=0.9,
                  altitude=100.0):
    """RMC, VTG and GGA bytes of a valid fix (all values as given)."""
    hms = _hms(utc_ms)
    pos = "%s,%s" % (_angle(lat, 2, "N", "S"), _angle(lon, 3, "E", "W"))
    kn = "%.3f" % (kmh / KNOT_KMH)
    crs = "%.2f" % (course % 360.0)
    return [sentence("%sRMC,%s,A,%s,%s,%s,%s,,,A" % (talker, hms, pos, kn, crs,
                                                   _date(utc_ms))).encode(),
            sentence("%sVTG,%s,T,,M,%s,N,%.3f,K,A" % (talker, crs, kn, kmh)).encode(),
            sentence("%sGGA,%s,%s,1,%02d,%.2f,%.1f,M,47.0,M,,"
                     % (talker, hms, pos, satellites, hdop, altitude)).encode()]


def no_fix_sentences(utc_ms=None, talker="GP"):
    """RMC, VTG and GGA without a fix: status V, quality 0; without time and
    date when ``utc_ms`` is None (a cold start before the first fix)."""
    hms = "" if utc_ms is None else _hms(utc_ms)
    date = "" if utc_ms is None else _date(utc_ms)
    return [sentence("%sRMC,%s,V,,,,,,,%s,,,N" % (talker, hms, date)).encode(),
            sentence("%sVTG,,T,,M,,N,,K,N" % talker).encode(),
            sentence("%sGGA,%s,,,,,0,00,99.99,,,,,," % (talker, hms)).encode()]


def nmea_sentences(state, utc_s, rng=None, fix=True, talker="GP"):
    """The receiver's sentences for ``state`` at UTC ``utc_s`` (int or float
    seconds since 1970): ``[rmc, vtg, gga]`` as bytes.

    :param rng: a ``random.Random`` for the receiver's noise; None: exact values
    :param fix: False: a receiver without a fix (tunnel, no sky view)
    """
    utc_ms = int(round(utc_s * 1000))
    if not fix:
        return no_fix_sentences(utc_ms, talker)
    lat, lon, kmh, course = state.lat, state.lon, state.speed_kmh, state.course
    sats, hdop = 8, 0.9
    if rng is not None:
        north, east = rng.gauss(0, 1.5), rng.gauss(0, 1.5)
        lat += north / _M_PER_DEG_LAT
        lon += east / (_M_PER_DEG_LAT * max(0.01, math.cos(math.radians(state.lat))))
        if state.moving:
            kmh = max(0.0, kmh + rng.uniform(-0.3, 0.3))
        else:
            kmh, course = rng.uniform(0.0, 1.0), rng.uniform(0.0, 359.99)
        sats, hdop = 7 + rng.randint(0, 5), 0.7 + rng.randint(0, 40) / 100
    return fix_sentences(utc_ms, lat, lon, kmh, course, talker, sats, hdop)


class Traffic:
    """CAN frames and NMEA sentences on their schedules, made step by step.

    :param seed: the receiver's noise (same seed, same bytes)
    :param start_utc_s: UTC at simulation time 0
    :param ccvs_hz: CCVS1 rate (1-100; 0: none)
    :param tco_hz: TCO1 rate (1-100; 0: no tachograph on the bus)
    :param nmea_hz: fixes a second (1-10; 0: no receiver)
    :param noise: add the receiver's noise
    :param fix_after_ms: a cold start: no fix and no time before this simulation time
    :param baud: the receiver's serial speed (spaces the sentences of a burst)
    """

    def __init__(self, seed=1, start_utc_s=START_UTC_S, ccvs_hz=10, tco_hz=20, nmea_hz=1,
                 noise=True, fix_after_ms=0, baud=9600, talker="GP"):
        if not (0 <= ccvs_hz <= 100 and 0 <= tco_hz <= 100 and 0 <= nmea_hz <= 10):
            raise ValueError("rates out of range (CAN 0-100 Hz, NMEA 0-10 Hz)")
        self.start_utc_ms = start_utc_s * 1000
        self.rng = random.Random(seed)
        self.noise = noise
        self.fix_after_ms = fix_after_ms
        self.talker = talker
        self.ms_per_byte = 10000.0 / baud
        self._schedules = []        # [period, phase, what]
        if ccvs_hz:
            self._schedules.append([1000 // ccvs_hz, 7, "ccvs"])
        if tco_hz:
            self._schedules.append([1000 // tco_hz, 23, "tco"])
        self.nmea_period = 1000 // nmea_hz if nmea_hz else 0
        self.last_ms = -1           # everything at or before this is made
        self._pending = []          # (t_ms, seq, kind, payload)
        self._seq = 0

    def utc_ms(self, t_ms):
        """UTC (ms since 1970) at simulation time ``t_ms``."""
        return self.start_utc_ms + t_ms

    def _times(self, period, phase, t_ms):
        """The times ``k * period + phase`` in ``(last_ms, t_ms]``."""
        k = max(0, (self.last_ms - phase) // period + 1)
        while k * period + phase <= t_ms:
            yield k * period + phase
            k += 1

    def _put(self, t, kind, payload):
        self._pending.append((t, self._seq, kind, payload))
        self._seq += 1

    def advance(self, state, t_ms):
        """The traffic of ``(last call, t_ms]`` for the vehicle in ``state``.

        :returns: time-ordered ``[(t_ms, "can", (arbitration_id, data))]`` and
            ``[(t_ms, "nmea", sentence bytes)]``
        """
        if t_ms <= self.last_ms:
            return []
        frames = None
        for period, phase, what in self._schedules:
            for t in self._times(period, phase, t_ms):
                if frames is None:
                    frames = can_frames(state)
                if frames:
                    self._put(t, "can", frames[0] if what == "ccvs" or len(frames) < 2
                              else frames[1])
        if self.nmea_period:
            for epoch in self._times(self.nmea_period, 0, t_ms):
                self._fix(state, epoch)
        self.last_ms = t_ms
        self._pending.sort()
        n = 0
        while n < len(self._pending) and self._pending[n][0] <= t_ms:
            n += 1
        out = [(t, kind, payload) for t, _, kind, payload in self._pending[:n]]
        del self._pending[:n]
        return out

    def _fix(self, state, epoch):
        p = self.nmea_period
        utc = self.utc_ms(epoch)
        if epoch < self.fix_after_ms:
            burst = no_fix_sentences(None, self.talker)
        else:
            burst = nmea_sentences(state, utc / 1000.0, self.rng if self.noise else None,
                                   talker=self.talker)
        at = epoch + self.rng.randint(p * 6 // 100, p * 24 // 100)
        sent = 0
        for s in burst:
            self._put(at + int(sent * self.ms_per_byte), "nmea", s)
            sent += len(s)
