# `drivetime sim drive`: the tester drives the simulated vehicle from a terminal UI (textual) and sees the unit's dashboard beside it.
# SPDX-License-Identifier: MIT
""":class:`DriveApp` shows a :class:`~simulator.live_session.LiveSession`:

- **Vehicle**: simulation time (UTC) and warp (and how fast it really goes
  when the unit cannot keep up), speed and target, odometer, position,
  country and the last border crossed, ignition, the tachograph's state,
  the unit's process, and the traffic sent;
- **Unit display**: the 8 x 16 screen as the unit shows it (inverted rows in
  reverse video), its LEDs and buzzer; when the unit's process is not
  running, that is what the pane says;
- **Faults** under way and the **events** (presses, warps, borders, the
  unit starting, stopping or dying with the end of its log).

Keys (:data:`KEYS`, also listed under the panes): arrows accelerate and
brake by 10 km/h, ``c`` cruise at the speed now, ``x`` stop; ``i`` the
ignition, ``p`` the unit's power (a clean stop: SIGTERM, journalled; and
start again); ``1``-``7`` the unit's buttons; ``+``/``-`` the warp (1x, 10x,
60x, 600x), space pause; ``g`` GPS loss, ``n`` CAN silence, ``e`` garbled
CAN and NMEA, ``o`` motion conflict (each toggles); ``q`` quit (the unit is
stopped cleanly first).
"""

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, RichLog, Static

from drivetime.j1939 import AVAILABILITY, DRIVE, REST, WORK

BUTTON_KEYS = (("1", "mode"), ("2", "activity"), ("3", "ack"), ("4", "day"), ("5", "crew"),
               ("6", "ferry"), ("7", "out_of_scope"))
FAULT_KEYS = (("g", "gps_loss", "GPS loss"), ("n", "can_silence", "CAN silence"),
              ("e", "garble", "garbled"), ("o", "motion_conflict", "motion conflict"))
TACHO = {REST: "rest", AVAILABILITY: "availability", WORK: "work", DRIVE: "drive"}
KEYS = ("up/w accelerate  down/s brake  c cruise  x stop  i ignition  p unit power  "
        "+/- warp  space pause  q quit\n"
        + "  ".join("%s %s" % kb for kb in BUTTON_KEYS) + "\n"
        + "faults: " + "  ".join("%s %s" % (k, label) for k, _, label in FAULT_KEYS))


def dashboard_text(screen, running, leds=None, buzzer=False, why=""):
    """The unit's display as a boxed 16 x 8 block (a rich Text), with its LEDs below."""
    out = Text()
    out.append("+" + "-" * 16 + "+\n")
    if screen is None or not running:
        rows, inverted = ["", "", "   (no screen)" if running else "  unit is off", "",
                          "", "", "", ""], ()
        if why:
            rows[4] = why[:16]
    else:
        rows, inverted = list(screen.rows), screen.inverted
    for i, row in enumerate(rows):
        out.append("|")
        out.append(row.ljust(16)[:16], style="reverse" if i in inverted else "")
        out.append("|\n")
    out.append("+" + "-" * 16 + "+\n")
    for name in ("warning", "driving", "fault"):
        on = bool(leds and leds.get(name))
        out.append(("● " if on else "○ ") + name + "  ",
                   style={"warning": "bold yellow", "driving": "bold green",
                          "fault": "bold red"}[name] if on else "dim")
    out.append("♪ buzzer" if buzzer else "", style="bold magenta")
    return out


class DriveApp(App):
    """The live UI over ``session`` (started on mount, closed on quit)."""

    TITLE = "drivetime sim drive"
    CSS = """
    #top { height: auto; }
    #vehicle { width: 1fr; height: auto; border: round $primary; padding: 0 1; }
    #cab { width: 36; height: auto; }
    #dashboard { border: round $secondary; padding: 0 1; height: auto; }
    #faults { height: 1; padding: 0 1; }
    #events { height: 1fr; min-height: 4; border: round $panel; }
    #keys { height: auto; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [Binding("up,w", "speed(10)", "accelerate", show=False),
                Binding("down,s", "speed(-10)", "brake", show=False),
                Binding("c", "cruise", "cruise", show=False),
                Binding("x", "halt", "stop", show=False),
                Binding("i", "ignition", "ignition", show=False),
                Binding("p", "power", "unit power", show=False),
                Binding("plus,equals_sign", "warp(1)", "warp up", show=False),
                Binding("minus", "warp(-1)", "warp down", show=False),
                Binding("space", "pause", "pause", show=False),
                Binding("q", "quit", "quit", show=False)] + \
        [Binding(k, "press('%s')" % b, b, show=False) for k, b in BUTTON_KEYS] + \
        [Binding(k, "fault('%s')" % f, label, show=False) for k, f, label in FAULT_KEYS]

    def __init__(self, session, refresh_s=0.1):
        App.__init__(self)
        self.session = session
        self.refresh_s = refresh_s
        self._seen = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="»")
        with Horizontal(id="top"):
            yield Static(id="vehicle")
            with Vertical(id="cab"):
                yield Static(id="dashboard")
        yield Static(id="faults")
        log = RichLog(id="events", max_lines=500)
        log.can_focus = False           # the arrows drive the vehicle, they do not scroll
        yield log
        yield Static(KEYS, id="keys")

    def on_mount(self):
        self.query_one("#vehicle").border_title = "Vehicle"
        self.query_one("#dashboard").border_title = "Unit display"
        self.query_one("#events").border_title = "Events"
        self.session.start()
        self.refresh_panes()
        self._timer = self.set_interval(self.refresh_s, self.refresh_panes)

    def on_unmount(self):
        self.session.close()

    # -- what is shown -------------------------------------------------------

    def refresh_panes(self):
        s = self.session
        if s.closed:
            return
        s.poll()
        self.query_one("#vehicle", Static).update(self.vehicle_text())
        running = s.unit_running
        why = "" if running or s.unit_exit is None else "exit status %s" % s.unit_exit
        self.query_one("#dashboard", Static).update(
            dashboard_text(s.panel.screen if "display" in s.panel.connected else None, running,
                           s.panel.leds, s.panel.buzzer, why))
        on = [label for _, f, label in FAULT_KEYS if f in s.faults_on]
        self.query_one("#faults", Static).update(
            Text("faults: " + (", ".join(on) if on else "none"),
                 style="bold red" if on else ""))
        log = self.query_one("#events", RichLog)
        events = list(s.events)
        new = s.noted - self._seen
        for t, text in events[-new:] if 0 < new <= len(events) else ():
            log.write("%s  %s" % (s.time_text(t)[11:], text))
        self._seen = s.noted

    def vehicle_text(self):
        s = self.session
        with s.lock:
            st, target = s.world.state, s.world.driver.live_target
        warp = "%gx" % s.warp
        if s.paused:
            warp += "  PAUSED"
        elif s.effective_warp and s.effective_warp < 0.8 * s.warp:
            warp += "  (the unit keeps up at %dx)" % s.effective_warp
        if s.unit_running:
            unit = "running (pid %d)" % s.proc.pid
        elif s.unit_exit is not None:
            unit = "EXITED on its own (status %s): p starts it" % s.unit_exit
        else:
            unit = "off: p switches it on"
        border = s.last_border
        rows = [("Time", s.time_text() + " UTC"), ("Warp", warp),
                ("Speed", "%.1f km/h (target %d)" % (st.speed_kmh, target)),
                ("Odometer", "%.3f km" % (st.odometer_m / 1000.0)),
                ("Position", "%.5f %s  %.5f %s" % (abs(st.lat), "N" if st.lat >= 0 else "S",
                                                   abs(st.lon), "E" if st.lon >= 0 else "W")),
                ("Country", st.country + ("  (crossed %s -> %s at %s)" % (
                    border[0], border[1], s.time_text(border[2])[11:16]) if border else "")),
                ("Ignition", "on" if st.ignition else "off"),
                ("Tachograph", TACHO.get(st.tacho, str(st.tacho))),
                ("Unit", unit),
                ("Traffic", "CAN %d frames, NMEA %d sentences" % (s.slcan.frames_sent,
                                                                  s.gps.sentences_sent))]
        out = Text()
        for name, value in rows:
            out.append("%-11s" % name, style="bold")
            out.append(value + "\n", style="bold red" if value.startswith("EXITED") else "")
        return out

    # -- keys ----------------------------------------------------------------------

    def action_speed(self, kmh):
        self.session.target(max(0, self.session.world.driver.live_target + kmh))

    def action_cruise(self):
        self.session.cruise()

    def action_halt(self):
        self.session.target(0)

    def action_ignition(self):
        self.session.toggle_ignition()

    def action_power(self):
        self.session.toggle_power()

    def action_warp(self, step):
        self.session.step_warp(step > 0)

    def action_pause(self):
        self.session.toggle_pause()

    def action_press(self, button):
        self.session.press(button)

    def action_fault(self, name):
        self.session.toggle_fault(name)

    async def action_quit(self):
        self._timer.stop()
        self.session.close()            # SIGTERM: the unit stops cleanly, then the devices
        self.exit()
