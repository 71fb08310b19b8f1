# The office's byte links to a unit for a journal download: a serial line (USB cable, pty) or TCP.
# SPDX-License-Identifier: MIT
"""Transports for :class:`host_tools.sync.SyncClient` (re-exported by :mod:`host_tools.sync`).

A transport has ``write(bytes)``, ``read(timeout) -> bytes`` (``b""`` when
nothing came within ``timeout`` seconds) and ``close()``; a link that is
gone raises :class:`OSError` (:class:`ConnectionError` for a closed TCP
connection), which the client answers with a reconnect and a new login.
Framing, resends and authentication are the client's: a transport only
moves bytes.
"""

import socket


class SerialTransport:
    """pyserial port (``/dev/ttyUSB0``, a pty's slave name or any pyserial URL)."""

    def __init__(self, port, baudrate=115200):
        import serial
        self._port = serial.serial_for_url(port, baudrate=baudrate, timeout=0.1)

    def write(self, data):
        self._port.write(data)

    def read(self, timeout):
        self._port.timeout = timeout
        data = self._port.read(1)
        if data and self._port.in_waiting:
            data += self._port.read(self._port.in_waiting)
        return data

    def close(self):
        self._port.close()


class TcpTransport:
    """TCP stream to a networked unit; a closed connection raises ConnectionError."""

    def __init__(self, host, port, connect_timeout=5.0):
        self._sock = socket.create_connection((host, port), timeout=connect_timeout)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def write(self, data):
        self._sock.sendall(data)

    def read(self, timeout):
        self._sock.settimeout(timeout)
        try:
            data = self._sock.recv(65536)
        except socket.timeout:
            return b""
        if not data:
            raise ConnectionError("the unit closed the connection")
        return data

    def close(self):
        self._sock.close()
