# `drivetime sim drive`: drive the simulated vehicle live in a terminal UI, the unmodified unit running beside it.
# SPDX-License-Identifier: MIT
"""``drivetime sim drive`` opens the live UI (:mod:`simulator.live`): the
tester drives, warps time and presses the driver's buttons while the unit
runs as its own process (``drivetime unit``) on the emulated SLCAN adapter
and GPS receiver. Exit 0 after ``q``; 2 for bad arguments."""

import sys

from host_tools.commands import EXIT_BAD_INPUT, EXIT_COMPLIANT

GROUP = "sim"
NAME = "drive"
HELP = "drive the simulated vehicle live (terminal UI) with the unit on emulated devices"
DESCRIPTION = ("Drive live: a terminal UI shows the vehicle (speed, odometer, position, country, "
               "ignition, time and warp) and the unit's dashboard as it shows it; keys accelerate "
               "and brake, press the driver's buttons, warp time (1x, 10x, 60x, 600x) and inject "
               "faults (see docs/tester-guide.md). The unit runs unmodified as its own process "
               "('drivetime unit') over an emulated SLCAN adapter and GPS receiver on "
               "pseudo-terminals. With --dir the files stay (the unit's config, log and journal, "
               "under the simulator's fixed unit key).")


def add_arguments(p):
    p.add_argument("--route", default="hamburg-salzburg",
                   help="a built-in route (default hamburg-salzburg)")
    p.add_argument("--warp", type=int, choices=(1, 10, 60, 600), default=1,
                   help="the starting time warp (default 1)")
    p.add_argument("--start", metavar="ISO", default="2026-03-02T06:00:00Z",
                   help="simulated UTC at the start (default 2026-03-02T06:00:00Z, a Monday)")
    p.add_argument("--lang", default="en", help="the dashboard's language (default en)")
    p.add_argument("--stop-activity", choices=("other_work", "break_rest"), default="other_work",
                   help="what the unit records when the vehicle stops (default other_work)")
    p.add_argument("--ccvs-hz", type=int, default=2, help="CCVS1 frames a second (default 2)")
    p.add_argument("--tco-hz", type=int, default=1, help="TCO1 frames a second (default 1)")
    p.add_argument("--nmea-hz", type=int, default=1, help="GPS fixes a second, 1-10 (default 1)")
    p.add_argument("--seed", type=int, default=1, help="the receiver's noise (default 1)")
    p.add_argument("--record-can", metavar="FILE",
                   help="record the CAN traffic (python-can log: .log candump, .asc, ...)")
    p.add_argument("--record-nmea", metavar="FILE", help="record the NMEA sentences")
    p.add_argument("--dir", metavar="DIR",
                   help="keep the session's files here (default: a temporary directory)")


def run(args):
    from drivetime.timeutil import parse_iso
    from simulator.route import ROUTES
    if args.route not in ROUTES:
        print("drivetime sim drive: no route %r (known: %s)" % (args.route, ", ".join(ROUTES)),
              file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        minute, second = parse_iso(args.start)
    except ValueError as exc:
        print("drivetime sim drive: --start %s: %s" % (args.start, exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    from simulator.live import DriveApp
    from simulator.live_session import LiveSession
    try:
        session = LiveSession(args.dir, args.route, args.warp,
                              {"ccvs_hz": args.ccvs_hz, "tco_hz": args.tco_hz,
                               "nmea_hz": args.nmea_hz},
                              {"lang": args.lang, "stop_activity": args.stop_activity},
                              minute * 60 + second, args.seed,
                              record=(args.record_can, args.record_nmea))
    except (ValueError, OSError, ImportError) as exc:
        print("drivetime sim drive: %s" % exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        DriveApp(session).run()
    finally:
        session.close()
    if args.dir:
        print("the unit's config, log and journal are in %s" % args.dir)
    for path in (args.record_can, args.record_nmea):
        if path:
            print("recorded %s (replay: drivetime sim replay)" % path)
    return EXIT_COMPLIANT
