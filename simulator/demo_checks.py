# The demo's verdict: the scenario's expectations (judged by simulator.expect) and the office's side of the run.
# SPDX-License-Identifier: MIT
"""After :class:`simulator.demo.Demo` has played the day, synced and
reported, :func:`judge` lists what held and what did not: each expectation
of the scenario, judged as :mod:`simulator.expect` judges a scenario run
(the demo's day offered through :class:`DemoRun`), then the office's side:
the sync's exit status, every journal record in the office exactly once,
the stored chain verified and the report's exit status. :class:`Result`
holds it all and :func:`summary` words it."""

# The kinds the demo can judge: it sees the unit's live status only at the end
_AT_END = ("warning", "infringement", "journal")


class _Live:
    """The unit as :func:`simulator.expect.at_time` reads it: its status at the end of the day."""

    def __init__(self, status):
        self.live = status


class DemoRun:
    """The demo's finished day in the shape :mod:`simulator.expect` judges.

    :param demo: the :class:`simulator.demo.Demo` (its scenario, warnings, journal tap)
    :param unit_infringements: the unit's own at the end of the day
    :param status: its live status then
    :param model: the office report's model (dict) or None when it failed
    """

    def __init__(self, demo, unit_infringements, status, model):
        self.sc, self.warnings, self.unit = demo.sc, demo.warnings, _Live(status)
        self._found = {
            "unit": [(i.rule, i.severity, i.measured) for i in unit_infringements],
            "office": [(i["rule"], i["severity"], i["measured_min"])
                       for d in (model or {}).get("drivers", ()) for i in d["infringements"]]}
        self._records = [(kind, fields) for _, kind, fields in demo.tap.records]
        self._kinds = {}
        for kind, _ in self._records:
            self._kinds[kind] = self._kinds.get(kind, 0) + 1

    def infringements_found(self, where):
        return self._found[where]

    def journal_counts(self):
        return dict(self._kinds)

    def journal_records(self):
        """``[(kind, fields)]`` the unit journalled, in order (a ``fields`` expectation)."""
        return list(self._records)


def judge(demo, sync, report, journal, unit_infringements, status):
    """``[(passed, text)]``: the scenario's expectations and the office's side.

    :param sync: what :meth:`~simulator.demo.Demo.sync` returned; ``report``: what
        :meth:`~simulator.demo.Demo.report` returned
    :param journal: :meth:`~simulator.demo.Demo.journal_records` when the office had synced
    :param unit_infringements: the unit's own at the end of the day; ``status``: its live status
    """
    from simulator import expect

    run = DemoRun(demo, unit_infringements, status, report[2])
    checks = []
    for e in demo.sc.expects:
        if e.kind in _AT_END:
            checks.append(_words(expect.at_end(e, run)))
        elif e.kind == "status" and e.at is None:
            checks.append(_words(expect.at_time(e, run)))
        else:
            checks.append((False, "%s: the demo does not check this kind" % e.describe()))
    rc, _text, problems, held = sync
    checks.append((rc == 0, "drivetime office sync: exit status %d" % rc))
    checks.append((held == journal, "the office holds each of the unit's %d records once "
                   "(%d held)" % (len(journal), len(held))))
    checks.append((not problems, "the stored chain verifies%s" % (
        "" if not problems else ": " + "; ".join(problems[:3]))))
    expected = 1 if any(e.kind == "infringement" and e.options.get("present", True)
                        for e in demo.sc.expects) else 0
    checks.append((report[0] == expected, "drivetime office report: exit status %d" % report[0]))
    return checks


def _words(check):
    """A :mod:`simulator.expect` check dict as ``(passed, text)``."""
    return (check["passed"], "%s at %s: expected %s; got %s"
            % (check["what"], check["at"], check["expected"], check["actual"]))


class Result:
    """A finished demo: ``checks`` ``[(passed, text)]``, ``warnings``, ``sync`` and
    ``report`` (as :meth:`~simulator.demo.Demo.sync` / :meth:`~simulator.demo.Demo.report`
    return them), ``timings``, ``status`` (exit status: 0 all as expected, 1 not)."""

    def __init__(self, demo, checks, sync, report, elapsed):
        self.demo, self.checks, self.sync, self.report = demo, checks, sync, report
        self.warnings, self.timings = list(demo.warnings), dict(demo.timings, total=elapsed)
        self.status = 0 if all(ok for ok, _ in checks) else 1


def summary(result):
    """The closing lines: the timings, each check, the verdict."""
    demo, t = result.demo, result.timings
    lines = ["\n== demo: %s-%s simulated in %.1f s over the ptys (%d screens shown); sync %.1f s, "
             "report %.1f s; %.1f s in all" % (clock(demo.sc.start),
                                                clock(demo.sc.start + t["simulated_s"]), t["day"],
                                                demo.screens, t["sync"], t["report"], t["total"])]
    lines += ["%s  %s" % ("ok  " if ok else "FAIL", text) for ok, text in result.checks]
    lines.append("== demo: %s" % ("everything as expected" if not result.status
                                  else "SOMETHING WENT WRONG (FAIL above)"))
    return "\n".join(lines)


def clock(utc_s):
    """``HH:MM`` of a UTC second."""
    return "%02d:%02d" % (utc_s // 3600 % 24, utc_s // 60 % 60)
