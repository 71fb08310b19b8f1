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


def refuse(command, text):
    """Say why ``drivetime office COMMAND`` cannot go on; :returns: :data:`EXIT_BAD_INPUT`."""
    print("drivetime office %s: %s" % (command, text), file=sys.stderr)
    return EXIT_BAD_INPUT


def missing_db(args, command):
    """:data:`EXIT_BAD_INPUT` after saying so when ``args.db`` does not exist
    (opening a Store would create an empty one), else None."""
    import os
    if not os.path.exists(args.db):
        return refuse(command, "no database %s" % args.db)
    return None


def at_option(args, command):
    """The minute ``--at`` names (now without it), or None after saying what is wrong."""
    from host_tools import retention
    try:
        return retention.parse_at(args.at)
    except ValueError as exc:
        refuse(command, "--at: %s" % exc)
        return None
