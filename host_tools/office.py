# The fleet office: import a unit's journal download, analyse it, verify the stored chain.
# SPDX-License-Identifier: MIT
"""Import, analysis and verification over :class:`host_tools.store.Store` (issue 5).

A *download* is the raw journal bytes of one unit, as the unit holds them on
flash (docs/log-format.md): data records, SEALs, and a START anchor at the
head of each segment.  :func:`import_download` checks all of it before it
writes anything: every CRC, the HMAC chain under the unit's key (every new
record covered by a valid seal), the link to the records the office already
holds, and that a repeated record is byte for byte the stored one (records
up to a retention cut, :mod:`host_tools.retention`, are skipped: the office
deleted them, and the chain must agree at the cut).  Any
fault refuses the whole download with :class:`DownloadRefused`, whose
message names the fault and where it is (byte offset and record number); the
database is then left exactly as it was.  An accepted download is written in
one transaction, together with what :mod:`host_tools.analysis` derives from
it (the activity timeline, positions, drivers and the rules engine's verdict).
"""

import hashlib
import json

from drivetime.journal import START, Decoder, ZERO_MAC
from host_tools import analysis


class DownloadRefused(ValueError):
    """A download the office will not store; the message says what and where."""


class ImportResult:
    """What an accepted download added: ``download_id``, ``offered``, ``added``,
    ``first_seq``/``last_seq`` of the new records (``None`` if none); ``gap``:
    ``(first, last)`` of records the office lacks that the unit's ``lost``
    record says it overwrote, or None."""

    def __init__(self, download_id, offered, added, first_seq, last_seq, gap=None):
        self.download_id, self.offered, self.added = download_id, offered, added
        self.first_seq, self.last_seq = first_seq, last_seq
        self.gap = gap


def load_keys(path):
    """Read the office key file: ``{"units": {"UNIT-ID": "hex key", ...}}`` (docs/office-guide.md)."""
    with open(path, "r", encoding="utf-8") as f:
        data = json.load(f)
    return {unit: bytes.fromhex(key) for unit, key in data.get("units", {}).items()}


def _record_spans(data, records):
    """``(offset, end)`` of each decoded record in ``data`` (a stream that decoded cleanly)."""
    spans, pos = [], 0
    for rec in records:
        raw = bytes(rec.raw)
        offset = getattr(rec, "offset", None)
        if offset is None or data[offset:offset + len(raw)] != raw:
            offset = data.index(raw, pos)
        spans.append((offset, offset + len(raw)))
        pos = offset + len(raw)
    return spans


def _refuse(where, what):
    raise DownloadRefused("%s: %s" % (where, what))


def _decode(unit_id, data, key, source, store):
    """Check a download; return ``(where, records, macs, seals, anchor)`` or raise :class:`DownloadRefused`.

    ``records`` are ``(offset, Record)``; ``macs`` the chain value after each;
    ``seals`` ``(seq, minute, mac, raw)`` for the SEAL/START bytes after record
    ``seq``; ``anchor`` the chain state of a START heading the download, or None.
    """
    where = "download %s of unit %s" % (source, unit_id)
    if not data:
        _refuse(where, "empty: no journal records")
    state = store.chain_state(unit_id)
    probe = Decoder(key)                # a START at the head sets the chain state itself
    probe.feed(data)
    probe.finish()
    anchored = not any("no anchor" in what for _offset, what in probe.problems)
    init = (None, None, None) if anchored else (state or (0, 0, ZERO_MAC))
    dec = Decoder(key, *init)
    got = dec.feed(data)
    dec.finish()
    for offset, what in dec.problems:
        if what.startswith("chain resumed"):
            continue                    # an anchor at seq > 0: linked to the store below
        _refuse(where, "byte %d: %s" % (offset, what))
    if not got:
        _refuse(where, "no data records")
    # The stream is clean: feed it again piece by piece, cut at record
    # boundaries, to learn the chain value after each data record (the
    # journal stores it only in seals); the bytes between records are seals.
    dec = Decoder(key, *init)
    records, macs, seals, anchor, pos = [], [], [], None, 0
    for rec, (offset, end) in zip(got, _record_spans(data, got)):
        if offset > pos:
            dec.feed(data[pos:offset])
            if pos == 0:
                anchor = (dec.seq, dec.minute, dec.mac) if anchored else None
            else:
                seals.append((dec.seq, dec.minute, dec.mac, data[pos:offset]))
        dec.feed(data[offset:end])
        records.append((offset, rec))
        macs.append(dec.mac)
        pos = end
    if pos < len(data):
        dec.feed(data[pos:])
        seals.append((dec.seq, dec.minute, dec.mac, data[pos:]))
    return where, records, macs, seals, anchor


def _explained(records, missing_first, missing_last):
    """The ``lost`` record among ``records`` that explains the gap ``missing_first ..
    missing_last``: it ends exactly at ``missing_last`` (the record before the
    download's first segment) and starts at or before ``missing_first`` (the unit
    counts from its confirmed watermark, which may lag the office's last record)."""
    for _offset, rec in records:
        if rec.kind == "lost" and rec.fields["last"] == missing_last \
                and rec.fields["first"] <= missing_first:
            return rec
    return None


def _before_origin(store, unit_id, where, anchor, records, macs):
    """A download whose START lies before the seal where retention cut the unit
    (:mod:`host_tools.retention`): the office took those records once and
    deleted them, so they are skipped, never added again.  What links the
    download to the stored chain is then the chain value after the origin
    record, which must be the stored origin's.

    :returns: the origin seq (records up to it are skipped), or None when the
        download starts at or after the origin, or the unit was never cut
    """
    origin = store.origin(unit_id)
    if anchor is None or origin is None or anchor[0] >= origin[0] \
            or store.origin_state(unit_id) is None:     # origin_state: set by a retention cut only
        return None
    cut = origin[0]
    for (offset, rec), mac in zip(records, macs):
        if rec.seq == cut:
            if mac != origin[2]:
                _refuse(where, "byte %d: record %d does not match the office's chain where "
                               "retention cut it (the seal after record %d)" % (offset, cut, cut))
            return cut
    _refuse(where, "byte 0: records %d..%d all lie before the seal after record %d, where "
                   "retention cut the office's data: they were deleted there and cannot be "
                   "checked against the stored chain" % (records[0][1].seq, records[-1][1].seq, cut))


def _link(store, unit_id, where, anchor, records):
    """Check that a START anchor continues the chain the office holds
    (an anchor before a retention cut: :func:`_before_origin`).

    :returns: the ``lost`` record explaining a gap before the anchor, or None (no gap)
    """
    state = store.chain_state(unit_id)
    if anchor is None or state is None:
        return None
    seq, minute, mac = anchor
    origin = store.origin(unit_id)
    if origin is not None and seq < origin[0] and store.origin_state(unit_id) is not None:
        return None             # checked at the origin by _before_origin
    if seq > state[0]:
        # The unit overwrote records the office never got (its journal hit the hard cap):
        # only a lost record under the chain, which the decoder checked from this START,
        # may explain the gap; the link itself cannot be checked.
        lost = _explained(records, state[0] + 1, seq)
        if lost is None:
            _refuse(where, "byte 0: starts after record %d; records %d..%d are missing "
                           "(the office holds up to %d)" % (seq, state[0] + 1, seq, state[0]))
        return lost
    if origin is not None and seq == origin[0]:
        held = origin[2]
    else:
        row = store.record(unit_id, seq)
        if row is None:         # the START after a gap a lost record explained, stored with the seals
            row = ([r for r in store.seals(unit_id) if r["seq"] == seq] or [None])[0]
        if row is None:
            _refuse(where, "byte 0: starts at record %d, before the office's first record" % seq)
        held = bytes.fromhex(row["mac"])
    if held != mac:
        _refuse(where, "byte 0: the anchor at record %d does not continue the stored chain" % seq)
    return None


def import_download(store, unit_id, data, key, source="-", profile="eu"):
    """Check ``data`` (raw journal bytes of one unit) and store it in one transaction.

    :raises DownloadRefused: on any fault; nothing is written then
    :returns: :class:`ImportResult`
    """
    data = bytes(data)
    where, records, macs, seals, anchor = _decode(unit_id, data, key, source, store)
    gap = _link(store, unit_id, where, anchor, records)
    cut = _before_origin(store, unit_id, where, anchor, records, macs)
    state = store.chain_state(unit_id)
    if gap is not None:
        # the START after the gap is kept with the seals: verify restarts the chain there
        seals = [(anchor[0], anchor[1], anchor[2], data[:records[0][0]])] + seals
    last = state[0] if state else None
    new = []
    for (offset, rec), mac in zip(records, macs):
        if cut is not None and rec.seq <= cut:
            continue            # taken before, then deleted by retention: never re-added
        if last is not None and rec.seq <= last:
            held = store.record(unit_id, rec.seq)
            if held is None or bytes(held["raw"]) != bytes(rec.raw):
                _refuse(where, "byte %d: record %d differs from the stored copy" % (offset, rec.seq))
            continue
        new.append({"seq": rec.seq, "kind": rec.kind, "minute": rec.minute, "fields": rec.fields,
                    "raw": rec.raw, "mac": mac})
    origin = anchor if anchor is not None else (0, 0, ZERO_MAC)
    if state is None and records:
        first = records[0][1].seq
        if anchor is None and first != 1:
            _refuse(where, "byte 0: starts at record %d with no anchor" % first)
    if not new:
        # a repeated download adds nothing, not even a downloads row (issue 5: idempotent)
        return ImportResult(None, len(records), 0, None, None)
    derived = analysis.derive(store, unit_id, new, profile)
    download_id = store.add_download(
        unit_id, new, offered=len(records), source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        seals=[s for s in seals if last is None or s[0] > last],
        origin=origin, **derived)
    return ImportResult(download_id, len(records), len(new), new[0]["seq"], new[-1]["seq"],
                        (last + 1, anchor[0]) if gap is not None else None)


def import_records(store, unit_id, records, key, source="-", profile="eu"):
    """:func:`import_download` for a list of raw journal records (bytes each, in order)."""
    return import_download(store, unit_id, b"".join(bytes(r) for r in records), key, source, profile)


def verify(store, unit_id, key):
    """Re-run the HMAC chain over a unit's stored records and seals.

    :returns: list of problems, each naming the record (seq); empty when the
        stored chain is whole and every record is covered by a stored seal
    """
    problems = []
    frames = [(r["seq"], 0, r) for r in store.records(unit_id)]
    frames += [(s["seq"], 1, s) for s in store.seals(unit_id)]
    frames.sort(key=lambda f: (f[0], f[1]))
    dec = Decoder(key, *(store.origin(unit_id) or (0, 0, ZERO_MAC)))
    lost = [e["fields"] for e in store.events(unit_id) if e["kind"] == "lost"]
    seen = 0
    for seq, is_seal, row in frames:
        raw = bytes(row["raw"])
        if is_seal and raw[:1] and raw[0] >> 3 == START and dec.seq is not None and seq > dec.seq \
                and any(f["last"] == seq and f["first"] <= dec.seq + 1 for f in lost):
            # records the unit overwrote before the office got them (a stored lost record
            # says which): the chain starts again at the START after them
            dec.finish()
            for _offset, problem in dec.problems[seen:]:
                problems.append("before the gap after record %d: %s" % (dec.seq, problem))
            dec, seen = Decoder(key), 0
            dec.feed(raw)
            seen = len(dec.problems)        # "chain resumed": the gap a lost record explains
            continue
        got = dec.feed(raw)
        what = "seal after record %d" % seq if is_seal else "record %d" % seq
        for _offset, problem in dec.problems[seen:]:
            problems.append("%s: %s" % (what, problem))
        seen = len(dec.problems)
        if is_seal:
            continue
        if not got or got[-1].seq != seq:
            problems.append("%s: the stored bytes do not decode as record %d" % (what, seq))
        elif dec.mac.hex() != row["mac"]:
            problems.append("%s: chain value differs from the one stored at import" % what)
    dec.finish()
    for _offset, problem in dec.problems[seen:]:
        problems.append("end of stored records: %s" % problem)
    unit = store.unit(unit_id)
    if frames and unit["last_seq"] != max(f[0] for f in frames if not f[1]):
        problems.append("unit %s: last_seq %s does not match the stored records" % (unit_id, unit["last_seq"]))
    return problems
