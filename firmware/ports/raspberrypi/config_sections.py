# The Pi unit's config, section by section: what a type check alone cannot see.
# SPDX-License-Identifier: MIT
"""The checks of :func:`drivetime_pi.config.check` after the schema's
(:mod:`drivetime_pi.config_table`), one per section, against the core's own
tables and across keys:

- ``[unit]``: ``lang`` a language of :data:`drivetime.messages.MESSAGES`,
  ``[unit.motion]`` keys of :data:`drivetime.motion.MOTION_SETTINGS`, the
  profile with its ``[unit.set]`` tightenings as
  :func:`drivetime.profiles.profile_by_name` takes them;
- ``[rules]`` (:mod:`drivetime.unit_rules`): ``profile`` here or (the older
  place) in ``[unit]``, not both; a pair the regulation does not allow is
  refused naming the key;
- ``[journal]``: ``directory`` and ``key_file`` both or neither; the sizes
  of the :class:`drivetime.segments.SegmentJournal` (:data:`DAY_BYTES`,
  :data:`MIN_SEGMENT_BYTES`);
- ``[sync]``: ``listen`` parses; a link needs the company key and a journal;
- ``[clock]``: ``source = "sim"`` needs its ``file``;
- ``[driver]``: each text fits a journal record (255 bytes).
"""

from .config_table import ConfigError, hint, is_kind

# Issue 5: at least 365 days of typical use fit in the journal's budget; a
# typical driver-day is under 160 bytes (bench/journal_bench.py).
DAY_BYTES = 160
# A segment holds at least its START (31), the longest record (259) and a SEAL (28).
MIN_SEGMENT_BYTES = 512


def check_sections(out, given_unit, path):
    """Check the merged config ``out`` section by section (``out["unit"]["profile"]``
    is set from ``[rules]`` when given there).

    :param given_unit: the ``[unit]`` table as the file gave it (before defaults)
    :raises ConfigError: the first section that fails, naming the key
    """
    _check_unit(out["unit"], path, _check_rules(out, given_unit, path))
    _check_journal(out["journal"], path)
    _check_sync(out, path)
    if out["clock"]["source"] == "sim" and "file" not in out["clock"]:
        raise ConfigError("%s: [clock] source = \"sim\" needs file (the simulator's clock file)" % path)
    for key, value in out["driver"].items():    # a journal text (docs/log-format.md)
        if len(value.encode("utf-8")) > 255:
            raise ConfigError("%s: [driver] %s: longer than 255 bytes" % (path, key))


def _check_journal(j, path):
    if ("directory" in j) != ("key_file" in j):
        raise ConfigError("%s: [journal] needs both directory and key_file (missing %s)"
                          % (path, "key_file" if "directory" in j else "directory"))
    _check_journal_sizes(j, path)


def _check_journal_sizes(j, path):
    """``[journal]`` segment_bytes, budget_bytes and cap_bytes (drivetime.segments;
    each missing one takes the journal's own default, the cap twice the budget)."""
    from drivetime.segments import BUDGET_BYTES, SEGMENT_BYTES

    given = [k for k in ("segment_bytes", "budget_bytes", "cap_bytes") if k in j]
    if given and "directory" not in j:
        raise ConfigError("%s: [journal] %s needs directory and key_file (no journal without them)"
                          % (path, given[0]))
    segment, budget = j.get("segment_bytes", SEGMENT_BYTES), j.get("budget_bytes", BUDGET_BYTES)
    cap = j.get("cap_bytes", 2 * budget)
    if budget < 365 * DAY_BYTES:
        raise ConfigError("%s: [journal] budget_bytes = %d: below %d, 365 days at %d bytes a day"
                          % (path, budget, 365 * DAY_BYTES, DAY_BYTES))
    if cap < budget:
        raise ConfigError("%s: [journal] cap_bytes = %d: below budget_bytes (%d)" % (path, cap, budget))
    if segment < MIN_SEGMENT_BYTES or 3 * segment > budget:
        raise ConfigError("%s: [journal] segment_bytes = %d: expected %d to a third of budget_bytes (%d)"
                          " (whole segments are dropped: the budget holds at least three)"
                          % (path, segment, MIN_SEGMENT_BYTES, budget // 3))


def _check_sync(cfg, path):
    s = cfg["sync"]
    if "listen" in s:
        from .sync_adapter import parse_listen
        try:
            parse_listen(s["listen"])
        except ValueError as exc:
            raise ConfigError("%s: [sync] listen = %r: %s" % (path, s["listen"], exc)) from exc
    if ("listen" in s or "serial" in s) and "company_key_file" not in s:
        raise ConfigError("%s: [sync] listen or serial needs company_key_file" % path)
    if ("listen" in s or "serial" in s) and "directory" not in cfg["journal"]:
        raise ConfigError("%s: [sync] needs a [journal] to serve (directory and key_file)" % path)


def _check_unit(unit, path, profile_in="[unit]"):
    """The unit's settings against the core's own tables (the profile given in ``profile_in``)."""
    from drivetime.messages import MESSAGES
    from drivetime.motion import MOTION_SETTINGS
    from drivetime.profiles import ProfileError, profile_by_name

    if "lang" in unit and unit["lang"] not in MESSAGES:
        raise ConfigError("%s: [unit] lang = %r: expected one of %s"
                          % (path, unit["lang"], ", ".join(sorted(MESSAGES))))
    for key, value in unit["motion"].items():
        if key not in MOTION_SETTINGS:
            raise ConfigError("%s: unknown key [unit.motion] %s%s"
                              % (path, key, hint(key, MOTION_SETTINGS)))
        if not is_kind(value, int):
            raise ConfigError("%s: [unit.motion] %s = %r: expected an integer" % (path, key, value))
    try:
        profile_by_name(unit["profile"], unit["set"])
    except (ProfileError, ValueError, KeyError) as exc:
        raise ConfigError("%s: %s profile %r with [unit.set]: %s"
                          % (path, profile_in, unit["profile"], exc)) from exc


def _check_rules(cfg, given_unit, path):
    """``[rules]``: the engine's options (drivetime.unit_rules), checked as
    the unit checks them; ``profile`` here or (the older place) in ``[unit]``.
    :returns: where the profile was given"""
    from drivetime.unit_rules import RULE_SETTINGS, rule_conflict, rule_value

    rules = cfg["rules"]
    if "profile" in rules:
        if "profile" in given_unit:
            raise ConfigError("%s: [rules] profile and [unit] profile: give it once, in [rules]" % path)
        cfg["unit"]["profile"] = rules["profile"]
    if "wtd_anchor_week" in rules and rule_value("wtd_anchor_week", rules["wtd_anchor_week"]) is None:
        raise ConfigError("%s: [rules] wtd_anchor_week = %r: expected a week number from 0 "
                          "(drivetime.timeutil.week_of)" % (path, rules["wtd_anchor_week"]))
    s = dict(RULE_SETTINGS)
    s.update(rules)
    s["profile"] = cfg["unit"]["profile"]
    bad = rule_conflict(s)
    if bad is not None:
        raise ConfigError("%s: [rules] %s: %s" % (path, bad[0], bad[1]))
    return "[rules]" if "profile" in rules else "[unit]"
