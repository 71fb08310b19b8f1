# The Pi port's TOML config for a unit on the simulator's emulated devices (an SLCAN adapter and a GNSS receiver on ptys).
# SPDX-License-Identifier: MIT
"""One place for the config every simulated unit starts from: python-can's
``slcan`` backend on the emulated adapter's pty (no sleep after opening it,
and ``timeout = 0`` so pyserial never waits for a byte that is not there),
pyserial on the emulated receiver's pty, no GPIO pins, no display, the
loop's tick at 200 ms (the keys of ``drivetime_pi.config``).

Each further keyword names a section and REPLACES it whole (``None`` drops
it), so what a caller writes is all that section holds::

    write_unit_config(path, slcan.path, gps.path,
                      journal={"directory": folder, "key_file": key_path},
                      display={"kind": "dummy"})

A nested dict is a sub-table (``[can.options]``).
"""

import json


def sections(can, gps, **more):
    """The config as a dict of sections.

    :param can: the SLCAN adapter's tty; ``gps``: the receiver's tty
    :param more: ``section=dict`` (replaces the section) or ``section=None`` (drops it)
    """
    out = {"can": {"interface": "slcan", "channel": can, "bitrate": 250000,
                   "options": {"sleep_after_open": 0, "timeout": 0}},
           "gps": {"port": gps},
           "gpio": {"enabled": False},
           "display": {"kind": "none"},
           "loop": {"tick_ms": 200}}
    for name, table in more.items():
        if table is None:
            out.pop(name, None)
        else:
            out[name] = table
    return out


def toml_text(config, comment=None):
    """``config`` (sections of strings, ints, booleans and sub-tables) as TOML text."""
    lines = ["# " + comment] if comment else []
    for name, table in config.items():
        _table(lines, name, table)
    return "\n".join(lines) + "\n"


def _table(lines, name, table):
    lines.append("[%s]" % name)
    subs = []
    for key, value in table.items():
        if isinstance(value, dict):
            subs.append((key, value))
        else:
            lines.append("%s = %s" % (key, _value(value)))
    for key, value in subs:
        _table(lines, "%s.%s" % (name, key), value)


def _value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)    # a TOML basic string: \" \\ \n escapes
    raise TypeError("a unit config value is a string, an int or a bool: %r" % (value,))


def write_unit_config(path, can, gps, comment=None, **more):
    """Write the config (:func:`sections`) to ``path``; :returns: ``path``."""
    with open(str(path), "w", encoding="utf-8") as f:
        f.write(toml_text(sections(can, gps, **more), comment))
    return path
