# Scenario files for `drivetime sim run`: settings, steps and expectations in TOML, checked on load.
# SPDX-License-Identifier: MIT
"""A scenario: what the driver and the vehicle do, and what the unit must show.

A scenario file is TOML: one ``[scenario]`` table of settings (start,
mode, seed, profile, crew, driver, unit, signals: :data:`SETTING_KEYS`),
``[[step]]`` tables played in order, each exactly one of drive, stop, rest,
power_off, power_cut, select, press, fault, clock_jump or a ``repeat = N``
over ``do = [...]`` (:data:`_STEP_KEYS`), and ``[[expect]]`` tables, each
one of warning, status, infringement, screen, fault or journal
(:data:`simulator.expectations.EXPECT_KEYS`), at a time (``"+4h15"`` after the start, an ISO
time or ``"end"``). Durations are written ``"4h30"``, ``"45m"``, ``"2d"``,
``"90s"``. The format, key by key with a worked example, is in
docs/tester-guide.md ("Scenarios", "The format").

Every mistake is a :class:`ScenarioError` naming the file, the line of the
``[[step]]`` or ``[[expect]]`` table and what is wrong.
"""

import re
import tomllib

from drivetime import timeutil
from simulator.expectations import EXPECT_KEYS, Expect, check_options  # noqa: F401 (Expect: API)

MODES = ("signal", "fast")
SELECTABLE = {"break": 0, "break_rest": 0, "availability": 1, "other_work": 2}
DURATION_STEPS = ("drive", "stop", "rest", "power_off", "power_cut")
FAULTS = ("gps_loss", "gps_nofix", "can_silence", "garbled", "motion_conflict")
SIGNAL_ONLY = ("fault", "clock_jump")
SIGNAL_DEFAULTS = {"ccvs_hz": 10, "tco_hz": 20, "nmea_hz": 1, "rtc_error_s": 0}
SETTING_KEYS = ("name", "description", "start", "mode", "seed", "profile", "crew", "driver",
                "unit", "signals", "office")
_STEP_KEYS = {"drive": ("speed",), "stop": (), "rest": (), "power_off": (), "power_cut": (),
              "select": (), "press": (), "fault": ("for",), "clock_jump": ()}
_DUR = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")


class ScenarioError(ValueError):
    """A scenario the runner will not play; the message says where and what."""


class Step:
    """One step: ``kind`` (a key of the step table), ``value``, ``options``, ``line``, ``index``."""

    def __init__(self, kind, value, options, line, index):
        self.kind, self.value, self.options, self.line, self.index = kind, value, options, line, index

    def __repr__(self):
        return "step %s (%s = %r)" % (self.index, self.kind, self.value)


class Scenario:
    """A parsed scenario: ``name``, ``description``, ``settings`` (dict), ``steps``,
    ``expects``, ``start`` (UTC second), ``source`` (file name)."""

    def __init__(self, settings, steps, expects, source):
        self.settings, self.steps, self.expects, self.source = settings, steps, expects, source
        self.name = settings.get("name", source)
        self.description = settings.get("description", "")
        self.start = settings["start_s"]
        self.mode = settings.get("mode", "signal")


def parse_duration(text, what="duration"):
    """Seconds in ``"4h30"``, ``"45m"``, ``"2d 3h"``, ``"90s"`` (a bare number: minutes)."""
    if isinstance(text, int) and not isinstance(text, bool) and text >= 0:
        return text * 60
    if isinstance(text, str) and re.match(r"^(.*h)?\s*\d+\s*$", text):
        text += "m"                     # "4h30" and a bare "45": minutes
    m = _DUR.match(text) if isinstance(text, str) and text.strip() else None
    if m is None or not any(m.groups()):
        raise ValueError("bad %s %r (say e.g. \"4h30\", \"45m\", \"2d\", \"90s\")" % (what, text))
    d, h, mi, s = (int(g or 0) for g in m.groups())
    return ((d * 24 + h) * 60 + mi) * 60 + s


def parse_time(text, start_s):
    """A UTC second from ``"+4h15"`` (after the start) or an ISO time; None for ``"end"``."""
    if text == "end":
        return None
    if isinstance(text, str) and text.startswith("+"):
        return start_s + parse_duration(text[1:], "time offset")
    try:
        minute, second = timeutil.parse_iso(text)
    except (TypeError, ValueError, AttributeError):
        raise ValueError("bad time %r (say \"+4h15\", \"2026-03-02T10:15:00Z\" or \"end\")" % (text,))
    return minute * 60 + second


def _lines(text, header):
    return [i + 1 for i, line in enumerate(text.splitlines()) if line.strip() == header]


def parse(text, source="<scenario>"):
    """Parse scenario ``text``; :raises ScenarioError: with file, line and what is wrong."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError("%s: not valid TOML: %s" % (source, exc))
    unknown = sorted(set(doc) - {"scenario", "step", "expect"})
    if unknown:
        raise ScenarioError("%s: unknown table %s (tables: [scenario], [[step]], [[expect]])"
                            % (source, unknown[0]))
    settings = _settings(doc.get("scenario"), source, _lines(text, "[scenario]"))
    step_lines, expect_lines = _lines(text, "[[step]]"), _lines(text, "[[expect]]")
    steps = []
    for i, t in enumerate(doc.get("step", [])):
        steps.extend(_steps(t, i + 1, _at(step_lines, i), source, settings))
    if not steps:
        raise ScenarioError("%s: no [[step]]: a scenario needs at least one step" % source)
    expects = [_expect(t, i + 1, _at(expect_lines, i), source, settings["start_s"])
               for i, t in enumerate(doc.get("expect", []))]
    return Scenario(settings, steps, expects, source)


def load(path):
    """Read and parse the scenario file ``path`` (:raises ScenarioError: also when unreadable)."""
    try:
        with open(path, "r", encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError("%s: cannot read: %s" % (path, getattr(exc, "strerror", None) or exc))
    return parse(text, path)


def _at(lines, i):
    return lines[i] if i < len(lines) else None


def _where(source, line, what):
    return "%s:%s: %s" % (source, line if line is not None else "?", what)


def _settings(table, source, lines):
    line = lines[0] if lines else None
    if not isinstance(table, dict):
        raise ScenarioError(_where(source, line, "a [scenario] table with at least start = ... is needed"))
    s = dict(table)
    for k in s:
        if k not in SETTING_KEYS:
            raise ScenarioError(_where(source, line, "[scenario]: unknown setting %r (known: %s)"
                                       % (k, ", ".join(SETTING_KEYS))))
    try:
        if "start" not in s:
            raise ValueError("start = \"2026-03-02T06:00:00Z\" is needed")
        s["start_s"] = parse_time(s["start"], 0)
        if s["start_s"] is None:
            raise ValueError("start must be a time")
        if s.setdefault("mode", "signal") not in MODES:
            raise ValueError("mode must be one of %s" % ", ".join(MODES))
        if not isinstance(s.setdefault("seed", 1), int):
            raise ValueError("seed must be an integer")
        if s.setdefault("crew", "single") not in ("single", "multi"):
            raise ValueError("crew must be single or multi")
        from drivetime.profiles import profile_by_name
        s["profile_dict"] = profile_by_name(s.setdefault("profile", "eu"))
        unit = dict(s.get("unit", {}))
        if "stop_activity" in unit:
            if unit["stop_activity"] not in SELECTABLE:
                raise ValueError("unit.stop_activity must be one of %s" % ", ".join(SELECTABLE))
            unit["stop_activity"] = SELECTABLE[unit["stop_activity"]]
        from drivetime.unit import UNIT_SETTINGS
        for k in unit:
            if k not in UNIT_SETTINGS or k == "crew":
                raise ValueError("unit.%s is not a unit setting (crew has its own key)" % k)
        unit["crew"] = s["crew"]
        s["unit"] = unit
        sig = dict(SIGNAL_DEFAULTS)
        for k, v in s.get("signals", {}).items():
            if k not in sig or not isinstance(v, int):
                raise ValueError("signals.%s: known integer settings are %s" % (k, ", ".join(sig)))
            sig[k] = v
        if not (1 <= sig["ccvs_hz"] <= 100 and 0 <= sig["tco_hz"] <= 100 and 1 <= sig["nmea_hz"] <= 10):
            raise ValueError("signals: ccvs_hz 1-100, tco_hz 0-100, nmea_hz 1-10")
        s["signals"] = sig
        drv = s.get("driver")
        if drv is not None and not (isinstance(drv, dict) and set(drv) <= {"card", "name"}):
            raise ValueError("driver = { card = \"...\", name = \"...\" }")
    except ValueError as exc:
        raise ScenarioError(_where(source, line, "[scenario]: %s" % exc))
    return s


def _steps(table, index, line, source, settings, depth=0):
    """A step, or a ``repeat = N`` with ``do = [{...}, ...]`` expanded (nested up to 3 deep)."""
    if "repeat" not in table:
        return [_step(table, index, line, source, settings)]
    n, body = table.get("repeat"), table.get("do")
    if (not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 1000 or set(table) != {"repeat", "do"}
            or not isinstance(body, list) or not body or depth > 2):
        raise ScenarioError(_where(source, line, "step %s: repeat = N (1-1000) with do = [{ drive = "
                                   "\"4h\" }, ...] and nothing else" % index))
    out = []
    for _ in range(n):
        for k, t in enumerate(body):
            if not isinstance(t, dict):
                raise ScenarioError(_where(source, line, "step %s: do = [...] holds steps as "
                                           "inline tables" % index))
            out.extend(_steps(t, "%s.%d" % (index, k + 1), line, source, settings, depth + 1))
    return out


def _step(table, index, line, source, settings):
    kinds = [k for k in table if k in _STEP_KEYS]
    if len(kinds) != 1:
        raise ScenarioError(_where(source, line, "step %s: say exactly one of %s (got %s)"
                                   % (index, ", ".join(_STEP_KEYS), ", ".join(sorted(table)) or "nothing")))
    kind = kinds[0]
    step = Step(kind, table[kind], {}, line, index)
    try:
        for k, v in table.items():
            if k != kind and k not in _STEP_KEYS[kind]:
                raise ValueError("unknown key %r for a %s step" % (k, kind))
        if kind in SIGNAL_ONLY and settings["mode"] == "fast":
            raise ValueError("a %s step needs signals: not in mode = \"fast\"" % kind)
        if kind in DURATION_STEPS:
            step.seconds = parse_duration(step.value)
            if kind == "drive":
                speed = table.get("speed", 80)
                if not isinstance(speed, (int, float)) or not 5 <= speed <= 250:
                    raise ValueError("speed must be 5-250 km/h")
                step.options["speed"] = speed
                if step.seconds < 60:
                    raise ValueError("drive at least 1 minute")
        elif kind == "select":
            if step.value not in SELECTABLE:
                raise ValueError("select one of %s" % ", ".join(SELECTABLE))
        elif kind == "press":
            from drivetime.unit import BUTTONS
            if step.value not in BUTTONS:
                raise ValueError("press one of %s" % ", ".join(BUTTONS))
        elif kind == "fault":
            if step.value not in FAULTS:
                raise ValueError("fault one of %s" % ", ".join(FAULTS))
            step.seconds = parse_duration(table.get("for", ""), "fault length (for = ...)")
        else:                                               # clock_jump
            v = step.value
            sign = -1 if isinstance(v, str) and v.startswith("-") else 1
            step.seconds = sign * parse_duration(v.lstrip("+-") if isinstance(v, str) else v,
                                                 "clock jump")
    except ValueError as exc:
        raise ScenarioError(_where(source, line, "%r: %s" % (step, exc)))
    return step


def _expect(table, index, line, source, start_s):
    kinds = [k for k in table if k in EXPECT_KEYS]
    if len(kinds) != 1:
        raise ScenarioError(_where(source, line, "expect %d: say exactly one of %s"
                                   % (index, ", ".join(EXPECT_KEYS))))
    kind = kinds[0]
    opts = {k: v for k, v in table.items() if k != kind}
    try:
        at = parse_time(opts.get("at", "end"), start_s)
        tol = check_options(kind, table[kind], opts, at, parse_duration)
    except ValueError as exc:
        raise ScenarioError(_where(source, line, "expect %d (%s = %r): %s"
                                   % (index, kind, table[kind], exc)))
    return Expect(kind, table[kind], opts, at, tol, line, index)
