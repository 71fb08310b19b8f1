# The driver's own record as plain text (CSV), from the unit, without the company key.
# SPDX-License-Identifier: MIT
"""Export of the driver's own data (issue 5, "Sync": "The driver can view and
export their own data on the unit without the key"; RULES.md §10).

Two sources, one output:

* :func:`from_ring` - the unit's :class:`~drivetime.ring.IntervalRing` (the
  last 28 days the "my data" screen shows).
* :func:`from_journal` - a :class:`~drivetime.segments.SegmentJournal` or its
  storage adapter (everything still on flash).  The journal's payloads are
  not encrypted: only the HMAC chain needs the unit's secret, and checking
  it is the office's job (``drivetime office verify``).  So the export
  decodes with no key and neither needs nor reveals one; it is the
  driver's copy, not evidence.

Only the driver's own data: when the journal names drivers (``driver``
records, a card number each), only the time while ``card`` (by default the
driver named last, i.e. the one at the wheel now) was on the unit is
exported; other drivers' intervals are cut out.

:func:`csv_lines` yields one line at a time (the MicroPython port writes
them to a file or the USB console without building the whole text);
times are UTC, ISO 8601, as the tachograph records them (Reg 165/2014).
"""

from drivetime.activity import FLAG_FERRY, FLAG_MOVING, FLAG_OUT_OF_SCOPE, NAMES
from drivetime.journal import Decoder
from drivetime.timeutil import format_minute

HEADER = "start_utc,end_utc,minutes,activity,flags"
_FLAG_NAMES = ((FLAG_MOVING, "moving"), (FLAG_OUT_OF_SCOPE, "out_of_scope"), (FLAG_FERRY, "ferry"))
_NO_KEY = b""   # payloads decode without the secret; the chain is not checked here


def flag_text(flags):
    """``"moving+ferry"`` style names of an interval's flags ("" for none)."""
    return "+".join([name for bit, name in _FLAG_NAMES if flags & bit])


def csv_lines(intervals):
    """Yield the CSV header, then one line per ``(start, end, activity, flags)``.

    ``activity`` is a code (drivetime.activity) or its name.
    """
    yield HEADER
    for start, end, activity, flags in intervals:
        if not isinstance(activity, str):
            activity = NAMES[activity]
        yield "%s,%s,%d,%s,%s" % (format_minute(start), format_minute(end), end - start,
                                  activity, flag_text(flags))


def to_csv(intervals):
    """The whole export as one text (lines ending in ``\\n``)."""
    return "".join([line + "\n" for line in csv_lines(intervals)])


def from_ring(ring, since=None):
    """The ring's intervals ``(start, end, activity name, flags)``, oldest first.

    :param since: a UTC minute to start from (None: everything in the ring)
    """
    source = ring if since is None else ring.since(since)
    return [(s, e, NAMES[a], f) for s, e, a, f in source]


def journal_records(source):
    """Yield every whole data record on flash once, in seq order, one segment
    in memory at a time (the board's heap cannot hold a year of records).

    :param source: a SegmentJournal (its ``storage``) or a storage adapter
    """
    storage = getattr(source, "storage", source)
    last = None
    for name in sorted([n for n in storage.list() if n.startswith("j")]):
        dec = Decoder(_NO_KEY)              # each segment opens with its own anchor
        for rec in dec.feed(storage.read(name)):
            if last is None or rec.seq > last:
                last = rec.seq
                yield rec


def from_journal(source, card=None, since=None):
    """The driver's intervals ``(start, end, activity name, flags)`` from the journal.

    ``activity`` records mark a change at ``start``; it lasts until the next
    change, a power-down or the last record.  ``manual`` entries replace
    what was recorded in their span except driving (the unit refuses a manual
    entry over recorded driving), as the office reads the same records
    (host_tools.analysis.timeline).

    :param card: the driver whose time is exported (None: the last named one)
    :param since: a UTC minute: only time from then on (None: all on flash)
    """
    out, open_, end_of_record = [], None, None
    manuals, drivers = [], []               # (start, end, activity); (from minute, card)
    for r in journal_records(source):
        f = r.fields
        if end_of_record is None or r.minute > end_of_record:
            end_of_record = r.minute
        if r.kind == "activity":
            start = f["start"] if open_ is None else max(f["start"], open_[0])
            if open_ is not None and start > open_[0]:
                _close(out, open_, start, since)
            open_ = (start, f["activity"], f["flags"])
        elif r.kind == "power" and not f["on"] and open_ is not None:
            if r.minute > open_[0]:
                _close(out, open_, r.minute, since)
            open_ = None
        elif r.kind == "manual" and f["end"] > f["start"]:
            manuals.append((f["start"], f["end"], f["activity"]))
        elif r.kind == "driver":
            drivers.append((r.minute, f["card"]))
    if open_ is not None and end_of_record > open_[0]:
        _close(out, open_, end_of_record, since)
    for start, end, activity in manuals:
        out = _overlay(out, start, end, activity)
    if since is not None:
        out = [(max(s, since), e, a, fl) for s, e, a, fl in out if e > since]
    if not drivers:
        return out                          # a unit that never named a driver: one driver
    return _only_driver(out, drivers, drivers[-1][1] if card is None else card)


def _close(out, open_, end, since):
    if since is None or end > since:
        out.append((open_[0], end, open_[1], open_[2]))


def _overlay(intervals, start, end, activity):
    kept, pos = [], start
    for iv in intervals:
        s, e = iv[0], iv[1]
        if iv[2] == "driving" or e <= start or s >= end:
            kept.append(iv)
            continue
        if s < start:
            kept.append((s, start) + iv[2:])
        if e > end:
            kept.append((end, e) + iv[2:])
    for s, e in sorted([(max(iv[0], start), min(iv[1], end)) for iv in intervals
                        if iv[2] == "driving" and iv[0] < end and iv[1] > start]):
        if s > pos:
            kept.append((pos, s, activity, 0))
        pos = max(pos, e)
    if pos < end:
        kept.append((pos, end, activity, 0))
    kept.sort()
    return kept


def _only_driver(intervals, drivers, card):
    """Cut ``intervals`` to the spans while ``card`` was the driver on the unit
    (from its ``driver`` record to the next one).  Time before the first
    ``driver`` record is nobody's for certain, so it is left out."""
    spans = []
    for i in range(len(drivers)):
        if drivers[i][1] == card:
            until = drivers[i + 1][0] if i + 1 < len(drivers) else None
            spans.append((drivers[i][0], until))
    out = []
    for s, e, a, f in intervals:
        for lo, hi in spans:
            cs, ce = max(s, lo), e if hi is None else min(e, hi)
            if cs < ce:
                out.append((cs, ce, a, f))
    return out
