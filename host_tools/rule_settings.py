# The rule settings a unit journalled, as the office's analysis uses them.
# SPDX-License-Identifier: MIT
"""Which rules the office applies to a driver (:mod:`host_tools.analysis`):
the engine's options the unit ran under (:mod:`drivetime.unit_rules`:
profile, transport, 12-day derogation, two reduced weekly rests, WTD anchor
week), read back from its ``config`` records. The unit journals the port's
values after each power-up when any is not the default, and each change the
office makes (:mod:`drivetime.unit_port`): read in seq order, the records
end with the values in force.
"""

import json

from drivetime.unit_port import RULE_DEFAULTS, RULE_KEYS
from drivetime.unit_rules import rule_text


def rule_settings(events, profile="eu", until=None):
    """The rule settings in force after a unit's records ``events`` (dicts:
    seq, kind, minute, fields; in seq order), those after minute ``until``
    left out: the defaults (``profile`` the office's) at each power-up, then
    each ``config`` record of a rule setting (its text as the unit wrote it,
    :func:`drivetime.unit_rules.rule_text`; one that does not parse is skipped)."""
    defaults = dict(zip(RULE_KEYS, RULE_DEFAULTS), profile=profile)
    s = dict(defaults)
    for e in events:
        if until is not None and e["minute"] > until:
            continue
        f = e["fields"]
        if e["kind"] == "power" and f.get("on"):
            s = dict(defaults)
        elif e["kind"] == "config" and f.get("key") in defaults:
            value = rule_text(f["key"], f.get("value"))
            if value is not None:
                s[f["key"]] = value
    return s


def driver_settings(store, rows, profile="eu", unit_id=None, events=None):
    """The rule settings for a driver's ``rows``: those of the unit with his
    latest record, in force at its end (:func:`rule_settings`); ``events``
    are ``unit_id``'s records when the caller holds them (an import)."""
    if not rows:
        return rule_settings((), profile)
    last = max(rows, key=lambda r: (r["end"], r["start"]))
    if last["unit_id"] != unit_id or events is None:
        events = [dict(row, fields=json.loads(row["fields"])) for row in store.db["events"].rows_where(
            "unit_id = ? and kind in ('power', 'config')", [last["unit_id"]], order_by="seq")]
    return rule_settings(events, profile, last["end"])
