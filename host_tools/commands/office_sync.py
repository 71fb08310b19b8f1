# `drivetime office sync --port DEV | --host HOST:PORT`: download a unit's journal.
# SPDX-License-Identifier: MIT
"""Download the records the office does not hold yet from a unit
(challenge-response with the company key; host_tools/sync.py), store them
in one transaction, then confirm them to the unit. ``--set KEY=VALUE``
changes the unit's settings first (CONFIG); the unit journals each change."""

import json
import sys

from host_tools.commands import (EXIT_BAD_INPUT, EXIT_COMPLIANT, EXIT_INFRINGEMENTS,
                                 add_db_argument, add_keys_argument, office_keys)

GROUP = "office"
NAME = "sync"
HELP = "download a unit's journal over a cable or the network"
DESCRIPTION = ("Download the records the office does not hold yet from a unit (challenge-response "
               "with the company key), store them in one transaction, then confirm them to the unit. "
               "--set KEY=VALUE (repeatable) changes a setting of the unit first: " + ", ".join(
                   "%s (%s)" % kv for kv in (("lang", "en, de, ..."), ("buzzer", "on/off"),
                                             ("local_offset_min", "minutes from UTC"),
                                             ("stop_activity", "other_work/availability/break_rest"),
                                             ("countries", "comma-separated nation codes"),
                                             ("driver_card", "text"), ("driver_name", "text"),
                                             ("profile", "eu, aetr, eu+am_minor, ..."),
                                             ("transport", "goods/passengers"),
                                             ("twelve_day", "on/off"), ("two_reduced_weekly", "on/off"),
                                             ("wtd_anchor_week", "a fixed week number"))) +
               "; a setting the unit refuses is printed and makes the exit status 1. Exit status: 0 complete, 1 incomplete (what is missing is listed), 2 refused or bad "
               "arguments.")


KEYS = ("lang", "buzzer", "local_offset_min", "stop_activity", "countries", "driver_card",
        "driver_name") + ("profile", "transport", "twelve_day", "two_reduced_weekly",
                          "wtd_anchor_week")      # the rule settings: drivetime.unit_rules
_BOOL = {"on": True, "true": True, "yes": True, "1": True, "off": False, "false": False, "no": False, "0": False}


def parse_settings(items):
    """``["key=value", ...]`` -> the CONFIG dict, values in the unit's types
    (drivetime.menu.configure: buzzer a bool, local_offset_min an int,
    countries a list; drivetime.unit_rules: twelve_day and two_reduced_weekly
    bools, wtd_anchor_week an int, profile and transport text, checked here as
    the unit checks them); :raises ValueError: an unknown key or a bad value.
    (Whether the rule settings go together is the unit's to say: it knows
    the ones in force.)"""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in KEYS:
            raise ValueError("--set %s: want KEY=VALUE with KEY one of %s" % (item, ", ".join(KEYS)))
        if key in ("buzzer", "twelve_day", "two_reduced_weekly"):
            if value.strip().lower() not in _BOOL:
                raise ValueError("--set %s=%s: on or off" % (key, value))
            out[key] = _BOOL[value.strip().lower()]
        elif key == "local_offset_min":
            try:
                out[key] = int(value)
            except ValueError:
                raise ValueError("--set local_offset_min=%s: minutes from UTC (e.g. 60, -300)" % value)
        elif key in ("profile", "transport", "wtd_anchor_week"):
            out[key] = _rule_setting(key, value.strip())
        elif key == "countries":
            out[key] = [c.strip() for c in value.split(",") if c.strip()]
        else:
            out[key] = value
    return out


def _rule_setting(key, text):
    from drivetime.unit_rules import rule_value
    value = text
    if key == "wtd_anchor_week":
        try:
            value = int(text)
        except ValueError:
            value = None
    if rule_value(key, value) is None:
        want = {"profile": "a rule profile (eu, aetr, eu+am_minor, ...)", "transport": "goods or passengers",
                "wtd_anchor_week": "a fixed week number from 0 (drivetime.timeutil.week_of)"}[key]
        raise ValueError("--set %s=%s: %s" % (key, text, want))
    return value


def add_arguments(sync):
    where = sync.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", metavar="DEV", help="serial port of the unit's cable (e.g. /dev/ttyUSB0)")
    where.add_argument("--host", metavar="HOST:PORT", help="a networked unit or the simulator")
    sync.add_argument("--baud", type=int, default=115200, help="serial line rate (default 115200)")
    sync.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="settings",
                      help="change a setting of the unit (repeatable; keys: %s)" % ", ".join(KEYS))
    add_db_argument(sync)
    add_keys_argument(sync)


def run(args):
    from rich.progress import Progress
    from host_tools import office, sync
    from host_tools.store import Store

    try:
        settings = parse_settings(args.settings)
    except ValueError as exc:
        print("drivetime office sync: %s" % exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    keys = office_keys(args, "sync")
    if keys is None:
        return EXIT_BAD_INPUT
    try:
        with open(args.keys, "r", encoding="utf-8") as f:
            company = bytes.fromhex(json.load(f)["company"])
    except (KeyError, ValueError, TypeError):
        print("drivetime office sync: no \"company\" key (hex) in %s" % args.keys, file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.port:
        connect = lambda: sync.SerialTransport(args.port, args.baud)      # noqa: E731
    else:
        host, _, port = args.host.rpartition(":")
        if not host or not port.isdigit():
            print("drivetime office sync: --host wants HOST:PORT", file=sys.stderr)
            return EXIT_BAD_INPUT
        connect = lambda: sync.TcpTransport(host, int(port))              # noqa: E731
    with Store(args.db) as store, Progress(transient=True) as bar:
        task = bar.add_task("downloading", total=None)
        try:
            result, stored = sync.office_sync(
                connect, company, store, keys, source=args.port or args.host,
                progress=lambda done, last: bar.update(task, completed=done, total=last),
                config=settings or None)
        except office.DownloadRefused as exc:
            print("drivetime office sync: refused, nothing stored or confirmed: %s" % exc, file=sys.stderr)
            return EXIT_BAD_INPUT
    print(result.describe())
    if stored is not None:
        print("stored: %d new records" % stored.added)
    if result.error and "company key" in result.error:
        return EXIT_BAD_INPUT
    return EXIT_COMPLIANT if result.complete and not result.config_refused else EXIT_INFRINGEMENTS
