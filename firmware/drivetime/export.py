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

:class:`Spans` is the one reading of the journal's intervals, shared with
the unit's restore at boot (:mod:`drivetime.restore`).

:func:`csv_lines` yields one line at a time (the MicroPython port writes
them to a file or the USB console without building the whole text);
times are UTC, ISO 8601, as the tachograph records them (Reg 165/2014).
"""

from drivetime.activity import FLAG_FERRY, FLAG_MOVING, FLAG_OUT_OF_SCOPE, NAMES
from drivetime.timeutil import format_minute

HEADER = "start_utc,end_utc,minutes,activity,flags"
_FLAG_NAMES = ((FLAG_MOVING, "moving"), (FLAG_OUT_OF_SCOPE, "out_of_scope"), (FLAG_FERRY, "ferry"))
_CHUNK = 64     # bytes of a segment decoded at a time: a few records (~8) in memory at once


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

    The payloads decode without the unit's secret (the chain is the office's
    to check), so the decoder walks the framing only: no HMAC per record.

    :param source: a SegmentJournal (its ``storage``) or a storage adapter
    """
    from drivetime.journal import Decoder     # here: the menu's export needs none of it
    storage = getattr(source, "storage", source)
    last = None
    for name in sorted([n for n in storage.list() if n.startswith("j")]):
        dec = Decoder(None)                 # each segment opens with its own anchor
        for i in range(0, storage.size(name), _CHUNK):
            # a piece at a time from flash: a whole segment would need one
            # 4 KB block, which a fragmented board heap may not have
            recs = dec.feed(storage.read(name, i, _CHUNK))
            del dec.pending[:]              # kept for seal checks only; none here
            for rec in recs:
                if last is None or rec.seq > last:
                    last = rec.seq
                    yield rec
        dec = None


class Spans:
    """The activity intervals a unit's journal records describe, read as the
    office reads them (host_tools.analysis.walk). Feed the records in seq
    order; each :meth:`feed` returns the interval it closed.

    An ``activity`` record marks a change at its ``start`` (never before the
    start of the activity going on); the activity lasts until the next
    change, a power-down (at its minute) or a power-up with no power-down
    before it: after a power cut the activity ended with the last record
    before the outage, and the time off is unknown (RULES.md §1).

    :ivar open: ``[start, activity name, flags]`` going on, or None
    :ivar end: the latest record minute (the end of the record)
    """

    def __init__(self):
        self.open = None
        self.end = None
        self._prev = None           # minute of the record before

    def feed(self, rec):
        """:returns: ``(start, end, activity name, flags)`` closed by ``rec``, or None"""
        f, done = rec.fields, None
        if rec.kind == "activity":
            start = f["start"] if self.open is None else max(f["start"], self.open[0])
            done = self.cut(start)
            self.open = [start, f["activity"], f["flags"]]
        elif rec.kind == "power":
            done = self.cut(rec.minute if not f["on"] else self._prev)
            self.open = None
        self._prev = rec.minute
        if self.end is None or rec.minute > self.end:
            self.end = rec.minute
        return done

    def cut(self, minute):
        """Close the open activity at ``minute``; it goes on from there.

        :returns: the closed part ``(start, end, activity name, flags)``, or None
        """
        o = self.open
        if o is None or minute is None or minute <= o[0]:
            return None
        done = (o[0], minute, o[1], o[2])
        o[0] = minute
        return done

    def finish(self):
        """The activity going on, closed at the end of the record (or None)."""
        return self.cut(self.end)


def card_spans(drivers, card):
    """The ``(from, until or None)`` minute spans while ``card`` was on the
    unit, from ``drivers``: ``(minute, card)`` of each ``driver`` record in
    order (a card is in until the next record names another)."""
    spans = []
    for i in range(len(drivers)):
        if drivers[i][1] == card:
            until = drivers[i + 1][0] if i + 1 < len(drivers) else None
            spans.append((drivers[i][0], until))
    return spans


def clip(interval, spans):
    """Yield the parts of ``(start, end, ...)`` inside ``spans`` (:func:`card_spans`)."""
    s, e = interval[0], interval[1]
    for lo, hi in spans:
        cs, ce = max(s, lo), e if hi is None else min(e, hi)
        if cs < ce:
            yield (cs, ce) + tuple(interval[2:])


def from_journal(source, card=None, since=None):
    """The driver's intervals ``(start, end, activity name, flags)`` from the journal
    (:class:`Spans`).  ``manual`` entries replace what was recorded in their
    span except driving (the unit refuses a manual entry over recorded
    driving), as the office reads the same records (host_tools.analysis.timeline).

    :param card: the driver whose time is exported (None: the last named one)
    :param since: a UTC minute: only time from then on (None: all on flash)
    """
    out, manuals, drivers, spans = [], [], [], Spans()
    for r in journal_records(source):
        _keep(out, spans.feed(r), since)
        f = r.fields
        if r.kind == "manual" and f["end"] > f["start"]:
            manuals.append((f["start"], f["end"], f["activity"]))
        elif r.kind == "driver":
            drivers.append((r.minute, f["card"]))
    _keep(out, spans.finish(), since)
    for start, end, activity in manuals:
        out = overlay(out, start, end, activity)
    if since is not None:
        out = [(max(s, since), e, a, fl) for s, e, a, fl in out if e > since]
    if not drivers:
        return out                          # a unit that never named a driver: one driver
    # Time before the first ``driver`` record is nobody's for certain: left out.
    mine = card_spans(drivers, drivers[-1][1] if card is None else card)
    return [part for iv in out for part in clip(iv, mine)]


def _keep(out, interval, since):
    if interval is not None and (since is None or interval[1] > since):
        out.append(interval)


def overlay(intervals, start, end, activity, driving="driving"):
    """``intervals`` (in time order) with ``[start, end)`` entered as
    ``activity``, except over the ``driving`` ones: a manual entry never
    overwrites recorded driving. :returns: a new list, in time order"""
    kept, pos = [], start
    for iv in intervals:
        s, e = iv[0], iv[1]
        if iv[2] == driving or e <= start or s >= end:
            kept.append(iv)
            continue
        if s < start:
            kept.append((s, start) + iv[2:])
        if e > end:
            kept.append((end, e) + iv[2:])
    for s, e in sorted([(max(iv[0], start), min(iv[1], end)) for iv in intervals
                        if iv[2] == driving and iv[0] < end and iv[1] > start]):
        if s > pos:
            kept.append((pos, s, activity, 0))
        pos = max(pos, e)
    if pos < end:
        kept.append((pos, end, activity, 0))
    kept.sort()
    return kept
