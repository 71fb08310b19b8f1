# The [[expect]] tables of a scenario file: their keys, their checks on load, their words.
# SPDX-License-Identifier: MIT
"""A scenario's expectations (:mod:`simulator.scenario` reads the file;
:mod:`simulator.expect` judges them). Each ``[[expect]]`` table is one of
:data:`EXPECT_KEYS`; :func:`check_options` refuses what cannot be judged
with a ValueError saying what is wrong.

Beyond present or absent, an ``infringement`` may name its ``severity``
(a 2016/403 row, or ``"none"``: a rule with no row, RULES.md §6), its
``count`` (how many of them) and its ``measured`` value (``"4h35"``, within
``tolerance``, default 0); a ``journal`` expectation may name ``fields``
that one record of the kind must carry (``fields = { reason = "other" }``).
"""

LEVELS = ("pre", "limit")
SEVERITIES = ("MI", "SI", "VSI", "MSI", "none")     # "none": no 2016/403 row (severity null)
EXPECT_KEYS = {
    "warning": ("level", "at", "tolerance", "present", "note"),
    "status": ("equals", "min", "max", "at", "tolerance", "note"),
    "infringement": ("severity", "present", "count", "measured", "tolerance", "check", "note"),
    "screen": ("at", "present", "note"),
    "fault": ("on", "at", "note"),
    "journal": ("present", "fields", "note"),
}
UNIT_FAULTS = ("gps_lost", "can_silent", "motion_conflict")


class Expect:
    """One expectation: ``kind``, ``subject`` (code, key, rule, text...), ``options``,
    ``at`` (UTC second or None: the end of the run), ``tolerance_s``, ``line``, ``index``.
    An infringement's ``measured`` and ``tolerance`` are in ``options`` as minutes."""

    def __init__(self, kind, subject, options, at, tolerance_s, line, index):
        self.kind, self.subject, self.options = kind, subject, options
        self.at, self.tolerance_s, self.line, self.index = at, tolerance_s, line, index

    def describe(self):
        o = self.options
        if self.kind == "warning":
            return "warning %s %s" % (self.subject, o.get("level", "pre/limit"))
        if self.kind == "status":
            cmp = " ".join("%s %s" % (k, o[k]) for k in ("equals", "min", "max") if k in o)
            return "status %s %s" % (self.subject, cmp)
        if self.kind == "infringement":
            terms = infringement_terms(o)
            return "infringement %s%s %s" % (self.subject, " (%s)" % ", ".join(terms) if terms else "",
                                             "x%d" % o["count"] if "count" in o else "present"
                                             if o.get("present", True) else "absent")
        if self.kind == "fault":
            return "fault %s %s" % (self.subject, "on" if o.get("on", True) else "off")
        if self.kind == "screen":
            return "screen shows %r" % (self.subject,)
        what = self.subject + (" " + fields_text(o["fields"]) if "fields" in o else "")
        return "journal has %s%s" % ("" if o.get("present", True) else "no ", what)


def infringement_terms(o):
    """``["severity SI", "measured 4h35 +-2m"]``: the terms an infringement must meet."""
    terms = []
    if "severity" in o:
        terms.append("severity %s" % o["severity"])
    if "measured" in o:
        terms.append("measured %s%s" % (hours(o["measured"]),
                                        " +-%dm" % o["tolerance"] if o.get("tolerance") else ""))
    return terms


def hours(minutes):
    """``275`` -> ``"4h35"``."""
    return "%dh%02d" % divmod(minutes, 60)


def fields_text(fields):
    return "{%s}" % ", ".join("%s = %r" % kv for kv in sorted(fields.items()))


def check_options(kind, subject, opts, at, parse_duration):
    """Refuse what cannot be judged (ValueError); :returns: the tolerance in seconds.

    An infringement's ``measured`` and ``tolerance`` become minutes in ``opts``."""
    for k in opts:
        if k not in EXPECT_KEYS[kind]:
            raise ValueError("unknown key %r for a %s expectation" % (k, kind))
    if kind == "warning":
        from drivetime.warnings import CODES
        if subject not in CODES:
            raise ValueError("warning codes: %s" % ", ".join(CODES))
        if opts.get("level", "pre") not in LEVELS:
            raise ValueError("level pre or limit")
        if at is None and opts.get("present", True):
            raise ValueError("a warning expectation needs at = ...")
        return parse_duration(opts.get("tolerance", "1m"), "tolerance")
    if kind == "status":
        if not any(k in opts for k in ("equals", "min", "max")):
            raise ValueError("say equals = ..., min = ... or max = ...")
    elif kind == "infringement":
        _infringement(opts, at, parse_duration)
    elif kind == "fault" and subject not in UNIT_FAULTS:
        raise ValueError("unit faults: %s" % ", ".join(UNIT_FAULTS))
    elif kind == "journal":
        _journal(subject, opts)
    return 0


def _infringement(opts, at, parse_duration):
    if "at" in opts:
        raise ValueError("infringements are checked at the end of the run (no at)")
    if "severity" in opts and opts["severity"] not in SEVERITIES:
        raise ValueError("severity one of %s (none: no 2016/403 row)" % ", ".join(SEVERITIES))
    if opts.get("check", "unit") not in ("unit", "office", "both"):
        raise ValueError("check = unit, office or both")
    n = opts.get("count")
    if "count" in opts and (not isinstance(n, int) or isinstance(n, bool) or n < 0):
        raise ValueError("count = N: how many (0 or more)")
    if "count" in opts and "present" in opts:
        raise ValueError("say count = N or present = ..., not both (count = 0: absent)")
    if "tolerance" in opts and "measured" not in opts:
        raise ValueError("tolerance is for measured = ...")
    for k in ("measured", "tolerance"):
        if k in opts:
            s = parse_duration(opts[k], k)
            if s % 60:
                raise ValueError("%s in whole minutes (infringements are measured in minutes)" % k)
            opts[k] = s // 60


def _journal(subject, opts):
    from drivetime.journal_kinds import BY_NAME, KINDS
    if subject not in BY_NAME:
        raise ValueError("journal record kinds: %s" % ", ".join(sorted(BY_NAME)))
    if "fields" not in opts:
        return
    names = []
    for name, _ in KINDS[BY_NAME[subject]][1]:
        names.extend(name if isinstance(name, tuple) else (name,))
    f = opts["fields"]
    if not isinstance(f, dict) or not f:
        raise ValueError("fields = { %s = ... }: the fields one %s record must carry"
                         % (names[0], subject))
    for k, v in f.items():
        if k not in names:
            raise ValueError("a %s record's fields: %s" % (subject, ", ".join(names)))
        if isinstance(v, (dict, list)):
            raise ValueError("fields.%s: a string, a number or a boolean" % k)
