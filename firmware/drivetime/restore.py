# The unit's history rebuilt from its journal at boot: the last 28 days, the driver's choices, the settings.
# SPDX-License-Identifier: MIT
"""Restore at boot (:meth:`drivetime.unit.Unit.restore`).

The unit's ring and engine live in RAM, so without this every ignition
cycle or power cut would start the driver's counters from zero while the
office, reading the journal, knows better. The journal on flash is the
record: the unit reads it back as the office does
(:class:`drivetime.export.Spans`, one reading of the intervals for the
export, the unit and, in the same way, host_tools.analysis) and takes:

* the intervals (manual entries applied, never over recorded driving) of
  the driver now on the unit (the card named last, as the export), into
  the ring: the newest :attr:`~drivetime.ring.IntervalRing.capacity`
  entries (28 days and more); the engine is rebuilt over them. The time the
  unit was off is no record (a gap: UNKNOWN, RULES.md §1) unless the driver
  enters it (the start-of-day offer, :mod:`drivetime.menu`);
* what the driver chose on the unit: language, buzzer, crew, ferry / out of
  scope, the country and whether the day is open, the activity selected
  for the stop (if no driving came after it: Annex IC req 048);
* the office's settings (``config`` records) and the driver (``driver``);
* the accumulated driving behind the 3 h positions (Reg. 165/2014 Art 8(1)).

Crew and driver are journalled at each power-up from the port's settings.
If the port's setting now differs from what the last power-up journalled,
the port's configuration was changed since (an installer's edit) and it
wins; otherwise the latest journalled change (a button, a card, the
office) does.

Memory: the journal is read twice (settings first, then the intervals of
the card found), one segment at a time (:func:`~drivetime.export.journal_records`);
nothing grows with the journal's length but a list of card changes.
"""

from drivetime import activity as act
from drivetime.export import Spans, card_spans, clip, journal_records, overlay
from drivetime.unit_port import POS_EVERY_MIN

_STOPS = {"other_work": act.OTHER_WORK, "break_rest": act.BREAK_REST}    # menu.STOP_NAMES


def restore(unit, source):
    """Rebuild ``unit`` (before its first input) from the journal ``source``
    (a :class:`~drivetime.segments.SegmentJournal`, recovered, or its storage).

    Journals nothing: what is restored is on record already.

    :returns: ``(records read, intervals in the ring)``
    """
    s = unit.settings
    seen = _choices(source, s)
    drivers = seen.pop("drivers")
    mine = card_spans(drivers, s["driver_card"]) if drivers else None
    standing = seen.pop("standing")
    unit.flags, unit.day_open = seen.pop("flags"), seen.pop("day_open")
    unit._standing = s["stop_activity"] if standing is None else standing
    driven, last_3h = _intervals(source, unit.ring, mine, seen.pop("last_3h"))
    unit._driven = driven if last_3h is None else POS_EVERY_MIN + last_3h
    unit._last_rec = None           # the next minute recorded is journalled as a change
    unit._rebuild()
    return seen["records"], len(unit.ring)


def _choices(source, s):
    """First pass: settings and choices into ``s``; the card changes."""
    port = (s["driver_card"], s["driver_name"], s["crew"])
    echo = [None, None]             # driver, crew journalled by the last power-up
    last = [None, None]             # the latest driver, crew journalled
    seen = {"drivers": [], "standing": None, "flags": 0, "day_open": False, "last_3h": None,
            "records": 0}
    up = None                       # seq of the last power-up
    for r in journal_records(source):
        k, f = r.kind, r.fields
        seen["records"] += 1
        if k == "driver":
            last[0] = (f["card"], f["name"])
            if up is not None and r.seq <= up + 2:
                echo[0] = last[0]
            d = seen["drivers"]
            if not d or d[-1][1] != f["card"]:
                d.append((r.minute, f["card"]))
        elif k == "crew":
            last[1] = f["crew"]
            if up is not None and r.seq <= up + 2:
                echo[1] = last[1]
        elif k == "power" and f["on"]:
            up = r.seq
        elif k == "config":
            _config(s, f["key"], f["value"], last)
        elif k == "lang":
            s["lang"] = f["lang"]
        elif k == "buzzer":
            s["buzzer"] = f["on"]
        elif k in ("country", "day"):
            s["country"] = f["country"]
            if k == "day":
                seen["day_open"] = f["event"] == "start"
        elif k == "flags":
            seen["flags"] = ((act.FLAG_FERRY if f["ferry"] else 0)
                             | (act.FLAG_OUT_OF_SCOPE if f["out_of_scope"] else 0))
        elif k == "select":
            seen["standing"] = act.CODES[f["activity"]]
        elif k == "activity" and f["activity"] == "driving":
            seen["standing"] = None         # a drive since: the stop activity (req 048)
        elif k == "position" and f["reason"] == "3h":
            seen["last_3h"] = r.minute
    if last[0] is not None and (echo[0] is None or echo[0] == port[:2]):
        s["driver_card"], s["driver_name"] = last[0]
    if last[1] is not None and (echo[1] is None or echo[1] == port[2]):
        s["crew"] = last[1]
    return seen


def _config(s, key, value, last):
    """An office setting as journalled (its value as text, menu.configure)."""
    if key in ("lang", "driver_card", "driver_name"):
        s[key] = value
    elif key == "buzzer":
        s[key] = value == "True"
    elif key == "local_offset_min":
        s[key] = int(value)
    elif key == "stop_activity" and value in _STOPS:
        s[key] = _STOPS[value]
    elif key == "countries":
        s[key] = tuple(value.split(","))


def _intervals(source, ring, mine, last_3h):
    """Second pass: the intervals (of ``mine``, card spans; None: all) into
    ``ring``. :returns: ``(all driving minutes, driving after last_3h or None)``"""
    ring.clear()
    spans = Spans()
    count = [0, None if last_3h is None else 0]
    for r in journal_records(source):
        if r.kind == "manual" and r.fields["end"] > r.fields["start"]:
            f = r.fields
            _put(ring, spans.cut(f["end"]), mine, count, last_3h)     # the open part it covers
            for part in clip((f["start"], f["end"]), mine or ((f["start"], None),)):
                _manual(ring, part[0], part[1], act.CODES[f["activity"]])
        _put(ring, spans.feed(r), mine, count, last_3h)
    _put(ring, spans.finish(), mine, count, last_3h)
    return count[0], count[1]


def _put(ring, iv, mine, count, last_3h):
    if iv is None:
        return
    if iv[2] == "driving":
        count[0] += iv[1] - iv[0]
        if last_3h is not None and iv[1] > last_3h:
            count[1] += iv[1] - max(iv[0], last_3h)
    code = act.CODES[iv[2]]
    for s, e, _, flags in (clip(iv, mine) if mine is not None else (iv,)):
        floor = ring.last_end()
        if floor is not None and s < floor:     # the clock went back: kept in order
            s = floor
        if e > s:
            ring.append(s, e, code, flags)


def _manual(ring, start, end, activity):
    """A manual entry over the ring (not over driving), as the unit made it."""
    ring.replace_from(start, overlay(list(ring.since(start)), start, end, activity, act.DRIVING))
