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

    def read(self, name, offset=0, size=None):
        """The file's bytes from ``offset`` (``size`` of them; None: to the end)."""
        with open(self._path(name), "rb") as f:
            f.seek(offset)
            return f.read() if size is None else f.read(size)

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

    :param on_full: ``on_full(on)`` when :attr:`failing` changes (a write fails
        or succeeds again, the journal's full flag goes on or off, e.g. at the
        office's confirmation), and at once when it is on at the start: the
        ``journal_full`` port fault without polling. None: poll :attr:`failing`.
    """

    def __init__(self, journal, clock, on_full=None):
        self.journal, self.clock = journal, clock
        self._recover = False
        self._lost = journal.lost
        self._write_failed = False
        self._told = False
        self.on_full = on_full
        if on_full is not None:
            journal.watch_full(lambda _full: self._tell())

    @property
    def failing(self):
        """The port fault ``journal_full`` (polled by the loop): the last write failed
        (SD card full or gone), or unconfirmed data fill 90 % of the journal's budget
        (download soon: at the cap the oldest records are overwritten)."""
        return self._write_failed or self.journal.full

    def _tell(self):
        if self.on_full is not None and self.failing != self._told:
            self._told = self.failing
            self.on_full(self._told)

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
        self._tell()

    def close(self):
        try:
            self.journal.seal()
        except OSError as exc:
            log.error("journal: not sealed: %s", exc)


def open_journal(cfg, clock, on_full=None):
    """The :class:`JournalSink` of a config's ``[journal]`` section, recovered
    (what recovery found goes to the log); None without a ``[journal]`` section.
    ``segment_bytes``, ``budget_bytes`` and ``cap_bytes`` go to the
    :class:`~drivetime.segments.SegmentJournal` (its defaults where not given).

    :param on_full: ``on_full(on)`` when the sink's :attr:`JournalSink.failing`
        changes: unconfirmed data cross 90 % of the budget and back, or a write
        fails (the SD card full or gone) and works again; called at once when
        the journal is found full at boot. For the ``journal_full`` port fault:
        ``unit.port_fault("journal_full", on, clock.mono_ms())``.

    :raises ConfigError: the key file cannot be used
    """
    j = cfg["journal"]
    if "directory" not in j:
        return None
    from drivetime.segments import SegmentJournal

    from .config import journal_key

    sizes = dict((k, j[k]) for k in ("segment_bytes", "budget_bytes", "cap_bytes") if k in j)
    journal = SegmentJournal(FileStorage(j["directory"]), journal_key(cfg), **sizes)
    for line in journal.recover():
        log.info("journal: %s", line)
    return JournalSink(journal, clock, on_full)
