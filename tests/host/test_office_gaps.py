# The office and a unit that overwrote unconfirmed records at its journal's hard cap.
# SPDX-License-Identifier: MIT
"""A gap before a download is accepted only when the unit's own ``lost``
record (under the HMAC chain) explains exactly those records; any other gap
is refused as before, leaving the database as it was (issue 5)."""

import pytest

from drivetime import timeutil
from drivetime.segments import RamStorage, SegmentJournal
from host_tools import office
from host_tools.store import Store

KEY = bytes(range(32))
UNIT = "NL-0077"
T0 = timeutil.parse_iso("2026-03-02T06:00:00Z")[0]


class Unit:
    """A unit's journal with small segments and a small cap, activity every 30 minutes."""

    def __init__(self):
        self.journal = SegmentJournal(RamStorage(), KEY, segment_bytes=200, budget_bytes=800,
                                      cap_bytes=1600)
        self.journal.recover()
        self.t = T0

    def work(self, n):
        for i in range(n):
            self.t += 30
            activity = ("driving", "other_work")[i % 2]
            self.journal.append("activity", self.t, {"start": self.t, "activity": activity, "flags": 0})
        self.journal.seal()

    def download(self, from_seq):
        return self.journal.read_from(from_seq)

    def overwrite(self):
        """Work without a download until the cap overwrites; :returns: the first seq still held."""
        while self.journal.lost is None:
            self.work(5)
        self.work(3)
        return int(self.journal.segments()[0][1:])


def _synced(unit, store):
    result = office.import_download(store, UNIT, unit.download(1), KEY, "first")
    unit.journal.confirm(result.last_seq)
    return result.last_seq


def test_a_gap_explained_by_a_lost_record_is_accepted_and_verifies():
    unit, store = Unit(), Store()
    unit.work(10)
    last = _synced(unit, store)
    first_held = unit.overwrite()
    assert first_held > last + 1                    # the unit no longer holds last + 1 ..
    assert unit.journal.lost == (last + 1, first_held - 1)
    result = office.import_download(store, UNIT, unit.download(last + 1), KEY, "after the cap")
    assert result.first_seq == first_held and result.last_seq == unit.journal.writer.seq
    assert result.gap == (last + 1, first_held - 1)
    lost = [e["fields"] for e in store.events(UNIT) if e["kind"] == "lost"]
    assert {"first": last + 1, "last": first_held - 1} in lost
    # the stored chain verifies across the explained gap
    assert office.verify(store, UNIT, KEY) == []
    # and a repeat adds nothing
    assert office.import_download(store, UNIT, unit.download(last + 1), KEY, "again").added == 0


def _refused(store, data, *words):
    counts = store.counts()
    with pytest.raises(office.DownloadRefused) as err:
        office.import_download(store, UNIT, data, KEY, "bad")
    assert store.counts() == counts
    for word in words:
        assert word in str(err.value), str(err.value)


def test_a_gap_without_a_lost_record_is_refused():
    # segments removed behind the journal's back (a tampered card): no lost record
    unit, store = Unit(), Store()
    unit.work(10)
    last = _synced(unit, store)
    unit.work(60)
    names = unit.journal.segments()
    for name in names[:3]:
        unit.journal.storage.remove(name)
    first_held = int(names[3][1:])
    _refused(store, unit.download(last + 1), "missing", "%d..%d" % (last + 1, first_held - 1))


def test_a_lost_record_that_does_not_cover_the_office_gap_is_refused():
    # the unit was confirmed further than this office holds (another office, or one
    # restored from an old backup): its lost record starts after the office's gap does
    unit, store = Unit(), Store()
    unit.work(20)
    office.import_download(store, UNIT, unit.download(1), KEY, "first")
    held = store.chain_state(UNIT)[0]
    unit.journal.confirm(held)
    unit.work(10)
    unit.journal.confirm(unit.journal.writer.seq)   # confirmed elsewhere, never stored here
    unit.overwrite()
    assert unit.journal.lost[0] > held + 1
    _refused(store, unit.download(held + 1), "missing")


def test_a_lost_record_from_a_lagging_watermark_is_accepted():
    # the office stored records the unit never heard confirmed (the ACK was lost):
    # the unit's lost record starts before the office's gap, and still ends where it must
    unit, store = Unit(), Store()
    unit.work(10)
    office.import_download(store, UNIT, unit.download(1), KEY, "first")
    unit.journal.confirm(4)                         # the unit only heard of 1..4
    last = store.chain_state(UNIT)[0]
    first_held = unit.overwrite()
    assert unit.journal.lost == (5, first_held - 1)
    result = office.import_download(store, UNIT, unit.download(last + 1), KEY, "after the cap")
    assert result.first_seq == first_held
    assert office.verify(store, UNIT, KEY) == []
