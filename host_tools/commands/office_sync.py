# `drivetime office sync --port DEV | --host HOST:PORT`: download a unit's journal.
# SPDX-License-Identifier: MIT
"""Download the records the office does not hold yet from a unit
(challenge-response with the company key; host_tools/sync.py), store them
in one transaction, then confirm them to the unit."""

import json
import sys

from host_tools.commands import (EXIT_BAD_INPUT, EXIT_COMPLIANT, EXIT_INFRINGEMENTS,
                                 add_db_argument, add_keys_argument, office_keys)

GROUP = "office"
NAME = "sync"
HELP = "download a unit's journal over a cable or the network"
DESCRIPTION = ("Download the records the office does not hold yet from a unit (challenge-response "
               "with the company key), store them in one transaction, then confirm them to the unit. "
               "Exit status: 0 complete, 1 incomplete (what is missing is listed), 2 refused or bad "
               "arguments.")


def add_arguments(sync):
    where = sync.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", metavar="DEV", help="serial port of the unit's cable (e.g. /dev/ttyUSB0)")
    where.add_argument("--host", metavar="HOST:PORT", help="a networked unit or the simulator")
    sync.add_argument("--baud", type=int, default=115200, help="serial line rate (default 115200)")
    add_db_argument(sync)
    add_keys_argument(sync)


def run(args):
    from rich.progress import Progress
    from host_tools import office, sync
    from host_tools.store import Store

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
                progress=lambda done, last: bar.update(task, completed=done, total=last))
        except office.DownloadRefused as exc:
            print("drivetime office sync: refused, nothing stored or confirmed: %s" % exc, file=sys.stderr)
            return EXIT_BAD_INPUT
    print(result.describe())
    if stored is not None:
        print("stored: %d new records" % stored.added)
    if result.error and "company key" in result.error:
        return EXIT_BAD_INPUT
    return EXIT_COMPLIANT if result.complete else EXIT_INFRINGEMENTS
