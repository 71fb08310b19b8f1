# The driver's own export (CSV, UTC) from the ring and from the journal, without the key.
# SPDX-License-Identifier: MIT
"""drivetime.export (issue 5: "The driver can view and export their own data on
the unit without the key"; RULES.md §10).  Expected lines are worked out by
hand from the minutes put in: T0 is Monday 2026-03-02 06:00Z."""

from drivetime.activity import BREAK_REST, DRIVING, FLAG_FERRY, FLAG_MOVING, OTHER_WORK
from drivetime.export import HEADER, csv_lines, flag_text, from_journal, from_ring, to_csv
from drivetime.ring import IntervalRing
from drivetime.segments import PowerCut, RamStorage, SegmentJournal
from drivetime.timeutil import parse_iso
from support import raises

KEY = b"unit-secret-export"
T0 = parse_iso("2026-03-02T06:00:00Z")[0]


def _journal(key=KEY, segment_bytes=4096, storage=None):
    j = SegmentJournal(storage if storage is not None else RamStorage(), key, segment_bytes=segment_bytes)
    j.recover()
    return j


def _change(j, t, activity, flags=0):
    j.append("activity", t, {"start": t, "activity": activity, "flags": flags})


def _day(j, t=T0, card=None):
    """4 h 30 driving, 45 min break, 3 h 45 driving, 30 min other work, power off."""
    j.append("power", t, {"on": True})
    if card is not None:
        j.append("driver", t, {"card": card, "name": "driver " + card})
    _change(j, t, "driving")
    _change(j, t + 270, "break_rest")
    _change(j, t + 315, "driving")
    _change(j, t + 540, "other_work")
    j.append("power", t + 570, {"on": False})
    j.seal()


# 06:00 + 270 min = 10:30, + 45 = 11:15, + 225 = 15:00, + 30 = 15:30 (all UTC).
DAY = [(T0, T0 + 270, "driving", 0), (T0 + 270, T0 + 315, "break_rest", 0),
       (T0 + 315, T0 + 540, "driving", 0), (T0 + 540, T0 + 570, "other_work", 0)]
DAY_CSV = (HEADER + "\n"
           "2026-03-02T06:00:00Z,2026-03-02T10:30:00Z,270,driving,\n"
           "2026-03-02T10:30:00Z,2026-03-02T11:15:00Z,45,break_rest,\n"
           "2026-03-02T11:15:00Z,2026-03-02T15:00:00Z,225,driving,\n"
           "2026-03-02T15:00:00Z,2026-03-02T15:30:00Z,30,other_work,\n")


def test_flags_are_named():
    assert flag_text(0) == ""
    assert flag_text(FLAG_MOVING) == "moving"
    assert flag_text(FLAG_MOVING | FLAG_FERRY) == "moving+ferry"


def test_ring_export_has_utc_intervals_and_minutes():
    ring = IntervalRing(16)
    ring.append(T0, T0 + 270, DRIVING)
    ring.append(T0 + 270, T0 + 315, BREAK_REST, FLAG_FERRY)   # a break on a ferry (Art 9)
    ring.append(T0 + 315, T0 + 345, OTHER_WORK)
    lines = list(csv_lines(from_ring(ring)))
    assert lines == [HEADER,
                     "2026-03-02T06:00:00Z,2026-03-02T10:30:00Z,270,driving,",
                     "2026-03-02T10:30:00Z,2026-03-02T11:15:00Z,45,break_rest,ferry",
                     "2026-03-02T11:15:00Z,2026-03-02T11:45:00Z,30,other_work,"]
    # from 10:00 on: the first drive is cut to its last 30 minutes
    assert from_ring(ring, since=T0 + 240)[0] == (T0 + 240, T0 + 270, "driving", 0)


def test_journal_export_is_the_day_as_driven():
    j = _journal()
    _day(j)
    assert from_journal(j) == DAY
    assert to_csv(from_journal(j)) == DAY_CSV
    assert from_journal(j.storage) == DAY          # the storage adapter alone will do


def test_journal_export_from_a_minute_on():
    j = _journal()
    _day(j)
    # from 11:00 (T0 + 300): the last 15 min of the break, then the rest of the day
    assert from_journal(j, since=T0 + 300) == [(T0 + 300, T0 + 315, "break_rest", 0)] + DAY[2:]
    assert from_journal(j, since=T0 + 570) == []    # nothing after power-off at 15:30


def test_journal_export_needs_no_key():
    # the same day journalled under two different unit secrets exports identically,
    # and the export API takes no key at all
    a, b = _journal(b"first-secret"), _journal(b"another-secret-entirely")
    _day(a)
    _day(b)
    assert from_journal(a) == from_journal(b) == DAY


def test_unsealed_and_torn_tail_still_export():
    st = RamStorage()
    j = _journal(storage=st)
    j.append("power", T0, {"on": True})
    _change(j, T0, "driving")
    _change(j, T0 + 60, "break_rest")               # unsealed: no seal yet
    st.cut_after = 3                                 # power cut inside the next write
    assert raises(PowerCut, _change, j, T0 + 90, "driving")
    # driving 06:00-07:00, then the break up to the last whole record's minute (07:00):
    # the torn record is lost, the break has no length yet
    assert from_journal(st) == [(T0, T0 + 60, "driving", 0)]


def test_manual_entry_replaces_recorded_time_but_not_driving():
    j = _journal()
    _change(j, T0, "other_work")
    _change(j, T0 + 60, "driving")
    _change(j, T0 + 120, "other_work")
    # the driver enters a break 06:30-08:00; driving 07:00-08:00 stays recorded
    j.append("manual", T0 + 130, {"start": T0 + 30, "end": T0 + 120, "activity": "break_rest"})
    j.append("power", T0 + 150, {"on": False})
    j.seal()
    assert from_journal(j) == [(T0, T0 + 30, "other_work", 0), (T0 + 30, T0 + 60, "break_rest", 0),
                               (T0 + 60, T0 + 120, "driving", 0), (T0 + 120, T0 + 150, "other_work", 0)]


def test_only_the_drivers_own_time():
    j = _journal()
    _day(j, T0, card="NL-A")
    _day(j, T0 + 1440, card="NL-B")                  # another driver on the same unit next day
    day_b = [(s + 1440, e + 1440, a, f) for s, e, a, f in DAY]
    assert from_journal(j) == day_b                  # the driver at the wheel now: B
    assert from_journal(j, card="NL-A") == DAY       # A sees A's day, nothing of B's
    assert from_journal(j, card="NL-C") == []
    assert "NL-A" not in to_csv(from_journal(j)) and "driver" not in to_csv(from_journal(j))[len(HEADER):]


def test_driver_change_mid_activity_cuts_the_interval():
    j = _journal()
    j.append("driver", T0, {"card": "A1", "name": "a"})
    _change(j, T0, "other_work")
    j.append("driver", T0 + 20, {"card": "B2", "name": "b"})
    _change(j, T0 + 40, "driving")
    j.append("power", T0 + 100, {"on": False})
    j.seal()
    assert from_journal(j, card="A1") == [(T0, T0 + 20, "other_work", 0)]
    # time before any driver record is nobody's for certain: left out
    k = _journal()
    _change(k, T0, "other_work")
    k.append("driver", T0 + 10, {"card": "A1", "name": "a"})
    k.append("power", T0 + 30, {"on": False})
    k.seal()
    assert from_journal(k) == [(T0 + 10, T0 + 30, "other_work", 0)]
    assert from_journal(j) == [(T0 + 20, T0 + 40, "other_work", 0), (T0 + 40, T0 + 100, "driving", 0)]


def test_many_segments_export_each_interval_once():
    j = _journal(segment_bytes=160)
    t = T0
    expected = []
    for i in range(40):                              # alternate 30 min driving / 15 min rest
        act, length = ("driving", 30) if i % 2 == 0 else ("break_rest", 15)
        _change(j, t, act)
        expected.append((t, t + length, act, 0))
        t += length
    j.append("power", t, {"on": False})
    j.seal()
    assert len(j.segments()) >= 3                    # records spread over several segments
    assert from_journal(j) == expected


def test_empty_journal_exports_the_header_only():
    assert from_journal(_journal()) == []
    assert to_csv([]) == HEADER + "\n"


def test_after_a_power_cut_the_time_off_is_no_activity():
    # Driving from 06:00; the last record before the cut is the pre-warning at
    # 10:15 (T0 + 255); the unit is back at 16:00 with no power-down on record.
    # The drive is known to 10:15 only; 10:15-16:00 is unknown (RULES.md §1),
    # not driving, as the office reads it (host_tools.analysis.walk).
    j = _journal()
    j.append("power", T0, {"on": True})
    _change(j, T0, "driving")
    j.append("warning", T0 + 255, {"code": "continuous_driving", "level": "pre"})
    j.append("power", T0 + 600, {"on": True})
    _change(j, T0 + 600, "other_work")
    j.append("power", T0 + 610, {"on": False})
    j.seal()
    assert from_journal(j) == [(T0, T0 + 255, "driving", 0), (T0 + 600, T0 + 610, "other_work", 0)]
