# The `drivetime` command: argument parsing over the command modules of host_tools.commands.
# SPDX-License-Identifier: MIT
"""``drivetime`` and its subcommands.

Each subcommand is a module of :mod:`host_tools.commands` (``GROUP``,
``NAME``, ``HELP``, ``DESCRIPTION``, ``add_arguments``, ``run``); this file
only finds them and builds the parser, so adding a command touches no other
command.  ``drivetime --help`` and ``drivetime GROUP --help`` list them.

Exit status is the command's: 0 done and nothing wrong, 1 done with
something wrong found (infringements, a broken chain, an incomplete
download), 2 refused (bad input or arguments, with a message saying what).
"""

import argparse
import importlib
import pkgutil
import sys

from host_tools import commands
from host_tools.commands import EXIT_BAD_INPUT, EXIT_COMPLIANT, EXIT_INFRINGEMENTS  # noqa: F401

GROUPS = {
    "office": ("the fleet office: download, store, verify and report on unit journals",
               "The fleet office's database of unit journals (docs/office-guide.md)."),
    "sim": ("the simulator: drive the unit on emulated CAN and GPS",
            "Drive the unmodified unit on emulated CAN and GPS (docs/tester-guide.md)."),
}


def command_modules():
    """Every command module, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        found.append(importlib.import_module("host_tools.commands." + info.name))
    return found


def _parser():
    parser = argparse.ArgumentParser(prog="drivetime", description="Open EU drivers'-hours monitor.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    groups = {}
    for module in command_modules():
        if module.GROUP:
            if module.GROUP not in groups:
                help_, description = GROUPS[module.GROUP]
                group = sub.add_parser(module.GROUP, help=help_, description=description)
                groups[module.GROUP] = group.add_subparsers(dest="action", metavar="ACTION")
                groups[module.GROUP].required = True
            where = groups[module.GROUP]
        else:
            where = sub
        p = where.add_parser(module.NAME, help=module.HELP, description=module.DESCRIPTION)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        # the reader (e.g. `head`) left early: not an error of ours
        sys.stderr.close()
        return EXIT_COMPLIANT


if __name__ == "__main__":
    sys.exit(main())
