# A small fleet's journals with known infringements, imported into an office store.
# SPDX-License-Identifier: MIT
"""Journals of four drivers on three units, built with the unit's own encoder
(drivetime.journal.Writer) and imported with host_tools.office.import_download,
one download per day, as the office would receive them.

The week is Monday 2026-03-02 .. Sunday 2026-03-08 (UTC).  Every working day
opens with power on, the card (``driver``), a ``start`` position, and closes
with an ``end`` position and power off: the night is time with no record.

- Anna (card ``DA``) on ``U1``: Mon 06:00 drives 5 h straight (Art 7), then
  45 min break, 1 h driving, 30 min other work (ends 13:15); Tue 06:00 drives
  4 h 30 + 4 h 30 + 1 h 30 with two 45 min breaks: 10 h 30 in the day
  (Art 6(1)), ends 18:00; no record at all Wed and Thu; Fri 06:00 4 h + 45 min
  + 4 h + 30 min other work (lawful), ends 15:15.
- Carl (``DC``) on ``U1`` Thu 06:00: 4 h, 45 min break, 2 h (lawful).
- Bert (``DB``) on ``U2`` works every day Mon..Sun 06:00-15:00 (4 h 30
  driving, 45 min break, 3 h driving, 45 min other work) and rests only
  15 h each night; on Sunday he starts work at 06:00, exactly 6 x 24 h after
  his record began (RULES.md §3.6(a): the weekly rest assumed before the
  data ends at its start), and begins a recorded 48 h rest at 15:00.
- Dora (``DD``) on ``U3`` works Mon..Fri 06:00-15:00 like Bert, rests 30 h
  (Fri 15:00 - Sat 21:00, recorded break), drives Sat 21:00 - Sun 06:00 and
  works Mon 9 and Tue 10 March from 05:00 (23 h later: a daily rest): one
  reduced weekly rest, owed 45 h - 30 h = 15 h.
"""

from drivetime import timeutil
from drivetime.journal import Writer
from host_tools import office
from host_tools.store import Store

DAY = 1440
MONDAY = timeutil.parse_iso("2026-03-02T00:00:00Z")[0]
KEYS = {"U1": bytes(range(32)), "U2": bytes(range(1, 33)), "U3": bytes(range(2, 34))}
NAMES = {"DA": "Anna Adler", "DB": "Bert Berg", "DC": "Carl Cruz", "DD": "Dora Dahl"}
HOME = (31512, 8043)        # Berlin in 1/600 degree (journal "g" positions)


def at(day, hour, minute=0):
    """Minute of ``day`` (0 = Monday 2 March 2026) at ``hour:minute`` UTC."""
    return MONDAY + day * DAY + hour * 60 + minute


def driver_day(writer, start, card, plan, power_off=True):
    """One working day's download: ``plan`` is ``[(activity, minutes), ...]`` from ``start``.

    :returns: the bytes (START anchor first, SEAL last)
    """
    out = writer.start()
    out += writer.record("power", start, {"on": True})
    out += writer.record("driver", start, {"card": card, "name": NAMES[card]})
    out += writer.record("position", start, {"lat": HOME[0], "lon": HOME[1], "reason": "start"})
    t = start
    for activity, minutes in plan:
        out += writer.record("activity", t, {"start": t, "activity": activity, "flags": 0})
        t += minutes
    out += writer.record("position", t, {"lat": HOME[0] + 60, "lon": HOME[1], "reason": "end"})
    if power_off:
        out += writer.record("power", t, {"on": False})
    return out + writer.seal()


ANNA_MON = [("driving", 300), ("break_rest", 45), ("driving", 60), ("other_work", 30)]
ANNA_TUE = [("driving", 270), ("break_rest", 45), ("driving", 270), ("break_rest", 45),
            ("driving", 90)]
ANNA_FRI = [("driving", 240), ("break_rest", 45), ("driving", 240), ("other_work", 30)]
CARL_THU = [("driving", 240), ("break_rest", 45), ("driving", 120)]
WORKDAY = [("driving", 270), ("break_rest", 45), ("driving", 180), ("other_work", 45)]


def downloads():
    """``[(unit, bytes), ...]`` in the order the office imports them."""
    out = []
    u1 = Writer(KEYS["U1"])
    out.append(("U1", driver_day(u1, at(0, 6), "DA", ANNA_MON)))
    out.append(("U1", driver_day(u1, at(1, 6), "DA", ANNA_TUE)))
    out.append(("U1", driver_day(u1, at(3, 6), "DC", CARL_THU)))
    out.append(("U1", driver_day(u1, at(4, 6), "DA", ANNA_FRI)))
    u2 = Writer(KEYS["U2"])
    for day in range(6):
        out.append(("U2", driver_day(u2, at(day, 6), "DB", WORKDAY)))
    # Sunday: the day's work, then a recorded 48 h rest (power off after it)
    out.append(("U2", driver_day(u2, at(6, 6), "DB", WORKDAY + [("break_rest", 48 * 60)])))
    u3 = Writer(KEYS["U3"])
    for day in range(4):
        out.append(("U3", driver_day(u3, at(day, 6), "DD", WORKDAY)))
    out.append(("U3", driver_day(u3, at(4, 6), "DD", WORKDAY + [("break_rest", 30 * 60)])))
    # Fri 15:00: 30 h of rest, then 9 h of night duty from Sat 21:00 to Sun 06:00
    out.append(("U3", driver_day(u3, at(5, 21), "DD", [("driving", 270), ("break_rest", 45),
                                                       ("driving", 180), ("other_work", 45)])))
    # Mon 9 and Tue 10 March from 05:00: 23 h after Sunday 06:00, a daily rest, not a weekly one
    for day in (7, 8):
        out.append(("U3", driver_day(u3, at(day, 5), "DD", WORKDAY)))
    return out


def fill(store):
    """Import the fleet's downloads into ``store``; returns it."""
    for n, (unit, data) in enumerate(downloads()):
        office.import_download(store, unit, data, KEYS[unit], "day%02d-%s.bin" % (n, unit))
    return store


def fleet_store(path=None):
    """A :class:`Store` (file ``path`` or in memory) holding the fleet."""
    return fill(Store(path))
