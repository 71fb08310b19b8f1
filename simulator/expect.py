# Judge a scenario's expectations against what the unit showed, raised and journalled.
# SPDX-License-Identifier: MIT
"""Each check is a dict: ``index``, ``line``, ``what`` (the expectation in
words), ``at`` (``"+4h15m"`` after the start, or ``"end"``), ``expected``,
``actual`` and ``passed``. :func:`at_time` judges what the unit shows at a
moment (status, screen, faults), called by the runner when the virtual clock
reaches it; :func:`at_end` judges the rest once the run is over (warnings
raised, infringements found by the unit or by the office from the journal,
journal records).

A run is judged through what it offers: ``sc`` (the scenario),
``warnings`` (``(UTC second, code, level)`` as raised), ``unit`` (its
``live``, ``screen`` and ``faults``; None when off),
``infringements_found(where)`` (``[(rule, severity, measured)]``, where is
``"unit"`` or ``"office"``), ``journal_counts()`` (records per kind) and,
for a journal expectation naming ``fields``, ``journal_records()``
(``[(kind, fields)]``; a run without it fails such a check, saying so):
:class:`simulator.runner.Runner` and the demo's
:class:`simulator.demo_checks.DemoRun` both do."""


def offset(runner, t):
    """``"+1d 4h15m"``-style time of UTC second ``t`` after the scenario's start."""
    if t is None:
        return "end"
    s = t - runner.sc.start
    d, s = divmod(s, 86400)
    text = "+%s%dh%02dm" % ("%dd " % d if d else "", s // 3600, s // 60 % 60)
    return text + ("%02ds" % (s % 60) if s % 60 else "")


def _check(e, runner, expected, actual, passed):
    return {"index": e.index, "line": e.line, "what": e.describe(), "at": offset(runner, e.at),
            "expected": expected, "actual": actual, "passed": bool(passed)}


def _compare(value, o):
    tol = o.get("tolerance", 0)
    num = isinstance(value, (int, float)) and not isinstance(value, bool)
    if "equals" in o:
        want = o["equals"]
        if num and isinstance(want, (int, float)) and not isinstance(want, bool):
            if abs(value - want) > tol:
                return False
        elif value != want:
            return False
    if "min" in o and not (num and value >= o["min"] - tol):
        return False
    if "max" in o and not (num and value <= o["max"] + tol):
        return False
    return True


def at_time(e, runner):
    """Judge a status, screen or fault expectation on the unit as it is now."""
    u, o = runner.unit, e.options
    if u is None:
        return _check(e, runner, e.describe(), "the unit is off", False)
    if e.kind == "status":
        value = u.live.get(e.subject, "(no such key)")
        want = ", ".join("%s %r" % (k, o[k]) for k in ("equals", "min", "max") if k in o)
        if "tolerance" in o:
            want += " (+-%s)" % o["tolerance"]
        return _check(e, runner, want, value, _compare(value, o))
    if e.kind == "screen":
        rows = u.screen.rows if u.screen is not None else ()
        shown = any(e.subject in r for r in rows)
        want = o.get("present", True)
        return _check(e, runner, ("shows " if want else "does not show ") + repr(e.subject),
                      "%s: %s" % (u.screen.name if u.screen else "-", " | ".join(r.rstrip() for r in rows)),
                      shown == want)
    on = o.get("on", True)
    return _check(e, runner, "on" if on else "off", "on" if u.faults.get(e.subject) else "off",
                  bool(u.faults.get(e.subject)) == on)


def at_end(e, runner):
    """Judge a warning, infringement or journal expectation after the run."""
    o = e.options
    if e.kind == "warning":
        level, want = o.get("level", "pre"), o.get("present", True)
        raised = [(t, lv) for t, code, lv in runner.warnings if code == e.subject]
        if e.at is None:
            hit = [t for t, lv in raised if lv == level]
            exp = "never raised"
        else:
            hit = [t for t, lv in raised if lv == level and abs(t - e.at) <= e.tolerance_s]
            exp = "%s at %s +-%ds" % ("raised" if want else "not raised", offset(runner, e.at),
                                     e.tolerance_s)
        near = [r for r in raised if e.at is None or abs(r[0] - e.at) <= 1800]     # the half hour around
        actual = ", ".join("%s at %s" % (lv, offset(runner, t)) for t, lv in near[:8]) or (
            "not raised within 30 min" if raised else "never raised")
        return _check(e, runner, exp, actual, bool(hit) == want)
    if e.kind == "infringement":
        return _infringement(e, runner, o)
    want = o.get("present", True)
    if "fields" in o:
        return _journal_fields(e, runner, o["fields"], want)
    kinds = runner.journal_counts()
    return _check(e, runner, "present" if want else "absent",
                  "%d %s record(s)" % (kinds.get(e.subject, 0), e.subject),
                  (kinds.get(e.subject, 0) > 0) == want)


def _infringement(e, runner, o):
    """Present, absent or ``count`` times, of a ``severity`` ("none": null) and ``measured``."""
    from simulator.expectations import infringement_terms
    want = o.get("present", True)
    terms = infringement_terms(o)
    exp = ("%d of them" % o["count"] if "count" in o else "present" if want else "absent") + (
        " with " + ", ".join(terms) if terms else "")
    sev = o.get("severity")
    sev = None if sev == "none" else sev
    checks, actual = [], []
    for where in (("unit", "office") if o.get("check") == "both" else (o.get("check", "unit"),)):
        found = runner.infringements_found(where)
        hits = [i for i in found if i[0] == e.subject
                and ("severity" not in o or i[1] == sev)
                and ("measured" not in o or abs(i[2] - o["measured"]) <= o.get("tolerance", 0))]
        checks.append(len(hits) == o["count"] if "count" in o else bool(hits) == want)
        actual.append("%s: %s" % (where, ", ".join("%s %s (%s min)" % (r, s or "none", m)
                                                   for r, s, m in found) or "none"))
    return _check(e, runner, exp, "; ".join(actual), all(checks))


def _journal_fields(e, runner, fields, want):
    """A record of the kind carrying every one of ``fields`` (or none, ``present = false``)."""
    from simulator.expectations import fields_text
    records = getattr(runner, "journal_records", None)
    exp = "%s %s record with %s" % ("a" if want else "no", e.subject, fields_text(fields))
    if records is None:
        return _check(e, runner, exp, "this run cannot show the records' fields", False)
    mine = [f for kind, f in records() if kind == e.subject]
    hit = any(all(f.get(k) == v for k, v in fields.items()) for f in mine)
    shown = "; ".join(fields_text({k: f.get(k) for k in f if k != "minute"}) for f in mine[:4])
    return _check(e, runner, exp, "%d %s record(s)%s" % (len(mine), e.subject,
                                                         ": " + shown if shown else ""), hit == want)


def runner_infringements(runner, where):
    """``[(rule, severity, measured)]`` the unit found, or the office from the journal."""
    if where == "unit":
        return [(i.rule, i.severity, i.measured) for i in runner.result.infringements]
    cache = runner.result.__dict__.setdefault("_office", [])
    if not cache:
        from host_tools import office
        from host_tools.store import Store
        from simulator.runner import SIM_KEY, SIM_UNIT
        with Store() as store:
            office.import_download(store, SIM_UNIT, runner.result.journal, SIM_KEY, "simulator")
            cache.append([(r["rule"], r["severity"], r["measured_min"]) for r in
                          store.db["infringements"].rows_where(order_by="start")])
    return cache[0]


def journal_kinds(runner):
    """How many records of each kind the journal holds (decoded under the unit key)."""
    counts = {}
    for kind, _ in runner_records(runner):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def runner_records(runner):
    """``[(kind, fields)]`` of the journal, in order (decoded under the unit key)."""
    from drivetime.journal import Decoder
    from simulator.runner import SIM_KEY
    return [(rec.kind, rec.fields) for rec in Decoder(SIM_KEY).feed(runner.result.journal)]
