# The device end of a pseudo-terminal: what the emulated USB adapters write and read, never blocking.
# SPDX-License-Identifier: MIT
"""A USB serial device is a tty the unit opens (``/dev/ttyACM0``); an
emulated one is the slave end of a pseudo-terminal (``os.openpty``), whose
``path`` the unit opens instead, with pyserial or python-can's slcan
backend, exactly as the real one. The emulator holds the master end.

The slave is put in raw mode at once (no echo, no CR -> LF): bytes written
before the unit opens the port reach it unchanged, and nothing the
emulator writes comes back to it as if the unit had sent it. The master is
non-blocking: when nobody reads (the unit is off) and the kernel's buffer
is full, what does not fit is dropped and counted in :attr:`overruns`, as
a real adapter's FIFO overflows, instead of stalling the simulation.

The emulator keeps the slave open too, so the unit may close and reopen
the port (a restart after a power cut) without the pty hanging up.
"""

import errno
import os
import tty


class PtyDevice:
    """The device end of a new pseudo-terminal; ``path`` is the tty to open."""

    def __init__(self):
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self.master, False)
        self.path = os.ttyname(self._slave)
        self.overruns = 0           # bytes dropped: nobody read them in time
        self.written = 0            # bytes handed to the port
        self.closed = False

    def write(self, data):
        """Send bytes toward the port; :returns: False if some were dropped."""
        if self.closed:
            return False
        view = memoryview(bytes(data))
        while view:
            try:
                n = os.write(self.master, view)
            except BlockingIOError:
                self.overruns += len(view)
                return False
            except OSError as exc:
                if exc.errno in (errno.EIO, errno.EBADF):
                    self.overruns += len(view)
                    return False
                raise
            self.written += n
            view = view[n:]
        return True

    def read(self):
        """What the port wrote to the device since the last call (never blocks)."""
        if self.closed:
            return b""
        out = b""
        while True:
            try:
                chunk = os.read(self.master, 4096)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            out += chunk
        return out

    def discard_pending(self):
        """Drop what the port has not read yet (the unit was off: a real
        adapter is re-enumerated when it is plugged in again)."""
        import termios
        if not self.closed:
            termios.tcflush(self._slave, termios.TCIFLUSH)

    def close(self):
        """Unplug: close both ends (the port's reads then fail); safe twice."""
        if self.closed:
            return
        self.closed = True
        for fd in (self.master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass
