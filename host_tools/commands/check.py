# `drivetime check FILE`: judge an activity list against the drivers'-hours rules.
# SPDX-License-Identifier: MIT
"""``drivetime check FILE.json`` (``-`` reads stdin) judges an activity list
(docs/activity-list-format.md): exit 0 compliant, 1 with infringements, 2 on
bad input, with a message naming the offending entry."""

import json
import sys

from host_tools.commands import EXIT_BAD_INPUT, EXIT_COMPLIANT, EXIT_INFRINGEMENTS

GROUP = ""
NAME = "check"
HELP = "check an activity list against the drivers'-hours rules"
DESCRIPTION = ("Check an activity list (JSON) against the drivers'-hours rules. "
               "Exit status: 0 compliant, 1 infringements, 2 bad input.")


def add_arguments(check):
    check.add_argument("file", metavar="FILE", help="activity list (JSON); '-' reads stdin")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.add_argument("--status-at", metavar="TIME",
                       help="show the driver's counters at this UTC time (ISO 8601 with a zone)")
    check.add_argument("--profile", default="eu",
                       help="rule profile: eu (default), aetr, or a base with working-time "
                            "categories such as eu+am_minor")
    check.add_argument("--set", action="append", default=[], metavar="ENTRY=MINUTES",
                       help="employer setting that makes the profile stricter (repeatable)")


def overrides(settings):
    """``--set ENTRY=VALUE`` items as a dict of minutes, booleans or None."""
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


def run(args):
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
        result = check.analyse(data, args.profile, status_at, overrides(args.set))
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
