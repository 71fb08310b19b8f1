# The dashboard's words in English, one table keyed by message id (drivetime.messages).
# SPDX-License-Identifier: MIT
"""English texts of the cab display (loaded only while the display uses them)."""

TEXTS = {
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
    "m_export": "Export my data",
    # menu results
    "n_break_done": "Break entered", "n_no_stop": "No stop to enter",
    "n_refused": "Not possible", "n_exported": "Data exported",
    # the port's own faults (faults screen)
    "f_can_adapter": "CAN ADAPTER OFF", "f_gps_adapter": "GPS ADAPTER OFF",
    "f_gpio_adapter": "BUTTONS OFF", "f_display_adapter": "DISPLAY OFF",
    "f_journal_full": "JOURNAL FULL", "f_usb_export": "EXPORT FAILED",
    # the rest before this shift, offered when the day starts (manual entry)
    "t_offer": "MANUAL ENTRY", "offer_q": "Rest before?", "offer_len": "Length %s",
    "offer_yes": "ACK = rest", "offer_no": "MODE = unknown",
    # the country at the start and end of the day
    "t_day_start": "START OF DAY", "t_day_end": "END OF DAY", "country_q": "Country?",
    "c_next": "ACTIVITY = next", "c_ok": "ACK = confirm", "c_cancel": "MODE = cancel",
}
