# Tests of the office's analysis under the rule settings a unit journalled (12-day derogation and the rest).
# SPDX-License-Identifier: MIT
"""host_tools.rule_settings and host_tools.analysis: the engine's options
the unit ran under (its ``config`` records) are the ones the office judges
a driver by. Journals built with the unit's own encoder
(drivetime.journal.Writer) and imported through host_tools.office; expected
values worked out by hand from RULES.md §§3.6, 3.8 in the comments."""

from drivetime import timeutil
from drivetime.journal import Writer
from host_tools import analysis, office
from host_tools.rule_settings import rule_settings
from host_tools.store import Store

KEYS = {"U1": bytes(range(32)), "U2": bytes(range(1, 33))}
T0 = timeutil.parse_iso("2026-03-02T00:00:00Z")[0]       # Monday 00:00Z
H, DAY = 60, 1440
WR_END = T0 + 54 * H                                      # Wed 4 March 06:00
# The unit's power-up records when set for a coach tour (drivetime.unit_port:
# the port's five, in RULE_KEYS order, as text).
COACH = (("profile", "eu"), ("transport", "passengers"), ("twelve_day", "True"),
         ("two_reduced_weekly", "False"), ("wtd_anchor_week", "0"))


def coach_tour(writer, config=(), card="C1", start=T0, days=7):
    """Power-up (driver, crew, the ``config`` records), a 54 h regular weekly
    rest from ``start`` to Wed 06:00, then ``days`` days of 4 h driving, 45 min
    break, 4 h driving from 06:00 (15h15 daily rest to the next 06:00);
    power-down at the end of the last daily rest."""
    out = writer.start()
    out += writer.record("power", start, {"on": True})
    out += writer.record("driver", start, {"card": card, "name": "A. Coach"})
    out += writer.record("crew", start, {"crew": "single"})
    for key, value in config:
        out += writer.record("config", start, {"key": key, "value": value})
    out += writer.record("activity", start, {"start": start, "activity": "break_rest", "flags": 0})
    day = start + 54 * H
    for _ in range(days):
        for at, name in ((0, "driving"), (240, "break_rest"), (285, "driving"), (525, "break_rest")):
            out += writer.record("activity", day + at, {"start": day + at, "activity": name, "flags": 0})
        day += DAY
    out += writer.record("power", day, {"on": False})
    return out + writer.seal()


def imported(config):
    store = Store()
    office.import_download(store, "U1", coach_tour(Writer(KEYS["U1"]), config), KEYS["U1"], "d.bin")
    return store


def rules(store):
    return [(r["rule"], r["start"]) for r in store.infringements_for(driver_id="C1")]


def test_a_coach_drivers_12_day_tour_is_judged_under_the_derogation_the_unit_ran_with():
    # Art 8(6): the next weekly rest starts by WR end + 144 h = Tue 10 March
    # 06:00; the tour drives on that day: one weekly_rest infringement from
    # there. Art 8(6a) (RULES.md §3.8, the unit journalled passengers and the
    # 12-day derogation): WR end + 288 h = Mon 16 March 06:00, none. 8 h of
    # driving a day with a 45 min break after 4 h and 15h15 of daily rest
    # breaks no other rule.
    assert rules(imported(())) == [("weekly_rest", WR_END + 144 * H)]
    store = imported(COACH)
    assert rules(store) == []
    # the same verdict when everything is derived again (office reanalyse)
    analysis.refresh(store)
    assert rules(store) == []


def test_the_office_reads_the_settings_in_seq_order_defaults_at_each_power_up():
    def ev(seq, kind, minute=T0, **fields):
        return {"seq": seq, "kind": kind, "minute": minute, "fields": fields}
    events = [ev(1, "power", on=True), ev(2, "config", key="transport", value="passengers"),
              ev(3, "config", key="twelve_day", value="True"),
              ev(4, "config", key="wtd_anchor_week", value="week 7"),     # does not parse: skipped
              ev(5, "config", key="profile", value="nowhere"),            # not a profile: skipped
              ev(6, "config", key="wtd_anchor_week", value="2931"),
              ev(7, "config", key="lang", value="de")]                    # not a rule setting
    coach = {"profile": "eu", "transport": "passengers", "twelve_day": True,
             "two_reduced_weekly": False, "wtd_anchor_week": 2931}
    assert rule_settings(events) == coach
    # the office's profile is the default one, the unit's journalled one wins
    assert rule_settings(events, "aetr")["profile"] == "aetr"
    assert rule_settings(events + [ev(8, "config", key="profile", value="aetr")])["profile"] == "aetr"
    # a power-up starts from the defaults (the unit journals its settings again after it)
    later = events + [ev(8, "power", T0 + DAY, on=True), ev(9, "power", T0 + DAY, on=False)]
    assert rule_settings(later)["twelve_day"] is False
    assert rule_settings(later, until=T0 + 60) == coach     # at the end of data before it


def test_the_settings_are_those_of_the_unit_with_the_drivers_latest_record():
    # The driver's Sunday 1 March on U2 (no rule settings: 4 h of driving from
    # 06:00), then the tour on U1 set for it: U1 holds his latest record, so
    # the 12-day derogation applies to his whole timeline.
    store = Store()
    w2 = Writer(KEYS["U2"])
    shift = w2.start() + w2.record("power", T0 - DAY, {"on": True})
    shift += w2.record("driver", T0 - DAY, {"card": "C1", "name": "A. Coach"})
    shift += w2.record("activity", T0 - DAY + 6 * H, {"start": T0 - DAY + 6 * H, "activity": "driving",
                                                       "flags": 0})
    shift += w2.record("activity", T0 - DAY + 10 * H, {"start": T0 - DAY + 10 * H,
                                                        "activity": "break_rest", "flags": 0})
    shift += w2.record("power", T0, {"on": False}) + w2.seal()
    office.import_download(store, "U2", shift, KEYS["U2"], "u2.bin")
    office.import_download(store, "U1", coach_tour(Writer(KEYS["U1"]), COACH), KEYS["U1"], "u1.bin")
    # Sun 1 March 06:00-10:00 driving, then rest to the tour's start and its
    # 54 h: the weekly rest still ends Wed 06:00 (the rest from Sun 10:00 is
    # 68 h, regular); with the derogation from U1, no weekly_rest.
    assert rules(store) == []
    analysis.refresh(store)
    assert rules(store) == []


def test_the_report_shows_the_ledger_kept_under_the_units_settings(monkeypatch):
    # The compensation ledger analysis keeps is worked out under the settings
    # the unit ran with (here passengers and the 12-day derogation), and the
    # report asks for it under the same settings: its digest matches, so the
    # report shows the kept ledger without running the engine again.
    import pytest
    from host_tools import report, report_driver, report_source
    store = imported(COACH)
    src = report_source.source_for(store)
    s = src.rule_settings("C1")
    assert (s["transport"], s["twelve_day"]) == ("passengers", True)
    monkeypatch.setattr(report_driver, "ledger_of", lambda feed, settings: pytest.fail("engine run"))
    model = report.build(store, driver="C1")
    assert [d["compensation"] for d in model["drivers"]] == [[]]
