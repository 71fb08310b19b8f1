# The `drivetime` command: a thin layer of argument parsing over host_tools.
# SPDX-License-Identifier: MIT
"""``drivetime`` subcommands.

``drivetime check FILE.json`` (``-`` reads stdin) judges an activity list
(DESIGN.md) and exits 0 when compliant, 1 with infringements, 2 on bad
input, with a message naming the offending entry.

``drivetime office import FILE --unit ID`` stores a unit's journal download
(raw journal bytes) in the office database, all of it or nothing; ``drivetime
office verify`` re-checks the HMAC chain of everything stored
(docs/office-guide.md); ``drivetime office sync --port DEV`` (or ``--host
HOST:PORT``) downloads it from the unit (host_tools/sync.py). Exit 0 on success, 1 for a broken stored chain, 2 for
a refused download or bad input.

``drivetime unit --config FILE`` runs the cab unit on a Raspberry Pi
(``drivetime_pi``, imported only for this command); exit 2 for a bad
config file.
"""

import argparse
import json
import sys

EXIT_COMPLIANT = 0
EXIT_INFRINGEMENTS = 1
EXIT_BAD_INPUT = 2


def _parser():
    parser = argparse.ArgumentParser(prog="drivetime", description="Open EU drivers'-hours monitor.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    check = sub.add_parser("check", help="check an activity list against the drivers'-hours rules",
                           description="Check an activity list (JSON) against the drivers'-hours rules. "
                                       "Exit status: 0 compliant, 1 infringements, 2 bad input.")
    check.add_argument("file", metavar="FILE", help="activity list (JSON); '-' reads stdin")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.add_argument("--status-at", metavar="TIME",
                       help="show the driver's counters at this UTC time (ISO 8601 with a zone)")
    check.add_argument("--profile", default="eu",
                       help="rule profile: eu (default), aetr, or a base with working-time "
                            "categories such as eu+am_minor")
    check.add_argument("--set", action="append", default=[], metavar="ENTRY=MINUTES",
                       help="employer setting that makes the profile stricter (repeatable)")
    unit = sub.add_parser("unit", help="run the cab unit (Raspberry Pi port)",
                          description="Run the cab unit: CAN, GPS, buttons and display as the "
                                      "config file says, until stopped (SIGTERM or Ctrl-C). "
                                      "Exit status: 0 after a clean stop, 2 for a bad config file.")
    unit.add_argument("--config", required=True, metavar="FILE", help="unit config (TOML)")
    _office_parser(sub)
    return parser


def _office_parser(sub):
    office = sub.add_parser("office", help="the fleet office: store, import and verify journal downloads",
                            description="The fleet office's database of unit journals (docs/office-guide.md).")
    office_sub = office.add_subparsers(dest="office_command", metavar="ACTION")
    office_sub.required = True
    imp = office_sub.add_parser("import", help="store a unit's journal download (all of it or nothing)",
                                description="Check a download (raw journal bytes of one unit) and store it "
                                            "in one transaction. Exit status: 0 stored (or nothing new), "
                                            "2 refused, with what was wrong and where.")
    imp.add_argument("file", metavar="FILE", help="the download (raw journal bytes); '-' reads stdin")
    imp.add_argument("--unit", required=True, metavar="ID", help="the unit the download came from")
    verify = office_sub.add_parser("verify", help="re-check the HMAC chain of the stored journals",
                                   description="Re-run every stored unit's HMAC chain from the stored bytes. "
                                               "Exit status: 0 all whole, 1 a chain is broken, 2 bad input "
                                               "(no database, no key for a unit).")
    verify.add_argument("--unit", metavar="ID", help="only this unit")
    for p in (imp, verify):
        p.add_argument("--db", default="drivetime.db", metavar="FILE",
                       help="office database (SQLite; default drivetime.db)")
        p.add_argument("--keys", default="drivetime-keys.json", metavar="FILE",
                       help="office key file with each unit's journal key (default drivetime-keys.json)")
    sync = office_sub.add_parser("sync", help="download a unit's journal over a cable or the network",
                                 description="Download the records the office does not hold yet from a "
                                             "unit (challenge-response with the company key), store them "
                                             "in one transaction, then confirm them to the unit. Exit "
                                             "status: 0 complete, 1 incomplete (what is missing is "
                                             "listed), 2 refused or bad arguments.")
    where = sync.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", metavar="DEV", help="serial port of the unit's cable (e.g. /dev/ttyUSB0)")
    where.add_argument("--host", metavar="HOST:PORT", help="a networked unit or the simulator")
    sync.add_argument("--baud", type=int, default=115200, help="serial line rate (default 115200)")
    sync.add_argument("--db", default="drivetime.db", help="office database (SQLite; default drivetime.db)")
    sync.add_argument("--keys", default="drivetime-keys.json",
                      help="office key file: the unit keys and the \"company\" key (hex)")
    return office


def _overrides(settings):
    out = {}
    for item in settings:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError("--set %s: expected ENTRY=VALUE" % item)
        value = value.strip().lower()
        if value in ("true", "false"):
            out[key.strip()] = value == "true"
        elif value == "none":
            out[key.strip()] = None
        else:
            try:
                out[key.strip()] = int(value)
            except ValueError:
                raise ValueError("--set %s: value must be a whole number of minutes, true or false" % item)
    return out


def _check(args):
    from drivetime.profiles import ProfileError
    from drivetime.timeutil import parse_iso
    from host_tools import activity_list, check

    try:
        if args.file == "-":
            data = activity_list.load(sys.stdin.buffer)
        else:
            with open(args.file, "rb") as f:
                data = activity_list.load(f)
        status_at = None
        if args.status_at:
            try:
                status_at = parse_iso(args.status_at)[0]
            except ValueError as exc:
                raise ValueError("--status-at: %s" % exc)
        result = check.analyse(data, args.profile, status_at, _overrides(args.set))
    except OSError as exc:
        print("drivetime check: cannot read %s: %s" % (args.file, exc.strerror or exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (activity_list.ActivityListError, ProfileError, ValueError) as exc:
        print("drivetime check: %s: %s" % (args.file, exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        json.dump(check.as_json(result), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from rich.console import Console
        console = Console()
        if not console.is_terminal:
            console = Console(width=132)     # a file or pipe has no width: do not wrap
        check.render_text(result, console)
    return EXIT_COMPLIANT if result.compliant else EXIT_INFRINGEMENTS


def _office_keys(args, command):
    from host_tools import office
    try:
        return office.load_keys(args.keys)
    except (OSError, ValueError) as exc:
        print("drivetime office %s: cannot read the key file %s: %s" % (command, args.keys, exc),
              file=sys.stderr)
        return None


def _office_import(args):
    from host_tools import office
    from host_tools.store import Store

    keys = _office_keys(args, "import")
    if keys is None:
        return EXIT_BAD_INPUT
    if args.unit not in keys:
        print("drivetime office import: no key for unit %s in %s" % (args.unit, args.keys), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as f:
                data = f.read()
    except OSError as exc:
        print("drivetime office import: cannot read %s: %s" % (args.file, exc.strerror or exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    with Store(args.db) as store:
        try:
            result = office.import_download(store, args.unit, data, keys[args.unit], source=args.file)
        except office.DownloadRefused as exc:
            print("drivetime office import: refused, nothing stored: %s" % exc, file=sys.stderr)
            return EXIT_BAD_INPUT
        if result.added:
            found = store.db["infringements"].count_where("unit_id = ?", [args.unit])
            print("unit %s: %d records in the download, %d new (seq %d..%d); %d infringements on record"
                  % (args.unit, result.offered, result.added, result.first_seq, result.last_seq, found))
        else:
            print("unit %s: %d records in the download, none new; nothing stored" % (args.unit, result.offered))
    return EXIT_COMPLIANT


def _office_verify(args):
    import os
    from host_tools import office
    from host_tools.store import Store

    if not os.path.exists(args.db):
        print("drivetime office verify: no database %s" % args.db, file=sys.stderr)
        return EXIT_BAD_INPUT
    keys = _office_keys(args, "verify")
    if keys is None:
        return EXIT_BAD_INPUT
    broken = missing_key = False
    with Store(args.db) as store:
        for unit_id in ([args.unit] if args.unit else store.unit_ids()):
            unit = store.unit(unit_id)
            if unit is None:
                print("unit %s: not in %s" % (unit_id, args.db))
                missing_key = True
                continue
            if unit_id not in keys:
                print("unit %s: no key in %s, not checked" % (unit_id, args.keys))
                missing_key = True
                continue
            problems = office.verify(store, unit_id, keys[unit_id])
            span = "records %s..%s" % (unit["first_seq"], unit["last_seq"])
            if problems:
                broken = True
                print("unit %s: %s: CHAIN BROKEN" % (unit_id, span))
                for problem in problems:
                    print("  " + problem)
            else:
                print("unit %s: %s: chain whole" % (unit_id, span))
    if broken:
        return EXIT_INFRINGEMENTS
    return EXIT_BAD_INPUT if missing_key else EXIT_COMPLIANT


def _office_sync(args):
    import json
    from rich.progress import Progress
    from host_tools import office, sync
    from host_tools.store import Store

    keys = _office_keys(args, "sync")
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


def _office(args):
    if args.office_command == "sync":
        return _office_sync(args)
    if args.office_command == "import":
        return _office_import(args)
    if args.office_command == "verify":
        return _office_verify(args)
    return EXIT_BAD_INPUT


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "office":
            return _office(args)
        if args.command == "unit":
            from drivetime_pi.main import run_unit     # lazy: the port's libraries load here
            return run_unit(args.config)
    except BrokenPipeError:
        # the reader (e.g. `head`) left early: not an error of ours
        sys.stderr.close()
        return EXIT_COMPLIANT
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
