# The dashboard's words: one message table per language, keyed by message id.
# SPDX-License-Identifier: MIT
"""Message tables for the cab display (issue 4: English plus one more language).

Every text the display shows comes from :data:`MESSAGES` through :func:`text`,
so a language is one more dict. Each text fits a 16-character row of the
128x64 display (8x8 font) once its ``%s`` arguments are filled in as the
dashboard fills them (durations ``H:MM`` up to 5 characters, times ``HH:MM``).
Every id is in every language (tests/core/test_dashboard.py checks).
"""

LANGS = ("en", "de")
"""The languages, in the order the menu's "Language" entry cycles them."""

MESSAGES = {
    "en": {
        # activities, as the title bar shows them (6 characters at most)
        "act_break_rest": "REST", "act_availability": "AVAIL", "act_other_work": "WORK",
        "act_driving": "DRIVE", "act_unknown": "?",
        # main screen
        "cont_left": "Drive left %s", "day_left": "Day left   %s",
        "next_break": "Break  %s", "next_rest": "Rest   %s",
        "at_time": "  latest %s", "week_left": "Week left %s",
        "ooscope": "OUT OF SCOPE", "ferry": "FERRY/TRAIN",
        # week and fortnight
        "t_week": "WEEK", "week_driven": "Driven   %s", "left": "Left     %s",
        "fortnight": "2 WEEKS", "ext_left": "10h days left %s", "red_left": "Red.rests %s",
        # rest and compensation
        "t_rest": "REST OWED", "day_rest": "Daily  %s", "start_by": "Start by %s",
        "week_rest": "Weekly rest by", "comp": "Compens. %s", "comp_by": "by %s",
        "none": "-",
        # when driving is allowed again
        "t_allowed": "DRIVE AGAIN", "allowed_now": "Allowed now", "allowed_at": "From %s",
        "break_left": "Break left %s", "rest_left": "Rest left %s",
        # input faults
        "t_faults": "INPUTS", "gps_ok": "GPS ok", "gps_lost": "GPS LOST",
        "can_ok": "CAN ok", "can_silent": "CAN SILENT", "conflict": "MOTION CONFLICT",
        "no_conflict": "Motion agrees", "clock": "Clock %s", "no_faults": "All inputs ok",
        # my data
        "t_mydata": "MY DATA %s", "day_row": "%s D%5s W%5s", "no_data": "No record",
        # warnings (Annex IC req 184-190); the cause row
        "t_warning": "WARNING", "t_prewarn": "PRE-WARNING",
        "w_continuous_driving": "Break due", "w_daily_driving": "Day drive limit",
        "w_weekly_driving": "Week drive limit", "w_fortnightly_driving": "2 week limit",
        "w_daily_rest": "Daily rest due", "w_weekly_rest": "Weekly rest due",
        "w_in": "in %s", "w_now": "now", "press_ack": "ACK to confirm",
        # menu (settings)
        "t_menu": "SETTINGS", "m_lang": "Language %s", "m_crew_single": "Crew single",
        "m_crew_multi": "Crew 2 drivers", "m_stop": "Stop -> %s", "m_buzzer_on": "Buzzer on",
        "m_buzzer_off": "Buzzer off", "m_country": "Country %s", "m_day_on": "Day started",
        "m_day_off": "Day not started", "m_last_break": "Last stop=break",
        # menu results
        "n_break_done": "Break entered", "n_no_stop": "No stop to enter",
        "n_refused": "Not possible",
        # the rest before this shift, offered when the day starts (manual entry)
        "t_offer": "MANUAL ENTRY", "offer_q": "Rest before?", "offer_len": "Length %s",
        "offer_yes": "ACK = rest", "offer_no": "MODE = unknown",
        # the country at the start and end of the day
        "t_day_start": "START OF DAY", "t_day_end": "END OF DAY", "country_q": "Country?",
        "c_next": "ACTIVITY = next", "c_ok": "ACK = confirm", "c_cancel": "MODE = cancel",
    },
    "de": {
        "act_break_rest": "PAUSE", "act_availability": "BEREIT", "act_other_work": "ARBEIT",
        "act_driving": "FAHRT", "act_unknown": "?",
        "cont_left": "Lenken noch %s", "day_left": "Tag noch   %s",
        "next_break": "Pause  %s", "next_rest": "Ruhe   %s",
        "at_time": "  spaet. %s", "week_left": "Woche noch %s",
        "ooscope": "AUSSERH.GELTUNG", "ferry": "FAEHRE/ZUG",
        "t_week": "WOCHE", "week_driven": "Gelenkt  %s", "left": "Rest     %s",
        "fortnight": "2 WOCHEN", "ext_left": "10h-Tage noch %s", "red_left": "Verk.Ruhe %s",
        "t_rest": "RUHEZEIT", "day_rest": "Taegl. %s", "start_by": "Beginn   %s",
        "week_rest": "Wochenruhe bis", "comp": "Ausgleich %s", "comp_by": "bis %s",
        "none": "-",
        "t_allowed": "WIEDER LENKEN", "allowed_now": "Jetzt erlaubt", "allowed_at": "Ab %s",
        "break_left": "Pause noch %s", "rest_left": "Ruhe noch %s",
        "t_faults": "EINGAENGE", "gps_ok": "GPS ok", "gps_lost": "GPS FEHLT",
        "can_ok": "CAN ok", "can_silent": "CAN STUMM", "conflict": "BEWEGUNGSKONFL.",
        "no_conflict": "Bewegung stimmt", "clock": "Uhr %s", "no_faults": "Alles ok",
        "t_mydata": "MEINE DATEN %s", "day_row": "%s L%5s A%5s", "no_data": "Keine Daten",
        "t_warning": "WARNUNG", "t_prewarn": "VORWARNUNG",
        "w_continuous_driving": "Pause faellig", "w_daily_driving": "Tageslenkzeit",
        "w_weekly_driving": "Wochenlenkzeit", "w_fortnightly_driving": "2-Wochen-Grenze",
        "w_daily_rest": "Tagesruhe faell.", "w_weekly_rest": "Wochenruhe faell",
        "w_in": "in %s", "w_now": "jetzt", "press_ack": "ACK bestaetigen",
        "t_menu": "EINSTELLUNGEN", "m_lang": "Sprache %s", "m_crew_single": "Ein Fahrer",
        "m_crew_multi": "Zwei Fahrer", "m_stop": "Halt -> %s", "m_buzzer_on": "Summer an",
        "m_buzzer_off": "Summer aus", "m_country": "Land %s", "m_day_on": "Tag begonnen",
        "m_day_off": "Tag nicht begon.", "m_last_break": "Letzt.Halt=Pause",
        "n_break_done": "Pause eingetrag.", "n_no_stop": "Kein Halt",
        "n_refused": "Nicht moeglich",
        "t_offer": "NACHTRAG", "offer_q": "Ruhe davor?", "offer_len": "Dauer %s",
        "offer_yes": "ACK = Ruhe", "offer_no": "MODE = unbekannt",
        "t_day_start": "TAGESBEGINN", "t_day_end": "TAGESENDE", "country_q": "Land?",
        "c_next": "ACTIVITY=weiter", "c_ok": "ACK bestaetigen", "c_cancel": "MODE = abbrechen",
    },
}


def text(lang, msg_id, *args):
    """The text of ``msg_id`` in ``lang`` (English when the language is not
    known), with ``args`` filled into its ``%s`` slots.

    :raises KeyError: for an id that no table has
    """
    table = MESSAGES.get(lang) or MESSAGES["en"]
    s = table[msg_id]
    return s % args if args else s
