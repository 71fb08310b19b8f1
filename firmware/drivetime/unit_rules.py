# The cab unit's rule settings (the engine's options): checked, set by the office, restored at boot.
# SPDX-License-Identifier: MIT
"""The rule settings of :class:`drivetime.unit.Unit` (:data:`RULE_SETTINGS`, their defaults).

``profile`` (a name such as "eu", "aetr", "eu+am_minor"), ``transport``
("goods" or "passengers"), ``twelve_day`` (Art 8(6a), RULES.md §3.8),
``two_reduced_weekly`` (Art 8(6) third subparagraph, §3.6(c)) and
``wtd_anchor_week`` (the fixed week, :func:`drivetime.timeutil.week_of`,
the Dir 2002/15 reference periods count from, §3.11) are the
:class:`~drivetime.engine.Engine`'s options. A change rebuilds the engine
over the ring. How they are journalled: :mod:`drivetime.unit_port`.

Imported only when one is not the default, the office sends one, or the
restore finds one journalled: a unit on the defaults (most) never loads
this (a small heap).
"""

from drivetime.unit_port import RULE_DEFAULTS, RULE_KEYS

RULE_SETTINGS = dict(zip(RULE_KEYS, RULE_DEFAULTS))

TRANSPORTS = ("goods", "passengers")
_MAX_WEEK = 20000       # fixed weeks since 1970: about the year 2353


def rule_value(key, v):
    """``v`` if it is a valid value of the rule setting ``key``, else None."""
    if key == "profile":
        from drivetime.profiles import ProfileError, profile_by_name
        try:
            return v if isinstance(v, str) and profile_by_name(v) else None
        except ProfileError:
            return None
    if key == "transport":
        return v if v in TRANSPORTS else None
    if key in ("twelve_day", "two_reduced_weekly"):
        return v if v is True or v is False else None
    if key == "wtd_anchor_week":
        return v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= _MAX_WEEK else None
    return None


def rule_conflict(s):
    """``(key, why)`` when the rule settings in ``s`` do not go together, else None."""
    if s["two_reduced_weekly"] and s["transport"] != "goods":
        # Art 8(6) third subparagraph: international goods transport only
        return "two_reduced_weekly", "two consecutive reduced weekly rests are for goods transport only"
    if s["two_reduced_weekly"] and s["profile"].split("+")[0] == "aetr":
        return "two_reduced_weekly", "the AETR has no two-consecutive-reduced derogation (RULES.md 5)"
    if s["twelve_day"] and s["transport"] != "passengers":
        # Art 8(6a): a single occasional international passenger service
        return "twelve_day", "the 12-day derogation is for passenger transport only"
    return None


def rule_text(key, text):
    """A rule setting's value from its journal text (``str(value)``), or None."""
    if key in ("twelve_day", "two_reduced_weekly"):
        return {"True": True, "False": False}.get(text)
    if key == "wtd_anchor_week":
        try:
            return rule_value(key, int(text))
        except ValueError:
            return None
    return rule_value(key, text)


def rules_profile(unit, name):
    """The profile dict for the setting ``name``: the port's own (with its
    employer tightenings) for its name; another name gets the same
    tightenings. None if they do not apply to it."""
    from drivetime.profiles import ProfileError, profile_by_name
    given = unit.profile
    if given is not None and given.get("name") == name:
        return given
    try:
        if given is None:
            return profile_by_name(name)
        base = profile_by_name(given["name"])
        return profile_by_name(name, dict([(k, given[k]) for k in given if base.get(k) != given[k]]))
    except (ProfileError, KeyError):
        return None


def check(unit):
    """:raises ValueError: the port's rule settings are not valid or do not
    go together (the message names the key)"""
    s = unit.settings
    for k in RULE_KEYS:
        if rule_value(k, s[k]) is None:
            raise ValueError("unit setting %s: %r is not valid" % (k, s[k]))
    bad = rule_conflict(s)
    if bad is not None:
        raise ValueError("unit setting %s: %s" % bad)
    if rules_profile(unit, s["profile"]) is None:
        raise ValueError("unit setting profile: %r does not take the profile's tightenings" % (s["profile"],))


def journal_rules(unit):
    """At power-up, when a rule setting is not the default: the port's five
    (seq power+3 .. power+7, :data:`RULE_KEYS` order), then those in force
    that differ (a restore, the office): read in order, the journal ends
    with the ones in force."""
    s, port = unit.settings, unit._port_rules
    for i, k in enumerate(RULE_KEYS):
        unit._log("config", key=k, value=str(port[i]))
    for i, k in enumerate(RULE_KEYS):
        if s[k] != port[i]:
            unit._log("config", key=k, value=str(s[k]))


def configure(unit, settings):
    """The office's settings (:meth:`drivetime.unit.Unit.apply_config`): the
    rule settings here, the others :func:`drivetime.menu.configure`. A rule
    setting not valid is refused; rule settings that do not go together
    (:func:`rule_conflict`) are refused together. Each change is journalled
    as ``config`` (key, ``str(value)``). :returns: the refused keys"""
    s, rules, other, refused = unit.settings, {}, {}, []
    for k in settings:
        v = rule_value(k, settings[k]) if k in RULE_SETTINGS else settings[k]
        if v is None:
            refused.append(k)
        else:
            (rules if k in RULE_SETTINGS else other)[k] = v
    trial = dict([(k, s[k]) for k in RULE_KEYS])
    trial.update(rules)
    if rules and (rule_conflict(trial) is not None or rules_profile(unit, trial["profile"]) is None):
        refused.extend(rules)       # together or not at all
        rules = {}
    changed = [k for k in RULE_KEYS if k in rules and rules[k] != s[k]]
    for k in changed:
        s[k] = rules[k]
        unit._log("config", key=k, value=str(rules[k]))
    offset = s["local_offset_min"]
    if other:
        from drivetime.menu import configure as configure_others
        refused.extend(configure_others(unit, other))
    if changed and offset == s["local_offset_min"]:    # (a new offset rebuilt it already)
        unit._rebuild()
    return refused


def restore_rules(unit, texts):
    """The rule settings restored at boot: ``texts`` ``{key: journal text}``
    (:func:`drivetime.unit_rules_boot.rule_texts` chose them). One not
    valid (another firmware's profile name) keeps the port's; a combination
    the unit would refuse keeps all the port's."""
    s = unit.settings
    new = dict([(k, s[k]) for k in RULE_KEYS])
    for k in texts:
        v = rule_text(k, texts[k])
        if v is not None:
            new[k] = v
    if rule_conflict(new) is None and rules_profile(unit, new["profile"]) is not None:
        s.update(new)
