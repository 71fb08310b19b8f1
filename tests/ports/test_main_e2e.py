# End to end: a generated driving day as SLCAN lines and NMEA bytes on pseudo-terminals into the Pi port's main loop.
# SPDX-License-Identifier: MIT
"""The unit as installed: a TOML config (``drivetime_pi.config``) builds the
loop (``drivetime_pi.main.build``) over python-can's slcan backend and
pyserial on pseudo-terminals, gpiozero on its mock pins and luma's dummy
OLED. The day comes from ``signal_day.iter_day``: each quarter second of
CAN frames (J1939 CCVS1 at 2 Hz, TCO1 at 1 Hz, as SLCAN ASCII lines) and
NMEA bursts is written to the devices, the clock is moved to the end of the
quarter, and the loop steps until it has read all of it, so the day runs
far faster than real time over the real read paths.

``Tn`` is 06:00Z + n minutes on Monday 2026-03-02 (truth second 0; local
offset 0). Expected values (worked out by hand, RULES.md §3.1 Art 7 and
Annex IC req 184-189):

- driving [T5, T280): 275 min without a break. Continuous driving at minute
  ``T5 + k`` is ``k``; the pre-warning comes when 15 min are left, k = 255,
  in minute T260; the warning at 4 h 30, k = 270, in minute T275. The
  infringement is 275 min against 270 (Art 7), proven at T275.
- at T65 the main screen shows 1 h driven: "Drive left 3:30" (270 - 60) and
  "Day left 9:00": Monday is the week's first day, so both 10 h days of
  Art 6(1) are still available and the day's limit is 10 h (the engine's
  ``daily_driving_limit_min`` is 600): 600 - 60 = 540. Title "DRIVE", 07:05.
- the stop [T280, T325) is a 45 min break (the stop activity is set to
  break): after it continuous driving starts again from zero, so at T330,
  5 min into the next stint, "Drive left 4:25".
"""

import pytest

from drivetime.activity import DRIVING
from drivetime.dashboard import Screen
from drivetime_pi import config, render
from drivetime_pi.main import ManualClock, build
from signal_day import BOOT_MS, START_MINUTE, iter_day
from simulator.unit_config import write_unit_config

T = lambda minute, second=0: BOOT_MS + (minute * 60 + second) * 1000   # truth -> mono ms
QUARTER_MS = 250
BUTTON_PINS = {"mode": 5, "activity": 6, "ack": 13}
LED_PINS = {"warning": 17, "driving": 27, "fault": 22}
BUZZER_PIN = 18

# The unit's own sections over simulator.unit_config's devices (its pins are gpiozero's mock ones)
UNIT_SECTIONS = {"unit": {"stop_activity": "break_rest"},
                 "gpio": {"buzzer": BUZZER_PIN, "buttons": BUTTON_PINS, "leds": LED_PINS},
                 "display": {"kind": "dummy"},
                 "loop": {"tick_ms": 200, "reopen_s": 5}}


class Bench:
    """The unit's world: devices on ptys, mock pins, a manual clock; records what the unit does."""

    def __init__(self, tmp_path, slcan_device, serial_pty, mock_pins, wait_for):
        self.can_dev, self.gps_dev, self.pins, self.wait_for = (slcan_device, serial_pty,
                                                                mock_pins, wait_for)
        path = write_unit_config(tmp_path / "unit.toml", slcan_device.path, serial_pty.path,
                                 **UNIT_SECTIONS)
        self.cfg = config.load(str(path))
        self.clock = ManualClock(mono_ms=BOOT_MS, utc_s=START_MINUTE * 60)   # the RTC is right
        self.records = []
        self.loop = build(self.cfg, self.clock,
                          sink=lambda kind, fields: self.records.append((self.clock.mono_ms(),
                                                                         kind, fields)))
        self.loop.start()
        self.screens = []           # (mono_ms, Screen) at each change
        self.sent = {"can": 0, "gps": 0}
        self.buzzer_on_at = []
        self.plugged = {"can": True, "gps": True}

    def unplug(self, source):
        (self.can_dev if source == "can" else self.gps_dev).hang_up()
        self.plugged[source] = False

    def replug(self, source, device):
        """A new adapter on a new tty, as udev would give it; the config points there."""
        if source == "can":
            self.can_dev, self.cfg["can"]["channel"] = device, device.path
        else:
            self.gps_dev, self.cfg["gps"]["port"] = device, device.path
        self.sent[source] = 0           # the reopened reader counts from zero
        self.plugged[source] = True

    def _arrived(self):
        can = self.loop.slots["can"].adapter
        gps = self.loop.slots["gps"].adapter
        return ((can is None or can.received >= self.sent["can"])
                and (gps is None or gps.received >= self.sent["gps"]))

    def run(self, events, until_ms=None, at=None):
        """Feed ``events`` (from iter_day) a quarter second at a time; ``at``:
        ``{mono_ms: action}`` called once the clock has passed ``mono_ms``."""
        actions = sorted((at or {}).items())
        window_end = None
        batch = []
        for ev in events:
            mono, kind, payload = ev
            if until_ms is not None and mono >= until_ms:
                break
            if window_end is None:
                window_end = mono - mono % QUARTER_MS + QUARTER_MS
            while mono >= window_end:
                self._deliver(batch, window_end, actions)
                batch = []
                window_end += QUARTER_MS
            batch.append(ev)
        self._deliver(batch, window_end, actions)

    def _deliver(self, batch, window_end, actions):
        for mono, kind, payload in batch:
            if kind == "can" and self.plugged["can"]:
                self.can_dev.frame(*payload)
                self.sent["can"] += 1
            elif kind == "nmea" and self.plugged["gps"]:
                self.gps_dev.write(payload)
                self.sent["gps"] += len(payload)
        self.clock.set(window_end)
        assert self.wait_for(self.loop.step, self._arrived), "the loop did not read what was sent"
        self.loop.step()
        if not self.screens or self.screens[-1][1] != self.loop.screen:
            self.screens.append((window_end, self.loop.screen))
        if self.pins.pin(BUZZER_PIN).state:
            self.buzzer_on_at.append(window_end)
        while actions and actions[0][0] <= window_end:
            actions.pop(0)[1]()

    def screen_at(self, mono_ms):
        shown = [s for t, s in self.screens if t <= mono_ms]
        return shown[-1]

    def leds(self):
        return dict((name, self.pins.pin(pin).state) for name, pin in LED_PINS.items())

    def press(self, name):
        pin = self.pins.pin(BUTTON_PINS[name])
        pin.drive_low()
        pin.drive_high()


@pytest.fixture
def bench(tmp_path, slcan_device, serial_pty, mock_pins, wait_for):
    made = Bench(tmp_path, slcan_device, serial_pty, mock_pins, wait_for)
    yield made
    made.loop.close()


DAY = [("stop", 5), ("drive", 275, 80), ("stop", 45), ("drive", 20, 80), ("stop", 5)]


def test_a_day_over_slcan_and_serial_gives_the_warnings_and_screens(bench):
    events, truth = iter_day(DAY, ccvs_hz=2, tco_hz=1, rtc_error_s=0)
    # the driver acknowledges the pre-warning 10 s after it shows, and not the warning
    leds = {}
    bench.run(events, at={T(260, 10): lambda: bench.press("ack"),
                          T(100): lambda: leds.__setitem__(100, bench.leds()),
                          T(276): lambda: leds.__setitem__(276, bench.leds()),
                          T(300): lambda: leds.__setitem__(300, bench.leds()),
                          T(301): lambda: bench.press("ack"),
                          T(302): lambda: leds.__setitem__(302, bench.leds())})
    unit = bench.loop.unit

    warned = [(f["code"], f["level"], t) for t, kind, f in bench.records if kind == "warning"]
    assert [(c, lvl) for c, lvl, _ in warned] == [("continuous_driving", "pre"),
                                                  ("continuous_driving", "limit")]
    # each within the first seconds of its minute (quarter-second delivery, 200 ms ticks)
    assert T(260) - 1000 <= warned[0][2] <= T(260, 2)
    assert T(275) - 1000 <= warned[1][2] <= T(275, 2)

    main = bench.screen_at(T(65, 30))
    assert main.name == "main"
    assert main.rows[:3] == ("DRIVE      07:05", "Drive left 3:30", "Day left   9:00")
    pre = bench.screen_at(T(260, 5))
    assert (pre.name, pre.rows[0], pre.rows[2], pre.rows[3]) == (
        "warning", "PRE-WARNING", "Break due", "in 0:15")
    after_ack = bench.screen_at(T(261))
    assert after_ack.name == "main" and after_ack.rows[7] == ""
    limit = bench.screen_at(T(275, 20))             # shown at least 30 s (req 188)
    assert (limit.name, limit.rows[0], limit.rows[2], limit.rows[3]) == (
        "warning", "WARNING", "Break due", "now")
    cause = bench.screen_at(T(277))                 # not acknowledged: the cause stays (req 189)
    assert cause.name == "main" and cause.rows[7] == "!Break due" and 7 in cause.inverted
    assert bench.screen_at(T(330, 30)).rows[1] == "Drive left 4:25"

    # the warning LED shows the unacknowledged warning's cause, through the break,
    # until the driver acknowledges it (req 189); the driving LED follows motion
    assert leds[100] == {"warning": False, "driving": True, "fault": False}
    assert leds[276] == {"warning": True, "driving": True, "fault": False}
    assert leds[300] == {"warning": True, "driving": False, "fault": False}
    assert leds[302] == {"warning": False, "driving": False, "fault": False}
    # the buzzer sounded both warnings
    assert any(T(260) <= t < T(261) for t in bench.buzzer_on_at)
    assert any(T(275) <= t < T(276) for t in bench.buzzer_on_at)
    # Art 7: 275 min of driving from T5 to T280 against 4 h 30; it is proven at the
    # start of the first driving minute beyond 270 (RULES.md §3.1), T5 + 270 = T275
    art7 = [i for i in unit.infringements if i.rule == "continuous_driving"]
    assert [(i.start, i.measured, i.limit) for i in art7] == [(START_MINUTE + 275, 275, 270)]
    # the OLED (luma's dummy device) shows the unit's last screen, pixel for pixel
    oled = bench.loop.slots["display"].adapter
    assert oled.device.image.tobytes() == render.screen_image(bench.loop.screen).tobytes()
    assert isinstance(bench.loop.screen, Screen)


def test_a_broken_can_or_gps_link_is_shown_and_survived(bench, new_device):
    """Pull the SLCAN adapter while driving, plug a new one in; then the same for
    the GPS receiver. The loop never stops: the adapter's fault is journaled and
    lights the fault LED at once; the unit shows the silent input itself
    ("CAN SILENT" after 3 s without frames, "GPS LOST" after 5 s: MOTION_SETTINGS)
    and keeps driving on the other source; the adapter is reopened (every
    ``reopen_s`` = 5 s) on the new device and the fault clears."""
    events, truth = iter_day([("stop", 1), ("drive", 20, 80), ("stop", 6)], ccvs_hz=2,
                             tco_hz=1, rtc_error_s=0)
    seen = {}
    snap = lambda key: lambda: seen.__setitem__(key, (bench.screen_at(bench.clock.mono_ms()),
                                                      bench.leds()))
    bench.run(events, at={
        T(4): snap("before"),
        T(5): lambda: bench.unplug("can"), T(5, 1): snap("can pulled"), T(6): snap("can silent"),
        T(7): lambda: bench.replug("can", new_device(slcan=True)), T(8): snap("can back"),
        T(12): lambda: bench.unplug("gps"), T(12, 1): snap("gps pulled"),
        T(13): snap("gps lost"),
        T(14): lambda: bench.replug("gps", new_device()), T(15): snap("gps back")})

    faults = [(f["fault"], f["on"]) for t, kind, f in bench.records
              if kind == "fault" and f["fault"].endswith("_adapter")]
    assert faults == [("can_adapter", True), ("can_adapter", False),
                      ("gps_adapter", True), ("gps_adapter", False)]
    screen, leds = seen["before"]
    assert screen.rows[0].startswith("DRIVE") and screen.rows[7] == "" and not leds["fault"]
    assert seen["can pulled"][1]["fault"]                   # the port knows at once
    screen, leds = seen["can silent"]
    assert screen.rows[0].startswith("DRIVE") and "CAN SILENT" in screen.rows[7]
    screen, leds = seen["can back"]
    assert screen.rows[7] == "" and not leds["fault"]
    assert seen["gps pulled"][1]["fault"]
    screen, leds = seen["gps lost"]
    assert screen.rows[0].startswith("DRIVE") and "GPS LOST" in screen.rows[7]
    screen, leds = seen["gps back"]
    assert screen.rows[7] == "" and not leds["fault"]
    # the other source carried motion: [T1, T21) is one stretch of driving, no gap
    # (the trailing 6 min stop lets the record, which runs ~2 min behind, reach T21)
    driving = [iv[:2] for iv in bench.loop.unit.ring if iv[2] == DRIVING]
    assert driving == [(START_MINUTE + 1, START_MINUTE + 21)]
