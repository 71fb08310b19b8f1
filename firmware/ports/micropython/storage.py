# The board's journal segments as files on MicroPython's filesystem: appended and flushed, never rewritten.
# SPDX-License-Identifier: MIT
"""The storage adapter of ``drivetime.segments.SegmentJournal`` on the board.

Same interface as ``drivetime.segments.RamStorage``: ``list()``,
``read(name)``, ``append(name, data)``, ``remove(name)``, ``size(name)``;
one file per segment (and the ``confirmed`` watermark) in one directory of
the board's filesystem (littlefs or FAT on the flash).

**MicroPython has no ``os.fsync``.** Each append opens the file ``"ab"``,
writes, ``flush()``-es and closes it: on littlefs the close commits the
file (copy-on-write, so a cut before it leaves the old, whole file), on FAT
it writes the data and the directory entry. Nothing stronger is available;
a cut during the write may still lose that record, which the journal's
recovery handles (it drops the torn tail and starts a new segment). Files
are only appended to: old bytes are never rewritten.
"""

import os

_FILE = 0x8000          # S_IFREG in the mode of os.stat / os.ilistdir


class FileStorage:
    """Segment files in ``directory`` (made if missing; one level)."""

    def __init__(self, directory):
        self.directory = str(directory).rstrip("/") or "/"
        try:
            os.mkdir(self.directory)
        except OSError:
            pass                # already there (MicroPython has no exist_ok)

    def _path(self, name):
        if not name or "/" in name or name[0] == ".":
            raise ValueError("bad segment name")
        return self.directory + "/" + name

    def list(self):
        out = []
        for n in os.listdir(self.directory):
            if n[0] != "." and os.stat(self.directory + "/" + n)[0] & _FILE:
                out.append(n)
        out.sort()
        return out

    def read(self, name, offset=0, size=None):
        # In pieces when asked: a whole segment needs one 4 KB block of heap.
        with open(self._path(name), "rb") as f:
            f.seek(offset)
            return f.read() if size is None else f.read(size)

    def size(self, name):
        return os.stat(self._path(name))[6]

    def append(self, name, data):
        with open(self._path(name), "ab") as f:
            f.write(data)
            f.flush()       # no fsync in MicroPython: flush and close are all there is

    def remove(self, name):
        os.remove(self._path(name))
