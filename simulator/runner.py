# Play a scenario on a virtual clock against the unmodified Unit; check its expectations.
# SPDX-License-Identifier: MIT
"""Scenario runs (issue 7): :func:`run` plays a :class:`simulator.scenario.Scenario`.

**The unit** is :class:`drivetime.unit.Unit`, unmodified, fed as a port feeds
it. Its ``Log`` outputs go to a :class:`~drivetime.segments.SegmentJournal`
over :class:`~drivetime.segments.RamStorage` under the fixed key
:data:`SIM_KEY` (a record without a minute takes the virtual clock's, as the
Pi port's sink does). Nothing reads the wall clock and every random choice
comes from the scenario's seed: the same file gives the same journal bytes.

**Signal mode** (``mode = "signal"``, the default): every virtual second the
vehicle's CAN frames (J1939 CCVS1 and TCO1) and NMEA sentences (RMC, VTG,
GGA) go to ``unit.on_can`` / ``unit.on_nmea`` at their millisecond inside the
second, then ``unit.tick`` at the second's end. ``rest`` is a quiet stretch:
ignition off, so no CAN and no GPS; the unit stays powered and only ticks
(the unit records UNKNOWN there, which counts as rest, RULES.md §1).

**Fast mode** (``mode = "fast"``, for weeks and months): no signals; each
step becomes finished intervals through ``unit.on_record``, one minute at a
time for driving and work (so warnings come at their minute) and 15 minutes
at a time for rest, each followed by a tick. ``stop`` records the activity
the driver chose (the unit's stop activity after each drive, Annex IC req
048), ``rest`` records BREAK_REST. Fault and clock-jump steps need signals
and are refused when the file is read. Times and durations must be whole
minutes.

**Power.** ``power_off`` stops the unit cleanly (``Unit.power(False)`` when
the unit has it, else the runner journals the ``power`` record as the port
would), seals the journal and drops the unit; ``power_cut`` just drops it.
After the stretch a new Unit boots over the same storage: the journal is
recovered (:meth:`~drivetime.segments.SegmentJournal.recover`) and the new
unit starts with no history, as the real ports do today.

**The end.** After the last step the runner evaluates the expectations, then
switches the unit off cleanly and seals the journal, so :attr:`Result.journal`
is a complete download that ``drivetime office import`` accepts.
"""

from drivetime import activity as act
from drivetime.j1939 import ccvs1_frame, tco1_frame
from drivetime.nmea import sentence
from drivetime.timeutil import civil_from_days
from drivetime.segments import RamStorage, SegmentJournal
from drivetime.unit import Log, Unit, UNIT_SETTINGS
from simulator.scenario import SELECTABLE, ScenarioError

SIM_KEY = bytes(range(32))      # the fixed unit key of simulated journals (tests, demos)
SIM_UNIT = "SIM-0001"
BOOT_MS = 12345
_CYCLE = (act.OTHER_WORK, act.AVAILABILITY, act.BREAK_REST)     # drivetime.unit.ACTIVITY_CYCLE


class Result:
    """What a run gave: ``checks`` (dicts: index, line, what, at, expected, actual,
    passed), ``status`` (the unit's live status at the end), ``infringements``,
    ``journal`` (bytes), ``problems`` (journal records refused, recovery reports)."""

    def __init__(self, scenario):
        self.scenario, self.checks, self.problems = scenario, [], []
        self.status, self.infringements, self.journal = {}, [], b""

    @property
    def passed(self):
        return all(c["passed"] for c in self.checks)


def journal_bytes(storage):
    """The journal as a download: every segment, in chain order."""
    return b"".join(storage.read(n) for n in storage.list() if n.startswith("j"))


class Runner:
    """One run of ``scenario`` (use :func:`run`)."""

    def __init__(self, scenario):
        self.sc = scenario
        s = scenario.settings
        if scenario.mode == "fast" and (self.sc.start % 60 or any(
                getattr(st, "seconds", 0) % 60 for st in scenario.steps)):
            raise ScenarioError("%s: mode = \"fast\" needs whole minutes (start and durations)"
                                % scenario.source)
        self.t = scenario.start                 # virtual UTC second
        self.storage = RamStorage()
        self.journal = None
        self.unit = None
        self.result = Result(scenario)
        self.standing = s["unit"].get("stop_activity", UNIT_SETTINGS["stop_activity"])
        self.warnings = []                      # (UTC second, code, level) as raised
        self.checkpoints = sorted((e.at, e.index, e) for e in scenario.expects
                                  if e.kind in ("status", "screen", "fault") and e.at is not None)
        self.gen = None if scenario.mode == "fast" else _Traffic(s["signals"], s["seed"])

    @property
    def mono(self):
        return BOOT_MS + (self.t - self.sc.start) * 1000

    # -- the port's part: boot, journal, power ---------------------------------

    def boot(self):
        s = self.sc.settings
        self.journal = SegmentJournal(self.storage, SIM_KEY)
        self.result.problems += [r for r in self.journal.recover() if not r.startswith("journal: last")]
        settings = dict(s["unit"])
        drv = s.get("driver") or {}
        if "driver_card" in UNIT_SETTINGS and drv:
            settings["driver_card"], settings["driver_name"] = drv.get("card", ""), drv.get("name", "")
        self.unit = Unit(settings, s["profile_dict"])
        self.standing = settings.get("stop_activity", UNIT_SETTINGS["stop_activity"])
        if hasattr(self.unit, "power"):
            self.unit.power(True, self.mono)
        else:                                   # until Unit.power exists: the port's records
            self.write("power", {"on": True})
            if drv:
                self.write("driver", {"card": drv.get("card", ""), "name": drv.get("name", "")})
        if self.gen is not None:                # the board's clock at boot
            err = s["signals"]["rtc_error_s"]
            self.unit.on_rtc(self.mono, (self.t + err) // 60, (self.t + err) % 60)
        self.take(self.unit.tick(self.mono))

    def shutdown(self, clean):
        if self.unit is None:
            return
        if clean:
            if hasattr(self.unit, "power"):
                self.unit.power(False, self.mono)
                self.take(self.unit.tick(self.mono))
            else:
                self.write("power", {"on": False})
            self.journal.seal()
        self.unit = self.journal = None

    def write(self, kind, fields):
        fields = dict(fields)
        if fields.get("minute") is None:
            fields["minute"] = self.t // 60
        try:
            self.journal.append(kind, fields["minute"], fields)
        except ValueError as exc:
            self.result.problems.append("journal refused a %s record: %s" % (kind, exc))

    def take(self, outputs):
        for o in outputs:
            if isinstance(o, Log):
                self.write(o.kind, o.fields)
                if o.kind == "warning":
                    self.warnings.append((self.t, o.fields["code"], o.fields["level"]))

    # -- time passing ------------------------------------------------------------

    def tick(self):
        if self.unit is not None:
            self.take(self.unit.tick(self.mono))
        while self.checkpoints and self.checkpoints[0][0] <= self.t:
            self.check(self.checkpoints.pop(0)[2])

    def advance(self, seconds, speed=0, quiet=False):
        """Let ``seconds`` pass at signal level: moving at ``speed`` km/h (0: standing)."""
        u = self.unit
        for i in range(seconds):
            if u is not None and not quiet:
                v = self.gen.speed_at(i, seconds, speed) if speed else 0
                driver = 3 if v else self.standing
                for dt, kind, payload in self.gen.second(self.t, v, driver):
                    if kind == "can":
                        u.on_can(self.mono + dt, payload[0], payload[1])
                    else:
                        u.on_nmea(self.mono + dt, payload)
            self.t += 1
            self.tick()

    def advance_fast(self, seconds, activity):
        """Let ``seconds`` pass as finished intervals of ``activity`` (None: unit off)."""
        chunk = 900 if activity == act.BREAK_REST else 60
        end = self.t + seconds
        while self.t < end:
            step = min(chunk, end - self.t)
            if self.checkpoints and self.t < self.checkpoints[0][0] < self.t + step:
                step = max(60, (self.checkpoints[0][0] - self.t) // 60 * 60)
            start = self.t
            self.t += step
            if self.unit is not None and activity is not None:
                self.unit.on_record(self.mono, start // 60, self.t // 60, activity)
            self.tick()

    def play(self, step):
        k, fast = step.kind, self.sc.mode == "fast"
        if k == "drive":
            if fast:
                self.advance_fast(step.seconds, act.DRIVING)
            else:
                self.advance(step.seconds, step.options["speed"])
            self.standing = self.sc.settings["unit"].get("stop_activity", UNIT_SETTINGS["stop_activity"])
        elif k == "stop":
            self.advance_fast(step.seconds, self.standing) if fast else self.advance(step.seconds)
        elif k == "rest":
            self.advance_fast(step.seconds, act.BREAK_REST) if fast else self.advance(step.seconds,
                                                                                     quiet=True)
        elif k in ("power_off", "power_cut"):
            self.shutdown(k == "power_off")
            self.advance_fast(step.seconds, None) if fast else self.advance(step.seconds, quiet=True)
            self.boot()
        elif k == "select":
            self.standing = SELECTABLE[step.value]
            self.unit.select(self.mono, self.standing)
            self.take(self.unit.tick(self.mono))
        elif k == "press":
            if step.value == "activity" and not self.unit._moving:
                i = _CYCLE.index(self.standing) if self.standing in _CYCLE else -1
                self.standing = _CYCLE[(i + 1) % len(_CYCLE)]
            self.unit.on_button(self.mono, step.value)
            self.take(self.unit.tick(self.mono))
        elif k == "fault":
            self.gen.fault(step.value, self.t, self.t + step.seconds)
        elif k == "clock_jump":
            self.gen.jump(step.seconds)

    def run(self):
        self.boot()
        for step in self.sc.steps:
            self.play(step)
        while self.checkpoints:                 # times past the last step: at the end
            self.check(self.checkpoints.pop(0)[2])
        from simulator import expect
        now = [e for e in self.sc.expects if e.kind in ("status", "screen", "fault") and e.at is None]
        for e in now:
            self.result.checks.append(expect.at_time(e, self))
        u = self.unit
        self.result.status = dict(u.live) if u is not None else {}
        self.result.infringements = list(u.infringements) if u is not None else []
        self.shutdown(True)
        self.result.journal = journal_bytes(self.storage)
        for e in self.sc.expects:
            if e.kind in ("warning", "infringement", "journal"):
                self.result.checks.append(expect.at_end(e, self))
        self.result.checks.sort(key=lambda c: c["index"])
        return self.result

    def check(self, e):
        from simulator import expect
        self.result.checks.append(expect.at_time(e, self))


class _Traffic:
    """The vehicle's CAN frames and NMEA sentences, second by second (a stand-in
    for simulator.traffic until it lands; same rates and encoders)."""

    def __init__(self, rates, seed):
        self.rates, self.rng = rates, (seed * 2654435761 + 1) & 0xFFFFFFFF or 1
        self.faults, self.offset, self.east_mm = [], 0, 0
        pat = [((7 + k * 1000 // rates["ccvs_hz"]) % 1000, 0) for k in range(rates["ccvs_hz"])]
        pat += [((23 + k * 1000 // rates["tco_hz"]) % 1000, 1) for k in range(rates["tco_hz"])]
        self.pattern = sorted(pat)
        self.cache = {}

    def u32(self):
        x = self.rng                           # xorshift32: no dependence on random's versions
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.rng = x
        return x

    def speed_at(self, i, n, kmh):
        """Speed (1/256 km/h) in second ``i`` of an ``n``-second drive: about 1 m/s² up,
        cruise at ``kmh`` +-1, 1.4 m/s² down to 0 at the end; never 0 inside."""
        top = int(kmh * 256) + (self.u32() % 9 - 4) * 64
        return max(64, min(top, 922 * (i + 1), 1280 * (n - i)))

    def fault(self, name, start, end):
        self.faults.append((name, start, end))

    def jump(self, seconds):
        self.offset += seconds

    def second(self, t, v, driver):
        """The inputs of UTC second ``t``: ``[(ms into the second, "can"|"nmea", payload)]``."""
        on = set(f for f, a, b in self.faults if a <= t < b)
        out = []
        if "can_silence" not in on:
            cv = (0 if v else 50 * 256) if "motion_conflict" in on else v   # the wheel sensor lies
            key = (cv, driver)
            frames = self.cache.get(key)
            if frames is None:
                frames = self.cache[key] = (ccvs1_frame(cv), tco1_frame(
                    speed=cv, motion=1 if cv else 0, driver1=driver, driver2=0, overspeed=0,
                    direction=0, card1=1, card2=0))
            out = [(dt, "can", frames[w]) for dt, w in self.pattern]
        self.east_mm += v * 625 // 576
        if "gps_loss" not in on:
            hz = self.rates["nmea_hz"]
            for k in range(hz):
                body = _nmea(t + self.offset, v, self.east_mm, "gps_nofix" in on, self.u32())
                if "garbled" in on:                 # a flipped character: the checksum fails
                    body = body[:20] + bytes((body[20] ^ 0x21,)) + body[21:]
                out.append((60 + k * 1000 // hz + self.u32() % 40, "nmea", body))
            out.sort(key=lambda e: e[0])
        return out


def _nmea(t, v, east_mm, nofix, noise):
    """RMC + VTG + GGA for UTC second ``t`` at 50 N, moving east ``east_mm`` from 8 E."""
    days, sod = divmod(t, 86400)
    y, mo, d = civil_from_days(days)
    hms = "%02d%02d%02d.00" % (sod // 3600, sod // 60 % 60, sod % 60)
    date = "%02d%02d%02d" % (d, mo, y % 100)
    if nofix:
        return (sentence("GPRMC,%s,V,,,,,,,%s,,,N" % (hms, date)) + sentence("GPVTG,,T,,M,,N,,K,N")
                + sentence("GPGGA,%s,,,,,0,00,99.99,,,,,," % hms)).encode()
    kmh = v * 1000 // 256 + (noise % 1001 - 500 if v else -(noise % 1000) - 1)
    kmh = max(0, kmh) if v else noise % 1500                        # km/h * 1000
    lon = 8000000 + east_mm * 100 // 7156                           # micro-degrees at 50 N
    pos = "5000.00000,N,%03d%02d.%05d,E" % (lon // 1000000, lon % 1000000 * 6 // 100000,
                                             lon % 1000000 * 6 % 100000)
    kn = (kmh * 1000 + 926) // 1852
    spd = "%d.%03d" % (kn // 1000, kn % 1000)
    return (sentence("GPRMC,%s,A,%s,%s,90.00,%s,,,A" % (hms, pos, spd, date))
            + sentence("GPVTG,90.00,T,,M,%s,N,%d.%03d,K,A" % (spd, kmh // 1000, kmh % 1000))
            + sentence("GPGGA,%s,%s,1,09,0.90,112.0,M,47.0,M,," % (hms, pos))).encode()


def run(scenario):
    """Play ``scenario``; :returns: a :class:`Result`. :raises ScenarioError: unplayable."""
    return Runner(scenario).run()
