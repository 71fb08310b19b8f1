# The `drivetime` command: a thin layer of argument parsing over host_tools.
# SPDX-License-Identifier: MIT
"""``drivetime`` subcommands.

``drivetime check FILE.json`` (``-`` reads stdin) judges an activity list
(DESIGN.md) and exits 0 when compliant, 1 with infringements, 2 on bad
input, with a message naming the offending entry.

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
    return parser


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


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
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
