# Byte-level tests of the NMEA 0183 parser (framing, checksum, RMC/VTG/GGA); CPython and MicroPython.
# SPDX-License-Identifier: MIT

from support import Rng

from drivetime import nmea
from drivetime.nmea import NmeaParser, Rmc, Vtg, Gga

# Textbook and receiver-manual sentences (checksums as published).
RMC = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n"
GGA = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"
VTG = "$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48\r\n"
UBX_RMC = "$GPRMC,083559.00,A,4717.11437,N,00833.91522,E,0.004,77.52,091202,,,A*57\r\n"
UBX_VTG = "$GPVTG,77.52,T,,M,0.004,N,0.008,K,A*06\r\n"
UBX_GGA = "$GPGGA,092725.00,4717.11399,N,00833.91590,E,1,08,1.01,499.6,M,48.0,M,,*5B\r\n"
SIRF_RMC = "$GPRMC,161229.487,A,3723.2475,N,12158.3416,W,0.13,309.62,120598,,*10\r\n"
SIRF_GGA = "$GPGGA,002153.000,3342.6618,N,11751.3858,W,1,10,1.2,27.0,M,-34.2,M,,0000*5E\r\n"
NOFIX_RMC = "$GPRMC,,V,,,,,,,,,,N*53\r\n"
NOFIX_GGA = "$GNGGA,,,,,,0,00,99.99,,,,,,*56\r\n"
GOOD = (RMC, GGA, VTG, UBX_RMC, UBX_VTG, UBX_GGA, SIRF_RMC, SIRF_GGA, NOFIX_RMC, NOFIX_GGA)


def _one(text):
    p = NmeaParser()
    out = p.push(text)
    assert len(out) == 1, (text, out, p.rejected)
    return out[0]


def _reason(text):
    """Push ``text`` into a fresh parser; return its only rejection reason."""
    p = NmeaParser()
    assert p.push(text) == []
    assert p.sentences_rejected == 1 and p.sentences_ok == 0, p.rejected
    return list(p.rejected)[0]


def test_checksum_and_sentence_builder():
    assert nmea.checksum("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,") == 0x47
    assert nmea.checksum(b"GPVTG,054.7,T,034.4,M,005.5,N,010.2,K") == 0x48
    assert nmea.sentence("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W") == RMC
    assert nmea.checksum("") == 0


def test_rmc_fields():
    assert _one(RMC) == Rmc("GP", 12 * 3600 + 35 * 60 + 19, True, 48117300, 11516667,
                            10620, 22400, 8440, (1994, 3, 23), None)
    r = _one(UBX_RMC)
    assert r.time_s == 8 * 3600 + 35 * 60 + 59 and r.mode == "A"
    assert r.lat == 47285240 and r.lon == 8565254     # 47 deg 17.11437', 8 deg 33.91522'
    assert r.speed == 2 and r.speed_knots == 4 and r.course == 7752
    assert r.date == (2002, 12, 9)
    r = _one(SIRF_RMC)
    assert r.lat == 37387458 and r.lon == -121972360  # west is negative
    assert r.time_s == 16 * 3600 + 12 * 60 + 29       # .487 dropped
    assert r.speed == 62 and r.date == (1998, 5, 12) and r.mode is None


def test_rmc_without_fix_has_empty_fields():
    assert _one(NOFIX_RMC) == Rmc("GP", None, False, None, None, None, None, None, None, "N")


def test_gga_fields():
    assert _one(GGA) == Gga("GP", 45319, 48117300, 11516667, 1, 8, 90, 54540)
    g = _one(SIRF_GGA)
    assert g.lat == 33711030 and g.lon == -117856430 and g.satellites == 10
    assert g.hdop == 120 and g.altitude == 2700
    assert _one(NOFIX_GGA) == Gga("GN", None, None, None, 0, 0, 9999, None)
    g = _one(nmea.sentence("GPGGA,000000,0000.000,S,00000.000,W,6,03,,-12.35,M,,,,"))
    assert g.lat == 0 and g.lon == 0 and g.quality == 6 and g.hdop is None
    assert g.altitude == -1235 and g.time_s == 0


def test_vtg_fields():
    assert _one(VTG) == Vtg("GP", 5470, 3440, 2611, 5500, None)   # 10.2 km/h * 256
    v = _one(UBX_VTG)
    assert v.course == 7752 and v.course_mag is None and v.speed == 2 and v.mode == "A"
    v = _one(nmea.sentence("GNVTG,,T,,M,10.0,N,,K,D"))              # knots only
    assert v.speed == 4741 and v.speed_knots == 10000 and v.mode == "D"
    v = _one(nmea.sentence("GPVTG,,,,,,,,"))
    assert v == Vtg("GP", None, None, None, None, None)


def test_every_talker_is_accepted():
    for talker in ("GP", "GN", "GL", "GA", "GB", "BD", "GQ", "QZ"):
        r = _one(nmea.sentence(talker + "RMC,235959.99,A,0000.0000,S,00000.0000,W,,,311299,,,E,V"))
        assert r.talker == talker and r.time_s == 86399 and r.date == (1999, 12, 31)
        assert r.mode == "E" and r.lat == 0


def test_units_and_rounding():
    r = _one(nmea.sentence("GPRMC,235960,A,8959.99999,N,17959.99999,E,100,359.999,290200,,"))
    assert r.time_s == 86400                        # leap second
    assert r.lat == 90000000 and r.lon == 180000000  # rounded to the nearest 1e-6 deg
    assert r.speed == 47411 and r.course == 36000    # 100 kn = 185.2 km/h
    assert r.date == (2000, 2, 29)
    r = _one(nmea.sentence("GPRMC,000000,A,0000.00003,N,00000.00003,W,.5,0.,010180,,"))
    assert r.lat == 1 and r.lon == -1 and r.speed == 237 and r.course == 0
    assert r.date == (1980, 1, 1)


def test_chunks_split_anywhere_give_the_same_records():
    stream = "".join(GOOD)
    expected = NmeaParser().push(stream)
    assert len(expected) == len(GOOD)
    for cut in range(1, len(RMC) + len(GGA), 7):
        p = NmeaParser()
        got = p.push(stream[:cut]) + p.push(stream[cut:].encode())
        assert got == expected and p.sentences_rejected == 0
    p = NmeaParser()
    got = []
    for b in (RMC + GGA).encode():
        got += p.push(bytes((b,)))
    assert got == expected[:2]


def test_line_endings_and_buffer_types():
    body = RMC[:-2]
    for end in ("\r\n", "\n", "\r", "\n\r", "\r\n\r\n"):
        p = NmeaParser()
        assert len(p.push(body + end + body + end)) == 2 and p.sentences_rejected == 0
    p = NmeaParser()
    assert len(p.push(bytearray(RMC.encode()))) == 1
    assert len(p.push(memoryview(GGA.encode()))) == 1
    assert p.push(body) == [] and len(p.push("\n")) == 1     # ends only at the terminator


def test_checksum_errors():
    assert _reason(RMC.replace("*6A", "*6B")) == "checksum"
    assert _reason(RMC.replace("4807.038", "4807.039")) == "checksum"
    assert _reason(RMC.replace("*6A", "*G1")) == "checksum"
    assert _reason(RMC.replace("*6A", "")) == "no_checksum"
    assert _reason(RMC.replace("*6A", "*6")) == "malformed"
    assert _reason(RMC.replace("*6A", "*6A0")) == "malformed"
    assert _reason("$*00\r\n") == "malformed"
    assert _reason("$\r\n") == "no_checksum"
    assert len(NmeaParser().push(RMC.replace("*6A", "*6a"))) == 1   # lower-case hex is fine


def test_malformed_fields():
    bad = (
        "GPRMC,123519,X,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W",  # status
        "GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394",          # fields
        "GPRMC,123519,A,4860.000,N,01131.000,E,022.4,084.4,230394,,",        # minutes
        "GPRMC,123519,A,9100.000,N,01131.000,E,022.4,084.4,230394,,",        # > 90 deg
        "GPRMC,123519,A,4807.038,Q,01131.000,E,022.4,084.4,230394,,",        # hemisphere
        "GPRMC,123519,A,4807.038,,01131.000,E,022.4,084.4,230394,,",
        "GPRMC,123519,A,,N,01131.000,E,022.4,084.4,230394,,",
        "GPRMC,123519,A,48.07038,N,01131.000,E,022.4,084.4,230394,,",
        "GPRMC,123519,A,4807,N,01131.000,E,022.4,084.4,230394,,",             # no fraction
        "GPRMC,123519,A,4807.038,N,01131.,E,022.4,084.4,230394,,",
        "GPRMC,123519,A,4807.038,N,18100.000,E,022.4,084.4,230394,,",
        "GPRMC,243519,A,4807.038,N,01131.000,E,022.4,084.4,230394,,",        # hour
        "GPRMC,12351,A,4807.038,N,01131.000,E,022.4,084.4,230394,,",
        "GPRMC,123519x,A,4807.038,N,01131.000,E,022.4,084.4,230394,,",
        "GPRMC,123519.,A,4807.038,N,01131.000,E,022.4,084.4,230394,,",       # point, no digits
        "GPRMC,123519,A,4807.038,N,01131.000,E,-22.4,084.4,230394,,",        # speed
        "GPRMC,123519,A,4807.038,N,01131.000,E,2e2,084.4,230394,,",
        "GPRMC,123519,A,4807.038,N,01131.000,E,.,084.4,230394,,",
        "GPRMC,123519,A,4807.038,N,01131.000,E,022.4,360.1,230394,,",        # course
        "GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,310294,,",        # 31 Feb
        "GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,290201,,",        # 2001 not leap
        "GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,2303944,,",
        "GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,,,Z",      # mode
        "GPVTG,054.7,T,034.4,M,005.5,N,010.2",
        "GPVTG,054.7,T,034.4,M,005.5,N,010.2,M",                             # unit letter
        "GPVTG,054.7,034.4,005.5,010.2",                                     # pre-2.0 VTG
        "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9",
        "GPGGA,123519,4807.038,N,01131.000,E,x,08,0.9,545.4,M,46.9,M,,",
        "GPGGA,123519,4807.038,N,01131.000,E,1,-8,0.9,545.4,M,46.9,M,,",
        "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,F,46.9,M,,",
        "gpRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,,",        # address
        "G1RMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,,",
        "GPRMCX,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,,",
        ",123519",
    )
    for body in bad:
        assert _reason(nmea.sentence(body)) == "malformed", body


def test_other_types_are_ignored_not_rejected():
    p = NmeaParser()
    for body in ("GLGSV,1,1,00", "GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1",
                 "GNTXT,01,01,02,u-blox AG - www.u-blox.com",
                 "PUBX,00,103645.00,5129.04375,N,00007.62542,W,72.3,G3,2.1,2.0,0.096,"
                 "0.00,0.000,,0.98,1.26,0.83,9,0,0",
                 "PSRF150,1", "GPZDA,201530.00,04,07,2002,00,00"):
        assert p.push(nmea.sentence(body)) == []
    assert p.sentences_ignored == 6 and p.sentences_rejected == 0


def test_garbage_long_lines_and_resync():
    p = NmeaParser()
    assert p.push("$GPRMC," + "9" * 500) == []           # too long: counted at once
    assert p.rejected == {"too_long": 1}
    assert p.push("9" * 300 + "\r\n" + RMC)[0].time_s == 45319
    assert p.rejected == {"too_long": 1}
    # attached in the middle of a sentence, then binary (UBX) between sentences
    rec = p.push("4.4,230394,003.1,W*6A\r\n\xb5b\x01\x07\r\n" + GGA)
    assert len(rec) == 1 and p.rejected == {"too_long": 1, "noise": 2}
    # bytes lost: a new $ cuts the sentence short; the next one still decodes
    rec = p.push(RMC[:30] + GGA)
    assert len(rec) == 1 and isinstance(rec[0], Gga) and p.rejected["truncated"] == 1
    assert p.push(RMC[:40].encode() + b"\xc3\xa9" + RMC[40:].encode()) == []
    assert p.push("$GPRMC,\x00" + RMC[7:]) == []
    assert p.rejected["non_ascii"] == 2
    assert p.push("\r\n\r\n\n") == [] and p.sentences_rejected == 6   # blank lines are nothing


def test_max_line_is_configurable():
    p = NmeaParser(max_line=45)
    assert p.push(RMC) == [] and p.rejected == {"too_long": 1}
    assert len(p.push(VTG)) == 1


def test_bad_chunks_never_raise():
    p = NmeaParser()
    for bad in (None, 12, 1.5, [1, 2, 3], object()):
        assert p.push(bad) == []
    assert p.rejected == {"malformed": 5}
    assert len(p.push("\r\n" + RMC)) == 1


def _mutated(rng, text):
    data = bytearray(text.encode())
    for _ in range(rng.randint(1, 3)):
        kind = rng.randint(0, 5)
        i = rng.randint(0, len(data) - 1)
        if kind == 0:
            data[i] = rng.randint(0, 255)
        elif kind == 1:
            data[i] = rng.choice(b"$*,.\r\n0A-")
        elif kind == 2:
            data = data[:i] + data[i + 1:]
        elif kind == 3:
            data = data[:i] + data[i:i + rng.randint(1, 20)] + data[i:]
        elif kind == 4:
            data[i] ^= 1 << rng.randint(0, 7)
        else:
            data = data[:i]
        if not data:
            data = bytearray(b"$")
    return bytes(data)


def test_mutated_streams_are_counted_and_never_raise():
    p = NmeaParser()
    rng = Rng(183)
    for _ in range(300):
        before = p.sentences_rejected + p.sentences_ignored + p.sentences_ok
        data = _mutated(rng, rng.choice(GOOD))
        i = rng.randint(0, len(data))
        out = p.push(data[:i]) + p.push(data[i:]) + p.push(b"\r\n")
        for r in out:
            assert isinstance(r, (Rmc, Vtg, Gga))
        assert p.sentences_rejected + p.sentences_ignored + p.sentences_ok > before
    assert p.sentences_rejected > 150
    assert sum(p.rejected.values()) == p.sentences_rejected
    for reason in ("checksum", "noise", "truncated", "non_ascii"):
        assert p.rejected.get(reason, 0) > 0, reason
    ok = p.sentences_ok
    assert len(p.push("".join(GOOD))) == len(GOOD) and p.sentences_ok == ok + len(GOOD)


def test_a_changed_byte_never_passes_as_a_different_sentence():
    # one byte changed between $ and * always breaks the XOR checksum (or the framing)
    rng = Rng(7)
    for text in GOOD:
        good = _one(text)
        star = text.index("*")
        for _ in range(40):
            data = bytearray(text.encode())
            i = rng.randint(1, star - 1)
            c = rng.randint(0, 255)
            if c == data[i]:
                continue
            data[i] = c
            p = NmeaParser()
            out = p.push(bytes(data))
            assert out == [] or out == [good], (bytes(data), out)
            assert out == [] and p.sentences_rejected >= 1


def test_stats_reports_every_counter():
    p = NmeaParser()
    p.push(RMC + "junk\n" + nmea.sentence("GPGSV,1,1,00"))
    assert p.stats() == {"ok": 1, "rejected": 1, "ignored": 1, "rejected_noise": 1}
