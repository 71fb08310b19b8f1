# `drivetime sim replay --can FILE --nmea FILE`: recorded traffic through the unit; its activity minutes and final status.
# SPDX-License-Identifier: MIT
"""``drivetime sim replay`` feeds recorded CAN (python-can .log/.asc/...)
and NMEA logs to the unit's core (``simulator.replay``) and prints what
the unit made of them: its activity intervals (UTC), the minutes of each
activity, the journal's signal events (faults, clock adjustments, motion
conflicts), the infringements and the final status. Exit 0 when done with
no infringement, 1 with infringements, 2 for a file that cannot be read."""

import json
import sys

from host_tools.commands import EXIT_BAD_INPUT, EXIT_COMPLIANT, EXIT_INFRINGEMENTS

GROUP = "sim"
NAME = "replay"
HELP = "replay recorded CAN and NMEA logs into the unit"
DESCRIPTION = ("Replay a CAN log (python-can formats: candump .log, .asc, ...) and/or an NMEA log "
               "(one sentence a line, optionally after a UNIX time stamp) into the unit; print its "
               "activity minutes and final status. Exit status: 0 done, 1 infringements found, "
               "2 unreadable input.")
STOP_ACTIVITIES = ("other_work", "break_rest", "availability")
_SIGNAL_LOGS = ("fault", "time_adjust", "motion_conflict")


def add_arguments(p):
    p.add_argument("--can", metavar="FILE", help="CAN log (.log candump, .asc, or another "
                                                 "python-can format)")
    p.add_argument("--nmea", metavar="FILE", help="NMEA log")
    p.add_argument("--stop-activity", choices=STOP_ACTIVITIES, default="other_work",
                   help="the activity a stop becomes (the unit's setting; default other_work)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def summary(unit, outputs):
    """The unit's activity record and status after a replay, as a plain dict."""
    from drivetime.activity import NAMES
    from drivetime.timeutil import format_minute
    intervals, totals = [], dict((n, 0) for n in NAMES)
    for start, end, act, flags in unit.ring:
        intervals.append({"start": format_minute(start), "end": format_minute(end),
                          "activity": NAMES[act], "flags": flags, "minutes": end - start})
        totals[NAMES[act]] += end - start
    events = [dict(o.fields, kind=o.kind) for o in outputs
              if type(o).__name__ == "Log" and o.kind in _SIGNAL_LOGS]
    return {"intervals": intervals, "totals": totals, "events": events,
            "infringements": [{"rule": i.rule, "start": format_minute(i.start),
                               "end": format_minute(i.end), "measured_min": i.measured,
                               "limit_min": i.limit, "final": i.final}
                              for i in unit.infringements],
            "status": dict(unit.status), "faults": dict(unit.faults)}


def render_text(s, out):
    out.write("Activity record (UTC)\n")
    for i in s["intervals"]:
        out.write("  %s .. %s  %-12s %5d min\n" % (i["start"][:16], i["end"][11:16],
                                                   i["activity"], i["minutes"]))
    out.write("Minutes: %s\n" % ", ".join("%s %d" % kv for kv in s["totals"].items() if kv[1]))
    for e in s["events"]:
        fields = ", ".join("%s=%s" % kv for kv in sorted(e.items()) if kv[0] != "kind")
        out.write("Event: %s %s\n" % (e["kind"], fields))
    for i in s["infringements"]:
        out.write("Infringement: %s %s..%s measured %s limit %s%s\n" % (
            i["rule"], i["start"], i["end"], i["measured_min"], i["limit_min"],
            "" if i["final"] else " (open)"))
    st = s["status"]
    out.write("Final status: %s, continuous driving %s min, daily driving %s min, "
              "weekly driving %s min\n" % (st.get("activity"), st.get("continuous_driving_min"),
                                           st.get("daily_driving_min"),
                                           st.get("weekly_driving_min")))


def run(args):
    if not args.can and not args.nmea:
        print("drivetime sim replay: give --can FILE, --nmea FILE or both", file=sys.stderr)
        return EXIT_BAD_INPUT
    from drivetime import activity
    from drivetime.unit import Unit

    from simulator.replay import Replay, replay_into_unit
    try:
        replay = Replay(args.can, args.nmea)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        print("drivetime sim replay: cannot read the logs: %s" % exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    if not replay.events:
        print("drivetime sim replay: the logs hold no frames or sentences", file=sys.stderr)
        return EXIT_BAD_INPUT
    stop = getattr(activity, args.stop_activity.upper())
    unit = Unit({"stop_activity": stop})
    outputs, _ = replay_into_unit(unit, replay)
    s = summary(unit, outputs)
    if args.format == "json":
        json.dump(s, sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write("\n")
    else:
        render_text(s, sys.stdout)
    return EXIT_INFRINGEMENTS if s["infringements"] else EXIT_COMPLIANT
