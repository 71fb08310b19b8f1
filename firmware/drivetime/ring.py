# The driver's recent activity intervals in fixed memory: the 28-day view and re-evaluation.
# SPDX-License-Identifier: MIT
"""A ring buffer of activity intervals ``[start, end)`` in UTC minutes.

The unit keeps the recent record here for two jobs (DESIGN.md, "ring
buffer"): the driver's 28-day view, which the driver must be able to show
at a roadside check (the current day and the previous 28 days, Art 36 of
Reg. (EU) 165/2014), and re-evaluation after a manual entry, when a
forgotten break is added afterwards and the rules engine has to be run again
from a fresh start over the corrected record.

Memory is allocated once, in the constructor, in chunks of 128 entries:
per chunk two ``array('i')`` columns for start and end (32-bit signed; UTC
minutes stay below 2**30 until the year 4011, see :mod:`drivetime.timeutil`)
and one ``bytearray`` for activity and flags packed as
``activity | flags << 3``. That is 9 bytes per entry and no object per
entry, so appending never allocates and the heap does not grow. Chunks of
512 bytes, rather than one 6 KiB column, still fit in a small board's heap
once it is fragmented.

Capacity. The driver's view covers the current day and the previous 28
days (29 calendar days, as Art 36 asks of the records carried). With at
least one day off in each fixed week, that is at most 25 working days; a day
off costs no entry of its own (it merges into the rest that began the day
before). The default of 1536 entries (13.5 KiB of data; 15.2 KiB of heap
with the chunks' object headers on the 64-bit unix port, measured by
``make bench``) therefore allows 61
intervals on every working day. After the one-minute rule a long-haul day
has some 10-30 activity changes and a multi-drop delivery day 40-60 (each
stop is a few minutes of other work or availability between driving), so
the default holds four weeks of real use with room to spare. Contiguous
intervals of the same activity and flags are merged on append, so feeding
minute by minute costs no more entries than feeding whole intervals. When
the ring is full the oldest entry is overwritten and
:attr:`IntervalRing.dropped` counts it, so a view that reaches past
:meth:`IntervalRing.first_start` can say so.

A gap between two appended intervals is kept as a gap (it costs no entry);
readers treat it as time with no record (UNKNOWN, RULES.md §1), as the
rules engine does.
"""

from array import array

DEFAULT_CAPACITY = 1536         # 25 working days x 61 intervals, 29 calendar days (see above)

_CHUNK_BITS = 7                 # 128 entries a chunk
_CHUNK = 1 << _CHUNK_BITS
_CHUNK_MASK = _CHUNK - 1
_FLAG_SHIFT = 3                 # activity in bits 0-2, flags in bits 3-5
_ACTIVITY_MASK = 7
_MAX_ACTIVITY = 4               # drivetime.activity.UNKNOWN
_MAX_FLAGS = 7                  # FLAG_MOVING | FLAG_OUT_OF_SCOPE | FLAG_FERRY


def _check(start, end, activity, flags, after):
    """Raise ValueError unless the interval is non-empty, valid and not before ``after``."""
    if end <= start:
        raise ValueError("interval %d..%d: end is not after start" % (start, end))
    if start < after:
        raise ValueError("interval %d..%d starts before the previous one ended (%d): out of order"
                         % (start, end, after))
    if not 0 <= activity <= _MAX_ACTIVITY or not 0 <= flags <= _MAX_FLAGS:
        raise ValueError("interval %d..%d: bad activity %r or flags %r" % (start, end, activity, flags))


class IntervalRing:
    """The most recent ``capacity`` activity intervals, oldest first.

    Entries are ``(start_min, end_min, activity, flags)`` with the codes of
    :mod:`drivetime.activity`. Do not append while iterating.

    :param capacity: number of entries kept (at least 1)
    :ivar dropped: entries overwritten because the ring was full, since
        construction or the last :meth:`clear`
    :raises ValueError: for a capacity below 1
    """

    def __init__(self, capacity=DEFAULT_CAPACITY):
        if capacity < 1:
            raise ValueError("capacity must be at least 1, got %r" % (capacity,))
        self.capacity = capacity
        self._starts, self._ends, self._kinds = [], [], []
        for first in range(0, capacity, _CHUNK):
            n = min(_CHUNK, capacity - first)
            self._starts.append(array("i", bytes(4 * n)))
            self._ends.append(array("i", bytes(4 * n)))
            self._kinds.append(bytearray(n))
        self._head = 0          # slot of the oldest entry
        self._count = 0
        self.dropped = 0

    def __len__(self):
        return self._count

    def clear(self):
        """Forget every entry (and the count of dropped ones); keeps the memory."""
        self._head = 0
        self._count = 0
        self.dropped = 0

    def _slot(self, i):
        """Storage slot of the ``i``-th entry, 0 = oldest."""
        slot = self._head + i
        return slot - self.capacity if slot >= self.capacity else slot

    def _end_at(self, slot):
        return self._ends[slot >> _CHUNK_BITS][slot & _CHUNK_MASK]

    def _entry(self, slot):
        c, j = slot >> _CHUNK_BITS, slot & _CHUNK_MASK
        k = self._kinds[c][j]
        return self._starts[c][j], self._ends[c][j], k & _ACTIVITY_MASK, k >> _FLAG_SHIFT

    def __getitem__(self, i):
        """The ``i``-th entry, oldest first; negative ``i`` counts from the newest.

        :raises IndexError: outside ``-len(self) <= i < len(self)``
        """
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError("ring index out of range")
        return self._entry(self._slot(i))

    def first_start(self):
        """Start of the oldest entry kept, or None when empty."""
        return self._entry(self._head)[0] if self._count else None

    def last_end(self):
        """End of the newest entry, or None when empty."""
        return self._end_at(self._slot(self._count - 1)) if self._count else None

    # -- writing -------------------------------------------------------------

    def append(self, start, end, activity, flags=0):
        """Add ``[start, end)`` after the newest entry.

        An interval that continues the newest entry with the same activity
        and flags extends it instead of taking a new entry. When the ring is
        full the oldest entry is overwritten and counted in :attr:`dropped`.

        :raises ValueError: for an empty interval, one that starts before the
            newest entry ends (out of order or overlapping), or a bad
            activity or flags value
        """
        count = self._count
        if count:
            last = self._slot(count - 1)
            c, j = last >> _CHUNK_BITS, last & _CHUNK_MASK
            after = self._ends[c][j]
            _check(start, end, activity, flags, after)
            kind = activity | flags << _FLAG_SHIFT
            if start == after and self._kinds[c][j] == kind:
                self._ends[c][j] = end
                return
        else:
            _check(start, end, activity, flags, start)
            kind = activity | flags << _FLAG_SHIFT
        if count == self.capacity:
            slot = self._head
            self._head = self._slot(1)
            self.dropped += 1
        else:
            slot = self._slot(count)
            self._count = count + 1
        c, j = slot >> _CHUNK_BITS, slot & _CHUNK_MASK
        self._starts[c][j] = start
        self._ends[c][j] = end
        self._kinds[c][j] = kind

    def replace_from(self, minute, intervals):
        """Rewrite the record from ``minute`` on with ``intervals``.

        For a manual correction made afterwards (a forgotten break, a wrong
        activity): everything at or after ``minute`` is removed, an entry
        that straddles ``minute`` is cut to end there, and ``intervals`` are
        appended (merging as :meth:`append` does). The new intervals are
        checked before anything changes, so a bad correction leaves the ring
        as it was.

        :param minute: first minute to rewrite
        :param intervals: ``(start, end, activity, flags)`` in time order,
            none starting before ``minute``
        :returns: the number of entries removed or cut
        :raises ValueError: for an empty, overlapping or out-of-order
            interval, one before ``minute``, or a bad activity or flags
        """
        intervals = list(intervals)
        after = minute
        for start, end, activity, flags in intervals:
            _check(start, end, activity, flags, after)
            after = end
        keep = self._index_ending_after(minute)
        touched = self._count - keep
        self._count = keep
        # The entry at index `keep` (if it was there) straddles `minute` when
        # it starts before it: keep its first part.
        if touched:
            slot = self._slot(keep)
            c, j = slot >> _CHUNK_BITS, slot & _CHUNK_MASK
            if self._starts[c][j] < minute:
                self._ends[c][j] = minute
                self._count = keep + 1
        for start, end, activity, flags in intervals:
            self.append(start, end, activity, flags)
        return touched

    # -- reading -------------------------------------------------------------

    def _index_ending_after(self, minute):
        """Index of the oldest entry whose end is after ``minute`` (len if none).

        Entries are in time order, so a binary search over the ends finds it.
        """
        lo, hi = 0, self._count
        while lo < hi:
            mid = (lo + hi) >> 1
            if self._end_at(self._slot(mid)) > minute:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def __iter__(self):
        """Entries ``(start, end, activity, flags)``, oldest to newest."""
        for i in range(self._count):
            yield self._entry(self._slot(i))

    def since(self, minute):
        """Entries from ``minute`` on, oldest first: the record of ``[minute, ...)``.

        An entry that straddles ``minute`` is yielded cut to start there, so
        the result can be fed to a fresh rules engine as the record from
        ``minute``. Time before :meth:`first_start` is not kept.
        """
        first = self._index_ending_after(minute)
        for i in range(first, self._count):
            start, end, activity, flags = self._entry(self._slot(i))
            yield (minute if start < minute else start), end, activity, flags
