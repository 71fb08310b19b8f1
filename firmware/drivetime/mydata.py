# "My data": the driver's own record of the last days, from the unit's ring buffer.
# SPDX-License-Identifier: MIT
"""The driver may see their own data on the unit (RULES.md §10; issue 4)."""

from drivetime.activity import DRIVING, OTHER_WORK


def driver_days(ring, now, local_offset_min, count=28):
    """``(local day start, driving, other work)`` minutes of the last ``count``
    local days up to ``now``, newest first.

    :param ring: an :class:`~drivetime.ring.IntervalRing`
    :param now: the current UTC minute
    """
    today = (now + local_offset_min) // 1440 * 1440 - local_offset_min
    first = today - (count - 1) * 1440
    drive, work = [0] * count, [0] * count
    for start, end, activity, flags in ring.since(first):
        if activity != DRIVING and activity != OTHER_WORK:
            continue
        while start < end:
            i = (start - first) // 1440
            cut = min(end, first + (i + 1) * 1440)
            if i < count:
                (drive if activity == DRIVING else work)[i] += cut - start
            start = cut
    return [(first + i * 1440, drive[i], work[i]) for i in range(count - 1, -1, -1)]
