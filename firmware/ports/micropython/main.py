# drivetime on a MicroPython board: pinouts, the real adapters, and the loop (runs at boot).
# SPDX-License-Identifier: MIT
"""Builds the :class:`app.App` from a board pinout and runs it.

The pinouts match hardware/wiring-micropython.md. To change a pin, the
crystal, the bus or a unit setting without editing this file, put a
``board_config.py`` beside it with ``CONFIG = {...}`` (keys of
:data:`CONFIG`; ``"pins"`` entries override single pins). The board runs
``main.py`` as ``__main__`` after boot; importing it (tests) runs nothing.
"""

BOARDS = {
    # Raspberry Pi Pico W (RP2040): GP23-25 and GP29 belong to the radio.
    "pico_w": {
        "spi": (0, 18, 19, 16), "can_cs": 17, "can_int": 20,    # SPI0: SCK, MOSI, MISO
        "uart": (1, 4, 5),                                      # UART1: TX, RX
        "i2c": (0, 8, 9),                                       # I2C0: SDA, SCL
        "buttons": {"mode": 10, "activity": 11, "ack": 12, "crew": 13,
                    "ferry": 14, "out_of_scope": 15, "day": 21},
        "leds": {"warning": 6, "driving": 7, "fault": 22},
        "buzzer": 28, "power_fail": 27, "ignition": 26,
        "sync_uart": (0, 0, 1),                                 # UART0: TX, RX (a USB-serial cable)
    },
    # ESP32-WROOM-32 DevKitC: VSPI; 34-39 are inputs without pull-ups
    # (10 kOhm to 3V3 on the board); 15 low at boot only silences the boot log.
    "esp32": {
        "spi": (2, 18, 23, 19), "can_cs": 5, "can_int": 4,
        "uart": (2, 17, 16),
        "i2c": (0, 21, 22),
        "buttons": {"mode": 34, "activity": 35, "ack": 36, "crew": 39,
                    "ferry": 32, "out_of_scope": 33, "day": 27},
        "leds": {"warning": 25, "driving": 26, "fault": 14},
        "buzzer": 13, "power_fail": 15, "ignition": None,
        "no_pull": (34, 35, 36, 39),                            # input-only: external pull-ups
        "sync_uart": None,      # no spare UART pins: sync on the USB console (UART0's bridge)
    },
}

CONFIG = {
    "board": "pico_w",
    "pins": {},
    "osc_hz": 8000000,          # the crystal on the MCP2515 module
    "bus": "j1939",             # "j1939" (250 kbit/s, listen only) or "obd2" (500 kbit/s)
    "spi_baud": 5000000,
    "gps_baud": 9600,
    "oled_addr": 0x3C,
    "unit": {},                 # drivetime.unit.UNIT_SETTINGS overrides (lang, local_offset_min, ...)
    # Which rules apply (drivetime.unit_rules; the office may change them):
    # "profile" ("eu", "aetr", "eu+am_minor"), "transport" ("goods" or
    # "passengers"), "twelve_day" (Art 8(6a): passengers only),
    # "two_reduced_weekly" (Art 8(6): goods only, not "aetr"), "wtd_anchor_week".
    "rules": {},
    # The journal (issue 5): segment files in this directory of the board's
    # flash; the unit key (hex) written there at installation.
    "journal_dir": "/journal",
    "key_file": "/unit.key",
    "segment_bytes": 4096,
    "budget_bytes": 128 * 1024,
    "cap_bytes": None,          # the hard cap (None: twice the budget), see drivetime.segments
    # Sync with 'drivetime office sync --port': "uart" (the pinout's sync_uart),
    # "usb" (the USB serial console) or None (no sync); the company key (hex).
    "sync": "uart",
    "sync_baud": 115200,
    "company_key_file": "/company.key",
    "unit_id": None,            # the office key file's entry; None: "MP-" + machine.unique_id() in hex
}

# J1939 PGN bits of the 29-bit id (DP, PF, PS); filters CCVS1 0xFEF1 and TCO1 0xFE6C.
J1939_FILTERS = (0x03FFFF00, (0x00FEF100, 0x00FE6C00), 0x03FFFF00, (0x00FEF100, 0x00FE6C00))
# ISO 15765-4 11-bit responses 0x7E8..0x7EF (last item: standard identifiers).
OBD2_FILTERS = (0x7F8, (0x7E8,), 0x7F8, (0x7E8,), False)


def load_config():
    """:data:`CONFIG` with ``board_config.CONFIG`` merged in, and the pinout."""
    cfg = dict(CONFIG)
    try:
        from board_config import CONFIG as user
    except ImportError:
        user = {}
    cfg.update(user)
    pins = dict(BOARDS[cfg["board"]])
    pins.update(cfg["pins"])
    return cfg, pins


def unit_settings(cfg):
    """The :class:`drivetime.unit.Unit` settings: ``cfg["unit"]`` and ``cfg["rules"]``.

    :raises ValueError: a ``rules`` key that is not a rule setting (the Unit
        itself refuses a value or a combination, naming the key)
    """
    from drivetime.unit_port import RULE_KEYS
    s = dict(cfg["unit"])
    rules = cfg.get("rules") or {}
    for k in rules:
        if k not in RULE_KEYS:
            raise ValueError("CONFIG rules: unknown key %r (known: %s)" % (k, ", ".join(RULE_KEYS)))
        s[k] = rules[k]
    return s


def unit_id(cfg, machine):
    """The unit's identity for sync: ``cfg["unit_id"]`` or one from the chip's id."""
    if cfg.get("unit_id"):
        return cfg["unit_id"]
    import binascii
    return "MP-" + binascii.hexlify(machine.unique_id()).decode().upper()


def build(cfg, pins, machine=None, ssd1306=None, unit=None, say=print):
    """The adapters on ``machine`` and the micropython-lib ``ssd1306`` (or
    stand-ins for both, as tests pass), around ``unit`` (default: a new
    :class:`drivetime.unit.Unit` with :func:`unit_settings`); the journal opened
    and recovered (what recovery dropped is printed and journalled).

    :raises ValueError: a key file is missing or not a key
    """
    if machine is None:
        import machine
    if ssd1306 is None:
        import ssd1306

    from app import App, Buzzer
    from buttons import Buttons
    from clock import MonoClock, RtcClock
    from display_ssd1306 import Ssd1306Display
    from gps_uart import GpsUart
    from mcp2515 import MODE_LISTEN, MODE_NORMAL, Mcp2515

    Pin = machine.Pin
    if unit is None:
        from drivetime.unit import Unit
        unit = Unit(unit_settings(cfg))
    spi_id, sck, mosi, miso = pins["spi"]
    spi = machine.SPI(spi_id, baudrate=cfg["spi_baud"], polarity=0, phase=0,
                      sck=Pin(sck), mosi=Pin(mosi), miso=Pin(miso))
    obd = cfg["bus"] == "obd2"
    can = Mcp2515(spi, Pin(pins["can_cs"], Pin.OUT, value=1), cfg["osc_hz"],
                  500000 if obd else 250000)
    # J1939: listen only, the unit never drives a truck's bus. OBD-II: normal
    # mode, it must acknowledge and send the speed request.
    can.init(MODE_NORMAL if obd else MODE_LISTEN, OBD2_FILTERS if obd else J1939_FILTERS)
    obd_request = None
    if obd:
        from drivetime.obd2 import speed_request
        obd_request = speed_request()
    uart_id, tx, rx = pins["uart"]
    uart = machine.UART(uart_id, cfg["gps_baud"], tx=Pin(tx), rx=Pin(rx), rxbuf=1024)
    i2c_id, sda, scl = pins["i2c"]
    i2c = machine.I2C(i2c_id, sda=Pin(sda), scl=Pin(scl), freq=400000)
    oled = ssd1306.SSD1306_I2C(128, 64, i2c, cfg["oled_addr"])
    no_pull = pins.get("no_pull", ())
    buttons = Buttons({n: Pin(p, Pin.IN, None if p in no_pull else Pin.PULL_UP)
                       for n, p in pins["buttons"].items()})
    leds = {n: Pin(p, Pin.OUT, value=0) for n, p in pins["leds"].items()}
    ign = pins.get("ignition")
    rtc = RtcClock()
    sink, report = _journal(cfg, rtc, unit, say)
    app = App(unit, MonoClock(), rtc, can, GpsUart(uart, unit.on_nmea), buttons,
              Ssd1306Display(oled), leds, Buzzer(Pin(pins["buzzer"], Pin.OUT)),
              sink, Pin(pins["power_fail"], Pin.IN, Pin.PULL_UP),
              ignition=None if ign is None else Pin(ign, Pin.IN, Pin.PULL_UP),
              obd_request=obd_request, say=say)
    app.sync = _sync(cfg, pins, machine, sink, unit)
    app.recovery = report
    return app


def _journal(cfg, rtc, unit, say):
    from journal_flash import JournalSink, dropped, open_journal, read_key
    journal, report = open_journal(cfg["journal_dir"], read_key(cfg["key_file"], "unit"),
                                   cfg["segment_bytes"], cfg["budget_bytes"], cfg["cap_bytes"])
    for line in report:
        say(line if line.startswith("journal") else "journal: " + line)
    sink = JournalSink(journal, rtc, unit.port_fault, say)
    if dropped(report):     # a power cut tore a record, or flash went bad: on the record too
        sink.record(0, "fault", {"fault": "journal_recovered", "on": True})
    return sink, report


def _sync(cfg, pins, machine, sink, unit):
    link = cfg["sync"]
    if not link:
        return None
    from journal_flash import read_key
    from sync_uart import StdioStream, SyncLink
    if link == "usb":
        stream = StdioStream()
    elif link == "uart" and pins.get("sync_uart"):
        uart_id, tx, rx = pins["sync_uart"]
        stream = machine.UART(uart_id, cfg["sync_baud"], tx=machine.Pin(tx), rx=machine.Pin(rx),
                              rxbuf=1024, txbuf=1024)
    else:
        raise ValueError("sync %r: expected \"uart\" (with the pinout's sync_uart), \"usb\" or None"
                         % (link,))
    return SyncLink(stream, sink.journal, unit_id(cfg, machine),
                    read_key(cfg["company_key_file"], "company"), sink.record, unit.apply_config,
                    say=sink.say)


APP = None     # the running App; after Ctrl-C the REPL sees it (main.py runs in __main__)


def main():
    global APP
    import gc
    # Collect after every 8 KB allocated: a unit runs for months on a small
    # heap, and frequent collection keeps it from fragmenting.
    if hasattr(gc, "threshold"):
        gc.threshold(8192)
    cfg, pins = load_config()
    if cfg["sync"] == "usb":
        # The office's frames may hold 0x03, the REPL's Ctrl-C: off while the
        # unit runs (docs/install-micropython.md: the REPL back with the mode
        # button held at power-up).
        import machine
        import micropython
        if machine.Pin(pins["buttons"]["mode"], machine.Pin.IN, machine.Pin.PULL_UP).value() == 0:
            print("drivetime: mode button held, not started (REPL)")
            return
        micropython.kbd_intr(-1)
    APP = build(cfg, pins)
    APP.boot()
    try:
        APP.run()
    finally:
        APP.stop()


if __name__ == "__main__":
    main()
