# `drivetime unit --config FILE`: run the cab unit on a Raspberry Pi.
# SPDX-License-Identifier: MIT
"""``drivetime unit --config FILE`` runs the cab unit (``drivetime_pi``,
imported only for this command); exit 2 for a bad config file."""

GROUP = ""
NAME = "unit"
HELP = "run the cab unit (Raspberry Pi port)"
DESCRIPTION = ("Run the cab unit: CAN, GPS, buttons and display as the config file says, until "
               "stopped (SIGTERM or Ctrl-C). Exit status: 0 after a clean stop, 2 for a bad config file.")


def add_arguments(unit):
    unit.add_argument("--config", required=True, metavar="FILE", help="unit config (TOML)")


def run(args):
    from drivetime_pi.main import run_unit     # lazy: the port's libraries load here
    return run_unit(args.config)
