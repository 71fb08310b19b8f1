# The Pi's journal segments as files on the SD card: appended, flushed and fsynced, never rewritten.
# SPDX-License-Identifier: MIT
"""The storage adapter of :class:`drivetime.segments.SegmentJournal` on the Pi.

Same interface as :class:`drivetime.segments.RamStorage`: ``list()``,
``read(name)``, ``append(name, data)``, ``remove(name)``, ``size(name)``;
one file per segment (and the ``confirmed`` watermark) in one directory.

Why each append is ``write`` + ``flush`` + ``os.fsync``: the truck's power
goes when the driver turns the key, and the journal promises that a cut
loses at most the record being written (issue 5). ``fsync`` puts the bytes
on the card before the unit goes on; a file created or removed also fsyncs
the directory, so its entry survives the cut too. Files are opened ``"ab"``
only: old bytes are never rewritten, a torn tail is left where it is and
the journal starts a new segment after it (see ``SegmentJournal.recover``).

:func:`open_journal` builds the main loop's default sink, a
:class:`JournalSink`, from the config's ``[journal]`` section.
"""

import logging
import os

log = logging.getLogger("drivetime.unit")


class FileStorage:
    """Segment files in ``directory`` (made if missing)."""

    def __init__(self, directory):
        self.directory = os.fspath(directory)
        os.makedirs(self.directory, exist_ok=True)

    def _path(self, name):
        if not name or "/" in name or name.startswith("."):
            raise ValueError("bad segment name %r" % (name,))
        return os.path.join(self.directory, name)

    def list(self):
        return sorted(n for n in os.listdir(self.directory)
                      if not n.startswith(".") and os.path.isfile(os.path.join(self.directory, n)))

    def read(self, name):
        with open(self._path(name), "rb") as f:
            return f.read()

    def size(self, name):
        return os.path.getsize(self._path(name))

    def append(self, name, data):
        path = self._path(name)
        new = not os.path.exists(path)
        with open(path, "ab") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if new:
            self._sync_dir()

    def remove(self, name):
        os.remove(self._path(name))
        self._sync_dir()

    def _sync_dir(self):
        # The directory entry of a new or removed file (POSIX: fsync the directory).
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class JournalSink:
    """The loop's sink into a :class:`~drivetime.segments.SegmentJournal` (call
    :meth:`~drivetime.segments.SegmentJournal.recover` first).

    A record without a ``minute`` (the port's own ``fault`` records) takes the
    system clock's minute. A record the codec refuses is logged and skipped;
    an I/O error (SD card full or gone) is logged and the journal re-reads its
    files before the next record, so the chain goes on from what is really
    stored. Neither stops the unit. :meth:`close` seals the records written.
    """

    def __init__(self, journal, clock):
        self.journal, self.clock = journal, clock
        self._recover = False
        self._lost = journal.lost
        self._write_failed = False

    @property
    def failing(self):
        """The port fault ``journal_full`` (polled by the loop): the last write failed
        (SD card full or gone), or unconfirmed data fill 90 % of the journal's budget
        (download soon: at the cap the oldest records are overwritten)."""
        return self._write_failed or self.journal.full

    def __call__(self, kind, fields):
        minute = fields.get("minute")
        if minute is None:
            minute = self.clock.utc_s() // 60
        log.info("%s %s", kind, " ".join("%s=%s" % kv for kv in sorted(fields.items())))
        try:
            if self._recover:
                for line in self.journal.recover():
                    log.warning("journal: %s", line)
                self._recover = False
            self.journal.append(kind, minute, fields)
            self._write_failed = False
            if self.journal.lost != self._lost:
                self._lost = self.journal.lost
                log.warning("journal: at its cap, records %d..%d overwritten before the office "
                            "confirmed them (journalled as lost)" % self._lost)
        except ValueError as exc:
            log.error("journal: %s record not written: %s", kind, exc)
        except OSError as exc:
            log.error("journal: %s record not written: %s", kind, exc)
            self._recover = self._write_failed = True

    def close(self):
        try:
            self.journal.seal()
        except OSError as exc:
            log.error("journal: not sealed: %s", exc)


def open_journal(cfg, clock, on_full=None):
    """The :class:`JournalSink` of a config's ``[journal]`` section, recovered
    (what recovery found goes to the log); None without a ``[journal]`` section.

    :param on_full: ``on_full(on)`` when the journal's unconfirmed data cross 90 %
        of the budget and back (the ``journal_full`` port fault:
        ``unit.port_fault("journal_full", on, clock.mono_ms())``); called at once
        when the journal is found full at boot.

    :raises ConfigError: the key file cannot be used
    """
    if "directory" not in cfg["journal"]:
        return None
    from drivetime.segments import SegmentJournal

    from .config import journal_key

    journal = SegmentJournal(FileStorage(cfg["journal"]["directory"]), journal_key(cfg))
    for line in journal.recover():
        log.info("journal: %s", line)
    if on_full is not None:
        journal.watch_full(on_full)
    return JournalSink(journal, clock)
