# What the port tells the cab unit for the journal, and the positions the unit journals.
# SPDX-License-Identifier: MIT
"""The port's side of :class:`drivetime.unit.Unit` (issue 5).

The journal gets a ``Log`` for each change; the port calls
:meth:`PortSide.restore` at boot before any input (the history back from the
journal, :mod:`drivetime.restore`), :meth:`PortSide.power` at boot and at a
clean stop (power-up also names the driver and the crew),
:meth:`PortSide.set_driver` for a card, :meth:`PortSide.port_fault` for what
only the port sees, and hands the office's settings to
:meth:`PortSide.apply_config`.

**Positions** (Reg. (EU) 165/2014 Art 8(1); nothing else, RULES.md §10): at
the start and end of the day, each 3 h of accumulated driving (a count over
all driving since the unit started, not reset by rest, out of scope or
ferry: Annex IC "accumulated driving time") and at a border (the country
changed through the menu). The fix is the one of that minute (or the minute
before); without one the unit waits up to :data:`POS_WAIT_MIN` for the next
fix and journals it at its minute, else journals no position (a stale one
would mislead).

**Rule settings** (:data:`RULE_KEYS`, defaults :data:`RULE_DEFAULTS`: the
engine's options, :mod:`drivetime.unit_rules`) are journalled as ``config`` records (key,
value as text) for the office's analysis and the restore: by
:meth:`PortSide.apply_config` when the office changes one, and at power-up
when any is not the default: the port's five values first (seq power+3 ..
power+7, in :data:`RULE_KEYS` order), then those in force that differ. A
reader going through the journal in order ends with the values in force;
the restore (:mod:`drivetime.unit_rules_boot`, before
:mod:`drivetime.restore`) tells an installer's edit of the port's values
from them, as for the driver and the crew.
"""

from drivetime.position import tenth_arcmin

POS_EVERY_MIN = 180  # a position every 3 h of accumulated driving (Reg. 165/2014 Art 8(1)(b))
POS_WAIT_MIN = 10    # no fix when a position is due: the first fix within this is taken

RULE_KEYS = ("profile", "transport", "twelve_day", "two_reduced_weekly", "wtd_anchor_week")
RULE_DEFAULTS = ("eu", "goods", False, False, 0)

class PortSide:
    """The port-facing methods of :class:`drivetime.unit.Unit` (its state is the unit's)."""

    def power(self, on, mono_ms):
        """Power up (journals the driver and the crew too) or a clean power down."""
        self._at(mono_ms)
        self._log("power", on=bool(on))
        if on:
            # The port's driver and crew first (drivetime.restore tells an
            # installer's change from them), then the ones in force if a
            # restore, a card or the office changed them.
            s, p = self.settings, self._port
            self._log("driver", card=p[0], name=p[1])
            self._log("crew", crew=p[2])
            if RULE_DEFAULTS != self._port_rules or RULE_DEFAULTS != self._rules():
                from drivetime.unit_rules import journal_rules
                journal_rules(self)     # seq power+3 ...
            if (s["driver_card"], s["driver_name"]) != p[:2]:
                self._log("driver", card=s["driver_card"], name=s["driver_name"])
            if s["crew"] != p[2]:
                self._log("crew", crew=s["crew"])

    def set_driver(self, card, name, mono_ms):
        """A driver card inserted (``card`` "" when withdrawn): journalled."""
        self._at(mono_ms)
        self.settings["driver_card"], self.settings["driver_name"] = card, name
        self._log("driver", card=card, name=name)

    def port_fault(self, name, on, mono_ms):
        """A fault only the port sees ("can_adapter", "journal_full"): on the
        faults screen and the fault LED, journalled when it changes."""
        self._at(mono_ms)
        if self.faults.get(name, False) != bool(on):
            self.faults[name] = bool(on)
            self._log("fault", fault=name, on=bool(on))

    def restore(self, journal):
        """Rebuild the history (ring, engine, choices, settings) from the
        journal on flash at boot, before the first input (:mod:`drivetime.restore`).

        :returns: ``(records read, intervals in the ring)``
        """
        from drivetime.unit_rules_boot import rule_texts   # (it forgets itself: once a boot)
        texts = rule_texts(self, journal)
        del rule_texts                  # (its module's globals with it)
        if texts:                       # taken before the restore: it rebuilds the engine
            from drivetime.unit_rules import restore_rules
            restore_rules(self, texts)
        from drivetime.restore import restore
        return restore(self, journal)

    def apply_config(self, settings):
        """The office's settings (:func:`drivetime.menu.configure`; the rule
        settings: :func:`drivetime.unit_rules.configure`). :returns: refused keys"""
        if [k for k in settings if k in RULE_KEYS]:
            from drivetime.unit_rules import configure
        else:
            from drivetime.menu import configure
        return configure(self, settings)

    def _rules(self):
        """The rule settings in :data:`RULE_KEYS` order."""
        return tuple([self.settings[k] for k in RULE_KEYS])

    def position(self, reason, minute=None):
        """Journal the position of ``minute`` (default now); ``reason`` "start",
        "end", "3h" or "other" (journal_kinds). No signal path: no position."""
        minute = self._now if minute is None else minute
        if self._pipe is not None and minute is not None:
            self._want = self._want[-3:] + [(reason, minute)]
            self._positions()

    def _drove(self, start, end):
        """Driving ``[start, end)`` recorded: a position at each 3 h of the count."""
        d = self._driven
        self._driven = d + end - start
        k = d // POS_EVERY_MIN + 1      # the next multiple of 3 h
        while k * POS_EVERY_MIN <= self._driven:
            self.position("3h", start + k * POS_EVERY_MIN - d)
            k += 1

    def _positions(self):
        keep = []
        for reason, minute in self._want:
            f = self._pipe.fixes.near(minute)
            if f is not None and f[0] <= minute + POS_WAIT_MIN:
                self._put_log("position", {"lat": tenth_arcmin(f[1]), "reason": reason,
                                           "lon": tenth_arcmin(f[2]), "minute": f[0]})
            elif self._now is None or self._now <= minute + POS_WAIT_MIN:
                keep.append((reason, minute))
        self._want = keep

    def _at(self, mono_ms):
        """Move to ``mono_ms``; the clock's minute when the signal path knows it."""
        self._mono = max(self._mono, mono_ms)
        t = self._pipe.timebase.now(self._mono) if self._pipe is not None else None
        if t is not None:
            self._now = t[0]
