# `make demo`: the simulator drives a scripted day into the shipping Pi unit over emulated devices, then the office syncs it and reports.
# SPDX-License-Identifier: MIT
"""The main job, end to end, on one machine (issue 7, last bullet).

1. **Provision** (:func:`simulator.demo_office.provision`): a unit key and
   a company key, written as the unit's key files and the office's key
   file, as a fleet office sets up a new unit.
2. **The day** (:meth:`Demo.run_day`): the unit is the Raspberry Pi port as
   installed (``drivetime_pi`` ``build`` from a TOML config): python-can
   with ``interface="slcan"`` on the emulated adapter's pty
   (:class:`~simulator.slcan_device.SlcanDevice`), pyserial on the emulated
   GNSS receiver's pty (:class:`~simulator.gps_device.GpsDevice`), its
   journal in segment files under the work directory, its sync server on
   loopback TCP. A :class:`~simulator.world.World` plays the scenario's
   plan (``simulator/scenarios/demo_day.toml``, the scenario format of
   :mod:`simulator.scenario`) through a :class:`~simulator.bridge.Bridge`
   on one :class:`~simulator.clock.VirtualClock`: each simulated second the
   bridge is pumped, then the unit loop steps until it has read all that
   was sent, so the day is deterministic and runs far faster than real
   time. The driver's buttons (``press``, ``select``) go to the unit as the
   port's button adapter hands them over (there are no GPIO pins here); the
   card is inserted at boot (:meth:`drivetime.unit.Unit.set_driver`). The
   dashboard is printed at each change of the live activity, each warning
   and the start and end of the day, not every second.
3. **The office** (:meth:`Demo.sync`, :meth:`Demo.report`, from
   :class:`simulator.demo_office.OfficeSide`): ``drivetime office sync
   --host 127.0.0.1:PORT`` into a fresh database, as a separate process,
   while the unit loop keeps serving; the stored chain is verified
   (:func:`host_tools.office.verify`); then ``drivetime office report`` for
   the driver and the day (JSON for the checks, the terminal tables shown).

:func:`run` does all of it and judges the run
(:func:`simulator.demo_checks.judge`): the scenario's expectations (warnings
at their minutes, the unit's final status, journal records, infringements
found by the unit and by the office, as :mod:`simulator.expect` judges them),
every journal record in the office exactly once with its chain verified, and
the exit statuses of the office's commands.
"""

import os
import time

from simulator.demo_checks import Result, judge, summary
from simulator.demo_office import UNIT_ID, OfficeSide, drivetime_command, provision  # noqa: F401
from simulator.scenario import SELECTABLE, ScenarioError, load

SCENARIO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios", "demo_day.toml")
WINDOW_MS = 1000            # the bridge is pumped and the unit stepped once a simulated second
STEP_MS = 1000              # the vehicle's physics step (the CAN period at 1 Hz)
SETTLE_S = 5.0              # a pty hands bytes over asynchronously: wait this long at most

class DemoError(Exception):
    """The demo cannot run (a busy work directory, a unit that does not read its devices)."""


def world_plan(scenario):
    """The scenario's steps as a :mod:`simulator.driver_model` plan (drive, stop, select, press)."""
    plan = []
    for st in scenario.steps:
        if st.kind == "drive":
            plan.append(("drive", st.seconds / 60.0, st.options["speed"]))
        elif st.kind == "stop":
            plan.append(("stop", st.seconds / 60.0))
        elif st.kind == "select":
            plan.append(("select", SELECTABLE[st.value]))
        elif st.kind == "press":
            plan.append(("press", st.value))
        else:
            raise ScenarioError("%s: %r: the demo plays drive, stop, select and press steps"
                                % (scenario.source, st))
    return plan


def _build(cfg, clock, sink):
    try:                                    # the port's wiring, wherever it lives
        from drivetime_pi.wiring import build
    except ImportError:
        from drivetime_pi.main import build
    return build(cfg, clock, sink=sink)


class _Tap:
    """The journal sink, watched: each record goes on to the real one and is kept here."""

    def __init__(self, sink, clock):
        self.sink, self.clock = sink, clock
        self.journal = sink.journal
        self.records = []           # (mono_ms, kind, fields)

    def __call__(self, kind, fields):
        self.records.append((self.clock.mono_ms(), kind, dict(fields)))
        self.sink(kind, fields)

    def close(self):
        self.sink.close()


class Demo(OfficeSide):
    """One demo run in ``workdir`` (made if missing; must be empty).

    :param scenario: the scenario file (default :data:`SCENARIO`)
    :param out: ``out(text)`` prints a block of lines (default: stdout)
    :param quiet: no dashboard screens, only the summary and the office's output
    :raises DemoError: ``workdir`` is not empty; ScenarioError: a bad scenario
    """

    def __init__(self, workdir, scenario=SCENARIO, out=None, quiet=False):
        self.workdir = os.path.abspath(workdir)
        if os.path.isdir(self.workdir) and os.listdir(self.workdir):
            raise DemoError("%s is not empty: give a new or empty directory" % self.workdir)
        self.sc = load(scenario)
        self.plan = world_plan(self.sc)
        os.makedirs(self.workdir, exist_ok=True)
        self.out = out or (lambda text: print(text, flush=True))
        self.quiet = quiet
        self.db = os.path.join(self.workdir, "office.db")
        self.keys = provision(self.workdir)
        driver = self.sc.settings.get("driver") or {}
        self.card, self.name = driver.get("card", ""), driver.get("name", "")
        self.loop = self.tap = self.world = self.slcan = self.gps = None
        self.warnings = []          # (UTC second, code, level) as the unit raised them
        self.screens = 0
        self.timings = {}

    # -- the day -------------------------------------------------------------

    def start_unit(self):
        """The emulated devices, the unit's config file, the unit loop, the world."""
        from drivetime_pi import config
        from drivetime_pi.storage import open_journal
        from simulator.bridge import Bridge
        from simulator.clock import VirtualClock
        from simulator.gps_device import GpsDevice
        from simulator.slcan_device import SlcanDevice
        from simulator.unit_config import write_unit_config
        from simulator.world import World

        self.slcan, self.gps = SlcanDevice(), GpsDevice()
        path = write_unit_config(
            os.path.join(self.workdir, "unit.toml"), self.slcan.path, self.gps.path,
            comment="The demo unit: the Pi port's config with the emulated devices' ptys.",
            journal={"directory": os.path.join(self.workdir, "journal"),
                     "key_file": self.keys["unit_key"]},
            sync={"listen": "127.0.0.1:0", "company_key_file": self.keys["company_key"],
                  "unit_id": UNIT_ID})
        cfg = config.load(path)
        self.clock = VirtualClock(0, self.sc.start)
        self.tap = _Tap(open_journal(cfg, self.clock), self.clock)
        self.loop = _build(cfg, self.clock, self.tap)
        rates = self.sc.settings["signals"]
        self.world = World(plan=self.plan, seed=self.sc.settings["seed"], start_utc_s=self.sc.start,
                           step_ms=STEP_MS,
                           traffic={k: rates[k] for k in ("ccvs_hz", "tco_hz", "nmea_hz")})
        self.bridge = Bridge(self.world, self.clock, self.slcan, self.gps, on_action=self._act)
        self.loop.start()
        self.loop.step()
        unit = self.loop.unit
        if not any(kind == "power" for _, kind, _ in self.tap.records):
            unit.power(True, self.clock.mono_ms())     # a port whose start() does not yet
        if self.card and unit.settings.get("driver_card") != self.card:
            unit.set_driver(self.card, self.name, self.clock.mono_ms())    # the card goes in
        self._settle()

    def _act(self, step, t_ms):
        """A driver's action of the plan, on the unit's buttons."""
        unit = self.loop.unit
        if step[0] == "press":
            unit.on_button(t_ms, step[1])
        elif step[0] == "select":
            unit.select(t_ms, step[1])

    def _arrived(self):
        can, rx = self.loop.slots["can"].adapter, self.loop.slots["gps"].adapter
        return (can is not None and can.received >= self.slcan.frames_sent
                and rx is not None and rx.received >= self.gps.written)

    def _settle(self):
        """Step the loop until it has read all that was sent (each step also ticks when due)."""
        deadline = None
        while True:
            self.loop.step()
            if self._arrived():
                return
            if deadline is None:
                deadline = time.monotonic() + SETTLE_S
            elif time.monotonic() > deadline:
                raise DemoError("the unit did not read what the devices sent (adapters down: %s)"
                                % (self.loop.adapter_faults or "none"))

    def run_day(self):
        """Play the whole plan, a simulated second at a time; the dashboard as it goes."""
        from simulator.driver_model import plan_length_ms

        began = time.monotonic()
        self.start_unit()
        self.out(self._banner())
        end = plan_length_ms(self.plan)
        activity = None
        seen = len(self.tap.records)
        t = 0
        while t < end:
            t = min(t + WINDOW_MS, end)
            self.clock.set(t)
            self.bridge.pump(t)
            self._settle()
            what = []
            for _, kind, f in self.tap.records[seen:]:
                if kind == "warning":
                    self.warnings.append((self.clock.utc_s(), f["code"], f["level"]))
                    what.append("warning: %s (%s)" % (f["code"].replace("_", " "), f["level"]))
                elif kind == "day":
                    what.append("%s of day (country %s)" % (f["event"], f["country"]))
            seen = len(self.tap.records)
            live = self.loop.unit.live.get("activity")
            if what or live != activity:
                activity = live
                self.show(", ".join(what) or str(live).replace("_", " "))
        self.show("the day's plan is over")
        self.timings["day"] = time.monotonic() - began
        self.timings["simulated_s"] = end // 1000

    def _banner(self):
        r = self.sc.settings["signals"]
        return ("== demo: %s\n"
                "   the Pi unit (drivetime_pi) on emulated devices: an SLCAN adapter on %s "
                "(python-can), a GNSS receiver on %s (pyserial)\n"
                "   rates lowered for the demo: CAN CCVS1 %d Hz and TCO1 %d Hz (a truck: 10 and "
                "20 Hz), NMEA %d Hz; a virtual clock, a step each simulated second\n"
                "   journal %s; sync server on 127.0.0.1:%d"
                % (self.sc.name, self.slcan.path, self.gps.path, r["ccvs_hz"], r["tco_hz"],
                   r["nmea_hz"], os.path.join(self.workdir, "journal"), self.loop.sync.address[1]))

    def show(self, what):
        """Print the unit's screen beside the vehicle's state (not with ``quiet``)."""
        self.screens += 1
        if self.quiet or self.loop.screen is None:
            return
        from drivetime.timeutil import format_minute
        from drivetime_pi.render import terminal_render

        s, live = self.world.state, self.loop.unit.live
        clock = format_minute(self.clock.utc_s() // 60)[11:16]
        side = ["%s  %s" % (clock, what), "",
                "vehicle  %3.0f km/h  %5.1f km  %s" % (s.speed_kmh, s.odometer_m / 1000.0, s.country),
                "driving  since break %s, today %s" % (_hm(live.get("continuous_driving_min")),
                                                       _hm(live.get("daily_driving_min")))]
        box = terminal_render(self.loop.screen).split("\n")
        self.out("\n".join(("%s   %s" % (row, side[i] if i < len(side) else "")).rstrip()
                           for i, row in enumerate(box)))

    def close(self):
        """Stop the unit (a clean power-down) and unplug the devices; safe twice."""
        if self.loop is not None:
            self.loop.close()
            self.loop = None
        for dev in (self.slcan, self.gps):
            if dev is not None:
                dev.close()
        self.slcan = self.gps = None


def run(workdir, scenario=SCENARIO, out=None, quiet=False):
    """The whole demo in ``workdir``: the day, the sync, the report, the checks.

    :returns: a :class:`Result` (the summary is printed too)
    :raises DemoError: ``workdir`` is not empty or the unit stopped reading; ScenarioError
    """
    began = time.monotonic()
    demo = Demo(workdir, scenario, out, quiet)
    try:
        demo.run_day()
        unit = demo.loop.unit
        unit_infringements, status = list(unit.infringements), dict(unit.live)
        sync = demo.sync()
        journal = demo.journal_records()        # what the unit held when the office synced
        report = demo.report()
    finally:
        demo.close()
    checks = judge(demo, sync, report, journal, unit_infringements, status)
    result = Result(demo, checks, sync, report, time.monotonic() - began)
    demo.out(summary(result))
    return result


def _hm(minutes):
    return "-:--" if not isinstance(minutes, int) else "%d:%02d" % divmod(minutes, 60)
