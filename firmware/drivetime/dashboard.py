# What the cab display shows, as data: eight rows of sixteen characters per screen.
# SPDX-License-Identifier: MIT
"""The dashboard model (DESIGN.md "dashboard model"; issue 4).

A :class:`Screen` is the content of the 128x64 display drawn with an 8x8
font: ``rows`` is a tuple of exactly :data:`ROWS` strings of at most
:data:`COLS` characters, ``inverted`` the indexes of rows drawn inverted (the
title bar, an unacknowledged warning's cause). Each port draws it; nothing
here knows pixels.

:func:`build_screen` makes a screen from the driver's counters ``status``
(the engine's status dict, extrapolated to now by the unit, see
:mod:`drivetime.unit`) and ``state``, a dict the unit fills:

- ``now`` (UTC minute), ``lang``, ``local_offset_min``
- ``activity`` (the live activity code), ``flags`` (FLAG_* in force)
- ``faults`` (dict gps_lost, can_silent, motion_conflict, and the port's own:
  "can_adapter", "journal_full", ...), ``clock`` ("gps", "rtc", "none")
- ``warning``: the :class:`~drivetime.warnings.Warning` whose cause is shown
  (or None); ``popup``: the one shown full screen (or None)
- ``settings``, ``day_open``; for "mydata": ``days``, a list of
  ``(day_start_minute, driving_min, work_min)``, newest first, and ``page``
- for the dialogues and the menu (:mod:`drivetime.menu`): ``offer`` (the
  ``(start, end)`` offered as rest), ``event`` ("start" or "end" of the day),
  ``country``, ``cursor`` (the menu entry selected), ``note`` (a message id)

Times are local ``HH:MM`` (the ``local_offset_min`` setting), durations ``H:MM``.
"""

from collections import namedtuple

from drivetime.activity import FLAG_FERRY, FLAG_OUT_OF_SCOPE, NAMES
from drivetime import messages as _messages

Screen = namedtuple("Screen", ("name", "rows", "inverted"))
ROWS = 8
COLS = 16
SCREENS = ("main", "week", "rest", "allowed", "faults", "mydata", "menu")
"""The screens the "mode" button cycles through; "warning" is shown by the unit."""
DIALOGUES = ("offer", "country")
"""The screens of the unit's dialogues (:mod:`drivetime.menu`), shown while one is open."""
DAYS_PER_PAGE = 7
MENU_ROWS = 6           # menu entries shown at once (drivetime.menu.MENU scrolls)
_INPUTS = ("gps_lost", "can_silent", "motion_conflict")


def hhmm(minute, offset_min=0):
    """Local clock time ``HH:MM`` of UTC ``minute`` (``--:--`` for None)."""
    if minute is None:
        return "--:--"
    m = (minute + offset_min) % 1440
    return "%02d:%02d" % (m // 60, m % 60)


def dur(minutes):
    """A duration ``H:MM``; None shows as ``-:--``; below zero shows as 0:00."""
    if minutes is None:
        return "-:--"
    minutes = max(0, minutes)
    return "%d:%02d" % (minutes // 60, minutes % 60)


def day_label(minute, offset_min=0):
    """``DD.MM`` of the local day holding UTC ``minute``."""
    from drivetime.timeutil import civil_from_days
    y, m, d = civil_from_days((minute + offset_min) // 1440)
    return "%02d.%02d" % (d, m)


def _fit(row):
    return row[:COLS]


def build_screen(name, status, state, messages=None):
    """Make the :class:`Screen` ``name`` (of :data:`SCREENS`, :data:`DIALOGUES` or "warning").

    :param status: the driver's counters (keys of the engine's status dict)
    :param state: the unit's state dict (see the module docstring)
    :param messages: the message source: a module or object with ``text(lang,
        msg_id, *args)``, or None for :mod:`drivetime.messages`
    :raises ValueError: for an unknown screen name
    """
    src = messages or _messages
    lang = state.get("lang", "en")

    def t(msg_id, *args):
        return src.text(lang, msg_id, *args)

    builder = _BUILDERS.get(name)
    if builder is None:
        raise ValueError("no screen %r" % (name,))
    rows, inverted = builder(t, status, state)
    rows = [_fit(r) for r in rows[:ROWS]]
    while len(rows) < ROWS:
        rows.append("")
    return Screen(name, tuple(rows), tuple(inverted))


def _title(t, left, right=""):
    """A title row: ``left`` text, ``right`` flush right (16 characters)."""
    room = COLS - len(right)
    return (left[:room - 1] + " " * COLS)[:room] + right if right else left


def _cause(t, state):
    """The row showing the cause of the newest unacknowledged warning (Annex IC
    req 189: it stays until acknowledged), or the input faults, or ""."""
    w = state.get("warning")
    if w is not None:
        return "!" + t("w_" + w.code), True
    f = state.get("faults") or {}
    bad = [t(k) for k in ("gps_lost", "can_silent") if f.get(k)]
    if f.get("motion_conflict"):
        bad.append(t("conflict"))
    return (" ".join(bad), False) if bad else ("", False)


def _main(t, st, s):
    off = s.get("local_offset_min", 0)
    now = s.get("now")
    title = _title(t, t("act_" + NAMES[s.get("activity", 4)]), hhmm(now, off))
    cont = st.get("continuous_driving_left_min")
    rows = [title, t("cont_left", dur(cont)), t("day_left", dur(st.get("daily_driving_left_min")))]
    # The next rest: the Art 7 break when the continuous-driving limit comes
    # first, else the daily rest by its latest start (Art 8(2)).
    rest_at = st.get("daily_rest_latest_start")
    break_at = now + cont if now is not None and cont is not None else None
    if rest_at is not None and (break_at is None or rest_at <= break_at):
        rows.append(t("next_rest", dur(st.get("daily_rest_left_min"))))
        rows.append(t("at_time", hhmm(rest_at, off)))
    else:
        rows.append(t("next_break", dur(st.get("break_needed_min"))))
        rows.append(t("at_time", hhmm(break_at, off)))
    rows.append(t("week_left", dur(st.get("weekly_driving_left_min"))))
    flags = s.get("flags", 0)
    rows.append(t("ferry") if flags & FLAG_FERRY else t("ooscope") if flags & FLAG_OUT_OF_SCOPE
                else "")
    cause, inv = _cause(t, s)
    rows.append(cause)
    return rows, (0, 7) if inv else (0,)


def _week(t, st, s):
    rows = [t("t_week"), t("week_driven", dur(st.get("weekly_driving_min"))),
            t("left", dur(st.get("weekly_driving_left_min"))), t("fortnight"),
            t("week_driven", dur(st.get("fortnightly_driving_min"))),
            t("left", dur(st.get("fortnightly_driving_left_min"))),
            t("ext_left", st.get("daily_extensions_left", "-")),
            t("red_left", st.get("reduced_daily_rests_left", "-"))]
    return rows, (0,)


def _rest(t, st, s):
    off = s.get("local_offset_min", 0)
    comp = st.get("compensation_open_min") or []
    due = st.get("compensation_due_by") or []
    wk = st.get("weekly_rest_latest_start")
    rows = [t("t_rest"), t("day_rest", dur(st.get("daily_rest_left_min"))),
            t("start_by", hhmm(st.get("daily_rest_latest_start"), off)),
            t("week_rest"), (day_label(wk, off) + " " + hhmm(wk, off)) if wk is not None
            else t("none"),
            t("comp", dur(sum(comp)) if comp else t("none")),
            t("comp_by", (day_label(min(due), off) + " " + hhmm(min(due), off)))
            if due else ""]
    return rows, (0,)


def _allowed(t, st, s):
    off = s.get("local_offset_min", 0)
    at = st.get("next_driving_allowed_at")
    now = s.get("now")
    rows = [t("t_allowed")]
    if at is None or (now is not None and at <= now):
        rows.append(t("allowed_now"))
    else:
        rows.append(t("allowed_at", day_label(at, off) + " " + hhmm(at, off)))
        if now is not None:
            rows.append(t("rest_left", dur(at - now)))
    rows.append(t("cont_left", dur(st.get("continuous_driving_left_min"))))
    rows.append(t("day_left", dur(st.get("daily_driving_left_min"))))
    return rows, (0,)


def _faults(t, st, s):
    f = s.get("faults") or {}
    rows = [t("t_faults"), t("gps_lost") if f.get("gps_lost") else t("gps_ok"),
            t("can_silent") if f.get("can_silent") else t("can_ok"),
            t("conflict") if f.get("motion_conflict") else t("no_conflict"),
            t("clock", s.get("clock", "none"))]
    bad = [i for i in (1, 2, 3) if rows[i] in (t("gps_lost"), t("can_silent"), t("conflict"))]
    for k in sorted(f):             # the port's faults: an adapter down, the journal full
        if f[k] and k not in _INPUTS:
            bad.append(len(rows))
            rows.append(_port_fault(t, k))
    return rows, tuple([0] + bad)


def _port_fault(t, name):
    try:
        return t("f_" + name)
    except KeyError:                # a fault with no text of its own: its name
        return name.upper()


def _mydata(t, st, s):
    off = s.get("local_offset_min", 0)
    page = s.get("page", 0)
    days = s.get("days") or []
    rows = [t("t_mydata", "%d/4" % (page + 1))]
    for start, drive, work in days[page * DAYS_PER_PAGE:(page + 1) * DAYS_PER_PAGE]:
        rows.append(t("day_row", day_label(start, off)[:2], dur(drive), dur(work)))
    if len(rows) == 1:
        rows.append(t("no_data"))
    return rows, (0,)


def _warning(t, st, s):
    w = s.get("popup") or s.get("warning")
    if w is None:
        return [t("t_warning")], (0,)
    left = s.get("left", {}).get(w.code)
    rows = [t("t_prewarn") if w.level == "pre" else t("t_warning"), "", t("w_" + w.code),
            t("w_in", dur(left)) if w.level == "pre" and left is not None else t("w_now"),
            "", "", t("press_ack")]
    return rows, (0, 2)


def _menu(t, st, s):
    cfg = s.get("settings") or {}
    stop = cfg.get("stop_activity", 2)
    note = s.get("note")
    entries = [t("m_last_break"), t("m_lang", cfg.get("lang", "en")),
               t("m_crew_multi") if cfg.get("crew") == "multi" else t("m_crew_single"),
               t("m_stop", t("act_" + NAMES[stop])),
               t("m_buzzer_on") if cfg.get("buzzer", True) else t("m_buzzer_off"),
               t("m_country", cfg.get("country") or "-"), t("m_export")]
    cursor = s.get("cursor", 0)
    top = max(0, cursor - MENU_ROWS + 1)        # scrolled so the cursor shows
    rows = ([t("t_menu")] + entries[top:top + MENU_ROWS]
            + [t(note) if note else t("m_day_on") if s.get("day_open") else t("m_day_off")])
    return rows, (0, 1 + cursor - top)


def _offer(t, st, s):
    off = s.get("local_offset_min", 0)
    a, b = s.get("offer") or (None, None)
    rows = [t("t_offer"), "", t("offer_q"), hhmm(a, off) + "-" + hhmm(b, off),
            t("offer_len", dur(None if a is None else b - a)), "", t("offer_yes"), t("offer_no")]
    return rows, (0,)


def _country(t, st, s):
    rows = [t("t_day_end") if s.get("event") == "end" else t("t_day_start"), "", t("country_q"),
            "< %s >" % (s.get("country") or "-"), "", t("c_next"), t("c_ok"), t("c_cancel")]
    return rows, (0, 3)


_BUILDERS = {"main": _main, "week": _week, "rest": _rest, "allowed": _allowed,
             "faults": _faults, "mydata": _mydata, "warning": _warning, "menu": _menu,
             "offer": _offer, "country": _country}
