# Reading the journal for the office: records from a seq on, at a cost of what is returned.
# SPDX-License-Identifier: MIT
"""The sync read path of :class:`drivetime.segments.SegmentJournal` (its ``read``).

A year's download is many GETs; each must cost what it returns, not what
the journal holds: segments wholly before the seq are skipped by their
names (a segment's name is its first seq), the records are found by their
framing and CRC alone (:func:`walk`, no HMAC), reading stops at
``max_bytes``, and only the head of the first segment read is run through
the chain, to make the START anchor its part needs.
"""

import struct
from binascii import crc32

from drivetime import journal as J
from drivetime.journal_kinds import KINDS, read_uvarint


def walk(data):
    """The data records of one segment, by framing and CRC only (no key, no chain):
    ``([(offset, end, seq), ...], good_end)`` - a bad byte is skipped as the
    decoder skips it (docs/log-format.md "Records")."""
    out, seq, i, good, n = [], None, 0, 0, len(data)
    while n - i >= 5:
        size = data[i] & 7
        body = i + 1
        if size == 7:
            size = data[i + 1]
            body += 1
        else:
            size += 2
        end = body + size + 2
        if end > n:
            break                       # a torn tail
        kind = data[i] >> 3
        if data[end - 2] | data[end - 1] << 8 != crc32(data[i:end - 2]) & 0xFFFF \
                or not (kind in KINDS or kind == J.SEAL or (kind == J.START and size == 27)):
            i += 1
            continue
        if kind == J.START:
            seq = struct.unpack("<I", data[body + 3:body + 7])[0]
        elif kind == J.SEAL:
            try:
                seq = read_uvarint(data, body)[0]
            except IndexError:          # varints running past the body: not a seal
                i += 1
                continue
        elif seq is not None:
            seq += 1 + ((data[body] - seq - 1) & 0xFF)     # seq8 says how many are missing
            out.append((i, end, seq))
        i = good = end
    return out, good



def read_part(journal, seq, max_bytes=None):
    """Whole records from ``seq`` on, at most about ``max_bytes`` (None: all of them).

    :returns: ``(first seq, count, bytes)`` - records ``first .. first +
        count - 1`` (``first`` is the oldest held seq >= ``seq``), each
        segment's part opened by a START anchor (made here when the part
        begins mid-segment) so that it verifies on its own; a SEAL stays
        with the records before it; torn bytes are left out. At least one
        record when any is held; ``(None, 0, b"")`` when none.

    A call costs what it returns, not what the journal holds: segments
    wholly before ``seq`` are skipped by their names, reading stops at
    ``max_bytes``, and only the first part's head is run through the
    HMAC chain (to make its START).
    """
    names = journal.segments()
    out, size, first, count = [], 0, None, 0
    for i, name in enumerate(names):
        if i + 1 < len(names) and int(names[i + 1][1:]) <= seq:
            continue                # every record in it is older: not even read
        data = journal.storage.read(name)
        recs, good_end = walk(data)
        k = 0
        while k < len(recs) and recs[k][2] < seq:
            k += 1
        if k == len(recs):
            continue
        begin = recs[k][0]
        head = data[:begin] if k == 0 else _start_before(journal.key, data, begin)
        if count and max_bytes is not None and size + len(head) + recs[k][1] - begin > max_bytes:
            break
        size += len(head)
        end = begin
        for j in range(k, len(recs)):
            stop = recs[j + 1][0] if j + 1 < len(recs) else good_end    # with its SEAL, if any
            if count and max_bytes is not None and size + stop - end > max_bytes:
                break
            if first is None:
                first = recs[j][2]
            size += stop - end
            end = stop
            count += 1
        out.append(head)
        out.append(data[begin:end])
        if max_bytes is not None and end < good_end:
            break
    return first, count, b"".join(out)


def _start_before(key, data, offset):
    """A START for the chain state just before ``data[offset]`` (HMAC over the head of the segment)."""
    dec = J.Decoder(key)
    for i in range(0, offset, 256):     # in pieces: the decoded records are dropped as it goes
        dec.feed(data[i:min(offset, i + 256)])
    return J.Writer(key, dec.seq, dec.minute, dec.mac).start()
