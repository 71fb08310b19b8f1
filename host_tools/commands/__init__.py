# The `drivetime` subcommands, one module each, found by host_tools.cli.
# SPDX-License-Identifier: MIT
"""One module per ``drivetime`` subcommand.

:mod:`host_tools.cli` imports every module of this package and asks each for

* ``GROUP``: ``""`` for a top-level command (``drivetime check``), or the
  group it belongs to (``"office"``, ``"sim"``: ``drivetime office sync``);
* ``NAME``, ``HELP`` (one line for the command list) and ``DESCRIPTION``;
* ``add_arguments(parser)`` and ``run(args) -> exit status``.

A module imports only :mod:`argparse`-level things at the top; the libraries
a command needs load inside ``run`` so ``drivetime --help`` stays fast and a
missing port library only stops the command that needs it.  A new command is
a new module here: no other file changes.
"""

import sys

EXIT_COMPLIANT = 0          # done; nothing wrong found
EXIT_INFRINGEMENTS = 1      # done; infringements, a broken chain or an incomplete download
EXIT_BAD_INPUT = 2          # refused: bad input or arguments, with a message saying what


def add_db_argument(parser):
    parser.add_argument("--db", default="drivetime.db", metavar="FILE",
                        help="office database (SQLite; default drivetime.db)")


def add_keys_argument(parser):
    parser.add_argument("--keys", default="drivetime-keys.json", metavar="FILE",
                        help="office key file: each unit's journal key and the \"company\" key "
                             "(default drivetime-keys.json)")


def office_keys(args, command):
    """The unit keys of ``args.keys``, or None after saying why they cannot be read."""
    from host_tools import office
    try:
        return office.load_keys(args.keys)
    except (OSError, ValueError) as exc:
        print("drivetime office %s: cannot read the key file %s: %s" % (command, args.keys, exc),
              file=sys.stderr)
        return None
