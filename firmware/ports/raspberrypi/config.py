# The Pi unit's configuration file (TOML): what is wired where, and the driver's and company's settings.
# SPDX-License-Identifier: MIT
"""Read and check the TOML config of ``drivetime unit --config FILE``.

The accepted keys and their types are data (:data:`SCHEMA`); anything else
is refused with a :class:`ConfigError` that names the file, the section and
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
"""

import difflib
import tomllib

from drivetime.activity import BREAK_REST, OTHER_WORK
from drivetime.unit import BUTTONS

from .display import OLED_KINDS
from .gpio_adapter import LED_NAMES

_PIN = (int, str)       # a BCM number or a gpiozero pin name ("GPIO17", "BOARD11")
_TABLE = dict
STOP_ACTIVITIES = {"other_work": OTHER_WORK, "break_rest": BREAK_REST}

SCHEMA = {
    "unit": {"lang": str, "local_offset_min": int, "stop_activity": tuple(STOP_ACTIVITIES),
             "buzzer": bool, "country": str, "crew": ("single", "multi"),
             "ring_capacity": int, "profile": str, "set": _TABLE, "motion": _TABLE},
    "can": {"enabled": bool, "interface": str, "channel": str, "bitrate": int, "options": _TABLE},
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


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the key."""


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
            raise ConfigError("%s: unknown section [%s]%s" % (path, section, _hint(section, SCHEMA)))
    for section, schema in SCHEMA.items():
        given = data.get(section, {})
        if not isinstance(given, dict):
            raise ConfigError("%s: %s must be a section [%s]" % (path, section, section))
        merged = dict(DEFAULTS.get(section, {}))
        merged.update(_check_table(given, schema, path, section))
        out[section] = merged
    _check_unit(out["unit"], path, _check_rules(out, data.get("unit", {}), path))
    j = out["journal"]
    if ("directory" in j) != ("key_file" in j):
        raise ConfigError("%s: [journal] needs both directory and key_file (missing %s)"
                          % (path, "key_file" if "directory" in j else "directory"))
    _check_journal_sizes(j, path)
    _check_sync(out, path)
    if out["clock"]["source"] == "sim" and "file" not in out["clock"]:
        raise ConfigError("%s: [clock] source = \"sim\" needs file (the simulator's clock file)" % path)
    for key, value in out["driver"].items():    # a journal text (docs/log-format.md)
        if len(value.encode("utf-8")) > 255:
            raise ConfigError("%s: [driver] %s: longer than 255 bytes" % (path, key))
    return out


# Issue 5: at least 365 days of typical use fit in the journal's budget; a
# typical driver-day is under 160 bytes (bench/journal_bench.py).
DAY_BYTES = 160
# A segment holds at least its START (31), the longest record (259) and a SEAL (28).
MIN_SEGMENT_BYTES = 512


def _check_journal_sizes(j, path):
    """``[journal]`` segment_bytes, budget_bytes and cap_bytes (drivetime.segments;
    each missing one takes the journal's own default, the cap twice the budget)."""
    from drivetime.segments import BUDGET_BYTES, SEGMENT_BYTES

    given = [k for k in ("segment_bytes", "budget_bytes", "cap_bytes") if k in j]
    if given and "directory" not in j:
        raise ConfigError("%s: [journal] %s needs directory and key_file (no journal without them)"
                          % (path, given[0]))
    segment, budget = j.get("segment_bytes", SEGMENT_BYTES), j.get("budget_bytes", BUDGET_BYTES)
    cap = j.get("cap_bytes", 2 * budget)
    if budget < 365 * DAY_BYTES:
        raise ConfigError("%s: [journal] budget_bytes = %d: below %d, 365 days at %d bytes a day"
                          % (path, budget, 365 * DAY_BYTES, DAY_BYTES))
    if cap < budget:
        raise ConfigError("%s: [journal] cap_bytes = %d: below budget_bytes (%d)" % (path, cap, budget))
    if segment < MIN_SEGMENT_BYTES or 3 * segment > budget:
        raise ConfigError("%s: [journal] segment_bytes = %d: expected %d to a third of budget_bytes (%d)"
                          " (whole segments are dropped: the budget holds at least three)"
                          % (path, segment, MIN_SEGMENT_BYTES, budget // 3))


def _check_sync(cfg, path):
    s = cfg["sync"]
    if "listen" in s:
        from .sync_adapter import parse_listen
        try:
            parse_listen(s["listen"])
        except ValueError as exc:
            raise ConfigError("%s: [sync] listen = %r: %s" % (path, s["listen"], exc)) from exc
    if ("listen" in s or "serial" in s) and "company_key_file" not in s:
        raise ConfigError("%s: [sync] listen or serial needs company_key_file" % path)
    if ("listen" in s or "serial" in s) and "directory" not in cfg["journal"]:
        raise ConfigError("%s: [sync] needs a [journal] to serve (directory and key_file)" % path)


def _check_table(given, schema, path, where):
    out = {}
    for key, value in given.items():
        name = "[%s] %s" % (where, key)
        if key not in schema:
            raise ConfigError("%s: unknown key %s%s" % (path, name, _hint(key, schema)))
        kind = schema[key]
        if isinstance(kind, dict):                  # a sub-table with known keys
            if not isinstance(value, dict):
                raise ConfigError("%s: %s must be a table [%s.%s]" % (path, name, where, key))
            value = _check_table(value, kind, path, where + "." + key)
        elif kind is _TABLE:                        # checked later, or passed through
            if not isinstance(value, dict):
                raise ConfigError("%s: %s must be a table [%s.%s]" % (path, name, where, key))
        elif isinstance(kind, tuple) and not isinstance(kind[0], type):   # a choice
            if value not in kind or isinstance(value, bool):
                raise ConfigError("%s: %s = %r: expected one of %s"
                                  % (path, name, value, ", ".join(repr(k) for k in kind)))
        elif not _is(value, kind):
            raise ConfigError("%s: %s = %r: expected %s" % (path, name, value, _kind_name(kind)))
        out[key] = value
    return out


def _check_unit(unit, path, profile_in="[unit]"):
    """The unit's settings against the core's own tables (the profile given in ``profile_in``)."""
    from drivetime.messages import MESSAGES
    from drivetime.motion import MOTION_SETTINGS
    from drivetime.profiles import ProfileError, profile_by_name

    if "lang" in unit and unit["lang"] not in MESSAGES:
        raise ConfigError("%s: [unit] lang = %r: expected one of %s"
                          % (path, unit["lang"], ", ".join(sorted(MESSAGES))))
    for key, value in unit["motion"].items():
        if key not in MOTION_SETTINGS:
            raise ConfigError("%s: unknown key [unit.motion] %s%s"
                              % (path, key, _hint(key, MOTION_SETTINGS)))
        if not _is(value, int):
            raise ConfigError("%s: [unit.motion] %s = %r: expected an integer" % (path, key, value))
    try:
        profile_by_name(unit["profile"], unit["set"])
    except (ProfileError, ValueError, KeyError) as exc:
        raise ConfigError("%s: %s profile %r with [unit.set]: %s"
                          % (path, profile_in, unit["profile"], exc)) from exc


def _check_rules(cfg, given_unit, path):
    """``[rules]``: the engine's options (drivetime.unit_rules), checked as
    the unit checks them; ``profile`` here or (the older place) in ``[unit]``.
    :returns: where the profile was given"""
    from drivetime.unit_rules import RULE_SETTINGS, rule_conflict, rule_value

    rules = cfg["rules"]
    if "profile" in rules:
        if "profile" in given_unit:
            raise ConfigError("%s: [rules] profile and [unit] profile: give it once, in [rules]" % path)
        cfg["unit"]["profile"] = rules["profile"]
    if "wtd_anchor_week" in rules and rule_value("wtd_anchor_week", rules["wtd_anchor_week"]) is None:
        raise ConfigError("%s: [rules] wtd_anchor_week = %r: expected a week number from 0 "
                          "(drivetime.timeutil.week_of)" % (path, rules["wtd_anchor_week"]))
    s = dict(RULE_SETTINGS)
    s.update(rules)
    s["profile"] = cfg["unit"]["profile"]
    bad = rule_conflict(s)
    if bad is not None:
        raise ConfigError("%s: [rules] %s: %s" % (path, bad[0], bad[1]))
    return "[rules]" if "profile" in rules else "[unit]"


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


def _is(value, kind):
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False                                # TOML true is not a pin number
    return isinstance(value, kinds)


def _kind_name(kind):
    names = {int: "an integer", str: "a string", bool: "true or false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _hint(key, known):
    close = difflib.get_close_matches(str(key), list(known), 1)
    return " (did you mean %s?)" % close[0] if close else " (known: %s)" % ", ".join(known)
