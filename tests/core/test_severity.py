# Tests for the severity table (Reg. (EU) 2016/403 Annex I, as amended by 2022/694).
# SPDX-License-Identifier: MIT
"""Every row of RULES.md §4, probed on both sides of each boundary.

The expected classes below were read off the RULES.md §4 table by hand and
converted to minutes (1 h = 60 min): e.g. "4h30<x<5h" is MI for 271..299,
not for 270 or 300. Each case is ``(measured, expected class)``.
"""

from drivetime.severity import MI, MSI, ROWS, SI, VSI, classify

H = 60

# row -> [(measured minutes, class)], by hand from RULES.md §4
CASES = {
    # Art 7: MI 4h30<x<5h, SI 5h<=x<6h, VSI x>=6h
    "continuous_driving": [(270, None), (271, MI), (299, MI), (300, SI), (359, SI), (360, VSI),
                           (1000, VSI)],
    # daily driving, 9 h limit: MI 9h<x<10h, SI 10h<=x<11h, VSI x>=11h, MSI x>=13h30
    "daily_driving_9h": [(540, None), (541, MI), (599, MI), (600, SI), (659, SI), (660, VSI),
                         (809, VSI), (810, MSI)],
    # daily driving, 10 h limit: MI 10h<x<11h, SI 11h<=x<12h, VSI x>=12h, MSI x>=15h
    "daily_driving_10h": [(600, None), (601, MI), (659, MI), (660, SI), (719, SI), (720, VSI),
                          (899, VSI), (900, MSI)],
    # weekly: MI 56h<x<60h, SI 60h<=x<65h, VSI 65h<=x<70h, MSI x>=70h
    "weekly_driving": [(56 * H, None), (56 * H + 1, MI), (60 * H - 1, MI), (60 * H, SI),
                       (65 * H - 1, SI), (65 * H, VSI), (70 * H - 1, VSI), (70 * H, MSI)],
    # fortnightly: MI 90h<x<100h, SI 100h<=x<105h, VSI 105h<=x<112h30, MSI x>=112h30
    "fortnightly_driving": [(90 * H, None), (90 * H + 1, MI), (100 * H - 1, MI), (100 * H, SI),
                            (105 * H - 1, SI), (105 * H, VSI), (112 * H + 29, VSI),
                            (112 * H + 30, MSI)],
    # daily rest <11h, no reduction: MI 10h<=x<11h, SI 8h30<=x<10h, VSI x<8h30
    "daily_rest_no_reduction": [(660, None), (659, MI), (600, MI), (599, SI), (510, SI),
                                (509, VSI), (0, VSI)],
    # reduced daily rest <9h: MI 8h<=x<9h, SI 7h<=x<8h, VSI x<7h
    "reduced_daily_rest": [(540, None), (539, MI), (480, MI), (479, SI), (420, SI), (419, VSI)],
    # split 3h + 9h, measured = the second part: same ranges as the reduced rest
    "split_daily_rest": [(540, None), (539, MI), (480, MI), (479, SI), (420, SI), (419, VSI)],
    # multi-manning <9h in 30h: MI 8h<=x<9h, SI 7h<=x<8h, VSI x<7h
    "multi_manning_rest": [(540, None), (539, MI), (480, MI), (479, SI), (420, SI), (419, VSI)],
    # reduced weekly rest <24h: MI 22h<=x<24h, SI 20h<=x<22h, VSI x<20h
    "reduced_weekly_rest": [(24 * H, None), (24 * H - 1, MI), (22 * H, MI), (22 * H - 1, SI),
                            (20 * H, SI), (20 * H - 1, VSI)],
    # weekly rest <45h, no reduction: MI 42h<=x<45h, SI 36h<=x<42h, VSI x<36h
    "weekly_rest_no_reduction": [(45 * H, None), (45 * H - 1, MI), (42 * H, MI), (42 * H - 1, SI),
                                 (36 * H, SI), (36 * H - 1, VSI)],
    # weekly rest started late (delay): MI x<3h, SI 3h<=x<12h, VSI x>=12h
    "weekly_rest_late": [(0, None), (1, MI), (179, MI), (180, SI), (719, SI), (720, VSI)],
    "twelve_day_late": [(0, None), (1, MI), (179, MI), (180, SI), (719, SI), (720, VSI)],
    # 12-day post-trip rest: MI 67h<x<=69h, SI 65h<x<=67h, VSI x<=65h
    "twelve_day_post_rest": [(69 * H + 1, None), (69 * H, MI), (67 * H + 1, MI), (67 * H, SI),
                             (65 * H + 1, SI), (65 * H, VSI), (0, VSI)],
    # 12-day night driving period, single-manned: SI 3h<x<4h30, VSI x>=4h30
    "night_driving_12day": [(180, None), (181, SI), (269, SI), (270, VSI)],
    # 8(6b): missing compensation before the next WR: VSI whatever the value
    "two_reduced_compensation": [(0, VSI), (1, VSI), (10000, VSI)],
    # WTD weekly average: SI 56h<=x<60h, VSI x>=60h (nothing below 56 h)
    "wtd_weekly_average": [(56 * H - 1, None), (56 * H, SI), (60 * H - 1, SI), (60 * H, VSI)],
    # WTD week over 60h: SI 65h<=x<70h, VSI x>=70h (60h<x<65h has no class)
    "wtd_week_over_60": [(60 * H + 1, None), (65 * H - 1, None), (65 * H, SI), (70 * H - 1, SI),
                         (70 * H, VSI)],
    # WTD break taken, 6-9h worked: SI 10min<x<=20min, VSI x<=10min
    "wtd_break_6_9h": [(21, None), (29, None), (20, SI), (11, SI), (10, VSI), (0, VSI)],
    # WTD break taken, over 9h worked: SI 20min<x<=30min, VSI x<=20min
    "wtd_break_over_9h": [(31, None), (44, None), (30, SI), (21, SI), (20, VSI), (0, VSI)],
    # WTD night work, daily working time: SI 11h<=x<13h, VSI x>=13h
    "wtd_night_work": [(601, None), (659, None), (660, SI), (779, SI), (780, VSI)],
}

# Rows marked * in RULES.md §4 (from 2022/694, unverified), plus the 12-day
# post-trip row whose "<= 69 h" bound is open question Q15.
PROVISIONAL = ("two_reduced_compensation", "wtd_weekly_average", "wtd_week_over_60",
               "wtd_break_6_9h", "wtd_break_over_9h", "wtd_night_work", "twelve_day_post_rest")


def test_every_row_is_checked_by_hand():
    assert sorted(CASES) == sorted(ROWS)


def test_boundaries_of_every_row():
    for row in CASES:
        for measured, expected in CASES[row]:
            got, _ = classify(row, measured)
            assert got == expected, (row, measured, got, expected)


def test_provisional_rows():
    for row in ROWS:
        _, provisional = classify(row, 0)
        assert provisional == (row in PROVISIONAL), row


def test_no_row_means_no_severity():
    # national caps and a missed single compensation have no row (RULES.md §4, §9)
    assert classify(None, 5000) == (None, False)


def test_msi_is_reported_over_vsi():
    # "MSI rows apply in addition to the ranges. Report the highest class reached."
    assert classify("weekly_driving", 100 * H) == (MSI, False)
    assert classify("daily_driving_9h", 20 * H) == (MSI, False)


def test_driving_without_a_card_names_the_tachograph_regulation():
    # Reg. 165/2014 Art 34(1): a driver uses his card every day he drives; the
    # office reports driving with no card with that article and no 2016/403 class.
    from drivetime.infringement import ARTICLES, Infringement
    assert ARTICLES["driving_without_card"] == "Reg. 165/2014 Art 34(1)"
    assert Infringement("driving_without_card", 0, 30, 30, 0, None).article == "Reg. 165/2014 Art 34(1)"
