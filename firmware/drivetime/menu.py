# The driver's manual entries and choices on the unit, with its few buttons, as a tachograph's dialogue.
# SPDX-License-Identifier: MIT
"""Dialogues of the cab unit (issue 4): manual entries, country, settings.

A tachograph lets the driver enter, at the start of the day, the activities
since the card was last withdrawn, and the countries at the start and end of
the day (Annex IC req 102-105; Reg. (EU) 165/2014 Art 34(3) and 34(7)). The
unit does the same with its existing buttons only:

- ``day`` to start the day: if the record holds a stretch with no record (a
  gap or UNKNOWN) of at least :data:`OFFER_MIN` minutes ending within the
  last 24 h, the "offer" screen asks whether it was rest ("ack": entered as
  break/rest through :meth:`drivetime.unit.Unit.manual_entry`; "mode": left
  unknown). Then, and also at the end of the day, the "country" screen:
  "activity" shows the next country of the ``countries`` setting, "ack" (or
  ``day`` again) confirms, "mode" cancels.
- on the "menu" screen "activity" moves the cursor and "ack" does the entry:
  ``last_break`` turns the latest stop into break/rest (a forgotten break,
  Art 7), ``lang`` the next language, ``crew``, ``buzzer``, ``country`` (a
  border crossed: the position is journalled too), ``export`` (the driver's
  own record as CSV, :class:`drivetime.unit.Export`, no key needed: issue 5).

:func:`configure` applies the office's settings (the sync's CONFIG).

An unacknowledged warning comes first: the unit gives "ack" to it (Annex IC
req 189) before any dialogue sees the key.
"""

from drivetime import activity as act
from drivetime.messages import LANGS

MENU = ("last_break", "lang", "crew", "stop", "buzzer", "country", "export")
"""The menu's entries, one a row under the title; "stop" is shown only."""
OFFER_MIN = 15          # a shorter stretch is no break at all (Art 7: parts of at least 15 min)
LOOK_BACK_MIN = 1440    # the rest before this shift: within the last 24 h


def unrecorded(ring, now, limit, min_len=OFFER_MIN, window=LOOK_BACK_MIN):
    """The latest stretch with no record (gaps and UNKNOWN merged), clipped to
    the ``window`` before ``now`` and ending by ``limit`` (the record's end).

    :returns: ``(start, end)`` in UTC minutes, or None when no stretch is at
        least ``min_len`` long
    """
    lo = now - window
    best = run = None
    for a, b in _holes(ring.since(lo), lo, limit):
        if run is not None and a == run[1]:
            run[1] = b
            continue
        if run is not None and run[1] - run[0] >= min_len:
            best = (run[0], run[1])
        run = [a, b]
    if run is not None and run[1] - run[0] >= min_len:
        best = (run[0], run[1])
    return best


def _holes(entries, lo, limit):
    prev = lo
    for start, end, activity, _ in entries:
        if start > prev:
            yield prev, start
        if activity == act.UNKNOWN:
            yield start, end
        prev = end
    if limit is not None and limit > prev:
        yield prev, limit


def last_stop(ring, limit):
    """The latest stop: the stretch between two runs of driving, or after the
    last driving up to ``limit`` (the record's end).

    :returns: ``(start, end, to_change)`` where ``to_change`` says it holds
        other work, availability or no record; None when the record has no
        driving before a stop
    """
    i = len(ring) - 1
    end = limit
    while i >= 0 and ring[i][2] == act.DRIVING and ring[i][1] >= end:   # the drive going on
        end = ring[i][0]
        i -= 1
    j, to_change, prev = i, False, end
    while j >= 0 and ring[j][2] != act.DRIVING:
        s, e, a, _ = ring[j]
        to_change = to_change or a != act.BREAK_REST or e < prev    # a gap is no record
        prev = s
        j -= 1
    if j < 0 or ring[j][1] >= end:
        return None
    start = ring[j][1]
    return start, end, to_change or prev > start


class Dialogue:
    """The open dialogue ("offer", "country" or None) and the menu's cursor.

    :ivar offer: ``(start, end)`` of the stretch offered as rest
    :ivar event: "start" or "end" of the day being entered
    :ivar note: message id of the menu's last result, or None
    """

    def __init__(self):
        self.kind = None
        self.offer = None
        self.event = None
        self.country = ""
        self.cursor = 0
        self.note = None

    def state(self):
        """The dashboard's keys for the dialogue screens and the menu."""
        return {"offer": self.offer, "event": self.event, "country": self.country,
                "cursor": self.cursor, "note": self.note}

    def button(self, unit, name, mono_ms, on_menu):
        """Give a button to the open dialogue or the menu.

        :returns: True when the button was used here
        """
        k = self.kind
        if k is None and name == "day":
            return self._open_day(unit, mono_ms)
        if k == "offer" and name in ("ack", "mode"):
            a, b = self.offer
            if name == "ack":
                try:
                    unit.manual_entry(mono_ms, a, b, act.BREAK_REST)
                except ValueError:
                    pass            # the record changed meanwhile; nothing entered
            unit._log("offer", start=a, end=b, accepted=name == "ack")
            self._ask_country(unit, "start")
            return True
        if k == "country" and name in ("activity", "ack", "day", "mode"):
            if name == "activity":
                codes = self._countries(unit)
                self.country = codes[(codes.index(self.country) + 1) % len(codes)]
            elif name != "mode":
                unit.settings["country"] = self.country
                unit.day_open = self.event == "start"
                unit._log("day", event=self.event, country=self.country)
                unit.position(self.event)       # Reg. 165/2014 Art 8(1)(a)
            if name != "activity":
                self.kind = self.offer = self.event = None
            return True
        if k is None and on_menu and name in ("activity", "ack"):
            if name == "activity":
                self.cursor = (self.cursor + 1) % len(MENU)
                self.note = None
            else:
                self.note = self._do(unit, MENU[self.cursor], mono_ms)
            return True
        return k is not None and name in ("activity", "ack", "day")     # swallowed in a dialogue

    def _open_day(self, unit, mono_ms):
        if not unit.day_open and unit._now is not None:
            self.offer = unrecorded(unit.ring, unit._now, unit.record_end())
            if self.offer is not None:
                self.kind = "offer"
                return True
        self._ask_country(unit, "end" if unit.day_open else "start")
        return True

    def _ask_country(self, unit, event):
        self.kind, self.event, self.offer = "country", event, None
        self.country = unit.settings["country"] or self._countries(unit)[0]

    def _countries(self, unit):
        codes = tuple(unit.settings["countries"])
        c = unit.settings["country"]
        return codes if not c or c in codes else (c,) + codes

    def _do(self, unit, entry, mono_ms):
        """Carry out a menu entry. :returns: the message id of its result, or None"""
        s = unit.settings
        if entry == "last_break":
            stop = last_stop(unit.ring, unit.record_end())
            if stop is None or not stop[2]:
                return "n_no_stop"
            try:
                unit.manual_entry(mono_ms, stop[0], stop[1], act.BREAK_REST)
            except ValueError:      # recorded driving in it: never overwritten
                return "n_refused"
            if not unit._moving and stop[1] == unit.record_end():
                unit.select(mono_ms, act.BREAK_REST)    # the stop goes on as a break
            return "n_break_done"
        if entry == "lang":
            s["lang"] = LANGS[(LANGS.index(s["lang"]) + 1) % len(LANGS)] \
                if s["lang"] in LANGS else LANGS[0]
            unit._log("lang", lang=s["lang"])
        elif entry == "crew":
            unit.toggle_crew()
        elif entry == "buzzer":
            s["buzzer"] = not s["buzzer"]
            unit._log("buzzer", on=s["buzzer"])
        elif entry == "country":
            codes = self._countries(unit)
            s["country"] = codes[(codes.index(s["country"]) + 1) % len(codes)] \
                if s["country"] in codes else codes[0]
            unit._log("country", country=s["country"])
            unit.position("other")              # a border crossed (Art 8(1), 2020/1054)
        elif entry == "export":
            if not len(unit.ring):
                return "no_data"
            from drivetime.export import csv_lines
            from drivetime.unit import Export
            unit._out.append(Export(csv_lines(unit.ring)))
            return "n_exported"
        return None


STOP_NAMES = {"other_work": act.OTHER_WORK, "break_rest": act.BREAK_REST}


def configure(unit, settings):
    """Apply the office's settings (keys: lang, buzzer, local_offset_min,
    stop_activity, countries, driver_card, driver_name); each change is
    journalled as ``config`` (the value as text, a list joined with ","), a
    driver change also as ``driver``. A key not known or a value not valid
    is refused and changes nothing.

    :returns: the refused keys
    """
    s, refused, changed = unit.settings, [], []
    for k in settings:
        v = settings[k]
        new = _valid(k, v)
        if new is None:
            refused.append(k)
        elif new != s[k]:
            s[k] = new
            changed.append(k)
            unit._log("config", key=k, value=",".join(v) if k == "countries" else str(v))
    if "stop_activity" in changed and unit._pipe is not None:
        p = unit._pipe                  # from the next stop on (Annex IC req 048)
        p.stop_activity = s["stop_activity"]
        if p.recorder is not None:
            p.recorder.stop_activity = s["stop_activity"]
    if "driver_card" in changed or "driver_name" in changed:
        unit._log("driver", card=s["driver_card"], name=s["driver_name"])
    if "local_offset_min" in changed:
        unit._rebuild()                 # local days and nights (Dir 2002/15)
    return refused


def _valid(k, v):
    """The setting's new value, or None when ``v`` is not valid for ``k``."""
    if k == "lang":
        return v if v in LANGS else None
    if k == "buzzer":
        return v if v is True or v is False else None
    if k == "local_offset_min":     # UTC-12:00 .. UTC+14:00
        return v if isinstance(v, int) and not isinstance(v, bool) and -720 <= v <= 840 else None
    if k == "stop_activity":
        return STOP_NAMES.get(v) if isinstance(v, str) else None
    if k == "countries":
        ok = isinstance(v, (list, tuple)) and v and all(
            [isinstance(c, str) and 0 < len(c) <= 3 for c in v])
        return tuple(v) if ok and len(",".join(v)) <= 255 else None
    if k in ("driver_card", "driver_name"):     # a journal text: at most 255 bytes
        return v if isinstance(v, str) and len(v.encode()) <= 255 else None
    return None
