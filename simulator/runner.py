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
GGA), made by :class:`simulator.traffic.Traffic` and passed through the
scenario's :class:`simulator.faults.Faults`, go to ``unit.on_can`` /
``unit.on_nmea`` at their millisecond, then ``unit.tick`` at the second's end. ``rest`` is a quiet stretch:
ignition off, so no CAN and no GPS; the unit stays powered and only ticks
(the unit records UNKNOWN there, which counts as rest, RULES.md §1).

**Fast mode** (``mode = "fast"``, for weeks and months): no signals; each
step becomes finished intervals through ``unit.on_record``, one minute at a
time for driving and work (so warnings come at their minute) and 15 minutes
at a time for rest, each followed by a tick, with the flags of the unit's
``ferry`` and ``out_of_scope`` buttons (``Unit.flags``). ``rest`` records
BREAK_REST; ``stop`` the unit's own stop activity: the runner follows the
``select`` records the unit journals (not a key its menu or a dialogue
took) and, after a drive, the unit's stop activity (Annex IC req 048).
Fault and clock-jump steps need signals and are refused when the file is
read. Times and durations must be whole minutes.

**Power.** ``power_off`` stops the unit cleanly (``Unit.power(False)`` when
the unit has it, else the runner journals the ``power`` record as the port
would), seals the journal and drops the unit; ``power_cut`` just drops it.
After the stretch a new Unit boots over the same storage: the journal is
recovered (:meth:`~drivetime.segments.SegmentJournal.recover`) and the new
unit restores its history from it (:meth:`~drivetime.unit.Unit.restore`), as
the real ports do; after a cut the last activity is known up to its last record.

**The end.** After the last step the runner evaluates the expectations, then
switches the unit off cleanly and seals the journal, so :attr:`Result.journal`
is a complete download that ``drivetime office import`` accepts.
"""

import random

from drivetime import activity as act
from drivetime.segments import RamStorage, SegmentJournal
from drivetime.unit import Log, Unit, UNIT_SETTINGS
from simulator.faults import Faults
from simulator.scenario import SELECTABLE, ScenarioError
from simulator.traffic import Traffic
from simulator.vehicle import VehicleState

SIM_KEY = bytes(range(32))      # the fixed unit key of simulated journals (tests, demos)
SIM_UNIT = "SIM-0001"
BOOT_MS = 12345


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
        self.gen = None if scenario.mode == "fast" else _Signals(s["signals"], s["seed"], scenario.start)

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
        self.unit.restore(self.journal)         # the history back from the journal, as the ports do
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
                if o.kind == "select":      # the unit's own selection: its buttons, menu, dialogues
                    self.standing = act.CODES[o.fields["activity"]]
                elif o.kind == "warning":
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
                for at, kind, payload in self.gen.second(self.mono - BOOT_MS, v, 3 if v else self.standing):
                    if kind == "can":
                        u.on_can(BOOT_MS + at, payload[0], payload[1])
                    elif kind == "nmea":
                        u.on_nmea(BOOT_MS + at, payload)
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
            if self.unit is not None and activity is not None:     # flags: the unit's buttons
                self.unit.on_record(self.mono, start // 60, self.t // 60, activity, self.unit.flags)
            self.tick()

    def play(self, step):
        k, fast = step.kind, self.sc.mode == "fast"
        if k == "drive":
            if fast:
                self.advance_fast(step.seconds, act.DRIVING)
            else:
                self.advance(step.seconds, step.options["speed"])
            if self.unit is not None:           # Annex IC req 048: a stop starts as the stop activity
                self.standing = self.unit.settings["stop_activity"]
        elif k == "stop":
            self.advance_fast(step.seconds, self.standing) if fast else self.advance(step.seconds)
        elif k == "rest":
            self.advance_fast(step.seconds, act.BREAK_REST) if fast else self.advance(step.seconds,
                                                                                     quiet=True)
        elif k in ("power_off", "power_cut"):
            self.shutdown(k == "power_off")
            self.advance_fast(step.seconds, None) if fast else self.advance(step.seconds, quiet=True)
            self.boot()
        elif k == "select":         # the standing activity follows the unit's "select" record
            self.unit.select(self.mono, SELECTABLE[step.value])
            self.take(self.unit.tick(self.mono))
        elif k == "press":          # "activity" selects only where the unit says so (take)
            self.unit.on_button(self.mono, step.value)
            self.take(self.unit.tick(self.mono))
        elif k == "fault":
            t_ms = self.mono - BOOT_MS
            self.gen.fault(step.value, t_ms, t_ms + step.seconds * 1000)
        elif k == "clock_jump":
            self.gen.jump(self.mono - BOOT_MS, step.seconds)

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

    # what simulator.expect judges a run by (its module docstring)
    def infringements_found(self, where):
        from simulator import expect
        return expect.runner_infringements(self, where)

    def journal_counts(self):
        from simulator import expect
        return expect.journal_kinds(self)

    def journal_records(self):
        from simulator import expect
        return expect.runner_records(self)


class _Signals:
    """The vehicle's traffic second by second: :class:`simulator.traffic.Traffic`
    through :class:`simulator.faults.Faults`, for a vehicle state made here (the
    scenario fixes the speed of each second; it drives east from 50 N 8 E)."""

    def __init__(self, rates, seed, start_s):
        self.traffic = Traffic(seed, start_s, rates["ccvs_hz"], rates["tco_hz"], rates["nmea_hz"])
        self.faults = Faults(seed=seed)
        self.rng = random.Random(seed)
        self.east_m = 0.0

    def speed_at(self, i, n, kmh):
        """Speed (1/256 km/h) in second ``i`` of an ``n``-second drive: about 1 m/s² up,
        cruise at ``kmh`` +-1, 1.4 m/s² down to 0 at the end; never 0 inside."""
        top = int(kmh * 256) + self.rng.randint(-4, 4) * 64
        return max(64, min(top, 922 * (i + 1), 1280 * (n - i)))

    def fault(self, name, start_ms, end_ms):
        kind, params = _FAULTS[name]
        self.faults.add(kind, start_ms, end_ms, **params)

    def jump(self, t_ms, seconds):
        # in force from now on; jumps add up (simulator.faults)
        self.faults.add("clock_jump", t_ms, None, jump_s=seconds)

    def second(self, t_ms, v, tacho):
        """The inputs of the simulation second starting at ``t_ms``: ``[(t_ms, kind, payload)]``."""
        kmh = v / 256.0
        self.east_m += kmh / 3.6
        state = VehicleState(kmh, v, 0.0, v > 0, 50.0, 8.0 + self.east_m / 71555.0,
                             90.0, "D", self.east_m, self.east_m, True, tacho, 0)
        end = t_ms + 999
        return self.faults.filter(self.traffic.advance(state, end), end)


_FAULTS = {"gps_loss": ("gps_loss", {}), "gps_nofix": ("gps_loss", {"mode": "nofix"}),
           "can_silence": ("can_silence", {}), "garbled": ("garble", {}),
           "motion_conflict": ("motion_conflict", {})}


def run(scenario):
    """Play ``scenario``; :returns: a :class:`Result`. :raises ScenarioError: unplayable."""
    return Runner(scenario).run()
