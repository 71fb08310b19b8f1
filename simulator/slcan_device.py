# An SLCAN (Lawicel) USB-CAN adapter on a pseudo-terminal: answers the host's commands, forwards bus frames as 'T'/'t' lines.
# SPDX-License-Identifier: MIT
"""The emulated adapter python-can opens with
``can.Bus(interface="slcan", channel=device.path)`` as it would a real
CANable or Lawicel CANUSB on ``/dev/ttyACM0``.

Protocol (Lawicel CANUSB manual; python-can's ``can/interfaces/slcan.py``):
each command is ASCII ending in CR; the adapter answers CR for OK and BEL
(0x07) for an error. python-can opening at 250 kbit/s sends ``C`` (close),
``S5`` (bit rate), an empty line (no CAN FD data rate: answered BEL, as an
unknown command) and ``O`` (open); ``shutdown()`` sends ``C``.

=========  ==========================================  ==================
command    meaning                                     answer
=========  ==========================================  ==================
``Sn``     bit rate n (0 = 10k ... 5 = 250k ... 8 = 1M) CR; BEL when open
``sxxyy``  BTR0/BTR1 registers                         CR; BEL when open
``O``      open the channel                            CR; BEL when open
``L``      open listen-only (no transmit)              CR; BEL when open
``C``      close the channel                           CR; BEL when closed
``V``      hardware and software version               ``V1013`` CR
``N``      serial number                               ``NSIM1`` CR
``F``      status flags (none set)                     ``F00`` CR; BEL closed
``Zn``     timestamps off (0) / on (1)                 CR; BEL when open
``Mx``/``mx``  acceptance code / mask                  CR
``t``/``T``/``r``/``R``  transmit a frame              ``z``/``Z`` CR; BEL if
                                                       closed or listen-only
other      (CAN FD ``Y``, ...)                         BEL
=========  ==========================================  ==================

Frames received from the (simulated) bus reach the host only while the
channel is open, as ``T`` + 8 hex id + length digit + hex data + CR for an
extended (29-bit) frame and ``t`` + 3 hex id for a standard one, with a
4-hex-digit millisecond time stamp (0-59999) appended when ``Z1`` is set.
Frames the host transmits are kept in :attr:`SlcanDevice.transmitted`.
"""

import threading

from simulator.pty_device import PtyDevice

OK, ERROR = b"\r", b"\x07"
BITRATES = {"0": 10000, "1": 20000, "2": 50000, "3": 100000, "4": 125000, "5": 250000,
            "6": 500000, "7": 750000, "8": 1000000, "9": 83300}
VERSION, SERIAL = "1013", "SIM1"


def frame_line(arbitration_id, data, extended=True, stamp_ms=None):
    """The SLCAN line of a received data frame (bytes, ending in CR)."""
    data = bytes(data)
    head = "T%08X" % arbitration_id if extended else "t%03X" % arbitration_id
    stamp = "" if stamp_ms is None else "%04X" % (stamp_ms % 60000)
    return ("%s%d%s%s\r" % (head, len(data), data.hex().upper(), stamp)).encode()


class SlcanDevice(PtyDevice):
    """An SLCAN adapter on a new pseudo-terminal (``path``)."""

    def __init__(self):
        PtyDevice.__init__(self)
        self.is_open = False
        self.listen_only = False
        self.bitrate = None
        self.timestamps = False
        self.commands = []          # every command line received (without CR)
        self.transmitted = []       # (arbitration_id, data, extended, remote) the host sent
        self.frames_sent = 0        # frames forwarded to the host
        self.frames_dropped = 0     # frames from the bus while the channel was closed
        self._inbox = b""
        self._lock = threading.Lock()

    def poll(self):
        """Read the host's commands and answer them (never blocks). :returns: the commands"""
        with self._lock:
            self._inbox += self.read()
            done = []
            while True:
                i = self._inbox.find(b"\r")
                if i < 0:
                    break
                line, self._inbox = self._inbox[:i], self._inbox[i + 1:]
                text = line.decode("ascii", "replace")
                self.commands.append(text)
                done.append(text)
                self.write(self._answer(text))
            return done

    def send_frame(self, arbitration_id, data, extended=True, stamp_ms=None):
        """A frame on the bus: forwarded when the channel is open.

        :param stamp_ms: the bus time (ms) for ``Z1`` time stamps
        :returns: True if it went to the host
        """
        with self._lock:
            if not self.is_open:
                self.frames_dropped += 1
                return False
            line = frame_line(arbitration_id, data, extended,
                              (stamp_ms or 0) if self.timestamps else None)
            if self.write(line):
                self.frames_sent += 1
                return True
            return False

    def _answer(self, cmd):
        c, arg = cmd[:1], cmd[1:]
        if c == "S" and arg in BITRATES:
            if self.is_open:
                return ERROR
            self.bitrate = BITRATES[arg]
            return OK
        if c == "s" and len(arg) == 4 and _hex(arg):
            if self.is_open:
                return ERROR
            self.bitrate = "btr:" + arg.upper()
            return OK
        if c in ("O", "L") and not arg:
            if self.is_open:
                return ERROR
            self.is_open, self.listen_only = True, c == "L"
            return OK
        if c == "C" and not arg:
            if not self.is_open:
                return ERROR
            self.is_open = self.listen_only = False
            return OK
        if c == "V" and not arg:
            return ("V%s\r" % VERSION).encode()
        if c == "N" and not arg:
            return ("N%s\r" % SERIAL).encode()
        if c == "F" and not arg:
            return b"F00\r" if self.is_open else ERROR
        if c == "Z" and arg in ("0", "1"):
            if self.is_open:
                return ERROR
            self.timestamps = arg == "1"
            return OK
        if c in ("M", "m") and len(arg) == 8 and _hex(arg):
            return OK
        if c in ("t", "T", "r", "R"):
            return self._transmit(c, arg)
        return ERROR

    def _transmit(self, c, arg):
        n = 8 if c in ("T", "R") else 3
        if not self.is_open or self.listen_only or len(arg) < n + 1:
            return ERROR
        ident, dlc = arg[:n], arg[n]
        if not _hex(ident) or not dlc.isdigit() or int(dlc) > 8:
            return ERROR
        data = b""
        if c in ("t", "T"):
            body = arg[n + 1:n + 1 + 2 * int(dlc)]
            if len(body) != 2 * int(dlc) or (body and not _hex(body)):
                return ERROR
            data = bytes.fromhex(body)
        self.transmitted.append((int(ident, 16), data, c in ("T", "R"), c in ("r", "R")))
        return b"Z\r" if c in ("T", "R") else b"z\r"


def _hex(s):
    return all(ch in "0123456789abcdefABCDEF" for ch in s)
