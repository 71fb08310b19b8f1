# The Pi unit's configuration file (TOML): what is wired where, and the driver's and company's settings.
# SPDX-License-Identifier: MIT
"""Read and check the TOML config of ``drivetime unit --config FILE``.

The accepted keys and their types are data (:data:`SCHEMA`, kinds as
:mod:`drivetime_pi.config_table` reads them); anything else is refused with a :class:`ConfigError` that names the file, the section and
the key, and suggests the nearest known key for a typo. Missing keys take
:data:`DEFAULTS`. ``example-config.toml`` beside this module documents
every key.

Sections: ``[unit]`` (the unit's settings, :data:`drivetime.unit.UNIT_SETTINGS`,
plus ``profile`` and its employer tightenings ``[unit.set]``, and motion
overrides ``[unit.motion]``), ``[rules]`` (:mod:`drivetime.unit_rules`:
``profile``, here or in ``[unit]``; ``transport``, ``twelve_day``,
``two_reduced_weekly``, ``wtd_anchor_week``; a pair the regulation does not
allow is refused naming the key), ``[can]`` (python-can interface, channel, bitrate; backend keywords in ``[can.options]``), ``[gps]`` (serial port,
baud rate), ``[gpio]`` (``[gpio.buttons]`` and ``[gpio.leds]`` name -> BCM
pin, ``buzzer`` pin, ``bounce_ms``), ``[display]``, ``[loop]`` and
``[journal]`` (``directory`` of the segment files on the SD card and
``key_file``, the unit key as hex: both or neither; without them the
records go to the log only, as on a bench; ``segment_bytes``,
``budget_bytes`` and ``cap_bytes`` of the
:class:`drivetime.segments.SegmentJournal`), ``[sync]`` (``listen =
"HOST:PORT"`` for ``drivetime office sync --host`` and/or ``serial``, the
USB gadget's ``/dev/ttyGS0``; ``company_key_file``, the company key as hex;
``unit_id``, the unit's entry in the office key file, default the host
name; a link needs the journal and the company key), ``[driver]``
(``card``, the driver card's number, and ``name``: journalled at each
power-up and exported with the driver's data), ``[export]``
(``directory``, where the driver's export file goes: a USB stick's mount),
and for a unit under ``drivetime sim drive``: ``[clock]`` (``source =
"sim"`` follows the simulator's clock ``file`` instead of the system
clock) and ``[panel]`` (``socket``: the display, buttons, LEDs and buzzer
are the simulator's UI on this Unix socket, in place of ``[gpio]`` and
``[display]``), both :mod:`drivetime_pi.sim_adapters`.

This module holds the schema, :func:`load` and :func:`check`, and what a
checked config gives the unit (:func:`unit_settings`, :func:`unit_profile`,
:func:`journal_key`, :func:`company_key`). The type check of a table and
:class:`ConfigError` are in :mod:`drivetime_pi.config_table`, the checks of
each section against the core's tables and across keys in
:mod:`drivetime_pi.config_sections`; :class:`ConfigError`,
:data:`~drivetime_pi.config_sections.DAY_BYTES` and
:data:`~drivetime_pi.config_sections.MIN_SEGMENT_BYTES` are importable from here.
"""

import tomllib

from drivetime.activity import BREAK_REST, OTHER_WORK
from drivetime.unit import BUTTONS

from .config_sections import DAY_BYTES, MIN_SEGMENT_BYTES, check_sections  # noqa: F401 (re-exported)
from .config_table import TABLE, ConfigError, check_table, hint
from .display import OLED_KINDS
from .gpio_adapter import LED_NAMES

_PIN = (int, str)       # a BCM number or a gpiozero pin name ("GPIO17", "BOARD11")
STOP_ACTIVITIES = {"other_work": OTHER_WORK, "break_rest": BREAK_REST}

SCHEMA = {
    "unit": {"lang": str, "local_offset_min": int, "stop_activity": tuple(STOP_ACTIVITIES),
             "buzzer": bool, "country": str, "crew": ("single", "multi"),
             "ring_capacity": int, "profile": str, "set": TABLE, "motion": TABLE},
    "can": {"enabled": bool, "interface": str, "channel": str, "bitrate": int, "options": TABLE},
    "gps": {"enabled": bool, "port": str, "baudrate": int},
    "gpio": {"enabled": bool, "buttons": dict.fromkeys(BUTTONS, _PIN),
             "leds": dict.fromkeys(LED_NAMES, _PIN), "buzzer": _PIN, "bounce_ms": int},
    "display": {"kind": OLED_KINDS + ("terminal", "none"), "bus": ("i2c", "spi"), "port": int,
                "address": int, "spi_device": int, "gpio_dc": int, "gpio_rst": int,
                "rotate": (0, 2), "contrast": int, "ansi": bool},
    "loop": {"poll_ms": int, "reopen_s": int, "tick_ms": int},
    "journal": {"directory": str, "key_file": str, "segment_bytes": int, "budget_bytes": int,
                "cap_bytes": int},
    "sync": {"listen": str, "serial": str, "company_key_file": str, "unit_id": str},
    "rules": {"profile": str, "transport": ("goods", "passengers"), "twelve_day": bool,
              "two_reduced_weekly": bool, "wtd_anchor_week": int},
    "driver": {"card": str, "name": str},
    "export": {"directory": str},
    "clock": {"source": ("system", "sim"), "file": str},
    "panel": {"socket": str},
}

DEFAULTS = {
    "unit": {"profile": "eu", "set": {}, "motion": {}},
    "can": {"enabled": True, "interface": "socketcan", "channel": "can0", "bitrate": 250000,
            "options": {}},
    "gps": {"enabled": True, "port": "/dev/ttyACM0", "baudrate": 9600},
    "gpio": {"enabled": True, "buttons": {}, "leds": {}, "bounce_ms": 50},
    "display": {"kind": "terminal"},
    "loop": {"poll_ms": 20, "reopen_s": 5, "tick_ms": 200},
    "journal": {},
    "sync": {},
    "rules": {},
    "driver": {},
    "export": {},
    "clock": {"source": "system"},
    "panel": {},
}


def load(path):
    """Read and check the config file at ``path``.

    :returns: the config, a dict of sections with defaults filled in
    :raises ConfigError: for a missing or unreadable file, bad TOML, an
        unknown key or a value of the wrong type
    """
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise ConfigError("%s: cannot read: %s" % (path, exc.strerror or exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("%s: not valid TOML: %s" % (path, exc)) from exc
    return check(data, path)


def check(data, path="config"):
    """Check a parsed config (see :func:`load`)."""
    out = {}
    for section in data:
        if section not in SCHEMA:
            raise ConfigError("%s: unknown section [%s]%s" % (path, section, hint(section, SCHEMA)))
    for section, schema in SCHEMA.items():
        given = data.get(section, {})
        if not isinstance(given, dict):
            raise ConfigError("%s: %s must be a section [%s]" % (path, section, section))
        merged = dict(DEFAULTS.get(section, {}))
        merged.update(check_table(given, schema, path, section))
        out[section] = merged
    check_sections(out, data.get("unit", {}), path)
    return out


def unit_settings(config):
    """The :class:`~drivetime.unit.Unit` settings dict of a checked config."""
    unit = dict(config["unit"])
    for key in ("profile", "set"):
        unit.pop(key)
    unit["motion"] = unit["motion"] or None
    if "stop_activity" in unit:
        unit["stop_activity"] = STOP_ACTIVITIES[unit["stop_activity"]]
    for key in config["driver"]:
        unit["driver_" + key] = config["driver"][key]
    for key in config["rules"]:             # the profile: unit_profile
        if key != "profile":
            unit[key] = config["rules"][key]
    return unit


def unit_profile(config):
    """The rule profile dict of a checked config."""
    from drivetime.profiles import profile_by_name
    return profile_by_name(config["unit"]["profile"], config["unit"]["set"])


def journal_key(config):
    """The unit key from ``[journal] key_file``: hex text (the same key as the
    office key file's entry for this unit, docs/office-guide.md), at least 16 bytes.

    :raises ConfigError: an unreadable file or not a hex key
    """
    return _hex_key(config["journal"]["key_file"], "[journal] key_file", "unit")


def company_key(config):
    """The company key from ``[sync] company_key_file`` (hex, as the office key
    file's ``company`` entry), at least 16 bytes.

    :raises ConfigError: an unreadable file or not a hex key
    """
    return _hex_key(config["sync"]["company_key_file"], "[sync] company_key_file", "company")


def _hex_key(path, where, what):
    try:
        with open(path, "r", encoding="ascii") as f:
            text = f.read().strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("%s %s: cannot read: %s"
                          % (where, path, getattr(exc, "strerror", None) or exc)) from exc
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ConfigError("%s %s: expected the %s key as hex (32 bytes: 64 digits)" % (where, path, what))
    return key
